//! Redirect URIs: the syntax every redirect URI must have, the rule for
//! the concrete URI sent in an authorization request, the registration
//! rules for callback URLs, and matching a concrete URI against a
//! registered one.
//!
//! A redirect URI is sent to the server verbatim, never re-serialized, so
//! it is checked as written: it must be a well-formed RFC 3986 URI (IRI
//! characters tolerated) *and* parse under the WHATWG URL Standard. Strings
//! the two standards read differently (`https://evil.com\@good.com`,
//! `https:good.com`, embedded tabs) are refused rather than guessed at.

mod matching;
mod registration;

pub use matching::redirect_uri_matches;
pub use registration::{validate_redirect_uri, Environment};

use crate::error::{quoted, Error, ErrorCode, Result};

/// The longest redirect URI the server registers, in characters.
pub const MAX_REDIRECT_URI_LENGTH: usize = 256;

/// Schemes that would run or read content instead of returning to an
/// application; refused in every environment.
const FORBIDDEN_SCHEMES: [&str; 5] = ["javascript", "data", "vbscript", "file", "blob"];

/// A redirect URI split as written, after the syntax checks. RFC 3986 and
/// the WHATWG URL Standard agree on where these pieces are for every
/// string that passes [`syntax_problem`].
pub(crate) struct RawRedirectUri<'a> {
    pub(crate) raw: &'a str,
    pub(crate) scheme: &'a str,
    /// The authority (between `//` and the path), if any.
    pub(crate) authority: Option<&'a str>,
    pub(crate) query: Option<&'a str>,
    pub(crate) fragment: Option<&'a str>,
}

impl RawRedirectUri<'_> {
    pub(crate) fn is_web(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("http") || self.scheme.eq_ignore_ascii_case("https")
    }

    pub(crate) fn has_userinfo(&self) -> bool {
        self.authority.is_some_and(|authority| authority.contains('@'))
    }
}

/// A redirect URI that is well-formed and parses under the WHATWG URL
/// Standard, for the rules that need its host, port and path.
pub(crate) struct ParsedRedirectUri<'a> {
    pub(crate) raw: RawRedirectUri<'a>,
    pub(crate) url: url::Url,
}

fn error(code: ErrorCode, uri: &str, rule: &str) -> Error {
    Error::new(code, format!("redirect URI {} {rule}", quoted(uri)))
}

/// Checks length and syntax, in that order (`redirect_uri_too_long`, then
/// `invalid_redirect_uri`), and splits the URI as written. The WHATWG
/// parse is left to the caller: see [`ensure_parses`].
pub(crate) fn split_redirect_uri(uri: &str) -> Result<RawRedirectUri<'_>> {
    // Count characters only when the byte length could exceed the limit.
    if uri.len() > MAX_REDIRECT_URI_LENGTH {
        let length = uri.chars().count();
        if length > MAX_REDIRECT_URI_LENGTH {
            return Err(error(
                ErrorCode::RedirectUriTooLong,
                uri,
                &format!("is {length} characters long; the limit is {MAX_REDIRECT_URI_LENGTH}"),
            ));
        }
    }
    if let Some(problem) = syntax_problem(uri) {
        return Err(error(ErrorCode::InvalidRedirectUri, uri, &problem));
    }
    let (scheme, rest) = uri.split_once(':').expect("syntax_problem checked the scheme");
    let (rest, fragment) = match rest.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (rest, None),
    };
    let (hierarchical, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let authority = hierarchical.strip_prefix("//").map(|after| {
        let end = after.find('/').unwrap_or(after.len());
        &after[..end]
    });
    let raw = RawRedirectUri { raw: uri, scheme, authority, query, fragment };
    if raw.is_web() && authority.is_none_or(str::is_empty) {
        return Err(error(
            ErrorCode::InvalidRedirectUri,
            uri,
            "is not an absolute URI: http and https URIs need \"//\" and a host",
        ));
    }
    Ok(raw)
}

/// Refuses, as `invalid_redirect_uri`, a URI the WHATWG URL Standard
/// cannot parse (a bad IPv6 literal, an out-of-range port, an invalid IDN
/// label, …). The full parse is skipped for the common shape it always
/// accepts: `http(s)://host[:port]` with an ASCII host name of letters,
/// digits, `-` and `.`, no `xn--` label, and a last label that starts with
/// a letter (so it is never read as an IPv4 address).
fn ensure_parses(raw: &RawRedirectUri<'_>) -> Result<()> {
    if raw.is_web() && raw.authority.is_some_and(is_plain_host_and_port) {
        return Ok(());
    }
    parse_url(raw.raw).map(drop)
}

