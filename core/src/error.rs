//! One error type for every failure, with a stable snake_case code.
//!
//! The code is the contract: every binding exposes exactly the same string,
//! and the conformance cases name failures by it. The message is for humans:
//! it names the offending value and the rule it broke.

use std::fmt;

/// Every way a loginkit call can fail.
///
/// [`ErrorCode::as_str`] gives the stable snake_case code that all
/// bindings and the conformance suite use. New codes are added only for
/// new situations; existing codes never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The environment URL is not an `http(s)` URL with a host and nothing
    /// but an optional path.
    InvalidEnvUrl,
    /// The client id is empty.
    MissingClientId,
    /// The redirect URI is empty.
    MissingRedirectUri,
    /// The redirect URI is longer than 256 characters.
    RedirectUriTooLong,
    /// The redirect URI is not an absolute, well-formed URI.
    InvalidRedirectUri,
    /// The redirect URI's scheme is never (or, in production, not) allowed.
    RedirectUriSchemeNotAllowed,
    /// The redirect URI carries a user name or password.
    RedirectUriUserinfoNotAllowed,
    /// The redirect URI has a query component.
    RedirectUriQueryNotAllowed,
    /// The redirect URI has a fragment component.
    RedirectUriFragmentNotAllowed,
    /// The redirect URI contains a wildcard where none is allowed.
    RedirectUriWildcardNotAllowed,
    /// A registered redirect URI has more than one wildcard.
    RedirectUriMultipleWildcards,
    /// A registered redirect URI has a wildcard outside its host.
    RedirectUriWildcardOutsideHost,
    /// A registered redirect URI's wildcard is not in the leftmost label.
    RedirectUriWildcardNotOutermost,
    /// A registered redirect URI's wildcard sits directly on a public suffix.
    RedirectUriWildcardRootDomain,
    /// A production redirect URI points at the local machine.
    RedirectUriLocalhostNotAllowed,
    /// The scope list is empty or holds a value that is not a scope token.
    InvalidScopes,
    /// The prompt is not a valid OpenID Connect prompt value.
    InvalidPrompt,
    /// The provider is not a provider identifier.
    InvalidProvider,
    /// The PKCE code challenge is malformed or misplaced.
    InvalidCodeChallenge,
    /// The PKCE method is not `S256`.
    UnsupportedCodeChallengeMethod,
    /// An extra parameter has an empty or reserved name.
    InvalidExtraParameter,
    /// A PKCE code verifier is malformed.
    InvalidCodeVerifier,
    /// The callback cannot be parsed.
    InvalidCallback,
    /// The callback repeats a parameter that must appear once.
    DuplicateParameter,
    /// The callback has no `state`.
    MissingState,
    /// The callback's `state` is not the one this login sent.
    StateMismatch,
    /// The callback's `iss` is not this environment.
    IssuerMismatch,
    /// The authorization server answered with an OAuth error.
    AuthorizationError,
    /// The callback has no `code`.
    MissingCode,
    /// The operating system's random number generator failed.
    RandomUnavailable,
    /// A binding was handed text that is not valid Unicode.
    InvalidString,
    /// A binding was handed an argument of the wrong kind (for example an
    /// unknown environment name).
    InvalidArgument,
    /// A bug in loginkit: a panic caught at a language boundary instead of
    /// crossing it. Please report it.
    InternalError,
}

