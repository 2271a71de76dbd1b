//! The client: one environment URL and one client id, checked once.

use crate::error::{quoted, Error, ErrorCode, Result};
use crate::exchange::JwksCache;
use crate::id_token::DEFAULT_JWKS_REFETCH_INTERVAL;
use crate::redirect::check_concrete_redirect_uri;
use std::sync::OnceLock;

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
#[derive(Clone)]
pub struct Client {
    base_url: String,
    client_id: String,
    client_secret: Option<String>,
    auth_method: TokenEndpointAuthMethod,
    jwks_refetch_interval: u64,
    /// Shared by clones; not part of the client's identity.
    jwks_cache: std::sync::Arc<JwksCache>,
    /// Redirect URIs this client has accepted, exactly as given: an
    /// application sends the same few on every login, and comparing bytes
    /// costs far less than parsing them again. Not part of the identity.
    accepted_redirect_uris: [OnceLock<Box<str>>; ACCEPTED_REDIRECT_URI_SLOTS],
}

/// How many accepted redirect URIs a client remembers; others are checked
/// on every call, with the same verdict.
const ACCEPTED_REDIRECT_URI_SLOTS: usize = 4;

impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        self.base_url == other.base_url
            && self.client_id == other.client_id
            && self.client_secret == other.client_secret
            && self.auth_method == other.auth_method
            && self.jwks_refetch_interval == other.jwks_refetch_interval
    }
}

impl Eq for Client {}

impl std::fmt::Debug for Client {
    /// The client secret is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<redacted>"))
            .field("auth_method", &self.auth_method)
            .finish()
    }
}

/// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenEndpointAuthMethod {
    /// `client_id` and `client_secret` in the form body (what the Scalekit
    /// SDKs send).
    ClientSecretPost,
    /// HTTP Basic with the form-encoded client id and secret.
    ClientSecretBasic,
    /// A public client: no secret, PKCE mandatory.
    None,
}

impl TokenEndpointAuthMethod {
    /// `"client_secret_post"`, `"client_secret_basic"` or `"none"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenEndpointAuthMethod::ClientSecretPost => "client_secret_post",
            TokenEndpointAuthMethod::ClientSecretBasic => "client_secret_basic",
            TokenEndpointAuthMethod::None => "none",
        }
    }
}

impl std::str::FromStr for TokenEndpointAuthMethod {
    type Err = Error;

