//! The C ABI of loginkit.
//!
//! A thin layer: it turns pointer + length strings into `&str` (refusing
//! invalid UTF-8 with `invalid_string`), calls the core, and hands results
//! back as owned strings. It adds no behaviour. Ownership rules are in the
//! header's preamble (`cbindgen.toml`).
#![allow(clippy::missing_safety_doc)] // each function documents its contract in the header

use loginkit::{
    AuthorizationUrlOptions, Client, CookieOptions, Environment, Error, ErrorCode, Exchange, HttpRequest, HttpResponse,
    IdTokenExpectations, LoginResult, LoginTransaction, LogoutUrlOptions, PendingLogin, Step, TokenEndpointAuthMethod,
    TokenResponse, TransactionKeys, WebLogin,
};
pub mod flat;

use std::ffi::c_char;
use std::fmt::Display;
use std::ptr;

/// A borrowed UTF-8 string: `len` bytes at `ptr`. NUL bytes are allowed.
/// A NULL `ptr` means "not given" (for a required argument: empty).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct LoginkitStr {
    /// The first byte, or NULL.
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

/// An owned string returned by the library: `len` bytes at `ptr`, followed
/// by a NUL that `len` does not count. Release it with
/// `loginkit_string_free()`.
#[repr(C)]
pub struct LoginkitString {
    /// The first byte (never NULL in a returned string).
    pub ptr: *mut c_char,
    /// The number of bytes, without the terminating NUL.
    pub len: usize,
}

/// One extra query parameter.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct LoginkitParam {
    /// The parameter name.
    pub name: LoginkitStr,
    /// The parameter value.
    pub value: LoginkitStr,
}

/// Options of an authorization URL. Zero-initialise it (`= {0}`) and set
/// what you need: a NULL string means "not given".
#[repr(C)]
pub struct LoginkitAuthorizationUrlOptions {
    /// `scopes_len` scopes at `scopes`, used only when `scopes_given` is
    /// true (then an empty list is the error `invalid_scopes`).
    pub scopes: *const LoginkitStr,
    /// The number of scopes.
    pub scopes_len: usize,
    /// Whether scopes were given; false sends `openid profile email`.
    pub scopes_given: bool,
    /// The `state`.
    pub state: LoginkitStr,
    /// The `nonce`.
    pub nonce: LoginkitStr,
    /// The `login_hint`.
    pub login_hint: LoginkitStr,
    /// The `domain_hint` (also sent as `domain`).
    pub domain_hint: LoginkitStr,
    /// The `connection_id`.
    pub connection_id: LoginkitStr,
    /// The `organization_id`.
    pub organization_id: LoginkitStr,
    /// The `provider`.
    pub provider: LoginkitStr,
    /// The `prompt`.
    pub prompt: LoginkitStr,
    /// The PKCE `code_challenge`.
    pub code_challenge: LoginkitStr,
    /// The PKCE `code_challenge_method` (only `S256`).
    pub code_challenge_method: LoginkitStr,
    /// `extra_params_len` extra parameters at `extra_params`, in order.
    pub extra_params: *const LoginkitParam,
    /// The number of extra parameters.
    pub extra_params_len: usize,
}

/// Options of a logout URL; a NULL string means "not given".
#[repr(C)]
pub struct LoginkitLogoutUrlOptions {
    /// The `id_token_hint`.
    pub id_token_hint: LoginkitStr,
    /// The `post_logout_redirect_uri`.
    pub post_logout_redirect_uri: LoginkitStr,
    /// The `state`.
    pub state: LoginkitStr,
}

/// The result of `loginkit_start_login()`; free each string.
#[repr(C)]
pub struct LoginkitLoginStart {
    /// The authorization URL to redirect to.
    pub url: LoginkitString,
    /// The state to store and check the callback against.
    pub state: LoginkitString,
    /// The nonce to store and check the ID token against.
    pub nonce: LoginkitString,
    /// The PKCE code verifier to send with the code exchange.
    pub code_verifier: LoginkitString,
}

/// The result of `loginkit_parse_callback()`; free each string.
#[repr(C)]
pub struct LoginkitCallback {
    /// The authorization code.
    pub code: LoginkitString,
    /// The (verified) state.
    pub state: LoginkitString,
}

/// A failure. `code` is the stable snake_case code, `message` names the
/// offending value and the rule. For `authorization_error` and
/// `token_error`, `oauth_error` holds the server's `error` and
/// `error_description` / `error_uri` what it sent; otherwise (and when not
/// sent) their `ptr` is NULL. Release the whole error with
/// `loginkit_error_free()`.
#[repr(C)]
pub struct LoginkitError {
    /// The stable code, e.g. `invalid_redirect_uri`.
    pub code: LoginkitString,
    /// A message naming the offending value and the rule.
    pub message: LoginkitString,
    /// The server's `error`, for `authorization_error` and `token_error`.
    pub oauth_error: LoginkitString,
    /// The server's `error_description`, when sent.
    pub error_description: LoginkitString,
    /// The server's `error_uri`, when sent.
    pub error_uri: LoginkitString,
}

/// Options of `loginkit_client_new_with_options()`. Zero-initialise it
/// (`= {0}`) and set what you need: a NULL string means "not given".
#[repr(C)]
pub struct LoginkitClientOptions {
    /// The client secret, for a confidential client.
    pub client_secret: LoginkitStr,
    /// How the client authenticates at the token endpoint:
    /// `client_secret_post`, `client_secret_basic` or `none`. Not given:
    /// `client_secret_post` with a secret, `none` without.
    pub token_endpoint_auth_method: LoginkitStr,
    /// The shortest time, in seconds, between two JWKS fetches caused by
    /// unknown key ids; used only when `jwks_refetch_interval_given`.
    pub jwks_refetch_interval: u64,
    /// Whether `jwks_refetch_interval` was given.
    pub jwks_refetch_interval_given: bool,
}

/// One header of a request the library built.
#[repr(C)]
pub struct LoginkitHeader {
    /// The header name.
    pub name: LoginkitString,
    /// The header value (may be a credential: never log it).
    pub value: LoginkitString,
}

/// An HTTP request as data: send exactly these bytes with your HTTP
/// client and add nothing. The body and an `Authorization` header carry
/// secrets. Release it with `loginkit_http_request_free()`.
#[repr(C)]
pub struct LoginkitHttpRequest {
    /// `POST` or `GET`.
    pub method: LoginkitString,
    /// The absolute URL.
    pub url: LoginkitString,
    /// `headers_len` headers at `headers`, in the order to send them.
    pub headers: *mut LoginkitHeader,
    /// The number of headers.
    pub headers_len: usize,
    /// The body (empty for `GET`).
    pub body: LoginkitString,
}

/// A successful token response (RFC 6749 §5.1), values as sent. An
/// optional member that was absent has a NULL `ptr`. Release it with
/// `loginkit_token_response_free()`.
#[repr(C)]
pub struct LoginkitTokenResponse {
    /// The access token.
    pub access_token: LoginkitString,
    /// The token type as sent (`Bearer`, in any case).
    pub token_type: LoginkitString,
    /// The access token's lifetime in seconds, when `expires_in_given`.
    pub expires_in: u64,
    /// Whether the server sent `expires_in`.
    pub expires_in_given: bool,
    /// The refresh token, when issued.
    pub refresh_token: LoginkitString,
    /// The ID token, when issued (not verified by
    /// `loginkit_parse_token_response()`).
    pub id_token: LoginkitString,
    /// The granted scope, when sent.
    pub scope: LoginkitString,
}

