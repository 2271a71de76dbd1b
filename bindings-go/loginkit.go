package loginkit

/*
#cgo CFLAGS: -I${SRCDIR}/../bindings-c/include
#cgo LDFLAGS: ${SRCDIR}/../target/release/libloginkit_c.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
#include "loginkit.h"
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Client builds URLs and checks callbacks for one environment and one
// application. It holds no global state and is safe for concurrent use;
// construction makes no network call.
type Client struct {
	ptr *C.LoginkitClient
}

// AuthorizationURLOptions are the optional parts of an authorization URL.
// The empty string means "not given". A nil Scopes sends
// "openid profile email"; an empty non-nil Scopes is CodeInvalidScopes.
type AuthorizationURLOptions struct {
	Scopes    []string
	State     string
	Nonce     string
	LoginHint string
	// DomainHint is sent as domain_hint and as domain.
	DomainHint          string
	ConnectionID        string
	OrganizationID      string
	Provider            string
	Prompt              string
	CodeChallenge       string
	CodeChallengeMethod string
	// ExtraParams are appended in order as {name, value} pairs.
	ExtraParams [][2]string
}

// LogoutURLOptions are the optional parts of a logout URL.
type LogoutURLOptions struct {
	IDTokenHint           string
	PostLogoutRedirectURI string
	State                 string
}

// LoginStart is what StartLogin returns: the URL to redirect to and the
// secrets to keep until the callback.
type LoginStart struct {
	URL          string
	State        string
	Nonce        string
	CodeVerifier string
}

// Callback is a verified callback: the code to exchange and its state.
type Callback struct {
	Code  string
	State string
}

// Environment is where a callback URL is registered.
type Environment string

// The two environments of the registration rules.
const (
	Development Environment = "development"
	Production  Environment = "production"
)

// borrow lends s to C for the duration of a call. Strings that end up
// inside Go memory handed to C (option structs, arrays) must be pinned.
func borrow(pinner *runtime.Pinner, s string) C.LoginkitStr {
	if len(s) == 0 {
		return C.LoginkitStr{}
	}
	data := unsafe.StringData(s)
	if pinner != nil {
		pinner.Pin(data)
	}
	return C.LoginkitStr{ptr: (*C.uint8_t)(unsafe.Pointer(data)), len: C.size_t(len(s))}
}

// copyString copies a string owned by the library ("" for a NULL one).
func copyString(s C.LoginkitString) string {
	if s.ptr == nil {
		return ""
	}
	return C.GoStringN(s.ptr, C.int(s.len))
}

// take copies a string returned by the library and releases it.
func take(s C.LoginkitString) string {
	defer C.loginkit_string_free(s)
	return copyString(s)
}

// takeError converts and releases an error returned by the library.
func takeError(e *C.LoginkitError) error {
	if e == nil {
		return nil
	}
	defer C.loginkit_error_free(e)
	code, message := Code(copyString(e.code)), copyString(e.message)
	if code == CodeAuthorizationError {
		return &AuthorizationError{
			Code:             code,
			Message:          message,
			OAuthError:       copyString(e.oauth_error),
			ErrorDescription: copyString(e.error_description),
			ErrorURI:         copyString(e.error_uri),
		}
	}
	return &Error{Code: code, Message: message}
}

// NewClient checks envURL (an http or https URL with a host and no user
// name, query or fragment) and clientID (non-empty).
func NewClient(envURL, clientID string) (*Client, error) {
	var ptr *C.LoginkitClient
	if err := takeError(C.loginkit_client_new(borrow(nil, envURL), borrow(nil, clientID), &ptr)); err != nil {
		return nil, err
	}
	client := &Client{ptr: ptr}
	runtime.SetFinalizer(client, func(c *Client) { C.loginkit_client_free(c.ptr) })
	return client, nil
}

// cOptions lays opts out for C; every string is pinned until the caller
// unpins.
func cOptions(pinner *runtime.Pinner, opts *AuthorizationURLOptions) *C.LoginkitAuthorizationUrlOptions {
	c := &C.LoginkitAuthorizationUrlOptions{
		state:                 borrow(pinner, opts.State),
		nonce:                 borrow(pinner, opts.Nonce),
		login_hint:            borrow(pinner, opts.LoginHint),
		domain_hint:           borrow(pinner, opts.DomainHint),
		connection_id:         borrow(pinner, opts.ConnectionID),
		organization_id:       borrow(pinner, opts.OrganizationID),
		provider:              borrow(pinner, opts.Provider),
		prompt:                borrow(pinner, opts.Prompt),
		code_challenge:        borrow(pinner, opts.CodeChallenge),
		code_challenge_method: borrow(pinner, opts.CodeChallengeMethod),
	}
	if opts.Scopes != nil {
		c.scopes_given = true
		if len(opts.Scopes) > 0 {
			scopes := make([]C.LoginkitStr, len(opts.Scopes))
			for i, scope := range opts.Scopes {
				scopes[i] = borrow(pinner, scope)
			}
			pinner.Pin(&scopes[0])
			c.scopes, c.scopes_len = &scopes[0], C.size_t(len(scopes))
		}
	}
	if len(opts.ExtraParams) > 0 {
		params := make([]C.LoginkitParam, len(opts.ExtraParams))
		for i, param := range opts.ExtraParams {
			params[i] = C.LoginkitParam{name: borrow(pinner, param[0]), value: borrow(pinner, param[1])}
		}
		pinner.Pin(&params[0])
		c.extra_params, c.extra_params_len = &params[0], C.size_t(len(params))
	}
	return c
}

// AuthorizationURL builds the URL that starts a login. The checks run in
// this order, the first failure reporting: redirect URI, scopes, prompt,
// provider, PKCE, extra parameters.
func (c *Client) AuthorizationURL(redirectURI string, opts AuthorizationURLOptions) (string, error) {
	var pinner runtime.Pinner
	defer pinner.Unpin()
	var out C.LoginkitString
	err := takeError(C.loginkit_authorization_url(c.ptr, borrow(nil, redirectURI), cOptions(&pinner, &opts), &out))
	runtime.KeepAlive(c)
	if err != nil {
		return "", err
	}
	return take(out), nil
}

// StartLogin generates the state and nonce that opts leave empty and a
// PKCE code verifier, and builds the authorization URL with the verifier's
// S256 challenge. A CodeChallenge in opts is CodeInvalidCodeChallenge.
func (c *Client) StartLogin(redirectURI string, opts AuthorizationURLOptions) (*LoginStart, error) {
	var pinner runtime.Pinner
	defer pinner.Unpin()
	var out C.LoginkitLoginStart
	err := takeError(C.loginkit_start_login(c.ptr, borrow(nil, redirectURI), cOptions(&pinner, &opts), &out))
	runtime.KeepAlive(c)
	if err != nil {
		return nil, err
	}
	return &LoginStart{URL: take(out.url), State: take(out.state), Nonce: take(out.nonce), CodeVerifier: take(out.code_verifier)}, nil
}

// LogoutURL builds the logout URL ({env}/oidc/logout).
func (c *Client) LogoutURL(opts LogoutURLOptions) (string, error) {
	var pinner runtime.Pinner
	defer pinner.Unpin()
	cOpts := &C.LoginkitLogoutUrlOptions{
		id_token_hint:            borrow(&pinner, opts.IDTokenHint),
		post_logout_redirect_uri: borrow(&pinner, opts.PostLogoutRedirectURI),
		state:                    borrow(&pinner, opts.State),
	}
	var out C.LoginkitString
	err := takeError(C.loginkit_logout_url(c.ptr, cOpts, &out))
	runtime.KeepAlive(c)
	if err != nil {
		return "", err
	}
	return take(out), nil
}

// ParseCallback checks a callback (the full URL, the request target such
// as r.URL.RequestURI(), or the raw query) against the state stored when
// the login started, and returns its code. The state is verified (in
// constant time) before the server's error is believed: a server refusal
// is an *AuthorizationError.
func (c *Client) ParseCallback(callback, expectedState string) (*Callback, error) {
	var out C.LoginkitCallback
	err := takeError(C.loginkit_parse_callback(c.ptr, borrow(nil, callback), borrow(nil, expectedState), &out))
	runtime.KeepAlive(c)
	if err != nil {
		return nil, err
	}
	return &Callback{Code: take(out.code), State: take(out.state)}, nil
}

// ValidateRedirectURI checks a callback URL against the registration rules
// of env; nil means it may be registered there.
func ValidateRedirectURI(uri string, env Environment) error {
	return takeError(C.loginkit_validate_redirect_uri(borrow(nil, uri), borrow(nil, string(env))))
}

// RedirectURIMatches reports whether candidate is allowed by the
// registered callback URL (which may hold a development wildcard). A
// string that is not valid UTF-8 never matches.
func RedirectURIMatches(registered, candidate string) bool {
	var out C.bool
	if err := takeError(C.loginkit_redirect_uri_matches(borrow(nil, registered), borrow(nil, candidate), &out)); err != nil {
		return false
	}
	return bool(out)
}

// VerifyState compares a received state with the expected one in constant
// time. An empty expected state never verifies; neither does a string
// that is not valid UTF-8.
func VerifyState(expected, received string) bool {
	var out C.bool
	if err := takeError(C.loginkit_verify_state(borrow(nil, expected), borrow(nil, received), &out)); err != nil {
		return false
	}
	return bool(out)
}

func generated(generate func(*C.LoginkitString) *C.LoginkitError) (string, error) {
	var out C.LoginkitString
	if err := takeError(generate(&out)); err != nil {
		return "", err
	}
	return take(out), nil
}

// GenerateState returns 32 bytes from the OS CSPRNG as 64 lower-case hex
// characters.
func GenerateState() (string, error) {
	return generated(func(out *C.LoginkitString) *C.LoginkitError { return C.loginkit_generate_state(out) })
}

// GenerateNonce returns 32 bytes from the OS CSPRNG as 64 lower-case hex
// characters.
func GenerateNonce() (string, error) {
	return generated(func(out *C.LoginkitString) *C.LoginkitError { return C.loginkit_generate_nonce(out) })
}

// GenerateCodeVerifier returns a PKCE code verifier: 32 bytes from the OS
// CSPRNG, base64url without padding (43 characters).
func GenerateCodeVerifier() (string, error) {
	return generated(func(out *C.LoginkitString) *C.LoginkitError { return C.loginkit_generate_code_verifier(out) })
}

// PKCEChallenge returns the S256 challenge of a code verifier.
func PKCEChallenge(verifier string) (string, error) {
	var out C.LoginkitString
	if err := takeError(C.loginkit_pkce_challenge(borrow(nil, verifier), &out)); err != nil {
		return "", err
	}
	return take(out), nil
}

// errorCodes lists every code the library can report, in its order.
func errorCodes() []Code {
	count := int(C.loginkit_error_code_count())
	codes := make([]Code, count)
	for i := range codes {
		s := C.loginkit_error_code_at(C.size_t(i))
		codes[i] = Code(C.GoStringN((*C.char)(unsafe.Pointer(s.ptr)), C.int(s.len)))
	}
	return codes
}
