package loginkit

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testKey is one RSA 2048 key for the tests and benchmarks, made once.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

const testKid = "go-test-rsa"

func b64(data []byte) string { return base64.RawURLEncoding.EncodeToString(data) }

// testJWKS is the key set holding testKey's public half.
func testJWKS() string {
	key := testKey()
	return fmt.Sprintf(`{"keys":[{"kty":"RSA","kid":%q,"use":"sig","alg":"RS256","n":%q,"e":%q}]}`,
		testKid, b64(key.N.Bytes()), b64(big.NewInt(int64(key.E)).Bytes()))
}

// signIDToken signs claims (JSON text) with testKey, RS256.
func signIDToken(claims string) string {
	header := b64([]byte(fmt.Sprintf(`{"alg":"RS256","kid":%q,"typ":"JWT"}`, testKid)))
	input := header + "." + b64([]byte(claims))
	digest := sha256.Sum256([]byte(input))
	signature, err := rsa.SignPKCS1v15(rand.Reader, testKey(), crypto.SHA256, digest[:])
	if err != nil {
		panic(err)
	}
	return input + "." + b64(signature)
}

func idTokenClaims(issuer, clientID, nonce string, now time.Time) string {
	nonceClaim := ""
	if nonce != "" {
		nonceClaim = fmt.Sprintf(`,"nonce":%q`, nonce)
	}
	return fmt.Sprintf(`{"iss":%q,"sub":"usr_42","aud":%q,"exp":%d,"iat":%d,"email":"zoë@example.com","name":"Zoë","big":9007199254740991,"neg":-5%s}`,
		issuer, clientID, now.Unix()+300, now.Unix(), nonceClaim)
}

const (
	testSecret   = "s3cr3t:with/special+chars%"
	testVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	testNonce    = "n-0S6_WzA2Mj"
)

// fakeProvider is a token endpoint and key set on loopback that answers
// like Scalekit; it counts the requests it served.
type fakeProvider struct {
	*httptest.Server
	tokenRequests, keyRequests atomic.Int32
	lastForm                   atomic.Pointer[url.Values]
	lastAuthorization          atomic.Pointer[string]
	// answer, when set, replaces the token endpoint's answer.
	answer func(w http.ResponseWriter)
	// codeNonce, when set, is the nonce of the code grant's ID token
	// (testNonce otherwise): the one a sealed login transaction generated.
	codeNonce atomic.Pointer[string]
}