/// What a valid ID token must say, and the clock to judge it by.
#[repr(C)]
pub struct LoginkitIdTokenExpectations {
    /// The exact issuer (`iss`).
    pub issuer: LoginkitStr,
    /// The client id, which `aud` must contain (and `azp` equal).
    pub client_id: LoginkitStr,
    /// The nonce the login sent; NULL (or empty) when it sent none.
    pub nonce: LoginkitStr,
    /// Now, in seconds since the Unix epoch.
    pub now: i64,
    /// The clock leeway in seconds; used only when `leeway_given`
    /// (otherwise 60).
    pub leeway: u64,
    /// Whether `leeway` was given.
    pub leeway_given: bool,
}

/// What `loginkit_exchange_receive()` says comes next. When `done` is
/// false, send `request` and pass its answer to
/// `loginkit_exchange_receive()` again. When `done` is true, `tokens`
/// holds the tokens and `claims_json` the verified ID-token claims as
/// compact JSON text in the token's member order (NULL `ptr` when no ID
/// token was issued, as a refresh may do). The members that do not apply
/// are zero. Release it with `loginkit_exchange_step_free()`.
#[repr(C)]
pub struct LoginkitExchangeStep {
    /// Whether the exchange is complete.
    pub done: bool,
    /// The next request to send, when not done.
    pub request: LoginkitHttpRequest,
    /// The tokens, when done.
    pub tokens: LoginkitTokenResponse,
    /// The verified claims as JSON text, when done and an ID token was
    /// issued.
    pub claims_json: LoginkitString,
}

/// A client for one environment and one application. Opaque.
pub struct LoginkitClient(Client);

/// One token exchange in progress: the authorization-code or refresh-token
/// grant, then (when needed) the JWKS fetch and the ID-token verification.
/// Opaque. Unlike a client it changes with every
/// `loginkit_exchange_receive()`, so use it from one thread at a time.
/// Release it with `loginkit_exchange_free()`.
pub struct LoginkitExchange(Exchange);

const NO_STRING: LoginkitString = LoginkitString { ptr: ptr::null_mut(), len: 0 };

fn owned(text: &str) -> LoginkitString {
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend_from_slice(text.as_bytes());
    bytes.push(0);
    let len = text.len();
    let ptr = Box::into_raw(bytes.into_boxed_slice()) as *mut c_char;
    LoginkitString { ptr, len }
}

fn owned_opt(text: Option<&str>) -> LoginkitString {
    text.map_or(NO_STRING, owned)
}

const NO_REQUEST: LoginkitHttpRequest =
    LoginkitHttpRequest { method: NO_STRING, url: NO_STRING, headers: ptr::null_mut(), headers_len: 0, body: NO_STRING };

const NO_TOKENS: LoginkitTokenResponse = LoginkitTokenResponse {
    access_token: NO_STRING,
    token_type: NO_STRING,
    expires_in: 0,
    expires_in_given: false,
    refresh_token: NO_STRING,
    id_token: NO_STRING,
    scope: NO_STRING,
};

fn request_out(request: &HttpRequest) -> LoginkitHttpRequest {
    let (headers, headers_len) = headers_out(&request.headers);
    LoginkitHttpRequest {
        method: owned(request.method),
        url: owned(&request.url),
        headers,
        headers_len,
        body: owned(&request.body),
    }
}

fn tokens_out(tokens: &TokenResponse) -> LoginkitTokenResponse {
    LoginkitTokenResponse {
        access_token: owned(&tokens.access_token),
        token_type: owned(&tokens.token_type),
        expires_in: tokens.expires_in.unwrap_or(0),
        expires_in_given: tokens.expires_in.is_some(),
        refresh_token: owned_opt(tokens.refresh_token.as_deref()),
        id_token: owned_opt(tokens.id_token.as_deref()),
        scope: owned_opt(tokens.scope.as_deref()),
    }
}

fn step_out(step: Step) -> LoginkitExchangeStep {
    match step {
        Step::Send(request) => {
            LoginkitExchangeStep { done: false, request: request_out(&request), tokens: NO_TOKENS, claims_json: NO_STRING }
        }
        Step::Done(login) => {
            let LoginResult { tokens, claims } = *login;
            LoginkitExchangeStep {
                done: true,
                request: NO_REQUEST,
                tokens: tokens_out(&tokens),
                claims_json: claims.map_or(NO_STRING, |claims| owned(&claims.to_json())),
            }
        }
    }
}

fn error_out(err: &Error) -> *mut LoginkitError {
    let oauth = err.oauth_error();
    Box::into_raw(Box::new(LoginkitError {
        code: owned(err.code().as_str()),
        message: owned(err.message()),
        oauth_error: owned_opt(oauth.map(|o| o.error.as_str())),
        error_description: owned_opt(oauth.and_then(|o| o.error_description.as_deref())),
        error_uri: owned_opt(oauth.and_then(|o| o.error_uri.as_deref())),
    }))
}

/// Runs `body`, turning an error or a panic into a `LoginkitError*`.
fn guard(body: impl FnOnce() -> Result<(), Error>) -> *mut LoginkitError {
    match loginkit::catch_panic(body) {
        Ok(()) => ptr::null_mut(),
        Err(err) => error_out(&err),
    }
}

fn invalid_argument(what: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, format!("{what} is NULL"))
}

/// Reads a borrowed string; `None` when its pointer is NULL. `name` is
/// formatted only when the string is refused, so an indexed name such as
/// `scopes[3]` is passed as `format_args!`: formatting it up front for
/// every element was about a sixth of an authorization URL's cost.
unsafe fn read<'a>(value: LoginkitStr, name: impl Display) -> Result<Option<&'a str>, Error> {
    if value.ptr.is_null() {
        return Ok(None);
    }
    let bytes = std::slice::from_raw_parts(value.ptr, value.len);
    std::str::from_utf8(bytes).map(Some).map_err(|err| {
        Error::new(
            ErrorCode::InvalidString,
            format!("argument {name} is not valid UTF-8 ({err}); loginkit never replaces characters"),
        )
    })
}

unsafe fn read_required<'a>(value: LoginkitStr, name: impl Display) -> Result<&'a str, Error> {
    Ok(read(value, name)?.unwrap_or(""))
}

unsafe fn read_owned(value: LoginkitStr, name: impl Display) -> Result<Option<String>, Error> {
    Ok(read(value, name)?.map(str::to_owned))
}

unsafe fn slice<'a, T>(items: *const T, len: usize) -> &'a [T] {
    if items.is_null() || len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(items, len)
    }
}

unsafe fn exchange_mut<'a>(exchange: *mut LoginkitExchange) -> Result<&'a mut Exchange, Error> {
    exchange.as_mut().map(|e| &mut e.0).ok_or_else(|| invalid_argument("exchange"))
}

unsafe fn client_ref<'a>(client: *const LoginkitClient) -> Result<&'a Client, Error> {
    client.as_ref().map(|c| &c.0).ok_or_else(|| invalid_argument("client"))
}

/// The output location, checked before any work so that nothing is
/// allocated for a call that cannot deliver it.
unsafe fn output<'a, T>(out: *mut T) -> Result<&'a mut std::mem::MaybeUninit<T>, Error> {
    out.cast::<std::mem::MaybeUninit<T>>().as_mut().ok_or_else(|| invalid_argument("the output pointer"))
}

