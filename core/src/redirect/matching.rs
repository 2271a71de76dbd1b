//! Matching a concrete redirect URI against a registered callback URL.

use super::registration::registered_url;
use super::{concrete_redirect_uri, Environment};

/// Whether `candidate` is allowed by the registered callback URL
/// `registered`.
///
/// `false` when `registered` breaks the development registration rules or
/// `candidate` is not an acceptable concrete redirect URI. Otherwise the
/// scheme and host compare case-insensitively and the port and path
/// exactly, as parsed by the WHATWG URL Standard (the host the browser
/// will visit). A wildcard label matches one or more of `a-z 0-9 -`
/// (never a dot) between its literal prefix and suffix. For an `http`
/// loopback IP literal (`127.0.0.1`, `[::1]`) any candidate port matches
/// (RFC 8252 §7.3).
///
/// ```
/// use loginkit::redirect_uri_matches;
/// assert!(redirect_uri_matches("https://auth-*.acmecorp.com/cb", "https://auth-eu.acmecorp.com/cb"));
/// assert!(!redirect_uri_matches("https://auth-*.acmecorp.com/cb", "https://auth-.acmecorp.com/cb"));
/// assert!(!redirect_uri_matches("https://*.acmecorp.com/cb", "https://acmecorp.com.evil.com/cb"));
/// // An encoded wildcard is not a wildcard: it is refused, and matches nothing.
/// assert!(!redirect_uri_matches("https://%2A.com/cb", "https://evil.com/cb"));
/// ```
pub fn redirect_uri_matches(registered: &str, candidate: &str) -> bool {
    let Ok(registered) = registered_url(registered, Environment::Development) else {
        return false;
    };
    let Ok(candidate) = concrete_redirect_uri(candidate, true) else {
        return false;
    };
    let Some(candidate) = candidate.url else {
        return false;
    };
    let (registered, candidate) = (&registered, &candidate);

    if !registered.scheme().eq_ignore_ascii_case(candidate.scheme()) {
        return false;
    }
    let registered_host = registered.host_str().unwrap_or("").to_ascii_lowercase();
    let candidate_host = candidate.host_str().unwrap_or("").to_ascii_lowercase();
    if !host_matches(&registered_host, &candidate_host) {
        return false;
    }
    let any_port = registered.scheme() == "http"
        && match registered.host() {
            Some(url::Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
            Some(url::Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
            _ => false,
        };
    if !any_port && registered.port() != candidate.port() {
        return false;
    }
    registered.path() == candidate.path()
}

/// Host comparison. The registration rules guarantee at most one wildcard,
/// in the leftmost label of `registered`; nothing here relies on it, so a
/// host that breaks it simply does not match.
fn host_matches(registered: &str, candidate: &str) -> bool {
    let (pattern, registered_parent) = registered.split_once('.').unwrap_or((registered, ""));
    let Some((prefix, suffix)) = pattern.split_once('*') else {
        return registered == candidate;
    };
    if registered_parent.contains('*') || suffix.contains('*') || candidate.contains('*') {
        return false;
    }
    let Some((label, candidate_parent)) = candidate.split_once('.') else {
        return false;
    };
    if registered_parent != candidate_parent || label.len() <= prefix.len() + suffix.len() {
        return false;
    }
    let Some(middle) = label.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(suffix)) else {
        return false;
    };
    !middle.is_empty() && middle.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
