//! One function per loginkit entry point that takes untrusted text. Each
//! takes the fuzzer's raw bytes, calls the entry point, and panics only
//! when an invariant breaks; a panic inside loginkit is a finding too.
//!
//! Several arguments are read from one input by splitting it on `\n`, so
//! the committed corpus files are readable text.

use loginkit::{AuthorizationUrlOptions, Client, Environment, LogoutUrlOptions};

/// The fuzz targets, by name: the names of `fuzz/fuzz_targets/*.rs` and of
/// the corpus folders `fuzz/corpus/<name>/`.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("validate_redirect_uri", validate_redirect_uri),
    ("redirect_uri_matches", redirect_uri_matches),
    ("authorization_url", authorization_url),
    ("logout_url", logout_url),
    ("parse_callback", parse_callback),
    ("state_and_pkce", state_and_pkce),
    ("registration_vs_matching", registration_vs_matching),
];

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

fn fields<const N: usize>(data: &[u8]) -> Option<[&str; N]> {
    let mut parts = text(data)?.splitn(N, '\n');
    let mut out = [""; N];
    for slot in &mut out {
        *slot = parts.next().unwrap_or("");
    }
    Some(out)
}

/// `validate_redirect_uri` in both environments; production accepting
/// means development accepts too.
pub fn validate_redirect_uri(data: &[u8]) {
    let Some(uri) = text(data) else { return };
    let production = loginkit::validate_redirect_uri(uri, Environment::Production);
    let development = loginkit::validate_redirect_uri(uri, Environment::Development);
    if production.is_ok() {
        assert!(development.is_ok(), "{uri:?}: accepted in production, refused in development: {development:?}");
    }
}

/// `redirect_uri_matches` with both arguments fuzzed.
pub fn redirect_uri_matches(data: &[u8]) {
    let Some([registered, candidate]) = fields::<2>(data) else { return };
    let _ = loginkit::redirect_uri_matches(registered, candidate);
}

/// The authorization URL: every option fuzzed; a URL that comes out must
/// parse and carry the redirect URI that went in.
pub fn authorization_url(data: &[u8]) {
    let Some([env_url, client_id, redirect_uri, scope, state, prompt, login_hint, extra]) = fields::<8>(data) else {
        return;
    };
    let Ok(client) = Client::new(env_url, client_id) else { return };
    let options = AuthorizationUrlOptions {
        scopes: (!scope.is_empty()).then(|| scope.split(' ').map(str::to_owned).collect()),
        state: (!state.is_empty()).then(|| state.to_owned()),
        prompt: (!prompt.is_empty()).then(|| prompt.to_owned()),
        login_hint: (!login_hint.is_empty()).then(|| login_hint.to_owned()),
        extra_params: extra.split_once('=').map(|(k, v)| vec![(k.to_owned(), v.to_owned())]).unwrap_or_default(),
        ..Default::default()
    };
    if let Ok(built) = client.authorization_url(redirect_uri, &options) {
        let parsed = url::Url::parse(&built).unwrap_or_else(|err| panic!("{built:?} does not parse: {err}"));
        let sent = parsed.query_pairs().find(|(name, _)| name == "redirect_uri").map(|(_, value)| value.into_owned());
        assert_eq!(sent.as_deref(), Some(redirect_uri), "redirect_uri did not round-trip through {built:?}");
    }
    let _ = client.start_login(redirect_uri, &options);
}

/// The logout URL with every option fuzzed.
pub fn logout_url(data: &[u8]) {
    let Some([env_url, id_token_hint, post_logout_redirect_uri, state]) = fields::<4>(data) else { return };
    let Ok(client) = Client::new(env_url, "skc_fuzz") else { return };
    let options = LogoutUrlOptions {
        id_token_hint: (!id_token_hint.is_empty()).then(|| id_token_hint.to_owned()),
        post_logout_redirect_uri: (!post_logout_redirect_uri.is_empty()).then(|| post_logout_redirect_uri.to_owned()),
        state: (!state.is_empty()).then(|| state.to_owned()),
    };
    if let Ok(built) = client.logout_url(&options) {
        url::Url::parse(&built).unwrap_or_else(|err| panic!("{built:?} does not parse: {err}"));
    }
}

/// Callback parsing: a callback accepted for an expected state carries
/// exactly that state.
pub fn parse_callback(data: &[u8]) {
    let Some([expected_state, callback]) = fields::<2>(data) else { return };
    let Ok(client) = Client::new("https://acme.scalekit.dev", "skc_fuzz") else { return };
    if let Ok(parsed) = client.parse_callback(callback, expected_state) {
        assert_eq!(parsed.state, expected_state);
        assert!(!parsed.code.is_empty());
    }
}

/// State verification and the PKCE challenge.
pub fn state_and_pkce(data: &[u8]) {
    let Some([expected, received]) = fields::<2>(data) else { return };
    assert_eq!(loginkit::verify_state(expected, received), !expected.is_empty() && expected == received);
    if let Ok(challenge) = loginkit::pkce_challenge(received) {
        assert_eq!(challenge.len(), 43);
    }
}

/// The differential check: whenever a registration is accepted and a
/// candidate matches it, the host the browser visits for the candidate is
/// the registered host, or, for a wildcard registration, one label of
/// `[a-z0-9-]` characters in the wildcard's place under the same parent;
/// and scheme, path and (unless loopback) port are the registered ones.
pub fn registration_vs_matching(data: &[u8]) {
    let Some([registered, candidate]) = fields::<2>(data) else { return };
    let in_production = loginkit::validate_redirect_uri(registered, Environment::Production).is_ok();
    if loginkit::validate_redirect_uri(registered, Environment::Development).is_err()
        || !loginkit::redirect_uri_matches(registered, candidate)
    {
        return;
    }
    let (Ok(r), Ok(c)) = (url::Url::parse(registered), url::Url::parse(candidate)) else {
        panic!("{registered:?} matched {candidate:?} but one of them does not parse");
    };
    assert_eq!(r.scheme(), c.scheme(), "{registered:?} matched {candidate:?}: scheme differs");
    assert_eq!(r.path(), c.path(), "{registered:?} matched {candidate:?}: path differs");
    let r_host = r.host_str().unwrap_or_default().to_ascii_lowercase();
    let c_host = c.host_str().unwrap_or_default().to_ascii_lowercase();
    assert!(!c_host.contains('*'), "{candidate:?} matched with a wildcard in its host");
    match r_host.split_once('*') {
        None => assert_eq!(r_host, c_host, "{registered:?} matched {candidate:?}: host differs"),
        Some((prefix, rest)) => {
            assert!(!in_production, "{registered:?} has a wildcard host yet passes the production rules");
            let (suffix, parent) = rest.split_once('.').unwrap_or((rest, ""));
            let (label, c_parent) = c_host.split_once('.').unwrap_or((&c_host, ""));
            assert_eq!(parent, c_parent, "{registered:?} matched {candidate:?} outside its parent domain");
            assert!(parent.contains('.'), "{registered:?}: a wildcard directly on {parent:?} was accepted");
            let middle = label.strip_prefix(prefix).and_then(|l| l.strip_suffix(suffix)).unwrap_or_default();
            assert!(
                !middle.is_empty() && middle.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{registered:?} matched {candidate:?}: label {label:?} is not the pattern"
            );
        }
    }
}
