//! Units as people write them in the config and on the command line:
//! durations ("90s", "15m", "6h", "1d", "500ms", and sums such as "1h30m")
//! and sizes ("16MiB", "512KiB", "1000000"). Pure.

use std::time::Duration;

/// A duration that could not be read; the message says what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DurationError(String);

/// Parses a duration string. The error says what is allowed.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    parse(text).map_err(DurationError)
}

fn parse(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("empty duration; {ALLOWED}"));
    }
    let mut total = Duration::ZERO;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err(format!("`{text}` is not a duration; {ALLOWED}"));
        }
        let number: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("`{text}`: number too large"))?;
        rest = rest[digits..].trim_start();
        let unit_len = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let unit = &rest[..unit_len];
        rest = rest[unit_len..].trim_start();
        let part = match unit {
            "ms" => Duration::from_millis(number),
            "s" => Duration::from_secs(number),
            "m" => Duration::from_secs(number.saturating_mul(60)),
            "h" => Duration::from_secs(number.saturating_mul(3600)),
            "d" => Duration::from_secs(number.saturating_mul(86_400)),
            "" => return Err(format!("`{text}` has a number without a unit; {ALLOWED}")),
            other => return Err(format!("`{text}` has an unknown unit `{other}`; {ALLOWED}")),
        };
        total = total.saturating_add(part);
    }
    Ok(total)
}

const ALLOWED: &str =
    "expected a number with a unit (ms, s, m, h, d), e.g. \"90s\", \"15m\", \"6h\", \"1h30m\"";

/// Formats a duration the way the config writes it (for `check` output).
pub fn format_duration(duration: Duration) -> String {
    let mut secs = duration.as_secs();
    let millis = duration.subsec_millis();
    if secs == 0 && millis == 0 {
        return "0s".to_string();
    }
    if secs == 0 {
        return format!("{millis}ms");
    }
    let mut out = String::new();
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if secs >= size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    if millis > 0 {
        out.push_str(&format!("{millis}ms"));
    }
    out
}

/// A duration in milliseconds, saturating at `i64::MAX` (for timestamps in
/// milliseconds: `now.saturating_add(millis_i64(delay))`).
pub fn millis_i64(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// `duration * factor`, saturating at `Duration::MAX`; a NaN or negative
/// factor gives zero. `Duration::mul_f64` panics on overflow instead.
pub fn mul_f64_saturating(duration: Duration, factor: f64) -> Duration {
    if factor.is_nan() || factor <= 0.0 {
        return Duration::ZERO;
    }
    Duration::try_from_secs_f64(duration.as_secs_f64() * factor).unwrap_or(Duration::MAX)
}

/// Parses a size: "16MiB", "512KiB", "2MB", "1000" (bytes); `None` if it is
/// not one (the caller says what is allowed, in its own words).
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number: u64 = text[..digits].parse().ok()?;
    let factor = match text[digits..].trim() {
        "" | "B" => 1,
        "KB" => 1000,
        "KiB" => 1024,
        "MB" => 1_000_000,
        "MiB" => 1024 * 1024,
        "GB" => 1_000_000_000,
        "GiB" => 1024 * 1024 * 1024,
        _ => return None,
    };
    number.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_sums() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("6h"), Ok(Duration::from_secs(21_600)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "15",
            "m",
            "15x",
            "fifteen minutes",
            "15 minutes",
            "-5m",
            "1.5h",
        ] {
            let err = parse_duration(bad).expect_err(bad).to_string();
            assert!(err.contains("ms, s, m, h, d"), "{bad}: {err}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for text in ["90s", "15m", "6h", "1d", "1h30m", "250ms"] {
            let d = parse_duration(text).expect(text);
            assert_eq!(parse_duration(&format_duration(d)), Ok(d));
        }
        assert_eq!(format_duration(Duration::from_secs(5400)), "1h30m");
    }

    #[test]
    fn time_arithmetic_saturates() {
        let huge = Duration::from_secs(u64::MAX);
        assert_eq!(mul_f64_saturating(huge, 1e300), Duration::MAX);
        assert_eq!(mul_f64_saturating(huge, f64::INFINITY), Duration::MAX);
        assert_eq!(mul_f64_saturating(huge, f64::NAN), Duration::ZERO);
        assert_eq!(mul_f64_saturating(huge, -1.0), Duration::ZERO);
        assert_eq!(
            mul_f64_saturating(Duration::from_secs(10), 1.5),
            Duration::from_secs(15)
        );
        assert_eq!(millis_i64(huge), i64::MAX);
        assert_eq!(millis_i64(Duration::from_millis(1500)), 1500);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16MiB"), Some(16 * 1024 * 1024));
        assert_eq!(parse_size("2 MB"), Some(2_000_000));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("1.5MB"), None);
        assert_eq!(parse_size("lots"), None);
    }
}
