//! One error type for every failure, with a stable snake_case code.
//!
//! The code is the contract: every binding exposes exactly the same string,
//! and the conformance cases name failures by it. The message is for humans:
//! it names the offending value and the rule it broke.

use std::fmt;

/// Declares [`ErrorCode`], its [`ErrorCode::ALL`] list and its
/// [`ErrorCode::as_str`] table from one list, so a code is written once.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $code:literal,)*) => {
        /// Every way a loginkit call can fail.
        ///
        /// [`ErrorCode::as_str`] gives the stable snake_case code that all
        /// bindings and the conformance suite use. New codes are added only for
        /// new situations; existing codes never change meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order. Bindings use this to export
            /// constants and tests use it to prove the conformance suite covers
            /// them all.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable snake_case code, identical in every language.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// The environment URL is not an `http(s)` URL with a host and nothing
    /// but an optional path.
    InvalidEnvUrl => "invalid_env_url",
    /// The client id is empty.
    MissingClientId => "missing_client_id",
    /// The redirect URI is empty.
    MissingRedirectUri => "missing_redirect_uri",
    /// The redirect URI is longer than 256 characters.
    RedirectUriTooLong => "redirect_uri_too_long",
    /// The redirect URI is not an absolute, well-formed URI.
    InvalidRedirectUri => "invalid_redirect_uri",
    /// The redirect URI's scheme is never (or, in production, not) allowed.
    RedirectUriSchemeNotAllowed => "redirect_uri_scheme_not_allowed",
    /// The redirect URI carries a user name or password.
    RedirectUriUserinfoNotAllowed => "redirect_uri_userinfo_not_allowed",
    /// The redirect URI has a query component.
    RedirectUriQueryNotAllowed => "redirect_uri_query_not_allowed",
    /// The redirect URI has a fragment component.
    RedirectUriFragmentNotAllowed => "redirect_uri_fragment_not_allowed",
    /// The redirect URI contains a wildcard where none is allowed.
    RedirectUriWildcardNotAllowed => "redirect_uri_wildcard_not_allowed",
    /// A registered redirect URI has more than one wildcard.
    RedirectUriMultipleWildcards => "redirect_uri_multiple_wildcards",
    /// A registered redirect URI has a wildcard outside its host.
    RedirectUriWildcardOutsideHost => "redirect_uri_wildcard_outside_host",
    /// A registered redirect URI's wildcard is not in the leftmost label.
    RedirectUriWildcardNotOutermost => "redirect_uri_wildcard_not_outermost",
    /// A registered redirect URI's wildcard sits directly on a public suffix.
    RedirectUriWildcardRootDomain => "redirect_uri_wildcard_root_domain",
    /// A production redirect URI points at the local machine.
    RedirectUriLocalhostNotAllowed => "redirect_uri_localhost_not_allowed",
    /// The scope list is empty or holds a value that is not a scope token.
    InvalidScopes => "invalid_scopes",
    /// The prompt is not a valid OpenID Connect prompt value.
    InvalidPrompt => "invalid_prompt",
    /// The provider is not a provider identifier.
    InvalidProvider => "invalid_provider",
    /// The PKCE code challenge is malformed or misplaced.
    InvalidCodeChallenge => "invalid_code_challenge",
    /// The PKCE method is not `S256`.
    UnsupportedCodeChallengeMethod => "unsupported_code_challenge_method",
    /// An extra parameter has an empty or reserved name.
    InvalidExtraParameter => "invalid_extra_parameter",
    /// A PKCE code verifier is malformed.
    InvalidCodeVerifier => "invalid_code_verifier",
    /// The callback cannot be parsed.
    InvalidCallback => "invalid_callback",
    /// The callback repeats a parameter that must appear once.
    DuplicateParameter => "duplicate_parameter",
    /// The callback has no `state`.
    MissingState => "missing_state",
    /// The callback's `state` is not the one this login sent.
    StateMismatch => "state_mismatch",
    /// The callback's `iss` is not this environment.
    IssuerMismatch => "issuer_mismatch",
    /// The authorization server answered with an OAuth error.
    AuthorizationError => "authorization_error",
    /// The callback has no `code`.
    MissingCode => "missing_code",
    /// The operating system's random number generator failed.
    RandomUnavailable => "random_unavailable",
    /// A binding was handed text that is not valid Unicode.
    InvalidString => "invalid_string",
    /// A binding was handed an argument of the wrong kind (for example an
    /// unknown environment name).
    InvalidArgument => "invalid_argument",
    /// The JWKS is not a JSON object with a `keys` array of key objects.
    InvalidJwks => "invalid_jwks",
    /// The ID token is not a compact JWS of base64url JSON objects (or repeats a member name).
    MalformedIdToken => "malformed_id_token",
    /// The ID token's `alg` is not RS256, PS256, ES256 or EdDSA (`none` and HMAC included).
    UnsupportedAlgorithm => "unsupported_algorithm",
    /// The ID token's header asks for an extension loginkit does not understand (`crit`).
    UnsupportedTokenHeader => "unsupported_token_header",
    /// No key in the JWKS is the one the ID token names (or, without `kid`, exactly one fits).
    UnknownKeyId => "unknown_key_id",
    /// The selected key is of another type or declares another `alg` than the token.
    KeyAlgorithmMismatch => "key_algorithm_mismatch",
    /// The selected RSA key is shorter than 2048 bits.
    WeakKey => "weak_key",
    /// The ID token's signature does not verify with the selected key.
    InvalidSignature => "invalid_signature",
    /// A required claim (`iss`, `sub`, `aud`, `exp`, `iat`) is absent or of the wrong type.
    MissingClaim => "missing_claim",
    /// The ID token's `aud` does not contain this client id.
    AudienceMismatch => "audience_mismatch",
    /// The ID token's `azp` is not this client id, or is missing with several audiences.
    AzpMismatch => "azp_mismatch",
    /// The ID token's `exp` is past (beyond the leeway).
    IdTokenExpired => "id_token_expired",
    /// The ID token's `nbf` is in the future (beyond the leeway).
    IdTokenNotYetValid => "id_token_not_yet_valid",
    /// The ID token's `iat` is in the future (beyond the leeway).
    IdTokenIssuedInFuture => "id_token_issued_in_future",
    /// The ID token's `nonce` is not the one this login sent (or is missing).
    NonceMismatch => "nonce_mismatch",
    /// The token endpoint's answer is not a usable JSON token response.
    InvalidTokenResponse => "invalid_token_response",
    /// The token endpoint issued a token type other than Bearer.
    UnsupportedTokenType => "unsupported_token_type",
    /// The token endpoint answered with an OAuth error (RFC 6749 §5.2).
    TokenError => "token_error",
    /// A public client asked for a token without a PKCE code verifier.
    PkceRequired => "pkce_required",
    /// A secret-based authentication method was chosen without a client secret.
    MissingClientSecret => "missing_client_secret",
    /// The refresh token is empty.
    MissingRefreshToken => "missing_refresh_token",
    /// A transaction key is not base64url text of at least 256 bits.
    InvalidTransactionKey => "invalid_transaction_key",
    /// A return-to path is not a path on the application's own origin.
    InvalidReturnTo => "invalid_return_to",
    /// No login cookie for the callback's state.
    TransactionMissing => "transaction_missing",
    /// The login cookie is cut short or not a loginkit transaction.
    TransactionTruncated => "transaction_truncated",
    /// The login cookie was sealed under a key this service does not hold.
    TransactionUnknownKey => "transaction_unknown_key",
    /// The login cookie failed authentication.
    TransactionTampered => "transaction_tampered",
    /// The login cookie belongs to another login's state.
    TransactionSwapped => "transaction_swapped",
    /// The login took longer than the transaction's time to live.
    TransactionExpired => "transaction_expired",
    /// The HTTP request could not be sent, or its answer not read
    /// (connection refused, TLS, timeout). Raised by the bindings' network
    /// calls; the sans-IO core never does I/O.
    NetworkError => "network_error",
    /// A bug in loginkit: a panic caught at a language boundary instead of
    /// crossing it. Please report it.
    InternalError => "internal_error",
}

