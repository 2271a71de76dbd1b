//! The `loginkit` binary, run as a user runs it.

use std::process::{Command, Output};

fn loginkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loginkit")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn prints_the_seed_url_for_the_seed_inputs() {
    let output = loginkit(&[
        "authorize-url",
        "--env-url", "https://acme.scalekit.dev",
        "--client-id", "skc_1234567890",
        "--redirect-uri", "https://yourapp.com/auth/callback",
        "--scope", "openid", "--scope", "profile", "--scope", "email", "--scope", "offline_access",
        "--state", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ]);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output),
        "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890\
         &redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access\
         &state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n"
    );
}

#[test]
fn generates_and_prints_the_state() {
    let output = loginkit(&[
        "authorize-url", "--env-url", "https://acme.scalekit.dev", "--client-id", "c",
        "--redirect-uri", "https://yourapp.com/cb", "--generate-state",
    ]);
    let text = stdout(&output);
    let state = text.lines().nth(1).and_then(|line| line.strip_prefix("state=")).unwrap();
    assert_eq!(state.len(), 64);
    assert!(text.lines().next().unwrap().contains(&format!("&state={state}")));
}

#[test]
fn a_rule_violation_prints_the_code_and_exits_non_zero() {
    let output = loginkit(&["validate-redirect-uri", "http://yourapp.com/cb", "--environment", "production"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error[redirect_uri_scheme_not_allowed]: "), "{stderr}");
    let output = loginkit(&["validate-redirect-uri", "https://*.acmecorp.com", "--environment", "development"]);
    assert_eq!(stdout(&output), "valid\n");
}

#[test]
fn pkce_and_parse_callback() {
    let output = loginkit(&["pkce", "--verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"]);
    assert!(stdout(&output).contains("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\n"));
    let output = loginkit(&[
        "parse-callback", "--env-url", "https://acme.scalekit.dev", "--client-id", "c",
        "--expected-state", "s1", "/auth/callback?code=a%2Bb&state=s1",
    ]);
    assert_eq!(stdout(&output), "code=a+b\nstate=s1\n");
}
