//! Text normalization shared by queries and documents: tokenizing into words,
//! folding (NFKD compatibility decomposition, case folding, accent stripping)
//! and Snowball stemming.
//!
//! Invariant: a query term and a document word go through exactly the same
//! functions here, so "Café" in a query and "cafe" in a document always meet.
//! Stemming is applied to the *folded* word (not the accented one) so that
//! accent-insensitivity holds by construction, whatever the stemmer does with
//! accented letters.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How words are reduced to index keys for one topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum StemMode {
    /// Keys are the folded words themselves.
    None,
    /// Keys are Snowball stems of folded words; the index is into [`LANGUAGES`].
    Snowball(u8),
}

/// Supported stemming languages: ISO 639-1 code, English name, algorithm.
pub(crate) const LANGUAGES: &[(&str, &str, Algorithm)] = &[
    ("ar", "arabic", Algorithm::Arabic),
    ("da", "danish", Algorithm::Danish),
    ("nl", "dutch", Algorithm::Dutch),
    ("en", "english", Algorithm::English),
    ("fi", "finnish", Algorithm::Finnish),
    ("fr", "french", Algorithm::French),
    ("de", "german", Algorithm::German),
    ("el", "greek", Algorithm::Greek),
    ("hu", "hungarian", Algorithm::Hungarian),
    ("it", "italian", Algorithm::Italian),
    ("no", "norwegian", Algorithm::Norwegian),
    ("pt", "portuguese", Algorithm::Portuguese),
    ("ro", "romanian", Algorithm::Romanian),
    ("ru", "russian", Algorithm::Russian),
    ("es", "spanish", Algorithm::Spanish),
    ("sv", "swedish", Algorithm::Swedish),
    ("ta", "tamil", Algorithm::Tamil),
    ("tr", "turkish", Algorithm::Turkish),
];

/// Index of English in [`LANGUAGES`], the default.
pub(crate) const ENGLISH: u8 = 3;

/// Looks a language up by code ("de") or English name ("german"), any case.
pub(crate) fn language_index(lang: &str) -> Option<u8> {
    let lang = lang.trim().to_ascii_lowercase();
    LANGUAGES
        .iter()
        .position(|(code, name, _)| *code == lang || *name == lang)
        .and_then(|i| u8::try_from(i).ok())
}

impl StemMode {
    /// The key for an already folded word.
    pub(crate) fn key<'a>(self, folded: &'a str) -> Cow<'a, str> {
        match self {
            StemMode::None => Cow::Borrowed(folded),
            StemMode::Snowball(lang) => stem(lang, folded),
        }
    }
}

/// Stems a folded word; in English, a British spelling's stem is the
/// American one's (`crate::spelling`). Stemmers are created per call:
/// `Stemmer::create` only stores a function pointer, so this costs nothing.
fn stem(lang: u8, folded: &str) -> Cow<'_, str> {
    match LANGUAGES.get(usize::from(lang)) {
        Some((_, _, algorithm)) => {
            let stem = Stemmer::create(*algorithm).stem(folded);
            match lang == ENGLISH {
                true => crate::spelling::american_stem(&stem).map_or(stem, Cow::Borrowed),
                false => stem,
            }
        }
        None => Cow::Borrowed(folded),
    }
}

/// Apostrophes that may join a possessive "'s" to a word.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Characters that make up words: letters, digits and combining marks (so a
/// decomposed "e" + U+0301 stays one word).
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Calls `emit(start, end)` with the byte range of every word in `text`.
///
/// Words are maximal runs of [`is_word_char`]. A possessive "'s" (any of the
/// apostrophes ' ’ ʼ followed by s and a non-word character) is dropped, so
/// "NATO's" yields "NATO"; any other apostrophe separates words ("don't" is
/// "don" "t"), which is harmless because query terms are split the same way.
pub(crate) fn tokenize(text: &str, mut emit: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII (nearly all news text) without decoding.
        let (c, len) = if b < 0x80 {
            (char::from(b), 1)
        } else {
            match text.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => break, // unreachable: `i` is always a char boundary
            }
        };
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            i += len;
            continue;
        }
        if let Some(s) = start.take() {
            emit(s, i);
            if is_apostrophe(c) {
                // Skip a possessive "'s" that ends the word.
                let mut rc = text.get(i + len..).unwrap_or("").chars();
                if matches!(rc.next(), Some('s' | 'S')) && !rc.next().is_some_and(is_word_char) {
                    i += 1; // the 's'
                }
            }
        }
        i += len;
    }
    if let Some(s) = start {
        emit(s, text.len());
    }
}

