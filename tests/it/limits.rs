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

/// The test hooks (`FEEDWATCH_TEST_POLL_PANIC`, `FEEDWATCH_TEST_REPORT_PEAK`)
/// exist only in debug builds: a release build has no way to make a poll
/// panic or to report its peak memory on request. Under `cargo test
/// --release` the tests that need them say so and skip.
fn test_hooks_missing(test: &str) -> bool {
    if cfg!(debug_assertions) {
        return false;
    }
    eprintln!(
        "{test}: skipped: needs the debug build's test hooks; run `cargo test` without --release"
    );
    true
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
    if test_hooks_missing("a_crashed_poll_fails_run_once_and_the_daemon_polls_the_feed_again") {
        return;
    }
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
    let child = crate::support::Daemon::new(
        crashing(&["run", "--config", &path], "wire")
            .spawn()
            .expect("spawn"),
    );
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

/// What one run of the binary cost.
struct Measured {
    code: Option<i32>,
    stderr: String,
    took: Duration,
    /// The process's own peak resident set (VmHWM, which debug builds print
    /// at exit when `FEEDWATCH_TEST_REPORT_PEAK` is set).
    peak_mib: f64,
}

/// Runs the binary to completion and measures its time and peak memory.
fn run_measured(args: &[&str]) -> Measured {
    let started = std::time::Instant::now();
    let out = Command::new(binary())
        .args(args)
        .env("FEEDWATCH_TEST_REPORT_PEAK", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run feedwatch");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let peak_kib: f64 = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM line (a debug build prints it):\n{stderr}"));
    Measured {
        code: out.status.code(),
        stderr,
        took,
        peak_mib: peak_kib / 1024.0,
    }
}

/// `[aliases]` of `n` names, each with two words, then a topic using one.
fn many_aliases(target_bytes: usize) -> String {
    let mut text = String::from("[aliases]\n");
    let mut i = 0;
    while text.len() < target_bytes {
        text.push_str(&format!("a{i:07} = [\"word{i}\", \"other words\"]\n"));
        i += 1;
    }
    text.push_str("[[feed]]\nname = \"f\"\nurl = \"https://example.org/\"\n[[topic]]\nname = \"t\"\nquery = \"@a0000001 AND x\"\nnotify = [\"nope\"]\n[[sink]]\nname = \"s\"\ntype = \"stdout\"\n");
    text
}

/// 24 aliases, each naming the next four times: 4^23 terms if expanded.
fn exponential_aliases() -> String {
    let mut text = String::from("[aliases]\n");
    for level in 0..24 {
        if level == 23 {
            text.push_str(&format!("l{level:02} = [\"end\"]\n"));
        } else {
            let next = format!("\"@l{:02}\"", level + 1);
            text.push_str(&format!("l{level:02} = [{next}, {next}, {next}, {next}]\n"));
        }
    }
    text.push_str("[[feed]]\nname = \"f\"\nurl = \"https://example.org/\"\n[[topic]]\nname = \"t\"\nquery = \"@l00 AND x\"\n[[sink]]\nname = \"s\"\ntype = \"stdout\"\n");
    text
}

/// `[[feed]]` entries up to `target_bytes`, and a topic with a mistake.
fn many_feeds(target_bytes: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < target_bytes {
        text.push_str(&format!(
            "[[feed]]\nname = \"f{i}\"\nurl = \"https://example{i}.org/feed\"\ntags = [\"a\", \"b\"]\n"
        ));
        i += 1;
    }
    text.push_str("[[topic]]\nname = \"t\"\nquery = \"x\"\nnotify = [\"nope\"]\n[[sink]]\nname = \"s\"\ntype = \"stdout\"\n");
    text
}

/// 16,000 sinks and 14,000 topics that name none (so each goes to every
/// sink), and one topic naming a sink that does not exist.
fn sinks_and_topics() -> String {
    let mut text = String::new();
    for i in 0..16_000 {
        text.push_str(&format!("[[sink]]\nname = \"s{i}\"\ntype = \"stdout\"\n"));
    }
    for i in 0..14_000 {
        text.push_str(&format!(
            "[[topic]]\nname = \"t{i}\"\nquery = \"word{i}\"\n"
        ));
    }
    text.push_str("[[feed]]\nname = \"f\"\nurl = \"https://example.org/\"\n[[topic]]\nname = \"bad\"\nquery = \"x\"\nnotify = [\"nope\"]\n");
    text
}

/// 10,000 feeds and 13,000 topics, each naming a feed that does not exist.
fn a_mistake_in_every_topic() -> String {
    let mut text = String::from("[[sink]]\nname = \"s\"\ntype = \"stdout\"\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "[[feed]]\nname = \"f{i}\"\nurl = \"https://e{i}.example.org/\"\n"
        ));
    }
    for i in 0..13_000 {
        text.push_str(&format!(
            "[[topic]]\nname = \"t{i}\"\nquery = \"w\"\nfeeds = [\"nope{i}\"]\n"
        ));
    }
    text
}

