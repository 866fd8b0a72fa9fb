//! OPML, the format feed readers import and export subscription lists in.
//! `opml = ["feeds.opml"]` in the config adds every `<outline xmlUrl=...>` as
//! a feed; the titles of the outlines it sits in (and its `category`
//! attribute) become its tags. `feedwatch opml export` writes the
//! configured feeds back out.

use std::collections::HashSet;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// One subscription found in an OPML file.
#[derive(Debug, Clone, PartialEq)]
pub struct OpmlFeed {
    /// A config-safe name derived from the outline's title (unique in the file).
    pub name: String,
    pub url: String,
    /// Tags from enclosing outlines and the `category` attribute.
    pub tags: Vec<String>,
    /// The line of its `<outline>` in the file, for errors about it.
    pub line: usize,
}

/// An OPML document that cannot be read; the message names the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OpmlError(String);

/// Reads the subscriptions of an OPML document. The error names the line.
pub fn parse_opml(text: &str) -> Result<Vec<OpmlFeed>, OpmlError> {
    read_opml(text).map_err(OpmlError)
}

fn read_opml(text: &str) -> Result<Vec<OpmlFeed>, String> {
    let mut reader = Reader::from_str(text);
    let mut feeds = Vec::new();
    let mut names = UniqueNames::default();
    // One entry per open <outline>: its tag, if it is a folder.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut saw_opml = false;
    let mut lines = LineCounter::default();
    loop {
        // Where this event starts: the line of an outline, for errors.
        let start = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader.read_event().map_err(|e| {
            let offset = usize::try_from(reader.error_position()).unwrap_or(0);
            format!("line {}: malformed XML: {e}", line_of(text, offset))
        })?;
        match event {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "opml" =>
            {
                saw_opml = true;
                let _ = element;
            }
            Event::Start(element) if element.local_name().as_ref() == "outline" => {
                if folders.len() >= MAX_DEPTH {
                    let offset = usize::try_from(reader.buffer_position()).unwrap_or(0);
                    return Err(format!(
                        "line {}: outlines nest deeper than {MAX_DEPTH} levels",
                        line_of(text, offset)
                    ));
                }
                let line = lines.line_at(text, start);
                let outline = Outline::read(&element).map_err(|e| format!("line {line}: {e}"))?;
                if let Some(url) = outline.xml_url.clone() {
                    feeds.push(outline.feed(url, line, &folders, &mut names));
                    folders.push(None);
                } else {
                    folders.push(outline.title.as_deref().map(slug).filter(|t| !t.is_empty()));
                }
            }
            Event::Empty(element) if element.local_name().as_ref() == "outline" => {
                let line = lines.line_at(text, start);
                let outline = Outline::read(&element).map_err(|e| format!("line {line}: {e}"))?;
                if let Some(url) = outline.xml_url.clone() {
                    feeds.push(outline.feed(url, line, &folders, &mut names));
                }
            }
            Event::End(element) if element.local_name().as_ref() == "outline" => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err("not an OPML document (no <opml> element)".to_string());
    }
    Ok(feeds)
}

struct Outline {
    title: Option<String>,
    xml_url: Option<String>,
    categories: Vec<String>,
}

impl Outline {
    fn read(element: &BytesStart) -> Result<Outline, String> {
        let mut outline = Outline {
            title: None,
            xml_url: None,
            categories: Vec::new(),
        };
        let mut text = None;
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| format!("bad outline attribute: {e}"))?;
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| format!("bad outline attribute value: {e}"))?
                .trim()
                .to_string();
            match attribute.key.local_name().as_ref() {
                "title" if !value.is_empty() => outline.title = Some(value),
                "text" if !value.is_empty() => text = Some(value),
                "xmlUrl" | "xmlurl" if !value.is_empty() => outline.xml_url = Some(value),
                "category" => {
                    outline.categories = value
                        .split([',', '/'])
                        .map(slug)
                        .filter(|c| !c.is_empty())
                        .collect();
                }
                _ => {}
            }
        }
        outline.title = outline.title.or(text);
        Ok(outline)
    }

    fn feed(
        self,
        url: String,
        line: usize,
        folders: &[Option<String>],
        names: &mut UniqueNames,
    ) -> OpmlFeed {
        let base = self
            .title
            .as_deref()
            .map(slug)
            .filter(|s| !s.is_empty())
            .or_else(|| {
                url::Url::parse(&url)
                    .ok()
                    .and_then(|u| u.host_str().map(slug))
            })
            .unwrap_or_else(|| "feed".to_string());
        let name = unique_name(&base, names);
        let mut tags: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for tag in folders.iter().flatten().chain(&self.categories) {
            if tags.len() < MAX_TAGS && seen.insert(tag.as_str()) {
                tags.push(tag.clone());
            }
        }
        OpmlFeed {
            name,
            url,
            tags,
            line,
        }
    }
}

