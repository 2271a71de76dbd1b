//! ID-token verification (OpenID Connect Core §3.1.3.7), sans-IO: the
//! caller supplies the key set and the clock, so every verdict is a
//! conformance case. Each check is a named step, run in a fixed order,
//! with its own error code:
//!
//! 1. the JWKS parses (`invalid_jwks`);
//! 2. the token is a compact JWS of strict base64url JSON objects
//!    (`malformed_id_token`);
//! 3. `alg` is RS256, PS256, ES256 or EdDSA (`unsupported_algorithm`:
//!    `none` and HMAC too) and there is no `crit` (`unsupported_token_header`);
//!    `jku`, `x5u`, `jwk` and `x5c` are ignored, never fetched or trusted;
//! 4. the key is chosen by `kid`, or is the only key fitting `alg`
//!    (`unknown_key_id`), and agrees with `alg` (`key_algorithm_mismatch`);
//! 5. RSA keys have at least 2048 bits (`weak_key`);
//! 6. the signature verifies (`invalid_signature`);
//! 7. the claims: `missing_claim`, `issuer_mismatch`, `audience_mismatch`,
//!    `azp_mismatch`, `id_token_expired`, `id_token_not_yet_valid`,
//!    `id_token_issued_in_future`, `nonce_mismatch`.

mod jwks;
mod policy;

pub use jwks::Jwks;
pub use policy::{jwks_fetch_needed, DEFAULT_JWKS_REFETCH_INTERVAL};

use crate::error::{quoted, Error, ErrorCode, Result};
use crate::strict_json::{parse_object, JsonProblem};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jwks::{Jwk, KeyMaterial};
use ring::signature;
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

/// The default clock leeway, in seconds, for `exp`, `nbf` and `iat`.
pub const DEFAULT_LEEWAY_SECONDS: u64 = 60;

/// What a valid ID token must say, and the clock to judge it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdTokenExpectations<'a> {
    /// The exact issuer (`iss`), e.g. the client's [`crate::Client::base_url`].
    pub issuer: &'a str,
    /// The client id, which `aud` must contain (and `azp` equal).
    pub client_id: &'a str,
    /// The nonce the login sent; `None` when it sent none.
    pub nonce: Option<&'a str>,
    /// Now, in seconds since the Unix epoch.
    pub now: i64,
    /// Clock leeway in seconds; `None` is [`DEFAULT_LEEWAY_SECONDS`].
    pub leeway: Option<u64>,
}

/// The verified claims of an ID token: the JSON object the token carried,
/// with typed accessors for the standard claims.
#[derive(Clone, PartialEq)]
pub struct IdTokenClaims {
    claims: Map<String, Value>,
}

impl std::fmt::Debug for IdTokenClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTokenClaims").field("sub", &self.subject()).field("iss", &self.issuer()).finish_non_exhaustive()
    }
}

impl IdTokenClaims {
    pub(crate) fn from_map(claims: Map<String, Value>) -> IdTokenClaims {
        IdTokenClaims { claims }
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }
    /// Every claim, as carried.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.claims
    }
    /// The claims as compact JSON text, in the token's member order.
    pub fn to_json(&self) -> String {
        Value::Object(self.claims.clone()).to_string()
    }
    /// `sub`: the user's identifier at the issuer.
    pub fn subject(&self) -> &str {
        self.text("sub").unwrap_or_default()
    }
    /// `iss`.
    pub fn issuer(&self) -> &str {
        self.text("iss").unwrap_or_default()
    }
    /// `email`, when present.
    pub fn email(&self) -> Option<&str> {
        self.text("email")
    }
    /// `email_verified`, when present.
    pub fn email_verified(&self) -> Option<bool> {
        self.claims.get("email_verified").and_then(Value::as_bool)
    }
    /// `name`, when present.
    pub fn name(&self) -> Option<&str> {
        self.text("name")
    }
    /// `nonce`, when present.
    pub fn nonce(&self) -> Option<&str> {
        self.text("nonce")
    }
    /// `exp`.
    pub fn expires_at(&self) -> i64 {
        self.claims.get("exp").and_then(Value::as_i64).unwrap_or_default()
    }
    /// `iat`.
    pub fn issued_at(&self) -> i64 {
        self.claims.get("iat").and_then(Value::as_i64).unwrap_or_default()
    }
}

