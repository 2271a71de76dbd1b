"""loginkit: OAuth 2.0 / OpenID Connect logins the one canonical way.

Every URL, request, check and error comes from the loginkit core, so the
results are byte-identical with loginkit for Rust, Node, the JVM and Go.
This package only moves the core's requests over HTTP (``urllib.request``,
or a transport you pass) and converts types.

    from loginkit import Client

    client = Client("https://acme.scalekit.dev", "skc_1234567890", "your-client-secret")
    login = client.start_login("https://yourapp.com/auth/callback",
                               scopes=["openid", "profile", "email", "offline_access"])
    # keep login.state, login.nonce, login.code_verifier; redirect to login.url
    # ... then, in the callback handler:
    callback = client.parse_callback(request_url, login.state)
    result = client.authenticate_with_code(callback.code, "https://yourapp.com/auth/callback",
                                           code_verifier=login.code_verifier, nonce=login.nonce)
    result.user["sub"], result.claims.email, result.access_token, result.refresh_token

Without a server-side session, seal the login into a cookie instead
(``TransactionKeys``, ``Client.start_login_transaction`` and
``Client.finish_login``), or let ``WebLogin`` answer the whole set of routes
(login, sign-up, callback, logout, the current user); ``loginkit.flask`` and
``loginkit.fastapi`` map it onto those frameworks.
"""

from __future__ import annotations

from . import _loginkit
from ._loginkit import (
    DEFAULT_SESSION_TTL,
    DEFAULT_TRANSACTION_TTL,
    ERROR_CODES,
    SESSION_COOKIE,
    AuthorizationError,
    AuthorizationUrlOptions,
    Callback,
    CookieOptions,
    Exchange,
    FinishedLogin,
    HttpRequest,
    HttpResponse,
    IdTokenClaims,
    LoginKitError,
    LoginResult,
    LoginStart,
    LoginTransaction,
    LogoutUrlOptions,
    PendingLogin,
    SessionUser,
    TokenError,
    TokenResponse,
    TransactionKeys,
    TransactionStart,
    generate_code_verifier,
    generate_nonce,
    generate_state,
    parse_token_response,
    pkce_challenge,
    redirect_uri_matches,
    transaction_cookie_name,
    validate_redirect_uri,
    validate_return_to,
    verify_id_token,
    verify_state,
)

__all__ = [
    "DEFAULT_SESSION_TTL",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TRANSACTION_TTL",
    "ERROR_CODES",
    "SESSION_COOKIE",
    "AuthorizationError",
    "AuthorizationUrlOptions",
    "Callback",
    "Client",
    "CookieOptions",
    "ErrorCode",
    "Exchange",
    "FinishedLogin",
    "HttpRequest",
    "HttpResponse",
    "IdTokenClaims",
    "LoginKitError",
    "LoginResult",
    "LoginStart",
    "LoginTransaction",
    "LogoutUrlOptions",
    "PendingLogin",
    "SessionUser",
    "TokenError",
    "TokenResponse",
    "TransactionKeys",
    "TransactionStart",
    "Transport",
    "UrllibTransport",
    "WebLogin",
    "generate_code_verifier",
    "generate_nonce",
    "generate_state",
    "parse_token_response",
    "pkce_challenge",
    "redirect_uri_matches",
    "transaction_cookie_name",
    "validate_redirect_uri",
    "validate_return_to",
    "verify_id_token",
    "verify_state",
]

# typing, collections.abc, urllib.request and http.client (with ssl and
# email) are imported only by type checkers or when first needed, not with
# the package: `import loginkit` stays about a millisecond.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import urllib.request
    from collections.abc import Callable
    from typing import final

    from ._loginkit import ErrorCode

    Transport = Callable[[HttpRequest], tuple[int, str | bytes]]
    """Sends one ``HttpRequest`` exactly as given and returns ``(status,
    body)`` for any HTTP status (bytes are decoded as UTF-8). A failure to
    get an answer raises ``LoginKitError`` with code ``network_error``, or
    any ``OSError`` / ``http.client.HTTPException`` (turned into
    ``network_error``)."""
else:

    def final(cls):  # typing.final, without importing typing
        return cls

    def __getattr__(name: str) -> object:
        if name == "Transport":  # loginkit.Transport, built on first use
            from collections.abc import Callable

            return Callable[[HttpRequest], tuple[int, str | bytes]]
        if name == "ErrorCode":  # the stubs' Literal, from the core's own list
            from typing import Literal

            return Literal[ERROR_CODES]
        raise AttributeError(f"module 'loginkit' has no attribute {name!r}")


