//! The native half of the Node binding.
//!
//! It is called only by `index.js`, which checks argument types, rejects
//! strings that are not well-formed UTF-16 and turns failures into
//! `LoginKitError`. Here values are converted to the core's types and core
//! errors become JS errors whose `code` is the core's code. Options arrive
//! as positional arguments: one property read per option would cost more
//! than building the URL.
//!
//! Calls whose failure can carry the server's OAuth error (`token_error`)
//! return a result object with a `failure` member instead of throwing, the
//! way `parse_callback` does, so `index.js` can build an
//! `AuthorizationError` with the details. The binding does no I/O here:
//! `index.js` sends each `NativeHttpRequest` with `fetch` and hands the
//! status and body back to the core.
//!
//! Issues 12 and 13 add the sealed login transaction (`NativeTransactionKeys`,
//! `start_login_transaction`, `finish_login`) and the web routes
//! (`NativeWebLogin`): cookie options arrive as three positional arguments
//! (path, secure, ttl) that index.js has checked.

use loginkit::{
    AuthorizationUrlOptions, Client, CookieOptions, Exchange, HttpRequest, HttpResponse, IdTokenExpectations,
    LoginResult, LoginTransaction, LogoutUrlOptions, PendingLogin, Step, TokenEndpointAuthMethod, TokenResponse,
    TransactionKeys, WebLogin,
};
use napi::bindgen_prelude::*;
use napi::{Env, Task};
use napi_derive::napi;
use std::sync::{Arc, Mutex};

// `Result<T, String>` is napi's alias for a result whose error has a string
// status, which becomes the JS error's `code`. (The macro recognises the
// name `Result`, so no other alias is used.)

fn to_js(err: loginkit::Error) -> napi::Error<String> {
    napi::Error::new(err.code().as_str().to_owned(), err.message().to_owned())
}

/// The result of `parseCallback`: the callback, or the failure with the
/// server's details (an `AuthorizationError` needs more than a code).
#[napi(object)]
pub struct CallbackResult {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub oauth_error: Option<String>,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
}

/// A core failure as data: its code, message and, for `authorization_error`
/// and `token_error`, the server's OAuth error.
#[napi(object, use_nullable = true)]
pub struct NativeFailure {
    pub code: String,
    pub message: String,
    pub oauth_error: Option<String>,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
}

fn failure(err: loginkit::Error) -> NativeFailure {
    let oauth = err.oauth_error();
    NativeFailure {
        code: err.code().as_str().to_owned(),
        message: err.message().to_owned(),
        oauth_error: oauth.map(|o| o.error.clone()),
        error_description: oauth.and_then(|o| o.error_description.clone()),
        error_uri: oauth.and_then(|o| o.error_uri.clone()),
    }
}

/// An HTTP request to send exactly as built by the core. Headers are
/// `[name, value]` pairs in order.
#[napi(object)]
pub struct NativeHttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<Vec<String>>,
    pub body: String,
}

impl From<HttpRequest> for NativeHttpRequest {
    fn from(request: HttpRequest) -> Self {
        NativeHttpRequest {
            method: request.method.to_owned(),
            url: request.url,
            headers: request.headers.into_iter().map(|(name, value)| vec![name, value]).collect(),
            body: request.body,
        }
    }
}

/// A token response; absent members are `null`. `expires_in` becomes a JS
/// number (exact up to 2^53 - 1 seconds).
#[napi(object, use_nullable = true)]
pub struct NativeTokens {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: Option<f64>,
    pub refresh_token: Option<String>,
    pub id_token: Option<String>,
    pub scope: Option<String>,
}

impl From<TokenResponse> for NativeTokens {
    fn from(tokens: TokenResponse) -> Self {
        NativeTokens {
            access_token: tokens.access_token,
            token_type: tokens.token_type,
            expires_in: tokens.expires_in.map(|seconds| seconds as f64),
            refresh_token: tokens.refresh_token,
            id_token: tokens.id_token,
            scope: tokens.scope,
        }
    }
}

/// The result of `parseTokenResponse`: the tokens, or the failure.
#[napi(object, use_nullable = true)]
pub struct NativeTokenResult {
    pub tokens: Option<NativeTokens>,
    pub failure: Option<NativeFailure>,
}

