//! Property tests: what holds for every input, not only the listed cases.

use loginkit::{AuthorizationUrlOptions, Client, Environment, LogoutUrlOptions, BUILT_IN_PARAMETERS};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

const REDIRECT_URI: &str = "https://yourapp.com/auth/callback";

fn client() -> Client {
    Client::new("https://acme.scalekit.dev", "skc_1234567890").unwrap()
}

/// Any Unicode text, biased towards the characters encoders get wrong.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ +%~*&=#?/:;@!$'()\\[\\],a-zA-Z0-9\u{0}\n\t\u{7f}é😀中]{0,40}",
    ]
}

fn scope_token() -> impl Strategy<Value = String> {
    "[\u{21}\u{23}-\u{5b}\u{5d}-\u{7e}]{1,20}"
}

fn extra_name() -> impl Strategy<Value = String> {
    text().prop_filter("a usable extra parameter name", |name| {
        !name.is_empty() && !BUILT_IN_PARAMETERS.contains(&name.as_str())
    })
}

fn decoded_query(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_the_query_gives_back_every_value_in_order(
        scopes in option::of(vec(scope_token(), 1..5)),
        state in option::of(text()),
        nonce in option::of(text()),
        login_hint in option::of(text()),
        domain_hint in option::of(text()),
        connection_id in option::of(text()),
        organization_id in option::of(text()),
        extra_params in vec((extra_name(), text()), 0..4),
    ) {
        let options = AuthorizationUrlOptions {
            scopes: scopes.clone(),
            state: state.clone(),
            nonce: nonce.clone(),
            login_hint: login_hint.clone(),
            domain_hint: domain_hint.clone(),
            connection_id: connection_id.clone(),
            organization_id: organization_id.clone(),
            extra_params: extra_params.clone(),
            ..Default::default()
        };
        let url = client().authorization_url(REDIRECT_URI, &options).unwrap();

        let mut expected: Vec<(String, String)> = vec![
            ("response_type".into(), "code".into()),
            ("client_id".into(), "skc_1234567890".into()),
            ("redirect_uri".into(), REDIRECT_URI.into()),
            ("scope".into(), scopes.map_or("openid profile email".into(), |s| s.join(" "))),
        ];
        let mut push = |name: &str, value: &Option<String>| {
            if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
                expected.push((name.into(), value.clone()));
            }
        };
        push("state", &state);
        push("nonce", &nonce);
        push("login_hint", &login_hint);
        push("domain_hint", &domain_hint);
        push("domain", &domain_hint);
        push("connection_id", &connection_id);
        push("organization_id", &organization_id);
        for (name, value) in extra_params {
            push(&name, &Some(value));
        }
        prop_assert_eq!(decoded_query(&url), expected);
    }

    #[test]
    fn every_built_url_parses_and_keeps_its_query(
        state in text(),
        extra in vec((extra_name(), text()), 0..3),
        env_path in "(/[a-z0-9]{1,8}){0,2}/{0,2}",
    ) {
        let client = Client::new(&format!("https://acme.scalekit.dev{env_path}"), "skc").unwrap();
        let options = AuthorizationUrlOptions { state: Some(state.clone()), extra_params: extra, ..Default::default() };
        let url = client.authorization_url(REDIRECT_URI, &options).unwrap();
        let parsed = url::Url::parse(&url).unwrap();
        prop_assert_eq!(parsed.as_str(), url.as_str());
        let logout = client.logout_url(&LogoutUrlOptions { state: Some(state), ..Default::default() }).unwrap();
        let reparsed = url::Url::parse(&logout).unwrap();
        prop_assert_eq!(reparsed.as_str(), logout.as_str());
    }

    #[test]
    fn no_input_panics(
        env_url in text(), client_id in text(), redirect_uri in text(),
        scope in text(), prompt in text(), provider in text(), challenge in text(),
        method in text(), extra_name in text(), callback in text(), expected_state in text(),
    ) {
        let options = AuthorizationUrlOptions {
            scopes: Some(vec![scope]),
            prompt: Some(prompt),
            provider: Some(provider),
            code_challenge: Some(challenge.clone()),
            code_challenge_method: Some(method),
            extra_params: vec![(extra_name, "v".into())],
            ..Default::default()
        };
        if let Ok(client) = Client::new(&env_url, &client_id) {
            let _ = client.authorization_url(&redirect_uri, &options);
            let _ = client.start_login(&redirect_uri, &AuthorizationUrlOptions::default());
            let _ = client.logout_url(&LogoutUrlOptions { post_logout_redirect_uri: Some(redirect_uri.clone()), ..Default::default() });
            let _ = client.parse_callback(&callback, &expected_state);
        }
        let _ = client().parse_callback(&callback, &expected_state);
        for environment in [Environment::Development, Environment::Production] {
            let _ = loginkit::validate_redirect_uri(&redirect_uri, environment);
        }
        let _ = loginkit::redirect_uri_matches(&redirect_uri, &callback);
        let _ = loginkit::pkce_challenge(&challenge);
    }

    #[test]
    fn a_registered_uri_without_wildcard_matches_itself(
        host in "[a-z]{1,10}\\.(com|dev|example\\.org)",
        path in "(/[a-z0-9._~-]{1,10}){0,3}",
    ) {
        let uri = format!("https://{host}{path}");
        prop_assert!(loginkit::redirect_uri_matches(&uri, &uri));
    }

    #[test]
    fn a_wildcard_never_matches_across_a_dot(label in "[a-wyz0-9][a-z0-9-]{0,9}", extra in "[a-z0-9-]{1,10}") {
        let registered = "https://*.acmecorp.com/cb";
        let candidate_one = format!("https://{label}.acmecorp.com/cb");
        let candidate_two = format!("https://{label}.{extra}.acmecorp.com/cb");
        prop_assert!(loginkit::redirect_uri_matches(registered, &candidate_one));
        prop_assert!(!loginkit::redirect_uri_matches(registered, &candidate_two));
    }

    #[test]
    fn a_callback_round_trips_any_code(code in "[^\u{0}]{1,40}", state in "[0-9a-f]{64}") {
        let query = format!("code={}&state={}", loginkit::encoding::form_encode(&code), state);
        let callback = client().parse_callback(&query, &state).unwrap();
        prop_assert_eq!(callback.code, code);
    }
}

