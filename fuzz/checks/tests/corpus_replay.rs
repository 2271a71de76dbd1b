//! Replays the committed fuzz corpus (`fuzz/corpus/<target>.b64`, one
//! base64 input per line) through the same checks the fuzz targets run, on
//! stable, as an ordinary test.

use base64::Engine as _;
use std::path::Path;

#[test]
fn every_committed_corpus_input_passes_its_check() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let mut replayed = 0;
    for (name, check) in loginkit_fuzz_checks::TARGETS {
        let packed = corpus.join(format!("{name}.b64"));
        let text = std::fs::read_to_string(&packed).unwrap_or_else(|err| panic!("{}: {err}", packed.display()));
        let mut count = 0;
        for (line, encoded) in text.lines().enumerate() {
            let data = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
            if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
                panic!("{name}: input on line {} fails its check: {panic:?} (input {:?})", line + 1, String::from_utf8_lossy(&data));
            }
            count += 1;
        }
        assert!(count > 0, "{name}: the committed corpus is empty");
        println!("{name}: {count} inputs replayed");
        replayed += count;
    }
    println!("corpus replay: {replayed} inputs");
}
