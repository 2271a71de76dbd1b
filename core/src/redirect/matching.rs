//! Matching a concrete redirect URI against a registered callback URL.

use super::registration::registered_url;
use super::{check_concrete_redirect_uri, parse_url, Environment};

/// Whether `candidate` is allowed by the registered callback URL
/// `registered`.
///
/// `false` when `registered` breaks the development registration rules or
/// `candidate` is not an acceptable concrete redirect URI. Otherwise the
/// scheme and host compare case-insensitively and the port and path
/// exactly, as parsed by the WHATWG URL Standard. A wildcard label matches
/// one or more of `a-z 0-9 -` (never a dot) between its literal prefix
/// and suffix. For an `http` loopback IP literal (`127.0.0.1`, `[::1]`) any
/// candidate port matches (RFC 8252 §7.3).
///
/// ```
/// use loginkit::redirect_uri_matches;
/// assert!(redirect_uri_matches("https://auth-*.acmecorp.com/cb", "https://auth-eu.acmecorp.com/cb"));
/// assert!(!redirect_uri_matches("https://auth-*.acmecorp.com/cb", "https://auth-.acmecorp.com/cb"));
/// assert!(!redirect_uri_matches("https://*.acmecorp.com/cb", "https://acmecorp.com.evil.com/cb"));
/// ```
pub fn redirect_uri_matches(registered: &str, candidate: &str) -> bool {
    let Ok(registered) = registered_url(registered, Environment::Development) else {
        return false;
    };
    // The concrete check may skip the WHATWG parse for plain URIs; the
    // host, port and path comparison needs it, so parse once here.
    let Ok(candidate) = check_concrete_redirect_uri(candidate).and_then(|()| parse_url(candidate)) else {
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

fn host_matches(registered: &str, candidate: &str) -> bool {
    if !registered.contains('*') {
        return registered == candidate;
    }
    // The registration rules guarantee one wildcard, in the leftmost label.
    let (pattern, registered_parent) = registered.split_once('.').unwrap_or((registered, ""));
    let Some((label, candidate_parent)) = candidate.split_once('.') else {
        return false;
    };
    if registered_parent != candidate_parent {
        return false;
    }
    let (prefix, suffix) = pattern.split_once('*').expect("wildcard label has a '*'");
    label.len() > prefix.len() + suffix.len()
        && label.starts_with(prefix)
        && label.ends_with(suffix)
        && label[prefix.len()..label.len() - suffix.len()]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
