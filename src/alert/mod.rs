//! The alert stage: builds payloads and drains the outbox into sinks.
//!
//! **Architecture invariant:** an alert exists only as a row written in the
//! same transaction as the item that caused it; delivery only ever moves a
//! row from `pending` to `delivered` or `failed`. A crash between sending
//! and recording means the alert is sent again on restart (at least once,
//! with the same id so the receiver can drop the duplicate), never lost.

pub mod payload;
pub mod sink;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{Instrument, info, info_span, warn};

pub use sink::{DeliveryError, Sink};

use crate::clock::Clock;
use crate::config::{Config, DeliveryConfig};
use crate::store::{self, Millis, PendingDelivery, Store, StoreError};

/// Drains the outbox: per sink, the oldest pending delivery first.
#[derive(Debug, Clone)]
pub struct Deliverer {
    store: Store,
    sinks: Arc<HashMap<String, Sink>>,
    policy: DeliveryConfig,
    clock: Clock,
}

/// What one pass over the outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct RoundReport {
    pub delivered: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Deliverer {
    pub fn new(config: &Config, store: Store, clock: Clock) -> Result<Deliverer, String> {
        let mut sinks = HashMap::new();
        for sink in &config.sinks {
            sinks.insert(
                sink.name.clone(),
                Sink::build(sink, &config.fetch.user_agent)?,
            );
        }
        Ok(Deliverer {
            store,
            sinks: Arc::new(sinks),
            policy: config.delivery.clone(),
            clock,
        })
    }

    /// Sends every delivery that is due now, head by head, until each sink's
    /// queue is empty or its head is waiting for a retry.
    pub async fn deliver_due(&self) -> Result<RoundReport, StoreError> {
        self.deliver(false).await
    }

    /// Like [`deliver_due`](Self::deliver_due), but gives every pending
    /// delivery one attempt now, even if its retry is not yet due: `run --once`
    /// runs from cron and will not be around when the retry falls due.
    pub async fn deliver_all(&self) -> Result<RoundReport, StoreError> {
        self.deliver(true).await
    }

    async fn deliver(&self, ignore_schedule: bool) -> Result<RoundReport, StoreError> {
        let mut report = RoundReport::default();
        let mut blocked: Vec<String> = Vec::new();
        loop {
            let now = self.clock.now_millis();
            let heads = self.store.call(|c| store::outbox::heads(c)).await?;
            let due: Vec<PendingDelivery> = heads
                .into_iter()
                .filter(|h| {
                    (ignore_schedule || h.next_attempt_at <= now) && !blocked.contains(&h.sink)
                })
                .collect();
            if due.is_empty() {
                return Ok(report);
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

    async fn attempt(&self, delivery: PendingDelivery) -> Result<(String, Outcome), StoreError> {
        let span = info_span!("deliver", alert_id = %delivery.alert_id, sink = %delivery.sink, attempt = delivery.attempts + 1);
        let sink_name = delivery.sink.clone();
        let outcome = async {
            let Some(sink) = self.sinks.get(&delivery.sink) else {
                // The sink left the config (reload); keep the delivery pending
                // so it goes out if the sink comes back, and say so.
                warn!("Sink is no longer configured; delivery stays pending");
                return Ok(Outcome::NoSink);
            };
            let result = sink.send(&delivery).await;
            let now = self.clock.now_millis();
            let id = delivery.id;
            match result {
                Ok(()) => {
                    self.store
                        .call(move |c| store::outbox::mark_delivered(c, id, now))
                        .await?;
                    info!("Alert delivered");
                    Ok(Outcome::Delivered)
                }
                Err(DeliveryError::Permanent { reason }) => {
                    tracing::error!(error = %reason, "Alert delivery failed permanently");
                    self.store
                        .call(move |c| store::outbox::mark_failed(c, id, &reason))
                        .await?;
                    Ok(Outcome::Failed)
                }
                Err(DeliveryError::Retry { reason, after }) => {
                    let age = Duration::from_millis((now - delivery.created_at).max(0) as u64);
                    if age >= self.policy.max_age {
                        let reason = format!(
                            "gave up after {} attempts over {age:?}: {reason}",
                            delivery.attempts + 1
                        );
                        tracing::error!(error = %reason, "Alert delivery failed permanently");
                        self.store
                            .call(move |c| store::outbox::mark_failed(c, id, &reason))
                            .await?;
                        return Ok(Outcome::Failed);
                    }
                    let delay =
                        after.unwrap_or_else(|| backoff(&self.policy, delivery.attempts + 1));
                    let next = now + delay.as_millis() as Millis;
                    warn!(error = %reason, retry_in = ?delay, "Alert delivery failed; will retry");
                    self.store
                        .call(move |c| store::outbox::mark_retry(c, id, next, &reason))
                        .await?;
                    Ok(Outcome::Retrying)
                }
            }
        }
        .instrument(span)
        .await?;
        Ok((sink_name, outcome))
    }

    /// Delivers until cancelled: woken by `wake` when new alerts are stored,
    /// or when the earliest retry falls due.
    pub async fn run(self, wake: Arc<Notify>, shutdown: CancellationToken) {
        loop {
            if let Err(err) = self.deliver_due().await {
                tracing::error!(error = %err, "Outbox pass failed; will try again");
            }
            let next_due = self
                .store
                .call(|c| store::outbox::next_due(c))
                .await
                .ok()
                .flatten();
            let now = self.clock.now_millis();
            let wait = next_due
                .map(|due| Duration::from_millis((due - now).max(0) as u64))
                .unwrap_or(self.policy.poll_interval)
                .min(self.policy.poll_interval);
            tokio::select! {
                () = shutdown.cancelled() => return,
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

/// Exponential backoff with ±20% jitter: `initial * 2^(attempt-1)`, capped.
pub fn backoff(policy: &DeliveryConfig, attempt: i64) -> Duration {
    let exponent = (attempt - 1).clamp(0, 30) as u32;
    let base = policy
        .retry_initial
        .saturating_mul(2u32.saturating_pow(exponent))
        .min(policy.retry_max);
    let jitter = 0.8 + fastrand::f64() * 0.4;
    base.mul_f64(jitter).min(policy.retry_max)
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
