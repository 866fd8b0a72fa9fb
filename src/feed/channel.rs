//! RSS channel hints feed-rs does not expose: `<skipHours>` and
//! `<skipDays>`.
//!
//! A lexical scan of the (already decoded and parsed, hence well-formed
//! enough) document: the elements are flat lists of small integers and day
//! names, so an XML reader would add nothing but a dependency.
//!
//! Invariant: total; returns only valid values (hours 0-23, the seven
//! lower-case English day names), sorted and without duplicates.

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `(skip_hours, skip_days)` from the first `<skipHours>`/`<skipDays>`.
pub(super) fn skip_hints(xml: &str) -> (Vec<u8>, Vec<String>) {
    let mut hours: Vec<u8> = element_texts(xml, "skipHours", "hour")
        .iter()
        .filter_map(|h| h.trim().parse::<u8>().ok())
        // RSS 2.0 says 0-23, but some publishers write 24 for midnight.
        .map(|h| if h == 24 { 0 } else { h })
        .filter(|h| *h < 24)
        .collect();
    hours.sort_unstable();
    hours.dedup();
    let mut days: Vec<String> = element_texts(xml, "skipDays", "day")
        .iter()
        .map(|d| d.trim().to_ascii_lowercase())
        .filter(|d| DAYS.contains(&d.as_str()))
        .collect();
    days.sort_by_key(|d| DAYS.iter().position(|x| x == d));
    days.dedup();
    (hours, days)
}

/// Texts of `<child>` elements inside the first `<parent>` element.
fn element_texts(xml: &str, parent: &str, child: &str) -> Vec<String> {
    let open = format!("<{parent}>");
    let close = format!("</{parent}>");
    // memmem: a SIMD search over the whole document; the needles start
    // with ASCII, so the offsets are on character boundaries.
    let Some(start) = memchr::memmem::find(xml.as_bytes(), open.as_bytes()) else {
        return Vec::new();
    };
    let body_start = start + open.len();
    let Some(len) = memchr::memmem::find(&xml.as_bytes()[body_start..], close.as_bytes()) else {
        return Vec::new();
    };
    let body = &xml[body_start..body_start + len];
    let child_open = format!("<{child}>");
    let child_close = format!("</{child}>");
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(p) = rest.find(&child_open) {
        let after = &rest[p + child_open.len()..];
        let Some(end) = after.find(&child_close) else {
            break;
        };
        out.push(after[..end].to_string());
        rest = &after[end + child_close.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hours_and_days() {
        let xml = "<rss><channel><skipHours><hour>23</hour><hour> 1 </hour><hour>24</hour><hour>99</hour><hour>1</hour></skipHours>\
                   <skipDays><day>Sunday</day><day>Monday</day><day>Funday</day></skipDays></channel></rss>";
        assert_eq!(
            skip_hints(xml),
            (
                vec![0, 1, 23],
                vec!["monday".to_string(), "sunday".to_string()]
            )
        );
    }

    #[test]
    fn absent_or_broken_is_empty() {
        assert_eq!(skip_hints("<rss/>"), (vec![], vec![]));
        assert_eq!(skip_hints("<skipHours><hour>3"), (vec![], vec![]));
    }
}
