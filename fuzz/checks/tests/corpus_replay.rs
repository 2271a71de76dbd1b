//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/*`) through the
//! same checks the fuzz targets run, on stable, as an ordinary test.

use std::path::Path;

#[test]
fn every_committed_corpus_input_passes_its_check() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let mut replayed = 0;
    for (name, check) in loginkit_fuzz_checks::TARGETS {
        let folder = corpus.join(name);
        let entries = std::fs::read_dir(&folder).unwrap_or_else(|err| panic!("{}: {err}", folder.display()));
        let mut count = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
                panic!("{name}: {} fails its check: {panic:?}", path.display());
            }
            count += 1;
        }
        assert!(count > 0, "{name}: the corpus folder is empty");
        println!("{name}: {count} inputs replayed");
        replayed += count;
    }
    println!("corpus replay: {replayed} inputs");
}