unsafe fn authorization_options(
    options: *const LoginkitAuthorizationUrlOptions,
) -> Result<AuthorizationUrlOptions, Error> {
    let Some(o) = options.as_ref() else {
        return Ok(AuthorizationUrlOptions::default());
    };
    let scopes = if o.scopes_given {
        let mut scopes = Vec::with_capacity(o.scopes_len);
        for (index, scope) in slice(o.scopes, o.scopes_len).iter().enumerate() {
            scopes.push(read_required(*scope, format_args!("scopes[{index}]"))?.to_owned());
        }
        Some(scopes)
    } else {
        None
    };
    let mut extra_params = Vec::with_capacity(o.extra_params_len);
    for (index, param) in slice(o.extra_params, o.extra_params_len).iter().enumerate() {
        extra_params.push((
            read_required(param.name, format_args!("extra_params[{index}].name"))?.to_owned(),
            read_required(param.value, format_args!("extra_params[{index}].value"))?.to_owned(),
        ));
    }
    Ok(AuthorizationUrlOptions {
        scopes,
        state: read_owned(o.state, "state")?,
        nonce: read_owned(o.nonce, "nonce")?,
        login_hint: read_owned(o.login_hint, "login_hint")?,
        domain_hint: read_owned(o.domain_hint, "domain_hint")?,
        connection_id: read_owned(o.connection_id, "connection_id")?,
        organization_id: read_owned(o.organization_id, "organization_id")?,
        provider: read_owned(o.provider, "provider")?,
        prompt: read_owned(o.prompt, "prompt")?,
        code_challenge: read_owned(o.code_challenge, "code_challenge")?,
        code_challenge_method: read_owned(o.code_challenge_method, "code_challenge_method")?,
        extra_params,
    })
}

/// Creates a client. On success `*out` holds a client to release with
/// `loginkit_client_free()`.
///
/// Errors: `invalid_env_url`, `missing_client_id`, `invalid_string`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_client_new(
    env_url: LoginkitStr,
    client_id: LoginkitStr,
    out: *mut *mut LoginkitClient,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = Client::new(read_required(env_url, "env_url")?, read_required(client_id, "client_id")?)?;
        out.write(Box::into_raw(Box::new(LoginkitClient(client))));
        Ok(())
    })
}

/// Creates a client with token-endpoint authentication and the JWKS
/// refetch interval. `options` may be NULL (then this is
/// `loginkit_client_new()`). On success `*out` holds a client to release
/// with `loginkit_client_free()`.
///
/// Errors: those of `loginkit_client_new()`, `missing_client_secret` (a
/// secret-based method without a secret), `invalid_argument` (an unknown
/// method, or a secret with `none`).
#[no_mangle]
pub unsafe extern "C" fn loginkit_client_new_with_options(
    env_url: LoginkitStr,
    client_id: LoginkitStr,
    options: *const LoginkitClientOptions,
    out: *mut *mut LoginkitClient,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let mut client = Client::new(read_required(env_url, "env_url")?, read_required(client_id, "client_id")?)?;
        if let Some(o) = options.as_ref() {
            let method = read(o.token_endpoint_auth_method, "token_endpoint_auth_method")?
                .map(str::parse::<TokenEndpointAuthMethod>)
                .transpose()?;
            client = client.with_token_endpoint_auth(read(o.client_secret, "client_secret")?, method)?;
            if o.jwks_refetch_interval_given {
                client = client.with_jwks_refetch_interval(o.jwks_refetch_interval);
            }
        }
        out.write(Box::into_raw(Box::new(LoginkitClient(client))));
        Ok(())
    })
}

/// Releases a client. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_client_free(client: *mut LoginkitClient) {
    if !client.is_null() {
        drop(Box::from_raw(client));
    }
}

/// Builds the authorization URL into `*out`. `options` may be NULL.
#[no_mangle]
pub unsafe extern "C" fn loginkit_authorization_url(
    client: *const LoginkitClient,
    redirect_uri: LoginkitStr,
    options: *const LoginkitAuthorizationUrlOptions,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let url = client.authorization_url(read_required(redirect_uri, "redirect_uri")?, &authorization_options(options)?)?;
        out.write(owned(&url));
        Ok(())
    })
}

/// Generates state, nonce and a PKCE verifier (state and nonce only when
/// `options` does not give them) and builds the authorization URL.
#[no_mangle]
pub unsafe extern "C" fn loginkit_start_login(
    client: *const LoginkitClient,
    redirect_uri: LoginkitStr,
    options: *const LoginkitAuthorizationUrlOptions,
    out: *mut LoginkitLoginStart,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let login = client.start_login(read_required(redirect_uri, "redirect_uri")?, &authorization_options(options)?)?;
        out.write(LoginkitLoginStart {
            url: owned(&login.url),
            state: owned(&login.state),
            nonce: owned(&login.nonce),
            code_verifier: owned(&login.code_verifier),
        });
        Ok(())
    })
}

/// Builds the logout URL into `*out`. `options` may be NULL.
#[no_mangle]
pub unsafe extern "C" fn loginkit_logout_url(
    client: *const LoginkitClient,
    options: *const LoginkitLogoutUrlOptions,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let options = match options.as_ref() {
            None => LogoutUrlOptions::default(),
            Some(o) => LogoutUrlOptions {
                id_token_hint: read_owned(o.id_token_hint, "id_token_hint")?,
                post_logout_redirect_uri: read_owned(o.post_logout_redirect_uri, "post_logout_redirect_uri")?,
                state: read_owned(o.state, "state")?,
            },
        };
        out.write(owned(&client.logout_url(&options)?));
        Ok(())
    })
}

/// Checks a callback (full URL, request target or query string) against
/// the expected state and returns its code and state.
#[no_mangle]
pub unsafe extern "C" fn loginkit_parse_callback(
    client: *const LoginkitClient,
    callback: LoginkitStr,
    expected_state: LoginkitStr,
    out: *mut LoginkitCallback,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let callback = client.parse_callback(
            read_required(callback, "callback")?,
            read_required(expected_state, "expected_state")?,
        )?;
        out.write(LoginkitCallback { code: owned(&callback.code), state: owned(&callback.state) });
        Ok(())
    })
}

/// Checks a callback URL against the registration rules of `environment`
/// (`"development"` or `"production"`; anything else is
/// `invalid_argument`). Returns NULL when the URL is valid.
#[no_mangle]
pub unsafe extern "C" fn loginkit_validate_redirect_uri(
    uri: LoginkitStr,
    environment: LoginkitStr,
) -> *mut LoginkitError {
    guard(|| {
        let environment: Environment = read_required(environment, "environment")?.parse()?;
        loginkit::validate_redirect_uri(read_required(uri, "uri")?, environment)
    })
}

/// Sets `*out` to whether `candidate` is allowed by the registered
/// callback URL `registered`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_redirect_uri_matches(
    registered: LoginkitStr,
    candidate: LoginkitStr,
    out: *mut bool,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(loginkit::redirect_uri_matches(
            read_required(registered, "registered")?,
            read_required(candidate, "candidate")?,
        ));
        Ok(())
    })
}

/// Sets `*out` to whether `received` equals `expected` (constant time; an
/// empty expected state never verifies).
#[no_mangle]
pub unsafe extern "C" fn loginkit_verify_state(
    expected: LoginkitStr,
    received: LoginkitStr,
    out: *mut bool,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(loginkit::verify_state(read_required(expected, "expected")?, read_required(received, "received")?));
        Ok(())
    })
}

/// A fresh state (64 lower-case hex characters) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_generate_state(out: *mut LoginkitString) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(owned(&loginkit::generate_state()?));
        Ok(())
    })
}

/// A fresh nonce (64 lower-case hex characters) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_generate_nonce(out: *mut LoginkitString) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(owned(&loginkit::generate_nonce()?));
        Ok(())
    })
}

