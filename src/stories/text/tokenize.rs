//! Tokenizing: words with their letter-case shapes and sentence starts,
//! dotted acronyms, "F-35"-style designators, and numbers with their
//! thousands separators, currencies and attached multipliers.

use super::{Lang, fold, is_word_char};

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Spaces used as thousands separators ("200 000" in French typography).
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// The letter-case shape of a word as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// "contract"
    Lower,
    /// "Contract", "Rheinmetall"
    Capitalized,
    /// "NATO", "ASML", "U.S." (two or more letters, all upper case)
    Upper,
    /// "OpenAI", "iPhone", "McKinsey": upper case after the first letter
    Mixed,
    /// "F-35", "A400M", "5G": letters and digits
    Alnum,
}

impl Shape {
    /// Shapes that mark a name wherever they occur.
    pub(crate) fn is_special(self) -> bool {
        matches!(self, Shape::Upper | Shape::Mixed | Shape::Alnum)
    }

    pub(crate) fn is_capitalized(self) -> bool {
        self != Shape::Lower
    }
}

fn shape_of(word: &str) -> Shape {
    // ASCII (most words): a char is a byte, and its class a cheap test.
    if word.is_ascii() {
        return shape_from(word.bytes().map(|b| {
            if b.is_ascii_digit() {
                CharClass::Digit
            } else if b.is_ascii_uppercase() {
                CharClass::Upper
            } else if b.is_ascii_lowercase() {
                CharClass::Lower
            } else {
                CharClass::Other
            }
        }));
    }
    shape_from(word.chars().map(|c| {
        if c.is_numeric() {
            CharClass::Digit
        } else if !c.is_alphabetic() {
            CharClass::Other
        } else if c.is_uppercase() {
            CharClass::Upper
        } else if c.is_lowercase() {
            CharClass::Lower
        } else {
            CharClass::Caseless
        }
    }))
}

/// What [`shape_of`] tells apart in a character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Digit,
    Upper,
    Lower,
    /// A letter without case (CJK, Arabic, ...).
    Caseless,
    Other,
}

fn shape_from(classes: impl Iterator<Item = CharClass>) -> Shape {
    let mut letters = 0usize;
    let mut upper = 0usize;
    let mut digits = 0usize;
    let mut first_upper = false;
    let mut later_upper = false;
    let mut lower = 0usize;
    for (i, class) in classes.enumerate() {
        match class {
            CharClass::Digit => digits += 1,
            CharClass::Upper => {
                letters += 1;
                upper += 1;
                if i == 0 {
                    first_upper = true;
                } else {
                    later_upper = true;
                }
            }
            CharClass::Lower => {
                letters += 1;
                lower += 1;
            }
            CharClass::Caseless => letters += 1,
            CharClass::Other => {}
        }
    }
    if digits > 0 && letters > 0 {
        Shape::Alnum
    } else if letters >= 2 && upper == letters {
        Shape::Upper
    } else if later_upper && lower > 0 {
        Shape::Mixed
    } else if first_upper {
        Shape::Capitalized
    } else {
        Shape::Lower
    }
}

/// A number as written: digits with separators, and what came with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RawNumber<'a> {
    /// Digits and separators ("2.1", "200,000", "2,5").
    pub digits: &'a str,
    /// A multiplier attached or following ("bn", "million", "Mrd"), as a
    /// power of ten.
    pub exponent: i32,
    /// Written as a percentage.
    pub percent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TokenKind<'a> {
    Word(Shape),
    Number(RawNumber<'a>),
}

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Token<'a> {
    /// The token as written (for display), e.g. "OpenAI", "F-35", "$2.1bn".
    pub raw: &'a str,
    pub kind: TokenKind<'a>,
    /// First token of a sentence (or after a colon or an opening quote):
    /// its capital letter says nothing about it being a name.
    pub sentence_start: bool,
}

