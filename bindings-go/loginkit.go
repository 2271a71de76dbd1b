package loginkit

/*
// The C ABI's static library and header ship inside the module, one
// library per platform under lib/ (see lib/doc.go), so `go get` needs no
// Rust toolchain. After each library, the system libraries Rust's
// standard library needs on that platform (rustc --print
// native-static-libs). internal/gencodes links the same; a test keeps the
// two blocks equal.
#cgo CFLAGS: -I${SRCDIR}/lib/include
#cgo linux,amd64 LDFLAGS: ${SRCDIR}/lib/linux_amd64/libloginkit_c.a
#cgo linux,arm64 LDFLAGS: ${SRCDIR}/lib/linux_arm64/libloginkit_c.a
#cgo linux LDFLAGS: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
#cgo darwin,amd64 LDFLAGS: ${SRCDIR}/lib/darwin_amd64/libloginkit_c.a
#cgo darwin,arm64 LDFLAGS: ${SRCDIR}/lib/darwin_arm64/libloginkit_c.a
#cgo darwin LDFLAGS: -lSystem -lc -lm
#cgo windows,amd64 LDFLAGS: ${SRCDIR}/lib/windows_amd64/libloginkit_c.a
#cgo windows LDFLAGS: -lws2_32 -lbcrypt -luserenv -lntdll -ladvapi32 -lkernel32
#include <stdlib.h>
#include "loginkit.h"

*/
import "C"

import (
	"net/http"
	"runtime"
	"unsafe"
)

// Client builds URLs, checks callbacks and exchanges codes and refresh
// tokens for one environment and one application. It holds no global
// state and is safe for concurrent use; construction makes no network
// call. Its exchanges share one cache of the environment's key set.
type Client struct {
	ptr        *C.LoginkitClient
	httpClient *http.Client
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

// borrow lends s to C for the duration of a call, passed by value: the
// bytes it points to hold no Go pointers, so nothing needs pinning.
func borrow(s string) C.LoginkitStr {
	if len(s) == 0 {
		return C.LoginkitStr{}
	}
	return C.LoginkitStr{ptr: (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s))), len: C.size_t(len(s))}
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
	if e.oauth_error.ptr != nil {
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
// name, query or fragment) and clientID (non-empty). Without options the
// client is public (PKCE only); see WithClientSecret,
// WithTokenEndpointAuthMethod, WithJWKSRefetchInterval and WithHTTPClient.
func NewClient(envURL, clientID string, opts ...ClientOption) (*Client, error) {
	if len(opts) > 0 {
		return newClientWithOptions(envURL, clientID, opts)
	}
	var ptr *C.LoginkitClient
	if err := takeError(C.loginkit_client_new(borrow(envURL), borrow(clientID), &ptr)); err != nil {
		return nil, err
	}
	return newClient(ptr, nil), nil
}

func newClient(ptr *C.LoginkitClient, httpClient *http.Client) *Client {
	client := &Client{ptr: ptr, httpClient: httpClient}
	runtime.SetFinalizer(client, func(c *Client) { C.loginkit_client_free(c.ptr) })
	return client
}

// AuthorizationURL builds the URL that starts a login. The checks run in
// this order, the first failure reporting: redirect URI, scopes, prompt,
// provider, PKCE, extra parameters.
func (c *Client) AuthorizationURL(redirectURI string, opts AuthorizationURLOptions) (string, error) {
	r := newRequest(C.LOGINKIT_OP_AUTHORIZATION_URL)
	r.authorization(redirectURI, &opts)
	return r.textResult(c)
}

// StartLogin generates the state and nonce that opts leave empty and a
// PKCE code verifier, and builds the authorization URL with the verifier's
// S256 challenge. A CodeChallenge in opts is CodeInvalidCodeChallenge.
func (c *Client) StartLogin(redirectURI string, opts AuthorizationURLOptions) (*LoginStart, error) {
	r := newRequest(C.LOGINKIT_OP_START_LOGIN)
	r.authorization(redirectURI, &opts)
	answer, err := r.send(c)
	if err != nil {
		return nil, err
	}
	defer answer.done()
	return &LoginStart{URL: answer.text(), State: answer.text(), Nonce: answer.text(), CodeVerifier: answer.text()}, nil
}

// StartLoginTransaction starts a login as StartLogin does (state, nonce
// and PKCE verifier generated) and seals them, with redirectURI, returnTo
// and the time, into a cookie, so the callback needs no session store:
//
//	start, err := client.StartLoginTransaction(redirectURI, opts, "/dashboard", keys, loginkit.TransactionOptions{})
//	w.Header().Add("Set-Cookie", start.SetCookie)
//	http.Redirect(w, r, start.URL, http.StatusFound)
//
// returnTo ("" for none) must pass ValidateReturnTo. Several logins may
// be in flight at once (each cookie is named after its state).
func (c *Client) StartLoginTransaction(redirectURI string, opts AuthorizationURLOptions, returnTo string,
	keys *TransactionKeys, topts TransactionOptions) (*TransactionStart, error) {
	if keys == nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "keys is nil"}
	}
	var ttl uint64
	if topts.Cookie.TTL != 0 {
		seconds, err := wholeSeconds(topts.Cookie.TTL, "the cookie TTL")
		if err != nil {
			return nil, err
		}
		ttl = seconds
	}
	r := newRequest(C.LOGINKIT_OP_START_LOGIN_TRANSACTION)
	r.u64(uint64(uintptr(unsafe.Pointer(keys.ptr))))
	r.authorization(redirectURI, &opts)
	r.text(returnTo)
	r.text(topts.Cookie.Path)
	if topts.Cookie.Insecure {
		r.u32(0)
	} else {
		r.u32(1)
	}
	if ttl == 0 {
		r.u32(0)
	} else {
		r.u32(1)
		r.u64(ttl)
	}
	r.u64(uint64(unixSeconds(topts.Now)))
	answer, err := r.send(c)
	runtime.KeepAlive(keys)
	if err != nil {
		return nil, err
	}
	defer answer.done()
	return &TransactionStart{URL: answer.text(), CookieName: answer.text(), CookieValue: answer.text(), SetCookie: answer.text()}, nil
}

