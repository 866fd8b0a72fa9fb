//! The news corpus's files (`tests/data/news/`), for the test crates that
//! read it (`#[path = "common/news.rs"] mod news;`).

use std::path::{Path, PathBuf};

/// The corpus directory.
pub(crate) fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/news")
}

/// The item files: every `.toml` of the corpus but `feeds.toml`, sorted.
pub(crate) fn item_files() -> Vec<PathBuf> {
    let dir = dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != "feeds.toml")
        })
        .collect();
    paths.sort();
    paths
}
