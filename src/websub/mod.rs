//! The WebSub subscriber (W3C Recommendation, 2018): feeds whose publishers
//! advertise a hub are pushed to us within seconds instead of waiting for
//! the next poll.
//!
//! - [`Subscriber`] runs beside the scheduler while `[http] public_url` is
//!   set: it discovers each feed's hub and topic (`discover.rs`: `Link`
//!   headers, then `atom:link`/`link rel="hub"`; a feed's `hub = "..."`
//!   overrides), subscribes with an unguessable callback URL and a random
//!   secret per subscription, renews leases before they expire, retries
//!   failures with backoff, and unsubscribes feeds removed from the config.
//! - [`Callbacks`] answers the hub: a verification of intent is confirmed
//!   only for a subscription we asked for (matching callback, mode and
//!   topic); pushed content is accepted only when its `X-Hub-Signature`
//!   verifies (`signature.rs`, constant time). The HTTP layer then hands
//!   accepted content to the daemon's usual parse, prepare and record path,
//!   so dedup keys make a pushed item later seen by polling a seen item.
//! - [`ActiveFeeds`] tells the poller which feeds are pushed: those are
//!   polled at `max_interval` as a safety net; every other feed keeps its
//!   normal schedule (the polling fallback).
//!
//! **Invariant:** the subscription rows in the store are the only state; a
//! restart resumes every subscription where it stood.

pub mod discover;
pub mod signature;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{Instrument, debug, info, info_span, warn};
use url::Url;

use crate::clock::Clock;
use crate::config::{Config, FeedConfig};
use crate::fetch::limiter::Limiter;
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::http::auth::random_token;
use crate::model::Millis;
use crate::store::{Store, StoreError, Subscription, SubscriptionState};
use crate::telemetry;

/// How long a hub has to verify our intent after accepting a request.
const VERIFY_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// First retry delay after a failed request; doubles per failure.
const RETRY_INITIAL: Duration = Duration::from_secs(60);
/// Ceiling of the retry delay.
const RETRY_MAX: Duration = Duration::from_secs(6 * 3600);
/// Unsubscription attempts before a removed feed's row is dropped anyway.
const MAX_UNSUBSCRIBE_ATTEMPTS: i64 = 5;
/// Longest sleep of the subscriber between passes.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// The feeds with an active subscription, shared with the poller.
#[derive(Debug, Clone, Default)]
pub struct ActiveFeeds(Arc<RwLock<HashSet<String>>>);

impl ActiveFeeds {
    pub fn contains(&self, feed: &str) -> bool {
        self.read().contains(feed)
    }

    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.read().iter().cloned().collect();
        names.sort();
        names
    }

    fn set(&self, feeds: HashSet<String>) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = feeds;
    }

    fn insert(&self, feed: &str) {
        self.0
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(feed.to_string());
    }

    fn remove(&self, feed: &str) {
        self.0
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(feed);
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashSet<String>> {
        self.0.read().unwrap_or_else(|p| p.into_inner())
    }
}

/// The path under `public_url` where callbacks live: `websub/<callback id>`.
pub const CALLBACK_PREFIX: &str = "websub/";

/// Subscribes, renews and unsubscribes, following the config.
pub struct Subscriber {
    config: Arc<Config>,
    public_url: Url,
    store: Store,
    fetcher: Fetcher,
    /// The poller's: discovery fetches a feed like a poll does, so it
    /// waits its turn at the origin like one.
    limiter: Arc<Limiter>,
    client: reqwest::Client,
    clock: Clock,
    active: ActiveFeeds,
    /// Woken by the callbacks when a hub denies or verifies, and on reload.
    wake: Arc<Notify>,
}

/// Why the subscriber could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SubscriberError {
    #[error(transparent)]
    Client(#[from] crate::fetch::ClientError),
    #[error("WebSub HTTP client: {0}")]
    Http(String),
}

