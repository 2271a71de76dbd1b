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

use loginkit::{
    AuthorizationUrlOptions as CoreAuthorizationOptions, Environment, IdTokenExpectations,
    LogoutUrlOptions as CoreLogoutOptions, TokenEndpointAuthMethod,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyString, PyTuple};
use serde_json::Value;
use std::sync::Mutex;

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

/// A `str` argument as UTF-8, refusing lone surrogates.
fn text(value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    let Ok(string) = value.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!("{name} must be a str, not {}", type_name(value))));
    };
    match string.to_str() {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => Err(to_py_err(
            value.py(),
            loginkit::Error::new(
                loginkit::ErrorCode::InvalidString,
                format!("{name} is not valid Unicode (it holds a lone surrogate); loginkit never replaces characters"),
            ),
        )),
    }
}

/// An optional `str` argument: `None` means "not given".
fn optional_text(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(value) if value.is_none() => Ok(None),
        Some(value) => text(value, name).map(Some),
    }
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

/// A list (or tuple) of `str`. A bare `str` is refused: iterating it would
/// silently give characters.
fn text_list(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a list of str, not a single {} (write [\"openid\", \"profile\"], not \"openid profile\")",
            type_name(value)
        )));
    }
    if !(value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>()) {
        return Err(PyTypeError::new_err(format!("{name} must be a list of str, not {}", type_name(value))));
    }
    value
        .try_iter()?
        .enumerate()
        .map(|(index, item)| text(&item?, &format!("{name}[{index}]")))
        .collect()
}

/// Extra parameters: a list of (name, value) pairs, or a dict (in its
/// order).
fn extra_params(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(dict) = value.cast::<PyDict>() {
        return dict
            .iter()
            .map(|(name, item)| {
                let name = text(&name, "extra_params key")?;
                let item = text(&item, &format!("extra_params[{name:?}]"))?;
                Ok((name, item))
            })
            .collect();
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
        let items = if pair.is_instance_of::<PyTuple>() || pair.is_instance_of::<PyList>() {
            text_list(&pair, &format!("extra_params[{index}]"))?
        } else {
            Vec::new()
        };
        let [name, item] = <[String; 2]>::try_from(items).map_err(|_| {
            PyTypeError::new_err(format!("extra_params[{index}] must be a (name, value) pair of str"))
        })?;
        pairs.push((name, item));
    }
    Ok(pairs)
}

/// The fields of an authorization URL's options, in one place for the
/// options object and for keyword arguments.
const AUTHORIZATION_FIELDS: [&str; 12] = [
    "scopes",
    "state",
    "nonce",
    "login_hint",
    "domain_hint",
    "connection_id",
    "organization_id",
    "provider",
    "prompt",
    "code_challenge",
    "code_challenge_method",
    "extra_params",
];

/// Options of an authorization URL.
///
/// Build it with keywords, `AuthorizationUrlOptions(scopes=[...], state=...)`,
/// or assign attributes, `options.prompt = "create"`. Every field defaults
/// to None ("not given"); types are checked when the options are used.
#[pyclass(module = "loginkit", get_all, set_all)]
#[derive(Default)]
pub struct AuthorizationUrlOptions {
    scopes: Option<Py<PyAny>>,
    state: Option<Py<PyAny>>,
    nonce: Option<Py<PyAny>>,
    login_hint: Option<Py<PyAny>>,
    domain_hint: Option<Py<PyAny>>,
    connection_id: Option<Py<PyAny>>,
    organization_id: Option<Py<PyAny>>,
    provider: Option<Py<PyAny>>,
    prompt: Option<Py<PyAny>>,
    code_challenge: Option<Py<PyAny>>,
    code_challenge_method: Option<Py<PyAny>>,
    extra_params: Option<Py<PyAny>>,
}

