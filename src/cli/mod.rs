//! The command line: parses arguments, sets up logging, runs a subcommand.
//! The only layer (with `main.rs`) that uses `anyhow` and prints for humans.

mod check;
mod run;
mod status;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "feedwatch",
    version,
    about = "Watches RSS, Atom and JSON feeds and alerts on the stories that match your topics"
)]
pub struct Cli {
    /// Log format on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Log level filter (overridden by RUST_LOG), e.g. "info", "feedwatch=debug".
    #[arg(long, global = true, default_value = "info")]
    pub log_level: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a config file and print what it defines.
    Check {
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Run the daemon: poll, match, alert, until SIGTERM or SIGINT.
    Run {
        #[arg(long, short)]
        config: PathBuf,
        /// Do one full cycle (poll every feed, deliver every due alert) and exit.
        #[arg(long)]
        once: bool,
        /// Use this database instead of the config's `storage.path`.
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Show each feed's health: last poll, status, error, failures, items.
    Feeds {
        #[arg(long, short)]
        config: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Use this database instead of the config's `storage.path`.
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    init_logging(cli.log_format, &cli.log_level);
    let result = match cli.command {
        Command::Check { config } => check::check(&config),
        Command::Run { config, once, db } => run::run(&config, db.as_deref(), once),
        Command::Feeds { config, json, db } => status::feeds(&config, db.as_deref(), json),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat, level: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // Err only if a subscriber is already set (tests calling run twice): keep it.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Loads a config, turning its errors into a printable failure.
/// `db` overrides the config's database path.
pub(crate) fn load_config(
    path: &std::path::Path,
    db: Option<&std::path::Path>,
) -> anyhow::Result<crate::config::Config> {
    let mut config = crate::config::Config::load(path)
        .map_err(|err| anyhow::anyhow!("invalid config\n{err}"))?;
    if let Some(db) = db {
        config.storage_path = db.to_path_buf();
    }
    Ok(config)
}