/// A query of a million characters with a mistake at its end.
fn huge_query() -> String {
    format!(
        "[[feed]]\nname = \"f\"\nurl = \"https://example.org/\"\n[[topic]]\nname = \"t\"\nquery = \"{}AND )\"\n[[sink]]\nname = \"s\"\ntype = \"stdout\"\n",
        "word ".repeat(200_000)
    )
}

/// The largest config accepted (see `feedwatch::files`).
const LIMIT: usize = feedwatch::files::MAX_CONFIG_BYTES as usize;

/// The most TOML tokens a config may have.
const MAX_TOKENS: usize = feedwatch::config::MAX_CONFIG_TOKENS;

#[test]
fn endless_and_oversized_config_files_stop_at_the_limit() {
    if test_hooks_missing("endless_and_oversized_config_files_stop_at_the_limit") {
        return;
    }
    let ws = Workspace::new();
    let big = ws.path("big.toml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(LIMIT))).expect("write");
    for path in ["/dev/zero", big.to_str().expect("utf-8")] {
        let run = run_measured(&["check", "--config", path]);
        assert_eq!(run.code, Some(1), "{path}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "{path}: cannot read config: larger than 2 MiB (the limit for this file)"
            )),
            "{path}: {}",
            run.stderr
        );
        assert!(run.peak_mib < 100.0, "{path}: {:.0} MiB", run.peak_mib);
        // A bound against reading without end, not a speed target.
        assert!(run.took < Duration::from_secs(30), "{path}: {:?}", run.took);
    }
    // A FIFO fed without end, as a config or as an OPML file.
    let fifo = ws.path("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED the FIFO case: mkfifo is not available");
        return;
    }
    for (config, limit) in [
        (fifo.clone(), "2 MiB"),
        (ws.config("opml = [\"fifo\"]\n"), "4 MiB"),
    ] {
        let writer_path = fifo.clone();
        let writer = std::thread::spawn(move || {
            use std::io::Write as _;
            let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(&writer_path) else {
                return;
            };
            let chunk = vec![b'#'; 64 * 1024];
            // Ends when the reader closes the pipe (EPIPE).
            while pipe.write_all(&chunk).is_ok() {}
        });
        let run = run_measured(&["check", "--config", config.to_str().expect("utf-8")]);
        writer.join().expect("writer");
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("larger than {limit}")),
            "{}",
            run.stderr
        );
        assert!(run.peak_mib < 100.0, "{:.0} MiB", run.peak_mib);
    }
}

#[test]
fn rejected_configs_cost_under_100_mib_and_a_second() {
    if test_hooks_missing("rejected_configs_cost_under_100_mib_and_a_second") {
        return;
    }
    let ws = Workspace::new();
    let cases = [
        (
            "exponential aliases",
            exponential_aliases(),
            "expands to more than 10000 terms (through l16 -> l17",
        ),
        (
            "aliases up to the size limit",
            many_aliases(LIMIT - 500),
            "unknown sink `nope`",
        ),
        (
            "feeds up to the size limit",
            many_feeds(LIMIT - 500),
            "unknown sink `nope`",
        ),
        (
            "one URL in every feed",
            many_feeds(LIMIT - 500)
                .replace(|c: char| c.is_ascii_digit(), "")
                .replacen("name = \"f\"", "name = \"first\"", 1),
            "feed `first` (line 3) has the same URL; each URL is polled by one feed",
        ),
        (
            "a query of a million characters",
            huge_query(),
            "expected a term after AND, found ')'",
        ),
        (
            "sinks and topics",
            sinks_and_topics(),
            "unknown sink `nope`; expected one of: s0, s1, s10, s100, s1000, s10000, s10001, s10002, s10003, s10004 and 15990 more",
        ),
        (
            "a mistake in every topic",
            a_mistake_in_every_topic(),
            "(top level): 12000 more problems not shown (at most 1000 are listed)",
        ),
        (
            "values up to the token limit",
            format!(
                "[aliases]\nx = [{}]\n",
                vec!["1"; MAX_TOKENS / 2 - 10].join(",")
            ),
            "aliases.x[0]: invalid type: integer `1`, expected a string",
        ),
        (
            "values past the token limit",
            format!(
                "[aliases]\nx = [{}]\n",
                vec!["1"; MAX_TOKENS / 2 + 10].join(",")
            ),
            "more than 800000 TOML tokens",
        ),
    ];
    let mut figures = Vec::new();
    for (name, text, expected) in cases {
        assert!(
            text.len() <= LIMIT,
            "{name}: test bug, {} bytes",
            text.len()
        );
        let path = ws.path(&format!("{}.toml", name.replace(' ', "-")));
        std::fs::write(&path, &text).expect("write");
        let run = run_measured(&["check", "--config", path.to_str().expect("utf-8")]);
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{name}: {}",
            &run.stderr[..run.stderr.len().min(2000)]
        );
        // Every line of the answer is short: no echo of a huge query.
        assert!(
            run.stderr.lines().all(|l| l.len() < 600),
            "{name}: a line of {} bytes",
            run.stderr.lines().map(str::len).max().unwrap_or(0)
        );
        figures.push(format!(
            "{name} ({} KiB): {:?}, peak {:.1} MiB",
            text.len() / 1024,
            run.took,
            run.peak_mib
        ));
        assert!(run.peak_mib < 100.0, "{name}: peak {:.1} MiB", run.peak_mib);
        // Not a speed target (a loaded machine must not fail this; the
        // one-second figures for release builds are in the README and the
        // `figures` printed below): a bound only a pathological cost, such
        // as a quadratic blow-up on these inputs, can reach. A debug build
        // takes under 3 s on a quiet machine.
        assert!(run.took < Duration::from_secs(60), "{name}: {:?}", run.took);
    }
    eprintln!("rejected configs:\n  {}", figures.join("\n  "));
}

