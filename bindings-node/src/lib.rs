//! The native half of the Node binding, called only by `index.js` (which
//! gives errors their classes and moves HTTP with `fetch`).
//!
//! Its functions are one table, `calls!` (`js.rs`): each argument is read
//! as its type says under its own name (a string checked as index.js's
//! `text`, an instance of a class here, an options object read once by the
//! reader `options!` declares: each option's name is written there and
//! nowhere else). Every failure is thrown: a value that fails its check as
//! `Js::bad`, a core failure as `Js::core_error`. The classes are napi-rs
//! classes for their lifetimes only; no call pays napi-rs's per-call glue.

mod js;

use js::{args, calls, classes, options, Js, Now, Options, Raw, Required, Skip, Value};
use loginkit::{
    AuthorizationUrlOptions, Callback, Client, CookieOptions, Exchange, HttpRequest, HttpResponse, IdTokenExpectations,
    LoginResult, LoginStart, LoginTransaction, LogoutUrlOptions, PendingLogin, Step, TokenEndpointAuthMethod,
    TokenResponse, TransactionKeys, TransactionStart, WebLogin,
};
use napi::bindgen_prelude::*;
use napi::{Env, Task};
use napi_derive::napi;
use std::sync::{Arc, Mutex};

/// A core call's result.
type Core<T> = std::result::Result<T, loginkit::Error>;

options!(impl AuthorizationUrlOptions {
    "scopes" scopes, "state" state, "nonce" nonce, "loginHint" login_hint, "domainHint" domain_hint,
    "connectionId" connection_id, "organizationId" organization_id, "provider" provider, "prompt" prompt,
    "codeChallenge" code_challenge, "codeChallengeMethod" code_challenge_method, "extraParams" extra_params,
});
options!(impl LogoutUrlOptions {
    "idTokenHint" id_token_hint, "postLogoutRedirectUri" post_logout_redirect_uri, "state" state,
});
options!(impl CookieOptions { "path" path, "secure" secure, "ttl" ttl });
// Results written as JS objects with these members (`to_js`).
options!(impl LoginStart { "url" url, "state" state, "nonce" nonce, "codeVerifier" code_verifier });
options!(impl Callback { "code" code, "state" state });
options!(impl TransactionStart {
    "url" url, "cookieName" cookie_name, "cookieValue" cookie_value, "setCookie" set_cookie,
});
options! {
    struct ClientOptions {
        "clientSecret" client_secret: Option<String>,
        "tokenEndpointAuthMethod" token_endpoint_auth_method: Option<String>,
        "jwksRefetchIntervalSeconds" jwks_refetch_interval: Option<u64>,
    }
    struct CodeRequestOptions { "codeVerifier" code_verifier: Option<String> }
    /// `refreshTokenRequest`, `exchangeRefreshToken`.
    struct RefreshRequestOptions { "scope" scope: Option<String> }
    struct CodeExchangeOptions { "codeVerifier" code_verifier: Option<String>, "nonce" nonce: Option<String> }
    /// `client.verifyIdToken`.
    struct ClientVerifyOptions { "nonce" nonce: Option<String>, "now" now: Now }
    /// `verifyIdToken`.
    struct VerifyOptions {
        "issuer" issuer: Required, "clientId" client_id: Required, "nonce" nonce: Option<String>, "now" now: Now,
        "leeway" leeway: Option<u64>,
    }
    /// Beside the exchange's options in `authenticateWithCode`, `refreshAccessToken`
    /// and `handleCallback`: index.js reads them.
    struct TransportOptions { "fetch" fetch: Skip, "timeoutMs" timeout_ms: Skip }
    /// Beside the authorization options in `startLoginTransaction`; index.js
    /// reads `cookieOptions` and passes it as a `CookieOptions`.
    struct TransactionStartOptions {
        "returnTo" return_to: Option<String>, "cookieOptions" cookie: Skip, "now" now: Now,
    }
    struct FinishOptions { "cookieOptions" cookie: Skip, "now" now: Now }
    struct WebLoginOptions {
        "postLogoutRedirectUri" post_logout_redirect_uri: Option<String>, "scopes" scopes: Option<Vec<String>>,
        "cookieOptions" cookie: Skip, "sessionTtl" session_ttl: Option<u64>,
    }
    /// `web.login`, `web.loginFromRequest` (which takes no `returnTo`).
    struct LoginRouteOptions { "signUp" sign_up: bool, "returnTo" return_to: Option<String>, "now" now: Now }
    struct LoginRequestOptions { "signUp" sign_up: bool, "now" now: Now }
    struct NowOptions { "now" now: Now }
}

