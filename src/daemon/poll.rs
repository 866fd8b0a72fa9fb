//! One feed pass: fetch, parse, prepare (dedup keys, matches, payloads),
//! then one store call records everything the poll changed. Data flows one
//! way; the [`Poller`] only orchestrates the stages, and the decisions it
//! needs (next poll, cadence, health) come from pure modules (`schedule`,
//! `health`, `prepare`).

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::FutureExt as _;
use tracing::{Instrument, debug, info, info_span, warn};
use url::Url;

use super::cpu;
use super::health::{self, HealthChange, HealthState};
use super::learner::LiveLearner;
use super::network::NetworkMonitor;
use super::prepare::{complete_entry, key_entries, prepare_entries};
use super::schedule::{self, CADENCE_SAMPLE, IntervalPolicy, interval_policy};
use super::stories::StoryEngine;
use crate::alert::OnNewSource;
use crate::alert::payload;
use crate::clock::Clock;
use crate::config::{Config, FeedConfig, HealthConfig};
use crate::feed::{self, ParseError};
use crate::fetch::limiter::Limiter;
use crate::fetch::{ClientError, FetchError, FetchOutcome, Fetcher, Validators};
use crate::learning::Learner;
use crate::model::{FeedId, ItemId, Millis, PollStatus, ScheduleHints, StoryId};
use crate::store::{
    CatchUpFrom, FeedState, FetchedPoll, IncidentUpdate, IngestEntry, IngestReport, NewAlert,
    PollPolicy, PollRecord, PollReport, PollResult, Recipient, Store, StoreError, StoryChoice,
    StoryItem, StorySummary,
};
use crate::stories::PollToken;
use crate::telemetry;
use crate::websub::ActiveFeeds;

/// How long a 429 without Retry-After slows the whole domain down.
const DEFAULT_THROTTLE: Duration = Duration::from_secs(60);

/// A throttled domain longer than this defers the poll instead of waiting.
const MAX_THROTTLE_WAIT: Duration = Duration::from_secs(2);

/// A fetched body at least this big is parsed and stored while no other
/// such body is: parsing multiplies a body's size for a moment (decoded
/// text, the parser's tree, entries, their matches), and several 16 MiB
/// bodies doing so at once would add up. Smaller bodies are not held back.
const BIG_BODY_BYTES: usize = 1024 * 1024;

/// Polls feeds: the HTTP client, politeness limits and the database, shared
/// by every poll of a daemon (cheap to clone).
#[derive(Clone)]
pub struct Poller {
    config: Arc<Config>,
    store: Store,
    fetcher: Fetcher,
    limiter: Arc<Limiter>,
    /// The global limit on polls between fetch and store, taken after the
    /// origin's slot so a slow origin waits on its own slots, not on everyone's.
    in_flight: Arc<tokio::sync::Semaphore>,
    /// One permit: held by a poll from the parse of a body of at least
    /// [`BIG_BODY_BYTES`] until it is stored.
    big_parses: Arc<tokio::sync::Semaphore>,
    network: Arc<NetworkMonitor>,
    clock: Clock,
    stories: Arc<StoryEngine>,
    /// Per sink that wants them, how often it may hear of new reports of a
    /// story it alerted on.
    update_intervals: Arc<HashMap<String, Millis>>,
    /// The replica whose leases this poller's polls release.
    lease_owner: Option<String>,
    /// Feeds a WebSub hub pushes: polled at `max_interval`, as a safety net.
    pushed: ActiveFeeds,
    /// The topics' models, retrained as verdicts come.
    learner: LiveLearner,
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
    /// The poll panicked (a bug): nothing was recorded, the feed is polled
    /// again after its interval, and `run --once` exits non-zero.
    Crashed(String),
}

