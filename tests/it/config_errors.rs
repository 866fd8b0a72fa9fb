//! Every config error gives file:line:column, the key, what is wrong and
//! what is allowed; `check` exits non-zero; the shipped configs pass.

use std::path::Path;
use std::time::Duration;

use feedwatch::config::Config;

use crate::support::*;

const VALID: &str = r#"
[storage]
path = "fw.db"

[[feed]]
name = "wire"
url = "https://example.org/rss.xml"
tags = ["defense"]

[[topic]]
name = "t"
query = 'NATO AND (deal OR contract)'
feeds = ["tag:defense"]
notify = ["ops"]

[[sink]]
name = "ops"
type = "webhook"
url = "http://127.0.0.1:9000/hook"
"#;

/// Parses `text` (the VALID config with `from` replaced by `to`) and returns the one error line.
fn error_for(from: &str, to: &str) -> String {
    assert!(
        VALID.contains(from),
        "test bug: {from:?} not in the base config"
    );
    let text = VALID.replacen(from, to, 1);
    let err = Config::parse(&text, Path::new("/etc/feedwatch/test.toml"))
        .expect_err("config must be rejected");
    err.to_string()
}

#[test]
fn valid_config_parses() {
    let config = Config::parse(VALID, Path::new("/etc/feedwatch/test.toml")).expect("valid");
    assert_eq!(config.feeds.len(), 1);
    assert_eq!(config.storage_path, Path::new("/etc/feedwatch/fw.db"));
}

#[test]
fn unknown_key() {
    let err = error_for(
        "tags = [\"defense\"]",
        "tags = [\"defense\"]\ncolour = \"red\"",
    );
    // The full key path (issue 12): the table, the entry and the key.
    assert!(
        err.starts_with("/etc/feedwatch/test.toml:9:1: feed[0].colour: "),
        "{err}"
    );
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(err.contains("expected one of"), "{err}");
}

#[test]
fn duplicate_feed_name() {
    let err = error_for(
        "[[topic]]",
        "[[feed]]\nname = \"wire\"\nurl = \"https://example.org/other.xml\"\n\n[[topic]]",
    );
    assert!(
        err.contains("test.toml:11:8: feed[1].name: duplicate feed name `wire`"),
        "{err}"
    );
}

/// Two `[[feed]]` entries with one URL (however its host is cased) are an
/// error naming the first; a feed an OPML file lists too keeps its
/// `[[feed]]` settings (README), which `opml_files_are_merged` covers.
#[test]
fn the_same_url_in_two_feeds() {
    let err = error_for(
        "[[topic]]",
        "[[feed]]\nname = \"wire-again\"\nurl = \"https://EXAMPLE.org/rss.xml\"\n\n[[topic]]",
    );
    assert!(
        err.contains(
            "test.toml:12:7: feed[1].url: feed `wire` (line 7) has the same URL; each URL is polled \
             by one feed"
        ),
        "{err}"
    );
}

#[test]
fn duplicate_topic_and_sink_names() {
    let err = error_for(
        "[[sink]]",
        "[[topic]]\nname = \"t\"\nquery = 'AI'\n\n[[sink]]\nname = \"ops\"\ntype = \"stdout\"\n\n[[sink]]",
    );
    assert!(
        err.contains("topic[1].name: duplicate topic name `t`"),
        "{err}"
    );
    assert!(
        err.contains("sink[1].name: duplicate sink name `ops`"),
        "{err}"
    );
}

#[test]
fn unknown_sink_in_notify() {
    let err = error_for("notify = [\"ops\"]", "notify = [\"pager\"]");
    assert!(
        err.contains(
            "test.toml:14:11: topic[0].notify[0]: unknown sink `pager`; expected one of: ops"
        ),
        "{err}"
    );
}

#[test]
fn unknown_feed_and_tag_in_topic() {
    let err = error_for(
        "feeds = [\"tag:defense\"]",
        "feeds = [\"wires\", \"tag:tech\"]",
    );
    assert!(
        err.contains("topic[0].feeds[0]: unknown feed `wires`; expected one of: wire"),
        "{err}"
    );
    assert!(
        err.contains("topic[0].feeds[1]: no feed has the tag `tech`"),
        "{err}"
    );
}