impl Subscriber {
    /// `None` when `[http] public_url` is not set (no callbacks, no WebSub).
    pub(crate) fn new(
        config: Arc<Config>,
        store: Store,
        clock: Clock,
        limiter: Arc<Limiter>,
        active: ActiveFeeds,
        wake: Arc<Notify>,
    ) -> Result<Option<Subscriber>, SubscriberError> {
        let Some(public_url) = config.http.public_url.clone() else {
            return Ok(None);
        };
        let fetcher = Fetcher::new(&config.fetch)?;
        let client = reqwest::Client::builder()
            .user_agent(config.fetch.user_agent.clone())
            .timeout(config.fetch.timeout)
            .connect_timeout(config.fetch.connect_timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| SubscriberError::Http(e.to_string()))?;
        Ok(Some(Subscriber {
            config,
            public_url,
            store,
            fetcher,
            limiter,
            client,
            clock,
            active,
            wake,
        }))
    }

    /// Runs passes until `stop` is cancelled.
    pub async fn run(self, stop: CancellationToken) {
        loop {
            let sleep = match self.pass().await {
                Ok(next) => next,
                Err(err) => {
                    warn!(error = %err, "WebSub pass failed; will try again");
                    MAX_SLEEP
                }
            };
            tokio::select! {
                () = stop.cancelled() => return,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(sleep) => {}
            }
        }
    }

    /// One pass over the config and the stored subscriptions; returns how
    /// long until something is due.
    pub async fn pass(&self) -> Result<Duration, StoreError> {
        let now = self.clock.now_millis();
        let rows: HashMap<String, Subscription> = self
            .store
            .subscriptions()
            .await?
            .into_iter()
            .map(|s| (s.feed.clone(), s))
            .collect();
        let mut next_due: Option<Millis> = None;
        let mut due = |at: Millis| next_due = Some(next_due.map_or(at, |n: Millis| n.min(at)));
        for feed in &self.config.feeds {
            if !matches!(feed.url.scheme(), "http" | "https") {
                continue;
            }
            let existing = rows.get(&feed.name);
            let hub_changed = existing.is_some_and(|s| {
                feed.hub
                    .as_ref()
                    .is_some_and(|h| h.as_str() != s.hub && s.state != SubscriptionState::NoHub)
            });
            let act = match existing {
                None => true,
                Some(s) => s.next_attempt_at <= now || hub_changed,
            };
            if act {
                let span = info_span!("websub", feed = %feed.name);
                let row = self.subscribe(feed, existing).instrument(span).await?;
                due(row.next_attempt_at);
            } else if let Some(s) = existing {
                due(s.next_attempt_at);
            }
        }
        for (name, row) in &rows {
            if self.config.feed(name).is_some() {
                continue;
            }
            if row.next_attempt_at <= now || !matches!(row.state, SubscriptionState::Unsubscribing)
            {
                let span = info_span!("websub", feed = %name);
                if let Some(at) = self.unsubscribe(row).instrument(span).await? {
                    due(at);
                }
            } else {
                due(row.next_attempt_at);
            }
        }
        let active: HashSet<String> = self
            .store
            .subscriptions()
            .await?
            .into_iter()
            .filter(|s| {
                s.state == SubscriptionState::Active && s.expires_at.is_some_and(|e| e > now)
            })
            .map(|s| s.feed)
            .collect();
        self.active.set(active);
        let wait = next_due.map_or(MAX_SLEEP, |at| {
            Duration::from_millis((at - self.clock.now_millis()).max(0) as u64)
        });
        Ok(wait.clamp(Duration::from_millis(100), MAX_SLEEP))
    }