func newFakeProvider(t *testing.T) *fakeProvider {
	p := &fakeProvider{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/oauth/token":
			p.tokenRequests.Add(1)
			if err := r.ParseForm(); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			form, authorization := r.PostForm, r.Header.Get("Authorization")
			p.lastForm.Store(&form)
			p.lastAuthorization.Store(&authorization)
			if p.answer != nil {
				p.answer(w)
				return
			}
			nonce := ""
			if form.Get("grant_type") == "authorization_code" {
				nonce = testNonce
				if codeNonce := p.codeNonce.Load(); codeNonce != nil {
					nonce = *codeNonce
				}
			}
			idToken := signIDToken(idTokenClaims(p.URL, "skc_go", nonce, time.Now()))
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"at_%d","token_type":"Bearer","expires_in":3600,"refresh_token":"rt_next","id_token":%q}`,
				p.tokenRequests.Load(), idToken)
		case r.Method == http.MethodGet && r.URL.Path == "/keys":
			p.keyRequests.Add(1)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, testJWKS())
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

func TestNewClientOptions(t *testing.T) {
	if _, err := NewClient(seedEnv, seedClientID, WithClientSecret("", ClientSecretBasic)); codeOf(t, err) != CodeMissingClientSecret {
		t.Fatalf("basic without a secret: %v", err)
	}
	if _, err := NewClient(seedEnv, seedClientID, WithClientSecret("x", AuthMethodNone)); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("secret with none: %v", err)
	}
	if _, err := NewClient(seedEnv, seedClientID, WithClientSecret("x", "private_key_jwt")); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("unknown method: %v", err)
	}
	if _, err := NewClient(seedEnv, seedClientID, WithJWKSRefetchInterval(1500*time.Millisecond)); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("fractional interval: %v", err)
	}
	if _, err := NewClient("ftp://x", seedClientID, WithClientSecret("x", "")); codeOf(t, err) != CodeInvalidEnvURL {
		t.Fatalf("env URL checked with options too: %v", err)
	}
	public, err := NewClient(seedEnv, seedClientID, WithTokenEndpointAuthMethod(AuthMethodNone))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := public.AuthorizationCodeRequest("abc", seedRedirect, ""); codeOf(t, err) != CodePKCERequired {
		t.Fatalf("a public client needs PKCE: %v", err)
	}
}

func TestTokenRequests(t *testing.T) {
	client, err := NewClient(seedEnv, seedClientID, WithClientSecret(testSecret, ClientSecretBasic))
	if err != nil {
		t.Fatal(err)
	}
	request, err := client.AuthorizationCodeRequest("abc", seedRedirect, testVerifier)
	if err != nil {
		t.Fatal(err)
	}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("skc_1234567890:s3cr3t%3Awith%2Fspecial%2Bchars%25"))
	want := HTTPRequest{
		Method: "POST",
		URL:    "https://acme.scalekit.dev/oauth/token",
		Headers: [][2]string{
			{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}, {"Authorization", basic},
		},
		Body: "grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback" +
			"&client_id=skc_1234567890&code_verifier=" + testVerifier,
	}
	if fmt.Sprint(request.Headers) != fmt.Sprint(want.Headers) || request.Body != want.Body || request.URL != want.URL {
		t.Fatalf("got %q %q %q", request.URL, request.Headers, request.Body)
	}
	refresh, err := client.RefreshTokenRequest("rt_1", "openid")
	if err != nil || refresh.Body != "grant_type=refresh_token&refresh_token=rt_1&scope=openid&client_id=skc_1234567890" {
		t.Fatalf("refresh: %q %v", refresh.Body, err)
	}
	if _, err := client.RefreshTokenRequest("", ""); codeOf(t, err) != CodeMissingRefreshToken {
		t.Fatalf("empty refresh token: %v", err)
	}
	keys, err := client.JWKSRequest()
	if err != nil || keys.Method != "GET" || keys.URL != "https://acme.scalekit.dev/keys" {
		t.Fatalf("JWKS request: %+v %v", keys, err)
	}
}

// No fmt verb shows a secret: not the body, the Basic credentials or any
// token.
func TestFormattingNeverShowsSecrets(t *testing.T) {
	client, _ := NewClient(seedEnv, seedClientID, WithClientSecret(testSecret, ClientSecretPost))
	post, _ := client.AuthorizationCodeRequest("the-code", seedRedirect, testVerifier)
	basicClient, _ := NewClient(seedEnv, seedClientID, WithClientSecret(testSecret, ClientSecretBasic))
	basic, _ := basicClient.RefreshTokenRequest("rt_secret", "")
	tokens, err := ParseTokenResponse(200, []byte(`{"access_token":"at_secret","token_type":"Bearer","refresh_token":"rt_secret","id_token":"idt_secret"}`))
	if err != nil {
		t.Fatal(err)
	}
	result := &LoginResult{Tokens: *tokens}
	for _, value := range []any{post, &post, basic, *tokens, tokens, result, *result, client} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			text := fmt.Sprintf(verb, value)
			for _, secret := range []string{"s3cr3t", "czNjcjN0", "the-code", testVerifier, "at_secret", "rt_secret", "idt_secret"} {
				if strings.Contains(text, secret) {
					t.Errorf("%s of %T shows %q: %s", verb, value, secret, text)
				}
			}
		}
	}
	if text := fmt.Sprint(post); !strings.Contains(text, "POST https://acme.scalekit.dev/oauth/token") || !strings.Contains(text, "bytes redacted") {
		t.Errorf("the redacted form still names the request: %s", text)
	}
}

func TestParseTokenResponse(t *testing.T) {
	tokens, err := ParseTokenResponse(200, []byte(`{"access_token":"at","token_type":"bearer","expires_in":0,"scope":"openid"}`))
	if err != nil || tokens.AccessToken != "at" || tokens.ExpiresIn == nil || *tokens.ExpiresIn != 0 || tokens.Scope != "openid" || tokens.RefreshToken != "" {
		t.Fatalf("got %v %v", tokens, err)
	}
	tokens, _ = ParseTokenResponse(200, []byte(`{"access_token":"at","token_type":"Bearer"}`))
	if tokens.ExpiresIn != nil {
		t.Fatalf("absent expires_in must be nil")
	}
	_, err = ParseTokenResponse(400, []byte(`{"error":"invalid_grant","error_description":"code used","error_uri":"https://e.example"}`))
	var refused *AuthorizationError
	if !errors.As(err, &refused) || refused.Code != CodeTokenError || refused.OAuthError != "invalid_grant" ||
		refused.ErrorDescription != "code used" || refused.ErrorURI != "https://e.example" {
		t.Fatalf("got %#v", err)
	}
	if !errors.Is(err, &Error{Code: CodeTokenError}) {
		t.Fatalf("a token error unwraps to *Error: %v", err)
	}
	_, err = ParseTokenResponse(502, []byte("<html>Bad gateway access_token=leak</html>"))
	if codeOf(t, err) != CodeInvalidTokenResponse || strings.Contains(err.Error(), "leak") {
		t.Fatalf("HTML: %v", err)
	}
	if _, err := ParseTokenResponse(70000, nil); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("status out of range: %v", err)
	}
	if _, err := ParseTokenResponse(200, []byte("{\"access_token\":\"\xff\"}")); codeOf(t, err) != CodeInvalidString {
		t.Fatalf("invalid UTF-8: %v", err)
	}
}

func TestVerifyIDToken(t *testing.T) {
	now := time.Now()
	token := signIDToken(idTokenClaims("https://acme.scalekit.dev", "skc_go", testNonce, now))
	claims, err := VerifyIDToken(token, testJWKS(), IDTokenExpectations{
		Issuer: "https://acme.scalekit.dev", ClientID: "skc_go", Nonce: testNonce,
	})
	if err != nil {
		t.Fatal(err)
	}
	if claims.Subject != "usr_42" || claims.Email != "zoë@example.com" || claims.Name != "Zoë" || claims.Nonce != testNonce {
		t.Fatalf("typed fields: %+v", claims)
	}
	if claims.Claims["big"] != json.Number("9007199254740991") || claims.Claims["neg"] != json.Number("-5") {
		t.Fatalf("integers must stay exact: %#v %#v", claims.Claims["big"], claims.Claims["neg"])
	}
	if !strings.HasPrefix(string(claims.Raw), `{"iss":"https://acme.scalekit.dev","sub":"usr_42"`) {
		t.Fatalf("raw claims in token order: %s", claims.Raw)
	}
	var own struct {
		Big int64 `json:"big"`
	}
	if err := json.Unmarshal(claims.Raw, &own); err != nil || own.Big != 9007199254740991 {
		t.Fatalf("Raw unmarshals into an application's struct: %v %v", own, err)
	}

	zero := time.Duration(0)
	_, err = VerifyIDToken(token, testJWKS(), IDTokenExpectations{
		Issuer: "https://acme.scalekit.dev", ClientID: "skc_go", Now: now.Add(300 * time.Second), Leeway: &zero,
	})
	if codeOf(t, err) != CodeIDTokenExpired {
		t.Fatalf("leeway 0 at exp: %v", err)
	}
	client, _ := NewClient("https://acme.scalekit.dev", "skc_go")
	if _, err := client.VerifyIDToken(token, testJWKS(), "another nonce", time.Time{}); codeOf(t, err) != CodeNonceMismatch {
		t.Fatalf("nonce: %v", err)
	}
	if _, err := client.VerifyIDToken(token, `{"keys":{}}`, "", time.Time{}); codeOf(t, err) != CodeInvalidJWKS {
		t.Fatalf("jwks: %v", err)
	}
}

func TestExchangeByHand(t *testing.T) {
	client, _ := NewClient("https://acme.scalekit.dev", "skc_go", WithClientSecret(testSecret, ""))
	exchange, err := client.ExchangeCode("abc", seedRedirect, testVerifier, testNonce)
	if err != nil {
		t.Fatal(err)
	}
	if request := exchange.Request(); request.Method != "POST" || !strings.Contains(request.Body, "client_secret=") {
		t.Fatalf("first request: %v", request)
	}
	now := time.Now()
	body := fmt.Sprintf(`{"access_token":"at","token_type":"Bearer","id_token":%q}`,
		signIDToken(idTokenClaims("https://acme.scalekit.dev", "skc_go", testNonce, now)))
	step, err := exchange.Receive(200, []byte(body), now)
	if err != nil || step.Request == nil || step.Request.URL != "https://acme.scalekit.dev/keys" {
		t.Fatalf("expected the JWKS request: %+v %v", step, err)
	}
	step, err = exchange.Receive(200, []byte(testJWKS()), now)
	if err != nil || step.Result == nil || step.Result.User.Subject != "usr_42" {
		t.Fatalf("expected the result: %+v %v", step, err)
	}
	if _, err := exchange.Receive(200, []byte(testJWKS()), now); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("a finished exchange: %v", err)
	}
	// The key set is cached in the client: the next exchange needs no fetch.
	again, _ := client.ExchangeCode("def", seedRedirect, testVerifier, testNonce)
	step, err = again.Receive(200, []byte(body), now)
	if err != nil || step.Result == nil {
		t.Fatalf("cached key set: %+v %v", step, err)
	}
	// No ID token although the login sent a nonce.
	third, _ := client.ExchangeCode("ghi", seedRedirect, testVerifier, testNonce)
	if _, err := third.Receive(200, []byte(`{"access_token":"at","token_type":"Bearer"}`), now); codeOf(t, err) != CodeInvalidTokenResponse {
		t.Fatalf("missing id_token: %v", err)
	}
}

func TestAuthenticateWithCodeAndRefresh(t *testing.T) {
	provider := newFakeProvider(t)
	client, err := NewClient(provider.URL, "skc_go", WithClientSecret(testSecret, ClientSecretBasic))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	result, err := client.AuthenticateWithCode(ctx, "the-code", seedRedirect, AuthenticateOptions{CodeVerifier: testVerifier, Nonce: testNonce})
	if err != nil {
		t.Fatal(err)
	}
	if result.User == nil || result.User.Subject != "usr_42" || result.User.Email != "zoë@example.com" || result.User.Nonce != testNonce {
		t.Fatalf("user: %+v", result.User)
	}
	if result.Tokens.AccessToken != "at_1" || result.Tokens.RefreshToken != "rt_next" || *result.Tokens.ExpiresIn != 3600 {
		t.Fatalf("tokens: %v", result.Tokens)
	}
	form := *provider.lastForm.Load()
	if form.Get("code") != "the-code" || form.Get("code_verifier") != testVerifier || form.Has("client_secret") {
		t.Fatalf("form: %v", form)
	}
	if user, pass, _ := (&http.Request{Header: http.Header{"Authorization": {*provider.lastAuthorization.Load()}}}).BasicAuth(); user != "skc_go" || pass != "s3cr3t%3Awith%2Fspecial%2Bchars%25" {
		t.Fatalf("basic auth: %q %q", user, pass)
	}

	refreshed, err := client.RefreshAccessToken(ctx, result.Tokens.RefreshToken)
	if err != nil || refreshed.Tokens.AccessToken != "at_2" || refreshed.User == nil || refreshed.User.Nonce != "" {
		t.Fatalf("refresh: %v %+v %v", refreshed.Tokens, refreshed.User, err)
	}
	if form := *provider.lastForm.Load(); form.Get("grant_type") != "refresh_token" || form.Get("refresh_token") != "rt_next" {
		t.Fatalf("refresh form: %v", form)
	}
	if got := provider.keyRequests.Load(); got != 1 {
		t.Fatalf("the key set is fetched once per client, got %d fetches", got)
	}
	if _, err := client.RefreshAccessToken(ctx, "rt", RefreshOptions{}, RefreshOptions{}); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("two option structs: %v", err)
	}
}

func TestTokenEndpointRefusalAndGarbage(t *testing.T) {
	provider := newFakeProvider(t)
	client, _ := NewClient(provider.URL, "skc_go", WithClientSecret(testSecret, ""))
	provider.answer = func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_grant","error_description":"code already used"}`)
	}
	_, err := client.AuthenticateWithCode(context.Background(), "used", seedRedirect, AuthenticateOptions{CodeVerifier: testVerifier})
	var refused *AuthorizationError
	if !errors.As(err, &refused) || refused.Code != CodeTokenError || refused.OAuthError != "invalid_grant" || refused.ErrorDescription != "code already used" {
		t.Fatalf("got %#v", err)
	}
	provider.answer = func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html>maintenance</html>")
	}
	_, err = client.RefreshAccessToken(context.Background(), "rt")
	if codeOf(t, err) != CodeInvalidTokenResponse {
		t.Fatalf("HTML answer: %v", err)
	}
	// A redirect is not followed by the default client (it would resend the
	// secret): the core refuses the 3xx answer.
	provider.answer = func(w http.ResponseWriter) {
		w.Header().Set("Location", "https://elsewhere.example/oauth/token")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}
	if _, err = client.RefreshAccessToken(context.Background(), "rt"); codeOf(t, err) != CodeInvalidTokenResponse {
		t.Fatalf("redirect: %v", err)
	}
}

