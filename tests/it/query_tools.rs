//! `feedwatch try` and `feedwatch explain` on items stored by the demo.

use std::path::Path;
use std::time::Duration;

use crate::support::*;

fn demo_db(ws: &Workspace) -> (String, String) {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/demo.toml");
    let config = config.to_str().expect("utf-8").to_string();
    let db = ws.path("demo.db").to_str().expect("utf-8").to_string();
    let out = run_binary(
        &["run", "--once", "--config", &config, "--db", &db],
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (config, db)
}

fn stdout(args: &[&str]) -> (bool, String, String) {
    let out = run_binary(args, Duration::from_secs(30));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn try_runs_a_query_or_a_topic_on_stored_items() {
    let ws = Workspace::new();
    let (config, db) = demo_db(&ws);
    let (ok, out, err) = stdout(&["try", "--config", &config, "--db", &db, "NATO"]);
    assert!(ok, "{err}");
    assert!(out.contains("ChatGPT Creator Eyes Deal"), "{out}");
    assert!(out.contains("NATO energy ministers"), "{out}");
    assert!(
        out.contains("**NATO**"),
        "snippets mark the matched words: {out}"
    );
    assert!(
        out.contains("4 hit(s) in 12 stored item(s) scanned"),
        "{out}"
    );

    let (ok, out, _) = stdout(&[
        "try",
        "--config",
        &config,
        "--db",
        &db,
        "--topic",
        "defense-ai-contracts",
    ]);
    assert!(ok);
    // Two outlets' reports of the NATO story (the German one does not match).
    assert!(out.contains("2 hit(s)"), "{out}");
    assert!(out.contains("matched: AI (title)"), "{out}");

    let (_, out, _) = stdout(&[
        "try",
        "--config",
        &config,
        "--db",
        &db,
        "--feed",
        "tech-news",
        "contract",
    ]);
    assert!(
        out.contains("Bank signs AI contract") && out.contains("1 hit(s) in 4"),
        "{out}"
    );

    // The limit reached says that more may match; a limit of 0 is refused
    // (it listed nothing, like an empty database).
    let (_, out, _) = stdout(&[
        "try", "--config", &config, "--db", &db, "--limit", "1", "NATO",
    ]);
    assert!(
        out.contains("1 hit(s), the newest (--limit 1; more may match) among 12 stored item(s)"),
        "{out}"
    );
    for command in ["try", "stories", "alerts"] {
        let mut args = vec![command, "--config", &config, "--db", &db, "--limit", "0"];
        if command == "try" {
            args.push("NATO");
        }
        let (ok, _, err) = stdout(&args);
        assert!(
            !ok && err.contains("invalid value '0' for '--limit <N>': must be at least 1"),
            "{command}: {err}"
        );
    }
    let (_, out, _) = stdout(&["stories", "--config", &config, "--db", &db, "--limit", "2"]);
    assert!(
        out.contains("2 stories since") && out.contains("(the newest 2; --limit shows more)"),
        "{out}"
    );

    // A query of only exclusions says so instead of an empty list.
    let (ok, out, _) = stdout(&["try", "--config", &config, "--db", &db, "NOT NATO"]);
    assert!(ok);
    assert!(
        out.contains("matched: no term (nothing the query excludes)")
            && !out.contains("matched: \n"),
        "{out}"
    );

    let (ok, _, err) = stdout(&["try", "--config", &config, "--db", &db, "NATO AND (deal"]);
    assert!(!ok);
    assert!(
        err.contains("invalid query at column 15") && err.contains('^'),
        "{err}"
    );
}

#[test]
fn explain_says_why_an_item_did_or_did_not_match() {
    let ws = Workspace::new();
    let (config, db) = demo_db(&ws);
    let (_, out, _) = stdout(&[
        "try",
        "--config",
        &config,
        "--db",
        &db,
        "--topic",
        "defense-ai-contracts",
    ]);
    let id = out
        .split_whitespace()
        .next()
        .and_then(|w| w.strip_prefix('#'))
        .expect("an item id")
        .to_string();
    // `explain` of the demo's topic on an item as a person names it.
    let explain = |item: &str| {
        stdout(&[
            "explain",
            "--config",
            &config,
            "--db",
            &db,
            "--topic",
            "defense-ai-contracts",
            item,
        ])
    };
    let (ok, out, err) = explain(&id);
    assert!(ok, "{err}");
    assert!(out.contains("matches"), "{out}");
    assert!(out.contains("✓ NATO"), "{out}");
    assert!(out.contains("✗ military"), "{out}");

    let link = "https://tech-news.example/2026/03/bank-ai-fraud";
    let (ok, out, err) = explain(link);
    assert!(ok, "{err}");
    assert!(out.contains("does not match"), "{out}");
    assert!(
        out.contains("✓ AI") && out.contains("✓ contract") && out.contains("✗ Pentagon"),
        "{out}"
    );

    let (ok, _, err) = explain("nope");
    assert!(!ok);
    assert!(
        err.contains("no stored item or alert `nope`") && err.contains("alert id"),
        "{err}"
    );

    // The alert id a message or `alerts` gives names its item too.
    let (ok, alerts, _) = stdout(&["alerts", "--config", &config, "--db", &db, "--json"]);
    assert!(ok);
    let alerts: serde_json::Value = serde_json::from_str(&alerts).expect("JSON");
    let alert = alerts["deliveries"][0]["alert_id"]
        .as_str()
        .expect("an alert")
        .to_string();
    let (ok, out, err) = explain(&alert);
    assert!(ok, "{err}");
    assert!(out.contains("matches") && out.contains("NATO"), "{out}");
    let (ok, out, err) = stdout(&["show", "--config", &config, "--db", &db, &alert]);
    assert!(ok, "{err}");
    assert!(out.contains(&format!("alert {alert}")), "{out}");
}
