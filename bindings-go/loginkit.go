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

// The C option structs hold pointers, so passing Go-allocated ones means
// pinning every string and array and cgo walking every field on every
// call: that was most of the binding's cost per call. Go sends the
// authorization URL options instead as pointer-free memory (all string
// bytes back to back, plus their lengths), which needs neither, and
// lkgo_options_init rebuilds the structs on the C stack. A zero length is
// "not given", as "" is in the Go API.
//
// The lengths, in order: redirect_uri; state, nonce, login_hint,
// domain_hint, connection_id, organization_id, provider, prompt,
// code_challenge, code_challenge_method; each scope; each extra
// parameter's name and value.

// Scopes and extra parameters up to this many each need no malloc.
enum { LKGO_STACK_ITEMS = 8 };

typedef struct {
	LoginkitStr redirect_uri;
	LoginkitAuthorizationUrlOptions options;
	LoginkitStr stack_scopes[LKGO_STACK_ITEMS];
	LoginkitParam stack_params[LKGO_STACK_ITEMS];
	void *heap;
} lkgo_options;

static LoginkitStr lkgo_next(const uint8_t **bytes, const size_t **lens) {
	LoginkitStr s = {NULL, **lens};
	if (s.len > 0) {
		s.ptr = *bytes;
	}
	*bytes += s.len;
	*lens += 1;
	return s;
}

static void lkgo_options_init(lkgo_options *o, const uint8_t *bytes, const size_t *lens,
		bool scopes_given, size_t scopes_len, size_t params_len) {
	LoginkitAuthorizationUrlOptions *c = &o->options;
	LoginkitStr *scopes = o->stack_scopes;
	LoginkitParam *params = o->stack_params;
	*c = (LoginkitAuthorizationUrlOptions){0}; // as the header asks, should it gain a field
	o->heap = NULL;
	if (scopes_len > LKGO_STACK_ITEMS || params_len > LKGO_STACK_ITEMS) {
		o->heap = malloc(params_len * sizeof(LoginkitParam) + scopes_len * sizeof(LoginkitStr));
		if (o->heap == NULL) {
			abort(); // as the Go runtime and the Rust library do when out of memory
		}
		params = o->heap;
		scopes = (LoginkitStr *)(params + params_len);
	}
	o->redirect_uri = lkgo_next(&bytes, &lens);
	c->state = lkgo_next(&bytes, &lens);
	c->nonce = lkgo_next(&bytes, &lens);
	c->login_hint = lkgo_next(&bytes, &lens);
	c->domain_hint = lkgo_next(&bytes, &lens);
	c->connection_id = lkgo_next(&bytes, &lens);
	c->organization_id = lkgo_next(&bytes, &lens);
	c->provider = lkgo_next(&bytes, &lens);
	c->prompt = lkgo_next(&bytes, &lens);
	c->code_challenge = lkgo_next(&bytes, &lens);
	c->code_challenge_method = lkgo_next(&bytes, &lens);
	for (size_t i = 0; i < scopes_len; i++) {
		scopes[i] = lkgo_next(&bytes, &lens);
	}
	for (size_t i = 0; i < params_len; i++) {
		params[i].name = lkgo_next(&bytes, &lens);
		params[i].value = lkgo_next(&bytes, &lens);
	}
	c->scopes = scopes;
	c->scopes_len = scopes_len;
	c->scopes_given = scopes_given;
	c->extra_params = params;
	c->extra_params_len = params_len;
}

// Results come back by value: a Go variable for the output would escape
// to the heap and be checked by cgo on every call.
typedef struct {
	LoginkitError *error;
	LoginkitString url;
} lkgo_url;

typedef struct {
	LoginkitError *error;
	LoginkitLoginStart login;
} lkgo_login;

static lkgo_url lkgo_authorization_url(const LoginkitClient *client, const uint8_t *bytes, const size_t *lens,
		bool scopes_given, size_t scopes_len, size_t params_len) {
	lkgo_options o;
	lkgo_url r = {NULL};
	lkgo_options_init(&o, bytes, lens, scopes_given, scopes_len, params_len);
	r.error = loginkit_authorization_url(client, o.redirect_uri, &o.options, &r.url);
	free(o.heap);
	return r;
}

