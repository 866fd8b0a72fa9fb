//! Memory on hostile feeds: one `feedwatch run --once` over a gzip bomb, an
//! endless body, a 50,000-item feed, a huge title, a trickling server and a
//! redirect loop stays under a peak RSS bound, read from the child's
//! `/proc/PID/status` (VmHWM, the high-water mark) while it runs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::*;

/// Peak RSS bound for the hostile poll, in KiB. Measured with the debug
/// binary: 98 to 113 MiB (over 1 GiB before the caps, most of it for the
/// 15 MB title). The bound leaves a margin for other machines and allocator
/// moods, and still fails on the old behaviour by far.
const PEAK_RSS_BOUND_KIB: u64 = 160 * 1024;

/// Items in the flood feed: more than `feed::MAX_ENTRIES`.
const FLOOD_ITEMS: usize = 50_000;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn item(i: usize, title: &str) -> String {
    format!(
        "<item><guid>flood-{i}</guid><title>{title}</title><link>https://flood.example/{i}</link>\
         <description>&lt;p&gt;Item {i}: the Pentagon and NATO discuss a contract with an AI lab, \
         with &lt;b&gt;markup&lt;/b&gt; and &lt;a href=\"/{i}\"&gt;a link&lt;/a&gt;.&lt;/p&gt;</description></item>\n"
    )
}

const HEAD: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>hostile</title>\n";
const TAIL: &str = "</channel></rss>\n";

/// The hostile bodies, built once before the server starts.
struct Bodies {
    bomb: Vec<u8>,
    flood: Vec<u8>,
    huge_title: Vec<u8>,
}

fn bodies() -> Bodies {
    let mut bomb = HEAD.as_bytes().to_vec();
    bomb.extend(item(0, "bomb").as_bytes());
    bomb.extend(std::iter::repeat_n(b' ', 24 * 1024 * 1024));
    bomb.extend(TAIL.as_bytes());
    let bomb = gzip(&bomb);
    let mut flood = String::from(HEAD);
    for i in 0..FLOOD_ITEMS {
        flood.push_str(&item(i, &format!("Flood item {i} about NATO")));
    }
    flood.push_str(TAIL);
    // A title just under the 16 MiB body cap: words, so matching and story
    // features have something to chew on.
    let words = "NATO Pentagon OpenAI contract deal lorem ipsum dolor sit amet ";
    let title = words.repeat(15 * 1024 * 1024 / words.len());
    let huge_title = format!("{HEAD}{}{TAIL}", item(900_000, &title));
    Bodies {
        bomb,
        flood: flood.into_bytes(),
        huge_title: huge_title.into_bytes(),
    }
}

/// A raw HTTP/1.1 server: each connection reads one request and answers by
/// path, streaming where the hostility needs it.
async fn hostile_server(bodies: std::sync::Arc<Bodies>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let bodies = std::sync::Arc::clone(&bodies);
            tokio::spawn(async move {
                let _ = answer(stream, &bodies).await;
            });
        }
    });
    format!("http://{addr}")
}

