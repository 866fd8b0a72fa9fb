//! Politeness toward publishers: at most `per_origin` requests in flight to
//! one origin (scheme, host, port) with a minimum spacing between their
//! starts, and a rate limit per registrable domain (public suffix list), so
//! a thousand `*.tumblr.com` feeds do not hammer one publisher. A 429 from
//! any origin slows down its whole domain.
//!
//! Waiting happens per origin: a slow or throttled origin holds only its own
//! slots, never the global ones, so it cannot stall the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

/// Limits, from `[fetch]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Politeness {
    pub per_origin: usize,
    /// Minimum time between the starts of two requests to one origin.
    pub origin_spacing: Duration,
    /// Minimum time between the starts of two requests to one registrable
    /// domain; `None` for no domain limit.
    pub domain_spacing: Option<Duration>,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            per_origin: 2,
            origin_spacing: Duration::from_millis(250),
            domain_spacing: Some(Duration::from_millis(100)),
        }
    }
}

/// Shared by every poll of a daemon.
#[derive(Debug)]
pub(crate) struct Limiter {
    policy: Politeness,
    origins: Mutex<HashMap<String, Arc<OriginState>>>,
    domains: Mutex<HashMap<String, DomainState>>,
}

#[derive(Debug)]
struct OriginState {
    slots: Arc<Semaphore>,
    next_start: Mutex<Instant>,
}

#[derive(Debug, Default)]
struct DomainState {
    next_start: Option<Instant>,
    /// Set by a 429: no request to the domain before this.
    blocked_until: Option<Instant>,
}

/// Held for the duration of one request.
#[derive(Debug)]
pub(crate) struct OriginPermit {
    _slot: OwnedSemaphorePermit,
}

