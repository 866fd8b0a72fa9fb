//! `[health]`: when a feed's trouble becomes an incident worth telling
//! someone about (assessed by `daemon::health`).

use std::time::Duration;

use serde::Deserialize;

use crate::diagnostics::{Scope, Spanned};

#[derive(Debug, Clone, PartialEq)]
pub struct HealthConfig {
    /// A feed failing for longer than this opens a "failing" incident.
    pub failing_after: Duration,
    /// A feed with no new item for `quiet_factor` times its learned cadence
    /// (and at least `quiet_min`) opens a "quiet" incident.
    pub quiet_factor: f64,
    pub quiet_min: Duration,
    /// Sinks that receive health events (one when an incident opens, one when it closes).
    pub notify: Vec<String>,
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig {
            failing_after: Duration::from_secs(24 * 3600),
            quiet_factor: 10.0,
            quiet_min: Duration::from_secs(7 * 86_400),
            notify: Vec::new(),
        }
    }
}

/// `failing_after` and `quiet_min`: from none to a year.
pub(crate) const SILENCE_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::ZERO..=Duration::from_secs(365 * 86_400);
/// `quiet_factor`.
pub(crate) const QUIET_FACTOR_RANGE: std::ops::RangeInclusive<f64> = 1.0..=1000.0;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHealth {
    failing_after: Option<Spanned<String>>,
    quiet_factor: Option<Spanned<f64>>,
    quiet_min: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) notify: Vec<Spanned<String>>,
}

impl HealthConfig {
    /// Validates `[health]` (sink names are checked by the caller, which
    /// knows the sinks).
    pub(super) fn from_raw(raw: &RawHealth, scope: &mut Scope) -> HealthConfig {
        let defaults = HealthConfig::default();
        let quiet_factor = match &raw.quiet_factor {
            None => defaults.quiet_factor,
            Some(f) if QUIET_FACTOR_RANGE.contains(f.get_ref()) => *f.get_ref(),
            Some(f) => {
                scope.push(
                    f.span(),
                    "quiet_factor",
                    "expected a number from 1 to 1000, e.g. 10",
                );
                defaults.quiet_factor
            }
        };
        HealthConfig {
            failing_after: scope
                .duration_in(raw.failing_after.as_ref(), "failing_after", SILENCE_RANGE)
                .unwrap_or(defaults.failing_after),
            quiet_factor,
            quiet_min: scope
                .duration_in(raw.quiet_min.as_ref(), "quiet_min", SILENCE_RANGE)
                .unwrap_or(defaults.quiet_min),
            notify: raw.notify.iter().map(|n| n.get_ref().clone()).collect(),
        }
    }
}
