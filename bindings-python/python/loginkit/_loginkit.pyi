"""Type stubs of the loginkit extension module."""

from typing import Any, Literal, Mapping, Sequence, TypeAlias, TypeVar, final, overload

_T = TypeVar("_T")

# The core's ErrorCode::ALL (core/src/error.rs), in its order. tests/test_api.py
# fails when this list and loginkit.ERROR_CODES (read from the core) differ.
ErrorCode: TypeAlias = Literal[
    "invalid_env_url",
    "missing_client_id",
    "missing_redirect_uri",
    "redirect_uri_too_long",
    "invalid_redirect_uri",
    "redirect_uri_scheme_not_allowed",
    "redirect_uri_userinfo_not_allowed",
    "redirect_uri_query_not_allowed",
    "redirect_uri_fragment_not_allowed",
    "redirect_uri_wildcard_not_allowed",
    "redirect_uri_multiple_wildcards",
    "redirect_uri_wildcard_outside_host",
    "redirect_uri_wildcard_not_outermost",
    "redirect_uri_wildcard_root_domain",
    "redirect_uri_localhost_not_allowed",
    "invalid_scopes",
    "invalid_prompt",
    "invalid_provider",
    "invalid_code_challenge",
    "unsupported_code_challenge_method",
    "invalid_extra_parameter",
    "invalid_code_verifier",
    "invalid_callback",
    "duplicate_parameter",
    "missing_state",
    "state_mismatch",
    "issuer_mismatch",
    "authorization_error",
    "missing_code",
    "random_unavailable",
    "invalid_string",
    "invalid_argument",
    "invalid_jwks",
    "malformed_id_token",
    "unsupported_algorithm",
    "unsupported_token_header",
    "unknown_key_id",
    "key_algorithm_mismatch",
    "weak_key",
    "invalid_signature",
    "missing_claim",
    "audience_mismatch",
    "azp_mismatch",
    "id_token_expired",
    "id_token_not_yet_valid",
    "id_token_issued_in_future",
    "nonce_mismatch",
    "invalid_token_response",
    "unsupported_token_type",
    "token_error",
    "pkce_required",
    "missing_client_secret",
    "missing_refresh_token",
    "invalid_transaction_key",
    "invalid_return_to",
    "transaction_missing",
    "transaction_truncated",
    "transaction_unknown_key",
    "transaction_tampered",
    "transaction_swapped",
    "transaction_expired",
    "network_error",
    "internal_error",
]
"""Every stable error code, as ``LoginKitError.code`` carries it. Codes are
only ever added; an existing code never changes meaning."""

ERROR_CODES: tuple[ErrorCode, ...]
"""Every error code loginkit can report, in the core's order."""
DEFAULT_TRANSACTION_TTL: int
"""How long a login may take by default, in seconds (600)."""
DEFAULT_SESSION_TTL: int
"""How long a ``WebLogin`` session lasts by default, in seconds (8 hours)."""
SESSION_COOKIE: str
"""The session cookie's name (``loginkit_session``)."""

class LoginKitError(ValueError):
    """Every loginkit failure. ``code`` is the stable snake_case code (an
    ``ErrorCode``), the same in every language; the message names the
    offending value and the rule it broke, and never a secret.

        try:
            callback = client.parse_callback(request_url, expected_state)
        except loginkit.LoginKitError as error:
            if error.code == "state_mismatch":
                ...
    """

    code: ErrorCode
    """The stable code, e.g. ``"state_mismatch"``; one of ``ERROR_CODES``."""

class AuthorizationError(LoginKitError):
    """The authorization server refused (``code == "authorization_error"`` at the
    callback; ``"token_error"`` at the token endpoint, as ``TokenError``)."""

    error: str
    """The OAuth ``error`` value as sent, e.g. ``"access_denied"``."""
    error_description: str | None
    """The server's ``error_description``, if any."""
    error_uri: str | None
    """The server's ``error_uri``, if any."""

class TokenError(AuthorizationError):
    """The token endpoint refused the exchange (``code == "token_error"``, RFC 6749
    section 5.2): ``error`` is e.g. ``"invalid_grant"``."""

