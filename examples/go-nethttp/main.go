// The seed's login in a net/http application: `./run.sh` (or `go run .`
// after `cargo build --release -p loginkit-c` at the repository root).
// Configuration comes from the environment: APP_BASE_URL (default
// http://127.0.0.1:9505), LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID,
// LOGINKIT_CLIENT_SECRET and LOGINKIT_KEYS (comma-separated transaction
// keys, newest first; a fresh one when unset, so sessions end with the
// process).
package main

import (
	"html/template"
	"log"
	"net/http"
	"os"
	"strings"

	loginkit "github.com/loginkit/loginkit/bindings-go"
)

func env(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok {
		return value
	}
	return fallback
}

var home = template.Must(template.New("home").Parse(`<!doctype html>
<title>loginkit + net/http</title>
<h1>loginkit + net/http</h1>
{{if .}}<p>Signed in as <b id="user-email">{{.Email}}</b></p>{{else}}<p>Not signed in</p>{{end}}
<a href="/login">Log in</a> <a href="/signup">Sign up</a> <a href="/logout">Log out</a>
`))

func main() {
	base := env("APP_BASE_URL", "http://127.0.0.1:9505")
	client, err := loginkit.NewClient(env("LOGINKIT_ENV_URL", "http://127.0.0.1:9400"), env("LOGINKIT_CLIENT_ID", "skc_test_confidential"),
		loginkit.WithClientSecret(env("LOGINKIT_CLIENT_SECRET", "s3cr3t:with/special+chars%"), loginkit.ClientSecretPost))
	if err != nil {
		log.Fatal(err)
	}
	keyList := os.Getenv("LOGINKIT_KEYS")
	if keyList == "" {
		if keyList, err = loginkit.GenerateTransactionKey(); err != nil {
			log.Fatal(err)
		}
	}
	keys, err := loginkit.NewTransactionKeys(strings.Split(keyList, ",")...)
	if err != nil {
		log.Fatal(err)
	}
	web, err := loginkit.NewWebLogin(client, keys, base+"/auth/callback", loginkit.WebLoginOptions{
		PostLogoutRedirectURI: base + "/",
		// Plain http on loopback in the example; keep Secure in production.
		Cookie: loginkit.CookieOptions{Insecure: !strings.HasPrefix(base, "https:")},
	})
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("/", web.Handler()) // /login, /signup, /auth/callback, /logout
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		user, _ := web.User(r)
		if err := home.Execute(w, user); err != nil {
			log.Print(err)
		}
	})

	address := strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://")
	log.Printf("listening on %s", base)
	log.Fatal(http.ListenAndServe(address, mux))
}
