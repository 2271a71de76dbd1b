#!/usr/bin/env python3
"""Validates every case file against conformance/schema.json and checks
that case ids are unique across files. Usage: validate.py [FILE_OR_DIR]."""

import json
import sys
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parent


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "cases"
    files = [source] if source.is_file() else sorted(source.glob("*.json"))
    schema = json.loads((ROOT / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors, seen, total = 0, {}, 0
    for path in files:
        document = json.loads(path.read_text(encoding="utf-8"))
        for error in validator.iter_errors(document):
            errors += 1
            location = "/".join(str(part) for part in error.absolute_path)
            print(f"{path.name}: {location}: {error.message}")
        for case in document.get("cases", []):
            total += 1
            if case.get("id") in seen:
                errors += 1
                print(f"{path.name}: duplicate id {case['id']} (also in {seen[case['id']]})")
            seen[case.get("id")] = path.name
    print(f"validate: {len(files)} files, {total} cases, {errors} problem(s)")
    return 1 if errors or not files else 0


if __name__ == "__main__":
    sys.exit(main())