    /// Discovers the hub (unless the feed names one) and asks it to
    /// subscribe; returns the row as saved.
    async fn subscribe(
        &self,
        feed: &FeedConfig,
        existing: Option<&Subscription>,
    ) -> Result<Subscription, StoreError> {
        let now = self.clock.now_millis();
        let attempts = existing.map_or(0, |s| s.attempts);
        let discovered = self.discover(feed).await;
        let (hub, topic) = match discovered {
            Ok(Some(found)) => found,
            Ok(None) => {
                debug!("Feed advertises no WebSub hub; polling only");
                let row = Subscription {
                    feed: feed.name.clone(),
                    topic: feed.url.to_string(),
                    hub: String::new(),
                    callback_id: existing
                        .map_or_else(random_token::<24>, |s| s.callback_id.clone()),
                    secret: String::new(),
                    state: SubscriptionState::NoHub,
                    lease_seconds: None,
                    expires_at: None,
                    attempts: 0,
                    next_attempt_at: now
                        .saturating_add(crate::units::millis_i64(feed.max_interval)),
                    last_error: None,
                    updated_at: now,
                };
                self.store.save_subscription(row.clone()).await?;
                self.active.remove(&feed.name);
                return Ok(row);
            }
            Err(error) => {
                let row = self.failed(feed, existing, attempts, error, now);
                self.store.save_subscription(row.clone()).await?;
                return Ok(row);
            }
        };
        // The same hub and topic keep their callback and secret, so pushes
        // in flight during a renewal still verify.
        let reuse =
            existing.filter(|s| s.hub == hub.as_str() && s.topic == topic && !s.secret.is_empty());
        let (callback_id, secret) = match reuse {
            Some(s) => (s.callback_id.clone(), s.secret.clone()),
            None => (random_token::<24>(), random_token::<32>()),
        };
        let renewing = reuse.is_some_and(|s| s.state == SubscriptionState::Active);
        let mut row = Subscription {
            feed: feed.name.clone(),
            topic: topic.clone(),
            hub: hub.to_string(),
            callback_id,
            secret,
            state: if renewing {
                SubscriptionState::Active
            } else {
                SubscriptionState::Requested
            },
            lease_seconds: reuse.and_then(|s| s.lease_seconds),
            expires_at: reuse.and_then(|s| s.expires_at),
            attempts,
            next_attempt_at: now.saturating_add(crate::units::millis_i64(VERIFY_TIMEOUT)),
            last_error: None,
            updated_at: now,
        };
        // Saved before the request: the hub may verify before it answers.
        self.store.save_subscription(row.clone()).await?;
        match self.request(&row, "subscribe").await {
            Ok(()) => {
                info!(hub = %hub, topic = %topic, renewing, "WebSub subscription requested");
                Ok(row)
            }
            Err(error) => {
                // A renewal that failed keeps the lease it has until it expires.
                let still_active = renewing && row.expires_at.is_some_and(|e| e > now);
                let failed = self.failed(feed, Some(&row), attempts, error, now);
                row = Subscription {
                    state: if still_active {
                        SubscriptionState::Active
                    } else {
                        SubscriptionState::Failed
                    },
                    ..failed
                };
                self.store.save_subscription(row.clone()).await?;
                Ok(row)
            }
        }
    }

    fn failed(
        &self,
        feed: &FeedConfig,
        existing: Option<&Subscription>,
        attempts: i64,
        error: String,
        now: Millis,
    ) -> Subscription {
        let attempts = attempts + 1;
        let delay = retry_delay(attempts);
        warn!(error = %error, retry_in = ?delay, attempts, "WebSub subscription failed; polling continues");
        Subscription {
            feed: feed.name.clone(),
            topic: existing.map_or_else(|| feed.url.to_string(), |s| s.topic.clone()),
            // The configured hub, so a changed `hub =` is not retried at once.
            hub: feed.hub.as_ref().map_or_else(
                || existing.map_or_else(String::new, |s| s.hub.clone()),
                |h| h.to_string(),
            ),
            callback_id: existing.map_or_else(random_token::<24>, |s| s.callback_id.clone()),
            secret: existing.map_or_else(String::new, |s| s.secret.clone()),
            state: SubscriptionState::Failed,
            lease_seconds: existing.and_then(|s| s.lease_seconds),
            expires_at: existing.and_then(|s| s.expires_at),
            attempts,
            next_attempt_at: now.saturating_add(crate::units::millis_i64(delay)),
            last_error: Some(error),
            updated_at: now,
        }
    }

