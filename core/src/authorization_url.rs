//! The authorization URL: `{base}/oauth/authorize?…` with every parameter
//! checked, in one fixed order, in one encoding.

use crate::client::Client;
use crate::encoding::QueryWriter;
use crate::error::{quoted, Error, ErrorCode, Result};
use crate::pkce::{code_verifier_from, is_pkce_value, pkce_challenge, CODE_CHALLENGE_METHOD};
use crate::secrets::{fill_random, secret_hex, SECRET_BYTES};

/// The scopes sent when the caller gives none.
pub const DEFAULT_SCOPES: [&str; 3] = ["openid", "profile", "email"];

/// The parameters loginkit writes itself, in the order it writes them.
/// An extra parameter may not reuse one of these names.
pub const BUILT_IN_PARAMETERS: [&str; 15] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "login_hint",
    "domain_hint",
    "domain",
    "connection_id",
    "organization_id",
    "code_challenge",
    "code_challenge_method",
    "provider",
    "prompt",
];

const PROMPT_VALUES: [&str; 5] = ["login", "none", "consent", "select_account", "create"];

/// What to put in an authorization URL besides the redirect URI.
///
/// Every field is optional; `None` and the empty string both mean "not
/// given" and the parameter is left out.
///
/// ```
/// let options = loginkit::AuthorizationUrlOptions {
///     scopes: Some(vec!["openid".into(), "profile".into()]),
///     prompt: Some("create".into()),
///     ..Default::default()
/// };
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizationUrlOptions {
    /// Scopes, joined with spaces in this order. `None` sends
    /// `openid profile email`; an empty list is an error.
    pub scopes: Option<Vec<String>>,
    /// The CSRF `state` the application stored before redirecting.
    pub state: Option<String>,
    /// The OpenID Connect `nonce`.
    pub nonce: Option<String>,
    /// An e-mail address for home-realm discovery (`login_hint`).
    pub login_hint: Option<String>,
    /// A domain for home-realm discovery; sent as `domain_hint` and as
    /// `domain`, the parameter the server routes on.
    pub domain_hint: Option<String>,
    /// Route straight to one connection.
    pub connection_id: Option<String>,
    /// Route straight to one organization's connection.
    pub organization_id: Option<String>,
    /// Route straight to a social provider (`google`, `github`, …).
    pub provider: Option<String>,
    /// OpenID Connect `prompt`: `login`, `none`, `consent`,
    /// `select_account`, `create`, or several separated by single spaces.
    pub prompt: Option<String>,
    /// A PKCE S256 code challenge (43–128 characters).
    pub code_challenge: Option<String>,
    /// The PKCE method; only `S256` is accepted, and it is sent whenever a
    /// challenge is.
    pub code_challenge_method: Option<String>,
    /// Further parameters, appended in this order; names may repeat but
    /// may not be empty or a built-in parameter name.
    pub extra_params: Vec<(String, String)>,
}

