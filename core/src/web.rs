//! A web application's login, as HTTP responses in data: the routes every
//! framework integration offers (login, sign-up, callback, logout, the
//! current user), so an integration only maps its request and response
//! types and drives the token exchange with its HTTP client.
//!
//! The user's session is a sealed cookie too (`loginkit_session`, the same
//! AEAD and keys as the login transaction): the verified claims, the ID
//! token for the logout hint, and an expiry. No server-side store.

use crate::client::Client;
use crate::encoding::form_decode_strict;
use crate::error::{quoted, Error, ErrorCode, Result};
use crate::exchange::{Exchange, LoginResult};
use crate::id_token::IdTokenClaims;
use crate::strict_json::parse_object;
use crate::transaction::{CookieOptions, LoginTransaction, TransactionKeys};
use crate::{AuthorizationParams, LogoutUrlOptions};
use serde_json::{json, Map, Value};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "loginkit_session";
/// How long a session lasts by default, in seconds (8 hours).
pub const DEFAULT_SESSION_TTL: u64 = 8 * 3600;

/// An HTTP response as data: send exactly this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code (302 for every redirect here).
    pub status: u16,
    /// Header names and values in order; `Set-Cookie` may repeat.
    pub headers: Vec<(String, String)>,
}

/// The configuration of one application's login routes.
#[derive(Debug)]
pub struct WebLogin {
    client: Client,
    keys: TransactionKeys,
    redirect_uri: String,
    post_logout_redirect_uri: Option<String>,
    scopes: Vec<String>,
    cookie: CookieOptions,
    session_ttl: u64,
}

/// A callback being finished: drive [`PendingLogin::exchange`] with the
/// HTTP client, then pass the result to [`WebLogin::complete`].
#[derive(Debug)]
pub struct PendingLogin {
    /// The code exchange to drive (request, receive, ...).
    pub exchange: Exchange,
    /// The opened transaction (for the return-to path).
    pub transaction: LoginTransaction,
    /// The `Set-Cookie` that deletes the used transaction cookie.
    pub clear_cookie: String,
}

/// A logged-in user, from the session cookie.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionUser {
    /// The verified ID-token claims.
    pub claims: IdTokenClaims,
    /// The ID token, for the logout hint.
    pub id_token: String,
    /// When the session ends (Unix seconds).
    pub expires_at: i64,
}

fn redirect(location: &str, cookies: impl IntoIterator<Item = String>) -> HttpResponse {
    let mut headers = vec![("Location".to_owned(), location.to_owned()), ("Cache-Control".to_owned(), "no-store".to_owned())];
    headers.extend(cookies.into_iter().map(|cookie| ("Set-Cookie".to_owned(), cookie)));
    HttpResponse { status: 302, headers }
}

/// The `return_to` query parameter of a request target (see
/// [`WebLogin::login_from_request`]).
fn return_to_of(request_target: &str) -> Result<Option<String>> {
    let mut found: Option<String> = None;
    for pair in crate::callback::query_of(request_target).split('&') {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        if form_decode_strict(raw_name).as_deref() != Some("return_to") {
            continue;
        }
        let value = form_decode_strict(raw_value).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidReturnTo,
                format!("the return_to parameter {} has a malformed percent-escape or is not UTF-8", quoted(raw_value)),
            )
        })?;
        if found.replace(value.into_owned()).is_some() {
            return Err(Error::new(ErrorCode::DuplicateParameter, "the request has more than one \"return_to\" parameter"));
        }
    }
    Ok(found.filter(|value| !value.is_empty()))
}

impl WebLogin {
    /// Login routes for `client` (with its secret), sealing with `keys`,
    /// coming back to `redirect_uri` (the callback route's full URL).
    /// Scopes default to the seed's `openid profile email offline_access`.
    pub fn new(client: Client, keys: TransactionKeys, redirect_uri: &str) -> Result<WebLogin> {
        crate::redirect::check_concrete_redirect_uri(redirect_uri)?;
        Ok(WebLogin {
            client,
            keys,
            redirect_uri: redirect_uri.to_owned(),
            post_logout_redirect_uri: None,
            scopes: ["openid", "profile", "email", "offline_access"].map(str::to_owned).to_vec(),
            cookie: CookieOptions::default(),
            session_ttl: DEFAULT_SESSION_TTL,
        })
    }

