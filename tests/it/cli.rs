//! The command line as a person lives in it (issue 12): closed pipes,
//! read-only tools on missing databases, unknown names, `show`, the feeds
//! list, times, config error paths, and a database deleted under a running
//! daemon.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// The demo's feeds, by absolute path, with the given extra config.
fn demo_config(ws: &Workspace, extra: &str) -> PathBuf {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/samples");
    let sample = |name: &str| samples.join(name).display().to_string();
    ws.config(&format!(
        r#"[storage]
path = "fw.db"

[defaults]
backfill = "all"
{extra}
[[feed]]
name = "defense-wire"
url = "file://{}"
tags = ["defense"]

[[feed]]
name = "tech-news"
url = "file://{}"

[[topic]]
name = "defense-ai-contracts"
query = '{TOPIC_QUERY}'

[[sink]]
name = "console"
type = "stdout"
"#,
        sample("defense-wire.xml"),
        sample("tech-news.atom"),
    ))
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = run_binary(args, Duration::from_secs(60));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A workspace whose database holds the demo feeds' items and one alert.
fn polled(extra: &str) -> (Workspace, String) {
    let ws = Workspace::new();
    let config = demo_config(&ws, extra).display().to_string();
    let (ok, _, err) = run(&["run", "--once", "--config", &config]);
    assert!(ok, "{err}");
    (ws, config)
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let (_ws, config) = polled("");
    for args in [
        vec!["alerts", "--config", &config],
        vec!["alerts", "--json", "--config", &config],
        vec!["feeds", "--config", &config],
        vec!["feeds", "--json", "--config", &config],
        vec!["try", "--config", &config, "NATO"],
        vec!["show", "--config", &config, "1"],
        vec!["check", "--config", &config],
        vec!["poll", "--all", "--config", &config],
        vec!["poll", "--all", "--json", "--config", &config],
        vec!["man"],
        vec!["replicas", "--config", &config],
        vec!["stories", "--config", &config],
        vec!["stories", "--config", &config, "1"],
        vec![
            "explain",
            "--config",
            &config,
            "--topic",
            "defense-ai-contracts",
            "1",
        ],
        vec!["opml", "export", "--config", &config],
        vec!["completions", "bash"],
    ] {
        // A pipe whose reading end is already closed: every write fails
        // with EPIPE, as under `| head` once head has exited.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = Command::new(binary())
            .args(&args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .expect("run feedwatch");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
    }
}

#[test]
fn read_only_tools_never_create_a_database() {
    let ws = Workspace::new();
    let config = ws
        .config(
            "[storage]\npath = \"missing/dir/fw.db\"\n\n[[feed]]\nname = \"wire\"\nurl = \"https://example.org/f.xml\"\n\n[[topic]]\nname = \"t\"\nquery = 'NATO'\n\n[[sink]]\nname = \"out\"\ntype = \"stdout\"\n",
        )
        .display()
        .to_string();
    for args in [
        vec!["feeds", "--config", &config],
        vec!["alerts", "--config", &config],
        vec!["try", "--config", &config, "NATO"],
        vec!["explain", "--config", &config, "--topic", "t", "1"],
        vec!["show", "--config", &config, "1"],
        vec!["alerts", "--config", &config, "retry", "--failed"],
        vec!["stories", "--config", &config],
        vec!["feedback", "--config", &config],
        vec!["replicas", "--config", &config],
    ] {
        let (ok, out, err) = run(&args);
        assert!(!ok, "{args:?} must fail: {out}");
        assert!(
            err.contains("missing/dir/fw.db does not exist")
                && err.contains("storage.path in")
                && err.contains("feedwatch.toml"),
            "{args:?}: {err}"
        );
    }
    assert!(!ws.path("missing").exists(), "a folder was created");
    // A folder that exists, a file that does not: the open itself must not
    // create it (`replicas` did, before it took --db).
    let other = ws.path("other.db").display().to_string();
    for command in ["feeds", "replicas", "stories"] {
        let (ok, _, err) = run(&[command, "--config", &config, "--db", &other]);
        assert!(!ok, "{command}");
        assert!(
            err.contains("other.db does not exist (set by --db)"),
            "{command}: {err}"
        );
        assert!(
            !ws.path("other.db").exists(),
            "{command} created a database"
        );
    }
}

#[test]
fn unknown_names_are_rejected_with_the_valid_ones() {
    let (_ws, config) = polled("");
    for (args, what, valid) in [
        (
            vec!["try", "--config", &config, "--feed", "defense-wir", "NATO"],
            "no feed named `defense-wir`",
            "did you mean `defense-wire`?); the feeds are: defense-wire, tech-news",
        ),
        (
            vec!["try", "--config", &config, "--topic", "nope"],
            "no topic named `nope`",
            "the topics are: defense-ai-contracts",
        ),
        (
            vec!["explain", "--config", &config, "--topic", "nope", "1"],
            "no topic named `nope`",
            "defense-ai-contracts",
        ),
        (
            vec!["sink", "test", "--config", &config, "consol"],
            "no sink named `consol`",
            "the sinks are: console",
        ),
        (
            vec!["alerts", "--config", &config, "--sink", "pager"],
            "no sink named `pager`",
            "the sinks are: console",
        ),
        (
            vec!["alerts", "--config", &config, "--topic", "nope"],
            "no topic named `nope`",
            "defense-ai-contracts",
        ),
    ] {
        let (ok, _, err) = run(&args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(what) && err.contains(valid), "{args:?}: {err}");
    }
}

#[test]
fn show_finds_items_by_id_link_and_guid() {
    let (_ws, config) = polled("");
    // The NATO story's link, as a reader might paste it: tracking
    // parameters, `www.`, a fragment.
    let pasted = "https://www.defense-wire.example/2026/03/openai-nato-networks?utm_source=rss&utm_medium=feed#top";
    let (ok, by_link, err) = run(&["show", "--config", &config, pasted]);
    assert!(ok, "{err}");
    assert!(by_link.contains(NATO_TITLE), "{by_link}");
    assert!(by_link.contains("guid:           defense-wire-2026-0311-openai-nato"));
    assert!(by_link.contains("match defense-ai-contracts"), "{by_link}");
    assert!(
        by_link.contains("**NATO**"),
        "snippet with marks: {by_link}"
    );
    assert!(by_link.contains("alert "), "{by_link}");
    assert!(
        by_link.contains("console"),
        "the delivery per sink: {by_link}"
    );
    assert!(by_link.contains("delivered"), "{by_link}");
    assert!(by_link.contains("story "), "{by_link}");

    let id = by_link
        .split_whitespace()
        .next()
        .and_then(|w| w.strip_prefix('#'))
        .expect("an id")
        .to_string();
    let (ok, by_id, _) = run(&["show", "--config", &config, &id]);
    assert!(ok);
    assert_eq!(by_id, by_link);
    let (ok, by_guid, _) = run(&[
        "show",
        "--config",
        &config,
        "defense-wire-2026-0311-openai-nato",
    ]);
    assert!(ok);
    assert_eq!(by_guid, by_link);

    let (ok, json, err) = run(&["show", "--json", "--config", &config, &id]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["title"], NATO_TITLE);
    assert_eq!(
        json["canonical_link"],
        "defense-wire.example/2026/03/openai-nato-networks"
    );
    // The samples carry no dates: an item's time is when it was first seen.
    assert!(json["published"].is_null(), "{json}");
    assert!(json["first_seen"].as_str().is_some(), "{json}");
    assert_eq!(json["alerts"][0]["deliveries"][0]["status"], "delivered");
    // The story's one alert was raised by one of its two reports (which
    // one depends on which feed's poll stored first); the other report's
    // page says so, in text and in JSON.
    let other_link = "https://tech-news.example/2026/03/openai-nato-talks";
    let (ok, other, err) = run(&["show", "--config", &config, other_link]);
    assert!(ok, "{err}");
    let by_other = |text: &str| text.contains("another report of its story");
    assert!(by_other(&by_link) != by_other(&other), "{by_link}\n{other}");
    let raised_by = json["alerts"][0]["item"]
        .as_i64()
        .expect("the raising item");
    assert_eq!(raised_by.to_string() == id, !by_other(&by_link), "{json}");

    // explain takes the pasted link too.
    let (ok, out, err) = run(&[
        "explain",
        "--config",
        &config,
        "--topic",
        "defense-ai-contracts",
        pasted,
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("matches"), "{out}");

    let (ok, _, err) = run(&["show", "--config", &config, "no-such-guid"]);
    assert!(!ok);
    assert!(err.contains("no stored item"), "{err}");
}

#[test]
fn feeds_lists_new_and_removed_feeds_with_rfc3339_times() {
    let (ws, config) = polled("");
    // A feed added to the config since, and one removed.
    let text = std::fs::read_to_string(&config)
        .expect("read config")
        .replace(
            "[[feed]]\nname = \"tech-news\"",
            "[[feed]]\nname = \"added-later\"\nurl = \"https://example.org/new.xml\"\n\n[[feed]]\nname = \"tech-news-2\"",
        );
    let config = ws.config(&text).display().to_string();
    let (ok, table, err) = run(&["feeds", "--config", &config]);
    assert!(ok, "{err}");
    let line = |name: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} missing:\n{table}"))
            .to_string()
    };
    let added = line("added-later");
    assert!(
        added.contains(" new ") && added.contains(" now "),
        "{added}"
    );
    assert!(line("tech-news").contains("NOT IN CONFIG"), "{table}");
    assert!(line("tech-news-2").contains(" new "), "{table}");

    let (ok, json, _) = run(&["feeds", "--json", "--config", &config]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let feed = |name: &str| {
        json.as_array()
            .and_then(|a| a.iter().find(|f| f["name"] == name))
            .cloned()
            .unwrap_or_else(|| panic!("{name} missing: {json}"))
    };
    assert_eq!(feed("added-later")["last_status"], "new");
    assert_eq!(feed("added-later")["next_poll_at"], serde_json::Value::Null);
    assert_eq!(feed("tech-news")["config"], "removed");
    let polled_at = feed("defense-wire")["last_polled_at"].clone();
    let polled_at = polled_at.as_str().unwrap_or_default();
    assert!(
        chrono::DateTime::parse_from_rfc3339(polled_at).is_ok(),
        "RFC 3339, not epoch milliseconds: {polled_at}"
    );
}

#[test]
fn human_times_are_local_with_their_offset() {
    let (_ws, config) = polled("");
    let out = Command::new(binary())
        .args(["feeds", "--config", &config])
        .env("TZ", "Asia/Tokyo")
        .output()
        .expect("feeds");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("+09:00"), "{table}");
    let out = Command::new(binary())
        .args(["alerts", "--config", &config])
        .env("TZ", "America/New_York")
        .output()
        .expect("alerts");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(list.contains("-04:00") || list.contains("-05:00"), "{list}");
}

#[test]
fn repairs_are_not_errors() {
    let ws = Workspace::new();
    // A bare ampersand and an HTML entity: parsed after repair.
    let feed = ws.path("broken.xml");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>AT&T &eacute;t&eacute;</title><link>https://x.example/a</link></item></channel></rss>",
    )
    .expect("write feed");
    let config = ws
        .config(&format!(
            "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"broken\"\nurl = \"file://{}\"\n",
            feed.display()
        ))
        .display()
        .to_string();
    let (ok, _, err) = run(&["run", "--once", "--config", &config]);
    assert!(ok, "{err}");
    let (ok, json, _) = run(&["feeds", "--json", "--config", &config]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let feed = &json[0];
    assert_eq!(feed["last_error"], serde_json::Value::Null, "{feed}");
    assert_eq!(feed["consecutive_failures"], 0);
    let repairs = feed["repairs"].as_str().unwrap_or_default();
    assert!(repairs.contains("ampersand"), "{feed}");
    let (_, table, _) = run(&["feeds", "--config", &config]);
    assert!(table.contains("(repaired: "), "{table}");
}

#[test]
fn an_empty_summary_is_null_in_the_payload() {
    let ws = Workspace::new();
    let feed = ws.path("bare.xml");
    std::fs::write(
        &feed,
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>{NATO_TITLE}</title><link>https://x.example/a</link><pubDate>{}</pubDate></item></channel></rss>",
            recent_date()
        ),
    )
    .expect("write feed");
    let config = ws
        .config(&format!(
            "[storage]\npath = \"fw.db\"\n\n[[feed]]\nname = \"bare\"\nurl = \"file://{}\"\n\n[[topic]]\nname = \"t\"\nquery = 'NATO'\n\n[[sink]]\nname = \"out\"\ntype = \"stdout\"\n",
            feed.display()
        ))
        .display()
        .to_string();
    let (ok, out, err) = run(&["run", "--once", "--config", &config]);
    assert!(ok, "{err}");
    let alert: serde_json::Value =
        serde_json::from_str(out.lines().next().unwrap_or("")).expect("one JSON alert");
    assert_eq!(alert["item"]["summary"], serde_json::Value::Null, "{alert}");
}

