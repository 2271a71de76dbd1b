package loginkit

import "fmt"

// Code is a stable snake_case error code, identical in every language.
type Code string

// Every error code loginkit reports.
const (
	CodeInvalidEnvURL                   Code = "invalid_env_url"
	CodeMissingClientID                 Code = "missing_client_id"
	CodeMissingRedirectURI              Code = "missing_redirect_uri"
	CodeRedirectURITooLong              Code = "redirect_uri_too_long"
	CodeInvalidRedirectURI              Code = "invalid_redirect_uri"
	CodeRedirectURISchemeNotAllowed     Code = "redirect_uri_scheme_not_allowed"
	CodeRedirectURIUserinfoNotAllowed   Code = "redirect_uri_userinfo_not_allowed"
	CodeRedirectURIQueryNotAllowed      Code = "redirect_uri_query_not_allowed"
	CodeRedirectURIFragmentNotAllowed   Code = "redirect_uri_fragment_not_allowed"
	CodeRedirectURIWildcardNotAllowed   Code = "redirect_uri_wildcard_not_allowed"
	CodeRedirectURIMultipleWildcards    Code = "redirect_uri_multiple_wildcards"
	CodeRedirectURIWildcardOutsideHost  Code = "redirect_uri_wildcard_outside_host"
	CodeRedirectURIWildcardNotOutermost Code = "redirect_uri_wildcard_not_outermost"
	CodeRedirectURIWildcardRootDomain   Code = "redirect_uri_wildcard_root_domain"
	CodeRedirectURILocalhostNotAllowed  Code = "redirect_uri_localhost_not_allowed"
	CodeInvalidScopes                   Code = "invalid_scopes"
	CodeInvalidPrompt                   Code = "invalid_prompt"
	CodeInvalidProvider                 Code = "invalid_provider"
	CodeInvalidCodeChallenge            Code = "invalid_code_challenge"
	CodeUnsupportedCodeChallengeMethod  Code = "unsupported_code_challenge_method"
	CodeInvalidExtraParameter           Code = "invalid_extra_parameter"
	CodeInvalidCodeVerifier             Code = "invalid_code_verifier"
	CodeInvalidCallback                 Code = "invalid_callback"
	CodeDuplicateParameter              Code = "duplicate_parameter"
	CodeMissingState                    Code = "missing_state"
	CodeStateMismatch                   Code = "state_mismatch"
	CodeIssuerMismatch                  Code = "issuer_mismatch"
	CodeAuthorizationError              Code = "authorization_error"
	CodeMissingCode                     Code = "missing_code"
	CodeRandomUnavailable               Code = "random_unavailable"
	CodeInvalidString                   Code = "invalid_string"
	CodeInvalidArgument                 Code = "invalid_argument"
	CodeInternalError                   Code = "internal_error"
)

// Error is every loginkit failure: a stable Code and a Message naming the
// offending value and the rule.
//
//	var lkErr *loginkit.Error
//	if errors.As(err, &lkErr) && lkErr.Code == loginkit.CodeStateMismatch { ... }
type Error struct {
	Code    Code
	Message string
}

// Error returns the message followed by the code in brackets.
func (e *Error) Error() string {
	return fmt.Sprintf("loginkit: %s [%s]", e.Message, e.Code)
}

// Is reports whether target is a *Error with the same Code, so that
// errors.Is(err, &loginkit.Error{Code: loginkit.CodeStateMismatch}) works.
func (e *Error) Is(target error) bool {
	other, ok := target.(*Error)
	return ok && other.Code == e.Code
}

// AuthorizationError is the authorization server's refusal of a login
// (Code is CodeAuthorizationError), with what the server sent. It unwraps
// to a *Error, so errors.As finds either.
type AuthorizationError struct {
	Code    Code
	Message string
	// OAuthError is the server's error, e.g. "access_denied".
	OAuthError string
	// ErrorDescription is the server's error_description, or "".
	ErrorDescription string
	// ErrorURI is the server's error_uri, or "".
	ErrorURI string
}

// Error returns the message followed by the code in brackets.
func (e *AuthorizationError) Error() string {
	return fmt.Sprintf("loginkit: %s [%s]", e.Message, e.Code)
}

// Unwrap returns the plain *Error with the same code and message.
func (e *AuthorizationError) Unwrap() error {
	return &Error{Code: e.Code, Message: e.Message}
}