/// Folds one word into `out` (cleared first): compatibility decomposition,
/// lower case, combining marks removed, "ß" expanded to "ss".
pub(crate) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Fast path: most news text is ASCII and needs only lower-casing.
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in word.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c == 'ß' || c == 'ẞ' {
            out.push_str("ss");
            continue;
        }
        out.extend(c.to_lowercase().filter(|l| !is_combining_mark(*l)));
    }
}

/// Folds one word into a new string.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Folds a whole text, keeping punctuation and spacing (regexes run on this).
pub(crate) fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = String::new();
    let mut last = 0;
    tokenize(text, |s, e| {
        out.push_str(&text[last..s].to_lowercase());
        fold_into(&text[s..e], &mut buf);
        out.push_str(&buf);
        last = e;
    });
    out.push_str(&text[last..].to_lowercase());
    out
}

/// Splits a query term into folded words, the way documents are split.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize(text, |s, e| out.push(fold(&text[s..e])));
    out
}

/// Splits a phrase (or a prefix term) into folded words, each marked `true`
/// when a `*` directly follows it in `text` (a prefix): `"export licen*"`
/// gives `[("export", false), ("licen", true)]`.
pub(crate) fn phrase_words(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    tokenize(text, |s, e| {
        let star = text.get(e..).is_some_and(|r| r.starts_with('*'));
        out.push((fold(&text[s..e]), star));
    });
    out
}

/// Splits a query term into its original (unfolded) words.
pub(crate) fn raw_words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    tokenize(text, |s, e| out.push(&text[s..e]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        raw_words(text)
    }

    #[test]
    fn tokenizes_possessives_and_apostrophes() {
        assert_eq!(toks("NATO's networks"), ["NATO", "networks"]);
        assert_eq!(toks("NATO’s."), ["NATO"]);
        assert_eq!(toks("don't stop"), ["don", "t", "stop"]);
        assert_eq!(toks("the boss's car"), ["the", "boss", "car"]);
        assert_eq!(toks("it's"), ["it"]);
        assert_eq!(toks("'s"), ["s"]);
        assert_eq!(toks("non-classified, 3.5"), ["non", "classified", "3", "5"]);
    }

    #[test]
    fn folds_case_accents_and_compatibility_forms() {
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("CAFE\u{301}"), "cafe");
        assert_eq!(fold("ﬁnance"), "finance");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ÉCOLE"), "ecole");
    }

    #[test]
    fn stems_english_by_default() {
        let en = StemMode::Snowball(ENGLISH);
        assert_eq!(en.key("contracts"), en.key("contract"));
        assert_eq!(en.key("contracted"), en.key("contract"));
        assert_eq!(StemMode::None.key("contracts"), "contracts");
        assert_eq!(language_index("en"), Some(ENGLISH));
        assert_eq!(language_index("German"), language_index("de"));
        assert_eq!(language_index("xx"), None);
    }

    #[test]
    fn phrase_words_mark_prefixes() {
        let w = |t: &str| phrase_words(t);
        assert_eq!(
            w("export licen*"),
            [("export".to_string(), false), ("licen".to_string(), true)]
        );
        assert_eq!(
            w("Contrôle* des"),
            [("controle".to_string(), true), ("des".to_string(), false)]
        );
        assert_eq!(
            w("l'export"),
            [("l".to_string(), false), ("export".to_string(), false)]
        );
    }

    #[test]
    fn folds_whole_text_keeping_punctuation() {
        assert_eq!(fold_text("Café, NATO's!"), "cafe, nato's!");
    }
}
