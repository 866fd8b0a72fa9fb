//! Polling benchmark against a local feed farm: 10,000 RSS feeds of 40 items
//! on 128 origins (ports of 127.0.0.1), run by hand with
//! `cargo bench --bench feed_farm` (not part of `cargo test`).
//!
//! The farm runs in a separate process (this binary re-executed with
//! `--serve`), so the CPU time and peak RSS reported are the poller's alone.
//! It is driven over its stdin/stdout, one command a line:
//! `advance` (10% of the feeds get one new item and a new ETag and
//! Last-Modified), `latency MS` (every request waits MS first), `stats`
//! (requests answered so far). It exits when its stdin closes, and a guard
//! kills it when the poller ends, panics included.
//!
//! Phases, each one `Daemon::run_once()` timed on its own:
//! - (a) first cycle: every feed is new, 400,000 items are stored;
//! - (b) steady cycle: 10% of the feeds changed, the rest answer 304;
//! - (c) like (b), with 100 ms of server latency on every request.
//!
//! Targets on the 2-core reference machine: (a) >= 500 feeds/s,
//! (b) >= 2,000 feeds/s, (c) >= 400 feeds/s, peak RSS < 150 MB, and the
//! database growing by < 2 KB per stored item. Results go in BENCHMARKS.md.
//!
//! `FEED_FARM_FEEDS`, `FEED_FARM_ORIGINS` and `FEED_FARM_ITEMS` size the farm
//! (the one-core figures of BENCHMARKS.md use 1,000 feeds of 35 items, about
//! 27 KB each, on 100 origins); `FEED_FARM_FARM_CPUS=0` pins the farm process
//! to those CPUs (run the bench itself under `taskset -c 1`).
//! `FEED_FARM_ITEM_AGE_HOURS` (default 1,000) is how long before the start
//! the oldest item of a feed was published: by default every item is older
//! than the story window, so a first poll clusters none of them; 1 makes
//! them recent news (a first poll of news feeds), clustered as they come.
//! `FEED_FARM_POSTGRES=postgres://...` (with `FEED_FARM_PG_PASSWORD_FILE`)
//! measures PostgreSQL instead of SQLite; the database must be empty.
//! `FEED_FARM_REPLICAS=N` with it polls with N `feedwatch run` processes
//! sharing that database through their leases, instead of one in-process
//! `run_once` (see `poller::replicas`; BENCHMARKS.md has the command).
//! `FEED_FARM_REPLICAS=1` without it measures one `feedwatch run` daemon on
//! SQLite: the daemon's own loop (claims, leases, heartbeats) rather than
//! `run_once`.
//! `FEED_FARM_KEEP_DB=1` keeps the SQLite database afterwards (its path is
//! printed) to look at what a poll wrote.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use feedwatch::clock::Clock;
use feedwatch::config::Config;
use feedwatch::daemon::{CycleReport, Daemon};

const DEFAULT_FEEDS: usize = 10_000;
const DEFAULT_ORIGINS: usize = 128;
const ITEMS_PER_FEED: usize = 40;
/// One feed in this many changes on each `advance`.
const CHANGE_EVERY: usize = 10;
/// Global concurrency and per-origin limit of the poller under test.
const CONCURRENCY: usize = 64;
const PER_ORIGIN: usize = 4;
/// Latency of phase (c).
const SLOW_MS: u64 = 100;
/// No phase may take longer than this.
const PHASE_TIMEOUT: Duration = Duration::from_secs(300);
/// Items of a feed are this far apart.
const ITEM_SPACING_SECS: i64 = 3600;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve") {
        farm::serve(&args[2..]);
        return;
    }
    poller::run();
}

/// The feed farm process.
mod farm {
    use super::*;
    use axum::Router;
    use axum::body::Bytes;
    use axum::extract::{Path as UrlPath, State};
    use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use axum::routing::{get, post};
    use std::sync::Mutex;

    /// One feed as currently served.
    struct Doc {
        body: Bytes,
        etag: HeaderValue,
        last_modified: HeaderValue,
    }

    struct Farm {
        items: usize,
        base: i64,
        docs: Vec<Mutex<Arc<Doc>>>,
        generations: Mutex<Vec<u32>>,
        latency_ms: AtomicU64,
        full: AtomicU64,
        not_modified: AtomicU64,
        hooks: AtomicU64,
    }

    fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `--serve FEEDS ITEMS ORIGINS`: binds ORIGINS ports plus one webhook
    /// receiver, prints `ready HOOK_PORT PORT,PORT,...`, then obeys stdin.
    pub(crate) fn serve(args: &[String]) {
        let arg = |i: usize| -> usize {
            args.get(i)
                .and_then(|a| a.parse().ok())
                .expect("--serve FEEDS ITEMS ORIGINS")
        };
        let (feeds, items, origins) = (arg(0), arg(1), arg(2));
        let now = chrono::Utc::now().timestamp();
        // Old enough that the newest item of any generation is in the past
        // (steady rounds add a generation each, an hour later; an item
        // claiming the future is taken as published now).
        let age: i64 = std::env::var("FEED_FARM_ITEM_AGE_HOURS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000);
        let base = (now - (items as i64 + age) * ITEM_SPACING_SECS) / 3600 * 3600;
        let docs = (0..feeds)
            .map(|f| Mutex::new(Arc::new(render(f, 0, items, base))))
            .collect();
        let farm = Arc::new(Farm {
            items,
            base,
            docs,
            generations: Mutex::new(vec![0; feeds]),
            latency_ms: AtomicU64::new(0),
            full: AtomicU64::new(0),
            not_modified: AtomicU64::new(0),
            hooks: AtomicU64::new(0),
        });
        // One worker: the farm must not take both cores from the poller.
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("farm runtime");
        let app = Router::new()
            .route("/feed/{id}", get(feed))
            .route("/hook", post(hook))
            .with_state(Arc::clone(&farm));
        let (hook_port, ports) = rt.block_on(async {
            let mut ports = Vec::with_capacity(origins);
            for _ in 0..origins {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind origin");
                ports.push(listener.local_addr().expect("origin address").port());
                let app = app.clone();
                tokio::spawn(
                    async move { axum::serve(listener, app).await.expect("serve origin") },
                );
            }
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind hook");
            let hook_port = listener.local_addr().expect("hook address").port();
            tokio::spawn(async move { axum::serve(listener, app).await.expect("serve hook") });
            (hook_port, ports)
        });
        let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
        let mut out = std::io::stdout().lock();
        writeln!(out, "ready {hook_port} {}", ports.join(",")).expect("write to the poller");
        out.flush().expect("flush to the poller");
        let mut round = 0usize;
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            let mut words = line.split_whitespace();
            let reply = match (words.next(), words.next()) {
                (Some("advance"), _) => {
                    let changed = advance(&farm, round);
                    round += 1;
                    format!("ok {changed}")
                }
                (Some("latency"), Some(ms)) => {
                    farm.latency_ms
                        .store(ms.parse().expect("latency in ms"), Ordering::SeqCst);
                    "ok".to_string()
                }
                (Some("stats"), _) => format!(
                    "stats {} {} {} {}",
                    farm.full.load(Ordering::SeqCst),
                    farm.not_modified.load(Ordering::SeqCst),
                    farm.hooks.load(Ordering::SeqCst),
                    super::proc::cpu_ticks("self"),
                ),
                _ => format!("error unknown command {line:?}"),
            };
            writeln!(out, "{reply}").expect("write to the poller");
            out.flush().expect("flush to the poller");
        }
        // stdin closed: the poller is gone.
        drop(rt);
    }

