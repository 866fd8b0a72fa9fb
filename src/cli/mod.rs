//! The command line: parses arguments, sets up logging, runs a subcommand.
//! The only layer (with `main.rs`) that uses `anyhow` and prints for humans.

mod alerts;
mod check;
pub(crate) mod completions;
mod feeds;
mod query;
mod replicas;
mod run;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::service::logging::{self, LogFormat};

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
    #[arg(long, global = true)]
    pub log_level: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a config file and print what it defines.
    Check {
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Run the daemon: poll, match, alert, until SIGTERM or SIGINT; SIGHUP reloads the config.
    Run {
        #[arg(long, short)]
        config: PathBuf,
        /// Do one full cycle (poll every feed, give every pending alert one attempt) and exit.
        #[arg(long)]
        once: bool,
        /// Use this database instead of the config's `storage.path`.
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Ask the running daemon to re-read its config (sends SIGHUP to the pid in its lock file).
    Reload {
        #[arg(long, short)]
        config: PathBuf,
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Show each feed's health: last poll, status, error, failures, next poll, items.
    Feeds {
        #[arg(long, short)]
        config: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// List the daemons sharing the database: live or not, their leased
    /// feeds and sink queues, last heartbeat, config hash.
    Replicas {
        #[arg(long, short)]
        config: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Copy a SQLite database's state (feeds, items, stories, alerts,
    /// outbox, digests) into an empty PostgreSQL database.
    Migrate {
        /// The source: `sqlite:PATH`.
        #[arg(long)]
        from: String,
        /// The target: `postgres://user@host/database` (no password).
        #[arg(long)]
        to: String,
        /// Read the target's password from this file.
        #[arg(long, conflicts_with = "password_credential")]
        password_file: Option<PathBuf>,
        /// Read the target's password from this systemd credential.
        #[arg(long)]
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
        #[arg(long, short)]
        config: PathBuf,
        /// The query to run (omit with --topic).
        query: Option<String>,
        /// Run this configured topic instead of a query.
        #[arg(long)]
        topic: Option<String>,
        /// Only items published (or first seen) within this window, e.g. "30d".
        #[arg(long)]
        since: Option<String>,
        /// Only items of this feed.
        #[arg(long)]
        feed: Option<String>,
        /// Show at most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Say why a stored item did or did not match a topic, term by term.
    Explain {
        #[arg(long, short)]
        config: PathBuf,
        #[arg(long)]
        topic: String,
        /// The item: its id (as `try` prints it), link or GUID.
        item: String,
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// List alerts and their deliveries, or requeue failed ones.
    Alerts {
        #[arg(long, short)]
        config: PathBuf,
        #[command(subcommand)]
        command: Option<AlertsCommand>,
        /// Only pending deliveries.
        #[arg(long, conflicts_with = "failed")]
        pending: bool,
        /// Only failed deliveries.
        #[arg(long)]
        failed: bool,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Sink tools.
    Sink {
        #[command(subcommand)]
        command: SinkCommand,
    },
    /// Print a shell completion script (bash, zsh or fish) on stdout.
    Completions {
        #[arg(value_enum)]
        shell: completions::Shell,
    },
    /// Print the man page (roff) on stdout, or write every page into a directory.
    Man {
        /// Write feedwatch.1 and one page per subcommand into this directory.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OpmlCommand {
    /// Write the configured feeds as OPML 2.0 on stdout.
    Export {
        #[arg(long, short)]
        config: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Put failed deliveries back in the queue: one alert's, or all with --failed.
    Retry {
        /// The alert id.
        id: Option<String>,
        #[arg(long)]
        failed: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SinkCommand {
    /// Send a clearly marked test alert through a sink and report what happened.
    Test {
        #[arg(long, short)]
        config: PathBuf,
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
        Command::Check { config } => {
            init(None);
            check::check(&config)
        }
        Command::Run { config, once, db } => run::run(&config, db.as_deref(), once, init),
        Command::Reload { config, db } => {
            init(None);
            run::reload(&config, db.as_deref())
        }
        command => {
            init(None);
            run_tool(command)
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_tool(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Feeds { config, json, db } => feeds::feeds(&config, db.as_deref(), json),
        Command::Discover { url } => feeds::discover(&url),
        Command::Replicas { config, json } => {
            replicas::replicas(&load_config(&config, None)?, json)
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
        } => feeds::opml_export(&config),
        Command::Try {
            config,
            query,
            topic,
            since,
            feed,
            limit,
            db,
        } => query::try_query(
            &load_config(&config, db.as_deref())?,
            query::TryOptions {
                query,
                topic,
                since,
                feed,
                limit,
            },
        ),
        Command::Explain {
            config,
            topic,
            item,
            db,
        } => query::explain(&load_config(&config, db.as_deref())?, &topic, &item),
        Command::Alerts {
            config,
            command,
            pending,
            failed,
            json,
            limit,
            db,
        } => {
            let config = load_config(&config, db.as_deref())?;
            match command {
                Some(AlertsCommand::Retry { id, failed: all }) => {
                    alerts::retry(&config, id.as_deref(), all)
                }
                None => {
                    let status = match (pending, failed) {
                        (true, _) => Some(crate::model::DeliveryStatus::Pending),
                        (_, true) => Some(crate::model::DeliveryStatus::Failed),
                        _ => None,
                    };
                    alerts::list(&config, status, json, limit)
                }
            }
        }
        Command::Sink {
            command: SinkCommand::Test { config, name },
        } => alerts::sink_test(&load_config(&config, None)?, &name),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { dir } => completions::man(dir.as_deref()),
        Command::Check { .. } | Command::Run { .. } | Command::Reload { .. } => {
            anyhow::bail!("internal error: command dispatched twice")
        }
    }
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

/// Formats a stored time (Unix ms) for tables.
pub(crate) fn format_time(millis: Option<i64>) -> String {
    millis
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "-".to_string())
}