class AuthorizationUrlOptions:
    """Options of an authorization URL; every field defaults to None ("not given").

    Fields are checked when the URL is built, so they may be set in any order:

        options = AuthorizationUrlOptions(scopes=["openid", "profile"], state=state)
        options.prompt = "create"
        url = client.get_authorization_url(redirect_uri, options)
    """

    scopes: Sequence[str] | None
    """Scope tokens (a list, never one space-separated string); default openid profile email."""
    state: str | None
    """The ``state`` to send (``generate_state()``); omitted when None."""
    nonce: str | None
    """The ``nonce`` to send (``generate_nonce()``); omitted when None."""
    login_hint: str | None
    """The user's e-mail address or identifier, to pre-fill the login page."""
    domain_hint: str | None
    """The organisation's domain, to route to its identity provider."""
    connection_id: str | None
    """The connection to log in with."""
    organization_id: str | None
    """The organisation to log in to."""
    provider: str | None
    """The social or enterprise provider, e.g. ``"google"``."""
    prompt: str | None
    """An OpenID Connect prompt value: ``"login"``, ``"consent"``, ``"create"``, ..."""
    code_challenge: str | None
    """A PKCE S256 challenge (``pkce_challenge(verifier)``)."""
    code_challenge_method: str | None
    """``"S256"``, the only PKCE method accepted."""
    extra_params: Sequence[tuple[str, str]] | Mapping[str, str] | None
    """More query parameters, in order; a reserved or empty name is refused."""
    def __init__(
        self,
        *,
        scopes: Sequence[str] | None = None,
        state: str | None = None,
        nonce: str | None = None,
        login_hint: str | None = None,
        domain_hint: str | None = None,
        connection_id: str | None = None,
        organization_id: str | None = None,
        provider: str | None = None,
        prompt: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str | None = None,
        extra_params: Sequence[tuple[str, str]] | Mapping[str, str] | None = None,
    ) -> None: ...

class LogoutUrlOptions:
    """Options of a logout URL; every field defaults to None ("not given")."""

    id_token_hint: str | None
    """The ID token of the session to end."""
    post_logout_redirect_uri: str | None
    """Where the provider sends the browser after the logout (registered with it)."""
    state: str | None
    """A value the provider passes back to ``post_logout_redirect_uri``."""
    def __init__(
        self,
        *,
        id_token_hint: str | None = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
    ) -> None: ...

@final
class LoginStart:
    """A started login: redirect the browser to ``url`` and keep ``state``,
    ``nonce`` and ``code_verifier`` (in the session) until the callback."""

    @property
    def url(self) -> str:
        """The authorization URL, with the state, nonce and PKCE challenge."""
    @property
    def state(self) -> str:
        """The generated state; pass it to ``parse_callback``."""
    @property
    def nonce(self) -> str:
        """The generated nonce; pass it to ``authenticate_with_code``."""
    @property
    def code_verifier(self) -> str:
        """The PKCE verifier; pass it to ``authenticate_with_code``. Never send it to the browser."""

@final
class Callback:
    """A callback whose state (and ``iss``, when sent) matched: the code to exchange."""

    @property
    def code(self) -> str:
        """The authorization code."""
    @property
    def state(self) -> str:
        """The state, equal to the expected one."""

