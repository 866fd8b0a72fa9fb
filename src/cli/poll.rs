//! `feedwatch poll FEED... | --all`: poll now and say what each poll found.
//!
//! With a daemon running (the holder of a SQLite database's lock, or live
//! PostgreSQL replicas) the polls go through it, so its schedule, leases
//! and politeness stay the only ones: the named feeds are made due now in
//! the database (`request_polls`), the daemon is woken (SIGUSR1; replicas,
//! which have no pid here, look within `daemon::SCHEDULE_RECHECK`), and
//! each feed's result is printed as soon as its last poll is newer than
//! the one seen when asking. With none, the feeds are polled here by the
//! daemon's own parts, holding the lock as `run --once` does, and the
//! alerts they raise are delivered.

use std::collections::HashSet;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::tool::Tool;
use super::{format_time, rfc3339};
use crate::clock::Clock;
use crate::config::FeedConfig;
use crate::daemon::{Daemon, PollOutcome, SCHEDULE_RECHECK};
use crate::model::Millis;
use crate::store::{self, LastPoll, PollRequest, Store};

/// How often the database is read while waiting for the daemon's polls.
const WAIT_STEP: Duration = Duration::from_millis(100);

pub(crate) struct PollOptions {
    pub(crate) feeds: Vec<String>,
    pub(crate) all: bool,
    pub(crate) timeout: String,
    pub(crate) json: bool,
}

/// What became of one requested feed.
enum Outcome {
    /// A poll was recorded: its status, items and alerts.
    Polled(LastPoll),
    /// Not polled: its domain asked feedwatch to wait (429/503), or the
    /// poll could not be recorded.
    Deferred { next_poll_at: Option<Millis> },
    /// A poll that ended without a record (the database failed).
    NotRecorded(String),
    /// Disabled (HTTP 410) before the request: not polled.
    Disabled(String),
    /// Not in the running daemon's config.
    NotScheduled,
    /// No poll finished within the timeout: the daemon's (which may still
    /// poll it), or this command's own (which stopped it).
    TimedOut { after: Duration, daemon: bool },
}

impl Outcome {
    fn succeeded(&self) -> bool {
        matches!(self, Outcome::Polled(p) if p.error.is_none() && p.disabled.is_none())
    }
}

pub(super) fn poll(tool: &Tool, options: PollOptions) -> anyhow::Result<ExitCode> {
    let timeout = crate::units::parse_duration(&options.timeout)
        .map_err(|err| anyhow::anyhow!("--timeout `{}`: {err}", options.timeout))?;
    let feeds = chosen(tool, &options)?;
    let names: Vec<String> = feeds.iter().map(|f| f.name.clone()).collect();
    let mut printer = Printer::new(options.json, &names);
    let config = &tool.config;
    if config.storage.postgres.is_some() && tool.db_given() {
        // The daemon polls the database `[storage] url` names, not a file.
        anyhow::bail!(
            "--db names a SQLite file, but {} keeps feedwatch's state in PostgreSQL ([storage] url); leave --db out",
            config.source.display()
        );
    }
    if config.storage.postgres.is_none() {
        let path = &config.storage_path;
        if let Some(pid) = store::lock_holder(path) {
            let store = tool.writable()?;
            return through_daemon(&store, &names, Some(pid), timeout, &mut printer);
        }
        return in_process(tool, feeds, timeout, &mut printer);
    }
    let store = tool.writable()?;
    let now = chrono::Utc::now().timestamp_millis();
    let lease = config.storage.lease.as_millis() as Millis;
    if store.backend().replicas(now, lease)?.iter().any(|r| r.live) {
        return through_daemon(&store, &names, None, timeout, &mut printer);
    }
    // The daemon's parts open their own connections.
    drop(store);
    in_process(tool, feeds, timeout, &mut printer)
}

/// The feeds named (each checked against the config, in the order given,
/// once each), or every feed with `--all`.
fn chosen(tool: &Tool, options: &PollOptions) -> anyhow::Result<Vec<FeedConfig>> {
    if options.all {
        if tool.config.feeds.is_empty() {
            anyhow::bail!("{} defines no feeds", tool.config.source.display());
        }
        return Ok(tool.config.feeds.clone());
    }
    let mut seen = HashSet::new();
    let mut feeds = Vec::new();
    for name in &options.feeds {
        let feed = tool.feed(name)?;
        if seen.insert(name.as_str()) {
            feeds.push(feed.clone());
        }
    }
    Ok(feeds)
}

