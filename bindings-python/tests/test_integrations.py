"""The framework integrations, loginkit.flask and loginkit.fastapi: their
routes over WebLogin (through Flask's test client and a bare ASGI call, no
network for the app), the error page, current_user, the FastAPI callback's
exchange off the event loop, and a complete login against the real provider
through each framework's routes (drive-login.mjs plays the browser).

Flask and FastAPI must be installed (bindings-python/tests/requirements.txt);
without them these tests FAIL, unless LOGINKIT_SKIP_INTEGRATIONS=1 says to
skip them. The real-provider logins need LOGINKIT_OP_ISSUER as test_op.py.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import threading
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

import loginkit
from loginkit import Client, CookieOptions, HttpRequest, TransactionKeys, WebLogin

from test_op import SECRET, drive_login, issuer  # noqa: F401 (issuer: the fixture)

MISSING = [name for name in ("flask", "fastapi") if importlib.util.find_spec(name) is None]
if MISSING:
    if os.environ.get("LOGINKIT_SKIP_INTEGRATIONS") == "1":
        pytest.skip(f"LOGINKIT_SKIP_INTEGRATIONS=1: {', '.join(MISSING)} not installed", allow_module_level=True)
    pytest.fail(f"{', '.join(MISSING)} not installed: pip install -r bindings-python/tests/requirements.txt "
                "(or set LOGINKIT_SKIP_INTEGRATIONS=1 to skip the framework tests)", pytrace=False)

import flask  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402

import loginkit.fastapi  # noqa: E402
import loginkit.flask  # noqa: E402

OFFLINE_ENV = "https://acme.scalekit.dev"
BASE = "http://127.0.0.1:9401"  # the tests' callback host, registered at the test provider
ERROR = re.compile(r'<p id="login-error">([a-z_]+)</p>')


def make_web(env_url: str = OFFLINE_ENV) -> WebLogin:
    client = Client(env_url, "skc_test_confidential", SECRET)
    keys = TransactionKeys([TransactionKeys.generate_key()])
    return WebLogin(client, keys, f"{BASE}/auth/callback", post_logout_redirect_uri=f"{BASE}/",
                    cookie_options=CookieOptions(secure=False))


class Answer:
    """One HTTP answer, whichever framework gave it."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: str) -> None:
        self.status, self.headers, self.body = status, headers, body

    def get(self, name: str) -> list[str]:
        return [value for header, value in self.headers if header.lower() == name.lower()]

    @property
    def location(self) -> str:
        return self.get("Location")[0]

    def cookie(self, prefix: str) -> str:
        """The name=value pair of the Set-Cookie whose name starts with prefix."""
        return next(value.split(";", 1)[0] for value in self.get("Set-Cookie") if value.startswith(prefix))

    def error_code(self) -> str | None:
        found = ERROR.search(self.body)
        return found.group(1) if found else None


# --- the two apps, as the examples build them -----------------------------------


def flask_app(web: WebLogin, **options: Any) -> tuple[flask.Flask, Callable[[str, str | None], Answer]]:
    app = flask.Flask(__name__)
    app.register_blueprint(loginkit.flask.login_blueprint(web, **options))

    @app.get("/")
    def home() -> str:
        user = loginkit.flask.current_user()
        return f'<b id="user-email">{user.email}</b>' if user else "Not signed in"

    def get(target: str, cookie: str | None = None) -> Answer:
        client = app.test_client(use_cookies=False)  # the Cookie header exactly as given
        response = client.get(target, headers={"Cookie": cookie} if cookie else {})
        return Answer(response.status_code, list(response.headers.items()), response.get_data(as_text=True))

    return app, get


def fastapi_app(web: WebLogin, **options: Any) -> tuple[FastAPI, Callable[[str, str | None], Answer]]:
    app = FastAPI()
    app.include_router(loginkit.fastapi.login_router(web, **options))
    app.state.loginkit = web  # several WebLogin objects live in this test process

    @app.get("/")
    async def home(request: Request) -> str:
        user = loginkit.fastapi.current_user(request)
        return user.email or "" if user else "Not signed in"

    def get(target: str, cookie: str | None = None) -> Answer:
        return asyncio.run(asgi_get(app, target, cookie))

    return app, get


async def asgi_get(app: Any, target: str, cookie: str | None) -> Answer:
    """A GET through the ASGI interface, as uvicorn would send it."""
    path, _, query = target.partition("?")
    headers = [(b"host", b"127.0.0.1:9401")] + ([(b"cookie", cookie.encode())] if cookie else [])
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": unquote(path), "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 9401)}
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Answer(start["status"], [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]], body.decode())


FRAMEWORKS = {"flask": flask_app, "fastapi": fastapi_app}


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


