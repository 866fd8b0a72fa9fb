//! One feed pass: fetch, parse, dedup, match, store, then schedule the next
//! poll and check the feed's health. Data flows one way; this function only
//! orchestrates the stages.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tracing::{Instrument, debug, info, info_span, warn};
use url::Url;

use super::network::NetworkMonitor;
use super::schedule::{self, CADENCE_SAMPLE, IntervalPolicy, ScheduleHints};
use crate::alert::payload;
use crate::clock::Clock;
use crate::config::{Backfill, Config, FeedConfig};
use crate::dedup;
use crate::feed::{self, ParseError};
use crate::fetch::limiter::Limiter;
use crate::fetch::{FetchError, FetchOutcome, Fetcher, Validators};
use crate::model::ParsedFeed;
use crate::store::{
    self, FeedState, IngestEntry, IngestReport, Millis, NewAlert, PollRecord, PollSuccess, Store,
    StoreError,
};
use crate::topics::Document;

/// Headlines seen in other outlets within this window join the same story.
const STORY_WINDOW: Duration = Duration::from_secs(3 * 86_400);

/// How long a 429 without Retry-After slows the whole domain down.
const DEFAULT_THROTTLE: Duration = Duration::from_secs(60);

/// What the pipeline stages share.
#[derive(Clone)]
pub struct PollContext {
    pub config: Arc<Config>,
    pub store: Store,
    pub fetcher: Fetcher,
    pub limiter: Arc<Limiter>,
    /// The global limit on polls between fetch and store, taken after the
    /// origin's slot so a slow origin waits on its own slots, not on everyone's.
    pub in_flight: Arc<tokio::sync::Semaphore>,
    pub network: Arc<NetworkMonitor>,
    pub clock: Clock,
}

impl PollContext {
    pub fn new(config: Arc<Config>, store: Store, clock: Clock) -> Result<PollContext, String> {
        let fetcher = Fetcher::new(&config.fetch)?;
        let limiter = Arc::new(Limiter::new(config.fetch.politeness.clone()));
        let origins: std::collections::HashSet<String> = config
            .feeds
            .iter()
            .filter(|f| matches!(f.url.scheme(), "http" | "https"))
            .map(|f| f.url.origin().ascii_serialization())
            .collect();
        Ok(PollContext {
            network: Arc::new(NetworkMonitor::new(origins.len())),
            in_flight: Arc::new(tokio::sync::Semaphore::new(config.fetch.concurrency)),
            config,
            store,
            fetcher,
            limiter,
            clock,
        })
    }
}

/// How a poll ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PollOutcome {
    Stored(IngestReport),
    NotModified,
    Failed(String),
    /// 410 Gone: the feed is no longer polled.
    Disabled(String),
    /// Not polled: its domain asked us to wait (429/503 Retry-After).
    Deferred,
}

/// A throttled domain longer than this defers the poll instead of waiting.
const MAX_THROTTLE_WAIT: Duration = Duration::from_secs(2);

/// Polls one feed and records the result; returns when the next poll is due
/// (`None`: never, the feed is disabled).
pub async fn poll_feed(ctx: &PollContext, feed: &FeedConfig) -> (PollOutcome, Option<Millis>) {
    let span = info_span!("poll", feed = %feed.name, url = %feed.url);
    async {
        match poll_inner(ctx, feed).await {
            Ok(result) => result,
            Err(err) => {
                // The database failed: keep the daemon running, retry later.
                tracing::error!(error = %err, "Cannot record poll");
                let next = ctx.clock.now_millis() + feed.interval.as_millis() as Millis;
                (PollOutcome::Failed(err.to_string()), Some(next))
            }
        }
    }
    .instrument(span)
    .await
}

fn policy(feed: &FeedConfig) -> IntervalPolicy {
    IntervalPolicy {
        interval: feed.interval,
        fixed: feed.fixed_interval,
        min_interval: feed.min_interval,
        max_interval: feed.max_interval,
        max_backoff: feed.max_backoff,
    }
}

fn millis(t: DateTime<Utc>) -> Millis {
    t.timestamp_millis()
}