impl ErrorCode {
    /// The code for a snake_case string, if there is one.
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the authorization server said when it refused a login
/// (RFC 6749 §4.1.2.1), carried by [`ErrorCode::AuthorizationError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// The `error` parameter, e.g. `access_denied`.
    pub error: String,
    /// The `error_description` parameter, when sent and non-empty.
    pub error_description: Option<String>,
    /// The `error_uri` parameter, when sent and non-empty.
    pub error_uri: Option<String>,
}

/// A loginkit failure: a stable [`ErrorCode`] plus a message naming the
/// offending value and the rule.
///
/// ```
/// let err = loginkit::validate_redirect_uri(
///     "https://app.example.com/cb?a=1",
///     loginkit::Environment::Production,
/// ).unwrap_err();
/// assert_eq!(err.code().as_str(), "redirect_uri_query_not_allowed");
/// assert!(err.message().contains("?a=1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} [{code}]")]
pub struct Error {
    code: ErrorCode,
    message: String,
    oauth: Option<Box<OAuthError>>,
}

impl Error {
    /// Creates an error with a code and a human-readable message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into(), oauth: None }
    }

    pub(crate) fn token_error(oauth: OAuthError) -> Self {
        let mut message = format!("the token endpoint refused the request: {:?}", oauth.error);
        if let Some(description) = &oauth.error_description {
            message.push_str(&format!(" ({description:?})"));
        }
        Error { code: ErrorCode::TokenError, message, oauth: Some(Box::new(oauth)) }
    }

    pub(crate) fn authorization(oauth: OAuthError) -> Self {
        let mut message = format!("the authorization server refused the login: {:?}", oauth.error);
        if let Some(description) = &oauth.error_description {
            message.push_str(&format!(" ({description:?})"));
        }
        Error { code: ErrorCode::AuthorizationError, message, oauth: Some(Box::new(oauth)) }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The human-readable message (without the code).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The server's error details, present exactly when the code is
    /// [`ErrorCode::AuthorizationError`] or [`ErrorCode::TokenError`].
    pub fn oauth_error(&self) -> Option<&OAuthError> {
        self.oauth.as_deref()
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Quotes a caller-supplied value for an error message, shortened so a
/// 100 kB value cannot flood a log line.
pub(crate) fn quoted(value: &str) -> String {
    const LIMIT: usize = 80;
    if value.chars().count() <= LIMIT {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(LIMIT).collect();
        format!("{head:?}… ({} characters)", value.chars().count())
    }
}
