//! Benchmark of story assignment: items/s and index memory with 10,000,
//! 100,000 and 1,000,000 items in the window.
//!
//! Run with `cargo bench --bench stories` (release profile, one thread).
//! `STORIES_SIZES=10000,100000` picks the window sizes, `STORIES_MEASURED`
//! the number of timed items per size (default 50,000).
//! `STORIES_SUPPORT=0` turns off joining on several members' support
//! (`StoryConfig::support_floor`), to measure what it costs.
//!
//! Everything is generated from a fixed seed (no network, no files):
//! - **Vocabulary.** 40,000 pseudo-words with Zipf-distributed frequencies
//!   (exponent 1.0) and 200,000 names (capitalised pseudo-words, one in ten
//!   an acronym) with a Zipf exponent of 1.1, so a few names ("Pentagon",
//!   "OpenAI") are everywhere and most are rare; English function words
//!   make up about 40% of running text.
//! - **Events.** A story is an event: 3 names, 5 topical words and an
//!   amount. Each item of an event is written anew: a title of 7 to 12
//!   words and a summary of two sentences (30 to 45 words), mixing some of
//!   the event's names and words, the amount in one of several forms
//!   ("$240 million", "$240m", "240 million dollars"), everyday words and
//!   function words. About 20% of items report an event already in the
//!   window (one of the 2,000 most recent), the rest start a new one.
//! - **Window.** The index is first filled with N items spread evenly over
//!   the 72-hour window (not timed), then the next items are timed at the
//!   same rate, so every insert also evicts about one item and N stays put.
//! - **Measured:** items/s for feature extraction alone, for
//!   `StoryIndex::add` (assign + insert, features extracted beforehand)
//!   alone, and for both, by wall time and by the process's CPU time (the
//!   reference machine is shared: CPU time is what one core can do); the
//!   index's `memory_bytes()` and distinct terms; the growth of RSS while
//!   the index is filled (the index plus the allocator's overhead, plus the
//!   bench's own map of events, about 30 bytes per item); peak RSS (VmHWM,
//!   reset before each size; it also holds the timed items' texts and
//!   features); and how the timed items were assigned (joins of the right
//!   story, wrong joins, missed joins) as a sanity check. The generated
//!   text is word salad, so those counts say little about accuracy: that
//!   is `tests/stories.rs`'s job.

use feedwatch::stories::{Features, StoryConfig, StoryIndex};
use std::hint::black_box;
use std::time::{Duration, Instant};

const WINDOW_MS: i64 = 72 * 3_600_000;
const WORDS: usize = 40_000;
const NAMES: usize = 200_000;
const RECENT_EVENTS: usize = 2_000;
const JOIN_SHARE: f64 = 0.2;

const FUNCTION: &[&str] = &[
    "the", "of", "to", "and", "a", "in", "for", "on", "is", "that", "with", "said", "as", "at",
    "by", "it", "from", "was", "has", "will", "its", "have", "be", "are", "an", "after", "but",
    "their", "not", "this", "who", "been", "more", "which", "were", "would", "than", "over",
    "about", "into", "also", "up", "could", "new", "they", "out", "when", "amid", "while", "says",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ten", "vor", "dis", "an", "bel", "cor", "de", "fi", "gan", "hu", "is",
    "jo", "ler", "mon", "nu", "or", "pri", "qua", "ros", "sen", "tu", "ul", "ve", "wen", "xi",
    "yo", "zer", "tri", "pla", "gro", "ster", "ment", "tion", "al", "ic", "er",
];

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// Samples ranks 0..n with probability proportional to 1 / (rank + 1)^s.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c < x)
            .min(self.cumulative.len() - 1)
    }
}

struct World {
    words: Vec<String>,
    names: Vec<String>,
    word_zipf: Zipf,
    name_zipf: Zipf,
}

fn pseudo_word(rng: &mut Rng, syllables: usize) -> String {
    (0..syllables)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}

impl World {
    fn new(rng: &mut Rng) -> World {
        let mut seen = std::collections::HashSet::new();
        let mut unique = |rng: &mut Rng, min: usize, max: usize| loop {
            let syllables = rng.range(min, max);
            let w = pseudo_word(rng, syllables);
            if seen.insert(w.clone()) {
                return w;
            }
        };
        let words = (0..WORDS).map(|_| unique(rng, 2, 4)).collect();
        let names = (0..NAMES)
            .map(|i| {
                let w = unique(rng, 2, 4);
                if i % 10 == 3 {
                    // An acronym ("KALO").
                    w.chars().take(4).collect::<String>().to_uppercase()
                } else {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                }
            })
            .collect();
        World {
            words,
            names,
            word_zipf: Zipf::new(WORDS, 1.0),
            name_zipf: Zipf::new(NAMES, 1.1),
        }
    }
}

#[derive(Clone)]
struct Event {
    id: usize,
    names: [usize; 3],
    words: [usize; 5],
    amount: u32,
}

