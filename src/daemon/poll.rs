//! One feed pass: fetch, parse, dedup, match, store. Data flows one way;
//! this function only orchestrates the stages.

use std::sync::Arc;
use std::time::Duration;

use tracing::{Instrument, debug, info, info_span, warn};

use crate::alert::payload;
use crate::clock::Clock;
use crate::config::{Backfill, Config, FeedConfig};
use crate::dedup;
use crate::feed::{self, ParseError};
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::model::ParsedFeed;
use crate::store::{
    self, FeedState, IngestEntry, IngestReport, Millis, NewAlert, PollRecord, PollSuccess, Store,
};
use crate::topics::Document;

/// Headlines seen in other outlets within this window join the same story.
const STORY_WINDOW: Duration = Duration::from_secs(3 * 86_400);

/// Longest wait between polls of a failing feed.
const MAX_ERROR_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// What the pipeline stages share.
#[derive(Clone)]
pub struct PollContext {
    pub config: Arc<Config>,
    pub store: Store,
    pub fetcher: Fetcher,
    pub clock: Clock,
}

/// How a poll ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PollOutcome {
    Stored(IngestReport),
    NotModified,
    Failed(String),
}

/// Polls one feed and records the result; returns when the next poll is due.
pub async fn poll_feed(ctx: &PollContext, feed: &FeedConfig) -> (PollOutcome, Millis) {
    let span = info_span!("poll", feed = %feed.name, url = %feed.url);
    async {
        match poll_inner(ctx, feed).await {
            Ok(result) => result,
            Err(err) => {
                // The database failed: keep the daemon running, retry later.
                tracing::error!(error = %err, "Cannot record poll");
                let next = ctx.clock.now_millis() + feed.interval.as_millis() as Millis;
                (PollOutcome::Failed(err.to_string()), next)
            }
        }
    }
    .instrument(span)
    .await
}

async fn poll_inner(
    ctx: &PollContext,
    feed: &FeedConfig,
) -> Result<(PollOutcome, Millis), store::StoreError> {
    let name = feed.name.clone();
    let state = ctx
        .store
        .call(move |c| store::feeds::feed_state(c, &name))
        .await?
        .ok_or_else(|| store::StoreError::Task(format!("feed {} has no row", feed.name)))?;
    let validators = Validators {
        etag: state.etag.clone(),
        last_modified: state.last_modified.clone(),
    };
    let started = ctx.clock.now_millis();
    let fetched = match ctx.fetcher.fetch(&feed.url, &validators).await {
        Ok(FetchOutcome::NotModified) => {
            debug!("Not modified");
            let next = started + feed.interval.as_millis() as Millis;
            record(
                ctx,
                &state,
                PollRecord {
                    at: started,
                    status: "304".into(),
                    error: None,
                    next_poll_at: next,
                },
            )
            .await?;
            return Ok((PollOutcome::NotModified, next));
        }
        Ok(FetchOutcome::Fetched(fetched)) => fetched,
        Err(err) => {
            let delay = error_delay(feed.interval, state.consecutive_failures + 1)
                .max(err.retry_after().unwrap_or_default());
            warn!(error = %err, retry_in = ?delay, "Fetch failed");
            let next = started + delay.as_millis() as Millis;
            record(
                ctx,
                &state,
                PollRecord {
                    at: started,
                    status: err.status_label(),
                    error: Some(err.to_string()),
                    next_poll_at: next,
                },
            )
            .await?;
            return Ok((PollOutcome::Failed(err.to_string()), next));
        }
    };

    let config = Arc::clone(&ctx.config);
    let feed_config = feed.clone();
    let now = ctx.clock.now();
    let first_poll = state.first_polled_at.is_none();
    let feed_id = state.id;
    let status = fetched.status;
    let url = fetched.final_url.to_string();
    let prepared = tokio::task::spawn_blocking(move || {
        let parsed = feed::parse_feed(&fetched.body, fetched.content_type.as_deref(), &url)?;
        let entries = prepare_entries(&config, &feed_config, feed_id, &parsed, now, first_poll);
        Ok::<_, ParseError>((parsed, entries, fetched.validators))
    })
    .await;
    let (parsed, entries, validators) = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(err)) => {
            return fail(
                ctx,
                feed,
                &state,
                started,
                "parse error",
                format!("{}: {err}", feed.url),
            )
            .await;
        }
        Err(join) => {
            return fail(
                ctx,
                feed,
                &state,
                started,
                "parse error",
                format!("{}: parser crashed: {join}", feed.url),
            )
            .await;
        }
    };
    if !parsed.repairs.is_empty() {
        warn!(repairs = %parsed.repairs.join("; "), "Feed needed repairs to parse");
    }
    let next = started + feed.interval.as_millis() as Millis;
    let poll = PollSuccess {
        at: started,
        status: status.to_string(),
        etag: validators.etag,
        last_modified: validators.last_modified,
        next_poll_at: next,
        warning: (!parsed.repairs.is_empty())
            .then(|| format!("repaired: {}", parsed.repairs.join("; "))),
    };
    let window = STORY_WINDOW.as_millis() as Millis;
    let report = ctx
        .store
        .call(move |c| store::items::ingest(c, feed_id, &entries, &poll, window))
        .await?;
    if report.new_items > 0 || !report.alerts.is_empty() {
        info!(
            new_items = report.new_items,
            alerts = report.alerts.len(),
            seen = report.seen_items,
            "Feed polled"
        );
    } else {
        debug!(seen = report.seen_items, "Feed polled; nothing new");
    }
    Ok((PollOutcome::Stored(report), next))
}

