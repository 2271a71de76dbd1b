package loginkit

/*
#include <stdlib.h>
#include "loginkit.h"

// A list of strings travels as pointer-free memory (all bytes back to
// back, plus their lengths), as the authorization URL options do; this
// rebuilds the LoginkitStr array in C memory (free it). NULL when n is 0.
// Not static: web.go's preamble uses it too.
LoginkitStr *lkgo_strs(const uint8_t *bytes, const size_t *lens, size_t n) {
	if (n == 0) {
		return NULL;
	}
	LoginkitStr *items = malloc(n * sizeof(LoginkitStr));
	if (items == NULL) {
		abort(); // as the Go runtime and the Rust library do when out of memory
	}
	for (size_t i = 0; i < n; i++) {
		items[i].ptr = lens[i] > 0 ? bytes : NULL;
		items[i].len = lens[i];
		bytes += lens[i];
	}
	return items;
}

static LoginkitError *lkgo_transaction_keys_new(const uint8_t *bytes, const size_t *lens, size_t n,
		LoginkitTransactionKeys **out) {
	LoginkitStr *keys = lkgo_strs(bytes, lens, n);
	LoginkitError *error = loginkit_transaction_keys_new(keys, n, out);
	free(keys);
	return error;
}

typedef struct {
	LoginkitError *error;
	LoginkitLoginTransaction transaction;
} lkgo_transaction;

static lkgo_transaction lkgo_transaction_open(const LoginkitTransactionKeys *keys, LoginkitStr sealed) {
	lkgo_transaction r = {NULL};
	r.error = loginkit_transaction_open(keys, sealed, &r.transaction);
	return r;
}

static LoginkitError *lkgo_transaction_seal(const LoginkitTransactionKeys *keys, LoginkitStr state, LoginkitStr nonce,
		LoginkitStr code_verifier, LoginkitStr redirect_uri, LoginkitStr return_to, int64_t issued_at,
		LoginkitString *out) {
	LoginkitLoginTransactionRef t = {state, nonce, code_verifier, redirect_uri, return_to, issued_at};
	return loginkit_transaction_seal(keys, &t, out);
}

static LoginkitError *lkgo_cookie_set(LoginkitCookieOptions options, LoginkitStr name, LoginkitStr value,
		LoginkitString *out) {
	return loginkit_cookie_set(&options, name, value, out);
}

static LoginkitError *lkgo_cookie_clear(LoginkitCookieOptions options, LoginkitStr name, LoginkitString *out) {
	return loginkit_cookie_clear(&options, name, out);
}

typedef struct {
	LoginkitError *error;
	LoginkitFinishedLogin finished;
} lkgo_finished;

static lkgo_finished lkgo_finish_login(const LoginkitClient *client, LoginkitStr callback, LoginkitStr cookie_header,
		const LoginkitTransactionKeys *keys, LoginkitCookieOptions cookie, int64_t now) {
	lkgo_finished r = {NULL};
	r.error = loginkit_finish_login(client, callback, cookie_header, keys, &cookie, now, &r.finished);
	return r;
}
*/
import "C"

import (
	"fmt"
	"io"
	"runtime"
	"time"
	"unsafe"
)

// DefaultTransactionTTL is how long a login may take when
// CookieOptions.TTL is zero: 10 minutes.
const DefaultTransactionTTL = 600 * time.Second

// DefaultSessionTTL is how long a WebLogin session lasts when
// WebLoginOptions.SessionTTL is zero: 8 hours.
const DefaultSessionTTL = 8 * time.Hour

// TransactionKeys seal and open login transactions (and WebLogin
// sessions): the first key seals, every key opens, so a key can be
// rotated without breaking logins in flight (put the new key first and
// keep the old one until the longest login or session has ended). It is
// safe for concurrent use. Formatting one with fmt shows no key.
type TransactionKeys struct {
	ptr   *C.LoginkitTransactionKeys
	count int
}

// GenerateTransactionKey returns a fresh transaction key: 32 bytes from
// the OS CSPRNG as base64url text (43 characters). Store it like a
// password (an environment variable, a secret manager) and load it with
// NewTransactionKeys.
func GenerateTransactionKey() (string, error) {
	var out C.LoginkitString
	if err := takeError(C.loginkit_transaction_key_generate(&out)); err != nil {
		return "", err
	}
	return take(out), nil
}

