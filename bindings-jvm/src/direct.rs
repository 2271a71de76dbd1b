//! JNA direct-mapped entry points for the calls applications make per
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
//! length then its bytes, the length `ABSENT` meaning "not given"):
//!
//! * request: op, env_url, client_id, then for `OP_AUTHORIZATION_URL` and
//!   `OP_START_LOGIN` the strings redirect_uri, state, nonce, login_hint,
//!   domain_hint, connection_id, organization_id, provider, prompt,
//!   code_challenge, code_challenge_method, the scope count (`ABSENT`: not
//!   given) and the scopes, the extra-parameter count and each name and
//!   value; for `OP_PARSE_CALLBACK` the strings callback and
//!   expected_state; for `OP_PARSE_TOKEN_RESPONSE` (env_url and client_id
//!   `ABSENT`) the status (u32) and the body; for `OP_VERIFY_ID_TOKEN`
//!   (env_url is the expected issuer, taken as given) the strings id_token,
//!   jwks and nonce, now (i64) and the leeway (an optional u64).
//! * response: `OK` then url (start_login: url, state, nonce,
//!   code_verifier; parse_callback: code, state; parse_token_response:
//!   access_token, token_type, expires_in (an optional u64), refresh_token,
//!   id_token, scope; verify_id_token: the claims as compact JSON text); or
//!   `FAILED` then code, message, oauth_error, error_description,
//!   error_uri.
//!
//! An optional u64 is a u32 presence flag (0 or 1), then 8 bytes
//! little-endian when present; an i64 is 8 bytes little-endian.
//!
//! The token exchange keeps state between calls (the exchange itself, and
//! the client's JWKS cache), so it works on handles: each `FfiClient`
//! registers a clone of its core `Client` (clones share the cache) under
//! the handle `FfiClient::direct_handle` returns, and each exchange lives
//! in a registry until `OP_EXCHANGE_CLOSE`. An unknown handle is an error,
//! never undefined behaviour. After the header (env_url and client_id
//! `ABSENT`):
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
//! `OP_START_LOGIN_TRANSACTION` takes the header and the authorization
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
    AuthorizationUrlOptions, Client, CookieOptions, Error, ErrorCode, Exchange, HttpRequest, LoginResult, PendingLogin, Step,
    TokenResponse, TransactionKeys,
};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};

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
const STEP_SEND: u32 = 0;
const STEP_DONE: u32 = 1;

static NEXT_HANDLE: AtomicU64 = AtomicU64::new(1);
static CLIENTS: LazyLock<Mutex<HashMap<u64, Client>>> = LazyLock::new(Default::default);
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
    lock(&CLIENTS).insert(handle, client);
    handle
}

pub(crate) fn unregister_client(handle: u64) {
    lock(&CLIENTS).remove(&handle);
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
    let env_url = reader.text()?.unwrap_or("");
    let client_id = reader.text()?.unwrap_or("");
    let mut writer = Writer::default();
    match op {
        OP_AUTHORIZATION_URL | OP_START_LOGIN => {
            let redirect_uri = reader.text()?.unwrap_or("");
            let options = authorization_options(&mut reader)?;
            let client = Client::new(env_url, client_id)?;
            if op == OP_AUTHORIZATION_URL {
                let url = client.authorization_url(redirect_uri, &options)?;
                writer.u32(OK);
                writer.text(Some(&url));
            } else {
                let login = client.start_login(redirect_uri, &options)?;
                writer.u32(OK);
                for value in [&login.url, &login.state, &login.nonce, &login.code_verifier] {
                    writer.text(Some(value));
                }
            }
        }
        OP_START_LOGIN_TRANSACTION => {
            let redirect_uri = reader.text()?.unwrap_or("");
            let options = authorization_options(&mut reader)?;
            let keys_handle = reader.u64()?;
            let return_to = reader.text()?;
            let cookie = CookieOptions {
                path: reader.owned()?.unwrap_or_default(),
                secure: reader.u32()? != 0,
                ttl: reader.u64()?,
            };
            let now = reader.u64()? as i64;
            let keys = lock(&KEYS).get(&keys_handle).cloned().ok_or_else(|| unknown("key set"))?;
            let start = Client::new(env_url, client_id)?.start_login_transaction(redirect_uri, &options, return_to, &keys, &cookie, now)?;
            writer.u32(OK);
            for value in [&start.url, &start.cookie_name, &start.cookie_value, &start.set_cookie] {
                writer.text(Some(value));
            }
        }
        OP_PARSE_CALLBACK => {
            let callback = reader.text()?.unwrap_or("");
            let expected_state = reader.text()?.unwrap_or("");
            let callback = Client::new(env_url, client_id)?.parse_callback(callback, expected_state)?;
            writer.u32(OK);
            writer.text(Some(&callback.code));
            writer.text(Some(&callback.state));
        }
        OP_PARSE_TOKEN_RESPONSE => {
            let status = u16::try_from(reader.u32()?).map_err(|_| malformed())?;
            let body = reader.text()?.unwrap_or("");
            let tokens = loginkit::parse_token_response(status, body)?;
            writer.u32(OK);
            writer.tokens(&tokens);
        }
        OP_EXCHANGE_CODE | OP_EXCHANGE_REFRESH => {
            let client_handle = reader.u64()?;
            let client = lock(&CLIENTS).get(&client_handle).cloned().ok_or_else(|| unknown("client"))?;
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
            let id_token = reader.text()?.unwrap_or("");
            let jwks = reader.text()?.unwrap_or("");
            let nonce = reader.text()?;
            let now = reader.u64()? as i64;
            let leeway = reader.optional_u64()?;
            let expected = loginkit::IdTokenExpectations { issuer: env_url, client_id, nonce, now, leeway };
            let claims = loginkit::verify_id_token(id_token, jwks, &expected)?;
            writer.u32(OK);
            writer.text(Some(&claims.to_json()));
        }
        _ => return Err(malformed()),
    }
    Ok(writer)
}

fn authorization_options(reader: &mut Reader<'_>) -> Result<AuthorizationUrlOptions, Error> {
    let mut options = AuthorizationUrlOptions {
        state: reader.owned()?,
        nonce: reader.owned()?,
        login_hint: reader.owned()?,
        domain_hint: reader.owned()?,
        connection_id: reader.owned()?,
        organization_id: reader.owned()?,
        provider: reader.owned()?,
        prompt: reader.owned()?,
        code_challenge: reader.owned()?,
        code_challenge_method: reader.owned()?,
        ..Default::default()
    };
    if let Some(count) = reader.count()? {
        let mut scopes = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            scopes.push(reader.owned()?.unwrap_or_default());
        }
        options.scopes = Some(scopes);
    }
    for _ in 0..reader.count()?.unwrap_or(0) {
        let name = reader.owned()?.unwrap_or_default();
        let value = reader.owned()?.unwrap_or_default();
        options.extra_params.push((name, value));
    }
    Ok(options)
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
