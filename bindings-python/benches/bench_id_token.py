"""A token response read and its RS256 (2048-bit) ID token verified, per
call, in one process: loginkit against PyJWT (with `cryptography`) on the
same token and the same key.

Run it with ./run-id-token.sh, which installs PyJWT[crypto] into the
benchmark's own virtual environment next to the loginkit wheel (PyJWT is
no dependency of loginkit).

The token is signed here, at start-up, with the conformance suite's key
conformance/generators/keys/rsa-2048-a.pem (kid "rsa-2048-a"); the key set
holds that key and rsa-2048-b, as during a key rotation. Each contender,
per call: parses the token endpoint's JSON body, checks access_token and
token_type, verifies the ID token's signature, iss, aud, exp/iat (60 s
leeway) and nonce against the system clock, and returns the claims as a
dict.

- loginkit: `parse_token_response` + `verify_id_token` with the key set as
  JSON text (parsed on every call: its slowest use) + `to_dict()`.
- loginkit exchange: what `authenticate_with_code` does after the HTTP
  answer, on a client that already holds the key set: `exchange_code`
  (builds the token request) + `receive` (the token response, the ID token
  verified with the cached keys) + `user`.
- PyJWT, key prepared once: `json.loads` + the same checks by hand +
  `jwt.decode` with a `PyJWK` built once outside the timing (its fastest
  use). This is the 1.00x reference.
- PyJWT, key set parsed per call: the same with `PyJWKSet.from_json` on
  every call, like the first loginkit row.
"""

from __future__ import annotations

import json
import platform
import sys
import time
import timeit
from pathlib import Path

import jwt
import loginkit

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "conformance" / "generators" / "keys"
ISSUER = "https://acme.scalekit.dev"
CLIENT_ID = "skc_1234567890"
NONCE = "n-0S6_WzA2Mj"
REDIRECT_URI = "https://yourapp.com/auth/callback"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"


def fixtures() -> tuple[str, str, dict]:
    """(token response body, JWKS text, the claims) for a token signed now."""
    jwks = json.loads((KEYS / "jwks.json").read_text("utf-8"))
    keys = [key for key in jwks["keys"] if key["kid"] in ("rsa-2048-a", "rsa-2048-b")]
    jwks_text = json.dumps({"keys": keys})
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "usr_0123456789", "aud": CLIENT_ID, "exp": now + 3600, "iat": now,
              "nonce": NONCE, "email": "alice@example.com", "email_verified": True, "name": "Alice Example"}
    id_token = jwt.encode(claims, (KEYS / "rsa-2048-a.pem").read_bytes(), algorithm="RS256",
                          headers={"kid": "rsa-2048-a", "typ": "JWT"})
    body = json.dumps({"access_token": "at_Zx81kLpQ2vN4", "token_type": "Bearer", "expires_in": 3600,
                       "refresh_token": "rt_8xLOxBtZp8", "id_token": id_token, "scope": "openid profile email offline_access"})
    return body, jwks_text, claims


def loginkit_contender(body: str, jwks_text: str):
    def call() -> dict:
        tokens = loginkit.parse_token_response(200, body)
        claims = loginkit.verify_id_token(tokens.id_token, jwks_text, issuer=ISSUER, client_id=CLIENT_ID, nonce=NONCE)
        return claims.to_dict()

    return call


def loginkit_exchange_contender(body: str, jwks_text: str):
    client = loginkit.Client(ISSUER, CLIENT_ID, "test_secret_abc123")
    warm = client.exchange_code("code", REDIRECT_URI, code_verifier=VERIFIER, nonce=NONCE)
    assert isinstance(warm.receive(200, body), loginkit.HttpRequest)  # the key set is fetched once
    assert isinstance(warm.receive(200, jwks_text), loginkit.LoginResult)

    def call() -> dict:
        exchange = client.exchange_code("code", REDIRECT_URI, code_verifier=VERIFIER, nonce=NONCE)
        return exchange.receive(200, body).user

    return call


def pyjwt_checks(body: str, key) -> dict:
    tokens = json.loads(body)
    if not isinstance(tokens, dict) or not isinstance(tokens.get("access_token"), str) or not tokens["access_token"]:
        raise ValueError("no access_token")
    if not isinstance(tokens.get("token_type"), str) or tokens["token_type"].lower() != "bearer":
        raise ValueError("not a Bearer token")
    claims = jwt.decode(tokens["id_token"], key, algorithms=["RS256"], audience=CLIENT_ID, issuer=ISSUER, leeway=60,
                        options={"require": ["iss", "sub", "aud", "exp", "iat"]})
    if claims.get("nonce") != NONCE:
        raise ValueError("nonce mismatch")
    return claims


def pyjwt_prepared_contender(body: str, jwks_text: str):
    key = jwt.PyJWKSet.from_json(jwks_text)["rsa-2048-a"]

    def call() -> dict:
        return pyjwt_checks(body, key)

    return call


def pyjwt_per_call_contender(body: str, jwks_text: str):
    def call() -> dict:
        kid = jwt.get_unverified_header(json.loads(body)["id_token"])["kid"]
        return pyjwt_checks(body, jwt.PyJWKSet.from_json(jwks_text)[kid])

    return call


def per_call(call, number: int = 2_000, repeat: int = 7) -> float:
    call()  # warm up
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number


def main() -> None:
    body, jwks_text, claims = fixtures()
    contenders = {
        "loginkit": loginkit_contender(body, jwks_text),
        "loginkit exchange (cached keys)": loginkit_exchange_contender(body, jwks_text),
        "PyJWT, key prepared once": pyjwt_prepared_contender(body, jwks_text),
        "PyJWT, key set per call": pyjwt_per_call_contender(body, jwks_text),
    }
    for name, call in contenders.items():  # same token, same key, same answer
        assert call() == claims, name
    times = {name: per_call(call) for name, call in contenders.items()}
    reference = times["PyJWT, key prepared once"]
    print(f"CPython {platform.python_version()}, PyJWT {jwt.__version__}, "
          f"cryptography {__import__('cryptography').__version__}, {sys.platform}")
    print(f"{'token response + RS256 ID token':<34}{'per call':>12}{'vs PyJWT':>11}")
    for name, seconds in times.items():
        print(f"{name:<34}{seconds * 1e6:>9.1f} µs{seconds / reference:>10.2f}x")


if __name__ == "__main__":
    main()