impl PollOutcome {
    /// The metric label of the outcome.
    pub fn key(&self) -> &'static str {
        match self {
            PollOutcome::Stored(_) => "ok",
            PollOutcome::NotModified => "not_modified",
            PollOutcome::Failed(_) => "failed",
            PollOutcome::Disabled(_) => "disabled",
            PollOutcome::Deferred => "deferred",
            PollOutcome::Crashed(_) => "crashed",
        }
    }
}

/// What a poll decided, before it is recorded.
struct Decided {
    status: PollStatus,
    result: PollResult,
    next_poll_at: Option<Millis>,
    /// Whether the feed's health is assessed (not while our network is down).
    check_health: bool,
}

impl Poller {
    pub(crate) fn new(
        config: Arc<Config>,
        store: Store,
        clock: Clock,
        stories: Arc<StoryEngine>,
        learner: LiveLearner,
    ) -> Result<Poller, ClientError> {
        let fetcher = Fetcher::new(&config.fetch)?;
        let limiter = Arc::new(Limiter::new(config.fetch.politeness.clone()));
        let origins: HashSet<String> = config
            .feeds
            .iter()
            .filter(|f| matches!(f.url.scheme(), "http" | "https"))
            .map(|f| f.url.origin().ascii_serialization())
            .collect();
        let update_intervals = config
            .sinks
            .iter()
            .filter_map(|sink| match sink.on_new_source {
                OnNewSource::Update { interval } => Some((
                    sink.name.clone(),
                    Millis::try_from(interval.as_millis()).unwrap_or(Millis::MAX),
                )),
                OnNewSource::Ignore => None,
            })
            .collect();
        Ok(Poller {
            stories,
            update_intervals: Arc::new(update_intervals),
            network: Arc::new(NetworkMonitor::new(origins.len())),
            in_flight: Arc::new(tokio::sync::Semaphore::new(config.fetch.concurrency)),
            big_parses: Arc::new(tokio::sync::Semaphore::new(1)),
            config,
            store,
            fetcher,
            limiter,
            clock,
            lease_owner: None,
            pushed: ActiveFeeds::default(),
            learner,
        })
    }

    /// Polls record themselves as `replica`'s (see `PollRecord::lease_owner`).
    pub fn with_lease_owner(mut self, replica: &str) -> Poller {
        self.lease_owner = Some(replica.to_string());
        self
    }

    /// Relaxes the polling of feeds in `pushed` (the WebSub subscriber's
    /// active subscriptions) to their `max_interval`.
    pub fn follow_pushes(&mut self, pushed: ActiveFeeds) {
        self.pushed = pushed;
    }

    /// Whether a WebSub hub pushes `feed` (polled at its `max_interval`).
    pub(crate) fn is_pushed(&self, feed: &str) -> bool {
        self.pushed.contains(feed)
    }

    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The politeness limits every request to a feed's origin shares.
    pub(crate) fn limiter(&self) -> Arc<Limiter> {
        Arc::clone(&self.limiter)
    }

    pub(crate) fn stories(&self) -> &Arc<StoryEngine> {
        &self.stories
    }

    /// Adds to the story index the items stored lately that it lacks:
    /// those other replicas stored (each replica clusters in its own
    /// index), and on a reload, those stored while the index was rebuilt.
    /// Returns how many were added.
    pub async fn sync_stories(&self) -> Result<usize, StoreError> {
        let started = self.clock.now_millis();
        let ids = self
            .store
            .story_item_ids_since(self.stories.sync_since())
            .await?;
        let unknown = self.stories.unknown(&ids);
        let mut added = 0;
        if !unknown.is_empty() {
            let items = self.store.story_items_by_id(unknown).await?;
            let engine = Arc::clone(&self.stories);
            // Features of a burst of others' items: CPU, off the runtime,
            // on the threads whose word caches are warm (see `cpu`).
            added = cpu::shared()
                .run(move || engine.add_synced(&items))
                .await
                .map_err(|e| StoreError::Query {
                    action: "catch up the story index",
                    reason: e.to_string(),
                })?;
        }
        self.stories.synced(started);
        Ok(added)
    }

