//! The one-call exchange for Rust applications (feature `http`): the same
//! loop every binding runs, with `ureq` moving the bytes.

use crate::client::Client;
use crate::error::{Error, ErrorCode, Result};
use crate::exchange::{Exchange, LoginResult, Step};
use crate::token::HttpRequest;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The default timeout of every request.
pub const DEFAULT_HTTP_TIMEOUT: Duration = Duration::from_secs(10);

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Sends one request as data; any HTTP status is an answer, only a
/// transport failure is an error (`network_error`, naming the URL).
pub fn send(agent: &ureq::Agent, request: &HttpRequest) -> Result<(u16, String)> {
    let mut call = agent.request(request.method, &request.url);
    for (name, value) in &request.headers {
        call = call.set(name, value);
    }
    let outcome = if request.method == "GET" { call.call() } else { call.send_string(&request.body) };
    let response = match outcome {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(transport)) => {
            return Err(Error::new(
                ErrorCode::NetworkError,
                format!("the request to {} failed: {}", request.url, transport.kind()),
            ))
        }
    };
    let status = response.status();
    let body = response.into_string().map_err(|err| {
        Error::new(ErrorCode::NetworkError, format!("the answer from {} could not be read: {err}", request.url))
    })?;
    Ok((status, body))
}

/// Drives an exchange to its end with `agent`.
pub fn drive(agent: &ureq::Agent, exchange: &mut Exchange) -> Result<LoginResult> {
    let mut request = exchange.request();
    loop {
        let (status, body) = send(agent, &request)?;
        match exchange.receive(status, &body, now())? {
            Step::Send(next) => request = next,
            Step::Done(login) => return Ok(*login),
        }
    }
}

/// An agent with [`DEFAULT_HTTP_TIMEOUT`].
pub fn default_agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout(DEFAULT_HTTP_TIMEOUT).build()
}

impl Client {
    /// Exchanges the callback's code for tokens and verifies the ID token:
    /// the token request, the JWKS fetch when needed, every check. `nonce`
    /// and `code_verifier` are the ones `start_login` returned.
    ///
    /// ```no_run
    /// # fn main() -> loginkit::Result<()> {
    /// let client = loginkit::Client::new("https://acme.scalekit.dev", "skc_1")?
    ///     .with_client_secret("secret", loginkit::TokenEndpointAuthMethod::ClientSecretPost)?;
    /// let login = client.authenticate_with_code("code", "https://app.example/cb", Some("verifier"), Some("nonce"))?;
    /// println!("{:?}", login.claims.map(|c| c.email().map(str::to_owned)));
    /// # Ok(()) }
    /// ```
    pub fn authenticate_with_code(
        &self,
        code: &str,
        redirect_uri: &str,
        code_verifier: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<LoginResult> {
        drive(&default_agent(), &mut self.exchange_code(code, redirect_uri, code_verifier, nonce)?)
    }

    /// Uses a refresh token: new tokens, and the ID token verified when
    /// the server sends one.
    pub fn refresh_access_token(&self, refresh_token: &str, scope: Option<&str>) -> Result<LoginResult> {
        drive(&default_agent(), &mut self.exchange_refresh_token(refresh_token, scope)?)
    }
}