/// The result of `NativeExchange.receive`: exactly one of `request` (send
/// it next), `tokens` (done; `claims` is the verified ID token's claims as
/// compact JSON text, or null when no ID token was issued; `result` is the
/// same login as the core's value, which `NativeWebLogin.complete` takes)
/// and `failure`.
#[napi(object, use_nullable = true, object_from_js = false)]
pub struct NativeStep {
    pub request: Option<NativeHttpRequest>,
    pub tokens: Option<NativeTokens>,
    pub claims: Option<String>,
    pub result: Option<NativeLoginResult>,
    pub failure: Option<NativeFailure>,
}

/// A finished login as the core's value, held for `NativeWebLogin.complete`
/// (a session is sealed only from claims the core verified). JS sees no
/// member: index.js keeps it out of reach of the application.
#[napi]
pub struct NativeLoginResult {
    inner: LoginResult,
}

#[napi(object)]
pub struct LoginStart {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub code_verifier: String,
}

/// A client for one environment and one application.
#[napi]
pub struct NativeClient {
    inner: Client,
}

#[allow(clippy::too_many_arguments)]
fn options(
    scopes: Option<Vec<String>>,
    state: Option<String>,
    nonce: Option<String>,
    login_hint: Option<String>,
    domain_hint: Option<String>,
    connection_id: Option<String>,
    organization_id: Option<String>,
    provider: Option<String>,
    prompt: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    extra_params: Option<Vec<Vec<String>>>,
) -> AuthorizationUrlOptions {
    AuthorizationUrlOptions {
        scopes,
        state,
        nonce,
        login_hint,
        domain_hint,
        connection_id,
        organization_id,
        provider,
        prompt,
        code_challenge,
        code_challenge_method,
        // index.js guarantees [name, value] pairs.
        extra_params: extra_params
            .unwrap_or_default()
            .into_iter()
            .map(|mut pair| {
                let value = pair.pop().unwrap_or_default();
                let name = pair.pop().unwrap_or_default();
                (name, value)
            })
            .collect(),
    }
}

#[napi]
impl NativeClient {
    /// `auth_method` is parsed first (as the reference runner does), then
    /// the environment URL and client id, then the secret and method
    /// together. `jwks_refetch_interval` is in seconds (index.js checks it
    /// is a non-negative safe integer).
    #[napi(constructor)]
    pub fn new(
        env_url: String,
        client_id: String,
        client_secret: Option<String>,
        auth_method: Option<String>,
        jwks_refetch_interval: Option<i64>,
    ) -> Result<Self, String> {
        loginkit::catch_panic(|| {
            let method = auth_method.as_deref().map(str::parse::<TokenEndpointAuthMethod>).transpose()?;
            let client = Client::new(&env_url, &client_id)?.with_token_endpoint_auth(client_secret.as_deref(), method)?;
            Ok(match jwks_refetch_interval {
                Some(seconds) => client.with_jwks_refetch_interval(u64::try_from(seconds).unwrap_or_default()),
                None => client,
            })
        })
        .map(|inner| NativeClient { inner })
        .map_err(to_js)
    }

    #[napi(getter)]
    pub fn token_endpoint_auth_method(&self) -> String {
        self.inner.token_endpoint_auth_method().as_str().to_owned()
    }

    #[napi]
    pub fn authorization_code_request(
        &self,
        code: String,
        redirect_uri: String,
        code_verifier: Option<String>,
    ) -> Result<NativeHttpRequest, String> {
        loginkit::catch_panic(|| self.inner.authorization_code_request(&code, &redirect_uri, code_verifier.as_deref()))
            .map(NativeHttpRequest::from)
            .map_err(to_js)
    }

    #[napi]
    pub fn refresh_token_request(&self, refresh_token: String, scope: Option<String>) -> Result<NativeHttpRequest, String> {
        loginkit::catch_panic(|| self.inner.refresh_token_request(&refresh_token, scope.as_deref()))
            .map(NativeHttpRequest::from)
            .map_err(to_js)
    }

    #[napi]
    pub fn jwks_request(&self) -> Result<NativeHttpRequest, String> {
        loginkit::catch_panic(|| Ok(self.inner.jwks_request())).map(NativeHttpRequest::from).map_err(to_js)
    }

    /// The claims as compact JSON text (index.js parses it).
    #[napi]
    pub fn verify_id_token(&self, id_token: String, jwks: String, nonce: Option<String>, now: i64) -> Result<String, String> {
        loginkit::catch_panic(|| self.inner.verify_id_token(&id_token, &jwks, nonce.as_deref(), now))
            .map(|claims| claims.to_json())
            .map_err(to_js)
    }