#[test]
fn a_zero_default_interval_is_rejected_like_a_feeds() {
    let ws = Workspace::new();
    let config = ws
        .config("[defaults]\ninterval = \"0s\"\n\n[[feed]]\nname = \"a\"\nurl = \"https://example.org/f\"\ninterval = \"0s\"\n")
        .display()
        .to_string();
    let (ok, _, err) = run(&["check", "--config", &config]);
    assert!(!ok);
    assert!(
        err.contains("defaults.interval: `0s` is out of range; expected a duration from 1s to 30d")
            && err.contains(
                "feed[0].interval: `0s` is out of range; expected a duration from 1s to 30d"
            ),
        "{err}"
    );
}

#[test]
fn a_deleted_database_stops_the_daemon_and_a_restart_honours_backfill() {
    let ws = Workspace::new();
    // The samples' items carry no date, so with a 1-day backfill a first
    // poll stores them without alerting (as it would items older than a
    // day): a restart on an empty database alerts on none of them.
    let config = demo_config(&ws, "[delivery]\npoll_interval = \"200ms\"\n")
        .display()
        .to_string();
    let config = {
        let text = std::fs::read_to_string(&config).expect("read config");
        ws.config(&text.replace("backfill = \"all\"", "backfill = \"1d\""))
            .display()
            .to_string()
    };
    let db = ws.path("fw.db");
    let mut child = crate::support::Daemon::new(
        Command::new(binary())
            .args(["run", "--config", &config])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the daemon"),
    );
    // Read the log as it comes, to delete the database once the daemon
    // runs (not while it is still creating it).
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let reader = {
        let log = std::sync::Arc::clone(&log);
        let pipe = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            use std::io::BufRead as _;
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        })
    };
    let running = || {
        log.lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains("feedwatch running")
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !running() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the daemon did not start");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::remove_file(&db).expect("delete the database");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the daemon kept running on a deleted database");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    reader.join().expect("log reader");
    let stderr = log.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(!status.success(), "must stop with a failure: {stderr}");
    assert!(stderr.contains("was deleted"), "{stderr}");

    // The restart (what systemd does) on the fresh, empty database: the old
    // items are stored again, but only backfill's window alerts.
    let (ok, out, err) = run(&["run", "--once", "--config", &config]);
    assert!(ok, "{err}");
    assert!(out.trim().is_empty(), "no flood of old alerts: {out}");
    assert!(err.contains("alerts=0"), "{err}");
}

