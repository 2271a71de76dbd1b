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

use loginkit::{
    AuthorizationUrlOptions, Client, Exchange, HttpRequest, IdTokenExpectations, LogoutUrlOptions, Step,
    TokenEndpointAuthMethod, TokenResponse,
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
/// compact JSON text, or null when no ID token was issued) and `failure`.
#[napi(object, use_nullable = true)]
pub struct NativeStep {
    pub request: Option<NativeHttpRequest>,
    pub tokens: Option<NativeTokens>,
    pub claims: Option<String>,
    pub failure: Option<NativeFailure>,
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

/// One token exchange in progress (the core's `Exchange`). The mutex lets
/// `receive_async` judge an answer on libuv's thread pool; JS never runs
/// two steps of one exchange at once, so it is never contended.
#[napi]
pub struct NativeExchange {
    inner: Arc<Mutex<Exchange>>,
}

impl NativeExchange {
    fn new(exchange: Exchange) -> Self {
        NativeExchange { inner: Arc::new(Mutex::new(exchange)) }
    }
}

/// One step of an exchange as data: what `receive` and `receive_async` return.
fn receive(exchange: &Mutex<Exchange>, status: u32, body: &str, now: i64) -> NativeStep {
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    let step = NativeStep { request: None, tokens: None, claims: None, failure: None };
    // A panic is caught inside the lock, so the mutex is never poisoned;
    // if it were, the exchange inside is still whole (receive either
    // finished or never started), so it is used as it is.
    let mut exchange = exchange.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match loginkit::catch_panic(|| exchange.receive(status, body, now)) {
        Ok(Step::Send(request)) => NativeStep { request: Some(request.into()), ..step },
        Ok(Step::Done(login)) => {
            let login = *login;
            NativeStep { claims: login.claims.map(|claims| claims.to_json()), tokens: Some(login.tokens.into()), ..step }
        }
        Err(err) => NativeStep { failure: Some(failure(err)), ..step },
    }
}

/// `NativeExchange.receive_async`'s work: the same step, on the thread pool.
pub struct ReceiveTask {
    exchange: Arc<Mutex<Exchange>>,
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
        let exchange = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loginkit::catch_panic(|| Ok(exchange.request())).map(NativeHttpRequest::from).map_err(to_js)
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
