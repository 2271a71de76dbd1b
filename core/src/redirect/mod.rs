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

/// A redirect URI that passed the syntax checks, with the pieces the rules
/// look at.
pub(crate) struct ParsedRedirectUri<'a> {
    pub(crate) raw: &'a str,
    pub(crate) url: url::Url,
    /// The authority as written (between `//` and the path), if any.
    pub(crate) raw_authority: Option<&'a str>,
}

impl ParsedRedirectUri<'_> {
    pub(crate) fn scheme(&self) -> &str {
        self.url.scheme()
    }

    pub(crate) fn has_userinfo(&self) -> bool {
        self.raw_authority.is_some_and(|authority| authority.contains('@'))
    }
}

fn error(code: ErrorCode, uri: &str, rule: &str) -> Error {
    Error::new(code, format!("redirect URI {} {rule}", quoted(uri)))
}

/// Checks length and syntax, in that order: `redirect_uri_too_long`, then
/// `invalid_redirect_uri`.
pub(crate) fn parse_redirect_uri(uri: &str) -> Result<ParsedRedirectUri<'_>> {
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
    let raw_authority = rest.strip_prefix("//").map(|after| {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        &after[..end]
    });
    let special = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    if special && raw_authority.is_none_or(str::is_empty) {
        return Err(error(
            ErrorCode::InvalidRedirectUri,
            uri,
            "is not an absolute URI: http and https URIs need \"//\" and a host",
        ));
    }
    let url = url::Url::parse(uri).map_err(|err| {
        error(ErrorCode::InvalidRedirectUri, uri, &format!("cannot be parsed ({err})"))
    })?;
    Ok(ParsedRedirectUri { raw: uri, url, raw_authority })
}

/// Why `uri` is not an absolute RFC 3986 URI, if it is not.
fn syntax_problem(uri: &str) -> Option<String> {
    let Some((scheme, _)) = uri.split_once(':') else {
        return Some("is not an absolute URI: it has no scheme".into());
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
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
pub(crate) fn check_concrete_redirect_uri(uri: &str) -> Result<ParsedRedirectUri<'_>> {
    if uri.is_empty() {
        return Err(Error::new(ErrorCode::MissingRedirectUri, "the redirect URI is empty"));
    }
    let parsed = parse_redirect_uri(uri)?;
    check_scheme_allowed(&parsed, false)?;
    check_no_userinfo_query_fragment(&parsed)?;
    if uri.contains('*') {
        return Err(error(
            ErrorCode::RedirectUriWildcardNotAllowed,
            uri,
            "contains a wildcard \"*\"; only registered callback URLs in development may",
        ));
    }
    Ok(parsed)
}

pub(crate) fn check_scheme_allowed(parsed: &ParsedRedirectUri<'_>, production: bool) -> Result<()> {
    let scheme = parsed.scheme();
    if FORBIDDEN_SCHEMES.contains(&scheme) {
        return Err(error(
            ErrorCode::RedirectUriSchemeNotAllowed,
            parsed.raw,
            &format!("uses the scheme \"{scheme}\", which is never allowed for a redirect"),
        ));
    }
    if production && scheme == "http" {
        return Err(error(
            ErrorCode::RedirectUriSchemeNotAllowed,
            parsed.raw,
            "uses http; production callback URLs must use https or a custom scheme",
        ));
    }
    Ok(())
}

pub(crate) fn check_no_userinfo_query_fragment(parsed: &ParsedRedirectUri<'_>) -> Result<()> {
    if parsed.has_userinfo() {
        return Err(error(
            ErrorCode::RedirectUriUserinfoNotAllowed,
            parsed.raw,
            "contains a user name or password (\"@\" in the authority); redirect URIs may not",
        ));
    }
    if let Some(query) = parsed.url.query() {
        return Err(error(
            ErrorCode::RedirectUriQueryNotAllowed,
            parsed.raw,
            &format!("has a query string (\"?{query}\"); registered callback URLs may not"),
        ));
    }
    if let Some(fragment) = parsed.url.fragment() {
        return Err(error(
            ErrorCode::RedirectUriFragmentNotAllowed,
            parsed.raw,
            &format!("has a fragment (\"#{fragment}\"); redirect URIs may not (RFC 6749 §3.1.2)"),
        ));
    }
    Ok(())
}