/// A fresh PKCE code verifier (43 base64url characters) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_generate_code_verifier(out: *mut LoginkitString) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(owned(&loginkit::generate_code_verifier()?));
        Ok(())
    })
}

/// The S256 challenge of a code verifier into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_pkce_challenge(
    code_verifier: LoginkitStr,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(owned(&loginkit::pkce_challenge(read_required(code_verifier, "code_verifier")?)?));
        Ok(())
    })
}

/// The authorization-code grant (RFC 6749 §4.1.3) as a request into
/// `*out`. `code_verifier` may be NULL (a public client must give it:
/// `pkce_required`).
#[no_mangle]
pub unsafe extern "C" fn loginkit_authorization_code_request(
    client: *const LoginkitClient,
    code: LoginkitStr,
    redirect_uri: LoginkitStr,
    code_verifier: LoginkitStr,
    out: *mut LoginkitHttpRequest,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let request = client.authorization_code_request(
            read_required(code, "code")?,
            read_required(redirect_uri, "redirect_uri")?,
            read(code_verifier, "code_verifier")?,
        )?;
        out.write(request_out(&request));
        Ok(())
    })
}

/// The refresh-token grant (RFC 6749 §6) as a request into `*out`.
/// `scope` may be NULL.
#[no_mangle]
pub unsafe extern "C" fn loginkit_refresh_token_request(
    client: *const LoginkitClient,
    refresh_token: LoginkitStr,
    scope: LoginkitStr,
    out: *mut LoginkitHttpRequest,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let request = client.refresh_token_request(read_required(refresh_token, "refresh_token")?, read(scope, "scope")?)?;
        out.write(request_out(&request));
        Ok(())
    })
}

/// The JWKS request (`GET {environment URL}/keys`) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_jwks_request(
    client: *const LoginkitClient,
    out: *mut LoginkitHttpRequest,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(request_out(&client_ref(client)?.jwks_request()));
        Ok(())
    })
}

/// Reads the token endpoint's answer (`status` and `body`) into `*out`.
/// A server refusal is `token_error` with the server's `error`,
/// `error_description` and `error_uri`; a body that is not a usable token
/// response is `invalid_token_response`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_parse_token_response(
    status: u16,
    body: LoginkitStr,
    out: *mut LoginkitTokenResponse,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let tokens = loginkit::parse_token_response(status, read_required(body, "body")?)?;
        out.write(tokens_out(&tokens));
        Ok(())
    })
}

/// Verifies an ID token against the JWKS text and `expected`, and puts
/// its claims into `*out` as compact JSON text in the token's member
/// order (numbers as the token wrote them).
#[no_mangle]
pub unsafe extern "C" fn loginkit_verify_id_token(
    id_token: LoginkitStr,
    jwks: LoginkitStr,
    expected: *const LoginkitIdTokenExpectations,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let e = expected.as_ref().ok_or_else(|| invalid_argument("expected"))?;
        let expected = IdTokenExpectations {
            issuer: read_required(e.issuer, "issuer")?,
            client_id: read_required(e.client_id, "client_id")?,
            nonce: read(e.nonce, "nonce")?,
            now: e.now,
            leeway: e.leeway_given.then_some(e.leeway),
        };
        let claims = loginkit::verify_id_token(read_required(id_token, "id_token")?, read_required(jwks, "jwks")?, &expected)?;
        out.write(owned(&claims.to_json()));
        Ok(())
    })
}

/// Verifies an ID token with the client's issuer and id against the JWKS
/// text, at `now` (seconds since the Unix epoch); `nonce` may be NULL.
/// The claims go into `*out` as with `loginkit_verify_id_token()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_client_verify_id_token(
    client: *const LoginkitClient,
    id_token: LoginkitStr,
    jwks: LoginkitStr,
    nonce: LoginkitStr,
    now: i64,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let claims = client.verify_id_token(
            read_required(id_token, "id_token")?,
            read_required(jwks, "jwks")?,
            read(nonce, "nonce")?,
            now,
        )?;
        out.write(owned(&claims.to_json()));
        Ok(())
    })
}

fn exchange_out(out: &mut std::mem::MaybeUninit<*mut LoginkitExchange>, exchange: Exchange) {
    out.write(Box::into_raw(Box::new(LoginkitExchange(exchange))));
}

/// Starts the authorization-code exchange into `*out`. `code_verifier`
/// and `nonce` may be NULL; with a nonce (the one the login sent) the
/// answer must carry an ID token with that nonce. Release the exchange
/// with `loginkit_exchange_free()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_exchange_new_authorization_code(
    client: *const LoginkitClient,
    code: LoginkitStr,
    redirect_uri: LoginkitStr,
    code_verifier: LoginkitStr,
    nonce: LoginkitStr,
    out: *mut *mut LoginkitExchange,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let exchange = client.exchange_code(
            read_required(code, "code")?,
            read_required(redirect_uri, "redirect_uri")?,
            read(code_verifier, "code_verifier")?,
            read(nonce, "nonce")?,
        )?;
        exchange_out(out, exchange);
        Ok(())
    })
}

/// Starts a refresh-token exchange into `*out`; `scope` may be NULL.
/// Release the exchange with `loginkit_exchange_free()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_exchange_new_refresh_token(
    client: *const LoginkitClient,
    refresh_token: LoginkitStr,
    scope: LoginkitStr,
    out: *mut *mut LoginkitExchange,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let exchange = client.exchange_refresh_token(read_required(refresh_token, "refresh_token")?, read(scope, "scope")?)?;
        exchange_out(out, exchange);
        Ok(())
    })
}

/// The exchange's first request into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_exchange_request(
    exchange: *const LoginkitExchange,
    out: *mut LoginkitHttpRequest,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let exchange = exchange.as_ref().ok_or_else(|| invalid_argument("exchange"))?;
        out.write(request_out(&exchange.0.request()));
        Ok(())
    })
}

/// Judges the answer (`status`, `body`) to the last request sent, at
/// `now` (seconds since the Unix epoch), and puts what comes next into
/// `*out`. After an error or a done step the exchange is finished (a
/// further call is `invalid_argument`).
#[no_mangle]
pub unsafe extern "C" fn loginkit_exchange_receive(
    exchange: *mut LoginkitExchange,
    status: u16,
    body: LoginkitStr,
    now: i64,
    out: *mut LoginkitExchangeStep,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let exchange = exchange_mut(exchange)?;
        let step = exchange.receive(status, read_required(body, "body")?, now)?;
        out.write(step_out(step));
        Ok(())
    })
}

/// Releases an exchange. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_exchange_free(exchange: *mut LoginkitExchange) {
    if !exchange.is_null() {
        drop(Box::from_raw(exchange));
    }
}

/// Releases every string and the header array of a request and zeroes
/// it; the struct itself is the caller's. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_http_request_free(request: *mut LoginkitHttpRequest) {
    let Some(request) = request.as_mut() else {
        return;
    };
    let request = std::mem::replace(request, NO_REQUEST);
    headers_free(request.headers, request.headers_len);
    for string in [request.method, request.url, request.body] {
        loginkit_string_free(string);
    }
}

/// Releases every string of a token response and zeroes it; the struct
/// itself is the caller's. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_token_response_free(tokens: *mut LoginkitTokenResponse) {
    let Some(tokens) = tokens.as_mut() else {
        return;
    };
    let tokens = std::mem::replace(tokens, NO_TOKENS);
    for string in [tokens.access_token, tokens.token_type, tokens.refresh_token, tokens.id_token, tokens.scope] {
        loginkit_string_free(string);
    }
}