static lkgo_login lkgo_start_login(const LoginkitClient *client, const uint8_t *bytes, const size_t *lens,
		bool scopes_given, size_t scopes_len, size_t params_len) {
	lkgo_options o;
	lkgo_login r = {NULL};
	lkgo_options_init(&o, bytes, lens, scopes_given, scopes_len, params_len);
	r.error = loginkit_start_login(client, o.redirect_uri, &o.options, &r.login);
	free(o.heap);
	return r;
}

typedef struct {
	LoginkitError *error;
	LoginkitTransactionStart start;
} lkgo_transaction_start;

static lkgo_transaction_start lkgo_start_login_transaction(const LoginkitClient *client, const uint8_t *bytes,
		const size_t *lens, bool scopes_given, size_t scopes_len, size_t params_len, LoginkitStr return_to,
		const LoginkitTransactionKeys *keys, LoginkitCookieOptions cookie, int64_t now) {
	lkgo_options o;
	lkgo_transaction_start r = {NULL};
	lkgo_options_init(&o, bytes, lens, scopes_given, scopes_len, params_len);
	r.error = loginkit_start_login_transaction(client, o.redirect_uri, &o.options, return_to, keys, &cookie, now,
		&r.start);
	free(o.heap);
	return r;
}

// The logout options are three strings: passed by value, they need
// neither pinning nor copying.
static lkgo_url lkgo_logout_url(const LoginkitClient *client, LoginkitStr id_token_hint,
		LoginkitStr post_logout_redirect_uri, LoginkitStr state) {
	LoginkitLogoutUrlOptions o = {id_token_hint, post_logout_redirect_uri, state};
	lkgo_url r = {NULL};
	r.error = loginkit_logout_url(client, &o, &r.url);
	return r;
}
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

// flatOptions is a redirect URI and its options in the pointer-free form
// that lkgo_options_init reads (see the comment above it).
type flatOptions struct {
	bytes       []byte
	lens        []C.size_t
	scopesGiven C.bool
	scopes      C.size_t
	params      C.size_t
}

// fixedStrings counts the redirect URI and the ten string options.
const fixedStrings = 11

func flatten(redirectURI string, opts *AuthorizationURLOptions) flatOptions {
	size := len(redirectURI) + len(opts.State) + len(opts.Nonce) + len(opts.LoginHint) + len(opts.DomainHint) +
		len(opts.ConnectionID) + len(opts.OrganizationID) + len(opts.Provider) + len(opts.Prompt) +
		len(opts.CodeChallenge) + len(opts.CodeChallengeMethod)
	for _, scope := range opts.Scopes {
		size += len(scope)
	}
	for _, param := range opts.ExtraParams {
		size += len(param[0]) + len(param[1])
	}
	f := flatOptions{
		bytes:       make([]byte, 0, size),
		lens:        make([]C.size_t, 0, fixedStrings+len(opts.Scopes)+2*len(opts.ExtraParams)),
		scopesGiven: opts.Scopes != nil,
		scopes:      C.size_t(len(opts.Scopes)),
		params:      C.size_t(len(opts.ExtraParams)),
	}
	f.add(redirectURI)
	f.add(opts.State)
	f.add(opts.Nonce)
	f.add(opts.LoginHint)
	f.add(opts.DomainHint)
	f.add(opts.ConnectionID)
	f.add(opts.OrganizationID)
	f.add(opts.Provider)
	f.add(opts.Prompt)
	f.add(opts.CodeChallenge)
	f.add(opts.CodeChallengeMethod)
	for _, scope := range opts.Scopes {
		f.add(scope)
	}
	for _, param := range opts.ExtraParams {
		f.add(param[0])
		f.add(param[1])
	}
	return f
}

func (f *flatOptions) add(s string) {
	f.bytes = append(f.bytes, s...)
	f.lens = append(f.lens, C.size_t(len(s)))
}

func (f *flatOptions) bytesPtr() *C.uint8_t { return (*C.uint8_t)(unsafe.SliceData(f.bytes)) }
func (f *flatOptions) lensPtr() *C.size_t   { return unsafe.SliceData(f.lens) }

// AuthorizationURL builds the URL that starts a login. The checks run in
// this order, the first failure reporting: redirect URI, scopes, prompt,
// provider, PKCE, extra parameters.
func (c *Client) AuthorizationURL(redirectURI string, opts AuthorizationURLOptions) (string, error) {
	f := flatten(redirectURI, &opts)
	r := C.lkgo_authorization_url(c.ptr, f.bytesPtr(), f.lensPtr(), f.scopesGiven, f.scopes, f.params)
	runtime.KeepAlive(c)
	if err := takeError(r.error); err != nil {
		return "", err
	}
	return take(r.url), nil
}