/// Abbreviations after which a full stop does not end the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "sen", "rep",
    "gov", "prof", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "approx", "dept", "fig",
    "hr", "fr", "mme", "mm", "bzw", "ca", "dh", "usw", "vgl", "nr",
];

/// Whether a word as written is one of [`ABBREVIATIONS`] (in any case).
fn is_abbreviation(raw: &str) -> bool {
    if raw.is_ascii() {
        // The list is in ASCII lower case.
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(raw))
    } else {
        ABBREVIATIONS.contains(&raw.to_lowercase().as_str())
    }
}

/// Multiplier words that follow a number, with their power of ten.
fn multiplier_word(word: &str, lang: Lang) -> Option<i32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    Some(match w {
        "thousand" | "thousands" | "tausend" | "mille" | "milliers" | "mil" => 3,
        "million" | "millions" | "millionen" | "mn" | "mln" | "mio" | "millones" | "millón"
        | "millon" | "milioni" | "milione" | "miljoen" | "milhões" | "milhoes" | "milhão" => 6,
        "billion" | "billions" | "billionen" if lang.long_scale() => 12,
        "billion" | "billions" | "bn" | "bln" | "milliarde" | "milliarden" | "mrd" | "milliard"
        | "milliards" | "md" | "mds" | "miliardi" | "miliardo" | "miljard" | "mil millones" => 9,
        "trillion" | "trillions" | "tn" | "trn" | "bio" => 12,
        _ => return None,
    })
}

/// Attached suffixes: "200m", "2.1bn", "5k".
/// The multiplier of an amount hyphenated into an adjective ("1.7-billion",
/// "310-million"), English's way of writing one; short scale.
fn hyphenated_multiplier(word: &str) -> Option<i32> {
    match word {
        "thousand" => Some(3),
        "million" => Some(6),
        "billion" => Some(9),
        "trillion" => Some(12),
        _ => None,
    }
}

fn multiplier_suffix(suffix: &str) -> Option<i32> {
    Some(match suffix.to_ascii_lowercase().as_str() {
        "k" => 3,
        "m" | "mn" | "mln" => 6,
        "b" | "bn" | "bln" => 9,
        "t" | "tn" | "trn" => 12,
        _ => return None,
    })
}

fn is_percent_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "percent" | "prozent" | "pourcent" | "por" | "per" | "pour" | "procent"
    )
}

/// Whether a number as written is a percentage ("3%", "27 percent", "50
/// per cent", "3,5 Prozent").
pub(crate) fn is_percentage(written: &str) -> bool {
    written.contains('%')
        || written
            .split_whitespace()
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("cent") || is_percent_word(w))
}

/// Reads the char at byte `i`, with its length.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Splits `text` into words and numbers, at most `max_tokens` of them.
///
/// The text begins a sentence. Sentences also start after `.`, `!`, `?`,
/// `:`, `;`, a line break or a quote; a full stop after a known
/// abbreviation ("Mr.") or a dotted acronym ("U.S.", whose dots are part of
/// the token) does not end one.
pub(crate) fn tokenize<'a>(text: &'a str, lang: Lang, max_tokens: usize, out: &mut Vec<Token<'a>>) {
    let start_len = out.len();
    let mut i = 0;
    let mut sentence_start = true;
    while out.len() - start_len < max_tokens {
        // Spaces, the most common separator, change nothing.
        if text.as_bytes().get(i) == Some(&b' ') {
            i += 1;
            continue;
        }
        let Some((c, len)) = char_at(text, i) else {
            break;
        };
        if !is_word_char(c) {
            match c {
                '.' | '!' | '?' | ':' | ';' | '\n' | '…' | '。' | '“' | '„' | '«' | '‹' | '"' =>
                {
                    let abbreviation = c == '.'
                        && out.len() > start_len
                        && out.last().is_some_and(|t| {
                            // A token ending right before this dot.
                            text.get(..i).is_some_and(|head| head.ends_with(t.raw))
                                && is_abbreviation(t.raw)
                        });
                    // "3.5" is handled inside numbers; a quote closing a
                    // sentence is followed by the next one anyway.
                    if !abbreviation {
                        sentence_start = true;
                    }
                }
                _ => {}
            }
            i += len;
            continue;
        }
        let (token, end) = if c.is_ascii_digit() {
            scan_number(text, i, None)
        } else if let Some(digits_at) = currency_code_amount(text, i) {
            // "EUR100 million": the amount, its code kept in the raw text.
            scan_number(text, digits_at, Some(i))
        } else {
            scan_word(text, i)
        };
        let end = end.max(i + len); // always progress
        if let Some(mut token) = token {
            token.sentence_start = sentence_start;
            out.push(token);
        }
        sentence_start = false;
        i = end;
    }
    merge_multipliers(text, out, start_len, lang);
}

