"""Type stubs of the loginkit extension module."""

from typing import Any, Literal, Mapping, Sequence, TypeVar, final, overload

_T = TypeVar("_T")

ERROR_CODES: tuple[str, ...]
"""Every error code loginkit can report."""
DEFAULT_TRANSACTION_TTL: int
"""How long a login may take by default, in seconds (600)."""
DEFAULT_SESSION_TTL: int
"""How long a ``WebLogin`` session lasts by default, in seconds (8 hours)."""
SESSION_COOKIE: str
"""The session cookie's name (``loginkit_session``)."""

class LoginKitError(ValueError):
    """Every loginkit failure: ``code`` is the stable snake_case code."""

    code: str

class AuthorizationError(LoginKitError):
    """The authorization server refused (``code == "authorization_error"`` at the
    callback; ``"token_error"`` at the token endpoint, as ``TokenError``)."""

    error: str
    error_description: str | None
    error_uri: str | None

class TokenError(AuthorizationError):
    """The token endpoint refused the exchange (``code == "token_error"``, RFC 6749
    section 5.2): ``error`` is e.g. ``"invalid_grant"``."""

class AuthorizationUrlOptions:
    """Options of an authorization URL; every field defaults to None ("not given")."""

    scopes: Sequence[str] | None
    state: str | None
    nonce: str | None
    login_hint: str | None
    domain_hint: str | None
    connection_id: str | None
    organization_id: str | None
    provider: str | None
    prompt: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    extra_params: Sequence[tuple[str, str]] | Mapping[str, str] | None
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
    post_logout_redirect_uri: str | None
    state: str | None
    def __init__(
        self,
        *,
        id_token_hint: str | None = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
    ) -> None: ...

