package loginkit

/*
#include <stdlib.h>
#include "loginkit.h"

// Defined in transaction.go's preamble.
LoginkitStr *lkgo_strs(const uint8_t *bytes, const size_t *lens, size_t n);

static LoginkitError *lkgo_web_login_new(const LoginkitClient *client, const LoginkitTransactionKeys *keys,
		LoginkitStr redirect_uri, LoginkitStr post_logout_redirect_uri, const uint8_t *scope_bytes,
		const size_t *scope_lens, bool scopes_given, size_t scopes_len, LoginkitCookieOptions cookie,
		bool session_ttl_given, uint64_t session_ttl, LoginkitWebLogin **out) {
	LoginkitWebLoginOptions o = {0};
	o.post_logout_redirect_uri = post_logout_redirect_uri;
	o.scopes = lkgo_strs(scope_bytes, scope_lens, scopes_len);
	o.scopes_len = scopes_len;
	o.scopes_given = scopes_given;
	o.cookie = cookie;
	o.session_ttl = session_ttl;
	o.session_ttl_given = session_ttl_given;
	LoginkitError *error = loginkit_web_login_new(client, keys, redirect_uri, &o, out);
	free((void *)o.scopes);
	return error;
}

// Results come back by value, as in loginkit.go.

typedef struct {
	LoginkitError *error;
	LoginkitHttpResponse response;
} lkgo_response;

typedef struct {
	LoginkitError *error;
	LoginkitPendingLogin *pending;
	LoginkitHttpRequest request;
	LoginkitLoginTransaction transaction;
} lkgo_pending;

typedef struct {
	LoginkitError *error;
	LoginkitExchangeStep step;
} lkgo_pending_step;

typedef struct {
	LoginkitError *error;
	LoginkitSessionUser user;
} lkgo_user;

static lkgo_response lkgo_web_login_login(const LoginkitWebLogin *web, bool sign_up, LoginkitStr return_to,
		int64_t now) {
	lkgo_response r = {NULL};
	r.error = loginkit_web_login_login(web, sign_up, return_to, now, &r.response);
	return r;
}

static lkgo_response lkgo_web_login_login_from_request(const LoginkitWebLogin *web, LoginkitStr request_target,
		bool sign_up, int64_t now) {
	lkgo_response r = {NULL};
	r.error = loginkit_web_login_login_from_request(web, request_target, sign_up, now, &r.response);
	return r;
}

// The pending login, its first request and its transaction, in one call.
static lkgo_pending lkgo_web_login_callback(const LoginkitWebLogin *web, LoginkitStr request_target,
		LoginkitStr cookie_header, int64_t now) {
	lkgo_pending r = {NULL};
	r.error = loginkit_web_login_callback(web, request_target, cookie_header, now, &r.pending);
	if (r.error == NULL) {
		r.error = loginkit_pending_login_request(r.pending, &r.request);
	}
	if (r.error == NULL) {
		r.error = loginkit_pending_login_transaction(r.pending, &r.transaction);
		if (r.error != NULL) {
			loginkit_http_request_free(&r.request);
		}
	}
	if (r.error != NULL) {
		loginkit_pending_login_free(r.pending);
		r.pending = NULL;
	}
	return r;
}

static lkgo_pending_step lkgo_pending_login_receive(LoginkitPendingLogin *pending, uint16_t status, LoginkitStr body,
		int64_t now) {
	lkgo_pending_step r = {NULL};
	r.error = loginkit_pending_login_receive(pending, status, body, now, &r.step);
	return r;
}

static lkgo_response lkgo_web_login_complete(const LoginkitWebLogin *web, const LoginkitPendingLogin *pending,
		int64_t now) {
	lkgo_response r = {NULL};
	r.error = loginkit_web_login_complete(web, pending, now, &r.response);
	return r;
}

static lkgo_user lkgo_web_login_user(const LoginkitWebLogin *web, LoginkitStr cookie_header, int64_t now) {
	lkgo_user r = {NULL};
	r.error = loginkit_web_login_user(web, cookie_header, now, &r.user);
	return r;
}

static lkgo_response lkgo_web_login_logout(const LoginkitWebLogin *web, LoginkitStr cookie_header, int64_t now) {
	lkgo_response r = {NULL};
	r.error = loginkit_web_login_logout(web, cookie_header, now, &r.response);
	return r;
}
*/
import "C"

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// WebLogin is a web application's login: the routes every framework
// integration offers (login, sign-up, callback, logout) and the current
// user, with the login transaction and the user's session in sealed
// cookies (no server-side store). Its net/http handlers are in
// Handler, HandleLogin, HandleSignUp, HandleCallback, HandleLogout and
// User; the methods below them (Login, Callback, Complete, Finish,
// UserFromCookie, Logout) are the same routes as data, for another
// framework's request and response types. A WebLogin is safe for
// concurrent use.
type WebLogin struct {
	ptr          *C.LoginkitWebLogin
	httpClient   *http.Client
	errorHandler func(http.ResponseWriter, *http.Request, error)
	onLogin      func(*http.Request, *LoginResult) error
}

