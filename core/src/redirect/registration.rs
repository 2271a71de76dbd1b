//! The callback-URL registration rules: what the server accepts as an
//! allowed callback URL in a development or a production environment.

use super::{check_no_userinfo_query_fragment, check_scheme_allowed, error, read_redirect_uri};
use crate::error::{Error, ErrorCode, Result};

/// The kind of environment a callback URL is registered in.
///
/// Development allows `http`, localhost and one wildcard in the host;
/// production allows none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    /// A development environment.
    Development,
    /// A production environment.
    Production,
}

impl Environment {
    /// `"development"` or `"production"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Production => "production",
        }
    }
}

impl std::str::FromStr for Environment {
    type Err = Error;

    /// Parses `"development"` or `"production"` (exactly; anything else is
    /// [`ErrorCode::InvalidArgument`]).
    fn from_str(name: &str) -> Result<Environment> {
        match name {
            "development" => Ok(Environment::Development),
            "production" => Ok(Environment::Production),
            other => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("environment {other:?} is neither \"development\" nor \"production\""),
            )),
        }
    }
}

/// Checks a callback URL against the registration rules of `environment`.
///
/// The checks run in this order and the first failure reports: length
/// (256 characters), syntax, scheme (`javascript`, `data`, `vbscript`,
/// `file`, `blob` never; `http` not in production), userinfo, query,
/// fragment, wildcards (none in production; in development at most one,
/// in the leftmost host label, not directly on a public suffix), and
/// finally localhost hosts in production.
///
/// ```
/// use loginkit::{validate_redirect_uri, Environment};
/// assert!(validate_redirect_uri("https://*.acmecorp.com", Environment::Development).is_ok());
/// let err = validate_redirect_uri("https://*.com", Environment::Development).unwrap_err();
/// assert_eq!(err.code().as_str(), "redirect_uri_wildcard_root_domain");
/// ```
pub fn validate_redirect_uri(uri: &str, environment: Environment) -> Result<()> {
    registered_url(uri, environment).map(drop)
}

/// The registration rules of [`validate_redirect_uri`], returning the
/// parsed URL so that matching need not parse it again. Every rule reads
/// the one [`RedirectUri`](super::RedirectUri) reading.
pub(crate) fn registered_url(uri: &str, environment: Environment) -> Result<url::Url> {
    let production = environment == Environment::Production;
    let reading = read_redirect_uri(uri, true)?;
    check_scheme_allowed(&reading, production)?;
    check_no_userinfo_query_fragment(&reading)?;
    let Some(url) = reading.url else {
        return Err(error(ErrorCode::InternalError, uri, "was not parsed"));
    };
    let host = url.host_str().map(str::to_ascii_lowercase);
    if reading.wildcards > 0 {
        if production {
            return Err(error(
                ErrorCode::RedirectUriWildcardNotAllowed,
                uri,
                "contains a wildcard \"*\"; wildcards are allowed in development only",
            ));
        }
        check_wildcard(uri, reading.wildcards, host.as_deref())?;
    }
    if production && url.host().is_some_and(|host| is_localhost(&host)) {
        return Err(error(
            ErrorCode::RedirectUriLocalhostNotAllowed,
            uri,
            "points at the local machine; production callback URLs may not",
        ));
    }
    Ok(url)
}

/// The wildcard rules, on the host as the browser reads it (lower-cased:
/// custom-scheme hosts keep their case in the WHATWG parse, but matching
/// ignores case, so the public-suffix check must too).
fn check_wildcard(uri: &str, wildcards: usize, host: Option<&str>) -> Result<()> {
    if wildcards > 1 {
        return Err(error(
            ErrorCode::RedirectUriMultipleWildcards,
            uri,
            "has more than one wildcard \"*\"; only one is allowed",
        ));
    }
    let Some(host) = host.filter(|host| host.contains('*')) else {
        return Err(error(
            ErrorCode::RedirectUriWildcardOutsideHost,
            uri,
            "has a wildcard \"*\" outside the host name; wildcards belong in the host only",
        ));
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    let (wildcard_label, parent) = host.split_once('.').unwrap_or((host, ""));
    if !wildcard_label.contains('*') {
        return Err(error(
            ErrorCode::RedirectUriWildcardNotOutermost,
            uri,
            "has its wildcard in an inner host label; it must be in the leftmost label",
        ));
    }
    if !parent.contains('.') || psl::suffix_str(parent) == Some(parent) {
        return Err(error(
            ErrorCode::RedirectUriWildcardRootDomain,
            uri,
            &format!(
                "puts its wildcard directly on {:?}, a top-level domain or public suffix",
                parent
            ),
        ));
    }
    Ok(())
}

/// Whether a host reaches the local machine: `localhost`, any
/// `*.localhost`, 127.0.0.0/8, `::1`, the unspecified addresses
/// (`0.0.0.0`, `::`), and IPv4-mapped or IPv4-compatible IPv6 forms of
/// those (`::ffff:127.0.0.1`). A custom scheme's host is opaque to the
/// WHATWG parser, so an IP literal there is recognised here.
pub(crate) fn is_localhost(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(domain) => {
            let domain = domain.strip_suffix('.').unwrap_or(domain).to_ascii_lowercase();
            if let Ok(ip) = domain.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>() {
                return is_local_ip(ip);
            }
            domain == "localhost" || domain.ends_with(".localhost")
        }
        url::Host::Ipv4(address) => is_local_ip((*address).into()),
        url::Host::Ipv6(address) => is_local_ip((*address).into()),
    }
}

fn is_local_ip(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => v4.is_loopback() || v4.is_unspecified(),
        std::net::IpAddr::V6(v6) => {
            v6.is_loopback() || v6.is_unspecified() || v6.to_ipv4().is_some_and(|v4| v4.is_loopback() || v4.is_unspecified())
        }
    }
}