fn error(code: ErrorCode, why: impl std::fmt::Display) -> Error {
    Error::new(code, format!("the ID token {why}"))
}

fn malformed(why: impl std::fmt::Display) -> Error {
    error(ErrorCode::MalformedIdToken, why)
}

fn decode_part(part: &str, name: &str) -> Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| malformed(format!("has a {name} that is not base64url without padding (RFC 7515 §2)")))
}

fn json_part(part: &str, name: &str) -> Result<Map<String, Value>> {
    match parse_object(&decode_part(part, name)?) {
        Ok(object) => Ok(object),
        Err(JsonProblem::NotAnObject) => Err(malformed(format!("has a {name} that is not a JSON object"))),
        Err(JsonProblem::Syntax(why)) => Err(malformed(format!("has a {name} that is not JSON ({why})"))),
    }
}

/// The algorithms loginkit verifies: asymmetric only, so a verifier never
/// holds a secret that could forge a token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Rs256,
    Ps256,
    Es256,
    EdDsa,
}

impl Algorithm {
    fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            "RS256" => Some(Algorithm::Rs256),
            "PS256" => Some(Algorithm::Ps256),
            "ES256" => Some(Algorithm::Es256),
            "EdDSA" => Some(Algorithm::EdDsa),
            _ => None,
        }
    }

    fn fits(self, material: &KeyMaterial) -> bool {
        matches!(
            (self, material),
            (Algorithm::Rs256 | Algorithm::Ps256, KeyMaterial::Rsa { .. })
                | (Algorithm::Es256, KeyMaterial::P256 { .. })
                | (Algorithm::EdDsa, KeyMaterial::Ed25519 { .. })
        )
    }
}

/// Verifies `id_token` against the JWKS text and `expected`, returning
/// its claims. See the module documentation for the checks and codes.
///
/// ```
/// let expected = loginkit::IdTokenExpectations {
///     issuer: "https://acme.scalekit.dev", client_id: "skc_1", nonce: None, now: 0, leeway: None,
/// };
/// let err = loginkit::verify_id_token("not.a.jwt", r#"{"keys":[]}"#, &expected).unwrap_err();
/// assert_eq!(err.code().as_str(), "malformed_id_token");
/// ```
pub fn verify_id_token(id_token: &str, jwks: &str, expected: &IdTokenExpectations<'_>) -> Result<IdTokenClaims> {
    let jwks = Jwks::parse(jwks)?;
    verify_id_token_with_keys(id_token, &jwks, expected)
}

/// [`verify_id_token`] with a key set parsed beforehand.
pub fn verify_id_token_with_keys(id_token: &str, jwks: &Jwks, expected: &IdTokenExpectations<'_>) -> Result<IdTokenClaims> {
    let mut parts = id_token.split('.');
    let (Some(header_part), Some(payload_part), Some(signature_part), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("is not three base64url parts separated by dots (a compact JWS)"));
    };
    let header = json_part(header_part, "header")?;
    let payload = json_part(payload_part, "payload")?;
    let signature_bytes = decode_part(signature_part, "signature")?;
    let Some(alg_name) = header.get("alg").and_then(Value::as_str) else {
        return Err(malformed("header has no string \"alg\""));
    };
    let Some(algorithm) = Algorithm::from_name(alg_name) else {
        return Err(error(
            ErrorCode::UnsupportedAlgorithm,
            format!("is signed with {}; loginkit accepts RS256, PS256, ES256 and EdDSA only (RFC 8725 §3.1)", quoted(alg_name)),
        ));
    };
    if header.contains_key("crit") {
        return Err(error(
            ErrorCode::UnsupportedTokenHeader,
            "header has \"crit\": loginkit understands no JWS extension, so it must refuse (RFC 7515 §4.1.11)",
        ));
    }
    let key = select_key(jwks, &header, algorithm, alg_name)?;
    check_signature(key, algorithm, header_part, payload_part, &signature_bytes)?;
    check_claims(&payload, expected)?;
    Ok(IdTokenClaims { claims: payload })
}

