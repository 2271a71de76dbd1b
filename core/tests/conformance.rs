//! The Rust conformance runner: every case of `conformance/cases/` (or of
//! the file or folder in `CONFORMANCE_CASES`) through the public API.
//!
//! Results are written in the shape of each case's `expect`, so the
//! parity run can compare this runner's `CONFORMANCE_OUT` byte for byte
//! with every other language's. Case ids listed in
//! `conformance/expected-failures/rust.txt` must fail; one that passes
//! fails the run, so the list cannot go stale.

use loginkit::{CookieOptions, TransactionKeys, IdTokenExpectations, TokenEndpointAuthMethod, AuthorizationUrlOptions, Client, Environment, LogoutUrlOptions};
use regex::Regex;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[allow(dead_code)]
    suite: String,
    #[allow(dead_code)]
    description: Option<String>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    op: String,
    #[allow(dead_code)]
    source: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    input: Value,
    expect: Value,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AuthorizationOptionsInput {
    scopes: Option<Vec<String>>,
    state: Option<String>,
    nonce: Option<String>,
    login_hint: Option<String>,
    domain_hint: Option<String>,
    connection_id: Option<String>,
    organization_id: Option<String>,
    provider: Option<String>,
    prompt: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    extra_params: Option<Vec<(String, String)>>,
}