@final
class LoginStart:
    """The URL to redirect to and the secrets to keep until the callback."""

    @property
    def url(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def nonce(self) -> str: ...
    @property
    def code_verifier(self) -> str: ...

@final
class Callback:
    """A verified callback."""

    @property
    def code(self) -> str: ...
    @property
    def state(self) -> str: ...

class Client:
    """A client for one environment and one application; no network call, no
    global state. ``token_endpoint_auth_method``: "client_secret_post" (default
    with a secret), "client_secret_basic" or "none" (default without one).
    ``jwks_refetch_interval``: shortest seconds between two key-set fetches
    caused by unknown key ids (default 300). ``repr`` never shows the secret."""

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
        """Builds the authorization URL that starts a login."""
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
        """Generates state, nonce and a PKCE verifier and builds the URL."""
    def get_logout_url(
        self,
        options: LogoutUrlOptions | None = None,
        *,
        id_token_hint: str | None = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
    ) -> str:
        """Builds the logout URL."""
    def parse_callback(self, callback: str, expected_state: str) -> Callback:
        """Checks a callback (full URL, request target or query string) against the stored state."""
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
        send ``.set_cookie``. ``now`` (Unix seconds) defaults to the system clock."""
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
        ``Cookie`` header) and returns the code and the opened transaction."""

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
    def access_token(self) -> str: ...
    @property
    def token_type(self) -> str:
        """"Bearer" in the case the server sent."""
    @property
    def expires_in(self) -> int | None: ...
    @property
    def refresh_token(self) -> str | None: ...
    @property
    def id_token(self) -> str | None:
        """As sent; verified only by an exchange or ``verify_id_token``."""
    @property
    def scope(self) -> str | None: ...

@final
class IdTokenClaims:
    """Verified ID-token claims: typed properties, ``claims["x"]``, ``get``, ``to_dict``, ``to_json``."""

    @property
    def sub(self) -> str: ...
    @property
    def iss(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def email_verified(self) -> bool | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def nonce(self) -> str | None: ...
    @property
    def exp(self) -> int: ...
    @property
    def iat(self) -> int: ...
    def to_dict(self) -> dict[str, Any]:
        """Every claim as a new dict, in the token's order; integers stay int."""
    def to_json(self) -> str:
        """Every claim as compact JSON text, in the token's order."""
    @overload
    def get(self, name: str) -> Any | None: ...
    @overload
    def get(self, name: str, default: _T) -> Any | _T: ...
    def __getitem__(self, name: str, /) -> Any: ...
    def __contains__(self, name: object, /) -> bool: ...
    def __len__(self) -> int: ...

@final
class LoginResult:
    """A finished login or refresh."""

    @property
    def tokens(self) -> TokenResponse: ...
    @property
    def claims(self) -> IdTokenClaims | None:
        """The verified ID-token claims; None when no ID token was sent (a refresh may omit it)."""
    @property
    def user(self) -> dict[str, Any] | None:
        """The verified claims as a dict (sub, email, name, ...), or None."""
    @property
    def access_token(self) -> str: ...
    @property
    def refresh_token(self) -> str | None: ...
    @property
    def id_token(self) -> str | None: ...
    @property
    def expires_in(self) -> int | None: ...

@final
class Exchange:
    """One token exchange in progress (sans-IO): send ``request()``, pass each answer to
    ``receive`` until it returns a ``LoginResult``."""

    def request(self) -> HttpRequest:
        """The first request to send."""
    def receive(self, status: int, body: str, now: int | None = None) -> HttpRequest | LoginResult:
        """Judges the answer to the last request; returns the next request or the result.
        ``now`` (Unix seconds) defaults to the system clock."""

@final
class TransactionKeys:
    """The keys that seal and open login transactions and sessions: base64url text of
    at least 256 bits each, newest (sealing) first; every key opens. ``repr`` shows no key."""

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
    def state(self) -> str: ...
    @property
    def nonce(self) -> str: ...
    @property
    def code_verifier(self) -> str: ...
    @property
    def redirect_uri(self) -> str: ...
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
    def path(self) -> str: ...
    @property
    def secure(self) -> bool: ...
    @property
    def ttl(self) -> int: ...
    def set_cookie(self, name: str, value: str) -> str:
        """The ``Set-Cookie`` value storing ``value`` under ``name`` for ``ttl`` seconds."""
    def clear_cookie(self, name: str) -> str:
        """The ``Set-Cookie`` value deleting cookie ``name``."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class TransactionStart:
    """A started login: redirect to ``url``, send ``set_cookie``; ``repr`` hides the cookie value."""

    @property
    def url(self) -> str: ...
    @property
    def cookie_name(self) -> str: ...
    @property
    def cookie_value(self) -> str: ...
    @property
    def set_cookie(self) -> str:
        """The whole ``Set-Cookie`` header value."""

@final
class FinishedLogin:
    """A callback checked against its transaction cookie; ``repr`` hides the code."""

    @property
    def code(self) -> str: ...
    @property
    def transaction(self) -> LoginTransaction: ...
    @property
    def clear_cookie(self) -> str:
        """The ``Set-Cookie`` value that deletes the used transaction cookie."""

@final
class HttpResponse:
    """An HTTP response as data: send ``status`` and ``headers`` as they are (no body)."""

    @property
    def status(self) -> int: ...
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
    def exchange(self) -> Exchange: ...
    @property
    def transaction(self) -> LoginTransaction: ...
    @property
    def clear_cookie(self) -> str: ...

@final
class SessionUser:
    """The signed-in user from the session cookie; ``repr`` hides the ID token."""

    @property
    def claims(self) -> IdTokenClaims: ...
    @property
    def user(self) -> dict[str, Any]:
        """The verified claims as a new dict."""
    @property
    def sub(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def id_token(self) -> str: ...
    @property
    def expires_at(self) -> int:
        """When the session ends, Unix seconds."""

class WebLogin:
    """A web application's login routes as data (login, sign-up, callback, logout, user)."""

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
    def client(self) -> Client: ...
    def login(self, *, sign_up: bool | None = None, return_to: str | None = None, now: int | None = None) -> HttpResponse:
        """A redirect to the provider with a fresh sealed transaction cookie."""
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
    """Verifies an ID token against JWKS JSON text; ``leeway`` defaults to 60 seconds."""

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
