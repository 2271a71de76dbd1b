package loginkit

/*
#include <stdlib.h>
#include "loginkit.h"

// Option structs would hold Go pointers (the borrowed strings), which cgo
// refuses to pass; these shims take the strings by value and build the
// structs on the C stack. Results come back by value, as in loginkit.go.

typedef struct {
	LoginkitError *error;
	LoginkitString value;
} lkgo_string;

typedef struct {
	LoginkitError *error;
	LoginkitTokenResponse tokens;
} lkgo_tokens;

typedef struct {
	LoginkitError *error;
	LoginkitHttpRequest request;
} lkgo_request;

typedef struct {
	LoginkitError *error;
	LoginkitExchange *exchange;
	LoginkitHttpRequest request;
} lkgo_exchange;

typedef struct {
	LoginkitError *error;
	LoginkitExchangeStep step;
} lkgo_step;

static LoginkitError *lkgo_client_new_with_options(LoginkitStr env_url, LoginkitStr client_id,
		LoginkitStr client_secret, LoginkitStr method, bool interval_given, uint64_t interval,
		LoginkitClient **out) {
	LoginkitClientOptions o = {0};
	o.client_secret = client_secret;
	o.token_endpoint_auth_method = method;
	o.jwks_refetch_interval = interval;
	o.jwks_refetch_interval_given = interval_given;
	return loginkit_client_new_with_options(env_url, client_id, &o, out);
}

static lkgo_tokens lkgo_parse_token_response(uint16_t status, LoginkitStr body) {
	lkgo_tokens r = {NULL};
	r.error = loginkit_parse_token_response(status, body, &r.tokens);
	return r;
}

static lkgo_string lkgo_verify_id_token(LoginkitStr id_token, LoginkitStr jwks, LoginkitStr issuer,
		LoginkitStr client_id, LoginkitStr nonce, int64_t now, bool leeway_given, uint64_t leeway) {
	LoginkitIdTokenExpectations e = {0};
	lkgo_string r = {NULL};
	e.issuer = issuer;
	e.client_id = client_id;
	e.nonce = nonce;
	e.now = now;
	e.leeway = leeway;
	e.leeway_given = leeway_given;
	r.error = loginkit_verify_id_token(id_token, jwks, &e, &r.value);
	return r;
}

static lkgo_string lkgo_client_verify_id_token(const LoginkitClient *client, LoginkitStr id_token,
		LoginkitStr jwks, LoginkitStr nonce, int64_t now) {
	lkgo_string r = {NULL};
	r.error = loginkit_client_verify_id_token(client, id_token, jwks, nonce, now, &r.value);
	return r;
}

static lkgo_request lkgo_authorization_code_request(const LoginkitClient *client, LoginkitStr code,
		LoginkitStr redirect_uri, LoginkitStr code_verifier) {
	lkgo_request r = {NULL};
	r.error = loginkit_authorization_code_request(client, code, redirect_uri, code_verifier, &r.request);
	return r;
}

static lkgo_request lkgo_refresh_token_request(const LoginkitClient *client, LoginkitStr refresh_token,
		LoginkitStr scope) {
	lkgo_request r = {NULL};
	r.error = loginkit_refresh_token_request(client, refresh_token, scope, &r.request);
	return r;
}

static lkgo_request lkgo_jwks_request(const LoginkitClient *client) {
	lkgo_request r = {NULL};
	r.error = loginkit_jwks_request(client, &r.request);
	return r;
}

// A new exchange and its first request, in one call.
static lkgo_exchange lkgo_exchange_first_request(lkgo_exchange r) {
	if (r.error == NULL) {
		r.error = loginkit_exchange_request(r.exchange, &r.request);
		if (r.error != NULL) {
			loginkit_exchange_free(r.exchange);
			r.exchange = NULL;
		}
	}
	return r;
}

static lkgo_exchange lkgo_exchange_code(const LoginkitClient *client, LoginkitStr code, LoginkitStr redirect_uri,
		LoginkitStr code_verifier, LoginkitStr nonce) {
	lkgo_exchange r = {NULL};
	r.error = loginkit_exchange_new_authorization_code(client, code, redirect_uri, code_verifier, nonce, &r.exchange);
	return lkgo_exchange_first_request(r);
}

static lkgo_exchange lkgo_exchange_refresh_token(const LoginkitClient *client, LoginkitStr refresh_token,
		LoginkitStr scope) {
	lkgo_exchange r = {NULL};
	r.error = loginkit_exchange_new_refresh_token(client, refresh_token, scope, &r.exchange);
	return lkgo_exchange_first_request(r);
}

static lkgo_step lkgo_exchange_receive(LoginkitExchange *exchange, uint16_t status, LoginkitStr body, int64_t now) {
	lkgo_step r = {NULL};
	r.error = loginkit_exchange_receive(exchange, status, body, now, &r.step);
	return r;
}
*/
import "C"

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// TokenEndpointAuthMethod is how a client authenticates at the token
// endpoint (RFC 6749 §2.3.1). The empty value means the default:
// [ClientSecretPost] when a client secret is given, [AuthMethodNone]
// otherwise. Any other value than the three constants is
// [CodeInvalidArgument].
type TokenEndpointAuthMethod string

