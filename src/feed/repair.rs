//! Repairs for XML that feed-rs rejects, in the spirit of feedparser's
//! "bozo" handling: fix the common publisher mistakes, retry once.
//!
//! All repairs work on decoded UTF-8 text and are purely lexical. They never
//! touch CDATA sections, comments or the DOCTYPE, where `&` is legal as-is.
//!
//! Invariant: every function here is total (no panics on any input) and
//! returns a human sentence for each kind of change it made, so the feed's
//! health can say what the publisher got wrong.

use super::dialect::fix_text_types;
use super::encoding::attribute_value;
use super::html::{lookup_entity, numeric_reference};

/// The outcome of `repair_xml`: the new text and one sentence per repair.
pub(super) struct Repaired {
    pub text: String,
    pub repairs: Vec<String>,
}

/// Applies every lexical repair: bare `&`, HTML-only named entities,
/// invalid character references, control characters, Atom text constructs
/// with a `type` feed-rs rejects, and a missing or unsupported
/// `<rss version>`.
pub(super) fn repair_xml(text: &str) -> Repaired {
    let mut counts = Counts::default();
    let fixed = fix_references(text, &mut counts);
    let mut repairs = counts.sentences();
    let (fixed, n_types) = fix_text_types(&fixed);
    if n_types > 0 {
        repairs.push(format!(
            "read {n_types} Atom text construct(s) with an unsupported type as text"
        ));
    }
    let fixed = match fix_rss_version(&fixed) {
        Some((t, sentence)) => {
            repairs.push(sentence);
            t
        }
        None => fixed,
    };
    Repaired {
        text: fixed,
        repairs,
    }
}

/// Repairs a JSON Feed that feed-rs rejects: a missing or unknown `version`
/// (`"1.0"`, seen in the wild) or a missing `title`. Only objects with an
/// `items` array are touched: anything else is not a JSON Feed. Returns
/// `None` when there is nothing to repair.
pub(super) fn repair_json(text: &str) -> Option<Repaired> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let obj = value.as_object_mut()?;
    if !obj.get("items").is_some_and(serde_json::Value::is_array) {
        return None;
    }
    let mut repairs = Vec::new();
    let version = obj
        .get("version")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    if !version
        .as_deref()
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/1"))
    {
        let shown = version.unwrap_or_else(|| "(missing)".to_string());
        repairs.push(format!("read JSON Feed version {shown} as 1.1"));
        obj.insert("version".into(), "https://jsonfeed.org/version/1.1".into());
    }
    if !obj.get("title").is_some_and(serde_json::Value::is_string) {
        repairs.push("added the missing JSON Feed title".to_string());
        obj.insert("title".into(), "".into());
    }
    if repairs.is_empty() {
        return None;
    }
    Some(Repaired {
        text: value.to_string(),
        repairs,
    })
}

/// Removes XML declarations that are not at the very start (concatenated
/// feeds): they are illegal, and quick-xml panics on one naming a non-UTF-8
/// encoding. Returns `None` when there are none. Done before the first parse
/// because it prevents a panic.
pub(super) fn remove_misplaced_declarations(text: &str) -> Option<(String, String)> {
    let first_is_decl = text.starts_with("<?xml");
    let mut out = String::new();
    let mut removed = 0;
    let mut last = 0;
    let mut search_from = if first_is_decl { 5 } else { 0 };
    // memmem: a SIMD search; the needle starts with ASCII, so `pos` is on a
    // character boundary.
    while let Some(pos) = memchr::memmem::find(&text.as_bytes()[search_from..], b"<?xml") {
        let at = search_from + pos;
        let after = &text[at + 5..];
        search_from = at + 5;
        if !after.starts_with(|c: char| c.is_whitespace() || c == '?') {
            continue; // `<?xml-stylesheet ...?>` is a legitimate PI
        }
        let Some(end) = after.find("?>") else { break };
        out.push_str(&text[last..at]);
        last = at + 5 + end + 2;
        search_from = last;
        removed += 1;
    }
    if removed == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some((
        out,
        format!("removed {removed} misplaced XML declaration(s)"),
    ))
}

#[derive(Default)]
struct Counts {
    bare_ampersands: usize,
    html_entities: usize,
    invalid_char_refs: usize,
    control_chars: usize,
}

impl Counts {
    fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.bare_ampersands > 0 {
            out.push(format!(
                "escaped {} bare ampersand(s)",
                self.bare_ampersands
            ));
        }
        if self.html_entities > 0 {
            out.push(format!(
                "replaced {} HTML entities unknown to XML",
                self.html_entities
            ));
        }
        if self.invalid_char_refs > 0 {
            out.push(format!(
                "dropped {} invalid character reference(s)",
                self.invalid_char_refs
            ));
        }
        if self.control_chars > 0 {
            out.push(format!(
                "removed {} control character(s) not allowed in XML",
                self.control_chars
            ));
        }
        out
    }
}