/// Asks the running daemon (or replicas) to poll `names` and waits, within
/// `timeout`, for each poll to be recorded.
fn through_daemon(
    store: &Store,
    names: &[String],
    pid: Option<u32>,
    timeout: Duration,
    printer: &mut Printer,
) -> anyhow::Result<ExitCode> {
    let mut requested_at = chrono::Utc::now().timestamp_millis();
    let requests = store.backend().request_polls(names, requested_at)?;
    let mut waiting: Vec<Waiting> = Vec::new();
    for (name, request) in names.iter().zip(requests) {
        match request {
            PollRequest::Requested { last_polled_at } => waiting.push(Waiting {
                name: name.clone(),
                before: last_polled_at,
                asked: 1,
            }),
            PollRequest::Disabled(reason) => printer.print(name, &Outcome::Disabled(reason))?,
            PollRequest::NotScheduled => printer.print(name, &Outcome::NotScheduled)?,
        }
    }
    if waiting.is_empty() {
        return Ok(printer.exit_code());
    }
    match pid {
        Some(pid) => wake(pid),
        None => eprintln!(
            "asked the replicas to poll; they look within {} s",
            SCHEDULE_RECHECK.as_secs()
        ),
    }
    let deadline = Instant::now() + timeout;
    // Bounded by the deadline: one read of the pending feeds per step.
    while !waiting.is_empty() {
        let pending: Vec<String> = waiting.iter().map(|w| w.name.clone()).collect();
        let now = chrono::Utc::now().timestamp_millis();
        let mut ask_again = Vec::new();
        for poll in store.backend().last_polls(&pending, now)? {
            let Some(index) = waiting.iter().position(|w| w.name == poll.name) else {
                continue;
            };
            let outcome = if poll.polled_at.is_some() && poll.polled_at != waiting[index].before {
                Outcome::Polled(poll)
            } else if !poll.leased && poll.next_poll_at.is_some_and(|n| n > requested_at) {
                // Moved later without a poll: the daemon deferred it (its
                // domain is throttled), or a daemon starting up spread its
                // backlog over the request. Asked twice, it is a deferral.
                if waiting[index].asked < 2 {
                    waiting[index].asked += 1;
                    ask_again.push(poll.name);
                    continue;
                }
                Outcome::Deferred {
                    next_poll_at: poll.next_poll_at,
                }
            } else {
                continue;
            };
            let done = waiting.remove(index);
            printer.print(&done.name, &outcome)?;
        }
        if !ask_again.is_empty() {
            requested_at = chrono::Utc::now().timestamp_millis();
            store.backend().request_polls(&ask_again, requested_at)?;
            if let Some(pid) = pid {
                wake(pid);
            }
        }
        if Instant::now() >= deadline {
            for done in waiting.drain(..) {
                let outcome = Outcome::TimedOut {
                    after: timeout,
                    daemon: true,
                };
                printer.print(&done.name, &outcome)?;
            }
            break;
        }
        // Many feeds make each read longer: read them less often.
        std::thread::sleep(if waiting.len() > 100 {
            WAIT_STEP * 10
        } else {
            WAIT_STEP
        });
    }
    Ok(printer.exit_code())
}

/// A feed whose requested poll is awaited.
struct Waiting {
    name: String,
    /// Its last poll when asked: a later one answers.
    before: Option<Millis>,
    /// How many times it was made due.
    asked: u8,
}

/// SIGUSR1 to the daemon; on failure it still looks within
/// `SCHEDULE_RECHECK`, so that is a warning.
fn wake(pid: u32) {
    if let Err(err) = super::run::signal(pid, "USR1") {
        eprintln!(
            "warning: {err:#}; the daemon still polls the feeds within {} s",
            SCHEDULE_RECHECK.as_secs()
        );
    }
}

