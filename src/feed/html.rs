//! HTML to plain text, and HTML character-reference decoding.
//!
//! Feed text fields are HTML (or HTML-escaped text) of unknown quality, and
//! everything downstream (topic matching, alert payloads) wants plain text.
//! This is a small single-pass scanner, not an HTML parser: it does not build
//! a tree, so malformed markup can never make it fail, loop or recurse.
//!
//! Invariants: total over any `&str` (never panics), output has no leading or
//! trailing whitespace, no runs of spaces, and at most one `\n` in a row.

use super::entities::ENTITIES;

/// Elements whose contents are never text a reader sees. (`iframe` and
/// `object` contents are fallback text for when the embed fails, which in
/// plain text it always does, so they are kept.)
const DROPPED_ELEMENTS: &[&str] = &["script", "style", "template", "noscript"];

/// Elements that start a new line (block-level, plus `br`). Table cells get a
/// space instead so a row reads as one line.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

/// Strips tags (dropping `<script>`/`<style>` and similar contents), decodes
/// all HTML5 named and numeric character references, turns block elements
/// into line breaks and collapses whitespace.
///
/// A `<` that does not start something tag-like (`x < y`, `a<3`) is kept as
/// text, so plain-text titles survive.
pub fn html_to_text(html: &str) -> String {
    // Text is rarely longer than its markup: one allocation, not one per
    // doubling (callers pass bounded prefixes of fields).
    let mut out = TextSink {
        text: String::with_capacity(html.len()),
        ..TextSink::default()
    };
    let bytes = html.as_bytes();
    // Past the last `>` no tag can close: `<` there is text, without a scan.
    let last_gt = html.rfind('>');
    let mut scan = TagScan::default();
    let mut i = 0;
    while i < html.len() {
        let b = bytes[i];
        if b == b'<' && last_gt.is_some_and(|g| g > i) {
            if let Some(next) = markup_end(html, i, &mut out, &mut scan) {
                i = next;
                continue;
            }
            out.push_char('<');
            i += 1;
        } else if b == b'&' {
            let (decoded, used) = decode_reference(&html[i..]);
            match decoded {
                Some(text) => out.push_str(&text),
                None if used == 0 => out.push_char('&'),
                None => {} // an invalid numeric reference: dropped
            }
            i += used.max(1);
        } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            // What `push_char` does with breaking whitespace.
            out.space();
            i += 1;
        } else if is_plain_ascii(b) {
            // A run of visible ASCII (no markup, reference or control), with
            // single spaces between its characters, is copied whole: what
            // `push_char` would do per char (a lone space between two
            // visible characters is written as it is).
            let run = plain_run_end(bytes, i);
            out.push_plain(&html[i..run]);
            i = run;
        } else {
            // `i` is always on a char boundary: we only ever advance by whole
            // chars or past ASCII bytes.
            let ch = html[i..].chars().next().unwrap_or('\u{FFFD}');
            out.push_char(ch);
            i += ch.len_utf8();
        }
    }
    out.finish()
}

/// A visible ASCII character that is neither markup (`<`) nor a reference
/// (`&`): text as it is.
fn is_plain_ascii(b: u8) -> bool {
    PLAIN_ASCII[usize::from(b)]
}

/// [`is_plain_ascii`] by byte value.
static PLAIN_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_graphic() && c != b'<' && c != b'&';
        b += 1;
    }
    table
};

/// End of the run of plain text starting at `start` (a plain ASCII byte):
/// plain ASCII bytes, and single spaces each followed by one. Such a run
/// becomes text unchanged.
fn plain_run_end(bytes: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while let Some(&b) = bytes.get(j) {
        if is_plain_ascii(b) {
            j += 1;
        } else if b == b' ' && bytes.get(j + 1).is_some_and(|&n| is_plain_ascii(n)) {
            j += 2;
        } else {
            break;
        }
    }
    j
}

/// Decodes character references in `text` without touching anything else.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let (decoded, used) = decode_reference(&rest[pos..]);
        match decoded {
            Some(s) => out.push_str(&s),
            None if used == 0 => out.push('&'),
            None => {}
        }
        rest = &rest[pos + used.max(1)..];
    }
    out.push_str(rest);
    out
}

/// Looks up an HTML5 named reference; `name` has no `&` and includes the `;`
/// where one is present.
pub(crate) fn lookup_entity(name: &str) -> Option<&'static str> {
    ENTITIES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|idx| ENTITIES[idx].1)
}

