//! The uniffi layer of the JVM binding.
//!
//! uniffi generates Kotlin (package `dev.loginkit.ffi`) from these
//! proc-macro exports; the hand-written facade in `src/main/kotlin`
//! (package `dev.loginkit`) gives Java and Kotlin users their idioms. The
//! per-request calls, building an authorization URL, starting a login and
//! parsing the callback, go through the direct-mapped entry point in `direct.rs` instead
//! (decision record 10). This crate only converts types and carries the
//! core's errors; it adds no behaviour.
//!
//! Of the token exchange (issue 11), the client's token-endpoint
//! authentication and the sans-IO request builders are exported here; the
//! per-login work, `parse_token_response`, `verify_id_token` and the
//! `Exchange` state machine, takes the direct path too, where uniffi's
//! structures would cost more than the RSA check itself (see
//! bindings-jvm/README.md). The Kotlin facade moves the bytes with
//! `java.net.http.HttpClient`. The request records carry secrets (the body,
//! an `Authorization` header), so they export a redacting `Debug` as their
//! Kotlin `toString`.

use loginkit::{Client, LogoutUrlOptions, TokenEndpointAuthMethod};
use std::sync::Arc;

mod direct;

uniffi::setup_scaffolding!("loginkit_ffi");

/// Every failure, as one rich error: the core's stable code, its message,
/// and the server's details for `authorization_error`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum FfiError {
    #[error("{detail} [{code}]")]
    Failure {
        code: String,
        detail: String,
        oauth_error: Option<String>,
        error_description: Option<String>,
        error_uri: Option<String>,
    },
}

impl From<loginkit::Error> for FfiError {
    fn from(err: loginkit::Error) -> Self {
        let oauth = err.oauth_error();
        FfiError::Failure {
            code: err.code().as_str().to_owned(),
            detail: err.message().to_owned(),
            oauth_error: oauth.map(|o| o.error.clone()),
            error_description: oauth.and_then(|o| o.error_description.clone()),
            error_uri: oauth.and_then(|o| o.error_uri.clone()),
        }
    }
}

type FfiResult<T> = Result<T, FfiError>;

/// A client for one environment and one application. It holds the one core
/// `Client` (and so the one JWKS cache) of a Kotlin `Client`.
#[derive(uniffi::Object)]
pub struct FfiClient {
    inner: Client,
    /// This client's entry in the direct path's registry (its exchanges).
    direct_handle: u64,
}

impl Drop for FfiClient {
    fn drop(&mut self) {
        direct::unregister_client(self.direct_handle);
    }
}

#[uniffi::export]
impl FfiClient {
    /// `client_secret` and `auth_method` (`client_secret_post`,
    /// `client_secret_basic` or `none`) as in
    /// `Client::with_token_endpoint_auth`; the method is parsed first, as
    /// the core's conformance runner does.
    #[uniffi::constructor]
    pub fn new(
        env_url: String,
        client_id: String,
        client_secret: Option<String>,
        auth_method: Option<String>,
        jwks_refetch_interval: Option<u64>,
    ) -> FfiResult<Arc<Self>> {
        let inner = loginkit::catch_panic(|| {
            let method = auth_method.as_deref().map(str::parse::<TokenEndpointAuthMethod>).transpose()?;
            let client = Client::new(&env_url, &client_id)?.with_token_endpoint_auth(client_secret.as_deref(), method)?;
            Ok(match jwks_refetch_interval {
                Some(seconds) => client.with_jwks_refetch_interval(seconds),
                None => client,
            })
        })?;
        let direct_handle = direct::register_client(inner.clone());
        Ok(Arc::new(FfiClient { inner, direct_handle }))
    }

    /// The handle of this client on the direct path (`direct.rs`), where
    /// its exchanges run; valid until the client is destroyed.
    pub fn direct_handle(&self) -> u64 {
        self.direct_handle
    }

    pub fn token_endpoint_auth_method(&self) -> String {
        self.inner.token_endpoint_auth_method().as_str().to_owned()
    }

    pub fn authorization_code_request(
        &self,
        code: String,
        redirect_uri: String,
        code_verifier: Option<String>,
    ) -> FfiResult<FfiHttpRequest> {
        let request = loginkit::catch_panic(|| {
            self.inner.authorization_code_request(&code, &redirect_uri, code_verifier.as_deref())
        })?;
        Ok(request.into())
    }