#[test]
fn malformed_urls() {
    let err = error_for(
        "url = \"https://example.org/rss.xml\"",
        "url = \"htp//example.org\"",
    );
    assert!(
        err.contains("test.toml:7:7: feed[0].url: `htp//example.org` is not a valid URL"),
        "{err}"
    );
    let err = error_for(
        "url = \"https://example.org/rss.xml\"",
        "url = \"ftp://example.org/rss\"",
    );
    assert!(err.contains("unsupported scheme `ftp`"), "{err}");
    let err = error_for(
        "url = \"http://127.0.0.1:9000/hook\"",
        "url = \"not a url\"",
    );
    assert!(
        err.contains("sink[0].url: `not a url` is not a valid URL"),
        "{err}"
    );
}

#[test]
fn malformed_durations() {
    let err = error_for(
        "tags = [\"defense\"]",
        "tags = [\"defense\"]\ninterval = \"15 minutes\"",
    );
    assert!(
        err.contains("test.toml:9:12: feed[0].interval: `15 minutes` has an unknown unit"),
        "{err}"
    );
    assert!(
        err.contains("expected a number with a unit (ms, s, m, h, d)"),
        "{err}"
    );
    let err = error_for(
        "[storage]",
        "[defaults]\nbackfill = \"yesterday\"\n\n[storage]",
    );
    assert!(err.contains("defaults.backfill"), "{err}");
    assert!(err.contains("or \"all\""), "{err}");
}

#[test]
fn unparsable_query() {
    let err = error_for(
        "query = 'NATO AND (deal OR contract)'",
        "query = 'NATO AND (deal OR contract'",
    );
    assert!(err.contains("test.toml:12:36: "), "{err}");
    assert!(
        err.contains("topic[0].query: topic `t`: invalid query at column"),
        "{err}"
    );
    assert!(err.contains('^'), "a caret under the problem: {err}");
}

#[test]
fn unknown_sink_type() {
    let err = error_for("type = \"webhook\"", "type = \"pager\"");
    assert!(
        err.contains(
            "sink[0].type: unknown sink type `pager`; expected \"webhook\", \"email\" or \"stdout\""
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "no cascading errors: {err}");
}

#[test]
fn toml_syntax_error_has_a_location() {
    let err = error_for("name = \"t\"", "name = \"t");
    assert!(
        err.starts_with("/etc/feedwatch/test.toml:11:10: topic[0].name: "),
        "{err}"
    );
}

#[test]
fn several_problems_are_reported_together() {
    let text = VALID
        .replacen("notify = [\"ops\"]", "notify = [\"pager\"]", 1)
        .replacen("https://example.org/rss.xml", "nope", 1);
    let err = Config::parse(&text, Path::new("x.toml")).expect_err("invalid");
    assert_eq!(err.issues().len(), 2, "{err}");
}

/// A wrong type or an unknown key no longer hides the problems after it:
/// each is reported with its line, and when what was taken out is only a
/// plain value, the rest is validated too (the bad query, the bad URL).
/// A required key of a wrong type is one problem, not also its table's
/// "missing field"; and a table taken out (a feed) does not make its uses
/// "unknown".
#[test]
fn every_wrong_type_and_unknown_key_is_reported_at_once() {
    let text = format!(
        "{VALID}\n[fetch]\ntimeout = 30\nbogus = 1\n\n[[topic]]\nname = \"u\"\nquery = \"x AND\"\nfeeds = \"wire\"\n"
    )
    .replacen("tags = [\"defense\"]", "tags = [\"defense\"]\ninterval = 15", 1)
    .replacen("http://127.0.0.1:9000/hook", "ftp://x", 1);
    let err = Config::parse(&text, Path::new("x.toml")).expect_err("invalid");
    let message = err.to_string();
    let lines: Vec<&str> = message.lines().collect();
    for expected in [
        "x.toml:9:12: feed[0].interval: invalid type: integer `15`, expected a string",
        "x.toml:23:11: fetch.timeout: invalid type: integer `30`",
        "x.toml:24:1: fetch.bogus: unknown field `bogus`",
        "x.toml:29:9: topic[1].feeds: invalid type: string \"wire\", expected a sequence",
        "x.toml:20:7: sink[0].url: expected an http:// or https:// URL",
        "x.toml:28:15: topic[1].query: topic `u`: invalid query",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "no {expected:?} in:\n{err}"
        );
    }
    assert_eq!(err.issues().len(), 6, "{err}");

    // A feed whose required `url` has a wrong type: one problem, and the
    // topic naming that feed is not told it is unknown.
    let text = VALID.replacen("url = \"https://example.org/rss.xml\"", "url = 42", 1);
    let err = Config::parse(&text, Path::new("x.toml")).expect_err("invalid");
    assert_eq!(err.issues().len(), 1, "{err}");
    assert!(
        err.to_string()
            .starts_with("x.toml:7:7: feed[0].url: invalid type"),
        "{err}"
    );
}

