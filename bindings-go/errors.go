package loginkit

import "fmt"

// Code is a stable snake_case error code, identical in every language.
type Code string

// The Code constants (codes_generated.go) are generated from the library
// itself, so the package cannot miss a code the core reports:
//
//	(source scripts/lib.sh && build_c_abi) && cd bindings-go && go generate
//
// TestEveryLibraryCodeHasAConstant fails when they are stale.
//
//go:generate go run ./internal/gencodes -o codes_generated.go

// Error is every loginkit failure: a stable Code and a Message naming the
// offending value and the rule.
//
//	var lkErr *loginkit.Error
//	if errors.As(err, &lkErr) && lkErr.Code == loginkit.CodeStateMismatch { ... }
type Error struct {
	Code    Code
	Message string
	// Err is the cause of a CodeNetworkError (from net/http or the
	// context, e.g. context.DeadlineExceeded); nil otherwise.
	Err error
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

// Unwrap returns the cause of a network error, so that
// errors.Is(err, context.DeadlineExceeded) works.
func (e *Error) Unwrap() error {
	return e.Err
}

// AuthorizationError is the authorization server's refusal, with what the
// server sent: of a login at the callback (Code is CodeAuthorizationError)
// or of a token request at the token endpoint (Code is CodeTokenError,
// e.g. OAuthError "invalid_grant"). It unwraps to a *Error, so errors.As
// finds either.
type AuthorizationError struct {
	Code    Code
	Message string
	// OAuthError is the server's error, e.g. "access_denied" or
	// "invalid_grant".
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