async fn fail(
    ctx: &PollContext,
    feed: &FeedConfig,
    state: &FeedState,
    at: Millis,
    status: &str,
    error: String,
) -> Result<(PollOutcome, Millis), store::StoreError> {
    let delay = error_delay(feed.interval, state.consecutive_failures + 1);
    warn!(error = %error, retry_in = ?delay, "Feed could not be parsed");
    let next = at + delay.as_millis() as Millis;
    record(
        ctx,
        state,
        PollRecord {
            at,
            status: status.into(),
            error: Some(error.clone()),
            next_poll_at: next,
        },
    )
    .await?;
    Ok((PollOutcome::Failed(error), next))
}

async fn record(
    ctx: &PollContext,
    state: &FeedState,
    record: PollRecord,
) -> Result<(), store::StoreError> {
    let id = state.id;
    ctx.store
        .call(move |c| store::feeds::record_poll(c, id, &record))
        .await
}

/// The wait after the n-th consecutive failure: the interval doubled per
/// failure, capped, with jitter so failing feeds do not retry in lockstep.
fn error_delay(interval: Duration, failures: i64) -> Duration {
    let exponent = (failures - 1).clamp(0, 16) as u32;
    let base = interval
        .saturating_mul(2u32.pow(exponent))
        .min(MAX_ERROR_BACKOFF.max(interval));
    base.mul_f64(0.9 + fastrand::f64() * 0.2)
}

/// Dedup keys, topic matches and alert payloads for every entry: pure CPU
/// work, done on the blocking pool before the storage transaction.
pub fn prepare_entries(
    config: &Config,
    feed: &FeedConfig,
    feed_id: i64,
    parsed: &ParsedFeed,
    now: chrono::DateTime<chrono::Utc>,
    first_poll: bool,
) -> Vec<IngestEntry> {
    let cutoff = match (first_poll, feed.backfill) {
        (true, Backfill::Within(window)) => chrono::Duration::from_std(window)
            .ok()
            .and_then(|w| now.checked_sub_signed(w)),
        _ => None,
    };
    parsed
        .entries
        .iter()
        .map(|entry| {
            let document = Document {
                title: &entry.title,
                summary: &entry.summary,
                content: &entry.content,
                author: entry.author.as_deref(),
                categories: &entry.categories,
                feed_name: &feed.name,
                feed_tags: &feed.tags,
                link: entry.link.as_deref(),
            };
            let hits: Vec<_> = config
                .topic_set
                .match_document(&document)
                .into_iter()
                .filter(|hit| config.topic(&hit.topic).is_some_and(|t| t.watches(feed)))
                .collect();
            let matches = hits
                .iter()
                .map(|hit| {
                    (
                        hit.topic.clone(),
                        serde_json::to_string(hit).unwrap_or_default(),
                    )
                })
                .collect();
            let alerts = hits
                .iter()
                .filter_map(|hit| {
                    let topic = config.topic(&hit.topic)?;
                    let id = payload::new_alert_id(now);
                    Some(NewAlert {
                        payload: payload::build(&id, hit, entry, &feed.name, now),
                        id,
                        topic: hit.topic.clone(),
                        sinks: topic.notify.clone(),
                    })
                })
                .collect();
            let alertable = match (first_poll, feed.backfill, cutoff) {
                (false, _, _) | (true, Backfill::All, _) => true,
                (true, Backfill::Within(_), Some(cutoff)) => {
                    entry.published.is_some_and(|p| p >= cutoff)
                }
                (true, Backfill::Within(_), None) => false,
            };
            IngestEntry {
                keys: dedup::entry_keys(feed_id, entry),
                entry: entry.clone(),
                matches,
                alerts,
                alertable,
            }
        })
        .collect()
}
