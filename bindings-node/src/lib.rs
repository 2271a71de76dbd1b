//! The native half of the Node binding.
//!
//! It is called only by `index.js`, which checks argument types, rejects
//! strings that are not well-formed UTF-16 and turns failures into
//! `LoginKitError`. Here values are converted to the core's types and core
//! errors become JS errors whose `code` is the core's code. Options arrive
//! as positional arguments: one property read per option would cost more
//! than building the URL.

use loginkit::{AuthorizationUrlOptions, Client, LogoutUrlOptions};
use napi::bindgen_prelude::*;
use napi_derive::napi;

// `Result<T, String>` is napi's alias for a result whose error has a string
// status, which becomes the JS error's `code`. (The macro recognises the
// name `Result`, so no other alias is used.)

fn to_js(err: loginkit::Error) -> napi::Error<String> {
    napi::Error::new(err.code().as_str().to_owned(), err.message().to_owned())
}

/// The result of `parseCallback`: the callback, or the failure with the
/// server's details (an `AuthorizationError` needs more than a code).
#[napi(object)]
pub struct CallbackResult {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub oauth_error: Option<String>,
    pub error_description: Option<String>,
    pub error_uri: Option<String>,
}

#[napi(object)]
pub struct LoginStart {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub code_verifier: String,
}

/// A client for one environment and one application.
#[napi]
pub struct NativeClient {
    inner: Client,
}

#[allow(clippy::too_many_arguments)]
fn options(
    scopes: Option<Vec<String>>,
    state: Option<String>,
    nonce: Option<String>,
    login_hint: Option<String>,
    domain_hint: Option<String>,
    connection_id: Option<String>,
    organization_id: Option<String>,
    provider: Option<String>,
    prompt: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    extra_params: Option<Vec<Vec<String>>>,
) -> AuthorizationUrlOptions {
    AuthorizationUrlOptions {
        scopes,
        state,
        nonce,
        login_hint,
        domain_hint,
        connection_id,
        organization_id,
        provider,
        prompt,
        code_challenge,
        code_challenge_method,
        // index.js guarantees [name, value] pairs.
        extra_params: extra_params
            .unwrap_or_default()
            .into_iter()
            .map(|mut pair| {
                let value = pair.pop().unwrap_or_default();
                let name = pair.pop().unwrap_or_default();
                (name, value)
            })
            .collect(),
    }
}

#[napi]
impl NativeClient {
    #[napi(constructor)]
    pub fn new(env_url: String, client_id: String) -> Result<Self, String> {
        loginkit::catch_panic(|| Client::new(&env_url, &client_id)).map(|inner| NativeClient { inner }).map_err(to_js)
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    #[napi(getter)]
    pub fn client_id(&self) -> String {
        self.inner.client_id().to_owned()
    }

    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn authorization_url(
        &self,
        redirect_uri: String,
        scopes: Option<Vec<String>>,
        state: Option<String>,
        nonce: Option<String>,
        login_hint: Option<String>,
        domain_hint: Option<String>,
        connection_id: Option<String>,
        organization_id: Option<String>,
        provider: Option<String>,
        prompt: Option<String>,
        code_challenge: Option<String>,
        code_challenge_method: Option<String>,
        extra_params: Option<Vec<Vec<String>>>,
    ) -> Result<String, String> {
        let options = options(
            scopes, state, nonce, login_hint, domain_hint, connection_id, organization_id, provider, prompt,
            code_challenge, code_challenge_method, extra_params,
        );
        loginkit::catch_panic(|| self.inner.authorization_url(&redirect_uri, &options)).map_err(to_js)
    }

    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn start_login(
        &self,
        redirect_uri: String,
        scopes: Option<Vec<String>>,
        state: Option<String>,
        nonce: Option<String>,
        login_hint: Option<String>,
        domain_hint: Option<String>,
        connection_id: Option<String>,
        organization_id: Option<String>,
        provider: Option<String>,
        prompt: Option<String>,
        code_challenge: Option<String>,
        code_challenge_method: Option<String>,
        extra_params: Option<Vec<Vec<String>>>,
    ) -> Result<LoginStart, String> {
        let options = options(
            scopes, state, nonce, login_hint, domain_hint, connection_id, organization_id, provider, prompt,
            code_challenge, code_challenge_method, extra_params,
        );
        let login = loginkit::catch_panic(|| self.inner.start_login(&redirect_uri, &options)).map_err(to_js)?;
        Ok(LoginStart { url: login.url, state: login.state, nonce: login.nonce, code_verifier: login.code_verifier })
    }

    #[napi]
    pub fn logout_url(
        &self,
        id_token_hint: Option<String>,
        post_logout_redirect_uri: Option<String>,
        state: Option<String>,
    ) -> Result<String, String> {
        let options = LogoutUrlOptions { id_token_hint, post_logout_redirect_uri, state };
        loginkit::catch_panic(|| self.inner.logout_url(&options)).map_err(to_js)
    }

    #[napi]
    pub fn parse_callback(&self, callback: String, expected_state: String) -> CallbackResult {
        match loginkit::catch_panic(|| self.inner.parse_callback(&callback, &expected_state)) {
            Ok(callback) => CallbackResult {
                code: Some(callback.code),
                state: Some(callback.state),
                error_code: None,
                error_message: None,
                oauth_error: None,
                error_description: None,
                error_uri: None,
            },
            Err(err) => {
                let oauth = err.oauth_error();
                CallbackResult {
                    code: None,
                    state: None,
                    error_code: Some(err.code().as_str().to_owned()),
                    error_message: Some(err.message().to_owned()),
                    oauth_error: oauth.map(|o| o.error.clone()),
                    error_description: oauth.and_then(|o| o.error_description.clone()),
                    error_uri: oauth.and_then(|o| o.error_uri.clone()),
                }
            }
        }
    }
}

#[napi]
pub fn validate_redirect_uri(uri: String, environment: String) -> Result<(), String> {
    let environment = environment.parse().map_err(to_js)?;
    loginkit::catch_panic(|| loginkit::validate_redirect_uri(&uri, environment)).map_err(to_js)
}

#[napi]
pub fn redirect_uri_matches(registered: String, candidate: String) -> Result<bool, String> {
    loginkit::catch_panic(|| Ok(loginkit::redirect_uri_matches(&registered, &candidate))).map_err(to_js)
}

#[napi]
pub fn generate_state() -> Result<String, String> {
    loginkit::catch_panic(loginkit::generate_state).map_err(to_js)
}

#[napi]
pub fn generate_nonce() -> Result<String, String> {
    loginkit::catch_panic(loginkit::generate_nonce).map_err(to_js)
}

#[napi]
pub fn generate_code_verifier() -> Result<String, String> {
    loginkit::catch_panic(loginkit::generate_code_verifier).map_err(to_js)
}

#[napi]
pub fn pkce_challenge(verifier: String) -> Result<String, String> {
    loginkit::catch_panic(|| loginkit::pkce_challenge(&verifier)).map_err(to_js)
}

#[napi]
pub fn verify_state(expected: String, received: String) -> Result<bool, String> {
    loginkit::catch_panic(|| Ok(loginkit::verify_state(&expected, &received))).map_err(to_js)
}

/// Panics inside the core on purpose (hidden; for the boundary test).
#[napi]
pub fn panic_for_tests() -> Result<(), String> {
    loginkit::catch_panic(loginkit::panic_for_tests).map_err(to_js)
}

#[napi]
pub fn error_codes() -> Vec<&'static str> {
    loginkit::ErrorCode::ALL.iter().map(|code| code.as_str()).collect()
}