    pub(crate) fn learner(&self) -> &LiveLearner {
        &self.learner
    }

    /// Polls one feed and records the result; returns when the next poll is
    /// due (`None`: never, the feed is disabled).
    pub async fn poll(&self, feed: &FeedConfig) -> (PollOutcome, Option<Millis>) {
        self.poll_with(feed, None, false).await
    }

    /// Polls a feed whose row the caller has just read, unleased (`run
    /// --once` reads the rows of a batch of feeds in one call to the store,
    /// as the daemon's claims do).
    pub async fn poll_known(
        &self,
        feed: &FeedConfig,
        state: FeedState,
    ) -> (PollOutcome, Option<Millis>) {
        self.poll_with(feed, Some(state), false).await
    }

    /// Polls a feed this poller's replica leased (`claim_due_feeds`, which
    /// read its state). A poll that records nothing (deferred, or the
    /// database failed) gives the lease back with its next poll time.
    pub async fn poll_claimed(
        &self,
        feed: &FeedConfig,
        state: FeedState,
    ) -> (PollOutcome, Option<Millis>) {
        self.poll_with(feed, Some(state), true).await
    }

    /// `known`: the feed's row, if the caller read it; `leased`: whether
    /// this replica leased the feed (a poll that records nothing gives the
    /// lease back).
    async fn poll_with(
        &self,
        feed: &FeedConfig,
        known: Option<FeedState>,
        leased: bool,
    ) -> (PollOutcome, Option<Millis>) {
        let span = info_span!("poll", feed = %feed.name, url = %feed.url);
        let lease = known
            .as_ref()
            .filter(|_| leased)
            .map(|state| state.id)
            .zip(self.lease_owner.clone());
        let started = std::time::Instant::now();
        let (outcome, next) = async {
            // A panic in one poll must not take the feed off the schedule
            // (its lease would never be given back) nor go unnoticed.
            let polled = AssertUnwindSafe(self.poll_inner(feed, known))
                .catch_unwind()
                .await;
            let polled = match polled {
                Ok(polled) => polled,
                Err(panic) => {
                    let message = panic_message(panic.as_ref());
                    tracing::error!(error = %message, "Poll task crashed; the feed is polled again after its interval");
                    let next = self
                        .clock
                        .now_millis()
                        .saturating_add(crate::units::millis_i64(feed.interval));
                    Ok((PollOutcome::Crashed(message), Some(next), false))
                }
            };
            let (outcome, next, recorded) = match polled {
                Ok(result) => result,
                Err(StoreError::LeaseLost(_)) => {
                    warn!("Our lease on the feed expired and another replica took it over; this poll is dropped");
                    return (PollOutcome::Failed("lease lost".into()), None);
                }
                Err(err) => {
                    // The database failed: keep the daemon running, retry later.
                    // A refused write (full disk) was reported by the store.
                    if self.store.write_backoff().is_some() {
                        debug!(error = %err, "Cannot record poll; the database refuses writes");
                    } else {
                        tracing::error!(error = %err, "Cannot record poll");
                    }
                    let wait = feed
                        .interval
                        .max(self.store.write_backoff().unwrap_or_default());
                    let next = self
                        .clock
                        .now_millis()
                        .saturating_add(crate::units::millis_i64(wait));
                    (PollOutcome::Failed(err.to_string()), Some(next), false)
                }
            };
            if let (false, Some((id, owner))) = (recorded, &lease)
                && let Err(err) = self.store.release_feed(*id, owner, next).await
            {
                if self.store.write_backoff().is_some() {
                    debug!(error = %err, "Cannot release the feed's lease; it expires by itself");
                } else {
                    warn!(error = %err, "Cannot release the feed's lease; it expires by itself");
                }
            }
            (outcome, next)
        }
        .instrument(span)
        .await;
        telemetry::poll_finished(&feed.name, outcome.key(), started.elapsed());
        (outcome, next)
    }

