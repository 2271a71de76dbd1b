//! A JSON Web Key Set (RFC 7517) as the verifier needs it: the signing
//! keys it can use, each with its `kid`, `alg` and key material.

use crate::error::{Error, ErrorCode, Result};
use crate::strict_json::{parse_object, JsonProblem};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

/// The key material of one usable key.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum KeyMaterial {
    /// RSA: big-endian modulus (no leading zeros) and exponent.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// EC P-256: the uncompressed point `04 || x || y`.
    P256 { point: Vec<u8> },
    /// Ed25519: the 32-byte public key.
    Ed25519 { x: Vec<u8> },
    /// An EC or OKP key on a curve the verifier does not use (kept so a
    /// `kid` that names it is a type mismatch, not an unknown key).
    Other,
}

/// One key of the set.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Jwk {
    pub(crate) kid: Option<String>,
    pub(crate) alg: Option<String>,
    pub(crate) material: KeyMaterial,
}

/// A parsed JWKS: the keys meant for signatures (no `use`, or `use: sig`).
///
/// Parse it once per fetch with [`Jwks::parse`] and reuse it: the verifier
/// then does no JSON work on the key set per token.
#[derive(Clone, PartialEq, Eq)]
pub struct Jwks {
    pub(crate) keys: Vec<Jwk>,
}

impl std::fmt::Debug for Jwks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<Option<&str>> = self.keys.iter().map(|k| k.kid.as_deref()).collect();
        f.debug_struct("Jwks").field("kids", &kids).finish()
    }
}

fn invalid(why: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::InvalidJwks, format!("the JWKS {why}"))
}

fn member<'a>(key: &'a Map<String, Value>, name: &str, index: usize) -> Result<Option<&'a str>> {
    match key.get(name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(invalid(format!("key {index} has a \"{name}\" that is not a string"))),
    }
}

fn bytes(key: &Map<String, Value>, name: &str, index: usize) -> Result<Vec<u8>> {
    let text = member(key, name, index)?.ok_or_else(|| invalid(format!("key {index} has no \"{name}\"")))?;
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| invalid(format!("key {index} has a \"{name}\" that is not base64url without padding")))
}

impl Jwks {
    /// Parses a JWKS document (the JSON text the `jwks_uri` served).
    ///
    /// Not JSON, not an object with a `keys` array, or a key that is not
    /// an object with a string `kty`, is [`ErrorCode::InvalidJwks`]. Keys
    /// whose `use` is not `sig`, and keys of unknown types, are ignored.
    pub fn parse(text: &str) -> Result<Jwks> {
        let object = match parse_object(text.as_bytes()) {
            Ok(object) => object,
            Err(JsonProblem::NotAnObject) => return Err(invalid("is JSON but not an object")),
            Err(JsonProblem::Syntax(why)) => return Err(invalid(format!("is not JSON ({why})"))),
        };
        let Some(Value::Array(entries)) = object.get("keys") else {
            return Err(invalid("has no \"keys\" array"));
        };
        let mut keys = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let Value::Object(key) = entry else {
                return Err(invalid(format!("key {index} is not an object")));
            };
            let Some(kty) = member(key, "kty", index).ok().flatten() else {
                return Err(invalid(format!("key {index} has no string \"kty\"")));
            };
            // Keys for encryption, and key types loginkit has no use for
            // (`oct` among them), are not candidates at all.
            if member(key, "use", index)?.is_some_and(|usage| usage != "sig") || !matches!(kty, "RSA" | "EC" | "OKP") {
                continue;
            }
            let material = match kty {
                "RSA" => {
                    let n = bytes(key, "n", index)?;
                    let start = n.iter().position(|&b| b != 0).unwrap_or(n.len());
                    KeyMaterial::Rsa { n: n.get(start..).unwrap_or_default().to_vec(), e: bytes(key, "e", index)? }
                }
                "EC" if member(key, "crv", index)? == Some("P-256") => {
                    let (x, y) = (bytes(key, "x", index)?, bytes(key, "y", index)?);
                    if x.len() != 32 || y.len() != 32 {
                        return Err(invalid(format!("key {index} is a P-256 key whose x or y is not 32 bytes")));
                    }
                    let mut point = Vec::with_capacity(65);
                    point.push(0x04);
                    point.extend_from_slice(&x);
                    point.extend_from_slice(&y);
                    KeyMaterial::P256 { point }
                }
                "OKP" if member(key, "crv", index)? == Some("Ed25519") => {
                    let x = bytes(key, "x", index)?;
                    if x.len() != 32 {
                        return Err(invalid(format!("key {index} is an Ed25519 key whose x is not 32 bytes")));
                    }
                    KeyMaterial::Ed25519 { x }
                }
                _ => KeyMaterial::Other,
            };
            keys.push(Jwk {
                kid: member(key, "kid", index)?.map(str::to_owned),
                alg: member(key, "alg", index)?.map(str::to_owned),
                material,
            });
        }
        Ok(Jwks { keys })
    }

    /// Whether a key with this `kid` is in the set.
    pub fn has_key_id(&self, kid: &str) -> bool {
        self.keys.iter().any(|key| key.kid.as_deref() == Some(kid))
    }
}
