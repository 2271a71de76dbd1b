//! State and nonce: unguessable values from the operating system, and a
//! constant-time comparison for the state that comes back.

use crate::error::{Error, ErrorCode, Result};
use subtle::ConstantTimeEq;

/// Bytes of entropy in every generated state, nonce and code verifier.
pub(crate) const SECRET_BYTES: usize = 32;

/// Fills `buffer` from the operating system's CSPRNG.
///
/// The OS source is read on every call (no user-space pool), so a forked
/// child never repeats its parent's values.
pub(crate) fn fill_random(buffer: &mut [u8]) -> Result<()> {
    getrandom::fill(buffer).map_err(|err| {
        Error::new(
            ErrorCode::RandomUnavailable,
            format!("the operating system's random number generator failed: {err}"),
        )
    })
}

fn random_hex() -> Result<String> {
    let mut bytes = [0u8; SECRET_BYTES];
    fill_random(&mut bytes)?;
    Ok(secret_hex(&bytes))
}

/// A state or nonce from its random bytes: lower-case hex.
pub(crate) fn secret_hex(bytes: &[u8; SECRET_BYTES]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(SECRET_BYTES * 2);
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            out.push(char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0')));
        }
    }
    out
}

/// A fresh `state`: 32 random bytes as 64 lower-case hex characters.
///
/// ```
/// let state = loginkit::generate_state()?;
/// assert_eq!(state.len(), 64);
/// # Ok::<(), loginkit::Error>(())
/// ```
pub fn generate_state() -> Result<String> {
    random_hex()
}

/// A fresh OpenID Connect `nonce`: 32 random bytes as 64 lower-case hex
/// characters.
pub fn generate_nonce() -> Result<String> {
    random_hex()
}

/// Whether the `received` state equals the `expected` one.
///
/// The comparison takes the same time wherever the strings differ, so
/// timing reveals nothing about the expected state. An empty expected
/// state never verifies: it means the application lost the one it sent.
///
/// ```
/// assert!(loginkit::verify_state("abc", "abc"));
/// assert!(!loginkit::verify_state("", ""));
/// ```
pub fn verify_state(expected: &str, received: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(received.as_bytes()))
}