mod transaction {
    use loginkit::{AuthorizationUrlOptions, Client, CookieOptions, LoginTransaction, TransactionKeys};

    fn keys(texts: &[&str]) -> TransactionKeys {
        TransactionKeys::new(texts).unwrap()
    }

    const KEY_A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const KEY_B: &str = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8";

    #[test]
    fn a_started_login_finishes_from_its_cookie_and_concurrent_logins_do_not_collide() {
        let client = Client::new("https://acme.scalekit.dev", "skc_1").unwrap();
        let ring = keys(&[KEY_A]);
        let options = CookieOptions::default();
        let first = client
            .start_login_transaction("https://app.example/cb", &AuthorizationUrlOptions::default(), Some("/inbox"), &ring, &options, 1000)
            .unwrap();
        let second = client
            .start_login_transaction("https://app.example/cb", &AuthorizationUrlOptions::default(), None, &ring, &options, 1001)
            .unwrap();
        assert_ne!(first.cookie_name, second.cookie_name);
        assert!(first.set_cookie.ends_with("; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax"));
        let jar = format!("{}={}; {}={}", first.cookie_name, first.cookie_value, second.cookie_name, second.cookie_value);
        for (start, return_to) in [(&first, Some("/inbox")), (&second, None)] {
            let state = url::Url::parse(&start.url).unwrap().query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
            let callback = format!("/cb?code=abc&state={state}");
            let done = client.finish_login(&callback, &jar, &ring, &options, 1300).unwrap();
            assert_eq!(done.code, "abc");
            assert_eq!(done.transaction.state, state);
            assert_eq!(done.transaction.return_to.as_deref(), return_to);
            assert!(done.clear_cookie.contains("Max-Age=0"));
            let err = client.finish_login(&callback, &jar, &ring, &options, 1601).unwrap_err();
            assert_eq!(err.code().as_str(), "transaction_expired");
        }
        assert!(!format!("{first:?}").contains(&first.cookie_value));
    }

    #[test]
    fn rotation_opens_old_seals_and_failures_have_their_own_codes() {
        let transaction = LoginTransaction {
            state: "s".into(),
            nonce: "n".into(),
            code_verifier: "v".repeat(43),
            redirect_uri: "https://app.example/cb".into(),
            return_to: None,
            issued_at: 5,
        };
        let sealed = keys(&[KEY_B]).seal(&transaction).unwrap();
        assert_eq!(keys(&[KEY_A, KEY_B]).open(&sealed).unwrap(), transaction);
        assert_eq!(keys(&[KEY_A]).open(&sealed).unwrap_err().code().as_str(), "transaction_unknown_key");
        let mut bytes: Vec<char> = sealed.chars().collect();
        let last = bytes.len() - 10;
        bytes[last] = if bytes[last] == 'A' { 'B' } else { 'A' };
        let tampered: String = bytes.into_iter().collect();
        assert_eq!(keys(&[KEY_B]).open(&tampered).unwrap_err().code().as_str(), "transaction_tampered");
        assert_eq!(keys(&[KEY_B]).open(&sealed[..20]).unwrap_err().code().as_str(), "transaction_truncated");
        assert_eq!(TransactionKeys::new(&["AAEC"]).unwrap_err().code().as_str(), "invalid_transaction_key");
        assert!(sealed.len() < 400);
    }
}
