//! `uniffi-bindgen`, built in this workspace from the exact uniffi version
//! the JVM binding links (see bindings-jvm/Cargo.toml).
fn main() {
    uniffi::uniffi_bindgen_main()
}
