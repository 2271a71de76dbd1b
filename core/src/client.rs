//! The client: one environment URL and one client id, checked once.

use crate::error::{quoted, Error, ErrorCode, Result};

/// A loginkit client for one Scalekit environment and one application.
///
/// Construction only checks and normalises its arguments: it makes no
/// network call and holds no global state, so any number of clients for
/// different environments can live side by side. A `Client` is cheap to
/// clone and safe to share between threads.
///
/// ```
/// let client = loginkit::Client::new("HTTPS://Acme.Scalekit.dev:443/", "skc_1234567890")?;
/// assert_eq!(client.base_url(), "https://acme.scalekit.dev");
/// # Ok::<(), loginkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    base_url: String,
    client_id: String,
}

impl Client {
    /// Creates a client.
    ///
    /// `env_url` is parsed with the WHATWG URL Standard. It must be an
    /// `http` or `https` URL with a host and no user name, password, query
    /// (not even an empty `?`) or fragment, else
    /// [`ErrorCode::InvalidEnvUrl`]. Its serialization without trailing
    /// slashes becomes the base of every URL the client builds; a path
    /// prefix is kept. An empty `client_id` is
    /// [`ErrorCode::MissingClientId`].
    pub fn new(env_url: &str, client_id: &str) -> Result<Client> {
        let base_url = normalize_env_url(env_url)?;
        if client_id.is_empty() {
            return Err(Error::new(ErrorCode::MissingClientId, "the client id is empty"));
        }
        Ok(Client { base_url, client_id: client_id.to_owned() })
    }

    /// The normalised environment URL: lower-case scheme and host, default
    /// port dropped, no trailing `/`. It is also the issuer the callback's
    /// `iss` must equal.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The client id, as given.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

fn normalize_env_url(env_url: &str) -> Result<String> {
    let invalid = |rule: &str| {
        Err(Error::new(
            ErrorCode::InvalidEnvUrl,
            format!("environment URL {} {rule}", quoted(env_url)),
        ))
    };
    let url = match url::Url::parse(env_url) {
        Ok(url) => url,
        Err(err) => return invalid(&format!("is not a URL ({err})")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return invalid("must use http or https");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return invalid("has no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return invalid("may not contain a user name or password");
    }
    if url.query().is_some() {
        return invalid("may not have a query");
    }
    if url.fragment().is_some() {
        return invalid("may not have a fragment");
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