// flatList is a list of strings as pointer-free memory (see lkgo_strs).
type flatList struct {
	bytes []byte
	lens  []C.size_t
}

func flattenList(items []string) flatList {
	size := 0
	for _, item := range items {
		size += len(item)
	}
	f := flatList{bytes: make([]byte, 0, size), lens: make([]C.size_t, 0, len(items))}
	for _, item := range items {
		f.bytes = append(f.bytes, item...)
		f.lens = append(f.lens, C.size_t(len(item)))
	}
	return f
}

func (f *flatList) bytesPtr() *C.uint8_t { return (*C.uint8_t)(unsafe.SliceData(f.bytes)) }
func (f *flatList) lensPtr() *C.size_t   { return unsafe.SliceData(f.lens) }

// NewTransactionKeys loads transaction keys (base64url text of at least
// 256 bits each, as GenerateTransactionKey makes), newest first.
// Surrounding whitespace, such as a file's trailing newline, is ignored.
// No key, or a key that is not base64url without padding or is too
// short, is [CodeInvalidTransactionKey]; the message names the key's
// position, never its text.
func NewTransactionKeys(keys ...string) (*TransactionKeys, error) {
	f := flattenList(keys)
	var ptr *C.LoginkitTransactionKeys
	err := takeError(C.lkgo_transaction_keys_new(f.bytesPtr(), f.lensPtr(), C.size_t(len(keys)), &ptr))
	runtime.KeepAlive(f.bytes)
	runtime.KeepAlive(f.lens)
	if err != nil {
		return nil, err
	}
	k := &TransactionKeys{ptr: ptr, count: len(keys)}
	runtime.SetFinalizer(k, func(k *TransactionKeys) { C.loginkit_transaction_keys_free(k.ptr) })
	return k, nil
}

// Format writes the number of keys, never a key, whatever the verb.
func (k *TransactionKeys) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "loginkit.TransactionKeys(%d keys, redacted)", k.count)
}

// LoginTransaction is one login in flight, as sealed into its cookie.
// Formatting one with fmt shows neither the nonce nor the code verifier.
type LoginTransaction struct {
	// State is the state sent in the authorization URL.
	State string
	// Nonce is the nonce the ID token must carry (a secret).
	Nonce string
	// CodeVerifier is the PKCE code verifier (a secret).
	CodeVerifier string
	// RedirectURI is the redirect URI the login started with; the token
	// request repeats it.
	RedirectURI string
	// ReturnTo is where to send the user after login, a same-origin path;
	// "" for none.
	ReturnTo string
	// IssuedAt is when the login started (whole seconds).
	IssuedAt time.Time
}

// Format writes the transaction with the nonce and code verifier
// redacted, whatever the verb.
func (t LoginTransaction) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "loginkit.LoginTransaction{State: %q, Nonce: <redacted>, CodeVerifier: <redacted>, RedirectURI: %q, ReturnTo: %q, IssuedAt: %d}",
		t.State, t.RedirectURI, t.ReturnTo, t.IssuedAt.Unix())
}

// String is Format's text.
func (t LoginTransaction) String() string { return fmt.Sprint(t) }

// GoString is Format's text, so %#v redacts too.
func (t LoginTransaction) GoString() string { return fmt.Sprint(t) }

// takeTransaction copies a transaction the library returned and releases it.
func takeTransaction(t *C.LoginkitLoginTransaction) LoginTransaction {
	out := LoginTransaction{
		State:        copyString(t.state),
		Nonce:        copyString(t.nonce),
		CodeVerifier: copyString(t.code_verifier),
		RedirectURI:  copyString(t.redirect_uri),
		ReturnTo:     copyString(t.return_to),
		IssuedAt:     time.Unix(int64(t.issued_at), 0),
	}
	C.loginkit_login_transaction_free(t)
	return out
}

// Seal seals a transaction into a cookie value under the first key (a
// fresh random nonce each time, so two seals differ). IssuedAt is taken
// as given, in whole seconds.
func (k *TransactionKeys) Seal(t LoginTransaction) (string, error) {
	var out C.LoginkitString
	err := takeError(C.lkgo_transaction_seal(k.ptr, borrow(t.State), borrow(t.Nonce), borrow(t.CodeVerifier),
		borrow(t.RedirectURI), borrow(t.ReturnTo), C.int64_t(t.IssuedAt.Unix()), &out))
	runtime.KeepAlive(k)
	if err != nil {
		return "", err
	}
	return take(out), nil
}