    /// Content a WebSub hub pushed for `feed` (its signature already
    /// verified): the same parse, prepare and record path as a poll, so
    /// dedup keys, matches, stories and the outbox treat it exactly like
    /// polled content. The feed's validators and poll schedule are kept.
    pub async fn ingest_pushed(
        &self,
        feed: &FeedConfig,
        body: Vec<u8>,
        content_type: Option<String>,
    ) -> Result<PollOutcome, StoreError> {
        let span = info_span!("push", feed = %feed.name);
        async {
            let state = self.store.feed_state(&feed.name).await?;
            let url = Url::parse(state.fetch_url()).unwrap_or_else(|_| feed.url.clone());
            let now = self.clock.now();
            let fetched = crate::fetch::Fetched {
                body,
                content_type,
                validators: Validators {
                    etag: state.etag.clone(),
                    last_modified: state.last_modified.clone(),
                },
                final_url: url.clone(),
                moved_permanently: None,
                max_age: None,
                status: 200,
                links: Vec::new(),
            };
            let mut decided = self.parse(feed, &state, &url, Box::new(fetched), now).await;
            decided.next_poll_at = state.next_poll_at.or(decided.next_poll_at);
            if let PollResult::Fetched(fetched) = &mut decided.result {
                fetched.hints.max_age_secs = state.hints.max_age_secs;
            }
            let (outcome, _) = self
                .record(feed, &state, decided, None, now, Via::Push)
                .await?;
            Ok(outcome)
        }
        .instrument(span)
        .await
    }

    /// The poll; the flag says whether it was recorded (which releases a lease).
    async fn poll_inner(
        &self,
        feed: &FeedConfig,
        known: Option<FeedState>,
    ) -> Result<(PollOutcome, Option<Millis>, bool), StoreError> {
        let state = match known {
            Some(state) => state,
            None => self.store.feed_state(&feed.name).await?,
        };
        if let Some(reason) = &state.disabled {
            debug!(reason = %reason, "Feed is disabled");
            return Ok((PollOutcome::Disabled(reason.clone()), None, false));
        }
        let url = Url::parse(state.fetch_url()).unwrap_or_else(|_| feed.url.clone());
        if let Some(wait) = self
            .limiter
            .throttled_for(&url)
            .filter(|w| *w > MAX_THROTTLE_WAIT)
        {
            // The publisher asked the whole domain to slow down: poll when it
            // said, without counting anything against the feed.
            debug!(wait = ?wait, "Domain throttled; poll deferred");
            let next = self
                .clock
                .now_millis()
                .saturating_add(crate::units::millis_i64(wait));
            return Ok((PollOutcome::Deferred, Some(next), false));
        }
        let validators = Validators {
            etag: state.etag.clone(),
            last_modified: state.last_modified.clone(),
        };
        let origin = self.limiter.acquire(&url).await;
        // Held until this poll is stored, not just fetched: when storage is the
        // bottleneck, fetched bodies must not pile up in memory faster than they
        // are stored (backpressure). The semaphore is never closed, so acquiring
        // cannot fail.
        let _slot = self.in_flight.acquire().await;
        let fetched = self.fetcher.fetch(&url, &validators).await;
        // Politeness is about requests: the origin's slot is free once ours is done.
        drop(origin);
        // Fault injection (after the request, so a test sees the poll happen) for the tests of crash handling, in debug builds
        // only: a release build has no way to make a poll panic on purpose.
        #[cfg(debug_assertions)]
        if std::env::var("FEEDWATCH_TEST_POLL_PANIC").is_ok_and(|name| name == feed.name) {
            panic!("FEEDWATCH_TEST_POLL_PANIC asked this poll to crash");
        }
        let interval = interval_policy(feed);
        // Held until the poll is stored (see `big_parses`); the semaphore is
        // never closed, so acquiring cannot fail.
        let mut _big_parse = None;
        if let Ok(FetchOutcome::Fetched(body)) = &fetched
            && body.body.len() >= BIG_BODY_BYTES
        {
            _big_parse = Some(self.big_parses.acquire().await);
        }
        let now = self.clock.now();
        let (decided, moved_to) = match fetched {
            Ok(FetchOutcome::NotModified) => {
                self.network.record_answer(&url, millis(now));
                debug!("Not modified");
                let next =
                    schedule::next_after_success(now, &interval, &state.hints, fastrand::f64());
                let decided = Decided {
                    status: PollStatus::NOT_MODIFIED,
                    result: PollResult::NotModified,
                    next_poll_at: Some(millis(next)),
                    check_health: true,
                };
                (decided, None)
            }
            Ok(FetchOutcome::Fetched(fetched)) => {
                self.network.record_answer(&url, millis(now));
                let moved_to = fetched.moved_permanently.as_ref().map(|moved| {
                    warn!(to = %moved, "Feed moved permanently; following the new URL from now on");
                    moved.to_string()
                });
                let decided = self.parse(feed, &state, &url, fetched, now).await;
                (decided, moved_to)
            }
            Err(err) => (self.fetch_failed(feed, &state, &url, err), None),
        };
        telemetry::fetch_response(telemetry::status_class(decided.status));
        let decided = self.relax_if_pushed(feed, decided, now);
        let (outcome, next) = self
            .record(feed, &state, decided, moved_to, now, Via::Poll)
            .await?;
        Ok((outcome, next, true))
    }

