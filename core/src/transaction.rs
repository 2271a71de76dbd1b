//! The sealed login transaction: what `start_login` generated (state,
//! nonce, PKCE verifier), the redirect URI and an optional return-to path,
//! carried to the callback in one encrypted cookie per login, so a service
//! needs no session store and several tabs can log in at once.
//!
//! Sealing: AES-256-GCM (ring) under a key derived with HKDF-SHA256 from
//! each key of a [`TransactionKeys`] list; the first key seals and every
//! key opens, so keys rotate without breaking logins in flight. The cookie
//! value is base64url (no padding) of
//! `version (1) || key id (4) || nonce (12) || ciphertext || tag (16)`,
//! with `version || key id` as associated data. The key id (a hash of the
//! derived key, not the key) tells "sealed under a key we do not hold"
//! apart from "tampered with"; neither error says which key or byte.
//!
//! The cookie name is derived from the state (`loginkit_tx_` + 16 hex
//! characters of SHA-256(state)), so concurrent logins never overwrite
//! each other, and the state inside must equal the callback's (a cookie
//! copied under another login's name is `transaction_swapped`).

use crate::callback::callback_state;
use crate::client::Client;
use crate::error::{quoted, Error, ErrorCode, Result};
use crate::secrets::fill_random;
use crate::secrets::verify_state;
use crate::{AuthorizationParams, LoginStart};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use sha2::{Digest, Sha256};
use std::fmt;

/// How long a login may take by default, in seconds (10 minutes).
pub const DEFAULT_TRANSACTION_TTL: u64 = 600;

const VERSION: u8 = 1;
const KEY_ID_LEN: usize = 4;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + KEY_ID_LEN;
/// Shortest key accepted: 256 bits.
pub const MIN_TRANSACTION_KEY_BYTES: usize = 32;

struct DerivedKey {
    id: [u8; KEY_ID_LEN],
    key: LessSafeKey,
}

/// The keys that seal and open transactions: the first seals, every key
/// opens. Each key is base64url text of at least 256 bits
/// ([`TransactionKeys::generate_key`] makes one).
pub struct TransactionKeys {
    keys: Vec<DerivedKey>,
}

impl fmt::Debug for TransactionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransactionKeys({} keys, redacted)", self.keys.len())
    }
}

fn key_error(why: impl fmt::Display) -> Error {
    Error::new(ErrorCode::InvalidTransactionKey, format!("transaction key {why}"))
}

impl TransactionKeys {
    /// A fresh key: 32 bytes from the OS CSPRNG as base64url text.
    pub fn generate_key() -> Result<String> {
        let mut bytes = [0u8; MIN_TRANSACTION_KEY_BYTES];
        fill_random(&mut bytes)?;
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Loads keys from their base64url text, newest (sealing) key first.
    /// Surrounding whitespace (a trailing newline from a file or an
    /// environment variable) is ignored.
    /// No key, a key that is not base64url without padding, or one shorter
    /// than 256 bits is [`ErrorCode::InvalidTransactionKey`] (naming its
    /// position, never its text).
    pub fn new<S: AsRef<str>>(keys: &[S]) -> Result<TransactionKeys> {
        if keys.is_empty() {
            return Err(key_error("list is empty; give at least one key"));
        }
        let mut derived = Vec::with_capacity(keys.len());
        for (index, text) in keys.iter().enumerate() {
            let secret = URL_SAFE_NO_PAD
                .decode(text.as_ref().trim())
                .map_err(|_| key_error(format!("{index} is not base64url without padding")))?;
            if secret.len() < MIN_TRANSACTION_KEY_BYTES {
                return Err(key_error(format!(
                    "{index} has {} bits; at least {} are required",
                    secret.len() * 8,
                    MIN_TRANSACTION_KEY_BYTES * 8
                )));
            }
            let salt = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"loginkit transaction v1");
            let prk = salt.extract(&secret);
            let okm = prk
                .expand(&[b"aes-256-gcm"], &AES_256_GCM)
                .map_err(|_| key_error(format!("{index} could not be derived")))?;
            let mut id = [0u8; KEY_ID_LEN];
            let digest = Sha256::new().chain_update(b"loginkit key id v1").chain_update(&secret).finalize();
            for (slot, byte) in id.iter_mut().zip(digest.iter()) {
                *slot = *byte;
            }
            derived.push(DerivedKey { id, key: LessSafeKey::new(UnboundKey::from(okm)) });
        }
        Ok(TransactionKeys { keys: derived })
    }
}