/// An exchange's options, which may also hold index.js's `fetch` and `timeoutMs`.
fn exchange_options<T: Options + Default>(js: Js, options: Value, keys: Value, transport: Option<bool>) -> Result<T> {
    match transport {
        Some(true) => js.options::<(T, TransportOptions)>(options, Some(keys), "options").map(|(options, _)| options),
        _ => js.options(options, Some(keys), "options"),
    }
}

calls! {
    /// A client. `tokenEndpointAuthMethod` is parsed first (as the reference
    /// runner does), then the environment URL and client id, then the secret
    /// and method together.
    fn newClient(js, envUrl: String, clientId: String, options + names: ClientOptions) {
        let ClientOptions { client_secret, token_endpoint_auth_method, jwks_refetch_interval } = options;
        let inner = js.run(|| {
            let method = token_endpoint_auth_method.as_deref().map(str::parse::<TokenEndpointAuthMethod>).transpose()?;
            let client = Client::new(&envUrl, &clientId)?.with_token_endpoint_auth(client_secret.as_deref(), method)?;
            Ok(match jwks_refetch_interval {
                Some(seconds) => client.with_jwks_refetch_interval(seconds),
                None => client,
            })
        })?;
        Ok(NativeClient { inner })
    }

    fn clientAuthMethod(js, client: &NativeClient) { Ok(client.inner.token_endpoint_auth_method().as_str()) }
    fn clientBaseUrl(js, client: &NativeClient) { Ok(client.inner.base_url().to_owned()) }
    fn clientId(js, client: &NativeClient) { Ok(client.inner.client_id().to_owned()) }

    /// The seed's call.
    fn authorizationUrl(js, client: &NativeClient, redirectUri: Value, options + names: AuthorizationUrlOptions) {
        let redirect_uri = js.text(redirectUri, "redirectUri")?;
        js.run(|| client.inner.authorization_url(&redirect_uri, &options))
    }

    fn startLogin(js, client: &NativeClient, redirectUri: Value, options + names: AuthorizationUrlOptions) {
        let redirect_uri = js.text(redirectUri, "redirectUri")?;
        js.run(|| client.inner.start_login(&redirect_uri, &options))?.to_js(js).map(Raw)
    }

    fn logoutUrl(js, client: &NativeClient, options + names: LogoutUrlOptions) {
        js.run(|| client.inner.logout_url(&options))
    }

    fn parseCallback(js, client: &NativeClient, callback: String, expectedState: String) {
        js.run(|| client.inner.parse_callback(&callback, &expectedState))?.to_js(js).map(Raw)
    }

    fn authorizationCodeRequest(
        js, client: &NativeClient, code: String, redirectUri: String, options + names: CodeRequestOptions,
    ) {
        let verifier = options.code_verifier.as_deref();
        js.run(|| client.inner.authorization_code_request(&code, &redirectUri, verifier)).map(NativeHttpRequest::from)
    }

    fn refreshTokenRequest(js, client: &NativeClient, refreshToken: String, options + names: RefreshRequestOptions) {
        let request = js.run(|| client.inner.refresh_token_request(&refreshToken, options.scope.as_deref()));
        request.map(NativeHttpRequest::from)
    }

    fn jwksRequest(js, client: &NativeClient) {
        js.run(|| Ok(client.inner.jwks_request())).map(NativeHttpRequest::from)
    }

    /// The claims as compact JSON text (index.js parses it).
    fn clientVerifyIdToken(
        js, client: &NativeClient, idToken: String, jwks: String, options + names: ClientVerifyOptions,
    ) {
        let verify = || client.inner.verify_id_token(&idToken, &jwks, options.nonce.as_deref(), options.now.get());
        js.run(verify).map(|claims| claims.to_json())
    }

    /// Starts an authorization-code exchange, which shares the client's JWKS
    /// cache. `transport`: the options may also hold `fetch` and `timeoutMs`.
    fn exchangeCode(
        js, client: &NativeClient, code: String, redirectUri: String, options: Value, names: Value,
        transport: Option<bool>,
    ) {
        let CodeExchangeOptions { code_verifier, nonce } = exchange_options(js, options, names, transport)?;
        let exchange = || client.inner.exchange_code(&code, &redirectUri, code_verifier.as_deref(), nonce.as_deref());
        js.run(exchange).map(NativeExchange::new)
    }

    fn exchangeRefreshToken(
        js, client: &NativeClient, refreshToken: String, options: Value, names: Value, transport: Option<bool>,
    ) {
        let RefreshRequestOptions { scope } = exchange_options(js, options, names, transport)?;
        js.run(|| client.inner.exchange_refresh_token(&refreshToken, scope.as_deref())).map(NativeExchange::new)
    }

    /// Starts a login with its transaction sealed into a cookie.
    fn startLoginTransaction(
        js, client: &NativeClient, redirectUri: String, keys: &NativeTransactionKeys,
        options + names: (AuthorizationUrlOptions, TransactionStartOptions), cookie + cookieNames: CookieOptions,
    ) {
        let (authorization, TransactionStartOptions { return_to, now, .. }) = options;
        let start = js.run(|| {
            let (return_to, keys) = (return_to.as_deref(), &keys.inner);
            client.inner.start_login_transaction(&redirectUri, &authorization, return_to, keys, &cookie, now.get())
        })?;
        start.to_js(js).map(Raw)
    }

    /// Finishes a login started by `startLoginTransaction`.
    fn finishLogin(
        js, client: &NativeClient, callback: String, cookieHeader: String, keys: &NativeTransactionKeys,
        options + names: FinishOptions, cookie + cookieNames: CookieOptions,
    ) {
        let finish = || client.inner.finish_login(&callback, &cookieHeader, &keys.inner, &cookie, options.now.get());
        let loginkit::FinishedLogin { code, transaction, clear_cookie } = js.run(finish)?;
        Ok(NativeFinishedLogin { code, transaction: transaction.into(), clear_cookie })
    }

    fn exchangeRequest(js, exchange: &NativeExchange) {
        let mut slot = locked(&exchange.inner);
        js.run(|| Ok(slot.exchange().request())).map(NativeHttpRequest::from)
    }

    /// Judges the answer to the last request; `status` is 0 to 65535 (index.js checks it).
    fn exchangeReceive(js, exchange: &NativeExchange, status: u32, body: String, now: Now) {
        receive(&exchange.inner, status, &body, now.get()).map_err(|err| js.core_error(&err))
    }

    /// `exchangeReceive` on libuv's thread pool (the signature check is the CPU
    /// work of a step): the event loop goes on meanwhile, as with WebCrypto.
    fn exchangeReceiveAsync(js, exchange: &NativeExchange, status: u32, body: String, now: Now) {
        Ok(AsyncTask::new(ReceiveTask { exchange: Arc::clone(&exchange.inner), status, body, now: now.get() }))
    }

    fn parseTokenResponse(js, status: u32, body: String) {
        let status = u16::try_from(status).unwrap_or(u16::MAX);
        js.run(|| loginkit::parse_token_response(status, &body)).map(NativeTokens::from)
    }

    /// The claims as compact JSON text (index.js parses it).
    fn verifyIdToken(js, idToken: String, jwks: String, options + names: VerifyOptions) {
        let VerifyOptions { issuer, client_id, nonce, now, leeway } = options;
        let (issuer, client_id, nonce, now) = (issuer.text(), client_id.text(), nonce.as_deref(), now.get());
        let expected = IdTokenExpectations { issuer, client_id, nonce, now, leeway };
        js.run(|| loginkit::verify_id_token(&idToken, &jwks, &expected)).map(|claims| claims.to_json())
    }

    fn validateRedirectUri(js, uri: String, environment: String) {
        js.run(|| loginkit::validate_redirect_uri(&uri, environment.parse()?))
    }

    fn redirectUriMatches(js, registered: String, candidate: String) {
        js.run(|| Ok(loginkit::redirect_uri_matches(&registered, &candidate)))
    }

    fn generateState(js) { js.run(loginkit::generate_state) }
    fn generateNonce(js) { js.run(loginkit::generate_nonce) }
    fn generateCodeVerifier(js) { js.run(loginkit::generate_code_verifier) }
    fn generateTransactionKey(js) { js.run(TransactionKeys::generate_key) }
    fn pkceChallenge(js, verifier: String) { js.run(|| loginkit::pkce_challenge(&verifier)) }
    fn verifyState(js, expected: String, received: String) {
        js.run(|| Ok(loginkit::verify_state(&expected, &received)))
    }
    /// Panics inside the core on purpose (hidden; for the boundary test).
    fn panicForTests(js) { js.run(loginkit::panic_for_tests) }
    fn errorCodes(js) { js.run(|| Ok(loginkit::ErrorCode::ALL.iter().map(|code| code.as_str()).collect::<Vec<_>>())) }
    fn transactionCookieName(js, state: String) { js.run(|| Ok(loginkit::transaction_cookie_name(&state))) }
    fn validateReturnTo(js, returnTo: String) { js.run(|| loginkit::validate_return_to(&returnTo)) }
    /// Checks the keys of `handleCallback`'s options (`fetch`, `timeoutMs`: index.js reads them).
    fn checkTransportOptions(js, options + names: TransportOptions) { Ok(()) }

    /// Keys from their base64url texts (index.js checked them), newest (sealing) key first.
    fn newTransactionKeys(js, keys: Vec<String>) {
        js.run(|| TransactionKeys::new(&keys)).map(|inner| NativeTransactionKeys { inner, texts: keys })
    }

    /// How many keys (one seals, all open).
    fn keysLength(js, keys: &NativeTransactionKeys) { Ok(keys.texts.len() as u32) }

    /// Seals a transaction into a cookie value under the first key.
    fn seal(js, keys: &NativeTransactionKeys, transaction: NativeTransaction) {
        let transaction = LoginTransaction::from(transaction);
        js.run(|| keys.inner.seal(&transaction))
    }

    /// Opens a cookie value sealed under any of the keys.
    fn open(js, keys: &NativeTransactionKeys, value: String) {
        js.run(|| keys.inner.open(&value)).map(NativeTransaction::from)
    }

    /// The members of a `CookieOptions`: its options, the core's defaults for the rest.
    fn cookieOptions(js, options: Value, names: Value) {
        js.options::<CookieOptions>(options, Some(names), "cookie options")?.to_js(js).map(Raw)
    }

    /// `CookieOptions::set_cookie`; `cookie` is a `CookieOptions`.
    fn setCookie(js, cookie + cookieNames: CookieOptions, name: String, value: String) {
        js.run(|| Ok(cookie.set_cookie(&name, &value)))
    }
    fn clearCookie(js, cookie + cookieNames: CookieOptions, name: String) { js.run(|| Ok(cookie.clear_cookie(&name))) }

    /// A web application's login routes. The client's core value (a clone
    /// shares its JWKS cache); the keys derived again from their texts (the
    /// WebLogin owns its own); `cookie` is a `CookieOptions` (index.js made
    /// it from `options.cookieOptions`).
    fn newWebLogin(
        js, client: &NativeClient, keys: &NativeTransactionKeys, redirectUri: String, options + names: WebLoginOptions,
        cookie + cookieNames: CookieOptions,
    ) {
        let WebLoginOptions { post_logout_redirect_uri, scopes, session_ttl, .. } = options;
        let inner = js.run(|| {
            let mut web = WebLogin::new(client.inner.clone(), TransactionKeys::new(&keys.texts)?, &redirectUri)?;
            if let Some(uri) = &post_logout_redirect_uri {
                web = web.with_post_logout_redirect_uri(uri)?;
            }
            if let Some(scopes) = scopes {
                web = web.with_scopes(scopes);
            }
            Ok(web.with_cookies(cookie, session_ttl.unwrap_or(loginkit::DEFAULT_SESSION_TTL)))
        })?;
        Ok(NativeWebLogin { inner })
    }

    /// The login route (`signUp` adds `prompt=create`).
    fn webLogin(js, web: &NativeWebLogin, options + names: LoginRouteOptions) {
        let LoginRouteOptions { sign_up, return_to, now } = options;
        js.run(|| web.inner.login(sign_up, return_to.as_deref(), now.get())).map(NativeHttpResponse::from)
    }

    /// The login route from its request target: the core reads `return_to` from the query.
    fn webLoginFromRequest(js, web: &NativeWebLogin, requestTarget: String, options + names: LoginRequestOptions) {
        let login = || web.inner.login_from_request(&requestTarget, options.sign_up, options.now.get());
        js.run(login).map(NativeHttpResponse::from)
    }

    /// The callback route, first half: the callback checked against its
    /// transaction cookie, and the code exchange started.
    fn webCallback(js, web: &NativeWebLogin, requestTarget: String, cookieHeader: String, options + names: NowOptions) {
        let pending = js.run(|| web.inner.callback(&requestTarget, &cookieHeader, options.now.get()))?;
        let (transaction, clear_cookie) = (pending.transaction.clone().into(), pending.clear_cookie.clone());
        let inner = Arc::new(Mutex::new(ExchangeSlot::Pending(pending)));
        let exchange = NativeExchange { inner: Arc::clone(&inner) };
        Ok(NativeCallback { pending: NativePendingLogin { inner }, exchange, transaction, clear_cookie })
    }

    /// The callback route, second half: the session sealed from `result`
    /// and the redirect to the return-to path.
    fn webComplete(
        js, web: &NativeWebLogin, pending: &NativePendingLogin, result: &NativeLoginResult, options + names: NowOptions,
    ) {
        let slot = locked(&pending.inner);
        js.run(|| web.inner.complete(slot.pending()?, &result.inner, options.now.get())).map(NativeHttpResponse::from)
    }

    /// The signed-in user of a `Cookie` header, or null.
    fn webUser(js, web: &NativeWebLogin, cookieHeader: String, options + names: NowOptions) {
        let user = js.run(|| Ok(web.inner.user(&cookieHeader, options.now.get())))?;
        let user = user.map(|user| (user.claims.to_json(), user.id_token, user.expires_at));
        Ok(user.map(|(claims, id_token, expires_at)| NativeSessionUser { claims, id_token, expires_at }))
    }

    fn webLogout(js, web: &NativeWebLogin, cookieHeader: String, options + names: NowOptions) {
        js.run(|| web.inner.logout(&cookieHeader, options.now.get())).map(NativeHttpResponse::from)
    }
}

