//! The callback: what the authorization server sends back to the
//! redirect URI, checked in the order that keeps forged responses out.

use crate::client::Client;
use crate::encoding::form_decode_strict;
use crate::error::{quoted, Error, ErrorCode, OAuthError, Result};
use crate::redirect::is_scheme;
use crate::secrets::verify_state;
use std::borrow::Cow;

/// A successful callback: the authorization code to exchange, and the
/// state it came back with (already verified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    /// The authorization code.
    pub code: String,
    /// The state, equal to the expected one.
    pub state: String,
}

/// Parameters that must appear at most once: a second copy could make
/// two parsers disagree on which one counts.
const SINGLE_VALUED: [&str; 6] = ["code", "state", "error", "error_description", "error_uri", "iss"];

#[derive(Default)]
struct CallbackParameters<'a> {
    values: [Option<Cow<'a, str>>; SINGLE_VALUED.len()],
}

impl CallbackParameters<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let index = SINGLE_VALUED.iter().position(|n| *n == name)?;
        self.values.get(index)?.as_deref().filter(|v| !v.is_empty())
    }
}

impl Client {
    /// Checks and reads a callback.
    ///
    /// `callback` may be the full callback URL, the request target
    /// (`/auth/callback?code=…`) or just the query string, with or without
    /// its `?`; a fragment is ignored. The checks run in this order:
    /// parse (`invalid_callback`), repeated parameters
    /// (`duplicate_parameter`), `missing_state`, `state_mismatch`,
    /// `issuer_mismatch` (RFC 9207), `authorization_error`, `missing_code`.
    /// The state is checked before the server's error so that a forged
    /// error response is reported as the forgery it is.
    ///
    /// ```
    /// let client = loginkit::Client::new("https://acme.scalekit.dev", "skc_1234567890")?;
    /// let callback = client.parse_callback("/auth/callback?code=abc&state=s1", "s1")?;
    /// assert_eq!(callback.code, "abc");
    /// let err = client.parse_callback("?error=access_denied&state=s1", "s1").unwrap_err();
    /// assert_eq!(err.oauth_error().unwrap().error, "access_denied");
    /// # Ok::<(), loginkit::Error>(())
    /// ```
    pub fn parse_callback(&self, callback: &str, expected_state: &str) -> Result<Callback> {
        let parameters = read_parameters(callback)?;
        let Some(state) = parameters.get("state") else {
            return Err(Error::new(ErrorCode::MissingState, "the callback has no state parameter"));
        };
        if !verify_state(expected_state, state) {
            let why = if expected_state.is_empty() { " (the expected state is empty)" } else { "" };
            return Err(Error::new(
                ErrorCode::StateMismatch,
                format!("the callback's state {} is not the state this login sent{why}", quoted(state)),
            ));
        }
        if let Some(issuer) = parameters.get("iss") {
            if issuer != self.base_url() {
                return Err(Error::new(
                    ErrorCode::IssuerMismatch,
                    format!("the callback's issuer {} is not {} (RFC 9207)", quoted(issuer), quoted(self.base_url())),
                ));
            }
        }
        if let Some(error) = parameters.get("error") {
            return Err(Error::authorization(OAuthError {
                error: error.to_owned(),
                error_description: parameters.get("error_description").map(str::to_owned),
                error_uri: parameters.get("error_uri").map(str::to_owned),
            }));
        }
        let Some(code) = parameters.get("code") else {
            return Err(Error::new(ErrorCode::MissingCode, "the callback has no code parameter"));
        };
        Ok(Callback { code: code.to_owned(), state: state.to_owned() })
    }
}

/// The callback's `state`, read with the same strict parser, before it is
/// verified (the transaction is looked up by it).
pub(crate) fn callback_state(callback: &str) -> Result<String> {
    let parameters = read_parameters(callback)?;
    parameters
        .get("state")
        .map(str::to_owned)
        .ok_or_else(|| Error::new(ErrorCode::MissingState, "the callback has no state parameter"))
}

/// The query part of whatever form of callback (or request target) the
/// framework handed over.
pub(crate) fn query_of(callback: &str) -> &str {
    let without_fragment = callback.split_once('#').map_or(callback, |(before, _)| before);
    if without_fragment.starts_with('/') || starts_with_scheme(without_fragment) {
        return without_fragment.split_once('?').map_or("", |(_, query)| query);
    }
    without_fragment.strip_prefix('?').unwrap_or(without_fragment)
}

fn starts_with_scheme(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, _)| is_scheme(scheme))
}

fn read_parameters<'a>(callback: &'a str) -> Result<CallbackParameters<'a>> {
    let mut parameters = CallbackParameters::default();
    for pair in query_of(callback).split('&').filter(|pair| !pair.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |raw: &'a str| {
            form_decode_strict(raw).ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidCallback,
                    format!("callback parameter {} has a malformed percent-escape or is not UTF-8", quoted(raw)),
                )
            })
        };
        let name = decode(raw_name)?;
        let Some(index) = SINGLE_VALUED.iter().position(|n| **n == *name) else {
            // Unknown parameters are still decoded, so a broken escape
            // anywhere makes the whole callback unparsable.
            decode(raw_value)?;
            continue;
        };
        let value = decode(raw_value)?;
        let Some(slot) = parameters.values.get_mut(index) else {
            continue;
        };
        if slot.replace(value).is_some() {
            return Err(Error::new(
                ErrorCode::DuplicateParameter,
                format!("the callback has more than one {name:?} parameter"),
            ));
        }
    }
    Ok(parameters)
}