/// The sealed JSON object: short member names keep the cookie small.
#[derive(serde::Serialize)]
struct Sealed<'a> {
    s: &'a str,
    n: &'a str,
    v: &'a str,
    r: &'a str,
    t: Option<&'a str>,
    i: i64,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Opened {
    s: String,
    n: String,
    v: String,
    r: String,
    #[serde(default)]
    t: Option<String>,
    i: i64,
}

/// A login in flight, as sealed into its cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct LoginTransaction {
    /// The `state` sent in the authorization URL.
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier for the code exchange.
    pub code_verifier: String,
    /// The redirect URI the login started with (the token request repeats it).
    pub redirect_uri: String,
    /// Where the application sends the user after login: a same-origin path.
    pub return_to: Option<String>,
    /// When the login started, in seconds since the Unix epoch.
    pub issued_at: i64,
}

impl fmt::Debug for LoginTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginTransaction")
            .field("state", &self.state)
            .field("nonce", &"<redacted>")
            .field("code_verifier", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .field("return_to", &self.return_to)
            .field("issued_at", &self.issued_at)
            .finish()
    }
}

/// Cookie attributes for transaction cookies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieOptions {
    /// `Path=`; default `/`.
    pub path: String,
    /// Whether to add `Secure` (default true; browsers treat
    /// `http://localhost` as secure, so keep it on in development too).
    pub secure: bool,
    /// Lifetime of the login, in seconds: `Max-Age` and the TTL checked
    /// when the callback arrives. Default [`DEFAULT_TRANSACTION_TTL`].
    pub ttl: u64,
}

impl Default for CookieOptions {
    fn default() -> Self {
        CookieOptions { path: "/".to_owned(), secure: true, ttl: DEFAULT_TRANSACTION_TTL }
    }
}

/// A started login with its sealed transaction cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct TransactionStart {
    /// Redirect the browser here.
    pub url: String,
    /// The cookie's name (derived from the state).
    pub cookie_name: String,
    /// The sealed cookie value.
    pub cookie_value: String,
    /// The whole `Set-Cookie` header value to send with the redirect.
    pub set_cookie: String,
}

impl fmt::Debug for TransactionStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransactionStart").field("url", &self.url).field("cookie_name", &self.cookie_name).finish_non_exhaustive()
    }
}

/// What the callback handler needs for the code exchange.
#[derive(Clone, PartialEq, Eq)]
pub struct FinishedLogin {
    /// The authorization code.
    pub code: String,
    /// The opened transaction (redirect URI, verifier, nonce, return-to).
    pub transaction: LoginTransaction,
    /// The `Set-Cookie` header value that deletes the used cookie.
    pub clear_cookie: String,
}

impl fmt::Debug for FinishedLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FinishedLogin").field("transaction", &self.transaction).finish_non_exhaustive()
    }
}

/// The cookie name for the login whose state is `state`.
pub fn transaction_cookie_name(state: &str) -> String {
    let digest = Sha256::digest(state.as_bytes());
    let mut name = String::with_capacity(12 + 16);
    name.push_str("loginkit_tx_");
    for byte in digest.iter().take(8) {
        name.push_str(&format!("{byte:02x}"));
    }
    name
}

fn set_cookie(name: &str, value: &str, options: &CookieOptions, max_age: u64) -> String {
    let secure = if options.secure { "; Secure" } else { "" };
    format!("{name}={value}; Path={}; Max-Age={max_age}; HttpOnly{secure}; SameSite=Lax", options.path)
}

impl CookieOptions {
    /// The `Set-Cookie` value that stores `value` under `name` for `ttl`
    /// seconds: `HttpOnly`, `SameSite=Lax` (the callback is a top-level
    /// navigation from the provider, which Lax allows), `Secure` unless
    /// turned off.
    pub fn set_cookie(&self, name: &str, value: &str) -> String {
        set_cookie(name, value, self, self.ttl)
    }

    /// The `Set-Cookie` value that deletes cookie `name`.
    pub fn clear_cookie(&self, name: &str) -> String {
        set_cookie(name, "", self, 0)
    }
}

