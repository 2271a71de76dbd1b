"""The Python conformance runner: every case of conformance/cases/ (or of
the file or folder in CONFORMANCE_CASES) through the Python API.

One pytest item per case id. Results go to CONFORMANCE_OUT (written at the
end of the session, even when cases fail) in the shape of each case's
`expect`; ids listed in conformance/expected-failures/python.txt must fail.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

import loginkit

REPOSITORY = Path(__file__).resolve().parents[2]


def case_files() -> list[Path]:
    source = Path(os.environ.get("CONFORMANCE_CASES", REPOSITORY / "conformance" / "cases"))
    files = [source] if source.is_file() else sorted(source.glob("*.json"))
    assert files, f"no case files in {source}"
    return files


def load_cases() -> list[dict]:
    cases = [case for path in case_files() for case in json.loads(path.read_text("utf-8"))["cases"]]
    ids = Counter(case["id"] for case in cases)
    duplicates = [case_id for case_id, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate case ids: {duplicates}"
    return cases


def expected_failures() -> set[str]:
    path = REPOSITORY / "conformance" / "expected-failures" / "python.txt"
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


CASES = load_cases()
EXPECTED_FAILURES = expected_failures()
RESULTS: dict[str, dict] = {}


def error_result(error: loginkit.LoginKitError) -> dict:
    result = {"error": error.code}
    if isinstance(error, loginkit.AuthorizationError):
        result["oauth_error"] = error.error
        if error.error_description is not None:
            result["error_description"] = error.error_description
        if error.error_uri is not None:
            result["error_uri"] = error.error_uri
    return result


def authorization_options(options: dict | None) -> loginkit.AuthorizationUrlOptions:
    options = dict(options or {})
    if options.get("extra_params") is not None:
        options["extra_params"] = [tuple(pair) for pair in options["extra_params"]]
    return loginkit.AuthorizationUrlOptions(**options)


def client_for(data: dict) -> loginkit.Client:
    return loginkit.Client(data["env_url"], data.get("client_id") or "")


def start_login_is_consistent(client: loginkit.Client, redirect_uri: str, options: dict, login: loginkit.LoginStart) -> bool:
    """The URL equals get_authorization_url fed the returned state, nonce and
    the challenge of the returned verifier; a given state or nonce is kept."""
    kept = all(login_value == given if given else bool(login_value)
               for given, login_value in ((options.get("state"), login.state), (options.get("nonce"), login.nonce)))
    if not re.fullmatch(r"[A-Za-z0-9_-]{43}", login.code_verifier):
        return False
    replay = dict(options, state=login.state, nonce=login.nonce,
                  code_challenge=loginkit.pkce_challenge(login.code_verifier), code_challenge_method="S256")
    return kept and client.get_authorization_url(redirect_uri, authorization_options(replay)) == login.url


def run_case(case: dict) -> dict:
    data, op = case["input"], case["op"]
    try:
        if op == "authorization_url":
            url = client_for(data).get_authorization_url(data.get("redirect_uri") or "", authorization_options(data.get("options")))
            return {"url": url}
        if op == "logout_url":
            options = loginkit.LogoutUrlOptions(**(data.get("options") or {}))
            return {"url": client_for(data).get_logout_url(options)}
        if op == "validate_redirect_uri":
            loginkit.validate_redirect_uri(data["uri"], data["environment"])
            return {"valid": True}
        if op == "redirect_uri_matches":
            return {"matches": loginkit.redirect_uri_matches(data["registered"], data["candidate"])}
        if op == "pkce_challenge":
            return {"code_challenge": loginkit.pkce_challenge(data["code_verifier"])}
        if op == "parse_callback":
            callback = client_for(data).parse_callback(data["callback"], data["expected_state"])
            return {"code": callback.code, "state": callback.state}
        if op == "generate":
            generate = {"state": loginkit.generate_state, "nonce": loginkit.generate_nonce,
                        "code_verifier": loginkit.generate_code_verifier}[data["what"]]
            values = [generate() for _ in range(data["count"])]
            pattern = case["expect"]["pattern"]
            all_match = all(re.search(pattern, value) for value in values)
            return {"pattern": pattern if all_match else None, "distinct": len(set(values)) == len(values)}
        if op == "start_login":
            client = client_for(data)
            options = data.get("options") or {}
            login = client.start_login(data.get("redirect_uri") or "", authorization_options(options))
            return {"consistent": start_login_is_consistent(client, data.get("redirect_uri") or "", options, login)}
    except loginkit.LoginKitError as error:
        return error_result(error)
    raise AssertionError(f"unknown op {op!r}")


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict) -> None:
    actual = run_case(case)
    RESULTS[case["id"]] = actual
    passed = actual == case["expect"]
    if case["id"] in EXPECTED_FAILURES:
        assert not passed, "listed as an expected failure but passed"
    else:
        assert passed, f"expected {case['expect']} got {actual}"


CONFORMANCE_RUNNER = True  # found by conftest.py, which writes results at session end


def write_results() -> None:
    out = os.environ.get("CONFORMANCE_OUT")
    if out and RESULTS:
        Path(out).write_text(json.dumps(RESULTS, ensure_ascii=False, indent=2), "utf-8")


def summary_lines() -> list[str]:
    counts: dict[str, list[int]] = {}
    for case in CASES:
        if case["id"] in RESULTS:
            tally = counts.setdefault(case["op"], [0, 0])
            tally[1] += 1
            tally[0] += RESULTS[case["id"]] == case["expect"]
    if not counts:
        return []
    lines = ["conformance (python):"]
    lines += [f"  {op:<24} {passed}/{total}" for op, (passed, total) in sorted(counts.items())]
    passed, total = sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())
    lines.append(f"conformance (python): {passed}/{total} cases passed")
    return lines