class Client:
    """A client for one environment and one application; no network call, no
    global state. ``token_endpoint_auth_method``: "client_secret_post" (default
    with a secret), "client_secret_basic" or "none" (default without one).
    ``jwks_refetch_interval``: shortest seconds between two key-set fetches
    caused by unknown key ids (default 300). ``repr`` never shows the secret.

        client = Client("https://acme.scalekit.dev", "skc_1234567890", secret)
        login = client.start_login("https://yourapp.com/auth/callback")
    """

    def __init__(
        self,
        env_url: str,
        client_id: str,
        client_secret: str | None = None,
        *,
        token_endpoint_auth_method: Literal["client_secret_post", "client_secret_basic", "none"] | None = None,
        jwks_refetch_interval: int | None = None,
    ) -> None: ...
    @property
    def base_url(self) -> str:
        """The normalised environment URL (also the expected issuer)."""
    @property
    def client_id(self) -> str:
        """The client id."""
    @property
    def token_endpoint_auth_method(self) -> Literal["client_secret_post", "client_secret_basic", "none"]:
        """How the client authenticates at the token endpoint."""
    def get_authorization_url(
        self,
        redirect_uri: str,
        options: AuthorizationUrlOptions | None = None,
        *,
        scopes: Sequence[str] | None = ...,
        state: str | None = ...,
        nonce: str | None = ...,
        login_hint: str | None = ...,
        domain_hint: str | None = ...,
        connection_id: str | None = ...,
        organization_id: str | None = ...,
        provider: str | None = ...,
        prompt: str | None = ...,
        code_challenge: str | None = ...,
        code_challenge_method: str | None = ...,
        extra_params: Sequence[tuple[str, str]] | Mapping[str, str] | None = ...,
    ) -> str:
        """Builds the authorization URL that starts a login, from ``options`` or
        the same fields as keywords (not both). Generates nothing: pass your own
        ``state`` (or use ``start_login``). Raises ``LoginKitError`` for a
        broken redirect URI, scope, prompt, ...

            url = client.get_authorization_url("https://yourapp.com/auth/callback",
                                               scopes=["openid", "profile"], state=state)
        """
    def start_login(
        self,
        redirect_uri: str,
        options: AuthorizationUrlOptions | None = None,
        *,
        scopes: Sequence[str] | None = ...,
        state: str | None = ...,
        nonce: str | None = ...,
        login_hint: str | None = ...,
        domain_hint: str | None = ...,
        connection_id: str | None = ...,
        organization_id: str | None = ...,
        provider: str | None = ...,
        prompt: str | None = ...,
        code_challenge_method: str | None = ...,
        extra_params: Sequence[tuple[str, str]] | Mapping[str, str] | None = ...,
    ) -> LoginStart:
        """Generates state, nonce and a PKCE verifier and builds the URL (other
        options as ``get_authorization_url``).

            login = client.start_login(redirect_uri, scopes=["openid", "profile", "email"])
            session["oauth"] = {"state": login.state, "nonce": login.nonce,
                                "code_verifier": login.code_verifier}
            return redirect(login.url)
        """
    def get_logout_url(
        self,
        options: LogoutUrlOptions | None = None,
        *,
        id_token_hint: str | None = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
    ) -> str:
        """Builds the provider's logout URL, from ``options`` or keywords."""
    def parse_callback(self, callback: str, expected_state: str) -> Callback:
        """Checks a callback (full URL, request target or query string) against
        the stored state, in constant time, and the issuer when the server sent
        one. Raises ``AuthorizationError`` when the server refused the login,
        ``LoginKitError`` (``state_mismatch``, ``missing_code``, ...) otherwise.

            callback = client.parse_callback(request.full_path, session["oauth"]["state"])
        """
    def authorization_code_request(self, code: str, redirect_uri: str, *, code_verifier: str | None = None) -> HttpRequest:
        """The authorization-code grant as a request to send (sans-IO)."""
    def refresh_token_request(self, refresh_token: str, *, scope: str | None = None) -> HttpRequest:
        """The refresh-token grant as a request to send (sans-IO)."""
    def jwks_request(self) -> HttpRequest:
        """The key-set request: GET ``{env_url}/keys``."""
    def verify_id_token(self, id_token: str, jwks: str, *, nonce: str | None = None, now: int | None = None) -> IdTokenClaims:
        """Verifies an ID token against JWKS JSON text, with this client's issuer and id;
        ``now`` (Unix seconds) defaults to the system clock."""
    def exchange_code(
        self, code: str, redirect_uri: str, *, code_verifier: str | None = None, nonce: str | None = None
    ) -> Exchange:
        """Starts the authorization-code exchange (sans-IO); with a nonce the ID token is required."""
    def exchange_refresh_token(self, refresh_token: str, *, scope: str | None = None) -> Exchange:
        """Starts a refresh-token exchange (sans-IO)."""
    def start_login_transaction(
        self,
        redirect_uri: str,
        keys: TransactionKeys,
        options: AuthorizationUrlOptions | None = None,
        *,
        return_to: str | None = None,
        cookie_options: CookieOptions | None = None,
        now: int | None = None,
        scopes: Sequence[str] | None = ...,
        login_hint: str | None = ...,
        domain_hint: str | None = ...,
        connection_id: str | None = ...,
        organization_id: str | None = ...,
        provider: str | None = ...,
        prompt: str | None = ...,
        extra_params: Sequence[tuple[str, str]] | Mapping[str, str] | None = ...,
    ) -> TransactionStart:
        """Starts a login (as ``start_login``) and seals its state, nonce, verifier,
        redirect URI and ``return_to`` path into a cookie: redirect to ``.url`` and
        send ``.set_cookie``. ``now`` (Unix seconds) defaults to the system clock.

            start = client.start_login_transaction(redirect_uri, keys, return_to="/account")
            response.headers.add("Set-Cookie", start.set_cookie)
        """
    def finish_login(
        self,
        callback: str,
        cookie_header: str | None,
        keys: TransactionKeys,
        *,
        cookie_options: CookieOptions | None = None,
        now: int | None = None,
    ) -> FinishedLogin:
        """Checks the callback against its transaction cookie (from the request's
        ``Cookie`` header) and returns the code and the opened transaction.
        Raises ``LoginKitError`` (``transaction_missing``, ``transaction_expired``, ...)."""