    /// Parses the registered names exactly; anything else is
    /// [`ErrorCode::InvalidArgument`].
    fn from_str(name: &str) -> Result<Self> {
        match name {
            "client_secret_post" => Ok(TokenEndpointAuthMethod::ClientSecretPost),
            "client_secret_basic" => Ok(TokenEndpointAuthMethod::ClientSecretBasic),
            "none" => Ok(TokenEndpointAuthMethod::None),
            other => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("token endpoint auth method {} is not client_secret_post, client_secret_basic or none", quoted(other)),
            )),
        }
    }
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
        Ok(Client {
            base_url,
            client_id: client_id.to_owned(),
            client_secret: None,
            auth_method: TokenEndpointAuthMethod::None,
            jwks_refetch_interval: DEFAULT_JWKS_REFETCH_INTERVAL,
            jwks_cache: Default::default(),
            accepted_redirect_uris: Default::default(),
        })
    }

    /// The same client, authenticating at the token endpoint with
    /// `client_secret` by `method`. An empty secret with a secret-based
    /// method is [`ErrorCode::MissingClientSecret`]; a secret with
    /// [`TokenEndpointAuthMethod::None`] is [`ErrorCode::InvalidArgument`].
    pub fn with_client_secret(self, client_secret: &str, method: TokenEndpointAuthMethod) -> Result<Client> {
        self.with_token_endpoint_auth(Some(client_secret), Some(method))
    }

    /// The general form of [`Client::with_client_secret`]: a missing
    /// method means `client_secret_post` when a secret is given and
    /// `none` otherwise; an empty secret means no secret.
    pub fn with_token_endpoint_auth(
        mut self,
        client_secret: Option<&str>,
        method: Option<TokenEndpointAuthMethod>,
    ) -> Result<Client> {
        let client_secret = client_secret.filter(|s| !s.is_empty());
        let method = method.unwrap_or(if client_secret.is_some() {
            TokenEndpointAuthMethod::ClientSecretPost
        } else {
            TokenEndpointAuthMethod::None
        });
        match (method, client_secret) {
            (TokenEndpointAuthMethod::None, Some(_)) => {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    "a client secret was given with the auth method \"none\"; a public client has no secret",
                ))
            }
            (TokenEndpointAuthMethod::ClientSecretPost | TokenEndpointAuthMethod::ClientSecretBasic, None) => {
                return Err(Error::new(
                    ErrorCode::MissingClientSecret,
                    format!("the auth method {} needs a client secret", method.as_str()),
                ))
            }
            _ => {}
        }
        self.client_secret = client_secret.map(str::to_owned);
        self.auth_method = method;
        Ok(self)
    }

    /// How this client authenticates at the token endpoint.
    pub fn token_endpoint_auth_method(&self) -> TokenEndpointAuthMethod {
        self.auth_method
    }

    /// The same client with another shortest time, in seconds, between
    /// two JWKS fetches caused by unknown key ids (default
    /// [`DEFAULT_JWKS_REFETCH_INTERVAL`]).
    pub fn with_jwks_refetch_interval(mut self, seconds: u64) -> Client {
        self.jwks_refetch_interval = seconds;
        self
    }

    pub(crate) fn jwks_refetch_interval(&self) -> u64 {
        self.jwks_refetch_interval
    }

    pub(crate) fn jwks_cache(&self) -> &JwksCache {
        &self.jwks_cache
    }

    pub(crate) fn client_secret(&self) -> Option<&str> {
        self.client_secret.as_deref()
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

    /// [`check_concrete_redirect_uri`], remembering the URIs it accepted.
    /// The verdict depends on the string alone, so an exact byte match
    /// with a URI accepted before is accepted without parsing it again.
    pub(crate) fn check_redirect_uri(&self, redirect_uri: &str) -> Result<()> {
        let mut free_slot = None;
        for slot in &self.accepted_redirect_uris {
            match slot.get() {
                Some(accepted) if **accepted == *redirect_uri => return Ok(()),
                Some(_) => {}
                None => {
                    free_slot.get_or_insert(slot);
                }
            }
        }
        check_concrete_redirect_uri(redirect_uri)?;
        if let Some(slot) = free_slot {
            // Another thread may fill the slot first; either URI was accepted.
            let _ = slot.set(redirect_uri.into());
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_redirect_uris_are_remembered_refused_ones_are_not() {
        let client = Client::new("https://acme.scalekit.dev", "skc_1").unwrap();
        for _ in 0..2 {
            assert!(client.check_redirect_uri("https://a.example/cb?next=1").is_err());
        }
        assert!(client.accepted_redirect_uris.iter().all(|slot| slot.get().is_none()));
        let many: Vec<String> = (0..ACCEPTED_REDIRECT_URI_SLOTS + 2).map(|i| format!("https://app{i}.example/cb")).collect();
        for uri in &many {
            client.check_redirect_uri(uri).unwrap();
        }
        let remembered: Vec<&str> = client.accepted_redirect_uris.iter().filter_map(|slot| slot.get().map(|u| &**u)).collect();
        assert_eq!(remembered, many.iter().take(ACCEPTED_REDIRECT_URI_SLOTS).map(String::as_str).collect::<Vec<_>>());
        // A URI that differs from a remembered one in any byte is checked again.
        assert!(client.check_redirect_uri("https://app0.example/cb#x").is_err());
        assert!(client.check_redirect_uri("https://app0.example/cb").is_ok());
    }
}
