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
//! `FEED_FARM_POSTGRES=postgres://...` (with `FEED_FARM_PG_PASSWORD_FILE`)
//! measures PostgreSQL instead of SQLite; the database must be empty.

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
        // Old enough that the newest item of any generation is in the past.
        let base = (now - (items as i64 + 1_000) * ITEM_SPACING_SECS) / 3600 * 3600;
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
    /// utime + stime of a process (`"self"` or a pid), in clock ticks.
    pub(crate) fn cpu_ticks(pid: &str) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Fields after the command name (which may contain spaces): state is
        // field 3, utime 14 and stime 15.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |n: usize| {
            fields
                .get(n - 3)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        field(14) + field(15)
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
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// Resets VmHWM to the current RSS, so the next reading is this phase's peak.
    pub(crate) fn reset_peak() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
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

        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("feedwatch.db");
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
}