fn new_event(world: &World, rng: &mut Rng, id: usize) -> Event {
    // Topical words come from the middle and tail of the vocabulary.
    let topical = |rng: &mut Rng| 200 + world.word_zipf.sample(rng) % (WORDS - 200);
    Event {
        id,
        names: [
            world.name_zipf.sample(rng),
            world.name_zipf.sample(rng),
            world.name_zipf.sample(rng),
        ],
        words: [
            topical(rng),
            topical(rng),
            topical(rng),
            topical(rng),
            topical(rng),
        ],
        amount: (rng.range(2, 999)) as u32,
    }
}

struct Text {
    title: String,
    summary: String,
    event: usize,
}

fn write_item(world: &World, rng: &mut Rng, e: &Event) -> Text {
    let mut title: Vec<String> = Vec::new();
    let n_title = rng.range(7, 12);
    let mut event_terms = 0;
    while title.len() < n_title {
        let r = rng.unit();
        if r < 0.3 {
            title.push(FUNCTION[rng.below(FUNCTION.len())].to_string());
        } else if r < 0.5 && event_terms < 4 {
            event_terms += 1;
            title.push(world.names[e.names[rng.below(3)]].clone());
        } else if r < 0.7 && event_terms < 5 {
            event_terms += 1;
            title.push(world.words[e.words[rng.below(5)]].clone());
        } else {
            title.push(world.words[world.word_zipf.sample(rng)].clone());
        }
    }
    let mut summary: Vec<String> = Vec::new();
    let n_summary = rng.range(30, 45);
    let amount_at = rng.range(5, 25);
    while summary.len() < n_summary {
        if summary.len() == amount_at {
            summary.push(match rng.below(3) {
                0 => format!("${} million", e.amount),
                1 => format!("${}m", e.amount),
                _ => format!("{} million dollars", e.amount),
            });
            continue;
        }
        let r = rng.unit();
        if r < 0.4 {
            summary.push(FUNCTION[rng.below(FUNCTION.len())].to_string());
        } else if r < 0.5 {
            summary.push(world.names[e.names[rng.below(3)]].clone());
        } else if r < 0.62 {
            summary.push(world.words[e.words[rng.below(5)]].clone());
        } else if r < 0.66 {
            summary.push(world.names[world.name_zipf.sample(rng)].clone());
        } else {
            summary.push(world.words[world.word_zipf.sample(rng)].clone());
        }
        if summary.len() == n_summary / 2 {
            if let Some(last) = summary.last_mut() {
                last.push('.');
            }
            summary.push("The".to_string());
        }
    }
    let mut title = title.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + title.get(1..).unwrap_or("");
    }
    Text {
        title,
        summary: summary.join(" ") + ".",
        event: e.id,
    }
}

/// Generates items: about `JOIN_SHARE` of them report a recent event.
struct Stream {
    rng: Rng,
    events: Vec<Event>,
    next_event: usize,
}

impl Stream {
    fn next(&mut self, world: &World) -> Text {
        let rejoin = self.events.len() > 10 && self.rng.unit() < JOIN_SHARE;
        let event = if rejoin {
            let recent = self.events.len().min(RECENT_EVENTS);
            let i = self.events.len() - 1 - self.rng.below(recent);
            self.events[i].clone()
        } else {
            let e = new_event(world, &mut self.rng, self.next_event);
            self.next_event += 1;
            self.events.push(e.clone());
            if self.events.len() > 4 * RECENT_EVENTS {
                self.events.drain(..2 * RECENT_EVENTS);
            }
            e
        };
        write_item(world, &mut self.rng, &event)
    }
}

mod proc {
    pub(crate) fn status_kb(key: &str) -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// CPU seconds (user + system) of this process, from /proc/self/stat.
    pub(crate) fn cpu_seconds() -> f64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // Fields after the command name, which is in parentheses.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
        (ticks(11) + ticks(12)) / 100.0
    }

    pub(crate) fn reset_peak() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }
}

struct Outcome {
    size: usize,
    fill: Duration,
    extract: Duration,
    assign: Duration,
    extract_cpu: f64,
    assign_cpu: f64,
    measured: usize,
    memory: usize,
    terms: usize,
    peak_kb: u64,
    rss_fill_kb: u64,
    right_joins: usize,
    wrong_joins: usize,
    missed_joins: usize,
    joins_expected: usize,
}

