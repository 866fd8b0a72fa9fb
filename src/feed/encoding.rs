//! Character-set detection and decoding of a fetched feed body to UTF-8.
//!
//! feed-rs (through quick-xml) decodes strictly, fails the whole feed on one
//! invalid byte, and panics on a long declaration naming a non-UTF-8
//! encoding. So we decode ourselves and hand feed-rs UTF-8 whose declaration
//! says UTF-8 (see `rewrite_declaration`).
//!
//! Precedence (feedparser's RFC 3023 rules, made forgiving the same way
//! feedparser is: a candidate that cannot decode the bytes strictly is
//! skipped):
//! 1. a byte-order mark, or the UTF-16/32 byte pattern of `<?`, decides alone;
//! 2. `application/xml`, `application/*+xml` and friends: HTTP `charset`,
//!    then the XML declaration, then UTF-8;
//! 3. `text/xml`, `text/*+xml`, other `text/*`: HTTP `charset`, else
//!    US-ASCII (RFC 3023). Servers send bare `text/xml` for UTF-8 feeds all
//!    the time, so when the bytes are not ASCII we go on to the declaration
//!    and UTF-8 without calling it a repair;
//! 4. no or another content type: the XML declaration, then UTF-8.
//!
//! A body labelled windows-1252/ISO-8859-1 (which never fails to decode)
//! whose bytes are valid, non-ASCII UTF-8 is read as UTF-8 (a repair).
//!
//! When no candidate decodes strictly: a declared non-UTF-8 charset is used
//! lossily; otherwise bytes that contain no valid multi-byte UTF-8 at all are
//! read as windows-1252 (Latin-1 served without a label), and bytes that do
//! are read as UTF-8 with U+FFFD for the stray bytes. Either is recorded as a
//! repair.
//!
//! Invariant: `decode` never fails and never panics; the text it returns is
//! valid UTF-8 without a BOM.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The result of decoding a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// Lower-case name of the charset used, as feedparser reports it
    /// (`utf-8`, `us-ascii`, `iso-8859-1`, `utf-16le`, `gb18030`, ...).
    pub charset: String,
    /// Human sentences for anything that was not a clean decode.
    pub repairs: Vec<String>,
}

/// How the body's bytes are laid out at the start.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// Decodes `body` to UTF-8 according to the module rules.
pub fn decode(body: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((wide, bom_len, name)) = sniff_wide(body) {
        let (text, replaced) = decode_wide(&body[bom_len..], wide);
        let mut repairs = Vec::new();
        if replaced > 0 {
            repairs.push(format!("replaced {replaced} invalid {name} sequences"));
        }
        return Decoded {
            text,
            charset: name.to_string(),
            repairs,
        };
    }
    let (body, had_utf8_bom) = match body.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (body, false),
    };
    if had_utf8_bom {
        return decode_utf8_lenient(body, "utf-8", true);
    }

    let (media_type, http_charset) = parse_content_type(content_type);
    let xml_charset = declared_xml_encoding(body);
    let is_app_xml = media_type.starts_with("application/")
        && (media_type.ends_with("+xml")
            || matches!(
                media_type.as_str(),
                "application/xml"
                    | "application/xml-dtd"
                    | "application/xml-external-parsed-entity"
            ));
    let is_text = media_type.starts_with("text/");

    // Candidate labels in order of precedence; `None` means "unknown label".
    let mut candidates: Vec<String> = Vec::new();
    if is_text {
        candidates.extend(http_charset.clone());
        candidates.push("us-ascii".to_string());
        candidates.extend(xml_charset.clone());
    } else if is_app_xml {
        candidates.extend(http_charset.clone());
        candidates.extend(xml_charset.clone());
    } else {
        candidates.extend(xml_charset.clone());
        candidates.extend(http_charset.clone());
    }
    candidates.push("utf-8".to_string());

    for label in &candidates {
        if label == "us-ascii" || label == "ascii" {
            if body.is_ascii() {
                return clean(body, "us-ascii");
            }
            continue;
        }
        let Some(encoding) = lookup(label) else {
            continue;
        };
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(body) {
            // Latin-1/windows-1252 never fails to decode, so a mislabelled
            // UTF-8 feed would silently become mojibake. Non-ASCII text that
            // is valid UTF-8 is practically never meant as Latin-1.
            if encoding == WINDOWS_1252
                && !body.is_ascii()
                && let Ok(utf8) = std::str::from_utf8(body)
            {
                return Decoded {
                    text: utf8.to_string(),
                    charset: "utf-8".to_string(),
                    repairs: vec![format!(
                        "decoded as UTF-8 although {label} was declared: the bytes are valid UTF-8"
                    )],
                };
            }
            let charset = report_name(label, encoding);
            return Decoded {
                text: text.into_owned(),
                charset,
                repairs: Vec::new(),
            };
        }
    }

    // Nothing decodes cleanly.
    let declared = http_charset.iter().chain(xml_charset.iter()).find(|l| {
        lookup(l).is_some_and(|e| e != UTF_8) && !matches!(l.as_str(), "us-ascii" | "ascii")
    });
    if let Some(label) = declared {
        // Checked just above: `lookup` succeeded for this label.
        let encoding = lookup(label).unwrap_or(WINDOWS_1252);
        let (text, _) = encoding.decode_without_bom_handling(body);
        return Decoded {
            text: text.into_owned(),
            charset: report_name(label, encoding),
            repairs: vec![format!(
                "replaced invalid {} byte sequences",
                encoding.name()
            )],
        };
    }
    decode_utf8_lenient(body, "utf-8", false)
}