    /// A feed a hub pushes is polled at its `max_interval` after a success.
    fn relax_if_pushed(
        &self,
        feed: &FeedConfig,
        mut decided: Decided,
        now: DateTime<Utc>,
    ) -> Decided {
        let success = matches!(
            decided.result,
            PollResult::Fetched(_) | PollResult::NotModified
        );
        if success && self.pushed.contains(&feed.name) {
            let relaxed = millis(now).saturating_add(crate::units::millis_i64(feed.max_interval));
            decided.next_poll_at = decided.next_poll_at.map(|next| next.max(relaxed));
        }
        decided
    }

    /// Parses and prepares a fetched document on the blocking pool.
    async fn parse(
        &self,
        feed: &FeedConfig,
        state: &FeedState,
        url: &Url,
        fetched: Box<crate::fetch::Fetched>,
        now: DateTime<Utc>,
    ) -> Decided {
        let config = Arc::clone(&self.config);
        let feed_config = feed.clone();
        let first_poll = state.first_polled_at.is_none();
        let feed_id = state.id;
        let status = fetched.status;
        let max_age = fetched.max_age;
        let base_url = fetched.final_url.to_string();
        let learner = self.learner.get();
        telemetry::fetched_bytes(fetched.body.len());
        // On the pool's few threads, which keep the story engine's word
        // caches warm (see `cpu`).
        let prepared = cpu::shared()
            .run(move || {
                let crate::fetch::Fetched {
                    body,
                    content_type,
                    validators,
                    ..
                } = *fetched;
                // Frees the body once decoded; the entries hold all we need of it.
                let mut parsed = feed::parse_feed_owned(body, content_type.as_deref(), &base_url)?;
                let entries = std::mem::take(&mut parsed.entries);
                // A known feed's entries are mostly stored already: only those
                // that turn out new are prepared, inside the poll's transaction
                // (`FeedPolicy::complete`). A first poll's are all new: prepared
                // here, off the database.
                let entries = if first_poll {
                    prepare_entries(
                        &config,
                        &learner,
                        &feed_config,
                        feed_id,
                        entries,
                        now,
                        first_poll,
                    )
                } else {
                    key_entries(feed_id, entries)
                };
                Ok::<_, ParseError>((parsed, entries, validators))
            })
            .await;
        let (parsed, entries, validators) = match prepared {
            Ok(Ok(prepared)) => prepared,
            Ok(Err(err)) => {
                telemetry::parse_failed();
                return self.failed(
                    feed,
                    state,
                    PollStatus::Parse,
                    format!("{url}: {err}"),
                    None,
                );
            }
            Err(crashed) => {
                telemetry::parse_failed();
                let error = format!("{url}: parser crashed: {crashed}");
                return self.failed(feed, state, PollStatus::Parse, error, None);
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
        let next =
            schedule::next_after_success(now, &interval_policy(feed), &hints, fastrand::f64());
        Decided {
            status: PollStatus::Http(status),
            result: PollResult::Fetched(Box::new(FetchedPoll {
                entries,
                etag: validators.etag,
                last_modified: validators.last_modified,
                hints,
                repairs: parsed.repairs.clone(),
                story_window: Millis::try_from(self.config.stories.window.as_millis())
                    .unwrap_or(Millis::MAX),
            })),
            next_poll_at: Some(millis(next)),
            check_health: true,
        }
    }

    fn fetch_failed(
        &self,
        feed: &FeedConfig,
        state: &FeedState,
        url: &Url,
        err: FetchError,
    ) -> Decided {
        let now = self.clock.now_millis();
        if let FetchError::Status { status: 410, .. } = err {
            let reason =
                format!("{url}: HTTP 410 Gone: the publisher removed this feed; polling stopped");
            warn!(
                "Feed is gone (HTTP 410); it will not be polled again until its URL changes in the config"
            );
            return Decided {
                status: PollStatus::Http(410),
                result: PollResult::Gone { reason },
                next_poll_at: None,
                check_health: false,
            };
        }
        if let FetchError::Status {
            status: 429 | 503,
            retry_after,
            ..
        } = &err
        {
            self.limiter
                .throttle_domain(url, retry_after.unwrap_or(DEFAULT_THROTTLE));
        }
        if err.is_network() {
            if self.network.record_failure(url, now) {
                // Our network, not the feed: retry soon, count nothing.
                debug!(error = %err, "Fetch failed during a network incident");
                let next = now.saturating_add(crate::units::millis_i64(
                    feed.interval.min(feed.min_interval),
                ));
                return Decided {
                    status: PollStatus::NetworkDown,
                    result: PollResult::Failed {
                        error: err.to_string(),
                        counts_as_failure: false,
                    },
                    next_poll_at: Some(next),
                    check_health: false,
                };
            }
        } else {
            self.network.record_answer(url, now);
        }
        let retry_after = err.retry_after();
        self.failed(feed, state, err.poll_status(), err.to_string(), retry_after)
    }

    fn failed(
        &self,
        feed: &FeedConfig,
        state: &FeedState,
        status: PollStatus,
        error: String,
        retry_after: Option<Duration>,
    ) -> Decided {
        let now = self.clock.now();
        let failures = u32::try_from(state.consecutive_failures + 1).unwrap_or(u32::MAX);
        let next = schedule::next_after_failure(
            now,
            &interval_policy(feed),
            &state.hints,
            failures,
            retry_after,
            fastrand::f64(),
        );
        let retry_in = (next - now).to_std().unwrap_or_default();
        if status == PollStatus::Parse {
            warn!(error = %error, retry_in = ?retry_in, failures, "Feed could not be parsed");
        } else {
            warn!(error = %error, retry_in = ?retry_in, failures, "Fetch failed");
        }
        Decided {
            status,
            result: PollResult::Failed {
                error,
                counts_as_failure: true,
            },
            next_poll_at: Some(millis(next)),
            check_health: true,
        }
    }

    /// The one store call of a poll: everything it changed, atomically.
    async fn record(
        &self,
        feed: &FeedConfig,
        state: &FeedState,
        decided: Decided,
        moved_to: Option<String>,
        now: DateTime<Utc>,
        via: Via,
    ) -> Result<(PollOutcome, Option<Millis>), StoreError> {
        let deferred = match &decided.result {
            PollResult::Fetched(fetched) => fetched.entries.iter().any(|e| e.deferred),
            _ => false,
        };
        let policy = FeedPolicy {
            completion: deferred.then(|| Completion {
                config: Arc::clone(&self.config),
                learner: self.learner.get(),
                feed: feed.clone(),
                now,
                first_poll: state.first_polled_at.is_none(),
            }),
            stories: Arc::clone(&self.stories),
            poll: self.stories.begin_poll(),
            update_intervals: Arc::clone(&self.update_intervals),
            now: millis(now),
            interval: interval_policy(feed),
            health: decided.check_health.then(|| HealthContext {
                config: self.config.health.clone(),
                feed: feed.name.clone(),
                now: millis(now),
                detected: self.clock.now(),
            }),
        };
        let record = PollRecord {
            feed: state.id,
            at: millis(now),
            status: decided.status,
            result: decided.result,
            moved_to,
            next_poll_at: decided.next_poll_at,
            lease_owner: self.lease_owner.clone(),
            pushed: via == Via::Push,
        };
        let outcome_of = |result: &PollResult| match result {
            PollResult::NotModified => PollOutcome::NotModified,
            PollResult::Failed { error, .. } => PollOutcome::Failed(error.clone()),
            PollResult::Gone { reason } => PollOutcome::Disabled(reason.clone()),
            PollResult::Fetched(_) => PollOutcome::Stored(IngestReport::default()),
        };
        let outcome = outcome_of(&record.result);
        let next = record.next_poll_at;
        let report = self.store.record_poll(record, policy).await?;
        observe_report(feed, &report, now, via.label());
        if let Some(update) = &report.incident {
            match update.incident {
                None => info!(detail = %update.detail, "Feed health: recovered"),
                Some(incident) => {
                    warn!(state = %incident.kind, detail = %update.detail, "Feed health incident")
                }
            }
        }
        let outcome = match outcome {
            PollOutcome::Stored(_) => {
                let ingest = report.ingest;
                if ingest.split_items > 0 {
                    warn!(
                        items = ingest.split_items,
                        "Entries of this feed had been stored as one item (a link or GUID they \
                         share, which no longer identifies them); stored apart now"
                    );
                }
                if ingest.unlinked_items > 0 {
                    debug!(
                        items = ingest.unlinked_items,
                        "Entries whose link names another stored item (a page several items \
                         share) are known by their GUID or text"
                    );
                }
                if ingest.new_items > 0 || !ingest.alerts.is_empty() {
                    info!(
                        new_items = ingest.new_items,
                        alerts = ingest.alerts.len(),
                        seen = ingest.seen_items,
                        "Feed polled"
                    );
                } else {
                    debug!(seen = ingest.seen_items, "Feed polled; nothing new");
                }
                PollOutcome::Stored(ingest)
            }
            other => other,
        };
        Ok((outcome, next))
    }
}

/// How content reached us: fetched by a poll, or pushed by a WebSub hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Poll,
    Push,
}

impl Via {
    /// The metric label.
    fn label(self) -> &'static str {
        match self {
            Via::Poll => "poll",
            Via::Push => "push",
        }
    }
}