// The token-endpoint authentication methods loginkit supports.
const (
	// ClientSecretPost sends client_id and client_secret in the form body,
	// as the Scalekit SDKs do.
	ClientSecretPost TokenEndpointAuthMethod = "client_secret_post"
	// ClientSecretBasic sends them as HTTP Basic, each form-encoded first.
	ClientSecretBasic TokenEndpointAuthMethod = "client_secret_basic"
	// AuthMethodNone is a public client: no secret, PKCE mandatory.
	AuthMethodNone TokenEndpointAuthMethod = "none"
)

// DefaultHTTPTimeout bounds each HTTP request that AuthenticateWithCode and
// RefreshAccessToken send when the application gives no *http.Client.
const DefaultHTTPTimeout = 10 * time.Second

// defaultHTTPClient is used when neither the call nor the client names an
// *http.Client. It does not follow redirects: a token request carries the
// client secret in its body, which Go would send again to wherever a 307
// or 308 points. A redirect is handed to the core as the answer and
// refused there.
var defaultHTTPClient = &http.Client{
	Timeout:       DefaultHTTPTimeout,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// ClientOption configures a Client in NewClient.
type ClientOption func(*clientConfig)

type clientConfig struct {
	clientSecret     string
	authMethod       TokenEndpointAuthMethod
	jwksRefetch      time.Duration
	jwksRefetchGiven bool
	httpClient       *http.Client
}

// WithClientSecret makes the client confidential: it authenticates at the
// token endpoint with secret by method ("" for the default,
// [ClientSecretPost]). An empty secret with a secret-based method is
// [CodeMissingClientSecret]; a secret with [AuthMethodNone] is
// [CodeInvalidArgument]. The secret stays inside the library: no error
// message, log or %v output ever shows it.
func WithClientSecret(secret string, method TokenEndpointAuthMethod) ClientOption {
	return func(c *clientConfig) {
		c.clientSecret = secret
		c.authMethod = method
	}
}

// WithTokenEndpointAuthMethod sets the authentication method alone, e.g.
// [AuthMethodNone] to state that the client is public.
func WithTokenEndpointAuthMethod(method TokenEndpointAuthMethod) ClientOption {
	return func(c *clientConfig) { c.authMethod = method }
}

// WithJWKSRefetchInterval sets the shortest time between two fetches of
// the key set caused by ID tokens with an unknown key id (default five
// minutes), so that forged key ids cannot make every login fetch. It must
// be whole seconds, not negative ([CodeInvalidArgument]).
func WithJWKSRefetchInterval(interval time.Duration) ClientOption {
	return func(c *clientConfig) {
		c.jwksRefetch = interval
		c.jwksRefetchGiven = true
	}
}

// WithHTTPClient sets the *http.Client that AuthenticateWithCode and
// RefreshAccessToken send with (proxies, timeouts, retries, TLS), unless a
// call names its own. Without it they use one with a [DefaultHTTPTimeout]
// timeout that does not follow redirects.
func WithHTTPClient(client *http.Client) ClientOption {
	return func(c *clientConfig) { c.httpClient = client }
}

func wholeSeconds(d time.Duration, what string) (uint64, error) {
	if d < 0 || d%time.Second != 0 {
		return 0, &Error{Code: CodeInvalidArgument, Message: fmt.Sprintf("%s %v is not a whole, non-negative number of seconds", what, d)}
	}
	return uint64(d / time.Second), nil
}

func newClientWithOptions(envURL, clientID string, opts []ClientOption) (*Client, error) {
	var config clientConfig
	for _, opt := range opts {
		opt(&config)
	}
	var interval uint64
	if config.jwksRefetchGiven {
		var err error
		if interval, err = wholeSeconds(config.jwksRefetch, "the JWKS refetch interval"); err != nil {
			return nil, err
		}
	}
	var ptr *C.LoginkitClient
	err := takeError(C.lkgo_client_new_with_options(borrow(envURL), borrow(clientID), borrow(config.clientSecret),
		borrow(string(config.authMethod)), C.bool(config.jwksRefetchGiven), C.uint64_t(interval), &ptr))
	if err != nil {
		return nil, err
	}
	return newClient(ptr, config.httpClient), nil
}

// HTTPRequest is a request the core built, as data: an application with
// its own HTTP stack sends exactly these bytes and adds nothing. Body and
// the Authorization header carry secrets; formatting a HTTPRequest with
// fmt (any verb) shows neither.
type HTTPRequest struct {
	// Method is POST (token endpoint) or GET (key set).
	Method string
	// URL is absolute.
	URL string
	// Headers are {name, value} pairs in the order to send them.
	Headers [][2]string
	// Body is the form-encoded body ("" for GET).
	Body string
}

// Format writes the request with the body and any Authorization value
// redacted, whatever the verb.
func (r HTTPRequest) Format(f fmt.State, _ rune) {
	var b strings.Builder
	fmt.Fprintf(&b, "loginkit.HTTPRequest{%s %s, headers: [", r.Method, r.URL)
	for i, h := range r.Headers {
		if i > 0 {
			b.WriteString(", ")
		}
		value := h[1]
		if strings.EqualFold(h[0], "authorization") {
			value = "<redacted>"
		}
		fmt.Fprintf(&b, "%s: %s", h[0], value)
	}
	fmt.Fprintf(&b, "], body: <%d bytes redacted>}", len(r.Body))
	io.WriteString(f, b.String())
}

// String is Format's text.
func (r HTTPRequest) String() string { return fmt.Sprint(r) }

// GoString is Format's text, so %#v redacts too.
func (r HTTPRequest) GoString() string { return fmt.Sprint(r) }

// TokenResponse is a successful answer of the token endpoint
// (RFC 6749 §5.1), values as the server sent them; "" is a member it did
// not send. Formatting one with fmt (any verb) shows no token.
type TokenResponse struct {
	AccessToken string
	// TokenType is Bearer, in whatever case the server wrote it.
	TokenType string
	// ExpiresIn is the access token's lifetime in seconds; nil when the
	// server did not say.
	ExpiresIn    *uint64
	RefreshToken string
	// IDToken is the OpenID Connect ID token. ParseTokenResponse does not
	// verify it; AuthenticateWithCode, RefreshAccessToken and Exchange do.
	IDToken string
	Scope   string
}

// Format writes the response with every token redacted, whatever the verb.
func (t TokenResponse) Format(f fmt.State, _ rune) {
	redacted := func(token string) string {
		if token == "" {
			return `""`
		}
		return "<redacted>"
	}
	expiresIn := "nil"
	if t.ExpiresIn != nil {
		expiresIn = fmt.Sprint(*t.ExpiresIn)
	}
	fmt.Fprintf(f, "loginkit.TokenResponse{AccessToken: %s, TokenType: %q, ExpiresIn: %s, RefreshToken: %s, IDToken: %s, Scope: %q}",
		redacted(t.AccessToken), t.TokenType, expiresIn, redacted(t.RefreshToken), redacted(t.IDToken), t.Scope)
}

// String is Format's text.
func (t TokenResponse) String() string { return fmt.Sprint(t) }

// GoString is Format's text, so %#v redacts too.
func (t TokenResponse) GoString() string { return fmt.Sprint(t) }

// IDTokenClaims are the claims of a verified ID token: the user.
type IDTokenClaims struct {
	// Subject is sub, the user's identifier at the issuer.
	Subject string
	// Email is email, or "" when absent.
	Email string
	// Name is name, or "" when absent.
	Name string
	// Nonce is nonce, or "" when absent.
	Nonce string
	// Claims holds every claim as encoding/json decodes it, except that
	// numbers are json.Number, so that integers stay exact.
	Claims map[string]any
	// Raw is the claims as compact JSON, in the token's member order; use
	// json.Unmarshal(claims.Raw, &yourStruct) for claims of your own.
	Raw json.RawMessage
}

// LoginResult is a finished code exchange or refresh.
type LoginResult struct {
	// Tokens are the tokens the server sent.
	Tokens TokenResponse
	// User is the verified ID token's claims; nil when the server issued
	// no ID token (a refresh may not).
	User *IDTokenClaims
}

// IDTokenExpectations is what a valid ID token must say, and the clock.
type IDTokenExpectations struct {
	// Issuer is the exact iss, e.g. "https://acme.scalekit.dev".
	Issuer string
	// ClientID must be in aud (and equal azp when present).
	ClientID string
	// Nonce is the one the login sent; "" when it sent none.
	Nonce string
	// Now is the time to judge exp, nbf and iat by (whole seconds); the
	// zero Time means time.Now().
	Now time.Time
	// Leeway is the clock leeway, whole seconds; nil means 60 s.
	Leeway *time.Duration
}

func borrowBytes(b []byte) C.LoginkitStr {
	if len(b) == 0 {
		return C.LoginkitStr{}
	}
	return C.LoginkitStr{ptr: (*C.uint8_t)(unsafe.SliceData(b)), len: C.size_t(len(b))}
}

func status16(status int) (C.uint16_t, error) {
	if status < 0 || status > math.MaxUint16 {
		return 0, &Error{Code: CodeInvalidArgument, Message: fmt.Sprintf("HTTP status %d is not between 0 and 65535", status)}
	}
	return C.uint16_t(status), nil
}

func unixSeconds(now time.Time) C.int64_t {
	if now.IsZero() {
		now = time.Now()
	}
	return C.int64_t(now.Unix())
}

// takeRequest copies a request the library returned and releases it.
func takeRequest(r *C.LoginkitHttpRequest) HTTPRequest {
	headers := unsafe.Slice(r.headers, int(r.headers_len))
	out := HTTPRequest{
		Method:  copyString(r.method),
		URL:     copyString(r.url),
		Headers: make([][2]string, len(headers)),
		Body:    copyString(r.body),
	}
	for i := range headers {
		out.Headers[i] = [2]string{copyString(headers[i].name), copyString(headers[i].value)}
	}
	C.loginkit_http_request_free(r)
	return out
}

// takeTokens copies a token response the library returned and releases it.
func takeTokens(t *C.LoginkitTokenResponse) TokenResponse {
	out := TokenResponse{
		AccessToken:  copyString(t.access_token),
		TokenType:    copyString(t.token_type),
		RefreshToken: copyString(t.refresh_token),
		IDToken:      copyString(t.id_token),
		Scope:        copyString(t.scope),
	}
	if t.expires_in_given {
		expiresIn := uint64(t.expires_in)
		out.ExpiresIn = &expiresIn
	}
	C.loginkit_token_response_free(t)
	return out
}

// takeClaims decodes and releases the claims JSON the library returned.
func takeClaims(s C.LoginkitString) (*IDTokenClaims, error) {
	raw := C.GoBytes(unsafe.Pointer(s.ptr), C.int(s.len))
	C.loginkit_string_free(s)
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	claims := &IDTokenClaims{Raw: raw}
	if err := decoder.Decode(&claims.Claims); err != nil {
		return nil, &Error{Code: CodeInternalError, Message: fmt.Sprintf("the core's claims are not a JSON object (%v); this is a bug, please report it", err)}
	}
	claims.Subject, _ = claims.Claims["sub"].(string)
	claims.Email, _ = claims.Claims["email"].(string)
	claims.Name, _ = claims.Claims["name"].(string)
	claims.Nonce, _ = claims.Claims["nonce"].(string)
	return claims, nil
}

// AuthorizationCodeRequest builds the authorization-code grant
// (RFC 6749 §4.1.3) as a request to send. codeVerifier is the PKCE
// verifier from StartLogin ("" for none; a public client must send one:
// [CodePKCERequired]).
func (c *Client) AuthorizationCodeRequest(code, redirectURI, codeVerifier string) (HTTPRequest, error) {
	r := C.lkgo_authorization_code_request(c.ptr, borrow(code), borrow(redirectURI), borrow(codeVerifier))
	runtime.KeepAlive(c)
	if err := takeError(r.error); err != nil {
		return HTTPRequest{}, err
	}
	return takeRequest(&r.request), nil
}

// RefreshTokenRequest builds the refresh-token grant (RFC 6749 §6) as a
// request to send; scope "" asks for the scope originally granted.
func (c *Client) RefreshTokenRequest(refreshToken, scope string) (HTTPRequest, error) {
	r := C.lkgo_refresh_token_request(c.ptr, borrow(refreshToken), borrow(scope))
	runtime.KeepAlive(c)
	if err := takeError(r.error); err != nil {
		return HTTPRequest{}, err
	}
	return takeRequest(&r.request), nil
}

// JWKSRequest is the request for the environment's key set
// (GET {environment URL}/keys).
func (c *Client) JWKSRequest() (HTTPRequest, error) {
	r := C.lkgo_jwks_request(c.ptr)
	runtime.KeepAlive(c)
	if err := takeError(r.error); err != nil {
		return HTTPRequest{}, err
	}
	return takeRequest(&r.request), nil
}

// ParseTokenResponse reads the token endpoint's answer. A refusal
// (RFC 6749 §5.2) is an *AuthorizationError with Code [CodeTokenError]
// and the server's error, error_description and error_uri; an answer that
// is not a usable token response is [CodeInvalidTokenResponse] (or
// [CodeUnsupportedTokenType]). No error message quotes the body.
func ParseTokenResponse(status int, body []byte) (*TokenResponse, error) {
	code, err := status16(status)
	if err != nil {
		return nil, err
	}
	r := C.lkgo_parse_token_response(code, borrowBytes(body))
	runtime.KeepAlive(body)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	tokens := takeTokens(&r.tokens)
	return &tokens, nil
}

// VerifyIDToken verifies an ID token against a key set (the JWKS JSON
// text the application fetched) and returns its claims. Each check has
// its own code, from [CodeInvalidJWKS] to [CodeNonceMismatch]; see the
// package documentation of the core for their order.
func VerifyIDToken(idToken, jwks string, expected IDTokenExpectations) (*IDTokenClaims, error) {
	var leeway uint64
	if expected.Leeway != nil {
		var err error
		if leeway, err = wholeSeconds(*expected.Leeway, "the leeway"); err != nil {
			return nil, err
		}
	}
	r := C.lkgo_verify_id_token(borrow(idToken), borrow(jwks), borrow(expected.Issuer), borrow(expected.ClientID),
		borrow(expected.Nonce), unixSeconds(expected.Now), C.bool(expected.Leeway != nil), C.uint64_t(leeway))
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	return takeClaims(r.value)
}

// VerifyIDToken verifies an ID token with this client's issuer (its
// environment URL) and client id against a key set the application
// fetched, with the nonce its login sent ("" for none), at now (the zero
// Time means time.Now()), with 60 s of leeway.
func (c *Client) VerifyIDToken(idToken, jwks, nonce string, now time.Time) (*IDTokenClaims, error) {
	r := C.lkgo_client_verify_id_token(c.ptr, borrow(idToken), borrow(jwks), borrow(nonce), unixSeconds(now))
	runtime.KeepAlive(c)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	return takeClaims(r.value)
}

// Exchange is one token exchange in progress, for an application that
// moves the bytes with its own HTTP stack:
//
//	exchange, err := client.ExchangeCode(code, redirectURI, login.CodeVerifier, login.Nonce)
//	request := exchange.Request()
//	for {
//		status, body := send(request) // your HTTP client
//		step, err := exchange.Receive(status, body, time.Now())
//		if err != nil { ... }
//		if step.Result != nil { return step.Result }
//		request = *step.Request
//	}
//
// After the token response the exchange verifies the ID token, first
// asking for the key set when the client's cache (shared by every
// exchange of the client) has no fitting key. An Exchange is safe for
// concurrent use, but its steps only make sense in order.
type Exchange struct {
	mu    sync.Mutex
	ptr   *C.LoginkitExchange
	first HTTPRequest
}

// ExchangeStep is what comes after an answer: exactly one of Request (send
// it and pass its answer to Receive) and Result (the exchange is done) is
// set.
type ExchangeStep struct {
	Request *HTTPRequest
	Result  *LoginResult
}

func newExchange(r C.lkgo_exchange) (*Exchange, error) {
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	exchange := &Exchange{ptr: r.exchange, first: takeRequest(&r.request)}
	runtime.SetFinalizer(exchange, (*Exchange).close)
	return exchange, nil
}

// ExchangeCode starts the authorization-code exchange. codeVerifier and
// nonce are the ones StartLogin returned ("" for none); with a nonce the
// answer must carry an ID token with that nonce.
func (c *Client) ExchangeCode(code, redirectURI, codeVerifier, nonce string) (*Exchange, error) {
	r := C.lkgo_exchange_code(c.ptr, borrow(code), borrow(redirectURI), borrow(codeVerifier), borrow(nonce))
	runtime.KeepAlive(c)
	return newExchange(r)
}

// ExchangeRefreshToken starts a refresh-token exchange; scope "" asks for
// the scope originally granted. An ID token in the answer is verified
// (without a nonce); none is required.
func (c *Client) ExchangeRefreshToken(refreshToken, scope string) (*Exchange, error) {
	r := C.lkgo_exchange_refresh_token(c.ptr, borrow(refreshToken), borrow(scope))
	runtime.KeepAlive(c)
	return newExchange(r)
}

// Request is the first request to send.
func (e *Exchange) Request() HTTPRequest {
	return e.first
}

// Receive judges the answer (status and body) to the last request sent,
// at now (the zero Time means time.Now()), and says what comes next.
// After an error or a result the exchange is finished.
func (e *Exchange) Receive(status int, body []byte, now time.Time) (*ExchangeStep, error) {
	code, err := status16(status)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ptr == nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "this exchange is finished; start a new one"}
	}
	r := C.lkgo_exchange_receive(e.ptr, code, borrowBytes(body), unixSeconds(now))
	runtime.KeepAlive(body)
	if err := takeError(r.error); err != nil {
		return nil, err
	}
	return takeStep(&r.step)
}

