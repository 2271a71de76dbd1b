//! # loginkit
//!
//! One canonical engine for starting OAuth 2.0 / OpenID Connect logins
//! against a Scalekit-style authorization server: the authorization URL,
//! the logout URL, the callback-URL registration rules and matching,
//! state, nonce and PKCE, and callback parsing. The Python, Node, JVM and
//! Go bindings wrap this crate and add no behaviour of their own; the JSON
//! conformance suite in `conformance/cases/` proves they agree byte for
//! byte.
//!
//! ```
//! use loginkit::{AuthorizationUrlOptions, Client};
//!
//! let client = Client::new("https://acme.scalekit.dev", "skc_1234567890")?;
//!
//! // Redirect the browser to login.url; keep the three secrets in the session.
//! let login = client.start_login("https://yourapp.com/auth/callback", &AuthorizationUrlOptions {
//!     scopes: Some(["openid", "profile", "email", "offline_access"].map(String::from).to_vec()),
//!     ..Default::default()
//! })?;
//!
//! // Later, in the callback handler:
//! let query = format!("code=abc123&state={}", login.state);
//! let callback = client.parse_callback(&query, &login.state)?;
//! assert_eq!(callback.code, "abc123");
//! # Ok::<(), loginkit::Error>(())
//! ```
#![forbid(unsafe_code)]
// No panic on any input: input-derived data is never unwrapped or indexed
// (`cargo clippy -p loginkit` enforces it; tests may unwrap).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::string_slice, clippy::panic, clippy::unreachable, clippy::todo, clippy::unimplemented)
)]
#![warn(missing_docs)]

mod authorization_url;
mod callback;
mod client;
pub mod encoding;
mod error;
mod exchange;
mod guard;
#[cfg(feature = "http")]
pub mod http;
mod id_token;
mod logout_url;
mod pkce;
mod redirect;
mod secrets;
mod strict_json;
mod token;
mod transaction;
mod web;

pub use authorization_url::{AuthorizationParams, AuthorizationUrlOptions, LoginStart, BUILT_IN_PARAMETERS, DEFAULT_SCOPES};
pub use callback::Callback;
pub use client::{Client, TokenEndpointAuthMethod};
pub use error::{Error, ErrorCode, OAuthError, Result};
pub use exchange::{Exchange, LoginResult, Step};
pub use guard::{catch_panic, panic_for_tests};
pub use id_token::{
    jwks_fetch_needed, verify_id_token, verify_id_token_with_keys, IdTokenClaims, IdTokenExpectations, Jwks,
    DEFAULT_JWKS_REFETCH_INTERVAL, DEFAULT_LEEWAY_SECONDS,
};
pub use token::{parse_token_response, HttpRequest, TokenResponse};
pub use web::{HttpResponse, PendingLogin, SessionUser, WebLogin, DEFAULT_SESSION_TTL, SESSION_COOKIE};
pub use transaction::{
    transaction_cookie_name, validate_return_to, CookieOptions, FinishedLogin, LoginTransaction, TransactionKeys,
    TransactionStart, DEFAULT_TRANSACTION_TTL, MIN_TRANSACTION_KEY_BYTES,
};
pub use logout_url::LogoutUrlOptions;
pub use pkce::{generate_code_verifier, pkce_challenge, CODE_CHALLENGE_METHOD};
pub use redirect::{redirect_uri_matches, validate_redirect_uri, Environment, MAX_REDIRECT_URI_LENGTH};
pub use secrets::{generate_nonce, generate_state, verify_state};