/// A clean ASCII-compatible decode (the bytes are known to be ASCII).
fn clean(body: &[u8], charset: &str) -> Decoded {
    Decoded {
        text: String::from_utf8_lossy(body).into_owned(),
        charset: charset.to_string(),
        repairs: Vec::new(),
    }
}

/// UTF-8 when the bytes are UTF-8; otherwise decide between "UTF-8 with a few
/// bad bytes" (lossy) and "actually windows-1252" (no valid multi-byte
/// sequence at all).
fn decode_utf8_lenient(body: &[u8], charset: &str, bom: bool) -> Decoded {
    if let Ok(text) = std::str::from_utf8(body) {
        return Decoded {
            text: text.to_string(),
            charset: charset.to_string(),
            repairs: Vec::new(),
        };
    }
    let (valid_multibyte, invalid) = utf8_stats(body);
    if valid_multibyte == 0 && !bom {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(body);
        return Decoded {
            text: text.into_owned(),
            charset: "windows-1252".to_string(),
            repairs: vec![
                "decoded as windows-1252 because the document is not valid UTF-8".to_string(),
            ],
        };
    }
    let text = String::from_utf8_lossy(body).into_owned();
    Decoded {
        text,
        charset: charset.to_string(),
        repairs: vec![format!(
            "replaced {invalid} invalid UTF-8 byte sequence(s) with U+FFFD"
        )],
    }
}

/// Counts valid multi-byte UTF-8 sequences and invalid stretches.
fn utf8_stats(mut bytes: &[u8]) -> (usize, usize) {
    let (mut valid_multibyte, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                return (valid_multibyte, invalid);
            }
            Err(e) => {
                let good = e.valid_up_to();
                // `valid_up_to` is exactly the valid prefix, so this cannot fail.
                valid_multibyte += std::str::from_utf8(&bytes[..good])
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                invalid += 1;
                let skip = e.error_len().unwrap_or(bytes.len() - good);
                bytes = &bytes[good + skip..];
            }
        }
    }
}

/// Detects UTF-16/UTF-32 by BOM or by the encoded `<?` / `<` pattern.
/// Returns the layout, the BOM length and feedparser's name for it.
fn sniff_wide(b: &[u8]) -> Option<(Wide, usize, &'static str)> {
    let starts = |p: &[u8]| b.starts_with(p);
    if starts(b"\x00\x00\xFE\xFF") {
        Some((Wide::Utf32Be, 4, "utf-32be"))
    } else if starts(b"\xFF\xFE\x00\x00") {
        Some((Wide::Utf32Le, 4, "utf-32le"))
    } else if starts(b"\xFE\xFF") {
        Some((Wide::Utf16Be, 2, "utf-16be"))
    } else if starts(b"\xFF\xFE") {
        Some((Wide::Utf16Le, 2, "utf-16le"))
    } else if starts(b"\x00\x00\x00\x3C") {
        Some((Wide::Utf32Be, 0, "utf-32be"))
    } else if starts(b"\x3C\x00\x00\x00") {
        Some((Wide::Utf32Le, 0, "utf-32le"))
    } else if starts(b"\x00\x3C\x00\x3F")
        || starts(b"\x00\x3C\x00\x72")
        || starts(b"\x00\x3C\x00\x66")
    {
        Some((Wide::Utf16Be, 0, "utf-16be"))
    } else if starts(b"\x3C\x00\x3F\x00")
        || starts(b"\x3C\x00\x72\x00")
        || starts(b"\x3C\x00\x66\x00")
    {
        Some((Wide::Utf16Le, 0, "utf-16le"))
    } else {
        None
    }
}

