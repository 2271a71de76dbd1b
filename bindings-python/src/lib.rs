//! The Python binding of loginkit.
//!
//! It converts Python values to the core's types and the core's errors to
//! Python exceptions, and does nothing else. Arguments are checked here
//! only for their *type*: a wrong type is a `TypeError` naming the
//! argument (`scopes="openid profile"` is refused, not split into
//! characters), and a `str` that is not valid Unicode (a lone surrogate)
//! is `LoginKitError` with code `invalid_string` instead of being replaced.
//!
//! The token exchange is exposed sans-IO (request builders, response and
//! ID-token verdicts, the `Exchange` state machine); the package's
//! `__init__.py` drives that state machine with `urllib.request`. The
//! CPU-heavy calls (signature verification) run without the GIL.
//!
//! The sealed login transaction (`TransactionKeys`, `start_login_transaction`,
//! `finish_login`) and the web routes (`WebLogin`: login, callback, complete,
//! user, logout as `HttpResponse` data) are the core's; `loginkit.flask` and
//! `loginkit.fastapi` map them onto those frameworks in pure Python.

use loginkit::{
    AuthorizationParams, Environment, IdTokenExpectations, LogoutUrlOptions as CoreLogoutOptions, TokenEndpointAuthMethod,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PySequence, PyString, PyTuple};
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard};

create_exception!(
    loginkit,
    LoginKitError,
    PyValueError,
    "Every loginkit failure. `code` is the stable snake_case code (identical in every language); the message names the offending value and the rule."
);
create_exception!(
    loginkit,
    AuthorizationError,
    LoginKitError,
    "The authorization server refused (code `authorization_error` at the callback; `token_error` at the token endpoint, as its subclass TokenError). `error`, `error_description` and `error_uri` are what it sent (None when not sent)."
);
create_exception!(
    loginkit,
    TokenError,
    AuthorizationError,
    "The token endpoint refused the exchange (code `token_error`, RFC 6749 section 5.2): `error` (e.g. \"invalid_grant\"), `error_description` and `error_uri` are what it sent (None when not sent)."
);

/// Raises the core error as `LoginKitError` (or `AuthorizationError`, or
/// `TokenError`) with `.code` set, and the server's details for a refusal.
fn to_py_err(py: Python<'_>, err: loginkit::Error) -> PyErr {
    let message = err.message().to_owned();
    let py_err = match err.oauth_error() {
        Some(_) if err.code() == loginkit::ErrorCode::TokenError => TokenError::new_err(message),
        Some(_) => AuthorizationError::new_err(message),
        None => LoginKitError::new_err(message),
    };
    let value = py_err.value(py);
    // Setting attributes on a fresh exception instance cannot fail.
    let _ = value.setattr("code", err.code().as_str());
    if let Some(oauth) = err.oauth_error() {
        let _ = value.setattr("error", oauth.error.as_str());
        let _ = value.setattr("error_description", oauth.error_description.as_deref());
        let _ = value.setattr("error_uri", oauth.error_uri.as_deref());
    }
    py_err
}

fn core<T>(py: Python<'_>, result: loginkit::Result<T>) -> PyResult<T> {
    result.map_err(|err| to_py_err(py, err))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".into())
}

/// A `str` argument, borrowed as UTF-8 (never copied), refusing lone
/// surrogates. `name` is only formatted when the argument is refused.
fn text<'a, 'py>(value: impl Into<Borrowed<'a, 'py, PyAny>>, name: impl std::fmt::Display) -> PyResult<&'a str> {
    let value = value.into();
    if !value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!("{name} must be a str, not {}", type_name(&value))));
    }
    value.extract().map_err(|_| {
        let message = format!("{name} is not valid Unicode (it holds a lone surrogate); loginkit never replaces characters");
        to_py_err(value.py(), loginkit::Error::new(loginkit::ErrorCode::InvalidString, message))
    })
}

/// An optional `str` argument: `None` means "not given".
fn optional_text<'a>(value: Option<&'a Bound<'_, PyAny>>, name: &str) -> PyResult<Option<&'a str>> {
    value.filter(|value| !value.is_none()).map(|value| text(value, name)).transpose()
}

/// An `int` argument of an integer type `T` (`bool` is refused: it is not a
/// number of seconds or a status code).
fn integer<'a, 'py, T: FromPyObject<'a, 'py>>(value: &'a Bound<'py, PyAny>, name: &str, range: &str) -> PyResult<T> {
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{name} must be an int, not {}", type_name(value))));
    }
    value.extract::<T>().map_err(|_| PyValueError::new_err(format!("{name} must be an int from {range}")))
}

/// An HTTP status code.
fn status_code(value: &Bound<'_, PyAny>) -> PyResult<u16> {
    integer(value, "status", "0 to 65535")
}

/// An optional number of seconds (`None`: not given).
fn optional_seconds(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<u64>> {
    match value {
        Some(value) if !value.is_none() => integer(value, name, "0 to 2**64-1").map(Some),
        _ => Ok(None),
    }
}

/// `now` in seconds since the Unix epoch: the given `int`, else the
/// system clock.
fn unix_time(value: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    match value {
        Some(value) if !value.is_none() => integer(value, "now", "-2**63 to 2**63-1 (seconds since the Unix epoch)"),
        _ => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            Ok(now.map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)).unwrap_or(0))
        }
    }
}

/// A JSON value as the Python value `json.loads` would give: integers stay
/// `int`, objects keep their member order.
fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => match (number.as_i64(), number.as_u64()) {
            (Some(signed), _) => signed.into_pyobject(py)?.into_any(),
            (None, Some(unsigned)) => unsigned.into_pyobject(py)?.into_any(),
            (None, None) => number.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => json_object_to_py(py, members)?.into_any(),
    })
}

fn json_object_to_py<'py>(py: Python<'py>, members: &serde_json::Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, item) in members {
        dict.set_item(name, json_to_py(py, item)?)?;
    }
    Ok(dict)
}

/// A value held by an options object; None when not given.
fn given<'a, 'py>(py: Python<'py>, value: &'a Option<Py<PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    value.as_ref().map(|value| value.bind(py)).filter(|value| !value.is_none())
}

/// A list (or tuple) argument as a tuple holding its items. A bare `str` is
/// refused: iterating it would silently give characters.
fn sequence<'py>(value: &Bound<'py, PyAny>, name: &str) -> PyResult<Bound<'py, PyTuple>> {
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        let hint = if name == "scopes" { " (write [\"openid\", \"profile\"], not \"openid profile\")" } else { " (write [value])" };
        return Err(PyTypeError::new_err(format!("{name} must be a list of str, not a single {}{hint}", type_name(value))));
    }
    if !(value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()) {
        return Err(PyTypeError::new_err(format!("{name} must be a list of str, not {}", type_name(value))));
    }
    value.cast::<PySequence>()?.to_tuple()
}

/// The items of a `sequence`, each a borrowed `str`.
fn texts<'a>(items: &'a Bound<'_, PyTuple>, name: impl std::fmt::Display) -> PyResult<Vec<&'a str>> {
    items.iter_borrowed().enumerate().map(|(index, item)| text(item, format_args!("{name}[{index}]"))).collect()
}

/// Extra parameters: a list of (name, value) pairs, or a dict (in its
/// order), as checked (name, value) tuples of `str` to borrow from.
fn extra_params<'py>(value: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
    if let Ok(dict) = value.cast::<PyDict>() {
        let items = dict.items().iter().map(|item| Ok(item.cast_into::<PyTuple>()?)).collect::<PyResult<Vec<_>>>()?;
        for item in &items {
            let name = text(item.get_borrowed_item(0)?, "extra_params key")?;
            text(item.get_borrowed_item(1)?, format_args!("extra_params[{name:?}]"))?;
        }
        return Ok(items);
    }
    if !(value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()) {
        return Err(PyTypeError::new_err(format!(
            "extra_params must be a list of (name, value) pairs or a dict, not {}",
            type_name(value)
        )));
    }
    let mut pairs = Vec::new();
    for (index, pair) in value.try_iter()?.enumerate() {
        let pair = pair?;
        let pair = if pair.is_instance_of::<PyTuple>() || pair.is_instance_of::<PyList>() {
            let pair = pair.cast::<PySequence>()?.to_tuple()?;
            texts(&pair, format_args!("extra_params[{index}]"))?;
            Some(pair).filter(|pair| pair.len() == 2)
        } else {
            None
        };
        pairs.push(pair.ok_or_else(|| {
            PyTypeError::new_err(format!("extra_params[{index}] must be a (name, value) pair of str"))
        })?);
    }
    Ok(pairs)
}