fn run_size(world: &World, size: usize, measured: usize) -> Outcome {
    let reset = proc::reset_peak();
    let step = (WINDOW_MS / size as i64).max(1);
    let mut stream = Stream {
        rng: Rng(0x5EED_0000 + size as u64),
        events: Vec::new(),
        next_event: 0,
    };
    let mut index = StoryIndex::new(config());
    // Story ids are event ids + 1 for the first item of an event in the
    // index (the engine's choice is followed, as the pipeline would).
    let mut story_of_event: std::collections::HashMap<usize, i64> = Default::default();
    let rss_before_kb = proc::status_kb("VmRSS");
    let fill_start = Instant::now();
    for k in 0..size {
        let text = stream.next(world);
        let at = k as i64 * step;
        let features = Features::extract(&text.title, &text.summary, "");
        let decision = index.add(k as i64, (k % 500) as u32, at, &features, k as i64);
        let story = decision.story().unwrap_or(k as i64);
        story_of_event.entry(text.event).or_insert(story);
    }
    let fill = fill_start.elapsed();
    let rss_fill_kb = proc::status_kb("VmRSS").saturating_sub(rss_before_kb);

    let texts: Vec<Text> = (0..measured).map(|_| stream.next(world)).collect();
    // Extraction alone.
    let cpu0 = proc::cpu_seconds();
    let start = Instant::now();
    let features: Vec<Features> = texts
        .iter()
        .map(|t| Features::extract(black_box(&t.title), black_box(&t.summary), ""))
        .collect();
    let extract = start.elapsed();
    let cpu1 = proc::cpu_seconds();
    // Assign and insert.
    let mut decisions = Vec::with_capacity(measured);
    let start = Instant::now();
    for (i, f) in features.iter().enumerate() {
        let k = size + i;
        let at = k as i64 * step;
        let decision = index.add(k as i64, (k % 500) as u32, at, black_box(f), k as i64);
        let story = decision.story().unwrap_or(k as i64);
        decisions.push(story);
    }
    let assign = start.elapsed();
    let cpu2 = proc::cpu_seconds();
    let peak_kb = if reset { proc::status_kb("VmHWM") } else { 0 };

    // Sanity: were the timed items put where their event is?
    let (mut right, mut wrong, mut missed, mut expected) = (0, 0, 0, 0);
    for (i, (text, &story)) in texts.iter().zip(&decisions).enumerate() {
        let k = (size + i) as i64;
        let known = story_of_event.get(&text.event).copied();
        let joined = story != k;
        if known.is_some() {
            expected += 1;
        }
        match (joined, known) {
            (true, Some(s)) if s == story => right += 1,
            (true, _) => wrong += 1,
            (false, Some(_)) => missed += 1,
            (false, None) => {}
        }
        story_of_event.entry(text.event).or_insert(story);
    }
    Outcome {
        size,
        fill,
        extract,
        assign,
        extract_cpu: cpu1 - cpu0,
        assign_cpu: cpu2 - cpu1,
        measured,
        memory: index.memory_bytes(),
        terms: index.n_terms(),
        peak_kb,
        rss_fill_kb,
        right_joins: right,
        wrong_joins: wrong,
        missed_joins: missed,
        joins_expected: expected,
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::var("STORIES_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000]);
    let measured: usize = std::env::var("STORIES_MEASURED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let mut rng = Rng(0xF00D_5EED);
    let world = World::new(&mut rng);
    let mut sample = Stream {
        rng: Rng(1),
        events: Vec::new(),
        next_event: 0,
    };
    let example = sample.next(&world);
    println!("single thread; {measured} timed items per size; e.g.:");
    println!("  title:   {}", example.title);
    println!("  summary: {}", example.summary);
    println!(
        "| items in window | fill s | extract µs/item | assign+insert µs/item | items/s (both) | items/s (CPU time) | index MB | bytes/item | terms | RSS growth over fill MB | peak RSS MB | right joins | wrong joins | missed joins |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &size in &sizes {
        let o = run_size(&world, size, measured);
        let per = |d: Duration| d.as_secs_f64() * 1e6 / o.measured as f64;
        let total = o.extract + o.assign;
        let cpu = o.extract_cpu + o.assign_cpu;
        println!(
            "| {} | {:.1} | {:.2} | {:.2} | {:.0} | {} | {:.1} | {:.0} | {} | {:.0} | {} | {} / {} | {} | {} |",
            o.size,
            o.fill.as_secs_f64(),
            per(o.extract),
            per(o.assign),
            o.measured as f64 / total.as_secs_f64(),
            if cpu > 0.0 {
                format!("{:.0}", o.measured as f64 / cpu)
            } else {
                "n/a".to_string()
            },
            o.memory as f64 / 1e6,
            o.memory as f64 / o.size as f64,
            o.terms,
            o.rss_fill_kb as f64 / 1024.0,
            if o.peak_kb > 0 {
                format!("{:.0}", o.peak_kb as f64 / 1024.0)
            } else {
                "n/a".to_string()
            },
            o.right_joins,
            o.joins_expected,
            o.wrong_joins,
            o.missed_joins,
        );
    }
}

/// The default configuration, without members' support if
/// `STORIES_SUPPORT=0`.
fn config() -> StoryConfig {
    let mut config = StoryConfig::default();
    if std::env::var("STORIES_SUPPORT").is_ok_and(|v| v == "0") {
        config.support_floor = 0.0;
    }
    config
}