    /// Where the provider sends the browser after logout.
    pub fn with_post_logout_redirect_uri(mut self, uri: &str) -> Result<WebLogin> {
        crate::redirect::check_concrete_redirect_uri(uri)?;
        self.post_logout_redirect_uri = Some(uri.to_owned());
        Ok(self)
    }

    /// The scopes to ask for.
    pub fn with_scopes(mut self, scopes: Vec<String>) -> WebLogin {
        self.scopes = scopes;
        self
    }

    /// Cookie attributes (path, `Secure`, transaction TTL) and the
    /// session's lifetime in seconds.
    pub fn with_cookies(mut self, cookie: CookieOptions, session_ttl: u64) -> WebLogin {
        self.cookie = cookie;
        self.session_ttl = session_ttl;
        self
    }

    /// The client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The login route: a redirect to the provider with a fresh sealed
    /// transaction cookie. `sign_up` adds `prompt=create` (the seed's
    /// sign-up). `return_to` is where to go after login (a same-origin path).
    pub fn login(&self, sign_up: bool, return_to: Option<&str>, now: i64) -> Result<HttpResponse> {
        let options = AuthorizationParams {
            scopes: Some(&self.scopes),
            prompt: sign_up.then_some("create"),
            ..Default::default()
        };
        let start = self.client.start_login_transaction(&self.redirect_uri, options, return_to, &self.keys, &self.cookie, now)?;
        Ok(redirect(&start.url, [start.set_cookie]))
    }

    /// The login route from its request: [`WebLogin::login`] with the
    /// return-to path read from the request target (`/login?return_to=%2Finbox`,
    /// the full URL, or the query alone), so that an integration passes the
    /// request as it came and never parses a URL. `return_to` is decoded
    /// by the callback's strict form decoder: a malformed escape or bytes
    /// that are not UTF-8 are `invalid_return_to`, a repeated `return_to`
    /// is `duplicate_parameter` (two parsers could pick different ones), an
    /// empty one is no return-to path; other parameters are ignored.
    pub fn login_from_request(&self, request_target: &str, sign_up: bool, now: i64) -> Result<HttpResponse> {
        let return_to = return_to_of(request_target)?;
        self.login(sign_up, return_to.as_deref(), now)
    }

    /// The callback route, first half: checks the callback (the request
    /// target, e.g. `/auth/callback?code=...`) against its transaction
    /// cookie and starts the code exchange.
    pub fn callback(&self, request_target: &str, cookie_header: &str, now: i64) -> Result<PendingLogin> {
        let finished = self.client.finish_login(request_target, cookie_header, &self.keys, &self.cookie, now)?;
        let transaction = finished.transaction;
        let exchange = self.client.exchange_code(
            &finished.code,
            &transaction.redirect_uri,
            Some(&transaction.code_verifier),
            Some(&transaction.nonce),
        )?;
        Ok(PendingLogin { exchange, transaction, clear_cookie: finished.clear_cookie })
    }

    /// The callback route, second half: seals the session and redirects to
    /// the return-to path (or `/`), deleting the transaction cookie.
    pub fn complete(&self, pending: &PendingLogin, login: &LoginResult, now: i64) -> Result<HttpResponse> {
        let (Some(claims), Some(id_token)) = (&login.claims, &login.tokens.id_token) else {
            return Err(Error::new(ErrorCode::InvalidTokenResponse, "the login produced no verified ID token"));
        };
        let expires_at = now.saturating_add(i64::try_from(self.session_ttl).unwrap_or(i64::MAX));
        let plaintext = json!({ "c": Value::Object(claims.as_map().clone()), "t": id_token, "e": expires_at }).to_string();
        let sealed = self.keys.seal_bytes(plaintext.as_bytes())?;
        let session_cookie = CookieOptions { ttl: self.session_ttl, ..self.cookie.clone() };
        let location = pending.transaction.return_to.as_deref().unwrap_or("/");
        Ok(redirect(location, [pending.clear_cookie.clone(), session_cookie.set_cookie(SESSION_COOKIE, &sealed)]))
    }

