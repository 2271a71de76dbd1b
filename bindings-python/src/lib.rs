//! The Python binding of loginkit.
//!
//! It converts Python values to the core's types and the core's errors to
//! Python exceptions, and does nothing else. Arguments are checked here
//! only for their *type*: a wrong type is a `TypeError` naming the
//! argument (`scopes="openid profile"` is refused, not split into
//! characters), and a `str` that is not valid Unicode (a lone surrogate)
//! is `LoginKitError` with code `invalid_string` instead of being replaced.

use loginkit::{AuthorizationUrlOptions as CoreAuthorizationOptions, Environment, LogoutUrlOptions as CoreLogoutOptions};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

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
    "The authorization server refused the login (code `authorization_error`). `error`, `error_description` and `error_uri` are what it sent (None when not sent)."
);

/// Raises the core error as `LoginKitError` (or `AuthorizationError`)
/// with `.code` set, and the server's details for a refusal.
fn to_py_err(py: Python<'_>, err: loginkit::Error) -> PyErr {
    let message = err.message().to_owned();
    let py_err = match err.oauth_error() {
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
/// call; a client holds no global state and may be shared between threads.
#[pyclass(module = "loginkit", frozen)]
pub struct Client {
    inner: loginkit::Client,
}

#[pymethods]
impl Client {
    #[new]
    fn new(py: Python<'_>, env_url: &Bound<'_, PyAny>, client_id: &Bound<'_, PyAny>) -> PyResult<Self> {
        let env_url = text(env_url, "env_url")?;
        let client_id = text(client_id, "client_id")?;
        Ok(Client { inner: core(py, loginkit::Client::new(&env_url, &client_id))? })
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
        format!("Client(env_url={:?}, client_id={:?})", self.inner.base_url(), self.inner.client_id())
    }
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
    m.add_class::<Client>()?;
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
