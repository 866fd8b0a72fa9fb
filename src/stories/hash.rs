//! Hashing for story features: a fixed 64-bit hash of term text (so
//! features do not depend on the process), on the topics' FxHash; its
//! unseeded maps serve the small per-item maps of feature extraction (their
//! size is bounded by the caps on text read per item, so hash flooding costs
//! little).

use std::hash::Hasher;

use crate::topics::hash::FxHasher;
pub(crate) use crate::topics::hash::{FxHashMap, mix64};

/// FxHash over the bytes (from a fixed start) with a splitmix64 finalizer.
pub(crate) fn key_hash(text: &str) -> u64 {
    let mut h = FxHasher::with_state(0x243F_6A88_85A3_08D3);
    h.write(text.as_bytes());
    h.write_u64(text.len() as u64);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_hash_is_fixed_and_spreads() {
        assert_eq!(key_hash("nato"), key_hash("nato"));
        assert_ne!(key_hash("nato"), key_hash("nato "));
        assert_ne!(key_hash(""), key_hash("\\0"));
        assert_ne!(key_hash("abcdefgh"), key_hash("abcdefgh\\0"));
    }
}
