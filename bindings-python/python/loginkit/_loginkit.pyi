"""Type stubs of the loginkit extension module."""

from typing import Any, Literal, Mapping, Sequence, TypeVar, final, overload

_T = TypeVar("_T")

ERROR_CODES: tuple[str, ...]
"""Every error code loginkit can report."""

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