/// Lower-case letters and digits joined by '-': a valid config name.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

/// Deepest nesting of outlines (folders) accepted.
const MAX_DEPTH: usize = 64;

/// Most tags a subscription gets from its folders and categories.
const MAX_TAGS: usize = 64;

/// `base`, or `base-2`, `base-3`, ... whichever is not taken yet, recorded
/// in `names`. The suffix counters live in `names` too (under `base-`), so
/// a thousand subscriptions of one title cost a thousand lookups, not a
/// million.
pub(crate) fn unique_name(base: &str, names: &mut UniqueNames) -> String {
    if names.taken.insert(base.to_string()) {
        return base.to_string();
    }
    let next = names.next_suffix.entry(base.to_string()).or_insert(2);
    loop {
        let name = format!("{base}-{next}");
        *next += 1;
        if names.taken.insert(name.clone()) {
            return name;
        }
    }
}

/// Names handed out so far, and per base name the next suffix to try.
#[derive(Debug, Default)]
pub(crate) struct UniqueNames {
    taken: HashSet<String>,
    next_suffix: std::collections::HashMap<String, usize>,
}

impl UniqueNames {
    /// Records a name taken elsewhere; false if it already was.
    pub(crate) fn insert(&mut self, name: String) -> bool {
        self.taken.insert(name)
    }
}

/// Line numbers of increasing offsets, counted once: an OPML file may hold
/// tens of thousands of outlines, and counting from the start for each
/// would be quadratic.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    /// Newlines before `offset`.
    newlines: usize,
}

