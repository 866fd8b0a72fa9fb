//! OPML import (`config::opml::parse_opml`, what `opml = [...]` in the
//! config runs) on arbitrary text.
#![no_main]

use feedwatch::config::opml::parse_opml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_opml(&text);
});