classes!(NativeClient, NativeExchange, NativeLoginResult, NativeTransactionKeys, NativePendingLogin, NativeWebLogin);

args! {
    /// A transaction to seal, which index.js has checked.
    NativeTransaction => |js: Js, value, _| unsafe { NativeTransaction::from_napi_value(js.0, value) };
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
    fn from(HttpRequest { method, url, headers, body }: HttpRequest) -> Self {
        let headers = headers.into_iter().map(|(name, value)| vec![name, value]).collect();
        NativeHttpRequest { method: method.to_owned(), url, headers, body }
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
        let TokenResponse { access_token, token_type, expires_in, refresh_token, id_token, scope } = tokens;
        let expires_in = expires_in.map(|seconds| seconds as f64);
        NativeTokens { access_token, token_type, expires_in, refresh_token, id_token, scope }
    }
}

/// The result of `exchangeReceive`: `request` (send it next), or `tokens`
/// (done; `claims` is the verified ID token's claims as compact JSON text,
/// or null when no ID token was issued; `result` is the same login as the
/// core's value, which `webComplete` takes).
#[napi(object, use_nullable = true, object_from_js = false)]
pub struct NativeStep {
    pub request: Option<NativeHttpRequest>,
    pub tokens: Option<NativeTokens>,
    pub claims: Option<String>,
    pub result: Option<NativeLoginResult>,
}