    /// One feed in `CHANGE_EVERY` (a different tenth each round) gets a new item.
    fn advance(farm: &Farm, round: usize) -> usize {
        let mut generations = lock(&farm.generations);
        let mut changed = 0;
        for (f, generation) in generations.iter_mut().enumerate() {
            if (f * 7 + round).is_multiple_of(CHANGE_EVERY) {
                *generation += 1;
                *lock(&farm.docs[f]) = Arc::new(render(f, *generation, farm.items, farm.base));
                changed += 1;
            }
        }
        changed
    }

    async fn feed(
        State(farm): State<Arc<Farm>>,
        UrlPath(id): UrlPath<String>,
        headers: HeaderMap,
    ) -> Response {
        let latency = farm.latency_ms.load(Ordering::Relaxed);
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        let index = id.trim_end_matches(".xml").parse::<usize>().ok();
        let Some(doc) = index
            .and_then(|i| farm.docs.get(i))
            .map(|d| Arc::clone(&lock(d)))
        else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let fresh = match headers.get(header::IF_NONE_MATCH) {
            Some(tag) => tag == doc.etag,
            None => headers.get(header::IF_MODIFIED_SINCE) == Some(&doc.last_modified),
        };
        let validators = [
            (header::ETAG, doc.etag.clone()),
            (header::LAST_MODIFIED, doc.last_modified.clone()),
        ];
        if fresh {
            farm.not_modified.fetch_add(1, Ordering::Relaxed);
            return (StatusCode::NOT_MODIFIED, validators).into_response();
        }
        farm.full.fetch_add(1, Ordering::Relaxed);
        let content_type = [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/rss+xml; charset=utf-8"),
        )];
        (StatusCode::OK, validators, content_type, doc.body.clone()).into_response()
    }

    async fn hook(State(farm): State<Arc<Farm>>, _body: Bytes) -> StatusCode {
        farm.hooks.fetch_add(1, Ordering::Relaxed);
        StatusCode::OK
    }

    fn render(feed: usize, generation: u32, items: usize, base: i64) -> Doc {
        let site = format!("site{feed:05}.example");
        let newest = generation as usize + items - 1;
        let updated = chrono::DateTime::from_timestamp(base + newest as i64 * ITEM_SPACING_SECS, 0)
            .expect("item time in range");
        let mut xml = String::with_capacity(items * 1_100 + 800);
        let mut rng = fastrand::Rng::with_seed(feed as u64);
        let name = super::text::title(&mut rng, 3);
        let _ = write!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n\
             <channel>\n<title>{name} | {site}</title>\n<link>https://{site}/</link>\n\
             <atom:link href=\"https://{site}/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n\
             <description>Latest stories from {name}</description>\n<language>en-us</language>\n\
             <lastBuildDate>{}</lastBuildDate>\n<generator>feed-farm 1.0</generator>\n",
            updated.to_rfc2822()
        );
        for k in (generation as usize..=newest).rev() {
            super::text::item(
                &mut xml,
                &site,
                feed,
                k,
                base + k as i64 * ITEM_SPACING_SECS,
            );
        }
        xml.push_str("</channel>\n</rss>\n");
        let etag = format!("\"f{feed}-g{generation}\"");
        let last_modified = updated.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        Doc {
            body: Bytes::from(xml),
            etag: HeaderValue::from_str(&etag).expect("ASCII ETag"),
            last_modified: HeaderValue::from_str(&last_modified).expect("ASCII date"),
        }
    }
}

/// Generated news text: a neutral vocabulary, with the words the benchmark's
/// topics look for planted rarely (single words often enough that the
/// percolator evaluates topics, whole matching headlines about 1 item in 1,000).
mod text {
    use std::fmt::Write as _;

    const WORDS: &[&str] = &[
        "the",
        "of",
        "to",
        "and",
        "a",
        "in",
        "for",
        "on",
        "is",
        "that",
        "with",
        "said",
        "as",
        "at",
        "by",
        "from",
        "was",
        "has",
        "will",
        "its",
        "have",
        "be",
        "are",
        "an",
        "after",
        "but",
        "their",
        "not",
        "this",
        "who",
        "been",
        "more",
        "which",
        "were",
        "would",
        "than",
        "over",
        "about",
        "into",
        "also",
        "up",
        "could",
        "new",
        "they",
        "her",
        "out",
        "one",
        "two",
        "when",
        "amid",
        "while",
        "says",
        "had",
        "can",
        "last",
        "first",
        "year",
        "government",
        "people",
        "president",
        "week",
        "officials",
        "state",
        "million",
        "percent",
        "company",
        "minister",
        "police",
        "country",
        "report",
        "plan",
        "talks",
        "world",
        "market",
        "court",
        "election",
        "security",
        "trade",
        "prices",
        "economy",
        "leaders",
        "health",
        "attack",
        "law",
        "group",
        "city",
        "union",
        "oil",
        "bank",
        "data",
        "energy",
        "workers",
        "investors",
        "shares",
        "growth",
        "budget",
        "tax",
        "forces",
        "technology",
        "software",
        "network",
        "cyber",
        "hackers",
        "privacy",
        "startup",
        "funding",
        "CEO",
        "profit",
        "earnings",
        "losses",
        "forecast",
        "outlook",
        "stocks",
        "markets",
        "tariffs",
        "border",
        "crisis",
        "summit",
        "vote",
        "voters",
        "judge",
        "ruling",
        "lawsuit",
        "merger",
        "regulators",
        "strike",
        "jobs",
        "housing",
        "rent",
        "schools",
        "students",
        "university",
        "hospital",
        "vaccine",
        "study",
        "research",
        "scientists",
        "climate",
        "storm",
        "flood",
        "fire",
        "wildfire",
        "drought",
        "water",
        "food",
        "farmers",
        "transport",
        "rail",
        "airline",
        "flights",
        "cars",
        "electric",
        "battery",
        "solar",
        "wind",
        "gas",
        "nuclear",
        "drone",
        "ceasefire",
        "peace",
        "protest",
        "rights",
        "space",
        "rocket",
        "launch",
        "satellite",
        "mission",
        "football",
        "league",
        "season",
        "coach",
        "players",
        "final",
        "film",
        "music",
        "festival",
        "spending",
        "debt",
        "crypto",
        "Europe",
        "Germany",
        "France",
        "India",
        "Brazil",
        "Africa",
        "Canada",
        "Mexico",
        "Spain",
        "Italy",
        "Poland",
        "Kenya",
        "Nigeria",
        "Chile",
        "Korea",
        "investigation",
        "charges",
        "trial",
        "prison",
        "families",
        "children",
        "women",
        "victims",
        "council",
        "mayor",
        "governor",
        "senate",
        "parliament",
        "committee",
        "hearing",
        "bill",
        "policy",
        "reform",
        "pension",
        "wages",
        "retail",
        "sales",
        "consumers",
        "factory",
        "industry",
        "supply",
        "shortage",
        "harvest",
        "coast",
        "island",
        "river",
        "bridge",
        "highway",
        "airport",
        "port",
        "museum",
        "library",
        "Harbor",
        "Valley",
        "Northern",
        "Western",
        "Coastal",
        "Metro",
        "Regional",
        "National",
        "Global",
        "Alvarez",
        "Brennan",
        "Castillo",
        "Delacroix",
        "Eriksen",
        "Fitzgerald",
        "Haddad",
        "Ivanova",
        "Jensen",
        "Kowalski",
        "Lindqvist",
        "Moreau",
        "Nakamura",
        "Okafor",
        "Petrov",
        "Quinlan",
        "Rossi",
        "Sandoval",
    ];
    /// Words the benchmark's topics look for, planted one at a time.
    const TRIGGERS: &[&str] = &[
        "AI",
        "Pentagon",
        "NATO",
        "military",
        "deal",
        "contract",
        "agreement",
        "earthquake",
        "tsunami",
        "Japan",
        "Tokyo",
        "semiconductor",
        "export",
        "sanctions",
        "inflation",
        "acquisition",
        "billion",
    ];
    /// Headlines that match one topic each.
    const MATCHING: &[&str] = &[
        "Pentagon signs AI contract with",
        "NATO military agreement brings AI to",
        "Earthquake shakes Tokyo as officials warn",
        "Semiconductor makers face new export sanctions over",
        "Acquisition worth 3 billion announced by",
    ];

