//! Redirect URIs: the syntax every redirect URI must have, the rule for
//! the concrete URI sent in an authorization request, the registration
//! rules for callback URLs, and matching a concrete URI against a
//! registered one.
//!
//! A redirect URI is sent to the server verbatim, never re-serialized, so
//! it must mean the same thing to every reader: it must be a well-formed
//! RFC 3986 URI (IRI characters tolerated) *and* parse under the WHATWG
//! URL Standard, which is what the browser will actually visit. Every rule
//! is then decided on one [`RedirectUri`]: the WHATWG reading, with each
//! place where the two readings could disagree (userinfo, query, fragment,
//! wildcards, percent-escapes in the host) checked for agreement and
//! refused when they do not agree (decision record 11).

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

/// The WHATWG "special" schemes: for them the WHATWG parser reads an
/// authority even without `//` (and treats `\` as `/`), where RFC 3986
/// reads none; such URIs must spell `//` so both readings agree. (`file`
/// is special too, and refused outright as a forbidden scheme.)
const SPECIAL_SCHEMES: [&str; 5] = ["http", "https", "ws", "wss", "ftp"];

/// A redirect URI as the browser will read it, after the syntax checks
/// and the agreement checks. Every rule reads this and nothing else.
pub(crate) struct RedirectUri<'a> {
    /// The URI as written, for messages and for sending verbatim.
    pub(crate) raw: &'a str,
    /// The WHATWG parse. `None` only for the plain `http(s)://host[:port]`
    /// shape (see [`is_plain_host_and_port`]), whose pieces the raw split
    /// already gives exactly as the WHATWG parser would.
    pub(crate) url: Option<url::Url>,
    scheme: &'a str,
    userinfo: bool,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
    /// How many `*` the URI holds as read (host and path).
    wildcards: usize,
}

impl RedirectUri<'_> {
    fn scheme_is(&self, name: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(name)
    }

    pub(crate) fn has_wildcard(&self) -> bool {
        self.wildcards > 0
    }
}

fn error(code: ErrorCode, uri: &str, rule: &str) -> Error {
    Error::new(code, format!("redirect URI {} {rule}", quoted(uri)))
}

/// Reads a redirect URI: length (`redirect_uri_too_long`), then syntax
/// and the agreement of the RFC 3986 and WHATWG readings
/// (`invalid_redirect_uri`). `parse` asks for the WHATWG parse even for
/// the plain shape, for the rules that need the host, port and path.
pub(crate) fn read_redirect_uri(uri: &str, parse: bool) -> Result<RedirectUri<'_>> {
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
    let Some((scheme, rest)) = uri.split_once(':') else {
        return Err(error(ErrorCode::InvalidRedirectUri, uri, "is not an absolute URI: it has no scheme"));
    };
    let (rest, fragment) = match rest.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (rest, None),
    };
    let (hierarchical, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let authority = hierarchical.strip_prefix("//").map(|after| after.split_once('/').map_or(after, |(a, _)| a));
    let special = SPECIAL_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme));
    if special && authority.is_none_or(str::is_empty) {
        return Err(error(
            ErrorCode::InvalidRedirectUri,
            uri,
            &format!("is not an absolute URI: {scheme} URIs need \"//\" and a host"),
        ));
    }
    let raw_userinfo = authority.is_some_and(|a| a.contains('@'));
    let raw_wildcards = uri.bytes().filter(|&b| b == b'*').count();
    let mut reading = RedirectUri {
        raw: uri,
        url: None,
        scheme,
        userinfo: raw_userinfo,
        query,
        fragment,
        wildcards: raw_wildcards,
    };
    let plain = special && authority.is_some_and(is_plain_host_and_port) && (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"));
    if plain && !parse {
        return Ok(reading);
    }
    let url = parse_url(uri)?;
    // The agreement checks: what the browser reads must be what is written.
    let parsed_wildcards = url.as_str().bytes().filter(|&b| b == b'*').count();
    if parsed_wildcards != raw_wildcards {
        return Err(error(
            ErrorCode::InvalidRedirectUri,
            uri,
            &format!(
                "is read by browsers as {}, with {parsed_wildcards} wildcard \"*\" where {raw_wildcards} are written \
                 (an encoded or look-alike \"*\"); write the URI as it is meant to be visited",
                quoted(url.as_str())
            ),
        ));
    }
    if special {
        let host_as_written = authority.map_or("", |a| a.rsplit_once('@').map_or(a, |(_, host)| host));
        if host_as_written.contains('%') {
            return Err(error(
                ErrorCode::InvalidRedirectUri,
                uri,
                &format!(
                    "has a percent-escape in its host; browsers decode it and visit {:?}, so the host shown is not the host visited",
                    url.host_str().unwrap_or_default()
                ),
            ));
        }
    }
    reading.userinfo |= !url.username().is_empty() || url.password().is_some();
    if reading.query.is_none() && url.query().is_some() || reading.fragment.is_none() && url.fragment().is_some() {
        return Err(error(ErrorCode::InvalidRedirectUri, uri, "is read differently by RFC 3986 and the WHATWG URL Standard"));
    }
    reading.url = Some(url);
    Ok(reading)
}