fn select_key<'k>(jwks: &'k Jwks, header: &Map<String, Value>, algorithm: Algorithm, alg_name: &str) -> Result<&'k Jwk> {
    let key = match header.get("kid") {
        Some(Value::String(kid)) => {
            let named: Vec<&Jwk> = jwks.keys.iter().filter(|k| k.kid.as_deref() == Some(kid.as_str())).collect();
            if named.is_empty() {
                return Err(error(ErrorCode::UnknownKeyId, format!("names key {}, which is not in the JWKS", quoted(kid))));
            }
            let Some(key) = named.iter().find(|k| algorithm.fits(&k.material)) else {
                return Err(error(
                    ErrorCode::KeyAlgorithmMismatch,
                    format!("names key {}, which is not a key for {alg_name}", quoted(kid)),
                ));
            };
            *key
        }
        Some(_) => return Err(malformed("header has a \"kid\" that is not a string")),
        None => {
            let mut fitting = jwks.keys.iter().filter(|k| algorithm.fits(&k.material));
            match (fitting.next(), fitting.next()) {
                (Some(key), None) => key,
                (None, _) => {
                    return Err(error(ErrorCode::UnknownKeyId, format!("has no \"kid\" and the JWKS has no {alg_name} key")))
                }
                (Some(_), Some(_)) => {
                    return Err(error(
                        ErrorCode::UnknownKeyId,
                        format!("has no \"kid\" and the JWKS has several {alg_name} keys; loginkit will not guess"),
                    ))
                }
            }
        }
    };
    if let Some(key_alg) = key.alg.as_deref().filter(|a| *a != alg_name) {
        return Err(error(
            ErrorCode::KeyAlgorithmMismatch,
            format!("is signed with {alg_name} but its key is declared for {}", quoted(key_alg)),
        ));
    }
    Ok(key)
}

fn check_signature(key: &Jwk, algorithm: Algorithm, header: &str, payload: &str, signature_bytes: &[u8]) -> Result<()> {
    let mut message = Vec::with_capacity(header.len() + 1 + payload.len());
    message.extend_from_slice(header.as_bytes());
    message.push(b'.');
    message.extend_from_slice(payload.as_bytes());
    let verified = match (&key.material, algorithm) {
        (KeyMaterial::Rsa { n, e }, Algorithm::Rs256 | Algorithm::Ps256) => {
            let bits = (n.len() * 8).saturating_sub(n.first().map_or(8, |b| b.leading_zeros() as usize));
            if bits < 2048 {
                return Err(error(ErrorCode::WeakKey, format!("is signed with a {bits}-bit RSA key; loginkit requires at least 2048 bits")));
            }
            let parameters = if algorithm == Algorithm::Rs256 {
                &signature::RSA_PKCS1_2048_8192_SHA256
            } else {
                &signature::RSA_PSS_2048_8192_SHA256
            };
            signature::RsaPublicKeyComponents { n, e }.verify(parameters, &message, signature_bytes).is_ok()
        }
        (KeyMaterial::P256 { point }, Algorithm::Es256) => signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
            .verify(&message, signature_bytes)
            .is_ok(),
        (KeyMaterial::Ed25519 { x }, Algorithm::EdDsa) => {
            signature::UnparsedPublicKey::new(&signature::ED25519, x).verify(&message, signature_bytes).is_ok()
        }
        _ => false,
    };
    if verified {
        Ok(())
    } else {
        Err(error(ErrorCode::InvalidSignature, "has a signature that does not verify with the issuer's key"))
    }
}

