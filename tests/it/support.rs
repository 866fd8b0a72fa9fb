//! Test support: real HTTP servers on 127.0.0.1 (a feed server and a webhook
//! receiver), temporary configs and databases, and the real binary.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// One canned HTTP response.
#[derive(Clone, Debug)]
pub(crate) struct Canned {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
}

impl Canned {
    pub(crate) fn ok(body: impl Into<Vec<u8>>) -> Canned {
        Canned {
            status: 200,
            body: body.into(),
            headers: vec![("content-type".into(), "application/rss+xml".into())],
            delay: Duration::ZERO,
        }
    }

    pub(crate) fn status(status: u16) -> Canned {
        Canned {
            status,
            body: format!("status {status}").into_bytes(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Canned {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub(crate) fn delayed(mut self, delay: Duration) -> Canned {
        self.delay = delay;
        self
    }
}

/// A request the server received.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

#[derive(Default)]
struct ServerState {
    /// Per path: responses to give in order; the last one repeats.
    routes: HashMap<String, VecDeque<Canned>>,
    received: Vec<Received>,
}

/// An HTTP server on 127.0.0.1 that serves canned responses and records requests.
#[derive(Clone)]
pub(crate) struct TestServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<ServerState>>,
}

impl TestServer {
    pub(crate) async fn start() -> TestServer {
        TestServer::start_on("127.0.0.1:0").await
    }

    /// A server on a given address (to bring a "down" receiver up on its port).
    pub(crate) async fn start_on(addr: &str) -> TestServer {
        let state = Arc::new(Mutex::new(ServerState::default()));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("bind on 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestServer { addr, state }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sets the responses for a path (the last one repeats forever).
    pub(crate) fn route(&self, path: &str, responses: Vec<Canned>) {
        let mut state = self.state.lock().expect("server state");
        state.routes.insert(path.to_string(), responses.into());
    }

    pub(crate) fn received(&self, path: &str) -> Vec<Received> {
        let state = self.state.lock().expect("server state");
        state
            .received
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// Waits until `path` has received at least `n` requests, or the deadline passes.
    pub(crate) async fn wait_for(&self, path: &str, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.received(path);
            if got.len() >= n || Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn handle(
    State(state): State<Arc<Mutex<ServerState>>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let canned = {
        let mut state = state.lock().expect("server state");
        state.received.push(Received {
            path: path.clone(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
                .collect(),
            body: body.to_vec(),
            at: Instant::now(),
        });
        match state.routes.get_mut(&path) {
            Some(queue) if queue.len() > 1 => queue.pop_front(),
            Some(queue) => queue.front().cloned(),
            None => None,
        }
    };
    let Some(canned) = canned else {
        return (StatusCode::NOT_FOUND, "no such route").into_response();
    };
    if !canned.delay.is_zero() {
        tokio::time::sleep(canned.delay).await;
    }
    let mut response = Response::builder().status(canned.status);
    for (name, value) in &canned.headers {
        response = response.header(name, value);
    }
    response
        .body(axum::body::Body::from(canned.body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A temporary folder holding a config and its database.
pub(crate) struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub(crate) fn new() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `feedwatch.toml` and returns its path.
    pub(crate) fn config(&self, text: &str) -> PathBuf {
        let path = self.path("feedwatch.toml");
        std::fs::write(&path, text).expect("write config");
        path
    }
}

pub(crate) fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_feedwatch")
}

/// Runs the binary to completion (bounded by `timeout`).
pub(crate) fn run_binary(args: &[&str], timeout: Duration) -> Output {
    let mut child = Command::new(binary())
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn feedwatch");
    let deadline = Instant::now() + timeout;
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "feedwatch {args:?} did not finish within {timeout:?}\nstderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// [`run_binary`] from async code, off the runtime's worker threads.
pub(crate) async fn run_binary_async(args: &[&str], timeout: Duration) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_binary(&args, timeout)
    })
    .await
    .expect("join the waiting thread")
}

/// Runs `feedwatch run --once` and returns (stdout, stderr), asserting exit 0.
pub(crate) fn run_once(config: &Path) -> (String, String) {
    let out = run_binary(
        &[
            "run",
            "--once",
            "--config",
            config.to_str().expect("utf-8 path"),
        ],
        Duration::from_secs(60),
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "run --once failed: {:?}\nstderr:\n{stderr}",
        out.status
    );
    (stdout, stderr)
}

/// Starts the daemon in the background.
pub(crate) fn spawn_daemon(config: &Path) -> Daemon {
    Daemon::new(
        Command::new(binary())
            .args(["run", "--config", config.to_str().expect("utf-8 path")])
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn feedwatch daemon"),
    )
}

/// A daemon a test started: killed and reaped if the test ends (passes or
/// panics) before it stopped it, so a failing test leaves no daemon
/// running. Used as the `Child` it holds; [`stop`] and [`wait_exit`] take
/// it back.
pub(crate) struct Daemon(Option<Child>);

impl Daemon {
    pub(crate) fn new(child: Child) -> Daemon {
        Daemon(Some(child))
    }
}

impl std::ops::Deref for Daemon {
    type Target = Child;
    fn deref(&self) -> &Child {
        // Invariant: `Some` until `From<Daemon> for Child` takes it, which
        // consumes the `Daemon`.
        self.0.as_ref().expect("a daemon's child until taken")
    }
}

impl std::ops::DerefMut for Daemon {
    fn deref_mut(&mut self) -> &mut Child {
        // Invariant: as in `deref`.
        self.0.as_mut().expect("a daemon's child until taken")
    }
}

impl From<Daemon> for Child {
    fn from(mut daemon: Daemon) -> Child {
        // Invariant: as in `deref`; taking it disarms the drop.
        daemon.0.take().expect("a daemon's child until taken")
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The daemon's stderr, read as it is written, so a test can wait for a
/// log line (an observable event) instead of sleeping.
#[derive(Clone)]
pub(crate) struct DaemonLog {
    text: Arc<Mutex<String>>,
    reader: Arc<Mutex<Option<std::thread::JoinHandle<()>>>>,
}

impl DaemonLog {
    /// Takes over `child`'s stderr (which [`wait_exit`] then sees empty).
    pub(crate) fn follow(child: &mut Child) -> DaemonLog {
        use std::io::BufRead as _;
        let text = Arc::new(Mutex::new(String::new()));
        let mut reader = None;
        if let Some(stderr) = child.stderr.take() {
            let text = Arc::clone(&text);
            reader = Some(std::thread::spawn(move || {
                for line in std::io::BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    let mut text = text.lock().expect("log text");
                    text.push_str(&line);
                    text.push('\n');
                }
            }));
        }
        DaemonLog {
            text,
            reader: Arc::new(Mutex::new(reader)),
        }
    }

    /// Everything the daemon wrote, once it has exited (waits for the end
    /// of its stderr).
    pub(crate) fn finished(&self) -> String {
        if let Some(reader) = self.reader.lock().expect("log reader").take() {
            let _ = reader.join();
        }
        self.text()
    }

    pub(crate) fn text(&self) -> String {
        self.text.lock().expect("log text").clone()
    }

    /// How many lines contain `needle`.
    pub(crate) fn count(&self, needle: &str) -> usize {
        self.text().lines().filter(|l| l.contains(needle)).count()
    }

    /// Waits until the log has `n` lines containing `needle`.
    pub(crate) async fn wait_for(&self, needle: &str, n: usize, timeout: Duration) -> bool {
        wait_until(timeout, || self.count(needle) >= n).await
    }
}

/// Sends a signal to a child process.
pub(crate) fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} failed");
}

/// SIGTERM to the daemon, then its exit status and stderr (within 20 s).
pub(crate) async fn stop(child: impl Into<Child>) -> (std::process::ExitStatus, String) {
    let child = child.into();
    signal(&child, "TERM");
    tokio::task::spawn_blocking(move || wait_exit(child, Duration::from_secs(20)))
        .await
        .expect("join the waiting thread")
}

/// Waits for a child to exit, killing it after `timeout`; returns (status, stderr).
pub(crate) fn wait_exit(
    child: impl Into<Child>,
    timeout: Duration,
) -> (std::process::ExitStatus, String) {
    let mut child = child.into();
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(_status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            return (
                out.status,
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "feedwatch did not exit within {timeout:?}\nstderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Skips the calling test, visibly: the line goes straight to stderr, past
/// the harness's capture, so a plain `cargo test` shows it. When
/// `require_var` is `1` (CI sets it where the thing is available), a skip
/// is a failure instead.
pub(crate) fn skip(test: &str, reason: &str, require_var: &str) {
    use std::io::Write as _;
    if std::env::var_os(require_var).is_some_and(|v| v == "1") {
        panic!("{test}: {reason}, and {require_var}=1 requires it");
    }
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {reason} (set {require_var}=1 to make this a failure)"
    );
}

/// Checks `condition` every 20 ms until it holds (true) or `timeout`
/// passes (false): a wait on an observable event, not a guessed sleep.
pub(crate) async fn wait_until(timeout: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An RSS 2.0 document from (guid, link, title, description, pubDate) items.
pub(crate) fn rss(items: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Test wire</title><link>http://example.org/</link><description>t</description>\n",
    );
    for (guid, link, title, description, date) in items {
        out.push_str("<item>");
        if !guid.is_empty() {
            out.push_str(&format!("<guid isPermaLink=\"false\">{guid}</guid>"));
        }
        if !link.is_empty() {
            out.push_str(&format!("<link>{}</link>", link.replace('&', "&amp;")));
        }
        out.push_str(&format!(
            "<title>{title}</title><description>{description}</description><pubDate>{date}</pubDate></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}

pub(crate) const NATO_TITLE: &str =
    "ChatGPT Creator Eyes Deal to Bring AI Technology to NATO Networks";
pub(crate) const NATO_SUMMARY: &str = "OpenAI is exploring an agreement to provide its technology to NATO's non-classified networks, days after its Pentagon deal.";

pub(crate) const TOPIC_QUERY: &str = r#"(AI OR "artificial intelligence" OR OpenAI) AND (Pentagon OR NATO OR military) AND (deal OR contract OR agreement)"#;

/// A pubDate an hour ago, so the default 24h backfill alerts on it.
pub(crate) fn recent_date() -> String {
    (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc2822()
}

/// [`wire_feed`] with the NATO story at its usual GUID and link, as a response.
pub(crate) fn nato_wire() -> Canned {
    Canned::ok(wire_feed("nato-1", "https://news.example.org/openai-nato"))
}

/// The wire feed used by most tests: the NATO story among unrelated ones.
pub(crate) fn wire_feed(nato_guid: &str, nato_link: &str) -> String {
    let date = recent_date();
    rss(&[
        (nato_guid, nato_link, NATO_TITLE, NATO_SUMMARY, &date),
        (
            "wire-2",
            "https://news.example.org/navy-frigates",
            "Navy awards contract for six new frigates",
            "The shipbuilder will deliver the first hull in 2029 under the agreement.",
            &date,
        ),
        (
            "wire-3",
            "https://news.example.org/bank-ai",
            "Bank signs AI contract for fraud detection",
            "The lender will use machine learning to flag suspicious payments.",
            &date,
        ),
        (
            "wire-4",
            "https://news.example.org/energy-summit",
            "NATO energy ministers meet in Brussels",
            "Talks focused on pipelines and grid security; no agreement was reached.",
            &date,
        ),
    ])
}

/// A form body, URL-encoded.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The text between the first `start` and the next `end`.
pub(crate) fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(text[from..from + len].to_string())
}