@final
class HttpRequest:
    """An HTTP request to send exactly as given; ``repr`` hides the body and Authorization."""

    @property
    def method(self) -> Literal["GET", "POST"]:
        """"POST" (token endpoint) or "GET" (key set)."""
    @property
    def url(self) -> str:
        """The absolute URL."""
    @property
    def headers(self) -> list[tuple[str, str]]:
        """A new list of (name, value) pairs, in sending order."""
    @property
    def body(self) -> str:
        """The form-encoded body ("" for a GET); send it as UTF-8."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class TokenResponse:
    """The token endpoint's successful answer, values as sent; ``repr`` hides the tokens."""

    @property
    def access_token(self) -> str:
        """The access token."""
    @property
    def token_type(self) -> str:
        """"Bearer" in the case the server sent."""
    @property
    def expires_in(self) -> int | None:
        """The access token's lifetime in seconds, if sent."""
    @property
    def refresh_token(self) -> str | None:
        """The refresh token, if sent (scope ``offline_access``)."""
    @property
    def id_token(self) -> str | None:
        """As sent; verified only by an exchange or ``verify_id_token``."""
    @property
    def scope(self) -> str | None:
        """The granted scopes, space-separated, if sent."""

@final
class IdTokenClaims:
    """Verified ID-token claims: typed properties, ``claims["x"]``, ``get``, ``to_dict``, ``to_json``."""

    @property
    def sub(self) -> str:
        """The user's stable identifier at the provider."""
    @property
    def iss(self) -> str:
        """The issuer (the environment URL)."""
    @property
    def email(self) -> str | None:
        """The ``email`` claim, if present."""
    @property
    def email_verified(self) -> bool | None:
        """The ``email_verified`` claim, if present."""
    @property
    def name(self) -> str | None:
        """The ``name`` claim, if present."""
    @property
    def nonce(self) -> str | None:
        """The ``nonce`` claim (checked against the expected one when given)."""
    @property
    def exp(self) -> int:
        """Expiry, Unix seconds."""
    @property
    def iat(self) -> int:
        """Issued at, Unix seconds."""
    def to_dict(self) -> dict[str, Any]:
        """Every claim as a new dict, in the token's order; integers stay int."""
    def to_json(self) -> str:
        """Every claim as compact JSON text, in the token's order."""
    @overload
    def get(self, name: str) -> Any | None:
        """The claim ``name``, or None (or ``default``) when absent."""
    @overload
    def get(self, name: str, default: _T) -> Any | _T: ...
    def __getitem__(self, name: str, /) -> Any: ...
    def __contains__(self, name: object, /) -> bool: ...
    def __len__(self) -> int: ...

@final
class LoginResult:
    """A finished login or refresh: the tokens and the verified ID-token claims."""

    @property
    def tokens(self) -> TokenResponse:
        """The token endpoint's answer."""
    @property
    def claims(self) -> IdTokenClaims | None:
        """The verified ID-token claims; None when no ID token was sent (a refresh may omit it)."""
    @property
    def user(self) -> dict[str, Any] | None:
        """The verified claims as a dict (sub, email, name, ...), or None."""
    @property
    def access_token(self) -> str:
        """``tokens.access_token``."""
    @property
    def refresh_token(self) -> str | None:
        """``tokens.refresh_token``."""
    @property
    def id_token(self) -> str | None:
        """``tokens.id_token`` (verified when ``claims`` is not None)."""
    @property
    def expires_in(self) -> int | None:
        """``tokens.expires_in``."""