DEFAULT_TIMEOUT: float = 10.0
"""Seconds the default transport waits to connect and for each read."""


def _text(body: bytes) -> str:
    # JSON is UTF-8 (RFC 8259 section 8.1); like fetch's text() and Java's
    # string handlers, a broken sequence becomes U+FFFD, which no token,
    # key or JSON structure can contain, so the core still refuses it.
    return body.decode("utf-8", errors="replace")


def _network_failures() -> tuple[type[BaseException], ...]:
    """What a transport raises when it gets no answer: OSError (with
    urllib's URLError, timeouts, refused connections, TLS errors) and
    http.client's protocol errors (a cut-off or garbled answer)."""
    import http.client

    return (OSError, http.client.HTTPException)


def _network_error(request: HttpRequest, failure: BaseException) -> LoginKitError:
    """``network_error`` naming the request's method and URL and the cause
    (never its headers or body, which hold secrets)."""
    import urllib.error

    reason = failure.reason if isinstance(failure, urllib.error.URLError) else failure
    if isinstance(reason, str):
        detail = reason
    else:
        detail = f"{type(reason).__name__}: {reason}" if str(reason) else type(reason).__name__
    error = LoginKitError(f"{request.method} {request.url} failed: {detail}")
    error.code = "network_error"
    return error


def _opener(handlers: tuple[urllib.request.BaseHandler, ...]) -> urllib.request.OpenerDirector:
    import urllib.request

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        """A token or key-set endpoint answers; it does not redirect.
        Following one would resend an Authorization header to another URL,
        so the 3xx is returned to the core, which refuses it."""

        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            return None

    return urllib.request.build_opener(*handlers, NoRedirects)


class UrllibTransport:
    """The default transport: ``urllib.request`` from the standard library.

    ``timeout`` (seconds, default 10) bounds the connection and each read.
    Proxies come from the environment (``https_proxy``, ...), as for any
    ``urllib`` call; ``handlers`` are more ``urllib.request`` handlers, e.g.
    ``ProxyHandler({...})`` or ``HTTPSHandler(context=ssl_context)``. The
    opener never follows a redirect (it would resend the Authorization
    header elsewhere): a 3xx goes to the core, which refuses it like any
    answer that is not the endpoint's. Any HTTP status is returned to the
    core as ``(status, body)``; a connection failure, a timeout or a TLS
    error raises ``LoginKitError`` with code ``network_error``.
    """

    __slots__ = ("timeout", "_opener")

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, *, handlers: tuple[urllib.request.BaseHandler, ...] = ()) -> None:
        self.timeout = timeout
        self._opener = _opener(tuple(handlers))

    def __call__(self, request: HttpRequest) -> tuple[int, str]:
        import urllib.error
        import urllib.request

        data = None if request.method in ("GET", "HEAD") else request.body.encode("utf-8")
        outgoing = urllib.request.Request(request.url, data=data, method=request.method)
        for name, value in request.headers:
            outgoing.add_header(name, value)
        try:
            try:
                response = self._opener.open(outgoing, timeout=self.timeout)
            except urllib.error.HTTPError as answer:  # any non-2xx status is an answer
                response = answer
            with response:
                return response.getcode(), _text(response.read())
        except _network_failures() as failure:
            raise _network_error(request, failure) from failure

    def __repr__(self) -> str:
        return f"UrllibTransport(timeout={self.timeout!r})"


def _send(transport: Transport, request: HttpRequest) -> tuple[int, str]:
    try:
        answer = transport(request)
    except LoginKitError:
        raise
    except _network_failures() as failure:
        raise _network_error(request, failure) from failure
    if not (isinstance(answer, tuple) and len(answer) == 2):
        raise TypeError(f"the transport must return a (status, body) tuple, not {type(answer).__name__}")
    status, body = answer
    if isinstance(body, (bytes, bytearray)):
        body = _text(bytes(body))
    return status, body


def _complete(exchange: Exchange, transport: Transport | None, timeout: float | None, now: int | None) -> LoginResult:
    """Drives the core's exchange: send what it asks for, feed it the answer,
    until it is done (at most the token request and one key-set fetch)."""
    if transport is None:
        transport = UrllibTransport(DEFAULT_TIMEOUT if timeout is None else timeout)
    elif timeout is not None:
        raise TypeError("pass either transport or timeout, not both: set the timeout on your transport")
    request = exchange.request()
    while True:
        status, body = _send(transport, request)
        step = exchange.receive(status, body, now)
        if isinstance(step, LoginResult):
            return step
        request = step


