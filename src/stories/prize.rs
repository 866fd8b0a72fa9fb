//! Which field a prize's headline names: the Nobel prizes of one week
//! ("Nobel Prize in medicine goes to ...", the next day "Nobel Prize in
//! physics awarded for optical clocks", "Chemie-Nobelpreis für ...") are
//! three events however much they share (the prize, Stockholm, the
//! academy, the money, each report announcing the next); two reports of one
//! prize never name two fields in their headlines
//! (`StoryConfig::field_conflict_factor`).
//!
//! From the terms of the headline, in English, German and French, and only
//! of a headline that names a prize ("Nobel", "prize", "Preis", "prix"):
//! "peace" and "medicine" are everyday words of other news ("Medicine runs
//! short as peace talks stall"). A headline naming several fields (a live blog of the week: "chemistry
//! award announced after medicine and physics prizes") reports none of
//! the prizes alone.

use std::sync::OnceLock;

use super::hash::key_hash;
use super::text::{Lang, stem};

/// The fields, each with its words in the three languages.
const FIELDS: [&[&str]; 6] = [
    &["physics", "physik", "physique"],
    &["chemistry", "chemie", "chimie"],
    &["medicine", "physiology", "medizin", "médecine", "medecine"],
    &["literature", "literatur", "littérature", "litterature"],
    &["peace", "frieden", "friedensnobelpreis", "paix"],
    &[
        "economics",
        "economic sciences",
        "wirtschaftswissenschaften",
        "économie",
    ],
];

/// The field (1 to 6) a term key names, whatever its language's stemmer
/// made of the word; 0 for none.
pub(crate) fn field_of(key: u64) -> u8 {
    // Asked of every headline term: a sorted table, searched.
    static KEYS: OnceLock<Vec<(u64, u8)>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        for (i, words) in FIELDS.iter().enumerate() {
            for word in *words {
                for lang in [Lang::En, Lang::De, Lang::Fr] {
                    keys.push((key_hash(&stem(lang, word)), i as u8 + 1));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    });
    keys.binary_search_by_key(&key, |&(k, _)| k)
        .map_or(0, |i| keys.get(i).map_or(0, |&(_, field)| field))
}

/// Whether a term key names a prize, whatever its language's stemmer made
/// of the word.
pub(crate) fn is_prize_key(key: u64) -> bool {
    static KEYS: OnceLock<Vec<u64>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<u64> = ["nobel", "prize", "prizes", "nobelpreis", "preis", "prix"]
            .iter()
            .flat_map(|w| [Lang::En, Lang::De, Lang::Fr].map(|l| key_hash(&stem(l, w))))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    })
    .binary_search(&key)
    .is_ok()
}

/// One headline's fields so far with `field` added: a bit per field.
pub(crate) fn add_field(fields: u8, field: u8) -> u8 {
    match field {
        0 => fields,
        f => fields | 1 << (f - 1),
    }
}

/// Whether two headlines' fields (as [`add_field`] gathered them) differ,
/// each naming one at least: a live blog of the week, naming three,
/// clashes with each prize's report too.
pub(crate) fn fields_clash(a: u8, b: u8) -> bool {
    a != 0 && b != 0 && a != b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(lang: Lang, word: &str) -> u8 {
        field_of(key_hash(&stem(lang, word)))
    }

    #[test]
    fn each_language_names_the_same_field() {
        assert_eq!(field(Lang::En, "chemistry"), field(Lang::De, "chemie"));
        assert_eq!(field(Lang::Fr, "chimie"), field(Lang::En, "chemistry"));
        assert_ne!(field(Lang::En, "physics"), field(Lang::En, "medicine"));
        assert_eq!(field(Lang::En, "contract"), 0);
        assert!(is_prize_key(key_hash(&stem(Lang::En, "nobel"))));
        assert!(!is_prize_key(key_hash(&stem(Lang::En, "peace"))));
    }

    #[test]
    fn two_fields_clash_and_a_week_of_them_too() {
        let medicine = add_field(0, 3);
        let physics = add_field(0, 1);
        assert!(fields_clash(medicine, physics));
        assert!(!fields_clash(medicine, add_field(medicine, 3)));
        let week = add_field(add_field(physics, 3), 2);
        assert!(fields_clash(week, physics));
        assert!(!fields_clash(0, physics));
    }
}
