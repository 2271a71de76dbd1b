//! A web application's login, as HTTP responses in data: the routes every
//! framework integration offers (login, sign-up, callback, logout, the
//! current user), so an integration only maps its request and response
//! types and drives the token exchange with its HTTP client.
//!
//! The user's session is a sealed cookie too (`loginkit_session`, the same
//! AEAD and keys as the login transaction): the verified claims, the ID
//! token for the logout hint, and an expiry. No server-side store.

use crate::client::Client;
use crate::error::{Error, ErrorCode, Result};
use crate::exchange::{Exchange, LoginResult};
use crate::id_token::IdTokenClaims;
use crate::strict_json::parse_object;
use crate::transaction::{CookieOptions, LoginTransaction, TransactionKeys};
use crate::{AuthorizationUrlOptions, LogoutUrlOptions};
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
        let options = AuthorizationUrlOptions {
            scopes: Some(self.scopes.clone()),
            prompt: sign_up.then(|| "create".to_owned()),
            ..Default::default()
        };
        let start = self.client.start_login_transaction(&self.redirect_uri, &options, return_to, &self.keys, &self.cookie, now)?;
        Ok(redirect(&start.url, [start.set_cookie]))
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