/// A finished login as the core's value, held for `webComplete` (a session
/// is sealed only from claims the core verified). JS sees no member:
/// index.js keeps it out of reach of the application.
#[napi]
pub struct NativeLoginResult {
    inner: LoginResult,
}

/// A client for one environment and one application.
#[napi]
pub struct NativeClient {
    inner: Client,
}

/// Where an exchange's core state machine lives: its own, or inside the
/// `PendingLogin` of a web callback (which `webComplete` reads).
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

    fn pending(&self) -> Core<&PendingLogin> {
        match self {
            ExchangeSlot::Pending(pending) => Ok(pending),
            ExchangeSlot::Own(_) => {
                Err(loginkit::Error::new(loginkit::ErrorCode::InternalError, "a pending login without its transaction"))
            }
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
/// `receiveAsync` run the step on the thread pool.
#[napi]
pub struct NativeExchange {
    inner: Arc<Mutex<ExchangeSlot>>,
}

impl NativeExchange {
    fn new(exchange: Exchange) -> Self {
        NativeExchange { inner: Arc::new(Mutex::new(ExchangeSlot::Own(exchange))) }
    }
}

/// One step of an exchange: what `exchangeReceive` and `receiveAsync` return.
fn receive(slot: &Mutex<ExchangeSlot>, status: u32, body: &str, now: i64) -> Core<NativeStep> {
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    let mut slot = locked(slot);
    let step = NativeStep { request: None, tokens: None, claims: None, result: None };
    Ok(match loginkit::catch_panic(|| slot.exchange().receive(status, body, now))? {
        Step::Send(request) => NativeStep { request: Some(request.into()), ..step },
        Step::Done(login) => NativeStep {
            claims: login.claims.as_ref().map(|claims| claims.to_json()),
            tokens: Some(login.tokens.clone().into()),
            result: Some(NativeLoginResult { inner: *login }),
            ..step
        },
    })
}

/// `receiveAsync`'s work: the same step, on the thread pool.
pub struct ReceiveTask {
    exchange: Arc<Mutex<ExchangeSlot>>,
    status: u32,
    body: String,
    now: i64,
}

impl Task for ReceiveTask {
    type Output = Core<NativeStep>;
    type JsValue = NativeStep;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(receive(&self.exchange, self.status, &self.body, self.now))
    }

    fn resolve(&mut self, env: Env, step: Self::Output) -> Result<NativeStep> {
        step.map_err(|err| Js(env.raw()).core_error(&err))
    }
}

// ---------------------------------------------------------------------------
// The sealed login transaction (issue 12) and the web login routes (issue 13).

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
        let LoginTransaction { state, nonce, code_verifier, redirect_uri, return_to, issued_at } = t;
        NativeTransaction { state, nonce, code_verifier, redirect_uri, return_to, issued_at }
    }
}

