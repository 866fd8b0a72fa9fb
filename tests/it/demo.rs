//! The demo config (bundled sample feeds read through file: URLs) alerts on
//! the NATO story and on nothing else, from any working directory.

use std::path::Path;
use std::time::Duration;

use crate::support::*;

#[test]
fn demo_alerts_on_the_nato_story_only() {
    let ws = Workspace::new();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/demo.toml");
    let db = ws.path("demo.db");
    let out = std::process::Command::new(binary())
        .args([
            "run",
            "--once",
            "--config",
            config.to_str().expect("utf-8"),
            "--db",
            db.to_str().expect("utf-8"),
        ])
        .current_dir(ws.dir.path())
        .output()
        .expect("run demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let alerts: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert_eq!(alerts.len(), 1, "exactly one alert:\n{stdout}\n{stderr}");
    assert_eq!(alerts[0]["item"]["title"], NATO_TITLE);
    assert_eq!(alerts[0]["topic"], "defense-ai-contracts");
    // Every sample item was stored: the others were seen and did not match.
    let health = run_binary(
        &[
            "feeds",
            "--json",
            "--config",
            config.to_str().expect("utf-8"),
            "--db",
            db.to_str().expect("utf-8"),
        ],
        Duration::from_secs(30),
    );
    let health: serde_json::Value = serde_json::from_slice(&health.stdout).expect("json");
    let items: i64 = health
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["items"].as_i64().unwrap_or(0))
        .sum();
    assert!(items >= 10, "{health}");
}
