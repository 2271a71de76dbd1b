package loginkit

// The sealed login transaction (StartLoginTransaction, FinishLogin, the
// keys) and the web login (WebLogin's routes as data and as net/http
// handlers), against the fake provider of token_test.go. The same against
// the real OpenID Provider is in op_test.go.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const testKeyText = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

func mustKeys(t testing.TB, keys ...string) *TransactionKeys {
	t.Helper()
	k, err := NewTransactionKeys(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestTransactionKeys(t *testing.T) {
	generated, err := GenerateTransactionKey()
	if err != nil || len(generated) != 43 {
		t.Fatalf("generated key %q: %v", generated, err)
	}
	if again, _ := GenerateTransactionKey(); again == generated {
		t.Fatal("two generated keys are equal")
	}
	keys := mustKeys(t, generated+"\n", testKeyText) // a trailing newline from a file is fine
	old := mustKeys(t, testKeyText)
	transaction := LoginTransaction{
		State: "s-1", Nonce: "n-1", CodeVerifier: testVerifier, RedirectURI: seedRedirect,
		ReturnTo: "/dashboard?tab=billing", IssuedAt: time.Unix(1767225600, 0),
	}
	sealed, err := keys.Seal(transaction)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := keys.Seal(transaction); again == sealed {
		t.Fatal("two seals of one transaction are equal")
	}
	opened, err := keys.Open(sealed)
	if err != nil || *opened != transaction {
		t.Fatalf("opened %v, %v", opened, err)
	}
	if _, err := old.Open(sealed); codeOf(t, err) != CodeTransactionUnknownKey {
		t.Fatalf("sealed under a key the list lacks: %v", err)
	}
	// Rotation: a value sealed under the old key still opens with the new list.
	transaction.ReturnTo = ""
	byOld, _ := old.Seal(transaction)
	if opened, err := keys.Open(byOld); err != nil || opened.ReturnTo != "" || opened.State != "s-1" {
		t.Fatalf("rotated: %v, %v", opened, err)
	}
	tampered := []byte(sealed)
	tampered[30] = map[bool]byte{true: 'A', false: 'B'}[tampered[30] != 'A'] // inside the ciphertext
	if _, err := keys.Open(string(tampered)); codeOf(t, err) != CodeTransactionTampered {
		t.Fatalf("tampered: %v", err)
	}
	if _, err := keys.Open("AQID"); codeOf(t, err) != CodeTransactionTruncated {
		t.Fatalf("cut short: %v", err)
	}
	for _, bad := range [][]string{nil, {""}, {"AAECAwQFBgcICQoLDA0ODw"}, {testKeyText, "not base64!"}} {
		_, err := NewTransactionKeys(bad...)
		if codeOf(t, err) != CodeInvalidTransactionKey {
			t.Fatalf("keys %q: %v", bad, err)
		}
		for _, key := range bad {
			if key != "" && strings.Contains(err.Error(), key) {
				t.Fatalf("the error quotes the key: %v", err)
			}
		}
	}
}

func TestCookiesAndReturnTo(t *testing.T) {
	name, err := TransactionCookieName(seedState)
	if err != nil || !strings.HasPrefix(name, "loginkit_tx_") || len(name) != 28 {
		t.Fatalf("cookie name %q: %v", name, err)
	}
	set, err := CookieOptions{}.SetCookie(name, "v")
	if err != nil || set != name+"=v; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax" {
		t.Fatalf("set: %q %v", set, err)
	}
	clear, err := CookieOptions{Path: "/auth", Insecure: true, TTL: time.Minute}.ClearCookie(name)
	if err != nil || clear != name+"=; Path=/auth; Max-Age=0; HttpOnly; SameSite=Lax" {
		t.Fatalf("clear: %q %v", clear, err)
	}
	if _, err := (CookieOptions{TTL: 1500 * time.Millisecond}).SetCookie(name, "v"); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("a TTL in fractions of a second: %v", err)
	}
	if err := ValidateReturnTo("/dashboard?tab=1"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"//evil.com", "/\\evil.com", "https://evil.com/", "dashboard", "/a\nb"} {
		if err := ValidateReturnTo(bad); codeOf(t, err) != CodeInvalidReturnTo {
			t.Fatalf("%q: %v", bad, err)
		}
	}
}

// The issue-12 flow by hand: start with a sealed cookie, finish in the
// callback handler, exchange the code.
func TestStartAndFinishLoginTransaction(t *testing.T) {
	provider := newFakeProvider(t)
	client, _ := NewClient(provider.URL, "skc_go", WithClientSecret(testSecret, ""))
	keys := mustKeys(t, testKeyText)
	start, err := client.StartLoginTransaction(seedRedirect, AuthorizationURLOptions{Scopes: []string{"openid", "email"}},
		"/after", keys, TransactionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(start.URL, provider.URL+"/oauth/authorize?") || !strings.HasPrefix(start.SetCookie, start.CookieName+"="+start.CookieValue+";") {
		t.Fatalf("start: %v %s", start, start.SetCookie)
	}
	authorization, _ := url.Parse(start.URL)
	state, nonce := authorization.Query().Get("state"), authorization.Query().Get("nonce")
	provider.codeNonce.Store(&nonce)

	callback := "/auth/callback?code=the-code&state=" + url.QueryEscape(state)
	cookieHeader := "theme=dark; " + start.CookieName + "=" + start.CookieValue
	finished, err := client.FinishLogin(callback, cookieHeader, keys, TransactionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if finished.Code != "the-code" || finished.Transaction.ReturnTo != "/after" || finished.Transaction.RedirectURI != seedRedirect ||
		finished.Transaction.Nonce != nonce || !strings.Contains(finished.ClearCookie, "Max-Age=0") {
		t.Fatalf("finished: %v", finished)
	}
	result, err := client.AuthenticateWithCode(context.Background(), finished.Code, finished.Transaction.RedirectURI, finished.AuthenticateOptions())
	if err != nil || result.User.Email != "zoë@example.com" {
		t.Fatalf("exchange: %v %v", result, err)
	}
	if form := *provider.lastForm.Load(); form.Get("code_verifier") != finished.Transaction.CodeVerifier {
		t.Fatalf("the verifier sent: %v", form)
	}

	for _, tc := range []struct {
		callback, cookies string
		opts              TransactionOptions
		code              Code
	}{
		{callback, "theme=dark", TransactionOptions{}, CodeTransactionMissing},
		{"/auth/callback?code=c&state=x" + state, cookieHeader, TransactionOptions{}, CodeTransactionMissing},
		{callback, cookieHeader, TransactionOptions{Now: time.Now().Add(DefaultTransactionTTL)}, CodeTransactionExpired},
		{callback, cookieHeader, TransactionOptions{Now: time.Now().Add(time.Minute), Cookie: CookieOptions{TTL: time.Minute}}, CodeTransactionExpired},
		{callback, start.CookieName + "=" + start.CookieValue[:40], TransactionOptions{}, CodeTransactionTruncated},
	} {
		if _, err := client.FinishLogin(tc.callback, tc.cookies, keys, tc.opts); codeOf(t, err) != tc.code {
			t.Errorf("%s with %q: expected %s, got %v", tc.callback, tc.cookies, tc.code, err)
		}
	}
	if _, err := client.FinishLogin(callback, cookieHeader, mustKeys(t, "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8"), TransactionOptions{}); codeOf(t, err) != CodeTransactionUnknownKey {
		t.Fatalf("other keys: %v", err)
	}
	if _, err := client.StartLoginTransaction(seedRedirect, AuthorizationURLOptions{}, "//evil.com", keys, TransactionOptions{}); codeOf(t, err) != CodeInvalidReturnTo {
		t.Fatalf("return-to: %v", err)
	}
	if _, err := client.FinishLogin(callback, cookieHeader, nil, TransactionOptions{}); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("nil keys: %v", err)
	}
}

func TestTransactionFormattingNeverShowsSecrets(t *testing.T) {
	keys := mustKeys(t, testKeyText)
	client := mustClient(t)
	start, err := client.StartLoginTransaction(seedRedirect, AuthorizationURLOptions{}, "", keys, TransactionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opened, _ := keys.Open(start.CookieValue)
	finished := FinishedLogin{Code: "the-code", Transaction: *opened, ClearCookie: "c=; Max-Age=0"}
	response := HTTPResponse{Status: 302, Headers: [][2]string{{"Location", "/"}, {"Set-Cookie", "loginkit_session=" + start.CookieValue}}}
	user := SessionUser{IDTokenClaims: IDTokenClaims{Subject: "usr_1", Email: "a@example.com"}, IDToken: "idt_secret"}
	// The nonce is in the authorization URL by design; the sealed value,
	// the verifier, the code and the ID token are shown nowhere.
	everywhere := []string{testKeyText, start.CookieValue, opened.CodeVerifier, "the-code", "idt_secret"}
	for _, tc := range []struct {
		values  []any
		secrets []string
	}{
		{[]any{keys, *start, start, response, &response, user, &user}, everywhere},
		{[]any{*opened, opened, finished, &finished}, append(everywhere, opened.Nonce)},
	} {
		for _, value := range tc.values {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				text := fmt.Sprintf(verb, value)
				for _, secret := range tc.secrets {
					if strings.Contains(text, secret) {
						t.Errorf("%s of %T shows a secret: %s", verb, value, text)
					}
				}
			}
		}
	}
}

// testApp is an application on loopback with the WebLogin's routes and a
// home page that shows the user, like examples/go-nethttp.
type testApp struct {
	*httptest.Server
	web *WebLogin
}

func newTestApp(t *testing.T, provider *fakeProvider, opts WebLoginOptions) *testApp {
	t.Helper()
	server := httptest.NewUnstartedServer(nil)
	base := "http://" + server.Listener.Addr().String()
	client, err := NewClient(provider.URL, "skc_go", WithClientSecret(testSecret, ""))
	if err != nil {
		t.Fatal(err)
	}
	if opts.PostLogoutRedirectURI == "" {
		opts.PostLogoutRedirectURI = base + "/"
	}
	opts.Cookie.Insecure = true // plain http on loopback
	web, err := NewWebLogin(client, mustKeys(t, testKeyText), base+CallbackPath, opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", web.Handler())
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if user, ok := web.User(r); ok {
			fmt.Fprintf(w, `<b id="user-email">%s</b>`, user.Email)
			return
		}
		io.WriteString(w, "not signed in")
	})
	server.Config.Handler = mux
	server.Start()
	t.Cleanup(server.Close)
	return &testApp{Server: server, web: web}
}

// browser keeps cookies and follows no redirect, so each step is seen.
type browser struct {
	t      *testing.T
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(target string) (*http.Response, string) {
	b.t.Helper()
	response, err := b.client.Get(target)
	if err != nil {
		b.t.Fatal(err)
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	return response, string(body)
}

// startLogin follows the app's login route and returns the callback URL
// the provider would send the browser to (with code "the-code").
func (b *browser) startLogin(app *testApp, provider *fakeProvider, route string) string {
	b.t.Helper()
	response, body := b.get(app.URL + route)
	if response.StatusCode != http.StatusFound {
		b.t.Fatalf("%s: %d %s", route, response.StatusCode, body)
	}
	location, _ := url.Parse(response.Header.Get("Location"))
	nonce := location.Query().Get("nonce")
	provider.codeNonce.Store(&nonce)
	return app.URL + CallbackPath + "?code=the-code&state=" + url.QueryEscape(location.Query().Get("state"))
}

func (b *browser) email(app *testApp) string {
	b.t.Helper()
	_, body := b.get(app.URL + "/")
	if !strings.HasPrefix(body, `<b id="user-email">`) {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(body, `<b id="user-email">`), "</b>")
}

func TestWebLoginNetHTTP(t *testing.T) {
	provider := newFakeProvider(t)
	app := newTestApp(t, provider, WebLoginOptions{})
	b := newBrowser(t)
	if b.email(app) != "" {
		t.Fatal("signed in before logging in")
	}

	response, body := b.get(app.URL + "/login?return_to=%2Fafter")
	location, _ := url.Parse(response.Header.Get("Location"))
	setCookie := response.Header.Get("Set-Cookie")
	if response.StatusCode != http.StatusFound || location.Path != "/oauth/authorize" || location.Query().Get("redirect_uri") != app.URL+CallbackPath ||
		location.Query().Get("scope") != "openid profile email offline_access" || !strings.HasPrefix(setCookie, "loginkit_tx_") ||
		strings.Contains(setCookie, "Secure") || response.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("login: %d %v %q %s", response.StatusCode, location, setCookie, body)
	}
	nonce := location.Query().Get("nonce")
	provider.codeNonce.Store(&nonce)
	callback := app.URL + CallbackPath + "?code=the-code&state=" + url.QueryEscape(location.Query().Get("state"))
	response, body = b.get(callback)
	if response.StatusCode != http.StatusFound || response.Header.Get("Location") != "/after" || len(response.Header.Values("Set-Cookie")) != 2 {
		t.Fatalf("callback: %d %v %s", response.StatusCode, response.Header, body)
	}
	if form := *provider.lastForm.Load(); form.Get("code") != "the-code" || form.Get("redirect_uri") != app.URL+CallbackPath || form.Get("code_verifier") == "" {
		t.Fatalf("token request: %v", form)
	}
	if email := b.email(app); email != "zoë@example.com" {
		t.Fatalf("home shows %q", email)
	}

	// The same callback again: its transaction cookie is gone.
	response, body = b.get(callback)
	if response.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p id="login-error">transaction_missing</p>`) {
		t.Fatalf("replayed callback: %d %s", response.StatusCode, body)
	}

	// Logout: the session cookie goes, the provider ends its session too.
	response, _ = b.get(app.URL + "/logout")
	location, _ = url.Parse(response.Header.Get("Location"))
	if response.StatusCode != http.StatusFound || location.Path != "/oidc/logout" || location.Query().Get("id_token_hint") == "" ||
		location.Query().Get("post_logout_redirect_uri") != app.URL+"/" || !strings.HasPrefix(response.Header.Get("Set-Cookie"), "loginkit_session=;") {
		t.Fatalf("logout: %d %v %v", response.StatusCode, location, response.Header)
	}
	if b.email(app) != "" {
		t.Fatal("still signed in after logging out")
	}

	response, _ = b.get(app.URL + "/signup")
	if location, _ := url.Parse(response.Header.Get("Location")); location.Query().Get("prompt") != "create" {
		t.Fatalf("sign-up: %v", location)
	}
	response, body = b.get(app.URL + "/login?return_to=%2F%2Fevil.com")
	if response.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p id="login-error">invalid_return_to</p>`) {
		t.Fatalf("bad return-to: %d %s", response.StatusCode, body)
	}
	if response, _ := b.get(app.URL + "/elsewhere"); response.StatusCode != http.StatusNotFound {
		t.Fatalf("another path: %d", response.StatusCode)
	}
}

func TestWebLoginTwoTabsAndTamperedCallback(t *testing.T) {
	provider := newFakeProvider(t)
	app := newTestApp(t, provider, WebLoginOptions{})
	b := newBrowser(t)
	first := b.startLogin(app, provider, "/login")
	firstNonce := *provider.codeNonce.Load()
	second := b.startLogin(app, provider, "/login")
	appURL, _ := url.Parse(app.URL)
	transactions := 0
	for _, cookie := range b.client.Jar.Cookies(appURL) {
		if strings.HasPrefix(cookie.Name, "loginkit_tx_") {
			transactions++
		}
	}
	if transactions != 2 {
		t.Fatalf("expected two transaction cookies, found %d", transactions)
	}
	if response, body := b.get(second); response.StatusCode != http.StatusFound {
		t.Fatalf("second tab: %d %s", response.StatusCode, body)
	}
	provider.codeNonce.Store(&firstNonce)
	if response, body := b.get(first); response.StatusCode != http.StatusFound {
		t.Fatalf("first tab: %d %s", response.StatusCode, body)
	}

	other := newBrowser(t)
	callback := other.startLogin(app, provider, "/login")
	tampered := strings.Replace(callback, "state=", "state=x", 1)
	response, body := other.get(tampered)
	if response.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p id="login-error">transaction_missing</p>`) {
		t.Fatalf("tampered: %d %s", response.StatusCode, body)
	}
	if other.email(app) != "" {
		t.Fatal("a tampered callback created a session")
	}
}

func TestWebLoginFailuresSetNoSession(t *testing.T) {
	provider := newFakeProvider(t)
	var handled error
	app := newTestApp(t, provider, WebLoginOptions{
		OnLogin: func(r *http.Request, result *LoginResult) error {
			if result.Tokens.RefreshToken != "rt_next" || result.User.Subject != "usr_42" {
				t.Errorf("OnLogin got %v %v", result.Tokens, result.User)
			}
			return &Error{Code: CodeInvalidArgument, Message: "refused by the application"}
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			handled = err
			ErrorPage(w, r, err)
		},
	})
	b := newBrowser(t)
	response, body := b.get(b.startLogin(app, provider, "/login"))
	if response.StatusCode != http.StatusBadRequest || !strings.Contains(body, "invalid_argument") || handled == nil || b.email(app) != "" {
		t.Fatalf("OnLogin refusal: %d %s %v", response.StatusCode, body, handled)
	}

	// The provider refuses the code: the server's error, no session.
	plain := newTestApp(t, provider, WebLoginOptions{})
	provider.answer = func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"invalid_grant"}`)
	}
	response, body = b.get(b.startLogin(plain, provider, "/login"))
	if response.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p id="login-error">token_error</p>`) || b.email(plain) != "" {
		t.Fatalf("refused code: %d %s", response.StatusCode, body)
	}
	// The provider is gone.
	callback := b.startLogin(plain, provider, "/login")
	provider.Close()
	response, body = b.get(callback)
	if response.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p id="login-error">network_error</p>`) {
		t.Fatalf("provider down: %d %s", response.StatusCode, body)
	}
}

