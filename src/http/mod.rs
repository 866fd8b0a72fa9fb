//! The HTTP server: health checks, Prometheus metrics, the WebSub
//! subscriber's callbacks and the web UI, on one axum server.
//!
//! [`Services`] is started beside the daemon (`cli::run`) and follows it
//! through [`Live`]: each reload re-reads `[http]` (auth, public URL,
//! per-feed metrics apply at once; a new `listen` address rebinds) and
//! restarts the WebSub [`Subscriber`](crate::websub::Subscriber) with the
//! new feeds. A stop shuts the server down gracefully.
//!
//! **Invariants:**
//! - Every response carries a strict Content-Security-Policy (no script at
//!   all, styles from our own origin only) and `nosniff`.
//! - With `[http.auth]` set, everything but `/healthz`, `/readyz`, the
//!   WebSub callbacks (which hubs authenticate by signature) and signed
//!   feedback links (`/feedback/...`, whose signature is the credential) needs
//!   credentials; every state-changing request (POST) also needs a valid
//!   CSRF token and a same-origin `Origin` when the browser sends one.
//! - Handlers never panic on input; they answer 4xx.

pub mod auth;
mod config;
mod health;
mod metrics;
mod push;
mod ui;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

pub use config::{DEFAULT_LISTEN, HttpConfig, RawHttpConfig, alert_page};

pub(crate) use auth::{constant_time_eq, random_token, unhex};

use crate::config::Config;
use crate::daemon::{Live, Poller};
use crate::websub::{Callbacks, Subscriber};
use auth::{Authenticator, Csrf};

/// The policy every response carries: nothing runs, nothing is framed,
/// forms post only to us.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cannot listen on {addr} ([http] listen): {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// What handlers share.
#[derive(Clone)]
pub(crate) struct AppState {
    live: Live,
    auth: Arc<RwLock<Arc<Authenticator>>>,
    csrf: Arc<Csrf>,
    ui: Arc<ui::Templates>,
}

impl AppState {
    /// The running daemon's poller; `None` while it starts or stops.
    fn poller(&self) -> Option<Poller> {
        self.live.poller()
    }

    fn authenticator(&self) -> Arc<Authenticator> {
        Arc::clone(&self.auth.read().unwrap_or_else(|p| p.into_inner()))
    }

    fn callbacks(&self, poller: &Poller) -> Callbacks {
        Callbacks::new(
            poller.store().clone(),
            poller.clock().clone(),
            self.live.active_feeds(),
            self.live.wake(),
        )
    }
}

/// The HTTP server and the WebSub subscriber, running beside the daemon.
pub struct Services {
    stop: CancellationToken,
    supervisor: JoinHandle<()>,
    addr: Option<SocketAddr>,
}

impl Services {
    /// Binds `[http] listen` (or takes `listener`, for tests), starts the
    /// server, and follows `live` for reloads until [`Services::stop`].
    /// Nothing is started when `listen = "off"` and no listener is given.
    pub async fn start(
        config: &Config,
        live: Live,
        listener: Option<std::net::TcpListener>,
    ) -> Result<Services, HttpError> {
        let stop = CancellationToken::new();
        crate::telemetry::set_per_feed(config.http.per_feed_metrics);
        let listener = match (listener, config.http.listen) {
            (Some(listener), _) => Some(from_std(listener)?),
            (None, Some(addr)) => match bind(addr).await {
                Ok(listener) => Some(listener),
                Err(err) if !config.http.listen_configured => {
                    warn!(error = %err, "The default HTTP address is busy (another feedwatch?); running without the HTTP server: set [http] listen");
                    None
                }
                Err(err) => return Err(err),
            },
            (None, None) => None,
        };
        let addr = listener.as_ref().and_then(|l| l.local_addr().ok());
        let state = AppState {
            live: live.clone(),
            auth: Arc::new(RwLock::new(Arc::new(Authenticator::new(
                config.http.auth.clone(),
            )))),
            csrf: Arc::new(Csrf::new()),
            ui: Arc::new(ui::Templates::new()),
        };
        let supervisor = tokio::spawn(supervise(
            state,
            listener,
            config.http.clone(),
            stop.clone(),
        ));
        Ok(Services {
            stop,
            supervisor,
            addr,
        })
    }

    /// Where the server listens, if it does.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.addr
    }

    /// Stops the server (in-flight requests get a few seconds) and the subscriber.
    pub async fn stop(self) {
        self.stop.cancel();
        if let Err(err) = self.supervisor.await {
            warn!(error = %err, "HTTP server task ended abnormally");
        }
    }
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, HttpError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| HttpError::Bind { addr, source })
}

fn from_std(listener: std::net::TcpListener) -> Result<tokio::net::TcpListener, HttpError> {
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
        .map_err(|source| HttpError::Bind { addr, source })
}