# --- offline: the routes, the error page, the accessor -------------------------


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_login_and_sign_up_redirect_with_a_transaction_cookie(framework: str) -> None:
    web = make_web()
    _, get = FRAMEWORKS[framework](web)
    login = get("/login")
    assert login.status == 302 and login.location.startswith(f"{OFFLINE_ENV}/oauth/authorize?")
    assert "prompt=" not in login.location and login.get("Cache-Control") == ["no-store"]
    name = login.cookie("loginkit_tx_").split("=", 1)[0]
    assert name == loginkit.transaction_cookie_name(state_of(login.location))
    assert login.body == ""
    signup = get("/signup")
    assert signup.status == 302 and "prompt=create" in signup.location
    # The return-to path is sealed into the cookie (it shows after the callback).
    assert get("/login?return_to=%2Finbox").cookie("loginkit_tx_")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_failures_are_a_400_error_page_with_the_code(framework: str) -> None:
    _, get = FRAMEWORKS[framework](make_web())
    foreign = get("/login?return_to=//evil.com/")
    assert (foreign.status, foreign.error_code()) == (400, "invalid_return_to")
    login = get("/login")
    state = state_of(login.location)
    cookie = login.cookie("loginkit_tx_")
    for target, cookie_header, code in (
        (f"/auth/callback?code=c&state=x{state}", cookie, "transaction_missing"),
        (f"/auth/callback?code=c&state={state}", None, "transaction_missing"),
        ("/auth/callback", cookie, "missing_state"),
        (f"/auth/callback?state={state}", cookie, "missing_code"),
        (f"/auth/callback?error=access_denied&state={state}", cookie, "authorization_error"),
    ):
        answer = get(target, cookie_header)
        assert (answer.status, answer.error_code()) == (400, code), target
        assert not any(value.startswith("loginkit_session=") for value in answer.get("Set-Cookie"))
        assert "text/html" in answer.get("Content-Type")[0]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_current_user_without_a_session_and_logout(framework: str) -> None:
    _, get = FRAMEWORKS[framework](make_web())
    assert "Not signed in" in get("/").body
    assert "Not signed in" in get("/", "loginkit_session=forged").body
    logout = get("/logout", "loginkit_session=forged")
    assert logout.status == 302 and logout.location.startswith(f"{OFFLINE_ENV}/oidc/logout?")
    assert logout.get("Set-Cookie") == ["loginkit_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_transport_option_and_a_network_failure(framework: str) -> None:
    calls: list[tuple[str, int]] = []

    def unreachable(request: HttpRequest) -> tuple[int, str]:
        calls.append((request.url, threading.get_ident()))
        raise ConnectionRefusedError(111, "Connection refused")

    _, get = FRAMEWORKS[framework](make_web(), transport=unreachable)
    login = get("/login")
    answer = get(f"/auth/callback?code=abc&state={state_of(login.location)}", login.cookie("loginkit_tx_"))
    assert (answer.status, answer.error_code()) == (400, "network_error")
    assert [url for url, _ in calls] == [f"{OFFLINE_ENV}/oauth/token"]


def test_fastapi_runs_the_exchange_off_the_event_loop() -> None:
    seen: dict[str, int] = {}

    def transport(request: HttpRequest) -> tuple[int, str]:
        seen["transport"] = threading.get_ident()
        return 400, '{"error":"invalid_grant"}'

    app, _ = fastapi_app(make_web(), transport=transport)

    async def run() -> Answer:
        seen["loop"] = threading.get_ident()
        login = await asgi_get(app, "/login", None)
        return await asgi_get(app, f"/auth/callback?code=abc&state={state_of(login.location)}", login.cookie("loginkit_tx_"))

    answer = asyncio.run(run())
    assert (answer.status, answer.error_code()) == (400, "token_error")
    assert seen["transport"] != seen["loop"], "the blocking exchange ran on the event loop"


def test_fastapi_current_user_with_several_web_logins_asks_which() -> None:
    web = make_web()
    app = FastAPI()
    app.include_router(loginkit.fastapi.login_router(web))
    loginkit.fastapi.login_router(make_web())  # a second one in this process
    request = Request({"type": "http", "app": app, "headers": [(b"cookie", b"loginkit_session=x")]})
    with pytest.raises(RuntimeError, match="app.state.loginkit"):
        loginkit.fastapi.current_user(request)
    app.state.loginkit = web
    assert loginkit.fastapi.current_user(request) is None


def test_flask_current_user_needs_the_blueprint() -> None:
    app = flask.Flask(__name__)
    with app.test_request_context("/"), pytest.raises(RuntimeError, match="login_blueprint"):
        loginkit.flask.current_user()


@pytest.mark.parametrize("integration", [loginkit.flask.login_blueprint, loginkit.fastapi.login_router])
def test_the_integrations_want_a_web_login(integration: Callable[..., object]) -> None:
    with pytest.raises(TypeError, match="loginkit.WebLogin"):
        integration(object())


# --- a complete login through each framework, against the real provider -------


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_complete_login_through_the_framework(issuer: str, framework: str) -> None:
    _, get = FRAMEWORKS[framework](make_web(issuer))
    login = get("/login?return_to=/inbox")
    tx_cookie = login.cookie("loginkit_tx_")
    callback = drive_login(login.location, "frank")
    assert callback.startswith(f"{BASE}/auth/callback?")

    done = get(callback[len(BASE):], tx_cookie)
    assert (done.status, done.location) == (302, "/inbox"), done.body
    assert any(value.startswith(f"{tx_cookie.split('=')[0]}=;") for value in done.get("Set-Cookie"))
    session = done.cookie("loginkit_session=")
    assert "frank@example.com" in get("/", f"{tx_cookie}; {session}").body

    again = get(callback[len(BASE):], tx_cookie)  # the code works once
    assert (again.status, again.error_code()) == (400, "token_error")

    logout = get("/logout", session)
    assert logout.location.startswith(f"{issuer}/oidc/logout?id_token_hint=")
    assert logout.get("Set-Cookie")[0].startswith("loginkit_session=; ")
