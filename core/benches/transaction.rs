//! Sealing and opening a login transaction (AES-256-GCM), per call.
//! `cargo bench -p loginkit --bench transaction`.

use criterion::{criterion_group, criterion_main, Criterion};
use loginkit::{LoginTransaction, TransactionKeys};
use std::hint::black_box;

fn seal_and_open(c: &mut Criterion) {
    let keys = TransactionKeys::new(&[TransactionKeys::generate_key().unwrap()]).unwrap();
    let transaction = LoginTransaction {
        state: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        nonce: "c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2".into(),
        code_verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
        redirect_uri: "https://yourapp.com/auth/callback".into(),
        return_to: Some("/dashboard".into()),
        issued_at: 1_767_225_600,
    };
    let sealed = keys.seal(&transaction).unwrap();
    let mut group = c.benchmark_group("login_transaction");
    group.bench_function("seal", |b| b.iter(|| keys.seal(black_box(&transaction)).unwrap()));
    group.bench_function("open", |b| b.iter(|| keys.open(black_box(&sealed)).unwrap()));
    group.finish();
}

criterion_group!(benches, seal_and_open);
criterion_main!(benches);