async fn answer(mut stream: TcpStream, bodies: &Bodies) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 || request.len() > 64 * 1024 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&request);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    let head = |extra: &str, len: Option<usize>| {
        let len = len
            .map(|l| format!("content-length: {l}\r\n"))
            .unwrap_or_default();
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml\r\nconnection: close\r\n{extra}{len}\r\n"
        )
    };
    match path.as_str() {
        "/bomb.xml" => {
            stream
                .write_all(head("content-encoding: gzip\r\n", Some(bodies.bomb.len())).as_bytes())
                .await?;
            stream.write_all(&bodies.bomb).await?;
        }
        "/flood.xml" => {
            stream
                .write_all(head("", Some(bodies.flood.len())).as_bytes())
                .await?;
            stream.write_all(&bodies.flood).await?;
        }
        "/title.xml" => {
            stream
                .write_all(head("", Some(bodies.huge_title.len())).as_bytes())
                .await?;
            stream.write_all(&bodies.huge_title).await?;
        }
        "/endless.xml" => {
            // No length: items until the client hangs up (bounded at 256 MiB).
            stream.write_all(head("", None).as_bytes()).await?;
            stream.write_all(HEAD.as_bytes()).await?;
            let chunk = item(7, "endless").repeat(256);
            let mut sent = 0;
            while sent < 256 * 1024 * 1024 {
                stream.write_all(chunk.as_bytes()).await?;
                sent += chunk.len();
            }
        }
        "/slow.xml" => {
            // A byte every 100 ms, for at most 20 s: the fetch timeout ends it.
            stream
                .write_all(head("", Some(1_000_000)).as_bytes())
                .await?;
            for _ in 0..200 {
                stream.write_all(b" ").await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        "/loop-a.xml" | "/loop-b.xml" => {
            let to = if path == "/loop-a.xml" {
                "/loop-b.xml"
            } else {
                "/loop-a.xml"
            };
            stream
                .write_all(
                    format!("HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                        .as_bytes(),
                )
                .await?;
        }
        _ => {
            stream
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .await?;
        }
    }
    stream.shutdown().await
}

/// VmHWM of a running process, in KiB (`None` once it has exited).
fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs `feedwatch run --once` and returns (peak RSS in KiB, stderr), polling
/// VmHWM every few milliseconds until the process exits.
fn run_once_measuring(config: &Path) -> (u64, String) {
    // FEEDWATCH_MEMTEST_BIN measures another build (the release binary for
    // the README's figure); the test itself runs the debug one.
    let bin = std::env::var("FEEDWATCH_MEMTEST_BIN").unwrap_or_else(|_| binary().to_string());
    let mut child = Command::new(bin)
        .args(["run", "--once", "--config"])
        .arg(config)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn feedwatch");
    let pid = child.id();
    // Drain stderr on a thread so the child never blocks on a full pipe.
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = vm_hwm_kib(pid) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = reader.join().expect("stderr reader");
            panic!("run --once did not finish within 120 s (peak so far {peak} KiB)\n{stderr}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stderr = reader.join().expect("stderr reader");
    assert!(status.success(), "run --once failed: {status:?}\n{stderr}");
    (peak, stderr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_poll_over_hostile_feeds_stays_under_the_memory_bound() {
    let bodies = tokio::task::spawn_blocking(bodies).await.expect("bodies");
    let base = hostile_server(std::sync::Arc::new(bodies)).await;
    let ws = Workspace::new();
    let mut text = String::from(
        "[storage]\npath = \"fw.db\"\n\n[fetch]\ntimeout = \"10s\"\n\n\
         [[topic]]\nname = \"defense\"\nquery = 'lorem AND ipsum AND NATO'\nnotify = [\"out\"]\n\n\
         [[sink]]\nname = \"out\"\ntype = \"stdout\"\n\n",
    );
    // MEMTEST_ONLY=flood,title polls only those feeds (to see what each costs).
    let only = std::env::var("MEMTEST_ONLY").unwrap_or_default();
    for name in ["bomb", "flood", "title", "endless", "slow", "loop-a"] {
        if !only.is_empty() && !only.split(',').any(|o| o == name) {
            continue;
        }
        text.push_str(&format!(
            "[[feed]]\nname = \"{name}\"\nurl = \"{base}/{name}.xml\"\nbackfill = \"all\"\n\n"
        ));
    }
    let config = ws.config(&text);
    let (peak_kib, stderr) = tokio::task::spawn_blocking(move || run_once_measuring(&config))
        .await
        .expect("join");
    eprintln!("hostile poll: peak RSS {} MiB", peak_kib / 1024);
    assert!(peak_kib > 0, "VmHWM was never read\n{stderr}");
    // The poll really happened: the flood and the huge title were stored,
    // cut to their caps; the others failed for the reason each was built for.
    if only.is_empty() {
        let conn = rusqlite::Connection::open(ws.path("fw.db")).expect("open db");
        let count = |feed: &str| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.name = ?1",
                [feed],
                |r| r.get(0),
            )
            .expect("count items")
        };
        assert_eq!(
            count("flood"),
            feedwatch::feed::MAX_ENTRIES as i64,
            "{stderr}"
        );
        assert_eq!(count("title"), 1, "{stderr}");
        let title_len: i64 = conn
            .query_row(
                "SELECT length(CAST(i.title AS BLOB)) FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.name = 'title'",
                [],
                |r| r.get(0),
            )
            .expect("title length");
        assert!(
            title_len > 0 && title_len as usize <= feedwatch::feed::MAX_TITLE_BYTES,
            "{title_len}"
        );
        for (feed, reason) in [
            ("bomb", "byte cap"),
            ("endless", "byte cap"),
            ("slow", "timed out"),
            ("loop-a", "redirect loop"),
        ] {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains(&format!("feed={feed} ")) && l.contains(reason)),
                "{feed} did not fail with {reason}\n{stderr}"
            );
        }
    }
    assert!(
        peak_kib <= PEAK_RSS_BOUND_KIB,
        "peak RSS {} KiB exceeds {} KiB\n{stderr}",
        peak_kib,
        PEAK_RSS_BOUND_KIB
    );
}
