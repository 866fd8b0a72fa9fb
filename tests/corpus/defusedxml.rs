//! defusedxml: hostile XML (entity expansion, external entities) that must
//! fail cleanly.

use super::*;

pub(crate) fn defusedxml(dir: &Path) -> Suite {
    let mut suite = Suite::new("defusedxml");
    for path in files_under(dir, &["xml"]) {
        let started = std::time::Instant::now();
        let outcome = suite.run(&path, &read(&path), None, "");
        // A bound an expanded entity bomb cannot meet, with room for a
        // loaded machine (these files parse in milliseconds).
        let quick = started.elapsed() < std::time::Duration::from_secs(20);
        // Not feeds: a clean error, quickly, and never an expanded entity.
        let agreed = quick && matches!(outcome, Outcome::Failed(_));
        suite.expect(&path, "clean error, quickly", agreed, || {
            outcome_error(&outcome)
        });
    }
    suite
}
