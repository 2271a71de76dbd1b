"""A stand-in conformance runner for the parity tool's own tests: it
"passes" every case by echoing its expectation, optionally skipping an op
or getting one case wrong, and writes CONFORMANCE_OUT like a real runner."""

import json
import os
import sys
from pathlib import Path

# Arguments: [OP_TO_SKIP or -] [CASE_ID_TO_GET_WRONG]
skip_op, wrong_id = (sys.argv[1:] + ["-", ""])[:2]
source = Path(os.environ["CONFORMANCE_CASES"])
files = [source] if source.is_file() else sorted(source.glob("*.json"))
results = {}
for path in files:
    for case in json.loads(path.read_text("utf-8"))["cases"]:
        if skip_op != "-" and case["op"] == skip_op:
            continue
        results[case["id"]] = {"error": "deliberately_wrong"} if case["id"] == wrong_id else case["expect"]
Path(os.environ["CONFORMANCE_OUT"]).write_text(json.dumps(results), "utf-8")
sys.exit(1 if wrong_id in results else 0)