async fn load_state(ctx: &PollContext, name: &str) -> Result<FeedState, StoreError> {
    let owned = name.to_string();
    ctx.store
        .call(move |c| store::feeds::feed_state(c, &owned))
        .await?
        .ok_or_else(|| StoreError::Task(format!("feed {name} has no row")))
}

async fn poll_inner(
    ctx: &PollContext,
    feed: &FeedConfig,
) -> Result<(PollOutcome, Option<Millis>), StoreError> {
    let state = load_state(ctx, &feed.name).await?;
    if let Some(reason) = &state.disabled {
        debug!(reason = %reason, "Feed is disabled");
        return Ok((PollOutcome::Disabled(reason.clone()), None));
    }
    let url = Url::parse(state.fetch_url()).unwrap_or_else(|_| feed.url.clone());
    if let Some(wait) = ctx
        .limiter
        .throttled_for(&url)
        .filter(|w| *w > MAX_THROTTLE_WAIT)
    {
        // The publisher asked the whole domain to slow down: poll when it
        // said, without counting anything against the feed.
        debug!(wait = ?wait, "Domain throttled; poll deferred");
        let next = ctx.clock.now_millis() + wait.as_millis() as Millis;
        return Ok((PollOutcome::Deferred, Some(next)));
    }
    let validators = Validators {
        etag: state.etag.clone(),
        last_modified: state.last_modified.clone(),
    };
    let origin = ctx.limiter.acquire(&url).await;
    // Held until this poll is stored, not just fetched: when storage is the
    // bottleneck, fetched bodies must not pile up in memory faster than they
    // are stored (backpressure). The semaphore is never closed, so acquiring
    // cannot fail.
    let _slot = ctx.in_flight.acquire().await;
    let fetched = ctx.fetcher.fetch(&url, &validators).await;
    // Politeness is about requests: the origin's slot is free once ours is done.
    drop(origin);
    let now = ctx.clock.now();
    let policy = policy(feed);
    let fetched = match fetched {
        Ok(FetchOutcome::NotModified) => {
            ctx.network.record_answer(millis(now));
            debug!("Not modified");
            let next = millis(schedule::next_after_success(
                now,
                &policy,
                &state.hints,
                fastrand::f64(),
            ));
            let record = PollRecord {
                at: millis(now),
                status: "304".into(),
                error: None,
                next_poll_at: next,
                counts_as_failure: false,
            };
            record_poll(ctx, &state, record).await?;
            let after = FeedState {
                last_success_at: Some(millis(now)),
                consecutive_failures: 0,
                ..state.clone()
            };
            check_health(ctx, feed, &after).await?;
            return Ok((PollOutcome::NotModified, Some(next)));
        }
        Ok(FetchOutcome::Fetched(fetched)) => {
            ctx.network.record_answer(millis(now));
            fetched
        }
        Err(err) => return fetch_failed(ctx, feed, &state, &url, err).await,
    };

    if let Some(moved) = &fetched.moved_permanently {
        warn!(to = %moved, "Feed moved permanently; following the new URL from now on");
        let (id, moved) = (state.id, moved.to_string());
        ctx.store
            .call(move |c| store::feeds::set_moved(c, id, &moved))
            .await?;
    }

    let config = Arc::clone(&ctx.config);
    let feed_config = feed.clone();
    let first_poll = state.first_polled_at.is_none();
    let feed_id = state.id;
    let status = fetched.status;
    let max_age = fetched.max_age;
    let base_url = fetched.final_url.to_string();
    let prepared = tokio::task::spawn_blocking(move || {
        let parsed = feed::parse_feed(&fetched.body, fetched.content_type.as_deref(), &base_url)?;
        let entries = prepare_entries(&config, &feed_config, feed_id, &parsed, now, first_poll);
        Ok::<_, ParseError>((parsed, entries, fetched.validators))
    })
    .await;
    let (parsed, entries, validators) = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(err)) => {
            let error = format!("{url}: {err}");
            return failed(ctx, feed, &state, "parse error", error, None, true).await;
        }
        Err(join) => {
            let error = format!("{url}: parser crashed: {join}");
            return failed(ctx, feed, &state, "parse error", error, None, true).await;
        }
    };
    if !parsed.repairs.is_empty() {
        warn!(repairs = %parsed.repairs.join("; "), "Feed needed repairs to parse");
    }

    let hints = ScheduleHints {
        ttl_minutes: parsed.ttl_minutes,
        max_age_secs: max_age.map(|d| d.as_secs()),
        skip_hours: parsed.skip_hours.clone(),
        skip_days: parsed.skip_days.clone(),
        learned_interval_secs: state.hints.learned_interval_secs,
    };
    let next = millis(schedule::next_after_success(
        now,
        &policy,
        &hints,
        fastrand::f64(),
    ));
    let poll = PollSuccess {
        at: millis(now),
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

    // Learn the cadence from the items now stored, for the poll after next.
    let mut hints = hints;
    let dates = ctx
        .store
        .call(move |c| store::feeds::recent_item_dates(c, feed_id, CADENCE_SAMPLE))
        .await?;
    hints.learned_interval_secs = schedule::learned_interval(&dates, &policy).map(|d| d.as_secs());
    if hints != state.hints {
        ctx.store
            .call(move |c| store::feeds::set_hints(c, feed_id, &hints))
            .await?;
    }
    check_health(ctx, feed, &load_state(ctx, &feed.name).await?).await?;
    Ok((PollOutcome::Stored(report), Some(next)))
}

