//! The logout URL: `{base}/oidc/logout` with the OpenID Connect
//! RP-initiated logout parameters.

use crate::client::Client;
use crate::encoding::QueryWriter;
use crate::error::Result;

/// What to put in a logout URL. Every field is optional; `None` and the
/// empty string both leave the parameter out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogoutUrlOptions {
    /// The ID token of the session being ended.
    pub id_token_hint: Option<String>,
    /// Where the server sends the browser afterwards; checked like an
    /// authorization request's redirect URI.
    pub post_logout_redirect_uri: Option<String>,
    /// A value the server returns unchanged to that URI.
    pub state: Option<String>,
}

impl Client {
    /// Builds the logout URL: `{base}/oidc/logout`, then `id_token_hint`,
    /// `post_logout_redirect_uri` and `state` in that order, with no `?`
    /// when none is set.
    ///
    /// ```
    /// let client = loginkit::Client::new("https://acme.scalekit.dev", "skc_1234567890")?;
    /// let url = client.logout_url(&loginkit::LogoutUrlOptions {
    ///     post_logout_redirect_uri: Some("https://yourapp.com/".into()),
    ///     ..Default::default()
    /// })?;
    /// assert_eq!(url, "https://acme.scalekit.dev/oidc/logout?post_logout_redirect_uri=https%3A%2F%2Fyourapp.com%2F");
    /// # Ok::<(), loginkit::Error>(())
    /// ```
    pub fn logout_url(&self, options: &LogoutUrlOptions) -> Result<String> {
        fn value(value: &Option<String>) -> &str {
            value.as_deref().unwrap_or("")
        }
        let id_token_hint = value(&options.id_token_hint);
        let post_logout_redirect_uri = value(&options.post_logout_redirect_uri);
        let state = value(&options.state);
        if !post_logout_redirect_uri.is_empty() {
            self.check_redirect_uri(post_logout_redirect_uri)?;
        }
        let capacity = 64 + (id_token_hint.len() + post_logout_redirect_uri.len() + state.len()) * 3 / 2;
        let mut url = QueryWriter::new(self.base_url(), "/oidc/logout", capacity);
        url.param("id_token_hint", id_token_hint);
        url.param("post_logout_redirect_uri", post_logout_redirect_uri);
        url.param("state", state);
        Ok(url.finish())
    }
}
