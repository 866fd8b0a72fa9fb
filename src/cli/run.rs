//! `feedwatch run`: the daemon, or one cycle with `--once`.

use std::path::Path;
use std::process::ExitCode;

use tokio_util::sync::CancellationToken;
use tracing::info;

use crate::clock::Clock;
use crate::daemon::Daemon;

pub fn run(path: &Path, db: Option<&Path>, once: bool) -> anyhow::Result<ExitCode> {
    let config = super::load_config(path, db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let daemon = Daemon::start(config, Clock::System).await?;
        if once {
            let report = daemon.run_once().await?;
            info!(
                feeds_ok = report.feeds_ok,
                feeds_failed = report.feeds_failed,
                new_items = report.new_items,
                alerts = report.alerts,
                delivered = report.delivered,
                pending = report.pending,
                "Cycle done"
            );
            return Ok(ExitCode::SUCCESS);
        }
        let shutdown = CancellationToken::new();
        tokio::spawn(stop_on_signal(shutdown.clone()));
        daemon.run(shutdown).await?;
        Ok(ExitCode::SUCCESS)
    })
}

/// Cancels `shutdown` on SIGTERM or SIGINT.
async fn stop_on_signal(shutdown: CancellationToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::error!("Cannot install signal handlers; stop with SIGKILL");
            return;
        };
        tokio::select! {
            _ = term.recv() => info!("SIGTERM received"),
            _ = int.recv() => info!("SIGINT received"),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    shutdown.cancel();
}