    /// Starts an authorization-code exchange. The exchange holds a clone of
    /// this client, so it shares this client's JWKS cache.
    #[napi]
    pub fn exchange_code(
        &self,
        code: String,
        redirect_uri: String,
        code_verifier: Option<String>,
        nonce: Option<String>,
    ) -> Result<NativeExchange, String> {
        loginkit::catch_panic(|| self.inner.exchange_code(&code, &redirect_uri, code_verifier.as_deref(), nonce.as_deref()))
            .map(NativeExchange::new)
            .map_err(to_js)
    }

    #[napi]
    pub fn exchange_refresh_token(&self, refresh_token: String, scope: Option<String>) -> Result<NativeExchange, String> {
        loginkit::catch_panic(|| self.inner.exchange_refresh_token(&refresh_token, scope.as_deref()))
            .map(NativeExchange::new)
            .map_err(to_js)
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    #[napi(getter)]
    pub fn client_id(&self) -> String {
        self.inner.client_id().to_owned()
    }

    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn authorization_url(
        &self,
        redirect_uri: String,
        scopes: Option<Vec<String>>,
        state: Option<String>,
        nonce: Option<String>,
        login_hint: Option<String>,
        domain_hint: Option<String>,
        connection_id: Option<String>,
        organization_id: Option<String>,
        provider: Option<String>,
        prompt: Option<String>,
        code_challenge: Option<String>,
        code_challenge_method: Option<String>,
        extra_params: Option<Vec<Vec<String>>>,
    ) -> Result<String, String> {
        let options = options(
            scopes, state, nonce, login_hint, domain_hint, connection_id, organization_id, provider, prompt,
            code_challenge, code_challenge_method, extra_params,
        );
        loginkit::catch_panic(|| self.inner.authorization_url(&redirect_uri, &options)).map_err(to_js)
    }

    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn start_login(
        &self,
        redirect_uri: String,
        scopes: Option<Vec<String>>,
        state: Option<String>,
        nonce: Option<String>,
        login_hint: Option<String>,
        domain_hint: Option<String>,
        connection_id: Option<String>,
        organization_id: Option<String>,
        provider: Option<String>,
        prompt: Option<String>,
        code_challenge: Option<String>,
        code_challenge_method: Option<String>,
        extra_params: Option<Vec<Vec<String>>>,
    ) -> Result<LoginStart, String> {
        let options = options(
            scopes, state, nonce, login_hint, domain_hint, connection_id, organization_id, provider, prompt,
            code_challenge, code_challenge_method, extra_params,
        );
        let login = loginkit::catch_panic(|| self.inner.start_login(&redirect_uri, &options)).map_err(to_js)?;
        Ok(LoginStart { url: login.url, state: login.state, nonce: login.nonce, code_verifier: login.code_verifier })
    }

    #[napi]
    pub fn logout_url(
        &self,
        id_token_hint: Option<String>,
        post_logout_redirect_uri: Option<String>,
        state: Option<String>,
    ) -> Result<String, String> {
        let options = LogoutUrlOptions { id_token_hint, post_logout_redirect_uri, state };
        loginkit::catch_panic(|| self.inner.logout_url(&options)).map_err(to_js)
    }

    #[napi]
    pub fn parse_callback(&self, callback: String, expected_state: String) -> CallbackResult {
        match loginkit::catch_panic(|| self.inner.parse_callback(&callback, &expected_state)) {
            Ok(callback) => CallbackResult {
                code: Some(callback.code),
                state: Some(callback.state),
                error_code: None,
                error_message: None,
                oauth_error: None,
                error_description: None,
                error_uri: None,
            },
            Err(err) => {
                let oauth = err.oauth_error();
                CallbackResult {
                    code: None,
                    state: None,
                    error_code: Some(err.code().as_str().to_owned()),
                    error_message: Some(err.message().to_owned()),
                    oauth_error: oauth.map(|o| o.error.clone()),
                    error_description: oauth.and_then(|o| o.error_description.clone()),
                    error_uri: oauth.and_then(|o| o.error_uri.clone()),
                }
            }
        }
    }
}

/// Where an exchange's core state machine lives: its own, or inside the
/// `PendingLogin` of a web callback (which `NativeWebLogin.complete` reads).
enum ExchangeSlot {
    Own(Exchange),
    Pending(PendingLogin),
}

impl ExchangeSlot {
    fn exchange(&mut self) -> &mut Exchange {
        match self {
            ExchangeSlot::Own(exchange) => exchange,
            ExchangeSlot::Pending(pending) => &mut pending.exchange,
        }
    }
}

/// Locks a slot. A panic is caught inside the lock, so the mutex is never
/// poisoned; if it were, the exchange inside is still whole (receive either
/// finished or never started), so it is used as it is.
fn locked(slot: &Mutex<ExchangeSlot>) -> std::sync::MutexGuard<'_, ExchangeSlot> {
    slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One token exchange in progress (the core's `Exchange`). The mutex lets
/// `receive_async` judge an answer on libuv's thread pool; JS never runs
/// two steps of one exchange at once, so it is never contended.
#[napi]
pub struct NativeExchange {
    inner: Arc<Mutex<ExchangeSlot>>,
}

impl NativeExchange {
    fn new(exchange: Exchange) -> Self {
        NativeExchange { inner: Arc::new(Mutex::new(ExchangeSlot::Own(exchange))) }
    }
}

/// One step of an exchange as data: what `receive` and `receive_async` return.
fn receive(slot: &Mutex<ExchangeSlot>, status: u32, body: &str, now: i64) -> NativeStep {
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    let step = NativeStep { request: None, tokens: None, claims: None, result: None, failure: None };
    let mut slot = locked(slot);
    match loginkit::catch_panic(|| slot.exchange().receive(status, body, now)) {
        Ok(Step::Send(request)) => NativeStep { request: Some(request.into()), ..step },
        Ok(Step::Done(login)) => {
            let login = *login;
            NativeStep {
                claims: login.claims.as_ref().map(|claims| claims.to_json()),
                tokens: Some(login.tokens.clone().into()),
                result: Some(NativeLoginResult { inner: login }),
                ..step
            }
        }
        Err(err) => NativeStep { failure: Some(failure(err)), ..step },
    }
}

/// `NativeExchange.receive_async`'s work: the same step, on the thread pool.
pub struct ReceiveTask {
    exchange: Arc<Mutex<ExchangeSlot>>,
    status: u32,
    body: String,
    now: i64,
}

impl Task for ReceiveTask {
    type Output = NativeStep;
    type JsValue = NativeStep;

    fn compute(&mut self) -> napi::Result<NativeStep> {
        Ok(receive(&self.exchange, self.status, &self.body, self.now))
    }

    fn resolve(&mut self, _env: Env, step: NativeStep) -> napi::Result<NativeStep> {
        Ok(step)
    }
}

#[napi]
impl NativeExchange {
    #[napi]
    pub fn request(&self) -> Result<NativeHttpRequest, String> {
        let mut slot = locked(&self.inner);
        loginkit::catch_panic(|| Ok(slot.exchange().request())).map(NativeHttpRequest::from).map_err(to_js)
    }

    /// Judges the answer to the last request; `status` is 0 to 65535
    /// (index.js checks it).
    #[napi]
    pub fn receive(&self, status: u32, body: String, now: i64) -> NativeStep {
        receive(&self.inner, status, &body, now)
    }

    /// `receive` on libuv's thread pool (the signature check is the CPU
    /// work of a step), for `authenticateWithCode`: the event loop goes on
    /// meanwhile, as with WebCrypto.
    #[napi(ts_return_type = "Promise<NativeStep>")]
    pub fn receive_async(&self, status: u32, body: String, now: i64) -> AsyncTask<ReceiveTask> {
        AsyncTask::new(ReceiveTask { exchange: Arc::clone(&self.inner), status, body, now })
    }
}

#[napi]
pub fn parse_token_response(status: u32, body: String) -> NativeTokenResult {
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    match loginkit::catch_panic(|| loginkit::parse_token_response(status, &body)) {
        Ok(tokens) => NativeTokenResult { tokens: Some(tokens.into()), failure: None },
        Err(err) => NativeTokenResult { tokens: None, failure: Some(failure(err)) },
    }
}

/// The claims as compact JSON text (index.js parses it). `leeway` is in
/// seconds (index.js checks it is a non-negative safe integer).
#[napi]
pub fn verify_id_token(
    id_token: String,
    jwks: String,
    issuer: String,
    client_id: String,
    nonce: Option<String>,
    now: i64,
    leeway: Option<i64>,
) -> Result<String, String> {
    let expected = IdTokenExpectations {
        issuer: &issuer,
        client_id: &client_id,
        nonce: nonce.as_deref(),
        now,
        leeway: leeway.map(|seconds| u64::try_from(seconds).unwrap_or_default()),
    };
    loginkit::catch_panic(|| loginkit::verify_id_token(&id_token, &jwks, &expected))
        .map(|claims| claims.to_json())
        .map_err(to_js)
}

#[napi]
pub fn validate_redirect_uri(uri: String, environment: String) -> Result<(), String> {
    let environment = environment.parse().map_err(to_js)?;
    loginkit::catch_panic(|| loginkit::validate_redirect_uri(&uri, environment)).map_err(to_js)
}

#[napi]
pub fn redirect_uri_matches(registered: String, candidate: String) -> Result<bool, String> {
    loginkit::catch_panic(|| Ok(loginkit::redirect_uri_matches(&registered, &candidate))).map_err(to_js)
}

#[napi]
pub fn generate_state() -> Result<String, String> {
    loginkit::catch_panic(loginkit::generate_state).map_err(to_js)
}

#[napi]
pub fn generate_nonce() -> Result<String, String> {
    loginkit::catch_panic(loginkit::generate_nonce).map_err(to_js)
}

#[napi]
pub fn generate_code_verifier() -> Result<String, String> {
    loginkit::catch_panic(loginkit::generate_code_verifier).map_err(to_js)
}

#[napi]
pub fn pkce_challenge(verifier: String) -> Result<String, String> {
    loginkit::catch_panic(|| loginkit::pkce_challenge(&verifier)).map_err(to_js)
}

#[napi]
pub fn verify_state(expected: String, received: String) -> Result<bool, String> {
    loginkit::catch_panic(|| Ok(loginkit::verify_state(&expected, &received))).map_err(to_js)
}

/// Panics inside the core on purpose (hidden; for the boundary test).
#[napi]
pub fn panic_for_tests() -> Result<(), String> {
    loginkit::catch_panic(loginkit::panic_for_tests).map_err(to_js)
}

#[napi]
pub fn error_codes() -> Vec<&'static str> {
    loginkit::ErrorCode::ALL.iter().map(|code| code.as_str()).collect()
}

// ---------------------------------------------------------------------------
// The sealed login transaction (issue 12) and the web login routes (issue 13).

/// Cookie attributes from their three positional arguments (index.js has
/// checked `ttl` is a non-negative safe integer).
fn cookie_options(path: String, secure: bool, ttl: i64) -> CookieOptions {
    CookieOptions { path, secure, ttl: u64::try_from(ttl).unwrap_or_default() }
}

/// The keys that seal and open transactions (and the web session): the
/// first seals, every key opens. The key texts are kept (never shown) to
/// derive the keys again for a `NativeWebLogin`, which owns its own.
#[napi]
pub struct NativeTransactionKeys {
    inner: TransactionKeys,
    texts: Vec<String>,
}

/// A login transaction as data; `return_to` is null when absent.
#[napi(object, use_nullable = true)]
pub struct NativeTransaction {
    pub state: String,
    pub nonce: String,
    pub code_verifier: String,
    pub redirect_uri: String,
    pub return_to: Option<String>,
    pub issued_at: i64,
}

impl From<LoginTransaction> for NativeTransaction {
    fn from(t: LoginTransaction) -> Self {
        NativeTransaction {
            state: t.state,
            nonce: t.nonce,
            code_verifier: t.code_verifier,
            redirect_uri: t.redirect_uri,
            return_to: t.return_to,
            issued_at: t.issued_at,
        }
    }
}

#[napi]
impl NativeTransactionKeys {
    /// Loads keys from their base64url texts, newest (sealing) key first.
    #[napi(constructor)]
    pub fn new(keys: Vec<String>) -> Result<Self, String> {
        let inner = loginkit::catch_panic(|| TransactionKeys::new(&keys)).map_err(to_js)?;
        Ok(NativeTransactionKeys { inner, texts: keys })
    }

