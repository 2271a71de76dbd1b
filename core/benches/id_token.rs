//! Token-response parsing plus RS256 (2048-bit) ID-token verification per
//! call, by loginkit and by the `jsonwebtoken` crate (parsing the same
//! response with serde_json), on the same token, key and clock, in one run.
//! `cargo bench -p loginkit --bench id_token`.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::Value;
use std::hint::black_box;

fn case_input(id: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../conformance/cases/id_token.json");
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    suite["cases"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()["input"].clone()
}

fn verify(c: &mut Criterion) {
    let input = case_input("idt.rs256-happy");
    let (token, jwks) = (input["id_token"].as_str().unwrap(), input["jwks"].as_str().unwrap());
    let (issuer, client_id, now) = (input["issuer"].as_str().unwrap(), input["client_id"].as_str().unwrap(), input["now"].as_i64().unwrap());
    let nonce = input["nonce"].as_str().map(str::to_owned);
    let body = serde_json::json!({"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": token}).to_string();

    let mut group = c.benchmark_group("token_response_and_rs256_id_token");
    // Both sides parse the key set once, as a cache would.
    let keys = loginkit::Jwks::parse(jwks).unwrap();
    group.bench_function("loginkit", |b| {
        b.iter(|| {
            let tokens = loginkit::parse_token_response(200, black_box(&body)).unwrap();
            let expected = loginkit::IdTokenExpectations { issuer, client_id, nonce: nonce.as_deref(), now, leeway: None };
            loginkit::verify_id_token_with_keys(tokens.id_token.as_deref().unwrap(), &keys, &expected).unwrap()
        })
    });

    let set: jsonwebtoken::jwk::JwkSet = serde_json::from_str(jwks).unwrap();
    let key = jsonwebtoken::DecodingKey::from_jwk(&set.keys[0]).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&[client_id]);
    validation.set_issuer(&[issuer]);
    validation.validate_exp = false; // the token's exp is fixed in the past of the wall clock
    group.bench_function("jsonwebtoken", |b| {
        b.iter(|| {
            let parsed: Value = serde_json::from_str(black_box(&body)).unwrap();
            let token = parsed["id_token"].as_str().unwrap();
            jsonwebtoken::decode::<Value>(token, &key, &validation).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
