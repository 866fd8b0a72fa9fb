//! Polls that write only their feed's row (a 304, a failure), recorded
//! together.
//!
//! Most polls of a steady daemon answer 304, and recording one writes only
//! its feed's row; on SQLite, a commit of its own then costs more than the
//! write (WAL frames, file locks: about a tenth of a steady poll's CPU in
//! the feed-farm bench, BENCHMARKS.md); on PostgreSQL, its own transaction
//! is three round trips for one statement. So such a poll joins a queue, and
//! one task on the blocking pool records every poll queued by the time the
//! database is free, in one transaction, each poll still refused or undone
//! on its own (`Backend::record_row_only_polls`). Each caller still waits for
//! the commit: a poll's record is durable when its caller hears of it, as
//! before, and a poll with items never waits in this queue.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use super::{Backend, PollOutcome, RowOnlyPoll, StoreError};

type Waiting = (RowOnlyPoll, oneshot::Sender<PollOutcome>);

#[derive(Default)]
pub(super) struct RowOnlyQueue {
    polls: Vec<Waiting>,
    /// A task is on its way to record the queue.
    scheduled: bool,
}

/// Queues `poll` and waits until it is recorded (with the polls queued
/// beside it).
pub(super) async fn record(
    backend: &Arc<dyn Backend>,
    queue: &Arc<Mutex<RowOnlyQueue>>,
    poll: RowOnlyPoll,
) -> PollOutcome {
    let (reply, outcome) = oneshot::channel();
    let schedule = {
        let mut q = lock(queue);
        q.polls.push((poll, reply));
        !std::mem::replace(&mut q.scheduled, true)
    };
    if schedule {
        let task = Task {
            queue: Arc::clone(queue),
            taken: false,
        };
        let backend = Arc::clone(backend);
        // Not awaited: the replies tell each caller. If the task never runs
        // (the runtime shuts down first), dropping it lets the next poll
        // schedule another.
        drop(tokio::task::spawn_blocking(move || task.flush(&*backend)));
    }
    outcome.await.unwrap_or_else(|_| {
        Err(StoreError::Task(
            "recording the poll stopped before it was done".into(),
        ))
    })
}

/// The one task on its way to record the queue.
struct Task {
    queue: Arc<Mutex<RowOnlyQueue>>,
    /// Whether it took the queue (and cleared the flag) yet.
    taken: bool,
}

impl Task {
    /// Records what is queued once the backend can write, and answers each.
    fn flush(mut self, backend: &dyn Backend) {
        let mut replies = Vec::new();
        let outcomes = backend.record_row_only_polls(&mut || {
            self.taken = true;
            let mut q = lock(&self.queue);
            q.scheduled = false;
            q.polls
                .drain(..)
                .map(|(poll, reply)| {
                    replies.push(reply);
                    poll
                })
                .collect()
        });
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            // A caller that stopped waiting (its task was cancelled) needs
            // no answer.
            let _ = reply.send(outcome);
        }
    }
}

impl Drop for Task {
    /// A task dropped before it took the queue (never run, or a panic
    /// before the backend asked): a later poll must schedule a new one, and
    /// the callers waiting hear of the failure (their senders dropped).
    fn drop(&mut self) {
        if !self.taken {
            let mut q = lock(&self.queue);
            q.scheduled = false;
            q.polls.clear();
        }
    }
}

fn lock(queue: &Mutex<RowOnlyQueue>) -> MutexGuard<'_, RowOnlyQueue> {
    // Poisoned only by a panic inside these few lines, which leave the
    // queue consistent.
    queue
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FeedId, ItemId, Millis, PollStatus, StoryId};
    use crate::store::types::*;

    struct Nothing;

    impl PollPolicy for Nothing {
        fn assign_story(&self, _: &IngestEntry, _: FeedId, _: Millis) -> StoryChoice {
            StoryChoice {
                story: StoryId(1),
                joined: false,
                reason: String::new(),
            }
        }
        fn item_stored(&self, _: ItemId, _: StoryId, _: &IngestEntry, _: FeedId, _: Millis) {}
        fn alert_payload(&self, _: &NewAlert, _: &StorySummary) -> String {
            String::new()
        }
        fn update_interval(&self, _: &str) -> Option<Millis> {
            None
        }
        fn cadence_sample(&self) -> usize {
            1
        }
        fn learned_interval_secs(&self, _: &[Millis]) -> Option<u64> {
            None
        }
        fn health(&self, _: &FeedState) -> Option<IncidentUpdate> {
            None
        }
    }

    #[test]
    fn a_task_dropped_before_it_took_the_queue_lets_the_next_poll_schedule_another() {
        let queue = Arc::new(Mutex::new(RowOnlyQueue::default()));
        let (reply, mut outcome) = oneshot::channel();
        let poll = RowOnlyPoll {
            record: PollRecord {
                feed: FeedId(1),
                at: 0,
                status: PollStatus::Http(304),
                result: PollResult::NotModified,
                moved_to: None,
                next_poll_at: Some(1),
                lease_owner: None,
                pushed: false,
            },
            policy: Box::new(Nothing),
        };
        {
            let mut q = lock(&queue);
            q.polls.push((poll, reply));
            q.scheduled = true;
        }
        drop(Task {
            queue: Arc::clone(&queue),
            taken: false,
        });
        let q = lock(&queue);
        assert!(!q.scheduled, "the next poll schedules a task");
        assert!(q.polls.is_empty());
        assert!(
            matches!(
                outcome.try_recv(),
                Err(oneshot::error::TryRecvError::Closed)
            ),
            "the waiting caller hears its poll was not recorded"
        );
    }
}
