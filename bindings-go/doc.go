// Package loginkit runs OAuth 2.0 / OpenID Connect logins against a
// Scalekit-style authorization server, with exactly the behaviour of the
// loginkit core that the Python, Node and JVM bindings share: the same
// inputs give the same URL, the same token request, the same verdict on a
// token response or ID token and the same error code in every language.
//
// The package is a thin cgo layer over loginkit's C ABI (bindings-c); it
// converts types, maps errors and moves the bytes of the token exchange
// with net/http, and adds no behaviour of its own: every URL, form body,
// header and verdict comes from the core.
//
// The module carries the C ABI's static library for linux/amd64 and
// linux/arm64 (in lib/), linked into the program: a build needs cgo (a C
// compiler) but no Rust toolchain, and the program no extra shared
// library.
//
// A typical login:
//
//	client, err := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890",
//		loginkit.WithClientSecret(clientSecret, loginkit.ClientSecretPost))
//	login, err := client.StartLogin("https://yourapp.com/auth/callback", loginkit.AuthorizationURLOptions{
//		Scopes: []string{"openid", "profile", "email", "offline_access"},
//	})
//	// store login.State, login.Nonce and login.CodeVerifier; redirect to login.URL
//	callback, err := client.ParseCallback(r.URL.RequestURI(), storedState)
//	result, err := client.AuthenticateWithCode(r.Context(), callback.Code, "https://yourapp.com/auth/callback",
//		loginkit.AuthenticateOptions{CodeVerifier: storedVerifier, Nonce: storedNonce})
//	// result.User.Subject, result.User.Email, result.User.Claims; result.Tokens.RefreshToken
//
// A web application gets the whole login from a WebLogin: the routes
// /login, /signup, /auth/callback and /logout as net/http handlers
// (Handler, or HandleLogin and the others for Gin, Echo or chi), and the
// signed-in user of any request (User). The login's state, nonce and PKCE
// verifier travel in a sealed cookie per login, the session in another:
//
//	keys, err := loginkit.NewTransactionKeys(os.Getenv("LOGINKIT_KEYS")) // GenerateTransactionKey makes one
//	web, err := loginkit.NewWebLogin(client, keys, "https://yourapp.com/auth/callback",
//		loginkit.WebLoginOptions{PostLogoutRedirectURI: "https://yourapp.com/"})
//	mux.Handle("/", web.Handler())
//	user, ok := web.User(r) // user.Email, user.Subject, user.Claims
//
// Without WebLogin, StartLoginTransaction seals a login into a cookie and
// FinishLogin opens and checks it in the callback handler, before
// AuthenticateWithCode.
//
// An application with its own HTTP stack uses the sans-IO calls instead:
// AuthorizationCodeRequest, RefreshTokenRequest, ParseTokenResponse,
// VerifyIDToken and the Exchange state machine.
//
// Every failure is a *Error (or an *AuthorizationError, which unwraps to
// one) whose Code is one of the Code constants, identical to the code the
// other languages report. Secrets (the client secret, tokens, request
// bodies) never appear in an error message or in fmt output.
package loginkit