/// The authorization options, each named once, here: this declares the
/// `AuthorizationUrlOptions` class (its fields and keyword-only
/// constructor), reads a call's keyword arguments by the same names, and
/// lends the values to the core's `AuthorizationParams` (a struct literal
/// naming every field, so an option added to the core does not compile
/// until it is added to this list). The stubs repeat the names as
/// signatures; tests/test_stubs.py checks them against this list.
macro_rules! authorization_options {
    ($scopes:ident; $pairs:ident; $($text:ident),+) => {
        /// Options of an authorization URL.
        ///
        /// Build it with keywords, `AuthorizationUrlOptions(scopes=[...], state=...)`,
        /// or assign attributes, `options.prompt = "create"`. Every field defaults
        /// to None ("not given"); types are checked when the options are used.
        #[pyclass(module = "loginkit", get_all, set_all)]
        #[derive(Default)]
        pub struct AuthorizationUrlOptions {
            $scopes: Option<Py<PyAny>>,
            $($text: Option<Py<PyAny>>,)+
            $pairs: Option<Py<PyAny>>,
        }

        #[pymethods]
        impl AuthorizationUrlOptions {
            #[new]
            #[pyo3(signature = (*, $scopes=None, $($text=None,)+ $pairs=None))]
            #[allow(clippy::too_many_arguments)]
            fn new($scopes: Option<Py<PyAny>>, $($text: Option<Py<PyAny>>,)+ $pairs: Option<Py<PyAny>>) -> Self {
                AuthorizationUrlOptions { $scopes, $($text,)+ $pairs }
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let mut parts = Vec::new();
                for (name, value) in self.fields() {
                    if let Some(value) = value {
                        parts.push(format!("{name}={}", value.bind(py).repr()?));
                    }
                }
                Ok(format!("AuthorizationUrlOptions({})", parts.join(", ")))
            }
        }

        impl AuthorizationUrlOptions {
            fn fields(&self) -> impl Iterator<Item = (&'static str, &Option<Py<PyAny>>)> {
                [(stringify!($scopes), &self.$scopes), $((stringify!($text), &self.$text),)+ (stringify!($pairs), &self.$pairs)]
                    .into_iter()
            }

            /// A call's keyword arguments as options, without a Python
            /// object; an unknown keyword is a TypeError naming it.
            fn from_kwargs(kwargs: &Bound<'_, PyDict>) -> PyResult<Self> {
                let mut options = AuthorizationUrlOptions::default();
                for (name, value) in kwargs {
                    let name = name.cast::<PyString>()?.to_string_lossy();
                    let slot = match &*name {
                        stringify!($scopes) => &mut options.$scopes,
                        $(stringify!($text) => &mut options.$text,)+
                        stringify!($pairs) => &mut options.$pairs,
                        _ => {
                            let known: Vec<_> = options.fields().map(|(known, _)| known).collect();
                            let message = format!("unexpected keyword argument '{name}' (the options are {})", known.join(", "));
                            return Err(PyTypeError::new_err(message));
                        }
                    };
                    *slot = Some(value.unbind());
                }
                Ok(options)
            }

            /// Checks the options and lends them to `run` as the core's
            /// params, borrowing every `str` (scopes[i], state, ...).
            fn lend<R>(&self, py: Python<'_>, run: impl FnOnce(AuthorizationParams<'_>) -> PyResult<R>) -> PyResult<R> {
                let $scopes = given(py, &self.$scopes).map(|value| sequence(value, stringify!($scopes))).transpose()?;
                let $scopes = $scopes.as_ref().map(|items| texts(items, stringify!($scopes))).transpose()?;
                $(let $text = given(py, &self.$text).map(|value| text(value, stringify!($text))).transpose()?;)+
                let $pairs = given(py, &self.$pairs).map(extra_params).transpose()?.unwrap_or_default();
                let $pairs = $pairs.iter().map(|pair| pair.extract()).collect::<PyResult<Vec<(&str, &str)>>>()?;
                run(AuthorizationParams { $scopes: $scopes.as_deref(), $($text,)+ $pairs: &$pairs })
            }
        }
    };
}

// The string options come from the core's one list.
loginkit::string_options!(authorization_options { scopes; extra_params; });

