//! PKCE (RFC 7636): code verifiers and their S256 challenges.

use crate::encoding::is_unreserved;
use crate::error::{quoted, Error, ErrorCode, Result};
use crate::secrets::{fill_random, SECRET_BYTES};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The only challenge method loginkit sends: `plain` is refused by the
/// OAuth 2.0 Security Best Current Practice.
pub const CODE_CHALLENGE_METHOD: &str = "S256";

/// Whether `value` is 43–128 characters of `A-Z a-z 0-9 - . _ ~`, the
/// shape RFC 7636 gives both verifiers and challenges.
pub(crate) fn is_pkce_value(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value.bytes().all(is_unreserved)
}

/// A fresh code verifier: 32 random bytes, base64url without padding
/// (43 characters).
pub fn generate_code_verifier() -> Result<String> {
    let mut bytes = [0u8; SECRET_BYTES];
    fill_random(&mut bytes)?;
    Ok(code_verifier_from(&bytes))
}

/// A code verifier from its random bytes: base64url without padding.
pub(crate) fn code_verifier_from(bytes: &[u8; SECRET_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 challenge of `verifier`: base64url-no-pad(SHA-256(verifier)).
///
/// A verifier that is not 43–128 characters of `A-Z a-z 0-9 - . _ ~` is
/// [`ErrorCode::InvalidCodeVerifier`].
///
/// ```
/// // RFC 7636, Appendix B.
/// let challenge = loginkit::pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// # Ok::<(), loginkit::Error>(())
/// ```
pub fn pkce_challenge(verifier: &str) -> Result<String> {
    if !is_pkce_value(verifier) {
        return Err(Error::new(
            ErrorCode::InvalidCodeVerifier,
            format!(
                "code verifier {} must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)",
                quoted(verifier)
            ),
        ));
    }
    Ok(URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())))
}