#[pymethods]
impl AuthorizationUrlOptions {
    #[new]
    #[pyo3(signature = (*, scopes=None, state=None, nonce=None, login_hint=None, domain_hint=None, connection_id=None, organization_id=None, provider=None, prompt=None, code_challenge=None, code_challenge_method=None, extra_params=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        scopes: Option<Py<PyAny>>,
        state: Option<Py<PyAny>>,
        nonce: Option<Py<PyAny>>,
        login_hint: Option<Py<PyAny>>,
        domain_hint: Option<Py<PyAny>>,
        connection_id: Option<Py<PyAny>>,
        organization_id: Option<Py<PyAny>>,
        provider: Option<Py<PyAny>>,
        prompt: Option<Py<PyAny>>,
        code_challenge: Option<Py<PyAny>>,
        code_challenge_method: Option<Py<PyAny>>,
        extra_params: Option<Py<PyAny>>,
    ) -> Self {
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
            extra_params,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut parts = Vec::new();
        for (name, value) in AUTHORIZATION_FIELDS.iter().zip(self.fields()) {
            if let Some(value) = value {
                parts.push(format!("{name}={}", value.bind(py).repr()?));
            }
        }
        Ok(format!("AuthorizationUrlOptions({})", parts.join(", ")))
    }
}

impl AuthorizationUrlOptions {
    fn fields(&self) -> [&Option<Py<PyAny>>; 12] {
        [
            &self.scopes,
            &self.state,
            &self.nonce,
            &self.login_hint,
            &self.domain_hint,
            &self.connection_id,
            &self.organization_id,
            &self.provider,
            &self.prompt,
            &self.code_challenge,
            &self.code_challenge_method,
            &self.extra_params,
        ]
    }

    fn to_core(&self, py: Python<'_>) -> PyResult<CoreAuthorizationOptions> {
        let field = |value: &Option<Py<PyAny>>, name: &str| optional_text(value.as_ref().map(|v| v.bind(py)), name);
        let scopes = match self.scopes.as_ref().map(|v| v.bind(py)) {
            Some(value) if !value.is_none() => Some(text_list(value, "scopes")?),
            _ => None,
        };
        Ok(CoreAuthorizationOptions {
            scopes,
            state: field(&self.state, "state")?,
            nonce: field(&self.nonce, "nonce")?,
            login_hint: field(&self.login_hint, "login_hint")?,
            domain_hint: field(&self.domain_hint, "domain_hint")?,
            connection_id: field(&self.connection_id, "connection_id")?,
            organization_id: field(&self.organization_id, "organization_id")?,
            provider: field(&self.provider, "provider")?,
            prompt: field(&self.prompt, "prompt")?,
            code_challenge: field(&self.code_challenge, "code_challenge")?,
            code_challenge_method: field(&self.code_challenge_method, "code_challenge_method")?,
            extra_params: extra_params(self.extra_params.as_ref().map(|v| v.bind(py)))?,
        })
    }
}

