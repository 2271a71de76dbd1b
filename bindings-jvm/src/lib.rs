//! The uniffi layer of the JVM binding.
//!
//! uniffi generates Kotlin (package `dev.loginkit.internal.ffi`) from these
//! proc-macro exports; the hand-written facade in `src/main/kotlin`
//! (package `dev.loginkit`) gives Java and Kotlin users their idioms. The
//! per-request calls, building an authorization URL, starting a login and
//! parsing the callback, go through the direct-mapped entry point in `direct.rs` instead
//! (decision record 10). This crate only converts types and carries the
//! core's errors; it adds no behaviour.
//!
//! Of the token exchange (issue 11), the client's token-endpoint
//! authentication and the sans-IO request builders are exported here; the
//! per-login work, `parse_token_response`, `verify_id_token` and the
//! `Exchange` state machine, takes the direct path too, where uniffi's
//! structures would cost more than the RSA check itself (see
//! bindings-jvm/README.md). The Kotlin facade moves the bytes with
//! `java.net.http.HttpClient`. The request records carry secrets (the body,
//! an `Authorization` header), so they export a redacting `Debug` as their
//! Kotlin `toString`.

use loginkit::{Client, TokenEndpointAuthMethod};
use std::sync::Arc;

mod direct;

uniffi::setup_scaffolding!("loginkit_ffi");

/// Every failure, as one rich error: the core's stable code, its message,
/// and the server's details for `authorization_error`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum FfiError {
    #[error("{detail} [{code}]")]
    Failure {
        code: String,
        detail: String,
        oauth_error: Option<String>,
        error_description: Option<String>,
        error_uri: Option<String>,
    },
}

impl From<loginkit::Error> for FfiError {
    fn from(err: loginkit::Error) -> Self {
        let oauth = err.oauth_error();
        FfiError::Failure {
            code: err.code().as_str().to_owned(),
            detail: err.message().to_owned(),
            oauth_error: oauth.map(|o| o.error.clone()),
            error_description: oauth.and_then(|o| o.error_description.clone()),
            error_uri: oauth.and_then(|o| o.error_uri.clone()),
        }
    }
}

type FfiResult<T> = Result<T, FfiError>;

/// A client for one environment and one application. It holds the one core
/// `Client` (and so the one JWKS cache) of a Kotlin `Client`.
#[derive(uniffi::Object)]
pub struct FfiClient {
    inner: Client,
    /// This client's entry in the direct path's registry (its exchanges).
    direct_handle: u64,
}

impl Drop for FfiClient {
    fn drop(&mut self) {
        direct::unregister_client(self.direct_handle);
    }
}

#[uniffi::export]
impl FfiClient {
    /// `client_secret` and `auth_method` (`client_secret_post`,
    /// `client_secret_basic` or `none`) as in
    /// `Client::with_token_endpoint_auth`; the method is parsed first, as
    /// the core's conformance runner does.
    #[uniffi::constructor]
    pub fn new(
        env_url: String,
        client_id: String,
        client_secret: Option<String>,
        auth_method: Option<String>,
        jwks_refetch_interval: Option<u64>,
    ) -> FfiResult<Arc<Self>> {
        let inner = loginkit::catch_panic(|| {
            let method = auth_method.as_deref().map(str::parse::<TokenEndpointAuthMethod>).transpose()?;
            let client = Client::new(&env_url, &client_id)?.with_token_endpoint_auth(client_secret.as_deref(), method)?;
            Ok(match jwks_refetch_interval {
                Some(seconds) => client.with_jwks_refetch_interval(seconds),
                None => client,
            })
        })?;
        let direct_handle = direct::register_client(inner.clone());
        Ok(Arc::new(FfiClient { inner, direct_handle }))
    }

    /// The handle of this client on the direct path (`direct.rs`), where
    /// its exchanges run; valid until the client is destroyed.
    pub fn direct_handle(&self) -> u64 {
        self.direct_handle
    }

    pub fn token_endpoint_auth_method(&self) -> String {
        self.inner.token_endpoint_auth_method().as_str().to_owned()
    }

    pub fn authorization_code_request(
        &self,
        code: String,
        redirect_uri: String,
        code_verifier: Option<String>,
    ) -> FfiResult<FfiHttpRequest> {
        let request = loginkit::catch_panic(|| {
            self.inner.authorization_code_request(&code, &redirect_uri, code_verifier.as_deref())
        })?;
        Ok(request.into())
    }