    /// How many keys (one seals, all open).
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.texts.len()).unwrap_or(u32::MAX)
    }

    /// Seals a transaction into a cookie value under the first key.
    #[napi]
    pub fn seal(&self, transaction: NativeTransaction) -> Result<String, String> {
        let transaction = LoginTransaction {
            state: transaction.state,
            nonce: transaction.nonce,
            code_verifier: transaction.code_verifier,
            redirect_uri: transaction.redirect_uri,
            return_to: transaction.return_to,
            issued_at: transaction.issued_at,
        };
        loginkit::catch_panic(|| self.inner.seal(&transaction)).map_err(to_js)
    }

    /// Opens a cookie value sealed under any of the keys.
    #[napi]
    pub fn open(&self, value: String) -> Result<NativeTransaction, String> {
        loginkit::catch_panic(|| self.inner.open(&value)).map(NativeTransaction::from).map_err(to_js)
    }
}

impl NativeTransactionKeys {
    /// The same keys again, for an owner of its own (a `WebLogin`).
    fn derive_again(&self) -> Result<TransactionKeys, String> {
        loginkit::catch_panic(|| TransactionKeys::new(&self.texts)).map_err(to_js)
    }
}

/// A fresh transaction key: 32 bytes from the OS CSPRNG as base64url text.
#[napi]
pub fn generate_transaction_key() -> Result<String, String> {
    loginkit::catch_panic(TransactionKeys::generate_key).map_err(to_js)
}