// Open opens a value sealed under any of the keys: a value cut short or
// not a loginkit cookie is [CodeTransactionTruncated], one sealed under a
// key not in the list [CodeTransactionUnknownKey], an altered one
// [CodeTransactionTampered]. It checks neither the state nor the age: see
// Client.FinishLogin.
func (k *TransactionKeys) Open(sealed string) (*LoginTransaction, error) {
	r := C.lkgo_transaction_open(k.ptr, borrow(sealed))
	runtime.KeepAlive(k)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	t := takeTransaction(&r.transaction)
	return &t, nil
}

// CookieOptions are the attributes of the transaction cookies (and of
// the WebLogin session cookie). The zero value is the default: Path=/,
// Secure, a 10-minute login. Every cookie is HttpOnly and SameSite=Lax.
type CookieOptions struct {
	// Path is the cookie's Path; "" means "/".
	Path string
	// Insecure leaves out the Secure attribute, for an application served
	// over plain http other than on localhost (browsers treat
	// http://localhost as secure, so leave it false there too).
	Insecure bool
	// TTL is how long a login may take (the cookie's Max-Age, and the age
	// the callback may have), whole seconds; 0 means
	// DefaultTransactionTTL.
	TTL time.Duration
}

// cookieArgs is o as the C struct; Path is borrowed.
func (o CookieOptions) cookieArgs() (C.LoginkitCookieOptions, error) {
	c := C.LoginkitCookieOptions{path: borrow(o.Path), secure: C.bool(!o.Insecure), secure_given: true}
	if o.TTL != 0 {
		ttl, err := wholeSeconds(o.TTL, "the cookie TTL")
		if err != nil {
			return c, err
		}
		c.ttl, c.ttl_given = C.uint64_t(ttl), true
	}
	return c, nil
}

// SetCookie is the Set-Cookie header value that stores value under name
// with these attributes.
func (o CookieOptions) SetCookie(name, value string) (string, error) {
	c, err := o.cookieArgs()
	if err != nil {
		return "", err
	}
	var out C.LoginkitString
	if err := takeError(C.lkgo_cookie_set(c, borrow(name), borrow(value), &out)); err != nil {
		return "", err
	}
	return take(out), nil
}

// ClearCookie is the Set-Cookie header value that deletes cookie name.
func (o CookieOptions) ClearCookie(name string) (string, error) {
	c, err := o.cookieArgs()
	if err != nil {
		return "", err
	}
	var out C.LoginkitString
	if err := takeError(C.lkgo_cookie_clear(c, borrow(name), &out)); err != nil {
		return "", err
	}
	return take(out), nil
}

// TransactionCookieName is the name of the transaction cookie of the
// login whose state is state ("loginkit_tx_" and 16 hex characters), so
// that logins in several tabs never overwrite each other.
func TransactionCookieName(state string) (string, error) {
	var out C.LoginkitString
	if err := takeError(C.loginkit_transaction_cookie_name(borrow(state), &out)); err != nil {
		return "", err
	}
	return take(out), nil
}

// ValidateReturnTo checks that returnTo is a path on the application's
// own origin ("/dashboard?tab=1"); "//evil.com", "/\evil.com", absolute
// URLs and control characters are [CodeInvalidReturnTo].
func ValidateReturnTo(returnTo string) error {
	return takeError(C.loginkit_validate_return_to(borrow(returnTo)))
}

// TransactionOptions are the optional parts of StartLoginTransaction and
// FinishLogin.
type TransactionOptions struct {
	// Cookie are the transaction cookie's attributes; FinishLogin must get
	// the ones StartLoginTransaction got.
	Cookie CookieOptions
	// Now is the time (whole seconds); the zero Time means time.Now().
	Now time.Time
}

