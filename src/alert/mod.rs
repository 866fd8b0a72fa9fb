//! The alert stage: builds payloads and drains the outbox into sinks.
//!
//! **Architecture invariant:** an alert exists only as a row written in the
//! same transaction as the item that caused it; delivery only ever moves a
//! row from `pending` (or `held`, for a digest) to `delivered`, `failed`, or
//! `folded` into a digest or summary that is itself delivered or failed. A
//! crash between sending and recording means the message is sent again on
//! restart (at least once, with the same id so the receiver can drop the
//! duplicate), never lost.

mod config;
pub(crate) mod payload;
pub(crate) mod schedule;
pub mod sink;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{Instrument, info, info_span, warn};

pub use config::{DeliveryConfig, RawDeliveryConfig};
pub use sink::{
    DeliveryError, OnNewSource, Outgoing, OutgoingKind, Sink, SinkBuildError, SinkConfig,
};

use crate::clock::Clock;
use crate::model::{DigestKey, Millis};
use crate::store::{
    AttemptResult, HeadKind, HeldGroup, NewAlert, PendingDelivery, Recipient, Store, StoreError,
};
use schedule::{DigestSchedule, RateLimit};

/// A summary shows this many alerts in full and counts the rest.
pub const SUMMARY_SHOWN: usize = 10;

/// Drains the outbox: per sink, the oldest pending message first.
#[derive(Debug, Clone)]
pub struct Deliverer {
    store: Store,
    sinks: Arc<HashMap<String, Sink>>,
    rate_limits: Arc<HashMap<String, RateLimit>>,
    /// Every digest schedule in the config, to recognise held deliveries'.
    schedules: Arc<Vec<DigestSchedule>>,
    /// The sinks that hear about new reports of stories they alerted on:
    /// how often, and the digest their messages wait for.
    updates: Arc<HashMap<String, (Duration, Option<DigestKey>)>>,
    policy: DeliveryConfig,
    clock: Clock,
    /// Set when sink queues are leased (a daemon): this replica delivers
    /// only the queues it holds, so each sink is drained by one replica at
    /// a time, in order. `None` (tools, tests): every queue.
    lease: Option<SinkLease>,
    /// Where alert pages live (`[http] public_url`), for story updates'
    /// `url`; `None` when the web UI is not public.
    alert_pages: Option<url::Url>,
}

#[derive(Debug, Clone)]
struct SinkLease {
    replica: String,
    period: Millis,
}

