//! The one query-string encoding loginkit writes.
//!
//! Every parameter name and value is written as its UTF-8 bytes with the
//! RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) kept literal, a
//! space written as `+` (the form the seed documents:
//! `scope=openid+profile+email`), and every other byte written as `%XX`
//! with upper-case hex. Nothing is trimmed or normalised, so decoding the
//! query as `application/x-www-form-urlencoded` gives back exactly what the
//! caller passed.

use percent_encoding::percent_encode_byte;

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
    let bytes = value.as_bytes();
    let mut literal_start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        // Copy the run of unreserved (ASCII) bytes in one go. A non-empty
        // run starts and ends on character boundaries; an empty one may
        // sit inside a multi-byte character, so it is skipped.
        if let Some(run) = value.get(literal_start..index).filter(|run| !run.is_empty()) {
            out.push_str(run);
        }
        out.push_str(if byte == b' ' { "+" } else { percent_encode_byte(byte) });
        literal_start = index + 1;
    }
    out.push_str(value.get(literal_start..).unwrap_or_default());
}

/// Returns `value` encoded.
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 2);
    push_form_encoded(&mut out, value);
    out
}

/// Builds `base` + `path` + `?name=value&...` from parameters already in
/// their final order, skipping empty values; no `?` when nothing remains.
pub(crate) fn build_url<'a>(
    base: &str,
    path: &str,
    params: impl Iterator<Item = (&'a str, &'a str)>,
    capacity_hint: usize,
) -> String {
    let mut url = String::with_capacity(base.len() + path.len() + capacity_hint);
    url.push_str(base);
    url.push_str(path);
    let mut separator = '?';
    for (name, value) in params {
        if value.is_empty() {
            continue;
        }
        url.push(separator);
        separator = '&';
        push_form_encoded(&mut url, name);
        url.push('=');
        push_form_encoded(&mut url, value);
    }
    url
}

/// Decodes one `application/x-www-form-urlencoded` name or value strictly:
/// `+` is a space, `%XX` is a byte, a `%` not followed by two hex digits or
/// bytes that are not UTF-8 are refused (`None`) instead of being replaced.
pub(crate) fn form_decode_strict(raw: &str) -> Option<String> {
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
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