// TransactionStart is a started login with its sealed transaction
// cookie: send a redirect to URL with a Set-Cookie header of SetCookie.
// Formatting one with fmt shows neither the cookie's value nor SetCookie.
type TransactionStart struct {
	// URL is the authorization URL to redirect the browser to.
	URL string
	// CookieName is the cookie's name (derived from the state).
	CookieName string
	// CookieValue is the sealed transaction.
	CookieValue string
	// SetCookie is the whole Set-Cookie header value.
	SetCookie string
}

// Format writes the start with the cookie's value redacted, whatever the verb.
func (s TransactionStart) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "loginkit.TransactionStart{URL: %q, CookieName: %q, CookieValue: <redacted>, SetCookie: <redacted>}", s.URL, s.CookieName)
}

// String is Format's text.
func (s TransactionStart) String() string { return fmt.Sprint(s) }

// GoString is Format's text, so %#v redacts too.
func (s TransactionStart) GoString() string { return fmt.Sprint(s) }

// FinishedLogin is what the code exchange needs, from a callback and its
// transaction cookie. Formatting one with fmt shows no secret.
type FinishedLogin struct {
	// Code is the authorization code (a secret).
	Code string
	// Transaction is the opened transaction: pass its RedirectURI,
	// CodeVerifier and Nonce to AuthenticateWithCode; ReturnTo is where
	// to send the user afterwards.
	Transaction LoginTransaction
	// ClearCookie is the Set-Cookie header value that deletes the used
	// transaction cookie; send it with the callback's response.
	ClearCookie string
}

// Format writes the login with the code redacted, whatever the verb.
func (l FinishedLogin) Format(f fmt.State, _ rune) {
	io.WriteString(f, "loginkit.FinishedLogin{Code: <redacted>, Transaction: "+l.Transaction.String()+", ClearCookie: "+fmt.Sprintf("%q", l.ClearCookie)+"}")
}

// String is Format's text.
func (l FinishedLogin) String() string { return fmt.Sprint(l) }

// GoString is Format's text, so %#v redacts too.
func (l FinishedLogin) GoString() string { return fmt.Sprint(l) }

// AuthenticateOptions are the options AuthenticateWithCode needs for this
// login: the transaction's code verifier and nonce.
func (l *FinishedLogin) AuthenticateOptions() AuthenticateOptions {
	return AuthenticateOptions{CodeVerifier: l.Transaction.CodeVerifier, Nonce: l.Transaction.Nonce}
}

// FinishLogin finishes a login started by StartLoginTransaction, in the
// callback handler: it reads the callback (the request target such as
// r.URL.RequestURI(), the full URL or the query), finds the transaction
// cookie named after its state in cookieHeader (the request's Cookie
// header), opens it and checks it. Then exchange the code:
//
//	finished, err := client.FinishLogin(r.URL.RequestURI(), r.Header.Get("Cookie"), keys, loginkit.TransactionOptions{})
//	w.Header().Add("Set-Cookie", finished.ClearCookie)
//	result, err := client.AuthenticateWithCode(r.Context(), finished.Code, finished.Transaction.RedirectURI, finished.AuthenticateOptions())
//
// The checks run in this order, the first failure reporting: the callback
// parses ([CodeInvalidCallback], [CodeDuplicateParameter],
// [CodeMissingState]); its cookie is there ([CodeTransactionMissing]); it
// opens ([CodeTransactionTruncated], [CodeTransactionUnknownKey],
// [CodeTransactionTampered]); it belongs to this state
// ([CodeTransactionSwapped]); it is younger than the TTL
// ([CodeTransactionExpired]); then the rest of the callback
// ([CodeIssuerMismatch], an *AuthorizationError, [CodeMissingCode]).
func (c *Client) FinishLogin(callback, cookieHeader string, keys *TransactionKeys, opts TransactionOptions) (*FinishedLogin, error) {
	if keys == nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "keys is nil"}
	}
	cookie, err := opts.Cookie.cookieArgs()
	if err != nil {
		return nil, err
	}
	r := C.lkgo_finish_login(c.ptr, borrow(callback), borrow(cookieHeader), keys.ptr, cookie, unixSeconds(opts.Now))
	runtime.KeepAlive(c)
	runtime.KeepAlive(keys)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	out := &r.finished
	finished := &FinishedLogin{Code: copyString(out.code), Transaction: takeTransaction(&out.transaction), ClearCookie: copyString(out.clear_cookie)}
	C.loginkit_finished_login_free(out)
	return finished, nil
}