async fn fetch_failed(
    ctx: &PollContext,
    feed: &FeedConfig,
    state: &FeedState,
    url: &Url,
    err: FetchError,
) -> Result<(PollOutcome, Option<Millis>), StoreError> {
    let now = ctx.clock.now_millis();
    if let FetchError::Status { status: 410, .. } = err {
        let reason =
            format!("{url}: HTTP 410 Gone: the publisher removed this feed; polling stopped");
        warn!(
            "Feed is gone (HTTP 410); it will not be polled again until its URL changes in the config"
        );
        let id = state.id;
        let stored = reason.clone();
        ctx.store
            .call(move |c| store::feeds::set_disabled(c, id, &stored, now))
            .await?;
        return Ok((PollOutcome::Disabled(reason), None));
    }
    if let FetchError::Status {
        status: 429 | 503,
        retry_after,
        ..
    } = &err
    {
        ctx.limiter
            .throttle_domain(url, retry_after.unwrap_or(DEFAULT_THROTTLE));
    }
    if err.is_network() {
        let origin = url.origin().ascii_serialization();
        if ctx.network.record_failure(&origin, now) {
            // Our network, not the feed: retry soon, count nothing.
            let next = now + feed.interval.min(feed.min_interval).as_millis() as Millis;
            let record = PollRecord {
                at: now,
                status: "network down".into(),
                error: Some(err.to_string()),
                next_poll_at: next,
                counts_as_failure: false,
            };
            debug!(error = %err, "Fetch failed during a network incident");
            record_poll(ctx, state, record).await?;
            return Ok((PollOutcome::Failed(err.to_string()), Some(next)));
        }
    } else {
        ctx.network.record_answer(now);
    }
    let retry_after = err.retry_after();
    failed(
        ctx,
        feed,
        state,
        &err.status_label(),
        err.to_string(),
        retry_after,
        false,
    )
    .await
}

async fn failed(
    ctx: &PollContext,
    feed: &FeedConfig,
    state: &FeedState,
    status: &str,
    error: String,
    retry_after: Option<Duration>,
    parse: bool,
) -> Result<(PollOutcome, Option<Millis>), StoreError> {
    let now = ctx.clock.now();
    let failures = u32::try_from(state.consecutive_failures + 1).unwrap_or(u32::MAX);
    let next = schedule::next_after_failure(
        now,
        &policy(feed),
        &state.hints,
        failures,
        retry_after,
        fastrand::f64(),
    );
    let retry_in = (next - now).to_std().unwrap_or_default();
    if parse {
        warn!(error = %error, retry_in = ?retry_in, failures, "Feed could not be parsed");
    } else {
        warn!(error = %error, retry_in = ?retry_in, failures, "Fetch failed");
    }
    let record = PollRecord {
        at: millis(now),
        status: status.into(),
        error: Some(error.clone()),
        next_poll_at: millis(next),
        counts_as_failure: true,
    };
    record_poll(ctx, state, record).await?;
    let after = FeedState {
        consecutive_failures: state.consecutive_failures + 1,
        last_error: Some(error.clone()),
        ..state.clone()
    };
    check_health(ctx, feed, &after).await?;
    Ok((PollOutcome::Failed(error), Some(millis(next))))
}

