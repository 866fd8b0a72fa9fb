//! Lexical upgrades of feed dialects feed-rs does not read, so they parse
//! as their modern equivalents instead of yielding empty feeds:
//! - Atom 0.3 (`http://purl.org/atom/ns#`): namespace → Atom 1.0,
//!   `issued` → `published`, `modified` → `updated`, MIME-typed text
//!   constructs → Atom 1.0 `type` keywords;
//! - RSS 0.90 (`http://my.netscape.com/rdf/simple/0.9/`): namespace → RSS 1.0.
//!
//! Also `fix_text_types`, used as a repair: feed-rs rejects the whole feed
//! when one Atom text construct has a `type` other than
//! `text`/`html`/`xhtml` (Atom 0.3 MIME types, `application/octet-stream`,
//! an empty string, ...), and when inline `<content>` of a MIME type has no
//! text (`application/xhtml+xml` with child elements).
//!
//! These are not publisher errors (old formats are valid), so `upgrade`
//! records no repair. Invariant: total, and a document that mentions
//! neither namespace is returned unchanged.

const ATOM03_NS: &str = "http://purl.org/atom/ns#";
const ATOM10_NS: &str = "http://www.w3.org/2005/Atom";
const RSS090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS10_NS: &str = "http://purl.org/rss/1.0/";

/// Atom text constructs (1.0 names plus 0.3's `tagline`, `copyright`, `info`).
const TEXT_CONSTRUCTS: &[&str] = &[
    "title",
    "subtitle",
    "summary",
    "rights",
    "tagline",
    "copyright",
    "info",
];

/// Upgrades Atom 0.3 and RSS 0.90 documents; `None` when neither applies.
pub(super) fn upgrade(text: &str) -> Option<String> {
    let has = |ns: &str| memchr::memmem::find(text.as_bytes(), ns.as_bytes()).is_some();
    let is_atom03 = has(ATOM03_NS);
    let is_rss090 = has(RSS090_NS);
    if !is_atom03 && !is_rss090 {
        return None;
    }
    let mut out = text.to_string();
    if is_rss090 {
        out = out.replace(RSS090_NS, RSS10_NS);
    }
    if is_atom03 {
        out = out.replace(ATOM03_NS, ATOM10_NS);
        for (old, new) in [("issued", "published"), ("modified", "updated")] {
            out = rename_element(&out, old, new);
        }
        out = fix_text_types(&out).0;
    }
    Some(out)
}

/// Renames `<old>`/`<old ...>`/`</old>` (optionally prefixed) to `new`.
fn rename_element(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let tag = &rest[pos..];
        let after_lt = if tag.starts_with("</") { 2 } else { 1 };
        let name_len = tag[after_lt..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.'))
            .count();
        let qname = &tag[after_lt..after_lt + name_len];
        let (prefix, local) = match qname.rsplit_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, qname),
        };
        if local == old {
            out.push_str(&tag[..after_lt]);
            if let Some(p) = prefix {
                out.push_str(p);
                out.push(':');
            }
            out.push_str(new);
        } else {
            out.push_str(&tag[..after_lt + name_len]);
        }
        rest = &tag[after_lt + name_len..];
    }
    out.push_str(rest);
    out
}

/// Maps `type` attributes of Atom text constructs, and of inline (no `src`)
/// `<content>`, to what feed-rs accepts. Returns the text and how many
/// attributes changed.
pub(super) fn fix_text_types(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut changed = 0;
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let tag = &rest[pos..];
        let name_len = tag[1..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.'))
            .count();
        let qname = &tag[1..1 + name_len];
        let local = qname.rsplit(':').next().unwrap_or(qname);
        let end = tag.find('>');
        match end {
            Some(end)
                if TEXT_CONSTRUCTS.contains(&local)
                    || (local == "content" && !tag[..end].contains("src=")) =>
            {
                let (attrs, n) = rewrite_type(&tag[1 + name_len..end]);
                changed += n;
                out.push_str(&tag[..1 + name_len]);
                out.push_str(&attrs);
                out.push('>');
                rest = &tag[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &tag[1..];
            }
        }
    }
    out.push_str(rest);
    (out, changed)
}

/// Rewrites the `type="..."` inside one tag's attribute text.
fn rewrite_type(attrs: &str) -> (String, usize) {
    for quote in ['"', '\''] {
        let needle = format!("type={quote}");
        let Some(start) = attrs.find(&needle) else {
            continue;
        };
        if start > 0 && !attrs.as_bytes()[start - 1].is_ascii_whitespace() {
            continue; // e.g. `xtype=`
        }
        let value_start = start + needle.len();
        let Some(len) = attrs[value_start..].find(quote) else {
            continue;
        };
        let value = &attrs[value_start..value_start + len];
        let mapped = match value.trim().to_ascii_lowercase().as_str() {
            "text" | "html" | "xhtml" | "text/html" => return (attrs.to_string(), 0),
            // feed-rs routes `*/xml` and `*+xml` content to its text-construct
            // reader, which then rejects the MIME type; inline XML is what
            // its xhtml reader handles.
            v if v.contains("xhtml") || v.ends_with("/xml") || v.ends_with("+xml") => "xhtml",
            v if v.contains("html") => "html",
            _ => "text",
        };
        let fixed = format!(
            "{}{mapped}{}",
            &attrs[..value_start],
            &attrs[value_start + len..]
        );
        return (fixed, 1);
    }
    (attrs.to_string(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom03_is_upgraded() {
        let doc = r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title type="text/plain" mode="escaped">t</title><entry><issued>2003-12-31T10:14:55Z</issued><modified>x</modified><summary type='application/xhtml+xml'>s</summary></entry></feed>"#;
        let up = upgrade(doc).expect("atom 0.3 document");
        assert_eq!(
            up,
            r#"<feed version="0.3" xmlns="http://www.w3.org/2005/Atom"><title type="text" mode="escaped">t</title><entry><published>2003-12-31T10:14:55Z</published><updated>x</updated><summary type='xhtml'>s</summary></entry></feed>"#
        );
    }

    #[test]
    fn rss090_namespace_is_upgraded() {
        let doc = r#"<rdf:RDF xmlns="http://my.netscape.com/rdf/simple/0.9/"><item/></rdf:RDF>"#;
        assert_eq!(
            upgrade(doc).as_deref(),
            Some(r#"<rdf:RDF xmlns="http://purl.org/rss/1.0/"><item/></rdf:RDF>"#)
        );
        assert_eq!(upgrade("<rss/>"), None);
    }

    #[test]
    fn text_types_are_mapped() {
        let (t, n) = fix_text_types(
            r#"<title type="application/octet-stream">x</title><title type="">y</title><content type="image/png" src="a.png"/><content type="application/xhtml+xml"><div/></content><title type="html">z</title>"#,
        );
        assert_eq!(
            t,
            r#"<title type="text">x</title><title type="text">y</title><content type="image/png" src="a.png"/><content type="xhtml"><div/></content><title type="html">z</title>"#
        );
        assert_eq!(n, 3);
    }

    #[test]
    fn total_on_odd_input() {
        for s in [
            "<",
            "<title",
            "<title type=\"",
            "</",
            "<a:issued",
            "<issued",
        ] {
            let _ = fix_text_types(s);
            let _ = rename_element(s, "issued", "published");
        }
    }
}