func TestNetworkErrors(t *testing.T) {
	// A port nothing listens on: connection refused.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()
	client, _ := NewClient("http://"+address, "skc_go", WithClientSecret(testSecret, ""))
	_, err = client.AuthenticateWithCode(context.Background(), "code", seedRedirect, AuthenticateOptions{CodeVerifier: testVerifier})
	if codeOf(t, err) != CodeNetworkError || !strings.Contains(err.Error(), "POST http://"+address+"/oauth/token") {
		t.Fatalf("refused: %v", err)
	}
	if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), testVerifier) {
		t.Fatalf("the message shows a secret: %v", err)
	}

	// A server that never answers: the context's deadline ends the call.
	stall := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-stall }))
	defer slow.Close()
	defer close(stall)
	client, _ = NewClient(slow.URL, "skc_go", WithClientSecret(testSecret, ""))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	started := time.Now()
	_, err = client.RefreshAccessToken(ctx, "rt")
	if codeOf(t, err) != CodeNetworkError || !errors.Is(err, context.DeadlineExceeded) || time.Since(started) > 5*time.Second {
		t.Fatalf("deadline: %v after %v", err, time.Since(started))
	}

	// The HTTP client's own timeout, per call.
	_, err = client.RefreshAccessToken(context.Background(), "rt", RefreshOptions{HTTPClient: &http.Client{Timeout: 100 * time.Millisecond}})
	if codeOf(t, err) != CodeNetworkError || !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("client timeout: %v", err)
	}
	if defaultHTTPClient.Timeout != 10*time.Second {
		t.Fatalf("the default timeout is 10 s")
	}
}