    /// Asks the hub to stop (a feed left the config); returns when to look
    /// again, or `None` when the row is gone.
    async fn unsubscribe(&self, row: &Subscription) -> Result<Option<Millis>, StoreError> {
        let now = self.clock.now_millis();
        let may_be_subscribed = matches!(
            row.state,
            SubscriptionState::Active
                | SubscriptionState::Requested
                | SubscriptionState::Unsubscribing
        );
        if !may_be_subscribed || row.hub.is_empty() || row.attempts >= MAX_UNSUBSCRIBE_ATTEMPTS {
            self.store.delete_subscription(&row.feed).await?;
            self.active.remove(&row.feed);
            info!("Feed left the config; its WebSub subscription is dropped");
            return Ok(None);
        }
        let mut next = Subscription {
            state: SubscriptionState::Unsubscribing,
            attempts: row.attempts + 1,
            next_attempt_at: now
                .saturating_add(crate::units::millis_i64(retry_delay(row.attempts + 1))),
            updated_at: now,
            ..row.clone()
        };
        self.store.save_subscription(next.clone()).await?;
        self.active.remove(&row.feed);
        match self.request(&next, "unsubscribe").await {
            Ok(()) => {
                info!(hub = %row.hub, "Feed left the config; WebSub unsubscription requested")
            }
            Err(error) => {
                warn!(error = %error, "WebSub unsubscription failed; will retry");
                next.last_error = Some(error);
                self.store.save_subscription(next.clone()).await?;
            }
        }
        Ok(Some(next.next_attempt_at))
    }

    /// The hub and topic URL: the feed's `hub` override (with the topic
    /// from discovery when it answers), else discovery.
    async fn discover(&self, feed: &FeedConfig) -> Result<Option<(Url, String)>, String> {
        if let Some(wait) = self.limiter.throttled_for(&feed.url) {
            return Err(format!(
                "discovery deferred: the publisher asked us to slow down (for {}s more)",
                wait.as_secs().max(1)
            ));
        }
        let origin = self.limiter.acquire(&feed.url).await;
        let fetched = self.fetcher.fetch(&feed.url, &Validators::default()).await;
        drop(origin);
        let found = match fetched {
            Ok(FetchOutcome::Fetched(doc)) => {
                telemetry::fetched_bytes(doc.body.len());
                discover::discover(&doc.links, &doc.body, &doc.final_url)
            }
            Ok(FetchOutcome::NotModified) => discover::Discovered::default(),
            Err(err) if feed.hub.is_none() => return Err(format!("discovery: {err}")),
            Err(_) => discover::Discovered::default(),
        };
        let topic = found
            .self_url
            .map_or_else(|| feed.url.to_string(), String::from);
        let hub = feed.hub.clone().or_else(|| found.hubs.into_iter().next());
        Ok(hub.map(|hub| (hub, topic)))
    }

    /// One request to the hub (W3C WebSub §5.1); any 2xx is acceptance.
    async fn request(&self, row: &Subscription, mode: &'static str) -> Result<(), String> {
        let callback = callback_url(&self.public_url, &row.callback_id);
        let lease = self.config.http.websub_lease.as_secs().to_string();
        let mut form = vec![
            ("hub.mode", mode),
            ("hub.topic", row.topic.as_str()),
            ("hub.callback", callback.as_str()),
        ];
        if mode == "subscribe" {
            form.push(("hub.lease_seconds", lease.as_str()));
            form.push(("hub.secret", row.secret.as_str()));
        }
        let body = form_encode(&form);
        let result = self
            .client
            .post(&row.hub)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await;
        let outcome = match result {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) => {
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                let excerpt: String = text.chars().take(200).collect();
                Err(format!("hub {} answered HTTP {status}: {excerpt}", row.hub))
            }
            Err(err) => Err(format!("hub {}: {err}", row.hub)),
        };
        telemetry::websub_request(
            mode,
            if outcome.is_ok() {
                "accepted"
            } else {
                "failed"
            },
        );
        outcome
    }
}

