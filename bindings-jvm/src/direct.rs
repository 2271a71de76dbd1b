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
//! Wire format: the flat request format of the C ABI crate
//! (`bindings-c/src/flat.rs`), which the Go binding uses too, so the
//! option list and its order are written once. The JVM names a client by
//! its registry handle (u64) right after the op, where the C ABI takes a
//! client pointer; the ops 5 to 9 below are the JVM's own, because they
//! live in its registries.
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
//! a handle too (`FfiTransactionKeys::direct_handle`), which
//! `OP_START_LOGIN_TRANSACTION` carries after the client. A web callback's
//! exchange (`FfiWebLogin::callback`) lives in the exchange registry too,
//! with its pending login; when it is done its result stays there for
//! `FfiWebLogin::complete` until the exchange is closed.
//!
//! A request is method, url, the header count (u32), each header's name
//! and value, and body.
//!
//! The return value is the response length, or minus the length needed
//! when `response_capacity` is too small (nothing is written then).

use loginkit::{Error, ErrorCode, Exchange, LoginResult, PendingLogin, Step, TransactionKeys};
use loginkit_c::flat::{
    self, Reader, Writer, LOGINKIT_FLAT_OK as OK, LOGINKIT_OP_AUTHORIZATION_URL, LOGINKIT_OP_LOGOUT_URL,
    LOGINKIT_OP_PARSE_CALLBACK, LOGINKIT_OP_START_LOGIN, LOGINKIT_OP_START_LOGIN_TRANSACTION as OP_START_LOGIN_TRANSACTION,
};
use loginkit::Client;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError, RwLock};

const OP_EXCHANGE_CODE: u32 = 5;
const OP_EXCHANGE_REFRESH: u32 = 6;
const OP_EXCHANGE_RECEIVE: u32 = 7;
const OP_EXCHANGE_CLOSE: u32 = 8;
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

fn handle(request: &[u8]) -> Result<Writer, Error> {
    let mut reader = Reader::new(request);
    let op = reader.u32()?;
    let mut writer = Writer::default();
    if !(OP_EXCHANGE_CODE..=OP_START_LOGIN_TRANSACTION).contains(&op) {
        // The shared ops: a client's by its handle, the others as they are.
        if matches!(
            op,
            LOGINKIT_OP_AUTHORIZATION_URL | LOGINKIT_OP_START_LOGIN | LOGINKIT_OP_PARSE_CALLBACK | LOGINKIT_OP_LOGOUT_URL
        ) {
            let client = client(reader.u64()?)?;
            flat::client_op(op, &client, &mut reader, &mut writer)?;
        } else if !flat::static_op(op, &mut reader, &mut writer)? {
            return Err(flat::malformed());
        }
        return Ok(writer);
    }
    match op {
        OP_START_LOGIN_TRANSACTION => {
            let client = client(reader.u64()?)?;
            let keys_handle = reader.u64()?;
            let keys = lock(&KEYS).get(&keys_handle).cloned().ok_or_else(|| unknown("key set"))?;
            flat::start_login_transaction(&client, &keys, &mut reader, &mut writer)?;
        }
        OP_EXCHANGE_CODE | OP_EXCHANGE_REFRESH => {
            let client = client(reader.u64()?)?;
            let exchange = if op == OP_EXCHANGE_CODE {
                let code = reader.text("code")?.unwrap_or("");
                let redirect_uri = reader.text("redirect_uri")?.unwrap_or("");
                let code_verifier = reader.text("code_verifier")?;
                let nonce = reader.text("nonce")?;
                client.exchange_code(code, redirect_uri, code_verifier, nonce)?
            } else {
                let refresh_token = reader.text("refresh_token")?.unwrap_or("");
                let scope = reader.text("scope")?;
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
            let status = u16::try_from(reader.u32()?).map_err(|_| flat::malformed())?;
            let body = reader.text("body")?.unwrap_or("");
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
        _ => return Err(flat::malformed()),
    }
    Ok(writer)
}

/// Builds an authorization URL, starts a login, parses a callback, reads a
/// token response, verifies an ID token or drives a token exchange; see the
/// module comment for the wire format.
///
/// # Safety
/// `request` must be the address of `request_len` readable bytes and
/// `response` of `response_capacity` writable bytes: the JVM side passes
/// the native addresses of its direct `ByteBuffer`s as Java `long`s.
#[no_mangle]
pub unsafe extern "C" fn loginkit_jvm_direct_call(
    request: i64,
    request_len: i32,
    response: i64,
    response_capacity: i32,
) -> i32 {
    let request = flat::request_bytes(request as usize as *const u8, request_len.max(0) as usize);
    let length = flat::respond(|| handle(request), response as usize as *mut u8, response_capacity.max(0) as usize);
    i32::try_from(length).unwrap_or(i32::MIN)
}

/// The JNI binding of [`loginkit_jvm_direct_call`] for
/// `dev.loginkit.internal.DirectMapping` (the JVM calls it directly; JNA's
/// direct mapping of the C symbol is the fallback). Every argument is a
/// primitive, so the JNI environment and class are not used.
///
/// # Safety
/// As for [`loginkit_jvm_direct_call`].
#[no_mangle]
pub unsafe extern "system" fn Java_dev_loginkit_internal_DirectMapping_loginkit_1jvm_1direct_1call(
    _env: *mut std::ffi::c_void,
    _class: *mut std::ffi::c_void,
    request: i64,
    request_len: i32,
    response: i64,
    response_capacity: i32,
) -> i32 {
    loginkit_jvm_direct_call(request, request_len, response, response_capacity)
}
