//! Whether the database takes writes. When it refuses them (the disk is
//! full, most often), the daemon says so once, everything that writes backs
//! off instead of retrying at once, and it says so again when writes work.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tracing::{debug, error, info, warn};

use super::StoreError;

/// The first wait after a refused write; it doubles per refusal.
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
/// The longest wait between two tries while writes are refused: space
/// freed is noticed within this.
const BACKOFF_MAX: Duration = Duration::from_secs(10);
/// While writes are refused, a reminder is logged at most this often.
const REMINDER: Duration = Duration::from_secs(300);

#[derive(Debug, Default)]
struct State {
    /// When writes started failing; `None` while they work.
    failing_since: Option<Instant>,
    /// Refused writes in a row.
    refused: u32,
    last_logged: Option<Instant>,
}

/// Shared by every clone of a [`Store`](super::Store).
#[derive(Debug)]
pub(crate) struct WriteHealth {
    location: PathBuf,
    state: Mutex<State>,
}

impl WriteHealth {
    pub(crate) fn new(location: &Path) -> WriteHealth {
        WriteHealth {
            location: location.to_path_buf(),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock leaves plain counters behind,
        // still meaningful: keep using them.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Notes the outcome of a write.
    pub(crate) fn note<T>(&self, result: &Result<T, StoreError>) {
        match result {
            Ok(_) => self.succeeded(),
            Err(err) if counts(err) => self.refused(err),
            Err(_) => {}
        }
    }

    fn succeeded(&self) {
        let mut state = self.state();
        if let Some(since) = state.failing_since.take() {
            info!(
                database = %self.location.display(),
                refused = state.refused,
                after = ?since.elapsed(),
                "The database accepts writes again; deliveries and polls resume"
            );
        }
        state.refused = 0;
        state.last_logged = None;
    }

    fn refused(&self, err: &StoreError) {
        let mut state = self.state();
        let now = Instant::now();
        state.refused = state.refused.saturating_add(1);
        let first = state.failing_since.is_none();
        if first {
            state.failing_since = Some(now);
        }
        let remind = state
            .last_logged
            .is_none_or(|at| now.duration_since(at) >= REMINDER);
        if !remind {
            debug!(error = %err, refused = state.refused, "Database write refused again");
            return;
        }
        state.last_logged = Some(now);
        let database = self.location.display();
        match (first, err.is_disk_full()) {
            (true, true) => error!(
                database = %database,
                error = %err,
                "The database's disk is full: nothing more can be recorded. Deliveries and polls back off (up to {BACKOFF_MAX:?} between tries) and resume by themselves when there is space; nothing stored is lost or sent twice"
            ),
            (true, false) => error!(
                database = %database,
                error = %err,
                "The database refuses writes: deliveries and polls back off (up to {BACKOFF_MAX:?} between tries) and resume by themselves when it accepts them again"
            ),
            (false, true) => warn!(
                database = %database,
                error = %err,
                since = ?state.failing_since.map(|t| now.duration_since(t)),
                refused = state.refused,
                "The database's disk is still full; deliveries and polls are waiting"
            ),
            (false, false) => warn!(
                database = %database,
                error = %err,
                since = ?state.failing_since.map(|t| now.duration_since(t)),
                refused = state.refused,
                "The database still refuses writes; deliveries and polls are waiting"
            ),
        }
    }

    /// How long writers should wait before their next try, while writes
    /// are refused (`None`: they work).
    pub(crate) fn backoff(&self) -> Option<Duration> {
        let state = self.state();
        state.failing_since?;
        let exponent = state.refused.saturating_sub(1).min(16);
        Some(
            BACKOFF_FIRST
                .saturating_mul(1u32 << exponent)
                .min(BACKOFF_MAX),
        )
    }
}

/// Errors that say the database refused a write (rather than a lost
/// lease, an unknown feed, a replaced file or a conflict with another
/// replica's transaction, which have their own paths).
fn counts(err: &StoreError) -> bool {
    matches!(
        err,
        StoreError::Full { .. } | StoreError::Query { .. } | StoreError::Locked { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> StoreError {
        StoreError::Full {
            action: "record delivery attempt",
            reason: "database or disk is full".into(),
        }
    }

    #[test]
    fn refused_writes_back_off_doubling_to_a_cap_and_reset_on_success() {
        let health = WriteHealth::new(Path::new("fw.db"));
        assert_eq!(health.backoff(), None);
        // Another replica's transaction won a deadlock on every try: the
        // database takes writes, so nobody backs off.
        health.note::<()>(&Err(StoreError::Contended {
            action: "record poll",
            reason: "deadlock detected".into(),
        }));
        assert_eq!(health.backoff(), None);
        let mut waits = Vec::new();
        for _ in 0..6 {
            health.note::<()>(&Err(full()));
            waits.push(health.backoff().expect("backing off"));
        }
        let secs: Vec<u64> = waits.iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [1, 2, 4, 8, 10, 10]);
        // A lost lease is not the database refusing writes.
        health.note::<()>(&Err(StoreError::LeaseLost(1)));
        assert_eq!(health.backoff(), Some(BACKOFF_MAX));
        health.note(&Ok(()));
        assert_eq!(health.backoff(), None);
        health.note::<()>(&Err(full()));
        assert_eq!(health.backoff(), Some(BACKOFF_FIRST));
    }
}
