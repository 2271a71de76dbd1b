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


def token_client(data: dict) -> loginkit.Client:
    kwargs = {}
    if data.get("jwks_refetch_interval") is not None:
        kwargs["jwks_refetch_interval"] = data["jwks_refetch_interval"]
    return loginkit.Client(data["env_url"], data["client_id"], data.get("client_secret"),
                           token_endpoint_auth_method=data.get("auth_method"), **kwargs)


def request_json(request: loginkit.HttpRequest) -> dict:
    return {"method": request.method, "url": request.url,
            "headers": [[name, value] for name, value in request.headers], "body": request.body}


def tokens_json(tokens: loginkit.TokenResponse) -> dict:
    return {name: getattr(tokens, name)
            for name in ("access_token", "token_type", "expires_in", "refresh_token", "id_token", "scope")}


def token_request(client: loginkit.Client, grant: dict) -> loginkit.HttpRequest:
    if grant["type"] == "authorization_code":
        return client.authorization_code_request(grant["code"], grant["redirect_uri"], code_verifier=grant.get("code_verifier"))
    if grant["type"] == "refresh_token":
        return client.refresh_token_request(grant["refresh_token"], scope=grant.get("scope"))
    raise AssertionError(f"unknown grant type {grant['type']!r}")


def run_exchange(client: loginkit.Client, data: dict) -> dict:
    """One exchange driven the way authenticate_with_code drives it, with the
    case's canned answers instead of HTTP (reference: run_exchange in
    core/tests/conformance.rs)."""
    grant, requests = data["grant"], []
    try:
        if grant["type"] == "authorization_code":
            exchange = client.exchange_code(grant["code"], grant["redirect_uri"],
                                            code_verifier=grant.get("code_verifier"), nonce=data.get("nonce"))
        else:
            exchange = client.exchange_refresh_token(grant["refresh_token"], scope=grant.get("scope"))
        requests.append(request_json(exchange.request()))
        for response in data["responses"]:
            step = exchange.receive(response["status"], response["body"], data["now"])
            if isinstance(step, loginkit.LoginResult):
                claims = step.claims.to_dict() if step.claims is not None else None
                return {"requests": requests, "result": {"tokens": tokens_json(step.tokens), "claims": claims}}
            requests.append(request_json(step))
    except loginkit.LoginKitError as error:
        return dict(error_result(error), requests=requests)
    return {"requests": requests, "pending": True}


def transaction_json(transaction: loginkit.LoginTransaction) -> dict:
    return {name: getattr(transaction, name)
            for name in ("state", "nonce", "code_verifier", "redirect_uri", "return_to", "issued_at")}


def record_sealed(case_id: str, sealed: str) -> None:
    """Adds a sealed value to CONFORMANCE_SEALED_OUT ({case id: value}), for
    the parity run's cross-language round trip (reference: record_sealed in
    core/tests/conformance.rs)."""
    path = os.environ.get("CONFORMANCE_SEALED_OUT")
    if not path:
        return
    try:
        recorded = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError):
        recorded = {}
    recorded[case_id] = sealed
    Path(path).write_text(json.dumps(recorded), "utf-8")


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
        if op == "token_request":
            return request_json(token_request(token_client(data), data["grant"]))
        if op == "parse_token_response":
            return {"tokens": tokens_json(loginkit.parse_token_response(data["status"], data["body"]))}
        if op == "verify_id_token":
            claims = loginkit.verify_id_token(data["id_token"], data["jwks"], issuer=data["issuer"], client_id=data["client_id"],
                                              nonce=data.get("nonce"), now=data["now"], leeway=data.get("leeway"))
            return {"claims": claims.to_dict()}
        if op == "exchange":
            try:
                client = token_client(data)
            except loginkit.LoginKitError as error:
                return {"exchanges": [dict(error_result(error), requests=[])]}
            return {"exchanges": [run_exchange(client, exchange) for exchange in data["exchanges"]]}
        if op == "finish_login":
            keys = loginkit.TransactionKeys(data["keys"])
            client = loginkit.Client(data["env_url"], data["client_id"])
            cookie_options = loginkit.CookieOptions(ttl=data.get("ttl"))
            done = client.finish_login(data["callback"], data["cookie_header"], keys, cookie_options=cookie_options, now=data["now"])
            return {"code": done.code, "transaction": transaction_json(done.transaction), "clear_cookie": done.clear_cookie}
        if op == "seal_transaction":
            keys = loginkit.TransactionKeys(data["keys"])
            sealed = keys.seal(loginkit.LoginTransaction(**data["transaction"]))
            record_sealed(case["id"], sealed)
            return {"opened": transaction_json(keys.open(sealed))}
        if op == "open_transaction":
            return {"transaction": transaction_json(loginkit.TransactionKeys(data["keys"]).open(data["sealed"]))}
        if op == "validate_return_to":
            loginkit.validate_return_to(data["return_to"])
            return {"valid": True}
        if op == "transaction_cookie":
            options = loginkit.CookieOptions(path=data.get("path"), secure=data.get("secure"), ttl=data.get("ttl"))
            name = loginkit.transaction_cookie_name(data["state"])
            return {"cookie_name": name, "set_cookie": options.set_cookie(name, data["cookie_value"]),
                    "clear_cookie": options.clear_cookie(name)}
    except loginkit.LoginKitError as error:
        return error_result(error)
    raise AssertionError(f"unknown op {op!r}")


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict) -> None:
    try:
        actual = run_case(case)
    except BaseException as unexpected:  # recorded against this case only; the others still run
        if isinstance(unexpected, (KeyboardInterrupt, SystemExit)):
            raise
        actual = {"exception": f"{type(unexpected).__name__}: {unexpected}"}
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