/// No daemon: polls `feeds` here with the daemon's parts, prints each
/// result as its poll ends, then delivers pending alerts.
fn in_process(
    tool: &Tool,
    feeds: Vec<FeedConfig>,
    timeout: Duration,
    printer: &mut Printer,
) -> anyhow::Result<ExitCode> {
    let runtime = crate::daemon::runtime()?;
    // Another `poll` may signal us as the lock's holder: ignored.
    let _signals = super::run::ControlSignals::install(&runtime)?;
    // Held while polling, as by `run --once`: a daemon starting now is
    // refused instead of interleaving its writes.
    let _lock = match tool.config.storage.postgres {
        None => Some(
            store::lock_database(&tool.config.storage_path).context("polling without a daemon")?,
        ),
        Some(_) => None,
    };
    // Polling needs a database, so a missing one is made, but said: a
    // mistyped --db or storage.path would otherwise leave a new, empty
    // database (and its folders) unnoticed, as the default log level hides
    // the store's own INFO line.
    let created = tool.config.storage.postgres.is_none() && !tool.config.storage_path.exists();
    let config = tool.config.clone();
    runtime.block_on(async move {
        let daemon = Daemon::start(config, Clock::System).await?;
        if created {
            eprintln!(
                "note: created a new database {} ({})",
                tool.config.storage_path.display(),
                tool.db_source()
            );
        }
        let names: Vec<String> = feeds.iter().map(|f| f.name.clone()).collect();
        let (done, mut ended) = tokio::sync::mpsc::unbounded_channel();
        let started = chrono::Utc::now().timestamp_millis();
        let polls = daemon.poll_each(feeds, done);
        let mut left: HashSet<String> = names.iter().cloned().collect();
        let report = async {
            while let Some((name, outcome)) = ended.recv().await {
                left.remove(&name);
                let outcome = recorded(daemon.store(), &name, outcome, started).await?;
                printer.print(&name, &outcome)?;
            }
            anyhow::Ok(())
        };
        // Past the timeout the polls still running are dropped (nothing
        // half-written stays: each records in one transaction).
        if let Ok(reported) =
            tokio::time::timeout(timeout, async { tokio::join!(polls, report).1 }).await
        {
            reported?;
        }
        for name in names.iter().filter(|n| left.contains(*n)) {
            let outcome = Outcome::TimedOut {
                after: timeout,
                daemon: false,
            };
            printer.print(name, &outcome)?;
        }
        let delivered = daemon.deliver_all().await?;
        let pending = daemon.store().delivery_counts().await?.pending;
        if delivered > 0 || pending > 0 {
            eprintln!("alerts: {delivered} delivered, {pending} pending");
        }
        if let Err(err) = daemon.retire().await {
            eprintln!(
                "warning: cannot release this run's leases ({err}); they expire by themselves"
            );
        }
        anyhow::Ok(printer.exit_code())
    })
}

/// What an in-process poll begun at `started` left in the database.
async fn recorded(
    store: &Store,
    name: &str,
    outcome: PollOutcome,
    started: Millis,
) -> anyhow::Result<Outcome> {
    let now = chrono::Utc::now().timestamp_millis();
    let last = store
        .last_polls(vec![name.to_string()], now)
        .await?
        .into_iter()
        .next();
    let next_poll_at = last.as_ref().and_then(|p| p.next_poll_at);
    let fresh = last.filter(|p| p.polled_at.is_some_and(|at| at >= started));
    Ok(match (outcome, fresh) {
        (PollOutcome::Deferred, _) => Outcome::Deferred { next_poll_at },
        (_, Some(poll)) => Outcome::Polled(poll),
        // Disabled before: not polled (a 410 now is a recorded poll).
        (PollOutcome::Disabled(reason), None) => Outcome::Disabled(reason),
        (PollOutcome::Failed(error), None) => Outcome::NotRecorded(error),
        (_, None) => Outcome::NotRecorded("the poll was not recorded".to_string()),
    })
}

/// Prints outcomes as they come: aligned text lines, or one JSON object a
/// line (`--json`); remembers whether every poll succeeded.
struct Printer {
    json: bool,
    width: usize,
    all_ok: bool,
}

impl Printer {
    fn new(json: bool, names: &[String]) -> Printer {
        Printer {
            json,
            width: names.iter().map(|n| n.len()).max().unwrap_or(0),
            all_ok: true,
        }
    }

    fn exit_code(&self) -> ExitCode {
        if self.all_ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }

