//! JNA direct-mapped entry points for every call an application makes per
//! request (decision record 10), and for reading a token response and
//! verifying an ID token, the per-login work the benchmark compares with
//! nimbus-jose-jwt.
//!
//! uniffi's Kotlin passes every argument and result through JNA
//! `Structure`s, each backed by a tracked native memory block that only a
//! full GC releases: tens of microseconds per call. This function takes and
//! fills plain byte buffers instead (direct NIO buffers on the JVM side,
//! which JNA's direct mapping passes by address). They call the same core
//! functions as the uniffi exports and add no behaviour.
//!
//! Wire format (integers are u32 little-endian; a string is its UTF-8
//! length then its bytes, the length `ABSENT` meaning "not given"). A
//! request starts with its op; a client's op then names the client by its
//! handle (u64, see below), so the environment URL is parsed once per
//! client, not per call:
//!
//! * `OP_AUTHORIZATION_URL`, `OP_START_LOGIN`: client, redirect_uri, then
//!   the options as [`AuthorizationLists::read`] documents: the strings
//!   state, nonce, login_hint, domain_hint, connection_id,
//!   organization_id, provider, prompt, code_challenge,
//!   code_challenge_method, the scope count (`ABSENT`: not given) and the
//!   scopes, the extra-parameter count and each name and value. Response:
//!   url (start_login: url, state, nonce, code_verifier).
//! * `OP_PARSE_CALLBACK`: client, callback, expected_state. Response: code,
//!   state.
//! * `OP_LOGOUT_URL`: client, id_token_hint, post_logout_redirect_uri,
//!   state. Response: url.
//! * `OP_PARSE_TOKEN_RESPONSE`: the status (u32) and the body. Response:
//!   access_token, token_type, expires_in (an optional u64),
//!   refresh_token, id_token, scope.
//! * `OP_VERIFY_ID_TOKEN`: issuer, client_id, id_token, jwks, nonce, now
//!   (i64) and the leeway (an optional u64). Response: the claims as
//!   compact JSON text.
//! * `OP_VALIDATE_REDIRECT_URI`: uri, environment. Response: nothing.
//!   `OP_REDIRECT_URI_MATCHES` (registered, candidate) and
//!   `OP_VERIFY_STATE` (expected, received): the verdict as a u32 0/1.
//!   `OP_GENERATE_STATE`, `OP_GENERATE_NONCE`,
//!   `OP_GENERATE_CODE_VERIFIER`: the value. `OP_PKCE_CHALLENGE`
//!   (verifier): the challenge.
//!
//! Every response starts with `OK`, or is `FAILED` then code, message,
//! oauth_error, error_description, error_uri.
//!
//! An optional u64 is a u32 presence flag (0 or 1), then 8 bytes
//! little-endian when present; an i64 is 8 bytes little-endian.
//!
//! Clients and exchanges live in registries: each `FfiClient` registers a
//! clone of its core `Client` (clones share the JWKS cache) under the
//! handle `FfiClient::direct_handle` returns, until it is closed or
//! collected; each exchange lives until `OP_EXCHANGE_CLOSE`. An unknown or
//! closed handle is `invalid_argument`, never undefined behaviour.
//!
//! * `OP_EXCHANGE_CODE`: client handle (u64), code, redirect_uri,
//!   code_verifier, nonce; `OP_EXCHANGE_REFRESH`: client handle,
//!   refresh_token, scope. Response: `OK`, the exchange handle (u64), its
//!   first request.
//! * `OP_EXCHANGE_RECEIVE`: exchange handle, status (u32), body, now (i64).
//!   Response: `OK`, then `STEP_SEND` and a request, or `STEP_DONE`, the six
//!   token fields as for parse_token_response and the claims JSON (`ABSENT`
//!   when no ID token came).
//! * `OP_EXCHANGE_CLOSE`: exchange handle. Response: `OK`.
//!
//! The sealed login transaction (issue 12): `TransactionKeys` register under
//! a handle too (`FfiTransactionKeys::direct_handle`).
//! `OP_START_LOGIN_TRANSACTION` takes the client and the authorization
//! fields as `OP_START_LOGIN`, then the key-set handle (u64), return_to,
//! the cookie path, secure (u32 0/1), ttl (u64) and now (i64). Response:
//! `OK`, url, cookie_name, cookie_value, set_cookie. A web callback's
//! exchange (`FfiWebLogin::callback`) lives in the exchange registry too,
//! with its pending login; when it is done its result stays there for
//! `FfiWebLogin::complete` until the exchange is closed.
//!
//! A request is method, url, the header count (u32), each header's name
//! and value, and body.
//!
//! The return value is the response length, or minus the length needed
//! when `response_capacity` is too small (nothing is written then).