// takeStep converts and releases a step the library returned.
func takeStep(step *C.LoginkitExchangeStep) (*ExchangeStep, error) {
	if !step.done {
		request := takeRequest(&step.request)
		C.loginkit_exchange_step_free(step)
		return &ExchangeStep{Request: &request}, nil
	}
	result := &LoginResult{Tokens: takeTokens(&step.tokens)}
	if step.claims_json.ptr != nil {
		claims, err := takeClaims(step.claims_json)
		step.claims_json = C.LoginkitString{}
		if err != nil {
			C.loginkit_exchange_step_free(step)
			return nil, err
		}
		result.User = claims
	}
	C.loginkit_exchange_step_free(step)
	return &ExchangeStep{Result: result}, nil
}

// close releases the exchange now rather than at garbage collection.
func (e *Exchange) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ptr != nil {
		C.loginkit_exchange_free(e.ptr)
		e.ptr = nil
	}
}

// AuthenticateOptions are the optional parts of AuthenticateWithCode.
type AuthenticateOptions struct {
	// CodeVerifier is the PKCE verifier StartLogin returned.
	CodeVerifier string
	// Nonce is the nonce StartLogin returned; the ID token must carry it.
	Nonce string
	// HTTPClient sends the requests; nil means the client's (WithHTTPClient)
	// or a default one with a DefaultHTTPTimeout timeout.
	HTTPClient *http.Client
}