/// Characters allowed by the XML 1.0 `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// One pass over the text fixing references and control characters, copying
/// CDATA, comments and the DOCTYPE through verbatim (except control chars).
fn fix_references(text: &str, counts: &mut Counts) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let verbatim_end = if rest.starts_with("<![CDATA[") {
            Some(rest.find("]]>").map_or(rest.len(), |p| p + 3))
        } else if rest.starts_with("<!--") {
            Some(rest.find("-->").map_or(rest.len(), |p| p + 3))
        } else if rest.starts_with("<!DOCTYPE") {
            Some(doctype_len(rest))
        } else {
            None
        };
        if let Some(len) = verbatim_end {
            push_filtered(&mut out, &rest[..len], counts);
            i += len;
            continue;
        }
        // `i` only ever advances by whole chars or ASCII bytes.
        let ch = rest.chars().next().unwrap_or('\u{FFFD}');
        if ch == '&' {
            i += fix_one_reference(rest, &mut out, counts);
            continue;
        }
        if is_xml_char(ch) {
            out.push(ch);
        } else {
            counts.control_chars += 1;
        }
        i += ch.len_utf8();
    }
    out
}

/// Length of a `<!DOCTYPE ...>` including an internal subset in `[...]`.
fn doctype_len(rest: &str) -> usize {
    let bracket = rest.find('[');
    let gt = rest.find('>');
    match (bracket, gt) {
        (Some(b), Some(g)) if b < g => rest[b..]
            .find("]")
            .and_then(|e| rest[b + e..].find('>').map(|g2| b + e + g2 + 1)),
        (_, Some(g)) => Some(g + 1),
        _ => None,
    }
    .unwrap_or(rest.len())
}

fn push_filtered(out: &mut String, s: &str, counts: &mut Counts) {
    for ch in s.chars() {
        if is_xml_char(ch) {
            out.push(ch);
        } else {
            counts.control_chars += 1;
        }
    }
}

/// Handles the `&` at the start of `rest`, writing the repaired form to
/// `out`; returns the number of input bytes consumed.
fn fix_one_reference(rest: &str, out: &mut String, counts: &mut Counts) -> usize {
    let b = rest.as_bytes();
    if b.get(1) == Some(&b'#') {
        if let Some(reference) = numeric_reference(rest).filter(|r| r.terminated) {
            let valid = char::from_u32(reference.value).is_some_and(is_xml_char);
            if valid {
                out.push_str(&rest[..reference.len]);
            } else {
                counts.invalid_char_refs += 1;
            }
            return reference.len;
        }
        counts.bare_ampersands += 1;
        out.push_str("&amp;");
        return 1;
    }
    let name_len = b[1..]
        .iter()
        .take(40)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-' || **c == b'.')
        .count();
    if name_len > 0 && b.get(1 + name_len) == Some(&b';') {
        let name = &rest[1..1 + name_len];
        if matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") {
            out.push_str(&rest[..name_len + 2]);
            return name_len + 2;
        }
        if let Some(rep) = lookup_entity(&rest[1..name_len + 2]) {
            // Numeric references rather than the characters: `&LT;` must
            // not become a literal `<` in the markup.
            for c in rep.chars() {
                out.push_str(&format!("&#{};", c as u32));
            }
            counts.html_entities += 1;
            return name_len + 2;
        }
        // An entity we do not know (perhaps declared in a DTD): leave it,
        // quick-xml keeps unknown references as literal text.
        out.push_str(&rest[..name_len + 2]);
        return name_len + 2;
    }
    counts.bare_ampersands += 1;
    out.push_str("&amp;");
    1
}