fn integer_claim(payload: &Map<String, Value>, name: &str, required: bool) -> Result<Option<i64>> {
    match payload.get(name) {
        None if !required => Ok(None),
        Some(Value::Number(number)) if number.is_i64() || number.is_u64() => {
            Ok(Some(number.as_i64().unwrap_or(i64::MAX)))
        }
        _ => Err(error(ErrorCode::MissingClaim, format!("has no \"{name}\" claim that is a whole number of seconds"))),
    }
}

fn check_claims(payload: &Map<String, Value>, expected: &IdTokenExpectations<'_>) -> Result<()> {
    let text_claim = |name: &str| match payload.get(name) {
        Some(Value::String(text)) => Ok(text.as_str()),
        _ => Err(error(ErrorCode::MissingClaim, format!("has no string \"{name}\" claim (OIDC Core §2)"))),
    };
    let issuer = text_claim("iss")?;
    text_claim("sub")?;
    let audiences: Vec<&str> = match payload.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).collect()
        }
        _ => return Err(error(ErrorCode::MissingClaim, "has no \"aud\" claim that is a string or an array of strings")),
    };
    let expires_at = integer_claim(payload, "exp", true)?.unwrap_or_default();
    let issued_at = integer_claim(payload, "iat", true)?.unwrap_or_default();
    let not_before = integer_claim(payload, "nbf", false)?;

    if issuer != expected.issuer {
        return Err(Error::new(
            ErrorCode::IssuerMismatch,
            format!("the ID token's issuer {} is not {} (exact match, OIDC Core §3.1.3.7 step 2)", quoted(issuer), quoted(expected.issuer)),
        ));
    }
    if !audiences.contains(&expected.client_id) {
        return Err(error(
            ErrorCode::AudienceMismatch,
            format!("is for audience {:?}, which does not include client {}", audiences, quoted(expected.client_id)),
        ));
    }
    match payload.get("azp") {
        Some(Value::String(azp)) if azp == expected.client_id => {}
        None if audiences.len() == 1 => {}
        Some(Value::String(azp)) => {
            return Err(error(ErrorCode::AzpMismatch, format!("has azp {}, not client {}", quoted(azp), quoted(expected.client_id))))
        }
        _ => {
            return Err(error(
                ErrorCode::AzpMismatch,
                "has several audiences and no \"azp\" naming this client (OIDC Core §3.1.3.7 step 4)",
            ))
        }
    }
    let now = i128::from(expected.now);
    let leeway = i128::from(expected.leeway.unwrap_or(DEFAULT_LEEWAY_SECONDS));
    if now >= i128::from(expires_at) + leeway {
        return Err(error(ErrorCode::IdTokenExpired, format!("expired at {expires_at} (now {now}, leeway {leeway} s)")));
    }
    if let Some(not_before) = not_before {
        if now + leeway < i128::from(not_before) {
            return Err(error(ErrorCode::IdTokenNotYetValid, format!("is not valid before {not_before} (now {now}, leeway {leeway} s)")));
        }
    }
    if i128::from(issued_at) > now + leeway {
        return Err(error(ErrorCode::IdTokenIssuedInFuture, format!("was issued at {issued_at}, in the future (now {now}, leeway {leeway} s)")));
    }
    if let Some(expected_nonce) = expected.nonce.filter(|n| !n.is_empty()) {
        let matches = match payload.get("nonce") {
            Some(Value::String(nonce)) => bool::from(nonce.as_bytes().ct_eq(expected_nonce.as_bytes())),
            _ => false,
        };
        if !matches {
            return Err(error(ErrorCode::NonceMismatch, "does not carry the nonce this login sent (a replayed or injected token)"));
        }
    }
    Ok(())
}
