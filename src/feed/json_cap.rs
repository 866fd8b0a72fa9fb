//! The entry cap for JSON Feed: a document with more items than are kept is
//! cut before it is parsed, as XML feeds are (`cap_entries`), because
//! feed-rs builds its model of every item first (a 50,000-item feed costs
//! hundreds of MB). A single pass over the bytes that follows only the
//! structure (strings, nesting), never builds values.
//!
//! JSON's structural characters are ASCII, and in UTF-8 no byte of a
//! multi-byte character is ASCII, so scanning bytes cuts only at character
//! boundaries.

/// For a JSON object whose top-level `items` array holds more than `max`
/// values: the document without the values past the `max`-th (every other
/// member, before or after `items`, is kept), and how many values there
/// were. `None` when there are no more than `max`, or the structure cannot
/// be followed (the parser then says what is wrong).
pub(super) fn cap_items(text: &str, max: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if *b.get(i)? != b'{' {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        match *b.get(i)? {
            b',' => {
                i += 1;
                continue;
            }
            b'"' => {}
            _ => return None,
        }
        let key_end = string_end(b, i)?;
        let key = text.get(i + 1..key_end - 1)?;
        i = skip_ws(b, key_end);
        if *b.get(i)? != b':' {
            return None;
        }
        i = skip_ws(b, i + 1);
        if key == "items" && b.get(i) == Some(&b'[') {
            return cap_array(text, i, max);
        }
        i = value_end(b, i)?;
    }
}

/// Cuts the array opening at `open` after its `max`-th value.
fn cap_array(text: &str, open: usize, max: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, open + 1);
    if *b.get(i)? == b']' {
        return None;
    }
    let mut count = 0usize;
    // Where the kept values end: after the `max`-th (with max 0, after `[`).
    let mut cut = (max == 0).then_some(open + 1);
    loop {
        let end = value_end(b, i)?;
        count += 1;
        if count == max {
            cut = Some(end);
        }
        i = skip_ws(b, end);
        match *b.get(i)? {
            b',' => i = skip_ws(b, i + 1),
            b']' => break,
            _ => return None,
        }
    }
    if count <= max {
        return None;
    }
    let cut = cut?;
    let (head, tail) = (text.get(..cut)?, text.get(i..)?);
    let mut out = String::with_capacity(head.len() + tail.len());
    out.push_str(head);
    out.push_str(tail);
    Some((out, count))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

/// The index after the string opening at `i` (a `"`).
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        j += memchr::memchr2(b'"', b'\\', b.get(j..)?)?;
        // `j` is where memchr found one of the two, inside `b`.
        if b[j] == b'\\' {
            // An escape: the next byte is never the string's end.
            j += 2;
        } else {
            return Some(j + 1);
        }
    }
}

/// The index after the value starting at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        // A number, true, false or null: up to the next delimiter.
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cap_items;

    #[test]
    fn cuts_the_items_past_the_max_and_keeps_the_other_members() {
        let doc = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
            {"id": "1", "title": "a ] tricky \" title {"},
            {"id": "2", "tags": ["x", "y"], "items": [1, 2, 3]},
            {"id": "3"}, {"id": "4"}
        ], "title": "after"}"#;
        let (cut, total) = cap_items(doc, 2).expect("cut");
        assert_eq!(total, 4);
        let value: serde_json::Value = serde_json::from_str(&cut).expect("still JSON");
        let ids: Vec<&str> = value["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["id"].as_str())
            .collect();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(value["title"], "after");
        assert_eq!(value["items"][0]["title"], "a ] tricky \" title {");
    }

    #[test]
    fn leaves_alone_what_it_need_not_or_cannot_cut() {
        // No more than the max.
        assert_eq!(cap_items(r#"{"items": [1, 2]}"#, 2), None);
        assert_eq!(cap_items(r#"{"items": []}"#, 0), None);
        // `items` nested deeper, or not an array.
        assert_eq!(cap_items(r#"{"feed": {"items": [1, 2, 3]}}"#, 1), None);
        assert_eq!(cap_items(r#"{"items": "1, 2, 3"}"#, 1), None);
        // Broken structure: the parser reports it.
        assert_eq!(cap_items(r#"{"items": [1, 2, 3"#, 1), None);
        assert_eq!(cap_items(r#"{"items" [1, 2, 3]}"#, 1), None);
        assert_eq!(
            cap_items(r#"{"title": "unterminated, "items": [1, 2]"#, 1),
            None
        );
        assert_eq!(cap_items("[1, 2, 3]", 1), None);
        assert_eq!(cap_items("", 1), None);
        // Max 0 keeps an empty array.
        assert_eq!(
            cap_items(r#"{"items": [1, 2], "x": null}"#, 0),
            Some((r#"{"items": [], "x": null}"#.to_string(), 2))
        );
    }

    #[test]
    fn never_panics_on_prefixes_of_a_feed() {
        let doc = r#"{"items": [{"id": "é\\\"", "n": [1, {"a": true}]}, {"id": "ü"}], "t": "ß"}"#;
        for end in (0..=doc.len()).filter(|&e| doc.is_char_boundary(e)) {
            let _ = cap_items(&doc[..end], 1);
        }
        let (cut, total) = cap_items(doc, 1).expect("cut");
        assert_eq!(total, 2);
        assert!(
            serde_json::from_str::<serde_json::Value>(&cut).is_ok(),
            "{cut}"
        );
    }
}
