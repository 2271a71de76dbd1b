//! JSON read strictly: a member name that appears twice in one object is
//! refused instead of silently keeping one copy, because two parsers that
//! keep different copies read two different tokens (RFC 8725 §3.x, RFC
//! 7515 §5.2 "MUST reject or use a JSON parser that returns only the
//! lexically last duplicate").

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Why a text is not the strict JSON expected.
pub(crate) enum JsonProblem {
    /// Not JSON at all (or a duplicate member name, with the name).
    Syntax(String),
    /// JSON, but not an object.
    NotAnObject,
}

/// Parses `text` as one JSON object, refusing duplicate member names at
/// any depth.
pub(crate) fn parse_object(text: &[u8]) -> Result<Map<String, Value>, JsonProblem> {
    match serde_json::from_slice::<Strict>(text) {
        Ok(Strict(Value::Object(map))) => Ok(map),
        Ok(_) => Err(JsonProblem::NotAnObject),
        Err(err) => Err(JsonProblem::Syntax(err.to_string())),
    }
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Strict, E> {
        Ok(Strict(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Strict, E> {
        Ok(Strict(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Strict, E> {
        Ok(Strict(Value::String(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }
    fn visit_unit<E>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Strict(Value::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Strict, A::Error> {
        let mut map = Map::new();
        while let Some(name) = access.next_key::<String>()? {
            let Strict(value) = access.next_value()?;
            if map.insert(name.clone(), value).is_some() {
                return Err(A::Error::custom(format!("duplicate member name {name:?}")));
            }
        }
        Ok(Strict(Value::Object(map)))
    }
}