// RefreshOptions are the optional parts of RefreshAccessToken.
type RefreshOptions struct {
	// Scope narrows the scope; "" asks for the scope originally granted.
	Scope string
	// HTTPClient is as in AuthenticateOptions.
	HTTPClient *http.Client
}

// AuthenticateWithCode exchanges the authorization code from the callback
// (ParseCallback's Code) for tokens at {environment URL}/oauth/token,
// fetches the key set when needed, verifies the ID token and returns the
// tokens and the user. It sends with net/http under ctx: a request that
// cannot be sent or whose answer cannot be read (refused connection,
// timeout, TLS, ctx done) is [CodeNetworkError]; the server's refusal is
// an *AuthorizationError with Code [CodeTokenError].
func (c *Client) AuthenticateWithCode(ctx context.Context, code, redirectURI string, opts AuthenticateOptions) (*LoginResult, error) {
	exchange, err := c.ExchangeCode(code, redirectURI, opts.CodeVerifier, opts.Nonce)
	if err != nil {
		return nil, err
	}
	defer exchange.close()
	return c.drive(ctx, exchange, opts.HTTPClient)
}

// RefreshAccessToken exchanges a refresh token for new tokens, verifying
// the ID token if the server sends one (then LoginResult.User is set).
// Errors are as for AuthenticateWithCode. opts is at most one
// RefreshOptions.
func (c *Client) RefreshAccessToken(ctx context.Context, refreshToken string, opts ...RefreshOptions) (*LoginResult, error) {
	var o RefreshOptions
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		return nil, &Error{Code: CodeInvalidArgument, Message: fmt.Sprintf("RefreshAccessToken takes at most one RefreshOptions, got %d", len(opts))}
	}
	exchange, err := c.ExchangeRefreshToken(refreshToken, o.Scope)
	if err != nil {
		return nil, err
	}
	defer exchange.close()
	return c.drive(ctx, exchange, o.HTTPClient)
}

