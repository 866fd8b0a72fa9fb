//! Polls that write only their feed's row (a 304, a failure), recorded
//! together.
//!
//! Most polls of a steady daemon answer 304, and recording one writes only
//! its feed's row; on SQLite, a commit of its own then costs more than the
//! write (WAL frames, file locks: about a tenth of a steady poll's CPU in
//! the feed-farm bench, BENCHMARKS.md). So such a poll joins a queue, and
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
        let (backend, queue) = (Arc::clone(backend), Arc::clone(queue));
        // Not awaited: the replies tell each caller; a panic drops them.
        drop(tokio::task::spawn_blocking(move || {
            flush(&*backend, &queue)
        }));
    }
    outcome.await.unwrap_or_else(|_| {
        Err(StoreError::Task(
            "recording the poll stopped before it was done".into(),
        ))
    })
}

/// Records what is queued once the backend can write, and answers each.
fn flush(backend: &dyn Backend, queue: &Mutex<RowOnlyQueue>) {
    // Whatever happens below, a later poll must schedule a new task: the
    // queue is taken (and the flag cleared) as the backend starts writing,
    // or here if it never asked (a panic before it did).
    struct Reset<'a> {
        queue: &'a Mutex<RowOnlyQueue>,
        taken: bool,
    }
    impl Drop for Reset<'_> {
        fn drop(&mut self) {
            if !self.taken {
                let mut q = lock(self.queue);
                q.scheduled = false;
                // Dropping the senders tells their callers.
                q.polls.clear();
            }
        }
    }
    let mut reset = Reset {
        queue,
        taken: false,
    };
    let mut replies = Vec::new();
    let outcomes = backend.record_row_only_polls(&mut || {
        reset.taken = true;
        let mut q = lock(queue);
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
        // A caller that stopped waiting (its task was cancelled) needs no answer.
        let _ = reply.send(outcome);
    }
}

fn lock(queue: &Mutex<RowOnlyQueue>) -> MutexGuard<'_, RowOnlyQueue> {
    // Poisoned only by a panic inside these few lines, which leave the
    // queue consistent.
    queue
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