#[test]
fn every_option_has_a_description() {
    let (ok, out, _) = run(&["--help"]);
    assert!(ok);
    for sub in [
        "check",
        "run",
        "reload",
        "poll",
        "feeds",
        "show",
        "discover",
        "try",
        "explain",
        "alerts",
        "completions",
        "man",
    ] {
        let (ok, help, err) = run(&[sub, "--help"]);
        assert!(ok, "{sub}: {err}");
        // clap prints an option without a description as a lone line
        // followed by a blank one; every option line must be followed by text.
        let lines: Vec<&str> = help.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let option = line.trim_start();
            let indent = line.len() - option.len();
            if option.starts_with('-') && (2..=6).contains(&indent) {
                let next = lines.get(i + 1).map_or("", |l| l.trim());
                assert!(
                    !next.is_empty(),
                    "`feedwatch {sub} --help`: `{option}` has no description\n{help}"
                );
            }
        }
    }
    assert!(out.contains("show"), "{out}");
}

/// `try --near-misses` lists what the query misses by one required part,
/// with that part: the bank's AI contract lacks a defense organisation;
/// the hit itself and items missing two parts are not listed.
#[test]
fn try_lists_near_misses_with_the_part_they_lack() {
    let (_ws, config) = polled("");
    let topic = ["--topic", "defense-ai-contracts"];
    let mut args = vec!["try", "--config", &config];
    args.extend(topic);
    let (ok, plain, err) = run(&args);
    assert!(ok, "{err}");
    assert!(!plain.contains("near miss"), "only on request: {plain}");
    args.push("--near-misses");
    let (ok, out, err) = run(&args);
    assert!(ok, "{err}");
    let (hits, misses) = out
        .split_once("near miss(es)")
        .unwrap_or_else(|| panic!("a near-miss section: {out}"));
    assert!(
        hits.contains("ChatGPT Creator Eyes Deal"),
        "the hit comes first: {out}"
    );
    let bank = misses
        .split_once("Bank signs AI contract for fraud detection")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("the bank's contract is a near miss: {out}"));
    assert!(
        bank.lines()
            .take(3)
            .any(|l| l.trim() == "lacks: (Pentagon OR NATO OR military)"),
        "{out}"
    );
    assert!(
        !misses.contains("ChatGPT Creator"),
        "a hit is no miss: {out}"
    );
    assert!(
        !misses.contains("Open-source browser"),
        "two parts missing: {out}"
    );
}