/// The borrowed form of [`AuthorizationUrlOptions`]: the same options as
/// references, so that a caller holding its values elsewhere (a request,
/// a native buffer, string constants) builds them without allocating.
/// `S` is the element type of the lists: `&str`, or `String` when the
/// params borrow an [`AuthorizationUrlOptions`].
///
/// [`Client::authorization_url`] and [`Client::start_login`] take either.
///
/// ```
/// let client = loginkit::Client::new("https://acme.scalekit.dev", "skc_1234567890")?;
/// let url = client.authorization_url(
///     "https://yourapp.com/auth/callback",
///     loginkit::AuthorizationParams {
///         scopes: Some(&["openid", "email"]),
///         prompt: Some("create"),
///         ..Default::default()
///     },
/// )?;
/// assert!(url.ends_with("&scope=openid+email&prompt=create"));
/// # Ok::<(), loginkit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthorizationParams<'a, S = &'a str> {
    /// See [`AuthorizationUrlOptions::scopes`].
    pub scopes: Option<&'a [S]>,
    /// See [`AuthorizationUrlOptions::state`].
    pub state: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::nonce`].
    pub nonce: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::login_hint`].
    pub login_hint: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::domain_hint`].
    pub domain_hint: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::connection_id`].
    pub connection_id: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::organization_id`].
    pub organization_id: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::provider`].
    pub provider: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::prompt`].
    pub prompt: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::code_challenge`].
    pub code_challenge: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::code_challenge_method`].
    pub code_challenge_method: Option<&'a str>,
    /// See [`AuthorizationUrlOptions::extra_params`].
    pub extra_params: &'a [(S, S)],
}

impl<S> Default for AuthorizationParams<'_, S> {
    fn default() -> Self {
        AuthorizationParams {
            scopes: None,
            state: None,
            nonce: None,
            login_hint: None,
            domain_hint: None,
            connection_id: None,
            organization_id: None,
            provider: None,
            prompt: None,
            code_challenge: None,
            code_challenge_method: None,
            extra_params: &[],
        }
    }
}

/// Calls the macro `$callback` with `$before` followed by the names of the
/// string options of an authorization URL (every option but `scopes` and
/// `extra_params`), in the order the bindings carry them. The list is
/// written here only; the bindings generate their readers from it, and
/// each use builds an [`AuthorizationParams`] without `..`, so an option
/// added to the core does not compile anywhere until this list has it.
///
/// ```
/// macro_rules! names {
///     ($($name:ident),*) => { [$(stringify!($name)),*] };
/// }
/// let names = loginkit::string_options!(names {});
/// assert_eq!(names[0], "state");
/// assert_eq!(names.len(), 10);
/// ```
#[macro_export]
macro_rules! string_options {
    ($callback:ident { $($before:tt)* }) => {
        $callback! {
            $($before)* state, nonce, login_hint, domain_hint, connection_id, organization_id, provider, prompt,
            code_challenge, code_challenge_method
        }
    };
}

macro_rules! params_from_options {
    ($($name:ident),*) => {
        impl<'a> From<&'a AuthorizationUrlOptions> for AuthorizationParams<'a, String> {
            fn from(options: &'a AuthorizationUrlOptions) -> Self {
                // Destructured without `..`: a new option does not compile
                // until the list in `string_options!` carries it.
                let AuthorizationUrlOptions { scopes, extra_params, $($name),* } = options;
                AuthorizationParams { scopes: scopes.as_deref(), extra_params, $($name: $name.as_deref()),* }
            }
        }
    };
}

string_options!(params_from_options {});

/// What [`Client::start_login`] hands back: the URL to redirect to and
/// the secrets to keep until the callback.
#[derive(Clone, PartialEq, Eq)]
pub struct LoginStart {
    /// The authorization URL.
    pub url: String,
    /// The `state` in the URL; check the callback against it.
    pub state: String,
    /// The `nonce` in the URL; check the ID token against it.
    pub nonce: String,
    /// The PKCE code verifier; send it with the code exchange.
    pub code_verifier: String,
}

impl std::fmt::Debug for LoginStart {
    /// The code verifier is a secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginStart")
            .field("url", &self.url)
            .field("state", &self.state)
            .field("nonce", &self.nonce)
            .field("code_verifier", &"<redacted>")
            .finish()
    }
}

