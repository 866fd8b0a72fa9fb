//! Where an XML feed stops being well-formed, for the error a person reads.
//! feed-rs says "no root element" of a document cut off in its middle, and
//! "unexpected end" without a place; the publisher needs the line, the
//! column and what was left open.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::diagnostics::line_column;

/// Elements remembered as open: a deeper document is still reported, by
/// its outermost open elements.
const MAX_OPEN: usize = 64;

/// What is wrong with `text` as XML and where ("line 3, column 12: ..."),
/// or `None` when it reads as well-formed XML with a root element (then
/// the problem is the feed's structure, which feed-rs's message names).
pub(super) fn locate(text: &str) -> Option<String> {
    let mut reader = Reader::from_str(text);
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut saw_element = false;
    let at = |offset: usize| {
        let (line, column) = line_column(text, offset);
        format!("line {line}, column {column}")
    };
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match reader.read_event() {
            Err(err) => {
                let offset = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Some(format!("XML error at {}: {err}", at(offset)));
            }
            Ok(Event::Start(element)) => {
                saw_element = true;
                if open.len() < MAX_OPEN {
                    // A hostile name can be megabytes long: keep its start.
                    let name: String = element.name().into_inner().chars().take(64).collect();
                    open.push((name, start));
                }
            }
            Ok(Event::Empty(_)) => saw_element = true,
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
        }
    }
    if let Some((name, opened)) = open.last() {
        return Some(format!(
            "the document ends at {} inside <{name}> (opened at {}): it was cut off",
            at(text.len()),
            at(*opened)
        ));
    }
    if !saw_element {
        let start: String = text.trim_start().chars().take(40).collect();
        return Some(format!(
            "the document holds no XML element; it starts with `{}`",
            start.escape_debug()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_off_document_says_where_and_what_is_open() {
        let text = "<rss>\n<channel><title>x</title>\n<item><title>unclosed";
        let found = locate(text).expect("a problem");
        assert!(
            found.contains("line 3, column 22 inside <title>")
                && found.contains("opened at line 3, column 7")
                && found.contains("cut off"),
            "{found}"
        );
    }

    #[test]
    fn a_mismatched_end_tag_gets_its_position() {
        let found = locate("<rss><channel>\n<item></channel></rss>").expect("a problem");
        assert!(found.starts_with("XML error at line 2, column "), "{found}");
    }

    #[test]
    fn text_without_elements_is_quoted() {
        let found = locate("not a feed at all").expect("a problem");
        assert!(
            found.contains("no XML element") && found.contains("`not a feed at all`"),
            "{found}"
        );
    }

    #[test]
    fn well_formed_xml_is_not_a_problem_here() {
        assert_eq!(locate("<?xml version=\"1.0\"?><rss><channel/></rss>"), None);
    }
}