/// A running server that can be stopped on its own (a reload may rebind).
struct RunningServer {
    addr: SocketAddr,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl RunningServer {
    fn start(listener: tokio::net::TcpListener, state: AppState) -> RunningServer {
        let addr = listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
        let stop = CancellationToken::new();
        let app = router(state);
        let graceful = stop.clone();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { graceful.cancelled().await })
                .await;
            if let Err(err) = served {
                error!(error = %err, "HTTP server failed");
            }
        });
        info!(%addr, "HTTP server listening");
        RunningServer { addr, stop, task }
    }

    async fn stop(self) {
        self.stop.cancel();
        // Keep-alive connections could hold a graceful stop open forever.
        if tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .is_err()
        {
            warn!("HTTP requests still running after 5 s were cut off");
        }
    }
}

/// Runs the server and the subscriber, and applies each reload.
async fn supervise(
    state: AppState,
    listener: Option<tokio::net::TcpListener>,
    mut http: HttpConfig,
    stop: CancellationToken,
) {
    let mut server = listener.map(|l| RunningServer::start(l, state.clone()));
    let mut subscriber: Option<(CancellationToken, JoinHandle<()>)> = None;
    let mut generations = state.live.generations();
    loop {
        // Each publish (start, reload) brings a new config.
        if let Some(poller) = state.live.poller() {
            let config = Arc::clone(poller.config());
            if config.http.listen != http.listen {
                server = rebind(server, config.http.listen, &state).await;
            }
            http = config.http.clone();
            crate::telemetry::set_per_feed(http.per_feed_metrics);
            *state.auth.write().unwrap_or_else(|p| p.into_inner()) =
                Arc::new(Authenticator::new(http.auth.clone()));
            if let Some((token, task)) = subscriber.take() {
                token.cancel();
                let _ = task.await;
            }
            subscriber = start_subscriber(&poller, &state.live, server.is_some());
        }
        tokio::select! {
            () = stop.cancelled() => break,
            changed = generations.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
    }
    if let Some((token, task)) = subscriber.take() {
        token.cancel();
        let _ = task.await;
    }
    if let Some(server) = server {
        server.stop().await;
    }
    info!("HTTP server stopped");
}

async fn rebind(
    server: Option<RunningServer>,
    listen: Option<SocketAddr>,
    state: &AppState,
) -> Option<RunningServer> {
    let Some(addr) = listen else {
        if let Some(old) = server {
            old.stop().await;
        }
        info!("[http] listen is now \"off\": HTTP server stopped");
        return None;
    };
    if let Some(old) = server {
        if old.addr == addr {
            return Some(old);
        }
        // Free the old port first: the new address may be the same port
        // on another interface.
        let old_addr = old.addr;
        old.stop().await;
        match bind(addr).await {
            Ok(listener) => Some(RunningServer::start(listener, state.clone())),
            Err(err) => {
                error!(error = %err, "Reload cannot move the HTTP server; it stays on its old address");
                match bind(old_addr).await {
                    Ok(listener) => Some(RunningServer::start(listener, state.clone())),
                    Err(err) => {
                        error!(error = %err, "HTTP server cannot return to its old address; it is off until a restart");
                        None
                    }
                }
            }
        }
    } else {
        match bind(addr).await {
            Ok(listener) => Some(RunningServer::start(listener, state.clone())),
            Err(err) => {
                error!(error = %err, "Reload cannot start the HTTP server");
                None
            }
        }
    }
}

fn start_subscriber(
    poller: &Poller,
    live: &Live,
    serving: bool,
) -> Option<(CancellationToken, JoinHandle<()>)> {
    if !serving {
        return None;
    }
    let subscriber = match Subscriber::new(
        Arc::clone(poller.config()),
        poller.store().clone(),
        poller.clock().clone(),
        poller.limiter(),
        live.active_feeds(),
        live.wake_subscriber(),
    ) {
        Ok(Some(subscriber)) => subscriber,
        Ok(None) => return None,
        Err(err) => {
            error!(error = %err, "WebSub subscriber cannot start; feeds are polled only");
            return None;
        }
    };
    let token = CancellationToken::new();
    let task = tokio::spawn(subscriber.run(token.clone()));
    Some((token, task))
}

fn router(state: AppState) -> Router {
    let open = Router::new()
        .route("/healthz", axum::routing::get(health::healthz))
        .route("/readyz", axum::routing::get(health::readyz))
        .route(
            "/websub/{callback}",
            axum::routing::get(push::verify).post(push::content),
        )
        .merge(ui::link_routes());
    let protected = ui::routes()
        .route("/metrics", axum::routing::get(metrics::metrics))
        .layer(middleware::from_fn_with_state(state.clone(), require_auth));
    open.merge(protected)
        .fallback(not_found)
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// The answer while the daemon is starting or stopping.
fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "feedwatch is starting or stopping",
    )
        .into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

/// 401 unless the request carries valid credentials (when auth is set).
async fn require_auth(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let authenticator = state.authenticator();
    let header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if authenticator.allows(header) {
        return next.run(request).await;
    }
    let challenge = authenticator.config().map_or("Basic", auth::challenge);
    let mut response = (StatusCode::UNAUTHORIZED, "authentication required").into_response();
    if let Ok(value) = HeaderValue::from_str(challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}
