"""loginkit: start OAuth 2.0 / OpenID Connect logins the one canonical way.

Every URL, check and error comes from the loginkit core, so the results are
byte-identical with loginkit for Rust, Node, the JVM and Go.

    from loginkit import Client, AuthorizationUrlOptions

    client = Client("https://acme.scalekit.dev", "skc_1234567890")
    options = AuthorizationUrlOptions(scopes=["openid", "profile", "email", "offline_access"], state=state)
    authorization_url = client.get_authorization_url("https://yourapp.com/auth/callback", options)
"""

from ._loginkit import (
    ERROR_CODES,
    AuthorizationError,
    AuthorizationUrlOptions,
    Callback,
    Client,
    LoginKitError,
    LoginStart,
    LogoutUrlOptions,
    generate_code_verifier,
    generate_nonce,
    generate_state,
    pkce_challenge,
    redirect_uri_matches,
    validate_redirect_uri,
    verify_state,
)

__all__ = [
    "ERROR_CODES",
    "AuthorizationError",
    "AuthorizationUrlOptions",
    "Callback",
    "Client",
    "LoginKitError",
    "LoginStart",
    "LogoutUrlOptions",
    "generate_code_verifier",
    "generate_nonce",
    "generate_state",
    "pkce_challenge",
    "redirect_uri_matches",
    "validate_redirect_uri",
    "verify_state",
]