/// The daemon's stderr, read line by line as it is written.
struct LogTail {
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl LogTail {
    fn start(child: &mut std::process::Child) -> LogTail {
        use std::io::BufRead as _;
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let pipe = child.stderr.take().expect("stderr piped");
        let sink = std::sync::Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap_or_else(|p| p.into_inner()).push(line);
            }
        });
        LogTail { lines }
    }

    fn count(&self, needle: &str) -> usize {
        let lines = self.lines.lock().unwrap_or_else(|p| p.into_inner());
        lines.iter().filter(|l| l.contains(needle)).count()
    }

    fn text(&self) -> String {
        self.lines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .join("\n")
    }

    /// Waits until `needle` has been logged `n` times (or `timeout`).
    async fn wait_for(&self, needle: &str, n: usize, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if self.count(needle) >= n {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.count(needle) >= n
    }
}

#[tokio::test]
async fn a_reload_with_a_costly_bad_config_keeps_the_daemon_polling_and_stoppable() {
    let server = TestServer::start().await;
    server.route("/feed", vec![Canned::ok(rss(&[]))]);
    let ws = Workspace::new();
    let good = format!(
        "[http]\nlisten = \"off\"\n\n[defaults]\ninterval = \"1s\"\nmin_interval = \"1s\"\n\n[[feed]]\nname = \"f\"\nurl = \"{}\"\n",
        server.url("/feed")
    );
    let path = ws.config(&good);
    let mut child = spawn_daemon(&path);
    let log = LogTail::start(&mut child);
    let first = server.wait_for("/feed", 1, Duration::from_secs(20)).await;
    assert!(!first.is_empty(), "the daemon never polled");

    let refused = "Reload failed; the previous config stays in force";
    for (n, (name, bad)) in [
        ("exponential aliases", exponential_aliases()),
        ("aliases up to the size limit", many_aliases(LIMIT - 500)),
    ]
    .into_iter()
    .enumerate()
    {
        std::fs::write(
            &path,
            format!("{bad}\n{}", good.replace("name = \"f\"", "name = \"g\"")),
        )
        .expect("write");
        let before = server.received("/feed").len();
        let sent = std::time::Instant::now();
        signal(&child, "HUP");
        // Polls go on at their interval while the new config is validated
        // and after it is refused.
        assert!(
            log.wait_for(refused, n + 1, Duration::from_secs(20)).await,
            "{name}: the reload was not refused:\n{}",
            log.text()
        );
        let polls = server
            .wait_for("/feed", before + 2, Duration::from_secs(10))
            .await;
        assert!(
            polls.len() >= before + 2,
            "{name}: polling stopped after SIGHUP"
        );
        let gaps: Vec<Duration> = polls[before.saturating_sub(1)..]
            .windows(2)
            .map(|w| w[1].at.saturating_duration_since(w[0].at))
            .collect();
        assert!(
            gaps.iter().all(|gap| *gap < Duration::from_secs(3)),
            "{name}: polls {:?} apart around the reload ({:?} after SIGHUP)",
            gaps,
            sent.elapsed()
        );
    }
    std::fs::write(&path, &good).expect("write");
    let stopped = std::time::Instant::now();
    signal(&child, "TERM");
    let (status, _) =
        tokio::task::spawn_blocking(move || wait_exit(child, Duration::from_secs(20)))
            .await
            .expect("join");
    assert!(status.success(), "{}", log.text());
    assert!(
        stopped.elapsed() < Duration::from_secs(10),
        "{:?}",
        stopped.elapsed()
    );
    assert!(log.count("Config reloaded") == 0, "{}", log.text());
}
