#!/usr/bin/env python3
"""The committed corpus is one file per target, fuzz/corpus/<target>.b64:
one input per line, base64. libFuzzer works on folders, so:

  fuzz/corpus.py unpack   # .b64 files -> fuzz/corpus/<target>/ (before fuzzing)
  fuzz/corpus.py pack     # fuzz/corpus/<target>/ -> .b64 files (after cargo fuzz cmin)

Thousands of small files would make every clone slower; seven files do not.
"""
import base64, hashlib, pathlib, sys
root = pathlib.Path(__file__).resolve().parent / "corpus"
command = sys.argv[1] if len(sys.argv) > 1 else ""
if command == "pack":
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        inputs = sorted(base64.b64encode(f.read_bytes()).decode() for f in folder.iterdir() if f.is_file())
        (root / f"{folder.name}.b64").write_text("".join(line + "\n" for line in inputs))
        print(f"{folder.name}: {len(inputs)} inputs")
elif command == "unpack":
    for packed in sorted(root.glob("*.b64")):
        folder = root / packed.stem
        folder.mkdir(exist_ok=True)
        for line in packed.read_text().splitlines():
            data = base64.b64decode(line)
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
else:
    sys.exit(__doc__)
