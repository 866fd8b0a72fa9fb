//! A few long-lived threads for the CPU work of a poll: parsing a fetched
//! document and preparing its entries (story features, topic matches).
//!
//! Why not tokio's blocking pool: its threads come and go (up to hundreds
//! under load), and the story engine's per-thread word caches are held by
//! at most four threads at once (`stories::text::CACHED_THREADS`); the rest
//! extract uncached, stemming every word again. In the feed farm's first
//! poll 87% of stem look-ups missed (`Stemmer::stem` was 20% of all
//! instructions) because the work was spread over many pool threads. Here
//! the same two to four threads do all of it, so they keep their caches
//! warm. Results are the same either way; only the cost differs.
//!
//! The story index's rebuild (start, reload) and catch-up run here too: on
//! another thread they would hold a cache slot the pool's threads then
//! find taken.
//!
//! Invariants: a job that panics is reported to its caller as
//! [`Crashed`] and the thread goes on; when the pool has no thread (none
//! could be spawned, or all are gone) a job runs on the blocking pool
//! instead, so a job is never left waiting.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::sync::{Arc, LazyLock, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// Fewest and most threads of a pool: at least two, so one long parse (a
/// 16 MiB body) does not hold every other feed's; at most four, the story
/// engine's number of cached threads.
const MIN_THREADS: usize = 2;
const MAX_THREADS: usize = 4;

/// The process's pool, made on first use; its threads live as long as the
/// process. One pool across reloads: a second pool's threads would find
/// the word caches taken by the first's.
static SHARED: LazyLock<CpuPool> = LazyLock::new(CpuPool::for_machine);

/// The process's pool: polls parse and prepare on it, and the story index
/// is rebuilt and caught up on it.
pub(crate) fn shared() -> &'static CpuPool {
    &SHARED
}

/// A job panicked; the message of its panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Crashed(pub String);

impl std::fmt::Display for Crashed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "panicked with message {:?}", self.0)
    }
}

/// The pool; its threads end once it is dropped and their last job is done.
pub(crate) struct CpuPool {
    /// `None` when no thread could be spawned.
    jobs: Option<mpsc::Sender<Job>>,
}

impl CpuPool {
    /// A pool of one thread per core the process may use, within
    /// [`MIN_THREADS`] and [`MAX_THREADS`].
    pub(crate) fn for_machine() -> CpuPool {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        CpuPool::new(cores.clamp(MIN_THREADS, MAX_THREADS))
    }

    pub(crate) fn new(threads: usize) -> CpuPool {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let mut spawned = 0;
        for i in 0..threads {
            let receiver = Arc::clone(&receiver);
            let thread = std::thread::Builder::new()
                .name(format!("feedwatch-cpu-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for a job.
                        let job = match receiver.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            // The pool was dropped: no more jobs.
                            Err(_) => return,
                        }
                    }
                });
            if thread.is_ok() {
                spawned += 1;
            }
        }
        CpuPool {
            jobs: (spawned > 0).then_some(sender),
        }
    }

    /// Runs `job` on one of the pool's threads and returns its result, or
    /// [`Crashed`] if it panicked.
    pub(crate) async fn run<T, F>(&self, job: F) -> Result<T, Crashed>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let wrapped: Job = Box::new(move || {
            let outcome = catch_unwind(AssertUnwindSafe(job)).map_err(|panic| {
                Crashed(
                    panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "panic without a message".to_string()),
                )
            });
            // The caller may have gone (its poll was cancelled): nothing to do.
            let _ = done.send(outcome);
        });
        let refused = match &self.jobs {
            Some(jobs) => jobs.send(wrapped).err().map(|mpsc::SendError(job)| job),
            None => Some(wrapped),
        };
        if let Some(job) = refused {
            // No thread to take it: the blocking pool does (the job
            // catches its own panic and answers through `done`).
            let _ = tokio::task::spawn_blocking(job).await;
        }
        result
            .await
            .unwrap_or_else(|_| Err(Crashed("the job was dropped unanswered".to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_pool_threads_and_panics_are_reported() {
        let pool = CpuPool::new(2);
        let name = pool
            .run(|| std::thread::current().name().map(str::to_string))
            .await;
        assert!(
            name.as_ref().is_ok_and(|n| n
                .as_deref()
                .is_some_and(|n| n.starts_with("feedwatch-cpu-"))),
            "{name:?}"
        );
        let crashed = pool.run(|| -> u32 { panic!("boom") }).await;
        assert_eq!(crashed, Err(Crashed("boom".to_string())));
        // The thread that caught the panic goes on.
        let mut threads = std::collections::HashSet::new();
        for i in 0..20u32 {
            let (n, thread) = pool
                .run(move || (i * 2, std::thread::current().id()))
                .await
                .expect("job");
            assert_eq!(n, i * 2);
            threads.insert(thread);
        }
        assert!(threads.len() <= 2, "{threads:?}");
    }

    #[tokio::test]
    async fn a_pool_without_threads_runs_jobs_on_the_blocking_pool() {
        let pool = CpuPool::new(0);
        assert_eq!(pool.run(|| 7).await, Ok(7));
        let crashed = pool.run(|| -> u32 { panic!("{}", "formatted") }).await;
        assert_eq!(crashed, Err(Crashed("formatted".to_string())));
    }

    #[tokio::test]
    async fn concurrent_jobs_all_finish() {
        let pool = Arc::new(CpuPool::new(3));
        let mut tasks = Vec::new();
        for i in 0..64u64 {
            let pool = Arc::clone(&pool);
            tasks.push(tokio::spawn(async move {
                pool.run(move || (0..=i).sum::<u64>()).await
            }));
        }
        for (i, task) in tasks.into_iter().enumerate() {
            let i = i as u64;
            assert_eq!(task.await.expect("task"), Ok(i * (i + 1) / 2));
        }
    }
}