/// Gives an `<rss>` root without a `version` (or with one feed-rs does not
/// know, like `2.00` or `0.94`) `version="2.0"`. Returns `None` when the
/// root is fine or there is no `<rss>` root.
fn fix_rss_version(text: &str) -> Option<(String, String)> {
    let start = find_root_start(text)?;
    let after = &text[start + 1..];
    if !after.starts_with("rss")
        || !after[3..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
    {
        return None;
    }
    let tag_end = start + 1 + after.find('>')?;
    let attrs = &text[start + 4..tag_end];
    match attribute_value(attrs, "version") {
        Some("2.0" | "0.91" | "0.92" | "") => None,
        Some(other) => {
            let other = other.to_string();
            let pattern_dq = format!("version=\"{other}\"");
            let pattern_sq = format!("version='{other}'");
            let attrs_fixed = attrs.replacen(&pattern_dq, "version=\"2.0\"", 1).replacen(
                &pattern_sq,
                "version=\"2.0\"",
                1,
            );
            if attrs_fixed == attrs {
                return None;
            }
            let fixed = format!("{}{}{}", &text[..start + 4], attrs_fixed, &text[tag_end..]);
            Some((fixed, format!("read <rss version=\"{other}\"> as RSS 2.0")))
        }
        None => {
            let fixed = format!(
                "{} version=\"2.0\"{}",
                &text[..start + 4],
                &text[start + 4..]
            );
            Some((
                fixed,
                "added the missing version=\"2.0\" to the <rss> root".to_string(),
            ))
        }
    }
}

/// Byte offset of the `<` opening the root element, skipping the prolog
/// (declaration, PIs, comments, DOCTYPE, whitespace).
pub(crate) fn find_root_start(text: &str) -> Option<usize> {
    let mut i = 0;
    loop {
        let rest = &text[i..];
        let skip_ws = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
                .len();
        i += skip_ws;
        let rest = &text[i..];
        if rest.starts_with("<?") {
            i += rest.find("?>")? + 2;
        } else if rest.starts_with("<!--") {
            i += rest.find("-->")? + 3;
        } else if rest.starts_with("<!") {
            i += doctype_len(rest);
        } else if rest.starts_with('<') {
            return Some(i);
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_bare_ampersands_but_not_references() {
        let r = repair_xml("<t>AT&T &amp; &#38; &#x26; & &lt;</t>");
        assert_eq!(r.text, "<t>AT&amp;T &amp; &#38; &#x26; &amp; &lt;</t>");
        assert_eq!(r.repairs, vec!["escaped 2 bare ampersand(s)"]);
    }

    #[test]
    fn replaces_html_entities_with_numeric_references() {
        let r = repair_xml("<t>&nbsp;&eacute;&LT;</t>");
        assert_eq!(r.text, "<t>&#160;&#233;&#60;</t>");
        assert_eq!(r.repairs, vec!["replaced 3 HTML entities unknown to XML"]);
    }

    #[test]
    fn drops_invalid_character_references_and_controls() {
        let r = repair_xml("<t>a&#0;b&#xD800;c\u{1}d&#65;</t>");
        assert_eq!(r.text, "<t>abcd&#65;</t>");
        assert_eq!(r.repairs.len(), 2);
    }

    #[test]
    fn leaves_cdata_comments_and_doctype_alone() {
        let src = "<!DOCTYPE x [<!ENTITY a \"&#38;\">]><t><![CDATA[a & b]]><!-- & --></t>";
        let r = repair_xml(src);
        assert_eq!(r.text, src);
        assert!(r.repairs.is_empty());
    }

    #[test]
    fn rss_version_is_added_or_normalized() {
        let r = repair_xml("<?xml version=\"1.0\"?>\n<rss><channel/></rss>");
        assert_eq!(
            r.text,
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>"
        );
        let r = repair_xml("<rss version='2.00' xmlns:a='b'><channel/></rss>");
        assert_eq!(r.text, "<rss version=\"2.0\" xmlns:a='b'><channel/></rss>");
        assert!(repair_xml("<rss version=\"2.0\"/>").repairs.is_empty());
        assert!(repair_xml("<rssfoo/>").repairs.is_empty());
    }

    #[test]
    fn misplaced_declarations_are_removed() {
        let (t, _) = remove_misplaced_declarations(
            "<?xml version='1.0'?><a/><?xml version='1.0' encoding='x'?><b/>",
        )
        .expect("one misplaced declaration");
        assert_eq!(t, "<?xml version='1.0'?><a/><b/>");
        assert!(
            remove_misplaced_declarations("<?xml version='1.0'?><?xml-stylesheet a?><a/>")
                .is_none()
        );
    }

    #[test]
    fn json_feed_version_and_title() {
        let r = repair_json(r#"{"version":"1.0","items":[]}"#).expect("repairable");
        assert_eq!(r.repairs.len(), 2);
        assert!(r.text.contains("https://jsonfeed.org/version/1.1"));
        assert!(
            repair_json(r#"{"version":"https://jsonfeed.org/version/1","title":"t","items":[]}"#)
                .is_none()
        );
        assert!(repair_json(r#"{"not":"a feed"}"#).is_none());
        assert!(repair_json("[1,2").is_none());
    }

    #[test]
    fn total_on_odd_input() {
        for s in [
            "&",
            "&#",
            "&#x",
            "&#;",
            "<!DOCTYPE",
            "<![CDATA[",
            "<!--",
            "<rss",
            "é&é",
        ] {
            let _ = repair_xml(s);
            let _ = remove_misplaced_declarations(s);
            let _ = find_root_start(s);
        }
    }
}
