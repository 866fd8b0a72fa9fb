//! `[delivery]`: the outbox's retry policy.

use std::time::Duration;

use serde::Deserialize;

use crate::diagnostics::{Scope, Spanned};

/// `[delivery]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawDeliveryConfig {
    retry_initial: Option<Spanned<String>>,
    retry_max: Option<Spanned<String>>,
    max_age: Option<Spanned<String>>,
    poll_interval: Option<Spanned<String>>,
}

/// `retry_initial` and `retry_max`: from a millisecond to a week.
pub(crate) const RETRY_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_millis(1)..=Duration::from_secs(7 * 86_400);

/// Outbox retry policy.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryConfig {
    /// Delay before the first retry; doubles on each failure.
    pub retry_initial: Duration,
    /// Ceiling of the retry delay.
    pub retry_max: Duration,
    /// A delivery still failing this long after its alert was created is marked failed.
    pub max_age: Duration,
    /// How often the outbox is checked when nothing wakes it.
    pub poll_interval: Duration,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            retry_initial: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            max_age: Duration::from_secs(3 * 86_400),
            poll_interval: Duration::from_secs(5),
        }
    }
}

impl DeliveryConfig {
    /// Validates `[delivery]`; a bad value is reported and its default kept.
    pub fn from_raw(raw: &RawDeliveryConfig, scope: &mut Scope) -> DeliveryConfig {
        let defaults = DeliveryConfig::default();
        DeliveryConfig {
            retry_initial: scope
                .duration_in(raw.retry_initial.as_ref(), "retry_initial", RETRY_RANGE)
                .unwrap_or(defaults.retry_initial),
            retry_max: scope
                .duration_in(raw.retry_max.as_ref(), "retry_max", RETRY_RANGE)
                .unwrap_or(defaults.retry_max),
            max_age: scope
                .duration_in(
                    raw.max_age.as_ref(),
                    "max_age",
                    Duration::from_secs(1)..=Duration::from_secs(365 * 86_400),
                )
                .unwrap_or(defaults.max_age),
            poll_interval: scope
                .duration_in(
                    raw.poll_interval.as_ref(),
                    "poll_interval",
                    Duration::from_millis(10)..=Duration::from_secs(3600),
                )
                .unwrap_or(defaults.poll_interval),
        }
    }
}