impl LineCounter {
    /// The 1-based line of `offset`, which must not be less than the last
    /// one asked (it is then counted afresh from the start).
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.offset {
            *self = LineCounter::default();
        }
        self.newlines += text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = offset;
        self.newlines + 1
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// An OPML 2.0 document listing `(name, url, tags)`; the first tag becomes
/// the folder and all tags the `category` attribute.
pub fn export_opml(title: &str, feeds: &[(String, String, Vec<String>)]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str(&format!(
        "  <head><title>{}</title></head>\n  <body>\n",
        escape(title)
    ));
    let mut folders: Vec<&str> = feeds
        .iter()
        .filter_map(|f| f.2.first().map(String::as_str))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    let outline = |(name, url, tags): &(String, String, Vec<String>), indent: &str| {
        let category = if tags.is_empty() {
            String::new()
        } else {
            format!(" category=\"{}\"", escape(&tags.join(",")))
        };
        format!(
            "{indent}<outline type=\"rss\" text=\"{n}\" title=\"{n}\" xmlUrl=\"{u}\"{category}/>\n",
            n = escape(name),
            u = escape(url)
        )
    };
    for feed in feeds.iter().filter(|f| f.2.is_empty()) {
        out.push_str(&outline(feed, "    "));
    }
    for folder in folders {
        out.push_str(&format!(
            "    <outline text=\"{0}\" title=\"{0}\">\n",
            escape(folder)
        ));
        for feed in feeds
            .iter()
            .filter(|f| f.2.first().map(String::as_str) == Some(folder))
        {
            out.push_str(&outline(feed, "      "));
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_outlines_are_bounded() {
        // Nesting deeper than the limit is an error with its line.
        let deep = format!(
            "<opml><body>\n{}{}</body></opml>",
            "<outline title=\"f\">".repeat(MAX_DEPTH + 1),
            "</outline>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            parse_opml(&deep).err().map(|e| e.to_string()).as_deref(),
            Some("line 2: outlines nest deeper than 64 levels")
        );
        // 20,000 subscriptions of one title: unique names, in linear time;
        // a category list of thousands gives at most MAX_TAGS tags.
        let categories = (0..5000)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let outlines: String = (0..20_000)
            .map(|i| {
                format!(
                    "<outline title=\"same\" category=\"{}\" xmlUrl=\"https://e{i}.example/\"/>",
                    if i == 0 { categories.as_str() } else { "" }
                )
            })
            .collect();
        let started = std::time::Instant::now();
        let feeds = parse_opml(&format!("<opml><body>{outlines}</body></opml>"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(feeds.len(), 20_000);
        assert_eq!(feeds[0].name, "same");
        assert_eq!(feeds[19_999].name, "same-20000");
        assert_eq!(feeds[0].tags.len(), MAX_TAGS);
        let names: HashSet<&str> = feeds.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names.len(), 20_000);
    }

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions</title></head>
  <body>
    <outline text="Defense &amp; Security" title="Defense &amp; Security">
      <outline type="rss" text="Breaking Defense" xmlUrl="https://breakingdefense.com/feed/"/>
      <outline type="rss" text="War on the Rocks" xmlUrl="https://warontherocks.com/feed/" category="analysis,/US/Policy"/>
    </outline>
    <outline type="rss" title="Ars Technica" text="ars" xmlUrl="https://feeds.arstechnica.com/arstechnica/index"></outline>
    <outline type="rss" text="Ars Technica" xmlUrl="https://example.org/other.xml"/>
    <outline text="empty folder"/>
  </body>
</opml>"#;

    #[test]
    fn reads_subscriptions_with_folder_and_category_tags() {
        let feeds = parse_opml(SAMPLE).expect("valid OPML");
        assert_eq!(feeds.len(), 4);
        assert_eq!(feeds[0].name, "breaking-defense");
        assert_eq!(feeds[0].tags, vec!["defense-security"]);
        assert_eq!(
            feeds[1].tags,
            vec!["defense-security", "analysis", "us", "policy"]
        );
        assert_eq!(feeds[2].name, "ars-technica");
        assert!(feeds[2].tags.is_empty());
        assert_eq!(feeds[3].name, "ars-technica-2", "names are unique");
    }

    #[test]
    fn malformed_opml_names_the_line() {
        let err = parse_opml("<opml>\n<body>\n<outline text=\"x\" xmlUrl=\"u\">\n</body>")
            .expect_err("malformed")
            .to_string();
        assert!(err.starts_with("line "), "{err}");
        let err = parse_opml("<html><body/></html>")
            .expect_err("not opml")
            .to_string();
        assert!(err.contains("not an OPML document"), "{err}");
        let err = parse_opml("<opml><body>\n\n<outline text=\"x\" bad=/>\n</body></opml>")
            .expect_err("bad attribute")
            .to_string();
        assert!(err.starts_with("line 3: bad outline attribute"), "{err}");
    }

    #[test]
    fn every_subscription_knows_its_line() {
        let text = "<opml version=\"2.0\"><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/\"/>\n\n<outline text=\"F\">\n  <outline text=\"B\"\n    xmlUrl=\"https://b.example/\">\n  </outline>\n</outline>\n<outline text=\"C\" xmlUrl=\"https://c.example/\"/></body></opml>";
        let lines: Vec<(String, usize)> = parse_opml(text)
            .expect("valid OPML")
            .into_iter()
            .map(|f| (f.name, f.line))
            .collect();
        // An outline's line is where its tag starts.
        assert_eq!(
            lines,
            [
                ("a".to_string(), 2),
                ("b".to_string(), 5),
                ("c".to_string(), 9)
            ]
        );
        let mut counter = LineCounter::default();
        assert_eq!(counter.line_at("a\nb\nc", 4), 3);
        // Asked out of order, it counts afresh rather than wrongly.
        assert_eq!(counter.line_at("a\nb\nc", 0), 1);
        assert_eq!(counter.line_at("a\nb\nc", 99), 3);
    }

    #[test]
    fn export_round_trips() {
        let feeds = vec![
            (
                "wire".to_string(),
                "https://example.org/a?x=1&y=2".to_string(),
                vec!["defense".to_string()],
            ),
            (
                "misc".to_string(),
                "https://example.org/b".to_string(),
                vec![],
            ),
        ];
        let text = export_opml("feedwatch", &feeds);
        let back = parse_opml(&text).expect("our own OPML parses");
        assert_eq!(back.len(), 2);
        let wire = back.iter().find(|f| f.name == "wire").expect("wire");
        assert_eq!(wire.url, "https://example.org/a?x=1&y=2");
        assert_eq!(wire.tags, vec!["defense"]);
    }
}