pub(crate) fn parse_url(uri: &str) -> Result<url::Url> {
    url::Url::parse(uri)
        .map_err(|err| error(ErrorCode::InvalidRedirectUri, uri, &format!("cannot be parsed ({err})")))
}

/// The plain shape the WHATWG parser always accepts and reads exactly as
/// written: `host[:port]` with an ASCII host name of letters, digits, `-`
/// and `.`, no `xn--` label, and a last label that starts with a letter
/// (so it is never read as an IPv4 address).
fn is_plain_host_and_port(authority: &str) -> bool {
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let port_ok = port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().map_or(port.is_empty(), |p| p <= 65535);
    let host = host.strip_suffix('.').unwrap_or(host);
    port_ok
        && !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
        })
        && host.rsplit('.').next().and_then(|last| last.bytes().next()).is_some_and(|b| b.is_ascii_alphabetic())
}

/// Whether `text` is an RFC 3986 scheme: a letter, then letters, digits,
/// `+`, `-` or `.`.
pub(crate) fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Characters that change how a URI is displayed without changing where
/// it goes (RFC 3987 §4.1): C1 controls, the bidirectional marks,
/// embeddings, overrides and isolates, and other invisible format
/// characters. A dashboard would show `https://evil.com/\u{202e}moc.procemca`
/// as ending in `acmecorp.com`.
pub(crate) fn is_display_trap(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

/// Why `uri` is not an absolute RFC 3986 URI, if it is not.
fn syntax_problem(uri: &str) -> Option<String> {
    let Some((scheme, _)) = uri.split_once(':') else {
        return Some("is not an absolute URI: it has no scheme".into());
    };
    if !is_scheme(scheme) {
        return Some("is not an absolute URI: it has no valid scheme".into());
    }
    for (i, c) in uri.char_indices() {
        let bad = match c {
            '\u{0}'..='\u{20}' | '\u{7f}' => true,
            '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => true,
            '%' => {
                let hex = |offset: usize| uri.as_bytes().get(i + offset).is_some_and(u8::is_ascii_hexdigit);
                !(hex(1) && hex(2))
            }
            c => is_display_trap(c),
        };
        if bad {
            let rule = if is_display_trap(c) {
                "changes how the URI is displayed without changing where it goes (RFC 3987 §4.1)"
            } else {
                "is not allowed in a URI"
            };
            return Some(format!("is not a valid URI: character U+{:04X} at byte {i} {rule}", u32::from(c)));
        }
    }
    None
}

/// The rule for the concrete redirect URI of an authorization request
/// (and the logout `post_logout_redirect_uri`): too long, invalid, a
/// scheme that runs code, userinfo, a query, a fragment or a wildcard are
/// refused; `http`, localhost and custom schemes are accepted.
pub(crate) fn check_concrete_redirect_uri(uri: &str) -> Result<()> {
    concrete_redirect_uri(uri, false).map(drop)
}

/// [`check_concrete_redirect_uri`], returning the reading (parsed when
/// `parse`), for matching.
pub(crate) fn concrete_redirect_uri(uri: &str, parse: bool) -> Result<RedirectUri<'_>> {
    if uri.is_empty() {
        return Err(Error::new(ErrorCode::MissingRedirectUri, "the redirect URI is empty"));
    }
    let reading = read_redirect_uri(uri, parse)?;
    check_scheme_allowed(&reading, false)?;
    check_no_userinfo_query_fragment(&reading)?;
    if reading.has_wildcard() {
        return Err(error(
            ErrorCode::RedirectUriWildcardNotAllowed,
            uri,
            "contains a wildcard \"*\"; only registered callback URLs in development may",
        ));
    }
    Ok(reading)
}

pub(crate) fn check_scheme_allowed(reading: &RedirectUri<'_>, production: bool) -> Result<()> {
    if let Some(scheme) = FORBIDDEN_SCHEMES.iter().find(|s| reading.scheme_is(s)) {
        return Err(error(
            ErrorCode::RedirectUriSchemeNotAllowed,
            reading.raw,
            &format!("uses the scheme \"{scheme}\", which is never allowed for a redirect"),
        ));
    }
    if production && reading.scheme_is("http") {
        return Err(error(
            ErrorCode::RedirectUriSchemeNotAllowed,
            reading.raw,
            "uses http; production callback URLs must use https or a custom scheme",
        ));
    }
    Ok(())
}

pub(crate) fn check_no_userinfo_query_fragment(reading: &RedirectUri<'_>) -> Result<()> {
    if reading.userinfo {
        return Err(error(
            ErrorCode::RedirectUriUserinfoNotAllowed,
            reading.raw,
            "contains a user name or password (\"@\" in the authority); redirect URIs may not",
        ));
    }
    if let Some(query) = reading.query {
        return Err(error(
            ErrorCode::RedirectUriQueryNotAllowed,
            reading.raw,
            &format!("has a query string (\"?{query}\"); registered callback URLs may not"),
        ));
    }
    if let Some(fragment) = reading.fragment {
        return Err(error(
            ErrorCode::RedirectUriFragmentNotAllowed,
            reading.raw,
            &format!("has a fragment (\"#{fragment}\"); redirect URIs may not (RFC 6749 §3.1.2)"),
        ));
    }
    Ok(())
}
