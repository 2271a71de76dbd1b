//! The token exchange as a sans-IO state machine: the core says which
//! request to send next and judges each answer; a binding only moves the
//! bytes with its HTTP client, in one loop that is the same for every
//! grant:
//!
//! ```text
//! let mut exchange = client.exchange_code(code, redirect_uri, verifier, nonce)?;
//! let mut request = exchange.request();
//! loop {
//!     let (status, body) = http_send(&request);
//!     match exchange.receive(status, &body, now())? {
//!         Step::Send(next) => request = next,
//!         Step::Done(login) => return Ok(login),
//!     }
//! }
//! ```
//!
//! After the token response the exchange verifies the ID token. The
//! client's JWKS cache decides whether the key set must be fetched first
//! (cold start, or an unknown `kid` with the last fetch older than the
//! refetch interval), so a forged `kid` cannot make every login fetch.

use crate::client::Client;
use crate::error::{Error, ErrorCode, Result};
use crate::id_token::{jwks_fetch_needed, verify_id_token_with_keys, IdTokenClaims, IdTokenExpectations, Jwks};
use crate::token::{parse_token_response, HttpRequest, TokenResponse};
use std::sync::{Arc, Mutex};

/// The key set a client last fetched, and when; shared by the client's
/// clones.
#[derive(Debug, Default)]
pub(crate) struct JwksCache {
    entry: Mutex<Option<(Arc<Jwks>, i64)>>,
}

