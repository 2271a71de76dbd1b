package loginkit

// The net/http integration: a thin layer over WebLogin's routes as data.
// It maps an *http.Request to (request target, Cookie header), an
// HTTPResponse to the http.ResponseWriter, runs the code exchange with
// net/http under the request's context, and turns a failure into an
// error page. The handlers are plain http.HandlerFunc methods, so Gin
// (gin.WrapF), Echo (echo.WrapHandler) and chi (r.Get) mount them as they
// are.

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"
)

// The paths Handler serves.
const (
	LoginPath    = "/login"
	SignUpPath   = "/signup"
	CallbackPath = "/auth/callback"
	LogoutPath   = "/logout"
)

// Handler serves the four routes at their usual paths: GET LoginPath,
// GET SignUpPath, GET CallbackPath (the redirect URI's path must be
// CallbackPath) and LogoutPath (any method); every other path is 404.
// Mount it as the fallback of your mux, next to your own pages:
//
//	mux := http.NewServeMux()
//	mux.Handle("/", web.Handler())
//	mux.HandleFunc("GET /{$}", home)
//
// For other paths, mount HandleLogin, HandleSignUp, HandleCallback and
// HandleLogout yourself.
func (w *WebLogin) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+LoginPath, w.HandleLogin)
	mux.HandleFunc("GET "+SignUpPath, w.HandleSignUp)
	mux.HandleFunc("GET "+CallbackPath, w.HandleCallback)
	mux.HandleFunc(LogoutPath, w.HandleLogout)
	return mux
}

// cookieHeader is the request's Cookie header; several Cookie header
// lines (HTTP/2 may split them) are joined as one.
func cookieHeader(r *http.Request) string {
	return strings.Join(r.Header.Values("Cookie"), "; ")
}

// HandleLogin redirects to the provider's login page with a fresh
// transaction cookie. The query parameter return_to (a same-origin path,
// checked by the core) is where the user lands after login; "/" without
// it.
func (w *WebLogin) HandleLogin(rw http.ResponseWriter, r *http.Request) {
	w.login(rw, r, false)
}

// HandleSignUp is HandleLogin with the provider's sign-up page
// (prompt=create).
func (w *WebLogin) HandleSignUp(rw http.ResponseWriter, r *http.Request) {
	w.login(rw, r, true)
}

func (w *WebLogin) login(rw http.ResponseWriter, r *http.Request, signUp bool) {
	response, err := w.LoginFromRequest(r.URL.RequestURI(), signUp, time.Now())
	w.reply(rw, r, response, err)
}

// HandleCallback finishes the login at the redirect URI: it checks the
// callback against its transaction cookie, exchanges the code over
// net/http under the request's context (the ID token is verified), calls
// WebLoginOptions.OnLogin when set, sets the session cookie, deletes the
// transaction cookie and redirects to the login's return-to path (or
// "/"). Any failure goes to the ErrorHandler and sets no session.
func (w *WebLogin) HandleCallback(rw http.ResponseWriter, r *http.Request) {
	pending, err := w.Callback(r.URL.RequestURI(), cookieHeader(r), time.Now())
	if err != nil {
		w.errorHandler(rw, r, err)
		return
	}
	defer pending.close()
	result, err := drive(r.Context(), w.httpClient, pending)
	if err == nil && w.onLogin != nil {
		err = w.onLogin(r, result)
	}
	var response *HTTPResponse
	if err == nil {
		response, err = w.Complete(pending, time.Now())
	}
	w.reply(rw, r, response, err)
}

// HandleLogout deletes the session cookie and redirects to the provider's
// logout URL, which ends the provider's session too and comes back to
// WebLoginOptions.PostLogoutRedirectURI.
func (w *WebLogin) HandleLogout(rw http.ResponseWriter, r *http.Request) {
	response, err := w.Logout(cookieHeader(r), time.Now())
	w.reply(rw, r, response, err)
}

// User is the signed-in user of the request, from its session cookie;
// false when there is none (or it expired).
func (w *WebLogin) User(r *http.Request) (*SessionUser, bool) {
	return w.UserFromCookie(cookieHeader(r), time.Now())
}

func (w *WebLogin) reply(rw http.ResponseWriter, r *http.Request, response *HTTPResponse, err error) {
	if err != nil {
		w.errorHandler(rw, r, err)
		return
	}
	response.Write(rw)
}

// ErrorPage is the default WebLoginOptions.ErrorHandler: status 400 and a
// small HTML page with the error's code in <p id="login-error"> (the
// message is not shown: it may name values from the request).
func ErrorPage(rw http.ResponseWriter, _ *http.Request, err error) {
	code := CodeInternalError
	var lkErr *Error
	var authErr *AuthorizationError
	switch {
	case errors.As(err, &authErr):
		code = authErr.Code
	case errors.As(err, &lkErr):
		code = lkErr.Code
	}
	header := rw.Header()
	header.Set("Content-Type", "text/html; charset=utf-8")
	header.Set("Cache-Control", "no-store")
	rw.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(rw, "<!doctype html>\n<title>Login failed</title>\n<h1>Login failed</h1>\n<p id=\"login-error\">%s</p>\n<a href=\"/\">Home</a>\n",
		html.EscapeString(string(code)))
}
