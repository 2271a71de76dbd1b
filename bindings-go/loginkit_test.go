package loginkit

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

const (
	seedEnv      = "https://acme.scalekit.dev"
	seedClientID = "skc_1234567890"
	seedRedirect = "https://yourapp.com/auth/callback"
	seedState    = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	seedURL      = "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890" +
		"&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access" +
		"&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

var seedOptions = AuthorizationURLOptions{
	Scopes: []string{"openid", "profile", "email", "offline_access"},
	State:  seedState,
}

func mustClient(t testing.TB) *Client {
	t.Helper()
	client, err := NewClient(seedEnv, seedClientID)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func codeOf(t *testing.T, err error) Code {
	t.Helper()
	var lkErr *Error
	if !errors.As(err, &lkErr) {
		t.Fatalf("expected a *loginkit.Error, got %T %v", err, err)
	}
	return lkErr.Code
}

func TestSeedExample(t *testing.T) {
	url, err := mustClient(t).AuthorizationURL(seedRedirect, seedOptions)
	if err != nil || url != seedURL {
		t.Fatalf("got %q, %v", url, err)
	}
}

// The Code constants are generated from the library (go generate); a code
// the core adds without a regenerated codes_generated.go fails here.
func TestEveryLibraryCodeHasAConstant(t *testing.T) {
	library := errorCodes()
	if !reflect.DeepEqual(library, allCodes) {
		t.Fatalf("codes_generated.go is stale: the library reports %d codes %v, the package has %d %v; "+
			"run `(source scripts/lib.sh && build_c_abi)` at the repository root, then `go generate` in bindings-go", len(library), library, len(allCodes), allCodes)
	}
	// The token-exchange codes by name: a compile-time check that the
	// generated names are the documented ones.
	named := []Code{
		CodeInvalidJWKS, CodeMalformedIDToken, CodeUnsupportedAlgorithm, CodeUnsupportedTokenHeader, CodeUnknownKeyID,
		CodeKeyAlgorithmMismatch, CodeWeakKey, CodeInvalidSignature, CodeMissingClaim, CodeAudienceMismatch,
		CodeAzpMismatch, CodeIDTokenExpired, CodeIDTokenNotYetValid, CodeIDTokenIssuedInFuture, CodeNonceMismatch,
		CodeInvalidTokenResponse, CodeUnsupportedTokenType, CodeTokenError, CodePKCERequired, CodeMissingClientSecret,
		CodeMissingRefreshToken, CodeNetworkError,
	}
	if len(named) != 22 || named[21] != "network_error" {
		t.Fatalf("%v", named)
	}
}

func TestNULSurvivesBothWays(t *testing.T) {
	client := mustClient(t)
	url, err := client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{State: "a\x00b"})
	if err != nil || !strings.Contains(url, "&state=a%00b") {
		t.Fatalf("got %q, %v", url, err)
	}
	callback, err := client.ParseCallback("code=x%00y&state=s1", "s1")
	if err != nil || callback.Code != "x\x00y" {
		t.Fatalf("got %+v, %v", callback, err)
	}
}

func TestInvalidUTF8IsRefusedNotReplaced(t *testing.T) {
	client := mustClient(t)
	for name, call := range map[string]func() error{
		"redirect": func() error {
			_, err := client.AuthorizationURL("https://yourapp.com/\xff", AuthorizationURLOptions{})
			return err
		},
		"scope": func() error {
			_, err := client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{Scopes: []string{"op\xc3"}})
			return err
		},
		"extra": func() error {
			_, err := client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{ExtraParams: [][2]string{{"x", "\xfe"}}})
			return err
		},
		"client":   func() error { _, err := NewClient(seedEnv, "skc\xff"); return err },
		"verifier": func() error { _, err := PKCEChallenge("\xff"); return err },
		"validate": func() error { return ValidateRedirectURI("https://a.com/\xff", Production) },
		"matches":  func() error { _, err := RedirectURIMatches("https://a.com/cb", "https://a.com/cb\xff"); return err },
		"verify":   func() error { _, err := VerifyState("abc", "ab\xff"); return err },
	} {
		if code := codeOf(t, call()); code != CodeInvalidString {
			t.Errorf("%s: got %s, want invalid_string", name, code)
		}
	}
}

// A panic inside the core comes back as internal_error, and the process
// (and the next call) carries on.
func TestPanicBecomesInternalError(t *testing.T) {
	for i := 0; i < 3; i++ {
		if code := codeOf(t, panicForTests()); code != CodeInternalError {
			t.Fatalf("got %s, want internal_error", code)
		}
	}
	if ok, err := VerifyState("abc", "abc"); !ok || err != nil {
		t.Fatalf("after a caught panic: %v %v", ok, err)
	}
}