use loginkit::{
    AuthorizationParams, Client, LogoutUrlOptions, CookieOptions, Error, ErrorCode, Exchange, HttpRequest, LoginResult, PendingLogin, Step,
    TokenResponse, TransactionKeys,
};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError, RwLock};

const ABSENT: u32 = u32::MAX;
const OP_AUTHORIZATION_URL: u32 = 0;
const OP_START_LOGIN: u32 = 1;
const OP_PARSE_CALLBACK: u32 = 2;
const OP_PARSE_TOKEN_RESPONSE: u32 = 3;
const OP_VERIFY_ID_TOKEN: u32 = 4;
const OP_EXCHANGE_CODE: u32 = 5;
const OP_EXCHANGE_REFRESH: u32 = 6;
const OP_EXCHANGE_RECEIVE: u32 = 7;
const OP_EXCHANGE_CLOSE: u32 = 8;
const OP_START_LOGIN_TRANSACTION: u32 = 9;
const OP_LOGOUT_URL: u32 = 10;
const OP_VALIDATE_REDIRECT_URI: u32 = 11;
const OP_REDIRECT_URI_MATCHES: u32 = 12;
const OP_VERIFY_STATE: u32 = 13;
const OP_GENERATE_STATE: u32 = 14;
const OP_GENERATE_NONCE: u32 = 15;
const OP_GENERATE_CODE_VERIFIER: u32 = 16;
const OP_PKCE_CHALLENGE: u32 = 17;
const STEP_SEND: u32 = 0;
const STEP_DONE: u32 = 1;

static NEXT_HANDLE: AtomicU64 = AtomicU64::new(1);
/// Read on every per-request call, written only when a client is created
/// or closed: a read lock lets calls on many threads proceed together.
static CLIENTS: LazyLock<RwLock<HashMap<u64, Arc<Client>>>> = LazyLock::new(Default::default);
/// Each exchange has its own lock, so exchanges on different threads
/// never wait for each other's signature checks.
static EXCHANGES: LazyLock<Mutex<HashMap<u64, Arc<Mutex<Slot>>>>> = LazyLock::new(Default::default);
static KEYS: LazyLock<Mutex<HashMap<u64, Arc<TransactionKeys>>>> = LazyLock::new(Default::default);

/// An exchange in the registry: a plain one, or a web callback's
/// (`WebLogin::callback`), which keeps its pending login and, once done,
/// the result for `WebLogin::complete`.
enum Slot {
    Plain(Exchange),
    Web(PendingLogin, Option<LoginResult>),
}

impl Slot {
    fn exchange(&mut self) -> &mut Exchange {
        match self {
            Slot::Plain(exchange) => exchange,
            Slot::Web(pending, _) => &mut pending.exchange,
        }
    }
}

pub(crate) fn register_keys(keys: Arc<TransactionKeys>) -> u64 {
    let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
    lock(&KEYS).insert(handle, keys);
    handle
}

pub(crate) fn unregister_keys(handle: u64) {
    lock(&KEYS).remove(&handle);
}

/// Registers a web callback's exchange; the JVM side drives it by this
/// handle like any exchange, then completes it with [`with_finished_login`]
/// before closing it.
pub(crate) fn register_pending_login(pending: PendingLogin) -> u64 {
    let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
    lock(&EXCHANGES).insert(handle, Arc::new(Mutex::new(Slot::Web(pending, None))));
    handle
}

/// Runs `f` on the pending login `handle` and its result, once done.
pub(crate) fn with_finished_login<T>(
    handle: u64,
    f: impl FnOnce(&PendingLogin, &LoginResult) -> Result<T, Error>,
) -> Result<T, Error> {
    let slot = lock(&EXCHANGES).get(&handle).cloned().ok_or_else(|| unknown("exchange"))?;
    let slot = lock(&slot);
    match &*slot {
        Slot::Web(pending, Some(login)) => f(pending, login),
        _ => Err(Error::new(ErrorCode::InvalidArgument, "this login's code exchange is not done")),
    }
}

/// A registry entry's lock; the values stay consistent even if a holder
/// panicked (the core reports an out-of-order call as an error).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Registers a clone of `client` (sharing its JWKS cache) for the direct
/// exchange ops; `FfiClient` calls this once and [`unregister_client`]
/// when it is dropped.
pub(crate) fn register_client(client: Client) -> u64 {
    let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
    CLIENTS.write().unwrap_or_else(PoisonError::into_inner).insert(handle, Arc::new(client));
    handle
}

