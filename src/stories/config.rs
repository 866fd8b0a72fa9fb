//! `[stories]`: the knobs of story clustering a user may turn, each with
//! what it trades (see [`StoryConfig`]).

use serde::Deserialize;

use super::StoryConfig;
use crate::diagnostics::{Scope, Spanned};

/// `window` and `time_scale`: a minute to 30 days.
const STORY_DURATION_RANGE: std::ops::RangeInclusive<std::time::Duration> =
    std::time::Duration::from_secs(60)..=std::time::Duration::from_secs(30 * 86_400);

/// `[stories]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawStoryConfig {
    window: Option<Spanned<String>>,
    threshold: Option<Spanned<f64>>,
    min_shared_terms: Option<Spanned<i64>>,
    time_scale: Option<Spanned<String>>,
}

impl StoryConfig {
    /// Validates `[stories]`; a bad value is reported and its default kept.
    pub fn from_raw(raw: &RawStoryConfig, scope: &mut Scope) -> StoryConfig {
        let defaults = StoryConfig::default();
        let threshold = match &raw.threshold {
            None => defaults.threshold,
            Some(t) if t.get_ref().is_finite() && (0.0..=1.0).contains(t.get_ref()) => {
                *t.get_ref() as f32
            }
            Some(t) => {
                scope.push(
                    t.span(),
                    "threshold",
                    "expected a number from 0 to 1, e.g. 0.2 (higher merges less)",
                );
                defaults.threshold
            }
        };
        StoryConfig {
            window: scope
                .duration_in(raw.window.as_ref(), "window", STORY_DURATION_RANGE)
                .unwrap_or(defaults.window),
            threshold,
            min_shared_terms: scope
                .integer_in(raw.min_shared_terms.as_ref(), "min_shared_terms", 1..=20)
                .map_or(defaults.min_shared_terms, |n| n as u32),
            time_scale: scope
                .duration_in(raw.time_scale.as_ref(), "time_scale", STORY_DURATION_RANGE)
                .unwrap_or(defaults.time_scale),
            ..defaults
        }
    }
}