/// Releases everything in a step and zeroes it; the struct itself is the
/// caller's. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_exchange_step_free(step: *mut LoginkitExchangeStep) {
    let Some(step) = step.as_mut() else {
        return;
    };
    loginkit_http_request_free(&mut step.request);
    loginkit_token_response_free(&mut step.tokens);
    loginkit_string_free(std::mem::replace(&mut step.claims_json, NO_STRING));
    step.done = false;
}

// ---------------------------------------------------------------------
// The sealed login transaction (issue 12) and the web login routes.
// ---------------------------------------------------------------------

/// The keys that seal and open login transactions (and sessions): the
/// first seals, every key opens. Opaque and immutable: use it from any
/// number of threads. Release it with `loginkit_transaction_keys_free()`.
pub struct LoginkitTransactionKeys {
    keys: TransactionKeys,
    /// The key texts, for `loginkit_web_login_new()`, which needs keys of
    /// its own (the core's `TransactionKeys` cannot be copied).
    texts: Vec<String>,
}

/// A login transaction as a caller gives it to
/// `loginkit_transaction_seal()`: borrowed strings; a NULL `return_to`
/// means none.
#[repr(C)]
pub struct LoginkitLoginTransactionRef {
    /// The `state` sent in the authorization URL.
    pub state: LoginkitStr,
    /// The `nonce` the ID token must carry (a secret).
    pub nonce: LoginkitStr,
    /// The PKCE code verifier (a secret).
    pub code_verifier: LoginkitStr,
    /// The redirect URI the login started with.
    pub redirect_uri: LoginkitStr,
    /// Where to send the user after login, or NULL.
    pub return_to: LoginkitStr,
    /// When the login started, in seconds since the Unix epoch.
    pub issued_at: i64,
}

/// A login transaction the library returns (opened from its cookie).
/// `return_to` has a NULL `ptr` when the login has none. `nonce` and
/// `code_verifier` are secrets: never log them. Release it with
/// `loginkit_login_transaction_free()`.
#[repr(C)]
pub struct LoginkitLoginTransaction {
    /// The `state` sent in the authorization URL.
    pub state: LoginkitString,
    /// The `nonce` the ID token must carry.
    pub nonce: LoginkitString,
    /// The PKCE code verifier for the code exchange.
    pub code_verifier: LoginkitString,
    /// The redirect URI the login started with (the token request repeats it).
    pub redirect_uri: LoginkitString,
    /// Where to send the user after login (a same-origin path), or NULL.
    pub return_to: LoginkitString,
    /// When the login started, in seconds since the Unix epoch.
    pub issued_at: i64,
}

/// Cookie attributes of the transaction (and session) cookies.
/// Zero-initialise it (`= {0}`) for the defaults, or pass NULL.
#[repr(C)]
pub struct LoginkitCookieOptions {
    /// `Path=`; NULL means `/`.
    pub path: LoginkitStr,
    /// Whether to add `Secure`; used only when `secure_given` (default
    /// true: browsers treat `http://localhost` as secure too).
    pub secure: bool,
    /// Whether `secure` was given.
    pub secure_given: bool,
    /// The login's lifetime in seconds (`Max-Age`, and the age the
    /// callback may have); used only when `ttl_given` (default 600).
    pub ttl: u64,
    /// Whether `ttl` was given.
    pub ttl_given: bool,
}

/// The result of `loginkit_start_login_transaction()`. `cookie_value`
/// and `set_cookie` carry the sealed transaction. Release it with
/// `loginkit_transaction_start_free()`.
#[repr(C)]
pub struct LoginkitTransactionStart {
    /// Redirect the browser here.
    pub url: LoginkitString,
    /// The cookie's name (derived from the state).
    pub cookie_name: LoginkitString,
    /// The sealed cookie value.
    pub cookie_value: LoginkitString,
    /// The whole `Set-Cookie` header value to send with the redirect.
    pub set_cookie: LoginkitString,
}

/// The result of `loginkit_finish_login()`: what the code exchange needs.
/// `code` is a secret. Release it with `loginkit_finished_login_free()`.
#[repr(C)]
pub struct LoginkitFinishedLogin {
    /// The authorization code.
    pub code: LoginkitString,
    /// The opened transaction (redirect URI, verifier, nonce, return-to).
    pub transaction: LoginkitLoginTransaction,
    /// The `Set-Cookie` header value that deletes the used cookie.
    pub clear_cookie: LoginkitString,
}

/// An HTTP response as data: send exactly this status and these headers
/// (in order; `Set-Cookie` may repeat), with an empty body. `Set-Cookie`
/// values carry the sealed session: never log them. Release it with
/// `loginkit_http_response_free()`.
#[repr(C)]
pub struct LoginkitHttpResponse {
    /// The status code (302 for every redirect).
    pub status: u16,
    /// `headers_len` headers at `headers`.
    pub headers: *mut LoginkitHeader,
    /// The number of headers.
    pub headers_len: usize,
}

/// Options of `loginkit_web_login_new()`. Zero-initialise it (`= {0}`)
/// and set what you need, or pass NULL.
#[repr(C)]
pub struct LoginkitWebLoginOptions {
    /// Where the provider sends the browser after logout; NULL for none.
    pub post_logout_redirect_uri: LoginkitStr,
    /// `scopes_len` scopes at `scopes`, used only when `scopes_given`
    /// (default `openid profile email offline_access`).
    pub scopes: *const LoginkitStr,
    /// The number of scopes.
    pub scopes_len: usize,
    /// Whether scopes were given.
    pub scopes_given: bool,
    /// The cookie attributes (and the transaction TTL).
    pub cookie: LoginkitCookieOptions,
    /// The session's lifetime in seconds; used only when
    /// `session_ttl_given` (default 8 hours).
    pub session_ttl: u64,
    /// Whether `session_ttl` was given.
    pub session_ttl_given: bool,
}

/// The signed-in user of `loginkit_web_login_user()`. When `found` is
/// false every other member is zero. `id_token` is a credential: never
/// log it. Release it with `loginkit_session_user_free()`.
#[repr(C)]
pub struct LoginkitSessionUser {
    /// Whether the request carries a valid, unexpired session.
    pub found: bool,
    /// The verified ID-token claims as compact JSON text.
    pub claims_json: LoginkitString,
    /// The ID token (for the logout hint).
    pub id_token: LoginkitString,
    /// When the session ends, in seconds since the Unix epoch.
    pub expires_at: i64,
}

/// One application's login routes: a client, transaction keys, the
/// callback URL and cookie settings. Opaque and immutable: use it from
/// any number of threads. Release it with `loginkit_web_login_free()`.
pub struct LoginkitWebLogin(WebLogin);

/// A callback being finished: drive its code exchange with
/// `loginkit_pending_login_request()` and `loginkit_pending_login_receive()`
/// like a `LoginkitExchange`, then pass it to `loginkit_web_login_complete()`.
/// Opaque; use it from one thread at a time. Release it with
/// `loginkit_pending_login_free()`.
pub struct LoginkitPendingLogin {
    pending: PendingLogin,
    /// The exchange's result, kept for `loginkit_web_login_complete()`.
    result: Option<LoginResult>,
}

const NO_TRANSACTION: LoginkitLoginTransaction = LoginkitLoginTransaction {
    state: NO_STRING,
    nonce: NO_STRING,
    code_verifier: NO_STRING,
    redirect_uri: NO_STRING,
    return_to: NO_STRING,
    issued_at: 0,
};

const NO_RESPONSE: LoginkitHttpResponse = LoginkitHttpResponse { status: 0, headers: ptr::null_mut(), headers_len: 0 };

