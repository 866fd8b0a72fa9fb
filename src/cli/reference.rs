//! The config reference: every key, its default and meaning, written once
//! here and rendered twice: as the README's "Configuration reference" table
//! and as the man page feedwatch.toml(5). `tests/it/service.rs` fails when
//! either copy is stale, and a unit test below fails when the parser accepts
//! a key this table does not describe (or the other way round), so the
//! reference cannot drift from the code.

/// One config key.
pub(crate) struct Key {
    /// `storage`, `feed`, `sink`, `sink (webhook)`, ... (`""`: top level).
    pub(crate) section: &'static str,
    pub(crate) key: &'static str,
    pub(crate) default: &'static str,
    pub(crate) meaning: &'static str,
}

const fn key(
    section: &'static str,
    key: &'static str,
    default: &'static str,
    meaning: &'static str,
) -> Key {
    Key {
        section,
        key,
        default,
        meaning,
    }
}

/// Every key, grouped by section, in the order the README shows them.
pub(crate) const CONFIG: &[Key] = &[
    key(
        "",
        "opml",
        "none",
        "OPML files whose subscriptions are added as feeds (outline folders and `category` become tags); a feed also in `[[feed]]` keeps its `[[feed]]` settings",
    ),
    key(
        "storage",
        "path",
        "`feedwatch.db` beside the config",
        "the SQLite database (created by `run`; the other commands never create it)",
    ),
    key(
        "storage",
        "url",
        "none (SQLite)",
        "`postgres://USER@HOST[:PORT]/DATABASE[?sslmode=...]`: keep the state in PostgreSQL instead of `path`, shared by any number of replicas; no password in the URL",
    ),
    key(
        "storage",
        "password_file",
        "none",
        "with `url`: a file holding the PostgreSQL password (relative paths are read from `$CREDENTIALS_DIRECTORY` when set)",
    ),
    key(
        "storage",
        "password_credential",
        "none",
        "with `url`: the name of a systemd credential holding the password",
    ),
    key(
        "storage",
        "lease",
        "`60s`",
        "how long a replica holds a claimed feed or sink queue without a heartbeat; a dead replica's work is taken over within this period; from `3s` to `1d`",
    ),
    key(
        "storage",
        "keep",
        "`180d`",
        "how long a story is kept after its last report: then it is forgotten with its items, alerts and deliveries (never while a delivery waits, a verdict or a topic example names it); forgotten items' keys are remembered while any feed still carries them, so they never come back as new; `forever`, or a period longer than `[stories] window`, from `7d` to `36500d`",
    ),
    key(
        "storage",
        "pool_size",
        "`8`",
        "PostgreSQL connections per replica (1 to 256)",
    ),
    key(
        "defaults",
        "interval",
        "`15m`",
        "the first poll interval of feeds that set none; it then adapts to how often each feed publishes (set `interval` on a feed for a fixed one); from `1s` to `30d`",
    ),
    key(
        "defaults",
        "min_interval",
        "`5m`",
        "the lower bound of an adapted interval (half the median gap between a feed's recent items); unset, `5m` or `interval` if that is shorter; an `interval` below a `min_interval` you set is an error; from `1s` to `30d`",
    ),
    key(
        "defaults",
        "max_interval",
        "`6h`",
        "the upper bound of an adapted interval, and of `<ttl>` and `max-age` hints; unset, `6h` or `interval` if that is longer; an `interval` above a `max_interval` you set is an error; from `1s` to `30d`",
    ),
    key(
        "defaults",
        "max_backoff",
        "`12h`",
        "the ceiling of the delay between polls of a failing feed; from `1s` to `30d`",
    ),
    key(
        "defaults",
        "backfill",
        "`24h`",
        "a feed's first poll (and a first poll on a fresh database) alerts only on items published within this window; `\"all\"` alerts on everything; from `0s` to `3650d`",
    ),
    key(
        "fetch",
        "timeout",
        "`30s`",
        "the whole request; from `1ms` to `1h`",
    ),
    key(
        "fetch",
        "connect_timeout",
        "`10s`",
        "connecting; from `1ms` to `1h`",
    ),
    key(
        "fetch",
        "max_body",
        "`16MiB`",
        "larger bodies are an error (checked while streaming, after decompression); from `1KiB` to `1GiB`",
    ),
    key(
        "fetch",
        "concurrency",
        "`16`",
        "requests in flight at once (1 to 10000)",
    ),
    key(
        "fetch",
        "user_agent",
        "`feedwatch/VERSION (+https://github.com/feedwatch/feedwatch)`",
        "the User-Agent header",
    ),
    key(
        "fetch",
        "per_origin",
        "`2`",
        "requests in flight to one scheme://host:port (1 to 64)",
    ),
    key(
        "fetch",
        "origin_spacing",
        "`250ms`",
        "minimum time between the starts of two requests to one origin; from `0s` to `1h`",
    ),
    key(
        "fetch",
        "domain_spacing",
        "`100ms`",
        "minimum time between two requests to one registrable domain; `\"none\"` disables it; from `0s` to `1h`",
    ),
    key(
        "delivery",
        "retry_initial",
        "`30s`",
        "the first retry delay; it doubles on each failure, with ±20% jitter; from `1ms` to `7d`",
    ),
    key(
        "delivery",
        "retry_max",
        "`1h`",
        "the ceiling of the retry delay; from `1ms` to `7d`",
    ),
    key(
        "delivery",
        "max_age",
        "`3d`",
        "a delivery still failing this long after its alert was raised is marked failed; from `1s` to `365d`",
    ),
    key(
        "delivery",
        "poll_interval",
        "`5s`",
        "how often the outbox is checked when nothing wakes it; from `10ms` to `1h`",
    ),
    key(
        "health",
        "failing_after",
        "`24h`",
        "a feed failing this long opens a \"failing\" incident; from `0s` to `365d`",
    ),
    key(
        "health",
        "quiet_factor",
        "`10`",
        "a feed with no new item for this many times its usual gap (and at least `quiet_min`) opens a \"quiet\" incident; from 1 to 1000",
    ),
    key(
        "health",
        "quiet_min",
        "`7d`",
        "the shortest silence that counts as quiet; from `0s` to `365d`",
    ),
    key(
        "health",
        "notify",
        "none",
        "sinks that get one event when an incident opens and one when it closes",
    ),
    key(
        "stories",
        "window",
        "`72h`",
        "how far apart in time two reports of one story can be; longer joins late coverage and holds more items in memory (about 0.2 KB each), shorter splits slow stories; from `1m` to `30d`",
    ),
    key(
        "stories",
        "threshold",
        "`0.2`",
        "the least similarity (0 to 1, after time decay) for a report to join a story; lower joins reports worded more differently, higher keeps apart more events that share names and places",
    ),
    key(
        "stories",
        "min_shared_terms",
        "`3`",
        "the least number of distinctive terms (names, amounts, rare words) a report must share with a story; lower lets terse briefs join, higher guards against merges on one or two common names (two names that are not whole countries, or one and an exact amount, with a score of 1.5 times `threshold`, always suffice)",
    ),
    key(
        "stories",
        "time_scale",
        "`24h`",
        "how fast similarity fades with the time between two reports (to 37% at this distance); longer joins late reports, shorter needs more in common for a report a day later; from `1m` to `30d`",
    ),
    key(
        "http",
        "listen",
        "`127.0.0.1:8080`",
        "where the HTTP server (health, metrics, WebSub, web UI) listens; `off`: no server and no WebSub; a non-loopback address needs `[http.auth]`",
    ),
    key(
        "http",
        "public_url",
        "none",
        "how others reach the server (behind a proxy, the proxy's URL): needed for WebSub callbacks and the `url` of alert payloads",
    ),
    key(
        "http",
        "per_feed_metrics",
        "`false`",
        "`true` adds `feedwatch_feed_*` series per feed name (one per feed: opt in)",
    ),
    key(
        "http",
        "websub_lease",
        "`7d`",
        "the subscription lease asked of WebSub hubs; from `1h` to `365d`",
    ),
    key(
        "http.auth",
        "token_file",
        "none",
        "a file holding a bearer token (at least 16 characters); relative: `$CREDENTIALS_DIRECTORY`, else the config's folder",
    ),
    key(
        "http.auth",
        "password_hash",
        "none",
        "a `pbkdf2-sha256$ITERATIONS$SALT$HASH` password for HTTP Basic (any user name)",
    ),
    key(
        "service",
        "shutdown_timeout",
        "`10s`",
        "how long in-flight polls and deliveries get after SIGTERM; from `0s` to `1h`",
    ),
    key(
        "log",
        "level",
        "`info`",
        "a level (`trace`, `debug`, `info`, `warn`, `error`, `off`) or comma-separated `target=level` directives such as `info,feedwatch=debug`; anything else is a config error; `--log-level` and `RUST_LOG` override it",
    ),
    key(
        "aliases",
        "NAME",
        "none",
        "a named list of terms, used as `@NAME` in queries (an OR of the entries)",
    ),
    key(
        "feed",
        "name",
        "required",
        "unique; letters, digits, `-`, `_`, `.`",
    ),
    key(
        "feed",
        "url",
        "required",
        "`http://`, `https://` or `file:` (a relative `file:` path is relative to the config); one feed per URL: two `[[feed]]` entries with one URL are an error (a feed an OPML file lists too keeps its `[[feed]]` settings)",
    ),
    key(
        "feed",
        "interval",
        "`[defaults] interval`, adapting",
        "a fixed interval for this feed (no adaptation); from `1s` to `30d`",
    ),
    key(
        "feed",
        "backfill",
        "`[defaults] backfill`",
        "as `[defaults] backfill`, for this feed; from `0s` to `3650d`",
    ),
    key(
        "feed",
        "tags",
        "none",
        "names topics can select feeds by (`tag:NAME`)",
    ),
    key(
        "feed",
        "hub",
        "the hub the feed advertises",
        "a WebSub hub to subscribe at, for publishers that do not advertise theirs (needs `[http] public_url`)",
    ),
    key(
        "topic",
        "name",
        "required",
        "unique; letters, digits, `-`, `_`, `.`",
    ),
    key(
        "topic",
        "query",
        "required",
        "what to alert on, in the query language (feedwatch-query(7), README \"Queries\")",
    ),
    key(
        "topic",
        "feeds",
        "every feed",
        "feed names and `tag:NAME` selectors the topic watches",
    ),
    key(
        "topic",
        "notify",
        "every sink",
        "the sinks its alerts go to",
    ),
    key(
        "topic",
        "language",
        "`en`",
        "the stemming language (da de en es fi fr hu it nl no pt ro ru sv tr ...)",
    ),
    key(
        "topic",
        "stem",
        "`true`",
        "`false` matches words without stemming",
    ),
    key(
        "topic",
        "min_score",
        "none",
        "also require this match score (see Queries)",
    ),
    key(
        "topic",
        "digest",
        "each sink's",
        "`\"immediate\"`, `\"hourly\"` or `\"daily HH:MM\"`: overrides the sinks' schedule for this topic's alerts",
    ),
    key(
        "topic",
        "timezone",
        "`UTC`",
        "the IANA zone of a daily digest",
    ),
    key(
        "topic",
        "learn",
        "`\"suggest\"`",
        "what the topic's model, learned from verdicts (`feedwatch feedback`), does: `\"off\"` (no model), `\"suggest\"` (every match alerts, marked with the model's probability), `\"filter\"` (matches it is confident are irrelevant are held back, listed by `alerts --suppressed`)",
    ),
    key(
        "topic",
        "examples",
        "none",
        "verdicts given up front: `[{ relevant = false, item = \"#12\" }, { relevant = true, text = \"headline\\nsummary\" }]` (`item`: a stored item's id, link or GUID); one the query does not match is left out, with a warning",
    ),
    key(
        "sink",
        "name",
        "required",
        "unique; letters, digits, `-`, `_`, `.`",
    ),
    key(
        "sink",
        "type",
        "required",
        "`\"stdout\"`, `\"webhook\"` or `\"email\"`",
    ),
    key(
        "sink",
        "rate_limit",
        "none",
        "`\"N/s\"`, `\"N/m\"` or `\"N/h\"`: the overflow of a flood is folded into summaries",
    ),
    key(
        "sink",
        "digest",
        "`\"immediate\"`",
        "`\"immediate\"`, `\"hourly\"` (top of each UTC hour) or `\"daily HH:MM\"`",
    ),
    key(
        "sink",
        "timezone",
        "`UTC`",
        "the IANA zone of a daily digest (correct across DST changes)",
    ),
    key(
        "sink",
        "on_new_source",
        "`\"ignore\"`",
        "what the sink hears when more outlets report a story it was alerted to: nothing, or `\"update\"` messages with the new sources",
    ),
    key(
        "sink",
        "update_interval",
        "`1h`",
        "with `on_new_source = \"update\"`: at most one update per story this often (the new sources gather until it is due); from `1s` to `30d`",
    ),
    key(
        "sink (webhook)",
        "url",
        "required",
        "the http(s) URL to POST to; for ntfy `https://ntfy.sh/TOPIC`, or the server URL with `ntfy_topic`",
    ),
    key(
        "sink (webhook)",
        "timeout",
        "`10s`",
        "the whole request; from `1ms` to `1h`",
    ),
    key(
        "sink (webhook)",
        "headers",
        "none",
        "extra headers (values may use `${VAR}`; `webhook-*` is reserved)",
    ),
    key(
        "sink (webhook)",
        "format",
        "`\"json\"`",
        "`json`, `slack`, `discord`, `teams`, `mattermost`, `ntfy` or `template`",
    ),
    key(
        "sink (webhook)",
        "secret",
        "unsigned",
        "a Standard Webhooks signing key `whsec_<base64>`",
    ),
    key(
        "sink (webhook)",
        "secrets",
        "unsigned",
        "several keys, newest first, while rotating",
    ),
    key(
        "sink (webhook)",
        "secret_file",
        "unsigned",
        "a file holding the key(s); relative paths are read from `$CREDENTIALS_DIRECTORY` when set",
    ),
    key(
        "sink (webhook)",
        "template",
        "none",
        "with `format = \"template\"`: a minijinja template of the body",
    ),
    key(
        "sink (webhook)",
        "template_file",
        "none",
        "the template, from a file",
    ),
    key(
        "sink (webhook)",
        "ntfy_topic",
        "the URL path",
        "with `format = \"ntfy\"`: the topic",
    ),
    key(
        "sink (email)",
        "url",
        "required",
        "`smtp://host[:port]` (587, STARTTLS) or `smtps://host[:port]` (465, TLS from the start)",
    ),
    key(
        "sink (email)",
        "timeout",
        "`30s`",
        "each SMTP command; from `1ms` to `1h`",
    ),
    key(
        "sink (email)",
        "tls",
        "`starttls` / `implicit`",
        "`\"none\"` is allowed only to localhost, 127.0.0.1 or ::1",
    ),
    key(
        "sink (email)",
        "username",
        "no auth",
        "SMTP user (`${VAR}` allowed)",
    ),
    key(
        "sink (email)",
        "password",
        "no auth",
        "SMTP password (`${VAR}` allowed)",
    ),
    key(
        "sink (email)",
        "password_file",
        "no auth",
        "the password, from a file (or `$CREDENTIALS_DIRECTORY`)",
    ),
    key(
        "sink (email)",
        "from",
        "required",
        "the sender, e.g. `\"feedwatch <alerts@example.org>\"`",
    ),
    key("sink (email)", "to", "required", "one address or a list"),
    key(
        "sink (email)",
        "subject",
        "built-in",
        "a minijinja template of the subject",
    ),
    key(
        "sink (email)",
        "text_template",
        "built-in",
        "a minijinja template of the plain-text body",
    ),
    key(
        "sink (email)",
        "text_template_file",
        "built-in",
        "the same, from a file",
    ),
    key(
        "sink (email)",
        "html_template",
        "built-in",
        "a minijinja template of the HTML body (auto-escaped)",
    ),
    key(
        "sink (email)",
        "html_template_file",
        "built-in",
        "the same, from a file",
    ),
];

