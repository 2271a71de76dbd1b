"""Type stubs of the loginkit extension module."""

from typing import Literal, Mapping, Sequence, final

ERROR_CODES: tuple[str, ...]
"""Every error code loginkit can report."""

class LoginKitError(ValueError):
    """Every loginkit failure: ``code`` is the stable snake_case code."""

    code: str

class AuthorizationError(LoginKitError):
    """The authorization server refused the login (``code == "authorization_error"``)."""

    error: str
    error_description: str | None
    error_uri: str | None

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

@final
class Client:
    """A client for one environment and one application; no network call, no global state."""

    def __init__(self, env_url: str, client_id: str) -> None: ...
    @property
    def base_url(self) -> str: ...
    @property
    def client_id(self) -> str: ...
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
    ) -> str: ...
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
    ) -> LoginStart: ...
    def get_logout_url(
        self,
        options: LogoutUrlOptions | None = None,
        *,
        id_token_hint: str | None = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
    ) -> str: ...
    def parse_callback(self, callback: str, expected_state: str) -> Callback: ...

def validate_redirect_uri(uri: str, environment: Literal["development", "production"]) -> None: ...
def redirect_uri_matches(registered: str, candidate: str) -> bool: ...
def generate_state() -> str: ...
def generate_nonce() -> str: ...
def generate_code_verifier() -> str: ...
def pkce_challenge(verifier: str) -> str: ...
def verify_state(expected: str, received: str) -> bool: ...