/// The cookie name of the login whose state is `state`.
#[napi]
pub fn transaction_cookie_name(state: String) -> Result<String, String> {
    loginkit::catch_panic(|| Ok(loginkit::transaction_cookie_name(&state))).map_err(to_js)
}

/// Checks that `return_to` is a same-origin path.
#[napi]
pub fn validate_return_to(return_to: String) -> Result<(), String> {
    loginkit::catch_panic(|| loginkit::validate_return_to(&return_to)).map_err(to_js)
}

/// `CookieOptions::set_cookie`.
#[napi]
pub fn set_cookie(path: String, secure: bool, ttl: i64, name: String, value: String) -> Result<String, String> {
    let options = cookie_options(path, secure, ttl);
    loginkit::catch_panic(|| Ok(options.set_cookie(&name, &value))).map_err(to_js)
}

/// `CookieOptions::clear_cookie`.
#[napi]
pub fn clear_cookie(path: String, secure: bool, ttl: i64, name: String) -> Result<String, String> {
    let options = cookie_options(path, secure, ttl);
    loginkit::catch_panic(|| Ok(options.clear_cookie(&name))).map_err(to_js)
}

/// The core's defaults for transactions and sessions.
#[napi(object)]
pub struct NativeWebDefaults {
    pub cookie_path: String,
    pub cookie_secure: bool,
    pub transaction_ttl: i64,
    pub session_ttl: i64,
    pub session_cookie: String,
}