fn given(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

impl Client {
    /// Builds the authorization URL that starts a login.
    ///
    /// The checks run in this order and the first failure reports:
    /// redirect URI, scopes, prompt, provider, PKCE, extra parameters.
    ///
    /// ```
    /// let client = loginkit::Client::new("https://acme.scalekit.dev", "skc_1234567890")?;
    /// let url = client.authorization_url(
    ///     "https://yourapp.com/auth/callback",
    ///     &loginkit::AuthorizationUrlOptions {
    ///         scopes: Some(["openid", "profile", "email", "offline_access"].map(String::from).to_vec()),
    ///         state: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
    ///         ..Default::default()
    ///     },
    /// )?;
    /// assert_eq!(
    ///     url,
    ///     "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890\
    ///      &redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback\
    ///      &scope=openid+profile+email+offline_access\
    ///      &state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    /// );
    /// # Ok::<(), loginkit::Error>(())
    /// ```
    pub fn authorization_url<'a, S: AsRef<str> + 'a>(
        &self,
        redirect_uri: &str,
        options: impl Into<AuthorizationParams<'a, S>>,
    ) -> Result<String> {
        self.build_authorization_url(redirect_uri, &options.into(), None)
    }

    /// Starts a login the safe way: generates the `state` and `nonce` the
    /// options leave out and a PKCE code verifier, derives its S256
    /// challenge, and builds the authorization URL.
    ///
    /// A `code_challenge` in the options is [`ErrorCode::InvalidCodeChallenge`]:
    /// the challenge must come from the verifier generated here.
    ///
    /// ```
    /// let client = loginkit::Client::new("https://acme.scalekit.dev", "skc_1234567890")?;
    /// let login = client.start_login("https://yourapp.com/auth/callback", &Default::default())?;
    /// assert!(login.url.contains(&format!("state={}", login.state)));
    /// assert!(login.url.contains("code_challenge_method=S256"));
    /// # Ok::<(), loginkit::Error>(())
    /// ```
    pub fn start_login<'a, S: AsRef<str> + 'a>(
        &self,
        redirect_uri: &str,
        options: impl Into<AuthorizationParams<'a, S>>,
    ) -> Result<LoginStart> {
        let options = options.into();
        // One read of the OS generator for all three secrets: each read is
        // a system call, which cost more than the rest of the login start.
        let mut entropy = [[0u8; SECRET_BYTES]; 3];
        fill_random(entropy.as_flattened_mut())?;
        let [state_bytes, nonce_bytes, verifier_bytes] = &entropy;
        let state = given(options.state).map_or_else(|| secret_hex(state_bytes), str::to_owned);
        let nonce = given(options.nonce).map_or_else(|| secret_hex(nonce_bytes), str::to_owned);
        let code_verifier = code_verifier_from(verifier_bytes);
        let challenge = pkce_challenge(&code_verifier)?;
        let options = AuthorizationParams { state: Some(&state), nonce: Some(&nonce), ..options };
        let url = self.build_authorization_url(redirect_uri, &options, Some(&challenge))?;
        Ok(LoginStart { url, state, nonce, code_verifier })
    }

    /// `generated_challenge` is set by `start_login`, which owns PKCE: a
    /// caller-supplied challenge is then refused at the PKCE step.
    fn build_authorization_url<S: AsRef<str>>(
        &self,
        redirect_uri: &str,
        options: &AuthorizationParams<'_, S>,
        generated_challenge: Option<&str>,
    ) -> Result<String> {
        self.check_redirect_uri(redirect_uri)?;
        let scopes = check_scopes(options.scopes)?;
        let prompt = given(options.prompt);
        if let Some(prompt) = prompt {
            check_prompt(prompt)?;
        }
        let provider = given(options.provider);
        if let Some(provider) = provider {
            check_provider(provider)?;
        }
        let (code_challenge, code_challenge_method) = pkce_parameters(options, generated_challenge)?;
        for (name, _) in options.extra_params {
            check_extra_parameter_name(name.as_ref())?;
        }

        // The order of BUILT_IN_PARAMETERS; one allocation, sized for the
        // common case (values mostly unreserved, a third more for escapes).
        let text = |value: Option<&str>| value.map_or(0, |v| v.len() + v.len() / 3 + 20);
        let domain_hint = given(options.domain_hint);
        let capacity = self.base_url().len()
            + 64
            + text(Some(self.client_id()))
            + text(Some(redirect_uri)) * 2
            + scopes.map_or(DEFAULT_SCOPE.len(), |s| s.iter().map(|s| s.as_ref().len() + 1).sum())
            + [options.state, options.nonce, options.login_hint, domain_hint, domain_hint, options.connection_id, options.organization_id]
                .into_iter()
                .map(text)
                .sum::<usize>()
            + code_challenge.len()
            + 64;
        let mut url = QueryWriter::new(self.base_url(), "/oauth/authorize", capacity);
        url.param("response_type", "code");
        url.param("client_id", self.client_id());
        url.param("redirect_uri", redirect_uri);
        match scopes {
            Some(scopes) => url.words("scope", scopes),
            None => url.param("scope", DEFAULT_SCOPE),
        }
        url.param("state", given(options.state).unwrap_or(""));
        url.param("nonce", given(options.nonce).unwrap_or(""));
        url.param("login_hint", given(options.login_hint).unwrap_or(""));
        url.param("domain_hint", domain_hint.unwrap_or(""));
        url.param("domain", domain_hint.unwrap_or(""));
        url.param("connection_id", given(options.connection_id).unwrap_or(""));
        url.param("organization_id", given(options.organization_id).unwrap_or(""));
        url.param("code_challenge", code_challenge);
        url.param("code_challenge_method", code_challenge_method);
        url.param("provider", provider.unwrap_or(""));
        url.param("prompt", prompt.unwrap_or(""));
        for (name, value) in options.extra_params.iter().filter(|(_, value)| !value.as_ref().is_empty()) {
            url.encoded_pair(name.as_ref(), value.as_ref());
        }
        Ok(url.finish())
    }
}

/// [`DEFAULT_SCOPES`] as sent.
const DEFAULT_SCOPE: &str = "openid profile email";

/// The given scopes after checking each, or `None` for the default.
fn check_scopes<S: AsRef<str>>(scopes: Option<&[S]>) -> Result<Option<&[S]>> {
    let Some(scopes) = scopes else {
        return Ok(None);
    };
    if scopes.is_empty() {
        return Err(Error::new(ErrorCode::InvalidScopes, "the scope list is empty; give at least one scope or none at all"));
    }
    for scope in scopes {
        let scope = scope.as_ref();
        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        let is_token = !scope.is_empty()
            && scope.bytes().all(|b| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e));
        if !is_token {
            return Err(Error::new(
                ErrorCode::InvalidScopes,
                format!(
                    "scope {} is not a scope token: one or more printable ASCII characters without space, '\"' or '\\' (RFC 6749 §3.3)",
                    quoted(scope)
                ),
            ));
        }
    }
    Ok(Some(scopes))
}