pub(crate) fn parse_url(uri: &str) -> Result<url::Url> {
    url::Url::parse(uri)
        .map_err(|err| error(ErrorCode::InvalidRedirectUri, uri, &format!("cannot be parsed ({err})")))
}

fn is_plain_host_and_port(authority: &str) -> bool {
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let port_ok = port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u32>().map_or(port.is_empty(), |p| p <= 65535);
    let host = host.strip_suffix('.').unwrap_or(host);
    port_ok
        && !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
        })
        && host.rsplit('.').next().is_some_and(|last| last.as_bytes()[0].is_ascii_alphabetic())
}

/// Length, syntax and the WHATWG parse: what every rule needing the
/// parsed host, port and path starts from.
pub(crate) fn parse_redirect_uri(uri: &str) -> Result<ParsedRedirectUri<'_>> {
    let raw = split_redirect_uri(uri)?;
    let url = parse_url(uri)?;
    Ok(ParsedRedirectUri { raw, url })
}

/// Whether `text` is an RFC 3986 scheme: a letter, then letters, digits,
/// `+`, `-` or `.`.
pub(crate) fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Why `uri` is not an absolute RFC 3986 URI, if it is not.
fn syntax_problem(uri: &str) -> Option<String> {
    let Some((scheme, _)) = uri.split_once(':') else {
        return Some("is not an absolute URI: it has no scheme".into());
    };
    if !is_scheme(scheme) {
        return Some("is not an absolute URI: it has no valid scheme".into());
    }
    let bytes = uri.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        let bad = match byte {
            0x00..=0x20 | 0x7f => true,
            b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' => true,
            b'%' => !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)),
            _ => false,
        };
        if bad {
            let shown = uri[i..].chars().next().unwrap_or_default();
            return Some(format!(
                "is not a valid URI: character {shown:?} at byte {i} is not allowed in a URI"
            ));
        }
    }
    None
}

/// The rule for the concrete redirect URI of an authorization request
/// (and the logout `post_logout_redirect_uri`): too long, invalid, a
/// scheme that runs code, userinfo, a query, a fragment or a wildcard are
/// refused; `http`, localhost and custom schemes are accepted.
pub(crate) fn check_concrete_redirect_uri(uri: &str) -> Result<()> {
    if uri.is_empty() {
        return Err(Error::new(ErrorCode::MissingRedirectUri, "the redirect URI is empty"));
    }
    let raw = split_redirect_uri(uri)?;
    ensure_parses(&raw)?;
    check_scheme_allowed(&raw, false)?;
    check_no_userinfo_query_fragment(&raw)?;
    if uri.contains('*') {
        return Err(error(
            ErrorCode::RedirectUriWildcardNotAllowed,
            uri,
            "contains a wildcard \"*\"; only registered callback URLs in development may",
        ));
    }
    Ok(())
}

pub(crate) fn check_scheme_allowed(raw: &RawRedirectUri<'_>, production: bool) -> Result<()> {
    if let Some(scheme) = FORBIDDEN_SCHEMES.iter().find(|s| s.eq_ignore_ascii_case(raw.scheme)) {
        return Err(error(
            ErrorCode::RedirectUriSchemeNotAllowed,
            raw.raw,
            &format!("uses the scheme \"{scheme}\", which is never allowed for a redirect"),
        ));
    }
    if production && raw.scheme.eq_ignore_ascii_case("http") {
        return Err(error(
            ErrorCode::RedirectUriSchemeNotAllowed,
            raw.raw,
            "uses http; production callback URLs must use https or a custom scheme",
        ));
    }
    Ok(())
}

pub(crate) fn check_no_userinfo_query_fragment(raw: &RawRedirectUri<'_>) -> Result<()> {
    if raw.has_userinfo() {
        return Err(error(
            ErrorCode::RedirectUriUserinfoNotAllowed,
            raw.raw,
            "contains a user name or password (\"@\" in the authority); redirect URIs may not",
        ));
    }
    if let Some(query) = raw.query {
        return Err(error(
            ErrorCode::RedirectUriQueryNotAllowed,
            raw.raw,
            &format!("has a query string (\"?{query}\"); registered callback URLs may not"),
        ));
    }
    if let Some(fragment) = raw.fragment {
        return Err(error(
            ErrorCode::RedirectUriFragmentNotAllowed,
            raw.raw,
            &format!("has a fragment (\"#{fragment}\"); redirect URIs may not (RFC 6749 §3.1.2)"),
        ));
    }
    Ok(())
}
