"""loginkit for FastAPI and Starlette (``pip install "loginkit[fastapi]"``):
the login routes of a ``loginkit.WebLogin`` as an ``APIRouter``, and the
signed-in user.

    from fastapi import FastAPI, Request
    from loginkit.fastapi import current_user, login_router

    app = FastAPI()
    app.include_router(login_router(web))    # /login /signup /auth/callback /logout

    @app.get("/")
    def home(request: Request):
        user = current_user(request)          # loginkit.SessionUser or None
        ...

This module only maps Starlette's request and response types onto
``WebLogin``: every URL, cookie, check and error comes from the loginkit
core. The callback's code exchange is blocking network I/O, so it runs in
Starlette's thread pool (``run_in_threadpool``), never on the event loop.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, Response

from . import LoginKitError, WebLogin

if TYPE_CHECKING:
    from . import HttpResponse, SessionUser, Transport

__all__ = ["current_user", "error_page", "login_router", "to_response"]

# The WebLogin of every login router made in this process, for
# current_user in the usual application with exactly one.
_WEB_LOGINS: list[WebLogin] = []


def to_response(response: HttpResponse) -> Response:
    """loginkit's ``HttpResponse`` as a Starlette response: its status and
    every header as given (``Set-Cookie`` may repeat), no body."""
    out = Response(status_code=response.status)
    for name, value in response.headers:
        out.headers.append(name, value)
    return out


def error_page(error: LoginKitError) -> HTMLResponse:
    """The failed-login page: status 400 with the error's stable code in
    ``<p id="login-error">``, and no session."""
    body = f'<h1>Login failed</h1><p id="login-error">{html.escape(error.code)}</p><a href="/">Home</a>'
    return HTMLResponse(body, status_code=400)


def login_router(
    web: WebLogin,
    *,
    callback_path: str = "/auth/callback",
    transport: Transport | None = None,
    timeout: float | None = None,
) -> APIRouter:
    """An ``APIRouter`` with the routes of ``web`` (none in the OpenAPI schema):

    - ``GET /login``: to the provider's login page (``?return_to=/path``
      says where to land afterwards, a same-origin path; default ``/``);
    - ``GET /signup``: the same with ``prompt=create``;
    - ``GET {callback_path}``: checks the callback against its transaction
      cookie, exchanges the code in the thread pool (``transport`` /
      ``timeout`` as for ``Client.authenticate_with_code``), sets the
      session cookie and redirects; a failure is ``error_page`` (400);
    - ``GET /logout``: ends the session here and at the provider.

    ``callback_path`` must be the path of ``web``'s redirect URI.
    """
    if not isinstance(web, WebLogin):
        raise TypeError(f"web must be a loginkit.WebLogin, not {type(web).__name__}")
    router = APIRouter(include_in_schema=False)

    def start(request: Request, sign_up: bool) -> Response:
        # The query as received; the core reads return_to from it.
        query = request.scope.get("query_string", b"").decode("utf-8", errors="replace")
        try:
            return to_response(web.login_from_request("?" + query, sign_up=sign_up))
        except LoginKitError as error:
            return error_page(error)

    # Sealing a cookie takes microseconds: these run on the event loop.
    async def login(request: Request) -> Response:
        return start(request, False)

    async def signup(request: Request) -> Response:
        return start(request, True)

    async def callback(request: Request) -> Response:
        # The query as received; the core reads the callback from it.
        query = request.scope.get("query_string", b"").decode("utf-8", errors="replace")
        try:
            response = await run_in_threadpool(
                web.handle_callback, "?" + query, request.headers.get("cookie"), transport=transport, timeout=timeout
            )
        except LoginKitError as error:
            return error_page(error)
        return to_response(response)

    async def logout(request: Request) -> Response:
        try:
            return to_response(web.logout(request.headers.get("cookie")))
        except LoginKitError as error:
            return error_page(error)

    for path, endpoint in (("/login", login), ("/signup", signup), (callback_path, callback), ("/logout", logout)):
        router.add_api_route(path, endpoint, methods=["GET"], response_class=Response)
    if not any(known is web for known in _WEB_LOGINS):
        _WEB_LOGINS.append(web)
    return router


def current_user(request: HTTPConnection) -> SessionUser | None:
    """The signed-in user of ``request``, from its session cookie: a
    ``loginkit.SessionUser`` (``.email``, ``.sub``, ``.name``, ``.claims``),
    or None without a valid session. Also usable as a dependency:
    ``user: SessionUser | None = Depends(current_user)``.

    The ``WebLogin`` is ``request.app.state.loginkit`` when the application
    set it, else the one ``login_router`` was given (with routers for
    several ``WebLogin`` objects in one process, set ``app.state.loginkit``).
    """
    web: Any = getattr(request.app.state, "loginkit", None)
    if web is None:
        if len(_WEB_LOGINS) != 1:
            raise RuntimeError(
                "loginkit.fastapi.current_user: "
                + ("include login_router(web) in this app first" if not _WEB_LOGINS
                   else "login_router was given several WebLogin objects: set app.state.loginkit = web")
            )
        web = _WEB_LOGINS[0]
    if not isinstance(web, WebLogin):
        raise TypeError(f"app.state.loginkit must be a loginkit.WebLogin, not {type(web).__name__}")
    return web.user(request.headers.get("cookie"))