/// Decodes UTF-16 with encoding_rs, UTF-32 by hand (encoding_rs, following
/// WHATWG, has no UTF-32). Returns the text and the number of replacements.
fn decode_wide(b: &[u8], wide: Wide) -> (String, usize) {
    match wide {
        Wide::Utf16Le | Wide::Utf16Be => {
            let enc = if wide == Wide::Utf16Le {
                UTF_16LE
            } else {
                UTF_16BE
            };
            let (text, had_errors) = enc.decode_without_bom_handling(b);
            (text.into_owned(), usize::from(had_errors))
        }
        Wide::Utf32Le | Wide::Utf32Be => {
            let mut replaced = 0;
            let mut text = String::with_capacity(b.len() / 4);
            for chunk in b.chunks(4) {
                let Ok(bytes) = <[u8; 4]>::try_from(chunk) else {
                    replaced += 1;
                    text.push('\u{FFFD}');
                    continue;
                };
                let v = if wide == Wide::Utf32Le {
                    u32::from_le_bytes(bytes)
                } else {
                    u32::from_be_bytes(bytes)
                };
                match char::from_u32(v) {
                    Some(c) => text.push(c),
                    None => {
                        replaced += 1;
                        text.push('\u{FFFD}');
                    }
                }
            }
            (text, replaced)
        }
    }
}

/// Splits a Content-Type header into a lower-case media type and the
/// `charset` parameter (unquoted, lower-case), if any.
pub(crate) fn parse_content_type(content_type: Option<&str>) -> (String, Option<String>) {
    let Some(ct) = content_type else {
        return (String::new(), None);
    };
    let mut parts = ct.split(';');
    let media_type = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let v = v
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim()
            .to_ascii_lowercase();
        (!v.is_empty()).then_some(v)
    });
    (media_type, charset)
}

/// The `encoding="..."` of an XML declaration at the very start of `body`
/// (after optional whitespace), lower-case.
pub(crate) fn declared_xml_encoding(body: &[u8]) -> Option<String> {
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &body[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = rest.windows(2).take(512).position(|w| w == b"?>")?;
    let decl = String::from_utf8_lossy(&rest[5..end]).into_owned();
    attribute_value(&decl, "encoding")
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
}

/// Value of `name="..."` (or single quotes) inside a tag's attribute text.
pub(crate) fn attribute_value<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut search = attrs;
    while let Some(pos) = search.find(name) {
        let before_ok = pos == 0 || search.as_bytes()[pos - 1].is_ascii_whitespace();
        let after = search[pos + name.len()..].trim_start();
        if before_ok && let Some(after_eq) = after.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let quote = after_eq.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &after_eq[1..];
                return value.find(quote).map(|end| &value[..end]);
            }
            return None;
        }
        search = &search[pos + name.len()..];
    }
    None
}

/// Maps a charset label to an encoding_rs encoding (WHATWG label rules:
/// `iso-8859-1` and `us-ascii` mean windows-1252, `gb2312` means GBK).
fn lookup(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label_no_replacement(label.as_bytes())
}

/// The name feedparser reports for a label that decoded the body.
fn report_name(label: &str, encoding: &'static Encoding) -> String {
    if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
        return "gb18030".to_string();
    }
    if encoding == UTF_8 {
        return "utf-8".to_string();
    }
    label.to_string()
}