@final
class Exchange:
    """One token exchange in progress (sans-IO): send ``request()``, pass each answer to
    ``receive`` until it returns a ``LoginResult``.

        exchange = client.exchange_code(code, redirect_uri, code_verifier=verifier, nonce=nonce)
        step = exchange.request()
        while isinstance(step, HttpRequest):
            status, body = send(step)
            step = exchange.receive(status, body)
    """

    def request(self) -> HttpRequest:
        """The first request to send."""
    def receive(self, status: int, body: str, now: int | None = None) -> HttpRequest | LoginResult:
        """Judges the answer to the last request; returns the next request or the result.
        ``now`` (Unix seconds) defaults to the system clock."""

@final
class TransactionKeys:
    """The keys that seal and open login transactions and sessions: base64url text of
    at least 256 bits each, newest (sealing) first; every key opens. ``repr`` shows no key.

        keys = TransactionKeys(os.environ["LOGINKIT_KEYS"].split(","))
    """

    def __init__(self, keys: Sequence[str]) -> None: ...
    @staticmethod
    def generate_key() -> str:
        """A fresh key: 32 bytes from the OS CSPRNG as base64url text."""
    def seal(self, transaction: LoginTransaction) -> str:
        """Seals a transaction into a cookie value under the first key."""
    def open(self, value: str) -> LoginTransaction:
        """Opens a sealed value under any key (checks neither state nor age)."""
    def __len__(self) -> int: ...

@final
class LoginTransaction:
    """A login in flight, as sealed into its cookie; ``repr`` hides the nonce and verifier."""

    def __init__(
        self, *, state: str, nonce: str, code_verifier: str, redirect_uri: str, issued_at: int, return_to: str | None = None
    ) -> None: ...
    @property
    def state(self) -> str:
        """The login's state (the cookie is named after it)."""
    @property
    def nonce(self) -> str:
        """The nonce the ID token must carry."""
    @property
    def code_verifier(self) -> str:
        """The PKCE verifier for the code exchange."""
    @property
    def redirect_uri(self) -> str:
        """The redirect URI the login started with."""
    @property
    def return_to(self) -> str | None:
        """A same-origin path, or None."""
    @property
    def issued_at(self) -> int:
        """When the login started, Unix seconds."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class CookieOptions:
    """Cookie attributes: ``path`` ("/"), ``secure`` (True), ``ttl`` (600 s a login may take)."""

    def __init__(self, *, path: str | None = None, secure: bool | None = None, ttl: int | None = None) -> None: ...
    @property
    def path(self) -> str:
        """The cookies' ``Path``."""
    @property
    def secure(self) -> bool:
        """Whether the cookies carry ``Secure`` (False only for plain-http development)."""
    @property
    def ttl(self) -> int:
        """Seconds a login may take (the transaction cookie's ``Max-Age``)."""
    def set_cookie(self, name: str, value: str) -> str:
        """The ``Set-Cookie`` value storing ``value`` under ``name`` for ``ttl`` seconds."""
    def clear_cookie(self, name: str) -> str:
        """The ``Set-Cookie`` value deleting cookie ``name``."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class TransactionStart:
    """A started login: redirect to ``url``, send ``set_cookie``; ``repr`` hides the cookie value."""

    @property
    def url(self) -> str:
        """The authorization URL."""
    @property
    def cookie_name(self) -> str:
        """``transaction_cookie_name(state)``."""
    @property
    def cookie_value(self) -> str:
        """The sealed transaction."""
    @property
    def set_cookie(self) -> str:
        """The whole ``Set-Cookie`` header value."""

@final
class FinishedLogin:
    """A callback checked against its transaction cookie; ``repr`` hides the code."""

    @property
    def code(self) -> str:
        """The authorization code to exchange."""
    @property
    def transaction(self) -> LoginTransaction:
        """The opened transaction: redirect URI, verifier, nonce, return-to path."""
    @property
    def clear_cookie(self) -> str:
        """The ``Set-Cookie`` value that deletes the used transaction cookie."""

@final
class HttpResponse:
    """An HTTP response as data: send ``status`` and ``headers`` as they are (no body)."""

    @property
    def status(self) -> int:
        """The HTTP status (302 for the redirects)."""
    @property
    def headers(self) -> list[tuple[str, str]]:
        """A new list of (name, value) pairs in order; ``Set-Cookie`` may repeat."""
    @property
    def location(self) -> str | None:
        """The ``Location`` header, or None."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class PendingLogin:
    """A callback being finished: drive ``exchange``, then ``WebLogin.complete``."""

    @property
    def exchange(self) -> Exchange:
        """The code exchange to drive with your HTTP client."""
    @property
    def transaction(self) -> LoginTransaction:
        """The opened transaction."""
    @property
    def clear_cookie(self) -> str:
        """The ``Set-Cookie`` value that deletes the used transaction cookie."""

