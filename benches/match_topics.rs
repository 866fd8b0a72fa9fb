//! Benchmark of the topic percolator: items/s against 10 to 10,000 topics.
//!
//! Everything is generated from a fixed seed and a built-in vocabulary (no
//! network, no files), and iteration counts are fixed, so runs are bounded
//! and comparable. Run with `cargo bench --bench match_topics`.
//!
//! Targets: at least 50,000 items/s with 1,000 topics on one thread, and
//! 10,000 topics less than 3x slower than 100 topics.

use feedwatch::topics::{Aliases, Document, TopicOptions, TopicSet, parse};
use std::hint::black_box;
use std::time::Instant;

/// Common news words (frequent), used in items and topics.
const COMMON: &[&str] = &[
    "the", "a", "of", "to", "in", "and", "for", "on", "with", "after", "as", "at", "by", "from",
    "is", "was", "will", "has", "have", "its", "their", "new", "says", "said", "over", "amid",
    "year", "week", "government", "minister", "president", "officials", "talks", "deal",
    "agreement", "contract", "contracts", "military", "defense", "Pentagon", "NATO", "army",
    "troops", "market", "markets", "stocks", "shares", "investors", "bank", "banks", "rates",
    "inflation", "economy", "growth", "prices", "oil", "gas", "energy", "climate", "election",
    "elections", "vote", "voters", "court", "judge", "ruling", "law", "police", "attack",
    "killed", "injured", "storm", "flood", "fire", "health", "hospital", "vaccine", "virus",
    "study", "research", "scientists", "technology", "AI", "artificial", "intelligence",
    "OpenAI", "Google", "Microsoft", "Apple", "Amazon", "chip", "chips", "software", "data",
    "privacy", "security", "cyber", "hackers", "network", "networks", "startup", "funding",
    "billion", "million", "percent", "company", "companies", "CEO", "workers", "strike",
    "union", "jobs", "trade", "tariffs", "China", "Russia", "Ukraine", "Europe", "US", "UK",
    "Germany", "France", "India", "Japan", "Brazil", "Africa", "Israel", "Gaza", "Iran",
    "sanctions", "exports", "imports", "border", "migrants", "crisis", "summit", "leaders",
    "report", "plan", "budget", "tax", "spending", "debt", "crypto", "bitcoin", "football",
    "league", "final", "coach", "players", "season", "film", "music", "festival", "space",
    "rocket", "launch", "satellite", "moon", "mission", "drone", "drones", "missile",
    "weapons", "nuclear", "peace", "ceasefire", "protest", "protests", "rights", "students",
    "schools", "university", "housing", "rent", "city", "mayor", "transport", "rail",
    "airline", "flights", "cars", "electric", "battery", "solar", "wind", "water", "food",
    "farmers", "drought", "wildfire", "earthquake", "regulators", "antitrust", "lawsuit",
    "merger", "acquisition", "earnings", "profit", "losses", "forecast", "outlook",
];

/// Syllables combined into rarer pseudo-words (names, jargon), so topics
/// have a realistic long tail of specific terms.
const SYLLABLES: &[&str] = &[
    "ka", "ro", "ven", "tal", "mi", "dor", "sen", "qui", "lex", "bar", "tor", "nel", "vin",
    "sa", "pho", "gra", "del", "mun", "zar", "kel", "fin", "ost", "rin", "ame", "tul",
];

struct Rng(u64);

impl Rng {
    /// splitmix64: tiny, fast, deterministic.
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

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Skewed pick: low indexes are much more likely (Zipf-like).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }
}

struct Vocab {
    words: Vec<String>,
}

impl Vocab {
    fn new(rng: &mut Rng) -> Vocab {
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        for _ in 0..4000 {
            let n = rng.range(2, 3);
            let mut w: String = (0..n).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
            if rng.chance(40) {
                // Capitalize: a proper name.
                w = w[..1].to_uppercase() + &w[1..];
            }
            words.push(w);
        }
        Vocab { words }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[rng.skewed(self.words.len())]
    }

    /// A word for a topic. People watch for specific things (names,
    /// jargon: the long tail), sometimes combined with a common news word,
    /// never for function words; so: a quarter common words past the first
    /// 20, the rest uniform over the tail.
    fn topic_word(&self, rng: &mut Rng) -> &str {
        if rng.chance(25) {
            &self.words[20 + rng.below(COMMON.len() - 20)]
        } else {
            &self.words[COMMON.len() + rng.below(self.words.len() - COMMON.len())]
        }
    }
}

struct Item {
    title: String,
    summary: String,
    categories: Vec<String>,
    feed_name: String,
    link: String,
}

fn sentence(vocab: &Vocab, rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(if rng.chance(8) { ", " } else { " " });
        }
        let w = vocab.word(rng);
        s.push_str(w);
        if rng.chance(3) {
            s.push_str("'s");
        }
    }
    s
}

