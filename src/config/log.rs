//! `[log] level` (and `--log-level`, checked the same way).

use tracing_subscriber::EnvFilter;

/// Checks a log filter as a person writes it (`--log-level`, `[log]
/// level`): comma-separated directives, each a level (`trace`, `debug`,
/// `info`, `warn`, `error`, `off`) or `target=level`. `EnvFilter` would take
/// a bare word that is not a level ("warning", "verbose") as a target, and
/// log nothing of feedwatch without a word; here it is an error.
pub fn check_log_filter(spec: &str) -> Result<(), String> {
    const LEVELS: [&str; 6] = ["trace", "debug", "info", "warn", "error", "off"];
    let is_level = |word: &str| LEVELS.iter().any(|l| l.eq_ignore_ascii_case(word.trim()));
    if spec.trim().is_empty() {
        return Err("empty; expected a level such as \"info\"".to_string());
    }
    for directive in spec.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        let level = match directive.rsplit_once('=') {
            Some((target, level)) if !target.trim().is_empty() => level,
            _ => directive,
        };
        if !is_level(level) {
            let lower = level.trim().to_ascii_lowercase();
            let hint = LEVELS
                .into_iter()
                .find(|l| lower.starts_with(l))
                .or_else(|| crate::diagnostics::closest(&lower, LEVELS))
                .map(|l| format!("did you mean `{l}`? "))
                .unwrap_or_default();
            return Err(format!(
                "`{level}` is not a level; {hint}expected trace, debug, info, warn, error or off, or target=level such as \"feedwatch=debug\""
            ));
        }
    }
    EnvFilter::try_new(spec)
        .map(|_| ())
        .map_err(|err| format!("`{spec}` is not a log filter: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_filters_name_levels() {
        for good in ["info", "DEBUG", "feedwatch=debug", "info,hyper=warn", "off"] {
            assert_eq!(check_log_filter(good), Ok(()), "{good}");
        }
        let err = check_log_filter("warning").expect_err("not a level");
        assert!(
            err.contains("`warning` is not a level; did you mean `warn`?"),
            "{err}"
        );
        let err = check_log_filter("feedwatch=loud").expect_err("not a level");
        assert!(
            err.contains("`loud` is not a level") && err.contains("target=level"),
            "{err}"
        );
        assert!(check_log_filter("verbose").is_err());
        assert!(check_log_filter(" ").is_err());
    }
}