/// Turns `options` (an `AuthorizationUrlOptions` or None) and keyword
/// arguments (not both) into the core's options.
fn authorization_options(
    py: Python<'_>,
    options: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<CoreAuthorizationOptions> {
    let kwargs = kwargs.filter(|k| !k.is_empty());
    match (options.filter(|o| !o.is_none()), kwargs) {
        (Some(_), Some(_)) => Err(PyTypeError::new_err(
            "pass either an AuthorizationUrlOptions or keyword arguments, not both",
        )),
        (Some(options), None) => match options.cast::<AuthorizationUrlOptions>() {
            Ok(options) => options.borrow().to_core(py),
            Err(_) => Err(PyTypeError::new_err(format!(
                "options must be an AuthorizationUrlOptions, not {}",
                type_name(options)
            ))),
        },
        // The constructor's keyword-only signature is the list of options:
        // an unknown keyword is its TypeError, naming the keyword.
        (None, Some(kwargs)) => py
            .get_type::<AuthorizationUrlOptions>()
            .call((), Some(kwargs))?
            .cast::<AuthorizationUrlOptions>()?
            .borrow()
            .to_core(py),
        (None, None) => Ok(CoreAuthorizationOptions::default()),
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
                let method = method.as_deref().map(str::parse::<TokenEndpointAuthMethod>).transpose()?;
                let client = loginkit::Client::new(&env_url, &client_id)?
                    .with_token_endpoint_auth(client_secret.as_deref(), method)?;
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
            loginkit::catch_panic(|| self.inner.authorization_code_request(&code, &redirect_uri, code_verifier.as_deref())),
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
        let request = core(py, loginkit::catch_panic(|| self.inner.refresh_token_request(&refresh_token, scope.as_deref())))?;
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
            loginkit::catch_panic(|| self.inner.verify_id_token(&id_token, &jwks, nonce.as_deref(), now))
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
                self.inner.exchange_code(&code, &redirect_uri, code_verifier.as_deref(), nonce.as_deref())
            }),
        )?;
        Ok(Exchange { inner: Mutex::new(exchange) })
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
            core(py, loginkit::catch_panic(|| self.inner.exchange_refresh_token(&refresh_token, scope.as_deref())))?;
        Ok(Exchange { inner: Mutex::new(exchange) })
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
        let options = authorization_options(py, options, kwargs)?;
        core(py, loginkit::catch_panic(|| self.inner.authorization_url(&redirect_uri, &options)))
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
        let options = authorization_options(py, options, kwargs)?;
        let login = core(py, loginkit::catch_panic(|| self.inner.start_login(&redirect_uri, &options)))?;
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
        let core_options = match options.filter(|o| !o.is_none()) {
            Some(options) => {
                if [id_token_hint, post_logout_redirect_uri, state].iter().any(Option::is_some) {
                    return Err(PyTypeError::new_err("pass either a LogoutUrlOptions or keyword arguments, not both"));
                }
                let options = options.cast::<LogoutUrlOptions>().map_err(|_| {
                    PyTypeError::new_err(format!("options must be a LogoutUrlOptions, not {}", type_name(options)))
                })?;
                let options = options.borrow();
                let field = |value: &Option<Py<PyAny>>, name: &str| optional_text(value.as_ref().map(|v| v.bind(py)), name);
                CoreLogoutOptions {
                    id_token_hint: field(&options.id_token_hint, "id_token_hint")?,
                    post_logout_redirect_uri: field(&options.post_logout_redirect_uri, "post_logout_redirect_uri")?,
                    state: field(&options.state, "state")?,
                }
            }
            None => CoreLogoutOptions {
                id_token_hint: optional_text(id_token_hint, "id_token_hint")?,
                post_logout_redirect_uri: optional_text(post_logout_redirect_uri, "post_logout_redirect_uri")?,
                state: optional_text(state, "state")?,
            },
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
        let result = core(py, loginkit::catch_panic(|| self.inner.parse_callback(&callback, &expected_state)))?;
        Ok(Callback { code: result.code, state: result.state })
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
    inner: Mutex<loginkit::Exchange>,
}

impl Exchange {
    fn lock(&self) -> std::sync::MutexGuard<'_, loginkit::Exchange> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[pymethods]
impl Exchange {
    /// The first request to send (the token request).
    fn request(&self, py: Python<'_>) -> PyResult<HttpRequest> {
        let request = core(py, loginkit::catch_panic(|| Ok(self.lock().request())))?;
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
        let step = py.detach(|| loginkit::catch_panic(|| self.lock().receive(status, &body, now)));
        match core(py, step)? {
            loginkit::Step::Send(request) => Ok(Py::new(py, HttpRequest { inner: request })?.into_any()),
            loginkit::Step::Done(login) => Ok(Py::new(py, LoginResult::new(py, *login)?)?.into_any()),
        }
    }

    fn __repr__(&self) -> String {
        "Exchange(...)".to_owned()
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
    let tokens = core(py, loginkit::catch_panic(|| loginkit::parse_token_response(status, &body)))?;
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
            let expected = IdTokenExpectations { issuer: &issuer, client_id: &client_id, nonce: nonce.as_deref(), now, leeway };
            loginkit::verify_id_token(&id_token, &jwks, &expected)
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
    core(py, loginkit::catch_panic(|| loginkit::validate_redirect_uri(&uri, environment)))
}

/// Whether `candidate` is allowed by the registered callback URL.
#[pyfunction]
fn redirect_uri_matches(py: Python<'_>, registered: &Bound<'_, PyAny>, candidate: &Bound<'_, PyAny>) -> PyResult<bool> {
    let (registered, candidate) = (text(registered, "registered")?, text(candidate, "candidate")?);
    core(py, loginkit::catch_panic(|| Ok(loginkit::redirect_uri_matches(&registered, &candidate))))
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
    core(py, loginkit::catch_panic(|| loginkit::pkce_challenge(&verifier)))
}

/// Compares states in constant time; an empty expected state never verifies.
#[pyfunction]
fn verify_state(py: Python<'_>, expected: &Bound<'_, PyAny>, received: &Bound<'_, PyAny>) -> PyResult<bool> {
    let (expected, received) = (text(expected, "expected")?, text(received, "received")?);
    core(py, loginkit::catch_panic(|| Ok(loginkit::verify_state(&expected, &received))))
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
