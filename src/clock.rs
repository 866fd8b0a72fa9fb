//! Time as feedwatch sees it. Stages that schedule (polls, retries) read the
//! clock through this handle so tests can control it instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};

use crate::model::Millis;

#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A clock that moves only when told to.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn manual(start: Millis) -> Clock {
        Clock::Manual(Arc::new(AtomicI64::new(start)))
    }

    pub fn now_millis(&self) -> Millis {
        match self {
            Clock::System => Utc::now().timestamp_millis(),
            Clock::Manual(now) => now.load(Ordering::SeqCst),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.now_millis()).unwrap_or_default()
    }

    /// Moves a manual clock forward; no effect on the system clock.
    pub fn advance(&self, millis: Millis) {
        if let Clock::Manual(now) = self {
            now.fetch_add(millis, Ordering::SeqCst);
        }
    }
}