fn transaction_out(t: &LoginTransaction) -> LoginkitLoginTransaction {
    LoginkitLoginTransaction {
        state: owned(&t.state),
        nonce: owned(&t.nonce),
        code_verifier: owned(&t.code_verifier),
        redirect_uri: owned(&t.redirect_uri),
        return_to: owned_opt(t.return_to.as_deref()),
        issued_at: t.issued_at,
    }
}

fn headers_out(headers: &[(String, String)]) -> (*mut LoginkitHeader, usize) {
    let headers: Box<[LoginkitHeader]> =
        headers.iter().map(|(name, value)| LoginkitHeader { name: owned(name), value: owned(value) }).collect();
    let len = headers.len();
    (Box::into_raw(headers) as *mut LoginkitHeader, len)
}

unsafe fn headers_free(headers: *mut LoginkitHeader, len: usize) {
    if !headers.is_null() {
        let headers = Box::from_raw(ptr::slice_from_raw_parts_mut(headers, len));
        for header in headers.into_vec() {
            loginkit_string_free(header.name);
            loginkit_string_free(header.value);
        }
    }
}

fn response_out(response: &HttpResponse) -> LoginkitHttpResponse {
    let (headers, headers_len) = headers_out(&response.headers);
    LoginkitHttpResponse { status: response.status, headers, headers_len }
}

unsafe fn keys_ref<'a>(keys: *const LoginkitTransactionKeys) -> Result<&'a LoginkitTransactionKeys, Error> {
    keys.as_ref().ok_or_else(|| invalid_argument("keys"))
}

unsafe fn web_ref<'a>(web: *const LoginkitWebLogin) -> Result<&'a WebLogin, Error> {
    web.as_ref().map(|w| &w.0).ok_or_else(|| invalid_argument("web_login"))
}

unsafe fn cookie_options(options: *const LoginkitCookieOptions) -> Result<CookieOptions, Error> {
    let defaults = CookieOptions::default();
    let Some(o) = options.as_ref() else {
        return Ok(defaults);
    };
    Ok(CookieOptions {
        path: read_owned(o.path, "path")?.unwrap_or(defaults.path),
        secure: if o.secure_given { o.secure } else { defaults.secure },
        ttl: if o.ttl_given { o.ttl } else { defaults.ttl },
    })
}

unsafe fn key_texts(keys: *const LoginkitStr, keys_len: usize) -> Result<Vec<String>, Error> {
    let mut texts = Vec::with_capacity(keys_len);
    for (index, key) in slice(keys, keys_len).iter().enumerate() {
        // The name only: a key's text is never part of a message.
        texts.push(read_required(*key, format_args!("keys[{index}]"))?.to_owned());
    }
    Ok(texts)
}

/// Loads `keys_len` transaction keys (base64url text of at least 256
/// bits each, newest first: the first seals, all open) into `*out`.
/// Surrounding whitespace is ignored. No key, or a key that is not
/// base64url or too short, is `invalid_transaction_key` (naming its
/// position, never its text). Release the keys with
/// `loginkit_transaction_keys_free()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_transaction_keys_new(
    keys: *const LoginkitStr,
    keys_len: usize,
    out: *mut *mut LoginkitTransactionKeys,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let texts = key_texts(keys, keys_len)?;
        let keys = TransactionKeys::new(&texts)?;
        out.write(Box::into_raw(Box::new(LoginkitTransactionKeys { keys, texts })));
        Ok(())
    })
}

/// Releases transaction keys. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_transaction_keys_free(keys: *mut LoginkitTransactionKeys) {
    if !keys.is_null() {
        drop(Box::from_raw(keys));
    }
}

/// A fresh transaction key (32 bytes from the OS CSPRNG as base64url
/// text) into `*out`. It is a secret: store it like a password.
#[no_mangle]
pub unsafe extern "C" fn loginkit_transaction_key_generate(out: *mut LoginkitString) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(owned(&TransactionKeys::generate_key()?));
        Ok(())
    })
}

/// Seals a transaction under the first key into `*out` (a cookie value;
/// a fresh random nonce each time, so two seals differ).
#[no_mangle]
pub unsafe extern "C" fn loginkit_transaction_seal(
    keys: *const LoginkitTransactionKeys,
    transaction: *const LoginkitLoginTransactionRef,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let keys = keys_ref(keys)?;
        let t = transaction.as_ref().ok_or_else(|| invalid_argument("transaction"))?;
        let transaction = LoginTransaction {
            state: read_required(t.state, "state")?.to_owned(),
            nonce: read_required(t.nonce, "nonce")?.to_owned(),
            code_verifier: read_required(t.code_verifier, "code_verifier")?.to_owned(),
            redirect_uri: read_required(t.redirect_uri, "redirect_uri")?.to_owned(),
            return_to: read_owned(t.return_to, "return_to")?,
            issued_at: t.issued_at,
        };
        out.write(owned(&keys.keys.seal(&transaction)?));
        Ok(())
    })
}

/// Opens a sealed value under any of the keys into `*out`
/// (`transaction_truncated`, `transaction_unknown_key`,
/// `transaction_tampered`). It checks neither state nor age: see
/// `loginkit_finish_login()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_transaction_open(
    keys: *const LoginkitTransactionKeys,
    sealed: LoginkitStr,
    out: *mut LoginkitLoginTransaction,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let keys = keys_ref(keys)?;
        let transaction = keys.keys.open(read_required(sealed, "sealed")?)?;
        out.write(transaction_out(&transaction));
        Ok(())
    })
}

/// Releases every string of a transaction and zeroes it; the struct
/// itself is the caller's. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_login_transaction_free(transaction: *mut LoginkitLoginTransaction) {
    let Some(transaction) = transaction.as_mut() else {
        return;
    };
    let t = std::mem::replace(transaction, NO_TRANSACTION);
    for string in [t.state, t.nonce, t.code_verifier, t.redirect_uri, t.return_to] {
        loginkit_string_free(string);
    }
}

/// The transaction cookie's name for the login whose state is `state`
/// (`loginkit_tx_` and 16 hex characters) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_transaction_cookie_name(
    state: LoginkitStr,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        out.write(owned(&loginkit::transaction_cookie_name(read_required(state, "state")?)));
        Ok(())
    })
}

/// The `Set-Cookie` header value that stores `value` under `name` with
/// `options` (NULL for the defaults) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_cookie_set(
    options: *const LoginkitCookieOptions,
    name: LoginkitStr,
    value: LoginkitStr,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let options = cookie_options(options)?;
        out.write(owned(&options.set_cookie(read_required(name, "name")?, read_required(value, "value")?)));
        Ok(())
    })
}

/// The `Set-Cookie` header value that deletes cookie `name` into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_cookie_clear(
    options: *const LoginkitCookieOptions,
    name: LoginkitStr,
    out: *mut LoginkitString,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let options = cookie_options(options)?;
        out.write(owned(&options.clear_cookie(read_required(name, "name")?)));
        Ok(())
    })
}

/// Checks that `return_to` is a path on the application's own origin
/// (`invalid_return_to` otherwise). Returns NULL when it is.
#[no_mangle]
pub unsafe extern "C" fn loginkit_validate_return_to(return_to: LoginkitStr) -> *mut LoginkitError {
    guard(|| loginkit::validate_return_to(read_required(return_to, "return_to")?))
}