/// Our callback URL for a subscription.
pub fn callback_url(public_url: &Url, callback_id: &str) -> String {
    public_url
        .join(&format!("{CALLBACK_PREFIX}{callback_id}"))
        .map_or_else(|_| String::new(), String::from)
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Exponential backoff with ±20% jitter.
fn retry_delay(attempts: i64) -> Duration {
    let exponent = (attempts - 1).clamp(0, 20) as u32;
    let base = RETRY_INITIAL
        .saturating_mul(2u32.saturating_pow(exponent))
        .min(RETRY_MAX);
    crate::units::mul_f64_saturating(base, 0.8 + fastrand::f64() * 0.4)
}

/// The hub's side of the conversation: verification of intent and content
/// notifications, decided against the stored subscriptions.
#[derive(Clone)]
pub struct Callbacks {
    store: Store,
    clock: Clock,
    active: ActiveFeeds,
    wake: Arc<Notify>,
}

/// The answer to a verification request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Confirm: answer 200 with this `hub.challenge`.
    Confirm(String),
    /// A `denied` notice was recorded: answer 200, empty.
    Noted,
    /// Not a subscription we asked for: answer 404.
    Refuse,
}

/// What to do with pushed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushVerdict {
    /// Signed by the hub: ingest it as the feed's content.
    Ingest { feed: String },
    /// Unsigned or wrongly signed: ignore it, answer 2xx (so the hub does
    /// not retry a forgery), and count it.
    Ignore(signature::SignatureError),
    /// No such subscription (any more): answer 410 Gone.
    Gone,
}

/// The query of a verification request.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct VerifyParams {
    #[serde(rename = "hub.mode")]
    pub mode: Option<String>,
    #[serde(rename = "hub.topic")]
    pub topic: Option<String>,
    #[serde(rename = "hub.challenge")]
    pub challenge: Option<String>,
    #[serde(rename = "hub.lease_seconds")]
    pub lease_seconds: Option<String>,
    #[serde(rename = "hub.reason")]
    pub reason: Option<String>,
}

impl Callbacks {
    pub fn new(store: Store, clock: Clock, active: ActiveFeeds, wake: Arc<Notify>) -> Callbacks {
        Callbacks {
            store,
            clock,
            active,
            wake,
        }
    }