pub(crate) fn unregister_client(handle: u64) {
    CLIENTS.write().unwrap_or_else(PoisonError::into_inner).remove(&handle);
}

/// The client registered under `handle`; a closed (or unknown) one is an
/// error, never undefined behaviour.
fn client(handle: u64) -> Result<Arc<Client>, Error> {
    CLIENTS.read().unwrap_or_else(PoisonError::into_inner).get(&handle).cloned().ok_or_else(|| unknown("client"))
}

fn unknown(what: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, format!("this {what} is closed"))
}
const OK: u32 = 0;
const FAILED: u32 = 1;

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn u32(&mut self) -> Result<u32, Error> {
        let (head, rest) = self.bytes.split_first_chunk::<4>().ok_or_else(malformed)?;
        self.bytes = rest;
        Ok(u32::from_le_bytes(*head))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        let (head, rest) = self.bytes.split_first_chunk::<8>().ok_or_else(malformed)?;
        self.bytes = rest;
        Ok(u64::from_le_bytes(*head))
    }

    fn optional_u64(&mut self) -> Result<Option<u64>, Error> {
        Ok(if self.u32()? == 0 { None } else { Some(self.u64()?) })
    }

    fn text(&mut self) -> Result<Option<&'a str>, Error> {
        let len = self.u32()?;
        if len == ABSENT {
            return Ok(None);
        }
        let (text, rest) = self.bytes.split_at_checked(len as usize).ok_or_else(malformed)?;
        self.bytes = rest;
        std::str::from_utf8(text)
            .map(Some)
            .map_err(|_| Error::new(ErrorCode::InvalidString, "an argument is not valid UTF-8"))
    }

    fn owned(&mut self) -> Result<Option<String>, Error> {
        Ok(self.text()?.map(str::to_owned))
    }

    fn count(&mut self) -> Result<Option<usize>, Error> {
        Ok(match self.u32()? {
            ABSENT => None,
            count => Some(count as usize),
        })
    }
}

fn malformed() -> Error {
    Error::new(ErrorCode::InternalError, "malformed request from the JVM binding; this is a bug")
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn optional_u64(&mut self, value: Option<u64>) {
        match value {
            None => self.u32(0),
            Some(value) => {
                self.u32(1);
                self.bytes.extend_from_slice(&value.to_le_bytes());
            }
        }
    }

    fn request(&mut self, request: &HttpRequest) {
        self.text(Some(request.method));
        self.text(Some(&request.url));
        self.u32(request.headers.len() as u32);
        for (name, value) in &request.headers {
            self.text(Some(name));
            self.text(Some(value));
        }
        self.text(Some(&request.body));
    }

    fn tokens(&mut self, tokens: &TokenResponse) {
        self.text(Some(&tokens.access_token));
        self.text(Some(&tokens.token_type));
        self.optional_u64(tokens.expires_in);
        self.text(tokens.refresh_token.as_deref());
        self.text(tokens.id_token.as_deref());
        self.text(tokens.scope.as_deref());
    }

    fn text(&mut self, value: Option<&str>) {
        match value {
            None => self.u32(ABSENT),
            Some(text) => {
                self.u32(text.len() as u32);
                self.bytes.extend_from_slice(text.as_bytes());
            }
        }
    }
}

