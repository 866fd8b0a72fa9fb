//! The config loader: TOML text to a validated `Config` (aliases, topics
//! with their queries, feeds, sinks, every section). Relative paths resolve
//! against a directory that does not exist, so no file is read; inputs
//! naming absolute device or proc paths are skipped (a read of /dev/zero or
//! /dev/stdin as an OPML file is a limit the loader enforces separately,
//! not something to fuzz into a hang).
#![no_main]

use std::path::Path;

use feedwatch::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if ["/dev", "/proc", "/sys", "\\u002f", "\\U0000002"]
        .iter()
        .any(|p| text.contains(p))
    {
        return;
    }
    let _ = Config::parse(
        text,
        Path::new("/nonexistent-feedwatch-fuzz/feedwatch.toml"),
    );
});
