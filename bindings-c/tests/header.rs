//! The committed header must be what cbindgen generates from the source.
//! `LOGINKIT_BLESS=1 cargo test -p loginkit-c --test header` rewrites it.

use std::path::Path;

#[test]
fn the_committed_header_is_up_to_date() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).unwrap();
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can read the crate")
        .write(&mut generated);
    let header = crate_dir.join("include/loginkit.h");
    if std::env::var_os("LOGINKIT_BLESS").is_some() {
        std::fs::write(&header, &generated).unwrap();
    }
    let committed = std::fs::read(&header).unwrap_or_default();
    assert!(
        committed == generated,
        "bindings-c/include/loginkit.h is stale; run LOGINKIT_BLESS=1 cargo test -p loginkit-c --test header"
    );
}