    pub fn refresh_token_request(&self, refresh_token: String, scope: Option<String>) -> FfiResult<FfiHttpRequest> {
        let request = loginkit::catch_panic(|| self.inner.refresh_token_request(&refresh_token, scope.as_deref()))?;
        Ok(request.into())
    }

    pub fn jwks_request(&self) -> FfiResult<FfiHttpRequest> {
        Ok(loginkit::catch_panic(|| Ok(self.inner.jwks_request()))?.into())
    }

    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    pub fn client_id(&self) -> String {
        self.inner.client_id().to_owned()
    }
}

/// Panics inside the core on purpose (internal; for the boundary test).
#[uniffi::export]
pub fn panic_for_tests() -> FfiResult<()> {
    Ok(loginkit::catch_panic(loginkit::panic_for_tests)?)
}

#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    loginkit::ErrorCode::ALL.iter().map(|code| code.as_str().to_owned()).collect()
}

/// One header of a request; its Kotlin `toString` hides an
/// `Authorization` value.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiHeader {
    pub name: String,
    pub value: String,
}

impl std::fmt::Debug for FfiHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.name.eq_ignore_ascii_case("authorization") { "<redacted>" } else { self.value.as_str() };
        f.debug_tuple("Header").field(&self.name).field(&value).finish()
    }
}

/// `loginkit::HttpRequest`. Its Kotlin `toString` is the core's redacting
/// `Debug`: no body, no `Authorization` value.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiHttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<FfiHeader>,
    pub body: String,
}

impl std::fmt::Debug for FfiHttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|h| {
                let value = if h.name.eq_ignore_ascii_case("authorization") { "<redacted>" } else { h.value.as_str() };
                (h.name.as_str(), value)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &format_args!("<{} bytes redacted>", self.body.len()))
            .finish()
    }
}

impl From<loginkit::HttpRequest> for FfiHttpRequest {
    fn from(request: loginkit::HttpRequest) -> Self {
        FfiHttpRequest {
            method: request.method.to_owned(),
            url: request.url,
            headers: request.headers.into_iter().map(|(name, value)| FfiHeader { name, value }).collect(),
            body: request.body,
        }
    }
}

/// `token_endpoint_auth_method` names as the core parses them: the
/// canonical name, or `invalid_argument`.
#[uniffi::export]
pub fn parse_token_endpoint_auth_method(name: String) -> FfiResult<String> {
    Ok(loginkit::catch_panic(|| name.parse::<TokenEndpointAuthMethod>())?.as_str().to_owned())
}

// ---------------------------------------------------------------------------
// The sealed login transaction (issue 12) and the web routes (issue 13).
// Types convert; the core seals, opens, checks and builds every cookie.

/// `loginkit::TransactionKeys`. Holds the derived keys (shared with the
/// direct path's registry, where `start_login_transaction` runs) and the
/// key texts, from which `FfiWebLogin` derives its own copy. Never printed.
#[derive(uniffi::Object)]
pub struct FfiTransactionKeys {
    texts: Vec<String>,
    inner: Arc<loginkit::TransactionKeys>,
    direct_handle: u64,
}

impl Drop for FfiTransactionKeys {
    fn drop(&mut self) {
        direct::unregister_keys(self.direct_handle);
    }
}

#[uniffi::export]
impl FfiTransactionKeys {
    /// Newest (sealing) key first; `invalid_transaction_key` for an empty
    /// list or a key that is not base64url of at least 256 bits.
    #[uniffi::constructor]
    pub fn new(keys: Vec<String>) -> FfiResult<Arc<Self>> {
        let inner = Arc::new(loginkit::catch_panic(|| loginkit::TransactionKeys::new(&keys))?);
        let direct_handle = direct::register_keys(inner.clone());
        Ok(Arc::new(FfiTransactionKeys { texts: keys, inner, direct_handle }))
    }

    /// The handle of these keys on the direct path.
    pub fn direct_handle(&self) -> u64 {
        self.direct_handle
    }

    pub fn seal(&self, transaction: FfiLoginTransaction) -> FfiResult<String> {
        Ok(loginkit::catch_panic(|| self.inner.seal(&transaction.into()))?)
    }

    pub fn open(&self, value: String) -> FfiResult<FfiLoginTransaction> {
        Ok(loginkit::catch_panic(|| self.inner.open(&value))?.into())
    }
}

/// `TransactionKeys::generate_key`: a fresh key as base64url text.
#[uniffi::export]
pub fn generate_transaction_key() -> FfiResult<String> {
    Ok(loginkit::catch_panic(loginkit::TransactionKeys::generate_key)?)
}