/// The metrics of a recorded poll or push.
fn observe_report(feed: &FeedConfig, report: &PollReport, now: DateTime<Utc>, via: &'static str) {
    let ingest = &report.ingest;
    telemetry::items_stored(
        &feed.name,
        ingest.new_items,
        ingest.seen_items,
        &ingest.new_matches,
    );
    for raised in &ingest.raised {
        let latency = raised.published.and_then(|p| (now - p).to_std().ok());
        telemetry::alert_raised(&raised.topic, latency, via);
    }
    if report.incident.as_ref().is_some_and(|i| i.alert.is_some()) {
        telemetry::alert_raised(payload::HEALTH_TOPIC, None, via);
    }
}

/// What a panic said, for the log and the poll's outcome.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic without a message".to_string())
}

fn millis(t: DateTime<Utc>) -> Millis {
    t.timestamp_millis()
}

/// The daemon's policies, applied by the store inside a poll's transaction.
struct FeedPolicy {
    /// Set when some entries were deferred (`key_entries`).
    completion: Option<Completion>,
    stories: Arc<StoryEngine>,
    /// This poll's transaction, for the story index.
    poll: PollToken,
    update_intervals: Arc<HashMap<String, Millis>>,
    now: Millis,
    interval: IntervalPolicy,
    /// `None`: the feed's health is not assessed after this poll.
    health: Option<HealthContext>,
}