// The routes as data, for another framework: Callback, the exchange by
// hand, Complete; UserFromCookie; Finish.
func TestWebLoginAsData(t *testing.T) {
	provider := newFakeProvider(t)
	client, _ := NewClient(provider.URL, "skc_go", WithClientSecret(testSecret, ""))
	keys := mustKeys(t, testKeyText)
	web, err := NewWebLogin(client, keys, "https://app.example/auth/callback", WebLoginOptions{
		Scopes: []string{"openid", "email"}, SessionTTL: time.Hour, Cookie: CookieOptions{Path: "/", TTL: 5 * time.Minute},
	})
	if err != nil {
		t.Fatal(err)
	}
	login, err := web.Login(false, "", time.Time{})
	if err != nil || login.Status != http.StatusFound || login.Headers[0][0] != "Location" {
		t.Fatalf("login: %v %v", login, err)
	}
	location, _ := url.Parse(login.Headers[0][1])
	if location.Query().Get("scope") != "openid email" {
		t.Fatalf("scopes: %v", location)
	}
	nonce := location.Query().Get("nonce")
	provider.codeNonce.Store(&nonce)
	var txCookie string
	for _, h := range login.Headers {
		if h[0] == "Set-Cookie" {
			txCookie = h[1][:strings.Index(h[1], ";")]
			if !strings.Contains(h[1], "Max-Age=300; HttpOnly; Secure") {
				t.Fatalf("transaction cookie: %s", h[1])
			}
		}
	}
	target := "/auth/callback?code=the-code&state=" + url.QueryEscape(location.Query().Get("state"))
	pending, err := web.Callback(target, txCookie, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := web.Complete(pending, time.Time{}); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("complete before the exchange: %v", err)
	}
	if pending.Transaction.ReturnTo != "" || pending.Request().URL != provider.URL+"/oauth/token" {
		t.Fatalf("pending: %v %v", pending.Transaction, pending.Request())
	}
	result, err := drive(context.Background(), http.DefaultClient, pending)
	if err != nil || pending.Result != result {
		t.Fatalf("exchange: %v", err)
	}
	done, err := web.Complete(pending, time.Time{})
	if err != nil || done.Status != http.StatusFound || done.Headers[0] != [2]string{"Location", "/"} {
		t.Fatalf("complete: %v %v", done, err)
	}
	var session string
	for _, h := range done.Headers {
		if strings.HasPrefix(h[1], "loginkit_session=") {
			session = h[1][:strings.Index(h[1], ";")]
			if !strings.Contains(h[1], "Max-Age=3600") {
				t.Fatalf("session cookie: %s", h[1])
			}
		}
	}
	user, ok := web.UserFromCookie("a=b; "+session, time.Time{})
	if !ok || user.Email != "zoë@example.com" || user.Subject != "usr_42" || user.IDToken == "" || user.Claims["big"] == nil ||
		user.ExpiresAt.Sub(time.Now()) > time.Hour || user.ExpiresAt.Sub(time.Now()) < 59*time.Minute {
		t.Fatalf("user: %v %v", user, ok)
	}
	if _, ok := web.UserFromCookie(session, time.Now().Add(time.Hour)); ok {
		t.Fatal("a session after its end")
	}
	if _, ok := web.UserFromCookie("loginkit_session=AQID", time.Time{}); ok {
		t.Fatal("a broken session")
	}
	logout, err := web.Logout(session, time.Time{})
	if err != nil || !strings.Contains(logout.Headers[0][1], "id_token_hint="+url.QueryEscape(user.IDToken)) {
		t.Fatalf("logout: %v %v", logout, err)
	}

	// Finish: the three steps in one call.
	login, _ = web.Login(true, "/next", time.Time{})
	location, _ = url.Parse(login.Headers[0][1])
	nonce = location.Query().Get("nonce")
	provider.codeNonce.Store(&nonce)
	txCookie = login.Headers[2][1][:strings.Index(login.Headers[2][1], ";")]
	finished, result, err := web.Finish(context.Background(), "/auth/callback?code=c2&state="+url.QueryEscape(location.Query().Get("state")), txCookie)
	if err != nil || finished.Headers[0] != [2]string{"Location", "/next"} || result.User.Subject != "usr_42" {
		t.Fatalf("finish: %v %v %v", finished, result, err)
	}
	if _, err := NewWebLogin(client, keys, "https://app.example/cb?x=1", WebLoginOptions{}); err == nil {
		t.Fatal("a redirect URI with a query")
	}
	if _, err := NewWebLogin(nil, keys, "https://app.example/cb", WebLoginOptions{}); codeOf(t, err) != CodeInvalidArgument {
		t.Fatalf("nil client: %v", err)
	}

	// LoginFromRequest: the core reads return_to from the request target.
	fromRequest, err := web.LoginFromRequest("/signup?other=%&return_to=%2Finbox%3Ftab%3D2+3", true, time.Time{})
	if err != nil || !strings.Contains(fromRequest.Headers[0][1], "prompt=create") {
		t.Fatalf("login from request: %v %v", fromRequest, err)
	}
	sealed := fromRequest.Headers[2][1][strings.Index(fromRequest.Headers[2][1], "=")+1 : strings.Index(fromRequest.Headers[2][1], ";")]
	if opened, err := keys.Open(sealed); err != nil || opened.ReturnTo != "/inbox?tab=2 3" {
		t.Fatalf("return_to sealed: %+v %v", opened, err)
	}
	for target, code := range map[string]Code{
		"/login?return_to=//evil.com":      CodeInvalidReturnTo,
		"/login?return_to=%FF":             CodeInvalidReturnTo,
		"/login?return_to=/a&return_to=/b": CodeDuplicateParameter,
	} {
		if _, err := web.LoginFromRequest(target, false, time.Time{}); codeOf(t, err) != code {
			t.Errorf("%s: got %v, want %s", target, err, code)
		}
	}
}