#[napi]
pub fn web_defaults() -> NativeWebDefaults {
    let cookie = CookieOptions::default();
    NativeWebDefaults {
        cookie_path: cookie.path,
        cookie_secure: cookie.secure,
        transaction_ttl: i64::try_from(cookie.ttl).unwrap_or(i64::MAX),
        session_ttl: i64::try_from(loginkit::DEFAULT_SESSION_TTL).unwrap_or(i64::MAX),
        session_cookie: loginkit::SESSION_COOKIE.to_owned(),
    }
}

/// A started login with its sealed transaction cookie.
#[napi(object)]
pub struct NativeTransactionStart {
    pub url: String,
    pub cookie_name: String,
    pub cookie_value: String,
    pub set_cookie: String,
}

/// A finished login: the code, the opened transaction and the
/// `Set-Cookie` value that deletes its cookie.
#[napi(object)]
pub struct NativeFinishedLogin {
    pub code: String,
    pub transaction: NativeTransaction,
    pub clear_cookie: String,
}

/// The result of `finish_login`: the finished login, or the failure (an
/// `authorization_error` carries the server's OAuth error).
#[napi(object, use_nullable = true)]
pub struct NativeFinishResult {
    pub finished: Option<NativeFinishedLogin>,
    pub failure: Option<NativeFailure>,
}

