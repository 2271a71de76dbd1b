#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| loginkit_fuzz_checks::redirect_uri_matches(data));
