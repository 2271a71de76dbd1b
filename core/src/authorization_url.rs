//! The authorization URL: `{base}/oauth/authorize?…` with every parameter
//! checked, in one fixed order, in one encoding.

use crate::client::Client;
use crate::encoding::build_url;
use crate::error::{quoted, Error, ErrorCode, Result};
use crate::pkce::{is_pkce_value, pkce_challenge, generate_code_verifier, CODE_CHALLENGE_METHOD};
use crate::redirect::check_concrete_redirect_uri;
use crate::secrets::{generate_nonce, generate_state};

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

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
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
    pub fn authorization_url(&self, redirect_uri: &str, options: &AuthorizationUrlOptions) -> Result<String> {
        self.build_authorization_url(redirect_uri, options, None)
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
    pub fn start_login(&self, redirect_uri: &str, options: &AuthorizationUrlOptions) -> Result<LoginStart> {
        let state = match given(&options.state) {
            Some(state) => state.to_owned(),
            None => generate_state()?,
        };
        let nonce = match given(&options.nonce) {
            Some(nonce) => nonce.to_owned(),
            None => generate_nonce()?,
        };
        let code_verifier = generate_code_verifier()?;
        let challenge = pkce_challenge(&code_verifier)?;
        let options = AuthorizationUrlOptions {
            state: Some(state.clone()),
            nonce: Some(nonce.clone()),
            ..options.clone()
        };
        let url = self.build_authorization_url(redirect_uri, &options, Some(&challenge))?;
        Ok(LoginStart { url, state, nonce, code_verifier })
    }

    /// `generated_challenge` is set by `start_login`, which owns PKCE: a
    /// caller-supplied challenge is then refused at the PKCE step.
    fn build_authorization_url(
        &self,
        redirect_uri: &str,
        options: &AuthorizationUrlOptions,
        generated_challenge: Option<&str>,
    ) -> Result<String> {
        check_concrete_redirect_uri(redirect_uri)?;
        let scope = scope_parameter(options.scopes.as_deref())?;
        let prompt = given(&options.prompt);
        if let Some(prompt) = prompt {
            check_prompt(prompt)?;
        }
        let provider = given(&options.provider);
        if let Some(provider) = provider {
            check_provider(provider)?;
        }
        let (code_challenge, code_challenge_method) = pkce_parameters(options, generated_challenge)?;
        for (name, _) in &options.extra_params {
            check_extra_parameter_name(name)?;
        }

        let domain_hint = given(&options.domain_hint).unwrap_or("");
        let fixed: [(&str, &str); 15] = [
            ("response_type", "code"),
            ("client_id", self.client_id()),
            ("redirect_uri", redirect_uri),
            ("scope", &scope),
            ("state", given(&options.state).unwrap_or("")),
            ("nonce", given(&options.nonce).unwrap_or("")),
            ("login_hint", given(&options.login_hint).unwrap_or("")),
            ("domain_hint", domain_hint),
            ("domain", domain_hint),
            ("connection_id", given(&options.connection_id).unwrap_or("")),
            ("organization_id", given(&options.organization_id).unwrap_or("")),
            ("code_challenge", code_challenge),
            ("code_challenge_method", code_challenge_method),
            ("provider", provider.unwrap_or("")),
            ("prompt", prompt.unwrap_or("")),
        ];
        let extra = options.extra_params.iter().map(|(name, value)| (name.as_str(), value.as_str()));
        let hint: usize = fixed.iter().map(|(n, v)| n.len() + v.len() * 3 / 2 + 2).sum();
        Ok(build_url(self.base_url(), "/oauth/authorize", fixed.into_iter().chain(extra), hint))
    }
}

fn scope_parameter(scopes: Option<&[String]>) -> Result<String> {
    let Some(scopes) = scopes else {
        return Ok(DEFAULT_SCOPES.join(" "));
    };
    if scopes.is_empty() {
        return Err(Error::new(ErrorCode::InvalidScopes, "the scope list is empty; give at least one scope or none at all"));
    }
    for scope in scopes {
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
    Ok(scopes.join(" "))
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

fn pkce_parameters<'a>(
    options: &'a AuthorizationUrlOptions,
    generated_challenge: Option<&'a str>,
) -> Result<(&'a str, &'a str)> {
    let challenge = given(&options.code_challenge);
    let method = given(&options.code_challenge_method);
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