#[napi]
impl NativeClient {
    /// Starts a login with its transaction sealed into a cookie; the
    /// authorization options are positional as for `start_login`, then
    /// the return-to path, the keys, the cookie options and the time.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn start_login_transaction(
        &self,
        redirect_uri: String,
        scopes: Option<Vec<String>>,
        state: Option<String>,
        nonce: Option<String>,
        login_hint: Option<String>,
        domain_hint: Option<String>,
        connection_id: Option<String>,
        organization_id: Option<String>,
        provider: Option<String>,
        prompt: Option<String>,
        code_challenge: Option<String>,
        code_challenge_method: Option<String>,
        extra_params: Option<Vec<Vec<String>>>,
        return_to: Option<String>,
        keys: &NativeTransactionKeys,
        cookie_path: String,
        cookie_secure: bool,
        cookie_ttl: i64,
        now: i64,
    ) -> Result<NativeTransactionStart, String> {
        let options = options(
            scopes, state, nonce, login_hint, domain_hint, connection_id, organization_id, provider, prompt,
            code_challenge, code_challenge_method, extra_params,
        );
        let cookie = cookie_options(cookie_path, cookie_secure, cookie_ttl);
        let start = loginkit::catch_panic(|| {
            self.inner.start_login_transaction(&redirect_uri, &options, return_to.as_deref(), &keys.inner, &cookie, now)
        })
        .map_err(to_js)?;
        Ok(NativeTransactionStart {
            url: start.url,
            cookie_name: start.cookie_name,
            cookie_value: start.cookie_value,
            set_cookie: start.set_cookie,
        })
    }

    /// Finishes a login started by `start_login_transaction`.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn finish_login(
        &self,
        callback: String,
        cookie_header: String,
        keys: &NativeTransactionKeys,
        cookie_path: String,
        cookie_secure: bool,
        cookie_ttl: i64,
        now: i64,
    ) -> NativeFinishResult {
        let cookie = cookie_options(cookie_path, cookie_secure, cookie_ttl);
        match loginkit::catch_panic(|| self.inner.finish_login(&callback, &cookie_header, &keys.inner, &cookie, now)) {
            Ok(finished) => NativeFinishResult {
                finished: Some(NativeFinishedLogin {
                    code: finished.code,
                    transaction: finished.transaction.into(),
                    clear_cookie: finished.clear_cookie,
                }),
                failure: None,
            },
            Err(err) => NativeFinishResult { finished: None, failure: Some(failure(err)) },
        }
    }
}

/// An HTTP response as data: the status and the headers in order
/// (`[name, value]` pairs; `Set-Cookie` may repeat).
#[napi(object)]
pub struct NativeHttpResponse {
    pub status: u32,
    pub headers: Vec<Vec<String>>,
}

impl From<HttpResponse> for NativeHttpResponse {
    fn from(response: HttpResponse) -> Self {
        NativeHttpResponse {
            status: u32::from(response.status),
            headers: response.headers.into_iter().map(|(name, value)| vec![name, value]).collect(),
        }
    }
}

/// A callback being finished: its exchange (driven by index.js) and what
/// `complete` needs, shared with that exchange.
#[napi]
pub struct NativePendingLogin {
    inner: Arc<Mutex<ExchangeSlot>>,
}

#[napi]
impl NativePendingLogin {
    /// The code exchange to drive (the same one on every call).
    #[napi]
    pub fn exchange(&self) -> NativeExchange {
        NativeExchange { inner: Arc::clone(&self.inner) }
    }

    /// The opened transaction.
    #[napi]
    pub fn transaction(&self) -> Result<NativeTransaction, String> {
        match &*locked(&self.inner) {
            ExchangeSlot::Pending(pending) => Ok(pending.transaction.clone().into()),
            ExchangeSlot::Own(_) => Err(internal("a pending login without its transaction")),
        }
    }

    /// The `Set-Cookie` value that deletes the used transaction cookie.
    #[napi]
    pub fn clear_cookie(&self) -> Result<String, String> {
        match &*locked(&self.inner) {
            ExchangeSlot::Pending(pending) => Ok(pending.clear_cookie.clone()),
            ExchangeSlot::Own(_) => Err(internal("a pending login without its cookie")),
        }
    }
}

fn internal(message: &str) -> napi::Error<String> {
    napi::Error::new(loginkit::ErrorCode::InternalError.as_str().to_owned(), message.to_owned())
}

/// The result of `NativeWebLogin.callback`: the pending login, or the
/// failure (an `authorization_error` carries the server's OAuth error).
#[napi(object, use_nullable = true, object_from_js = false)]
pub struct NativeCallbackStart {
    pub pending: Option<NativePendingLogin>,
    pub failure: Option<NativeFailure>,
}

/// A signed-in user from the session cookie; `claims` is compact JSON text.
#[napi(object)]
pub struct NativeSessionUser {
    pub claims: String,
    pub id_token: String,
    pub expires_at: i64,
}

