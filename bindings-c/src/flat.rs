//! The flat request format: one call, one request buffer in, one response
//! buffer out, shared by the Go binding (through `loginkit_flat_call`) and
//! the JVM binding's direct path (which links this crate), so the option
//! list and its order are written once, here.
//!
//! Integers are little-endian; a string is its UTF-8 length (u32) then its
//! bytes, the length [`LOGINKIT_FLAT_ABSENT`] meaning "not given". A request is its op
//! (u32) and the op's arguments; a response is [`LOGINKIT_FLAT_OK`] and the op's results,
//! or [`LOGINKIT_FLAT_FAILED`] and the error: code, message, oauth_error,
//! error_description, error_uri. An optional u64 is a u32 presence flag
//! then 8 bytes when present; an i64 is 8 bytes.
//!
//! The ops on a client ([`client_op`]):
//!
//! * [`LOGINKIT_OP_AUTHORIZATION_URL`], [`LOGINKIT_OP_START_LOGIN`]: redirect_uri, then the
//!   options as [`AuthorizationLists::read`] documents. Response: url
//!   (start_login: url, state, nonce, code_verifier).
//! * [`LOGINKIT_OP_PARSE_CALLBACK`]: callback, expected_state. Response: code, state.
//! * [`LOGINKIT_OP_LOGOUT_URL`]: id_token_hint, post_logout_redirect_uri, state.
//!   Response: url.
//! * [`LOGINKIT_OP_START_LOGIN_TRANSACTION`] ([`start_login_transaction`]):
//!   the key set (u64: a `LoginkitTransactionKeys` pointer in C, a handle
//!   on the JVM), read by the caller; then redirect_uri and the options as
//!   for start_login, return_to, the cookie path, secure (u32 0/1), the ttl
//!   (optional u64) and now (i64). Response: url, cookie_name,
//!   cookie_value, set_cookie.
//!
//! The ops without one ([`static_op`]):
//!
//! * [`LOGINKIT_OP_PARSE_TOKEN_RESPONSE`]: status (u32), body. Response:
//!   access_token, token_type, expires_in (optional u64), refresh_token,
//!   id_token, scope.
//! * [`LOGINKIT_OP_VERIFY_ID_TOKEN`]: issuer, client_id, id_token, jwks, nonce, now
//!   (i64), leeway (optional u64). Response: the claims as compact JSON.
//! * [`LOGINKIT_OP_VALIDATE_REDIRECT_URI`]: uri, environment. Response: nothing.
//! * [`LOGINKIT_OP_REDIRECT_URI_MATCHES`] (registered, candidate),
//!   [`LOGINKIT_OP_VERIFY_STATE`] (expected, received): the verdict as a u32 0/1.
//! * [`LOGINKIT_OP_GENERATE_STATE`], [`LOGINKIT_OP_GENERATE_NONCE`],
//!   [`LOGINKIT_OP_GENERATE_CODE_VERIFIER`]: the value. [`LOGINKIT_OP_PKCE_CHALLENGE`]
//!   (verifier): the challenge.
//!
//! Ops 5 to 8 belong to the JVM binding's exchange registry and are
//! answered there.

use loginkit::{
    AuthorizationParams, Client, CookieOptions, Error, ErrorCode, HttpRequest, LogoutUrlOptions, TokenResponse, TransactionKeys,
};

/// The length of a string that was not given.
pub const LOGINKIT_FLAT_ABSENT: u32 = u32::MAX;
/// A response that succeeded.
pub const LOGINKIT_FLAT_OK: u32 = 0;
/// A response that carries an error.
pub const LOGINKIT_FLAT_FAILED: u32 = 1;

/// Builds an authorization URL.
pub const LOGINKIT_OP_AUTHORIZATION_URL: u32 = 0;
/// Starts a login (state, nonce, PKCE verifier, URL).
pub const LOGINKIT_OP_START_LOGIN: u32 = 1;
/// Checks a callback.
pub const LOGINKIT_OP_PARSE_CALLBACK: u32 = 2;
/// Reads a token endpoint's answer.
pub const LOGINKIT_OP_PARSE_TOKEN_RESPONSE: u32 = 3;
/// Verifies an ID token against a key set.
pub const LOGINKIT_OP_VERIFY_ID_TOKEN: u32 = 4;
/// Starts a login and seals its transaction into a cookie.
pub const LOGINKIT_OP_START_LOGIN_TRANSACTION: u32 = 9;
/// Builds a logout URL.
pub const LOGINKIT_OP_LOGOUT_URL: u32 = 10;
/// Checks a callback URL against the registration rules.
pub const LOGINKIT_OP_VALIDATE_REDIRECT_URI: u32 = 11;
/// Matches a callback URL against a registered one.
pub const LOGINKIT_OP_REDIRECT_URI_MATCHES: u32 = 12;
/// Compares states in constant time.
pub const LOGINKIT_OP_VERIFY_STATE: u32 = 13;
/// Generates a state.
pub const LOGINKIT_OP_GENERATE_STATE: u32 = 14;
/// Generates a nonce.
pub const LOGINKIT_OP_GENERATE_NONCE: u32 = 15;
/// Generates a PKCE code verifier.
pub const LOGINKIT_OP_GENERATE_CODE_VERIFIER: u32 = 16;
/// Derives a PKCE S256 challenge.
pub const LOGINKIT_OP_PKCE_CHALLENGE: u32 = 17;