// WebLoginOptions are the optional parts of a WebLogin.
type WebLoginOptions struct {
	// PostLogoutRedirectURI is where the provider sends the browser after
	// logout (registered at the provider); "" for none.
	PostLogoutRedirectURI string
	// Scopes to ask for; nil means openid profile email offline_access.
	Scopes []string
	// Cookie are the attributes of the transaction and session cookies
	// (and the login's TTL).
	Cookie CookieOptions
	// SessionTTL is how long a session lasts, whole seconds; 0 means
	// DefaultSessionTTL.
	SessionTTL time.Duration
	// HTTPClient sends the code exchange's requests; nil means the
	// client's (WithHTTPClient) or the default one.
	HTTPClient *http.Client
	// ErrorHandler answers a failed route (net/http handlers only); nil
	// means ErrorPage: status 400 and the error's code in
	// <p id="login-error">.
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)
	// OnLogin, when set, is called by HandleCallback with the finished
	// login (the tokens, e.g. to keep the refresh token server side, and
	// the user) before the session is set; an error it returns goes to
	// the ErrorHandler and no session is set.
	OnLogin func(r *http.Request, result *LoginResult) error
}

// NewWebLogin configures an application's login: client (with its
// secret), keys (from NewTransactionKeys; the WebLogin keeps a copy),
// redirectURI (the full URL of the callback route, registered at the
// provider) and opts. The redirect URIs are checked
// ([CodeInvalidRedirectURI] and the other redirect URI codes).
func NewWebLogin(client *Client, keys *TransactionKeys, redirectURI string, opts WebLoginOptions) (*WebLogin, error) {
	if client == nil || keys == nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "NewWebLogin needs a client and keys, got nil"}
	}
	cookie, err := opts.Cookie.cookieArgs()
	if err != nil {
		return nil, err
	}
	var sessionTTL uint64
	if opts.SessionTTL != 0 {
		if sessionTTL, err = wholeSeconds(opts.SessionTTL, "the session TTL"); err != nil {
			return nil, err
		}
	}
	scopes := flattenList(opts.Scopes)
	var ptr *C.LoginkitWebLogin
	err = takeError(C.lkgo_web_login_new(client.ptr, keys.ptr, borrow(redirectURI), borrow(opts.PostLogoutRedirectURI),
		scopes.bytesPtr(), scopes.lensPtr(), C.bool(opts.Scopes != nil), C.size_t(len(opts.Scopes)), cookie,
		C.bool(opts.SessionTTL != 0), C.uint64_t(sessionTTL), &ptr))
	runtime.KeepAlive(client)
	runtime.KeepAlive(keys)
	runtime.KeepAlive(scopes.bytes)
	runtime.KeepAlive(scopes.lens)
	if err != nil {
		return nil, err
	}
	web := &WebLogin{
		ptr:          ptr,
		httpClient:   client.httpClientFor(opts.HTTPClient),
		errorHandler: opts.ErrorHandler,
		onLogin:      opts.OnLogin,
	}
	if web.errorHandler == nil {
		web.errorHandler = ErrorPage
	}
	runtime.SetFinalizer(web, func(w *WebLogin) { C.loginkit_web_login_free(w.ptr) })
	return web, nil
}

// HTTPResponse is a response as data: send exactly this status and these
// headers, with no body (Write does). Formatting one with fmt shows no
// Set-Cookie value (they carry the sealed session).
type HTTPResponse struct {
	// Status is the status code (302 for every redirect).
	Status int
	// Headers are {name, value} pairs in order; Set-Cookie may repeat.
	Headers [][2]string
}

