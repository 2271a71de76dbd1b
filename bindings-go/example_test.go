package loginkit_test

import (
	"fmt"

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
