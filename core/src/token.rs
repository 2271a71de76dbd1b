//! The token endpoint, sans-IO: the request to send as data, and the
//! verdict on the response the application's HTTP client received.

use crate::client::{Client, TokenEndpointAuthMethod};
use crate::encoding::{form_encode, QueryWriter};
use crate::error::{quoted, Error, ErrorCode, OAuthError, Result};
use crate::pkce::is_pkce_value;
use crate::strict_json::{parse_object, JsonProblem};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;
use std::fmt;

/// An HTTP request as data. The binding sends exactly these bytes with its
/// ecosystem's HTTP client and adds nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Always `POST` for the token endpoint.
    pub method: &'static str,
    /// `{environment URL}/oauth/token`.
    pub url: String,
    /// Header names and values, in the order to send them.
    pub headers: Vec<(String, String)>,
    /// The `application/x-www-form-urlencoded` body.
    pub body: String,
}

impl fmt::Debug for HttpRequest {
    /// The body and the `Authorization` header carry secrets: only their
    /// sizes are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                (name.as_str(), if name.eq_ignore_ascii_case("authorization") { "<redacted>" } else { value.as_str() })
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

/// The successful answer of the token endpoint (RFC 6749 §5.1), values
/// kept as given.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenResponse {
    /// The access token.
    pub access_token: String,
    /// The token type as sent (`Bearer`, in any case).
    pub token_type: String,
    /// Lifetime of the access token in seconds, when sent.
    pub expires_in: Option<u64>,
    /// The refresh token, when issued.
    pub refresh_token: Option<String>,
    /// The OpenID Connect ID token, when issued (not yet verified).
    pub id_token: Option<String>,
    /// The granted scope, when sent.
    pub scope: Option<String>,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |token: &Option<String>| token.as_ref().map(|_| "<redacted>");
        f.debug_struct("TokenResponse")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &redacted(&self.refresh_token))
            .field("id_token", &redacted(&self.id_token))
            .field("scope", &self.scope)
            .finish()
    }
}

const FORM_HEADERS: [(&str, &str); 2] =
    [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")];

impl Client {
    /// The authorization-code grant (RFC 6749 §4.1.3) as a request to send.
    ///
    /// Body order: `grant_type, code, redirect_uri, client_id,
    /// client_secret` (with `client_secret_post`), `code_verifier` (when
    /// given). A public client must send a verifier (`pkce_required`).
    ///
    /// ```
    /// use loginkit::{Client, TokenEndpointAuthMethod};
    /// let client = Client::new("https://acme.scalekit.dev", "skc_1")?
    ///     .with_client_secret("s3cret", TokenEndpointAuthMethod::ClientSecretPost)?;
    /// let request = client.authorization_code_request("abc", "https://app.example/cb", None)?;
    /// assert_eq!(request.url, "https://acme.scalekit.dev/oauth/token");
    /// assert_eq!(request.body, "grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&client_id=skc_1&client_secret=s3cret");
    /// # Ok::<(), loginkit::Error>(())
    /// ```
    pub fn authorization_code_request(
        &self,
        code: &str,
        redirect_uri: &str,
        code_verifier: Option<&str>,
    ) -> Result<HttpRequest> {
        if code.is_empty() {
            return Err(Error::new(ErrorCode::MissingCode, "the authorization code is empty"));
        }
        if redirect_uri.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingRedirectUri,
                "the redirect URI is empty; send the one the login started with",
            ));
        }
        let code_verifier = code_verifier.filter(|v| !v.is_empty());
        match code_verifier {
            Some(verifier) if !is_pkce_value(verifier) => {
                return Err(Error::new(
                    ErrorCode::InvalidCodeVerifier,
                    format!("the code verifier ({} characters) must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)", verifier.chars().count()),
                ))
            }
            None if self.token_endpoint_auth_method() == TokenEndpointAuthMethod::None => {
                return Err(Error::new(
                    ErrorCode::PkceRequired,
                    "a public client (no client secret) must send the PKCE code verifier (RFC 9700 §2.1.1)",
                ))
            }
            _ => {}
        }
        let mut params: Vec<(&str, &str)> =
            vec![("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect_uri)];
        self.push_client_params(&mut params);
        if let Some(verifier) = code_verifier {
            params.push(("code_verifier", verifier));
        }
        Ok(self.token_request(&params))
    }

    /// The refresh-token grant (RFC 6749 §6) as a request to send.
    ///
    /// Body order: `grant_type, refresh_token, scope` (when given),
    /// `client_id, client_secret` (with `client_secret_post`).
    pub fn refresh_token_request(&self, refresh_token: &str, scope: Option<&str>) -> Result<HttpRequest> {
        if refresh_token.is_empty() {
            return Err(Error::new(ErrorCode::MissingRefreshToken, "the refresh token is empty"));
        }
        let mut params: Vec<(&str, &str)> = vec![("grant_type", "refresh_token"), ("refresh_token", refresh_token)];
        if let Some(scope) = scope.filter(|s| !s.is_empty()) {
            params.push(("scope", scope));
        }
        self.push_client_params(&mut params);
        Ok(self.token_request(&params))
    }

    fn push_client_params<'a>(&'a self, params: &mut Vec<(&'a str, &'a str)>) {
        params.push(("client_id", self.client_id()));
        if let (TokenEndpointAuthMethod::ClientSecretPost, Some(secret)) =
            (self.token_endpoint_auth_method(), self.client_secret())
        {
            params.push(("client_secret", secret));
        }
    }

    fn token_request(&self, params: &[(&str, &str)]) -> HttpRequest {
        let mut body = QueryWriter::form_body(256);
        for (name, value) in params {
            body.encoded_pair(name, value);
        }
        let body = body.finish();
        let mut headers: Vec<(String, String)> =
            FORM_HEADERS.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        if let (TokenEndpointAuthMethod::ClientSecretBasic, Some(secret)) =
            (self.token_endpoint_auth_method(), self.client_secret())
        {
            // RFC 6749 §2.3.1: both halves are form-encoded before Base64.
            let credentials = format!("{}:{}", form_encode(self.client_id()), form_encode(secret));
            headers.push(("Authorization".to_owned(), format!("Basic {}", STANDARD.encode(credentials))));
        }
        HttpRequest { method: "POST", url: format!("{}/oauth/token", self.base_url()), headers, body }
    }
}