fn handle(request: &[u8]) -> Result<Writer, Error> {
    let mut reader = Reader { bytes: request };
    let op = reader.u32()?;
    let mut writer = Writer::default();
    match op {
        OP_AUTHORIZATION_URL | OP_START_LOGIN => {
            let client = client(reader.u64()?)?;
            let redirect_uri = reader.text()?.unwrap_or("");
            let lists = AuthorizationLists::read(&mut reader)?;
            let options = lists.params();
            if op == OP_AUTHORIZATION_URL {
                let url = client.authorization_url(redirect_uri, options)?;
                writer.u32(OK);
                writer.text(Some(&url));
            } else {
                let login = client.start_login(redirect_uri, options)?;
                writer.u32(OK);
                for value in [&login.url, &login.state, &login.nonce, &login.code_verifier] {
                    writer.text(Some(value));
                }
            }
        }
        OP_START_LOGIN_TRANSACTION => {
            let client = client(reader.u64()?)?;
            let redirect_uri = reader.text()?.unwrap_or("");
            let lists = AuthorizationLists::read(&mut reader)?;
            let keys_handle = reader.u64()?;
            let return_to = reader.text()?;
            let cookie = CookieOptions {
                path: reader.owned()?.unwrap_or_default(),
                secure: reader.u32()? != 0,
                ttl: reader.u64()?,
            };
            let now = reader.u64()? as i64;
            let keys = lock(&KEYS).get(&keys_handle).cloned().ok_or_else(|| unknown("key set"))?;
            let start = client.start_login_transaction(redirect_uri, lists.params(), return_to, &keys, &cookie, now)?;
            writer.u32(OK);
            for value in [&start.url, &start.cookie_name, &start.cookie_value, &start.set_cookie] {
                writer.text(Some(value));
            }
        }
        OP_PARSE_CALLBACK => {
            let client = client(reader.u64()?)?;
            let callback = reader.text()?.unwrap_or("");
            let expected_state = reader.text()?.unwrap_or("");
            let callback = client.parse_callback(callback, expected_state)?;
            writer.u32(OK);
            writer.text(Some(&callback.code));
            writer.text(Some(&callback.state));
        }
        OP_LOGOUT_URL => {
            let client = client(reader.u64()?)?;
            let options = LogoutUrlOptions {
                id_token_hint: reader.owned()?,
                post_logout_redirect_uri: reader.owned()?,
                state: reader.owned()?,
            };
            let url = client.logout_url(&options)?;
            writer.u32(OK);
            writer.text(Some(&url));
        }
        OP_VALIDATE_REDIRECT_URI => {
            let uri = reader.text()?.unwrap_or("");
            let environment = reader.text()?.unwrap_or("").parse()?;
            loginkit::validate_redirect_uri(uri, environment)?;
            writer.u32(OK);
        }
        OP_REDIRECT_URI_MATCHES | OP_VERIFY_STATE => {
            let first = reader.text()?.unwrap_or("");
            let second = reader.text()?.unwrap_or("");
            let verdict = if op == OP_REDIRECT_URI_MATCHES {
                loginkit::redirect_uri_matches(first, second)
            } else {
                loginkit::verify_state(first, second)
            };
            writer.u32(OK);
            writer.u32(u32::from(verdict));
        }
        OP_GENERATE_STATE | OP_GENERATE_NONCE | OP_GENERATE_CODE_VERIFIER => {
            let value = match op {
                OP_GENERATE_STATE => loginkit::generate_state()?,
                OP_GENERATE_NONCE => loginkit::generate_nonce()?,
                _ => loginkit::generate_code_verifier()?,
            };
            writer.u32(OK);
            writer.text(Some(&value));
        }
        OP_PKCE_CHALLENGE => {
            let challenge = loginkit::pkce_challenge(reader.text()?.unwrap_or(""))?;
            writer.u32(OK);
            writer.text(Some(&challenge));
        }
        OP_PARSE_TOKEN_RESPONSE => {
            let status = u16::try_from(reader.u32()?).map_err(|_| malformed())?;
            let body = reader.text()?.unwrap_or("");
            let tokens = loginkit::parse_token_response(status, body)?;
            writer.u32(OK);
            writer.tokens(&tokens);
        }
        OP_EXCHANGE_CODE | OP_EXCHANGE_REFRESH => {
            let client = client(reader.u64()?)?;
            let exchange = if op == OP_EXCHANGE_CODE {
                let code = reader.text()?.unwrap_or("");
                let redirect_uri = reader.text()?.unwrap_or("");
                let code_verifier = reader.text()?;
                let nonce = reader.text()?;
                client.exchange_code(code, redirect_uri, code_verifier, nonce)?
            } else {
                let refresh_token = reader.text()?.unwrap_or("");
                let scope = reader.text()?;
                client.exchange_refresh_token(refresh_token, scope)?
            };
            let first = exchange.request();
            let handle = NEXT_HANDLE.fetch_add(1, Ordering::Relaxed);
            lock(&EXCHANGES).insert(handle, Arc::new(Mutex::new(Slot::Plain(exchange))));
            writer.u32(OK);
            writer.bytes.extend_from_slice(&handle.to_le_bytes());
            writer.request(&first);
        }
        OP_EXCHANGE_RECEIVE => {
            let handle = reader.u64()?;
            let status = u16::try_from(reader.u32()?).map_err(|_| malformed())?;
            let body = reader.text()?.unwrap_or("");
            let now = reader.u64()? as i64;
            let exchange = lock(&EXCHANGES).get(&handle).cloned().ok_or_else(|| unknown("exchange"))?;
            let mut slot = lock(&exchange);
            let step = slot.exchange().receive(status, body, now)?;
            if let (Slot::Web(_, done), Step::Done(login)) = (&mut *slot, &step) {
                *done = Some((**login).clone());
            }
            drop(slot);
            writer.u32(OK);
            match step {
                Step::Send(request) => {
                    writer.u32(STEP_SEND);
                    writer.request(&request);
                }
                Step::Done(login) => {
                    writer.u32(STEP_DONE);
                    writer.tokens(&login.tokens);
                    writer.text(login.claims.as_ref().map(loginkit::IdTokenClaims::to_json).as_deref());
                }
            }
        }
        OP_EXCHANGE_CLOSE => {
            let handle = reader.u64()?;
            lock(&EXCHANGES).remove(&handle);
            writer.u32(OK);
        }
        OP_VERIFY_ID_TOKEN => {
            let issuer = reader.text()?.unwrap_or("");
            let client_id = reader.text()?.unwrap_or("");
            let id_token = reader.text()?.unwrap_or("");
            let jwks = reader.text()?.unwrap_or("");
            let nonce = reader.text()?;
            let now = reader.u64()? as i64;
            let leeway = reader.optional_u64()?;
            let expected = loginkit::IdTokenExpectations { issuer, client_id, nonce, now, leeway };
            let claims = loginkit::verify_id_token(id_token, jwks, &expected)?;
            writer.u32(OK);
            writer.text(Some(&claims.to_json()));
        }
        _ => return Err(malformed()),
    }
    Ok(writer)
}