    pub fn refresh_token_request(&self, refresh_token: String, scope: Option<String>) -> FfiResult<FfiHttpRequest> {
        let request = loginkit::catch_panic(|| self.inner.refresh_token_request(&refresh_token, scope.as_deref()))?;
        Ok(request.into())
    }

    pub fn jwks_request(&self) -> FfiResult<FfiHttpRequest> {
        Ok(loginkit::catch_panic(|| Ok(self.inner.jwks_request()))?.into())
    }

    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    pub fn client_id(&self) -> String {
        self.inner.client_id().to_owned()
    }

    pub fn logout_url(
        &self,
        id_token_hint: Option<String>,
        post_logout_redirect_uri: Option<String>,
        state: Option<String>,
    ) -> FfiResult<String> {
        let options = LogoutUrlOptions { id_token_hint, post_logout_redirect_uri, state };
        Ok(loginkit::catch_panic(|| self.inner.logout_url(&options))?)
    }
}

#[uniffi::export]
pub fn validate_redirect_uri(uri: String, environment: String) -> FfiResult<()> {
    let environment = environment.parse().map_err(FfiError::from)?;
    Ok(loginkit::catch_panic(|| loginkit::validate_redirect_uri(&uri, environment))?)
}

#[uniffi::export]
pub fn redirect_uri_matches(registered: String, candidate: String) -> FfiResult<bool> {
    Ok(loginkit::catch_panic(|| Ok(loginkit::redirect_uri_matches(&registered, &candidate)))?)
}

#[uniffi::export]
pub fn generate_state() -> FfiResult<String> {
    Ok(loginkit::catch_panic(loginkit::generate_state)?)
}

#[uniffi::export]
pub fn generate_nonce() -> FfiResult<String> {
    Ok(loginkit::catch_panic(loginkit::generate_nonce)?)
}

#[uniffi::export]
pub fn generate_code_verifier() -> FfiResult<String> {
    Ok(loginkit::catch_panic(loginkit::generate_code_verifier)?)
}

#[uniffi::export]
pub fn pkce_challenge(verifier: String) -> FfiResult<String> {
    Ok(loginkit::catch_panic(|| loginkit::pkce_challenge(&verifier))?)
}

#[uniffi::export]
pub fn verify_state(expected: String, received: String) -> FfiResult<bool> {
    Ok(loginkit::catch_panic(|| Ok(loginkit::verify_state(&expected, &received)))?)
}

/// Panics inside the core on purpose (internal; for the boundary test).
#[uniffi::export]
pub fn panic_for_tests() -> FfiResult<()> {
    Ok(loginkit::catch_panic(loginkit::panic_for_tests)?)
}

#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    loginkit::ErrorCode::ALL.iter().map(|code| code.as_str().to_owned()).collect()
}

/// One header of a request; its Kotlin `toString` hides an
/// `Authorization` value.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiHeader {
    pub name: String,
    pub value: String,
}

impl std::fmt::Debug for FfiHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.name.eq_ignore_ascii_case("authorization") { "<redacted>" } else { self.value.as_str() };
        f.debug_tuple("Header").field(&self.name).field(&value).finish()
    }
}

/// `loginkit::HttpRequest`. Its Kotlin `toString` is the core's redacting
/// `Debug`: no body, no `Authorization` value.
#[derive(uniffi::Record)]
#[uniffi::export(Debug)]
pub struct FfiHttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<FfiHeader>,
    pub body: String,
}

impl std::fmt::Debug for FfiHttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|h| {
                let value = if h.name.eq_ignore_ascii_case("authorization") { "<redacted>" } else { h.value.as_str() };
                (h.name.as_str(), value)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &format_args!("<{} bytes redacted>", self.body.len()))
            .finish()
    }
}

impl From<loginkit::HttpRequest> for FfiHttpRequest {
    fn from(request: loginkit::HttpRequest) -> Self {
        FfiHttpRequest {
            method: request.method.to_owned(),
            url: request.url,
            headers: request.headers.into_iter().map(|(name, value)| FfiHeader { name, value }).collect(),
            body: request.body,
        }
    }
}

/// `token_endpoint_auth_method` names as the core parses them: the
/// canonical name, or `invalid_argument`.
#[uniffi::export]
pub fn parse_token_endpoint_auth_method(name: String) -> FfiResult<String> {
    Ok(loginkit::catch_panic(|| name.parse::<TokenEndpointAuthMethod>())?.as_str().to_owned())
}