/// Reads the token endpoint's answer from its status and body.
///
/// A 2xx JSON object with a non-empty `access_token` and a `token_type`
/// of `Bearer` (any case) is a [`TokenResponse`]. A non-2xx JSON object
/// with an `error` is `token_error` carrying the server's `error`,
/// `error_description` and `error_uri` (RFC 6749 §5.2). Anything else is
/// `invalid_token_response`, or `unsupported_token_type`. The message
/// never quotes the body, which may hold tokens.
///
/// ```
/// let tokens = loginkit::parse_token_response(200, r#"{"access_token":"at","token_type":"Bearer","expires_in":300}"#)?;
/// assert_eq!(tokens.expires_in, Some(300));
/// let err = loginkit::parse_token_response(400, r#"{"error":"invalid_grant"}"#).unwrap_err();
/// assert_eq!(err.oauth_error().unwrap().error, "invalid_grant");
/// # Ok::<(), loginkit::Error>(())
/// ```
pub fn parse_token_response(status: u16, body: &str) -> Result<TokenResponse> {
    let invalid = |why: &str| Error::new(ErrorCode::InvalidTokenResponse, format!("the token endpoint's answer (HTTP {status}) {why}"));
    let object = match parse_object(body.as_bytes()) {
        Ok(object) => object,
        Err(JsonProblem::NotAnObject) => return Err(invalid("is JSON but not an object")),
        Err(JsonProblem::Syntax(why)) => return Err(invalid(&format!("is not JSON ({why})"))),
    };
    let text = |name: &str| object.get(name).and_then(Value::as_str);
    if !(200..300).contains(&status) {
        let Some(error) = text("error").filter(|e| !e.is_empty()) else {
            return Err(invalid("is an HTTP error without an OAuth \"error\" member"));
        };
        return Err(Error::token_error(OAuthError {
            error: error.to_owned(),
            error_description: text("error_description").filter(|d| !d.is_empty()).map(str::to_owned),
            error_uri: text("error_uri").filter(|u| !u.is_empty()).map(str::to_owned),
        }));
    }
    let Some(access_token) = text("access_token").filter(|t| !t.is_empty()) else {
        return Err(invalid("has no access_token string"));
    };
    let Some(token_type) = text("token_type") else {
        return Err(invalid("has no token_type string"));
    };
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(Error::new(
            ErrorCode::UnsupportedTokenType,
            format!("the token type {} is not Bearer, the only type loginkit uses (RFC 6750)", quoted(token_type)),
        ));
    }
    let expires_in = match object.get("expires_in") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_u64().ok_or_else(|| invalid("has an expires_in that is not a whole number of seconds"))?),
    };
    let optional = |name: &str| -> Result<Option<String>> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(value)) => Ok(Some(value.clone())),
            Some(_) => Err(invalid(&format!("has a {name} that is not a string"))),
        }
    };
    Ok(TokenResponse {
        access_token: access_token.to_owned(),
        token_type: token_type.to_owned(),
        expires_in,
        refresh_token: optional("refresh_token")?,
        id_token: optional("id_token")?,
        scope: optional("scope")?,
    })
}
