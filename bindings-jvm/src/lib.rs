//! The uniffi layer of the JVM binding.
//!
//! uniffi generates Kotlin (package `dev.loginkit.ffi`) from these
//! proc-macro exports; the hand-written facade in `src/main/kotlin`
//! (package `dev.loginkit`) gives Java and Kotlin users their idioms. The
//! per-request calls, building an authorization URL, starting a login and
//! parsing the callback, go through the direct-mapped entry point in `direct.rs` instead
//! (decision record 10). This crate only converts types and carries the
//! core's errors; it adds no behaviour.

use loginkit::{Client, LogoutUrlOptions};
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

/// A client for one environment and one application.
#[derive(uniffi::Object)]
pub struct FfiClient {
    inner: Client,
}

#[uniffi::export]
impl FfiClient {
    #[uniffi::constructor]
    pub fn new(env_url: String, client_id: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FfiClient { inner: loginkit::catch_panic(|| Client::new(&env_url, &client_id))? }))
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