    fn print(&mut self, name: &str, outcome: &Outcome) -> anyhow::Result<()> {
        self.all_ok &= outcome.succeeded();
        if self.json {
            out!("{}", serde_json::to_string(&json(name, outcome))?);
        } else {
            out!("{name:<width$}  {}", text(outcome), width = self.width);
        }
        Ok(())
    }
}

fn text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Polled(poll) => polled_text(poll),
        Outcome::Deferred { next_poll_at } => format!(
            "deferred: not polled now (its site asked feedwatch to wait, HTTP 429/503); next poll {}",
            format_time(*next_poll_at)
        ),
        Outcome::NotRecorded(error) => format!("failed: {error}"),
        Outcome::Disabled(reason) => format!(
            "disabled, not polled: {reason} (it is polled again when its url changes in the config)"
        ),
        Outcome::NotScheduled => "not polled: the running feedwatch does not have this feed; \
             reload it with this config first (`feedwatch reload`)"
            .to_string(),
        Outcome::TimedOut {
            after,
            daemon: true,
        } => format!(
            "no poll within {} (the daemon may be busy: see `feedwatch feeds` and its log)",
            crate::units::format_duration(*after)
        ),
        Outcome::TimedOut {
            after,
            daemon: false,
        } => format!(
            "no poll within {}: stopped (a slow server? a longer --timeout waits for it)",
            crate::units::format_duration(*after)
        ),
    }
}

fn polled_text(poll: &LastPoll) -> String {
    let status = poll.status.as_deref().unwrap_or("?");
    if let Some(reason) = &poll.disabled {
        return format!("disabled ({status}): {reason}");
    }
    if let Some(error) = &poll.error {
        return format!("failed ({status}): {error}");
    }
    if status == "304" {
        return "not modified (304)".to_string();
    }
    let items = match poll.new_items {
        0 => "no new items".to_string(),
        1 => "1 new item".to_string(),
        n => format!("{n} new items"),
    };
    let alerts = match poll.alerts.len() {
        0 => String::new(),
        n => {
            let mut topics: Vec<&str> = poll.alerts.iter().map(|(_, t)| t.as_str()).collect();
            topics.dedup();
            let plural = if n == 1 { "" } else { "s" };
            format!(", {n} alert{plural} ({})", topics.join(", "))
        }
    };
    format!("ok ({status}): {items}{alerts}")
}

/// One line of `--json` output.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    feed: &'a str,
    /// ok, not_modified, failed, disabled, deferred, not_scheduled, timed_out
    result: &'static str,
    status: Option<&'a str>,
    polled_at: Option<String>,
    new_items: i64,
    alerts: Vec<JsonAlert<'a>>,
    error: Option<&'a str>,
    next_poll_at: Option<String>,
}

#[derive(serde::Serialize)]
struct JsonAlert<'a> {
    id: &'a str,
    topic: &'a str,
}

fn json<'a>(name: &'a str, outcome: &'a Outcome) -> JsonLine<'a> {
    let mut line = JsonLine {
        feed: name,
        result: "failed",
        status: None,
        polled_at: None,
        new_items: 0,
        alerts: Vec::new(),
        error: None,
        next_poll_at: None,
    };
    match outcome {
        Outcome::Polled(poll) => {
            line.result = match (&poll.disabled, &poll.error, poll.status.as_deref()) {
                (Some(_), _, _) => "disabled",
                (None, Some(_), _) => "failed",
                (None, None, Some("304")) => "not_modified",
                (None, None, _) => "ok",
            };
            line.status = poll.status.as_deref();
            line.polled_at = rfc3339(poll.polled_at);
            line.new_items = poll.new_items;
            line.alerts = poll
                .alerts
                .iter()
                .map(|(id, topic)| JsonAlert {
                    id: id.as_str(),
                    topic,
                })
                .collect();
            line.error = poll.error.as_deref().or(poll.disabled.as_deref());
            line.next_poll_at = rfc3339(poll.next_poll_at);
        }
        Outcome::Deferred { next_poll_at } => {
            line.result = "deferred";
            line.next_poll_at = rfc3339(*next_poll_at);
        }
        Outcome::NotRecorded(error) => line.error = Some(error),
        Outcome::Disabled(reason) => {
            line.result = "disabled";
            line.error = Some(reason);
        }
        Outcome::NotScheduled => line.result = "not_scheduled",
        Outcome::TimedOut { .. } => line.result = "timed_out",
    }
    line
}