/// Lends `options` (an `AuthorizationUrlOptions` or None) or the keyword
/// arguments (not both) to `run` as the core's borrowed params.
fn with_authorization_params<R>(
    py: Python<'_>,
    options: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
    run: impl FnOnce(AuthorizationParams<'_>) -> PyResult<R>,
) -> PyResult<R> {
    match (options.filter(|o| !o.is_none()), kwargs.filter(|k| !k.is_empty())) {
        (Some(_), Some(_)) => Err(PyTypeError::new_err(
            "pass either an AuthorizationUrlOptions or keyword arguments, not both",
        )),
        (Some(options), None) => match options.cast::<AuthorizationUrlOptions>() {
            Ok(options) => options.borrow().lend(py, run),
            Err(_) => Err(PyTypeError::new_err(format!(
                "options must be an AuthorizationUrlOptions, not {}",
                type_name(options)
            ))),
        },
        (None, Some(kwargs)) => AuthorizationUrlOptions::from_kwargs(kwargs)?.lend(py, run),
        (None, None) => run(AuthorizationParams::default()),
    }
}

/// Options of a logout URL: `id_token_hint`, `post_logout_redirect_uri`,
/// `state`, each None ("not given") by default.
#[pyclass(module = "loginkit", get_all, set_all)]
#[derive(Default)]
pub struct LogoutUrlOptions {
    id_token_hint: Option<Py<PyAny>>,
    post_logout_redirect_uri: Option<Py<PyAny>>,
    state: Option<Py<PyAny>>,
}

#[pymethods]
impl LogoutUrlOptions {
    #[new]
    #[pyo3(signature = (*, id_token_hint=None, post_logout_redirect_uri=None, state=None))]
    fn new(id_token_hint: Option<Py<PyAny>>, post_logout_redirect_uri: Option<Py<PyAny>>, state: Option<Py<PyAny>>) -> Self {
        LogoutUrlOptions { id_token_hint, post_logout_redirect_uri, state }
    }
}

/// What `Client.start_login` returns: the URL to redirect to and the
/// secrets to keep in the session until the callback.
#[pyclass(module = "loginkit", frozen, get_all)]
pub struct LoginStart {
    url: String,
    state: String,
    nonce: String,
    code_verifier: String,
}

#[pymethods]
impl LoginStart {
    fn __repr__(&self) -> String {
        // The secrets stay out of logs.
        format!("LoginStart(url={:?}, state=..., nonce=..., code_verifier=...)", self.url)
    }
}

/// A verified callback: the authorization code to exchange and its state.
#[pyclass(module = "loginkit", frozen, get_all)]
pub struct Callback {
    code: String,
    state: String,
}

#[pymethods]
impl Callback {
    fn __repr__(&self) -> String {
        format!("Callback(code=..., state={:?})", self.state)
    }
}

/// A loginkit client for one environment and one application.
///
/// Construction checks and normalises its arguments and makes no network
/// call; a client holds no global state (but its JWKS cache, shared by the
/// exchanges it starts) and may be shared between threads.
///
/// `client_secret` and `token_endpoint_auth_method` ("client_secret_post",
/// "client_secret_basic" or "none"; default: client_secret_post with a
/// secret, none without) say how it authenticates at the token endpoint.
/// `jwks_refetch_interval` is the shortest time in seconds between two
/// JWKS fetches caused by unknown key ids (default 300).
#[pyclass(module = "loginkit", frozen, subclass)]
pub struct Client {
    inner: loginkit::Client,
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (env_url, client_id, client_secret=None, *, token_endpoint_auth_method=None, jwks_refetch_interval=None))]
    fn new(
        py: Python<'_>,
        env_url: &Bound<'_, PyAny>,
        client_id: &Bound<'_, PyAny>,
        client_secret: Option<&Bound<'_, PyAny>>,
        token_endpoint_auth_method: Option<&Bound<'_, PyAny>>,
        jwks_refetch_interval: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let env_url = text(env_url, "env_url")?;
        let client_id = text(client_id, "client_id")?;
        let client_secret = optional_text(client_secret, "client_secret")?;
        let method = optional_text(token_endpoint_auth_method, "token_endpoint_auth_method")?;
        let interval = optional_seconds(jwks_refetch_interval, "jwks_refetch_interval")?;
        let client = core(
            py,
            loginkit::catch_panic(|| {
                let method = method.map(str::parse::<TokenEndpointAuthMethod>).transpose()?;
                let client = loginkit::Client::new(env_url, client_id)?
                    .with_token_endpoint_auth(client_secret, method)?;
                Ok(match interval {
                    Some(seconds) => client.with_jwks_refetch_interval(seconds),
                    None => client,
                })
            }),
        )?;
        Ok(Client { inner: client })
    }

    /// How the client authenticates at the token endpoint:
    /// "client_secret_post", "client_secret_basic" or "none".
    #[getter]
    fn token_endpoint_auth_method(&self) -> &'static str {
        self.inner.token_endpoint_auth_method().as_str()
    }

    /// The authorization-code grant as a request to send (sans-IO): POST
    /// `{env_url}/oauth/token` with the form body and headers the core built.
    /// A public client must pass `code_verifier` (`pkce_required`).
    #[pyo3(signature = (code, redirect_uri, *, code_verifier=None))]
    fn authorization_code_request(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        redirect_uri: &Bound<'_, PyAny>,
        code_verifier: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<HttpRequest> {
        let (code, redirect_uri) = (text(code, "code")?, text(redirect_uri, "redirect_uri")?);
        let code_verifier = optional_text(code_verifier, "code_verifier")?;
        let request = core(
            py,
            loginkit::catch_panic(|| self.inner.authorization_code_request(code, redirect_uri, code_verifier)),
        )?;
        Ok(HttpRequest { inner: request })
    }

    /// The refresh-token grant as a request to send (sans-IO).
    #[pyo3(signature = (refresh_token, *, scope=None))]
    fn refresh_token_request(
        &self,
        py: Python<'_>,
        refresh_token: &Bound<'_, PyAny>,
        scope: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<HttpRequest> {
        let refresh_token = text(refresh_token, "refresh_token")?;
        let scope = optional_text(scope, "scope")?;
        let request = core(py, loginkit::catch_panic(|| self.inner.refresh_token_request(refresh_token, scope)))?;
        Ok(HttpRequest { inner: request })
    }

    /// The key-set request: GET `{env_url}/keys`.
    fn jwks_request(&self, py: Python<'_>) -> PyResult<HttpRequest> {
        let request = core(py, loginkit::catch_panic(|| Ok(self.inner.jwks_request())))?;
        Ok(HttpRequest { inner: request })
    }

    /// Verifies an ID token against a key set you fetched (the JWKS JSON
    /// text), with this client's environment URL as the issuer and its id as
    /// the audience. `nonce` is the one the login sent; `now` (seconds since
    /// the Unix epoch) defaults to the system clock.
    #[pyo3(signature = (id_token, jwks, *, nonce=None, now=None))]
    fn verify_id_token(
        &self,
        py: Python<'_>,
        id_token: &Bound<'_, PyAny>,
        jwks: &Bound<'_, PyAny>,
        nonce: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<IdTokenClaims> {
        let (id_token, jwks) = (text(id_token, "id_token")?, text(jwks, "jwks")?);
        let nonce = optional_text(nonce, "nonce")?;
        let now = unix_time(now)?;
        let claims = py.detach(|| {
            loginkit::catch_panic(|| self.inner.verify_id_token(id_token, jwks, nonce, now))
        });
        Ok(IdTokenClaims { inner: core(py, claims)? })
    }

    /// Starts the authorization-code exchange (sans-IO): send
    /// `exchange.request()`, feed each answer to `exchange.receive`. Pass
    /// the login's `nonce` when it asked for `openid`: the ID token is then
    /// required and must carry it.
    #[pyo3(signature = (code, redirect_uri, *, code_verifier=None, nonce=None))]
    fn exchange_code(
        &self,
        py: Python<'_>,
        code: &Bound<'_, PyAny>,
        redirect_uri: &Bound<'_, PyAny>,
        code_verifier: Option<&Bound<'_, PyAny>>,
        nonce: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Exchange> {
        let (code, redirect_uri) = (text(code, "code")?, text(redirect_uri, "redirect_uri")?);
        let code_verifier = optional_text(code_verifier, "code_verifier")?;
        let nonce = optional_text(nonce, "nonce")?;
        let exchange = core(
            py,
            loginkit::catch_panic(|| {
                self.inner.exchange_code(code, redirect_uri, code_verifier, nonce)
            }),
        )?;
        Ok(Exchange::own(exchange))
    }

    /// Starts a refresh-token exchange (sans-IO); an ID token in the answer
    /// is verified, none is required.
    #[pyo3(signature = (refresh_token, *, scope=None))]
    fn exchange_refresh_token(
        &self,
        py: Python<'_>,
        refresh_token: &Bound<'_, PyAny>,
        scope: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Exchange> {
        let refresh_token = text(refresh_token, "refresh_token")?;
        let scope = optional_text(scope, "scope")?;
        let exchange =
            core(py, loginkit::catch_panic(|| self.inner.exchange_refresh_token(refresh_token, scope)))?;
        Ok(Exchange::own(exchange))
    }

    /// The normalised environment URL (also the expected `iss`).
    #[getter]
    fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// The client id.
    #[getter]
    fn client_id(&self) -> &str {
        self.inner.client_id()
    }

    /// Builds the authorization URL that starts a login.
    #[pyo3(signature = (redirect_uri, options=None, **kwargs))]
    fn get_authorization_url(
        &self,
        py: Python<'_>,
        redirect_uri: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<String> {
        let redirect_uri = text(redirect_uri, "redirect_uri")?;
        with_authorization_params(py, options, kwargs, |params| {
            core(py, loginkit::catch_panic(|| self.inner.authorization_url(redirect_uri, params)))
        })
    }

    /// Generates state, nonce and a PKCE verifier and builds the URL.
    #[pyo3(signature = (redirect_uri, options=None, **kwargs))]
    fn start_login(
        &self,
        py: Python<'_>,
        redirect_uri: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<LoginStart> {
        let redirect_uri = text(redirect_uri, "redirect_uri")?;
        let login = with_authorization_params(py, options, kwargs, |params| {
            core(py, loginkit::catch_panic(|| self.inner.start_login(redirect_uri, params)))
        })?;
        Ok(LoginStart { url: login.url, state: login.state, nonce: login.nonce, code_verifier: login.code_verifier })
    }

    /// Builds the logout URL.
    #[pyo3(signature = (options=None, *, id_token_hint=None, post_logout_redirect_uri=None, state=None))]
    fn get_logout_url(
        &self,
        py: Python<'_>,
        options: Option<&Bound<'_, PyAny>>,
        id_token_hint: Option<&Bound<'_, PyAny>>,
        post_logout_redirect_uri: Option<&Bound<'_, PyAny>>,
        state: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let options = match options.filter(|o| !o.is_none()) {
            Some(_) if [id_token_hint, post_logout_redirect_uri, state].iter().any(Option::is_some) => {
                return Err(PyTypeError::new_err("pass either a LogoutUrlOptions or keyword arguments, not both"));
            }
            Some(options) => Some(options.cast::<LogoutUrlOptions>().map_err(|_| {
                PyTypeError::new_err(format!("options must be a LogoutUrlOptions, not {}", type_name(options)))
            })?),
            None => None,
        };
        let options = options.map(|options| options.borrow());
        let [id_token_hint, post_logout_redirect_uri, state] = match &options {
            Some(o) => [&o.id_token_hint, &o.post_logout_redirect_uri, &o.state].map(|value| given(py, value)),
            None => [id_token_hint, post_logout_redirect_uri, state],
        };
        let owned = |value, name| optional_text(value, name).map(|text| text.map(str::to_owned));
        let core_options = CoreLogoutOptions {
            id_token_hint: owned(id_token_hint, "id_token_hint")?,
            post_logout_redirect_uri: owned(post_logout_redirect_uri, "post_logout_redirect_uri")?,
            state: owned(state, "state")?,
        };
        core(py, loginkit::catch_panic(|| self.inner.logout_url(&core_options)))
    }

    /// Checks a callback (full URL, request target or query string) against
    /// the state stored when the login started.
    fn parse_callback(
        &self,
        py: Python<'_>,
        callback: &Bound<'_, PyAny>,
        expected_state: &Bound<'_, PyAny>,
    ) -> PyResult<Callback> {
        let callback = text(callback, "callback")?;
        let expected_state = text(expected_state, "expected_state")?;
        let result = core(py, loginkit::catch_panic(|| self.inner.parse_callback(callback, expected_state)))?;
        Ok(Callback { code: result.code, state: result.state })
    }

    /// Starts a login with its transaction sealed into a cookie: state,
    /// nonce and PKCE verifier are generated (as by `start_login`, with the
    /// same `options` or keyword arguments) and sealed with `keys` together
    /// with `redirect_uri`, `return_to` (a same-origin path, checked:
    /// `invalid_return_to`) and `now` (default: the system clock). Redirect
    /// to `.url` and send `.set_cookie` as a `Set-Cookie` header; nothing
    /// needs to be stored on the server.
    #[pyo3(signature = (redirect_uri, keys, options=None, *, return_to=None, cookie_options=None, now=None, **kwargs))]
    #[allow(clippy::too_many_arguments)]
    fn start_login_transaction(
        &self,
        py: Python<'_>,
        redirect_uri: &Bound<'_, PyAny>,
        keys: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyAny>>,
        return_to: Option<&Bound<'_, PyAny>>,
        cookie_options: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<TransactionStart> {
        let redirect_uri = text(redirect_uri, "redirect_uri")?;
        let keys = &keys_argument(keys)?.get().inner;
        let start = with_authorization_params(py, options, kwargs, |params| {
            let return_to = optional_text(return_to, "return_to")?;
            let cookie = cookie_options_argument(cookie_options)?;
            let now = unix_time(now)?;
            core(py, loginkit::catch_panic(|| {
                self.inner.start_login_transaction(redirect_uri, params, return_to, keys, &cookie, now)
            }))
        })?;
        Ok(TransactionStart {
            url: start.url,
            cookie_name: start.cookie_name,
            cookie_value: start.cookie_value,
            set_cookie: start.set_cookie,
        })
    }

    /// Finishes a login started by `start_login_transaction`: reads the
    /// callback (full URL, request target or query string), finds the
    /// cookie named after its state in `cookie_header` (the request's
    /// `Cookie` header), opens it with `keys` and checks it (same state,
    /// younger than `cookie_options.ttl` at `now`). Then call
    /// `authenticate_with_code(finished.code, t.redirect_uri,
    /// code_verifier=t.code_verifier, nonce=t.nonce)` with
    /// `t = finished.transaction`, and send `finished.clear_cookie`.
    #[pyo3(signature = (callback, cookie_header, keys, *, cookie_options=None, now=None))]
    fn finish_login(
        &self,
        py: Python<'_>,
        callback: &Bound<'_, PyAny>,
        cookie_header: &Bound<'_, PyAny>,
        keys: &Bound<'_, PyAny>,
        cookie_options: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<FinishedLogin> {
        let callback = text(callback, "callback")?;
        let cookie_header = if cookie_header.is_none() { "" } else { text(cookie_header, "cookie_header")? };
        let keys = keys_argument(keys)?.get();
        let cookie = cookie_options_argument(cookie_options)?;
        let now = unix_time(now)?;
        let finished =
            core(py, loginkit::catch_panic(|| self.inner.finish_login(callback, cookie_header, &keys.inner, &cookie, now)))?;
        Ok(FinishedLogin {
            code: finished.code,
            transaction: Py::new(py, LoginTransaction { inner: finished.transaction })?,
            clear_cookie: finished.clear_cookie,
        })
    }

    fn __repr__(&self) -> String {
        // Never the client secret.
        format!(
            "Client(env_url={:?}, client_id={:?}, token_endpoint_auth_method={:?})",
            self.inner.base_url(),
            self.inner.client_id(),
            self.inner.token_endpoint_auth_method().as_str()
        )
    }
}

/// An HTTP request to send, as data: send exactly `method`, `url`, the
/// `headers` (a list of (name, value) pairs, in order) and `body` (UTF-8),
/// adding nothing. The body and the Authorization header carry secrets:
/// `repr` leaves them out.
#[pyclass(module = "loginkit", frozen, eq)]
#[derive(PartialEq)]
pub struct HttpRequest {
    inner: loginkit::HttpRequest,
}

#[pymethods]
impl HttpRequest {
    /// "POST" (token endpoint) or "GET" (key set).
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method
    }

    /// The absolute URL.
    #[getter]
    fn url(&self) -> &str {
        &self.inner.url
    }

    /// The headers as a new list of (name, value) tuples, in sending order.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())))
    }

    /// The body: an application/x-www-form-urlencoded form, or "" for a GET.
    #[getter]
    fn body(&self) -> &str {
        &self.inner.body
    }

    fn __repr__(&self) -> String {
        let headers: Vec<String> = self
            .inner
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if name.eq_ignore_ascii_case("authorization") { "<redacted>" } else { value.as_str() };
                format!("({name:?}, {value:?})")
            })
            .collect();
        format!(
            "HttpRequest(method={:?}, url={:?}, headers=[{}], body=<{} bytes redacted>)",
            self.inner.method,
            self.inner.url,
            headers.join(", "),
            self.inner.body.len()
        )
    }
}

/// The token endpoint's successful answer, values as sent. `repr` leaves
/// the tokens out.
#[pyclass(module = "loginkit", frozen)]
pub struct TokenResponse {
    inner: loginkit::TokenResponse,
}

#[pymethods]
impl TokenResponse {
    /// The access token.
    #[getter]
    fn access_token(&self) -> &str {
        &self.inner.access_token
    }

    /// The token type as sent ("Bearer", in any case).
    #[getter]
    fn token_type(&self) -> &str {
        &self.inner.token_type
    }

    /// The access token's lifetime in seconds, or None.
    #[getter]
    fn expires_in(&self) -> Option<u64> {
        self.inner.expires_in
    }

    /// The refresh token, or None.
    #[getter]
    fn refresh_token(&self) -> Option<&str> {
        self.inner.refresh_token.as_deref()
    }

    /// The ID token as sent, or None (verified only by the exchange or
    /// `verify_id_token`).
    #[getter]
    fn id_token(&self) -> Option<&str> {
        self.inner.id_token.as_deref()
    }

    /// The granted scope, or None.
    #[getter]
    fn scope(&self) -> Option<&str> {
        self.inner.scope.as_deref()
    }

    fn __repr__(&self) -> String {
        let redacted = |token: &Option<String>| if token.is_some() { "..." } else { "None" };
        format!(
            "TokenResponse(access_token=..., token_type={:?}, expires_in={}, refresh_token={}, id_token={}, scope={})",
            self.inner.token_type,
            self.inner.expires_in.map_or("None".to_owned(), |seconds| seconds.to_string()),
            redacted(&self.inner.refresh_token),
            redacted(&self.inner.id_token),
            self.inner.scope.as_ref().map_or("None".to_owned(), |scope| format!("{scope:?}")),
        )
    }
}

/// The verified claims of an ID token: typed properties for the standard
/// claims, `claims["name"]` / `claims.get("name")` for any, and
/// `to_dict()` / `to_json()` for all of them (in the token's order).
#[pyclass(module = "loginkit", frozen)]
pub struct IdTokenClaims {
    inner: loginkit::IdTokenClaims,
}

#[pymethods]
impl IdTokenClaims {
    /// `sub`: the user's identifier at the issuer.
    #[getter]
    fn sub(&self) -> &str {
        self.inner.subject()
    }

    /// `iss`: the issuer.
    #[getter]
    fn iss(&self) -> &str {
        self.inner.issuer()
    }

    /// `email`, or None.
    #[getter]
    fn email(&self) -> Option<&str> {
        self.inner.email()
    }

    /// `email_verified`, or None.
    #[getter]
    fn email_verified(&self) -> Option<bool> {
        self.inner.email_verified()
    }

    /// `name`, or None.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// `nonce`, or None.
    #[getter]
    fn nonce(&self) -> Option<&str> {
        self.inner.nonce()
    }

    /// `exp`: expiry, seconds since the Unix epoch.
    #[getter]
    fn exp(&self) -> i64 {
        self.inner.expires_at()
    }

    /// `iat`: issue time, seconds since the Unix epoch.
    #[getter]
    fn iat(&self) -> i64 {
        self.inner.issued_at()
    }

    /// Every claim as a new dict, in the token's order (integers stay int).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        json_object_to_py(py, self.inner.as_map())
    }

    /// Every claim as compact JSON text, in the token's order.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The claim `name`, or `default` when the token does not carry it.
    #[pyo3(signature = (name, default=None))]
    fn get<'py>(&self, py: Python<'py>, name: &str, default: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        match self.inner.as_map().get(name) {
            Some(value) => json_to_py(py, value),
            None => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        }
    }

    fn __getitem__<'py>(&self, py: Python<'py>, name: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let claim = name.cast::<PyString>().ok().and_then(|name| name.to_str().ok().and_then(|name| self.inner.as_map().get(name)));
        match claim {
            Some(value) => json_to_py(py, value),
            None => Err(PyKeyError::new_err(name.clone().unbind())),
        }
    }

    /// Like a dict: a name that is not a `str` is simply not there.
    fn __contains__(&self, name: &Bound<'_, PyAny>) -> bool {
        let name = name.cast::<PyString>().ok();
        name.is_some_and(|name| name.to_str().is_ok_and(|name| self.inner.as_map().contains_key(name)))
    }

    fn __len__(&self) -> usize {
        self.inner.as_map().len()
    }

    fn __repr__(&self) -> String {
        format!("IdTokenClaims(sub={:?}, iss={:?}, ...)", self.inner.subject(), self.inner.issuer())
    }
}

/// A finished login or refresh: `tokens`, and the verified ID-token
/// `claims` (None when the server sent no ID token, as a refresh may).
/// `user` is the claims as a dict; `access_token`, `refresh_token`,
/// `id_token` and `expires_in` are shortcuts into `tokens`.
#[pyclass(module = "loginkit", frozen)]
pub struct LoginResult {
    tokens: Py<TokenResponse>,
    claims: Option<Py<IdTokenClaims>>,
    user: Option<Py<PyDict>>,
}

impl LoginResult {
    fn new(py: Python<'_>, login: loginkit::LoginResult) -> PyResult<Self> {
        let user = match &login.claims {
            Some(claims) => Some(json_object_to_py(py, claims.as_map())?.unbind()),
            None => None,
        };
        let claims = match login.claims {
            Some(claims) => Some(Py::new(py, IdTokenClaims { inner: claims })?),
            None => None,
        };
        Ok(LoginResult { tokens: Py::new(py, TokenResponse { inner: login.tokens })?, claims, user })
    }
}

#[pymethods]
impl LoginResult {
    /// The tokens as the server sent them.
    #[getter]
    fn tokens(&self, py: Python<'_>) -> Py<TokenResponse> {
        self.tokens.clone_ref(py)
    }

    /// The verified ID-token claims, or None.
    #[getter]
    fn claims(&self, py: Python<'_>) -> Option<Py<IdTokenClaims>> {
        self.claims.as_ref().map(|claims| claims.clone_ref(py))
    }

    /// The user: the verified claims as a dict (`sub`, `email`, `name`, ...),
    /// or None without an ID token.
    #[getter]
    fn user(&self, py: Python<'_>) -> Option<Py<PyDict>> {
        self.user.as_ref().map(|user| user.clone_ref(py))
    }

    /// `tokens.access_token`.
    #[getter]
    fn access_token(&self) -> &str {
        &self.tokens.get().inner.access_token
    }

    /// `tokens.refresh_token`.
    #[getter]
    fn refresh_token(&self) -> Option<&str> {
        self.tokens.get().inner.refresh_token.as_deref()
    }

    /// `tokens.id_token`.
    #[getter]
    fn id_token(&self) -> Option<&str> {
        self.tokens.get().inner.id_token.as_deref()
    }

    /// `tokens.expires_in`.
    #[getter]
    fn expires_in(&self) -> Option<u64> {
        self.tokens.get().inner.expires_in
    }

    fn __repr__(&self) -> String {
        let sub = self.claims.as_ref().map_or("None".to_owned(), |claims| format!("{:?}", claims.get().inner.subject()));
        format!("LoginResult(sub={sub}, tokens={})", self.tokens.get().__repr__())
    }
}

/// One token exchange in progress (sans-IO), from `Client.exchange_code` or
/// `Client.exchange_refresh_token`:
///
///     request = exchange.request()
///     while True:
///         status, body = send(request)          # your HTTP client
///         step = exchange.receive(status, body)
///         if isinstance(step, LoginResult):
///             break
///         request = step                        # e.g. the key set to fetch
#[pyclass(module = "loginkit", frozen)]
pub struct Exchange {
    inner: ExchangeSlot,
}

/// Where an `Exchange`'s core state machine lives: its own, or inside the
/// `PendingLogin` of a web callback (which `WebLogin.complete` reads).
enum ExchangeSlot {
    Own(Box<Mutex<loginkit::Exchange>>),
    Pending(Arc<Mutex<loginkit::PendingLogin>>),
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Exchange {
    fn own(exchange: loginkit::Exchange) -> Self {
        Exchange { inner: ExchangeSlot::Own(Box::new(Mutex::new(exchange))) }
    }

    fn with<R>(&self, f: impl FnOnce(&mut loginkit::Exchange) -> R) -> R {
        match &self.inner {
            ExchangeSlot::Own(exchange) => f(&mut locked(exchange)),
            ExchangeSlot::Pending(pending) => f(&mut locked(pending).exchange),
        }
    }
}

#[pymethods]
impl Exchange {
    /// The first request to send (the token request).
    fn request(&self, py: Python<'_>) -> PyResult<HttpRequest> {
        let request = core(py, loginkit::catch_panic(|| Ok(self.with(|exchange| exchange.request()))))?;
        Ok(HttpRequest { inner: request })
    }

    /// Judges the answer (`status`, `body` as text) to the last request sent
    /// at `now` (seconds since the Unix epoch; default: the system clock).
    /// Returns the next `HttpRequest` to send, or the `LoginResult`.
    #[pyo3(signature = (status, body, now=None))]
    fn receive(
        &self,
        py: Python<'_>,
        status: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let status = status_code(status)?;
        let body = text(body, "body")?;
        let now = unix_time(now)?;
        let step = py.detach(|| loginkit::catch_panic(|| self.with(|exchange| exchange.receive(status, body, now))));
        match core(py, step)? {
            loginkit::Step::Send(request) => Ok(Py::new(py, HttpRequest { inner: request })?.into_any()),
            loginkit::Step::Done(login) => Ok(Py::new(py, LoginResult::new(py, *login)?)?.into_any()),
        }
    }

    fn __repr__(&self) -> String {
        "Exchange(...)".to_owned()
    }
}

// ---------------------------------------------------------------------------
// The sealed login transaction (issue 12) and the web login routes (issue 13).

/// A `bool` argument (an `int` is refused: `secure=1` is a mistake).
/// [`flag`] for an optional argument: None or absent is false.
fn optional_flag(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<bool> {
    value.filter(|v| !v.is_none()).map_or(Ok(false), |v| flag(v, name))
}

fn flag(value: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    match value.cast::<PyBool>() {
        Ok(flag) => Ok(flag.is_true()),
        Err(_) => Err(PyTypeError::new_err(format!("{name} must be a bool, not {}", type_name(value)))),
    }
}

/// The keys that seal and open login transactions (and the web session):
/// `TransactionKeys([newest, older, ...])` with base64url keys of at least
/// 256 bits each (`TransactionKeys.generate_key()` makes one). The first key
/// seals, every key opens, so keys rotate without breaking logins in flight.
/// A key that is not base64url without padding, or too short, or an empty
/// list, is `LoginKitError` with code `invalid_transaction_key` (naming its
/// position, never its text). `repr` never shows a key.
#[pyclass(module = "loginkit", frozen)]
pub struct TransactionKeys {
    inner: loginkit::TransactionKeys,
    /// The key texts, to derive the keys again for a `WebLogin` (the
    /// core's keys are not cloneable). Never shown.
    texts: Vec<String>,
}

#[pymethods]
impl TransactionKeys {
    #[new]
    fn new(py: Python<'_>, keys: &Bound<'_, PyAny>) -> PyResult<Self> {
        let texts: Vec<String> = texts(&sequence(keys, "keys")?, "keys")?.into_iter().map(str::to_owned).collect();
        let inner = core(py, loginkit::catch_panic(|| loginkit::TransactionKeys::new(&texts)))?;
        Ok(TransactionKeys { inner, texts })
    }

    /// A fresh key: 32 bytes from the OS CSPRNG as base64url text (43
    /// characters). Keep it secret, e.g. in an environment variable.
    #[staticmethod]
    fn generate_key(py: Python<'_>) -> PyResult<String> {
        core(py, loginkit::catch_panic(loginkit::TransactionKeys::generate_key))
    }

    /// Seals a `LoginTransaction` into a cookie value under the first key
    /// (AES-256-GCM; a fresh random nonce each time).
    fn seal(&self, py: Python<'_>, transaction: &Bound<'_, PyAny>) -> PyResult<String> {
        let transaction = transaction.cast::<LoginTransaction>().map_err(|_| {
            PyTypeError::new_err(format!("transaction must be a LoginTransaction, not {}", type_name(transaction)))
        })?;
        let transaction = &transaction.get().inner;
        core(py, loginkit::catch_panic(|| self.inner.seal(transaction)))
    }

    /// Opens a sealed value under any of the keys (`transaction_truncated`,
    /// `transaction_unknown_key`, `transaction_tampered`). It checks neither
    /// the state nor the age: `Client.finish_login` does.
    fn open(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<LoginTransaction> {
        let value = text(value, "value")?;
        let inner = core(py, loginkit::catch_panic(|| self.inner.open(value)))?;
        Ok(LoginTransaction { inner })
    }

    fn __len__(&self) -> usize {
        self.texts.len()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.inner)
    }
}

impl TransactionKeys {
    /// The same keys again, for a core value that takes ownership.
    fn derive_again(&self, py: Python<'_>) -> PyResult<loginkit::TransactionKeys> {
        core(py, loginkit::catch_panic(|| loginkit::TransactionKeys::new(&self.texts)))
    }
}

fn keys_argument<'a, 'py>(value: &'a Bound<'py, PyAny>) -> PyResult<&'a Bound<'py, TransactionKeys>> {
    value
        .cast::<TransactionKeys>()
        .map_err(|_| PyTypeError::new_err(format!("keys must be a TransactionKeys, not {}", type_name(value))))
}

/// A login in flight, as sealed into its cookie: `state`, `nonce`,
/// `code_verifier`, `redirect_uri`, `return_to` (a same-origin path, or
/// None) and `issued_at` (seconds since the Unix epoch). `repr` hides the
/// nonce and the verifier.
#[pyclass(module = "loginkit", frozen, eq)]
#[derive(PartialEq)]
pub struct LoginTransaction {
    inner: loginkit::LoginTransaction,
}

#[pymethods]
impl LoginTransaction {
    #[new]
    #[pyo3(signature = (*, state, nonce, code_verifier, redirect_uri, issued_at, return_to=None))]
    fn new(
        state: &Bound<'_, PyAny>,
        nonce: &Bound<'_, PyAny>,
        code_verifier: &Bound<'_, PyAny>,
        redirect_uri: &Bound<'_, PyAny>,
        issued_at: &Bound<'_, PyAny>,
        return_to: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(LoginTransaction {
            inner: loginkit::LoginTransaction {
                state: text(state, "state")?.to_owned(),
                nonce: text(nonce, "nonce")?.to_owned(),
                code_verifier: text(code_verifier, "code_verifier")?.to_owned(),
                redirect_uri: text(redirect_uri, "redirect_uri")?.to_owned(),
                return_to: optional_text(return_to, "return_to")?.map(str::to_owned),
                issued_at: integer(issued_at, "issued_at", "-2**63 to 2**63-1 (seconds since the Unix epoch)")?,
            },
        })
    }

    /// The `state` sent in the authorization URL.
    #[getter]
    fn state(&self) -> &str {
        &self.inner.state
    }

    /// The `nonce` the ID token must carry.
    #[getter]
    fn nonce(&self) -> &str {
        &self.inner.nonce
    }

    /// The PKCE code verifier for the code exchange.
    #[getter]
    fn code_verifier(&self) -> &str {
        &self.inner.code_verifier
    }

    /// The redirect URI the login started with (the token request repeats it).
    #[getter]
    fn redirect_uri(&self) -> &str {
        &self.inner.redirect_uri
    }

    /// Where to send the user after login (a same-origin path), or None.
    #[getter]
    fn return_to(&self) -> Option<&str> {
        self.inner.return_to.as_deref()
    }

    /// When the login started, in seconds since the Unix epoch.
    #[getter]
    fn issued_at(&self) -> i64 {
        self.inner.issued_at
    }

    fn __repr__(&self) -> String {
        format!(
            "LoginTransaction(state={:?}, nonce=..., code_verifier=..., redirect_uri={:?}, return_to={}, issued_at={})",
            self.inner.state,
            self.inner.redirect_uri,
            self.inner.return_to.as_ref().map_or("None".to_owned(), |path| format!("{path:?}")),
            self.inner.issued_at
        )
    }
}

/// Attributes of the transaction (and session) cookies:
/// `CookieOptions(*, path="/", secure=True, ttl=600)`. `ttl` is the time a
/// login may take, in seconds (`Max-Age` and the age checked at the
/// callback). Keep `secure` on in production; browsers treat
/// `http://localhost` as secure, plain-http loopback IPs need it off.
#[pyclass(module = "loginkit", frozen, eq)]
#[derive(PartialEq, Default)]
pub struct CookieOptions {
    inner: loginkit::CookieOptions,
}

#[pymethods]
impl CookieOptions {
    #[new]
    #[pyo3(signature = (*, path=None, secure=None, ttl=None))]
    fn new(path: Option<&Bound<'_, PyAny>>, secure: Option<&Bound<'_, PyAny>>, ttl: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let defaults = loginkit::CookieOptions::default();
        Ok(CookieOptions {
            inner: loginkit::CookieOptions {
                path: optional_text(path, "path")?.map_or(defaults.path, str::to_owned),
                secure: match secure.filter(|s| !s.is_none()) {
                    Some(secure) => flag(secure, "secure")?,
                    None => defaults.secure,
                },
                ttl: optional_seconds(ttl, "ttl")?.unwrap_or(defaults.ttl),
            },
        })
    }

    /// `Path=` of the cookies.
    #[getter]
    fn path(&self) -> &str {
        &self.inner.path
    }

    /// Whether the cookies carry `Secure`.
    #[getter]
    fn secure(&self) -> bool {
        self.inner.secure
    }

    /// How long a login may take, in seconds.
    #[getter]
    fn ttl(&self) -> u64 {
        self.inner.ttl
    }

    /// The `Set-Cookie` header value that stores `value` under `name` for
    /// `ttl` seconds (`HttpOnly`, `SameSite=Lax`, `Secure` unless off).
    fn set_cookie(&self, py: Python<'_>, name: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<String> {
        let (name, value) = (text(name, "name")?, text(value, "value")?);
        core(py, loginkit::catch_panic(|| Ok(self.inner.set_cookie(name, value))))
    }

    /// The `Set-Cookie` header value that deletes cookie `name`.
    fn clear_cookie(&self, py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<String> {
        let name = text(name, "name")?;
        core(py, loginkit::catch_panic(|| Ok(self.inner.clear_cookie(name))))
    }

    fn __repr__(&self) -> String {
        let secure = if self.inner.secure { "True" } else { "False" };
        format!("CookieOptions(path={:?}, secure={secure}, ttl={})", self.inner.path, self.inner.ttl)
    }
}

fn cookie_options_argument(value: Option<&Bound<'_, PyAny>>) -> PyResult<loginkit::CookieOptions> {
    match value.filter(|v| !v.is_none()) {
        None => Ok(loginkit::CookieOptions::default()),
        Some(value) => match value.cast::<CookieOptions>() {
            Ok(options) => Ok(options.get().inner.clone()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "cookie_options must be a CookieOptions, not {}",
                type_name(value)
            ))),
        },
    }
}

/// A started login with its sealed transaction cookie: redirect to `url`
/// and send `set_cookie` as a `Set-Cookie` header (or set `cookie_name` =
/// `cookie_value` with your framework, with the same attributes). `repr`
/// hides the cookie's value.
#[pyclass(module = "loginkit", frozen, get_all)]
pub struct TransactionStart {
    url: String,
    cookie_name: String,
    cookie_value: String,
    set_cookie: String,
}

#[pymethods]
impl TransactionStart {
    fn __repr__(&self) -> String {
        format!("TransactionStart(url={:?}, cookie_name={:?}, cookie_value=..., set_cookie=...)", self.url, self.cookie_name)
    }
}

/// A callback checked against its transaction cookie: the authorization
/// `code`, the opened `transaction` (redirect URI, verifier, nonce,
/// return-to) and `clear_cookie`, the `Set-Cookie` value that deletes the
/// used cookie. `repr` hides the code.
#[pyclass(module = "loginkit", frozen, get_all)]
pub struct FinishedLogin {
    code: String,
    transaction: Py<LoginTransaction>,
    clear_cookie: String,
}

#[pymethods]
impl FinishedLogin {
    fn __repr__(&self) -> String {
        format!("FinishedLogin(code=..., transaction={}, clear_cookie={:?})", self.transaction.get().__repr__(), self.clear_cookie)
    }
}

/// The cookie name of the login whose state is `state`:
/// `loginkit_tx_` + 16 hex characters of SHA-256(state).
#[pyfunction]
fn transaction_cookie_name(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<String> {
    let state = text(state, "state")?;
    core(py, loginkit::catch_panic(|| Ok(loginkit::transaction_cookie_name(state))))
}

/// Checks that `return_to` is a path on the application's own origin
/// (`/dashboard?tab=1`); raises `LoginKitError` with code
/// `invalid_return_to` otherwise (`//evil.com`, `/\\evil.com`,
/// `https://...`, control characters).
#[pyfunction]
fn validate_return_to(py: Python<'_>, return_to: &Bound<'_, PyAny>) -> PyResult<()> {
    let return_to = text(return_to, "return_to")?;
    core(py, loginkit::catch_panic(|| loginkit::validate_return_to(return_to)))
}

/// An HTTP response as data: send exactly `status` and `headers` (a list
/// of (name, value) pairs in order; `Set-Cookie` may repeat), no body.
/// `repr` hides the header values (cookies, and the ID token in a logout
/// URL).
#[pyclass(module = "loginkit", frozen, eq)]
#[derive(PartialEq)]
pub struct HttpResponse {
    inner: loginkit::HttpResponse,
}

#[pymethods]
impl HttpResponse {
    /// The status code (302 for every redirect).
    #[getter]
    fn status(&self) -> u16 {
        self.inner.status
    }

    /// The headers as a new list of (name, value) tuples, in order.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())))
    }

    /// The `Location` header (where the redirect goes), or None.
    #[getter]
    fn location(&self) -> Option<&str> {
        self.inner.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("location")).map(|(_, value)| value.as_str())
    }

    fn __repr__(&self) -> String {
        let headers: Vec<String> = self
            .inner
            .headers
            .iter()
            .map(|(name, value)| {
                if name.eq_ignore_ascii_case("cache-control") {
                    format!("({name:?}, {value:?})")
                } else {
                    format!("({name:?}, <{} chars>)", value.chars().count())
                }
            })
            .collect();
        format!("HttpResponse(status={}, headers=[{}])", self.inner.status, headers.join(", "))
    }
}

/// A callback being finished (from `WebLogin.callback`): drive `exchange`
/// (send `exchange.request()`, feed each answer to `exchange.receive`),
/// then pass the `LoginResult` to `WebLogin.complete`. `transaction` is the
/// opened login (its `return_to`), `clear_cookie` the `Set-Cookie` value
/// that deletes the used transaction cookie.
#[pyclass(module = "loginkit", frozen)]
pub struct PendingLogin {
    inner: Arc<Mutex<loginkit::PendingLogin>>,
    exchange: Py<Exchange>,
}

#[pymethods]
impl PendingLogin {
    /// The code exchange to drive.
    #[getter]
    fn exchange(&self, py: Python<'_>) -> Py<Exchange> {
        self.exchange.clone_ref(py)
    }

    /// The opened transaction.
    #[getter]
    fn transaction(&self) -> LoginTransaction {
        LoginTransaction { inner: locked(&self.inner).transaction.clone() }
    }

    /// The `Set-Cookie` value that deletes the used transaction cookie.
    #[getter]
    fn clear_cookie(&self) -> String {
        locked(&self.inner).clear_cookie.clone()
    }

    fn __repr__(&self) -> String {
        format!("PendingLogin(transaction={})", self.transaction().__repr__())
    }
}

/// The signed-in user, from the session cookie: `claims` (the verified
/// ID-token claims, an `IdTokenClaims`), `user` (the same as a dict), `sub`,
/// `email`, `name`, `id_token` (for the logout hint) and `expires_at` (when
/// the session ends, seconds since the Unix epoch). `repr` hides the token.
#[pyclass(module = "loginkit", frozen)]
pub struct SessionUser {
    claims: Py<IdTokenClaims>,
    id_token: String,
    expires_at: i64,
}

#[pymethods]
impl SessionUser {
    /// The verified ID-token claims.
    #[getter]
    fn claims(&self, py: Python<'_>) -> Py<IdTokenClaims> {
        self.claims.clone_ref(py)
    }

    /// The claims as a new dict (`sub`, `email`, `name`, ...).
    #[getter]
    fn user<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.claims.get().to_dict(py)
    }

    /// `sub`: the user's identifier at the issuer.
    #[getter]
    fn sub(&self) -> &str {
        self.claims.get().inner.subject()
    }

    /// `email`, or None.
    #[getter]
    fn email(&self) -> Option<&str> {
        self.claims.get().inner.email()
    }

    /// `name`, or None.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.claims.get().inner.name()
    }

    /// The ID token the session was made from (the logout hint).
    #[getter]
    fn id_token(&self) -> &str {
        &self.id_token
    }

    /// When the session ends, in seconds since the Unix epoch.
    #[getter]
    fn expires_at(&self) -> i64 {
        self.expires_at
    }

    fn __repr__(&self) -> String {
        format!("SessionUser(sub={:?}, id_token=..., expires_at={})", self.claims.get().inner.subject(), self.expires_at)
    }
}

