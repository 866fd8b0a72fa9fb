//! Issue 15, points 2, 3 and 5: values `check` accepts never panic at run
//! time, config input is bounded, a bad reload leaves the daemon running,
//! and a crashed poll is an error that does not take a feed off the schedule.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::*;

/// A config polling `feed_url` into a refusing webhook at `hook_url`, with
/// `extra` TOML before the feeds (sections such as `[delivery]`).
fn config_with(extra: &str, feed_url: &str, hook_url: &str) -> String {
    format!(
        r#"{extra}

[[feed]]
name = "wire"
url = "{feed_url}"

[[topic]]
name = "t"
query = '{TOPIC_QUERY}'

[[sink]]
name = "hook"
type = "webhook"
url = "{hook_url}"
"#
    )
}

/// The largest value every duration, factor and size may take.
const LARGEST: &str = r#"
[defaults]
interval = "30d"
min_interval = "30d"
max_interval = "30d"
max_backoff = "30d"
backfill = "3650d"

[fetch]
timeout = "1h"
connect_timeout = "1h"
max_body = "1GiB"
origin_spacing = "1h"
domain_spacing = "1h"

[delivery]
retry_initial = "7d"
retry_max = "7d"
max_age = "365d"
poll_interval = "1h"

[health]
failing_after = "365d"
quiet_factor = 1000
quiet_min = "365d"

[stories]
window = "30d"
time_scale = "30d"

[service]
shutdown_timeout = "1h"
"#;

#[tokio::test]
async fn the_largest_accepted_values_run_a_cycle_without_panicking() {
    let server = TestServer::start().await;
    server.route("/feed", vec![nato_wire()]);
    // A sink that refuses: the retry delay is computed from the maxima.
    server.route("/hook", vec![Canned::status(500)]);
    let ws = Workspace::new();
    let path = ws.config(&config_with(
        LARGEST,
        &server.url("/feed"),
        &server.url("/hook"),
    ));
    let path = path.to_str().expect("utf-8").to_string();
    let check = run_binary_async(&["check", "--config", &path], Duration::from_secs(30)).await;
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    for _ in 0..2 {
        let out = run_binary_async(
            &["run", "--once", "--config", &path],
            Duration::from_secs(30),
        )
        .await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.status.success(), "{:?}\n{stderr}", out.status);
    }
    assert!(
        !server.received("/hook").is_empty(),
        "the refusing sink was tried"
    );
}

#[tokio::test]
async fn huge_values_are_config_errors_not_panics() {
    let server = TestServer::start().await;
    server.route("/feed", vec![nato_wire()]);
    server.route("/hook", vec![Canned::status(500)]);
    for (extra, line, expected) in [
        (
            "[defaults]\ninterval = \"18446744073709551615s\"",
            2,
            "defaults.interval: `18446744073709551615s` is out of range; expected a duration from 1s to 30d",
        ),
        (
            "[defaults]\nmin_interval = \"18446744073709551615s\"",
            2,
            "defaults.min_interval: `18446744073709551615s` is out of range; expected a duration from 1s to 30d",
        ),
        (
            "[fetch]\norigin_spacing = \"18446744073709551615s\"",
            2,
            "fetch.origin_spacing: `18446744073709551615s` is out of range; expected a duration from 0s to 1h",
        ),
        (
            "[health]\nquiet_factor = 1e300",
            2,
            "health.quiet_factor: expected a number from 1 to 1000",
        ),
        (
            "[delivery]\nretry_initial = \"18446744073709551615s\"\nretry_max = \"18446744073709551615s\"",
            2,
            "delivery.retry_initial: `18446744073709551615s` is out of range; expected a duration from 1ms to 7d",
        ),
    ] {
        let ws = Workspace::new();
        let path = ws.config(&config_with(
            extra,
            &server.url("/feed"),
            &server.url("/hook"),
        ));
        let path = path.to_str().expect("utf-8").to_string();
        for command in [&["check"][..], &["run", "--once"][..]] {
            let mut args = command.to_vec();
            args.extend(["--config", &path]);
            let out = run_binary_async(&args, Duration::from_secs(30)).await;
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{extra}: {stderr}");
            assert_eq!(out.status.code(), Some(1), "{extra}: {stderr}");
            assert!(
                stderr.contains(&format!("feedwatch.toml:{line}:")) && stderr.contains(expected),
                "{extra}: expected `{expected}` at line {line}:\n{stderr}"
            );
        }
    }
}

/// Runs feedwatch with `FEEDWATCH_TEST_POLL_PANIC=<feed>` (debug builds make
/// that feed's polls panic after the request).
fn crashing(args: &[&str], feed: &str) -> Command {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env("RUST_LOG", "info")
        .env("FEEDWATCH_TEST_POLL_PANIC", feed)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[tokio::test]
async fn a_crashed_poll_fails_run_once_and_the_daemon_polls_the_feed_again() {
    let server = TestServer::start().await;
    server.route("/feed", vec![nato_wire()]);
    server.route("/other", vec![Canned::ok(rss(&[]))]);
    server.route("/hook", vec![Canned::status(200)]);
    let ws = Workspace::new();
    let text = config_with(
        "[defaults]\ninterval = \"1s\"\nmin_interval = \"1s\"",
        &server.url("/feed"),
        &server.url("/hook"),
    )
    .replace(
        "[[topic]]",
        &format!(
            "[[feed]]\nname = \"other\"\nurl = \"{}\"\n\n[[topic]]",
            server.url("/other")
        ),
    );
    let path = ws.config(&text);
    let path = path.to_str().expect("utf-8").to_string();

    let child = crashing(&["run", "--once", "--config", &path], "wire")
        .spawn()
        .expect("spawn");
    let (status, stderr) =
        tokio::task::spawn_blocking(move || wait_exit(child, Duration::from_secs(30)))
            .await
            .expect("join");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Poll task crashed"), "{stderr}");
    assert!(stderr.contains("1 poll(s) crashed"), "{stderr}");
    assert!(
        !server.received("/other").is_empty(),
        "the other feed was polled"
    );

    // The daemon: the crashed feed stays on the schedule (its lease is given
    // back), and the other feed is unaffected.
    let before = server.received("/feed").len();
    let child = crashing(&["run", "--config", &path], "wire")
        .spawn()
        .expect("spawn");
    let polls = server
        .wait_for("/feed", before + 3, Duration::from_secs(20))
        .await;
    let (_, stderr) = stop(child).await;
    assert!(
        polls.len() >= before + 3,
        "the crashed feed was polled {} more times:\n{stderr}",
        polls.len() - before
    );
    assert!(stderr.matches("Poll task crashed").count() >= 2, "{stderr}");
}