/// What preparing a deferred entry needs (as `parse` had it).
struct Completion {
    config: Arc<Config>,
    learner: Arc<Learner>,
    feed: FeedConfig,
    now: DateTime<Utc>,
    first_poll: bool,
}

struct HealthContext {
    config: HealthConfig,
    feed: String,
    now: Millis,
    detected: DateTime<Utc>,
}

impl PollPolicy for FeedPolicy {
    fn complete(&self, entry: &IngestEntry) -> IngestEntry {
        match &self.completion {
            Some(c) => complete_entry(&c.config, &c.learner, &c.feed, entry, c.now, c.first_poll),
            // Only a poll with deferred entries has them.
            None => entry.clone(),
        }
    }

    fn assign_story(&self, entry: &IngestEntry, feed: FeedId, at: Millis) -> StoryChoice {
        self.stories
            .assign(&entry.features, feed, at, self.now, self.poll)
    }

    fn item_stored(
        &self,
        item: ItemId,
        story: StoryId,
        entry: &IngestEntry,
        feed: FeedId,
        at: Millis,
    ) {
        self.stories
            .stored(item, story, &entry.features, feed, at, self.poll);
    }

    fn committed(&self) {
        self.stories.committed(self.poll);
    }

    fn rolled_back(&self) {
        self.stories.rolled_back(self.poll);
    }

