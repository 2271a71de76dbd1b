#!/usr/bin/env python3
"""The parity run: every language's conformance runner over the same cases.

Each runner is started with CONFORMANCE_CASES (the case file or folder)
and CONFORMANCE_OUT (where it writes {case id: actual result}). This tool
then judges every language itself, from the case files, and fails unless

  (a) every runner exited cleanly and every case passed, apart from the
      ids in conformance/expected-failures/<language>.txt, which must fail
      (a listed case that passes is a failure too, so lists cannot go stale);
  (b) every runner ran exactly the set of case ids in the case files;
  (c) the runners' results are byte-identical after canonical JSON
      serialization (sorted keys, no insignificant whitespace, UTF-8);
  (d) every language opens what every language sealed: each runner writes
      the value it sealed for each seal_transaction case to
      CONFORMANCE_SEALED_OUT, and a second pass gives every runner one
      open_transaction case per (seal case, sealing language).

It prints one row per op and one column per language (passed/total) and a
final `N passed, M failed` line counting case x language results.

The runners are built beforehand by scripts/parity.sh, which is the
command to use; this file only runs and compares.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# How each language runs its conformance runner: (working directory
# relative to the repository root, command). Each runs with
# CONFORMANCE_CASES and CONFORMANCE_OUT set.
RUNNERS: dict[str, tuple[str, list[str]]] = {
    "rust": (".", ["cargo", "test", "--quiet", "-p", "loginkit", "--test", "conformance", "--", "--nocapture"]),
    "python": ("target", ["py-venv/bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "../bindings-python/tests/test_conformance.py"]),
    "node": ("bindings-node", ["node", "--test", "--test-reporter=spec", "test/conformance.test.js"]),
    "jvm": ("bindings-jvm", ["mvn", "-B", "-q", "surefire:test", "-Dtest=ConformanceTest"]),
    "go": ("bindings-go", ["go", "test", "-count=1", "-run", "^TestConformance$"]),
}


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_cases(source: Path) -> list[dict]:
    files = [source] if source.is_file() else sorted(source.glob("*.json"))
    if not files:
        sys.exit(f"parity: no case files in {source}")
    cases: list[dict] = []
    for path in files:
        cases.extend(json.loads(path.read_text(encoding="utf-8"))["cases"])
    ids = [case["id"] for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f"parity: duplicate case ids: {', '.join(duplicates)}")
    return cases


EXPECTED_FAILURES_DIR = ROOT / "conformance" / "expected-failures"


def expected_failures(language: str) -> set[str]:
    path = EXPECTED_FAILURES_DIR / f"{language}.txt"
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def run_runner(language: str, cases: Path, out: Path) -> tuple[int, str]:
    directory, command = RUNNERS[language]
    # Runners write each seal_transaction case's sealed value here, for the
    # cross-language round trip (see round_trip_cases).
    sealed = out.with_suffix(".sealed.json")
    env = dict(os.environ, CONFORMANCE_CASES=str(cases), CONFORMANCE_OUT=str(out), CONFORMANCE_SEALED_OUT=str(sealed))
    process = subprocess.run(command, cwd=ROOT / directory, env=env, capture_output=True, text=True)
    return process.returncode, process.stdout + process.stderr


def evaluate(cases: list[dict], cases_path: Path, languages: list[str], out_dir: Path,
             problems: list[str], failed_pairs: set[tuple[str, str]],
             table: dict[str, dict[str, list[int]]]) -> int:
    """Runs every runner over one case file and judges (a), (b) and (c),
    adding to problems, failed_pairs and table; returns the number of
    runner-level problems."""
    before = len(problems)
    results: dict[str, dict[str, object]] = {}
    by_id = {case["id"]: case for case in cases}
    out_dir.mkdir(parents=True, exist_ok=True)
    for language in languages:
        out = out_dir / f"{language}.json"
        out.unlink(missing_ok=True)
        print(f"parity: running the {language} runner ...", flush=True)
        code, output = run_runner(language, cases_path, out)
        if not out.exists():
            problems.append(f"{language}: runner wrote no results (exit {code})")
            print(output[-4000:], file=sys.stderr)
            results[language] = {}
            continue
        results[language] = json.loads(out.read_text(encoding="utf-8"))
        listed = expected_failures(language)
        failing = {i for i, case in by_id.items() if i in results[language]
                   and canonical(results[language][i]) != canonical(case["expect"])}
        if code != 0 and failing <= listed:
            problems.append(f"{language}: runner exited {code} although its results match")
            print(output[-4000:], file=sys.stderr)

    # (b) every runner ran exactly the suite.
    runner_problems = len(problems) - before
    suite_ids = set(by_id)
    for language in languages:
        ran = set(results[language])
        for missing in sorted(suite_ids - ran):
            problems.append(f"{missing}: not run by {language}")
            failed_pairs.add((missing, language))
        for extra in sorted(ran - suite_ids):
            problems.append(f"{extra}: run by {language} but not in the case files")

    # (a) every case passed, except listed expected failures, which must fail.
    for case in cases:
        for language in languages:
            counts = table[case["op"]][language]
            counts[1] += 1
            actual = results[language].get(case["id"])
            ok = actual is not None and canonical(actual) == canonical(case["expect"])
            listed = case["id"] in expected_failures(language)
            if ok:
                counts[0] += 1
            if ok and listed:
                problems.append(f"{case['id']}: listed as an expected failure for {language} but passed")
            elif not ok and not listed and actual is not None:
                problems.append(f"{case['id']}: {language} expected {canonical(case['expect'])} got {canonical(actual)}")
            if ok == listed:
                failed_pairs.add((case["id"], language))

    # (c) byte-identical results, apart from listed expected failures.
    for case in cases:
        variants: dict[str, list[str]] = defaultdict(list)
        for language in languages:
            if case["id"] in results[language] and case["id"] not in expected_failures(language):
                variants[canonical(results[language][case["id"]])].append(language)
        if len(variants) > 1:
            detail = "; ".join(f"{', '.join(langs)}: {text}" for text, langs in variants.items())
            failed_pairs.update((case["id"], language) for langs in variants.values() for language in langs)
            problems.append(f"{case['id']}: results differ between languages ({detail})")

    return runner_problems


def round_trip_cases(cases: list[dict], languages: list[str], out_dir: Path) -> list[dict]:
    """One open_transaction case per (seal_transaction case, sealing
    language): a sealed value is random, so it cannot be a byte-compared
    case; instead every language must open every language's seal to the
    transaction the seal case names."""
    seals = [case for case in cases if case["op"] == "seal_transaction"]
    trip: list[dict] = []
    for language in languages:
        path = out_dir / f"{language}.sealed.json"
        sealed = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for case in seals:
            value = sealed.get(case["id"])
            if not isinstance(value, str):
                continue  # the seal case itself fails for this language
            trip.append({
                "id": f"{case['id']}.sealed-by-{language}",
                "op": "open_transaction",
                "input": {"keys": case["input"]["keys"], "sealed": value},
                "expect": {"transaction": case["expect"]["opened"]},
            })
    return trip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, default=ROOT / "conformance" / "cases",
                        help="a case file or a folder of case files (default: conformance/cases)")
    parser.add_argument("--languages", default=",".join(RUNNERS),
                        help=f"comma-separated subset of {', '.join(RUNNERS)} (default: all)")
    parser.add_argument("--out-dir", type=Path, help="keep each runner's results here")
    parser.add_argument("--runner", action="append", default=[], metavar="NAME=COMMAND",
                        help="replace or add a runner (run from the repository root, split on spaces); "
                             "used by the parity tool's own tests")
    parser.add_argument("--expected-failures-dir", type=Path,
                        help="read <language>.txt from here instead of conformance/expected-failures")
    args = parser.parse_args()
    for override in args.runner:
        name, _, command = override.partition("=")
        RUNNERS[name] = (".", command.split())
    if args.expected_failures_dir:
        global EXPECTED_FAILURES_DIR
        EXPECTED_FAILURES_DIR = args.expected_failures_dir

    languages = [name for name in args.languages.split(",") if name]
    unknown = [name for name in languages if name not in RUNNERS]
    if unknown:
        sys.exit(f"parity: unknown language(s): {', '.join(unknown)}")
    cases_path = args.cases.resolve()
    cases = load_cases(cases_path)
    out_dir = args.out_dir or Path(tempfile.mkdtemp(prefix="loginkit-parity-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    problems: list[str] = []
    failed_pairs: set[tuple[str, str]] = set()  # (case id, language)
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    runner_problems = evaluate(cases, cases_path, languages, out_dir, problems, failed_pairs, table)

    # The round trip: every language opens what every language sealed.
    trip = round_trip_cases(cases, languages, out_dir)
    if trip:
        trip_path = out_dir / "round-trip-cases.json"
        trip_path.write_text(json.dumps({"suite": "round_trip", "cases": trip}, ensure_ascii=False), encoding="utf-8")
        print(f"parity: round trip, {len(trip)} sealed values opened by every language", flush=True)
        runner_problems += evaluate(trip, trip_path, languages, out_dir / "round-trip", problems, failed_pairs, table)
        cases = cases + trip

    width = max(len(op) for op in table) + 2
    print()
    print("op".ljust(width) + "".join(language.rjust(12) for language in languages))
    for op in sorted(table):
        cells = "".join(f"{table[op][language][0]}/{table[op][language][1]}".rjust(12) for language in languages)
        print(op.ljust(width) + cells)
    totals = "".join(
        f"{sum(table[op][language][0] for op in table)}/{sum(table[op][language][1] for op in table)}".rjust(12)
        for language in languages)
    print("all".ljust(width) + totals)
    print()
    if problems:
        print(f"parity: {len(problems)} problem(s):")
        for problem in problems[:200]:
            print(f"  {problem}")
        if len(problems) > 200:
            print(f"  ... and {len(problems) - 200} more")
    else:
        print(f"parity: {len(cases)} cases, {len(languages)} languages, byte-identical results")
    print(f"parity: results in {out_dir}")
    total_pairs = len(cases) * len(languages)
    failed = len(failed_pairs) + runner_problems
    print(f"{total_pairs - len(failed_pairs)} passed, {failed} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