/// A request being read; every read is checked, so a short or malformed
/// request is an error, never a panic.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    pub fn u32(&mut self) -> Result<u32, Error> {
        let (head, rest) = self.bytes.split_first_chunk::<4>().ok_or_else(malformed)?;
        self.bytes = rest;
        Ok(u32::from_le_bytes(*head))
    }

    pub fn u64(&mut self) -> Result<u64, Error> {
        let (head, rest) = self.bytes.split_first_chunk::<8>().ok_or_else(malformed)?;
        self.bytes = rest;
        Ok(u64::from_le_bytes(*head))
    }

    pub fn optional_u64(&mut self) -> Result<Option<u64>, Error> {
        Ok(if self.u32()? == 0 { None } else { Some(self.u64()?) })
    }

    /// The next string, `None` when not given. `name` names the argument
    /// in the error for bytes that are not UTF-8; it is formatted only
    /// then, so an indexed name costs nothing on success.
    pub fn text(&mut self, name: impl std::fmt::Display) -> Result<Option<&'a str>, Error> {
        let len = self.u32()?;
        if len == LOGINKIT_FLAT_ABSENT {
            return Ok(None);
        }
        let (text, rest) = self.bytes.split_at_checked(len as usize).ok_or_else(malformed)?;
        self.bytes = rest;
        std::str::from_utf8(text).map(Some).map_err(|err| {
            Error::new(
                ErrorCode::InvalidString,
                format!("argument {name} is not valid UTF-8 ({err}); loginkit never replaces characters"),
            )
        })
    }

    /// [`Reader::text`], copied.
    pub fn owned(&mut self, name: impl std::fmt::Display) -> Result<Option<String>, Error> {
        Ok(self.text(name)?.map(str::to_owned))
    }

    pub fn count(&mut self) -> Result<Option<usize>, Error> {
        Ok(match self.u32()? {
            LOGINKIT_FLAT_ABSENT => None,
            count => Some(count as usize),
        })
    }
}

/// A request that does not follow the format: a bug in a binding.
pub fn malformed() -> Error {
    Error::new(ErrorCode::InternalError, "malformed request from the binding; this is a bug")
}

/// A response being written.
pub struct Writer {
    /// The bytes so far.
    pub bytes: Vec<u8>,
}

impl Default for Writer {
    /// Room for a URL or a login start without growing.
    fn default() -> Self {
        Writer { bytes: Vec::with_capacity(512) }
    }
}

impl Writer {
    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn optional_u64(&mut self, value: Option<u64>) {
        match value {
            None => self.u32(0),
            Some(value) => {
                self.u32(1);
                self.bytes.extend_from_slice(&value.to_le_bytes());
            }
        }
    }

    pub fn request(&mut self, request: &HttpRequest) {
        self.text(Some(request.method));
        self.text(Some(&request.url));
        self.u32(request.headers.len() as u32);
        for (name, value) in &request.headers {
            self.text(Some(name));
            self.text(Some(value));
        }
        self.text(Some(&request.body));
    }

    pub fn tokens(&mut self, tokens: &TokenResponse) {
        self.text(Some(&tokens.access_token));
        self.text(Some(&tokens.token_type));
        self.optional_u64(tokens.expires_in);
        self.text(tokens.refresh_token.as_deref());
        self.text(tokens.id_token.as_deref());
        self.text(tokens.scope.as_deref());
    }

    pub fn text(&mut self, value: Option<&str>) {
        match value {
            None => self.u32(LOGINKIT_FLAT_ABSENT),
            Some(text) => {
                self.u32(text.len() as u32);
                self.bytes.extend_from_slice(text.as_bytes());
            }
        }
    }
}