/// Checks that `return_to` is a path on the application's own origin:
/// it must start with `/`, and resolving it against an origin must keep
/// that origin (so `//evil.com`, `/\evil.com` and `https:evil.com` are
/// refused); control and display-trap characters are refused.
pub fn validate_return_to(return_to: &str) -> Result<()> {
    let refuse = |rule: &str| {
        Err(Error::new(ErrorCode::InvalidReturnTo, format!("return-to path {} {rule}", quoted(return_to))))
    };
    if !return_to.starts_with('/') {
        return refuse("must start with \"/\" (a path on this application)");
    }
    if return_to.chars().any(|c| c.is_control() || c == '\\' || crate::redirect::is_display_trap(c)) {
        return refuse("contains a backslash or a control character");
    }
    let base = url::Url::parse("https://loginkit.invalid/").map_err(|_| Error::new(ErrorCode::InternalError, "base URL"))?;
    match base.join(return_to) {
        Ok(joined) if joined.origin() == base.origin() => Ok(()),
        _ => refuse("leaves the application's origin; only same-origin paths are allowed"),
    }
}

impl TransactionKeys {
    /// Seals a transaction into a cookie value under the first key (a
    /// fresh random nonce each time, so two seals of one transaction
    /// differ).
    pub fn seal(&self, transaction: &LoginTransaction) -> Result<String> {
        let sealed = Sealed {
            s: &transaction.state,
            n: &transaction.nonce,
            v: &transaction.code_verifier,
            r: &transaction.redirect_uri,
            t: transaction.return_to.as_deref(),
            i: transaction.issued_at,
        };
        self.seal_with(|buffer| {
            serde_json::to_writer(buffer, &sealed)
                .map_err(|_| Error::new(ErrorCode::InternalError, "the login transaction could not be written"))
        })
    }

    /// Seals any bytes in the transaction format (the session cookie uses it).
    pub(crate) fn seal_bytes(&self, plaintext: &[u8]) -> Result<String> {
        self.seal_with(|buffer| {
            buffer.extend_from_slice(plaintext);
            Ok(())
        })
    }

    /// Seals what `write` appends, encrypting it in place in the one
    /// buffer that becomes the cookie value (no copy of the plaintext).
    fn seal_with(&self, write: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<String> {
        let Some(key) = self.keys.first() else {
            return Err(key_error("list is empty"));
        };
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let mut sealed = Vec::with_capacity(512);
        sealed.extend_from_slice(&header(&key.id));
        sealed.extend_from_slice(&nonce);
        let start = sealed.len();
        write(&mut sealed)?;
        let tag = key
            .key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(header(&key.id)),
                sealed.get_mut(start..).unwrap_or_default(),
            )
            .map_err(|_| Error::new(ErrorCode::InternalError, "sealing the login transaction failed"))?;
        sealed.extend_from_slice(tag.as_ref());
        Ok(URL_SAFE_NO_PAD.encode(sealed))
    }

    /// Opens a cookie value sealed by [`TransactionKeys::seal`] under any
    /// of the keys (`transaction_truncated`, `transaction_unknown_key`,
    /// `transaction_tampered`). It checks neither state nor age: see
    /// [`Client::finish_login`].
    pub fn open(&self, value: &str) -> Result<LoginTransaction> {
        let plaintext = self.open_bytes(value)?;
        // Authenticated, so written by a holder of the key; still read
        // strictly (every member, no other, none twice), so one sealed value
        // has one meaning.
        // (serde would also read a struct from a JSON array: only an object counts.)
        let is_object = plaintext.trim_ascii_start().first() == Some(&b'{');
        let (true, Ok(Opened { s: state, n: nonce, v: code_verifier, r: redirect_uri, t: return_to, i: issued_at })) =
            (is_object, serde_json::from_slice::<Opened>(&plaintext))
        else {
            return Err(Error::new(ErrorCode::TransactionTampered, "the login cookie failed authentication: it was altered"));
        };
        Ok(LoginTransaction { state, nonce, code_verifier, redirect_uri, return_to, issued_at })
    }

    /// Opens a value sealed by `seal_bytes`.
    pub(crate) fn open_bytes(&self, value: &str) -> Result<Vec<u8>> {
        let truncated = || {
            Error::new(ErrorCode::TransactionTruncated, "the login cookie is cut short or not a loginkit transaction cookie")
        };
        let bytes = URL_SAFE_NO_PAD.decode(value).map_err(|_| truncated())?;
        if bytes.len() < HEADER_LEN + NONCE_LEN + TAG_LEN || bytes.first() != Some(&VERSION) {
            return Err(truncated());
        }
        let (head, rest) = bytes.split_at(HEADER_LEN);
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let key_id = head.get(1..).unwrap_or_default();
        let Some(key) = self.keys.iter().find(|k| k.id == key_id) else {
            return Err(Error::new(
                ErrorCode::TransactionUnknownKey,
                "the login cookie was sealed under a key this service does not hold (rotated out, or another service's)",
            ));
        };
        let tampered = || Error::new(ErrorCode::TransactionTampered, "the login cookie failed authentication: it was altered");
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| truncated())?;
        let mut in_out = ciphertext.to_vec();
        let plaintext = key.key.open_in_place(nonce, Aad::from(header(&key.id)), &mut in_out).map_err(|_| tampered())?;
        Ok(plaintext.to_vec())
    }
}

