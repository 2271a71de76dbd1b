"""The parity tool must fail for each reason issue 7 names, and say why."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARITY = ROOT / "conformance" / "parity.py"
FAKE = Path(__file__).with_name("fake_runner.py")
CASES = ROOT / "conformance" / "cases"


def parity(tmp_path: Path, *runners: str, cases: Path = CASES, expected: dict[str, str] | None = None):
    failures_dir = tmp_path / "expected-failures"
    failures_dir.mkdir(exist_ok=True)
    for language, text in (expected or {}).items():
        (failures_dir / f"{language}.txt").write_text(text)
    names = [runner.split("=")[0] for runner in runners]
    command = [sys.executable, str(PARITY), "--cases", str(cases), "--languages", ",".join(names),
               "--expected-failures-dir", str(failures_dir), "--out-dir", str(tmp_path / "out")]
    for runner in runners:
        command += ["--runner", runner]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def fake(name: str, *args: str) -> str:
    return f"{name}={sys.executable} {FAKE} {' '.join(args)}".rstrip()


def test_agreeing_runners_pass(tmp_path):
    result = parity(tmp_path, fake("a"), fake("b"))
    assert result.returncode == 0, result.stdout
    assert "0 failed" in result.stdout.splitlines()[-1]


def test_a_wrong_expectation_fails_naming_the_case_and_languages(tmp_path):
    wrong_case = json.loads((CASES / "pkce.json").read_text())["cases"][0]
    wrong_case["expect"] = {"code_challenge": "not-the-challenge"}
    case_file = tmp_path / "wrong.json"
    case_file.write_text(json.dumps({"suite": "wrong", "cases": [wrong_case]}))
    # Real runners are too slow here; the fake ones echo expectations, so
    # the wrong expectation is "passed". One real-language check runs in
    # scripts/test.sh; this checks the reporting.
    result = parity(tmp_path, fake("a", "-", wrong_case["id"]), fake("b", "-", wrong_case["id"]), cases=case_file)
    assert result.returncode == 1
    assert f"{wrong_case['id']}: a expected" in result.stdout and f"{wrong_case['id']}: b expected" in result.stdout


def test_a_runner_that_skips_an_op_fails_on_the_case_set(tmp_path):
    result = parity(tmp_path, fake("a"), fake("b", "pkce_challenge"))
    assert result.returncode == 1
    assert "not run by b" in result.stdout


def test_a_listed_expected_failure_that_passes_fails(tmp_path):
    result = parity(tmp_path, fake("a"), expected={"a": "# stale\nauthz.seed-example\n"})
    assert result.returncode == 1
    assert "authz.seed-example: listed as an expected failure for a but passed" in result.stdout


def test_a_listed_expected_failure_that_fails_is_accepted(tmp_path):
    result = parity(tmp_path, fake("a", "-", "authz.seed-example"), fake("b"),
                    expected={"a": "authz.seed-example\n"})
    assert "authz.seed-example: a expected" not in result.stdout
    assert "results differ" not in result.stdout