fn check_prompt(prompt: &str) -> Result<()> {
    let values: Vec<&str> = prompt.split(' ').collect();
    let each_known = values.iter().all(|v| PROMPT_VALUES.contains(v));
    let no_repeats = values.iter().enumerate().all(|(i, v)| !values.iter().take(i).any(|earlier| earlier == v));
    let none_alone = values.len() == 1 || !values.contains(&"none");
    if each_known && no_repeats && none_alone {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidPrompt,
        format!(
            "prompt {} must be one of login, none, consent, select_account, create, or several of them separated by single spaces with none standing alone",
            quoted(prompt)
        ),
    ))
}

fn check_provider(provider: &str) -> Result<()> {
    if provider.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidProvider,
        format!("provider {} must be lower-case letters, digits, '_' or '-' (e.g. \"google\")", quoted(provider)),
    ))
}

fn pkce_parameters<'a, S>(
    options: &AuthorizationParams<'a, S>,
    generated_challenge: Option<&'a str>,
) -> Result<(&'a str, &'a str)> {
    let challenge = given(options.code_challenge);
    let method = given(options.code_challenge_method);
    if let (Some(challenge), Some(_)) = (challenge, generated_challenge) {
        return Err(Error::new(
            ErrorCode::InvalidCodeChallenge,
            format!(
                "code challenge {} was given to start_login, which derives the challenge from the verifier it generates",
                quoted(challenge)
            ),
        ));
    }
    if let Some(challenge) = challenge {
        if !is_pkce_value(challenge) {
            return Err(Error::new(
                ErrorCode::InvalidCodeChallenge,
                format!("code challenge {} must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.2)", quoted(challenge)),
            ));
        }
    }
    if let Some(method) = method {
        if method != CODE_CHALLENGE_METHOD {
            return Err(Error::new(
                ErrorCode::UnsupportedCodeChallengeMethod,
                format!("code challenge method {} is not supported; only \"S256\" is (OAuth 2.0 Security BCP)", quoted(method)),
            ));
        }
    }
    match challenge.or(generated_challenge) {
        Some(challenge) => Ok((challenge, CODE_CHALLENGE_METHOD)),
        None if method.is_some() => Err(Error::new(
            ErrorCode::InvalidCodeChallenge,
            "a code challenge method was given without a code challenge",
        )),
        None => Ok(("", "")),
    }
}

fn check_extra_parameter_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::new(ErrorCode::InvalidExtraParameter, "an extra parameter has an empty name"));
    }
    if BUILT_IN_PARAMETERS.contains(&name) {
        return Err(Error::new(
            ErrorCode::InvalidExtraParameter,
            format!("extra parameter {} is a built-in parameter; set it through its own option", quoted(name)),
        ));
    }
    Ok(())
}
