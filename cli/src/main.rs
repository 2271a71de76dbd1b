//! `loginkit`: the core's operations from the command line.
//!
//! Results go to stdout; a failure prints `error[<code>]: <message>` to
//! stderr and exits with status 1, so scripts can branch on the code.

use clap::{Args, Parser, Subcommand};
use loginkit::{AuthorizationUrlOptions, Client, Environment, LogoutUrlOptions};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "loginkit", version, about = "Build OAuth 2.0 / OpenID Connect login URLs the one canonical way")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the authorization URL that starts a login.
    AuthorizeUrl(AuthorizeUrl),
    /// Generate state, nonce and a PKCE verifier, and print the URL and the secrets.
    StartLogin(AuthorizeUrl),
    /// Print the logout URL.
    LogoutUrl(LogoutUrl),
    /// Check a callback URL against the registration rules.
    ValidateRedirectUri {
        /// The callback URL to register.
        uri: String,
        /// `development` or `production`.
        #[arg(long, default_value = "production")]
        environment: Environment,
    },
    /// Tell whether a redirect URI is allowed by a registered callback URL.
    RedirectUriMatches {
        /// The registered callback URL (may hold a wildcard).
        registered: String,
        /// The concrete redirect URI.
        candidate: String,
    },
    /// Check a callback and print its code and state.
    ParseCallback {
        #[command(flatten)]
        client: ClientArgs,
        /// The state stored when the login started.
        #[arg(long)]
        expected_state: String,
        /// The callback URL, request target or query string.
        callback: String,
    },
    /// Print a PKCE code verifier (generated unless given) and its S256 challenge.
    Pkce {
        /// Use this verifier instead of generating one.
        #[arg(long)]
        verifier: Option<String>,
    },
}

#[derive(Args)]
struct ClientArgs {
    /// The environment URL, e.g. https://acme.scalekit.dev.
    #[arg(long)]
    env_url: String,
    /// The application's client id.
    #[arg(long)]
    client_id: String,
}

impl ClientArgs {
    fn client(&self) -> loginkit::Result<Client> {
        Client::new(&self.env_url, &self.client_id)
    }
}

#[derive(Args)]
struct AuthorizeUrl {
    #[command(flatten)]
    client: ClientArgs,
    /// The concrete callback URL.
    #[arg(long)]
    redirect_uri: String,
    /// A scope; repeat for several (default: openid profile email).
    #[arg(long = "scope")]
    scopes: Vec<String>,
    /// The state to send.
    #[arg(long, conflicts_with = "generate_state")]
    state: Option<String>,
    /// Generate the state and print it after the URL.
    #[arg(long)]
    generate_state: bool,
    #[arg(long)]
    nonce: Option<String>,
    #[arg(long)]
    login_hint: Option<String>,
    #[arg(long)]
    domain_hint: Option<String>,
    #[arg(long)]
    connection_id: Option<String>,
    #[arg(long)]
    organization_id: Option<String>,
    #[arg(long)]
    provider: Option<String>,
    /// login, none, consent, select_account or create.
    #[arg(long)]
    prompt: Option<String>,
    #[arg(long)]
    code_challenge: Option<String>,
    #[arg(long)]
    code_challenge_method: Option<String>,
    /// An extra parameter as NAME=VALUE; repeat for several.
    #[arg(long = "param", value_parser = parse_pair)]
    extra_params: Vec<(String, String)>,
}

impl AuthorizeUrl {
    fn options(&self, state: Option<String>) -> AuthorizationUrlOptions {
        AuthorizationUrlOptions {
            scopes: (!self.scopes.is_empty()).then(|| self.scopes.clone()),
            state,
            nonce: self.nonce.clone(),
            login_hint: self.login_hint.clone(),
            domain_hint: self.domain_hint.clone(),
            connection_id: self.connection_id.clone(),
            organization_id: self.organization_id.clone(),
            provider: self.provider.clone(),
            prompt: self.prompt.clone(),
            code_challenge: self.code_challenge.clone(),
            code_challenge_method: self.code_challenge_method.clone(),
            extra_params: self.extra_params.clone(),
        }
    }
}

#[derive(Args)]
struct LogoutUrl {
    #[command(flatten)]
    client: ClientArgs,
    #[arg(long)]
    id_token_hint: Option<String>,
    #[arg(long)]
    post_logout_redirect_uri: Option<String>,
    #[arg(long)]
    state: Option<String>,
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .ok_or_else(|| format!("{text:?} is not NAME=VALUE"))
}

fn run(command: Command) -> loginkit::Result<()> {
    match command {
        Command::AuthorizeUrl(args) => {
            let client = args.client.client()?;
            let state = if args.generate_state { Some(loginkit::generate_state()?) } else { args.state.clone() };
            println!("{}", client.authorization_url(&args.redirect_uri, &args.options(state.clone()))?);
            if args.generate_state {
                println!("state={}", state.unwrap_or_default());
            }
        }
        Command::StartLogin(args) => {
            let client = args.client.client()?;
            let login = client.start_login(&args.redirect_uri, &args.options(args.state.clone()))?;
            println!("{}", login.url);
            println!("state={}", login.state);
            println!("nonce={}", login.nonce);
            println!("code_verifier={}", login.code_verifier);
        }
        Command::LogoutUrl(args) => {
            let client = args.client.client()?;
            let options = LogoutUrlOptions {
                id_token_hint: args.id_token_hint,
                post_logout_redirect_uri: args.post_logout_redirect_uri,
                state: args.state,
            };
            println!("{}", client.logout_url(&options)?);
        }
        Command::ValidateRedirectUri { uri, environment } => {
            loginkit::validate_redirect_uri(&uri, environment)?;
            println!("valid");
        }
        Command::RedirectUriMatches { registered, candidate } => {
            let matches = loginkit::redirect_uri_matches(&registered, &candidate);
            println!("{}", if matches { "matches" } else { "does not match" });
            if !matches {
                std::process::exit(1);
            }
        }
        Command::ParseCallback { client, expected_state, callback } => {
            let callback = client.client()?.parse_callback(&callback, &expected_state)?;
            println!("code={}", callback.code);
            println!("state={}", callback.state);
        }
        Command::Pkce { verifier } => {
            let verifier = match verifier {
                Some(verifier) => verifier,
                None => loginkit::generate_code_verifier()?,
            };
            let challenge = loginkit::pkce_challenge(&verifier)?;
            println!("code_verifier={verifier}");
            println!("code_challenge={challenge}");
            println!("code_challenge_method={}", loginkit::CODE_CHALLENGE_METHOD);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error[{}]: {}", err.code(), err.message());
            if let Some(oauth) = err.oauth_error() {
                eprintln!("  error={}", oauth.error);
                if let Some(uri) = &oauth.error_uri {
                    eprintln!("  error_uri={uri}");
                }
            }
            ExitCode::FAILURE
        }
    }
}
