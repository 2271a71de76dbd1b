//! Complete logins against a real OpenID provider (testing/op: the npm
//! package oidc-provider with Scalekit's paths), driven without a browser
//! by testing/op/drive-login.mjs. scripts/test.sh starts the provider and
//! sets LOGINKIT_OP_ISSUER; without it these tests fail, unless
//! LOGINKIT_SKIP_OP=1 says to skip them on purpose.
#![cfg(feature = "http")]

use loginkit::{AuthorizationUrlOptions, Client, CookieOptions, TokenEndpointAuthMethod, TransactionKeys, WebLogin};
use std::path::Path;
use std::process::Command;

const REDIRECT_URI: &str = "http://127.0.0.1:9401/auth/callback";
const SECRET: &str = "s3cr3t:with/special+chars%";

fn issuer() -> Option<String> {
    match std::env::var("LOGINKIT_OP_ISSUER") {
        Ok(issuer) => Some(issuer),
        Err(_) if std::env::var("LOGINKIT_SKIP_OP").as_deref() == Ok("1") => None,
        Err(_) => panic!(
            "LOGINKIT_OP_ISSUER is not set: start the test provider (source testing/op/start.sh && op_start) \
             or set LOGINKIT_SKIP_OP=1 to skip these tests on purpose"
        ),
    }
}

/// Follows the provider's login and consent pages; returns the callback URL.
fn drive_login(url: &str) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testing/op/drive-login.mjs");
    let output = Command::new("node").arg(script).arg(url).output().expect("node runs");
    assert!(output.status.success(), "drive-login failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn full_login(client: &Client) {
    let options = AuthorizationUrlOptions {
        scopes: Some(["openid", "profile", "email", "offline_access"].map(String::from).to_vec()),
        ..Default::default()
    };
    let login = client.start_login(REDIRECT_URI, &options).unwrap();
    let callback = client.parse_callback(&drive_login(&login.url), &login.state).unwrap();
    let result = client
        .authenticate_with_code(&callback.code, REDIRECT_URI, Some(&login.code_verifier), Some(&login.nonce))
        .unwrap();
    let claims = result.claims.expect("an ID token was issued and verified");
    assert_eq!(claims.subject(), "alice");
    assert_eq!(claims.email(), Some("alice@example.com"));
    assert_eq!(claims.nonce(), Some(login.nonce.as_str()));
    let refresh_token = result.tokens.refresh_token.expect("offline_access gives a refresh token");
    let refreshed = client.refresh_access_token(&refresh_token, None).unwrap();
    assert!(!refreshed.tokens.access_token.is_empty());
    assert_ne!(refreshed.tokens.access_token, result.tokens.access_token);
}

#[test]
fn a_confidential_client_logs_in_with_client_secret_post_and_refreshes() {
    let Some(issuer) = issuer() else { return };
    let client = Client::new(&issuer, "skc_test_confidential")
        .unwrap()
        .with_client_secret(SECRET, TokenEndpointAuthMethod::ClientSecretPost)
        .unwrap();
    full_login(&client);
}

#[test]
fn a_confidential_client_logs_in_with_client_secret_basic() {
    let Some(issuer) = issuer() else { return };
    let client = Client::new(&issuer, "skc_test_basic")
        .unwrap()
        .with_client_secret(SECRET, TokenEndpointAuthMethod::ClientSecretBasic)
        .unwrap();
    full_login(&client);
}

#[test]
fn a_public_client_logs_in_with_pkce_only() {
    let Some(issuer) = issuer() else { return };
    full_login(&Client::new(&issuer, "skc_test_public").unwrap());
}

#[test]
fn the_web_routes_log_in_keep_a_session_and_log_out() {
    let Some(issuer) = issuer() else { return };
    let client = Client::new(&issuer, "skc_test_confidential")
        .unwrap()
        .with_client_secret(SECRET, TokenEndpointAuthMethod::ClientSecretPost)
        .unwrap();
    let keys = TransactionKeys::new(&[TransactionKeys::generate_key().unwrap()]).unwrap();
    let web = WebLogin::new(client, keys, REDIRECT_URI)
        .unwrap()
        .with_post_logout_redirect_uri("http://127.0.0.1:9401/")
        .unwrap()
        .with_cookies(CookieOptions { secure: false, ..CookieOptions::default() }, 3600);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let header = |response: &loginkit::HttpResponse, name: &str| {
        response.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect::<Vec<_>>()
    };
    let start = web.login(false, Some("/inbox"), now).unwrap();
    let tx_cookie = header(&start, "Set-Cookie")[0].split(';').next().unwrap().to_owned();
    let callback_url = drive_login(&header(&start, "Location")[0]);
    let target = &callback_url[callback_url.find("/auth/callback").unwrap()..];
    let mut pending = web.callback(target, &tx_cookie, now).unwrap();
    let login = loginkit::http::drive(&loginkit::http::default_agent(), &mut pending.exchange).unwrap();
    let done = web.complete(&pending, &login, now).unwrap();
    assert_eq!(header(&done, "Location"), ["/inbox"]);
    let cookies = header(&done, "Set-Cookie");
    assert!(cookies[0].contains("Max-Age=0"), "the transaction cookie is deleted");
    let session = cookies[1].split(';').next().unwrap().to_owned();
    let user = web.user(&session, now).expect("a session");
    assert_eq!(user.claims.email(), Some("alice@example.com"));
    let logout = web.logout(&session, now).unwrap();
    assert!(header(&logout, "Location")[0].starts_with(&format!("{issuer}/oidc/logout?id_token_hint=")));
    assert!(header(&logout, "Set-Cookie")[0].starts_with("loginkit_session=; "));
}