/// `loginkit::LoginTransaction`; its Kotlin `toString` hides the nonce and
/// the PKCE verifier.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiLoginTransaction {
    pub state: String,
    pub nonce: String,
    pub code_verifier: String,
    pub redirect_uri: String,
    pub return_to: Option<String>,
    pub issued_at: i64,
}

impl std::fmt::Debug for FfiLoginTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginTransaction")
            .field("state", &self.state)
            .field("redirect_uri", &self.redirect_uri)
            .field("return_to", &self.return_to)
            .field("issued_at", &self.issued_at)
            .finish_non_exhaustive()
    }
}

impl From<loginkit::LoginTransaction> for FfiLoginTransaction {
    fn from(t: loginkit::LoginTransaction) -> Self {
        FfiLoginTransaction {
            state: t.state,
            nonce: t.nonce,
            code_verifier: t.code_verifier,
            redirect_uri: t.redirect_uri,
            return_to: t.return_to,
            issued_at: t.issued_at,
        }
    }
}

impl From<FfiLoginTransaction> for loginkit::LoginTransaction {
    fn from(t: FfiLoginTransaction) -> Self {
        loginkit::LoginTransaction {
            state: t.state,
            nonce: t.nonce,
            code_verifier: t.code_verifier,
            redirect_uri: t.redirect_uri,
            return_to: t.return_to,
            issued_at: t.issued_at,
        }
    }
}

/// `loginkit::CookieOptions`.
#[derive(uniffi::Record)]
pub struct FfiCookieOptions {
    pub path: String,
    pub secure: bool,
    pub ttl: u64,
}

impl From<&FfiCookieOptions> for loginkit::CookieOptions {
    fn from(o: &FfiCookieOptions) -> Self {
        loginkit::CookieOptions { path: o.path.clone(), secure: o.secure, ttl: o.ttl }
    }
}

/// The core's defaults (`Path=/`, `Secure`, 600 s).
#[uniffi::export]
pub fn default_cookie_options() -> FfiCookieOptions {
    let defaults = loginkit::CookieOptions::default();
    FfiCookieOptions { path: defaults.path, secure: defaults.secure, ttl: defaults.ttl }
}

#[uniffi::export]
pub fn cookie_set_cookie(options: FfiCookieOptions, name: String, value: String) -> FfiResult<String> {
    Ok(loginkit::catch_panic(|| Ok(loginkit::CookieOptions::from(&options).set_cookie(&name, &value)))?)
}

#[uniffi::export]
pub fn cookie_clear_cookie(options: FfiCookieOptions, name: String) -> FfiResult<String> {
    Ok(loginkit::catch_panic(|| Ok(loginkit::CookieOptions::from(&options).clear_cookie(&name)))?)
}

#[uniffi::export]
pub fn transaction_cookie_name(state: String) -> FfiResult<String> {
    Ok(loginkit::catch_panic(|| Ok(loginkit::transaction_cookie_name(&state)))?)
}

#[uniffi::export]
pub fn validate_return_to(return_to: String) -> FfiResult<()> {
    Ok(loginkit::catch_panic(|| loginkit::validate_return_to(&return_to))?)
}

/// `loginkit::FinishedLogin`; its Kotlin `toString` hides the code.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiFinishedLogin {
    pub code: String,
    pub transaction: FfiLoginTransaction,
    pub clear_cookie: String,
}

impl std::fmt::Debug for FfiFinishedLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FinishedLogin").field("transaction", &self.transaction).finish_non_exhaustive()
    }
}

#[uniffi::export]
impl FfiClient {
    /// `Client::finish_login`.
    pub fn finish_login(
        &self,
        callback: String,
        cookie_header: String,
        keys: Arc<FfiTransactionKeys>,
        cookie: FfiCookieOptions,
        now: i64,
    ) -> FfiResult<FfiFinishedLogin> {
        let done = loginkit::catch_panic(|| {
            self.inner.finish_login(&callback, &cookie_header, &keys.inner, &(&cookie).into(), now)
        })?;
        Ok(FfiFinishedLogin { code: done.code, transaction: done.transaction.into(), clear_cookie: done.clear_cookie })
    }
}

/// `loginkit::HttpResponse`; its Kotlin `toString` names the headers only
/// (a `Set-Cookie` carries a sealed session).
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiHttpResponse {
    pub status: u16,
    pub headers: Vec<FfiHeader>,
}

impl std::fmt::Debug for FfiHttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|h| h.name.as_str()).collect();
        f.debug_struct("HttpResponse").field("status", &self.status).field("headers", &names).finish()
    }
}

