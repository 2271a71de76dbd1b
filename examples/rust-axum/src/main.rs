//! The seed's login in axum: `cargo run -p loginkit-example-axum`.
//! Configuration comes from the environment (see README.md).

use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use loginkit::{Client, CookieOptions, TransactionKeys, WebLogin};
use std::sync::Arc;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn cookies(headers: &HeaderMap) -> String {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

/// loginkit's response in axum's terms.
fn reply(result: loginkit::Result<loginkit::HttpResponse>) -> Response {
    match result {
        Ok(response) => {
            let mut out = StatusCode::from_u16(response.status).unwrap_or(StatusCode::FOUND).into_response();
            for (name, value) in response.headers {
                if let (Ok(name), Ok(value)) = (header::HeaderName::try_from(name), header::HeaderValue::try_from(value)) {
                    out.headers_mut().append(name, value);
                }
            }
            out
        }
        Err(err) => error_page(&err),
    }
}

fn error_page(err: &loginkit::Error) -> Response {
    let body = format!("<h1>Login failed</h1><p id=\"login-error\">{}</p><a href=\"/\">Home</a>", err.code());
    (StatusCode::BAD_REQUEST, Html(body)).into_response()
}

async fn home(State(web): State<Arc<WebLogin>>, headers: HeaderMap) -> Html<String> {
    let user = match web.user(&cookies(&headers), now()) {
        Some(user) => format!("<p>Signed in as <b id=\"user-email\">{}</b></p>", user.claims.email().unwrap_or("")),
        None => "<p>Not signed in</p>".to_owned(),
    };
    Html(format!(
        "<h1>loginkit + axum</h1>{user}<a href=\"/login\">Log in</a> <a href=\"/signup\">Sign up</a> <a href=\"/logout\">Log out</a>"
    ))
}

async fn callback(State(web): State<Arc<WebLogin>>, OriginalUri(uri): OriginalUri, headers: HeaderMap) -> Response {
    let target = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let cookie_header = cookies(&headers);
    // The code exchange is blocking I/O: off the async threads.
    let finished = tokio::task::spawn_blocking(move || {
        let mut pending = web.callback(&target, &cookie_header, now())?;
        let login = loginkit::http::drive(&loginkit::http::default_agent(), &mut pending.exchange)?;
        web.complete(&pending, &login, now())
    })
    .await;
    match finished {
        Ok(result) => reply(result),
        Err(_) => error_page(&loginkit::Error::new(loginkit::ErrorCode::InternalError, "the login task failed")),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = env("APP_BASE_URL", "http://127.0.0.1:9506");
    let client = Client::new(&env("LOGINKIT_ENV_URL", "http://127.0.0.1:9400"), &env("LOGINKIT_CLIENT_ID", "skc_test_confidential"))?
        .with_client_secret(&env("LOGINKIT_CLIENT_SECRET", "s3cr3t:with/special+chars%"), loginkit::TokenEndpointAuthMethod::ClientSecretPost)?;
    let keys = TransactionKeys::new(&[std::env::var("LOGINKIT_KEYS").map_or_else(|_| TransactionKeys::generate_key(), Ok)?])?;
    let web = WebLogin::new(client, keys, &format!("{base}/auth/callback"))?
        .with_post_logout_redirect_uri(&format!("{base}/"))?
        // Plain http on loopback in the example; keep Secure in production.
        .with_cookies(CookieOptions { secure: base.starts_with("https:"), ..CookieOptions::default() }, loginkit::DEFAULT_SESSION_TTL);
    let app = Router::new()
        .route("/", get(home))
        .route("/login", get(|State(web): State<Arc<WebLogin>>| async move { reply(web.login(false, None, now())) }))
        .route("/signup", get(|State(web): State<Arc<WebLogin>>| async move { reply(web.login(true, None, now())) }))
        .route("/logout", get(|State(web): State<Arc<WebLogin>>, headers: HeaderMap| async move { reply(web.logout(&cookies(&headers), now())) }))
        .route("/auth/callback", get(callback))
        .with_state(Arc::new(web));
    let address = base.trim_start_matches("http://").trim_start_matches("https://").to_owned();
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on {base}");
    axum::serve(listener, app).await?;
    Ok(())
}
