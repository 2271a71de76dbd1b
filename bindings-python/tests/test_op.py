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


def test_a_login_sealed_in_a_cookie(issuer: str) -> None:
    """Issue 12: the transaction travels in a sealed cookie, not a session."""
    client = Client(issuer, "skc_test_confidential", SECRET)
    keys = loginkit.TransactionKeys([loginkit.TransactionKeys.generate_key()])
    start = client.start_login_transaction(REDIRECT_URI, keys, scopes=SCOPES, return_to="/inbox")
    cookie_header = start.set_cookie.split(";", 1)[0]  # what the browser sends back

    finished = client.finish_login(drive_login(start.url, "erin"), cookie_header, keys)
    t = finished.transaction
    result = client.authenticate_with_code(finished.code, t.redirect_uri, code_verifier=t.code_verifier, nonce=t.nonce)
    assert result.claims is not None and (result.claims.email, result.claims.nonce) == ("erin@example.com", t.nonce)
    assert t.return_to == "/inbox" and finished.clear_cookie.startswith(f"{start.cookie_name}=; ")


def test_the_web_routes_log_in_keep_a_session_and_log_out(issuer: str) -> None:
    """Issue 13: WebLogin's routes as data (reference: core/tests/op_login.rs)."""
    client = Client(issuer, "skc_test_confidential", SECRET)
    keys = loginkit.TransactionKeys([loginkit.TransactionKeys.generate_key()])
    base = REDIRECT_URI.rsplit("/auth/callback", 1)[0]
    web = loginkit.WebLogin(client, keys, REDIRECT_URI, post_logout_redirect_uri=f"{base}/",
                            cookie_options=loginkit.CookieOptions(secure=False), session_ttl=3600)

    def header(response: loginkit.HttpResponse, name: str) -> list[str]:
        return [value for header, value in response.headers if header == name]

    start = web.login(return_to="/inbox")
    tx_cookie = header(start, "Set-Cookie")[0].split(";", 1)[0]
    callback_url = drive_login(start.location or "", "alice")
    target = callback_url[callback_url.index("/auth/callback"):]
    done = web.handle_callback(target, tx_cookie)
    assert done.status == 302 and header(done, "Location") == ["/inbox"]
    cleared, session_cookie = header(done, "Set-Cookie")
    assert "Max-Age=0" in cleared and session_cookie.startswith("loginkit_session=") and "Max-Age=3600" in session_cookie
    session = session_cookie.split(";", 1)[0]
    user = web.user(f"{tx_cookie}; {session}")
    assert user is not None and (user.email, user.sub, user.name) == ("alice@example.com", "alice", "Alice")
    assert user.user["email"] == "alice@example.com" and user.claims.iss == client.base_url
    assert user.id_token not in repr(user)
    assert web.user(session, now=user.expires_at) is None  # expired

    with pytest.raises(loginkit.LoginKitError) as replayed:  # the transaction cookie is used up at the provider
        web.handle_callback(target, tx_cookie)
    assert replayed.value.code == "token_error"

    logout = web.logout(session)
    assert (logout.location or "").startswith(f"{issuer}/oidc/logout?id_token_hint=")
    assert header(logout, "Set-Cookie")[0].startswith("loginkit_session=; ")