fn header(key_id: &[u8; KEY_ID_LEN]) -> [u8; HEADER_LEN] {
    let mut header = [VERSION; HEADER_LEN];
    for (slot, byte) in header.iter_mut().skip(1).zip(key_id.iter()) {
        *slot = *byte;
    }
    header
}

/// Finds the value of cookie `name` in a `Cookie` request header
/// (`a=1; b=2`). The first occurrence wins, as in browsers' ordering.
pub(crate) fn cookie_value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key.trim() == name).then(|| value.trim().trim_matches('"'))
    })
}

impl Client {
    /// Starts a login and seals its transaction into a cookie: state,
    /// nonce and PKCE verifier are generated (as in
    /// [`Client::start_login`]); `return_to` is checked by
    /// [`validate_return_to`]; `now` is the time in Unix seconds.
    pub fn start_login_transaction<'a, S: AsRef<str> + 'a>(
        &self,
        redirect_uri: &str,
        options: impl Into<AuthorizationParams<'a, S>>,
        return_to: Option<&str>,
        keys: &TransactionKeys,
        cookie: &CookieOptions,
        now: i64,
    ) -> Result<TransactionStart> {
        let return_to = return_to.filter(|r| !r.is_empty());
        if let Some(return_to) = return_to {
            validate_return_to(return_to)?;
        }
        let LoginStart { url, state, nonce, code_verifier } = self.start_login(redirect_uri, options)?;
        let transaction = LoginTransaction {
            state,
            nonce,
            code_verifier,
            redirect_uri: redirect_uri.to_owned(),
            return_to: return_to.map(str::to_owned),
            issued_at: now,
        };
        let cookie_name = transaction_cookie_name(&transaction.state);
        let cookie_value = keys.seal(&transaction)?;
        let set_cookie = cookie.set_cookie(&cookie_name, &cookie_value);
        Ok(TransactionStart { url, cookie_name, cookie_value, set_cookie })
    }

    /// Finishes a login started by [`Client::start_login_transaction`]:
    /// reads the callback (the strict parser of [`Client::parse_callback`]),
    /// finds the cookie named after its state in `cookie_header` (the
    /// request's `Cookie` header), opens it, and checks it. The checks run
    /// in this order: the callback parses (`invalid_callback`,
    /// `duplicate_parameter`, `missing_state`); the cookie is there
    /// (`transaction_missing`); it opens (`transaction_truncated`,
    /// `transaction_unknown_key`, `transaction_tampered`); it belongs to this
    /// state (`transaction_swapped`); it is younger than `cookie.ttl`
    /// (`transaction_expired`); then the rest of the callback
    /// (`issuer_mismatch`, `authorization_error`, `missing_code`).
    pub fn finish_login(
        &self,
        callback: &str,
        cookie_header: &str,
        keys: &TransactionKeys,
        cookie: &CookieOptions,
        now: i64,
    ) -> Result<FinishedLogin> {
        let state = callback_state(callback)?;
        let cookie_name = transaction_cookie_name(&state);
        let Some(value) = cookie_value(cookie_header, &cookie_name) else {
            return Err(Error::new(
                ErrorCode::TransactionMissing,
                format!("no login cookie {cookie_name:?} for this callback's state: the login was started elsewhere, already finished, or its cookie expired"),
            ));
        };
        let transaction = keys.open(value)?;
        if !verify_state(&transaction.state, &state) {
            return Err(Error::new(
                ErrorCode::TransactionSwapped,
                "the login cookie belongs to another login than this callback",
            ));
        }
        let age = i128::from(now) - i128::from(transaction.issued_at);
        if age >= i128::from(cookie.ttl) {
            return Err(Error::new(
                ErrorCode::TransactionExpired,
                format!("the login started {age} s ago; it had {} s to complete", cookie.ttl),
            ));
        }
        if let Some(return_to) = &transaction.return_to {
            // Checked again on the way out: a sealed value is only as
            // trustworthy as every holder of the keys.
            validate_return_to(return_to)?;
        }
        let crate::Callback { code, .. } = self.parse_callback(callback, &transaction.state)?;
        let clear_cookie = cookie.clear_cookie(&cookie_name);
        Ok(FinishedLogin { code, transaction, clear_cookie })
    }
}
