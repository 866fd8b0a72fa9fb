//! A small, fast, non-cryptographic hasher (the FxHash mix used by rustc) for
//! the topic index's maps, whose keys come from the configured queries.
//!
//! The per-thread word cache (`analyze.rs`) is keyed by words of feed items,
//! which a hostile feed controls and which stay in the cache across items;
//! it uses [`SeededFx`], the same mix started from a random per-cache seed,
//! so colliding words cannot be computed in advance (and the cache is
//! bounded in size).

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    /// A hasher started from `hash` (a fixed seed gives a fixed hash).
    pub(crate) fn with_state(hash: u64) -> FxHasher {
        FxHasher { hash }
    }

    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
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
            buf[..rest.len()].copy_from_slice(rest);
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

    /// The multiply-rotate mix leaves the low bits (which pick hashbrown's
    /// bucket) depending mostly on the first bytes of a key; a splitmix64
    /// finalizer spreads every input bit over the whole result.
    #[inline]
    fn finish(&self) -> u64 {
        mix64(self.hash)
    }
}

/// splitmix64 finalizer: spreads every input bit over the result.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuild>;

/// FxHash starting from a random seed (see the module docs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SeededFx(u64);

impl Default for SeededFx {
    fn default() -> SeededFx {
        SeededFx(RandomState::new().hash_one(0x5EED_u64))
    }
}

impl BuildHasher for SeededFx {
    type Hasher = FxHasher;

    fn build_hasher(&self) -> FxHasher {
        FxHasher { hash: self.0 }
    }
}

pub(crate) type SeededFxMap<K, V> = HashMap<K, V, SeededFx>;