// Many scopes and extra parameters through the flat request format, with a
// failure far down each list, named by its index.
func TestManyScopesAndExtraParams(t *testing.T) {
	client := mustClient(t)
	var scopes []string
	var params [][2]string
	wantScope, wantParams := "", ""
	for i := 0; i < 20; i++ {
		scopes = append(scopes, fmt.Sprintf("s%d", i))
		params = append(params, [2]string{fmt.Sprintf("p%d", i), fmt.Sprintf("v %d", i)})
		wantScope += fmt.Sprintf("+s%d", i)
		wantParams += fmt.Sprintf("&p%d=v+%d", i, i)
	}
	url, err := client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{Scopes: scopes, Prompt: "login", ExtraParams: params})
	if err != nil || !strings.Contains(url, "&scope="+wantScope[1:]+"&prompt=login") || !strings.HasSuffix(url, wantParams) {
		t.Fatalf("got %q, %v", url, err)
	}
	scopes[15] = "s\xff"
	_, err = client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{Scopes: scopes})
	if codeOf(t, err) != CodeInvalidString || !strings.Contains(err.Error(), "scopes[15]") {
		t.Fatalf("got %v", err)
	}
	params[12][0] = ""
	_, err = client.StartLogin(seedRedirect, AuthorizationURLOptions{ExtraParams: params})
	if codeOf(t, err) != CodeInvalidExtraParameter {
		t.Fatalf("got %v", err)
	}
}

func TestNilAndEmptyScopesDiffer(t *testing.T) {
	client := mustClient(t)
	url, err := client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{Scopes: nil})
	if err != nil || !strings.Contains(url, "scope=openid+profile+email&") && !strings.HasSuffix(url, "scope=openid+profile+email") {
		t.Fatalf("nil scopes: %q, %v", url, err)
	}
	_, err = client.AuthorizationURL(seedRedirect, AuthorizationURLOptions{Scopes: []string{}})
	if code := codeOf(t, err); code != CodeInvalidScopes {
		t.Fatalf("empty scopes: %s", code)
	}
}

func TestErrorsAsAndIs(t *testing.T) {
	client := mustClient(t)
	_, err := client.ParseCallback("/cb?error=access_denied&error_uri=https%3A%2F%2Fe.example&state=s1", "s1")
	var authErr *AuthorizationError
	if !errors.As(err, &authErr) || authErr.OAuthError != "access_denied" || authErr.ErrorURI != "https://e.example" {
		t.Fatalf("got %#v", err)
	}
	if !errors.Is(err, &Error{Code: CodeAuthorizationError}) || codeOf(t, err) != CodeAuthorizationError {
		t.Fatalf("AuthorizationError does not unwrap to *Error: %v", err)
	}
	_, err = client.ParseCallback("/cb?error=access_denied&state=forged", "s1")
	if !errors.Is(err, &Error{Code: CodeStateMismatch}) {
		t.Fatalf("a forged error must be a state mismatch: %v", err)
	}
	if !strings.Contains(err.Error(), "forged") || !strings.Contains(err.Error(), "[state_mismatch]") {
		t.Fatalf("message names the value and the code: %v", err)
	}
}

func TestTwoClientsSideBySide(t *testing.T) {
	first, _ := NewClient("https://first.scalekit.dev", "a")
	second, _ := NewClient("https://second.scalekit.dev/", "b")
	one, _ := first.LogoutURL(LogoutURLOptions{})
	two, _ := second.LogoutURL(LogoutURLOptions{})
	if one != "https://first.scalekit.dev/oidc/logout" || two != "https://second.scalekit.dev/oidc/logout" {
		t.Fatalf("%q %q", one, two)
	}
}

// 8 goroutines x 10,000 calls on one shared client give identical
// results; run under -race by scripts/test.sh.
func TestConcurrentCallsAgree(t *testing.T) {
	client := mustClient(t)
	const goroutines, calls = 8, 10_000
	var wg sync.WaitGroup
	mismatches := make([]int, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				url, err := client.AuthorizationURL(seedRedirect, seedOptions)
				if err != nil || url != seedURL {
					mismatches[g]++
				}
			}
		}(g)
	}
	wg.Wait()
	for g, count := range mismatches {
		if count != 0 {
			t.Errorf("goroutine %d: %d mismatching results", g, count)
		}
	}
}

func TestGeneratorsAreFresh(t *testing.T) {
	a, _ := GenerateState()
	b, _ := GenerateState()
	verifier, err := GenerateCodeVerifier()
	if a == b || len(a) != 64 || len(verifier) != 43 || err != nil {
		t.Fatalf("%q %q %q %v", a, b, verifier, err)
	}
	same, _ := VerifyState(a, a)
	empty, _ := VerifyState("", "")
	different, _ := VerifyState(a, b)
	if !same || empty || different {
		t.Fatal("VerifyState")
	}
}