/// `replicas` on SQLite: a daemon killed with SIGKILL is not listed as live
/// for the rest of its lease (its last heartbeat is recent, but nobody holds
/// the database's lock any more).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_on_sqlite_follow_the_database_lock() {
    let ws = Workspace::new();
    let config = demo_config(&ws, "").display().to_string();
    let mut child = crate::support::spawn_daemon(Path::new(&config));
    let log = crate::support::DaemonLog::follow(&mut child);
    assert!(
        log.wait_for("feedwatch running", 1, Duration::from_secs(30))
            .await,
        "{}",
        log.text()
    );
    let listed = |args: &[&str]| -> serde_json::Value {
        let (ok, out, err) = run(args);
        assert!(ok, "{err}");
        serde_json::from_str(&out).expect("JSON")
    };
    let live = |replicas: &serde_json::Value| -> Vec<bool> {
        replicas
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| r["live"].as_bool().unwrap_or_default())
            .collect()
    };
    let replicas = listed(&["replicas", "--config", &config, "--json"]);
    assert_eq!(live(&replicas), [true], "{replicas}");
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    let replicas = listed(&["replicas", "--config", &config, "--json"]);
    assert_eq!(live(&replicas), [false], "{replicas}");
}

/// `check --db` looks at the database named, as every other command that
/// opens one does (it was refused with a usage error), and never creates it.
#[test]
fn check_looks_at_the_database_db_names() {
    let ws = Workspace::new();
    let config = demo_config(&ws, "").display().to_string();
    let db = ws.path("other.db").display().to_string();
    let (ok, out, err) = run(&["check", "--config", &config, "--db", &db]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("database: sqlite {db} (not created yet")),
        "{out}"
    );
    assert!(!ws.path("other.db").exists(), "check created the database");
    let (ok, _, err) = run(&["run", "--once", "--config", &config, "--db", &db]);
    assert!(ok, "{err}");
    let (ok, out, err) = run(&["check", "--config", &config, "--db", &db]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("database: sqlite {db} (SQLite ")) && out.contains("(up to date)"),
        "{out}"
    );
    assert!(
        !ws.path("fw.db").exists(),
        "the config's database was opened"
    );
}

