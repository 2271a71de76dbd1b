#!/usr/bin/env python3
"""Generates conformance/cases/exchange.json (op `exchange`): one client
running one or more token exchanges in order, the runner feeding each
exchange's canned HTTP responses one by one. The client's JWKS cache
carries over from one exchange to the next, so a case can show a cold
start, a warm cache, a key rotation after the refetch interval and the
refetch being withheld before it.

The keys, token builders and the reference checks for the three single
steps (token_request, parse_token_response, verify_id_token) come from
id_token_cases.py; this file only adds the exchange on top of them.

As in id_token_cases.py every case states its expected outcome by hand:
per exchange the requests it sends ("T" the token request, written out in
full here, "J" the JWKS request) and how it ends ("ok" with the ID token's
claims, NO_CLAIMS, PENDING, an error code or a token_error object). Before
anything is written each case is also run through ref_exchange at the
bottom of this file, a transcription of the exchange rules built from the
single-step reference checks; a disagreement aborts the run.

Usage (Python 3.11 with the `cryptography` package):
    python3 -m venv /tmp/genvenv && /tmp/genvenv/bin/pip install cryptography
    /tmp/genvenv/bin/python conformance/generators/exchange_cases.py           # rewrite exchange.json
    /tmp/genvenv/bin/python conformance/generators/exchange_cases.py --check   # only compare with the committed file
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import sys

from cryptography.hazmat.primitives import serialization

import id_token_cases as idc
from id_token_cases import (CLIENT, CODE, FORM, ISS, NONCE, NOW, REDIRECT_ENC, RT, SECRET, VERIFIER, _DROP,
                            b64u_strict, canonical, claims, code_grant, compact, header, jwk, jwks_text,
                            refresh_grant, strict_json, tok)

CASES_PATH = idc.CASES_DIR / "exchange.json"

DEFAULT_INTERVAL = 300
AT = "at_Zx81kLpQ2vN4"
AT2 = "at_Hj27sWq0mB5c"
RT2 = "rt_Pq42nVb8Lw1e"
SEED_SCOPE = "openid profile email offline_access"
CODE2 = "Qcb0Orv1zh30vL1MPRsbm"
VERIFIER2 = "Yx7Qm2Lp9Rt4Wv6Zb8Nc1Kd3Fg5Hj0Ss_ExUoIaPeR-T"
NONCE2 = "n-7Yx3Qb2Lp9"

NO_CLAIMS = "ok-no-claims"
PENDING = "pending"


# --------------------------------------------------------------------------
# building blocks


def claims_at(now: int, **changes) -> dict:
    """The standard payload for a token issued around `now` (claims_at(NOW) == claims())."""
    return claims(exp=now + 3300, iat=now - 300, **changes)


def token_body(id_token: str | None, *, access_token: str = AT, expires_in: int | None = 3600,
               refresh_token: str | None = RT, scope: str | None = SEED_SCOPE) -> dict:
    body = {"access_token": access_token, "token_type": "Bearer"}
    for name, value in (("expires_in", expires_in), ("refresh_token", refresh_token), ("id_token", id_token),
                        ("scope", scope)):
        if value is not None:
            body[name] = value
    return body


def ok_response(body: dict) -> dict:
    return {"status": 200, "body": json.dumps(body, ensure_ascii=False)}


def keys_response(*keys, status: int = 200) -> dict:
    return {"status": status, "body": jwks_text(*keys)}


def token_request(body: str, basic: str | None = None, base: str = ISS) -> dict:
    """The token request as stated by hand: URL base, form body, Basic pre-image or None."""
    headers = [list(h) for h in FORM]
    if basic is not None:
        headers.append(["Authorization", "Basic " + base64.b64encode(basic.encode("utf-8")).decode("ascii")])
    return {"method": "POST", "url": base + "/oauth/token", "headers": headers, "body": body}


def jwks_request(base: str = ISS) -> dict:
    return {"method": "GET", "url": base + "/keys", "headers": [["Accept", "application/json"]], "body": ""}


def code_body(code: str = CODE, verifier: str | None = VERIFIER, secret: str | None = SECRET) -> str:
    body = f"grant_type=authorization_code&code={code}&redirect_uri={REDIRECT_ENC}&client_id={CLIENT}"
    if secret is not None:
        body += f"&client_secret={secret}"
    if verifier is not None:
        body += f"&code_verifier={verifier}"
    return body


def refresh_body(refresh_token: str = RT, scope_enc: str | None = None, secret: str | None = SECRET) -> str:
    body = f"grant_type=refresh_token&refresh_token={refresh_token}"
    if scope_enc is not None:
        body += f"&scope={scope_enc}"
    body += f"&client_id={CLIENT}"
    if secret is not None:
        body += f"&client_secret={secret}"
    return body


def step(grant: dict, nonce: str | None, now: int, responses: list[dict], requests: list[dict], outcome) -> dict:
    """One exchange: its input, and by hand the requests it sends and how it ends."""
    return {"input": {"grant": grant, "nonce": nonce, "now": now, "responses": responses},
            "requests": requests, "outcome": outcome}


CASES: list[dict] = []


def case(case_id: str, source: str, description: str, steps: list[dict], *, env_url: str = ISS,
         client_secret: str | None = SECRET, auth_method: str | None = None, interval: int | None = None) -> None:
    entries = []
    for s in steps:
        entry = {"requests": s["requests"]}
        outcome = s["outcome"]
        if outcome == PENDING:
            entry["pending"] = True
        elif outcome in ("ok", NO_CLAIMS):
            body = strict_json(s["input"]["responses"][0]["body"])
            tokens = {name: body.get(name) for name in
                      ("access_token", "token_type", "expires_in", "refresh_token", "id_token", "scope")}
            found = None
            if outcome == "ok":
                found = strict_json(b64u_strict(tokens["id_token"].split(".")[1]).decode("utf-8"))
            entry["result"] = {"tokens": tokens, "claims": found}
        elif isinstance(outcome, dict):
            entry.update(outcome)
        else:
            entry["error"] = outcome
        entries.append(entry)
    CASES.append({
        "id": "exch." + case_id, "op": "exchange", "source": source, "description": description,
        "input": {"env_url": env_url, "client_id": CLIENT, "client_secret": client_secret, "auth_method": auth_method,
                  "jwks_refetch_interval": interval, "exchanges": [s["input"] for s in steps]},
        "expect": {"exchanges": entries},
    })


# --------------------------------------------------------------------------
# the cases


def build_cases() -> None:
    key_a, key_b = jwk("rsa-2048-a"), jwk("rsa-2048-b")
    jwks_a = keys_response(key_a)
    jwks_ab = keys_response(key_a, key_b)
    idt_a = tok("RS256", "rsa-2048-a")
    post_code = token_request(code_body())
    J = jwks_request()

    # ---- happy paths
    case("code-post-seed-scopes", "oidc-core-3.1.3.7",
         "Cold start, client_secret_post: the token request, then GET /keys; the RS256 ID token verifies with the "
         "fetched key and the seed's scopes, refresh token and ID token come back with the claims.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok")])
    idt_ec = tok("ES256", "ec-p256-a")
    case("code-basic-es256", "rfc6749-2.3.1",
         "client_secret_basic: the secret in the Authorization header; the JWKS has three keys and the kid picks "
         "the P-256 one.",
         [step(code_grant(), NONCE, NOW,
               [ok_response(token_body(idt_ec)), keys_response(key_a, jwk("ec-p256-a"), jwk("ed25519-a"))],
               [token_request(code_body(secret=None), f"{CLIENT}:{SECRET}"), J], "ok")],
         auth_method="client_secret_basic")
    idt_ed = tok("EdDSA", "ed25519-a")
    case("code-public-pkce-eddsa", "rfc7636-4.5",
         "A public client (auth_method none) with PKCE, no refresh token or scope in the answer; EdDSA ID token.",
         [step(code_grant(), NONCE, NOW,
               [ok_response(token_body(idt_ed, refresh_token=None, scope=None)), keys_response(jwk("ed25519-a"))],
               [token_request(code_body(secret=None)), J], "ok")],
         client_secret=None, auth_method="none")
    norm = "HTTPS://Acme.Scalekit.dev/"
    case("env-url-normalised", "issue-2 rule 1",
         "env_url HTTPS://Acme.Scalekit.dev/ is normalised for the token URL, the /keys URL and the expected "
         "issuer alike.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a],
               [post_code, jwks_request(ISS)], "ok")], env_url=norm)

    # ---- the token endpoint says no
    case("token-error-invalid-grant", "rfc6749-5.2",
         "400 invalid_grant with a description: token_error, and no JWKS request.",
         [step(code_grant(), NONCE, NOW,
               [{"status": 400, "body": json.dumps({"error": "invalid_grant",
                                                    "error_description": "The authorization code has expired"})}],
               [post_code], {"error": "token_error", "oauth_error": "invalid_grant",
                             "error_description": "The authorization code has expired"})])
    case("token-500-html", "rfc6749-5.2", "500 with an HTML page: invalid_token_response, no JWKS request.",
         [step(code_grant(), NONCE, NOW,
               [{"status": 500, "body": "<html><body><h1>500 Internal Server Error</h1></body></html>"}],
               [post_code], "invalid_token_response")])

    # ---- the JWKS endpoint fails
    case("jwks-500", "rfc7517-5", "The key set cannot be fetched (500): invalid_jwks.",
         [step(code_grant(), NONCE, NOW,
               [ok_response(token_body(idt_a)), {"status": 500, "body": '{"error":"internal"}'}],
               [post_code, J], "invalid_jwks")])
    case("jwks-not-json", "rfc7517-5", "/keys answers 200 with an HTML page: invalid_jwks.",
         [step(code_grant(), NONCE, NOW,
               [ok_response(token_body(idt_a)), {"status": 200, "body": "<html>Service Unavailable</html>"}],
               [post_code, J], "invalid_jwks")])

    # ---- nonce and required ID token
    case("nonce-mismatch", "oidc-core-3.1.3.7", "The ID token carries another login's nonce.",
         [step(code_grant(), NONCE, NOW,
               [ok_response(token_body(tok("RS256", "rsa-2048-a", claims(nonce="n-other-login")))), jwks_a],
               [post_code, J], "nonce_mismatch")])
    case("missing-id-token-nonce-expected", "oidc-core-3.1.3.3",
         "The login sent a nonce (so asked for openid) but the answer has no id_token: invalid_token_response, no "
         "JWKS request.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(None))], [post_code], "invalid_token_response")])
    case("code-no-nonce-no-id-token", "design-decision exchange",
         "A code exchange without a nonce does not require an ID token: tokens only, claims null.",
         [step(code_grant(), None, NOW, [ok_response(token_body(None, scope="profile"))], [post_code], NO_CLAIMS)])
    case("code-empty-nonce-no-id-token", "design-decision empty",
         "An empty nonce counts as no nonce: no ID token is required.",
         [step(code_grant(), "", NOW, [ok_response(token_body(None, scope="profile"))], [post_code], NO_CLAIMS)])

    # ---- refresh
    case("refresh-no-id-token", "rfc6749-6",
         "A refresh answered without an ID token: one request, claims null.",
         [step(refresh_grant(scope="openid offline_access"), None, NOW,
               [ok_response(token_body(None, access_token=AT2, refresh_token=RT2, scope="openid offline_access"))],
               [token_request(refresh_body(scope_enc="openid+offline_access"))], NO_CLAIMS)])
    case("refresh-with-id-token", "oidc-core-12.2",
         "A refresh answered with an ID token that carries the original login's nonce: fetched keys, verified "
         "without a nonce.",
         [step(refresh_grant(), None, NOW,
               [ok_response(token_body(idt_a, access_token=AT2, refresh_token=RT2)), jwks_a],
               [token_request(refresh_body()), J], "ok")])
    case("refresh-ignores-nonce", "oidc-core-12.2",
         "A refresh exchange given a nonce still verifies without one: the token's nonce differs and it passes.",
         [step(refresh_grant(), "n-other-login", NOW,
               [ok_response(token_body(idt_a, access_token=AT2, refresh_token=RT2)), jwks_a],
               [token_request(refresh_body()), J], "ok")])

    # ---- the JWKS cache across exchanges
    later = NOW + 3600
    case("cache-reused-known-kid", "design-decision jwks-cache",
         "Two code exchanges on one client: the second (an hour later, past the refetch interval) names a cached "
         "kid and sends only the token request.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok"),
          step(code_grant(code=CODE2, code_verifier=VERIFIER2), NONCE2, later,
               [ok_response(token_body(tok("RS256", "rsa-2048-a", claims_at(later, nonce=NONCE2)),
                                       access_token=AT2, refresh_token=RT2))],
               [token_request(code_body(code=CODE2, verifier=VERIFIER2))], "ok")])
    case("code-then-refresh-cached", "oidc-core-12.2",
         "A login, then a refresh on the same client: the refresh's ID token is verified with the cached keys.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok"),
          step(refresh_grant(), None, NOW + 60,
               [ok_response(token_body(tok("RS256", "rsa-2048-a", claims_at(NOW + 60)), access_token=AT2,
                                       refresh_token=RT2))],
               [token_request(refresh_body())], "ok")])
    at_interval = NOW + DEFAULT_INTERVAL
    case("rotated-kid-after-interval", "design-decision jwks-cache",
         "The second ID token names a new kid exactly 300 s (the default interval) after the fetch: the keys are "
         "fetched again and the new key verifies.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok"),
          step(code_grant(code=CODE2, code_verifier=VERIFIER2), NONCE2, at_interval,
               [ok_response(token_body(tok("RS256", "rsa-2048-b", claims_at(at_interval, nonce=NONCE2)),
                                       access_token=AT2, refresh_token=RT2)), jwks_ab],
               [token_request(code_body(code=CODE2, verifier=VERIFIER2)), J], "ok")])
    before = at_interval - 1
    case("rotated-kid-before-interval", "design-decision jwks-cache",
         "The same rotation 299 s after the fetch: no refetch, the cached keys lack the kid: unknown_key_id.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok"),
          step(code_grant(code=CODE2, code_verifier=VERIFIER2), NONCE2, before,
               [ok_response(token_body(tok("RS256", "rsa-2048-b", claims_at(before, nonce=NONCE2)),
                                       access_token=AT2, refresh_token=RT2))],
               [token_request(code_body(code=CODE2, verifier=VERIFIER2))], "unknown_key_id")])
    case("refetch-interval-zero", "design-decision jwks-cache",
         "jwks_refetch_interval 0: an unknown kid refetches at once (same second); a known kid still does not.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok"),
          step(code_grant(code=CODE2, code_verifier=VERIFIER2), NONCE2, NOW,
               [ok_response(token_body(tok("RS256", "rsa-2048-b", claims(nonce=NONCE2)), access_token=AT2,
                                       refresh_token=RT2)), jwks_ab],
               [token_request(code_body(code=CODE2, verifier=VERIFIER2)), J], "ok"),
          step(refresh_grant(refresh_token=RT2), None, NOW,
               [ok_response(token_body(tok("RS256", "rsa-2048-a"), access_token="at_3", refresh_token="rt_3"))],
               [token_request(refresh_body(refresh_token=RT2))], "ok")],
         interval=0)
    t2, t3 = NOW + 300, NOW + 400
    case("refetch-resets-interval", "design-decision jwks-cache",
         "A refetch whose key set still lacks the kid gives unknown_key_id and restarts the interval: 100 s later "
         "the same kid is refused from the cache without fetching.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok"),
          step(refresh_grant(), None, t2,
               [ok_response(token_body(tok("RS256", "rsa-2048-b", claims_at(t2)), access_token=AT2)), jwks_a],
               [token_request(refresh_body()), J], "unknown_key_id"),
          step(refresh_grant(), None, t3,
               [ok_response(token_body(tok("RS256", "rsa-2048-b", claims_at(t3)), access_token="at_3"))],
               [token_request(refresh_body())], "unknown_key_id")])
    case("failed-refetch-keeps-cache", "design-decision jwks-cache",
         "A refetch that fails (503) is invalid_jwks and caches nothing: one second later the unknown kid is "
         "still due for a fetch, which now succeeds.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a)), jwks_a], [post_code, J], "ok"),
          step(refresh_grant(), None, t2,
               [ok_response(token_body(tok("RS256", "rsa-2048-b", claims_at(t2)), access_token=AT2)),
                {"status": 503, "body": "Service Unavailable"}],
               [token_request(refresh_body()), J], "invalid_jwks"),
          step(refresh_grant(), None, t2 + 1,
               [ok_response(token_body(tok("RS256", "rsa-2048-b", claims_at(t2 + 1)), access_token="at_3")),
                jwks_ab],
               [token_request(refresh_body()), J], "ok")])
    case("failed-exchange-then-cold-fetch", "design-decision jwks-cache",
         "An exchange that fails at the token endpoint fetches no keys; the next exchange on the client still "
         "starts cold.",
         [step(code_grant(), NONCE, NOW, [{"status": 400, "body": '{"error":"invalid_grant"}'}], [post_code],
               {"error": "token_error", "oauth_error": "invalid_grant"}),
          step(code_grant(code=CODE2, code_verifier=VERIFIER2), NONCE2, NOW + 5,
               [ok_response(token_body(tok("RS256", "rsa-2048-a", claims_at(NOW + 5, nonce=NONCE2)))), jwks_a],
               [token_request(code_body(code=CODE2, verifier=VERIFIER2)), J], "ok")])

    # ---- responses run out
    case("pending-after-token-response", "design-decision exchange",
         "Only the token response is given: the exchange asks for /keys and waits; the entry lists both requests.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(idt_a))], [post_code, J], PENDING)])
    case("pending-no-responses", "design-decision exchange",
         "No response at all: the exchange waits on its token request.",
         [step(code_grant(), NONCE, NOW, [], [post_code], PENDING)])

    # ---- ID-token rejections inside the exchange
    case("id-token-expired", "oidc-core-3.1.3.7",
         "now = exp + 60 (the default leeway): id_token_expired after the key fetch.",
         [step(code_grant(), NONCE, NOW,
               [ok_response(token_body(tok("RS256", "rsa-2048-a", claims(exp=NOW - 60, iat=NOW - 3660)))), jwks_a],
               [post_code, J], "id_token_expired")])
    pem = idc.KEYS["rsa-2048-a"].public_key().public_bytes(serialization.Encoding.PEM,
                                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    confused = compact(header("HS256", "rsa-2048-a"), claims(), lambda m: hmac.new(pem, m, hashlib.sha256).digest())
    case("hs256-algorithm-confusion", "rfc8725-2.1",
         "An HS256 ID token keyed with the RSA public key's PEM and that key's kid: unsupported_algorithm.",
         [step(code_grant(), NONCE, NOW, [ok_response(token_body(confused)), jwks_a], [post_code, J],
               "unsupported_algorithm")])
    case("issuer-mismatch", "oidc-core-3.1.3.7",
         "The ID token names another environment as issuer.",
         [step(code_grant(), NONCE, NOW,
               [ok_response(token_body(tok("RS256", "rsa-2048-a", claims(iss="https://other.scalekit.dev")))),
                jwks_a], [post_code, J], "issuer_mismatch")])

    # ---- client configuration
    case("missing-client-secret", "rfc6749-2.3.1",
         "client_secret_basic without a secret: no request is built.",
         [step(code_grant(), NONCE, NOW, [], [], "missing_client_secret")],
         client_secret=None, auth_method="client_secret_basic")

    assert all(c["input"]["exchanges"][0]["now"] == NOW for c in CASES)
    assert _DROP is idc._DROP


# --------------------------------------------------------------------------
# reference check (second opinion; see the module docstring)


def usable_kids(jwks_text_: str) -> set:
    keys = strict_json(jwks_text_)["keys"]
    return {k.get("kid") for k in keys if k["kty"] in ("RSA", "EC", "OKP") and k.get("use", "sig") == "sig"}


def header_kid(id_token: str):
    try:
        head = strict_json(b64u_strict(id_token.split(".")[0]).decode("utf-8"))
    except Exception:
        return None
    return head.get("kid") if isinstance(head, dict) and isinstance(head.get("kid"), str) else None


def jwks_ok(text: str) -> bool:
    probe = idc.ref_verify_id_token({"issuer": "", "client_id": "", "jwks": text, "id_token": "", "nonce": None,
                                     "now": 0, "leeway": None})
    return probe != {"error": "invalid_jwks"}


def ref_exchange(inp: dict) -> dict:
    base = idc.ENV_BASES[inp["env_url"]]
    interval = DEFAULT_INTERVAL if inp["jwks_refetch_interval"] is None else inp["jwks_refetch_interval"]
    cache = None  # (jwks text, fetched_at)
    entries = []
    for ex in inp["exchanges"]:
        grant = ex["grant"]
        request = idc.ref_token_request({"env_url": inp["env_url"], "client_id": inp["client_id"],
                                         "client_secret": inp["client_secret"], "auth_method": inp["auth_method"],
                                         "grant": grant})
        if "error" in request:
            entries.append({"requests": [], "error": request["error"]})
            break
        responses = list(ex["responses"])
        requests = [request]
        if not responses:
            entries.append({"requests": requests, "pending": True})
            continue
        parsed = idc.ref_parse_token_response(responses.pop(0))
        if "error" in parsed:
            entries.append({"requests": requests, **parsed})
            continue
        tokens = parsed["tokens"]
        code_nonce = ex["nonce"] if grant["type"] == "authorization_code" and ex["nonce"] else None
        if tokens["id_token"] is None:
            if code_nonce is not None:
                entries.append({"requests": requests, "error": "invalid_token_response"})
            else:
                entries.append({"requests": requests, "result": {"tokens": tokens, "claims": None}})
            continue
        kid = header_kid(tokens["id_token"])
        fetch = cache is None or (kid is not None and kid not in usable_kids(cache[0])
                                  and ex["now"] - cache[1] >= interval)
        if fetch:
            requests.append({"method": "GET", "url": base + "/keys", "headers": [["Accept", "application/json"]],
                             "body": ""})
            if not responses:
                entries.append({"requests": requests, "pending": True})
                continue
            answer = responses.pop(0)
            if not 200 <= answer["status"] <= 299 or not jwks_ok(answer["body"]):
                entries.append({"requests": requests, "error": "invalid_jwks"})
                continue
            cache = (answer["body"], ex["now"])
        verified = idc.ref_verify_id_token({"issuer": base, "client_id": inp["client_id"], "jwks": cache[0],
                                            "id_token": tokens["id_token"], "nonce": code_nonce, "now": ex["now"],
                                            "leeway": None})
        if "error" in verified:
            entries.append({"requests": requests, "error": verified["error"]})
        else:
            entries.append({"requests": requests, "result": {"tokens": tokens, "claims": verified["claims"]}})
    return {"exchanges": entries}


# --------------------------------------------------------------------------


DESCRIPTION = (
    "exchange: token exchanges run in order on one client, the runner feeding each exchange's responses in turn. "
    "First the token request (as token_request), judged as parse_token_response; no id_token is an error "
    "(invalid_token_response) only for an authorization_code exchange with a non-empty nonce, otherwise claims "
    "null. An id_token is verified as verify_id_token (issuer = the normalised env_url, leeway 60, the "
    "exchange's nonce; refresh exchanges never check a nonce) with the client's cached JWKS; GET <env>/keys is "
    "sent first when nothing is cached, or when the token's kid is not in the cached set and now - fetched_at "
    ">= jwks_refetch_interval (null = 300). A non-2xx or unusable key set is invalid_jwks and caches nothing. "
    "Responses running out give pending: true with the requests so far, the unanswered one included. A client "
    "configuration error ends the case after the first exchange with no requests. "
    "Generated by conformance/generators/exchange_cases.py.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare with the committed case file")
    args = parser.parse_args()
    idc.KEYS = idc.load_keys(False)
    build_cases()
    if idc.check(CASES, ref_exchange):
        print("the stated expectations disagree with the reference check; nothing written")
        return 1
    if args.check:
        committed = json.loads(CASES_PATH.read_text(encoding="utf-8"))
        if canonical(committed["cases"]) != canonical(CASES) or committed.get("description") != DESCRIPTION:
            print(f"{CASES_PATH.name}: differs from the generator's output")
            return 1
    else:
        idc.write_suite(CASES_PATH, "exchange", DESCRIPTION, CASES)
    print(f"{CASES_PATH.relative_to(idc.HERE.parent.parent)}: {len(CASES)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
