//! JNA direct-mapped entry points for the two calls applications make per
//! request (decision record 10).
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
//!   expected_state.
//! * response: `OK` then url (start_login: url, state, nonce,
//!   code_verifier; parse_callback: code, state); or `FAILED` then code,
//!   message, oauth_error, error_description, error_uri.
//!
//! The return value is the response length, or minus the length needed
//! when `response_capacity` is too small (nothing is written then).

use loginkit::{AuthorizationUrlOptions, Client, Error, ErrorCode};
use std::panic::{catch_unwind, AssertUnwindSafe};

const ABSENT: u32 = u32::MAX;
const OP_AUTHORIZATION_URL: u32 = 0;
const OP_START_LOGIN: u32 = 1;
const OP_PARSE_CALLBACK: u32 = 2;
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
        OP_PARSE_CALLBACK => {
            let callback = reader.text()?.unwrap_or("");
            let expected_state = reader.text()?.unwrap_or("");
            let callback = Client::new(env_url, client_id)?.parse_callback(callback, expected_state)?;
            writer.u32(OK);
            writer.text(Some(&callback.code));
            writer.text(Some(&callback.state));
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

/// Builds an authorization URL, starts a login or parses a callback; see
/// the module comment for the wire format.
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
    let writer = match catch_unwind(AssertUnwindSafe(|| handle(request))) {
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
