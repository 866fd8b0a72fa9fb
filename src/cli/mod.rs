//! The command line: parses arguments, sets up logging, runs a subcommand.
//! The only layer (with `main.rs`) that uses `anyhow` and prints for humans.

/// `println!` that hands a write error back instead of panicking: a command
/// whose output goes to a closed pipe (`feedwatch alerts | head`) ends
/// quietly, see [`run`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

/// `print!` that hands a write error back, like [`out!`].
macro_rules! out_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod alerts;
mod check;
pub(crate) mod completions;
mod feedback;
mod feeds;
mod poll;
mod query;
mod query_reference;
mod reference;
mod replicas;
mod run;
mod show;
mod tool;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::model::Millis;
use crate::service::logging::{self, LogFormat};
use tool::Tool;

#[derive(Debug, Parser)]
#[command(
    name = "feedwatch",
    version,
    about = "Watches RSS, Atom and JSON feeds and alerts on the stories that match your topics"
)]
pub struct Cli {
    /// Log format on stderr: `auto` writes to the journal under systemd, text elsewhere.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Auto)]
    pub log_format: LogFormat,
    /// Log level filter, e.g. "info", "feedwatch=debug" [default: the config's
    /// `[log] level`, else "info"; RUST_LOG overrides both].
    #[arg(long, global = true, value_parser = log_level)]
    pub log_level: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

/// `--config FILE`, which every command that reads a config takes.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigArg {
    /// The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml.
    #[arg(long, short, value_name = "FILE")]
    pub config: PathBuf,
}