impl Limiter {
    pub(crate) fn new(policy: Politeness) -> Limiter {
        Limiter {
            policy,
            origins: Mutex::new(HashMap::new()),
            domains: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until a request to `url` may start, and returns the permit to
    /// hold while it runs. `file:` URLs are not limited.
    pub(crate) async fn acquire(&self, url: &Url) -> Option<OriginPermit> {
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let origin = self.origin(url);
        // The semaphore is never closed, so acquiring cannot fail.
        let slot = Arc::clone(&origin.slots).acquire_owned().await.ok()?;
        loop {
            let now = Instant::now();
            let wait_until = {
                let mut next = lock(&origin.next_start);
                let domain_ready = self.domain_ready_at(url, now);
                let start = (*next).max(domain_ready).max(now);
                if start <= now {
                    *next = instant_after(now, self.policy.origin_spacing);
                    self.reserve_domain(url, now);
                    None
                } else {
                    Some(start)
                }
            };
            match wait_until {
                None => return Some(OriginPermit { _slot: slot }),
                Some(at) => tokio::time::sleep_until(at).await,
            }
        }
    }

    /// A 429 (or 503 with Retry-After): no request to the domain of `url`
    /// for `delay`.
    pub(crate) fn throttle_domain(&self, url: &Url, delay: Duration) {
        let Some(key) = domain_key(url) else { return };
        let until = instant_after(Instant::now(), delay);
        let mut domains = lock(&self.domains);
        let state = domains.entry(key).or_default();
        state.blocked_until = Some(state.blocked_until.map_or(until, |b| b.max(until)));
    }

    /// How long the domain of `url` stays throttled by a 429, if it is.
    pub(crate) fn throttled_for(&self, url: &Url) -> Option<Duration> {
        let key = domain_key(url)?;
        let domains = lock(&self.domains);
        let until = domains.get(&key)?.blocked_until?;
        until
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }

    fn origin(&self, url: &Url) -> Arc<OriginState> {
        let key = url.origin().ascii_serialization();
        let mut origins = lock(&self.origins);
        Arc::clone(origins.entry(key).or_insert_with(|| {
            Arc::new(OriginState {
                slots: Arc::new(Semaphore::new(self.policy.per_origin.max(1))),
                next_start: Mutex::new(Instant::now()),
            })
        }))
    }

    fn domain_ready_at(&self, url: &Url, now: Instant) -> Instant {
        let Some(key) = domain_key(url) else {
            return now;
        };
        let domains = lock(&self.domains);
        let Some(state) = domains.get(&key) else {
            return now;
        };
        let spaced = if self.policy.domain_spacing.is_some() {
            state.next_start
        } else {
            None
        };
        [Some(now), spaced, state.blocked_until]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(now)
    }

    fn reserve_domain(&self, url: &Url, now: Instant) {
        let (Some(key), Some(spacing)) = (domain_key(url), self.policy.domain_spacing) else {
            return;
        };
        let mut domains = lock(&self.domains);
        domains.entry(key).or_default().next_start = Some(instant_after(now, spacing));
    }
}

/// `at + delay`, saturating at about 30 years from `at` (a `Retry-After`
/// comes from the server; `Instant + Duration` panics on overflow).
fn instant_after(at: Instant, delay: Duration) -> Instant {
    const FAR: Duration = Duration::from_secs(30 * 365 * 86_400);
    at.checked_add(delay.min(FAR)).unwrap_or(at)
}

/// The registrable domain of the URL's host ("news.bbc.co.uk" -> "bbc.co.uk");
/// an IP address or a bare name is its own domain.
pub(crate) fn domain_key(url: &Url) -> Option<String> {
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    if url
        .host()
        .is_some_and(|h| !matches!(h, url::Host::Domain(_)))
    {
        return Some(host);
    }
    let domain = psl::domain_str(&host).map(str::to_string);
    Some(domain.unwrap_or(host))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The guarded maps stay consistent even if a holder panicked (every
    // update is a single assignment), so a poisoned lock is still usable.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL")
    }

    #[test]
    fn registrable_domains() {
        assert_eq!(
            domain_key(&url("https://news.bbc.co.uk/rss")).as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            domain_key(&url("https://alice.tumblr.com/rss")).as_deref(),
            Some("tumblr.com")
        );
        assert_eq!(
            domain_key(&url("http://127.0.0.1:8080/feed")).as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(
            domain_key(&url("http://[::1]:8080/feed")).as_deref(),
            Some("[::1]")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn spacing_per_origin_and_domain() {
        let limiter = Limiter::new(Politeness {
            per_origin: 2,
            origin_spacing: Duration::from_millis(300),
            domain_spacing: Some(Duration::from_millis(100)),
        });
        let start = Instant::now();
        let a = limiter.acquire(&url("https://a.tumblr.com/rss")).await;
        let t_a = Instant::now() - start;
        drop(a);
        // Same domain, other origin: waits for the domain spacing only.
        let _b = limiter.acquire(&url("https://b.tumblr.com/rss")).await;
        let t_b = Instant::now() - start;
        // Same origin again: waits for the origin spacing.
        let _c = limiter.acquire(&url("https://a.tumblr.com/rss")).await;
        let t_c = Instant::now() - start;
        assert_eq!(t_a, Duration::ZERO);
        assert_eq!(t_b, Duration::from_millis(100));
        assert_eq!(t_c, Duration::from_millis(300));
    }

    #[tokio::test(start_paused = true)]
    async fn throttled_domain_waits_for_every_origin() {
        let limiter = Limiter::new(Politeness {
            per_origin: 2,
            origin_spacing: Duration::ZERO,
            domain_spacing: None,
        });
        let start = Instant::now();
        limiter.throttle_domain(&url("https://a.example.com/x"), Duration::from_secs(30));
        let _p = limiter.acquire(&url("https://b.example.com/y")).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(30));
        let _q = limiter.acquire(&url("https://other.org/y")).await;
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(30),
            "other domains are not slowed"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_per_origin_in_flight() {
        let limiter = Arc::new(Limiter::new(Politeness {
            per_origin: 2,
            origin_spacing: Duration::ZERO,
            domain_spacing: None,
        }));
        let p1 = limiter.acquire(&url("https://x.org/1")).await;
        let _p2 = limiter.acquire(&url("https://x.org/2")).await;
        let third = tokio::time::timeout(
            Duration::from_secs(5),
            limiter.acquire(&url("https://x.org/3")),
        )
        .await;
        assert!(third.is_err(), "a third request must wait");
        drop(p1);
        let third = tokio::time::timeout(
            Duration::from_secs(5),
            limiter.acquire(&url("https://x.org/3")),
        )
        .await;
        assert!(third.is_ok());
        // Another origin is never blocked by x.org.
        let other = tokio::time::timeout(
            Duration::from_millis(1),
            limiter.acquire(&url("https://y.org/1")),
        )
        .await;
        assert!(other.is_ok());
    }
}