/// What one pass over the outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct RoundReport {
    pub delivered: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Deliverer {
    /// Builds every sink. `topic_digests` are the digest schedules topics
    /// set for themselves (held deliveries may wait for them too).
    pub fn new(
        sinks: &[SinkConfig],
        topic_digests: impl IntoIterator<Item = DigestSchedule>,
        policy: DeliveryConfig,
        user_agent: &str,
        store: Store,
        clock: Clock,
    ) -> Result<Deliverer, SinkBuildError> {
        let mut built = HashMap::new();
        let mut rate_limits = HashMap::new();
        let mut schedules = Vec::new();
        let mut updates = HashMap::new();
        for sink in sinks {
            if let OnNewSource::Update { interval } = sink.on_new_source {
                updates.insert(sink.name.clone(), (interval, sink.digest.key()));
            }
            built.insert(sink.name.clone(), Sink::build(sink, user_agent)?);
            if let Some(limit) = sink.rate_limit {
                rate_limits.insert(sink.name.clone(), limit);
            }
            schedules.push(sink.digest);
        }
        schedules.extend(topic_digests);
        Ok(Deliverer {
            store,
            sinks: Arc::new(built),
            rate_limits: Arc::new(rate_limits),
            schedules: Arc::new(schedules),
            updates: Arc::new(updates),
            policy,
            clock,
            lease: None,
            alert_pages: None,
        })
    }

    /// Delivers only the sink queues `replica` leases (for `period`).
    /// Story updates link their page under `public_url` (`[http]`).
    pub fn with_alert_pages(mut self, public_url: Option<url::Url>) -> Deliverer {
        self.alert_pages = public_url;
        self
    }

    pub fn with_lease(mut self, replica: &str, period: Duration) -> Deliverer {
        self.lease = Some(SinkLease {
            replica: replica.to_string(),
            period: crate::units::millis_i64(period),
        });
        self
    }

    /// The sinks whose queues this deliverer may drain now (`None`: all).
    async fn leased_sinks(&self) -> Result<Option<Vec<String>>, StoreError> {
        let Some(lease) = &self.lease else {
            return Ok(None);
        };
        let mut sinks: Vec<String> = self.sinks.keys().cloned().collect();
        sinks.sort();
        let held = self
            .store
            .claim_sinks(&lease.replica, sinks, self.clock.now_millis(), lease.period)
            .await?;
        Ok(Some(held))
    }

    /// Sends every message that is due now, head by head, until each sink's
    /// queue is empty, its head waits for a retry, or its rate limit is reached.
    pub async fn deliver_due(&self) -> Result<RoundReport, StoreError> {
        self.deliver(false).await
    }

    /// Like [`deliver_due`](Self::deliver_due), but gives every pending
    /// message one attempt now, even if its retry is not yet due: `run --once`
    /// runs from cron and will not be around when the retry falls due.
    pub async fn deliver_all(&self) -> Result<RoundReport, StoreError> {
        self.deliver(true).await
    }

    async fn deliver(&self, ignore_schedule: bool) -> Result<RoundReport, StoreError> {
        Ok(self.deliver_pass(ignore_schedule).await?.0)
    }

    /// One pass; also returns the sinks this replica drains (`None`: all).
    async fn deliver_pass(
        &self,
        ignore_schedule: bool,
    ) -> Result<(RoundReport, Option<Vec<String>>), StoreError> {
        // Results sent but not yet recorded (the disk was full) go first:
        // until they are written, nothing more is sent.
        self.store.record_unrecorded_attempts().await?;
        let mine = self.leased_sinks().await?;
        let is_mine = |sink: &str| mine.as_ref().is_none_or(|m| m.iter().any(|s| s == sink));
        self.make_due_updates(&is_mine).await?;
        self.make_due_digests(&is_mine).await?;
        let mut report = RoundReport::default();
        let mut blocked: Vec<String> = Vec::new();
        loop {
            // Never send from a database that is no longer the one at its
            // path: its rows would be marked delivered where nobody looks.
            self.store.check_identity().await?;
            let now = self.clock.now_millis();
            let heads = self.store.outbox_heads().await?;
            let mut due = Vec::new();
            for head in heads {
                if blocked.contains(&head.sink)
                    || !is_mine(&head.sink)
                    || !(ignore_schedule || head.next_attempt_at <= now)
                {
                    continue;
                }
                if !self.within_rate_limit(&head.sink, now).await? {
                    blocked.push(head.sink.clone());
                    continue;
                }
                due.push(head);
            }
            if due.is_empty() {
                return Ok((report, mine));
            }
            // Sinks are independent: one slow receiver must not hold up the others.
            let results =
                futures_util::future::join_all(due.into_iter().map(|d| self.attempt(d))).await;
            for result in results {
                let (sink, outcome) = result?;
                match outcome {
                    Outcome::Delivered => report.delivered += 1,
                    Outcome::Retrying => {
                        report.retrying += 1;
                        blocked.push(sink);
                    }
                    Outcome::Failed => report.failed += 1,
                    Outcome::NoSink => blocked.push(sink),
                }
            }
        }
    }

    /// Raises the updates about new reports of alerted stories that are due
    /// (at most one per story and sink per the sink's `update_interval`).
    async fn make_due_updates(&self, is_mine: &impl Fn(&str) -> bool) -> Result<(), StoreError> {
        if self.updates.is_empty() {
            return Ok(());
        }
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let sinks: Vec<String> = self
            .updates
            .keys()
            .filter(|sink| is_mine(sink))
            .cloned()
            .collect();
        if sinks.is_empty() {
            return Ok(());
        }
        for update in self.store.due_updates(now_ms, sinks).await? {
            let Some((interval, digest)) = self.updates.get(&update.sink).cloned() else {
                continue;
            };
            let id = payload::new_alert_id(now);
            let topic = update
                .topics
                .first()
                .cloned()
                .unwrap_or_else(|| "story".to_string());
            let page = self
                .alert_pages
                .as_ref()
                .and_then(|base| crate::http::alert_page(base, id.as_str()));
            let body = payload::build_story_update(
                &id,
                &topic,
                &update.story,
                &update.new_items,
                now,
                page,
            );
            let alert = NewAlert {
                id,
                topic,
                payload: body,
                recipients: vec![Recipient {
                    sink: update.sink.clone(),
                    digest,
                }],
            };
            let next_due = now_ms + Millis::try_from(interval.as_millis()).unwrap_or(Millis::MAX);
            info!(story = %update.story.id, sink = %update.sink, new = update.new_items.len(), "Story update ready");
            self.store
                .record_update(update, alert, next_due, now_ms)
                .await?;
        }
        Ok(())
    }

    /// Folds held deliveries into digest messages whose time has come
    /// (including digests that fell due while feedwatch was not running).
    async fn make_due_digests(&self, is_mine: &impl Fn(&str) -> bool) -> Result<(), StoreError> {
        let now = self.clock.now();
        let groups = self.store.held_groups().await?;
        for HeldGroup {
            sink,
            schedule: key,
            oldest,
            last_run,
        } in groups
        {
            if !is_mine(&sink) {
                continue;
            }
            let since = last_run.unwrap_or(oldest);
            let since_time = DateTime::from_timestamp_millis(since).unwrap_or(now);
            let due = match self
                .schedules
                .iter()
                .find(|s| s.key().as_ref() == Some(&key))
            {
                Some(schedule) => schedule
                    .next_after(since_time)
                    .is_none_or(|next| next <= now),
                // The schedule left the config: send what it held now.
                None => true,
            };
            if due {
                let now_ms = now.timestamp_millis();
                if let Some(id) = self
                    .store
                    .make_digest(&sink, key.clone(), since, now_ms)
                    .await?
                {
                    info!(sink = %sink, schedule = %key, digest = %id, "Digest ready");
                }
            }
        }
        Ok(())
    }

    /// Whether `sink` may send one more message now. When its backlog is
    /// larger than what the limit still allows, the overflow is folded into
    /// one summary per topic instead of being spammed or dropped.
    async fn within_rate_limit(&self, sink: &str, now: Millis) -> Result<bool, StoreError> {
        let Some(limit) = self.rate_limits.get(sink).copied() else {
            return Ok(true);
        };
        let window_start = now.saturating_sub(crate::units::millis_i64(limit.per));
        let sent = self.store.sent_since(sink, window_start).await?;
        let capacity = i64::from(limit.max) - sent;
        if capacity <= 0 {
            return Ok(false);
        }
        let pending = self.store.pending_count(sink).await?;
        if pending > capacity {
            // Keep room for the summaries themselves.
            let keep = usize::try_from(capacity - 1).unwrap_or(0);
            let folded = self.store.fold_into_summaries(sink, keep, now).await?;
            warn!(
                sink = %sink,
                backlog = pending,
                limit = %limit.describe(),
                summaries = folded.len(),
                "Alert flood: the overflow is folded into summaries"
            );
        }
        Ok(true)
    }

    async fn attempt(&self, head: PendingDelivery) -> Result<(String, Outcome), StoreError> {
        let span = info_span!("deliver", alert_id = %head.delivery_id, sink = %head.sink, attempt = head.attempts + 1);
        let sink_name = head.sink.clone();
        let outcome = async {
            let Some(sink) = self.sinks.get(&head.sink) else {
                // The sink left the config (reload); keep the message pending
                // so it goes out if the sink comes back, and say so.
                warn!("Sink is no longer configured; its messages stay pending");
                return Ok::<_, StoreError>(Outcome::NoSink);
            };
            let started = std::time::Instant::now();
            let result = sink.send(&outgoing(&head)).await;
            let took = started.elapsed();
            let now = self.clock.now_millis();
            let row = head.row.clone();
            let (attempt, outcome) = match result {
                Ok(()) => {
                    info!("Delivered");
                    (AttemptResult::Delivered { at: now }, Outcome::Delivered)
                }
                Err(DeliveryError::Permanent { reason }) => {
                    tracing::error!(error = %reason, "Delivery failed permanently; see `feedwatch alerts --failed`");
                    (AttemptResult::Failed { error: reason }, Outcome::Failed)
                }
                Err(DeliveryError::Retry { reason, after }) => {
                    let age = Duration::from_millis((now - head.created_at).max(0) as u64);
                    if age >= self.policy.max_age {
                        let reason = format!("gave up after {} attempts over {age:?}: {reason}", head.attempts + 1);
                        tracing::error!(error = %reason, "Delivery failed permanently; see `feedwatch alerts --failed`");
                        (AttemptResult::Failed { error: reason }, Outcome::Failed)
                    } else {
                        let delay = after.unwrap_or_else(|| backoff(&self.policy, head.attempts + 1));
                        warn!(error = %reason, retry_in = ?delay, "Delivery failed; will retry");
                        let retry = AttemptResult::Retry {
                            next_attempt_at: now.saturating_add(crate::units::millis_i64(delay)),
                            error: reason,
                        };
                        (retry, Outcome::Retrying)
                    }
                }
            };
            let result = match &attempt {
                AttemptResult::Delivered { .. } => "delivered",
                AttemptResult::Retry { .. } => "retry",
                AttemptResult::Failed { .. } => "failed",
            };
            crate::telemetry::delivery_attempted(&head.sink, result, took);
            self.store.record_attempt(row, attempt).await?;
            Ok(outcome)
        }
        .instrument(span)
        .await?;
        Ok((sink_name, outcome))
    }

    /// Delivers until cancelled: woken by `wake` when new alerts are stored,
    /// when the earliest retry falls due, or every `poll_interval` (digest
    /// times and rate-limit windows are checked then).
    ///
    /// Returns the error when the database was deleted or replaced: the
    /// daemon must stop rather than deliver from it.
    pub async fn run(
        self,
        wake: Arc<Notify>,
        shutdown: CancellationToken,
    ) -> Result<(), StoreError> {
        loop {
            let mine = match self.deliver_pass(false).await {
                Ok((_, mine)) => mine,
                Err(err @ StoreError::Replaced { .. }) => return Err(err),
                Err(err) => {
                    // Back off like a failed delivery, without listening to
                    // wake-ups: when the database refuses writes (a full
                    // disk), it has said so once; trying again at once
                    // would only spin.
                    let wait = match self.store.write_backoff() {
                        Some(wait) => {
                            tracing::debug!(error = %err, retry_in = ?wait, "Outbox pass failed; the database refuses writes");
                            wait
                        }
                        None => {
                            tracing::error!(error = %err, "Outbox pass failed; will try again");
                            self.policy.poll_interval
                        }
                    };
                    tokio::select! {
                        () = shutdown.cancelled() => return Ok(()),
                        () = tokio::time::sleep(wait) => {}
                    }
                    continue;
                }
            };
            // Only the queues we drain: another replica's due head is its
            // business, and waiting on it would spin.
            let next_due = match &mine {
                None => self.store.next_due().await.ok().flatten(),
                Some(mine) => self.store.outbox_heads().await.ok().and_then(|heads| {
                    heads
                        .iter()
                        .filter(|h| mine.contains(&h.sink))
                        .map(|h| h.next_attempt_at)
                        .min()
                }),
            };
            let now = self.clock.now_millis();
            let wait = next_due
                .map(|due| Duration::from_millis((due - now).max(0) as u64))
                .unwrap_or(self.policy.poll_interval)
                .min(self.policy.poll_interval);
            tokio::select! {
                () = shutdown.cancelled() => return Ok(()),
                () = wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

enum Outcome {
    Delivered,
    Retrying,
    Failed,
    NoSink,
}

/// The message a sink is asked to send for a head of the outbox.
fn outgoing(head: &PendingDelivery) -> Outgoing {
    let time = |ms: Millis| DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default();
    let (kind, alerts) = match &head.kind {
        HeadKind::Alert => (OutgoingKind::Alert, head.payloads.clone()),
        HeadKind::Digest { since, until } => (
            OutgoingKind::Digest {
                since: time(*since),
                until: time(*until),
            },
            head.payloads.clone(),
        ),
        HeadKind::Summary { topic } => (
            OutgoingKind::Summary {
                topic: topic.clone(),
                folded: head.payloads.len().saturating_sub(SUMMARY_SHOWN),
            },
            head.payloads.iter().take(SUMMARY_SHOWN).cloned().collect(),
        ),
    };
    Outgoing {
        delivery_id: head.delivery_id.clone(),
        kind,
        alerts,
    }
}

/// Exponential backoff with ±20% jitter: `initial * 2^(attempt-1)`, capped.
pub fn backoff(policy: &DeliveryConfig, attempt: i64) -> Duration {
    let exponent = (attempt - 1).clamp(0, 30) as u32;
    let base = policy
        .retry_initial
        .saturating_mul(2u32.saturating_pow(exponent))
        .min(policy.retry_max);
    let jitter = 0.8 + fastrand::f64() * 0.4;
    crate::units::mul_f64_saturating(base, jitter).min(policy.retry_max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let policy = DeliveryConfig {
            retry_initial: Duration::from_secs(10),
            retry_max: Duration::from_secs(60),
            ..DeliveryConfig::default()
        };
        for _ in 0..50 {
            let first = backoff(&policy, 1);
            assert!(
                first >= Duration::from_secs(8) && first <= Duration::from_secs(12),
                "{first:?}"
            );
            let third = backoff(&policy, 3);
            assert!(
                third >= Duration::from_secs(32) && third <= Duration::from_secs(48),
                "{third:?}"
            );
            assert!(backoff(&policy, 40) <= Duration::from_secs(60));
        }
    }
}
