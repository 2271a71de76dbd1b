package loginkit

// A complete login against a real OpenID Provider (testing/op: the npm
// package oidc-provider on loopback, with Scalekit's paths): start the
// login, let testing/op/drive-login.mjs go through the provider's pages,
// parse the callback, AuthenticateWithCode over net/http, read the user,
// then RefreshAccessToken. Once per test client: client_secret_post,
// client_secret_basic and a public client (PKCE only).
//
// The test needs LOGINKIT_OP_ISSUER (the provider's issuer, e.g.
// http://127.0.0.1:9400); without it the test fails, unless
// LOGINKIT_SKIP_OP=1 says explicitly to skip it:
//
//	source testing/op/start.sh && op_start 9400 && export LOGINKIT_OP_ISSUER="$OP_ISSUER"
//	(cd bindings-go && go test -run TestLoginAgainstOpenIDProvider -v)
//
// LOGINKIT_OP_REDIRECT_URI overrides the callback URL, which must be one of
// the provider's OP_REDIRECT_URIS (default http://127.0.0.1:9401/auth/callback).

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const opSecret = "s3cr3t:with/special+chars%"

// opSetup is the provider's issuer, the callback URL registered there and
// the path of drive-login.mjs; it fails the test without a provider
// unless LOGINKIT_SKIP_OP=1.
func opSetup(t *testing.T) (issuer, redirectURI, driver string) {
	t.Helper()
	issuer = os.Getenv("LOGINKIT_OP_ISSUER")
	if issuer == "" {
		if os.Getenv("LOGINKIT_SKIP_OP") == "1" {
			t.Skip("LOGINKIT_SKIP_OP=1: the login against the OpenID Provider is skipped")
		}
		t.Fatal("LOGINKIT_OP_ISSUER is not set, so the login against a real OpenID Provider cannot run. Start it with " +
			"`source testing/op/start.sh && op_start 9400 && export LOGINKIT_OP_ISSUER=\"$OP_ISSUER\"`, " +
			"or set LOGINKIT_SKIP_OP=1 to skip this test on purpose")
	}
	redirectURI = os.Getenv("LOGINKIT_OP_REDIRECT_URI")
	if redirectURI == "" {
		redirectURI = "http://127.0.0.1:9401/auth/callback"
	}
	driver, err := filepath.Abs(filepath.Join("..", "testing", "op", "drive-login.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	return issuer, redirectURI, driver
}

// driveLogin runs drive-login.mjs on url as user login and returns the URL
// the provider sends the browser back to. jar ("" for none) keeps the
// provider's cookies between runs (one browser).
func driveLogin(ctx context.Context, t *testing.T, driver, url, login, jar string) string {
	t.Helper()
	command := exec.CommandContext(ctx, "node", driver, url)
	command.Env = append(os.Environ(), "OP_LOGIN="+login, "OP_COOKIE_JAR="+jar)
	var stderr strings.Builder
	command.Stderr = &stderr
	out, err := command.Output()
	if err != nil {
		t.Fatalf("drive-login.mjs: %v\n%s", err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

func TestLoginAgainstOpenIDProvider(t *testing.T) {
	issuer, redirectURI, driver := opSetup(t)
	for _, tc := range []struct {
		clientID string
		options  []ClientOption
		login    string
	}{
		{"skc_test_confidential", []ClientOption{WithClientSecret(opSecret, ClientSecretPost)}, "go-post"},
		{"skc_test_basic", []ClientOption{WithClientSecret(opSecret, ClientSecretBasic)}, "go-basic"},
		{"skc_test_public", []ClientOption{WithTokenEndpointAuthMethod(AuthMethodNone)}, "go-public"},
	} {
		t.Run(tc.clientID, func(t *testing.T) {
			client, err := NewClient(issuer, tc.clientID, tc.options...)
			if err != nil {
				t.Fatal(err)
			}
			login, err := client.StartLogin(redirectURI, AuthorizationURLOptions{
				Scopes: []string{"openid", "profile", "email", "offline_access"},
			})
			if err != nil {
				t.Fatal(err)
			}

			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			out := driveLogin(ctx, t, driver, login.URL, tc.login, "")
			callback, err := client.ParseCallback(out, login.State)
			if err != nil {
				t.Fatalf("callback %q: %v", out, err)
			}

			result, err := client.AuthenticateWithCode(ctx, callback.Code, redirectURI, AuthenticateOptions{
				CodeVerifier: login.CodeVerifier, Nonce: login.Nonce,
			})
			if err != nil {
				t.Fatal(err)
			}
			user := result.User
			if user == nil || user.Subject != tc.login || user.Email != tc.login+"@example.com" || user.Nonce != login.Nonce {
				t.Fatalf("user: %+v", user)
			}
			if user.Claims["iss"] != issuer || user.Claims["email_verified"] != true {
				t.Fatalf("claims: %v", user.Claims)
			}
			if result.Tokens.AccessToken == "" || result.Tokens.RefreshToken == "" || result.Tokens.IDToken == "" {
				t.Fatalf("tokens: %v", result.Tokens)
			}

			refreshed, err := client.RefreshAccessToken(ctx, result.Tokens.RefreshToken)
			if err != nil {
				t.Fatal(err)
			}
			if refreshed.Tokens.AccessToken == "" || refreshed.Tokens.AccessToken == result.Tokens.AccessToken {
				t.Fatalf("refresh gave no new access token: %v", refreshed.Tokens)
			}
			if refreshed.User != nil && refreshed.User.Subject != tc.login {
				t.Fatalf("refreshed ID token is for %q", refreshed.User.Subject)
			}
			fmt.Printf("op login %s: sub=%s email=%s, refreshed\n", tc.clientID, user.Subject, user.Email)
		})
	}
}

// The sealed login transaction and the web login against the provider:
// StartLoginTransaction / FinishLogin / AuthenticateWithCode by hand, then
// WebLogin's net/http routes (login, the provider's pages, callback, the
// session's user, logout at the provider).
func TestWebLoginAgainstOpenIDProvider(t *testing.T) {
	issuer, redirectURI, driver := opSetup(t)
	base := strings.TrimSuffix(redirectURI, CallbackPath)
	client, err := NewClient(issuer, "skc_test_confidential", WithClientSecret(opSecret, ClientSecretPost))
	if err != nil {
		t.Fatal(err)
	}
	key, _ := GenerateTransactionKey()
	keys := mustKeys(t, key)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()

	t.Run("transaction", func(t *testing.T) {
		start, err := client.StartLoginTransaction(redirectURI, AuthorizationURLOptions{
			Scopes: []string{"openid", "profile", "email", "offline_access"},
		}, "/dashboard", keys, TransactionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		callback := driveLogin(ctx, t, driver, start.URL, "go-tx", "")
		finished, err := client.FinishLogin(callback, start.CookieName+"="+start.CookieValue, keys, TransactionOptions{})
		if err != nil {
			t.Fatalf("finish %q: %v", callback, err)
		}
		result, err := client.AuthenticateWithCode(ctx, finished.Code, finished.Transaction.RedirectURI, finished.AuthenticateOptions())
		if err != nil {
			t.Fatal(err)
		}
		if result.User.Email != "go-tx@example.com" || result.User.Nonce != finished.Transaction.Nonce || finished.Transaction.ReturnTo != "/dashboard" {
			t.Fatalf("user %+v, transaction %v", result.User, finished.Transaction)
		}
	})

	t.Run("web", func(t *testing.T) {
		web, err := NewWebLogin(client, keys, redirectURI, WebLoginOptions{
			PostLogoutRedirectURI: base + "/", Cookie: CookieOptions{Insecure: true},
		})
		if err != nil {
			t.Fatal(err)
		}
		routes := web.Handler()
		serve := func(target string, cookies []*http.Cookie) *http.Response {
			request := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
			for _, cookie := range cookies {
				request.AddCookie(cookie)
			}
			recorder := httptest.NewRecorder()
			routes.ServeHTTP(recorder, request)
			return recorder.Result()
		}
		login := serve(base+"/signup", nil)
		if login.StatusCode != http.StatusFound {
			t.Fatalf("sign-up: %d", login.StatusCode)
		}
		jar := filepath.Join(t.TempDir(), "provider-cookies.json")
		callback := driveLogin(ctx, t, driver, login.Header.Get("Location"), "go-web", jar)
		if !strings.HasPrefix(callback, redirectURI+"?") {
			t.Fatalf("the provider came back to %q", callback)
		}
		done := serve(callback, login.Cookies())
		if done.StatusCode != http.StatusFound || done.Header.Get("Location") != "/" {
			body, _ := io.ReadAll(done.Body)
			t.Fatalf("callback: %d %s", done.StatusCode, body)
		}
		var session []*http.Cookie
		for _, cookie := range done.Cookies() {
			if cookie.Name == "loginkit_session" {
				session = append(session, cookie)
			}
		}
		request := httptest.NewRequest(http.MethodGet, base+"/", nil)
		for _, cookie := range session {
			request.AddCookie(cookie)
		}
		user, ok := web.User(request)
		if !ok || user.Email != "go-web@example.com" || user.Subject != "go-web" || user.Claims["iss"] != issuer {
			t.Fatalf("user: %v %v", user, ok)
		}
		logout := serve(base+"/logout", session)
		if logout.StatusCode != http.StatusFound || !strings.HasPrefix(logout.Header.Get("Location"), issuer+"/oidc/logout?") {
			t.Fatalf("logout: %d %v", logout.StatusCode, logout.Header)
		}
		if back := driveLogin(ctx, t, driver, logout.Header.Get("Location"), "go-web", jar); back != base+"/" {
			t.Fatalf("after logout the provider sent the browser to %q", back)
		}
		fmt.Printf("op web login: %s signed up, logged in, logged out\n", user.Email)
	})
}
