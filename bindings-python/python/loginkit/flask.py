"""loginkit for Flask (``pip install "loginkit[flask]"``): the login routes
of a ``loginkit.WebLogin`` as a blueprint, and the signed-in user.

    from flask import Flask
    from loginkit.flask import current_user, login_blueprint

    app = Flask(__name__)
    app.register_blueprint(login_blueprint(web))   # /login /signup /auth/callback /logout

    @app.get("/")
    def home():
        user = current_user()                       # loginkit.SessionUser or None
        ...

This module only maps Flask's request and response types onto
``WebLogin``: every URL, cookie, check and error comes from the loginkit
core. The callback's code exchange runs in the request's thread with the
``transport`` given (default ``loginkit.UrllibTransport``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import flask

from . import LoginKitError, WebLogin

if TYPE_CHECKING:
    from . import HttpResponse, SessionUser, Transport

__all__ = ["EXTENSION", "current_user", "error_page", "login_blueprint", "to_response"]

EXTENSION = "loginkit"
"""The key of the blueprint's ``WebLogin`` in ``app.extensions``."""


def to_response(response: HttpResponse) -> flask.Response:
    """loginkit's ``HttpResponse`` as a Flask response: its status and every
    header as given (``Set-Cookie`` may repeat), no body."""
    out = flask.Response(status=response.status)
    for name, value in response.headers:
        out.headers.add(name, value)
    return out


def error_page(error: LoginKitError) -> flask.Response:
    """The failed-login page: status 400 with the error's stable code in
    ``<p id="login-error">``, and no session."""
    body = f'<h1>Login failed</h1><p id="login-error">{html.escape(error.code)}</p><a href="/">Home</a>'
    return flask.Response(body, status=400, mimetype="text/html")


def _cookie_header(request: flask.Request) -> str | None:
    return request.headers.get("Cookie")


def login_blueprint(
    web: WebLogin,
    *,
    name: str = "loginkit",
    callback_path: str = "/auth/callback",
    transport: Transport | None = None,
    timeout: float | None = None,
) -> flask.Blueprint:
    """A blueprint with the routes of ``web``:

    - ``GET /login``: to the provider's login page (``?return_to=/path``
      says where to land afterwards, a same-origin path; default ``/``);
    - ``GET /signup``: the same with ``prompt=create``;
    - ``GET {callback_path}``: checks the callback against its transaction
      cookie, exchanges the code (``transport`` / ``timeout`` as for
      ``Client.authenticate_with_code``), sets the session cookie and
      redirects; a failure is ``error_page`` (400);
    - ``GET /logout``: ends the session here and at the provider.

    ``callback_path`` must be the path of ``web``'s redirect URI. Registering
    the blueprint stores ``web`` in ``app.extensions["loginkit"]``, where
    ``current_user`` finds it.
    """
    if not isinstance(web, WebLogin):
        raise TypeError(f"web must be a loginkit.WebLogin, not {type(web).__name__}")
    blueprint = flask.Blueprint(name, __name__)

    def register(state: flask.blueprints.BlueprintSetupState) -> None:
        state.app.extensions[EXTENSION] = web

    blueprint.record_once(register)

    def start(sign_up: bool) -> flask.Response:
        # The query as received; the core reads return_to from it.
        query = flask.request.query_string.decode("utf-8", errors="replace")
        try:
            return to_response(web.login_from_request("?" + query, sign_up=sign_up))
        except LoginKitError as error:
            return error_page(error)

    @blueprint.get("/login")
    def login() -> flask.Response:
        return start(False)

    @blueprint.get("/signup")
    def signup() -> flask.Response:
        return start(True)

    @blueprint.get(callback_path)
    def callback() -> flask.Response:
        # The query as received; the core reads the callback from it.
        query = flask.request.query_string.decode("utf-8", errors="replace")
        try:
            response = web.handle_callback(
                "?" + query, _cookie_header(flask.request), transport=transport, timeout=timeout
            )
        except LoginKitError as error:
            return error_page(error)
        return to_response(response)

    @blueprint.get("/logout")
    def logout() -> flask.Response:
        try:
            return to_response(web.logout(_cookie_header(flask.request)))
        except LoginKitError as error:
            return error_page(error)

    return blueprint


def current_user(request: flask.Request | None = None) -> SessionUser | None:
    """The signed-in user of ``request`` (default: the current request), from
    its session cookie: a ``loginkit.SessionUser`` (``.email``, ``.sub``,
    ``.name``, ``.claims``), or None without a valid session. Needs the
    blueprint of ``login_blueprint`` registered on the current app."""
    web = flask.current_app.extensions.get(EXTENSION)
    if not isinstance(web, WebLogin):
        raise RuntimeError("loginkit.flask.current_user: register login_blueprint(web) on this app first")
    return web.user(_cookie_header(request if request is not None else flask.request))