impl From<loginkit::HttpResponse> for FfiHttpResponse {
    fn from(r: loginkit::HttpResponse) -> Self {
        FfiHttpResponse {
            status: r.status,
            headers: r.headers.into_iter().map(|(name, value)| FfiHeader { name, value }).collect(),
        }
    }
}

/// A callback's code exchange, registered on the direct path: drive it as
/// any exchange, then `FfiWebLogin::complete` with the same handle.
#[derive(uniffi::Record, Debug)]
#[uniffi::export(Debug)]
pub struct FfiPendingLogin {
    pub exchange_handle: u64,
    pub first_request: FfiHttpRequest,
    pub return_to: Option<String>,
}

/// `loginkit::SessionUser`: the claims as the core's compact JSON text.
/// Its Kotlin `toString` hides the ID token.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiSessionUser {
    pub claims_json: String,
    pub id_token: String,
    pub expires_at: i64,
}

impl std::fmt::Debug for FfiSessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser").field("expires_at", &self.expires_at).finish_non_exhaustive()
    }
}

/// `loginkit::WebLogin`.
#[derive(uniffi::Object)]
pub struct FfiWebLogin {
    inner: Arc<loginkit::WebLogin>,
}

#[uniffi::export]
impl FfiWebLogin {
    #[uniffi::constructor]
    pub fn new(
        client: Arc<FfiClient>,
        keys: Arc<FfiTransactionKeys>,
        redirect_uri: String,
        post_logout_redirect_uri: Option<String>,
        scopes: Option<Vec<String>>,
        cookie: Option<FfiCookieOptions>,
        session_ttl: Option<u64>,
    ) -> FfiResult<Arc<Self>> {
        let inner = loginkit::catch_panic(|| {
            let keys = loginkit::TransactionKeys::new(&keys.texts)?;
            let mut web = loginkit::WebLogin::new(client.inner.clone(), keys, &redirect_uri)?;
            if let Some(uri) = &post_logout_redirect_uri {
                web = web.with_post_logout_redirect_uri(uri)?;
            }
            if let Some(scopes) = scopes {
                web = web.with_scopes(scopes);
            }
            let cookie = cookie.as_ref().map(loginkit::CookieOptions::from).unwrap_or_default();
            Ok(web.with_cookies(cookie, session_ttl.unwrap_or(loginkit::DEFAULT_SESSION_TTL)))
        })?;
        Ok(Arc::new(FfiWebLogin { inner: Arc::new(inner) }))
    }

    pub fn login(&self, sign_up: bool, return_to: Option<String>, now: i64) -> FfiResult<FfiHttpResponse> {
        Ok(loginkit::catch_panic(|| self.inner.login(sign_up, return_to.as_deref(), now))?.into())
    }

    pub fn login_from_request(&self, request_target: String, sign_up: bool, now: i64) -> FfiResult<FfiHttpResponse> {
        Ok(loginkit::catch_panic(|| self.inner.login_from_request(&request_target, sign_up, now))?.into())
    }

    pub fn callback(&self, request_target: String, cookie_header: String, now: i64) -> FfiResult<FfiPendingLogin> {
        let pending = loginkit::catch_panic(|| self.inner.callback(&request_target, &cookie_header, now))?;
        let first_request = pending.exchange.request().into();
        let return_to = pending.transaction.return_to.clone();
        let exchange_handle = direct::register_pending_login(pending);
        Ok(FfiPendingLogin { exchange_handle, first_request, return_to })
    }

    /// Completes the login whose exchange (by handle) is done.
    pub fn complete(&self, exchange_handle: u64, now: i64) -> FfiResult<FfiHttpResponse> {
        let response = loginkit::catch_panic(|| {
            direct::with_finished_login(exchange_handle, |pending, login| self.inner.complete(pending, login, now))
        })?;
        Ok(response.into())
    }

    pub fn user(&self, cookie_header: String, now: i64) -> Option<FfiSessionUser> {
        loginkit::catch_panic(|| Ok(self.inner.user(&cookie_header, now)))
            .ok()
            .flatten()
            .map(|user| FfiSessionUser { claims_json: user.claims.to_json(), id_token: user.id_token, expires_at: user.expires_at })
    }

    pub fn logout(&self, cookie_header: String, now: i64) -> FfiResult<FfiHttpResponse> {
        Ok(loginkit::catch_panic(|| self.inner.logout(&cookie_header, now))?.into())
    }
}