impl JwksCache {
    fn get(&self) -> Option<(Arc<Jwks>, i64)> {
        self.entry.lock().map(|entry| entry.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    fn put(&self, jwks: Jwks, now: i64) -> Arc<Jwks> {
        let jwks = Arc::new(jwks);
        let value = Some((Arc::clone(&jwks), now));
        match self.entry.lock() {
            Ok(mut entry) => *entry = value,
            Err(poisoned) => *poisoned.into_inner() = value,
        }
        jwks
    }
}

/// A finished login (or refresh): the tokens and, when the server sent an
/// ID token, its verified claims: the user.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginResult {
    /// The tokens as the server sent them.
    pub tokens: TokenResponse,
    /// The verified ID-token claims; `None` when no ID token was issued
    /// (a refresh may omit it).
    pub claims: Option<IdTokenClaims>,
}

/// What to do next.
#[derive(Debug)]
pub enum Step {
    /// Send this request and pass its answer to [`Exchange::receive`].
    Send(HttpRequest),
    /// The exchange is complete.
    Done(Box<LoginResult>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Awaiting {
    Tokens,
    Jwks,
    Finished,
}

/// One token exchange in progress. Created by [`Client::exchange_code`]
/// or [`Client::exchange_refresh_token`].
#[derive(Debug)]
pub struct Exchange {
    client: Client,
    request: HttpRequest,
    nonce: Option<String>,
    id_token_required: bool,
    awaiting: Awaiting,
    tokens: Option<TokenResponse>,
}

impl Client {
    /// Starts the authorization-code exchange. `nonce` is the one the
    /// login sent (`LoginStart::nonce`); the ID token must carry it. An ID
    /// token is required when the login asked for `openid`, which the
    /// caller states by passing a nonce.
    pub fn exchange_code(
        &self,
        code: &str,
        redirect_uri: &str,
        code_verifier: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<Exchange> {
        let request = self.authorization_code_request(code, redirect_uri, code_verifier)?;
        let nonce = nonce.filter(|n| !n.is_empty()).map(str::to_owned);
        Ok(self.exchange(request, nonce.is_some(), nonce))
    }

    /// Starts a refresh-token exchange. An ID token in the answer is
    /// verified (without a nonce, OIDC Core §12.2); none is required.
    pub fn exchange_refresh_token(&self, refresh_token: &str, scope: Option<&str>) -> Result<Exchange> {
        let request = self.refresh_token_request(refresh_token, scope)?;
        Ok(self.exchange(request, false, None))
    }

    fn exchange(&self, request: HttpRequest, id_token_required: bool, nonce: Option<String>) -> Exchange {
        Exchange { client: self.clone(), request, nonce, id_token_required, awaiting: Awaiting::Tokens, tokens: None }
    }

    /// The JWKS request: `GET {environment URL}/keys`.
    pub fn jwks_request(&self) -> HttpRequest {
        HttpRequest {
            method: "GET",
            url: format!("{}/keys", self.base_url()),
            headers: vec![("Accept".to_owned(), "application/json".to_owned())],
            body: String::new(),
        }
    }

    /// Verifies an ID token with this client's issuer and id against a
    /// key set the caller fetched.
    pub fn verify_id_token(&self, id_token: &str, jwks: &str, nonce: Option<&str>, now: i64) -> Result<IdTokenClaims> {
        let expected = IdTokenExpectations { issuer: self.base_url(), client_id: self.client_id(), nonce, now, leeway: None };
        crate::id_token::verify_id_token(id_token, jwks, &expected)
    }
}

impl Exchange {
    /// The first request to send.
    pub fn request(&self) -> HttpRequest {
        self.request.clone()
    }

    /// Judges the answer to the last request sent (`status` and `body`),
    /// at `now` (seconds since the Unix epoch), and says what comes next.
    pub fn receive(&mut self, status: u16, body: &str, now: i64) -> Result<Step> {
        match self.awaiting {
            Awaiting::Tokens => {
                let tokens = parse_token_response(status, body)?;
                self.finish_or_fetch(tokens, now)
            }
            Awaiting::Jwks => {
                let Some(tokens) = self.tokens.take() else {
                    return Err(self.out_of_order());
                };
                if !(200..300).contains(&status) {
                    return Err(Error::new(
                        ErrorCode::InvalidJwks,
                        format!("the JWKS endpoint answered HTTP {status}; expected 200 with a key set"),
                    ));
                }
                let jwks = self.client.jwks_cache().put(Jwks::parse(body)?, now);
                self.verify(tokens, &jwks, now)
            }
            Awaiting::Finished => Err(self.out_of_order()),
        }
    }

    fn out_of_order(&self) -> Error {
        Error::new(ErrorCode::InvalidArgument, "this exchange is finished; start a new one")
    }

    fn finish_or_fetch(&mut self, tokens: TokenResponse, now: i64) -> Result<Step> {
        let Some(id_token) = tokens.id_token.as_deref() else {
            if self.id_token_required {
                self.awaiting = Awaiting::Finished;
                return Err(Error::new(
                    ErrorCode::InvalidTokenResponse,
                    "the token endpoint sent no id_token although the login asked for one (scope openid, a nonce)",
                ));
            }
            self.awaiting = Awaiting::Finished;
            return Ok(Step::Done(Box::new(LoginResult { tokens, claims: None })));
        };
        let cached = self.client.jwks_cache().get();
        let needed = jwks_fetch_needed(
            cached.as_ref().map(|(jwks, _)| jwks.as_ref()),
            cached.as_ref().map(|(_, at)| *at),
            id_token,
            now,
            self.client.jwks_refetch_interval(),
        );
        match cached {
            Some((jwks, _)) if !needed => self.verify(tokens, &jwks, now),
            _ => {
                self.tokens = Some(tokens);
                self.awaiting = Awaiting::Jwks;
                Ok(Step::Send(self.client.jwks_request()))
            }
        }
    }

    fn verify(&mut self, tokens: TokenResponse, jwks: &Jwks, now: i64) -> Result<Step> {
        self.awaiting = Awaiting::Finished;
        let id_token = tokens.id_token.as_deref().unwrap_or_default();
        let expected = IdTokenExpectations {
            issuer: self.client.base_url(),
            client_id: self.client.client_id(),
            nonce: self.nonce.as_deref(),
            now,
            leeway: None,
        };
        let claims = verify_id_token_with_keys(id_token, jwks, &expected)?;
        Ok(Step::Done(Box::new(LoginResult { tokens, claims: Some(claims) })))
    }
}
