//! The C ABI of loginkit.
//!
//! A thin layer: it turns pointer + length strings into `&str` (refusing
//! invalid UTF-8 with `invalid_string`), calls the core, and hands results
//! back as owned strings. It adds no behaviour. Ownership rules are in the
//! header's preamble (`cbindgen.toml`).
#![allow(clippy::missing_safety_doc)] // each function documents its contract in the header

use loginkit::{AuthorizationUrlOptions, Client, Environment, Error, ErrorCode, LogoutUrlOptions};
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
/// offending value and the rule. For `authorization_error`, `oauth_error`
/// holds the server's `error` and `error_description` / `error_uri` what
/// it sent; otherwise (and when not sent) their `ptr` is NULL. Release the
/// whole error with `loginkit_error_free()`.
#[repr(C)]
pub struct LoginkitError {
    /// The stable code, e.g. `invalid_redirect_uri`.
    pub code: LoginkitString,
    /// A message naming the offending value and the rule.
    pub message: LoginkitString,
    /// The server's `error`, for `authorization_error`.
    pub oauth_error: LoginkitString,
    /// The server's `error_description`, when sent.
    pub error_description: LoginkitString,
    /// The server's `error_uri`, when sent.
    pub error_uri: LoginkitString,
}

/// A client for one environment and one application. Opaque.
pub struct LoginkitClient(Client);

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
