//! Test support for the HTTP server: a daemon running in this process with
//! its HTTP services on a listener bound to 127.0.0.1:0, reloadable, and a
//! small HTTP client for it.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::{Control, Daemon, Live, Reload};
use feedwatch::http::Services;
use feedwatch::store::Store;
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

/// A daemon with its HTTP server, in this process.
pub(crate) struct Running {
    pub addr: SocketAddr,
    pub live: Live,
    pub store: Store,
    shutdown: CancellationToken,
    reload: UnboundedSender<Reload>,
    daemon: tokio::task::JoinHandle<()>,
    services: Option<Services>,
}

impl Running {
    pub(crate) async fn start(config: Config) -> Running {
        Running::start_on(listener(), config).await
    }

    /// Starts on a listener bound beforehand (its address goes in the config).
    pub(crate) async fn start_on(listener: std::net::TcpListener, config: Config) -> Running {
        let daemon = Daemon::start(config.clone(), Clock::System)
            .await
            .expect("daemon starts");
        let store = daemon.store().clone();
        let live = Live::new();
        let services = Services::start(&config, live.clone(), Some(listener))
            .await
            .expect("HTTP services start");
        let addr = services.local_addr().expect("listening");
        let shutdown = CancellationToken::new();
        let (reload, reload_rx) = tokio::sync::mpsc::unbounded_channel();
        let control = Control {
            reload: Some(reload_rx),
            live: live.clone(),
            ..Control::new(shutdown.clone())
        };
        let task = tokio::spawn(async move {
            daemon.run(control).await.expect("daemon runs");
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        while live.last_beat().is_none() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Running {
            addr,
            live,
            store,
            shutdown,
            reload,
            daemon: task,
            services: Some(services),
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends a config as SIGHUP would, and waits until the daemon runs it.
    pub(crate) async fn reload(&self, config: Config) {
        let mut generations = self.live.generations();
        generations.borrow_and_update();
        self.reload
            .send(Ok(config))
            .expect("daemon listens for reloads");
        tokio::time::timeout(Duration::from_secs(10), generations.changed())
            .await
            .expect("reload applied in time")
            .expect("daemon alive");
        // The server follows the daemon's publish on its own task.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    pub(crate) async fn stop(mut self) {
        self.shutdown.cancel();
        let _ = tokio::time::timeout(Duration::from_secs(20), &mut self.daemon).await;
        if let Some(services) = self.services.take() {
            services.stop().await;
        }
    }
}

/// A listener on 127.0.0.1 with a free port.
pub(crate) fn listener() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0")
}

/// Parses a config written into a workspace file.
pub(crate) fn parse_config(path: &Path) -> Config {
    Config::load(path).unwrap_or_else(|err| panic!("config: {err}"))
}

/// A plain HTTP client: no redirects followed, no proxies.
pub(crate) fn client() -> reqwest::Client {
    feedwatch::fetch::install_tls_provider();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// Polls `check` every 20 ms until it holds or `timeout` passes.
pub(crate) async fn eventually<F, Fut>(timeout: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
