//! The web UI in a real browser: headless Chromium driven over WebDriver
//! (chromedriver, through fantoccini). Loads every page, clicks a retry
//! button, checks the browser logged no console error (a CSP violation
//! would be one), and takes a screenshot of each page into a temporary
//! folder (or `$FEEDWATCH_SCREENSHOTS`, to keep them).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`apt-get install -y
//! chromium chromium-driver`); without them the test says what is missing
//! and passes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};

use crate::support::*;
use crate::web::*;

const WAIT: Duration = Duration::from_secs(20);

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver on a free port; killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    async fn start(binary: &Path) -> Driver {
        let port = listener().local_addr().expect("addr").port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver { child, port };
        let http = client();
        let status = format!("http://127.0.0.1:{port}/status");
        let up = eventually(WAIT, || {
            let http = http.clone();
            let status = status.clone();
            async move { http.get(status).send().await.is_ok() }
        })
        .await;
        assert!(up, "chromedriver did not come up");
        driver
    }
}

/// Chrome's console, through chromedriver's log endpoint.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

async fn console_errors(client: &fantoccini::Client) -> Vec<String> {
    let entries = client
        .issue_cmd(BrowserLog)
        .await
        .expect("read the console log");
    entries
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["level"] == "SEVERE" || e["level"] == "ERROR")
                .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_works_in_chromium() {
    let chromium = find(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find(&["chromedriver"]);
    let (Some(chromium), Some(driver_binary)) = (chromium.clone(), driver.clone()) else {
        let missing: Vec<&str> = [
            ("chromium", chromium.is_none()),
            ("chromedriver", driver.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect();
        println!(
            "browser test skipped: {} not found on PATH (Debian: apt-get install -y chromium chromium-driver)",
            missing.join(" and ")
        );
        return;
    };

    // A daemon with one alert: delivered to `ops`, failed at `pager`.
    let server = TestServer::start().await;
    server.route("/wire.xml", vec![nato_wire()]);
    server.route("/ops", vec![Canned::status(200)]);
    server.route("/pager", vec![Canned::status(400)]);
    let ws = Workspace::new();
    let cfg = ws.config(&format!(
        "[storage]\npath = \"feedwatch.db\"\n\n[defaults]\ninterval = \"1h\"\n\n[[feed]]\nname = \"defense-wire\"\nurl = \"{}\"\n\n[[feed]]\nname = \"tech-wire\"\nurl = \"{}\"\n\n[[topic]]\nname = \"defense-ai-contracts\"\nquery = '{TOPIC_QUERY}'\n\n[[topic]]\nname = \"navy-ships\"\nquery = 'navy AND (frigate* OR ship*)'\nnotify = [\"ops\"]\n\n[[sink]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"{}\"\n\n[[sink]]\nname = \"pager\"\ntype = \"webhook\"\nurl = \"{}\"\n",
        server.url("/wire.xml"),
        server.url("/missing.xml"),
        server.url("/ops"),
        server.url("/pager"),
    ));
    let running = Running::start(parse_config(&cfg)).await;
    assert!(server.wait_for("/pager", 1, WAIT).await.len() == 1);
    let failed = eventually(WAIT, || async {
        running
            .store
            .backend()
            .deliveries(
                &feedwatch::store::DeliveryFilter {
                    status: Some(feedwatch::model::DeliveryStatus::Failed),
                    ..Default::default()
                },
                10,
            )
            .is_ok_and(|d| !d.is_empty())
    })
    .await;
    assert!(failed, "the pager delivery failed");

    let chromedriver = Driver::start(&driver_binary).await;
    let profile = tempfile::tempdir().expect("profile dir");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_string(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        }),
    );
    caps.insert(
        "goog:loggingPrefs".to_string(),
        serde_json::json!({"browser": "ALL"}),
    );
    let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", chromedriver.port))
        .await
        .expect("a Chromium session");

    let shots = match std::env::var_os("FEEDWATCH_SCREENSHOTS") {
        Some(dir) => PathBuf::from(dir),
        None => ws.path("screenshots"),
    };
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let alert_id = running
        .store
        .alert_list(Default::default(), 1)
        .await
        .expect("alerts")
        .first()
        .map(|a| a.id.as_str().to_string())
        .expect("one alert");
    let pages = [
        ("alerts", "/alerts".to_string(), NATO_TITLE),
        ("alert", format!("/alerts/{alert_id}"), "Story sources"),
        (
            "topics",
            "/topics?q=OpenAI+NATO".to_string(),
            "Why it matched",
        ),
        (
            "feeds",
            "/feeds?sort=failures&dir=desc".to_string(),
            "tech-wire",
        ),
        ("stories", "/stories?since=7d".to_string(), NATO_TITLE),
    ];
    for (name, path, expected) in &pages {
        browser.goto(&running.url(path)).await.expect("load page");
        let html = browser.source().await.expect("page source");
        assert!(html.contains(expected), "{path} shows {expected}");
        let png = browser.screenshot().await.expect("screenshot");
        std::fs::write(shots.join(format!("{name}.png")), png).expect("write screenshot");
        let errors = console_errors(&browser).await;
        assert!(errors.is_empty(), "{path}: console errors {errors:?}");
    }

    // The retry button: the receiver now accepts; click, land back on
    // the alerts page, and the alert goes out again.
    server.route("/pager", vec![Canned::status(200)]);
    browser.goto(&running.url("/alerts")).await.expect("load");
    browser
        .find(Locator::Css("button[name='retry']"))
        .await
        .expect("a retry button")
        .click()
        .await
        .expect("click retry");
    let started = Instant::now();
    while !browser
        .current_url()
        .await
        .is_ok_and(|u| u.path() == "/alerts")
        && started.elapsed() < WAIT
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(server.wait_for("/pager", 2, WAIT).await.len(), 2, "retried");
    let delivered = eventually(WAIT, || async {
        running
            .store
            .backend()
            .deliveries(
                &feedwatch::store::DeliveryFilter {
                    status: Some(feedwatch::model::DeliveryStatus::Failed),
                    ..Default::default()
                },
                10,
            )
            .is_ok_and(|d| d.is_empty())
    })
    .await;
    assert!(delivered, "nothing failed after the retry");
    browser.refresh().await.expect("reload");
    assert!(
        !browser
            .source()
            .await
            .expect("source")
            .contains("status failed")
    );
    let png = browser.screenshot().await.expect("screenshot");
    std::fs::write(shots.join("alerts-after-retry.png"), png).expect("write");
    let errors = console_errors(&browser).await;
    assert!(errors.is_empty(), "after retry: console errors {errors:?}");
    println!("screenshots in {}", shots.display());
    let _ = browser.close().await;
    drop(chromedriver);
    running.stop().await;
}
