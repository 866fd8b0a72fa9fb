//! [`Live`]: what a running daemon shows the parts beside it (the HTTP
//! server, the WebSub subscriber): its current poller (config, store,
//! clock), when its scheduler loop last turned, the outbox's wake-up, and
//! which feeds hubs push. Cheap to clone; the daemon publishes, others read.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use tokio::sync::{Notify, watch};

use super::Poller;
use crate::model::Millis;
use crate::websub::ActiveFeeds;

#[derive(Clone, Default)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    poller: RwLock<Option<Poller>>,
    /// Bumped on every publish (start and each reload).
    generation: watch::Sender<u64>,
    /// Unix ms of the scheduler loop's last turn; 0 before the first.
    heartbeat: AtomicI64,
    wake: Arc<Notify>,
    wake_subscriber: Arc<Notify>,
    active: ActiveFeeds,
}

impl Default for Inner {
    fn default() -> Inner {
        Inner {
            poller: RwLock::new(None),
            generation: watch::Sender::new(0),
            heartbeat: AtomicI64::new(0),
            wake: Arc::new(Notify::new()),
            wake_subscriber: Arc::new(Notify::new()),
            active: ActiveFeeds::default(),
        }
    }
}

impl Live {
    pub fn new() -> Live {
        Live::default()
    }

    /// The running daemon's poller; `None` before start and after stop.
    pub fn poller(&self) -> Option<Poller> {
        self.inner
            .poller
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Changes on every start and reload.
    pub fn generations(&self) -> watch::Receiver<u64> {
        self.inner.generation.subscribe()
    }

    /// The outbox's wake-up: notify it when alerts are stored.
    pub fn wake(&self) -> Arc<Notify> {
        Arc::clone(&self.inner.wake)
    }

    /// The WebSub subscriber's wake-up: notify it when a hub changes a
    /// subscription.
    pub fn wake_subscriber(&self) -> Arc<Notify> {
        Arc::clone(&self.inner.wake_subscriber)
    }

    pub fn active_feeds(&self) -> ActiveFeeds {
        self.inner.active.clone()
    }

    /// When the scheduler loop last turned (Unix ms), if it has.
    pub fn last_beat(&self) -> Option<Millis> {
        Some(self.inner.heartbeat.load(Ordering::Relaxed)).filter(|t| *t > 0)
    }

    pub(super) fn publish(&self, poller: &Poller) {
        *self.inner.poller.write().unwrap_or_else(|p| p.into_inner()) = Some(poller.clone());
        self.inner.generation.send_modify(|g| *g += 1);
    }

    pub(super) fn beat(&self, now: Millis) {
        self.inner.heartbeat.store(now, Ordering::Relaxed);
    }

    pub(super) fn clear(&self) {
        *self.inner.poller.write().unwrap_or_else(|p| p.into_inner()) = None;
        self.inner.generation.send_modify(|g| *g += 1);
    }
}