// Write sends the response with w.
func (r *HTTPResponse) Write(w http.ResponseWriter) {
	header := w.Header()
	for _, h := range r.Headers {
		header.Add(h[0], h[1])
	}
	w.WriteHeader(r.Status)
}

// Format writes the response with the Set-Cookie values redacted,
// whatever the verb.
func (r HTTPResponse) Format(f fmt.State, _ rune) {
	var b strings.Builder
	fmt.Fprintf(&b, "loginkit.HTTPResponse{%d, headers: [", r.Status)
	for i, h := range r.Headers {
		if i > 0 {
			b.WriteString(", ")
		}
		value := h[1]
		if strings.EqualFold(h[0], "set-cookie") {
			value = "<redacted>"
		}
		fmt.Fprintf(&b, "%s: %s", h[0], value)
	}
	b.WriteString("]}")
	fmt.Fprint(f, b.String())
}

// String is Format's text.
func (r HTTPResponse) String() string { return fmt.Sprint(r) }

// GoString is Format's text, so %#v redacts too.
func (r HTTPResponse) GoString() string { return fmt.Sprint(r) }

// takeResponse copies a response the library returned and releases it.
func takeResponse(r *C.LoginkitHttpResponse) *HTTPResponse {
	headers := unsafe.Slice(r.headers, int(r.headers_len))
	out := &HTTPResponse{Status: int(r.status), Headers: make([][2]string, len(headers))}
	for i := range headers {
		out.Headers[i] = [2]string{copyString(headers[i].name), copyString(headers[i].value)}
	}
	C.loginkit_http_response_free(r)
	return out
}

func (w *WebLogin) response(r C.lkgo_response) (*HTTPResponse, error) {
	runtime.KeepAlive(w)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	return takeResponse(&r.response), nil
}

// Login is the login route as data: a redirect to the provider with a
// fresh transaction cookie. signUp asks for the sign-up page
// (prompt=create). returnTo is where the user lands after login ("" for
// "/"; a same-origin path, else [CodeInvalidReturnTo]). now is the time
// (the zero Time means time.Now()).
func (w *WebLogin) Login(signUp bool, returnTo string, now time.Time) (*HTTPResponse, error) {
	return w.response(C.lkgo_web_login_login(w.ptr, C.bool(signUp), borrow(returnTo), unixSeconds(now)))
}

// LoginFromRequest is Login with the return-to path read by the core
// from the request target as received (r.URL.RequestURI(), the full URL
// or the raw query), so a handler never parses a URL: a malformed
// return_to is [CodeInvalidReturnTo], a repeated one
// [CodeDuplicateParameter], an empty one means "/".
func (w *WebLogin) LoginFromRequest(requestTarget string, signUp bool, now time.Time) (*HTTPResponse, error) {
	return w.response(C.lkgo_web_login_login_from_request(w.ptr, borrow(requestTarget), C.bool(signUp), unixSeconds(now)))
}

// PendingLogin is a callback being finished: its code exchange (drive it
// with Request and Receive, as an Exchange), then WebLogin.Complete.
// Finish does all of it. Use it from one goroutine at a time.
type PendingLogin struct {
	mu    sync.Mutex
	ptr   *C.LoginkitPendingLogin
	first HTTPRequest
	// Transaction is the login's opened transaction (its ReturnTo is
	// where Complete redirects).
	Transaction LoginTransaction
	// Result is the finished exchange, once Receive returned it.
	Result *LoginResult
}

// Callback is the callback route's first half as data: it checks the
// callback (requestTarget, e.g. r.URL.RequestURI()) against its
// transaction cookie in cookieHeader (the request's Cookie header) and
// starts the code exchange; errors are those of Client.FinishLogin.
func (w *WebLogin) Callback(requestTarget, cookieHeader string, now time.Time) (*PendingLogin, error) {
	r := C.lkgo_web_login_callback(w.ptr, borrow(requestTarget), borrow(cookieHeader), unixSeconds(now))
	runtime.KeepAlive(w)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	pending := &PendingLogin{ptr: r.pending, first: takeRequest(&r.request), Transaction: takeTransaction(&r.transaction)}
	runtime.SetFinalizer(pending, (*PendingLogin).close)
	return pending, nil
}

// Request is the first request of the code exchange (the token request).
func (p *PendingLogin) Request() HTTPRequest {
	return p.first
}

