// Package loginkit starts OAuth 2.0 / OpenID Connect logins against a
// Scalekit-style authorization server, with exactly the behaviour of the
// loginkit core that the Python, Node and JVM bindings share: the same
// inputs give the same URL, the same error code and the same callback
// result in every language.
//
// The package is a thin cgo layer over loginkit's C ABI (bindings-c); it
// converts types and maps errors, and adds no behaviour of its own.
//
// Build the static library once from the repository root before using
// the package:
//
//	cargo build -p loginkit-c --release
//
// A typical login:
//
//	client, err := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890")
//	login, err := client.StartLogin("https://yourapp.com/auth/callback", loginkit.AuthorizationURLOptions{
//		Scopes: []string{"openid", "profile", "email", "offline_access"},
//	})
//	// store login.State, login.Nonce and login.CodeVerifier; redirect to login.URL
//	callback, err := client.ParseCallback(r.URL.RequestURI(), storedState)
//
// Every failure is a *Error (or an *AuthorizationError, which unwraps to
// one) whose Code is one of the Code constants, identical to the code the
// other languages report.
package loginkit
