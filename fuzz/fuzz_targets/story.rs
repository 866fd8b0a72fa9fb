//! Items to stories through the story engine (`stories::Features::extract`,
//! `StoryIndex::add`, `insert_pending`, `commit`, `roll_back`): every
//! fetched item passes through its tokenizer, number and identifier
//! parsing, language guess and wire-prefix stripping, so no text may panic
//! it. The bytes (lossy UTF-8) are cut at `\x1e` into items and each item
//! at `\x1f` into title, summary and content; each item's first byte picks
//! its feed and how far in time it comes after the previous one (so the
//! decay, the same-feed factor and eviction are reached). Every third item
//! goes in as a poll's pending item, committed or rolled back.
#![no_main]

use feedwatch::stories::{Features, PollToken, StoryConfig, StoryIndex, strip_wire_prefix};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut index = StoryIndex::new(StoryConfig::default());
    let mut at: i64 = 1_700_000_000_000;
    for (n, item) in text.split('\u{1e}').take(64).enumerate() {
        let selector = item.bytes().next().unwrap_or(0);
        let feed = u32::from(selector % 4);
        // 0 to 31 hours after the previous item: inside the 72-hour window
        // and, a few items on, beyond it.
        at += i64::from(selector >> 3) * 3_600_000;
        let mut fields = item.splitn(3, '\u{1f}');
        let title = fields.next().unwrap_or("");
        let summary = fields.next().unwrap_or("");
        let content = fields.next().unwrap_or("");
        let _ = strip_wire_prefix(title);
        let features = Features::extract(title, summary, content);
        for term in features.terms() {
            let _ = features.display(term);
        }
        let id = n as i64;
        if n % 3 == 2 {
            let poll: PollToken = n as u64;
            let decision = index.assign_for(&features, feed, at, Some(poll));
            let story = decision.story().unwrap_or(id);
            let _ = (decision.score(), decision.evidence());
            index.insert_pending(id, story, feed, at, &features, poll);
            if selector % 2 == 0 {
                index.commit(poll);
            } else {
                index.roll_back(poll);
            }
        } else {
            let decision = index.add(id, feed, at, &features, id);
            let _ = (decision.score(), decision.evidence());
        }
    }
    let _ = index.memory_bytes();
});