/// `explain` without `--topic` (it was required): an alert id is explained
/// against its own topic, anything else against every topic in turn.
#[test]
fn explain_without_a_topic_takes_the_alerts_or_every_topic() {
    let (_ws, config) = polled("\n[[topic]]\nname = \"bank-ai\"\nquery = 'bank AND fraud'\n");
    let explain = |item: &str| run(&["explain", "--config", &config, item]);
    let (ok, out, err) = explain("https://tech-news.example/2026/03/bank-ai-fraud");
    assert!(ok, "{err}");
    assert!(
        out.contains("topic bank-ai: bank AND fraud\ntopic 'bank-ai' matches")
            && out.contains("topic defense-ai-contracts: ")
            && out.contains("topic 'defense-ai-contracts' does not match"),
        "{out}"
    );
    assert_eq!(out.matches("\nstory ").count(), 1, "the story once:\n{out}");
    let (ok, alerts, err) = run(&["alerts", "--config", &config, "--json"]);
    assert!(ok, "{err}");
    let alerts: serde_json::Value = serde_json::from_str(&alerts).expect("JSON");
    let defense = alerts["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .find(|d| d["topic"] == "defense-ai-contracts")
        .and_then(|d| d["alert_id"].as_str())
        .expect("the demo's alert")
        .to_string();
    let (ok, out, err) = explain(&defense);
    assert!(ok, "{err}");
    assert!(
        out.contains("topic 'defense-ai-contracts' matches") && !out.contains("bank-ai"),
        "{out}"
    );
}