    fn word(rng: &mut fastrand::Rng) -> &'static str {
        // Skewed toward the front of the list, like real word frequencies.
        let x = rng.f64();
        WORDS[((x * x) * WORDS.len() as f64) as usize % WORDS.len()]
    }

    pub(crate) fn title(rng: &mut fastrand::Rng, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            let w = word(rng);
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
        out
    }

    fn sentence(rng: &mut fastrand::Rng, out: &mut String) {
        let n = rng.usize(8..20);
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            if rng.u32(0..1_000) < 5 {
                out.push_str(TRIGGERS[rng.usize(0..TRIGGERS.len())]);
            } else {
                out.push_str(word(rng));
            }
        }
        out.push_str(". ");
    }

    /// Appends one `<item>` (publication time `published`, Unix seconds).
    pub(crate) fn item(xml: &mut String, site: &str, feed: usize, k: usize, published: i64) {
        let mut rng = fastrand::Rng::with_seed(((feed as u64) << 32) ^ k as u64 ^ 0x5eed);
        let planted = rng.u32(0..1_000) == 0;
        let mut headline = if planted {
            let lead = MATCHING[rng.usize(0..MATCHING.len())];
            format!("{lead} {}", title(&mut rng, 4))
        } else {
            let n = rng.usize(6..13);
            title(&mut rng, n)
        };
        if rng.u32(0..20) == 0 {
            headline.push_str(" &amp; More");
        }
        let slug: String = headline
            .split_whitespace()
            .take(6)
            .map(|w| {
                w.to_ascii_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "")
            })
            .collect::<Vec<_>>()
            .join("-");
        let when = chrono::DateTime::from_timestamp(published, 0).expect("item time in range");
        let author = title(&mut rng, 2);
        let category = title(&mut rng, 1);
        let target = rng.usize(300..=600);
        let mut description = String::with_capacity(target + 200);
        description.push_str("&lt;p&gt;");
        let mut plain = String::new();
        while description.len() + plain.len() < target.saturating_sub(60) {
            sentence(&mut rng, &mut plain);
            if plain.len() > 120 {
                description.push_str(plain.trim_end());
                description.push_str("&lt;/p&gt;&lt;p&gt;");
                plain.clear();
            }
        }
        description.push_str(plain.trim_end());
        let _ = write!(
            description,
            " &lt;a href=&quot;https://{site}/{}/{slug}-{k}&quot;&gt;Read more&lt;/a&gt;&lt;/p&gt;",
            when.format("%Y/%m")
        );
        let _ = write!(
            xml,
            "<item>\n<title>{headline}</title>\n<link>https://{site}/{}/{slug}-{k}</link>\n\
             <guid isPermaLink=\"false\">{site}:{k}</guid>\n<pubDate>{}</pubDate>\n\
             <dc:creator>{author}</dc:creator>\n<category>{category}</category>\n\
             <description>{description}</description>\n</item>\n",
            when.format("%Y/%m"),
            when.to_rfc2822(),
        );
    }
}