    fn catch_up_from(&self) -> Option<CatchUpFrom> {
        Some(self.stories.catch_up_from())
    }

    fn catch_up_lacking(&self, ids: &[ItemId]) -> Vec<ItemId> {
        self.stories.lacking_under_lock(ids, self.poll)
    }

    fn catch_up(&self, items: &[StoryItem]) {
        self.stories.add_synced(items);
    }

    fn alert_payload(&self, alert: &NewAlert, story: &StorySummary) -> String {
        payload::with_story(&alert.payload, story)
    }

    fn update_interval(&self, sink: &str) -> Option<Millis> {
        self.update_intervals.get(sink).copied()
    }

    fn cadence_sample(&self) -> usize {
        CADENCE_SAMPLE
    }

    fn learned_interval_secs(&self, newest_dates: &[Millis]) -> Option<u64> {
        schedule::learned_interval(newest_dates, &self.interval).map(|d| d.as_secs())
    }

    fn health(&self, after: &FeedState) -> Option<IncidentUpdate> {
        let context = self.health.as_ref()?;
        let change = health::assess(&context.config, after, context.now)?;
        let alert =
            (!context.config.notify.is_empty()).then(|| health_alert(context, after, &change));
        Some(IncidentUpdate {
            incident: change.incident,
            detail: change.detail,
            alert,
        })
    }
}

/// The health event sent to `[health] notify` sinks, once per change.
fn health_alert(context: &HealthContext, feed: &FeedState, change: &HealthChange) -> NewAlert {
    let id = payload::new_alert_id(context.detected);
    let since = DateTime::from_timestamp_millis(change.since).unwrap_or(context.detected);
    let state = match change.state {
        HealthState::Failing | HealthState::Quiet | HealthState::Recovered => change.state.name(),
    };
    NewAlert {
        payload: payload::build_health(
            &id,
            &context.feed,
            feed.fetch_url(),
            state,
            since,
            &change.detail,
            context.detected,
        ),
        id,
        topic: payload::HEALTH_TOPIC.to_string(),
        recipients: context
            .config
            .notify
            .iter()
            .map(|sink| Recipient {
                sink: sink.clone(),
                digest: None,
            })
            .collect(),
    }
}