/// The authorization options as read, borrowed from the request buffer;
/// [`AuthorizationLists::params`] lends them to the core without copying.
struct AuthorizationLists<'a> {
    strings: [Option<&'a str>; 10],
    scopes: Option<Vec<&'a str>>,
    extra_params: Vec<(&'a str, &'a str)>,
}

impl<'a> AuthorizationLists<'a> {
    /// state, nonce, login_hint, domain_hint, connection_id,
    /// organization_id, provider, prompt, code_challenge,
    /// code_challenge_method; the scopes; the extra parameters.
    fn read(reader: &mut Reader<'a>) -> Result<Self, Error> {
        let mut strings = [None; 10];
        for string in &mut strings {
            *string = reader.text()?;
        }
        let scopes = match reader.count()? {
            None => None,
            Some(count) => Some((0..count).map(|_| Ok(reader.text()?.unwrap_or(""))).collect::<Result<Vec<_>, Error>>()?),
        };
        let extra_params = (0..reader.count()?.unwrap_or(0))
            .map(|_| Ok((reader.text()?.unwrap_or(""), reader.text()?.unwrap_or(""))))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(AuthorizationLists { strings, scopes, extra_params })
    }

    fn params(&self) -> AuthorizationParams<'_> {
        let [state, nonce, login_hint, domain_hint, connection_id, organization_id, provider, prompt, code_challenge, code_challenge_method] =
            self.strings;
        AuthorizationParams {
            scopes: self.scopes.as_deref(),
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
            extra_params: &self.extra_params,
        }
    }
}

fn failure(err: &Error) -> Writer {
    let mut writer = Writer::default();
    let oauth = err.oauth_error();
    writer.u32(FAILED);
    writer.text(Some(err.code().as_str()));
    writer.text(Some(err.message()));
    writer.text(oauth.map(|o| o.error.as_str()));
    writer.text(oauth.and_then(|o| o.error_description.as_deref()));
    writer.text(oauth.and_then(|o| o.error_uri.as_deref()));
    writer
}

/// Builds an authorization URL, starts a login, parses a callback, reads a
/// token response, verifies an ID token or drives a token exchange; see the
/// module comment for the wire format.
///
/// # Safety
/// `request` must point to `request_len` readable bytes and `response` to
/// `response_capacity` writable bytes (JNA passes direct `ByteBuffer`s).
#[no_mangle]
pub unsafe extern "C" fn loginkit_jvm_direct_call(
    request: *const u8,
    request_len: i32,
    response: *mut u8,
    response_capacity: i32,
) -> i32 {
    let request = if request.is_null() || request_len <= 0 {
        &[][..]
    } else {
        std::slice::from_raw_parts(request, request_len as usize)
    };
    let writer = match catch_unwind(AssertUnwindSafe(|| loginkit::catch_panic(|| handle(request)))) {
        Ok(Ok(writer)) => writer,
        Ok(Err(err)) => failure(&err),
        Err(_) => failure(&Error::new(ErrorCode::InternalError, "loginkit panicked; this is a bug")),
    };
    let needed = writer.bytes.len();
    if response.is_null() || needed > response_capacity.max(0) as usize {
        return -(needed.min(i32::MAX as usize) as i32);
    }
    std::ptr::copy_nonoverlapping(writer.bytes.as_ptr(), response, needed);
    needed as i32
}