fn items(vocab: &Vocab, rng: &mut Rng, n: usize) -> Vec<Item> {
    const FEEDS: &[&str] = &["Reuters World", "AP Top News", "BBC Business", "Tech Daily", "Defense Wire"];
    const SITES: &[&str] = &["www.reuters.com", "apnews.com", "www.bbc.co.uk", "techdaily.io", "defensewire.net"];
    (0..n)
        .map(|_| {
            let title_words = rng.range(6, 14);
            let total = rng.range(40, 200);
            let mut summary = String::new();
            let mut left = total.saturating_sub(title_words);
            while left > 0 {
                let k = left.min(rng.range(8, 25));
                summary.push_str(&sentence(vocab, rng, k));
                summary.push_str(". ");
                left -= k;
            }
            let f = rng.below(FEEDS.len());
            Item {
                title: sentence(vocab, rng, title_words),
                summary,
                categories: vec![vocab.word(rng).to_string()],
                feed_name: FEEDS[f].to_string(),
                link: format!("https://{}/article/{}", SITES[f], rng.below(1_000_000)),
            }
        })
        .collect()
}

/// One topic of 5 to 15 terms: ORed groups ANDed together, with phrases,
/// fields and NOT.
fn topic(vocab: &Vocab, rng: &mut Rng) -> String {
    let n_terms = rng.range(5, 15);
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); rng.range(2, 3)];
    let mut negated = Vec::new();
    for i in 0..n_terms {
        let w = vocab.topic_word(rng).to_string();
        let term = match rng.below(10) {
            0 | 1 => format!("\"{} {}\"", w, vocab.topic_word(rng)),
            2 => format!("title:{w}"),
            3 if negated.is_empty() => {
                negated.push(w);
                continue;
            }
            4 if w.len() > 6 => format!("{}*", &w[..6]),
            _ => w,
        };
        let g = i % groups.len();
        groups[g].push(term);
    }
    let mut parts: Vec<String> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|g| format!("({})", g.join(" OR ")))
        .collect();
    parts.extend(negated.into_iter().map(|w| format!("NOT {w}")));
    if parts.is_empty() {
        parts.push(vocab.topic_word(rng).to_string());
    }
    parts.join(" AND ")
}

fn main() {
    let mut rng = Rng(0x5EED_F00D);
    let vocab = Vocab::new(&mut rng);
    let items = items(&vocab, &mut rng, 4000);
    let aliases = Aliases::empty();
    let all_topics: Vec<String> = (0..10_000).map(|_| topic(&vocab, &mut rng)).collect();
    let no_strings: Vec<String> = Vec::new();

    println!("items: {} (40-200 words each), single thread", items.len());
    println!("{:>7} {:>9} {:>11} {:>9} {:>10} {:>12}", "topics", "build ms", "items/s", "µs/item", "hits/item", "vs 100");
    let mut base = None;
    let sizes: Vec<usize> = std::env::var("MATCH_TOPICS_SIZES").ok().map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect()).unwrap_or_else(|| vec![10, 100, 1_000, 10_000]);
    for &n in &sizes {
        let start = Instant::now();
        let topics = all_topics[..n]
            .iter()
            .enumerate()
            .filter_map(|(i, q)| {
                parse(q, &aliases)
                    .ok()
                    .map(|q| (format!("topic-{i}"), q, TopicOptions::default()))
            })
            .collect();
        let set = TopicSet::new(topics);
        let build_ms = start.elapsed().as_secs_f64() * 1e3;
        // Warm-up pass, then the timed passes (fixed counts).
        let passes = 3;
        let run = |count: &mut usize| {
            for it in &items {
                let doc = Document {
                    title: &it.title,
                    summary: &it.summary,
                    content: "",
                    author: None,
                    categories: &it.categories,
                    feed_name: &it.feed_name,
                    feed_tags: &no_strings,
                    link: Some(&it.link),
                };
                *count += black_box(set.match_document(black_box(&doc))).len();
            }
        };
        let mut hits = 0;
        run(&mut hits);
        hits = 0;
        let start = Instant::now();
        for _ in 0..passes {
            run(&mut hits);
        }
        let secs = start.elapsed().as_secs_f64();
        let processed = (items.len() * passes) as f64;
        let us = secs * 1e6 / processed;
        if n == 100 {
            base = Some(us);
        }
        let ratio = base.map_or("-".to_string(), |b| format!("{:.2}x", us / b));
        println!(
            "{:>7} {:>9.1} {:>11.0} {:>9.2} {:>10.3} {:>12}",
            set.len(),
            build_ms,
            processed / secs,
            us,
            hits as f64 / processed,
            ratio
        );
    }
}