/// Starts a login and seals its transaction into a cookie: state, nonce
/// and PKCE verifier are generated; `return_to` (NULL or empty for none)
/// must pass `loginkit_validate_return_to()`; `cookie` may be NULL (the
/// defaults); `now` is the time in seconds since the Unix epoch. Send a
/// redirect to `out->url` with a `Set-Cookie: out->set_cookie` header.
#[no_mangle]
pub unsafe extern "C" fn loginkit_start_login_transaction(
    client: *const LoginkitClient,
    redirect_uri: LoginkitStr,
    options: *const LoginkitAuthorizationUrlOptions,
    return_to: LoginkitStr,
    keys: *const LoginkitTransactionKeys,
    cookie: *const LoginkitCookieOptions,
    now: i64,
    out: *mut LoginkitTransactionStart,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let keys = keys_ref(keys)?;
        let start = client.start_login_transaction(
            read_required(redirect_uri, "redirect_uri")?,
            &authorization_options(options)?,
            read(return_to, "return_to")?,
            &keys.keys,
            &cookie_options(cookie)?,
            now,
        )?;
        out.write(LoginkitTransactionStart {
            url: owned(&start.url),
            cookie_name: owned(&start.cookie_name),
            cookie_value: owned(&start.cookie_value),
            set_cookie: owned(&start.set_cookie),
        });
        Ok(())
    })
}

/// Releases every string of a transaction start and zeroes it. NULL is
/// ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_transaction_start_free(start: *mut LoginkitTransactionStart) {
    let Some(start) = start.as_mut() else {
        return;
    };
    for string in [&mut start.url, &mut start.cookie_name, &mut start.cookie_value, &mut start.set_cookie] {
        loginkit_string_free(std::mem::replace(string, NO_STRING));
    }
}

/// Finishes a login started by `loginkit_start_login_transaction()`:
/// reads the callback (full URL, request target or query), finds the
/// cookie named after its state in `cookie_header` (the request's
/// `Cookie` header), opens and checks it, into `*out`. `cookie` must be
/// the options the login started with (NULL for the defaults). Then
/// exchange `out->code` with the transaction's redirect URI, code
/// verifier and nonce, and send `out->clear_cookie`.
///
/// Errors, in the order checked: `invalid_callback`,
/// `duplicate_parameter`, `missing_state`; `transaction_missing`;
/// `transaction_truncated`, `transaction_unknown_key`,
/// `transaction_tampered`; `transaction_swapped`; `transaction_expired`;
/// then `issuer_mismatch`, `authorization_error`, `missing_code`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_finish_login(
    client: *const LoginkitClient,
    callback: LoginkitStr,
    cookie_header: LoginkitStr,
    keys: *const LoginkitTransactionKeys,
    cookie: *const LoginkitCookieOptions,
    now: i64,
    out: *mut LoginkitFinishedLogin,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?;
        let keys = keys_ref(keys)?;
        let finished = client.finish_login(
            read_required(callback, "callback")?,
            read_required(cookie_header, "cookie_header")?,
            &keys.keys,
            &cookie_options(cookie)?,
            now,
        )?;
        out.write(LoginkitFinishedLogin {
            code: owned(&finished.code),
            transaction: transaction_out(&finished.transaction),
            clear_cookie: owned(&finished.clear_cookie),
        });
        Ok(())
    })
}

/// Releases everything in a finished login and zeroes it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_finished_login_free(finished: *mut LoginkitFinishedLogin) {
    let Some(finished) = finished.as_mut() else {
        return;
    };
    loginkit_string_free(std::mem::replace(&mut finished.code, NO_STRING));
    loginkit_login_transaction_free(&mut finished.transaction);
    loginkit_string_free(std::mem::replace(&mut finished.clear_cookie, NO_STRING));
}

/// Creates an application's login routes into `*out`: `client` (with its
/// secret; the routes keep their own copy, sharing its key-set cache),
/// `keys` (copied), `redirect_uri` (the callback route's full URL) and
/// `options` (NULL for the defaults). Release them with
/// `loginkit_web_login_free()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_new(
    client: *const LoginkitClient,
    keys: *const LoginkitTransactionKeys,
    redirect_uri: LoginkitStr,
    options: *const LoginkitWebLoginOptions,
    out: *mut *mut LoginkitWebLogin,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let client = client_ref(client)?.clone();
        let keys = TransactionKeys::new(&keys_ref(keys)?.texts)?;
        let mut web = WebLogin::new(client, keys, read_required(redirect_uri, "redirect_uri")?)?;
        if let Some(o) = options.as_ref() {
            if let Some(uri) = read(o.post_logout_redirect_uri, "post_logout_redirect_uri")? {
                web = web.with_post_logout_redirect_uri(uri)?;
            }
            if o.scopes_given {
                let mut scopes = Vec::with_capacity(o.scopes_len);
                for (index, scope) in slice(o.scopes, o.scopes_len).iter().enumerate() {
                    scopes.push(read_required(*scope, format_args!("scopes[{index}]"))?.to_owned());
                }
                web = web.with_scopes(scopes);
            }
            let session_ttl = if o.session_ttl_given { o.session_ttl } else { loginkit::DEFAULT_SESSION_TTL };
            web = web.with_cookies(cookie_options(&o.cookie)?, session_ttl);
        }
        out.write(Box::into_raw(Box::new(LoginkitWebLogin(web))));
        Ok(())
    })
}

/// Releases login routes. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_free(web: *mut LoginkitWebLogin) {
    if !web.is_null() {
        drop(Box::from_raw(web));
    }
}

/// The login route (`sign_up`: the sign-up route, `prompt=create`): a
/// redirect to the provider with a fresh transaction cookie, into `*out`.
/// `return_to` (NULL or empty for `/`) is where the user lands after
/// login, a same-origin path (`invalid_return_to` otherwise).
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_login(
    web: *const LoginkitWebLogin,
    sign_up: bool,
    return_to: LoginkitStr,
    now: i64,
    out: *mut LoginkitHttpResponse,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let response = web_ref(web)?.login(sign_up, read(return_to, "return_to")?, now)?;
        out.write(response_out(&response));
        Ok(())
    })
}

/// The login route from its request: `loginkit_web_login_login()` with the
/// return-to path read by the core from `request_target` (the request
/// target as received, e.g. `/login?return_to=%2Finbox`, the full URL or
/// the query), so an integration never parses a URL. A malformed
/// `return_to` is `invalid_return_to`, a repeated one
/// `duplicate_parameter`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_login_from_request(
    web: *const LoginkitWebLogin,
    request_target: LoginkitStr,
    sign_up: bool,
    now: i64,
    out: *mut LoginkitHttpResponse,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let response = web_ref(web)?.login_from_request(read_required(request_target, "request_target")?, sign_up, now)?;
        out.write(response_out(&response));
        Ok(())
    })
}

/// The callback route, first half: checks the callback (the request
/// target, e.g. `/auth/callback?code=...`) against its transaction cookie
/// in `cookie_header` and starts the code exchange, into `*out` (errors
/// as `loginkit_finish_login()`). Release it with
/// `loginkit_pending_login_free()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_callback(
    web: *const LoginkitWebLogin,
    request_target: LoginkitStr,
    cookie_header: LoginkitStr,
    now: i64,
    out: *mut *mut LoginkitPendingLogin,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let pending = web_ref(web)?.callback(
            read_required(request_target, "request_target")?,
            read_required(cookie_header, "cookie_header")?,
            now,
        )?;
        out.write(Box::into_raw(Box::new(LoginkitPendingLogin { pending, result: None })));
        Ok(())
    })
}

/// The pending login's first request (the token request) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_pending_login_request(
    pending: *const LoginkitPendingLogin,
    out: *mut LoginkitHttpRequest,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let pending = pending.as_ref().ok_or_else(|| invalid_argument("pending"))?;
        out.write(request_out(&pending.pending.exchange.request()));
        Ok(())
    })
}