// LogoutURL builds the logout URL ({env}/oidc/logout).
func (c *Client) LogoutURL(opts LogoutURLOptions) (string, error) {
	r := newRequest(C.LOGINKIT_OP_LOGOUT_URL)
	r.text(opts.IDTokenHint)
	r.text(opts.PostLogoutRedirectURI)
	r.text(opts.State)
	return r.textResult(c)
}

// ParseCallback checks a callback (the full URL, the request target such
// as r.URL.RequestURI(), or the raw query) against the state stored when
// the login started, and returns its code. The state is verified (in
// constant time) before the server's error is believed: a server refusal
// is an *AuthorizationError.
func (c *Client) ParseCallback(callback, expectedState string) (*Callback, error) {
	r := newRequest(C.LOGINKIT_OP_PARSE_CALLBACK)
	r.required(callback)
	r.required(expectedState)
	answer, err := r.send(c)
	if err != nil {
		return nil, err
	}
	defer answer.done()
	return &Callback{Code: answer.text(), State: answer.text()}, nil
}

// ValidateRedirectURI checks a callback URL against the registration rules
// of env; nil means it may be registered there.
func ValidateRedirectURI(uri string, env Environment) error {
	r := newRequest(C.LOGINKIT_OP_VALIDATE_REDIRECT_URI)
	r.required(uri)
	r.required(string(env))
	answer, err := r.send(nil)
	if err == nil {
		answer.done()
	}
	return err
}

// RedirectURIMatches reports whether candidate is allowed by the
// registered callback URL (which may hold a development wildcard). A
// string that is not valid UTF-8 is an error with code
// [CodeInvalidString], as in every other language.
func RedirectURIMatches(registered, candidate string) (bool, error) {
	r := newRequest(C.LOGINKIT_OP_REDIRECT_URI_MATCHES)
	r.required(registered)
	r.required(candidate)
	return r.verdict()
}

// VerifyState compares a received state with the expected one in constant
// time. An empty expected state never verifies. A string that is not
// valid UTF-8 is an error with code [CodeInvalidString], as in every
// other language.
func VerifyState(expected, received string) (bool, error) {
	r := newRequest(C.LOGINKIT_OP_VERIFY_STATE)
	r.required(expected)
	r.required(received)
	return r.verdict()
}

// panicForTests makes the core panic on purpose; the boundary test checks
// that it comes back as an internal_error and the process lives on.
func panicForTests() error {
	return takeError(C.loginkit_panic_for_tests())
}

// GenerateState returns 32 bytes from the OS CSPRNG as 64 lower-case hex
// characters.
func GenerateState() (string, error) {
	return newRequest(C.LOGINKIT_OP_GENERATE_STATE).textResult(nil)
}

// GenerateNonce returns 32 bytes from the OS CSPRNG as 64 lower-case hex
// characters.
func GenerateNonce() (string, error) {
	return newRequest(C.LOGINKIT_OP_GENERATE_NONCE).textResult(nil)
}

// GenerateCodeVerifier returns a PKCE code verifier: 32 bytes from the OS
// CSPRNG, base64url without padding (43 characters).
func GenerateCodeVerifier() (string, error) {
	return newRequest(C.LOGINKIT_OP_GENERATE_CODE_VERIFIER).textResult(nil)
}

// PKCEChallenge returns the S256 challenge of a code verifier.
func PKCEChallenge(verifier string) (string, error) {
	r := newRequest(C.LOGINKIT_OP_PKCE_CHALLENGE)
	r.required(verifier)
	return r.textResult(nil)
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