/// The table header of a section as the file writes it.
fn heading(section: &str) -> String {
    match section {
        "" => "top level".to_string(),
        "feed" | "topic" | "sink" => format!("[[{section}]]"),
        s if s.starts_with("sink (") => format!("[[sink]] {}", &s[5..]),
        s => format!("[{s}]"),
    }
}

/// The README's table (between its `config-reference` markers).
pub(crate) fn markdown() -> String {
    let mut out = String::from("| section | key | default | meaning |\n|---|---|---|---|\n");
    for k in CONFIG {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            heading(k.section),
            k.key,
            k.default,
            k.meaning.replace('|', "\\|")
        ));
    }
    out
}

/// Roff text: backslashes, leading dots, dashes and non-ASCII escaped;
/// backticks dropped.
fn roff(text: &str) -> String {
    let text = super::query_reference::escape_chars(&text.replace('`', ""));
    if text.starts_with('.') || text.starts_with('\'') {
        format!("\\&{text}")
    } else {
        text
    }
}

/// feedwatch.toml(5).
pub(crate) fn man_page() -> Vec<u8> {
    let mut out = String::from(
        ".TH feedwatch.toml 5 \"\" \"feedwatch\" \"File Formats\"\n\
         .SH NAME\nfeedwatch.toml \\- the feedwatch configuration file\n\
         .SH DESCRIPTION\nA TOML file read by \\fBfeedwatch\\fR(1) (\\fBcheck\\fR validates it). \
         Durations are strings such as \"90s\", \"15m\", \"6h\", \"1d\", \"1h30m\"; sizes such as \"16MiB\". \
         Relative paths, and relative file: feed URLs, are relative to the file's folder. \
         Unknown keys are errors, reported with the file, line, column and key path.\n",
    );
    let mut section = None;
    for k in CONFIG {
        if section != Some(k.section) {
            section = Some(k.section);
            out.push_str(&format!(".SH {}\n", roff(&heading(k.section))));
        }
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR (default: {})\n{}\n",
            roff(k.key),
            roff(k.default),
            roff(k.meaning)
        ));
    }
    out.push_str(".SH SEE ALSO\n\\fBfeedwatch\\fR(1), \\fBfeedwatch\\-query\\fR(7)\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys serde lists for a section, from the error a bogus key gets.
    fn accepted(text: &str) -> Vec<String> {
        let err = match crate::config::Config::parse(text, std::path::Path::new("/x/t.toml")) {
            Ok(_) => panic!("a bogus key must be rejected: {text}"),
            Err(err) => err.to_string(),
        };
        // The first problem is the bogus key's (a `[[feed]]` of only that
        // key also misses its `name`).
        let first = err.lines().next().unwrap_or_default();
        let expected = first
            .split_once("expected")
            .map(|(_, list)| list)
            .unwrap_or_else(|| panic!("no key list in: {err}"));
        let mut keys: Vec<String> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        keys.sort();
        keys
    }

    fn documented(section: &str) -> Vec<String> {
        let mut keys: Vec<String> = CONFIG
            .iter()
            .filter(|k| k.section == section)
            .map(|k| k.key.to_string())
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn every_accepted_key_is_documented() {
        for section in [
            "storage", "defaults", "fetch", "delivery", "health", "stories", "http", "service",
            "log",
        ] {
            // Keys that are tables (`[http.auth]`) are documented as sections.
            let keys: Vec<String> = accepted(&format!("[{section}]\nbogus_key = 1\n"))
                .into_iter()
                .filter(|key| {
                    !CONFIG
                        .iter()
                        .any(|k| k.section == format!("{section}.{key}"))
                })
                .collect();
            assert_eq!(keys, documented(section), "[{section}]");
        }
        assert_eq!(
            accepted("[http.auth]\nbogus_key = 1\n"),
            documented("http.auth"),
            "[http.auth]"
        );
        for section in ["feed", "topic"] {
            assert_eq!(
                accepted(&format!("[[{section}]]\nbogus_key = 1\n")),
                documented(section),
                "[[{section}]]"
            );
        }
        // Top-level keys that are tables are documented as sections.
        let top: Vec<String> = accepted("bogus_key = 1\n");
        for key in &top {
            let is_section = CONFIG.iter().any(|k| {
                k.section == key
                    || k.section.starts_with(&format!("{key} ("))
                    || (k.section.is_empty() && k.key == key)
            });
            assert!(is_section, "top-level `{key}` is not in the reference");
        }
        let sink_common = [
            "digest",
            "name",
            "on_new_source",
            "rate_limit",
            "timezone",
            "type",
            "update_interval",
        ];
        assert_eq!(documented("sink"), sink_common);
        let mut webhook: Vec<String> = crate::alert::sink::webhook::config::KEYS
            .iter()
            .map(|k| k.to_string())
            .collect();
        webhook.sort();
        assert_eq!(documented("sink (webhook)"), webhook);
        let mut email: Vec<String> = crate::alert::sink::email::config::KEYS
            .iter()
            .map(|k| k.to_string())
            .collect();
        email.sort();
        assert_eq!(documented("sink (email)"), email);
    }

    /// The range a key's meaning documents ("from `1s` to `30d`"), without
    /// backticks.
    fn documented_range(k: &Key) -> Option<String> {
        let (_, range) = k.meaning.rsplit_once("from ")?;
        let range = range.replace('`', "");
        range.contains(" to ").then_some(range)
    }

    #[test]
    fn every_documented_range_is_the_enforced_one() {
        // Every duration, factor and size in a plain section: the biggest
        // value TOML and our units can write must be refused, with the key
        // and the range the reference documents.
        let mut checked = 0;
        for k in CONFIG {
            let Some(range) = documented_range(k) else {
                continue;
            };
            let value = match (k.section, k.key) {
                ("health", "quiet_factor") => "1e300".to_string(),
                ("fetch", "max_body") => "\"16GiB\"".to_string(),
                _ => "\"18446744073709551615s\"".to_string(),
            };
            let text = match k.section {
                "feed" => format!(
                    "[[feed]]\nname = \"a\"\nurl = \"https://example.org/\"\n{} = {value}\n",
                    k.key
                ),
                s if s.starts_with("sink") => {
                    let extra = match s {
                        "sink (webhook)" => "type = \"webhook\"\nurl = \"https://example.org/\"\n",
                        "sink (email)" => {
                            "type = \"email\"\nurl = \"smtp://localhost\"\nfrom = \"a@example.org\"\nto = \"b@example.org\"\n"
                        }
                        _ => "type = \"stdout\"\non_new_source = \"update\"\n",
                    };
                    format!("[[sink]]\nname = \"s\"\n{extra}{} = {value}\n", k.key)
                }
                s => format!("[{s}]\n{} = {value}\n", k.key),
            };
            let err = match crate::config::Config::parse(&text, std::path::Path::new("/x/t.toml")) {
                Ok(_) => panic!("{}.{} = {value} must be refused", k.section, k.key),
                Err(err) => err.to_string(),
            };
            assert!(
                err.contains(&format!(".{}: ", k.key)) || err.contains(&format!(": {}: ", k.key)),
                "{}.{}: {err}",
                k.section,
                k.key
            );
            assert!(
                err.contains(&format!("from {range}")),
                "{}.{}: the error does not give the documented range `{range}`: {err}",
                k.section,
                k.key
            );
            checked += 1;
        }
        assert!(checked >= 25, "only {checked} ranges documented");
    }

    #[test]
    fn renders_both_forms() {
        let md = markdown();
        assert!(md.contains("| `[defaults]` | `interval` | `15m` |"), "{md}");
        let man = String::from_utf8(man_page()).unwrap_or_default();
        assert!(man.contains(".SH [defaults]"), "{man}");
        assert!(man.contains("\\fBinterval\\fR"), "{man}");
        assert!(
            man.is_ascii(),
            "roff input in ASCII only: ±20% is \\[u00B1]20%"
        );
    }
}