/// A web application's login routes as data (the seed's login, sign-up,
/// callback, logout and current user), for a framework integration to map
/// onto its requests and responses:
///
///     web = WebLogin(client, keys, "https://yourapp.com/auth/callback",
///                    post_logout_redirect_uri="https://yourapp.com/")
///     web.login()                          # GET /login  -> HttpResponse
///     web.login(sign_up=True)              # GET /signup (prompt=create)
///     web.handle_callback(target, cookies) # GET /auth/callback (exchange included)
///     web.user(cookies)                    # SessionUser or None
///     web.logout(cookies)                  # GET /logout
///
/// `scopes` default to openid profile email offline_access;
/// `cookie_options` to `CookieOptions()`; `session_ttl` (seconds a session
/// lasts) to 8 hours. The session is a sealed cookie too: no server store.
#[pyclass(module = "loginkit", frozen, subclass)]
pub struct WebLogin {
    inner: loginkit::WebLogin,
    client: Py<Client>,
}

#[pymethods]
impl WebLogin {
    #[new]
    #[pyo3(signature = (client, keys, redirect_uri, *, post_logout_redirect_uri=None, scopes=None, cookie_options=None, session_ttl=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        client: &Bound<'_, PyAny>,
        keys: &Bound<'_, PyAny>,
        redirect_uri: &Bound<'_, PyAny>,
        post_logout_redirect_uri: Option<&Bound<'_, PyAny>>,
        scopes: Option<&Bound<'_, PyAny>>,
        cookie_options: Option<&Bound<'_, PyAny>>,
        session_ttl: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let client = client
            .cast::<Client>()
            .map_err(|_| PyTypeError::new_err(format!("client must be a loginkit.Client, not {}", type_name(client))))?;
        let keys = keys_argument(keys)?.get().derive_again(py)?;
        let redirect_uri = text(redirect_uri, "redirect_uri")?;
        let post_logout_redirect_uri = optional_text(post_logout_redirect_uri, "post_logout_redirect_uri")?;
        let scopes = match scopes.filter(|s| !s.is_none()) {
            Some(scopes) => Some(texts(&sequence(scopes, "scopes")?, "scopes")?.into_iter().map(str::to_owned).collect()),
            None => None,
        };
        let cookie = cookie_options_argument(cookie_options)?;
        let session_ttl = optional_seconds(session_ttl, "session_ttl")?.unwrap_or(loginkit::DEFAULT_SESSION_TTL);
        // A clone of the core client shares its key-set cache.
        let core_client = client.get().inner.clone();
        let inner = core(
            py,
            loginkit::catch_panic(|| {
                let mut web = loginkit::WebLogin::new(core_client, keys, redirect_uri)?;
                if let Some(uri) = &post_logout_redirect_uri {
                    web = web.with_post_logout_redirect_uri(uri)?;
                }
                if let Some(scopes) = scopes {
                    web = web.with_scopes(scopes);
                }
                Ok(web.with_cookies(cookie, session_ttl))
            }),
        )?;
        Ok(WebLogin { inner, client: client.clone().unbind() })
    }

    /// The client the routes use.
    #[getter]
    fn client(&self, py: Python<'_>) -> Py<Client> {
        self.client.clone_ref(py)
    }

    /// The login route: a redirect to the provider with a fresh sealed
    /// transaction cookie. `sign_up=True` adds `prompt=create`; `return_to`
    /// (a same-origin path, else `invalid_return_to`) is where the user
    /// lands after the login (default `/`).
    #[pyo3(signature = (*, sign_up=None, return_to=None, now=None))]
    fn login(
        &self,
        py: Python<'_>,
        sign_up: Option<&Bound<'_, PyAny>>,
        return_to: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<HttpResponse> {
        let sign_up = optional_flag(sign_up, "sign_up")?;
        let return_to = optional_text(return_to, "return_to")?;
        let now = unix_time(now)?;
        let response = core(py, loginkit::catch_panic(|| self.inner.login(sign_up, return_to, now)))?;
        Ok(HttpResponse { inner: response })
    }

    /// The login route from its request: `login` with the return-to path
    /// read by the core from `request_target` (the path and raw query as
    /// received, the full URL, or the query), so an integration never
    /// parses a URL. A malformed `return_to` is `invalid_return_to`, a
    /// repeated one `duplicate_parameter`.
    #[pyo3(signature = (request_target, *, sign_up=None, now=None))]
    fn login_from_request(
        &self,
        py: Python<'_>,
        request_target: &Bound<'_, PyAny>,
        sign_up: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<HttpResponse> {
        let request_target = text(request_target, "request_target")?;
        let sign_up = optional_flag(sign_up, "sign_up")?;
        let now = unix_time(now)?;
        let response = core(py, loginkit::catch_panic(|| self.inner.login_from_request(request_target, sign_up, now)))?;
        Ok(HttpResponse { inner: response })
    }

    /// The callback route, first half: checks the callback (`request_target`,
    /// e.g. "/auth/callback?code=...&state=...", or the full URL or query)
    /// against its transaction cookie in `cookie_header` (the request's
    /// `Cookie` header) and starts the code exchange. Raises
    /// `LoginKitError` (`transaction_missing`, `transaction_expired`, ...,
    /// `AuthorizationError` when the provider refused).
    #[pyo3(signature = (request_target, cookie_header=None, *, now=None))]
    fn callback(
        &self,
        py: Python<'_>,
        request_target: &Bound<'_, PyAny>,
        cookie_header: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PendingLogin> {
        let request_target = text(request_target, "request_target")?;
        let cookie_header = optional_text(cookie_header, "cookie_header")?.unwrap_or_default();
        let now = unix_time(now)?;
        let pending = core(py, loginkit::catch_panic(|| self.inner.callback(request_target, cookie_header, now)))?;
        let inner = Arc::new(Mutex::new(pending));
        let exchange = Py::new(py, Exchange { inner: ExchangeSlot::Pending(Arc::clone(&inner)) })?;
        Ok(PendingLogin { inner, exchange })
    }

    /// The callback route, second half: seals the session from the
    /// exchange's `result` and redirects to the transaction's return-to path
    /// (or `/`), deleting the transaction cookie.
    #[pyo3(signature = (pending, result, *, now=None))]
    fn complete(
        &self,
        py: Python<'_>,
        pending: &Bound<'_, PyAny>,
        result: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<HttpResponse> {
        let pending = pending
            .cast::<PendingLogin>()
            .map_err(|_| PyTypeError::new_err(format!("pending must be a PendingLogin, not {}", type_name(pending))))?;
        let result = result
            .cast::<LoginResult>()
            .map_err(|_| PyTypeError::new_err(format!("result must be a LoginResult, not {}", type_name(result))))?;
        let result = result.get();
        let login = loginkit::LoginResult {
            tokens: result.tokens.get().inner.clone(),
            claims: result.claims.as_ref().map(|claims| claims.get().inner.clone()),
        };
        let now = unix_time(now)?;
        let pending = locked(&pending.get().inner);
        let response = core(py, loginkit::catch_panic(|| self.inner.complete(&pending, &login, now)))?;
        Ok(HttpResponse { inner: response })
    }

    /// The signed-in user from the request's `Cookie` header, or None (no
    /// session, an expired one, or one that does not open: never an error).
    #[pyo3(signature = (cookie_header=None, *, now=None))]
    fn user(
        &self,
        py: Python<'_>,
        cookie_header: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<SessionUser>> {
        let cookie_header = optional_text(cookie_header, "cookie_header")?.unwrap_or_default();
        let now = unix_time(now)?;
        let user = core(py, loginkit::catch_panic(|| Ok(self.inner.user(cookie_header, now))))?;
        match user {
            None => Ok(None),
            Some(user) => Ok(Some(SessionUser {
                claims: Py::new(py, IdTokenClaims { inner: user.claims })?,
                id_token: user.id_token,
                expires_at: user.expires_at,
            })),
        }
    }

    /// The logout route: deletes the session cookie and redirects to the
    /// provider's logout URL (with the ID token as `id_token_hint` and the
    /// post-logout redirect URI), so the provider ends its session too.
    #[pyo3(signature = (cookie_header=None, *, now=None))]
    fn logout(
        &self,
        py: Python<'_>,
        cookie_header: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<HttpResponse> {
        let cookie_header = optional_text(cookie_header, "cookie_header")?.unwrap_or_default();
        let now = unix_time(now)?;
        let response = core(py, loginkit::catch_panic(|| self.inner.logout(cookie_header, now)))?;
        Ok(HttpResponse { inner: response })
    }

    fn __repr__(&self) -> String {
        format!("WebLogin(client={})", self.client.get().__repr__())
    }
}

/// Reads the token endpoint's answer (`status`, `body` as text): a
/// `TokenResponse`, or `TokenError` (code `token_error`) with the server's
/// `error`, or `LoginKitError` (`invalid_token_response`,
/// `unsupported_token_type`). Messages never quote the body.
#[pyfunction]
fn parse_token_response(py: Python<'_>, status: &Bound<'_, PyAny>, body: &Bound<'_, PyAny>) -> PyResult<TokenResponse> {
    let status = status_code(status)?;
    let body = text(body, "body")?;
    let tokens = core(py, loginkit::catch_panic(|| loginkit::parse_token_response(status, body)))?;
    Ok(TokenResponse { inner: tokens })
}

/// Verifies an ID token against the JWKS JSON text: signature (RS256,
/// PS256, ES256, EdDSA), `iss` == `issuer`, `aud`/`azp` against
/// `client_id`, `exp`/`nbf`/`iat` at `now` (default: the system clock) with
/// `leeway` seconds (default 60), and `nonce` when given.
#[pyfunction]
#[pyo3(signature = (id_token, jwks, *, issuer, client_id, nonce=None, now=None, leeway=None))]
#[allow(clippy::too_many_arguments)]
fn verify_id_token(
    py: Python<'_>,
    id_token: &Bound<'_, PyAny>,
    jwks: &Bound<'_, PyAny>,
    issuer: &Bound<'_, PyAny>,
    client_id: &Bound<'_, PyAny>,
    nonce: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    leeway: Option<&Bound<'_, PyAny>>,
) -> PyResult<IdTokenClaims> {
    let (id_token, jwks) = (text(id_token, "id_token")?, text(jwks, "jwks")?);
    let (issuer, client_id) = (text(issuer, "issuer")?, text(client_id, "client_id")?);
    let nonce = optional_text(nonce, "nonce")?;
    let now = unix_time(now)?;
    let leeway = optional_seconds(leeway, "leeway")?;
    let claims = py.detach(|| {
        loginkit::catch_panic(|| {
            let expected = IdTokenExpectations { issuer, client_id, nonce, now, leeway };
            loginkit::verify_id_token(id_token, jwks, &expected)
        })
    });
    Ok(IdTokenClaims { inner: core(py, claims)? })
}

/// Checks a callback URL against the registration rules of `environment`
/// ("development" or "production"); raises LoginKitError when it breaks one.
#[pyfunction]
fn validate_redirect_uri(py: Python<'_>, uri: &Bound<'_, PyAny>, environment: &Bound<'_, PyAny>) -> PyResult<()> {
    let uri = text(uri, "uri")?;
    let environment: Environment = core(py, text(environment, "environment")?.parse())?;
    core(py, loginkit::catch_panic(|| loginkit::validate_redirect_uri(uri, environment)))
}

/// Whether `candidate` is allowed by the registered callback URL.
#[pyfunction]
fn redirect_uri_matches(py: Python<'_>, registered: &Bound<'_, PyAny>, candidate: &Bound<'_, PyAny>) -> PyResult<bool> {
    let (registered, candidate) = (text(registered, "registered")?, text(candidate, "candidate")?);
    core(py, loginkit::catch_panic(|| Ok(loginkit::redirect_uri_matches(registered, candidate))))
}

/// A fresh state: 64 lower-case hex characters from the OS CSPRNG.
#[pyfunction]
fn generate_state(py: Python<'_>) -> PyResult<String> {
    core(py, loginkit::catch_panic(loginkit::generate_state))
}

/// A fresh nonce: 64 lower-case hex characters from the OS CSPRNG.
#[pyfunction]
fn generate_nonce(py: Python<'_>) -> PyResult<String> {
    core(py, loginkit::catch_panic(loginkit::generate_nonce))
}

/// A fresh PKCE code verifier: 43 base64url characters.
#[pyfunction]
fn generate_code_verifier(py: Python<'_>) -> PyResult<String> {
    core(py, loginkit::catch_panic(loginkit::generate_code_verifier))
}

/// The S256 challenge of a code verifier.
#[pyfunction]
fn pkce_challenge(py: Python<'_>, verifier: &Bound<'_, PyAny>) -> PyResult<String> {
    let verifier = text(verifier, "verifier")?;
    core(py, loginkit::catch_panic(|| loginkit::pkce_challenge(verifier)))
}

/// Compares states in constant time; an empty expected state never verifies.
#[pyfunction]
fn verify_state(py: Python<'_>, expected: &Bound<'_, PyAny>, received: &Bound<'_, PyAny>) -> PyResult<bool> {
    let (expected, received) = (text(expected, "expected")?, text(received, "received")?);
    core(py, loginkit::catch_panic(|| Ok(loginkit::verify_state(expected, received))))
}

/// Panics inside the core on purpose (hidden; for the boundary test).
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    core(py, loginkit::catch_panic(loginkit::panic_for_tests))
}

#[pymodule]
fn _loginkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("LoginKitError", py.get_type::<LoginKitError>())?;
    m.add("AuthorizationError", py.get_type::<AuthorizationError>())?;
    m.add("TokenError", py.get_type::<TokenError>())?;
    m.add_class::<Client>()?;
    m.add_class::<HttpRequest>()?;
    m.add_class::<TokenResponse>()?;
    m.add_class::<IdTokenClaims>()?;
    m.add_class::<LoginResult>()?;
    m.add_class::<Exchange>()?;
    m.add_class::<TransactionKeys>()?;
    m.add_class::<LoginTransaction>()?;
    m.add_class::<CookieOptions>()?;
    m.add_class::<TransactionStart>()?;
    m.add_class::<FinishedLogin>()?;
    m.add_class::<HttpResponse>()?;
    m.add_class::<PendingLogin>()?;
    m.add_class::<SessionUser>()?;
    m.add_class::<WebLogin>()?;
    m.add_function(wrap_pyfunction!(transaction_cookie_name, m)?)?;
    m.add_function(wrap_pyfunction!(validate_return_to, m)?)?;
    m.add("DEFAULT_TRANSACTION_TTL", loginkit::DEFAULT_TRANSACTION_TTL)?;
    m.add("DEFAULT_SESSION_TTL", loginkit::DEFAULT_SESSION_TTL)?;
    m.add("SESSION_COOKIE", loginkit::SESSION_COOKIE)?;
    m.add_function(wrap_pyfunction!(parse_token_response, m)?)?;
    m.add_function(wrap_pyfunction!(verify_id_token, m)?)?;
    m.add_class::<AuthorizationUrlOptions>()?;
    m.add_class::<LogoutUrlOptions>()?;
    m.add_class::<LoginStart>()?;
    m.add_class::<Callback>()?;
    m.add_function(wrap_pyfunction!(validate_redirect_uri, m)?)?;
    m.add_function(wrap_pyfunction!(redirect_uri_matches, m)?)?;
    m.add_function(wrap_pyfunction!(generate_state, m)?)?;
    m.add_function(wrap_pyfunction!(generate_nonce, m)?)?;
    m.add_function(wrap_pyfunction!(generate_code_verifier, m)?)?;
    m.add_function(wrap_pyfunction!(pkce_challenge, m)?)?;
    m.add_function(wrap_pyfunction!(verify_state, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    let codes: Vec<&str> = loginkit::ErrorCode::ALL.iter().map(|code| code.as_str()).collect();
    m.add("ERROR_CODES", PyTuple::new(py, codes)?)?;
    Ok(())
}