// drive is the exchange loop with the client's HTTP client.
func (c *Client) drive(ctx context.Context, exchange *Exchange, httpClient *http.Client) (*LoginResult, error) {
	return drive(ctx, c.httpClientFor(httpClient), exchange)
}

// httpClientFor is the *http.Client a call sends with: the call's own,
// else the client's (WithHTTPClient), else the default.
func (c *Client) httpClientFor(httpClient *http.Client) *http.Client {
	if httpClient == nil {
		httpClient = c.httpClient
	}
	if httpClient == nil {
		httpClient = defaultHTTPClient
	}
	return httpClient
}

// exchanger is a token exchange in progress: an *Exchange, or the one a
// *PendingLogin holds.
type exchanger interface {
	Request() HTTPRequest
	Receive(status int, body []byte, now time.Time) (*ExchangeStep, error)
}

// drive is the exchange loop: send, receive, until done.
func drive(ctx context.Context, httpClient *http.Client, exchange exchanger) (*LoginResult, error) {
	if ctx == nil {
		return nil, &Error{Code: CodeInvalidArgument, Message: "the context is nil; pass context.Background() or a request's context"}
	}
	request := exchange.Request()
	for {
		status, body, err := send(ctx, httpClient, &request)
		if err != nil {
			return nil, err
		}
		step, err := exchange.Receive(status, body, time.Now())
		if err != nil {
			return nil, err
		}
		if step.Result != nil {
			return step.Result, nil
		}
		request = *step.Request
	}
}

// send moves one request's bytes with net/http and reads the whole answer.
func send(ctx context.Context, client *http.Client, r *HTTPRequest) (int, []byte, error) {
	var body io.Reader
	if r.Body != "" {
		body = strings.NewReader(r.Body)
	}
	request, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return 0, nil, networkError(r, err)
	}
	for _, header := range r.Headers {
		request.Header.Add(header[0], header[1])
	}
	response, err := client.Do(request)
	if err != nil {
		return 0, nil, networkError(r, err)
	}
	defer response.Body.Close()
	data, err := io.ReadAll(response.Body)
	if err != nil {
		return 0, nil, networkError(r, err)
	}
	return response.StatusCode, data, nil
}

// networkError names the method and URL (never the body or headers, which
// carry secrets) and keeps the cause for errors.Is / errors.As, e.g.
// context.DeadlineExceeded.
func networkError(r *HTTPRequest, cause error) error {
	reason := cause
	var urlErr *url.Error
	if errors.As(cause, &urlErr) {
		reason = urlErr.Err // its text repeats the URL
	}
	return &Error{
		Code:    CodeNetworkError,
		Message: fmt.Sprintf("%s %s failed: %v", r.Method, r.URL, reason),
		Err:     cause,
	}
}