/// Makes the XML declaration (if any) say UTF-8, since the text now is, and
/// strips leading whitespace before it (a declaration must come first).
/// Leaves non-XML text (JSON) untouched.
pub(super) fn rewrite_declaration(mut text: String) -> String {
    // In place: the document may be 16 MiB, and a copy would double it.
    let kept = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .len();
    text.drain(..text.len() - kept);
    let Some(after) = text.strip_prefix("<?xml") else {
        return text;
    };
    if !after.starts_with(|c: char| c.is_whitespace() || c == '?') {
        return text;
    }
    if let Some(end) = after.find("?>") {
        text.replace_range(
            .."<?xml".len() + end + 2,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(body: &[u8], ct: Option<&str>) -> Decoded {
        decode(body, ct)
    }

    #[test]
    fn windows_1252_via_content_type() {
        let d = dec(
            b"<rss>caf\xe9 \x93q\x94 \x80</rss>",
            Some("application/rss+xml; charset=windows-1252"),
        );
        assert_eq!(d.text, "<rss>café “q” €</rss>");
        assert_eq!(d.charset, "windows-1252");
        assert!(d.repairs.is_empty());
    }

    #[test]
    fn iso_8859_1_via_declaration() {
        let d = dec(
            b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xe9</a>",
            None,
        );
        assert!(d.text.ends_with("<a>é</a>"));
        assert_eq!(d.charset, "iso-8859-1");
    }

    #[test]
    fn shift_jis_via_header_and_declaration() {
        let sjis = b"\x93\xfa\x96\x7b"; // 日本
        let mut body = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><t>".to_vec();
        body.extend_from_slice(sjis);
        body.extend_from_slice(b"</t>");
        assert!(dec(&body, None).text.contains("<t>日本</t>"));
        let plain = [b"<t>".as_slice(), sjis, b"</t>"].concat();
        let d = dec(&plain, Some("text/xml; charset=\"Shift_JIS\""));
        assert_eq!(d.text, "<t>日本</t>");
        assert_eq!(d.charset, "shift_jis");
    }

    #[test]
    fn http_charset_overrides_declaration_when_it_decodes() {
        let body = b"<?xml version='1.0' encoding='iso-8859-1'?><a>x</a>";
        assert_eq!(
            dec(body, Some("application/xml; charset=us-ascii")).charset,
            "us-ascii"
        );
        assert_eq!(dec(body, Some("text/xml")).charset, "us-ascii");
        assert_eq!(dec(body, Some("application/xml")).charset, "iso-8859-1");
        assert_eq!(dec(b"<a/>", None).charset, "utf-8");
    }

    #[test]
    fn boms_and_wide_encodings() {
        assert_eq!(dec(b"\xEF\xBB\xBF<a>\xc3\xa9</a>", None).text, "<a>é</a>");
        let utf16le: Vec<u8> = "\u{FEFF}<a>é</a>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = dec(&utf16le, Some("text/xml; charset=iso-8859-1"));
        assert_eq!(
            (d.text.as_str(), d.charset.as_str()),
            ("<a>é</a>", "utf-16le")
        );
        let utf32be: Vec<u8> = "<?xml?><a>é</a>"
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        let d = dec(&utf32be, None);
        assert_eq!(
            (d.text.as_str(), d.charset.as_str()),
            ("<?xml?><a>é</a>", "utf-32be")
        );
    }

    #[test]
    fn one_invalid_byte_in_utf8_is_replaced() {
        let d = dec(b"<a>caf\xc3\xa9 \xff ok</a>", None);
        assert_eq!(d.text, "<a>café \u{FFFD} ok</a>");
        assert_eq!(d.repairs.len(), 1);
    }

    #[test]
    fn undeclared_latin1_falls_back_to_windows_1252() {
        let d = dec(b"<a>caf\xe9</a>", None);
        assert_eq!(d.text, "<a>café</a>");
        assert_eq!(d.charset, "windows-1252");
        assert!(d.repairs[0].contains("windows-1252"));
    }

    #[test]
    fn utf8_bytes_under_a_latin1_label_stay_utf8() {
        let d = dec(
            b"<?xml version='1.0' encoding='ISO-8859-1'?><a>Caf\xc3\xa9</a>",
            None,
        );
        assert!(d.text.ends_with("<a>Café</a>"), "{}", d.text);
        assert_eq!(d.repairs.len(), 1);
    }

    #[test]
    fn lying_utf8_declaration_with_latin1_bytes() {
        let d = dec(
            b"<?xml version='1.0' encoding='utf-8'?><a>Ana\xefs</a>",
            None,
        );
        assert!(d.text.ends_with("<a>Anaïs</a>"), "{}", d.text);
    }

    #[test]
    fn declaration_rewrite() {
        let long =
            "  <?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"           ?><rss/>";
        assert_eq!(
            rewrite_declaration(long.to_string()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>"
        );
        assert_eq!(rewrite_declaration("{\"a\":1}".to_string()), "{\"a\":1}");
        assert_eq!(
            rewrite_declaration("<?xml-stylesheet href='x'?><rss/>".to_string()),
            "<?xml-stylesheet href='x'?><rss/>"
        );
    }

    #[test]
    fn content_type_parsing() {
        assert_eq!(
            parse_content_type(Some("Text/XML;charset = \"US-ASCII\"")),
            ("text/xml".to_string(), Some("us-ascii".to_string()))
        );
        assert_eq!(
            parse_content_type(Some("text/xml; charset:iso-8859-1")).1,
            None
        );
    }
}