/// Decodes the reference at the start of `s` (which starts with `&`).
///
/// Returns the replacement and the number of bytes consumed. `(None, 0)`
/// means "not a reference, keep the `&`"; `(None, n)` with `n > 0` means a
/// numeric reference to a character that may not appear in text (NUL,
/// surrogates, beyond U+10FFFF): it is dropped rather than shown as U+FFFD,
/// because these are publisher bugs, not content.
pub(crate) fn decode_reference(s: &str) -> (Option<String>, usize) {
    let b = s.as_bytes();
    if b.len() < 2 {
        return (None, 0);
    }
    if let Some(reference) = numeric_reference(s) {
        return match numeric_char(reference.value) {
            Some(c) => (Some(c.to_string()), reference.len),
            None => (None, reference.len),
        };
    }
    if b[1] == b'#' {
        return (None, 0);
    }
    let name_len = b[1..]
        .iter()
        .take(40)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return (None, 0);
    }
    let name = &s[1..1 + name_len];
    if b.get(1 + name_len) == Some(&b';')
        && let Some(rep) = lookup_entity(&s[1..name_len + 2])
    {
        return (Some(rep.to_string()), name_len + 2);
    }
    // Legacy references without `;` (`&copy 2024`, `&eacutex` is not one):
    // HTML5 takes the longest prefix that is such a name.
    for len in (2..=name_len.min(8)).rev() {
        if let Some(rep) = lookup_entity(&name[..len]) {
            return (Some(rep.to_string()), 1 + len);
        }
    }
    (None, 0)
}

/// A numeric character reference (`&#233;`, `&#xE9;`, or without the `;`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumericRef {
    /// The number; `u32::MAX` when it does not fit.
    pub value: u32,
    /// Bytes spanned, the `;` included when present.
    pub len: usize,
    /// Whether it ends with `;` (XML requires it; HTML does not).
    pub terminated: bool,
}

