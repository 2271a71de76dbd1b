#!/usr/bin/env python3
"""Generates the conformance cases for the token-endpoint half of the flow:

  conformance/cases/id_token.json        op verify_id_token
  conformance/cases/token_response.json  op parse_token_response
  conformance/cases/token_request.json   op token_request

Inputs are deterministic: the keys are committed in keys/ (PEM, PKCS#8),
RS256/EdDSA/HMAC signatures are deterministic by construction, ES256 uses
RFC 6979 deterministic ECDSA and PS256 uses a salt derived from the signing
input, so running this twice writes byte-identical files.

Every case states its expected outcome by hand (the `expect=` argument of
each case). Before anything is written, each case is also run through the
small reference checks at the bottom of this file, which are transcriptions
of the rules in the case files' descriptions; a disagreement aborts the run
instead of writing a file. The reference checks are a second opinion for
the generator only; they are not an implementation of loginkit.

Usage (Python 3.11 with the `cryptography` package):
    python3 -m venv /tmp/genvenv && /tmp/genvenv/bin/pip install cryptography
    /tmp/genvenv/bin/python conformance/generators/id_token_cases.py
    /tmp/genvenv/bin/python conformance/generators/id_token_cases.py --new-keys   # replace the keys (rewrites every token)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import re
import sys
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.exceptions import InvalidSignature

HERE = Path(__file__).resolve().parent
KEYS_DIR = HERE / "keys"
CASES_DIR = HERE.parent / "cases"

# name -> how to make it. The name is also the key's "kid" unless a case says otherwise.
KEY_SPECS: dict[str, tuple] = {
    "rsa-2048-a": ("rsa", 2048),
    "rsa-2048-b": ("rsa", 2048),
    "rsa-2048-attacker": ("rsa", 2048),
    "rsa-2047": ("rsa", 2047),
    "rsa-1024": ("rsa", 1024),
    "ec-p256-a": ("ec", "P-256"),
    "ec-p256-attacker": ("ec", "P-256"),
    "ec-p384": ("ec", "P-384"),
    "ed25519-a": ("ed25519",),
    "ed25519-attacker": ("ed25519",),
    "ed448": ("ed448",),
}

ISS = "https://acme.scalekit.dev"
CLIENT = "skc_1234567890"
NOW = 1767225600  # 2026-01-01T00:00:00Z
NONCE = "n-0S6_WzA2Mj"
SUB = "usr_0123456789"


# --------------------------------------------------------------------------
# keys


def new_key(spec: tuple):
    kind = spec[0]
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=spec[1])
    if kind == "ec":
        return ec.generate_private_key({"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}[spec[1]])
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind == "ed448":
        return ed448.Ed448PrivateKey.generate()
    raise ValueError(spec)


def load_keys(regenerate: bool) -> dict:
    KEYS_DIR.mkdir(exist_ok=True)
    keys = {}
    for name, spec in KEY_SPECS.items():
        path = KEYS_DIR / f"{name}.pem"
        if regenerate or not path.exists():
            if not regenerate:
                sys.exit(f"missing {path}; run with --new-keys to create every key afresh")
            key = new_key(spec)
            path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        keys[name] = serialization.load_pem_private_key(path.read_bytes(), password=None)
    return keys


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def int_bytes(value: int, length: int | None = None) -> bytes:
    length = length or max(1, (value.bit_length() + 7) // 8)
    return value.to_bytes(length, "big")


def public_jwk(name: str) -> dict:
    """The public JWK of a committed key: kty, kid, then the key parameters."""
    key = KEYS[name]
    if isinstance(key, rsa.RSAPrivateKey):
        numbers = key.public_key().public_numbers()
        return {"kty": "RSA", "kid": name, "n": b64u(int_bytes(numbers.n)), "e": b64u(int_bytes(numbers.e))}
    if isinstance(key, ec.EllipticCurvePrivateKey):
        numbers = key.public_key().public_numbers()
        crv, size = {"secp256r1": ("P-256", 32), "secp384r1": ("P-384", 48)}[key.curve.name]
        return {"kty": "EC", "kid": name, "crv": crv, "x": b64u(int_bytes(numbers.x, size)),
                "y": b64u(int_bytes(numbers.y, size))}
    if isinstance(key, ed25519.Ed25519PrivateKey):
        raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "kid": name, "crv": "Ed25519", "x": b64u(raw)}
    if isinstance(key, ed448.Ed448PrivateKey):
        raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "kid": name, "crv": "Ed448", "x": b64u(raw)}
    raise TypeError(name)


_DROP = object()


def jwk(name: str, **changes) -> dict:
    """public_jwk(name) with members changed; kid=None drops the kid. use/alg go after kid."""
    base = public_jwk(name)
    out = {"kty": base.pop("kty")}
    kid = changes.pop("kid", base.get("kid"))
    base.pop("kid", None)
    if kid is not None:
        out["kid"] = kid
    for member in ("use", "alg"):
        if member in changes:
            out[member] = changes.pop(member)
    out.update(base)
    out.update(changes)
    return out


def jwks_text(*keys, indent: int | None = None) -> str:
    if indent:
        return json.dumps({"keys": list(keys)}, indent=indent)
    return json.dumps({"keys": list(keys)}, separators=(",", ":"))


# --------------------------------------------------------------------------
# signing


def mgf1(seed: bytes, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def pss_sign_deterministic(key: rsa.RSAPrivateKey, message: bytes) -> bytes:
    """RSASSA-PSS (RFC 8017 8.1.1) with SHA-256, MGF1-SHA-256, 32-byte salt
    (RFC 7518 3.5), the salt derived from the message so that reruns agree."""
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    mod_bits = n.bit_length()
    em_bits = mod_bits - 1
    em_len = (em_bits + 7) // 8
    m_hash = hashlib.sha256(message).digest()
    salt = hashlib.sha256(b"loginkit-conformance-pss-salt" + message).digest()
    h = hashlib.sha256(b"\x00" * 8 + m_hash + salt).digest()
    db = b"\x00" * (em_len - len(salt) - len(h) - 2) + b"\x01" + salt
    masked = bytes(a ^ b for a, b in zip(db, mgf1(h, em_len - len(h) - 1)))
    masked = bytes([masked[0] & (0xFF >> (8 * em_len - em_bits))]) + masked[1:]
    em = masked + h + b"\xbc"
    signature = int_bytes(pow(int.from_bytes(em, "big"), d, n), (mod_bits + 7) // 8)
    key.public_key().verify(signature, message, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                            hashes.SHA256())
    return signature


HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}


def sign(alg: str, key_name: str, message: bytes, *, der: bool = False) -> bytes:
    key = KEYS[key_name]
    if alg.startswith("RS"):
        return key.sign(message, padding.PKCS1v15(), HASHES[alg[2:]]())
    if alg == "PS256":
        return pss_sign_deterministic(key, message)
    if alg.startswith("PS"):
        raise ValueError("only PS256 is deterministic here")
    if alg in ("ES256", "ES384"):
        size = {"ES256": 32, "ES384": 48}[alg]
        signature = key.sign(message, ec.ECDSA(HASHES[alg[2:]](), deterministic_signing=True))
        if der:
            return signature
        r, s = decode_dss_signature(signature)
        return int_bytes(r, size) + int_bytes(s, size)
    if alg == "EdDSA":
        return key.sign(message)
    raise ValueError(alg)


def jenc(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def compact(header, payload, signature) -> str:
    """header/payload: dict (compact JSON) or bytes (used as is); signature:
    bytes, or (alg, key name) to sign, or a callable taking the signing input."""
    header_bytes = header if isinstance(header, bytes) else jenc(header)
    payload_bytes = payload if isinstance(payload, bytes) else jenc(payload)
    signing_input = b64u(header_bytes) + "." + b64u(payload_bytes)
    if isinstance(signature, tuple):
        signature = sign(signature[0], signature[1], signing_input.encode("ascii"))
    elif callable(signature):
        signature = signature(signing_input.encode("ascii"))
    return signing_input + "." + b64u(signature)


def claims(**changes) -> dict:
    """The standard payload; a value of _DROP removes the claim, new claims are appended."""
    payload = {"iss": ISS, "sub": SUB, "aud": CLIENT, "exp": NOW + 3300, "iat": NOW - 300, "nonce": NONCE}
    for name, value in changes.items():
        if value is _DROP:
            payload.pop(name, None)
        else:
            payload[name] = value
    return payload


def header(alg: str, kid: str | None, **extra) -> dict:
    out = {"alg": alg}
    if kid is not None:
        out["kid"] = kid
    out["typ"] = "JWT"
    out.update(extra)
    return out


def tok(alg: str, key_name: str, payload=None, *, kid=_DROP, sign_as: tuple | None = None, **extra_header) -> str:
    """A token signed by key_name with alg; kid defaults to the key name (None: no kid)."""
    kid = key_name if kid is _DROP else kid
    return compact(header(alg, kid, **extra_header), claims() if payload is None else payload,
                   sign_as or (alg, key_name))


def parts(token: str) -> list[str]:
    return token.split(".")


def std_b64(part: str) -> str:
    return part.replace("-", "+").replace("_", "/")


# --------------------------------------------------------------------------
# id_token cases

ID_CASES: list[dict] = []


def idt(case_id: str, source: str, description: str, expect: str, token: str, *, jwks: str | None = None,
        issuer: str = ISS, client_id: str = CLIENT, nonce: str | None = NONCE, now: int = NOW,
        leeway: int | None = None) -> None:
    ID_CASES.append({
        "id": "idt." + case_id,
        "op": "verify_id_token",
        "source": source,
        "description": description,
        "input": {"issuer": issuer, "client_id": client_id, "jwks": MAIN_JWKS if jwks is None else jwks,
                  "id_token": token, "nonce": nonce, "now": now, "leeway": leeway},
        "_expect": expect,
    })


def build_id_token_cases() -> None:
    global MAIN_JWKS
    MAIN_JWKS = jwks_text(jwk("rsa-2048-a"), jwk("rsa-2048-b"), jwk("ec-p256-a"), jwk("ed25519-a"))
    only_rsa_a = jwks_text(jwk("rsa-2048-a"))
    ok = "ok"

    # ---- happy paths, one per algorithm
    idt("rs256-happy", "oidc-core-3.1.3.7", "RS256 signed by the JWKS key its kid names, every claim valid.", ok,
        tok("RS256", "rsa-2048-a"))
    idt("ps256-happy", "rfc7518-3.5", "PS256 (RSASSA-PSS, SHA-256, 32-byte salt) with the same RSA key.", ok,
        tok("PS256", "rsa-2048-a"))
    idt("es256-happy", "rfc7518-3.4", "ES256 with the signature as 64-byte R||S.", ok, tok("ES256", "ec-p256-a"))
    idt("eddsa-happy", "rfc8037-3.1", "EdDSA with an Ed25519 OKP key.", ok, tok("EdDSA", "ed25519-a"))
    idt("rs256-second-rsa-key-by-kid", "rfc7515-4.1.4",
        "The kid selects the second of two RSA keys in the JWKS.", ok, tok("RS256", "rsa-2048-b"))
    idt("ps256-second-rsa-key-by-kid", "rfc7515-4.1.4", "PS256 with the kid naming the second RSA key.", ok,
        tok("PS256", "rsa-2048-b"))

    # ---- key selection
    crowded = jwks_text(
        {"kty": "oct", "kid": "hmac-1", "k": b64u(b"an oct key is ignored by this verifier")},
        {"kty": "foo", "kid": "future-1", "x": "AQAB"},
        jwk("rsa-2048-b", use="enc"),
        jwk("ec-p384"),
        jwk("ed448"),
        jwk("rsa-2048-a", use="sig"),
        jwk("ec-p256-a", use="sig"),
        jwk("ed25519-a"),
    )
    idt("kid-selects-in-crowded-jwks", "rfc7517-5",
        "A JWKS with oct, unknown-kty, enc, P-384, Ed448 and signing keys: the kid picks the right one.", ok,
        tok("RS256", "rsa-2048-a"), jwks=crowded)
    idt("kid-selects-ec-in-crowded-jwks", "rfc7517-5", "The kid picks the P-256 key among many.", ok,
        tok("ES256", "ec-p256-a"), jwks=crowded)
    idt("no-kid-single-key", "design-decision key-selection",
        "No kid and a JWKS of one RSA key (that has a kid): that key is used.", ok,
        tok("RS256", "rsa-2048-a", kid=None), jwks=only_rsa_a)
    idt("no-kid-single-key-without-kid", "design-decision key-selection",
        "No kid in header or JWK: the single compatible key is used.", ok,
        tok("RS256", "rsa-2048-a", kid=None), jwks=jwks_text(jwk("rsa-2048-a", kid=None)))
    idt("no-kid-one-compatible-among-types", "design-decision key-selection",
        "ES256 without kid and a JWKS of two RSA, one P-256 and one Ed25519 key: the only EC P-256 key is used.", ok,
        tok("ES256", "ec-p256-a", kid=None))
    idt("no-kid-eddsa-one-okp", "design-decision key-selection",
        "EdDSA without kid: the only OKP Ed25519 key is used.", ok, tok("EdDSA", "ed25519-a", kid=None))
    idt("no-kid-crv-decides-compatibility", "design-decision key-selection",
        "ES256 without kid, JWKS of a P-384 and a P-256 key: only the P-256 key is compatible.", ok,
        tok("ES256", "ec-p256-a", kid=None), jwks=jwks_text(jwk("ec-p384"), jwk("ec-p256-a")))
    idt("no-kid-ed448-not-compatible", "design-decision key-selection",
        "EdDSA without kid, JWKS of an Ed448 and an Ed25519 key: only Ed25519 is compatible.", ok,
        tok("EdDSA", "ed25519-a", kid=None), jwks=jwks_text(jwk("ed448"), jwk("ed25519-a")))
    idt("no-kid-enc-key-ignored", "rfc7517-4.2",
        "No kid; the second RSA key has use enc and is ignored, leaving exactly one compatible key.", ok,
        tok("RS256", "rsa-2048-a", kid=None), jwks=jwks_text(jwk("rsa-2048-a"), jwk("rsa-2048-b", use="enc")))
    idt("no-kid-two-rsa-keys", "design-decision key-selection",
        "RS256 without kid and two RSA signing keys: ambiguous, unknown_key_id.", "unknown_key_id",
        tok("RS256", "rsa-2048-a", kid=None))
    idt("no-kid-ps256-two-rsa-keys", "design-decision key-selection",
        "PS256 without kid and two RSA keys: ambiguous.", "unknown_key_id", tok("PS256", "rsa-2048-a", kid=None))
    idt("no-kid-no-compatible-key", "design-decision key-selection",
        "EdDSA without kid and a JWKS with RSA and EC keys only.", "unknown_key_id",
        tok("EdDSA", "ed25519-a", kid=None), jwks=jwks_text(jwk("rsa-2048-a"), jwk("ec-p256-a")))
    idt("no-kid-empty-jwks", "rfc7517-5", "An empty key set is a valid JWKS with no key to use.", "unknown_key_id",
        tok("RS256", "rsa-2048-a", kid=None), jwks='{"keys":[]}')
    idt("kid-empty-jwks", "rfc7517-5", "A kid and an empty key set.", "unknown_key_id",
        tok("RS256", "rsa-2048-a"), jwks='{"keys":[]}')
    idt("unknown-kid", "rfc7515-4.1.4", "A kid no JWKS key carries.", "unknown_key_id",
        tok("RS256", "rsa-2048-a", kid="rsa-2048-z"))
    idt("kid-case-sensitive", "rfc7515-4.1.4", "kid comparison is exact: RSA-2048-A is not rsa-2048-a.",
        "unknown_key_id", tok("RS256", "rsa-2048-a", kid="RSA-2048-A"))
    idt("kid-given-jwk-without-kid", "rfc7515-4.1.4",
        "A header kid never falls back to a JWKS key without kid, even when it is the only key.", "unknown_key_id",
        tok("RS256", "rsa-2048-a"), jwks=jwks_text(jwk("rsa-2048-a", kid=None)))
    idt("kid-names-enc-key", "rfc7517-4.2", "The only key with the kid has use enc and is ignored.",
        "unknown_key_id", tok("RS256", "rsa-2048-a"),
        jwks=jwks_text(jwk("rsa-2048-a", use="enc"), jwk("rsa-2048-b")))
    idt("kid-names-unknown-kty-key", "rfc7517-4.1", "The only key with the kid has an unknown kty and is ignored.",
        "unknown_key_id", tok("RS256", "rsa-2048-a", kid="future-1"),
        jwks=jwks_text({"kty": "foo", "kid": "future-1", "x": "AQAB"}, jwk("rsa-2048-a")))
    shared = jwks_text(jwk("ec-p256-a", kid="shared-1"), jwk("rsa-2048-a", kid="shared-1"))
    idt("shared-kid-rsa-selected", "rfc7517-4.5",
        "Two keys share a kid (EC first, then RSA): RS256 selects the one of compatible kty.", ok,
        tok("RS256", "rsa-2048-a", kid="shared-1"), jwks=shared)
    idt("shared-kid-ec-selected", "rfc7517-4.5", "Same JWKS: ES256 selects the EC key with the shared kid.", ok,
        tok("ES256", "ec-p256-a", kid="shared-1"), jwks=shared)
    idt("jwk-use-sig-and-alg", "rfc7517-4.4", "A JWK with use sig and alg RS256 matching the header.", ok,
        tok("RS256", "rsa-2048-a"), jwks=jwks_text(jwk("rsa-2048-a", use="sig", alg="RS256")))
    idt("jwk-alg-eddsa-matches", "rfc7517-4.4", "A JWK with alg EdDSA matching the header.", ok,
        tok("EdDSA", "ed25519-a"), jwks=jwks_text(jwk("ed25519-a", alg="EdDSA")))
    idt("jwk-alg-ps256-matches", "rfc7517-4.4", "A JWK with alg PS256 and a PS256 token.", ok,
        tok("PS256", "rsa-2048-a"), jwks=jwks_text(jwk("rsa-2048-a", alg="PS256")))

    # ---- key / algorithm mismatch
    idt("rs256-header-ec-kid", "rfc8725-3.1", "Header RS256 with the kid of an EC key.", "key_algorithm_mismatch",
        compact(header("RS256", "ec-p256-a"), claims(), ("ES256", "ec-p256-a")))
    idt("es256-header-rsa-kid", "rfc8725-3.1", "Header ES256 with the kid of an RSA key.", "key_algorithm_mismatch",
        compact(header("ES256", "rsa-2048-a"), claims(), ("RS256", "rsa-2048-a")))
    idt("eddsa-header-ec-kid", "rfc8725-3.1", "Header EdDSA with the kid of an EC P-256 key.",
        "key_algorithm_mismatch", compact(header("EdDSA", "ec-p256-a"), claims(), ("EdDSA", "ed25519-a")))
    idt("ps256-header-okp-kid", "rfc8725-3.1", "Header PS256 with the kid of an Ed25519 key.",
        "key_algorithm_mismatch", compact(header("PS256", "ed25519-a"), claims(), ("EdDSA", "ed25519-a")))
    idt("es256-header-p384-kid", "rfc7518-3.4", "ES256 needs crv P-256: the kid names a P-384 key.",
        "key_algorithm_mismatch", compact(header("ES256", "ec-p384"), claims(), ("ES384", "ec-p384")),
        jwks=jwks_text(jwk("ec-p384"), jwk("ec-p256-a")))
    idt("eddsa-header-ed448-kid", "rfc8037-3.1", "EdDSA here needs crv Ed25519: the kid names an Ed448 key.",
        "key_algorithm_mismatch", compact(header("EdDSA", "ed448"), claims(), ("EdDSA", "ed25519-a")),
        jwks=jwks_text(jwk("ed448"), jwk("ed25519-a")))
    idt("jwk-alg-rs384-header-rs256", "rfc7517-4.4", "The JWK says alg RS384, the header RS256.",
        "key_algorithm_mismatch", tok("RS256", "rsa-2048-a"),
        jwks=jwks_text(jwk("rsa-2048-a", alg="RS384"), jwk("ec-p256-a")))
    idt("jwk-alg-ps256-header-rs256", "rfc7517-4.4", "A key pinned to PS256 may not verify RS256.",
        "key_algorithm_mismatch", tok("RS256", "rsa-2048-a"), jwks=jwks_text(jwk("rsa-2048-a", alg="PS256")))
    idt("jwk-alg-rs256-header-ps256", "rfc7517-4.4", "A key pinned to RS256 may not verify PS256.",
        "key_algorithm_mismatch", tok("PS256", "rsa-2048-a"), jwks=jwks_text(jwk("rsa-2048-a", alg="RS256")))
    idt("jwk-alg-case-differs", "rfc7517-4.4", "JWK alg rs256 (lower case) is not RS256: alg values are case-sensitive.",
        "key_algorithm_mismatch", tok("RS256", "rsa-2048-a"), jwks=jwks_text(jwk("rsa-2048-a", alg="rs256")))
    idt("no-kid-jwk-alg-mismatch", "design-decision key-selection",
        "No kid; the single RSA key (compatible by kty) carries alg RS384: key_algorithm_mismatch.",
        "key_algorithm_mismatch", tok("RS256", "rsa-2048-a", kid=None),
        jwks=jwks_text(jwk("rsa-2048-a", alg="RS384")))

    # ---- unsupported algorithms
    def none_token(alg: str, signature: bytes = b"") -> str:
        return compact(header(alg, None), claims(), signature)

    idt("alg-none-empty-signature", "rfc8725-3.1", "alg none with an empty signature part.",
        "unsupported_algorithm", none_token("none"))
    idt("alg-none-with-kid", "rfc8725-3.1", "alg none with the kid of a JWKS key.", "unsupported_algorithm",
        compact(header("none", "rsa-2048-a"), claims(), b""))
    idt("alg-none-capitalised", "rfc8725-3.1", "alg None.", "unsupported_algorithm", none_token("None"))
    idt("alg-none-upper", "rfc8725-3.1", "alg NONE with an RS256 signature attached.", "unsupported_algorithm",
        compact(header("NONE", "rsa-2048-a"), claims(), lambda m: sign("RS256", "rsa-2048-a", m)))
    pem = KEYS["rsa-2048-a"].public_key().public_bytes(serialization.Encoding.PEM,
                                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    n_bytes = int_bytes(KEYS["rsa-2048-a"].public_key().public_numbers().n)

    def hs(key: bytes, digest=hashlib.sha256):
        return lambda m: hmac.new(key, m, digest).digest()

    idt("hs256-key-is-rsa-public-pem", "rfc8725-2.1",
        "Algorithm confusion: HS256 keyed with the RSA public key's PEM bytes, kid of that RSA key.",
        "unsupported_algorithm", compact(header("HS256", "rsa-2048-a"), claims(), hs(pem)))
    idt("hs256-key-is-rsa-modulus", "rfc8725-2.1",
        "Algorithm confusion: HS256 keyed with the RSA modulus bytes.", "unsupported_algorithm",
        compact(header("HS256", "rsa-2048-a"), claims(), hs(n_bytes)))
    idt("hs256-no-kid-pem", "rfc8725-2.1", "HS256 keyed with the PEM, no kid, JWKS of that one RSA key.",
        "unsupported_algorithm", compact(header("HS256", None), claims(), hs(pem)), jwks=only_rsa_a)
    idt("hs384", "rfc8725-3.1", "HS384 is never accepted.", "unsupported_algorithm",
        compact(header("HS384", "rsa-2048-a"), claims(), hs(pem, hashlib.sha384)))
    idt("hs512", "rfc8725-3.1", "HS512 is never accepted.", "unsupported_algorithm",
        compact(header("HS512", "rsa-2048-a"), claims(), hs(pem, hashlib.sha512)))
    idt("rs384-not-supported", "rfc8725-3.1", "A valid RS384 signature: RS384 is not in the accepted set.",
        "unsupported_algorithm", tok("RS384", "rsa-2048-a"))
    idt("rs512-not-supported", "rfc8725-3.1", "A valid RS512 signature.", "unsupported_algorithm",
        tok("RS512", "rsa-2048-a"))
    idt("ps384-not-supported", "rfc8725-3.1", "PS384 is not accepted (signature bytes irrelevant).",
        "unsupported_algorithm", compact(header("PS384", "rsa-2048-a"), claims(), ("PS256", "rsa-2048-a")))
    idt("es384-not-supported", "rfc8725-3.1", "A valid ES384 signature with a P-384 key in the JWKS.",
        "unsupported_algorithm", tok("ES384", "ec-p384"), jwks=jwks_text(jwk("ec-p384")))
    idt("es256k-not-supported", "rfc8725-3.1", "ES256K is not accepted.", "unsupported_algorithm",
        compact(header("ES256K", "ec-p256-a"), claims(), ("ES256", "ec-p256-a")))
    idt("ed25519-alg-name-not-supported", "rfc8725-3.1",
        "The fully-specified name Ed25519 is not one of the accepted values (EdDSA is).", "unsupported_algorithm",
        compact(header("Ed25519", "ed25519-a"), claims(), ("EdDSA", "ed25519-a")))
    idt("alg-lower-case", "rfc7515-4.1.1", "alg values are case-sensitive: rs256 is not RS256.",
        "unsupported_algorithm", compact(header("rs256", "rsa-2048-a"), claims(), ("RS256", "rsa-2048-a")))
    idt("alg-eddsa-lower-case", "rfc7515-4.1.1", "eddsa is not EdDSA.", "unsupported_algorithm",
        compact(header("eddsa", "ed25519-a"), claims(), ("EdDSA", "ed25519-a")))
    idt("alg-empty-string", "rfc7515-4.1.1", "An empty alg.", "unsupported_algorithm",
        compact(header("", "rsa-2048-a"), claims(), ("RS256", "rsa-2048-a")))
    idt("alg-not-a-string", "design-decision jws-header",
        "alg is a number: a header without a string alg is malformed.", "malformed_id_token",
        compact({"alg": 256, "kid": "rsa-2048-a"}, claims(), ("RS256", "rsa-2048-a")))
    idt("alg-missing", "rfc7515-4.1.1", "A header without alg.", "malformed_id_token",
        compact({"kid": "rsa-2048-a", "typ": "JWT"}, claims(), ("RS256", "rsa-2048-a")))

    # ---- crit and ignored key-locating headers
    idt("crit-header", "rfc7515-4.1.11", "A crit header: no extension is understood.", "unsupported_token_header",
        tok("RS256", "rsa-2048-a", crit=["exp"], exp=NOW + 3300))
    idt("crit-empty-array", "rfc7515-4.1.11", "Any crit member is refused, even an empty list.",
        "unsupported_token_header", tok("RS256", "rsa-2048-a", crit=[]))
    idt("crit-b64", "rfc7797-6", "crit naming b64 (unencoded payload) is refused too.", "unsupported_token_header",
        tok("RS256", "rsa-2048-a", b64=False, crit=["b64"]))
    idt("crit-with-alg-none", "design-decision jws-header",
        "alg none and a crit header: the algorithm is checked first.", "unsupported_algorithm",
        compact(header("none", None, crit=["exp"]), claims(), b""))
    idt("crit-with-unknown-kid", "design-decision jws-header",
        "crit and an unknown kid: header checks come before key selection.", "unsupported_token_header",
        tok("RS256", "rsa-2048-a", kid="rsa-2048-z", crit=["exp"]))
    idt("jku-ignored", "rfc8725-3.10", "A jku pointing elsewhere is ignored; the JWKS key verifies.", ok,
        tok("RS256", "rsa-2048-a", jku="https://evil.example/jwks.json"))
    idt("x5u-ignored", "rfc8725-3.10", "An x5u pointing elsewhere is ignored.", ok,
        tok("ES256", "ec-p256-a", x5u="https://evil.example/cert.pem"))
    idt("x5c-ignored", "rfc8725-3.10", "An x5c chain (garbage) is ignored.", ok,
        tok("EdDSA", "ed25519-a", x5c=[base64.b64encode(b"not a certificate").decode()]))
    idt("jwk-header-ignored-own-key", "rfc8725-3.10",
        "An embedded jwk (the right key) is ignored; the JWKS key verifies.", ok,
        tok("RS256", "rsa-2048-a", jwk=jwk("rsa-2048-a", kid=None)))
    idt("jwk-header-attacker-key", "rfc8725-3.10",
        "The embedded jwk would verify (attacker's key) but the JWKS key with the kid does not.",
        "invalid_signature", tok("RS256", "rsa-2048-attacker", kid="rsa-2048-a",
                                 jwk=jwk("rsa-2048-attacker", kid=None)))
    idt("jwk-header-attacker-key-no-kid", "rfc8725-3.10",
        "No kid, attacker's jwk embedded: the single JWKS RSA key is used and does not verify.",
        "invalid_signature", tok("RS256", "rsa-2048-attacker", kid=None, jwk=jwk("rsa-2048-attacker", kid=None)),
        jwks=only_rsa_a)
    idt("jwk-header-attacker-ec", "rfc8725-3.10", "Same with ES256 and an attacker's EC jwk.", "invalid_signature",
        tok("ES256", "ec-p256-attacker", kid="ec-p256-a", jwk=jwk("ec-p256-attacker", kid=None)))
    idt("jwk-header-not-a-fallback", "rfc8725-3.10",
        "EdDSA with an embedded jwk and no compatible JWKS key: the jwk is not used as a fallback.",
        "unknown_key_id", tok("EdDSA", "ed25519-attacker", kid=None, jwk=jwk("ed25519-attacker", kid=None)),
        jwks=jwks_text(jwk("rsa-2048-a"), jwk("ec-p256-a")))
    idt("jku-attacker-kid", "rfc8725-3.10", "A jku plus a kid only the attacker's set has.", "unknown_key_id",
        tok("RS256", "rsa-2048-attacker", jku="https://evil.example/jwks.json"))

    # ---- weak keys
    weak_jwks = jwks_text(jwk("rsa-1024"), jwk("rsa-2047"), jwk("rsa-2048-a"))
    idt("weak-rsa-1024-rs256", "rfc7518-3.3", "A valid RS256 signature by a 1024-bit key.", "weak_key",
        tok("RS256", "rsa-1024"), jwks=weak_jwks)
    idt("weak-rsa-1024-ps256", "rfc7518-3.5", "A valid PS256 signature by a 1024-bit key.", "weak_key",
        tok("PS256", "rsa-1024"), jwks=weak_jwks)
    idt("weak-rsa-2047", "rfc7518-3.3",
        "A 2047-bit modulus (256 bytes, top bit clear) is below 2048 bits.", "weak_key",
        tok("RS256", "rsa-2047"), jwks=weak_jwks)
    idt("weak-before-signature", "rfc7518-3.3", "A 1024-bit key and a signature by another key: weak_key first.",
        "weak_key", tok("RS256", "rsa-2048-a", kid="rsa-1024"), jwks=weak_jwks)
    idt("weak-no-kid", "rfc7518-3.3", "No kid, the single RSA key is 1024-bit.", "weak_key",
        tok("RS256", "rsa-1024", kid=None), jwks=jwks_text(jwk("rsa-1024"), jwk("ec-p256-a")))
    idt("rsa-2048-in-weak-set", "rfc7518-3.3", "The 2048-bit key of the same set verifies.", ok,
        tok("RS256", "rsa-2048-a"), jwks=weak_jwks)

    # ---- signatures
    good = tok("RS256", "rsa-2048-a")
    h, p, s = parts(good)
    idt("tampered-payload", "rfc7515-5.2", "sub changed after signing; the signature is over the original.",
        "invalid_signature", h + "." + b64u(jenc(claims(sub="usr_admin"))) + "." + s)
    idt("tampered-header", "rfc7515-5.2", "A header member added after signing.", "invalid_signature",
        b64u(jenc(header("RS256", "rsa-2048-a", cty="JWT"))) + "." + p + "." + s)
    idt("signature-other-jwks-key", "rfc7515-5.2", "kid rsa-2048-a, signed by rsa-2048-b (also in the JWKS).",
        "invalid_signature", tok("RS256", "rsa-2048-b", kid="rsa-2048-a"))
    idt("same-kid-other-rsa-key", "rfc7515-5.2", "Signed by an outside RSA key claiming the JWKS key's kid.",
        "invalid_signature", tok("RS256", "rsa-2048-attacker", kid="rsa-2048-a"))
    idt("same-kid-other-ps256-key", "rfc7515-5.2", "PS256 by an outside key claiming the JWKS key's kid.",
        "invalid_signature", tok("PS256", "rsa-2048-attacker", kid="rsa-2048-a"))
    idt("same-kid-other-ec-key", "rfc7515-5.2", "Signed by an outside P-256 key claiming the kid.",
        "invalid_signature", tok("ES256", "ec-p256-attacker", kid="ec-p256-a"))
    idt("same-kid-other-ed25519-key", "rfc7515-5.2", "Signed by an outside Ed25519 key claiming the kid.",
        "invalid_signature", tok("EdDSA", "ed25519-attacker", kid="ed25519-a"))
    idt("es256-der-signature", "rfc7518-3.4",
        "A valid ECDSA signature in DER form: ES256 signatures are the 64-byte R||S only.", "invalid_signature",
        compact(header("ES256", "ec-p256-a"), claims(), lambda m: sign("ES256", "ec-p256-a", m, der=True)))
    idt("es256-zero-signature", "rfc7518-3.4", "64 zero bytes (r = s = 0).", "invalid_signature",
        compact(header("ES256", "ec-p256-a"), claims(), b"\x00" * 64))
    idt("es256-truncated-signature", "rfc7518-3.4", "R||S with the last byte cut (63 bytes).", "invalid_signature",
        compact(header("ES256", "ec-p256-a"), claims(), lambda m: sign("ES256", "ec-p256-a", m)[:63]))
    idt("rs256-empty-signature", "rfc7515-5.2", "RS256 with an empty signature part.", "invalid_signature",
        h + "." + p + ".")
    idt("rs256-truncated-signature", "rfc7515-5.2", "RS256 signature cut to 255 bytes.", "invalid_signature",
        compact(header("RS256", "rsa-2048-a"), claims(), lambda m: sign("RS256", "rsa-2048-a", m)[:255]))
    idt("ps256-header-pkcs1-signature", "rfc7518-3.5", "Header PS256 over an RSASSA-PKCS1-v1_5 signature.",
        "invalid_signature", compact(header("PS256", "rsa-2048-a"), claims(), ("RS256", "rsa-2048-a")))
    idt("rs256-header-pss-signature", "rfc7518-3.3", "Header RS256 over an RSASSA-PSS signature.",
        "invalid_signature", compact(header("RS256", "rsa-2048-a"), claims(), ("PS256", "rsa-2048-a")))
    idt("eddsa-signature-of-other-token", "rfc7515-5.2", "An Ed25519 signature taken from a different token.",
        "invalid_signature",
        ".".join(parts(tok("EdDSA", "ed25519-a"))[:2] + [parts(tok("EdDSA", "ed25519-a", claims(sub="x")))[2]]))
    idt("signature-before-claims", "oidc-core-3.1.3.7", "A bad signature on an expired, wrong-issuer token.",
        "invalid_signature",
        tok("RS256", "rsa-2048-attacker", claims(iss="https://evil.example", exp=NOW - 3600, iat=NOW - 7200),
            kid="rsa-2048-a"))

    # ---- compact serialization / base64url / JSON
    idt("empty-string", "rfc7515-7.1", "The empty string.", "malformed_id_token", "")
    idt("two-parts", "rfc7515-7.1", "Header and payload only.", "malformed_id_token", h + "." + p)
    idt("trailing-dot", "rfc7515-7.1", "A fourth, empty segment.", "malformed_id_token", good + ".")
    idt("extra-segment", "rfc7515-7.1", "Four segments.", "malformed_id_token", good + "." + s)
    idt("five-parts-jwe-shape", "rfc7516-7.1", "A JWE-shaped five-part value.", "malformed_id_token",
        h + ".." + b64u(b"iv-iv-iv-iv") + "." + p + "." + s)
    idt("only-dots", "rfc7515-7.1", "Two dots and nothing else.", "malformed_id_token", "..")
    idt("padded-signature", "rfc7515-2", "The signature part with '=' padding.", "malformed_id_token",
        good + "=" * (-len(s) % 4))
    assert len(s) % 4 != 0
    padded_payload = find_payload(lambda pb: len(pb) % 3 != 0)
    pt = compact(header("RS256", "rsa-2048-a"), padded_payload, ("RS256", "rsa-2048-a"))
    ph, pp, ps = parts(pt)
    idt("padded-payload", "rfc7515-2", "The payload part with '=' padding (otherwise valid and signed).",
        "malformed_id_token", ph + "." + pp + "=" * (-len(pp) % 4) + "." + ps)
    padded_header = {"alg": "RS256", "kid": "rsa-2048-a"}
    assert len(jenc(padded_header)) % 3 != 0
    hh = b64u(jenc(padded_header))
    idt("padded-header", "rfc7515-2", "The header part with '=' padding.", "malformed_id_token",
        hh + "=" * (-len(hh) % 4) + "." + parts(compact(padded_header, claims(), ("RS256", "rsa-2048-a")))[1]
        + "." + parts(compact(padded_header, claims(), ("RS256", "rsa-2048-a")))[2])
    assert re.search("[-_]", s)
    idt("standard-base64-signature", "rfc7515-2", "The signature in the standard alphabet ('+' and '/').",
        "malformed_id_token", h + "." + p + "." + std_b64(s))
    plus_payload = find_payload(lambda pb: re.search("[-_]", b64u(pb)) is not None)
    pt = compact(header("RS256", "rsa-2048-a"), plus_payload, ("RS256", "rsa-2048-a"))
    ph, pp, ps = parts(pt)
    idt("standard-base64-payload", "rfc7515-2", "The payload in the standard alphabet.", "malformed_id_token",
        ph + "." + std_b64(pp) + "." + ps)
    idt("impossible-base64-length", "rfc7515-2", "A signature part whose length is 1 mod 4.", "malformed_id_token",
        good + "AAA")
    assert (len(s) + 3) % 4 == 1
    idt("invalid-base64-character", "rfc7515-2", "A '!' inside the payload part.", "malformed_id_token",
        h + "." + p[:10] + "!" + p[11:] + "." + s)
    idt("leading-space", "rfc7515-7.1", "A leading space: tokens are not trimmed.", "malformed_id_token", " " + good)
    idt("trailing-newline", "rfc7515-7.1", "A trailing newline: tokens are not trimmed.", "malformed_id_token",
        good + "\n")
    idt("bearer-prefix", "rfc7515-7.1", "An Authorization-header style 'Bearer ' prefix.", "malformed_id_token",
        "Bearer " + good)
    idt("payload-json-array", "rfc7519-7.2", "The payload is a JSON array, not an object.", "malformed_id_token",
        compact(header("RS256", "rsa-2048-a"), jenc([claims()]), ("RS256", "rsa-2048-a")))
    idt("payload-json-string", "rfc7519-7.2", "The payload is a JSON string.", "malformed_id_token",
        compact(header("RS256", "rsa-2048-a"), jenc("claims"), ("RS256", "rsa-2048-a")))
    idt("header-json-string", "rfc7515-5.2", "The header is a JSON string.", "malformed_id_token",
        compact(b'"RS256"', claims(), ("RS256", "rsa-2048-a")))
    idt("header-json-array", "rfc7515-5.2", "The header is a JSON array.", "malformed_id_token",
        compact(jenc([header("RS256", "rsa-2048-a")]), claims(), ("RS256", "rsa-2048-a")))
    idt("payload-not-json", "rfc7519-7.2", "The payload is cut mid-object.", "malformed_id_token",
        compact(header("RS256", "rsa-2048-a"), jenc(claims())[:-5], ("RS256", "rsa-2048-a")))
    idt("payload-trailing-garbage", "rfc8259-2", "A JSON object followed by 'x'.", "malformed_id_token",
        compact(header("RS256", "rsa-2048-a"), jenc(claims()) + b"x", ("RS256", "rsa-2048-a")))
    idt("payload-empty", "rfc7519-7.2", "An empty payload (zero bytes).", "malformed_id_token",
        compact(header("RS256", "rsa-2048-a"), b"", ("RS256", "rsa-2048-a")))
    idt("payload-invalid-utf8", "rfc8259-8.1", "A 0xFF byte inside a string: not UTF-8, so not JSON.",
        "malformed_id_token", compact(header("RS256", "rsa-2048-a"),
                                      jenc(claims(sub="usr_X")).replace(b"usr_X", b"usr_\xff"),
                                      ("RS256", "rsa-2048-a")))
    idt("payload-nan", "rfc8259-6", "NaN is not a JSON number.", "malformed_id_token",
        compact(header("RS256", "rsa-2048-a"), jenc(claims(exp=1)).replace(b'"exp":1', b'"exp":NaN'),
                ("RS256", "rsa-2048-a")))
    base_payload = jenc(claims())
    assert base_payload.endswith(b"}")
    idt("duplicate-sub", "rfc7519-4", "Two sub members (the second an attacker's) in the payload text.",
        "malformed_id_token", compact(header("RS256", "rsa-2048-a"),
                                      base_payload[:-1] + b',"sub":"usr_attacker"}', ("RS256", "rsa-2048-a")))
    idt("duplicate-iss-same-value", "rfc7519-4", "iss twice with the same value is still a duplicate.",
        "malformed_id_token", compact(header("RS256", "rsa-2048-a"),
                                      base_payload[:-1] + b',"iss":"' + ISS.encode() + b'"}',
                                      ("RS256", "rsa-2048-a")))
    idt("duplicate-nested-member", "design-decision duplicate-members",
        "A duplicate member inside a nested claim object is refused too.", "malformed_id_token",
        compact(header("RS256", "rsa-2048-a"),
                base_payload[:-1] + b',"address":{"country":"DE","country":"US"}}', ("RS256", "rsa-2048-a")))
    idt("duplicate-header-alg", "rfc7515-4", "Header alg given twice (none, then RS256).", "malformed_id_token",
        compact(b'{"alg":"none","kid":"rsa-2048-a","alg":"RS256"}', claims(), ("RS256", "rsa-2048-a")))
    idt("duplicate-header-kid", "rfc7515-4", "Header kid given twice.", "malformed_id_token",
        compact(b'{"alg":"RS256","kid":"rsa-2048-b","kid":"rsa-2048-a"}', claims(), ("RS256", "rsa-2048-a")))
    idt("header-pretty-printed", "rfc7515-5.2", "A header with spaces and newlines is valid JSON.", ok,
        compact(b'{\n  "alg" : "RS256",\n  "kid" : "rsa-2048-a"\n}', claims(), ("RS256", "rsa-2048-a")))
    idt("payload-pretty-printed", "rfc7519-7.2", "A payload with whitespace around and inside.", ok,
        compact(header("RS256", "rsa-2048-a"), b"\n " + json.dumps(claims(), indent=2).encode() + b"\n",
                ("RS256", "rsa-2048-a")))
    idt("malformed-before-unsupported", "rfc7515-5.2", "alg none with duplicate header members: malformed first.",
        "malformed_id_token", compact(b'{"alg":"none","alg":"none"}', claims(), b""))

    # ---- JWKS
    idt("jwks-not-json", "rfc7517-5", "The JWKS text is not JSON.", "invalid_jwks", good, jwks="<html>502</html>")
    idt("jwks-empty-text", "rfc7517-5", "The JWKS text is empty.", "invalid_jwks", good, jwks="")
    idt("jwks-array", "rfc7517-5", "A JSON array of keys instead of a set.", "invalid_jwks", good,
        jwks=json.dumps([jwk("rsa-2048-a")], separators=(",", ":")))
    idt("jwks-single-jwk", "rfc7517-5", "A single JWK instead of a set: no keys member.", "invalid_jwks", good,
        jwks=json.dumps(jwk("rsa-2048-a"), separators=(",", ":")))
    idt("jwks-no-keys-member", "rfc7517-5", "An empty object.", "invalid_jwks", good, jwks="{}")
    idt("jwks-keys-object", "rfc7517-5.1", "keys is an object, not an array.", "invalid_jwks", good,
        jwks=json.dumps({"keys": {"rsa-2048-a": jwk("rsa-2048-a")}}, separators=(",", ":")))
    idt("jwks-keys-null", "rfc7517-5.1", "keys is null.", "invalid_jwks", good, jwks='{"keys":null}')
    idt("jwks-key-not-object", "rfc7517-5.1", "A key entry that is a string.", "invalid_jwks", good,
        jwks='{"keys":["rsa-2048-a"]}')
    idt("jwks-key-lacks-kty", "rfc7517-4.1", "One good key and one entry without kty.", "invalid_jwks", good,
        jwks=jwks_text(jwk("rsa-2048-a"), {"kid": "x", "n": "AQAB", "e": "AQAB"}))
    idt("jwks-kty-not-string", "design-decision jwks", "A kty that is a number counts as lacking kty.",
        "invalid_jwks", good, jwks=jwks_text(jwk("rsa-2048-a"), {"kty": 1, "kid": "x"}))
    idt("jwks-checked-before-token", "design-decision order", "A bad JWKS and an empty token: invalid_jwks first.",
        "invalid_jwks", "", jwks="{}")
    idt("jwks-unknown-kty-ignored", "rfc7517-4.1", "A key of unknown kty beside the signing key is ignored.", ok,
        good, jwks=jwks_text({"kty": "PQC", "kid": "pq-1", "pub": "AAAA"}, jwk("rsa-2048-a")))
    idt("jwks-pretty-printed", "rfc7517-5", "An indented JWKS text with extra members.", ok, good,
        jwks=json.dumps({"keys": [jwk("rsa-2048-a", use="sig")], "issuer": ISS}, indent=2))

    # ---- claims: presence and types
    def rs(payload, **kw):
        return tok("RS256", "rsa-2048-a", payload, **kw)

    for name in ("iss", "sub", "aud", "exp", "iat"):
        idt(f"missing-{name}", "oidc-core-2", f"The required claim {name} is absent.", "missing_claim",
            rs(claims(**{name: _DROP})))
    idt("iss-number", "rfc7519-4.1.1", "iss is a number.", "missing_claim", rs(claims(iss=42)))
    idt("sub-number", "rfc7519-4.1.2", "sub is a number.", "missing_claim", rs(claims(sub=1234567890)))
    idt("sub-null", "rfc7519-4.1.2", "sub is null.", "missing_claim", rs(claims(sub=None)))
    idt("aud-number", "rfc7519-4.1.3", "aud is a number.", "missing_claim", rs(claims(aud=1234567890)))
    idt("aud-object", "rfc7519-4.1.3", "aud is an object.", "missing_claim", rs(claims(aud={"id": CLIENT})))
    idt("aud-array-with-number", "rfc7519-4.1.3", "aud array holding the client id and a number.", "missing_claim",
        rs(claims(aud=[CLIENT, 7], azp=CLIENT)))
    idt("exp-string", "rfc7519-4.1.4", "exp is a numeric string.", "missing_claim", rs(claims(exp=str(NOW + 3300))))
    idt("exp-fraction", "rfc7519-4.1.4", "exp has a fraction.", "missing_claim", rs(claims(exp=NOW + 3300.5)))
    idt("exp-null", "rfc7519-4.1.4", "exp is null.", "missing_claim", rs(claims(exp=None)))
    idt("exp-boolean", "rfc7519-4.1.4", "exp is true.", "missing_claim", rs(claims(exp=True)))
    idt("iat-string", "rfc7519-4.1.6", "iat is a string.", "missing_claim", rs(claims(iat="yesterday")))
    idt("iat-fraction", "rfc7519-4.1.6", "iat has a fraction.", "missing_claim", rs(claims(iat=NOW - 299.25)))
    idt("nbf-string", "design-decision claim-types", "A present nbf must be an integer too.", "missing_claim",
        rs(claims(nbf=str(NOW - 300))))
    idt("missing-claim-before-issuer", "design-decision order", "No sub and a wrong iss: missing_claim first.",
        "missing_claim", rs(claims(sub=_DROP, iss="https://evil.example")))

    # ---- issuer
    idt("issuer-other", "oidc-core-3.1.3.7", "A different issuer.", "issuer_mismatch",
        rs(claims(iss="https://evil.scalekit.dev")))
    idt("issuer-trailing-slash-in-token", "oidc-core-3.1.3.7", "iss with a trailing slash: byte equality.",
        "issuer_mismatch", rs(claims(iss=ISS + "/")))
    idt("issuer-trailing-slash-expected", "oidc-core-3.1.3.7", "The expected issuer has the trailing slash.",
        "issuer_mismatch", rs(claims()), issuer=ISS + "/")
    idt("issuer-host-case", "oidc-core-3.1.3.7", "iss with an upper-case host: byte equality, no URL normalisation.",
        "issuer_mismatch", rs(claims(iss="https://ACME.scalekit.dev")))
    idt("issuer-scheme-http", "oidc-core-3.1.3.7", "http instead of https.", "issuer_mismatch",
        rs(claims(iss="http://acme.scalekit.dev")))
    idt("issuer-default-port", "oidc-core-3.1.3.7", "An explicit :443 is a different string.", "issuer_mismatch",
        rs(claims(iss="https://acme.scalekit.dev:443")))
    idt("issuer-escaped-slashes", "rfc8259-7", "iss written with escaped '\\/' in the JSON text is the same string.",
        ok, rs(jenc(claims()).replace(b"https://", b"https:\\/\\/")))
    idt("issuer-before-audience", "design-decision order", "Wrong iss and wrong aud: issuer_mismatch first.",
        "issuer_mismatch", rs(claims(iss="https://evil.example", aud="skc_other")))

    # ---- audience / azp
    idt("aud-array-single", "oidc-core-3.1.3.7", "aud as a one-element array, no azp.", ok, rs(claims(aud=[CLIENT])))
    idt("aud-array-with-azp", "oidc-core-3.1.3.7", "aud with two entries and azp = client_id.", ok,
        rs(claims(aud=[CLIENT, "https://api.acme.example"], azp=CLIENT)))
    idt("aud-array-client-second", "oidc-core-3.1.3.7", "The client id is the second audience, azp present.", ok,
        rs(claims(aud=["https://api.acme.example", CLIENT], azp=CLIENT)))
    idt("aud-string-with-azp", "oidc-core-3.1.3.7", "A single aud and a matching azp.", ok,
        rs(claims(azp=CLIENT)))
    idt("aud-array-without-azp", "oidc-core-3.1.3.7", "Two audiences and no azp.", "azp_mismatch",
        rs(claims(aud=[CLIENT, "https://api.acme.example"])))
    idt("aud-array-azp-other", "oidc-core-3.1.3.7", "Two audiences and azp naming another party.", "azp_mismatch",
        rs(claims(aud=[CLIENT, "skc_other"], azp="skc_other")))
    idt("aud-string-azp-other", "oidc-core-3.1.3.7", "One audience and an azp that is not the client.",
        "azp_mismatch", rs(claims(azp="skc_other")))
    idt("aud-other", "oidc-core-3.1.3.7", "aud names another client.", "audience_mismatch",
        rs(claims(aud="skc_other")))
    idt("aud-array-other", "oidc-core-3.1.3.7", "aud array without the client id.", "audience_mismatch",
        rs(claims(aud=["skc_other", "skc_third"], azp=CLIENT)))
    idt("aud-empty-array", "oidc-core-3.1.3.7", "An empty aud array contains no client id.", "audience_mismatch",
        rs(claims(aud=[])))
    idt("aud-case-differs", "oidc-core-3.1.3.7", "aud compared exactly: SKC_1234567890.", "audience_mismatch",
        rs(claims(aud=CLIENT.upper())))
    idt("aud-prefix-only", "oidc-core-3.1.3.7", "aud is a prefix of the client id, not equal.", "audience_mismatch",
        rs(claims(aud=CLIENT[:-1])))
    idt("audience-before-azp", "design-decision order", "aud without client and azp other: audience first.",
        "audience_mismatch", rs(claims(aud=["skc_other", "skc_third"], azp="skc_other")))
    idt("azp-before-expiry", "design-decision order", "Two audiences without azp, expired: azp_mismatch first.",
        "azp_mismatch", rs(claims(aud=[CLIENT, "skc_other"], exp=NOW - 3600, iat=NOW - 7200)))

    # ---- time
    def timed(case_id, description, expect, leeway, **changes):
        idt(case_id, "oidc-core-3.1.3.7" if "iat" in changes or "exp" in changes else "rfc7519-4.1.5",
            description, expect, rs(claims(**changes)), leeway=leeway)

    for leeway, label in ((None, "default-leeway"), (0, "leeway-0"), (120, "leeway-120")):
        lw = 60 if leeway is None else leeway
        timed(f"exp-edge-valid-{label}", f"now = exp + {lw} - 1 with leeway {lw}: still valid.", ok, leeway,
              exp=NOW - lw + 1, iat=NOW - lw + 1 - 3600)
        timed(f"exp-edge-expired-{label}", f"now = exp + {lw} with leeway {lw}: expired.", "id_token_expired",
              leeway, exp=NOW - lw, iat=NOW - lw - 3600)
        timed(f"nbf-edge-valid-{label}", f"nbf = now + {lw} with leeway {lw}: valid.", ok, leeway, nbf=NOW + lw)
        timed(f"nbf-edge-early-{label}", f"nbf = now + {lw} + 1 with leeway {lw}: not yet valid.",
              "id_token_not_yet_valid", leeway, nbf=NOW + lw + 1)
        timed(f"iat-edge-valid-{label}", f"iat = now + {lw} with leeway {lw}: valid.", ok, leeway, iat=NOW + lw)
        timed(f"iat-edge-future-{label}", f"iat = now + {lw} + 1 with leeway {lw}: issued in the future.",
              "id_token_issued_in_future", leeway, iat=NOW + lw + 1)
    timed("exp-edge-expired-explicit-60", "leeway 60 given explicitly equals the default: now = exp + 60 expires.",
          "id_token_expired", 60, exp=NOW - 60, iat=NOW - 3660)
    timed("exp-long-ago", "Expired a day ago.", "id_token_expired", None, exp=NOW - 86400, iat=NOW - 90000)
    timed("exp-negative", "A negative exp is an integer, long expired.", "id_token_expired", None, exp=-1, iat=-3601)
    timed("nbf-past", "nbf in the past.", ok, None, nbf=NOW - 300)
    timed("expired-before-nbf", "Expired and nbf in the future: id_token_expired first.", "id_token_expired", 0,
          exp=NOW - 10, iat=NOW - 20, nbf=NOW + 10)
    timed("nbf-before-iat", "nbf and iat both in the future: id_token_not_yet_valid first.",
          "id_token_not_yet_valid", 0, iat=NOW + 10, nbf=NOW + 10)
    idt("iat-before-nonce", "design-decision order", "iat in the future and a wrong nonce: iat first.",
        "id_token_issued_in_future", rs(claims(iat=NOW + 3600, nonce="other")))
    idt("expired-with-custom-now", "rfc7519-4.1.4", "A different now: exp = now + 1 with leeway 0 is valid.", ok,
        rs(claims(exp=1800000001, iat=1799996401)), now=1800000000, leeway=0)

    # ---- nonce
    idt("nonce-match", "oidc-core-3.1.3.7", "nonce equals the expected nonce.", ok, rs(claims()))
    idt("nonce-mismatch", "oidc-core-3.1.3.7", "nonce differs.", "nonce_mismatch", rs(claims(nonce="n-other")))
    idt("nonce-case-differs", "oidc-core-3.1.3.7", "nonce compared exactly.", "nonce_mismatch",
        rs(claims(nonce=NONCE.upper())))
    idt("nonce-absent-when-expected", "oidc-core-3.1.3.7", "The login sent a nonce; the token has none.",
        "nonce_mismatch", rs(claims(nonce=_DROP)))
    idt("nonce-number", "oidc-core-3.1.3.7", "nonce claim is a number, expected a string.", "nonce_mismatch",
        rs(claims(nonce=12345)), nonce="12345")
    idt("nonce-present-not-expected", "oidc-core-3.1.3.7", "No nonce was sent; a nonce in the token is accepted.",
        ok, rs(claims()), nonce=None)
    idt("nonce-neither", "oidc-core-3.1.3.7", "No nonce sent and none in the token.", ok,
        rs(claims(nonce=_DROP)), nonce=None)
    idt("nonce-unicode", "oidc-core-3.1.3.7", "A non-ASCII nonce matches exactly.", ok,
        rs(claims(nonce="nönce-🔑")), nonce="nönce-🔑")

    # ---- claim content
    rich = claims(
        azp=CLIENT, auth_time=NOW - 400, at_hash="77QmUPtjPfzWtF2AnpK9RQ", acr="urn:scalekit:acr:mfa",
        amr=["pwd", "otp"], name="Zoë Ångström 李小龍", given_name="Zoë", locale="de-DE",
        email="zoë@bücher.example", email_verified=True, middle_name=None,
        address={"street_address": "Königstraße 1\nHinterhaus", "country": "DE",
                 "geo": {"lat": "52.52", "lng": "13.405", "tags": ["a", {"b": [1, 2, {"c": None}]}]}},
        groups=["admins", "ünïcödé", "🔑"], oid="org_59615193906282635", empty_object={}, empty_array=[],
        zero=0, negative=-42, big=9007199254740991, escape_chars="quote \" backslash \\ tab \t",
    )
    idt("claims-unicode-nested", "oidc-core-5.1", "Unicode, nested objects/arrays, null, booleans, integers: "
        "claims reproduced exactly.", ok, rs(rich))
    idt("claims-unicode-nested-es256", "oidc-core-5.1", "The same claims under ES256.", ok,
        tok("ES256", "ec-p256-a", rich))
    escaped = jenc(claims(name="ZX")).replace(b'"ZX"', b'"Zo\\u00eb \\ud83d\\udd11 \\u674e"')
    idt("claims-json-escapes", "rfc8259-7", "\\u escapes (incl. a surrogate pair) decode to the same claims.", ok,
        rs(escaped))
    idt("claims-extra-unknown", "oidc-core-2", "Unknown claims are carried, not refused.", ok,
        rs(claims(**{"https://acme.example/roles": ["owner"], "x-custom": {"k": "v"}})))


def find_payload(predicate) -> bytes:
    """A standard payload plus a jti chosen (deterministically) so predicate(payload bytes) holds."""
    for i in range(1000):
        candidate = jenc(claims(jti=f"jti-{i}" + "~?>"[: i % 4]))
        if predicate(candidate):
            return candidate
    raise RuntimeError("no payload found")


# --------------------------------------------------------------------------
# token_response cases

TR_CASES: list[dict] = []


def tr(case_id: str, source: str, description: str, status: int, body, expect: dict) -> None:
    if not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False)
    TR_CASES.append({"id": "tokresp." + case_id, "op": "parse_token_response", "source": source,
                     "description": description, "input": {"status": status, "body": body}, "expect": expect})


def tokens(access_token, token_type="Bearer", expires_in=None, refresh_token=None, id_token=None, scope=None):
    return {"tokens": {"access_token": access_token, "token_type": token_type, "expires_in": expires_in,
                       "refresh_token": refresh_token, "id_token": id_token, "scope": scope}}


def build_token_response_cases(sample_id_token: str) -> None:
    at = "eyJhbGciOiJSUzI1NiJ9.at.sig"
    bad = {"error": "invalid_token_response"}
    full = {"access_token": at, "token_type": "Bearer", "expires_in": 3600, "refresh_token": "rt_8xLOxBtZp8",
            "id_token": sample_id_token, "scope": "openid profile email offline_access"}
    tr("full", "rfc6749-5.1", "Every member present.", 200, full,
       tokens(at, "Bearer", 3600, "rt_8xLOxBtZp8", sample_id_token, "openid profile email offline_access"))
    tr("minimal", "rfc6749-5.1", "Only access_token and token_type: the other four are null.", 200,
       {"access_token": at, "token_type": "Bearer"}, tokens(at))
    tr("bearer-lower-case", "rfc6749-5.1", "token_type is case-insensitive; reported as given.", 200,
       {"access_token": at, "token_type": "bearer", "expires_in": 300}, tokens(at, "bearer", 300))
    tr("bearer-upper-case", "rfc6749-5.1", "BEARER is accepted and reported as given.", 200,
       {"access_token": at, "token_type": "BEARER"}, tokens(at, "BEARER"))
    tr("bearer-mixed-case", "rfc6749-5.1", "bEaReR is accepted.", 200,
       {"token_type": "bEaReR", "access_token": at}, tokens(at, "bEaReR"))
    tr("expires-in-zero", "rfc6749-5.1", "expires_in 0 is a non-negative integer.", 200,
       {"access_token": at, "token_type": "Bearer", "expires_in": 0}, tokens(at, expires_in=0))
    tr("expires-in-large", "rfc6749-5.1", "A year in seconds.", 200,
       {"access_token": at, "token_type": "Bearer", "expires_in": 31536000}, tokens(at, expires_in=31536000))
    tr("extra-members-ignored", "rfc6749-5.1", "Unknown members (objects, numbers) are ignored.", 200,
       {"access_token": at, "token_type": "Bearer", "id_token_expires_in": 3600, "issued_token_type":
        "urn:ietf:params:oauth:token-type:access_token", "x": {"y": [1, 2]}}, tokens(at))
    tr("refresh-without-id-token", "rfc6749-6", "A refresh response: no id_token, a scope.", 200,
       {"access_token": at, "token_type": "Bearer", "expires_in": 3600, "scope": "openid offline_access"},
       tokens(at, expires_in=3600, scope="openid offline_access"))
    tr("whitespace-around-json", "rfc8259-2", "Whitespace around the object is valid JSON.", 200,
       '\n  {"access_token": "' + at + '", "token_type": "Bearer"}  \n', tokens(at))
    tr("unicode-escapes", "rfc8259-7", "Strings with escapes are decoded.", 200,
       '{"access_token":"at\\u00e9\\/x","token_type":"Bearer","scope":"openid \\u00fcber"}',
       tokens("até/x", scope="openid über"))
    tr("not-json", "rfc6749-5.1", "An HTML page with status 200.", 200, "<html><body>OK</body></html>", bad)
    tr("empty-body", "rfc6749-5.1", "An empty 200 body.", 200, "", bad)
    tr("json-array", "rfc6749-5.1", "A JSON array.", 200, [{"access_token": at, "token_type": "Bearer"}], bad)
    tr("json-string", "rfc6749-5.1", "A JSON string.", 200, '"' + at + '"', bad)
    tr("json-null", "rfc6749-5.1", "JSON null.", 200, "null", bad)
    tr("truncated-json", "rfc6749-5.1", "A cut-off object.", 200, '{"access_token":"' + at + '","token_', bad)
    tr("missing-access-token", "rfc6749-5.1", "No access_token.", 200, {"token_type": "Bearer", "expires_in": 3600},
       bad)
    tr("empty-access-token", "rfc6749-5.1", "An empty access_token.", 200, {"access_token": "", "token_type": "Bearer"},
       bad)
    tr("access-token-number", "rfc6749-5.1", "access_token is a number.", 200,
       {"access_token": 12345, "token_type": "Bearer"}, bad)
    tr("access-token-null", "rfc6749-5.1", "access_token is null.", 200, {"access_token": None, "token_type": "Bearer"},
       bad)
    tr("missing-token-type", "rfc6749-5.1", "No token_type.", 200, {"access_token": at, "expires_in": 3600}, bad)
    tr("token-type-number", "design-decision token-response", "token_type that is not a string is invalid.", 200,
       {"access_token": at, "token_type": 1}, bad)
    tr("token-type-mac", "rfc6749-7.1", "token_type mac.", 200, {"access_token": at, "token_type": "mac"},
       {"error": "unsupported_token_type"})
    tr("token-type-dpop", "rfc9449-5", "token_type DPoP: not supported.", 200,
       {"access_token": at, "token_type": "DPoP"}, {"error": "unsupported_token_type"})
    tr("token-type-trailing-space", "rfc6749-7.1", "'Bearer ' with a trailing space is not bearer.", 200,
       {"access_token": at, "token_type": "Bearer "}, {"error": "unsupported_token_type"})
    tr("token-type-n-a", "rfc8693-2.2.1", "token_type N_A (token exchange) is not bearer.", 200,
       {"access_token": at, "token_type": "N_A"}, {"error": "unsupported_token_type"})
    tr("expires-in-string", "rfc6749-5.1", "expires_in as a string.", 200,
       {"access_token": at, "token_type": "Bearer", "expires_in": "3600"}, bad)
    tr("expires-in-negative", "rfc6749-5.1", "A negative expires_in.", 200,
       {"access_token": at, "token_type": "Bearer", "expires_in": -1}, bad)
    tr("expires-in-fraction", "rfc6749-5.1", "A fractional expires_in.", 200,
       {"access_token": at, "token_type": "Bearer", "expires_in": 3599.5}, bad)
    tr("expires-in-boolean", "rfc6749-5.1", "expires_in true.", 200,
       {"access_token": at, "token_type": "Bearer", "expires_in": True}, bad)
    tr("duplicate-access-token", "design-decision duplicate-members", "access_token given twice.", 200,
       '{"access_token":"at_1","token_type":"Bearer","access_token":"at_2"}', bad)
    tr("duplicate-token-type", "design-decision duplicate-members", "token_type given twice (same value).", 200,
       '{"access_token":"at_1","token_type":"Bearer","token_type":"Bearer"}', bad)
    tr("error-only-with-200", "rfc6749-5.1", "A 200 carrying only an error member: no access_token.", 200,
       {"error": "invalid_grant"}, bad)
    # errors
    tr("error-400-full", "rfc6749-5.2", "invalid_grant with description and uri.", 400,
       {"error": "invalid_grant", "error_description": "The authorization code has expired",
        "error_uri": "https://acme.scalekit.dev/docs/errors#invalid_grant"},
       {"error": "token_error", "oauth_error": "invalid_grant",
        "error_description": "The authorization code has expired",
        "error_uri": "https://acme.scalekit.dev/docs/errors#invalid_grant"})
    tr("error-400-only-error", "rfc6749-5.2", "Only the error member.", 400, {"error": "invalid_request"},
       {"error": "token_error", "oauth_error": "invalid_request"})
    tr("error-401-invalid-client", "rfc6749-5.2", "401 invalid_client with a description.", 401,
       {"error": "invalid_client", "error_description": "Client authentication failed"},
       {"error": "token_error", "oauth_error": "invalid_client", "error_description": "Client authentication failed"})
    tr("error-uri-only", "rfc6749-5.2", "error_uri without description.", 400,
       {"error": "unauthorized_client", "error_uri": "https://acme.scalekit.dev/e"},
       {"error": "token_error", "oauth_error": "unauthorized_client", "error_uri": "https://acme.scalekit.dev/e"})
    tr("error-500-with-error", "rfc6749-5.2", "Any non-2xx status with an error member.", 500,
       {"error": "server_error", "error_description": "Try again later"},
       {"error": "token_error", "oauth_error": "server_error", "error_description": "Try again later"})
    tr("error-extra-members", "rfc6749-5.2", "Extra members of an error response are ignored.", 400,
       {"error": "invalid_grant", "trace_id": "abc", "details": {"x": 1}},
       {"error": "token_error", "oauth_error": "invalid_grant"})
    tr("error-unicode-description", "rfc6749-5.2", "A non-ASCII description is reported as is.", 400,
       {"error": "invalid_grant", "error_description": "Code abgelaufen – bitte erneut anmelden"},
       {"error": "token_error", "oauth_error": "invalid_grant",
        "error_description": "Code abgelaufen – bitte erneut anmelden"})
    tr("error-empty-description-omitted", "design-decision empty",
       "An empty error_description is omitted, as in parse_callback.", 400,
       {"error": "invalid_grant", "error_description": ""}, {"error": "token_error", "oauth_error": "invalid_grant"})
    tr("error-empty-error", "design-decision empty", "An empty error member is not usable (as in parse_callback).",
       400, {"error": "", "error_description": "x"}, bad)
    tr("error-400-no-error-member", "rfc6749-5.2", "A 400 JSON object without error.", 400,
       {"message": "Bad Request"}, bad)
    tr("error-400-error-number", "rfc6749-5.2", "error is a number.", 400, {"error": 400}, bad)
    tr("error-400-tokens-without-error", "rfc6749-5.2",
       "A 400 carrying tokens but no error is not a success.", 400, {"access_token": at, "token_type": "Bearer"},
       bad)
    tr("error-502-html", "rfc6749-5.2", "A gateway's HTML error page.", 502, "<html>Bad Gateway</html>", bad)
    tr("error-400-json-array", "rfc6749-5.2", "A 400 whose body is a JSON array.", 400, [{"error": "invalid_grant"}],
       bad)
    tr("error-duplicate-error", "design-decision duplicate-members", "error given twice.", 400,
       '{"error":"invalid_grant","error":"invalid_request"}', bad)


# --------------------------------------------------------------------------
# token_request cases

TQ_CASES: list[dict] = []
FORM = [["Content-Type", "application/x-www-form-urlencoded"], ["Accept", "application/json"]]
CODE = "SplxlOBeZQQYbYS6WxSbIA"
REDIRECT = "https://yourapp.com/auth/callback"
REDIRECT_ENC = "https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
SECRET = "test_secret_abc123"
RT = "rt_8xLOxBtZp8"


def code_grant(code=CODE, redirect_uri=REDIRECT, code_verifier=VERIFIER):
    return {"type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": code_verifier}


def refresh_grant(refresh_token=RT, scope=None):
    return {"type": "refresh_token", "refresh_token": refresh_token, "scope": scope}


def tq(case_id: str, source: str, description: str, grant: dict, expect, *, env_url: str = ISS,
       client_id: str = CLIENT, client_secret: str | None = SECRET, auth_method: str | None = None) -> None:
    """expect: an error code, or (url, body, basic pre-image or None)."""
    if isinstance(expect, str):
        expect_obj = {"error": expect}
    else:
        url, body, basic = expect
        headers = [list(h) for h in FORM]
        if basic is not None:
            headers.append(["Authorization", "Basic " + base64.b64encode(basic.encode("utf-8")).decode("ascii")])
        expect_obj = {"method": "POST", "url": url, "headers": headers, "body": body}
    TQ_CASES.append({"id": "tokreq." + case_id, "op": "token_request", "source": source, "description": description,
                     "input": {"env_url": env_url, "client_id": client_id, "client_secret": client_secret,
                               "auth_method": auth_method, "grant": grant},
                     "expect": expect_obj})


def build_token_request_cases() -> None:
    url = ISS + "/oauth/token"
    code_body = f"grant_type=authorization_code&code={CODE}&redirect_uri={REDIRECT_ENC}&client_id={CLIENT}"
    tq("code-post-pkce", "rfc6749-4.1.3", "client_secret_post with a code verifier.", code_grant(),
       (url, f"{code_body}&client_secret={SECRET}&code_verifier={VERIFIER}", None), auth_method="client_secret_post")
    tq("code-default-post-no-verifier", "rfc6749-2.3.1",
       "auth_method null with a secret means client_secret_post; no verifier, no code_verifier parameter.",
       code_grant(code_verifier=None), (url, f"{code_body}&client_secret={SECRET}", None))
    tq("code-default-post-pkce", "rfc7636-4.5", "auth_method null with a secret and a verifier.", code_grant(),
       (url, f"{code_body}&client_secret={SECRET}&code_verifier={VERIFIER}", None))
    tq("code-basic-pkce", "rfc6749-2.3.1",
       "client_secret_basic: secret in the Authorization header (last), client_id still in the body.", code_grant(),
       (url, f"{code_body}&code_verifier={VERIFIER}", f"{CLIENT}:{SECRET}"), auth_method="client_secret_basic")
    tq("code-basic-no-verifier", "rfc6749-2.3.1", "A confidential basic client without PKCE.",
       code_grant(code_verifier=None), (url, code_body, f"{CLIENT}:{SECRET}"), auth_method="client_secret_basic")
    tq("code-none-pkce", "rfc7636-4.5", "A public client (auth_method none) sends client_id and code_verifier.",
       code_grant(), (url, f"{code_body}&code_verifier={VERIFIER}", None), client_secret=None, auth_method="none")
    tq("code-default-public-pkce", "rfc7636-4.5", "auth_method null and no secret means none.", code_grant(),
       (url, f"{code_body}&code_verifier={VERIFIER}", None), client_secret=None)
    tq("code-verifier-43-chars", "rfc7636-4.1", "A 43-character verifier (minimum).",
       code_grant(code_verifier="a" * 43), (url, f"{code_body}&code_verifier={'a' * 43}", None),
       client_secret=None)
    v128 = "A-._~" * 25 + "xyz"
    tq("code-verifier-128-chars", "rfc7636-4.1", "A 128-character verifier using every unreserved symbol.",
       code_grant(code_verifier=v128), (url, f"{code_body}&code_verifier={v128}", None), client_secret=None)
    tq("code-and-redirect-encoding", "rfc6749-appendix-b",
       "code and redirect_uri are form-encoded (space as '+', '/', '?', '=', '&' escaped).",
       code_grant(code="a b/c+d=e&f", redirect_uri="http://localhost:3000/cb?x=1&y=2"),
       (url, "grant_type=authorization_code&code=a+b%2Fc%2Bd%3De%26f"
             "&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb%3Fx%3D1%26y%3D2"
             f"&client_id={CLIENT}&client_secret={SECRET}&code_verifier={VERIFIER}", None))
    tq("post-secret-special-chars", "rfc6749-appendix-b", "A secret with ':', '%', '+', ' ', '&', '=' and 'é' in the body.",
       code_grant(code_verifier=None),
       (url, f"{code_body}&client_secret=a%3Ab%25c%2Bd+e%26f%3Dg%C3%A9", None),
       client_secret="a:b%c+d e&f=gé", auth_method="client_secret_post")
    tq("basic-secret-colon", "rfc6749-2.3.1", "Basic: ':' in the secret is form-encoded before base64.",
       code_grant(), (url, f"{code_body}&code_verifier={VERIFIER}", f"{CLIENT}:s%3Acret"),
       client_secret="s:cret", auth_method="client_secret_basic")
    tq("basic-secret-percent", "rfc6749-2.3.1", "Basic: '%' becomes %25.", code_grant(),
       (url, f"{code_body}&code_verifier={VERIFIER}", f"{CLIENT}:100%25sure"), client_secret="100%sure",
       auth_method="client_secret_basic")
    tq("basic-secret-plus", "rfc6749-2.3.1", "Basic: '+' becomes %2B.", code_grant(),
       (url, f"{code_body}&code_verifier={VERIFIER}", f"{CLIENT}:a%2Bb"), client_secret="a+b",
       auth_method="client_secret_basic")
    tq("basic-secret-space", "rfc6749-2.3.1", "Basic: a space becomes '+'.", code_grant(),
       (url, f"{code_body}&code_verifier={VERIFIER}", f"{CLIENT}:two+words"), client_secret="two words",
       auth_method="client_secret_basic")
    tq("basic-secret-non-ascii", "rfc6749-2.3.1", "Basic: 'é' becomes %C3%A9.", code_grant(),
       (url, f"{code_body}&code_verifier={VERIFIER}", f"{CLIENT}:caf%C3%A9"), client_secret="café",
       auth_method="client_secret_basic")
    tq("basic-secret-everything", "rfc6749-2.3.1", "Basic with every awkward character and unreserved ones kept.",
       refresh_grant(), (url, f"grant_type=refresh_token&refresh_token={RT}&client_id={CLIENT}",
                         f"{CLIENT}:a%3Ab%25c%2Bd+e%C3%A9-._~%2F%3D"),
       client_secret="a:b%c+d eé-._~/=", auth_method="client_secret_basic")
    tq("basic-client-id-encoded", "rfc6749-2.3.1",
       "Basic: the client id is form-encoded too, in the header and in the body.",
       refresh_grant(), (url, "grant_type=refresh_token&refresh_token=rt_8xLOxBtZp8&client_id=app%3A1+%C3%A9",
                         "app%3A1+%C3%A9:s3cr%2Ft"),
       client_id="app:1 é", client_secret="s3cr/t", auth_method="client_secret_basic")
    tq("refresh-post-scope", "rfc6749-6", "refresh_token with a scope, client_secret_post.",
       refresh_grant(scope="openid offline_access"),
       (url, f"grant_type=refresh_token&refresh_token={RT}&scope=openid+offline_access&client_id={CLIENT}"
             f"&client_secret={SECRET}", None))
    tq("refresh-post-no-scope", "rfc6749-6", "refresh_token without scope.", refresh_grant(),
       (url, f"grant_type=refresh_token&refresh_token={RT}&client_id={CLIENT}&client_secret={SECRET}", None),
       auth_method="client_secret_post")
    tq("refresh-basic-scope", "rfc6749-6", "refresh_token with client_secret_basic and a scope.",
       refresh_grant(scope="openid"),
       (url, f"grant_type=refresh_token&refresh_token={RT}&scope=openid&client_id={CLIENT}", f"{CLIENT}:{SECRET}"),
       auth_method="client_secret_basic")
    tq("refresh-public", "rfc6749-6", "A public client refreshes with only client_id (no PKCE on refresh).",
       refresh_grant(), (url, f"grant_type=refresh_token&refresh_token={RT}&client_id={CLIENT}", None),
       client_secret=None)
    tq("refresh-token-encoding", "rfc6749-appendix-b", "A refresh token with '/', '+', '=' is form-encoded.",
       refresh_grant(refresh_token="a/b+c=="),
       (url, f"grant_type=refresh_token&refresh_token=a%2Fb%2Bc%3D%3D&client_id={CLIENT}", None),
       client_secret=None, auth_method="none")
    tq("env-url-normalised", "issue-2 rule 1", "HTTPS://Acme.Scalekit.dev/ becomes https://acme.scalekit.dev.",
       refresh_grant(), (url, f"grant_type=refresh_token&refresh_token={RT}&client_id={CLIENT}", None),
       env_url="HTTPS://Acme.Scalekit.dev/", client_secret=None)
    tq("env-url-path-prefix", "issue-2 rule 1", "A path prefix is kept, its trailing slash removed.",
       refresh_grant(), ("https://auth.example.com/scalekit/oauth/token",
                         f"grant_type=refresh_token&refresh_token={RT}&client_id={CLIENT}", None),
       env_url="https://auth.example.com/scalekit/", client_secret=None)
    tq("env-url-port", "issue-2 rule 1", "A non-default port is kept, the default one dropped.", refresh_grant(),
       ("http://localhost:8080/oauth/token", f"grant_type=refresh_token&refresh_token={RT}&client_id={CLIENT}", None),
       env_url="http://localhost:8080/", client_secret=None)
    # errors
    tq("pkce-required-none", "rfc9700-2.1.1", "auth_method none, authorization_code without a verifier.",
       code_grant(code_verifier=None), "pkce_required", client_secret=None, auth_method="none")
    tq("pkce-required-default-public", "rfc9700-2.1.1", "No secret (so none) and no verifier.",
       code_grant(code_verifier=None), "pkce_required", client_secret=None)
    tq("missing-client-secret-basic", "rfc6749-2.3.1", "client_secret_basic with a null secret.", code_grant(),
       "missing_client_secret", client_secret=None, auth_method="client_secret_basic")
    tq("missing-client-secret-post-refresh", "rfc6749-2.3.1", "client_secret_post with a null secret (refresh).",
       refresh_grant(), "missing_client_secret", client_secret=None, auth_method="client_secret_post")
    tq("none-with-secret", "rfc6749-2.3.1", "auth_method none but a secret is given.", code_grant(),
       "invalid_argument", auth_method="none")
    tq("unknown-auth-method", "rfc7591-2", "private_key_jwt is not a supported method here.", code_grant(),
       "invalid_argument", auth_method="private_key_jwt")
    tq("auth-method-case", "rfc7591-2", "Method names are exact: Client_Secret_Basic is unknown.", code_grant(),
       "invalid_argument", auth_method="Client_Secret_Basic")
    tq("missing-code", "rfc6749-4.1.3", "An empty code.", code_grant(code=""), "missing_code")
    tq("missing-redirect-uri", "rfc6749-4.1.3", "An empty redirect_uri.", code_grant(redirect_uri=""),
       "missing_redirect_uri")
    tq("missing-refresh-token", "rfc6749-6", "An empty refresh token.", refresh_grant(refresh_token=""),
       "missing_refresh_token")
    tq("verifier-42-chars", "rfc7636-4.1", "A 42-character verifier.", code_grant(code_verifier="a" * 42),
       "invalid_code_verifier")
    tq("verifier-129-chars", "rfc7636-4.1", "A 129-character verifier.", code_grant(code_verifier="a" * 129),
       "invalid_code_verifier", client_secret=None)
    tq("verifier-plus", "rfc7636-4.1", "A verifier with '+' (standard base64).",
       code_grant(code_verifier="dBjftJeZ4CVP+mB92K27uhbUJU1p1r/wW1gFWFOEjXk"), "invalid_code_verifier",
       client_secret=None)
    tq("verifier-non-ascii", "rfc7636-4.1", "A verifier with 'é'.", code_grant(code_verifier="é" + "a" * 42),
       "invalid_code_verifier", auth_method="client_secret_basic")
    tq("invalid-env-url-ftp", "issue-2 rule 1", "An ftp env_url.", refresh_grant(), "invalid_env_url",
       env_url="ftp://acme.scalekit.dev")
    tq("invalid-env-url-query", "issue-2 rule 1", "An env_url with a query.", refresh_grant(), "invalid_env_url",
       env_url="https://acme.scalekit.dev?tenant=1")
    tq("invalid-env-url-empty", "issue-2 rule 1", "An empty env_url.", code_grant(), "invalid_env_url", env_url="")


# --------------------------------------------------------------------------
# reference checks (second opinion; see the module docstring)


class Refused(Exception):
    pass


def strict_json(text: str):
    def pairs(items):
        names = [name for name, _ in items]
        if len(names) != len(set(names)):
            raise Refused("duplicate member")
        return dict(items)

    def constant(name):
        raise Refused(name)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except (ValueError, Refused) as error:
        raise Refused(str(error))


def b64u_strict(part: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", part) or len(part) % 4 == 1:
        raise Refused("base64url")
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def compatible(key: dict, alg: str) -> bool:
    if alg in ("RS256", "PS256"):
        return key["kty"] == "RSA"
    if alg == "ES256":
        return key["kty"] == "EC" and key.get("crv") == "P-256"
    return key["kty"] == "OKP" and key.get("crv") == "Ed25519"


def verify_signature(key: dict, alg: str, message: bytes, signature: bytes) -> bool:
    try:
        if key["kty"] == "RSA":
            public = rsa.RSAPublicNumbers(int.from_bytes(b64u_strict(key["e"]), "big"),
                                          int.from_bytes(b64u_strict(key["n"]), "big")).public_key()
            scheme = (padding.PKCS1v15() if alg == "RS256"
                      else padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32))
            public.verify(signature, message, scheme, hashes.SHA256())
        elif key["kty"] == "EC":
            if len(signature) != 64:
                return False
            public = ec.EllipticCurvePublicNumbers(int.from_bytes(b64u_strict(key["x"]), "big"),
                                                   int.from_bytes(b64u_strict(key["y"]), "big"),
                                                   ec.SECP256R1()).public_key()
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            if r == 0 or s == 0:
                return False
            public.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
        else:
            ed25519.Ed25519PublicKey.from_public_bytes(b64u_strict(key["x"])).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def ref_verify_id_token(inp: dict) -> dict:
    def fail(code):
        return {"error": code}

    try:
        jwks = strict_json(inp["jwks"])
    except Refused:
        return fail("invalid_jwks")
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        return fail("invalid_jwks")
    if any(not isinstance(k, dict) or not isinstance(k.get("kty"), str) for k in jwks["keys"]):
        return fail("invalid_jwks")
    usable = [k for k in jwks["keys"] if k["kty"] in ("RSA", "EC", "OKP") and k.get("use", "sig") == "sig"]

    segments = inp["id_token"].split(".")
    if len(segments) != 3:
        return fail("malformed_id_token")
    try:
        raw = [b64u_strict(segment) for segment in segments]
        head = strict_json(raw[0].decode("utf-8"))
        payload = strict_json(raw[1].decode("utf-8"))
    except (Refused, UnicodeDecodeError):
        return fail("malformed_id_token")
    if not isinstance(head, dict) or not isinstance(payload, dict) or not isinstance(head.get("alg"), str):
        return fail("malformed_id_token")
    alg = head["alg"]
    if alg not in ("RS256", "PS256", "ES256", "EdDSA"):
        return fail("unsupported_algorithm")
    if "crit" in head:
        return fail("unsupported_token_header")
    if "kid" in head:
        named = [k for k in usable if k.get("kid") == head["kid"]]
        if not named:
            return fail("unknown_key_id")
        fitting = [k for k in named if compatible(k, alg)]
        if not fitting:
            return fail("key_algorithm_mismatch")
        assert len(fitting) == 1, "a case is ambiguous: two compatible keys share the kid"
    else:
        fitting = [k for k in usable if compatible(k, alg)]
        if len(fitting) != 1:
            return fail("unknown_key_id")
    key = fitting[0]
    if "alg" in key and key["alg"] != alg:
        return fail("key_algorithm_mismatch")
    if key["kty"] == "RSA" and int.from_bytes(b64u_strict(key["n"]), "big").bit_length() < 2048:
        return fail("weak_key")
    signing_input = (segments[0] + "." + segments[1]).encode("ascii")
    if not verify_signature(key, alg, signing_input, raw[2]):
        return fail("invalid_signature")

    c = payload
    aud = c.get("aud")
    if not (isinstance(c.get("iss"), str) and isinstance(c.get("sub"), str)
            and (isinstance(aud, str) or (isinstance(aud, list) and all(isinstance(a, str) for a in aud)))
            and is_int(c.get("exp")) and is_int(c.get("iat")) and ("nbf" not in c or is_int(c["nbf"]))):
        return fail("missing_claim")
    if c["iss"] != inp["issuer"]:
        return fail("issuer_mismatch")
    audiences = [aud] if isinstance(aud, str) else aud
    if inp["client_id"] not in audiences:
        return fail("audience_mismatch")
    if (len(audiences) > 1 and c.get("azp") != inp["client_id"]) or ("azp" in c and c["azp"] != inp["client_id"]):
        return fail("azp_mismatch")
    leeway = 60 if inp["leeway"] is None else inp["leeway"]
    now = inp["now"]
    if now >= c["exp"] + leeway:
        return fail("id_token_expired")
    if "nbf" in c and now + leeway < c["nbf"]:
        return fail("id_token_not_yet_valid")
    if c["iat"] > now + leeway:
        return fail("id_token_issued_in_future")
    if inp["nonce"] is not None and c.get("nonce") != inp["nonce"]:
        return fail("nonce_mismatch")
    return {"claims": payload}


def ref_parse_token_response(inp: dict) -> dict:
    bad = {"error": "invalid_token_response"}
    try:
        body = strict_json(inp["body"])
    except Refused:
        return bad
    if not isinstance(body, dict):
        return bad
    if not 200 <= inp["status"] <= 299:
        error = body.get("error")
        if not isinstance(error, str) or not error:
            return bad
        out = {"error": "token_error", "oauth_error": error}
        for member in ("error_description", "error_uri"):
            if isinstance(body.get(member), str) and body[member]:
                out[member] = body[member]
        return out
    if not isinstance(body.get("access_token"), str) or not body["access_token"]:
        return bad
    if not isinstance(body.get("token_type"), str):
        return bad
    if body["token_type"].lower() != "bearer":
        return {"error": "unsupported_token_type"}
    if "expires_in" in body and not (is_int(body["expires_in"]) and body["expires_in"] >= 0):
        return bad
    return {"tokens": {name: body.get(name) for name in
                       ("access_token", "token_type", "expires_in", "refresh_token", "id_token", "scope")}}


def form(value: str) -> str:
    out = []
    for byte in value.encode("utf-8"):
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in "-._~"):
            out.append(char)
        elif char == " ":
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


ENV_BASES = {  # the env_url rule is pinned by env_url.json; these are the values used here
    ISS: ISS, "HTTPS://Acme.Scalekit.dev/": ISS, "https://auth.example.com/scalekit/": "https://auth.example.com/scalekit",
    "http://localhost:8080/": "http://localhost:8080", "ftp://acme.scalekit.dev": None,
    "https://acme.scalekit.dev?tenant=1": None, "": None,
}
UNRESERVED_43_128 = re.compile(r"[A-Za-z0-9._~-]{43,128}")


def ref_token_request(inp: dict) -> dict:
    base = ENV_BASES[inp["env_url"]]
    if base is None:
        return {"error": "invalid_env_url"}
    method, secret = inp["auth_method"], inp["client_secret"]
    if method is None:
        method = "client_secret_post" if secret is not None else "none"
    if method not in ("client_secret_post", "client_secret_basic", "none"):
        return {"error": "invalid_argument"}
    if method == "none" and secret is not None:
        return {"error": "invalid_argument"}
    if method != "none" and secret is None:
        return {"error": "missing_client_secret"}
    grant = inp["grant"]
    params = [("grant_type", grant["type"])]
    if grant["type"] == "authorization_code":
        if not grant["code"]:
            return {"error": "missing_code"}
        if not grant["redirect_uri"]:
            return {"error": "missing_redirect_uri"}
        verifier = grant["code_verifier"]
        if verifier is not None and not UNRESERVED_43_128.fullmatch(verifier):
            return {"error": "invalid_code_verifier"}
        if method == "none" and verifier is None:
            return {"error": "pkce_required"}
        params += [("code", grant["code"]), ("redirect_uri", grant["redirect_uri"]), ("client_id", inp["client_id"])]
        if method == "client_secret_post":
            params.append(("client_secret", secret))
        if verifier is not None:
            params.append(("code_verifier", verifier))
    else:
        if not grant["refresh_token"]:
            return {"error": "missing_refresh_token"}
        params.append(("refresh_token", grant["refresh_token"]))
        if grant["scope"] is not None:
            params.append(("scope", grant["scope"]))
        params.append(("client_id", inp["client_id"]))
        if method == "client_secret_post":
            params.append(("client_secret", secret))
    headers = [list(h) for h in FORM]
    if method == "client_secret_basic":
        credentials = form(inp["client_id"]) + ":" + form(secret)
        headers.append(["Authorization", "Basic " + base64.b64encode(credentials.encode("ascii")).decode("ascii")])
    return {"method": "POST", "url": base + "/oauth/token", "headers": headers,
            "body": "&".join(f"{form(k)}={form(v)}" for k, v in params)}


# --------------------------------------------------------------------------
# output


def write_suite(path: Path, suite: str, description: str, cases: list[dict]) -> None:
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f'  "suite": {dump(suite)},', f'  "description": {dump(description)},', '  "cases": [']
    for index, case in enumerate(cases):
        lines.append("    {")
        fields = ["id", "op", "source", "description", "input", "expect"]
        for position, field in enumerate(fields):
            comma = "," if position < len(fields) - 1 else ""
            lines.append(f'      "{field}": {dump(case[field])}{comma}')
        lines.append("    }" + ("," if index < len(cases) - 1 else ""))
    lines += ["  ]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check(cases: list[dict], reference) -> int:
    problems = 0
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for case in cases:
        got = reference(case["input"])
        if canonical(got) != canonical(case["expect"]):
            problems += 1
            print(f"DISAGREE {case['id']}: stated {canonical(case['expect'])[:200]} reference {canonical(got)[:200]}")
    return problems


def main() -> int:
    global KEYS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--new-keys", action="store_true", help="generate every key afresh (rewrites all tokens)")
    parser.add_argument("--check", action="store_true", help="only compare with the committed case files")
    args = parser.parse_args()
    KEYS = load_keys(args.new_keys)
    (KEYS_DIR / "jwks.json").write_text(
        json.dumps({"keys": [public_jwk(name) for name in KEY_SPECS]}, indent=2) + "\n", encoding="utf-8")

    build_id_token_cases()
    for case in ID_CASES:
        stated = case.pop("_expect")
        if stated == "ok":
            payload_part = case["input"]["id_token"].split(".")[1]
            case["expect"] = {"claims": strict_json(b64u_strict(payload_part).decode("utf-8"))}
        else:
            case["expect"] = {"error": stated}
    sample = next(c for c in ID_CASES if c["id"] == "idt.rs256-happy")["input"]["id_token"]
    build_token_response_cases(sample)
    build_token_request_cases()

    problems = (check(ID_CASES, ref_verify_id_token) + check(TR_CASES, ref_parse_token_response)
                + check(TQ_CASES, ref_token_request))
    if problems:
        print(f"{problems} case(s) disagree with the reference checks; nothing written")
        return 1

    outputs = [
        (CASES_DIR / "id_token.json", "id_token",
         "verify_id_token: checks in order invalid_jwks; malformed_id_token (3 base64url-no-padding parts, JSON "
         "objects, no duplicate members, string alg); unsupported_algorithm (only RS256, PS256, ES256, EdDSA) and "
         "unsupported_token_header (crit); key selection unknown_key_id / key_algorithm_mismatch (jku, x5u, jwk, "
         "x5c never used); weak_key (RSA < 2048 bits); invalid_signature (ES256 = 64-byte R||S); claims "
         "missing_claim, issuer_mismatch, audience_mismatch, azp_mismatch, id_token_expired (now >= exp + leeway), "
         "id_token_not_yet_valid (now + leeway < nbf), id_token_issued_in_future (iat > now + leeway), "
         "nonce_mismatch. leeway null = 60. Generated by conformance/generators/id_token_cases.py.",
         ID_CASES),
        (CASES_DIR / "token_response.json", "token_response",
         "parse_token_response: a 2xx JSON object with a non-empty string access_token and token_type bearer (any "
         "case) gives the six token fields (null when absent); non-2xx with a non-empty string error gives "
         "token_error; anything else invalid_token_response, a non-bearer token_type unsupported_token_type. "
         "Generated by conformance/generators/id_token_cases.py.",
         TR_CASES),
        (CASES_DIR / "token_request.json", "token_request",
         "token_request: POST <env base>/oauth/token, form-encoded body in a fixed parameter order, client_id "
         "always in the body, client_secret_basic as the last header with form-encoded id and secret. "
         "Generated by conformance/generators/id_token_cases.py.",
         TQ_CASES),
    ]
    stale = 0
    for path, suite, description, cases in outputs:
        if args.check:
            expected = json.loads(path.read_text(encoding="utf-8"))
            if canonical(expected["cases"]) != canonical(cases):
                stale += 1
                print(f"{path.name}: differs from the generator's output")
        else:
            write_suite(path, suite, description, cases)
        print(f"{path.relative_to(HERE.parent.parent)}: {len(cases)} cases")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