impl From<NativeTransaction> for LoginTransaction {
    fn from(t: NativeTransaction) -> Self {
        let NativeTransaction { state, nonce, code_verifier, redirect_uri, return_to, issued_at } = t;
        LoginTransaction { state, nonce, code_verifier, redirect_uri, return_to, issued_at }
    }
}

/// How long a login may take by default, in seconds.
#[napi]
pub const DEFAULT_TRANSACTION_TTL: u32 = loginkit::DEFAULT_TRANSACTION_TTL as u32;
/// How long a web session lasts by default, in seconds.
#[napi]
pub const DEFAULT_SESSION_TTL: u32 = loginkit::DEFAULT_SESSION_TTL as u32;
#[napi]
pub const SESSION_COOKIE: &str = loginkit::SESSION_COOKIE;

/// A finished login: the code, the opened transaction and the
/// `Set-Cookie` value that deletes its cookie.
#[napi(object)]
pub struct NativeFinishedLogin {
    pub code: String,
    pub transaction: NativeTransaction,
    pub clear_cookie: String,
}

/// An HTTP response as data: the status and the headers in order
/// (`[name, value]` pairs; `Set-Cookie` may repeat).
#[napi(object)]
pub struct NativeHttpResponse {
    pub status: u32,
    pub headers: Vec<Vec<String>>,
}

impl From<HttpResponse> for NativeHttpResponse {
    fn from(HttpResponse { status, headers }: HttpResponse) -> Self {
        let headers = headers.into_iter().map(|(name, value)| vec![name, value]).collect();
        NativeHttpResponse { status: u32::from(status), headers }
    }
}

/// A callback being finished, for `webComplete`: what it needs, shared with
/// the exchange index.js drives.
#[napi]
pub struct NativePendingLogin {
    inner: Arc<Mutex<ExchangeSlot>>,
}

/// What `webCallback` starts: the pending login, its code exchange, the
/// opened transaction and the `Set-Cookie` value that deletes its cookie.
#[napi(object, object_from_js = false)]
pub struct NativeCallback {
    pub pending: NativePendingLogin,
    pub exchange: NativeExchange,
    pub transaction: NativeTransaction,
    pub clear_cookie: String,
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