/// The numeric character reference at the start of `s`, if `s` starts with
/// `&#` followed by at least one (hex) digit.
pub(crate) fn numeric_reference(s: &str) -> Option<NumericRef> {
    let b = s.as_bytes();
    if b.get(..2) != Some(b"&#") {
        return None;
    }
    let (hex, start) = match b.get(2) {
        Some(b'x') | Some(b'X') => (true, 3),
        _ => (false, 2),
    };
    let digits = b[start.min(b.len())..]
        .iter()
        .take_while(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    let end = start + digits;
    let terminated = b.get(end) == Some(&b';');
    let value = u32::from_str_radix(&s[start..end], if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
    Some(NumericRef {
        value,
        len: end + usize::from(terminated),
        terminated,
    })
}

/// Maps a numeric reference to a character the way HTML5 does (C1 controls
/// are read as windows-1252, the classic mislabelled-Latin-1 case), or
/// `None` for values that are never text.
pub(crate) fn numeric_char(value: u32) -> Option<char> {
    const C1: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match value {
        0 => None,
        0x80..=0x9F => char::from_u32(C1[(value - 0x80) as usize]),
        _ => char::from_u32(value),
    }
}

/// If a tag, comment, CDATA section or declaration starts at `start`, handles
/// it (emitting breaks or CDATA text into `out`) and returns the index just
/// past it. Returns `None` when the `<` is ordinary text.
fn markup_end(html: &str, start: usize, out: &mut TextSink, scan: &mut TagScan) -> Option<usize> {
    let rest = &html[start..];
    let b = rest.as_bytes();
    if rest.starts_with("<!--") {
        return Some(rest.find("-->").map_or(html.len(), |p| start + p + 3));
    }
    if rest.starts_with("<![CDATA[") {
        let body_start = start + 9;
        let end = html[body_start..]
            .find("]]>")
            .map_or(html.len(), |p| body_start + p);
        for ch in html[body_start..end].chars() {
            out.push_char(ch);
        }
        return Some((end + 3).min(html.len()));
    }
    if b.len() >= 2 && (b[1] == b'!' || b[1] == b'?') {
        return Some(rest.find('>').map_or(html.len(), |p| start + p + 1));
    }
    let closing = b.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = scan.tag_end(html.as_bytes(), start + name_start)? - start;
    let name_len = b[name_start..end]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
        .count();
    let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
    // Namespaced XHTML (`<xhtml:p>`) behaves like the local name.
    let local = name.rsplit(':').next().unwrap_or(&name);
    let self_closing = b[end - 1] == b'/';
    if !closing && !self_closing && DROPPED_ELEMENTS.contains(&local) {
        return Some(skip_element_contents(html, start + end + 1, &name));
    }
    if BLOCK_ELEMENTS.contains(&local) {
        out.line_break();
    } else if matches!(local, "td" | "th" | "img") {
        out.space();
    }
    Some(start + end + 1)
}

/// Longest tag we look for the end of. Bounds the work per `<`, so text
/// full of unclosed `<a` cannot make this quadratic; a longer "tag" (say an
/// inline image as a data URI) is read as text.
const MAX_TAG_LEN: usize = 128 * 1024;

/// Finds tag ends while keeping the total work linear: a quote-aware scan
/// that fails (an unbalanced quote) is not repeated for `<`s inside the
/// region it already covered, where the plain "next `>`" rule applies.
#[derive(Default)]
struct TagScan {
    /// Quote-aware scanning is skipped for tags starting before this index.
    quote_horizon: usize,
    /// Cache `(from, at)`: the first `>` at or after `from` is at `at`
    /// (`None`: there is none), so repeated look-ups never rescan.
    next_gt: Option<(usize, Option<usize>)>,
}

impl TagScan {
    /// Index of the `>` closing the tag whose name starts at `from` (an
    /// index into `b`, the whole document), honouring quoted attribute
    /// values; `None` if the tag does not close within `MAX_TAG_LEN` (then
    /// the `<` is treated as text, which keeps "a <b" readable).
    fn tag_end(&mut self, b: &[u8], from: usize) -> Option<usize> {
        let window = &b[from..b.len().min(from + MAX_TAG_LEN)];
        if from >= self.quote_horizon {
            let mut quote: Option<u8> = None;
            for (i, &c) in window.iter().enumerate() {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == b'"' || c == b'\'' => quote = Some(c),
                    None if c == b'>' => return Some(from + i),
                    None => {}
                }
            }
            self.quote_horizon = from + window.len();
        }
        // An unbalanced quote (`<a title="x>`): browsers would swallow the
        // rest of the document; taking the first `>` keeps the text.
        let at = match self.next_gt {
            // Still valid: nothing between the cached start and `at`.
            Some((start, at)) if start <= from && at.is_none_or(|g| g >= from) => at,
            _ => {
                let at = b[from..].iter().position(|&c| c == b'>').map(|p| from + p);
                self.next_gt = Some((from, at));
                at
            }
        };
        at.filter(|g| g - from < MAX_TAG_LEN)
    }
}

/// Skips to just past `</name ...>` (ASCII case-insensitive), or to the end.
pub(crate) fn skip_element_contents(html: &str, from: usize, name: &str) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(p) = html[i..].find("</") {
        let at = i + p + 2;
        let candidate = &b[at..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && candidate
                .get(name.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return html[at..].find('>').map_or(html.len(), |q| at + q + 1);
        }
        i = at;
    }
    html.len()
}

/// Accumulates text, collapsing whitespace lazily: separators are only
/// written when more visible text follows, so there is nothing to trim.
#[derive(Default)]
struct TextSink {
    text: String,
    pending_space: bool,
    pending_break: bool,
}

impl TextSink {
    fn push_str(&mut self, s: &str) {
        for ch in s.chars() {
            self.push_char(ch);
        }
    }

    fn push_char(&mut self, ch: char) {
        // NBSP and friends are deliberate, so only breaking whitespace and
        // invisible control characters collapse.
        if ch.is_whitespace() && ch != '\u{A0}' && ch != '\u{202F}' && ch != '\u{2007}' {
            self.pending_space = true;
            return;
        }
        // C1 controls in text are windows-1252 bytes that went through a
        // Latin-1 decoder somewhere upstream ("demoronizing"); other
        // controls are invisible junk.
        let ch = match ch {
            '\u{80}'..='\u{9F}' => match numeric_char(ch as u32) {
                Some(c) if !c.is_control() => c,
                _ => return,
            },
            c if c.is_control() => return,
            c => c,
        };
        if !self.text.is_empty() {
            if self.pending_break {
                self.text.push('\n');
            } else if self.pending_space {
                self.text.push(' ');
            }
        }
        self.pending_space = false;
        self.pending_break = false;
        self.text.push(ch);
    }

    /// Text of visible ASCII characters only ([`is_plain_ascii`]): the same
    /// as `push_char` for each of them.
    fn push_plain(&mut self, run: &str) {
        if run.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            if self.pending_break {
                self.text.push('\n');
            } else if self.pending_space {
                self.text.push(' ');
            }
        }
        self.pending_space = false;
        self.pending_break = false;
        self.text.push_str(run);
    }

    fn line_break(&mut self) {
        self.pending_break = true;
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn finish(mut self) -> String {
        // Markup much longer than its text (a huge field of tags) leaves
        // room the entry need not keep while its poll is stored.
        if self.text.capacity() > self.text.len() + self.text.len() / 4 + 64 {
            self.text.shrink_to_fit();
        }
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `html_to_text` as it was before runs of plain ASCII were copied
    /// whole: every character through `push_char`.
    fn char_by_char(html: &str) -> String {
        let mut out = TextSink::default();
        let bytes = html.as_bytes();
        let last_gt = html.rfind('>');
        let mut scan = TagScan::default();
        let mut i = 0;
        while i < html.len() {
            let b = bytes[i];
            if b == b'<' && last_gt.is_some_and(|g| g > i) {
                if let Some(next) = markup_end(html, i, &mut out, &mut scan) {
                    i = next;
                    continue;
                }
                out.push_char('<');
                i += 1;
            } else if b == b'&' {
                let (decoded, used) = decode_reference(&html[i..]);
                match decoded {
                    Some(text) => out.push_str(&text),
                    None if used == 0 => out.push_char('&'),
                    None => {}
                }
                i += used.max(1);
            } else {
                let ch = html[i..].chars().next().unwrap_or('\u{FFFD}');
                out.push_char(ch);
                i += ch.len_utf8();
            }
        }
        out.finish()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]
        /// Copying plain ASCII runs (with their single spaces) whole changes
        /// nothing.
        #[test]
        fn ascii_runs_copy_as_char_by_char(
            html in "(ab|Z9| |  |a b|[ \t\n]|<p>|</p>|<br>|<b>|<script>x</script>|&amp;|&#233;|&bogus|<|>|é|\u{85}|\u{7}|\u{A0}|x < y)*"
        ) {
            proptest::prop_assert_eq!(html_to_text(&html), char_by_char(&html));
        }
    }

    #[test]
    fn strips_tags_and_drops_script_and_style() {
        let html =
            "<p>Hello <b>world</b></p><script>alert('x<y')</script><style>p{}</style><p>Bye</p>";
        assert_eq!(html_to_text(html), "Hello world\nBye");
    }

    #[test]
    fn script_close_tag_is_case_insensitive() {
        assert_eq!(html_to_text("a<SCRIPT type=x>1</Script >b"), "ab");
        assert_eq!(html_to_text("a<script>never closed"), "a");
    }

    #[test]
    fn decodes_named_and_numeric_entities() {
        assert_eq!(
            html_to_text("A&nbsp;B &copy; &eacute;t&eacute; &#233; &#xE9; &amp;"),
            "A\u{a0}B © été é é &"
        );
        assert_eq!(
            html_to_text("&zwj;&NotNestedGreaterGreater;"),
            "\u{200d}\u{2aa2}\u{338}"
        );
        // Legacy references without a semicolon, and non-references.
        assert_eq!(
            html_to_text("&copy 2024 AT&T &foo; &"),
            "© 2024 AT&T &foo; &"
        );
        // C1 range is windows-1252, NUL and surrogates are dropped.
        assert_eq!(html_to_text("&#150;&#0;&#xD800;x"), "–x");
        // Raw C1 controls too, other controls vanish.
        assert_eq!(html_to_text("don\u{92}t\u{1}\u{81}"), "don’t");
    }

    #[test]
    fn collapses_whitespace_and_blocks() {
        assert_eq!(
            html_to_text("  a \n\t b  <br/> c<div> </div><div>d</div>  "),
            "a b\nc\nd"
        );
        assert_eq!(
            html_to_text("<table><tr><td>1</td><td>2</td></tr></table>"),
            "1 2"
        );
    }

    #[test]
    fn keeps_text_that_only_looks_like_markup() {
        assert_eq!(
            html_to_text("x < y and a<3 and 5>4"),
            "x < y and a<3 and 5>4"
        );
        assert_eq!(html_to_text("unclosed <b"), "unclosed <b");
    }

    #[test]
    fn comments_cdata_and_attributes() {
        assert_eq!(html_to_text("a<!-- <p>hidden</p> -->b"), "ab");
        assert_eq!(html_to_text("<![CDATA[x & y]]>"), "x & y");
        assert_eq!(
            html_to_text(r#"<a title="1 > 0" href='x'>link</a>"#),
            "link"
        );
    }

    #[test]
    fn decode_entities_only_touches_references() {
        assert_eq!(decode_entities("<b>&lt;&nbsp;</b>"), "<b><\u{a0}</b>");
    }

    #[test]
    fn unbalanced_quotes_and_many_unclosed_tags_stay_linear() {
        assert_eq!(html_to_text(r#"<a title="x>link</a> after"#), "link after");
        let spam = "<a".repeat(200_000);
        let started = std::time::Instant::now();
        assert_eq!(html_to_text(&spam).len(), spam.len());
        let spam_then_gt = format!("{}>", "<a \"".repeat(50_000));
        let _ = html_to_text(&spam_then_gt);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "<",
            "&",
            "&#",
            "&#x",
            "<!",
            "<!--",
            "<![CDATA[",
            "</",
            "<a",
            "é<é&é",
            "&#99999999999;",
        ] {
            let _ = html_to_text(s);
            let _ = decode_entities(s);
        }
    }
}
