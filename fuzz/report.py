#!/usr/bin/env python3
"""Prints a Markdown table of the last fuzz run from target/fuzz-logs/:
executions, time, speed, coverage and findings per target."""
import pathlib, re
logs = pathlib.Path(__file__).resolve().parent.parent / "target" / "fuzz-logs"
print("| target | executions | seconds | exec/s | coverage (edges) | features | corpus | crashes |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for log in sorted(logs.glob("*.log")):
    text = log.read_text(errors="replace")
    stat = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
    done = re.findall(r"#(\d+)\s+DONE\s+cov: (\d+) ft: (\d+) corp: (\d+)", text)
    if not done:
        continue
    runs, cov, ft, corp = done[-1]
    crashes = len(re.findall(r"^==\d+== ERROR|panicked at|deadly signal", text, re.M))
    secs = int(stat.get("number_of_executed_units", runs)) // max(int(stat.get("average_exec_per_sec", 1)), 1)
    print(f"| {log.stem} | {int(runs):,} | {secs} | {int(stat.get('average_exec_per_sec', 0)):,} | {cov} | {ft} | {corp} | {crashes} |")