/// Countries French writes with a hyphen, as the halves fold: one word, so
/// that "Etats-Unis" is the US of [`ALIASES`] ("etatsunis"), not two names
/// ("Etats", "Unis") an English report never mentions. "Vingt-Sept", as
/// French writes the EU's member states together, is the EU.
const HYPHENATED_COUNTRIES: &[(&str, &str)] = &[
    ("etats", "unis"),
    ("royaume", "uni"),
    ("pays", "bas"),
    ("vingt", "sept"),
];

/// Whether `left-right` is one of [`HYPHENATED_COUNTRIES`].
fn is_hyphenated_country(left: &str, right: &str) -> bool {
    // Asked of every hyphenated word: most are ruled out by length.
    (4..=8).contains(&left.len())
        && (3..=4).contains(&right.len())
        // "vingt-sept morts" is a number: only "Vingt-Sept" is the EU.
        && !(right.starts_with('s') && fold(left) == "vingt")
        && HYPHENATED_COUNTRIES
            .iter()
            .any(|&(a, b)| fold(left) == a && fold(right) == b)
}

/// Scans a word starting at `start`: letters and digits, a dotted acronym
/// ("U.S."), a hyphenated designator with digits ("F-35", "COVID-19") or
/// country ("Etats-Unis"), and a possessive "'s" dropped.
fn scan_word(text: &str, start: usize) -> (Option<Token<'_>>, usize) {
    let run_end = |from: usize| {
        let bytes = text.as_bytes();
        let mut j = from;
        loop {
            match bytes.get(j) {
                Some(b) if b.is_ascii_alphanumeric() => j += 1,
                Some(b) if !b.is_ascii() => match char_at(text, j) {
                    Some((c, l)) if is_word_char(c) => j += l,
                    _ => break,
                },
                _ => break,
            }
        }
        j
    };
    let mut end = run_end(start);
    let first = text.get(start..end).unwrap_or("");
    // Dotted acronym: single upper-case letters each followed by a dot.
    let mut first_chars = first.chars();
    let single = first_chars.next().filter(|_| first_chars.next().is_none());
    if single.is_some_and(char::is_uppercase) && text.get(end..).is_some_and(|r| r.starts_with('.'))
    {
        let mut j = end;
        let mut letters = 1;
        while text.get(j..).is_some_and(|r| r.starts_with('.')) {
            match char_at(text, j + 1) {
                Some((c, l))
                    if c.is_uppercase()
                        && !char_at(text, j + 1 + l).is_some_and(|(n, _)| is_word_char(n)) =>
                {
                    j += 1 + l;
                    letters += 1;
                }
                _ => break,
            }
        }
        if letters >= 2 {
            // Include the final dot in the raw text ("U.S.").
            let end_dot = if text.get(j..).is_some_and(|r| r.starts_with('.')) {
                j + 1
            } else {
                j
            };
            let raw = text.get(start..end_dot).unwrap_or("");
            return (
                Some(Token {
                    raw,
                    kind: TokenKind::Word(Shape::Upper),
                    sentence_start: false,
                }),
                end_dot,
            );
        }
    }
    // Hyphenated designators: join when either side has a digit.
    while let Some(rest) = text.get(end..) {
        if !rest.starts_with('-') {
            break;
        }
        let next_end = run_end(end + 1);
        if next_end == end + 1 {
            break;
        }
        let left = text.get(start..end).unwrap_or("");
        let right = text.get(end + 1..next_end).unwrap_or("");
        let digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
        if ((digit(left) || digit(right)) && left.len() <= 12 && right.len() <= 12)
            || is_hyphenated_country(left, right)
        {
            end = next_end;
        } else {
            break;
        }
    }
    // A word that goes on after an apostrophe is one word ("Nor'easter",
    // "aujourd'hui"): not an elision ("l'armée", "lorsqu'elle"), a
    // contraction ("don't", "they're") or a possessive, whose sides are
    // shorter or end in "qu".
    if let Some((c, l)) = char_at(text, end)
        && is_apostrophe(c)
    {
        let left = text.get(start..end).unwrap_or("");
        let right_end = run_end(end + l);
        let right = text.get(end + l..right_end).unwrap_or("");
        let elided = left
            .get(left.len().saturating_sub(2)..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case("qu"));
        if left.chars().count() >= 3
            && !elided
            && right.chars().count() >= 3
            && right.chars().all(char::is_lowercase)
        {
            end = right_end;
        }
    }
    let raw = text.get(start..end).unwrap_or("");
    let mut after = end;
    // A possessive "'s" is not a word.
    if let Some((c, l)) = char_at(text, end)
        && is_apostrophe(c)
        && matches!(char_at(text, end + l), Some(('s' | 'S', _)))
        && !char_at(text, end + l + 1).is_some_and(|(n, _)| is_word_char(n))
    {
        after = end + l + 1;
    }
    (
        Some(Token {
            raw,
            kind: TokenKind::Word(shape_of(raw)),
            sentence_start: false,
        }),
        after,
    )
}