// Receive judges the answer to the last request sent, as Exchange.Receive
// does; when the exchange is done, the result is also kept in p.Result.
func (p *PendingLogin) Receive(status int, body []byte, now time.Time) (*ExchangeStep, error) {
	code, err := status16(status)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ptr == nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "this pending login is closed"}
	}
	r := C.lkgo_pending_login_receive(p.ptr, code, borrowBytes(body), unixSeconds(now))
	runtime.KeepAlive(body)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	step, err := takeStep(&r.step)
	if err == nil && step.Result != nil {
		p.Result = step.Result
	}
	return step, err
}

// close releases the pending login now rather than at garbage collection.
func (p *PendingLogin) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ptr != nil {
		C.loginkit_pending_login_free(p.ptr)
		p.ptr = nil
	}
}

// Complete is the callback route's second half as data, once the pending
// login's exchange is done: it seals the session and redirects to the
// transaction's return-to path (or "/"), deleting the transaction cookie.
func (w *WebLogin) Complete(pending *PendingLogin, now time.Time) (*HTTPResponse, error) {
	pending.mu.Lock()
	defer pending.mu.Unlock()
	if pending.ptr == nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "this pending login is closed"}
	}
	r := C.lkgo_web_login_complete(w.ptr, pending.ptr, unixSeconds(now))
	runtime.KeepAlive(pending)
	return w.response(r)
}

// Finish is the whole callback route as data: Callback, the code exchange
// over net/http under ctx (the WebLogin's HTTP client), then Complete. It
// returns the response to send and the finished login (tokens and user).
func (w *WebLogin) Finish(ctx context.Context, requestTarget, cookieHeader string) (*HTTPResponse, *LoginResult, error) {
	pending, err := w.Callback(requestTarget, cookieHeader, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	defer pending.close()
	result, err := drive(ctx, w.httpClient, pending)
	if err != nil {
		return nil, nil, err
	}
	response, err := w.Complete(pending, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	return response, result, nil
}

// SessionUser is the signed-in user of a request: the verified ID-token
// claims from the login (Subject, Email, Name, Claims, ...), the ID token
// and the session's end. Formatting one with fmt shows no token.
type SessionUser struct {
	IDTokenClaims
	// IDToken is the login's ID token (a credential).
	IDToken string
	// ExpiresAt is when the session ends.
	ExpiresAt time.Time
}

// Format writes the user with the ID token redacted, whatever the verb.
func (u SessionUser) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "loginkit.SessionUser{Subject: %q, Email: %q, Name: %q, IDToken: <redacted>, ExpiresAt: %d}",
		u.Subject, u.Email, u.Name, u.ExpiresAt.Unix())
}

// String is Format's text.
func (u SessionUser) String() string { return fmt.Sprint(u) }

// GoString is Format's text, so %#v redacts too.
func (u SessionUser) GoString() string { return fmt.Sprint(u) }

// UserFromCookie is the signed-in user from a request's Cookie header, as
// data; false when there is no session, or it expired, or it does not
// open (a broken session cookie is no error for the page showing it).
func (w *WebLogin) UserFromCookie(cookieHeader string, now time.Time) (*SessionUser, bool) {
	r := C.lkgo_web_login_user(w.ptr, borrow(cookieHeader), unixSeconds(now))
	runtime.KeepAlive(w)
	if err := takeError(r.error); err != nil {
		return nil, false // only a Cookie header that is not UTF-8: no session
	}
	defer C.loginkit_session_user_free(&r.user)
	if !r.user.found {
		return nil, false
	}
	claims, err := takeClaims(r.user.claims_json)
	r.user.claims_json = C.LoginkitString{}
	if err != nil {
		return nil, false
	}
	return &SessionUser{IDTokenClaims: *claims, IDToken: copyString(r.user.id_token), ExpiresAt: time.Unix(int64(r.user.expires_at), 0)}, true
}

// Logout is the logout route as data: it deletes the session cookie and
// redirects to the provider's logout URL, with the session's ID token as
// id_token_hint and the post-logout redirect URI.
func (w *WebLogin) Logout(cookieHeader string, now time.Time) (*HTTPResponse, error) {
	return w.response(C.lkgo_web_login_logout(w.ptr, borrow(cookieHeader), unixSeconds(now)))
}