impl From<AuthorizationOptionsInput> for AuthorizationUrlOptions {
    fn from(input: AuthorizationOptionsInput) -> Self {
        AuthorizationUrlOptions {
            scopes: input.scopes,
            state: input.state,
            nonce: input.nonce,
            login_hint: input.login_hint,
            domain_hint: input.domain_hint,
            connection_id: input.connection_id,
            organization_id: input.organization_id,
            provider: input.provider,
            prompt: input.prompt,
            code_challenge: input.code_challenge,
            code_challenge_method: input.code_challenge_method,
            extra_params: input.extra_params.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorizationInput {
    env_url: String,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    options: Option<AuthorizationOptionsInput>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LogoutOptionsInput {
    id_token_hint: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LogoutInput {
    env_url: String,
    client_id: Option<String>,
    options: Option<LogoutOptionsInput>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateInput {
    uri: String,
    environment: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchesInput {
    registered: String,
    candidate: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PkceInput {
    code_verifier: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallbackInput {
    env_url: String,
    client_id: Option<String>,
    callback: String,
    expected_state: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GenerateInput {
    what: String,
    count: usize,
}

/// A failure in the shape of `expect`.
fn error_result(err: &loginkit::Error) -> Value {
    let mut result = Map::new();
    result.insert("error".into(), json!(err.code().as_str()));
    if let Some(oauth) = err.oauth_error() {
        result.insert("oauth_error".into(), json!(oauth.error));
        if let Some(description) = &oauth.error_description {
            result.insert("error_description".into(), json!(description));
        }
        if let Some(uri) = &oauth.error_uri {
            result.insert("error_uri".into(), json!(uri));
        }
    }
    Value::Object(result)
}

fn result_of(outcome: loginkit::Result<Value>) -> Value {
    outcome.unwrap_or_else(|err| error_result(&err))
}

fn input<T: for<'de> Deserialize<'de>>(case: &Case) -> T {
    serde_json::from_value(case.input.clone())
        .unwrap_or_else(|err| panic!("case {}: malformed input for op {}: {err}", case.id, case.op))
}

fn run_case(case: &Case) -> Value {
    match case.op.as_str() {
        "authorization_url" => {
            let input: AuthorizationInput = input(case);
            result_of(Client::new(&input.env_url, input.client_id.as_deref().unwrap_or("")).and_then(|client| {
                let options = input.options.unwrap_or_default().into();
                Ok(json!({ "url": client.authorization_url(input.redirect_uri.as_deref().unwrap_or(""), &options)? }))
            }))
        }
        "logout_url" => {
            let input: LogoutInput = input(case);
            result_of(Client::new(&input.env_url, input.client_id.as_deref().unwrap_or("")).and_then(|client| {
                let options = input.options.unwrap_or_default();
                let options = LogoutUrlOptions {
                    id_token_hint: options.id_token_hint,
                    post_logout_redirect_uri: options.post_logout_redirect_uri,
                    state: options.state,
                };
                Ok(json!({ "url": client.logout_url(&options)? }))
            }))
        }
        "validate_redirect_uri" => {
            let input: ValidateInput = input(case);
            result_of(input.environment.parse::<Environment>().and_then(|environment| {
                loginkit::validate_redirect_uri(&input.uri, environment)?;
                Ok(json!({ "valid": true }))
            }))
        }
        "redirect_uri_matches" => {
            let input: MatchesInput = input(case);
            json!({ "matches": loginkit::redirect_uri_matches(&input.registered, &input.candidate) })
        }
        "pkce_challenge" => {
            let input: PkceInput = input(case);
            result_of(loginkit::pkce_challenge(&input.code_verifier).map(|c| json!({ "code_challenge": c })))
        }
        "parse_callback" => {
            let input: CallbackInput = input(case);
            result_of(Client::new(&input.env_url, input.client_id.as_deref().unwrap_or("")).and_then(|client| {
                let callback = client.parse_callback(&input.callback, &input.expected_state)?;
                Ok(json!({ "code": callback.code, "state": callback.state }))
            }))
        }
        "generate" => {
            let input: GenerateInput = input(case);
            let generate: fn() -> loginkit::Result<String> = match input.what.as_str() {
                "state" => loginkit::generate_state,
                "nonce" => loginkit::generate_nonce,
                "code_verifier" => loginkit::generate_code_verifier,
                other => panic!("case {}: unknown generate target {other:?}", case.id),
            };
            let pattern = case.expect["pattern"].as_str().unwrap_or_default();
            result_of((|| {
                let values = (0..input.count).map(|_| generate()).collect::<loginkit::Result<Vec<_>>>()?;
                Ok(generated_property(pattern, &values))
            })())
        }
        "start_login" => {
            let input: AuthorizationInput = input(case);
            result_of(Client::new(&input.env_url, input.client_id.as_deref().unwrap_or("")).and_then(|client| {
                let options: AuthorizationUrlOptions = input.options.unwrap_or_default().into();
                let login = client.start_login(input.redirect_uri.as_deref().unwrap_or(""), &options)?;
                Ok(json!({ "consistent": start_login_is_consistent(&client, input.redirect_uri.as_deref().unwrap_or(""), &options, &login) }))
            }))
        }
        "token_request" => {
            let input: TokenRequestInput = input(case);
            result_of((|| {
                let client = token_client(&input.env_url, &input.client_id, input.client_secret.as_deref(), input.auth_method.as_deref())?;
                let request = match input.grant {
                    GrantInput::AuthorizationCode { code, redirect_uri, code_verifier } => {
                        client.authorization_code_request(&code, &redirect_uri, code_verifier.as_deref())?
                    }
                    GrantInput::RefreshToken { refresh_token, scope } => {
                        client.refresh_token_request(&refresh_token, scope.as_deref())?
                    }
                };
                Ok(request_json(&request))
            })())
        }
        "parse_token_response" => {
            let input: TokenResponseInput = input(case);
            result_of(loginkit::parse_token_response(input.status, &input.body).map(|t| json!({ "tokens": tokens_json(&t) })))
        }
        "finish_login" => {
            let input: FinishLoginInput = input(case);
            result_of((|| {
                let keys = TransactionKeys::new(&input.keys)?;
                let client = Client::new(&input.env_url, &input.client_id)?;
                let options = CookieOptions { ttl: input.ttl.unwrap_or(loginkit::DEFAULT_TRANSACTION_TTL), ..CookieOptions::default() };
                let done = client.finish_login(&input.callback, &input.cookie_header, &keys, &options, input.now)?;
                Ok(json!({
                    "code": done.code,
                    "transaction": transaction_json(&done.transaction),
                    "clear_cookie": done.clear_cookie,
                }))
            })())
        }
        "seal_transaction" => {
            let input: SealInput = input(case);
            result_of((|| {
                let keys = TransactionKeys::new(&input.keys)?;
                let sealed = keys.seal(&input.transaction.clone().into())?;
                record_sealed(&case.id, &sealed);
                Ok(json!({ "opened": transaction_json(&keys.open(&sealed)?) }))
            })())
        }
        "open_transaction" => {
            let input: OpenInput = input(case);
            result_of((|| {
                let keys = TransactionKeys::new(&input.keys)?;
                Ok(json!({ "transaction": transaction_json(&keys.open(&input.sealed)?) }))
            })())
        }
        "validate_return_to" => {
            let input: ReturnToInput = input(case);
            result_of(loginkit::validate_return_to(&input.return_to).map(|()| json!({ "valid": true })))
        }
        "transaction_cookie" => {
            let input: TransactionCookieInput = input(case);
            let defaults = CookieOptions::default();
            let options = CookieOptions {
                path: input.path.unwrap_or(defaults.path),
                secure: input.secure.unwrap_or(defaults.secure),
                ttl: input.ttl.unwrap_or(defaults.ttl),
            };
            let name = loginkit::transaction_cookie_name(&input.state);
            json!({
                "cookie_name": name,
                "set_cookie": options.set_cookie(&name, &input.cookie_value),
                "clear_cookie": options.clear_cookie(&name),
            })
        }
        "exchange" => {
            let input: ExchangeInput = input(case);
            let client = match token_client(&input.env_url, &input.client_id, input.client_secret.as_deref(), input.auth_method.as_deref()) {
                Ok(client) => client.with_jwks_refetch_interval(input.jwks_refetch_interval.unwrap_or(loginkit::DEFAULT_JWKS_REFETCH_INTERVAL)),
                Err(err) => {
                    let mut entry = error_result(&err);
                    entry["requests"] = json!([]);
                    return json!({ "exchanges": [entry] });
                }
            };
            let entries: Vec<Value> = input.exchanges.iter().map(|exchange| run_exchange(&client, exchange)).collect();
            json!({ "exchanges": entries })
        }
        "verify_id_token" => {
            let input: IdTokenInput = input(case);
            let expected = IdTokenExpectations {
                issuer: &input.issuer,
                client_id: &input.client_id,
                nonce: input.nonce.as_deref(),
                now: input.now,
                leeway: input.leeway,
            };
            result_of(
                loginkit::verify_id_token(&input.id_token, &input.jwks, &expected)
                    .map(|claims| json!({ "claims": Value::Object(claims.as_map().clone()) })),
            )
        }
        other => panic!("case {}: unknown op {other:?}", case.id),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequestInput {
    env_url: String,
    client_id: String,
    client_secret: Option<String>,
    auth_method: Option<String>,
    grant: GrantInput,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum GrantInput {
    AuthorizationCode { code: String, redirect_uri: String, code_verifier: Option<String> },
    RefreshToken { refresh_token: String, scope: Option<String> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FinishLoginInput {
    env_url: String,
    client_id: String,
    callback: String,
    cookie_header: String,
    keys: Vec<String>,
    ttl: Option<u64>,
    now: i64,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct TransactionInput {
    state: String,
    nonce: String,
    code_verifier: String,
    redirect_uri: String,
    return_to: Option<String>,
    issued_at: i64,
}

impl From<TransactionInput> for loginkit::LoginTransaction {
    fn from(t: TransactionInput) -> Self {
        loginkit::LoginTransaction {
            state: t.state,
            nonce: t.nonce,
            code_verifier: t.code_verifier,
            redirect_uri: t.redirect_uri,
            return_to: t.return_to,
            issued_at: t.issued_at,
        }
    }
}

fn transaction_json(t: &loginkit::LoginTransaction) -> Value {
    json!({
        "state": t.state, "nonce": t.nonce, "code_verifier": t.code_verifier,
        "redirect_uri": t.redirect_uri, "return_to": t.return_to, "issued_at": t.issued_at,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SealInput {
    keys: Vec<String>,
    transaction: TransactionInput,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenInput {
    keys: Vec<String>,
    sealed: String,
}

/// Adds a sealed value to CONFORMANCE_SEALED_OUT (`{case id: value}`), for
/// the parity run's cross-language round trip.
fn record_sealed(id: &str, sealed: &str) {
    let Some(path) = std::env::var_os("CONFORMANCE_SEALED_OUT") else { return };
    let mut all: Map<String, Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    all.insert(id.to_owned(), json!(sealed));
    std::fs::write(&path, Value::Object(all).to_string()).expect("the sealed-values file is writable");
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReturnToInput {
    return_to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransactionCookieInput {
    state: String,
    cookie_value: String,
    path: Option<String>,
    secure: Option<bool>,
    ttl: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExchangeInput {
    env_url: String,
    client_id: String,
    client_secret: Option<String>,
    auth_method: Option<String>,
    jwks_refetch_interval: Option<u64>,
    exchanges: Vec<OneExchange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneExchange {
    grant: GrantInput,
    nonce: Option<String>,
    now: i64,
    responses: Vec<TokenResponseInput>,
}

fn token_client(env_url: &str, client_id: &str, secret: Option<&str>, method: Option<&str>) -> loginkit::Result<Client> {
    let method = method.map(str::parse::<TokenEndpointAuthMethod>).transpose()?;
    Client::new(env_url, client_id)?.with_token_endpoint_auth(secret, method)
}

fn request_json(request: &loginkit::HttpRequest) -> Value {
    json!({
        "method": request.method,
        "url": request.url,
        "headers": request.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
        "body": request.body,
    })
}

fn tokens_json(t: &loginkit::TokenResponse) -> Value {
    json!({
        "access_token": t.access_token, "token_type": t.token_type, "expires_in": t.expires_in,
        "refresh_token": t.refresh_token, "id_token": t.id_token, "scope": t.scope,
    })
}

/// One exchange driven the way every binding drives it: send, receive,
/// until done, an error, or no more canned responses.
fn run_exchange(client: &Client, input: &OneExchange) -> Value {
    let started = match &input.grant {
        GrantInput::AuthorizationCode { code, redirect_uri, code_verifier } => {
            client.exchange_code(code, redirect_uri, code_verifier.as_deref(), input.nonce.as_deref())
        }
        GrantInput::RefreshToken { refresh_token, scope } => client.exchange_refresh_token(refresh_token, scope.as_deref()),
    };
    let mut exchange = match started {
        Ok(exchange) => exchange,
        Err(err) => {
            let mut entry = error_result(&err);
            entry["requests"] = json!([]);
            return entry;
        }
    };
    let mut requests = vec![request_json(&exchange.request())];
    for response in &input.responses {
        match exchange.receive(response.status, &response.body, input.now) {
            Ok(loginkit::Step::Send(next)) => requests.push(request_json(&next)),
            Ok(loginkit::Step::Done(login)) => {
                let claims = login.claims.as_ref().map(|c| Value::Object(c.as_map().clone()));
                return json!({ "requests": requests, "result": { "tokens": tokens_json(&login.tokens), "claims": claims } });
            }
            Err(err) => {
                let mut entry = error_result(&err);
                entry["requests"] = Value::Array(requests);
                return entry;
            }
        }
    }
    json!({ "requests": requests, "pending": true })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenResponseInput {
    status: u16,
    body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdTokenInput {
    issuer: String,
    client_id: String,
    jwks: String,
    id_token: String,
    nonce: Option<String>,
    now: i64,
    leeway: Option<u64>,
}

/// The property a `generate` case checks: every value matches the
/// expected pattern and no two are equal.
fn generated_property(pattern: &str, values: &[String]) -> Value {
    let regex = Regex::new(pattern).expect("generate case has a valid pattern");
    let all_match = values.iter().all(|value| regex.is_match(value));
    let distinct = values.iter().collect::<HashSet<_>>().len() == values.len();
    json!({ "pattern": if all_match { json!(pattern) } else { Value::Null }, "distinct": distinct })
}

/// `start_login` must equal `authorization_url` fed the returned state,
/// nonce and the challenge of the returned verifier, and must keep a
/// state or nonce the options gave.
fn start_login_is_consistent(
    client: &Client,
    redirect_uri: &str,
    options: &AuthorizationUrlOptions,
    login: &loginkit::LoginStart,
) -> bool {
    let kept = |given: &Option<String>, returned: &str| match given.as_deref() {
        Some(value) if !value.is_empty() => value == returned,
        _ => !returned.is_empty(),
    };
    let verifier_ok = Regex::new("^[A-Za-z0-9_-]{43}$").unwrap().is_match(&login.code_verifier);
    let Ok(challenge) = loginkit::pkce_challenge(&login.code_verifier) else {
        return false;
    };
    let replay = AuthorizationUrlOptions {
        state: Some(login.state.clone()),
        nonce: Some(login.nonce.clone()),
        code_challenge: Some(challenge),
        code_challenge_method: Some("S256".into()),
        ..options.clone()
    };
    verifier_ok
        && kept(&options.state, &login.state)
        && kept(&options.nonce, &login.nonce)
        && client.authorization_url(redirect_uri, &replay).as_deref() == Ok(login.url.as_str())
}

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn case_files() -> Vec<PathBuf> {
    let source = std::env::var_os("CONFORMANCE_CASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository_root().join("conformance/cases"));
    if source.is_file() {
        return vec![source];
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&source)
        .unwrap_or_else(|err| panic!("cannot read case folder {}: {err}", source.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", source.display());
    files
}

fn expected_failures() -> BTreeSet<String> {
    let path = repository_root().join("conformance/expected-failures/rust.txt");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn load_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for path in case_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: CaseFile = serde_json::from_str(&text)
            .unwrap_or_else(|err| panic!("{} is not a valid case file: {err}", path.display()));
        cases.extend(file.cases);
    }
    let mut seen = HashSet::new();
    for case in &cases {
        assert!(seen.insert(case.id.clone()), "duplicate case id {}", case.id);
    }
    cases
}

#[test]
fn every_case_passes() {
    let cases = load_cases();
    let expected_failures = expected_failures();
    let mut outputs = Map::new();
    let mut per_op: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut problems = Vec::new();

    // A panic is recorded against its case, so one bad case never hides
    // the others; the default hook would print each one, so it is muted.
    std::panic::set_hook(Box::new(|_| {}));
    for case in &cases {
        let actual = std::panic::catch_unwind(|| run_case(case)).unwrap_or_else(|payload| {
            let why = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            serde_json::json!({"panic": why})
        });
        let passed = actual == case.expect;
        let counts = per_op.entry(case.op.as_str()).or_default();
        counts.1 += 1;
        if passed {
            counts.0 += 1;
        }
        match (passed, expected_failures.contains(&case.id)) {
            (true, true) => problems.push(format!("{}: listed as an expected failure but passed", case.id)),
            (false, false) => problems.push(format!("{}: expected {} got {}", case.id, case.expect, actual)),
            _ => {}
        }
        outputs.insert(case.id.clone(), actual);
    }

    if let Some(out) = std::env::var_os("CONFORMANCE_OUT") {
        std::fs::write(&out, serde_json::to_string_pretty(&Value::Object(outputs)).unwrap())
            .unwrap_or_else(|err| panic!("cannot write {}: {err}", PathBuf::from(out).display()));
    }
    let (mut passed, mut total) = (0, 0);
    println!("conformance (rust):");
    for (op, (ok, all)) in &per_op {
        println!("  {op:<24} {ok}/{all}");
        passed += ok;
        total += all;
    }
    println!("conformance (rust): {passed}/{total} cases passed");
    let _ = std::panic::take_hook();
    assert!(problems.is_empty(), "{} conformance problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// Every code the core can return from an operation appears as an
/// expected error in the default suite. `invalid_string` (text that is
/// not Unicode cannot be written in JSON) and `internal_error` (a caught
/// panic) and `network_error` (the bindings' HTTP calls) belong to the
/// bindings' own tests; `random_unavailable` needs a
/// broken operating system.
#[test]
fn the_suite_covers_every_error_code() {
    if std::env::var_os("CONFORMANCE_CASES").is_some() {
        return; // a custom suite need not be complete
    }
    let covered: BTreeSet<String> = load_cases()
        .iter()
        .filter_map(|case| case.expect.get("error").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let not_from_operations = ["invalid_string", "random_unavailable", "internal_error", "network_error"];
    let missing: Vec<&str> = loginkit::ErrorCode::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| !covered.contains(*code) && !not_from_operations.contains(code))
        .collect();
    assert!(missing.is_empty(), "no conformance case expects: {missing:?}");
}