/// Process statistics from /proc.
mod proc {
    /// Numbered fields of `/proc/PID/stat` (`"self"` or a pid; 0 when
    /// missing).
    pub(crate) fn stat_fields<const N: usize>(pid: &str, numbers: [usize; N]) -> [u64; N] {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Fields after the command name (which may contain spaces): state is
        // field 3, ppid 4, utime 14, stime 15, cutime 16 and cstime 17.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        numbers.map(|n| {
            fields
                .get(n.wrapping_sub(3))
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        })
    }

    /// utime + stime of a process (`"self"` or a pid), in clock ticks.
    pub(crate) fn cpu_ticks(pid: &str) -> u64 {
        stat_fields(pid, [14, 15]).iter().sum()
    }

    /// This process's (user, system) CPU time in clock ticks.
    pub(crate) fn user_sys_ticks() -> (u64, u64) {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |n: usize| {
            fields
                .get(n - 3)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        (field(14), field(15))
    }

    /// A `/proc/self/status` value in kB ("VmHWM", "VmRSS").
    pub(crate) fn status_kb(key: &str) -> u64 {
        status_kb_of("self", key)
    }

    /// A `/proc/PID/status` value in kB.
    pub(crate) fn status_kb_of(pid: &str, key: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// Resets VmHWM to the current RSS, so the next reading is this phase's peak.
    pub(crate) fn reset_peak() -> bool {
        reset_peak_of("self")
    }

    /// The same for another process (ours, or any when root).
    pub(crate) fn reset_peak_of(pid: &str) -> bool {
        std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
    }

    pub(crate) fn ticks_per_second() -> f64 {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    }
}

/// The poller under test.
mod poller {
    use super::*;

    /// The farm child process; killed when dropped (panics included).
    struct FarmGuard {
        child: Child,
        stdin: ChildStdin,
        stdout: BufReader<ChildStdout>,
    }

    impl Drop for FarmGuard {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl FarmGuard {
        fn command(&mut self, line: &str) -> String {
            writeln!(self.stdin, "{line}").expect("write to the farm");
            self.stdin.flush().expect("flush to the farm");
            self.reply()
        }

        fn reply(&mut self) -> String {
            let mut reply = String::new();
            self.stdout
                .read_line(&mut reply)
                .expect("read from the farm");
            assert!(!reply.is_empty(), "the farm exited");
            reply.trim().to_string()
        }

        fn stats(&mut self) -> FarmStats {
            let reply = self.command("stats");
            let n: Vec<u64> = reply
                .split_whitespace()
                .skip(1)
                .map(|w| w.parse().expect("farm stats"))
                .collect();
            assert_eq!(n.len(), 4, "bad stats reply {reply:?}");
            FarmStats {
                full: n[0],
                not_modified: n[1],
                hooks: n[2],
                cpu_ticks: n[3],
            }
        }
    }

    #[derive(Clone, Copy)]
    struct FarmStats {
        full: u64,
        not_modified: u64,
        hooks: u64,
        cpu_ticks: u64,
    }

    fn env_usize(name: &str, default: usize) -> usize {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    pub(crate) fn run() {
        let feeds = env_usize("FEED_FARM_FEEDS", DEFAULT_FEEDS);
        let origins = env_usize("FEED_FARM_ORIGINS", DEFAULT_ORIGINS);
        let items_per_feed = env_usize("FEED_FARM_ITEMS", ITEMS_PER_FEED);
        let tck = proc::ticks_per_second();
        let exe = std::env::current_exe().expect("path of this benchmark binary");
        let started = Instant::now();
        let mut command = match std::env::var("FEED_FARM_FARM_CPUS") {
            Ok(cpus) => {
                let mut c = Command::new("taskset");
                c.args(["-c", &cpus]).arg(exe);
                c
            }
            Err(_) => Command::new(exe),
        };
        let mut child = command
            .args([
                "--serve",
                &feeds.to_string(),
                &items_per_feed.to_string(),
                &origins.to_string(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the feed farm");
        let stdin = child.stdin.take().expect("farm stdin is piped");
        let stdout = BufReader::new(child.stdout.take().expect("farm stdout is piped"));
        let mut farm = FarmGuard {
            child,
            stdin,
            stdout,
        };
        let ready = farm.reply();
        let mut parts = ready.split_whitespace();
        assert_eq!(
            parts.next(),
            Some("ready"),
            "unexpected farm greeting {ready:?}"
        );
        let hook_port: u16 = parts
            .next()
            .and_then(|p| p.parse().ok())
            .expect("hook port");
        let ports: Vec<u16> = parts
            .next()
            .expect("origin ports")
            .split(',')
            .map(|p| p.parse().expect("origin port"))
            .collect();
        let farm_pid = farm.child.id().to_string();
        println!(
            "feed farm: {feeds} feeds x {items_per_feed} items on {} origins (pid {farm_pid}), rendered in {:.1} s",
            ports.len(),
            started.elapsed().as_secs_f64()
        );

        let mut dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("feedwatch.db");
        if std::env::var_os("FEED_FARM_KEEP_DB").is_some() {
            dir.disable_cleanup(true);
            println!("the database is kept: {}", db.display());
        }
        let mut text = config_text(&db, &ports, hook_port, feeds);
        let postgres = std::env::var("FEED_FARM_POSTGRES").ok();
        if let Some(url) = &postgres {
            let password = std::env::var("FEED_FARM_PG_PASSWORD_FILE")
                .map(|f| format!("password_file = '{f}'\n"))
                .unwrap_or_default();
            text = text.replacen(
                &format!("[storage]\npath = '{}'\n", db.display()),
                &format!("[storage]\nurl = '{url}'\n{password}"),
                1,
            );
            println!("database: PostgreSQL {url}");
        }
        if let Ok(n) = std::env::var("FEED_FARM_REPLICAS") {
            let n: usize = n
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .expect("FEED_FARM_REPLICAS is a number of replicas (1 or more)");
            let db = match postgres.as_deref() {
                Some(url) => replicas::Db::postgres(url),
                None => {
                    assert_eq!(
                        n, 1,
                        "SQLite takes one daemon: FEED_FARM_REPLICAS above 1 needs FEED_FARM_POSTGRES"
                    );
                    replicas::Db::Sqlite(db.clone())
                }
            };
            replicas::run(&mut farm, &text, dir.path(), db, n, feeds, tck);
            return;
        }
        let rt = feedwatch::daemon::runtime().expect("poller runtime");

        let (cpu0, t0) = (proc::cpu_ticks("self"), Instant::now());
        let config = Config::parse(&text, &dir.path().join("feedwatch.toml"))
            .expect("the generated config is valid");
        let daemon = rt
            .block_on(Daemon::start(config, Clock::System))
            .expect("daemon starts");
        println!(
            "startup (parse config, open db, register {feeds} feeds): {:.2} s wall, {:.2} s CPU, RSS {} MB",
            t0.elapsed().as_secs_f64(),
            (proc::cpu_ticks("self") - cpu0) as f64 / tck,
            proc::status_kb("VmRSS") / 1024
        );
        if postgres.is_none() {
            checkpoint(&db);
        }
        let (db0, wal0) = db_bytes(&db);

        let mut phases = Vec::new();
        let a = phase(&rt, &daemon, &mut farm, "(a) first cycle", feeds, tck);
        let (db1, wal1) = db_bytes(&db);
        let busy = if postgres.is_none() {
            checkpoint(&db)
        } else {
            0
        };
        let (db2, wal2) = db_bytes(&db);
        let items = a.report.new_items.max(1) as f64;
        let db_lines = [
            format!("items stored in (a): {}", a.report.new_items),
            format!(
                "before (a): db {} + wal {} bytes; after (a): db {} + wal {} bytes = {:.0} bytes/item",
                db0,
                wal0,
                db1,
                wal1,
                (db1 + wal1).saturating_sub(db0 + wal0) as f64 / items
            ),
            format!(
                "after PRAGMA wal_checkpoint(TRUNCATE) (busy={busy}): db {db2} + wal {wal2} bytes = {:.0} bytes/item",
                (db2 + wal2).saturating_sub(db0 + wal0) as f64 / items
            ),
        ];
        phases.push(a);

        let changed = farm.command("advance");
        phases.push(phase(
            &rt,
            &daemon,
            &mut farm,
            "(b) steady, 10% changed",
            feeds,
            tck,
        ));
        let _ = farm.command(&format!("latency {SLOW_MS}"));
        let changed_c = farm.command("advance");
        phases.push(phase(
            &rt,
            &daemon,
            &mut farm,
            &format!("(c) steady + {SLOW_MS} ms latency"),
            feeds,
            tck,
        ));

        println!();
        println!(
            "| phase | wall (s) | feeds/s | CPU (s) | CPU/wall | peak RSS (MB) | 200 / 304 served | new items | alerts / delivered | farm CPU (s) |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for p in &phases {
            println!(
                "| {} | {:.2} | {:.0} | {:.2} | {:.0}% | {} | {} / {} | {} | {} / {} | {:.2} |",
                p.label,
                p.wall.as_secs_f64(),
                p.feeds as f64 / p.wall.as_secs_f64(),
                p.cpu,
                100.0 * p.cpu / p.wall.as_secs_f64(),
                p.peak_kb.div_ceil(1024),
                p.full,
                p.not_modified,
                p.report.new_items,
                p.report.alerts,
                p.hooks,
                p.farm_cpu,
            );
        }
        println!();
        for line in db_lines {
            println!("{line}");
        }
        println!("farm advances: {changed} then {changed_c}");
        for p in &phases {
            let polled = p.report.feeds_ok + p.report.feeds_failed;
            if p.report.feeds_failed > 0 || polled != feeds {
                println!(
                    "WARNING {}: {} ok, {} failed of {feeds}",
                    p.label, p.report.feeds_ok, p.report.feeds_failed
                );
            }
            if p.report.pending > 0 {
                println!(
                    "WARNING {}: {} deliveries still pending",
                    p.label, p.report.pending
                );
            }
        }
        if !phases.iter().all(|p| p.peak_reset) {
            println!(
                "NOTE: /proc/self/clear_refs was not writable: peak RSS is since process start"
            );
        }
        drop(daemon);
        drop(rt);
        drop(farm);
    }

    struct Phase {
        label: String,
        feeds: usize,
        wall: Duration,
        cpu: f64,
        peak_kb: u64,
        peak_reset: bool,
        report: CycleReport,
        full: u64,
        not_modified: u64,
        hooks: u64,
        farm_cpu: f64,
    }

    fn phase(
        rt: &tokio::runtime::Runtime,
        daemon: &Daemon,
        farm: &mut FarmGuard,
        label: &str,
        feeds: usize,
        tck: f64,
    ) -> Phase {
        let before = farm.stats();
        let peak_reset = proc::reset_peak();
        let cpu0 = proc::cpu_ticks("self");
        let (user0, sys0) = proc::user_sys_ticks();
        let t0 = Instant::now();
        let report = rt
            .block_on(async { tokio::time::timeout(PHASE_TIMEOUT, daemon.run_once()).await })
            .unwrap_or_else(|_| panic!("{label} took longer than {PHASE_TIMEOUT:?}"))
            .expect("run_once");
        let wall = t0.elapsed();
        let cpu = (proc::cpu_ticks("self") - cpu0) as f64 / tck;
        let (user1, sys1) = proc::user_sys_ticks();
        let peak_kb = proc::status_kb("VmHWM");
        let after = farm.stats();
        let p = Phase {
            label: label.to_string(),
            feeds,
            wall,
            cpu,
            peak_kb,
            peak_reset,
            report,
            full: after.full - before.full,
            not_modified: after.not_modified - before.not_modified,
            hooks: after.hooks - before.hooks,
            farm_cpu: (after.cpu_ticks - before.cpu_ticks) as f64 / tck,
        };
        println!(
            "{label}: {:.2} s, {:.0} feeds/s, {:.2} s CPU ({:.2} user, {:.2} system), peak RSS {} MB, {report:?}",
            wall.as_secs_f64(),
            feeds as f64 / wall.as_secs_f64(),
            cpu,
            (user1 - user0) as f64 / tck,
            (sys1 - sys0) as f64 / tck,
            peak_kb / 1024
        );
        p
    }

    /// Bytes of the database file and its WAL.
    fn db_bytes(db: &Path) -> (u64, u64) {
        let len = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        (len(db.to_path_buf()), len(PathBuf::from(wal)))
    }

    /// Moves the WAL into the database file and truncates it; returns
    /// SQLite's "busy" flag (0: complete).
    fn checkpoint(db: &Path) -> i64 {
        let conn = rusqlite::Connection::open(db).expect("open the database for a checkpoint");
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))
            .expect("checkpoint")
    }

    /// 10,000 feeds spread round-robin over the origins, five topics, and a
    /// webhook sink on the farm's counting receiver.
    fn config_text(db: &Path, ports: &[u16], hook_port: u16, feeds: usize) -> String {
        let mut t = String::with_capacity(feeds * 120 + 2_000);
        let _ = write!(
            t,
            "[storage]\npath = '{}'\n\n\
             [fetch]\nconcurrency = {CONCURRENCY}\nper_origin = {PER_ORIGIN}\n\
             origin_spacing = \"0ms\"\ndomain_spacing = \"none\"\n\n\
             [defaults]\nbackfill = \"all\"\n\n\
             [[sink]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:{hook_port}/hook\"\n\n",
            db.display()
        );
        let topics = [
            (
                "defense-ai-contracts",
                r#"(AI OR "artificial intelligence" OR OpenAI) AND (Pentagon OR NATO OR military) AND (deal OR contract OR agreement)"#,
                None,
            ),
            (
                "quake-japan",
                "(earthquake OR tsunami) AND (Japan OR Tokyo)",
                None,
            ),
            (
                "chip-exports",
                "title:semiconductor AND (export OR sanctions)",
                Some("tech"),
            ),
            ("big-acquisitions", "acquisition NEAR/6 billion", None),
            (
                "prices",
                r#""interest rates" OR (inflation AND forecast AND NOT football)"#,
                None,
            ),
        ];
        for (name, query, tag) in topics {
            let _ = writeln!(t, "[[topic]]\nname = \"{name}\"\nquery = '{query}'");
            if let Some(tag) = tag {
                let _ = writeln!(t, "feeds = [\"tag:{tag}\"]");
            }
            t.push('\n');
        }
        for f in 0..feeds {
            let port = ports[f % ports.len()];
            let tags = if f.is_multiple_of(4) {
                "[\"tech\"]"
            } else {
                "[]"
            };
            let _ = write!(
                t,
                "[[feed]]\nname = \"farm-{f:05}\"\nurl = \"http://127.0.0.1:{port}/feed/{f}.xml\"\ninterval = \"15m\"\ntags = {tags}\n\n"
            );
        }
        t
    }

    /// `FEED_FARM_REPLICAS=N` (with `FEED_FARM_POSTGRES`): the poller is N
    /// `feedwatch run` processes sharing the PostgreSQL database, as
    /// replicas do in production, leasing feeds from it; `run --once` cannot
    /// stand in for them (it polls every feed without leases). Without
    /// `FEED_FARM_POSTGRES`, `FEED_FARM_REPLICAS=1` runs one daemon on the
    /// SQLite database, driven the same way (this process writes the feeds'
    /// schedule through its own connection, as `feedwatch poll` would).
    ///
    /// The executable is `FEED_FARM_FEEDWATCH`, else the `feedwatch` Cargo
    /// built with this bench (`CARGO_BIN_EXE_feedwatch`), else
    /// `../feedwatch` next to this binary's `deps/` directory.
    /// `FEED_FARM_REPLICA_CPUS=1` pins every replica to those CPUs (taskset).
    ///
    /// This process first migrates the database and registers the feeds
    /// (`Daemon::start`, no polling) and schedules every feed an hour
    /// ahead, so the replicas' start-up spread of first polls polls nothing.
    /// Phases: once every replica logs "feedwatch running", (a) makes every
    /// feed not yet polled due at once (`next_poll_at`) and sends SIGUSR1
    /// (claim now) to every replica; it ends when every feed has a
    /// `last_polled_at` and no delivery is pending. A poll whose transaction
    /// failed leaves its feed unleased and due an interval later: such
    /// feeds are counted as dropped, not waited for. (b), `FEED_FARM_STEADY_ROUNDS`
    /// times (default 2): the farm advances (10% of the feeds change), every
    /// feed is made due at once, and the phase ends when every feed was
    /// polled since it began. CPU is the replicas' user+sys from
    /// `/proc/PID/stat`; the PostgreSQL server's is its postmaster's own and
    /// reaped children's plus its live children's (when the server runs on
    /// this machine; it includes this bench's own few queries).
    mod replicas {
        use super::*;
        use postgres::{Client, NoTls};

        /// Time allowed for the replicas to start, and for each phase.
        const START_TIMEOUT: Duration = Duration::from_secs(120);
        const WAIT_STEP: Duration = Duration::from_millis(200);

        /// The replica processes; killed when dropped (panics included).
        struct Replicas {
            children: Vec<Child>,
            logs: Vec<PathBuf>,
        }

        impl Drop for Replicas {
            fn drop(&mut self) {
                for child in &mut self.children {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }

        impl Replicas {
            fn pids(&self) -> Vec<String> {
                self.children.iter().map(|c| c.id().to_string()).collect()
            }

            fn signal(&self, signal: &str) {
                for pid in self.pids() {
                    let _ = Command::new("kill").args([signal, &pid]).status();
                }
            }

            /// Panics with the log of a replica that exited.
            fn check_alive(&mut self) {
                for (i, child) in self.children.iter_mut().enumerate() {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!(
                            "replica {i} exited ({status}); the end of {}:\n{}",
                            self.logs[i].display(),
                            tail(&self.logs[i])
                        );
                    }
                }
            }

            fn cpu_ticks(&self) -> u64 {
                self.pids().iter().map(|p| proc::cpu_ticks(p)).sum()
            }

            /// SIGTERM, then up to 30 s for each to stop (the guard kills
            /// the rest).
            fn stop(mut self) {
                self.signal("-TERM");
                let deadline = Instant::now() + Duration::from_secs(30);
                for child in &mut self.children {
                    while Instant::now() < deadline {
                        if let Ok(Some(_)) = child.try_wait() {
                            break;
                        }
                        std::thread::sleep(WAIT_STEP);
                    }
                }
            }
        }

        fn tail(log: &Path) -> String {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(30)..].join("\n")
        }

        fn feedwatch_exe() -> PathBuf {
            if let Some(path) = std::env::var_os("FEED_FARM_FEEDWATCH") {
                return PathBuf::from(path);
            }
            if let Some(path) = option_env!("CARGO_BIN_EXE_feedwatch") {
                return PathBuf::from(path);
            }
            // target/release/deps/feed_farm-HASH -> target/release/feedwatch
            std::env::current_exe()
                .ok()
                .and_then(|exe| Some(exe.parent()?.parent()?.join("feedwatch")))
                .expect("set FEED_FARM_FEEDWATCH to the feedwatch executable")
        }

        /// The database the daemons share, as this process reads and
        /// schedules it. Statements are written once, with `$1`, `$2`
        /// parameters (all integers), in SQL both backends read.
        pub(crate) enum Db {
            Postgres(Box<Client>),
            Sqlite(PathBuf),
        }

        impl Db {
            pub(crate) fn postgres(url: &str) -> Db {
                Db::Postgres(Box::new(connect(url)))
            }

            fn sqlite(path: &Path) -> rusqlite::Connection {
                let conn = rusqlite::Connection::open(path)
                    .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
                // The daemon writes all the time: wait for its transactions.
                conn.busy_timeout(Duration::from_secs(30))
                    .expect("set a busy timeout");
                conn
            }

            fn count(&mut self, sql: &str, params: &[i64]) -> i64 {
                match self {
                    Db::Postgres(client) => client
                        .query_one(sql, &pg_params(params))
                        .unwrap_or_else(|e| panic!("{sql}: {e}"))
                        .get(0),
                    Db::Sqlite(path) => Self::sqlite(path)
                        .query_row(sql, named(params).as_slice(), |row| row.get(0))
                        .unwrap_or_else(|e| panic!("{sql}: {e}")),
                }
            }

            fn count2(&mut self, sql: &str, params: &[i64]) -> (i64, i64) {
                match self {
                    Db::Postgres(client) => {
                        let row = client
                            .query_one(sql, &pg_params(params))
                            .unwrap_or_else(|e| panic!("{sql}: {e}"));
                        (row.get(0), row.get(1))
                    }
                    Db::Sqlite(path) => Self::sqlite(path)
                        .query_row(sql, named(params).as_slice(), |row| {
                            Ok((row.get(0)?, row.get(1)?))
                        })
                        .unwrap_or_else(|e| panic!("{sql}: {e}")),
                }
            }

            fn execute(&mut self, sql: &str, params: &[i64]) {
                match self {
                    Db::Postgres(client) => {
                        client
                            .execute(sql, &pg_params(params))
                            .unwrap_or_else(|e| panic!("{sql}: {e}"));
                    }
                    Db::Sqlite(path) => {
                        Self::sqlite(path)
                            .execute(sql, named(params).as_slice())
                            .unwrap_or_else(|e| panic!("{sql}: {e}"));
                    }
                }
            }

            /// Bytes the stored state takes: PostgreSQL's tables with their
            /// indexes and TOAST; SQLite's file and WAL.
            fn bytes(&mut self) -> i64 {
                match self {
                    Db::Postgres(client) => tables_bytes(client),
                    // The pages in use as of the last commit (the WAL's
                    // included), not the files' sizes: the WAL is a journal
                    // reused after each checkpoint, up to about 40 MB, so
                    // file plus WAL counted it as growth once.
                    Db::Sqlite(path) => Self::sqlite(path)
                        .query_row(
                            "SELECT (p.page_count - f.freelist_count) * s.page_size
                             FROM pragma_page_count() p, pragma_freelist_count() f,
                                  pragma_page_size() s",
                            [],
                            |row| row.get(0),
                        )
                        .unwrap_or_else(|e| panic!("pages in use: {e}")),
                }
            }

            /// The whole database's size and its largest tables, for the
            /// report.
            fn sizes(&mut self) -> (i64, Vec<String>) {
                match self {
                    Db::Postgres(client) => {
                        let database: i64 = client
                            .query_one("SELECT pg_database_size(current_database())", &[])
                            .expect("database size")
                            .get(0);
                        let tables = client
                            .query(
                                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
                                 JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE n.nspname = 'public' AND c.relkind = 'r'
                                 ORDER BY 2 DESC LIMIT 6",
                                &[],
                            )
                            .expect("table sizes")
                            .iter()
                            .map(|r| {
                                format!(
                                    "{} {} kB",
                                    r.get::<_, String>(0),
                                    r.get::<_, i64>(1) / 1024
                                )
                            })
                            .collect();
                        (database, tables)
                    }
                    Db::Sqlite(path) => {
                        let (db, wal) = super::db_bytes(path);
                        (
                            i64::try_from(db + wal).unwrap_or(i64::MAX),
                            vec![format!("file {} kB + WAL {} kB", db / 1024, wal / 1024)],
                        )
                    }
                }
            }

            /// The local PostgreSQL server's postmaster (none for SQLite).
            fn postmaster(&mut self) -> Option<String> {
                match self {
                    Db::Postgres(client) => postmaster(client),
                    Db::Sqlite(_) => None,
                }
            }

            /// Whether the database holds no feedwatch state yet.
            fn is_empty(&mut self) -> bool {
                match self {
                    Db::Postgres(client) => {
                        let tables: i64 = client
                            .query_one(
                                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'",
                                &[],
                            )
                            .expect("list the tables")
                            .get(0);
                        tables == 0
                    }
                    Db::Sqlite(path) => !path.exists(),
                }
            }
        }

        fn pg_params(params: &[i64]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
            params
                .iter()
                .map(|p| p as &(dyn postgres::types::ToSql + Sync))
                .collect()
        }

        /// `$1`, `$2`, ... bound by name: SQLite numbers parameters in the
        /// order they first appear, which need not be theirs.
        fn named(params: &[i64]) -> Vec<(&'static str, &dyn rusqlite::ToSql)> {
            const NAMES: [&str; 3] = ["$1", "$2", "$3"];
            assert!(params.len() <= NAMES.len(), "at most 3 parameters");
            NAMES
                .iter()
                .zip(params)
                .map(|(n, p)| (*n, p as &dyn rusqlite::ToSql))
                .collect()
        }

        fn connect(url: &str) -> Client {
            let mut config: postgres::Config = url
                .parse()
                .unwrap_or_else(|e| panic!("FEED_FARM_POSTGRES {url:?}: {e}"));
            if let Ok(file) = std::env::var("FEED_FARM_PG_PASSWORD_FILE") {
                let password = std::fs::read_to_string(&file)
                    .unwrap_or_else(|e| panic!("FEED_FARM_PG_PASSWORD_FILE {file}: {e}"));
                config.password(password.trim_end_matches(['\r', '\n']));
            }
            config
                .connect(NoTls)
                .unwrap_or_else(|e| panic!("connect to {url}: {e}"))
        }

        /// The local server's postmaster, if the server runs on this machine.
        fn postmaster(client: &mut Client) -> Option<String> {
            let backend: i32 = client
                .query_one("SELECT pg_backend_pid()", &[])
                .ok()?
                .get(0);
            let comm = std::fs::read_to_string(format!("/proc/{backend}/comm")).ok()?;
            if !comm.starts_with("postgres") {
                return None;
            }
            let [ppid] = proc::stat_fields(&backend.to_string(), [4]);
            Some(ppid.to_string())
        }

        /// The server's CPU so far: the postmaster's own and its reaped
        /// children's, plus its live children's.
        fn server_ticks(postmaster: &str) -> u64 {
            let mut total: u64 = proc::stat_fields(postmaster, [14, 15, 16, 17]).iter().sum();
            let parent: u64 = postmaster.parse().unwrap_or(0);
            for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                let name = entry.file_name();
                let Some(pid) = name
                    .to_str()
                    .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
                else {
                    continue;
                };
                if proc::stat_fields(pid, [4])[0] == parent {
                    total += proc::cpu_ticks(pid);
                }
            }
            total
        }

        /// Bytes of every table of the public schema, indexes and TOAST included.
        fn tables_bytes(client: &mut Client) -> i64 {
            client
                .query_one(
                    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::BIGINT FROM pg_class c
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind = 'r'",
                    &[],
                )
                .expect("table sizes")
                .get(0)
        }

        fn now_ms() -> i64 {
            chrono::Utc::now().timestamp_millis()
        }

        struct Phase {
            label: String,
            polled: i64,
            wall: Duration,
            cpu: f64,
            server_cpu: Option<f64>,
            peak_kb: Vec<u64>,
            full: u64,
            not_modified: u64,
            hooks: u64,
            farm_cpu: f64,
            new_items: i64,
            alerts: i64,
            dropped: i64,
        }

        /// Makes feeds due (`due_sql`, with the phase's start as $1), has every
        /// replica claim at once, and waits until every feed was polled at or
        /// after `done_since` and no delivery is pending.
        #[allow(clippy::too_many_arguments)]
        fn phase(
            client: &mut Db,
            farm: &mut FarmGuard,
            replicas: &mut Replicas,
            server: Option<&str>,
            label: &str,
            due_sql: &str,
            first: bool,
            tck: f64,
        ) -> Phase {
            let items0 = client.count("SELECT COUNT(*) FROM items", &[]);
            let alerts0 = client.count("SELECT COUNT(*) FROM alerts", &[]);
            let before = farm.stats();
            for pid in replicas.pids() {
                proc::reset_peak_of(&pid);
            }
            let server0 = server.map(server_ticks);
            let cpu0 = replicas.cpu_ticks();
            let (t0, started) = (now_ms(), Instant::now());
            client.execute(due_sql, &[t0]);
            replicas.signal("-USR1");
            // (a) waits for a first poll of every feed, (b) for a poll since t0.
            let done_since = if first { 0 } else { t0 };
            // A poll whose transaction failed (the replica logs why) is not
            // recorded, and its feed waits one interval: such feeds, not
            // leased and due more than a minute after the phase began, are
            // counted as dropped instead of waited for.
            let later = t0 + 60_000;
            let dropped = loop {
                let (left, dropped) = client.count2(
                    "SELECT COUNT(*), COUNT(*) FILTER (WHERE lease_owner IS NULL AND next_poll_at > $2)
                     FROM feeds WHERE last_polled_at IS NULL OR last_polled_at < $1",
                    &[done_since, later],
                );
                let pending = client.count(
                    "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'",
                    &[],
                );
                if left == dropped && pending == 0 {
                    break dropped;
                }
                replicas.check_alive();
                assert!(
                    started.elapsed() < PHASE_TIMEOUT,
                    "{label}: {left} feeds not polled and {pending} deliveries pending after {PHASE_TIMEOUT:?}"
                );
                std::thread::sleep(WAIT_STEP);
            };
            let wall = started.elapsed();
            let cpu = (replicas.cpu_ticks() - cpu0) as f64 / tck;
            let server_cpu = server
                .zip(server0)
                .map(|(s, t)| (server_ticks(s) - t) as f64 / tck);
            let peak_kb = replicas
                .pids()
                .iter()
                .map(|p| proc::status_kb_of(p, "VmHWM"))
                .collect();
            let after = farm.stats();
            let polled = client.count(
                "SELECT COUNT(*) FROM feeds WHERE last_polled_at >= $1",
                &[t0],
            );
            let p = Phase {
                label: label.to_string(),
                polled,
                wall,
                cpu,
                server_cpu,
                peak_kb,
                full: after.full - before.full,
                not_modified: after.not_modified - before.not_modified,
                hooks: after.hooks - before.hooks,
                farm_cpu: (after.cpu_ticks - before.cpu_ticks) as f64 / tck,
                new_items: client.count("SELECT COUNT(*) FROM items", &[]) - items0,
                alerts: client.count("SELECT COUNT(*) FROM alerts", &[]) - alerts0,
                dropped,
            };
            println!(
                "{label}: {} feeds polled ({dropped} dropped) in {:.2} s, replicas' CPU {:.2} s ({:.2} ms/feed), server CPU {}",
                p.polled,
                wall.as_secs_f64(),
                cpu,
                1000.0 * cpu / p.polled.max(1) as f64,
                p.server_cpu
                    .map_or("n/a".to_string(), |c| format!("{c:.2} s")),
            );
            p
        }

        pub(crate) fn run(
            farm: &mut FarmGuard,
            config: &str,
            dir: &Path,
            mut client: Db,
            n: usize,
            feeds: usize,
            tck: f64,
        ) {
            assert!(
                client.is_empty(),
                "the database of FEED_FARM_POSTGRES must be empty"
            );
            let server = client.postmaster();
            // No HTTP server (every replica would want 127.0.0.1:8080), as
            // in the in-process modes.
            let config = format!("{config}\n[http]\nlisten = \"off\"\n");
            let path = dir.join("feedwatch.toml");
            std::fs::write(&path, &config).expect("write the replicas' config");
            // Migrations and the feeds' rows, made in this process (a daemon
            // started, not run): the replicas then start with every feed
            // scheduled an hour ahead, so none polls before phase (a).
            let started = Instant::now();
            {
                let rt = feedwatch::daemon::runtime().expect("runtime");
                let parsed = Config::parse(&config, &path).expect("the generated config is valid");
                let daemon = rt
                    .block_on(Daemon::start(parsed, Clock::System))
                    .expect("migrate and register the feeds");
                rt.block_on(daemon.retire())
                    .expect("retire the registering process");
            }
            let later = now_ms() + 3_600_000;
            client.execute("UPDATE feeds SET next_poll_at = $1", &[later]);
            println!(
                "schema and {feeds} feeds registered in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            let exe = feedwatch_exe();
            let cpus = std::env::var("FEED_FARM_REPLICA_CPUS").ok();
            let rounds = env_usize("FEED_FARM_STEADY_ROUNDS", 2);
            println!(
                "replicas: {n} x {} run{}; server CPU {}",
                exe.display(),
                cpus.as_deref()
                    .map_or(String::new(), |c| format!(", pinned to CPUs {c}")),
                server.as_deref().map_or(
                    "not measured (not on this machine)".to_string(),
                    |p| format!("measured (postmaster pid {p})")
                ),
            );
            let started = Instant::now();
            let mut replicas = Replicas {
                children: Vec::new(),
                logs: Vec::new(),
            };
            for i in 0..n {
                let log = dir.join(format!("replica-{i}.log"));
                let file = std::fs::File::create(&log).expect("create a replica log");
                let mut command = match &cpus {
                    Some(cpus) => {
                        let mut c = Command::new("taskset");
                        c.args(["-c", cpus]).arg(&exe);
                        c
                    }
                    None => Command::new(&exe),
                };
                let child = command
                    // Quiet polls, as in the in-process modes (no log line a
                    // poll), but the start-up line this bench waits for.
                    .args([
                        "run",
                        "--log-format",
                        "text",
                        "--log-level",
                        "warn,feedwatch::daemon=info,feedwatch::daemon::poll=warn",
                        "--config",
                    ])
                    .arg(&path)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(file)
                    .spawn()
                    .unwrap_or_else(|e| panic!("start {}: {e}", exe.display()));
                replicas.children.push(child);
                replicas.logs.push(log);
            }
            // Running: each has written its start-up schedule.
            loop {
                let running = replicas
                    .logs
                    .iter()
                    .filter(|l| {
                        std::fs::read_to_string(l).is_ok_and(|t| t.contains("feedwatch running"))
                    })
                    .count();
                if running == n {
                    break;
                }
                replicas.check_alive();
                assert!(
                    started.elapsed() < START_TIMEOUT,
                    "{running} of {n} replicas running after {START_TIMEOUT:?}"
                );
                std::thread::sleep(WAIT_STEP);
            }
            let early = client.count(
                "SELECT COUNT(*) FROM feeds WHERE last_polled_at IS NOT NULL",
                &[],
            );
            let rss_start: Vec<u64> = replicas
                .pids()
                .iter()
                .map(|p| proc::status_kb_of(p, "VmRSS") / 1024)
                .collect();
            println!(
                "{n} replicas running after {:.1} s ({early} feeds polled already), RSS {rss_start:?} MB, CPU {:.2} s",
                started.elapsed().as_secs_f64(),
                replicas.cpu_ticks() as f64 / tck
            );
            let bytes0 = client.bytes();
            let items0 = client.count("SELECT COUNT(*) FROM items", &[]);
            let mut phases = vec![phase(
                &mut client,
                farm,
                &mut replicas,
                server.as_deref(),
                "(a) first poll",
                "UPDATE feeds SET next_poll_at = $1 WHERE last_polled_at IS NULL",
                true,
                tck,
            )];
            let bytes1 = client.bytes();
            let items1 = client.count("SELECT COUNT(*) FROM items", &[]);
            let (database, tables) = client.sizes();
            let mut changed = Vec::new();
            for round in 0..rounds {
                changed.push(farm.command("advance"));
                phases.push(phase(
                    &mut client,
                    farm,
                    &mut replicas,
                    server.as_deref(),
                    &format!("(b{}) steady, 10% changed", round + 1),
                    "UPDATE feeds SET next_poll_at = $1",
                    false,
                    tck,
                ));
            }
            replicas.check_alive();
            let logs = replicas.logs.clone();
            replicas.stop();

            println!();
            println!(
                "| phase | replicas | feeds polled | wall (s) | CPU (s) | ms/feed | peak RSS per replica (MB) | server CPU (s) | 200 / 304 served | new items | alerts / delivered | farm CPU (s) |"
            );
            println!("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
            for p in &phases {
                let peaks: Vec<String> = p
                    .peak_kb
                    .iter()
                    .map(|k| k.div_ceil(1024).to_string())
                    .collect();
                println!(
                    "| {} | {n} | {} | {:.2} | {:.2} | {:.2} | {} | {} | {} / {} | {} | {} / {} | {:.2} |",
                    p.label,
                    p.polled,
                    p.wall.as_secs_f64(),
                    p.cpu,
                    1000.0 * p.cpu / p.polled.max(1) as f64,
                    peaks.join(", "),
                    p.server_cpu
                        .map_or("n/a".to_string(), |c| format!("{c:.2}")),
                    p.full,
                    p.not_modified,
                    p.new_items,
                    p.alerts,
                    p.hooks,
                    p.farm_cpu,
                );
            }
            println!();
            let stored = (items1 - items0).max(1);
            println!(
                "database growth over (a): {} items stored, tables (with indexes and TOAST; SQLite: pages in use) {bytes0} -> {bytes1} bytes = {:.0} bytes/item; database {database} bytes; largest: {}",
                items1 - items0,
                (bytes1 - bytes0) as f64 / stored as f64,
                tables.join(", ")
            );
            println!("farm advances: {}", changed.join(", "));
            for p in &phases {
                if p.polled != feeds as i64 {
                    println!(
                        "NOTE {}: {} of {feeds} feeds polled within the phase, {} polls dropped (not recorded: see the warnings below)",
                        p.label, p.polled, p.dropped
                    );
                }
            }
            for log in &logs {
                let text = std::fs::read_to_string(log).unwrap_or_default();
                let problems: Vec<&str> = text
                    .lines()
                    .filter(|l| l.contains(" WARN ") || l.contains(" ERROR "))
                    .collect();
                if !problems.is_empty() {
                    println!(
                        "WARNING: {} warnings or errors in {}, the first:\n{}",
                        problems.len(),
                        log.display(),
                        problems[..problems.len().min(10)].join("\n")
                    );
                }
            }
        }
    }
}
