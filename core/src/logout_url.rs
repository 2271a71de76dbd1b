//! The logout URL: `{base}/oidc/logout` with the OpenID Connect
//! RP-initiated logout parameters.

use crate::client::Client;
use crate::encoding::build_url;
use crate::error::Result;
use crate::redirect::check_concrete_redirect_uri;

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
        let non_empty = |value: &Option<String>| value.as_deref().unwrap_or("").to_owned();
        let post_logout_redirect_uri = non_empty(&options.post_logout_redirect_uri);
        if !post_logout_redirect_uri.is_empty() {
            check_concrete_redirect_uri(&post_logout_redirect_uri)?;
        }
        let params = [
            ("id_token_hint", options.id_token_hint.as_deref().unwrap_or("")),
            ("post_logout_redirect_uri", post_logout_redirect_uri.as_str()),
            ("state", options.state.as_deref().unwrap_or("")),
        ];
        Ok(build_url(self.base_url(), "/oidc/logout", params.into_iter(), 128))
    }
}