type recordingTransport struct {
	requests atomic.Int32
	base     http.RoundTripper
}

func (r *recordingTransport) RoundTrip(request *http.Request) (*http.Response, error) {
	r.requests.Add(1)
	return r.base.RoundTrip(request)
}

func TestInjectedHTTPClients(t *testing.T) {
	provider := newFakeProvider(t)
	clientWide := &recordingTransport{base: http.DefaultTransport}
	perCall := &recordingTransport{base: http.DefaultTransport}
	client, _ := NewClient(provider.URL, "skc_go", WithClientSecret(testSecret, ""), WithHTTPClient(&http.Client{Transport: clientWide}))
	if _, err := client.AuthenticateWithCode(context.Background(), "c1", seedRedirect, AuthenticateOptions{CodeVerifier: testVerifier, Nonce: testNonce}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.AuthenticateWithCode(context.Background(), "c2", seedRedirect, AuthenticateOptions{
		CodeVerifier: testVerifier, Nonce: testNonce, HTTPClient: &http.Client{Transport: perCall},
	}); err != nil {
		t.Fatal(err)
	}
	if clientWide.requests.Load() != 2 || perCall.requests.Load() != 1 {
		t.Fatalf("client-wide %d requests (want token + keys), per call %d (want token)", clientWide.requests.Load(), perCall.requests.Load())
	}
}

// Logins on one client from many goroutines share its key-set cache;
// run under -race by scripts/test.sh.
func TestConcurrentLogins(t *testing.T) {
	provider := newFakeProvider(t)
	client, _ := NewClient(provider.URL, "skc_go", WithClientSecret(testSecret, ""))
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			result, err := client.AuthenticateWithCode(context.Background(), "code", seedRedirect, AuthenticateOptions{CodeVerifier: testVerifier, Nonce: testNonce})
			if err == nil && result.User.Subject != "usr_42" {
				err = fmt.Errorf("subject %q", result.User.Subject)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
