#!/usr/bin/env python3
"""Fails when a shared library needs glibc symbols newer than a floor.

Usage: check-glibc.py MAX_VERSION FILE...   (FILE: .so, .node, or a wheel/jar,
whose shared libraries are checked). Reads `objdump -T`; prints, per file,
the newest GLIBC symbol version it needs.
"""

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def libraries(path: Path, scratch: Path) -> list[Path]:
    if path.suffix in {".whl", ".jar", ".zip", ".tgz"} and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith((".so", ".node")) or ".so." in n]
            archive.extractall(scratch, names)
            return [scratch / name for name in names]
    return [path]


def main() -> int:
    floor, files = version(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        for given in files:
            found = libraries(given, Path(scratch))
            if not found:
                print(f"{given}: no shared library inside")
                failed = True
            for library in found:
                symbols = subprocess.run(["objdump", "-T", str(library)], capture_output=True, text=True, check=True).stdout
                needed = sorted({version(v) for v in re.findall(r"GLIBC_([0-9.]+)", symbols)})
                newest = ".".join(map(str, needed[-1])) if needed else "none"
                too_new = [v for v in needed if v > floor]
                status = "ok" if not too_new else "TOO NEW"
                print(f"{given.name}:{library.name}: newest GLIBC symbol {newest} (floor {sys.argv[1]}): {status}")
                failed |= bool(too_new)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