/// A log level that is not one ("warning") would be taken by the filter as
/// a target, and nothing of feedwatch logged: an error with a hint.
#[test]
fn a_log_level_that_is_not_one_is_an_error() {
    let text = format!("[log]\nlevel = \"warning\"\n{VALID}");
    let err = Config::parse(&text, Path::new("x.toml")).expect_err("invalid");
    assert!(
        err.to_string()
            .starts_with("x.toml:2:9: log.level: `warning` is not a level; did you mean `warn`?"),
        "{err}"
    );
    let text = format!("[log]\nlevel = \"info,feedwatch=debug\"\n{VALID}");
    assert!(Config::parse(&text, Path::new("x.toml")).is_ok());
}

#[test]
fn check_exits_non_zero_with_the_message() {
    let ws = Workspace::new();
    let path = ws.config(&VALID.replacen("notify = [\"ops\"]", "notify = [\"pager\"]", 1));
    let out = run_binary(
        &["check", "--config", path.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("feedwatch.toml:14:11: topic[0].notify[0]: unknown sink `pager`"),
        "{stderr}"
    );
    // `run` refuses to start on the same config.
    let out = run_binary(
        &["run", "--once", "--config", path.to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown sink `pager`"));
}

#[test]
fn shipped_configs_pass_check() {
    for name in ["config/demo.toml", "config/feedwatch.toml"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let out = run_binary(
            &["check", "--config", path.to_str().expect("utf-8")],
            Duration::from_secs(30),
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("topic defense-ai-contracts"), "{stdout}");
        assert!(stdout.contains("query: "), "{stdout}");
    }
}

/// A wrong value inside an inline table is named by its full path (it was
/// `topic[0].{ relevant`, and `sink[0]` alone in a sink), and a misspelt
/// `learn` mode gets a hint.
#[test]
fn errors_inside_inline_tables_name_their_path() {
    let err = error_for(
        "notify = [\"ops\"]",
        "notify = [\"ops\"]\nexamples = [\n  { relevant = true, text = \"a\" },\n  { relevant = \"yes\", text = \"b\" },\n]",
    );
    assert!(
        err.starts_with("/etc/feedwatch/test.toml:17:16: topic[0].examples[1].relevant: "),
        "{err}"
    );
    assert!(err.contains("expected a boolean"), "{err}");
    // Inside a sink, whose keys each sink type checks itself.
    let err = error_for(
        "url = \"http://127.0.0.1:9000/hook\"",
        "url = \"http://127.0.0.1:9000/hook\"\nheaders = { X-Token = 1 }",
    );
    assert!(
        err.starts_with("/etc/feedwatch/test.toml:20:23: sink[0].headers.X-Token: "),
        "{err}"
    );
    let err = error_for(
        "notify = [\"ops\"]",
        "notify = [\"ops\"]\nlearn = \"fliter\"",
    );
    assert!(
        err.contains("topic[0].learn: unknown mode `fliter`")
            && err.contains("did you mean `filter`?"),
        "{err}"
    );
}
