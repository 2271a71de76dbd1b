#!/usr/bin/env python3
"""Generates conformance/cases/transaction.json: the sealed login
transaction of issue 12, with three ops.

  finish_login        a callback plus the request's Cookie header, opened
                      with a list of transaction keys, checked in order
  validate_return_to  the same-origin rule for the return-to path
  transaction_cookie  the cookie name derived from a state and the
                      Set-Cookie values that store and delete it

The sealing format is written out here a second time, independently of
core/src/transaction.rs, with the `cryptography` package:

  derived key  HKDF-SHA256(salt = "loginkit transaction v1", ikm = key bytes,
               info = "aes-256-gcm", length 32)
  key id       SHA-256("loginkit key id v1" || key bytes)[:4]
  value        base64url-no-pad(0x01 || key id || nonce (12) || AES-256-GCM
               ciphertext || tag (16)), associated data 0x01 || key id
  plaintext    compact JSON {"s": state, "n": nonce, "v": code_verifier,
               "r": redirect_uri, "t": return_to or null, "i": issued_at}
  cookie name  "loginkit_tx_" + hex(SHA-256(state)[:8])

The core seals with a random GCM nonce; this generator uses a fixed nonce
per sealed value (SHA-256 of the value's label), so the output is
deterministic and a rerun writes a byte-identical file.

As in id_token_cases.py every case states its expected outcome by hand
("ok" with the transaction it was sealed from, or an error code). Before
anything is written each case is also run through the reference checks at
the bottom of this file (a transcription of the rules, written for this
purpose only); a disagreement prints the case and writes nothing.

Usage (Python 3.11 with the `cryptography` package):
    python3 -m venv /tmp/genvenv && /tmp/genvenv/bin/pip install cryptography
    /tmp/genvenv/bin/python conformance/generators/transaction_cases.py           # rewrite transaction.json
    /tmp/genvenv/bin/python conformance/generators/transaction_cases.py --check   # only compare with the committed file
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CASES_PATH = Path(__file__).resolve().parent.parent / "cases" / "transaction.json"

# --------------------------------------------------------------------------
# the sealing format

VERSION = 1
KEY_ID_LEN = 4
NONCE_LEN = 12
TAG_LEN = 16
MIN_SEALED_LEN = 1 + KEY_ID_LEN + NONCE_LEN + TAG_LEN  # 33
MIN_KEY_BYTES = 32
DEFAULT_TTL = 600
B64U_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_strict(text: str) -> bytes | None:
    """base64url without padding (RFC 4648 §5): only the 64 characters, no
    '=', no length of 4n+1, and the canonical encoding (zero trailing bits)."""
    if any(c not in B64U_ALPHABET for c in text) or len(text) % 4 == 1:
        return None
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return data if b64u(data) == text else None


def derive_key(secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"loginkit transaction v1",
                info=b"aes-256-gcm").derive(secret)


def key_id(secret: bytes) -> bytes:
    return hashlib.sha256(b"loginkit key id v1" + secret).digest()[:KEY_ID_LEN]


def plaintext(tx: dict) -> bytes:
    body = {"s": tx["state"], "n": tx["nonce"], "v": tx["code_verifier"], "r": tx["redirect_uri"],
            "t": tx["return_to"], "i": tx["issued_at"]}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def gcm_nonce(label: str) -> bytes:
    """The fixed GCM nonce of one sealed value (distinct per label)."""
    return hashlib.sha256(b"loginkit conformance gcm nonce " + label.encode("utf-8")).digest()[:NONCE_LEN]


def seal_raw(key_text: str, body: bytes, label: str) -> bytes:
    secret = b64u_strict(key_text)
    assert secret is not None and len(secret) >= MIN_KEY_BYTES, key_text
    header = bytes([VERSION]) + key_id(secret)
    nonce = gcm_nonce(label)
    return header + nonce + AESGCM(derive_key(secret)).encrypt(nonce, body, header)


def seal(key_text: str, tx: dict, label: str) -> str:
    return b64u(seal_raw(key_text, plaintext(tx), label))


def cookie_name(state: str) -> str:
    return "loginkit_tx_" + hashlib.sha256(state.encode("utf-8")).digest()[:8].hex()


def set_cookie(name: str, value: str, path: str, secure: bool, max_age: int) -> str:
    return f"{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly{'; Secure' if secure else ''}; SameSite=Lax"


def clear_cookie(name: str) -> str:
    return set_cookie(name, "", "/", True, 0)


def flip(raw: bytes, index: int, mask: int = 0x01) -> bytes:
    out = bytearray(raw)
    out[index] ^= mask
    return bytes(out)


# --------------------------------------------------------------------------
# fixtures (keys made for these tests only; they protect nothing)

ENV = "https://acme.scalekit.dev"
CLIENT = "skc_1234567890"
REDIRECT = "https://yourapp.com/auth/callback"
ISSUED = 1767225600  # 2026-01-01T00:00:00Z
CODE = "SplxlOBeZQQYbYS6WxSbIA"

KEY_A = b64u(bytes(range(0x00, 0x20)))  # 256 bits, the usual sealing key
KEY_NEW = b64u(bytes(range(0x40, 0x60)))  # 256 bits, the key rotated in
KEY_LONG = b64u(bytes(range(0x80, 0xc0)))  # 512 bits
KEY_OTHER = b64u(hashlib.sha256(b"another service's key").digest())  # a key this service does not hold
KEY_SHORT = b64u(bytes(range(0x00, 0x1f)))  # 248 bits
assert len(KEY_A) == 43 and len(KEY_SHORT) == 42

TX_A = {
    "state": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "nonce": "n-0S6_WzA2Mj",
    "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    "redirect_uri": REDIRECT,
    "return_to": None,
    "issued_at": ISSUED,
}
TX_A_RT = dict(TX_A, return_to="/dashboard?tab=billing")
TX_B = {
    "state": "Yq3tKp9LmW2xVb7NcZ4rHs8DfJ1gQe6U",
    "nonce": "n-7Yx3Qb2Lp9",
    "code_verifier": "Yx7Qm2Lp9Rt4Wv6Zb8Nc1Kd3Fg5Hj0Ss_ExUoIaPeR-T",
    "redirect_uri": REDIRECT,
    "return_to": "/settings/team",
    "issued_at": ISSUED + 30,
}
TX_UNICODE = dict(TX_A, state="état-✓-登录-😀", return_to="/café")
TX_PLUS = dict(TX_A, state="a b+c")

SEAL_A = seal(KEY_A, TX_A, "A")
SEAL_A_RT = seal(KEY_A, TX_A_RT, "A-return-to")
SEAL_B = seal(KEY_A, TX_B, "B")
RAW_A = b64u_strict(SEAL_A)
assert RAW_A is not None and len(RAW_A) > 60

NAME_A = cookie_name(TX_A["state"])
NAME_B = cookie_name(TX_B["state"])

CB_A = f"https://yourapp.com/auth/callback?code={CODE}&state={TX_A['state']}"
CB_A_TARGET = f"/auth/callback?code={CODE}&state={TX_A['state']}"
CB_B = f"/auth/callback?code={CODE}&state={TX_B['state']}"


def jar(*pairs: tuple[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in pairs)


# --------------------------------------------------------------------------
# cases

CASES: list[dict] = []


def case(op: str, cid: str, source: str, description: str, inp: dict, expect: dict) -> None:
    CASES.append({"id": "tx." + cid, "op": op, "source": source, "description": description,
                  "input": inp, "expect": expect})


def fl(cid: str, source: str, description: str, outcome, *, callback: str, cookie_header: str,
       keys: list[str] | None = None, ttl: int | None = None, now: int = ISSUED + 60, env_url: str = ENV,
       tx: dict | None = None, code: str = CODE) -> None:
    """A finish_login case; `outcome` is "ok" (then `tx` is the transaction
    expected back), an error code, or an authorization_error object."""
    inp = {"env_url": env_url, "client_id": CLIENT, "callback": callback, "cookie_header": cookie_header,
           "keys": [KEY_A] if keys is None else keys, "ttl": ttl, "now": now}
    if outcome == "ok":
        assert tx is not None
        expect = {"code": code, "transaction": tx, "clear_cookie": clear_cookie(cookie_name(tx["state"]))}
    elif isinstance(outcome, dict):
        expect = outcome
    else:
        expect = {"error": outcome}
    case("finish_login", cid, source, description, inp, expect)


def with_raw(raw: bytes) -> str:
    return jar((NAME_A, b64u(raw)))


def build_finish_login() -> None:
    s = "issue-12 finish_login"
    # success
    fl("ok", s, "A callback with its sealed cookie: the code and the opened transaction, and the Set-Cookie that "
       "deletes the cookie.", "ok", callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), tx=TX_A)
    fl("ok-return-to", s, "The return-to path travels in the sealed transaction.", "ok",
       callback=CB_A_TARGET, cookie_header=jar((NAME_A, SEAL_A_RT)), tx=TX_A_RT)
    fl("ok-bare-query", s, "The callback as a bare query string, parameters in another order.", "ok",
       callback=f"state={TX_A['state']}&code={CODE}", cookie_header=jar((NAME_A, SEAL_A)), tx=TX_A)
    fl("ok-among-other-cookies", "rfc6265-5.4", "The transaction cookie among the application's other cookies.",
       "ok", callback=CB_A, cookie_header=jar(("session", "abc123"), (NAME_A, SEAL_A), ("theme", "dark")), tx=TX_A)
    two_tabs = jar((NAME_A, SEAL_A_RT), (NAME_B, SEAL_B))
    fl("two-tabs-first", s, "Two logins in flight (two tabs), each cookie named after its state: the first "
       "login's callback finds its own cookie.", "ok", callback=CB_A, cookie_header=two_tabs, tx=TX_A_RT)
    fl("two-tabs-second", s, "Two logins in flight: the second login's callback finds its own cookie too.", "ok",
       callback=CB_B, cookie_header=two_tabs, tx=TX_B)
    fl("cookie-header-spaces-quotes", "rfc6265-4.2.1",
       "Extra spaces around names, values and separators, and a DQUOTE-wrapped value, are read through.", "ok",
       callback=CB_A, cookie_header=f'  other=1 ;  {NAME_A} = "{SEAL_A}"  ;z=2', tx=TX_A)
    fl("duplicate-cookie-first-wins", "rfc6265-5.4",
       "The same cookie name twice (two Path attributes): the first occurrence is the one read.", "ok",
       callback=CB_A, cookie_header=jar((NAME_A, SEAL_A), (NAME_A, "garbage")), tx=TX_A)
    fl("unicode-state", s, "A non-ASCII state (percent-encoded UTF-8 in the callback): the cookie name is "
       "SHA-256 of the decoded state's UTF-8 bytes.", "ok",
       callback="?code=" + CODE + "&state=%C3%A9tat-%E2%9C%93-%E7%99%BB%E5%BD%95-%F0%9F%98%80",
       cookie_header=jar((cookie_name(TX_UNICODE["state"]), seal(KEY_A, TX_UNICODE, "unicode"))), tx=TX_UNICODE)
    fl("state-plus-is-space", s, "The cookie name comes from the form-decoded state: '+' is a space, %2B a '+'.",
       "ok", callback=f"?code={CODE}&state=a+b%2Bc",
       cookie_header=jar((cookie_name(TX_PLUS["state"]), seal(KEY_A, TX_PLUS, "plus"))), tx=TX_PLUS)
    # keys
    fl("rotated-key", s, "Sealed under the old key, opened after rotation with the list [new, old]: any listed "
       "key opens.", "ok", callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), keys=[KEY_NEW, KEY_A], tx=TX_A)
    fl("sealed-with-new-key", s, "Sealed under the new (first) key, opened with [new, old].", "ok", callback=CB_A,
       cookie_header=jar((NAME_A, seal(KEY_NEW, TX_A, "A-new"))), keys=[KEY_NEW, KEY_A], tx=TX_A)
    fl("long-key", s, "A 512-bit key seals and opens like a 256-bit one.", "ok", callback=CB_A,
       cookie_header=jar((NAME_A, seal(KEY_LONG, TX_A, "A-long"))), keys=[KEY_LONG], tx=TX_A)
    fl("rotated-out", s, "Sealed under a key that has been removed from the list.", "transaction_unknown_key",
       callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), keys=[KEY_NEW])
    fl("wrong-key", s, "Sealed by another service under a key this service does not hold.",
       "transaction_unknown_key", callback=CB_A, cookie_header=jar((NAME_A, seal(KEY_OTHER, TX_A, "A-other"))))
    fl("key-too-short", s, "A 248-bit key is refused before the callback is read.", "invalid_transaction_key",
       callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), keys=[KEY_SHORT])
    fl("key-too-short-second", s, "Every key of the list must be valid, even one that is never needed.",
       "invalid_transaction_key", callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), keys=[KEY_A, KEY_SHORT])
    fl("key-list-empty", s, "No key at all.", "invalid_transaction_key", callback=CB_A,
       cookie_header=jar((NAME_A, SEAL_A)), keys=[])
    fl("key-empty-string", s, "An empty key (zero bytes).", "invalid_transaction_key", callback=CB_A,
       cookie_header=jar((NAME_A, SEAL_A)), keys=[""])
    fl("key-padded", s, "A key written with '=' padding is not base64url without padding.",
       "invalid_transaction_key", callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), keys=[KEY_A + "="])
    std_key = base64.b64encode(bytes(range(0xf8, 0x100)) * 4).decode("ascii").rstrip("=")
    assert "+" in std_key or "/" in std_key
    fl("key-standard-alphabet", s, "A key in the standard base64 alphabet ('+', '/') is not base64url.",
       "invalid_transaction_key", callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), keys=[std_key])
    fl("bad-key-before-bad-callback", s, "An invalid key is reported before anything else, even a callback "
       "that does not parse.", "invalid_transaction_key", callback="?code=x&state=%zz",
       cookie_header="", keys=[KEY_SHORT])
    # the callback is read before the cookie
    fl("invalid-callback", "issue-2 callback", "A malformed percent-escape: the callback does not parse.",
       "invalid_callback", callback=f"?code={CODE}&state={TX_A['state']}&x=%zz",
       cookie_header=jar((NAME_A, SEAL_A)))
    fl("duplicate-state", "issue-2 callback", "Two state parameters, before any cookie is looked up.",
       "duplicate_parameter", callback=f"?code={CODE}&state={TX_A['state']}&state={TX_B['state']}",
       cookie_header=two_tabs)
    fl("missing-state", "issue-2 callback", "No state: there is no cookie name to look up.", "missing_state",
       callback=f"?code={CODE}", cookie_header=jar((NAME_A, SEAL_A)))
    fl("empty-state", "issue-2 callback", "An empty state counts as no state.", "missing_state",
       callback=f"?code={CODE}&state=", cookie_header=jar((cookie_name(""), SEAL_A)))
    # the cookie must be there
    fl("no-cookie-header", s, "An empty Cookie header.", "transaction_missing", callback=CB_A, cookie_header="")
    fl("other-login-cookie-only", s, "Only another login's cookie is present.", "transaction_missing",
       callback=CB_A, cookie_header=jar((NAME_B, SEAL_B)))
    fl("cookie-name-upper-case", s, "Cookie names are compared exactly: the name in upper-case hex is another "
       "cookie.", "transaction_missing", callback=CB_A,
       cookie_header=jar(("loginkit_tx_" + NAME_A[len("loginkit_tx_"):].upper(), SEAL_A)))
    fl("cookie-name-longer", s, "A cookie whose name only starts with the derived name is another cookie.",
       "transaction_missing", callback=CB_A, cookie_header=jar((NAME_A + "0", SEAL_A)))
    fl("cookie-without-equals", "rfc6265-5.4", "A cookie pair without '=' is skipped.", "transaction_missing",
       callback=CB_A, cookie_header=f"{NAME_A}; other=1")
    # it must open
    fl("empty-value", s, "The cookie is present with an empty value.", "transaction_truncated", callback=CB_A,
       cookie_header=f"{NAME_A}=")
    fl("cut-to-header-and-nonce", s, "Only the version, key id and nonce are left (17 bytes).",
       "transaction_truncated", callback=CB_A, cookie_header=with_raw(RAW_A[:17]))
    fl("one-byte-short", s, "32 bytes: one short of the 33-byte minimum (1 + 4 + 12 + 16).",
       "transaction_truncated", callback=CB_A, cookie_header=with_raw(RAW_A[:MIN_SEALED_LEN - 1]))
    cut = SEAL_A[:-1] if len(SEAL_A) % 4 == 2 else SEAL_A[: len(SEAL_A) - (len(SEAL_A) % 4) + 1]
    assert len(cut) % 4 == 1
    fl("cut-not-base64url", s, "Cut to 4n+1 characters, which is no base64url text.", "transaction_truncated",
       callback=CB_A, cookie_header=jar((NAME_A, cut)))
    padded = base64.urlsafe_b64encode(RAW_A).decode("ascii")
    assert padded.endswith("=") and padded.rstrip("=") == SEAL_A
    fl("padded-value", s, "The value with '=' padding is not base64url without padding.", "transaction_truncated",
       callback=CB_A, cookie_header=jar((NAME_A, padded)))
    std_index = next(i for i, c in enumerate(SEAL_A) if c in "-_")
    std_value = SEAL_A[:std_index] + {"-": "+", "_": "/"}[SEAL_A[std_index]] + SEAL_A[std_index + 1:]
    fl("standard-alphabet-value", s, "The value in the standard base64 alphabet ('+', '/').",
       "transaction_truncated", callback=CB_A, cookie_header=jar((NAME_A, std_value)))
    fl("version-2", s, "Version byte 2: not a version-1 transaction (checked before the key id).",
       "transaction_truncated", callback=CB_A, cookie_header=with_raw(bytes([2]) + RAW_A[1:]))
    fl("version-0", s, "Version byte 0.", "transaction_truncated", callback=CB_A,
       cookie_header=with_raw(bytes([0]) + RAW_A[1:]))
    fl("cut-tail", s, "Cut by three bytes but still longer than the minimum: the tag no longer verifies.",
       "transaction_tampered", callback=CB_A, cookie_header=with_raw(RAW_A[:-3]))
    fl("tampered-ciphertext", s, "One ciphertext bit flipped.", "transaction_tampered", callback=CB_A,
       cookie_header=with_raw(flip(RAW_A, 1 + KEY_ID_LEN + NONCE_LEN + 5)))
    fl("tampered-tag", s, "One bit of the tag flipped.", "transaction_tampered", callback=CB_A,
       cookie_header=with_raw(flip(RAW_A, len(RAW_A) - 1, 0x80)))
    fl("tampered-nonce", s, "One bit of the GCM nonce flipped.", "transaction_tampered", callback=CB_A,
       cookie_header=with_raw(flip(RAW_A, 1 + KEY_ID_LEN)))
    swapped_id = bytes([VERSION]) + key_id(b64u_strict(KEY_NEW)) + RAW_A[1 + KEY_ID_LEN:]
    fl("tampered-key-id", s, "The key id rewritten to another held key's id: that key's tag check fails.",
       "transaction_tampered", callback=CB_A, cookie_header=with_raw(swapped_id), keys=[KEY_A, KEY_NEW])
    fl("minimum-length-empty-plaintext", s, "Exactly 33 bytes, an authentic seal of an empty plaintext: long "
       "enough, but not a transaction.", "transaction_tampered", callback=CB_A,
       cookie_header=with_raw(seal_raw(KEY_A, b"", "empty")))
    fl("plaintext-not-json", s, "An authentic seal of text that is not JSON.", "transaction_tampered",
       callback=CB_A, cookie_header=with_raw(seal_raw(KEY_A, b"state=" + TX_A["state"].encode(), "not-json")))
    fl("plaintext-array", s, "An authentic seal of a JSON array, not an object.", "transaction_tampered",
       callback=CB_A, cookie_header=with_raw(seal_raw(KEY_A, json.dumps(list(TX_A.values())).encode(), "array")))
    no_i = json.loads(plaintext(TX_A))
    del no_i["i"]
    fl("plaintext-missing-issued-at", s, "An authentic seal of an object without \"i\".", "transaction_tampered",
       callback=CB_A, cookie_header=with_raw(seal_raw(KEY_A, json.dumps(no_i).encode(), "no-i")))
    float_i = plaintext(TX_A).replace(f'"i":{ISSUED}'.encode(), f'"i":{ISSUED}.0'.encode())
    assert float_i != plaintext(TX_A)
    fl("plaintext-issued-at-float", s, "\"i\" must be an integer: 1767225600.0 is not.", "transaction_tampered",
       callback=CB_A, cookie_header=with_raw(seal_raw(KEY_A, float_i, "float-i")))
    number_v = json.loads(plaintext(TX_A))
    number_v["v"] = 12345
    fl("plaintext-verifier-number", s, "\"v\" must be a string.", "transaction_tampered", callback=CB_A,
       cookie_header=with_raw(seal_raw(KEY_A, json.dumps(number_v).encode(), "number-v")))
    # it must belong to this callback
    fl("swapped", s, "Login A's authentic cookie copied under login B's cookie name, with B's callback.",
       "transaction_swapped", callback=CB_B, cookie_header=jar((NAME_B, SEAL_A)))
    fl("swapped-before-expired", s, "A swapped cookie that has also expired is reported as swapped.",
       "transaction_swapped", callback=CB_B, cookie_header=jar((NAME_B, SEAL_A)), now=ISSUED + 10_000)
    # it must be young enough
    fl("expired-at-ttl", s, "now = issued_at + 600 (the default TTL): expired exactly at the edge.",
       "transaction_expired", callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), now=ISSUED + DEFAULT_TTL)
    fl("live-before-ttl", s, "now = issued_at + 599: one second left.", "ok", callback=CB_A,
       cookie_header=jar((NAME_A, SEAL_A)), now=ISSUED + DEFAULT_TTL - 1, tx=TX_A)
    fl("ttl-60-live", s, "ttl 60, now = issued_at + 59.", "ok", callback=CB_A,
       cookie_header=jar((NAME_A, SEAL_A)), ttl=60, now=ISSUED + 59, tx=TX_A)
    fl("ttl-60-expired", s, "ttl 60, now = issued_at + 60.", "transaction_expired", callback=CB_A,
       cookie_header=jar((NAME_A, SEAL_A)), ttl=60, now=ISSUED + 60)
    fl("ttl-null-is-600", s, "ttl null means 600, not 60: 61 s after the start is still live.", "ok",
       callback=CB_A, cookie_header=jar((NAME_A, SEAL_A)), ttl=None, now=ISSUED + 61, tx=TX_A)
    fl("expired-before-issuer", s, "An expired cookie with a wrong-issuer callback is reported as expired.",
       "transaction_expired", callback=f"{CB_A_TARGET}&iss=https%3A%2F%2Fevil.example",
       cookie_header=jar((NAME_A, SEAL_A)), now=ISSUED + DEFAULT_TTL)
    # then the rest of the callback
    fl("iss-match", "rfc9207-2.4", "An iss equal to the environment URL.", "ok",
       callback=f"{CB_A_TARGET}&iss=https%3A%2F%2Facme.scalekit.dev", cookie_header=jar((NAME_A, SEAL_A)), tx=TX_A)
    fl("iss-match-normalised-env", "rfc9207-2.4", "The environment URL is normalised (host case, trailing "
       "slash) before the comparison.", "ok", env_url="https://ACME.scalekit.dev/",
       callback=f"{CB_A_TARGET}&iss=https%3A%2F%2Facme.scalekit.dev", cookie_header=jar((NAME_A, SEAL_A)), tx=TX_A)
    fl("iss-mismatch", "rfc9207-2.4", "An iss naming another issuer, with a valid cookie.", "issuer_mismatch",
       callback=f"{CB_A_TARGET}&iss=https%3A%2F%2Fevil.example", cookie_header=jar((NAME_A, SEAL_A)))
    fl("access-denied", "rfc6749-4.1.2.1", "The server's error response, with a valid cookie: the OAuth error "
       "is reported after the cookie checks.",
       {"error": "authorization_error", "oauth_error": "access_denied",
        "error_description": "The user cancelled the login"},
       callback=f"/auth/callback?error=access_denied&error_description=The+user+cancelled+the+login"
                f"&state={TX_A['state']}",
       cookie_header=jar((NAME_A, SEAL_A)))
    fl("access-denied-without-cookie", s, "An error response with no cookie for its state is reported as "
       "transaction_missing: the cookie is checked first.", "transaction_missing",
       callback=f"?error=access_denied&state={TX_A['state']}", cookie_header="")
    fl("missing-code", "issue-2 callback", "State and a valid cookie, but no code.", "missing_code",
       callback=f"?state={TX_A['state']}", cookie_header=jar((NAME_A, SEAL_A)))


def build_validate_return_to() -> None:
    s = "issue-12 return_to"
    valid = [
        ("root", "/", "The root path."),
        ("path-query-fragment", "/dashboard?tab=1#x", "A path with a query and a fragment."),
        ("dot-segments", "/a/../b", "Dot segments stay on the origin."),
        ("encoded-slashes", "/%2F%2Fevil.com", "Percent-encoded slashes are path data, not an authority: the "
         "result stays same-origin."),
        ("encoded-backslash", "/%5Cevil.com", "A percent-encoded backslash is path data."),
        ("double-slash-in-query", "/?next=//evil.com", "'//' in the query is data."),
        ("double-slash-later", "/a//evil.com", "'//' after the first segment is an empty path segment."),
        ("non-ascii", "/café/登录", "Non-ASCII path characters are allowed."),
    ]
    invalid = [
        ("protocol-relative", "//evil.com", "whatwg-url", "'//' starts an authority: another origin."),
        ("backslash", "/\\evil.com", "whatwg-url", "A backslash counts as '/' for https: '/\\evil.com' is "
         "'//evil.com'."),
        ("triple-slash", "///evil.com", "whatwg-url", "Any number of slashes before a host: another origin."),
        ("double-slash-only", "//", "whatwg-url", "'//' with no host."),
        ("absolute-url", "https://evil.com", s, "An absolute URL does not start with '/'."),
        ("scheme-without-slashes", "https:evil.com", s, "'https:evil.com' does not start with '/'."),
        ("javascript", "javascript:alert(1)", s, "A javascript: URL."),
        ("relative", "dashboard", s, "A relative path without '/'."),
        ("empty", "", s, "The empty string."),
        ("leading-space", " /x", s, "A leading space: does not start with '/'."),
        ("tab-slash", "/\t/evil.com", "whatwg-url", "A tab, which URL parsers strip (making '//evil.com')."),
        ("newline", "/\n/evil.com", "whatwg-url", "A newline (header injection, and stripped by URL parsers)."),
        ("nul", "/a\x00b", s, "A NUL."),
        ("del", "/a\x7f", s, "DEL is a control character."),
        ("c1-nel", "/a\x85b", "rfc3987-4.1", "U+0085 (NEL) is a C1 control."),
        ("bidi-override", "/\u202e", "rfc3987-4.1", "U+202E RIGHT-TO-LEFT OVERRIDE."),
        ("zero-width-space", "/a\u200bb", "rfc3987-4.1", "U+200B ZERO WIDTH SPACE."),
        ("bom", "/\ufeffa", "rfc3987-4.1", "U+FEFF ZERO WIDTH NO-BREAK SPACE."),
    ]
    for cid, value, description in valid:
        case("validate_return_to", "return-to." + cid, s, description, {"return_to": value}, {"valid": True})
    for cid, value, source, description in invalid:
        case("validate_return_to", "return-to." + cid, source, description, {"return_to": value},
             {"error": "invalid_return_to"})


def build_transaction_cookie() -> None:
    s = "issue-12 cookie"

    def tc(cid: str, description: str, state: str, value: str, path=None, secure=None, ttl=None) -> None:
        name = cookie_name(state)
        p, sec, t = path or "/", True if secure is None else secure, DEFAULT_TTL if ttl is None else ttl
        case("transaction_cookie", "cookie." + cid, s, description,
             {"state": state, "cookie_value": value, "path": path, "secure": secure, "ttl": ttl},
             {"cookie_name": name, "set_cookie": set_cookie(name, value, p, sec, t),
              "clear_cookie": set_cookie(name, "", p, sec, 0)})

    tc("defaults", "Defaults: Path=/, Max-Age=600, HttpOnly, Secure, SameSite=Lax.", TX_A["state"], SEAL_A)
    tc("not-secure", "secure false drops '; Secure' from both values.", TX_A["state"], SEAL_A, secure=False)
    tc("path-and-ttl", "A custom path and ttl 60.", TX_B["state"], SEAL_B, path="/auth", secure=True, ttl=60)
    tc("unicode-state", "The name is SHA-256 of the state's UTF-8 bytes.", TX_UNICODE["state"], "v")
    tc("empty-state", "The empty state still has a name (SHA-256 of no bytes).", "", "v")


# --------------------------------------------------------------------------
# reference checks (a transcription of the rules, for this generator only)


class Failure(Exception):
    def __init__(self, result: dict):
        super().__init__(result)
        self.result = result


def fail(code: str) -> Failure:
    return Failure({"error": code})


def ref_keys(texts: list[str]) -> list[tuple[bytes, bytes]]:
    if not texts:
        raise fail("invalid_transaction_key")
    keys = []
    for text in texts:
        secret = b64u_strict(text)
        if secret is None or len(secret) < MIN_KEY_BYTES:
            raise fail("invalid_transaction_key")
        keys.append((key_id(secret), derive_key(secret)))
    return keys


def ref_base_url(env_url: str) -> str:
    # Only the simple env URLs used above: scheme://host[/], host case-folded.
    parts = urlsplit(env_url)
    assert parts.scheme in ("http", "https") and not parts.query and not parts.fragment and parts.path in ("", "/")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def form_decode(raw: str) -> str:
    data, out, i = raw.encode("utf-8"), bytearray(), 0
    while i < len(data):
        byte = data[i]
        if byte == ord("+"):
            out.append(0x20)
        elif byte == ord("%"):
            pair = data[i + 1:i + 3]
            if len(pair) != 2 or any(b not in b"0123456789abcdefABCDEF" for b in pair):
                raise fail("invalid_callback")
            out.append(int(pair, 16))
            i += 2
        else:
            out.append(byte)
        i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise fail("invalid_callback") from None


SINGLE = ("code", "state", "error", "error_description", "error_uri", "iss")


def ref_callback_parameters(callback: str) -> dict[str, str]:
    text = callback.split("#", 1)[0]
    scheme = text.split(":", 1)[0] if ":" in text else ""
    has_scheme = bool(scheme) and scheme[0].isascii() and scheme[0].isalpha() and all(
        c.isascii() and (c.isalnum() or c in "+-.") for c in scheme)
    if text.startswith("/") or has_scheme:
        query = text.split("?", 1)[1] if "?" in text else ""
    else:
        query = text[1:] if text.startswith("?") else text
    found: dict[str, str] = {}
    for pair in filter(None, query.split("&")):
        raw_name, _, raw_value = pair.partition("=")
        name, value = form_decode(raw_name), form_decode(raw_value)
        if name in SINGLE:
            if name in found:
                raise fail("duplicate_parameter")
            found[name] = value
    return {k: v for k, v in found.items() if v}


def ref_cookie(header: str, name: str) -> str | None:
    for pair in header.split(";"):
        key, eq, value = pair.strip().partition("=")
        if eq and key.strip() == name:
            return value.strip().strip('"')
    return None


def ref_open(keys: list[tuple[bytes, bytes]], value: str) -> dict:
    raw = b64u_strict(value)
    if raw is None or len(raw) < MIN_SEALED_LEN or raw[0] != VERSION:
        raise fail("transaction_truncated")
    header, nonce, sealed = raw[:1 + KEY_ID_LEN], raw[1 + KEY_ID_LEN:1 + KEY_ID_LEN + NONCE_LEN], raw[1 + KEY_ID_LEN + NONCE_LEN:]
    match = [derived for kid, derived in keys if kid == header[1:]]
    if not match:
        raise fail("transaction_unknown_key")
    try:
        body = AESGCM(match[0]).decrypt(nonce, sealed, header)
        obj = json.loads(body.decode("utf-8"), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except (InvalidTag, UnicodeDecodeError, ValueError):
        raise fail("transaction_tampered") from None
    strings = [obj.get(k) for k in "snvr"] if isinstance(obj, dict) else [None]
    issued = obj.get("i") if isinstance(obj, dict) else None
    if not all(isinstance(v, str) for v in strings) or type(issued) is not int or not -2**63 <= issued < 2**63:
        raise fail("transaction_tampered")
    return {"state": obj["s"], "nonce": obj["n"], "code_verifier": obj["v"], "redirect_uri": obj["r"],
            "return_to": obj["t"] if isinstance(obj.get("t"), str) else None, "issued_at": issued}


def ref_finish_login(inp: dict) -> dict:
    try:
        keys = ref_keys(inp["keys"])
        base = ref_base_url(inp["env_url"])
        assert inp["client_id"]
        params = ref_callback_parameters(inp["callback"])
        state = params.get("state")
        if state is None:
            raise fail("missing_state")
        name = cookie_name(state)
        value = ref_cookie(inp["cookie_header"], name)
        if value is None:
            raise fail("transaction_missing")
        tx = ref_open(keys, value)
        if not tx["state"] or tx["state"] != state:
            raise fail("transaction_swapped")
        ttl = DEFAULT_TTL if inp.get("ttl") is None else inp["ttl"]
        if inp["now"] - tx["issued_at"] >= ttl:
            raise fail("transaction_expired")
        if "iss" in params and params["iss"] != base:
            raise fail("issuer_mismatch")
        if "error" in params:
            result = {"error": "authorization_error", "oauth_error": params["error"]}
            for extra in ("error_description", "error_uri"):
                if extra in params:
                    result[extra] = params[extra]
            raise Failure(result)
        if "code" not in params:
            raise fail("missing_code")
        return {"code": params["code"], "transaction": tx, "clear_cookie": clear_cookie(name)}
    except Failure as failure:
        return failure.result


TRAPS = ({0x061C, 0xFEFF} | set(range(0x200B, 0x2010)) | set(range(0x2028, 0x202F))
         | set(range(0x2060, 0x206A)) | set(range(0xFFF9, 0xFFFC)))


def ref_validate_return_to(inp: dict) -> dict:
    value = inp["return_to"]
    bad = not value.startswith("/") or any(
        c == "\\" or unicodedata.category(c) == "Cc" or ord(c) in TRAPS for c in value)
    # With a leading '/' and no backslash, tab or newline left, the WHATWG
    # parser leaves the base's origin exactly when a second '/' follows
    # (special-authority-ignore-slashes state); anything else is a path.
    if bad or value.startswith("//"):
        return {"error": "invalid_return_to"}
    return {"valid": True}


def ref_transaction_cookie(inp: dict) -> dict:
    name = cookie_name(inp["state"])
    path = "/" if inp.get("path") is None else inp["path"]
    secure = True if inp.get("secure") is None else inp["secure"]
    ttl = DEFAULT_TTL if inp.get("ttl") is None else inp["ttl"]
    return {"cookie_name": name, "set_cookie": set_cookie(name, inp["cookie_value"], path, secure, ttl),
            "clear_cookie": set_cookie(name, "", path, secure, 0)}


REFERENCE = {"finish_login": ref_finish_login, "validate_return_to": ref_validate_return_to,
             "transaction_cookie": ref_transaction_cookie}


# --------------------------------------------------------------------------
# output


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def render(description: str) -> str:
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f'  "suite": {dump("transaction")},', f'  "description": {dump(description)},', '  "cases": [']
    for index, c in enumerate(CASES):
        lines.append("    {")
        fields = ["id", "op", "source", "description", "input", "expect"]
        for position, field in enumerate(fields):
            comma = "," if position < len(fields) - 1 else ""
            lines.append(f'      "{field}": {dump(c[field])}{comma}')
        lines.append("    }" + ("," if index < len(CASES) - 1 else ""))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


DESCRIPTION = (
    "The sealed login transaction (issue 12). finish_login: keys first (invalid_transaction_key: empty list, not "
    "base64url without padding, < 32 bytes); then the callback parses (invalid_callback, duplicate_parameter, "
    "missing_state); the cookie named loginkit_tx_ + hex(SHA-256(state)[:8]) is in the Cookie header "
    "(transaction_missing); it opens (transaction_truncated: not base64url, < 33 bytes or version byte != 1; "
    "transaction_unknown_key; transaction_tampered: GCM fails or the plaintext is not the transaction object); its "
    "state is the callback's (transaction_swapped); now - issued_at < ttl, null = 600 (transaction_expired); then "
    "issuer_mismatch, authorization_error, missing_code. validate_return_to: starts with '/', no backslash, control "
    "or display-trap character, same origin when resolved (WHATWG). transaction_cookie: the cookie name and its "
    "Set-Cookie values. Sealed values use fixed GCM nonces. Generated by "
    "conformance/generators/transaction_cases.py.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare with the committed case file")
    args = parser.parse_args()

    build_finish_login()
    build_validate_return_to()
    build_transaction_cookie()

    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    problems = 0
    for c in CASES:
        got = REFERENCE[c["op"]](c["input"])
        if canonical(got) != canonical(c["expect"]):
            problems += 1
            print(f"DISAGREE {c['id']}: stated {canonical(c['expect'])[:300]} reference {canonical(got)[:300]}")
    if problems:
        print(f"{problems} case(s) disagree with the reference checks; nothing written")
        return 1

    text = render(DESCRIPTION)
    if args.check:
        current = CASES_PATH.read_text(encoding="utf-8") if CASES_PATH.exists() else ""
        if current != text:
            print(f"{CASES_PATH.name} differs from what the generator writes")
            return 1
        print(f"{CASES_PATH.name} is up to date ({len(CASES)} cases)")
        return 0
    CASES_PATH.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print(f"wrote {CASES_PATH.name}: {len(CASES)} cases ({', '.join(f'{k} {v}' for k, v in counts.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
