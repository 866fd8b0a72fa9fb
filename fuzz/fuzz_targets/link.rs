//! Link canonicalisation (`dedup::canonical_link`, the dedup key of an
//! item's link) on arbitrary text.
#![no_main]

use feedwatch::dedup::canonical_link;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let link = String::from_utf8_lossy(data);
    let _ = canonical_link(&link);
});
