//! The one query-string encoding loginkit writes.
//!
//! Every parameter name and value is written as its UTF-8 bytes with the
//! RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) kept literal, a
//! space written as `+` (the form the seed documents:
//! `scope=openid+profile+email`), and every other byte written as `%XX`
//! with upper-case hex. Nothing is trimmed or normalised, so decoding the
//! query as `application/x-www-form-urlencoded` gives back exactly what the
//! caller passed.

/// The RFC 3986 unreserved characters, the only bytes written as they
/// are, as a lookup table: this loop runs over every byte of every URL.
#[allow(clippy::indexing_slicing)] // compile-time loop over 0..256
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// Whether `byte` is an RFC 3986 unreserved character (`A-Z a-z 0-9 - . _ ~`).
pub(crate) fn is_unreserved(byte: u8) -> bool {
    // A u8 always indexes a 256-entry table.
    #[allow(clippy::indexing_slicing)]
    let unreserved = UNRESERVED[usize::from(byte)];
    unreserved
}

/// Appends `value`, encoded, to `out`.
///
/// ```
/// let mut out = String::new();
/// loginkit::encoding::push_form_encoded(&mut out, "openid profile ~a*b");
/// assert_eq!(out, "openid+profile+~a%2Ab");
/// ```
pub fn push_form_encoded(out: &mut String, value: &str) {
    let mut bytes = std::mem::take(out).into_bytes();
    encode_into(&mut bytes, value);
    *out = ascii_string(bytes);
}

/// Appends `value`, encoded, to `out`: runs of unreserved bytes copied in
/// one go, every other byte as `%XX` (a space as `+`).
fn encode_into(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    let mut literal_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        out.extend_from_slice(bytes.get(literal_start..index).unwrap_or_default());
        if byte == b' ' {
            out.push(b'+');
        } else {
            out.extend_from_slice(&[b'%', hex_digit(byte >> 4), hex_digit(byte & 0x0f)]);
        }
        literal_start = index + 1;
    }
    out.extend_from_slice(bytes.get(literal_start..).unwrap_or_default());
}

/// The upper-case hex digit of a nibble (0–15).
fn hex_digit(nibble: u8) -> u8 {
    b"0123456789ABCDEF".get(usize::from(nibble)).copied().unwrap_or(b'0')
}

/// The encoder writes ASCII only, so this never replaces anything.
fn ascii_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// Returns `value` encoded.
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 2);
    push_form_encoded(&mut out, value);
    out
}

/// Writes `base` + `path` + `?name=value&...` (or a form body,
/// `name=value&...`) in one buffer, parameter by parameter in the
/// caller's order; no `?` when nothing is written.
pub(crate) struct QueryWriter {
    url: Vec<u8>,
    /// Written before the next name: `?` or nothing first, then `&`.
    separator: Option<u8>,
}

impl QueryWriter {
    /// Starts the URL with room for `capacity_hint` more bytes.
    pub(crate) fn new(base: &str, path: &str, capacity_hint: usize) -> QueryWriter {
        let mut url = Vec::with_capacity(base.len() + path.len() + capacity_hint);
        url.extend_from_slice(base.as_bytes());
        url.extend_from_slice(path.as_bytes());
        QueryWriter { url, separator: Some(b'?') }
    }

    /// Starts an `application/x-www-form-urlencoded` body.
    pub(crate) fn form_body(capacity_hint: usize) -> QueryWriter {
        QueryWriter { url: Vec::with_capacity(capacity_hint), separator: None }
    }

    /// Appends `name=value` unless `value` is empty. `name` is one of
    /// loginkit's own parameter names, all unreserved characters, so it is
    /// copied as it is.
    pub(crate) fn param(&mut self, name: &'static str, value: &str) {
        if !value.is_empty() {
            self.pair(name, value);
        }
    }

    fn pair(&mut self, name: &'static str, value: &str) {
        debug_assert!(name.bytes().all(is_unreserved), "{name} needs encoding");
        self.separator();
        self.url.extend_from_slice(name.as_bytes());
        self.url.push(b'=');
        encode_into(&mut self.url, value);
    }

    /// Appends `name=value`, both encoded, even when `value` is empty.
    pub(crate) fn encoded_pair(&mut self, name: &str, value: &str) {
        self.separator();
        encode_into(&mut self.url, name);
        self.url.push(b'=');
        encode_into(&mut self.url, value);
    }

    /// Appends `name=` and the words joined by spaces (written `+`),
    /// unless there are none: a scope list without joining it first.
    pub(crate) fn words<S: AsRef<str>>(&mut self, name: &'static str, words: &[S]) {
        let mut words = words.iter().map(AsRef::as_ref).filter(|w| !w.is_empty());
        let Some(first) = words.next() else { return };
        self.pair(name, first);
        for word in words {
            self.url.push(b'+');
            encode_into(&mut self.url, word);
        }
    }

    fn separator(&mut self) {
        if let Some(separator) = self.separator.replace(b'&') {
            self.url.push(separator);
        }
    }

    /// The URL or body. `base` and `path` are text and everything after
    /// them was encoded to ASCII, so the bytes are UTF-8.
    pub(crate) fn finish(self) -> String {
        ascii_string(self.url)
    }
}

use std::borrow::Cow;

/// Decodes one `application/x-www-form-urlencoded` name or value strictly:
/// `+` is a space, `%XX` is a byte, a `%` not followed by two hex digits or
/// bytes that are not UTF-8 are refused (`None`) instead of being replaced.
pub(crate) fn form_decode_strict(raw: &str) -> Option<Cow<'_, str>> {
    // Most names and values (codes, states) have nothing to decode.
    if !raw.bytes().any(|b| b == b'+' || b == b'%') {
        return Some(Cow::Borrowed(raw));
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut rest = bytes.iter();
    while let Some(&byte) = rest.next() {
        match byte {
            b'+' => decoded.push(b' '),
            b'%' => {
                let high = char::from(*rest.next()?).to_digit(16)?;
                let low = char::from(*rest.next()?).to_digit(16)?;
                decoded.push(u8::try_from(high * 16 + low).ok()?);
            }
            other => decoded.push(other),
        }
    }
    String::from_utf8(decoded).ok().map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_parameter_names_need_no_encoding() {
        // QueryWriter::param copies these names as they are.
        for name in crate::BUILT_IN_PARAMETERS {
            assert_eq!(form_encode(name), name);
        }
    }

    #[test]
    fn unreserved_characters_stay_literal() {
        assert_eq!(form_encode("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn reserved_and_non_ascii_are_escaped_upper_case() {
        assert_eq!(form_encode("a b+c%d*e&f=g#h/é"), "a+b%2Bc%25d%2Ae%26f%3Dg%23h%2F%C3%A9");
        assert_eq!(form_encode("\0\n\u{7f}"), "%00%0A%7F");
    }

    #[test]
    fn strict_decoding_round_trips_and_refuses_bad_escapes() {
        let value = "a b+c%d é\0";
        assert_eq!(form_decode_strict(&form_encode(value)).as_deref(), Some(value));
        assert_eq!(form_decode_strict("%zz"), None);
        assert_eq!(form_decode_strict("abc%4"), None);
        assert_eq!(form_decode_strict("%FF"), None);
    }
}
