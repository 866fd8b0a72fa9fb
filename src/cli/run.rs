//! `feedwatch run` (the daemon, or one cycle with `--once`) and
//! `feedwatch reload`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::Notify;

use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::clock::Clock;
use crate::config::{Config, ConfigError};
use crate::daemon::{Control, Daemon, Live, Reload};
use crate::http::Services;
use crate::service::notify::Notifier;
use crate::store;

pub(super) fn run(
    path: &Path,
    db: Option<&Path>,
    once: bool,
    init_logging: impl FnOnce(Option<&str>),
) -> anyhow::Result<ExitCode> {
    let config = match super::load_config(path, db) {
        Ok(config) => config,
        Err(err) => {
            init_logging(None);
            return Err(err);
        }
    };
    init_logging(config.log_level.as_deref());
    let runtime = crate::daemon::runtime()?;
    let control_signals = ControlSignals::install(&runtime)?;
    // Held for the daemon's whole life: a second feedwatch on the same
    // SQLite database is refused instead of interleaving its writes.
    // Replicas on one PostgreSQL database share it through leases instead.
    let _lock = match config.storage.postgres {
        None => Some(store::lock_database(&config.storage_path)?),
        Some(_) => None,
    };
    let shutdown_timeout = config.shutdown_timeout;
    let http_config = config.clone();
    runtime.block_on(async move {
        let daemon = Daemon::start(config, Clock::System).await?;
        if once {
            let report = daemon.run_once().await;
            // A one-off run is not a replica once it is done: without this,
            // `feedwatch replicas` would list it as live for a lease period.
            if let Err(err) = daemon.retire().await {
                tracing::warn!(error = %err, "Cannot release our leases; they expire by themselves");
            }
            let report = report?;
            info!(
                feeds_ok = report.feeds_ok,
                feeds_failed = report.feeds_failed,
                new_items = report.new_items,
                alerts = report.alerts,
                delivered = report.delivered,
                pending = report.pending,
                "Cycle done"
            );
            if report.crashed > 0 {
                anyhow::bail!(
                    "{} poll(s) crashed (a bug in feedwatch; the log has the panic): the cycle is incomplete",
                    report.crashed
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        // The HTTP server (and WebSub) start and stop with the daemon; a
        // listen address that cannot be bound stops feedwatch here.
        let live = Live::new();
        let services = Services::start(&http_config, live.clone(), None).await?;
        let shutdown = CancellationToken::new();
        let (reload_tx, reload_rx) = tokio::sync::mpsc::unbounded_channel();
        let source = ConfigSource {
            path: path.to_path_buf(),
            db: db.map(Path::to_path_buf),
        };
        let poll_now = Arc::new(Notify::new());
        let signals = Signals {
            shutdown: shutdown.clone(),
            reload: reload_tx,
            poll_now: Arc::clone(&poll_now),
        };
        tokio::spawn(handle_signals(signals, control_signals, source));
        let control = Control {
            shutdown,
            reload: Some(reload_rx),
            poll_now,
            notifier: Notifier::from_env(),
            shutdown_timeout,
            live: live.clone(),
        };
        let result = daemon.run(control).await;
        services.stop().await;
        result?;
        Ok(ExitCode::SUCCESS)
    })
}

/// The signals `feedwatch reload` (SIGHUP) and `feedwatch poll` (SIGUSR1)
/// send to whoever holds the database's lock. Both kill a process that has
/// no handler, so every lock holder installs them before taking the lock:
/// a daemon still starting up keeps them for later (a reload, a claim),
/// and `run --once` or a `poll` without a daemon ignores them.
pub(super) struct ControlSignals {
    hup: tokio::signal::unix::Signal,
    usr1: tokio::signal::unix::Signal,
}

impl ControlSignals {
    pub(super) fn install(runtime: &tokio::runtime::Runtime) -> anyhow::Result<ControlSignals> {
        use tokio::signal::unix::{SignalKind, signal};
        let _context = runtime.enter();
        Ok(ControlSignals {
            hup: signal(SignalKind::hangup()).context("installing the SIGHUP handler")?,
            usr1: signal(SignalKind::user_defined1()).context("installing the SIGUSR1 handler")?,
        })
    }
}

/// What the daemon's signals act on.
struct Signals {
    shutdown: CancellationToken,
    reload: tokio::sync::mpsc::UnboundedSender<Reload>,
    poll_now: Arc<Notify>,
}

/// SIGTERM/SIGINT cancel `shutdown` (a second one exits at once: every write
/// is a transaction, so nothing is corrupted, and an interrupted poll is
/// simply redone); SIGHUP asks for a reload; SIGUSR1 (from `feedwatch
/// poll`) has the scheduler claim due feeds at once.
async fn handle_signals(signals: Signals, control: ControlSignals, source: ConfigSource) {
    use tokio::signal::unix::{SignalKind, signal};
    let Signals {
        shutdown,
        reload,
        poll_now,
    } = signals;
    let ControlSignals { mut hup, mut usr1 } = control;
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::error!("Cannot install signal handlers; stop feedwatch with SIGKILL");
        return;
    };
    let reloading = Arc::new(AtomicBool::new(false));
    loop {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
            _ = usr1.recv() => {
                info!("SIGUSR1 received: polling the feeds due now");
                poll_now.notify_one();
                continue;
            }
            _ = hup.recv() => {
                if reloading.swap(true, Ordering::SeqCst) {
                    warn!("SIGHUP received while the previous reload is still being validated; ignored");
                    continue;
                }
                info!("SIGHUP received: reloading the config");
                // Read and validated on the blocking pool, in a task of its
                // own: this loop keeps answering SIGTERM meanwhile, and the
                // scheduler keeps polling on the running config.
                let (source, reload, reloading) =
                    (source.clone(), reload.clone(), Arc::clone(&reloading));
                tokio::spawn(async move {
                    if let Some(loaded) = source.load_within(RELOAD_TIME_LIMIT).await {
                        let _ = reload.send(loaded);
                    }
                    reloading.store(false, Ordering::SeqCst);
                });
                continue;
            }
        };
        if shutdown.is_cancelled() {
            warn!("{name} received again: exiting now");
            std::process::exit(0);
        }
        info!("{name} received: stopping");
        shutdown.cancel();
    }
}

/// Where the daemon's config comes from, to read it again on SIGHUP.
#[derive(Debug, Clone)]
struct ConfigSource {
    path: std::path::PathBuf,
    /// `--db`, which a reload keeps.
    db: Option<std::path::PathBuf>,
}

impl ConfigSource {
    fn load(&self) -> Result<Config, ConfigError> {
        let mut config = Config::load(&self.path)?;
        super::apply_db_override(&mut config, self.db.as_deref());
        Ok(config)
    }

    /// [`ConfigSource::load`] on the blocking pool, given up after `limit`
    /// (an error, so the running config stays); `None` when the load
    /// panicked (also logged; the running config stays too).
    async fn load_within(&self, limit: Duration) -> Option<Result<Config, ConfigError>> {
        let source = self.clone();
        let task = tokio::task::spawn_blocking(move || source.load());
        match tokio::time::timeout(limit, task).await {
            Ok(Ok(loaded)) => Some(loaded),
            Ok(Err(join)) => {
                tracing::error!(error = %join, "Reload failed: validating the config crashed; the previous config stays in force");
                None
            }
            Err(_) => Some(Err(ConfigError::TooSlow {
                path: self.path.clone(),
                limit,
            })),
        }
    }
}

/// How long a reloaded config may take to read and validate (a valid one
/// takes milliseconds); past it, the running config stays in force.
const RELOAD_TIME_LIMIT: Duration = Duration::from_secs(5);

/// `feedwatch reload`: SIGHUP to the daemon holding the database.
pub(super) fn reload(path: &Path, db: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = super::load_config(path, db)?;
    if config.storage.postgres.is_some() {
        anyhow::bail!(
            "with PostgreSQL, each replica reloads on its own: send SIGHUP to each (`systemctl reload feedwatch` on each machine); `feedwatch replicas` lists them"
        );
    }
    let Some(pid) = store::lock_holder(&config.storage_path) else {
        anyhow::bail!(
            "no running feedwatch holds {}; under systemd use `systemctl reload feedwatch`",
            config.storage_path.display()
        );
    };
    signal(pid, "HUP")?;
    out!("sent SIGHUP to feedwatch (pid {pid}); the config is valid and will be applied");
    Ok(ExitCode::SUCCESS)
}

/// Sends `SIG<name>` to the daemon `pid` (with kill(1): no unsafe code).
pub(super) fn signal(pid: u32, name: &str) -> anyhow::Result<()> {
    let out = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .stderr(std::process::Stdio::piped())
        .output()
        .with_context(|| format!("running kill -{name} {pid}"))?;
    if !out.status.success() {
        anyhow::bail!(
            "could not send SIG{name} to feedwatch (pid {pid}): {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
