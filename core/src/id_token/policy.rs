//! When to fetch the JWKS: the decision is the core's, so every binding
//! caches the same way and only performs the GET.

use super::jwks::Jwks;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

/// The default shortest time between two fetches caused by unknown key
/// ids, in seconds: a token with a forged `kid` cannot make every request
/// fetch.
pub const DEFAULT_JWKS_REFETCH_INTERVAL: u64 = 300;

/// Whether the JWKS must be fetched before verifying `id_token`.
///
/// Yes on a cold start (`cached` is `None`). Yes when the token names a
/// `kid` the cached set lacks (the issuer rotated its keys) and the last
/// fetch is at least `refetch_interval` seconds old. No otherwise: the
/// verifier then reports the unknown key itself.
///
/// ```
/// assert!(loginkit::jwks_fetch_needed(None, None, "x.y.z", 0, 300));
/// ```
pub fn jwks_fetch_needed(cached: Option<&Jwks>, fetched_at: Option<i64>, id_token: &str, now: i64, refetch_interval: u64) -> bool {
    let Some(cached) = cached else {
        return true;
    };
    let Some(kid) = header_kid(id_token) else {
        return false;
    };
    if cached.has_key_id(&kid) {
        return false;
    }
    fetched_at.is_none_or(|at| i128::from(now) - i128::from(at) >= i128::from(refetch_interval))
}

/// The `kid` of a token's header, when it has a readable one.
fn header_kid(id_token: &str) -> Option<String> {
    let header = id_token.split('.').next()?;
    let bytes = URL_SAFE_NO_PAD.decode(header).ok()?;
    match serde_json::from_slice::<Value>(&bytes).ok()? {
        Value::Object(map) => map.get("kid")?.as_str().map(str::to_owned),
        _ => None,
    }
}