/// ISO 4217 codes that wires and trade titles write before an amount
/// ("EUR100 million", "GBP 38m", "USD1.2bn") where others write a sign.
const CURRENCY_CODES: [&str; 20] = [
    "AUD", "CAD", "CHF", "CNY", "DKK", "EUR", "GBP", "HKD", "INR", "JPY", "KRW", "NOK", "NZD",
    "PLN", "RMB", "SEK", "SGD", "TWD", "USD", "ZAR",
];

/// Where the digits start when a currency code at `start` precedes an
/// amount, glued or after one space ("EUR100", "EUR 100"), a country's
/// letters precede a dollar sign ("NT$980", "A$64.8", "US$310") or a
/// krone's are glued to it ("NKr2.1bn"); `None` for any other word (so
/// "EUR" alone, "EURO5" or "NT" stay words).
fn currency_code_amount(text: &str, start: usize) -> Option<usize> {
    // Byte tests first: this runs for every word.
    let bytes = text.as_bytes();
    let letters = bytes
        .get(start..)?
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    if (1..=3).contains(&letters)
        && bytes.get(start + letters) == Some(&b'$')
        && digit_at(start + letters + 1)
    {
        return Some(start + letters + 1);
    }
    if bytes.get(start..).is_some_and(is_krone_code) {
        return Some(start + 3);
    }
    if letters != 3 {
        return None;
    }
    let digits_at = if bytes.get(start + 3) == Some(&b' ') {
        start + 4
    } else {
        start + 3
    };
    let code = bytes.get(start..start + 3)?;
    (digit_at(digits_at) && CURRENCY_CODES.iter().any(|c| c.as_bytes() == code))
        .then_some(digits_at)
}

/// Whether `bytes` open with a krone's letters glued to an amount
/// ("NKr2.1bn", "SKr500m", "DKr3bn").
fn is_krone_code(bytes: &[u8]) -> bool {
    matches!(bytes, [b'A'..=b'Z', b'K', b'r', b'0'..=b'9', ..])
}