    /// The current user, from the request's `Cookie` header: `None` when
    /// there is no session, or it is expired, or it does not open (a
    /// session cookie is never an error for the page showing it).
    pub fn user(&self, cookie_header: &str, now: i64) -> Option<SessionUser> {
        let value = crate::transaction::cookie_value(cookie_header, SESSION_COOKIE)?;
        let plaintext = self.keys.open_bytes(value).ok()?;
        let object: Map<String, Value> = parse_object(&plaintext).ok()?;
        let expires_at = object.get("e")?.as_i64()?;
        if now >= expires_at {
            return None;
        }
        let Value::Object(claims) = object.get("c")?.clone() else { return None };
        let id_token = object.get("t")?.as_str()?.to_owned();
        Some(SessionUser { claims: IdTokenClaims::from_map(claims), id_token, expires_at })
    }

    /// The logout route: deletes the session cookie and redirects to the
    /// provider's logout URL with the ID token as `id_token_hint` and the
    /// post-logout redirect URI (so the provider ends its session too).
    pub fn logout(&self, cookie_header: &str, now: i64) -> Result<HttpResponse> {
        let user = self.user(cookie_header, now);
        let url = self.client.logout_url(&LogoutUrlOptions {
            id_token_hint: user.map(|u| u.id_token),
            post_logout_redirect_uri: self.post_logout_redirect_uri.clone(),
            state: None,
        })?;
        Ok(redirect(&url, [self.cookie.clear_cookie(SESSION_COOKIE)]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> WebLogin {
        let client = Client::new("https://acme.scalekit.dev", "skc_1234567890").expect("client");
        let keys = TransactionKeys::new(&[TransactionKeys::generate_key().expect("key")]).expect("keys");
        WebLogin::new(client, keys, "https://yourapp.com/auth/callback").expect("web login")
    }

    fn code(result: Result<Option<String>>) -> &'static str {
        result.expect_err("an error").code().as_str()
    }

    #[test]
    fn return_to_is_read_strictly_from_the_request_target() {
        assert_eq!(return_to_of("/login").expect("none"), None);
        assert_eq!(return_to_of("/login?").expect("none"), None);
        assert_eq!(return_to_of("/login?return_to=").expect("empty"), None);
        assert_eq!(return_to_of("/login?return_to=%2Finbox%3Ftab%3D1&x=%").expect("escaped").as_deref(), Some("/inbox?tab=1"));
        assert_eq!(return_to_of("/login?a=b&return_to=/a+b#frag").expect("plus").as_deref(), Some("/a b"));
        assert_eq!(return_to_of("https://yourapp.com/login?return%5Fto=/x").expect("url").as_deref(), Some("/x"));
        assert_eq!(return_to_of("return_to=/q").expect("query alone").as_deref(), Some("/q"));
        assert_eq!(code(return_to_of("/login?return_to=%2")), "invalid_return_to");
        assert_eq!(code(return_to_of("/login?return_to=%FF")), "invalid_return_to");
        assert_eq!(code(return_to_of("/login?return_to=/a&return_to=/b")), "duplicate_parameter");
    }

    #[test]
    fn login_from_request_is_login_with_the_parsed_return_to() {
        let web = web();
        let response = web.login_from_request("/signup?return_to=%2Finbox", true, 1_767_225_600).expect("login");
        assert_eq!(response.status, 302);
        let location = &response.headers.first().expect("Location").1;
        assert!(location.contains("&prompt=create"), "{location}");
        let refused = web.login_from_request("/login?return_to=//evil.com", false, 1_767_225_600);
        assert_eq!(refused.expect_err("foreign").code().as_str(), "invalid_return_to");
        assert!(web.login_from_request("/login?return_to=", false, 1_767_225_600).is_ok());
    }
}
