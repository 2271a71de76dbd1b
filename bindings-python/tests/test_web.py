"""The sealed login transaction and the web login routes in Python (issues 12
and 13): keys, seal/open, cookie options, start_login_transaction +
finish_login, WebLogin's routes as data, argument types and secrets kept
out of reprs. The complete logins against the real provider are in
test_op.py."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest

import loginkit
from loginkit import (
    Client,
    CookieOptions,
    HttpResponse,
    LoginKitError,
    LoginTransaction,
    TransactionKeys,
    WebLogin,
)

ENV_URL = "https://acme.scalekit.dev"
REDIRECT_URI = "https://yourapp.com/auth/callback"
KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"  # the conformance key (32 bytes)
NOW = 1767225600


@pytest.fixture
def client() -> Client:
    return Client(ENV_URL, "skc_1234567890", "test_secret_abc123")


@pytest.fixture
def keys() -> TransactionKeys:
    return TransactionKeys([KEY])


def transaction(**changes: object) -> LoginTransaction:
    fields: dict = dict(state="s" * 64, nonce="n-0S6_WzA2Mj", code_verifier="dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                        redirect_uri=REDIRECT_URI, return_to=None, issued_at=NOW)
    fields.update(changes)
    return LoginTransaction(**fields)


def headers(response: HttpResponse, name: str) -> list[str]:
    return [value for header, value in response.headers if header.lower() == name.lower()]


def cookie_pair(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0]


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


# --- keys ---------------------------------------------------------------------


def test_generated_keys_are_256_bit_base64url_and_differ() -> None:
    first, second = TransactionKeys.generate_key(), TransactionKeys.generate_key()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", first) and first != second
    assert len(TransactionKeys([first, second])) == 2


@pytest.mark.parametrize("bad", [[], [""], ["c2hvcnQ"], [KEY + "="], [KEY, "not base64url!"]])
def test_bad_keys_are_invalid_transaction_key_without_the_key_text(bad: list[str]) -> None:
    with pytest.raises(LoginKitError) as raised:
        TransactionKeys(bad)
    assert raised.value.code == "invalid_transaction_key"
    assert all(key not in str(raised.value) for key in bad if key)


def test_keys_must_be_a_list_of_str() -> None:
    with pytest.raises(TypeError, match="keys must be a list of str, not a single str"):
        TransactionKeys(KEY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"keys\[0\] must be a str"):
        TransactionKeys([b"x" * 43])  # type: ignore[list-item]


def test_keys_repr_shows_no_key(keys: TransactionKeys) -> None:
    assert KEY not in repr(keys) and "redacted" in repr(keys)


def test_a_trailing_newline_from_the_environment_is_ignored() -> None:
    sealed = TransactionKeys([KEY + "\n"]).seal(transaction())
    assert TransactionKeys([KEY]).open(sealed) == transaction()


# --- seal and open --------------------------------------------------------------


def test_seal_and_open_round_trip_with_a_fresh_nonce_each_time(keys: TransactionKeys) -> None:
    tx = transaction(return_to="/dashboard?tab=billing", state="état ✓")
    first, second = keys.seal(tx), keys.seal(tx)
    assert first != second
    assert keys.open(first) == tx and keys.open(second) == tx
    opened = keys.open(first)
    assert (opened.state, opened.return_to, opened.issued_at) == ("état ✓", "/dashboard?tab=billing", NOW)


def test_rotation_the_first_key_seals_every_key_opens(keys: TransactionKeys) -> None:
    new = TransactionKeys.generate_key()
    rotated = TransactionKeys([new, KEY])
    assert rotated.open(keys.seal(transaction())) == transaction()
    sealed_with_new = rotated.seal(transaction())
    with pytest.raises(LoginKitError) as raised:
        keys.open(sealed_with_new)
    assert raised.value.code == "transaction_unknown_key"


def test_tampered_and_truncated_values(keys: TransactionKeys) -> None:
    sealed = keys.seal(transaction())
    flipped = sealed[:-5] + ("A" if sealed[-5] != "A" else "B") + sealed[-4:]
    for value, code in ((flipped, "transaction_tampered"), (sealed[:20], "transaction_truncated"), ("", "transaction_truncated")):
        with pytest.raises(LoginKitError) as raised:
            keys.open(value)
        assert raised.value.code == code


def test_transaction_repr_hides_the_nonce_and_verifier() -> None:
    tx = transaction()
    assert tx.nonce not in repr(tx) and tx.code_verifier not in repr(tx) and tx.state in repr(tx)


def test_transaction_argument_types() -> None:
    with pytest.raises(TypeError, match="issued_at must be an int"):
        transaction(issued_at="1767225600")
    with pytest.raises(TypeError, match="issued_at must be an int"):
        transaction(issued_at=True)
    with pytest.raises(TypeError):
        LoginTransaction(state="s")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="transaction must be a LoginTransaction"):
        TransactionKeys([KEY]).seal({"state": "s"})  # type: ignore[arg-type]


# --- cookies and return-to ------------------------------------------------------


def test_cookie_options_defaults_and_headers() -> None:
    options = CookieOptions()
    assert (options.path, options.secure, options.ttl) == ("/", True, loginkit.DEFAULT_TRANSACTION_TTL) == ("/", True, 600)
    assert options == CookieOptions(path="/", secure=True, ttl=600)
    name = loginkit.transaction_cookie_name("s1")
    assert re.fullmatch(r"loginkit_tx_[0-9a-f]{16}", name)
    assert options.set_cookie(name, "v") == f"{name}=v; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax"
    plain = CookieOptions(path="/app", secure=False, ttl=60)
    assert plain.clear_cookie(name) == f"{name}=; Path=/app; Max-Age=0; HttpOnly; SameSite=Lax"
    assert repr(plain) == 'CookieOptions(path="/app", secure=False, ttl=60)'


def test_cookie_option_types() -> None:
    with pytest.raises(TypeError, match="secure must be a bool"):
        CookieOptions(secure=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ttl must be an int"):
        CookieOptions(ttl=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ttl must be an int from"):
        CookieOptions(ttl=-1)


@pytest.mark.parametrize("good", ["/", "/dashboard?tab=billing#top", "/a/../b"])
def test_return_to_same_origin_paths(good: str) -> None:
    loginkit.validate_return_to(good)


@pytest.mark.parametrize("bad", ["//evil.com", "/\\evil.com", "https://evil.com/", "dashboard", "", "/a\nb"])
def test_return_to_refused(bad: str) -> None:
    with pytest.raises(LoginKitError) as raised:
        loginkit.validate_return_to(bad)
    assert raised.value.code == "invalid_return_to"


# --- start_login_transaction + finish_login -------------------------------------


def test_a_login_sealed_in_a_cookie_and_finished(client: Client, keys: TransactionKeys) -> None:
    start = client.start_login_transaction(REDIRECT_URI, keys, scopes=["openid", "email"], return_to="/inbox", now=NOW)
    assert start.url.startswith(f"{ENV_URL}/oauth/authorize?") and "scope=openid+email" in start.url
    assert start.cookie_name == loginkit.transaction_cookie_name(state_of(start.url))
    assert start.set_cookie.startswith(f"{start.cookie_name}={start.cookie_value}; Path=/; Max-Age=600; HttpOnly; Secure")
    assert start.cookie_value not in repr(start)

    cookie_header = f"other=1; {start.cookie_name}={start.cookie_value}"
    finished = client.finish_login(f"{REDIRECT_URI}?code=code_xyz&state={state_of(start.url)}", cookie_header, keys, now=NOW + 5)
    # "code_xyz" cannot occur in the hex state that repr shows, so this cannot pass by chance
    assert finished.code == "code_xyz" and "code_xyz" not in repr(finished)
    tx = finished.transaction
    assert (tx.state, tx.redirect_uri, tx.return_to, tx.issued_at) == (state_of(start.url), REDIRECT_URI, "/inbox", NOW)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", tx.code_verifier) and f"nonce={tx.nonce}" in start.url
    assert finished.clear_cookie.startswith(f"{start.cookie_name}=; Path=/; Max-Age=0")


def test_the_options_object_works_as_for_start_login(client: Client, keys: TransactionKeys) -> None:
    options = loginkit.AuthorizationUrlOptions(scopes=["openid"], prompt="create")
    start = client.start_login_transaction(REDIRECT_URI, keys, options)
    assert "prompt=create" in start.url and "scope=openid&" in start.url
    with pytest.raises(TypeError, match="not both"):
        client.start_login_transaction(REDIRECT_URI, keys, options, prompt="login")


def test_finish_login_failures_in_order(client: Client, keys: TransactionKeys) -> None:
    start = client.start_login_transaction(REDIRECT_URI, keys, now=NOW, cookie_options=CookieOptions(ttl=60))
    state = state_of(start.url)
    cookie = cookie_pair(start.set_cookie)
    other = client.start_login_transaction(REDIRECT_URI, keys, now=NOW)

    def code_of(callback: str, cookie_header: str | None, now: int = NOW, ttl: int = 60) -> str:
        with pytest.raises(LoginKitError) as raised:
            client.finish_login(callback, cookie_header, keys, cookie_options=CookieOptions(ttl=ttl), now=now)
        return raised.value.code

    assert code_of(f"?code=c&state={state}", None) == "transaction_missing"
    assert code_of(f"?code=c&state={state}", "") == "transaction_missing"
    assert code_of(f"?code=c&state={state}&state={state}", cookie) == "duplicate_parameter"
    swapped = f"{start.cookie_name}={other.cookie_value}"
    assert code_of(f"?code=c&state={state}", swapped) == "transaction_swapped"
    assert code_of(f"?code=c&state={state}", cookie, now=NOW + 60) == "transaction_expired"
    assert code_of(f"?state={state}", cookie) == "missing_code"
    assert code_of(f"?code=c&state={state}", f"{start.cookie_name}=AAAA") == "transaction_truncated"
    with pytest.raises(loginkit.AuthorizationError) as refused:
        client.finish_login(f"?error=access_denied&state={state}", cookie, keys, now=NOW)
    assert (refused.value.code, refused.value.error) == ("authorization_error", "access_denied")


def test_start_refuses_a_foreign_return_to(client: Client, keys: TransactionKeys) -> None:
    with pytest.raises(LoginKitError) as raised:
        client.start_login_transaction(REDIRECT_URI, keys, return_to="//evil.com/")
    assert raised.value.code == "invalid_return_to"
    with pytest.raises(TypeError, match="keys must be a TransactionKeys"):
        client.start_login_transaction(REDIRECT_URI, [KEY])  # type: ignore[arg-type]


# --- WebLogin --------------------------------------------------------------------


@pytest.fixture
def web(client: Client, keys: TransactionKeys) -> WebLogin:
    return WebLogin(client, keys, "http://127.0.0.1:9501/auth/callback", post_logout_redirect_uri="http://127.0.0.1:9501/",
                    cookie_options=CookieOptions(secure=False), session_ttl=3600)


def test_the_login_route_redirects_with_a_transaction_cookie(web: WebLogin, keys: TransactionKeys) -> None:
    response = web.login(now=NOW)
    assert response.status == 302 and headers(response, "Cache-Control") == ["no-store"]
    location = response.location
    assert location is not None and location == headers(response, "Location")[0]
    assert location.startswith(f"{ENV_URL}/oauth/authorize?") and "scope=openid+profile+email+offline_access" in location
    assert "prompt=" not in location
    [set_cookie] = headers(response, "Set-Cookie")
    name, value = cookie_pair(set_cookie).split("=", 1)
    assert name == loginkit.transaction_cookie_name(state_of(location))
    assert "Secure" not in set_cookie and "HttpOnly" in set_cookie
    assert keys.open(value).issued_at == NOW
    # The repr hides every header value but Cache-Control.
    assert value not in repr(response) and location not in repr(response)


def test_sign_up_adds_prompt_create_and_return_to_travels(web: WebLogin, keys: TransactionKeys) -> None:
    response = web.login(sign_up=True, return_to="/inbox")
    assert response.location is not None and "prompt=create" in response.location
    value = cookie_pair(headers(response, "Set-Cookie")[0]).split("=", 1)[1]
    assert keys.open(value).return_to == "/inbox"
    with pytest.raises(LoginKitError) as raised:
        web.login(return_to="https://evil.com/")
    assert raised.value.code == "invalid_return_to"
    with pytest.raises(TypeError, match="sign_up must be a bool"):
        web.login(sign_up="yes")  # type: ignore[arg-type]


def test_login_from_request_lets_the_core_read_return_to(web: WebLogin, keys: TransactionKeys) -> None:
    response = web.login_from_request("/signup?other=%&return_to=%2Finbox%3Ftab%3D2+3", sign_up=True)
    assert response.location is not None and "prompt=create" in response.location
    value = cookie_pair(headers(response, "Set-Cookie")[0]).split("=", 1)[1]
    assert keys.open(value).return_to == "/inbox?tab=2 3"
    plain = web.login_from_request("?return_to=")
    assert keys.open(cookie_pair(headers(plain, "Set-Cookie")[0]).split("=", 1)[1]).return_to is None
    for target, code in [
        ("/login?return_to=//evil.com", "invalid_return_to"),
        ("/login?return_to=%FF", "invalid_return_to"),
        ("?return_to=/a&return_to=/b", "duplicate_parameter"),
    ]:
        with pytest.raises(LoginKitError) as raised:
            web.login_from_request(target)
        assert raised.value.code == code, target


def test_the_callback_checks_the_transaction_before_any_exchange(web: WebLogin) -> None:
    start = web.login(now=NOW)
    state = state_of(start.location or "")
    cookie = cookie_pair(headers(start, "Set-Cookie")[0])
    # A missing or tampered-with transaction fails before any request is sent.
    sent: list[loginkit.HttpRequest] = []

    def transport(request: loginkit.HttpRequest) -> tuple[int, str]:
        sent.append(request)
        return 500, "{}"

    for target, cookie_header, code in (
        (f"/auth/callback?code=c&state=x{state}", cookie, "transaction_missing"),
        (f"/auth/callback?code=c&state={state}", None, "transaction_missing"),
        (f"/auth/callback?code=c&state={state}", cookie, "transaction_expired"),
    ):
        with pytest.raises(LoginKitError) as raised:
            web.handle_callback(target, cookie_header, transport=transport, now=NOW + 600)
        assert raised.value.code == code
    assert sent == []


def test_callback_then_exchange_then_complete_by_hand(web: WebLogin) -> None:
    start = web.login(return_to="/inbox", now=NOW)
    state = state_of(start.location or "")
    pending = web.callback(f"/auth/callback?code=code_xyz&state={state}", cookie_pair(headers(start, "Set-Cookie")[0]), now=NOW)
    assert pending.transaction.return_to == "/inbox" and pending.clear_cookie.startswith("loginkit_tx_")
    assert "code_xyz" not in repr(pending)
    request = pending.exchange.request()
    assert (request.method, request.url) == ("POST", f"{ENV_URL}/oauth/token")
    assert "code=code_xyz" in request.body and "redirect_uri=http%3A%2F%2F127.0.0.1%3A9501%2Fauth%2Fcallback" in request.body
    assert f"code_verifier={pending.transaction.code_verifier}" in request.body
    # The provider refuses: the exchange raises TokenError; no session.
    with pytest.raises(loginkit.TokenError) as refused:
        pending.exchange.receive(400, '{"error":"invalid_grant"}', NOW)
    assert refused.value.error == "invalid_grant"


def test_handle_callback_maps_a_network_failure(web: WebLogin) -> None:
    start = web.login()
    state = state_of(start.location or "")

    def unreachable(request: loginkit.HttpRequest) -> tuple[int, str]:
        raise ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(LoginKitError) as raised:
        web.handle_callback(f"?code=abc&state={state}", cookie_pair(headers(start, "Set-Cookie")[0]), transport=unreachable)
    assert raised.value.code == "network_error" and f"{ENV_URL}/oauth/token" in str(raised.value)


def test_no_session_is_none_and_logout_still_clears(web: WebLogin) -> None:
    assert web.user(None) is None and web.user("") is None
    assert web.user("loginkit_session=garbage; other=1") is None
    response = web.logout("loginkit_session=garbage")
    assert response.status == 302 and response.location is not None
    assert response.location.startswith(f"{ENV_URL}/oidc/logout?") and "id_token_hint" not in response.location
    assert "post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A9501%2F" in response.location
    assert headers(response, "Set-Cookie") == ["loginkit_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"]


def test_web_login_arguments(client: Client, keys: TransactionKeys) -> None:
    with pytest.raises(TypeError, match="client must be a loginkit.Client"):
        WebLogin("client", keys, REDIRECT_URI)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keys must be a TransactionKeys"):
        WebLogin(client, [KEY], REDIRECT_URI)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cookie_options must be a CookieOptions"):
        WebLogin(client, keys, REDIRECT_URI, cookie_options={"secure": False})  # type: ignore[arg-type]
    with pytest.raises(LoginKitError) as raised:
        WebLogin(client, keys, "https://yourapp.com/*/callback")
    assert raised.value.code == "redirect_uri_wildcard_not_allowed"  # the callback route is one concrete URL
    web = WebLogin(client, keys, REDIRECT_URI, scopes=["openid", "email"])
    assert web.client is client and "scope=openid+email&" in (web.login().location or "")
    assert "test_secret_abc123" not in repr(web)


def test_the_package_exports_the_web_api() -> None:
    for name in ("TransactionKeys", "LoginTransaction", "CookieOptions", "TransactionStart", "FinishedLogin", "HttpResponse",
                 "PendingLogin", "SessionUser", "WebLogin", "transaction_cookie_name", "validate_return_to",
                 "DEFAULT_SESSION_TTL", "SESSION_COOKIE"):
        assert name in loginkit.__all__ and hasattr(loginkit, name)
    assert loginkit.SESSION_COOKIE == "loginkit_session" and loginkit.DEFAULT_SESSION_TTL == 8 * 3600
    assert os.path.basename(os.path.dirname(loginkit.__file__)) == "loginkit"