@final
class Client(_loginkit.Client):
    """A loginkit client for one environment and one application.

    ``Client(env_url, client_id, client_secret=None, *,
    token_endpoint_auth_method=None, jwks_refetch_interval=None)``:
    construction checks and normalises the arguments and makes no network
    call. ``token_endpoint_auth_method`` is "client_secret_post" (the
    default with a secret), "client_secret_basic" or "none" (the default
    without one: a public client, PKCE required). The client keeps the
    fetched key set (JWKS) for the exchanges it runs and may be shared
    between threads. ``repr`` never shows the secret.
    """

    __slots__ = ()

    def authenticate_with_code(
        self,
        code: str,
        redirect_uri: str,
        *,
        code_verifier: str | None = None,
        nonce: str | None = None,
        transport: Transport | None = None,
        timeout: float | None = None,
        now: int | None = None,
    ) -> LoginResult:
        """Exchanges the callback's authorization code for tokens and returns
        them with the verified ID-token claims (``result.user``,
        ``result.claims``).

        ``redirect_uri`` is the one the login started with;
        ``code_verifier`` and ``nonce`` are ``LoginStart.code_verifier`` and
        ``LoginStart.nonce`` (with a nonce the ID token is required and must
        carry it). The key set is fetched from ``{env_url}/keys`` when the
        client has none or the token names an unknown key.

        ``transport`` sends the requests (default: ``UrllibTransport`` with
        ``timeout`` seconds, 10 by default); ``now`` (seconds since the Unix
        epoch) replaces the system clock for the ID-token time checks.
        Raises ``TokenError`` when the server refuses (``.error`` such as
        "invalid_grant"), ``LoginKitError`` otherwise (``.code``:
        ``network_error``, ``invalid_token_response``, ``nonce_mismatch``, ...).
        """
        exchange = self.exchange_code(code, redirect_uri, code_verifier=code_verifier, nonce=nonce)
        return _complete(exchange, transport, timeout, now)

    def refresh_access_token(
        self,
        refresh_token: str,
        *,
        scope: str | None = None,
        transport: Transport | None = None,
        timeout: float | None = None,
        now: int | None = None,
    ) -> LoginResult:
        """Gets new tokens with a refresh token (``scope`` optionally narrows
        them). An ID token in the answer is verified (``result.claims``);
        without one, ``result.claims`` and ``result.user`` are None. Options
        and errors as for ``authenticate_with_code``.
        """
        exchange = self.exchange_refresh_token(refresh_token, scope=scope)
        return _complete(exchange, transport, timeout, now)


@final
class WebLogin(_loginkit.WebLogin):
    """A web application's login routes as data, for a framework to serve.

    ``WebLogin(client, keys, redirect_uri, *, post_logout_redirect_uri=None,
    scopes=None, cookie_options=None, session_ttl=None)``: ``client`` a
    ``Client`` (with its secret), ``keys`` the ``TransactionKeys`` that seal
    the login transaction and session cookies, ``redirect_uri`` the full URL
    of the callback route. Each route returns an ``HttpResponse`` (status and
    headers) to send as it is:

    - ``login()`` / ``login(sign_up=True)`` (``prompt=create``), with an
      optional same-origin ``return_to`` path;
    - ``handle_callback(request_target, cookie_header)``: checks the
      callback against its transaction cookie, exchanges the code with the
      transport, verifies the ID token and sets the session cookie (or the
      two halves ``callback`` and ``complete`` around your own exchange);
    - ``user(cookie_header)``: the ``SessionUser`` or None;
    - ``logout(cookie_header)``: ends the session here and at the provider.

    ``loginkit.flask`` and ``loginkit.fastapi`` map these onto a Flask
    blueprint and a FastAPI router.
    """

    __slots__ = ()

    def handle_callback(
        self,
        request_target: str,
        cookie_header: str | None = None,
        *,
        transport: Transport | None = None,
        timeout: float | None = None,
        now: int | None = None,
    ) -> HttpResponse:
        """The callback route, whole: ``callback``, the code exchange (sent
        with ``transport``, default ``UrllibTransport`` with ``timeout``
        seconds, 10 by default; blocking), then ``complete``. Returns the
        redirect to the return-to path (default ``/``) that sets the session
        cookie and deletes the transaction cookie. Raises ``LoginKitError``
        (``transaction_missing``, ``transaction_expired``, ...,
        ``network_error``, ``nonce_mismatch``; ``AuthorizationError`` /
        ``TokenError`` when the provider refused): answer it with an error
        page, setting no session.
        """
        pending = self.callback(request_target, cookie_header, now=now)
        result = _complete(pending.exchange, transport, timeout, now)
        return self.complete(pending, result, now=now)
