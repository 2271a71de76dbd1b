//! The seed example, built by loginkit and by the `oauth2` crate with the
//! same parameters, in one run. `cargo bench -p loginkit --bench authorization_url`.

use criterion::{criterion_group, criterion_main, Criterion};
use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, RedirectUrl, Scope};
use std::hint::black_box;

const ENV_URL: &str = "https://acme.scalekit.dev";
const CLIENT_ID: &str = "skc_1234567890";
const REDIRECT_URI: &str = "https://yourapp.com/auth/callback";
const SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];
const STATE: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn seed_example(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed_authorization_url");

    // Both sides build the client once, as an application does at start-up,
    // and take the per-request values (redirect URI, scopes, state) per call.
    let client = loginkit::Client::new(ENV_URL, CLIENT_ID).unwrap();
    group.bench_function("loginkit", |b| {
        b.iter(|| {
            let options = loginkit::AuthorizationUrlOptions {
                scopes: Some(SCOPES.iter().map(|s| s.to_string()).collect()),
                state: Some(STATE.to_owned()),
                ..Default::default()
            };
            client.authorization_url(black_box(REDIRECT_URI), black_box(&options)).unwrap()
        })
    });

    // The same options borrowed from where the application holds them:
    // no allocation but the URL itself.
    group.bench_function("loginkit_borrowed", |b| {
        b.iter(|| {
            let options = loginkit::AuthorizationParams {
                scopes: Some(&SCOPES),
                state: Some(STATE),
                ..Default::default()
            };
            client.authorization_url(black_box(REDIRECT_URI), black_box(options)).unwrap()
        })
    });

    let auth_url = AuthUrl::new(format!("{ENV_URL}/oauth/authorize")).unwrap();
    let oauth2_client = BasicClient::new(ClientId::new(CLIENT_ID.to_owned())).set_auth_uri(auth_url);
    group.bench_function("oauth2", |b| {
        b.iter(|| {
            let redirect = RedirectUrl::new(black_box(REDIRECT_URI).to_owned()).unwrap();
            let (url, _state) = oauth2_client
                .clone()
                .set_redirect_uri(redirect)
                .authorize_url(|| CsrfToken::new(STATE.to_owned()))
                .add_scopes(SCOPES.iter().map(|s| Scope::new(s.to_string())))
                .url();
            url.to_string()
        })
    });
    group.finish();
}

/// The other calls an application makes per request, loginkit alone (the
/// bindings' benchmarks set each against hand-written code).
fn per_request(c: &mut Criterion) {
    let mut group = c.benchmark_group("per_request");
    let client = loginkit::Client::new(ENV_URL, CLIENT_ID).unwrap();
    let callback = format!("/auth/callback?code=c0de_4b1d&state={STATE}");
    group.bench_function("start_login", |b| {
        b.iter(|| {
            let options = loginkit::AuthorizationParams { scopes: Some(&SCOPES), ..Default::default() };
            client.start_login(black_box(REDIRECT_URI), options).unwrap()
        })
    });
    group.bench_function("parse_callback", |b| b.iter(|| client.parse_callback(black_box(&callback), black_box(STATE)).unwrap()));
    group.bench_function("logout_url", |b| {
        b.iter(|| {
            let options = loginkit::LogoutUrlOptions {
                post_logout_redirect_uri: Some("https://yourapp.com/".to_owned()),
                state: Some(STATE.to_owned()),
                ..Default::default()
            };
            client.logout_url(black_box(&options)).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, seed_example, per_request);
criterion_main!(benches);
