//! `[fetch]`: how feeds are requested (timeouts, body cap, concurrency,
//! User-Agent) and how politely (per-origin and per-domain limits).

use std::time::Duration;

use serde::Deserialize;

use super::limiter::Politeness;
use crate::diagnostics::{Scope, Spanned};
use crate::units::parse_size;

/// `timeout` and `connect_timeout` (of fetches and of sinks).
pub const TIMEOUT_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_millis(1)..=Duration::from_secs(3600);
/// `origin_spacing` and `domain_spacing`.
pub(crate) const SPACING_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::ZERO..=Duration::from_secs(3600);
/// `max_body`: 1KiB to 1GiB.
pub(crate) const MAX_BODY_RANGE: std::ops::RangeInclusive<u64> = 1024..=1024 * 1024 * 1024;

/// `[fetch]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFetchConfig {
    timeout: Option<Spanned<String>>,
    connect_timeout: Option<Spanned<String>>,
    max_body: Option<Spanned<String>>,
    concurrency: Option<Spanned<i64>>,
    user_agent: Option<Spanned<String>>,
    per_origin: Option<Spanned<i64>>,
    origin_spacing: Option<Spanned<String>>,
    domain_spacing: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body_bytes: u64,
    /// Polls in flight at once.
    pub concurrency: usize,
    pub user_agent: String,
    pub politeness: Politeness,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 16 * 1024 * 1024,
            concurrency: 16,
            user_agent: default_user_agent(),
            politeness: Politeness::default(),
        }
    }
}

pub fn default_user_agent() -> String {
    format!(
        "feedwatch/{} (+https://github.com/feedwatch/feedwatch)",
        env!("CARGO_PKG_VERSION")
    )
}

impl FetchConfig {
    /// Validates `[fetch]`; a bad value is reported and its default kept.
    pub fn from_raw(raw: &RawFetchConfig, scope: &mut Scope) -> FetchConfig {
        let defaults = FetchConfig::default();
        let max_body_bytes = match &raw.max_body {
            None => defaults.max_body_bytes,
            Some(value) => match parse_size(value.get_ref()) {
                Some(size) if MAX_BODY_RANGE.contains(&size) => size,
                Some(_) => {
                    scope.push(
                        value.span(),
                        "max_body",
                        format!(
                            "`{}` is out of range; expected a size from 1KiB to 1GiB",
                            value.get_ref().trim()
                        ),
                    );
                    defaults.max_body_bytes
                }
                None => {
                    scope.push(
                        value.span(),
                        "max_body",
                        format!(
                            "`{}` is not a size; expected e.g. \"16MiB\", \"512KiB\", \"1000000\" (from 1KiB to 1GiB)",
                            value.get_ref()
                        ),
                    );
                    defaults.max_body_bytes
                }
            },
        };
        let concurrency = scope
            .integer_in(raw.concurrency.as_ref(), "concurrency", 1..=10_000)
            .map_or(defaults.concurrency, |n| n as usize);
        FetchConfig {
            timeout: scope
                .duration_in(raw.timeout.as_ref(), "timeout", TIMEOUT_RANGE)
                .unwrap_or(defaults.timeout),
            connect_timeout: scope
                .duration_in(
                    raw.connect_timeout.as_ref(),
                    "connect_timeout",
                    TIMEOUT_RANGE,
                )
                .unwrap_or(defaults.connect_timeout),
            max_body_bytes,
            concurrency,
            user_agent: raw
                .user_agent
                .as_ref()
                .map(|ua| ua.get_ref().clone())
                .unwrap_or(defaults.user_agent),
            politeness: politeness(raw, scope),
        }
    }
}

fn politeness(raw: &RawFetchConfig, scope: &mut Scope) -> Politeness {
    let defaults = Politeness::default();
    let domain_spacing = match &raw.domain_spacing {
        None => defaults.domain_spacing,
        Some(v) if v.get_ref().trim() == "none" => None,
        Some(v) => match crate::units::parse_duration(v.get_ref()) {
            Ok(d) if SPACING_RANGE.contains(&d) => Some(d),
            Ok(_) => {
                scope.push(
                    v.span(),
                    "domain_spacing",
                    format!(
                        "`{}` is out of range; {}, or \"none\"",
                        v.get_ref().trim(),
                        crate::diagnostics::expected_duration(&SPACING_RANGE)
                    ),
                );
                defaults.domain_spacing
            }
            Err(err) => {
                scope.push(v.span(), "domain_spacing", format!("{err}, or \"none\""));
                defaults.domain_spacing
            }
        },
    };
    Politeness {
        per_origin: scope
            .integer_in(raw.per_origin.as_ref(), "per_origin", 1..=64)
            .map_or(defaults.per_origin, |n| n as usize),
        origin_spacing: scope
            .duration_in(raw.origin_spacing.as_ref(), "origin_spacing", SPACING_RANGE)
            .unwrap_or(defaults.origin_spacing),
        domain_spacing,
    }
}
