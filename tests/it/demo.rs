//! The demo config (bundled sample feeds read through file: URLs) alerts on
//! the NATO story, once though two of its reports match, and on nothing
//! else, from any working directory.

use std::path::Path;
use std::time::Duration;

use crate::support::*;

#[test]
fn demo_alerts_once_on_the_nato_story_only() {
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
    // A new database is said to be new (a mistyped path shows at once).
    assert!(
        stderr.contains("Created a new database") && stderr.contains("demo.db"),
        "{stderr}"
    );
    let alerts: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert_eq!(alerts.len(), 1, "exactly one alert:\n{stdout}\n{stderr}");
    // Both English reports match the topic; whichever feed's poll stored
    // its report first raised the story's one alert.
    let reports = [NATO_TITLE, OTHER_NATO_TITLE];
    let title = alerts[0]["item"]["title"].as_str().unwrap_or_default();
    assert!(reports.contains(&title), "{stdout}");
    assert_eq!(alerts[0]["topic"], "defense-ai-contracts");
    let sources = alerts[0]["story"]["sources"].as_array().expect("sources");
    assert!(sources.iter().any(|s| s["title"] == title), "{stdout}");

    // A command of the CLI on the demo's config and database: its stdout.
    let command = |args: &[&str]| {
        let config = config.to_str().expect("utf-8");
        let db = db.to_str().expect("utf-8");
        let args: Vec<&str> = [args, &["--config", config, "--db", db]].concat();
        run_binary(&args, Duration::from_secs(30)).stdout
    };
    // The three reports (one in German, which the topic does not match) are
    // one story; the NATO energy meeting, sharing only "NATO", is not in it.
    let stories: serde_json::Value =
        serde_json::from_slice(&command(&["stories", "--json"])).expect("json");
    let titles = |story: &serde_json::Value| -> Vec<String> {
        let mut titles: Vec<String> = story["members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["title"].as_str().map(str::to_string))
            .collect();
        titles.sort();
        titles
    };
    let nato: Vec<Vec<String>> = stories
        .as_array()
        .expect("array")
        .iter()
        .map(titles)
        .filter(|t| t.iter().any(|t| t.contains("NATO")))
        .collect();
    let mut story = vec![
        NATO_TITLE.to_string(),
        OTHER_NATO_TITLE.to_string(),
        GERMAN_NATO_TITLE.to_string(),
    ];
    story.sort();
    assert!(nato.contains(&story), "{nato:?}");
    assert_eq!(nato.len(), 2, "the story and the energy meeting: {nato:?}");
    // Of the demo's stories, only that one joined more than one report.
    let joined = command(&["stories", "--min-reports", "2"]);
    let joined = String::from_utf8_lossy(&joined);
    assert!(
        joined.contains("(3 reports) [alerted: defense-ai-contracts]")
            && joined.contains(OTHER_NATO_TITLE)
            && joined.contains("1 story of 2 reports or more since"),
        "{joined}"
    );
    // A period longer than the clock's past means every story, since 1970
    // (in local time: 1969 west of Greenwich).
    let all = command(&["stories", "--min-reports", "2", "--since", "99999999999d"]);
    let all = String::from_utf8_lossy(&all);
    assert!(
        ["since 1970-01-01", "since 1969-12-31"]
            .iter()
            .any(|since| all.contains(&format!("1 story of 2 reports or more {since}"))),
        "{all}"
    );
    // The alert's `story.id` (or the alert's own id) shows that story alone,
    // every report with its link; `show`, which takes items, says where a
    // story id goes.
    let story_id = alerts[0]["story"]["id"].as_i64().expect("story id");
    let one: serde_json::Value =
        serde_json::from_slice(&command(&["stories", &story_id.to_string(), "--json"]))
            .expect("json");
    assert_eq!(one["id"], story_id);
    assert_eq!(titles(&one), story, "{one}");
    let alert_id = alerts[0]["id"].as_str().expect("alert id");
    let by_alert = String::from_utf8_lossy(&command(&["stories", alert_id])).into_owned();
    assert!(
        by_alert.starts_with(&format!("story {story_id} (3 reports)"))
            && by_alert.contains("<https://world-briefing.example/de/openai-nato>"),
        "{by_alert}"
    );
    let cli = |args: &[&str]| {
        let args: Vec<&str> = [
            args,
            &[
                "--config",
                config.to_str().expect("utf-8"),
                "--db",
                db.to_str().expect("utf-8"),
            ],
        ]
        .concat();
        let out = run_binary(&args, Duration::from_secs(30));
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = cli(&["show", &story_id.to_string()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "`{story_id}` is a story, not an item: `feedwatch stories {story_id}` lists its reports"
        )),
        "{stderr}"
    );
    let (code, stderr) = cli(&["feedback", &story_id.to_string(), "relevant"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "`{story_id}` is a story; a verdict is on an alert or an item"
        )),
        "{stderr}"
    );
    let (code, stderr) = cli(&["stories", "424242"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("no story, item or alert `424242`"),
        "{stderr}"
    );

    // Every sample item was stored: the others were seen and did not match.
    let health: serde_json::Value =
        serde_json::from_slice(&command(&["feeds", "--json"])).expect("json");
    let items: i64 = health
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["items"].as_i64().unwrap_or(0))
        .sum();
    assert!(items >= 12, "{health}");
    // The one-off run is over: it is no replica any more (it was listed as
    // live for a lease period after it exited).
    let replicas: serde_json::Value =
        serde_json::from_slice(&command(&["replicas", "--json"])).expect("json");
    assert_eq!(replicas, serde_json::json!([]), "{replicas}");
}

/// The other outlets' reports of the NATO story in the samples.
const OTHER_NATO_TITLE: &str = "OpenAI in talks to bring its models to NATO networks";
const GERMAN_NATO_TITLE: &str = "OpenAI verhandelt mit der NATO über KI für Bündnisnetze";
