//! The shared legal corpus (`../shared/corpus/`), read in place and never copied.
//! Missing corpus: tests fail under CI (`CI=true`) and are skipped with a visible
//! message elsewhere.

use std::path::PathBuf;

/// The folder of the Normattiva acts, if present.
pub fn normattiva() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/normattiva");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the shared corpus is missing at {} (required under CI=true)",
            dir.display()
        );
    }
    eprintln!("SKIPPED: the shared corpus is not at {}", dir.display());
    None
}

/// The act files of the corpus, sorted.
pub fn act_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}