/// The core's `WebLogin`: one application's login routes as data.
#[napi]
pub struct NativeWebLogin {
    inner: WebLogin,
}

#[napi]
impl NativeWebLogin {
    /// A clone of the client's core value shares its JWKS cache; the keys
    /// are derived again from their texts (the WebLogin owns its own).
    /// `session_ttl` and `cookie_ttl` are seconds (index.js checks them).
    #[napi(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        client: &NativeClient,
        keys: &NativeTransactionKeys,
        redirect_uri: String,
        post_logout_redirect_uri: Option<String>,
        scopes: Option<Vec<String>>,
        cookie_path: String,
        cookie_secure: bool,
        cookie_ttl: i64,
        session_ttl: i64,
    ) -> Result<Self, String> {
        let keys = keys.derive_again()?;
        let core_client = client.inner.clone();
        let cookie = cookie_options(cookie_path, cookie_secure, cookie_ttl);
        let session_ttl = u64::try_from(session_ttl).unwrap_or_default();
        loginkit::catch_panic(|| {
            let mut web = WebLogin::new(core_client, keys, &redirect_uri)?;
            if let Some(uri) = &post_logout_redirect_uri {
                web = web.with_post_logout_redirect_uri(uri)?;
            }
            if let Some(scopes) = scopes {
                web = web.with_scopes(scopes);
            }
            Ok(web.with_cookies(cookie, session_ttl))
        })
        .map(|inner| NativeWebLogin { inner })
        .map_err(to_js)
    }

    /// The login route (`sign_up` adds `prompt=create`).
    #[napi]
    pub fn login(&self, sign_up: bool, return_to: Option<String>, now: i64) -> Result<NativeHttpResponse, String> {
        loginkit::catch_panic(|| self.inner.login(sign_up, return_to.as_deref(), now))
            .map(NativeHttpResponse::from)
            .map_err(to_js)
    }

    /// The login route from its request target: the core reads
    /// `return_to` from the query.
    #[napi]
    pub fn login_from_request(&self, request_target: String, sign_up: bool, now: i64) -> Result<NativeHttpResponse, String> {
        loginkit::catch_panic(|| self.inner.login_from_request(&request_target, sign_up, now))
            .map(NativeHttpResponse::from)
            .map_err(to_js)
    }

    /// The callback route, first half: the callback checked against its
    /// transaction cookie, and the code exchange started.
    #[napi]
    pub fn callback(&self, request_target: String, cookie_header: String, now: i64) -> NativeCallbackStart {
        match loginkit::catch_panic(|| self.inner.callback(&request_target, &cookie_header, now)) {
            Ok(pending) => NativeCallbackStart {
                pending: Some(NativePendingLogin { inner: Arc::new(Mutex::new(ExchangeSlot::Pending(pending))) }),
                failure: None,
            },
            Err(err) => NativeCallbackStart { pending: None, failure: Some(failure(err)) },
        }
    }

    /// The callback route, second half: the session sealed from `result`
    /// and the redirect to the return-to path.
    #[napi]
    pub fn complete(
        &self,
        pending: &NativePendingLogin,
        result: &NativeLoginResult,
        now: i64,
    ) -> Result<NativeHttpResponse, String> {
        let slot = locked(&pending.inner);
        let ExchangeSlot::Pending(pending) = &*slot else {
            return Err(internal("a pending login without its transaction"));
        };
        loginkit::catch_panic(|| self.inner.complete(pending, &result.inner, now))
            .map(NativeHttpResponse::from)
            .map_err(to_js)
    }

    /// The signed-in user of a `Cookie` header, or null.
    #[napi]
    pub fn user(&self, cookie_header: String, now: i64) -> Result<Option<NativeSessionUser>, String> {
        loginkit::catch_panic(|| Ok(self.inner.user(&cookie_header, now)))
            .map(|user| {
                user.map(|user| NativeSessionUser {
                    claims: user.claims.to_json(),
                    id_token: user.id_token,
                    expires_at: user.expires_at,
                })
            })
            .map_err(to_js)
    }

    /// The logout route.
    #[napi]
    pub fn logout(&self, cookie_header: String, now: i64) -> Result<NativeHttpResponse, String> {
        loginkit::catch_panic(|| self.inner.logout(&cookie_header, now)).map(NativeHttpResponse::from).map_err(to_js)
    }
}
