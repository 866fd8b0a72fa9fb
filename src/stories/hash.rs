//! Hashing for story features: a fixed 64-bit hash of term text (so
//! features do not depend on the process), and an FxHash-style hasher for
//! the small per-item maps of feature extraction (their size is bounded by
//! the caps on text read per item, so hash flooding costs little).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// FxHash-style mix over the bytes with a splitmix64 finalizer.
pub(crate) fn key_hash(text: &str) -> u64 {
    let mut h = FxHasher(0x243F_6A88_85A3_08D3);
    h.write(text.as_bytes());
    h.write_u64(text.len() as u64);
    h.finish()
}

/// splitmix64 finalizer: spreads every input bit over the result.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            if let Some(dst) = buf.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        mix64(self.0)
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuild>;

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