/// `--db PATH`, which every command that opens the database takes.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// Use this SQLite database instead of the config's `storage.path`.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a config file and print what it defines.
    Check {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        db: DbArg,
    },
    /// Run the daemon: poll, match, alert, until SIGTERM or SIGINT; SIGHUP reloads the config.
    Run {
        #[command(flatten)]
        config: ConfigArg,
        /// Do one full cycle (poll every feed, give every pending alert one attempt) and exit.
        #[arg(long)]
        once: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Poll feeds now and print what each poll found.
    ///
    /// Through the running daemon when there is one: the feeds are made due
    /// in the database and a SQLite daemon is woken with SIGUSR1
    /// (PostgreSQL replicas look within 5 s). Without one, the feeds are
    /// polled by this command, which delivers the alerts they raise as `run
    /// --once` does. Each feed's result is printed as its poll ends. Exits 1
    /// unless every poll succeeded. Logs warnings only, unless --log-level
    /// or RUST_LOG says otherwise.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["feeds", "all"])))]
    Poll {
        #[command(flatten)]
        config: ConfigArg,
        /// The feeds to poll, by their names in the config.
        #[arg(value_name = "FEED", conflicts_with = "all")]
        feeds: Vec<String>,
        /// Poll every configured feed.
        #[arg(long)]
        all: bool,
        /// Stop waiting for the polls after this long, e.g. "2m"; feeds not
        /// polled by then are reported as such.
        #[arg(long, default_value = "60s", value_name = "DURATION")]
        timeout: String,
        /// Print one JSON object per feed, a line each, as its poll ends
        /// (times in RFC 3339).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Ask the running daemon to re-read its config (sends SIGHUP to the pid in its lock file).
    Reload {
        #[command(flatten)]
        config: ConfigArg,
        #[command(flatten)]
        db: DbArg,
    },
    /// Show every configured feed's health: status, failures, items, last and next poll.
    Feeds {
        #[command(flatten)]
        config: ConfigArg,
        /// Print JSON (times in RFC 3339) instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Show everything stored about an item: fields, story, matches, alerts, deliveries.
    Show {
        #[command(flatten)]
        config: ConfigArg,
        /// The item: its id (as `try` prints it, e.g. 12 or #12), its link
        /// (tracking parameters, `www.` and fragment do not matter), GUID,
        /// or an alert id (as `alerts` prints it).
        item: String,
        /// Print JSON (times in RFC 3339) instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// List stories (the items of every outlet that reported one event), newest first;
    /// or show one story.
    Stories {
        #[command(flatten)]
        config: ConfigArg,
        /// Show this story alone, with every report since any time and each
        /// one's link: its id (as `stories` prints it and every alert carries
        /// it, `story.id`), or an item (#12, link, GUID) or alert id to show
        /// the story it is in.
        #[arg(
            value_name = "STORY",
            conflicts_with_all = ["since", "topic", "min_reports", "limit"]
        )]
        story: Option<String>,
        /// Only stories with a report first seen within this window, e.g. "2d".
        #[arg(long, default_value = "2d", value_name = "DURATION")]
        since: String,
        /// Only stories that alerted for this topic.
        #[arg(long, value_name = "NAME")]
        topic: Option<String>,
        /// Only stories of at least this many reports (2: the ones joined
        /// across outlets or reports; its reports counted since any time).
        #[arg(long, default_value_t = 1, value_name = "N")]
        min_reports: usize,
        /// Show at most this many stories.
        #[arg(long, default_value_t = 50, value_name = "N", value_parser = at_least_one)]
        limit: usize,
        /// Print JSON (times in RFC 3339) instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// List the daemons sharing the database: live or not, their leased
    /// feeds and sink queues, last heartbeat, config hash.
    Replicas {
        #[command(flatten)]
        config: ConfigArg,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Copy a SQLite database's state (feeds, items, stories, alerts,
    /// outbox, digests) into an empty PostgreSQL database.
    Migrate {
        /// The source: `sqlite:PATH`.
        #[arg(long, value_name = "sqlite:PATH")]
        from: String,
        /// The target: `postgres://user@host/database` (no password).
        #[arg(long, value_name = "URL")]
        to: String,
        /// Read the target's password from this file.
        #[arg(long, conflicts_with = "password_credential", value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// Read the target's password from this systemd credential.
        #[arg(long, value_name = "NAME")]
        password_credential: Option<String>,
    },
    /// List the feeds an HTML page links to (`<link rel="alternate">`).
    Discover {
        /// A page URL (http, https or file).
        url: String,
    },
    /// Export the configured feeds as OPML.
    Opml {
        #[command(subcommand)]
        command: OpmlCommand,
    },
    /// Run a query (or a topic) against the items already stored, newest first.
    Try {
        #[command(flatten)]
        config: ConfigArg,
        /// The query to run (omit with --topic).
        query: Option<String>,
        /// Run this configured topic instead of a query.
        #[arg(long, value_name = "NAME")]
        topic: Option<String>,
        /// Only items published within this window, e.g. "30d" (items
        /// without a date count from when feedwatch first saw them).
        #[arg(long, value_name = "DURATION")]
        since: Option<String>,
        /// Only items of this feed.
        #[arg(long, value_name = "NAME")]
        feed: Option<String>,
        /// Show at most this many hits.
        #[arg(long, default_value_t = 20, value_name = "N", value_parser = at_least_one)]
        limit: usize,
        /// Also list items the query misses by one required part (every
        /// other part holds), with that part: the words a query lacks.
        #[arg(long)]
        near_misses: bool,
        #[command(flatten)]
        db: DbArg,
    },
    /// Say why a stored item did or did not match a topic, term by term.
    Explain {
        #[command(flatten)]
        config: ConfigArg,
        /// The topic to explain (default: the topic of the alert named, else
        /// every topic).
        #[arg(long, value_name = "NAME")]
        topic: Option<String>,
        /// The item: its id (as `try` prints it), its link (tracking
        /// parameters, `www.` and fragment do not matter), GUID, or an
        /// alert id (as `alerts` prints it).
        item: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// List alerts and their deliveries, or requeue failed ones.
    Alerts {
        /// The config file (TOML), e.g. /etc/feedwatch/feedwatch.toml
        /// (required; also accepted after `retry`).
        #[arg(long, short, value_name = "FILE", global = true)]
        config: Option<PathBuf>,
        #[command(subcommand)]
        command: Option<AlertsCommand>,
        /// Only pending deliveries (waiting to be sent, or held for a digest).
        #[arg(long, conflicts_with = "failed")]
        pending: bool,
        /// Only failed deliveries.
        #[arg(long)]
        failed: bool,
        /// Instead of alerts, the matches a topic's model held back
        /// (`learn = "filter"`), newest first.
        #[arg(long, conflicts_with_all = ["pending", "failed", "sink"])]
        suppressed: bool,
        /// Only deliveries to this sink.
        #[arg(long, value_name = "NAME")]
        sink: Option<String>,
        /// Only alerts of this topic.
        #[arg(long, value_name = "NAME")]
        topic: Option<String>,
        /// Print JSON (times in RFC 3339) instead of a table.
        #[arg(long)]
        json: bool,
        /// Show at most this many deliveries, newest first.
        #[arg(long, default_value_t = 50, value_name = "N", value_parser = at_least_one)]
        limit: usize,
        /// Use this SQLite database instead of the config's `storage.path`.
        #[arg(long, value_name = "PATH", global = true)]
        db: Option<PathBuf>,
    },
    /// Tell a topic whether an alert was relevant (its model learns from
    /// it); with no alert, list the verdicts; --undo takes one back.
    Feedback {
        #[command(flatten)]
        config: ConfigArg,
        /// The alert id (as `alerts` prints it), or a stored item (#12,
        /// link or GUID), e.g. one the model held back (`alerts --suppressed`).
        #[arg(value_name = "ALERT_OR_ITEM")]
        target: Option<String>,
        /// `relevant` or `irrelevant`.
        #[arg(value_name = "VERDICT")]
        verdict: Option<String>,
        /// The topic: needed for an item that matched several; filters the list.
        #[arg(long, value_name = "NAME")]
        topic: Option<String>,
        /// Why, in a few words (kept with the verdict).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Take back a verdict, by its number in the list.
        #[arg(long, value_name = "VERDICT_ID", conflicts_with_all = ["target", "verdict", "note"])]
        undo: Option<i64>,
        /// List undone and superseded verdicts too.
        #[arg(long)]
        all: bool,
        /// Print the list as JSON (times in RFC 3339).
        #[arg(long)]
        json: bool,
        /// List at most this many verdicts, newest first.
        #[arg(long, default_value_t = 50, value_name = "N", value_parser = at_least_one)]
        limit: usize,
        #[command(flatten)]
        db: DbArg,
    },
    /// Sink tools.
    Sink {
        #[command(subcommand)]
        command: SinkCommand,
    },
    /// Print a shell completion script (bash, zsh or fish) on stdout.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: completions::Shell,
    },
    /// Print the man page (roff) on stdout, or write every page into a directory.
    Man {
        /// Write feedwatch.1, one page per subcommand, feedwatch.toml.5 (the
        /// config) and feedwatch-query.7 (the query language) into this
        /// directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OpmlCommand {
    /// Write the configured feeds as OPML 2.0 on stdout.
    Export {
        #[command(flatten)]
        config: ConfigArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Put failed deliveries back in the queue: one alert's, or all with --failed.
    Retry {
        /// The alert id (as `alerts` prints it).
        id: Option<String>,
        /// Requeue every failed delivery.
        #[arg(long)]
        failed: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SinkCommand {
    /// Send a clearly marked test alert through a sink and report what happened.
    Test {
        #[command(flatten)]
        config: ConfigArg,
        /// The sink's name.
        name: String,
    },
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let level = cli.log_level.clone();
    let format = cli.log_format;
    let init = move |config_level: Option<&str>| {
        let level = level.as_deref().or(config_level).unwrap_or("info");
        logging::init(format, level);
    };
    let result = match cli.command {
        Command::Check { config, db } => {
            init(None);
            check::check(&config.config, db.db.as_deref())
        }
        Command::Run { config, once, db } => run::run(&config.config, db.db.as_deref(), once, init),
        Command::Reload { config, db } => {
            init(None);
            run::reload(&config.config, db.db.as_deref())
        }
        Command::Poll {
            config,
            feeds,
            all,
            timeout,
            json,
            db,
        } => {
            // Warnings only, unless asked: the results go to stdout, and
            // the config's `[log] level` is the daemon's.
            init(Some("warn"));
            Tool::load(&config, &db).and_then(|tool| {
                let options = poll::PollOptions {
                    feeds,
                    all,
                    timeout,
                    json,
                };
                poll::poll(&tool, options)
            })
        }
        command => {
            init(None);
            run_tool(command)
        }
    };
    match result {
        Ok(code) => code,
        // The reader went away (`| head`): what it wanted, it got.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run_tool(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Feeds { config, json, db } => feeds::feeds(&Tool::load(&config, &db)?, json),
        Command::Show {
            config,
            item,
            json,
            db,
        } => show::show(&Tool::load(&config, &db)?, &item, json),
        Command::Feedback {
            config,
            target,
            verdict,
            topic,
            note,
            undo,
            all,
            json,
            limit,
            db,
        } => feedback::feedback(
            &Tool::load(&config, &db)?,
            feedback::FeedbackArgs {
                target,
                verdict,
                topic,
                note,
                undo,
                all,
                json,
                limit,
            },
        ),
        Command::Stories {
            config,
            story: Some(story),
            json,
            db,
            ..
        } => show::story(&Tool::load(&config, &db)?, &story, json),
        Command::Stories {
            config,
            story: None,
            since,
            topic,
            min_reports,
            limit,
            json,
            db,
        } => show::stories(
            &Tool::load(&config, &db)?,
            &since,
            topic.as_deref(),
            min_reports,
            limit,
            json,
        ),
        Command::Discover { url } => feeds::discover(&url),
        Command::Replicas { config, json, db } => {
            replicas::replicas(&Tool::load(&config, &db)?, json)
        }
        Command::Migrate {
            from,
            to,
            password_file,
            password_credential,
        } => replicas::migrate(
            &from,
            &to,
            password_file.as_deref(),
            password_credential.as_deref(),
        ),
        Command::Opml {
            command: OpmlCommand::Export { config },
        } => feeds::opml_export(&Tool::load(&config, &DbArg { db: None })?),
        Command::Try {
            config,
            query,
            topic,
            since,
            feed,
            limit,
            near_misses,
            db,
        } => query::try_query(
            &Tool::load(&config, &db)?,
            query::TryOptions {
                query,
                topic,
                since,
                feed,
                limit,
                near_misses,
            },
        ),
        Command::Explain {
            config,
            topic,
            item,
            db,
        } => query::explain(&Tool::load(&config, &db)?, topic.as_deref(), &item),
        Command::Alerts {
            config,
            command,
            pending,
            failed,
            suppressed,
            sink,
            topic,
            json,
            limit,
            db,
        } => {
            // Global to `alerts` and `retry` (clap's global arguments cannot
            // be required): checked here.
            let Some(config) = config else {
                anyhow::bail!(
                    "`feedwatch alerts` needs --config FILE (the config file, e.g. /etc/feedwatch/feedwatch.toml)"
                );
            };
            let tool = Tool::load(&ConfigArg { config }, &DbArg { db })?;
            if suppressed && command.is_none() {
                return alerts::suppressed(&tool, topic, json, limit);
            }
            match command {
                Some(AlertsCommand::Retry { id, failed: all }) => {
                    alerts::retry(&tool, id.as_deref(), all)
                }
                None => {
                    let status = match (pending, failed) {
                        (true, _) => Some(crate::model::DeliveryStatus::Pending),
                        (_, true) => Some(crate::model::DeliveryStatus::Failed),
                        _ => None,
                    };
                    let filter = alerts::ListFilter {
                        status,
                        sink,
                        topic,
                    };
                    alerts::list(&tool, filter, json, limit)
                }
            }
        }
        Command::Sink {
            command: SinkCommand::Test { config, name },
        } => alerts::sink_test(&Tool::load(&config, &DbArg { db: None })?, &name),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { dir } => completions::man(dir.as_deref()),
        Command::Check { .. }
        | Command::Run { .. }
        | Command::Reload { .. }
        | Command::Poll { .. } => {
            anyhow::bail!("internal error: command dispatched twice")
        }
    }
}

/// The README's configuration reference table (the same source as
/// feedwatch.toml(5)); tests keep the README's copy current.
pub fn config_reference_markdown() -> String {
    reference::markdown()
}

/// The README's query language reference (the same source as
/// feedwatch-query(7)); tests keep the README's copy current.
pub fn query_reference_markdown() -> String {
    query_reference::markdown()
}

/// Loads a config, turning its errors into a printable failure; `db`
/// overrides the config's database path.
pub(crate) fn load_config(path: &Path, db: Option<&Path>) -> anyhow::Result<Config> {
    let mut config = Config::load(path).map_err(|err| anyhow::anyhow!("invalid config\n{err}"))?;
    apply_db_override(&mut config, db);
    Ok(config)
}

/// `--db PATH`: the one place it replaces the config's `storage.path`.
pub(crate) fn apply_db_override(config: &mut Config, db: Option<&Path>) {
    if let Some(db) = db {
        config.storage_path = db.to_path_buf();
    }
}

/// Formats a stored time (Unix ms) for people: local time (honouring
/// `TZ`) with its offset, e.g. `2026-03-11 15:20:00 +01:00`; `-` for none.
pub(crate) fn format_time(millis: Option<Millis>) -> String {
    millis
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S %:z")
                .to_string()
        })
        .unwrap_or_else(|| "-".to_string())
}

/// A stored time for JSON output: RFC 3339 in UTC.
pub(crate) fn rfc3339(millis: Option<Millis>) -> Option<String> {
    millis
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// A count that must be at least 1 (`--limit 0` would list nothing and
/// look like an empty database).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(err) => Err(err.to_string()),
    }
}

/// "s" unless `n` is 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `n` and the noun, plural unless `n` is 1: "1 topic", "6 feeds".
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

/// `--log-level`, checked as `[log] level` is.
fn log_level(spec: &str) -> Result<String, String> {
    crate::config::check_log_filter(spec).map(|()| spec.to_string())
}