    /// W3C WebSub §5.3: confirm only what we asked for.
    pub async fn verify(
        &self,
        callback_id: &str,
        params: &VerifyParams,
    ) -> Result<Verification, StoreError> {
        let Some(row) = self.store.subscription_by_callback(callback_id).await? else {
            return Ok(Verification::Refuse);
        };
        let now = self.clock.now_millis();
        if params.topic.as_deref() != Some(row.topic.as_str()) {
            warn!(feed = %row.feed, "WebSub verification for another topic refused");
            return Ok(Verification::Refuse);
        }
        let challenge = params.challenge.clone().filter(|c| !c.is_empty());
        match (params.mode.as_deref(), row.state, challenge) {
            // Failed too: a request that timed out may still have reached
            // the hub, and only that hub knows this callback id.
            (
                Some("subscribe"),
                SubscriptionState::Requested
                | SubscriptionState::Active
                | SubscriptionState::Failed,
                Some(challenge),
            ) if !row.secret.is_empty() => {
                let requested = row.lease_seconds.unwrap_or(86_400);
                let lease = params
                    .lease_seconds
                    .as_deref()
                    .and_then(|l| l.trim().parse::<i64>().ok())
                    .filter(|l| *l > 0)
                    .unwrap_or(requested);
                let lease_ms = lease.saturating_mul(1000);
                // Renew when 10% of the lease (at least a minute) is left.
                let margin = (lease_ms / 10).max(60_000).min(lease_ms / 2);
                let active = Subscription {
                    state: SubscriptionState::Active,
                    lease_seconds: Some(lease),
                    expires_at: Some(now.saturating_add(lease_ms)),
                    attempts: 0,
                    next_attempt_at: now.saturating_add(lease_ms - margin),
                    last_error: None,
                    updated_at: now,
                    ..row
                };
                self.store.save_subscription(active.clone()).await?;
                self.active.insert(&active.feed);
                info!(feed = %active.feed, lease_seconds = lease, "WebSub subscription verified; the hub pushes new items");
                Ok(Verification::Confirm(challenge))
            }
            (Some("unsubscribe"), SubscriptionState::Unsubscribing, Some(challenge)) => {
                self.store.delete_subscription(&row.feed).await?;
                self.active.remove(&row.feed);
                info!(feed = %row.feed, "WebSub unsubscription verified");
                Ok(Verification::Confirm(challenge))
            }
            (Some("denied"), _, _) => {
                let attempts = row.attempts + 1;
                let reason = params
                    .reason
                    .clone()
                    .unwrap_or_else(|| "no reason given".to_string());
                warn!(feed = %row.feed, reason = %reason, "WebSub hub denied the subscription; polling continues");
                let denied = Subscription {
                    state: SubscriptionState::Denied,
                    attempts,
                    next_attempt_at: now
                        .saturating_add(crate::units::millis_i64(retry_delay(attempts))),
                    last_error: Some(format!("denied by the hub: {reason}")),
                    updated_at: now,
                    ..row
                };
                self.store.save_subscription(denied.clone()).await?;
                self.active.remove(&denied.feed);
                self.wake.notify_one();
                Ok(Verification::Noted)
            }
            _ => {
                warn!(feed = %row.feed, mode = ?params.mode, state = row.state.key(), "WebSub verification we did not ask for refused");
                Ok(Verification::Refuse)
            }
        }
    }

    /// W3C WebSub §7-8: accept content only with a valid signature.
    pub async fn push(
        &self,
        callback_id: &str,
        signature_header: Option<&str>,
        body: &[u8],
    ) -> Result<PushVerdict, StoreError> {
        let Some(row) = self.store.subscription_by_callback(callback_id).await? else {
            return Ok(PushVerdict::Gone);
        };
        if !matches!(
            row.state,
            SubscriptionState::Active | SubscriptionState::Requested
        ) || row.secret.is_empty()
        {
            return Ok(PushVerdict::Gone);
        }
        match signature::verify(signature_header, row.secret.as_bytes(), body) {
            Ok(()) => Ok(PushVerdict::Ingest { feed: row.feed }),
            Err(err) => {
                warn!(feed = %row.feed, problem = err.key(), bytes = body.len(), "WebSub content ignored: not signed by the hub");
                Ok(PushVerdict::Ignore(err))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_with_a_ceiling() {
        for _ in 0..20 {
            let first = retry_delay(1);
            assert!(first >= Duration::from_secs(48) && first <= Duration::from_secs(72));
            let third = retry_delay(3);
            assert!(third >= Duration::from_secs(192) && third <= Duration::from_secs(288));
            assert!(retry_delay(50) <= RETRY_MAX.mul_f64(1.2));
        }
    }

    #[test]
    fn callbacks_live_under_the_public_url() {
        let base =
            Url::parse("https://fw.example.org/feedwatch/").unwrap_or_else(|_| unreachable!());
        assert_eq!(
            callback_url(&base, "abc123"),
            "https://fw.example.org/feedwatch/websub/abc123"
        );
        assert_eq!(
            form_encode(&[
                ("hub.topic", "https://x.example/?a=1&b"),
                ("hub.mode", "subscribe")
            ]),
            "hub.topic=https%3A%2F%2Fx.example%2F%3Fa%3D1%26b&hub.mode=subscribe"
        );
    }

    #[test]
    fn active_feeds_follow_updates() {
        let active = ActiveFeeds::default();
        active.insert("a");
        active.insert("b");
        active.remove("a");
        assert!(active.contains("b") && !active.contains("a"));
        active.set(HashSet::from(["c".to_string()]));
        assert_eq!(active.names(), vec!["c".to_string()]);
    }
}