/// Judges the answer to the last request sent, as
/// `loginkit_exchange_receive()` does, into `*out`. When the step is done,
/// the pending login keeps the result for `loginkit_web_login_complete()`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_pending_login_receive(
    pending: *mut LoginkitPendingLogin,
    status: u16,
    body: LoginkitStr,
    now: i64,
    out: *mut LoginkitExchangeStep,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let pending = pending.as_mut().ok_or_else(|| invalid_argument("pending"))?;
        let step = pending.pending.exchange.receive(status, read_required(body, "body")?, now)?;
        if let Step::Done(login) = &step {
            pending.result = Some((**login).clone());
        }
        out.write(step_out(step));
        Ok(())
    })
}

/// The pending login's transaction (for its return-to path) into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_pending_login_transaction(
    pending: *const LoginkitPendingLogin,
    out: *mut LoginkitLoginTransaction,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let pending = pending.as_ref().ok_or_else(|| invalid_argument("pending"))?;
        out.write(transaction_out(&pending.pending.transaction));
        Ok(())
    })
}

/// Releases a pending login. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_pending_login_free(pending: *mut LoginkitPendingLogin) {
    if !pending.is_null() {
        drop(Box::from_raw(pending));
    }
}

/// The callback route, second half, once the pending login's exchange is
/// done: seals the session and redirects to the return-to path (or `/`),
/// deleting the transaction cookie, into `*out`. A pending login whose
/// exchange is not done is `invalid_argument`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_complete(
    web: *const LoginkitWebLogin,
    pending: *const LoginkitPendingLogin,
    now: i64,
    out: *mut LoginkitHttpResponse,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let web = web_ref(web)?;
        let pending = pending.as_ref().ok_or_else(|| invalid_argument("pending"))?;
        let Some(result) = &pending.result else {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "the pending login's exchange is not done; drive it with loginkit_pending_login_receive() first",
            ));
        };
        out.write(response_out(&web.complete(&pending.pending, result, now)?));
        Ok(())
    })
}

/// The signed-in user of a request, from its `Cookie` header, into `*out`:
/// `found` is false when there is no session, or it expired, or it does
/// not open (never an error).
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_user(
    web: *const LoginkitWebLogin,
    cookie_header: LoginkitStr,
    now: i64,
    out: *mut LoginkitSessionUser,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let user = web_ref(web)?.user(read_required(cookie_header, "cookie_header")?, now);
        out.write(match user {
            Some(user) => LoginkitSessionUser {
                found: true,
                claims_json: owned(&user.claims.to_json()),
                id_token: owned(&user.id_token),
                expires_at: user.expires_at,
            },
            None => LoginkitSessionUser { found: false, claims_json: NO_STRING, id_token: NO_STRING, expires_at: 0 },
        });
        Ok(())
    })
}

/// Releases every string of a session user and zeroes it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_session_user_free(user: *mut LoginkitSessionUser) {
    let Some(user) = user.as_mut() else {
        return;
    };
    loginkit_string_free(std::mem::replace(&mut user.claims_json, NO_STRING));
    loginkit_string_free(std::mem::replace(&mut user.id_token, NO_STRING));
    user.found = false;
    user.expires_at = 0;
}

/// The logout route: deletes the session cookie and redirects to the
/// provider's logout URL (with the session's ID token as `id_token_hint`
/// and the post-logout redirect URI), into `*out`.
#[no_mangle]
pub unsafe extern "C" fn loginkit_web_login_logout(
    web: *const LoginkitWebLogin,
    cookie_header: LoginkitStr,
    now: i64,
    out: *mut LoginkitHttpResponse,
) -> *mut LoginkitError {
    guard(|| {
        let out = output(out)?;
        let response = web_ref(web)?.logout(read_required(cookie_header, "cookie_header")?, now)?;
        out.write(response_out(&response));
        Ok(())
    })
}

/// Releases the header array of a response and zeroes it; the struct
/// itself is the caller's. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_http_response_free(response: *mut LoginkitHttpResponse) {
    let Some(response) = response.as_mut() else {
        return;
    };
    let response = std::mem::replace(response, NO_RESPONSE);
    headers_free(response.headers, response.headers_len);
}

/// Panics inside the core on purpose and returns the resulting
/// `internal_error`. For the bindings' boundary tests only.
#[no_mangle]
pub extern "C" fn loginkit_panic_for_tests() -> *mut LoginkitError {
    guard(loginkit::panic_for_tests)
}

/// The number of error codes; see `loginkit_error_code_at()`.
#[no_mangle]
pub extern "C" fn loginkit_error_code_count() -> usize {
    ErrorCode::ALL.len()
}

/// The `index`-th error code as a static string (do not free it), or a
/// NULL `ptr` when `index` is out of range. Lets a binding prove it knows
/// every code.
#[no_mangle]
pub extern "C" fn loginkit_error_code_at(index: usize) -> LoginkitStr {
    match ErrorCode::ALL.get(index) {
        Some(code) => LoginkitStr { ptr: code.as_str().as_ptr(), len: code.as_str().len() },
        None => LoginkitStr { ptr: ptr::null(), len: 0 },
    }
}

/// Releases a string returned by the library. A NULL `ptr` is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_string_free(string: LoginkitString) {
    if !string.ptr.is_null() {
        let bytes = ptr::slice_from_raw_parts_mut(string.ptr as *mut u8, string.len + 1);
        drop(Box::from_raw(bytes));
    }
}

/// Releases an error and every string in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn loginkit_error_free(error: *mut LoginkitError) {
    if error.is_null() {
        return;
    }
    let error = Box::from_raw(error);
    for string in [error.code, error.message, error.oauth_error, error.error_description, error.error_uri] {
        loginkit_string_free(string);
    }
}

/// One call in the flat request format (`flat.rs`; the Go binding's
/// path): `request_len` bytes at `request` hold the op and its arguments,
/// and the response (`OK` and the results, or `FAILED` and the error) is
/// written to `response`. `client` may be NULL for the ops that need none.
/// `LOGINKIT_OP_START_LOGIN_TRANSACTION` carries its
/// `LoginkitTransactionKeys*` as a u64, which must be a live key set.
/// Returns the response length, or minus the length needed when
/// `response_capacity` is too small (then nothing is written: call again
/// with a larger buffer). Nothing is allocated for the caller to free.
#[no_mangle]
pub unsafe extern "C" fn loginkit_flat_call(
    client: *const LoginkitClient,
    request: *const u8,
    request_len: usize,
    response: *mut u8,
    response_capacity: usize,
) -> i64 {
    let request = flat::request_bytes(request, request_len);
    flat::respond(
        || {
            let mut reader = flat::Reader::new(request);
            let op = reader.u32()?;
            let mut writer = flat::Writer::default();
            let answered = match client.as_ref() {
                Some(client) if op == flat::LOGINKIT_OP_START_LOGIN_TRANSACTION => {
                    let keys = keys_ref(reader.u64()? as usize as *const LoginkitTransactionKeys)?;
                    flat::start_login_transaction(&client.0, &keys.keys, &mut reader, &mut writer)?;
                    true
                }
                Some(client) => flat::client_op(op, &client.0, &mut reader, &mut writer)?,
                None => false,
            };
            if !answered && !flat::static_op(op, &mut reader, &mut writer)? {
                return Err(if client.is_null() { invalid_argument("client") } else { flat::malformed() });
            }
            Ok(writer)
        },
        response,
        response_capacity,
    )
}