/// Whether a number as written carries its currency: a sign or a code
/// before it ("$200m", "€2.1bn", "EUR100", "NT$980", "NKr2.1bn").
pub(crate) fn has_currency(raw: &str) -> bool {
    raw.trim_start_matches(|c: char| c.is_ascii_uppercase())
        .starts_with(['$', '€', '£', '¥'])
        || is_krone_code(raw.as_bytes())
        || raw
            .get(..3)
            .is_some_and(|code| CURRENCY_CODES.contains(&code))
}

/// Scans a number starting at `start` (an ASCII digit): digits with `.`/`,`
/// separators or group spaces, an attached multiplier ("200m", "2.1bn") or
/// `%`. Digits followed by other letters make a word ("5G", "2nd").
/// `code_at` is where a currency code before it starts ("EUR100").
fn scan_number(text: &str, start: usize, code_at: Option<usize>) -> (Option<Token<'_>>, usize) {
    let digits_end = |from: usize| {
        let mut j = from;
        while text.as_bytes().get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let mut end = digits_end(start);
    loop {
        match char_at(text, end) {
            Some(('.' | ',', 1))
                if text.as_bytes().get(end + 1).is_some_and(u8::is_ascii_digit) =>
            {
                end = digits_end(end + 1);
            }
            Some((c, l)) if is_group_space(c) => {
                let group_end = digits_end(end + l);
                if group_end == end + l + 3
                    && !char_at(text, group_end).is_some_and(|(n, _)| n.is_ascii_digit())
                {
                    end = group_end;
                } else {
                    break;
                }
            }
            _ => break,
        }
        if end - start > 40 {
            break;
        }
    }
    let digits = text.get(start..end).unwrap_or("");
    // Letters glued to the number.
    let mut suffix_end = end;
    while let Some((c, l)) = char_at(text, suffix_end) {
        if !is_word_char(c) {
            break;
        }
        suffix_end += l;
    }
    let mut raw_start = code_at.unwrap_or(start);
    // Include a currency sign before the number in the raw text.
    if let Some(prev) = text.get(..start).and_then(|h| h.chars().next_back())
        && matches!(prev, '$' | '€' | '£' | '¥')
        && code_at.is_none()
    {
        raw_start = start - prev.len_utf8();
    }
    let mut exponent = 0;
    if suffix_end > end {
        let suffix = text.get(end..suffix_end).unwrap_or("");
        match multiplier_suffix(suffix) {
            Some(e) => exponent = e,
            None if code_at.is_none() && digits.contains(['.', ',']) => {
                // "1.4TB", "2,5GHz": a measure, one word (a word scan
                // would stop at the decimal mark and leave "4TB").
                let raw = text.get(start..suffix_end).unwrap_or(digits);
                return (
                    Some(Token {
                        raw,
                        kind: TokenKind::Word(shape_of(raw)),
                        sentence_start: false,
                    }),
                    suffix_end,
                );
            }
            None => {
                // "5G", "2nd", "A4" continued: a word, possibly hyphenated.
                return scan_word(text, code_at.unwrap_or(start));
            }
        }
    } else if text.get(end..).is_some_and(|r| r.starts_with('-'))
        && char_at(text, end + 1).is_some_and(|(c, _)| c.is_alphabetic())
    {
        // "1.7-billion-euro purchase", "310-million-dollar deal": an
        // amount written as one adjective; its currency word follows as a
        // word of its own. Otherwise "737-MAX", "3-D": a designator.
        let word_end = (end + 1..=text.len())
            .find(|&j| !char_at(text, j).is_some_and(|(c, _)| c.is_ascii_alphabetic()))
            .unwrap_or(text.len());
        match text.get(end + 1..word_end).and_then(hyphenated_multiplier) {
            Some(e) => {
                exponent = e;
                suffix_end = word_end;
            }
            None => return scan_word(text, code_at.unwrap_or(start)),
        }
    }
    let mut raw_end = suffix_end;
    let mut percent = false;
    let rest = text.get(suffix_end..).unwrap_or("");
    let trimmed = rest.trim_start_matches([' ', '\u{00A0}', '\u{202F}']);
    if trimmed.starts_with('%') {
        percent = true;
        raw_end = suffix_end + (rest.len() - trimmed.len()) + 1;
    }
    (
        Some(Token {
            raw: text.get(raw_start..raw_end).unwrap_or(digits),
            kind: TokenKind::Number(RawNumber {
                digits,
                exponent,
                percent,
            }),
            sentence_start: false,
        }),
        raw_end,
    )
}

/// Folds "200 million", "2,1 Milliarden", "35 percent" into their numbers.
fn merge_multipliers<'a>(text: &'a str, tokens: &mut Vec<Token<'a>>, from: usize, lang: Lang) {
    let mut i = from;
    while i + 1 < tokens.len() {
        // Most tokens are words: skip them without copying.
        if !matches!(tokens.get(i), Some(t) if matches!(t.kind, TokenKind::Number(_))) {
            i += 1;
            continue;
        }
        let (Some(cur), Some(next)) = (tokens.get(i).copied(), tokens.get(i + 1).copied()) else {
            break;
        };
        if let (TokenKind::Number(mut n), TokenKind::Word(_)) = (cur.kind, next.kind)
            && n.exponent == 0
            && !n.percent
        {
            if let Some(e) = multiplier_word(next.raw, lang) {
                n.exponent = e;
            } else if is_percent_word(next.raw) {
                n.percent = true;
            } else {
                i += 1;
                continue;
            }
            let mut last = next;
            tokens.remove(i + 1);
            // "per cent", "pour cent": drop the "cent" too.
            if n.percent
                && let Some(cent) = tokens.get(i + 1).copied()
                && cent.raw.eq_ignore_ascii_case("cent")
            {
                last = cent;
                tokens.remove(i + 1);
            }
            if let Some(t) = tokens.get_mut(i) {
                t.kind = TokenKind::Number(n);
                t.raw = span(text, cur.raw, last.raw).unwrap_or(cur.raw);
            }
        }
        i += 1;
    }
}