impl ErrorCode {
    /// Every code, in declaration order. Bindings use this to export
    /// constants and tests use it to prove the conformance suite covers
    /// them all.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidEnvUrl,
        ErrorCode::MissingClientId,
        ErrorCode::MissingRedirectUri,
        ErrorCode::RedirectUriTooLong,
        ErrorCode::InvalidRedirectUri,
        ErrorCode::RedirectUriSchemeNotAllowed,
        ErrorCode::RedirectUriUserinfoNotAllowed,
        ErrorCode::RedirectUriQueryNotAllowed,
        ErrorCode::RedirectUriFragmentNotAllowed,
        ErrorCode::RedirectUriWildcardNotAllowed,
        ErrorCode::RedirectUriMultipleWildcards,
        ErrorCode::RedirectUriWildcardOutsideHost,
        ErrorCode::RedirectUriWildcardNotOutermost,
        ErrorCode::RedirectUriWildcardRootDomain,
        ErrorCode::RedirectUriLocalhostNotAllowed,
        ErrorCode::InvalidScopes,
        ErrorCode::InvalidPrompt,
        ErrorCode::InvalidProvider,
        ErrorCode::InvalidCodeChallenge,
        ErrorCode::UnsupportedCodeChallengeMethod,
        ErrorCode::InvalidExtraParameter,
        ErrorCode::InvalidCodeVerifier,
        ErrorCode::InvalidCallback,
        ErrorCode::DuplicateParameter,
        ErrorCode::MissingState,
        ErrorCode::StateMismatch,
        ErrorCode::IssuerMismatch,
        ErrorCode::AuthorizationError,
        ErrorCode::MissingCode,
        ErrorCode::RandomUnavailable,
        ErrorCode::InvalidString,
        ErrorCode::InvalidArgument,
        ErrorCode::InternalError,
    ];

    /// The stable snake_case code, identical in every language.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidEnvUrl => "invalid_env_url",
            ErrorCode::MissingClientId => "missing_client_id",
            ErrorCode::MissingRedirectUri => "missing_redirect_uri",
            ErrorCode::RedirectUriTooLong => "redirect_uri_too_long",
            ErrorCode::InvalidRedirectUri => "invalid_redirect_uri",
            ErrorCode::RedirectUriSchemeNotAllowed => "redirect_uri_scheme_not_allowed",
            ErrorCode::RedirectUriUserinfoNotAllowed => "redirect_uri_userinfo_not_allowed",
            ErrorCode::RedirectUriQueryNotAllowed => "redirect_uri_query_not_allowed",
            ErrorCode::RedirectUriFragmentNotAllowed => "redirect_uri_fragment_not_allowed",
            ErrorCode::RedirectUriWildcardNotAllowed => "redirect_uri_wildcard_not_allowed",
            ErrorCode::RedirectUriMultipleWildcards => "redirect_uri_multiple_wildcards",
            ErrorCode::RedirectUriWildcardOutsideHost => "redirect_uri_wildcard_outside_host",
            ErrorCode::RedirectUriWildcardNotOutermost => "redirect_uri_wildcard_not_outermost",
            ErrorCode::RedirectUriWildcardRootDomain => "redirect_uri_wildcard_root_domain",
            ErrorCode::RedirectUriLocalhostNotAllowed => "redirect_uri_localhost_not_allowed",
            ErrorCode::InvalidScopes => "invalid_scopes",
            ErrorCode::InvalidPrompt => "invalid_prompt",
            ErrorCode::InvalidProvider => "invalid_provider",
            ErrorCode::InvalidCodeChallenge => "invalid_code_challenge",
            ErrorCode::UnsupportedCodeChallengeMethod => "unsupported_code_challenge_method",
            ErrorCode::InvalidExtraParameter => "invalid_extra_parameter",
            ErrorCode::InvalidCodeVerifier => "invalid_code_verifier",
            ErrorCode::InvalidCallback => "invalid_callback",
            ErrorCode::DuplicateParameter => "duplicate_parameter",
            ErrorCode::MissingState => "missing_state",
            ErrorCode::StateMismatch => "state_mismatch",
            ErrorCode::IssuerMismatch => "issuer_mismatch",
            ErrorCode::AuthorizationError => "authorization_error",
            ErrorCode::MissingCode => "missing_code",
            ErrorCode::RandomUnavailable => "random_unavailable",
            ErrorCode::InvalidString => "invalid_string",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::InternalError => "internal_error",
        }
    }

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
    /// [`ErrorCode::AuthorizationError`].
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