// StartLogin generates the state and nonce that opts leave empty and a
// PKCE code verifier, and builds the authorization URL with the verifier's
// S256 challenge. A CodeChallenge in opts is CodeInvalidCodeChallenge.
func (c *Client) StartLogin(redirectURI string, opts AuthorizationURLOptions) (*LoginStart, error) {
	f := flatten(redirectURI, &opts)
	r := C.lkgo_start_login(c.ptr, f.bytesPtr(), f.lensPtr(), f.scopesGiven, f.scopes, f.params)
	runtime.KeepAlive(c)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	out := &r.login
	return &LoginStart{URL: take(out.url), State: take(out.state), Nonce: take(out.nonce), CodeVerifier: take(out.code_verifier)}, nil
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
	cookie, err := topts.Cookie.cookieArgs()
	if err != nil {
		return nil, err
	}
	f := flatten(redirectURI, &opts)
	r := C.lkgo_start_login_transaction(c.ptr, f.bytesPtr(), f.lensPtr(), f.scopesGiven, f.scopes, f.params,
		borrow(returnTo), keys.ptr, cookie, unixSeconds(topts.Now))
	runtime.KeepAlive(c)
	runtime.KeepAlive(keys)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	out := &r.start
	return &TransactionStart{
		URL:         take(out.url),
		CookieName:  take(out.cookie_name),
		CookieValue: take(out.cookie_value),
		SetCookie:   take(out.set_cookie),
	}, nil
}

// LogoutURL builds the logout URL ({env}/oidc/logout).
func (c *Client) LogoutURL(opts LogoutURLOptions) (string, error) {
	r := C.lkgo_logout_url(c.ptr, borrow(opts.IDTokenHint), borrow(opts.PostLogoutRedirectURI), borrow(opts.State))
	runtime.KeepAlive(c)
	if err := takeError(r.error); err != nil {
		return "", err
	}
	return take(r.url), nil
}

// ParseCallback checks a callback (the full URL, the request target such
// as r.URL.RequestURI(), or the raw query) against the state stored when
// the login started, and returns its code. The state is verified (in
// constant time) before the server's error is believed: a server refusal
// is an *AuthorizationError.
func (c *Client) ParseCallback(callback, expectedState string) (*Callback, error) {
	var out C.LoginkitCallback
	err := takeError(C.loginkit_parse_callback(c.ptr, borrow(callback), borrow(expectedState), &out))
	runtime.KeepAlive(c)
	if err != nil {
		return nil, err
	}
	return &Callback{Code: take(out.code), State: take(out.state)}, nil
}

// ValidateRedirectURI checks a callback URL against the registration rules
// of env; nil means it may be registered there.
func ValidateRedirectURI(uri string, env Environment) error {
	return takeError(C.loginkit_validate_redirect_uri(borrow(uri), borrow(string(env))))
}

// RedirectURIMatches reports whether candidate is allowed by the
// registered callback URL (which may hold a development wildcard). A
// string that is not valid UTF-8 is an error with code
// [CodeInvalidString], as in every other language.
func RedirectURIMatches(registered, candidate string) (bool, error) {
	var out C.bool
	if err := takeError(C.loginkit_redirect_uri_matches(borrow(registered), borrow(candidate), &out)); err != nil {
		return false, err
	}
	return bool(out), nil
}

// VerifyState compares a received state with the expected one in constant
// time. An empty expected state never verifies. A string that is not
// valid UTF-8 is an error with code [CodeInvalidString], as in every
// other language.
func VerifyState(expected, received string) (bool, error) {
	var out C.bool
	if err := takeError(C.loginkit_verify_state(borrow(expected), borrow(received), &out)); err != nil {
		return false, err
	}
	return bool(out), nil
}

// panicForTests makes the core panic on purpose; the boundary test checks
// that it comes back as an internal_error and the process lives on.
func panicForTests() error {
	return takeError(C.loginkit_panic_for_tests())
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
	if err := takeError(C.loginkit_pkce_challenge(borrow(verifier), &out)); err != nil {
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