@final
class SessionUser:
    """The signed-in user from the session cookie; ``repr`` hides the ID token."""

    @property
    def claims(self) -> IdTokenClaims:
        """The verified ID-token claims."""
    @property
    def user(self) -> dict[str, Any]:
        """The verified claims as a new dict."""
    @property
    def sub(self) -> str:
        """``claims.sub``."""
    @property
    def email(self) -> str | None:
        """``claims.email``."""
    @property
    def name(self) -> str | None:
        """``claims.name``."""
    @property
    def id_token(self) -> str:
        """The ID token, for ``id_token_hint`` at logout."""
    @property
    def expires_at(self) -> int:
        """When the session ends, Unix seconds."""

class WebLogin:
    """A web application's login routes as data (login, sign-up, callback, logout, user).

        web = WebLogin(client, keys, "https://yourapp.com/auth/callback")
        response = web.login(return_to="/account")   # status 302, Location, Set-Cookie
    """

    def __init__(
        self,
        client: Client,
        keys: TransactionKeys,
        redirect_uri: str,
        *,
        post_logout_redirect_uri: str | None = None,
        scopes: Sequence[str] | None = None,
        cookie_options: CookieOptions | None = None,
        session_ttl: int | None = None,
    ) -> None: ...
    @property
    def client(self) -> Client:
        """The client the routes use."""
    def login(self, *, sign_up: bool | None = None, return_to: str | None = None, now: int | None = None) -> HttpResponse:
        """A redirect to the provider with a fresh sealed transaction cookie."""
    def login_from_request(self, request_target: str, *, sign_up: bool | None = None, now: int | None = None) -> HttpResponse:
        """``login`` with ``return_to`` read by the core from the request target (path and raw query)."""
    def callback(self, request_target: str, cookie_header: str | None = None, *, now: int | None = None) -> PendingLogin:
        """Checks the callback against its transaction cookie; starts the code exchange."""
    def complete(self, pending: PendingLogin, result: LoginResult, *, now: int | None = None) -> HttpResponse:
        """Seals the session and redirects to the return-to path (or ``/``)."""
    def user(self, cookie_header: str | None = None, *, now: int | None = None) -> SessionUser | None:
        """The session's user, or None (never an error)."""
    def logout(self, cookie_header: str | None = None, *, now: int | None = None) -> HttpResponse:
        """Deletes the session cookie; redirects to the provider's logout URL."""

def transaction_cookie_name(state: str) -> str:
    """``loginkit_tx_`` + 16 hex characters of SHA-256(state)."""
def validate_return_to(return_to: str) -> None:
    """Raises ``LoginKitError`` (``invalid_return_to``) unless a same-origin path."""

def parse_token_response(status: int, body: str) -> TokenResponse:
    """Reads the token endpoint's answer; raises ``TokenError`` for an OAuth error."""
def verify_id_token(
    id_token: str,
    jwks: str,
    *,
    issuer: str,
    client_id: str,
    nonce: str | None = None,
    now: int | None = None,
    leeway: int | None = None,
) -> IdTokenClaims:
    """Verifies an ID token against JWKS JSON text: signature (RS256, PS256, ES256,
    EdDSA), ``iss``, ``aud``/``azp``, times and nonce; ``leeway`` defaults to 60 seconds.

        claims = verify_id_token(id_token, jwks_json, issuer=env_url, client_id=client_id, nonce=nonce)
    """

def validate_redirect_uri(uri: str, environment: Literal["development", "production"]) -> None:
    """Raises ``LoginKitError`` when ``uri`` breaks a registration rule of ``environment``."""
def redirect_uri_matches(registered: str, candidate: str) -> bool:
    """Whether ``candidate`` is allowed by the registered callback URL."""
def generate_state() -> str:
    """64 lower-case hex characters from the OS CSPRNG."""
def generate_nonce() -> str:
    """64 lower-case hex characters from the OS CSPRNG."""
def generate_code_verifier() -> str:
    """A PKCE code verifier: 43 base64url characters."""
def pkce_challenge(verifier: str) -> str:
    """The S256 challenge of a code verifier."""
def verify_state(expected: str, received: str) -> bool:
    """Constant-time comparison; an empty expected state never verifies."""
