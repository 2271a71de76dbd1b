"""Complete logins against a real OpenID provider (testing/op: oidc-provider
on loopback with Scalekit's paths), one per token-endpoint auth method:
start_login -> the provider's login and consent pages (drive-login.mjs) ->
parse_callback -> authenticate_with_code -> the verified user -> a refresh.

The test script starts the provider and sets LOGINKIT_OP_ISSUER (by hand:
`source testing/op/start.sh && op_start 9400 && export
LOGINKIT_OP_ISSUER=$OP_ISSUER`). Without it these tests FAIL, unless
LOGINKIT_SKIP_OP=1 says to skip them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import loginkit
from loginkit import Client

REPOSITORY = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t:with/special+chars%"  # testing/op/README.md
SCOPES = ["openid", "profile", "email", "offline_access"]
ISSUER = os.environ.get("LOGINKIT_OP_ISSUER", "")
# The provider registers OP_REDIRECT_URIS (comma-separated) for every client.
REDIRECT_URI = (os.environ.get("OP_REDIRECT_URIS") or "http://127.0.0.1:9401/auth/callback").split(",")[0]


@pytest.fixture(scope="module")
def issuer() -> str:
    if not ISSUER:
        if os.environ.get("LOGINKIT_SKIP_OP") == "1":
            pytest.skip("LOGINKIT_SKIP_OP=1: the real-provider logins are skipped")
        pytest.fail("LOGINKIT_OP_ISSUER is not set: start the test OpenID provider (source testing/op/start.sh && "
                    "op_start 9400 && export LOGINKIT_OP_ISSUER=$OP_ISSUER), or set LOGINKIT_SKIP_OP=1 to skip these tests",
                    pytrace=False)
    return ISSUER


def drive_login(url: str, login: str) -> str:
    """The provider's login and consent pages, submitted over HTTP; returns the callback URL."""
    done = subprocess.run(["node", str(REPOSITORY / "testing" / "op" / "drive-login.mjs"), url],
                          capture_output=True, text=True, timeout=60, env=dict(os.environ, OP_LOGIN=login))
    assert done.returncode == 0, f"drive-login.mjs exited {done.returncode}: {done.stderr}"
    return done.stdout.strip()


@pytest.mark.parametrize(("client_id", "secret", "method", "login"), [
    ("skc_test_confidential", SECRET, None, "alice"),
    ("skc_test_basic", SECRET, "client_secret_basic", "bob"),
    ("skc_test_public", None, None, "carol"),
])
def test_a_complete_login_and_a_refresh(issuer: str, client_id: str, secret: str | None, method: str | None, login: str) -> None:
    client = Client(issuer, client_id, secret, token_endpoint_auth_method=method)
    expected_method = method or ("client_secret_post" if secret else "none")
    assert client.token_endpoint_auth_method == expected_method

    start = client.start_login(REDIRECT_URI, scopes=SCOPES)
    callback = client.parse_callback(drive_login(start.url, login), start.state)
    result = client.authenticate_with_code(callback.code, REDIRECT_URI, code_verifier=start.code_verifier, nonce=start.nonce)

    assert result.claims is not None and result.user is not None
    assert (result.claims.sub, result.claims.email, result.claims.nonce) == (login, f"{login}@example.com", start.nonce)
    assert (result.user["sub"], result.user["email"], result.user["name"]) == (login, f"{login}@example.com", login.capitalize())
    assert result.claims.iss == client.base_url and result.user["aud"] == client_id
    assert result.access_token and result.tokens.token_type.lower() == "bearer"
    assert result.refresh_token, "offline_access asked for a refresh token"

    refreshed = client.refresh_access_token(result.refresh_token)
    assert refreshed.access_token and refreshed.access_token != result.access_token
    if refreshed.claims is not None:  # the provider sends a new ID token, verified with the cached keys
        assert refreshed.claims.sub == login

    with pytest.raises(loginkit.TokenError) as reused:  # a code works once
        client.authenticate_with_code(callback.code, REDIRECT_URI, code_verifier=start.code_verifier, nonce=start.nonce)
    assert reused.value.code == "token_error" and reused.value.error == "invalid_grant"


def test_a_wrong_nonce_is_refused(issuer: str) -> None:
    client = Client(issuer, "skc_test_confidential", SECRET)
    start = client.start_login(REDIRECT_URI, scopes=["openid", "email"])
    callback = client.parse_callback(drive_login(start.url, "dave"), start.state)
    with pytest.raises(loginkit.LoginKitError) as raised:
        client.authenticate_with_code(callback.code, REDIRECT_URI, code_verifier=start.code_verifier, nonce="not-the-nonce")
    assert raised.value.code == "nonce_mismatch"
