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
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const opSecret = "s3cr3t:with/special+chars%"

func TestLoginAgainstOpenIDProvider(t *testing.T) {
	issuer := os.Getenv("LOGINKIT_OP_ISSUER")
	if issuer == "" {
		if os.Getenv("LOGINKIT_SKIP_OP") == "1" {
			t.Skip("LOGINKIT_SKIP_OP=1: the login against the OpenID Provider is skipped")
		}
		t.Fatal("LOGINKIT_OP_ISSUER is not set, so the login against a real OpenID Provider cannot run. Start it with " +
			"`source testing/op/start.sh && op_start 9400 && export LOGINKIT_OP_ISSUER=\"$OP_ISSUER\"`, " +
			"or set LOGINKIT_SKIP_OP=1 to skip this test on purpose")
	}
	redirectURI := os.Getenv("LOGINKIT_OP_REDIRECT_URI")
	if redirectURI == "" {
		redirectURI = "http://127.0.0.1:9401/auth/callback"
	}
	driver, err := filepath.Abs(filepath.Join("..", "testing", "op", "drive-login.mjs"))
	if err != nil {
		t.Fatal(err)
	}
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
			command := exec.CommandContext(ctx, "node", driver, login.URL)
			command.Env = append(os.Environ(), "OP_LOGIN="+tc.login)
			var stderr strings.Builder
			command.Stderr = &stderr
			out, err := command.Output()
			if err != nil {
				t.Fatalf("drive-login.mjs: %v\n%s", err, stderr.String())
			}
			callback, err := client.ParseCallback(strings.TrimSpace(string(out)), login.State)
			if err != nil {
				t.Fatalf("callback %q: %v", strings.TrimSpace(string(out)), err)
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
