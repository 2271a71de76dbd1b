package loginkit_test

import (
	"errors"
	"fmt"
	"html"
	"log"
	"net/http"
	"os"
	"time"

	loginkit "github.com/loginkit/loginkit/bindings-go"
)

// The seed's login example: build the authorization URL with the state
// the application stored in its session.
func Example() {
	client, err := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890")
	if err != nil {
		panic(err)
	}
	redirectURI := "https://yourapp.com/auth/callback"
	options := loginkit.AuthorizationURLOptions{
		Scopes: []string{"openid", "profile", "email", "offline_access"},
		State:  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
	authorizationURL, err := client.AuthorizationURL(redirectURI, options)
	if err != nil {
		panic(err)
	}
	fmt.Println(authorizationURL)
	// Output: https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
}

// StartLogin generates state, nonce and PKCE; ParseCallback checks what
// comes back.
func ExampleClient_StartLogin() {
	client, _ := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890")
	login, err := client.StartLogin("https://yourapp.com/auth/callback", loginkit.AuthorizationURLOptions{Prompt: "create"})
	if err != nil {
		panic(err)
	}
	// Store login.State, login.Nonce and login.CodeVerifier; redirect to login.URL.
	callback, err := client.ParseCallback("/auth/callback?code=abc&state="+login.State, login.State)
	fmt.Println(callback.Code, err)
	// Output: abc <nil>
}

// Registration rules: development allows one wildcard in the leftmost
// label, never directly on a public suffix.
func ExampleValidateRedirectURI() {
	fmt.Println(loginkit.ValidateRedirectURI("https://*.acmecorp.com", loginkit.Development))
	fmt.Println(loginkit.ValidateRedirectURI("https://*.co.uk", loginkit.Development))
	// Output:
	// <nil>
	// loginkit: redirect URI "https://*.co.uk" puts its wildcard directly on "co.uk", a top-level domain or public suffix [redirect_uri_wildcard_root_domain]
}

// The complete login in an HTTP server: start it, check the callback,
// exchange the code (the ID token is verified) and read the user. Not run
// here: it needs a Scalekit environment.
func ExampleClient_AuthenticateWithCode() {
	client, err := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890",
		loginkit.WithClientSecret(os.Getenv("SCALEKIT_CLIENT_SECRET"), loginkit.ClientSecretPost))
	if err != nil {
		panic(err)
	}
	redirectURI := "https://yourapp.com/auth/callback"
	var pending loginkit.LoginStart // in a real application: the user's session

	http.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		login, err := client.StartLogin(redirectURI, loginkit.AuthorizationURLOptions{
			Scopes: []string{"openid", "profile", "email", "offline_access"},
		})
		if err != nil {
			http.Error(w, "login unavailable", http.StatusInternalServerError)
			return
		}
		pending = *login // State, Nonce and CodeVerifier stay on the server
		http.Redirect(w, r, login.URL, http.StatusFound)
	})
	http.HandleFunc("/auth/callback", func(w http.ResponseWriter, r *http.Request) {
		callback, err := client.ParseCallback(r.URL.RequestURI(), pending.State)
		if err != nil {
			http.Error(w, "login failed", http.StatusBadRequest)
			return
		}
		result, err := client.AuthenticateWithCode(r.Context(), callback.Code, redirectURI, loginkit.AuthenticateOptions{
			CodeVerifier: pending.CodeVerifier,
			Nonce:        pending.Nonce,
		})
		var refused *loginkit.AuthorizationError
		switch {
		case errors.As(err, &refused): // e.g. invalid_grant: the code was used or expired
			http.Error(w, "login refused: "+refused.OAuthError, http.StatusBadRequest)
			return
		case errors.Is(err, &loginkit.Error{Code: loginkit.CodeNetworkError}):
			http.Error(w, "Scalekit unreachable", http.StatusBadGateway)
			return
		case err != nil:
			http.Error(w, "login failed", http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "Hello %s <%s> (%s)", result.User.Name, result.User.Email, result.User.Subject)
		// Keep result.Tokens.RefreshToken for client.RefreshAccessToken.
	})
}