/// The part of `text` from the start of `first` to the end of `last`, both
/// slices of `text`.
fn span<'a>(text: &'a str, first: &str, last: &str) -> Option<&'a str> {
    let base = text.as_ptr() as usize;
    let start = (first.as_ptr() as usize).checked_sub(base)?;
    let end = (last.as_ptr() as usize).checked_sub(base)? + last.len();
    text.get(start..end)
}

/// Parses the digits of a number in `lang`'s conventions.
///
/// Both `.` and `,` present: the last one is the decimal mark. One kind
/// repeated: thousands groups. One separator followed by exactly three
/// digits: a thousands group in the language's convention ("1,500" in
/// English, "1.500" in German), else a decimal mark.
pub(crate) fn parse_digits(digits: &str, lang: Lang) -> Option<f64> {
    let mut clean = String::with_capacity(digits.len());
    let seps: Vec<(usize, char)> = digits
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    let decimal_at = match seps.as_slice() {
        [] => None,
        [(i, c)] => {
            let after = digits.get(i + c.len_utf8()..).unwrap_or("");
            let groups_like = after.len() == 3;
            let is_group = match c {
                ',' => groups_like && !lang.decimal_comma(),
                '.' => groups_like && lang.decimal_comma(),
                _ => true,
            };
            if is_group { None } else { Some(*i) }
        }
        many => {
            let (last_i, last_c) = *many.last()?;
            let all_same = many.iter().all(|(_, c)| *c == last_c);
            if all_same { None } else { Some(last_i) }
        }
    };
    for (i, c) in digits.char_indices() {
        if c.is_ascii_digit() {
            clean.push(c);
        } else if Some(i) == decimal_at {
            clean.push('.');
        }
    }
    clean.parse::<f64>().ok().filter(|v| v.is_finite())
}