async fn record_poll(
    ctx: &PollContext,
    state: &FeedState,
    record: PollRecord,
) -> Result<(), StoreError> {
    let id = state.id;
    ctx.store
        .call(move |c| store::feeds::record_poll(c, id, &record))
        .await
}

/// Opens or closes the feed's health incident after a poll: a feed failing
/// for longer than `failing_after`, or quiet for much longer than its
/// cadence. Each change is logged and, if `[health] notify` names sinks,
/// raised as a health event once.
async fn check_health(
    ctx: &PollContext,
    feed: &FeedConfig,
    state: &FeedState,
) -> Result<(), StoreError> {
    let health = &ctx.config.health;
    let now = ctx.clock.now_millis();
    let since_ok = state.last_success_at.unwrap_or(state.created_at);
    let failing = state.consecutive_failures > 0
        && now - since_ok >= health.failing_after.as_millis() as Millis;
    let quiet_after = state
        .hints
        .learned_interval_secs
        .map(|secs| Duration::from_secs(secs).mul_f64(2.0 * health.quiet_factor))
        .map(|d| d.max(health.quiet_min));
    let last_new = state.last_new_item_at.or(state.first_polled_at);
    let quiet = !failing
        && match (quiet_after, last_new) {
            (Some(after), Some(last)) => now - last >= after.as_millis() as Millis,
            _ => false,
        };
    let wanted: Option<(&str, Millis)> = if failing {
        Some(("failing", since_ok))
    } else if quiet {
        Some(("quiet", last_new.unwrap_or(now)))
    } else {
        None
    };
    let current = state.incident.as_ref().map(|(kind, _)| kind.as_str());
    if wanted.map(|w| w.0) == current {
        return Ok(());
    }
    let (event_state, since) = match (wanted, &state.incident) {
        (Some((kind, since)), _) => (kind, since),
        (None, Some((_, since))) => ("recovered", *since),
        (None, None) => return Ok(()),
    };
    let detail = match event_state {
        "failing" => format!(
            "{} consecutive failures; last error: {}",
            state.consecutive_failures,
            state.last_error.as_deref().unwrap_or("unknown")
        ),
        "quiet" => "no new item for much longer than the feed's usual cadence".to_string(),
        _ => format!(
            "the feed is healthy again after being {}",
            current.unwrap_or("unwell")
        ),
    };
    if event_state == "recovered" {
        info!(detail = %detail, "Feed health: recovered");
    } else {
        warn!(state = event_state, detail = %detail, "Feed health incident");
    }
    let alert = (!health.notify.is_empty()).then(|| {
        let detected = ctx.clock.now();
        let id = payload::new_alert_id(detected);
        let since_time = DateTime::from_timestamp_millis(since).unwrap_or(detected);
        NewAlert {
            payload: payload::build_health(
                &id,
                &feed.name,
                state.fetch_url(),
                event_state,
                since_time,
                &detail,
                detected,
            ),
            id,
            topic: payload::HEALTH_TOPIC.to_string(),
            recipients: health
                .notify
                .iter()
                .map(|sink| store::Recipient {
                    sink: sink.clone(),
                    digest: None,
                })
                .collect(),
        }
    });
    let incident = wanted.map(|(kind, since)| (kind.to_string(), since));
    let id = state.id;
    ctx.store
        .call(move |c| {
            store::feeds::health_event(
                c,
                id,
                incident.as_ref().map(|(k, s)| (k.as_str(), *s)),
                alert.as_ref(),
                now,
            )
        })
        .await
}

/// Dedup keys, topic matches and alert payloads for every entry: pure CPU
/// work, done on the blocking pool before the storage transaction.
pub fn prepare_entries(
    config: &Config,
    feed: &FeedConfig,
    feed_id: i64,
    parsed: &ParsedFeed,
    now: DateTime<Utc>,
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
                        recipients: topic.recipients(config),
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