// An application with its own HTTP stack drives the exchange itself: the
// core says what to send and judges each answer.
func ExampleExchange() {
	client, _ := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890",
		loginkit.WithClientSecret("test_secret_abc123", loginkit.ClientSecretPost))
	exchange, err := client.ExchangeCode("SplxlOBeZQQYbYS6WxSbIA", "https://yourapp.com/auth/callback",
		"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "")
	if err != nil {
		panic(err)
	}
	request := exchange.Request()
	fmt.Println(request.Method, request.URL)
	fmt.Println(request.Body)
	// Send it, then: step, err := exchange.Receive(status, body, time.Now())
	// until step.Result is set; send step.Request when it is.
	step, err := exchange.Receive(400, []byte(`{"error":"invalid_grant","error_description":"code expired"}`), time.Now())
	fmt.Println(step, err)
	// Output:
	// POST https://acme.scalekit.dev/oauth/token
	// grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&client_id=skc_1234567890&client_secret=test_secret_abc123&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
	// <nil> loginkit: the token endpoint refused the request: "invalid_grant" ("code expired") [token_error]
}

// The token endpoint's answer, read by the core; tokens never show in
// formatted output.
func ExampleParseTokenResponse() {
	tokens, err := loginkit.ParseTokenResponse(200, []byte(`{"access_token":"at_1","token_type":"Bearer","expires_in":3600}`))
	fmt.Println(tokens, *tokens.ExpiresIn, err)
	// Output: loginkit.TokenResponse{AccessToken: <redacted>, TokenType: "Bearer", ExpiresIn: 3600, RefreshToken: "", IDToken: "", Scope: ""} 3600 <nil>
}

// The seed's login in a net/http application: login, sign-up, callback
// and logout routes, the session in a sealed cookie, the user on every
// request (the README's example). Not run here: it needs a Scalekit
// environment.
func ExampleWebLogin() {
	client, err := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890",
		loginkit.WithClientSecret(os.Getenv("SCALEKIT_CLIENT_SECRET"), loginkit.ClientSecretPost))
	check(err)
	keys, err := loginkit.NewTransactionKeys(os.Getenv("LOGINKIT_KEYS")) // from loginkit.GenerateTransactionKey()
	check(err)
	web, err := loginkit.NewWebLogin(client, keys, "https://yourapp.com/auth/callback",
		loginkit.WebLoginOptions{PostLogoutRedirectURI: "https://yourapp.com/"})
	check(err)
	http.Handle("/", web.Handler()) // GET /login, /signup, /auth/callback; /logout
	http.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/login">Log in</a> <a href="/signup">Sign up</a> <a href="/logout">Log out</a>`)
		if user, ok := web.User(r); ok { // the verified ID-token claims
			fmt.Fprintf(w, "<p>Signed in as %s</p>", html.EscapeString(user.Email))
		}
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// The sealed login transaction by hand: the login's state, nonce and PKCE
// verifier travel in an encrypted cookie, so the callback needs no
// session store. Not run here: it needs a Scalekit environment.
func ExampleClient_FinishLogin() {
	client, _ := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890",
		loginkit.WithClientSecret(os.Getenv("SCALEKIT_CLIENT_SECRET"), loginkit.ClientSecretPost))
	keys, _ := loginkit.NewTransactionKeys(os.Getenv("LOGINKIT_KEYS"))
	redirectURI := "https://yourapp.com/auth/callback"

	http.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		start, err := client.StartLoginTransaction(redirectURI, loginkit.AuthorizationURLOptions{
			Scopes: []string{"openid", "profile", "email", "offline_access"},
		}, "/dashboard", keys, loginkit.TransactionOptions{})
		if err != nil {
			http.Error(w, "login unavailable", http.StatusInternalServerError)
			return
		}
		w.Header().Add("Set-Cookie", start.SetCookie)
		http.Redirect(w, r, start.URL, http.StatusFound)
	})
	http.HandleFunc("/auth/callback", func(w http.ResponseWriter, r *http.Request) {
		finished, err := client.FinishLogin(r.URL.RequestURI(), r.Header.Get("Cookie"), keys, loginkit.TransactionOptions{})
		if err != nil { // e.g. transaction_missing, transaction_expired, an *AuthorizationError
			http.Error(w, "login failed", http.StatusBadRequest)
			return
		}
		w.Header().Add("Set-Cookie", finished.ClearCookie)
		result, err := client.AuthenticateWithCode(r.Context(), finished.Code, finished.Transaction.RedirectURI,
			finished.AuthenticateOptions())
		if err != nil {
			http.Error(w, "login failed", http.StatusBadRequest)
			return
		}
		fmt.Println("signed in:", result.User.Subject) // start the application's session for the user here
		returnTo := finished.Transaction.ReturnTo      // "" when the login gave none
		if returnTo == "" {
			returnTo = "/"
		}
		http.Redirect(w, r, returnTo, http.StatusFound)
	})
}