macro_rules! authorization_lists {
    ($($name:ident),*) => {
        /// The authorization options as read, borrowed from the request
        /// buffer; [`AuthorizationLists::params`] lends them to the core
        /// without copying.
        pub struct AuthorizationLists<'a> {
            $($name: Option<&'a str>,)*
            scopes: Option<Vec<&'a str>>,
            extra_params: Vec<(&'a str, &'a str)>,
        }

        impl<'a> AuthorizationLists<'a> {
            /// The string options in the order of `loginkit::string_options!`
            /// (state, nonce, login_hint, domain_hint, connection_id,
            /// organization_id, provider, prompt, code_challenge,
            /// code_challenge_method), then the scope count
            /// ([`LOGINKIT_FLAT_ABSENT`]: not given) and the scopes, then the
            /// extra-parameter count and each name and value.
            pub fn read(reader: &mut Reader<'a>) -> Result<Self, Error> {
                $(let $name = reader.text(stringify!($name))?;)*
                let scopes = match reader.count()? {
                    None => None,
                    Some(count) => Some(
                        (0..count)
                            .map(|index| Ok(reader.text(format_args!("scopes[{index}]"))?.unwrap_or("")))
                            .collect::<Result<Vec<_>, Error>>()?,
                    ),
                };
                let extra_params = (0..reader.count()?.unwrap_or(0))
                    .map(|index| {
                        let name = reader.text(format_args!("extra_params[{index}].name"))?.unwrap_or("");
                        let value = reader.text(format_args!("extra_params[{index}].value"))?.unwrap_or("");
                        Ok((name, value))
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok(AuthorizationLists { $($name,)* scopes, extra_params })
            }

            /// The options, lent to the core.
            pub fn params(&self) -> AuthorizationParams<'_> {
                AuthorizationParams { scopes: self.scopes.as_deref(), extra_params: &self.extra_params, $($name: self.$name,)* }
            }
        }
    };
}

loginkit::string_options!(authorization_lists {});

/// The response for a failure.
pub fn failure(err: &Error) -> Writer {
    let mut writer = Writer { bytes: Vec::with_capacity(128) };
    let oauth = err.oauth_error();
    writer.u32(LOGINKIT_FLAT_FAILED);
    writer.text(Some(err.code().as_str()));
    writer.text(Some(err.message()));
    writer.text(oauth.map(|o| o.error.as_str()));
    writer.text(oauth.and_then(|o| o.error_description.as_deref()));
    writer.text(oauth.and_then(|o| o.error_uri.as_deref()));
    writer
}

/// The rest of a [`LOGINKIT_OP_START_LOGIN_TRANSACTION`] request, after
/// the key set the caller read and resolved.
pub fn start_login_transaction(
    client: &Client,
    keys: &TransactionKeys,
    reader: &mut Reader<'_>,
    writer: &mut Writer,
) -> Result<(), Error> {
    let redirect_uri = reader.text("redirect_uri")?.unwrap_or("");
    let lists = AuthorizationLists::read(reader)?;
    let return_to = reader.text("return_to")?;
    let defaults = CookieOptions::default();
    let cookie = CookieOptions {
        path: reader.owned("path")?.unwrap_or(defaults.path),
        secure: reader.u32()? != 0,
        ttl: reader.optional_u64()?.unwrap_or(defaults.ttl),
    };
    let now = reader.u64()? as i64;
    let start = client.start_login_transaction(redirect_uri, lists.params(), return_to, keys, &cookie, now)?;
    writer.u32(LOGINKIT_FLAT_OK);
    for value in [&start.url, &start.cookie_name, &start.cookie_value, &start.set_cookie] {
        writer.text(Some(value));
    }
    Ok(())
}

/// Answers `op` on `client`; `Ok(false)` when `op` is not a client op.
pub fn client_op(op: u32, client: &Client, reader: &mut Reader<'_>, writer: &mut Writer) -> Result<bool, Error> {
    match op {
        LOGINKIT_OP_AUTHORIZATION_URL | LOGINKIT_OP_START_LOGIN => {
            let redirect_uri = reader.text("redirect_uri")?.unwrap_or("");
            let lists = AuthorizationLists::read(reader)?;
            if op == LOGINKIT_OP_AUTHORIZATION_URL {
                let url = client.authorization_url(redirect_uri, lists.params())?;
                writer.u32(LOGINKIT_FLAT_OK);
                writer.text(Some(&url));
            } else {
                let login = client.start_login(redirect_uri, lists.params())?;
                writer.u32(LOGINKIT_FLAT_OK);
                for value in [&login.url, &login.state, &login.nonce, &login.code_verifier] {
                    writer.text(Some(value));
                }
            }
        }
        LOGINKIT_OP_PARSE_CALLBACK => {
            let callback = reader.text("callback")?.unwrap_or("");
            let expected_state = reader.text("expected_state")?.unwrap_or("");
            let callback = client.parse_callback(callback, expected_state)?;
            writer.u32(LOGINKIT_FLAT_OK);
            writer.text(Some(&callback.code));
            writer.text(Some(&callback.state));
        }
        LOGINKIT_OP_LOGOUT_URL => {
            let options = LogoutUrlOptions {
                id_token_hint: reader.owned("id_token_hint")?,
                post_logout_redirect_uri: reader.owned("post_logout_redirect_uri")?,
                state: reader.owned("state")?,
            };
            let url = client.logout_url(&options)?;
            writer.u32(LOGINKIT_FLAT_OK);
            writer.text(Some(&url));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Answers an op that needs no client; `Ok(false)` when `op` is not one.
pub fn static_op(op: u32, reader: &mut Reader<'_>, writer: &mut Writer) -> Result<bool, Error> {
    match op {
        LOGINKIT_OP_PARSE_TOKEN_RESPONSE => {
            let status = u16::try_from(reader.u32()?).map_err(|_| malformed())?;
            let body = reader.text("body")?.unwrap_or("");
            let tokens = loginkit::parse_token_response(status, body)?;
            writer.u32(LOGINKIT_FLAT_OK);
            writer.tokens(&tokens);
        }
        LOGINKIT_OP_VERIFY_ID_TOKEN => {
            let issuer = reader.text("issuer")?.unwrap_or("");
            let client_id = reader.text("client_id")?.unwrap_or("");
            let id_token = reader.text("id_token")?.unwrap_or("");
            let jwks = reader.text("jwks")?.unwrap_or("");
            let nonce = reader.text("nonce")?;
            let now = reader.u64()? as i64;
            let leeway = reader.optional_u64()?;
            let expected = loginkit::IdTokenExpectations { issuer, client_id, nonce, now, leeway };
            let claims = loginkit::verify_id_token(id_token, jwks, &expected)?;
            writer.u32(LOGINKIT_FLAT_OK);
            writer.text(Some(&claims.to_json()));
        }
        LOGINKIT_OP_VALIDATE_REDIRECT_URI => {
            let uri = reader.text("uri")?.unwrap_or("");
            let environment = reader.text("environment")?.unwrap_or("").parse()?;
            loginkit::validate_redirect_uri(uri, environment)?;
            writer.u32(LOGINKIT_FLAT_OK);
        }
        LOGINKIT_OP_REDIRECT_URI_MATCHES | LOGINKIT_OP_VERIFY_STATE => {
            let first = reader.text(if op == LOGINKIT_OP_VERIFY_STATE { "expected" } else { "registered" })?.unwrap_or("");
            let second = reader.text(if op == LOGINKIT_OP_VERIFY_STATE { "received" } else { "candidate" })?.unwrap_or("");
            let verdict = if op == LOGINKIT_OP_REDIRECT_URI_MATCHES {
                loginkit::redirect_uri_matches(first, second)
            } else {
                loginkit::verify_state(first, second)
            };
            writer.u32(LOGINKIT_FLAT_OK);
            writer.u32(u32::from(verdict));
        }
        LOGINKIT_OP_GENERATE_STATE | LOGINKIT_OP_GENERATE_NONCE | LOGINKIT_OP_GENERATE_CODE_VERIFIER => {
            let value = match op {
                LOGINKIT_OP_GENERATE_STATE => loginkit::generate_state()?,
                LOGINKIT_OP_GENERATE_NONCE => loginkit::generate_nonce()?,
                _ => loginkit::generate_code_verifier()?,
            };
            writer.u32(LOGINKIT_FLAT_OK);
            writer.text(Some(&value));
        }
        LOGINKIT_OP_PKCE_CHALLENGE => {
            let challenge = loginkit::pkce_challenge(reader.text("verifier")?.unwrap_or(""))?;
            writer.u32(LOGINKIT_FLAT_OK);
            writer.text(Some(&challenge));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Runs `answer` with a panic guard and copies its response into
/// `response`: the response length, or minus the length needed when
/// `response_capacity` is too small (nothing is written then).
///
/// # Safety
/// `response` must be NULL or point to `response_capacity` writable bytes.
pub unsafe fn respond(answer: impl FnOnce() -> Result<Writer, Error>, response: *mut u8, response_capacity: usize) -> i64 {
    let writer = loginkit::catch_panic(answer).unwrap_or_else(|err| failure(&err));
    let needed = writer.bytes.len();
    if response.is_null() || needed > response_capacity {
        return -(needed as i64);
    }
    std::ptr::copy_nonoverlapping(writer.bytes.as_ptr(), response, needed);
    needed as i64
}

/// Reads a request from `request_len` bytes at `request` (NULL or 0: empty).
///
/// # Safety
/// `request` must be NULL or point to `request_len` readable bytes.
pub unsafe fn request_bytes<'a>(request: *const u8, request_len: usize) -> &'a [u8] {
    if request.is_null() || request_len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(request, request_len)
    }
}
