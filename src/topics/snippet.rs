//! Snippets: a short excerpt of the original text around the first match,
//! matched words marked `**like this**`, cut at word boundaries with "…".
//!
//! Invariants: the output is built from the original (unfolded) text, only
//! at char boundaries, with whitespace runs collapsed to one space; marked
//! ranges never overlap (they are merged first).

/// Target snippet length in chars (not counting markers and ellipses).
pub(crate) const SNIPPET_CHARS: usize = 200;
/// How much context to keep before the first match, in chars.
const LEAD_CHARS: usize = 60;

/// Builds a snippet of `text` around the first of `marks` (byte ranges of
/// matched words, any order). Without marks, the start of the text.
pub(crate) fn snippet(text: &str, marks: &[(usize, usize)]) -> String {
    let mut marks: Vec<(usize, usize)> = marks
        .iter()
        .copied()
        .filter(|(s, e)| {
            s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
        })
        .collect();
    marks.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in marks {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let anchor = merged.first().map_or(0, |m| m.0);
    let (start, end) = window(text, anchor);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut i = start;
    let mut last_space = start > 0;
    let push_text = |out: &mut String, s: &str, last_space: &mut bool| {
        for c in s.chars() {
            if c.is_whitespace() {
                if !*last_space {
                    out.push(' ');
                    *last_space = true;
                }
            } else {
                out.push(c);
                *last_space = false;
            }
        }
    };
    for &(s, e) in merged.iter().filter(|(s, e)| *s >= start && *e <= end) {
        push_text(&mut out, &text[i..s], &mut last_space);
        out.push_str("**");
        push_text(&mut out, &text[s..e], &mut last_space);
        out.push_str("**");
        i = e;
    }
    push_text(&mut out, &text[i..end], &mut last_space);
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// Byte range of the excerpt: starts up to [`LEAD_CHARS`] before `anchor`,
/// spans about [`SNIPPET_CHARS`], both ends moved to word boundaries. Only
/// the chars around the window are walked, never the whole text.
fn window(text: &str, anchor: usize) -> (usize, usize) {
    let anchor = anchor.min(text.len());
    // Up to LEAD_CHARS chars back from the anchor.
    let mut start = text[..anchor]
        .char_indices()
        .rev()
        .take(LEAD_CHARS)
        .last()
        .map_or(anchor, |(b, _)| b);
    let mid_word = text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    if start > 0 && mid_word {
        // Move forward to the next word start; the anchor is one, so this
        // never passes it.
        start = text[start..anchor]
            .find(char::is_whitespace)
            .map(|ws| start + ws)
            .and_then(|ws| {
                text[ws..]
                    .find(|c: char| !c.is_whitespace())
                    .map(|i| ws + i)
            })
            .map_or(anchor, |w| w.min(anchor));
    }
    let mut end = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(b, _)| start + b);
    if end < text.len() {
        // Cut back to the end of the previous word, unless the whole window
        // is one word.
        if let Some(ws) = text[start..end].rfind(char::is_whitespace) {
            end = start + ws;
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_words_in_short_text() {
        let t = "OpenAI signs a deal with NATO.";
        assert_eq!(
            snippet(t, &[(25, 29), (0, 6)]),
            "**OpenAI** signs a deal with **NATO**."
        );
    }

    #[test]
    fn cuts_long_text_at_word_boundaries() {
        let words: Vec<String> = (0..100).map(|i| format!("word{i}")).collect();
        let t = words.join(" ");
        let s = t.find("word50").unwrap_or(0);
        let out = snippet(&t, &[(s, s + 6)]);
        assert!(out.starts_with('…') && out.ends_with('…'), "{out}");
        assert!(out.contains("**word50**"), "{out}");
        assert!(!out.contains(" ord") && out.chars().count() < 230, "{out}");
        let inner = out.trim_matches('…');
        assert!(
            inner
                .split(' ')
                .all(|w| w.trim_matches('*').starts_with("word")),
            "{out}"
        );
    }

    #[test]
    fn collapses_whitespace_and_handles_no_marks() {
        assert_eq!(snippet("a \n\n b", &[]), "a b");
        assert_eq!(snippet("", &[]), "");
    }
}
