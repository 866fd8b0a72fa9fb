//! The query language reference, written once here and rendered twice: as
//! the README's "Queries" reference (between its `query-reference` markers)
//! and as the man page feedwatch-query(7), the way `reference.rs` does the
//! config. `tests/it/service.rs` fails when either shipped copy is stale.
//!
//! The text is light Markdown: `code`, **strong** and *emphasis*, which the
//! roff renderer turns into bold and italics; nothing else is interpreted.
//! The language itself lives in `topics/` (`lexer.rs`, `parser.rs`,
//! `eval.rs`, `lead.rs`); the unit tests below check the numbers quoted
//! here against its constants.

/// One construct of the language.
pub(crate) struct Construct {
    pub(crate) syntax: &'static str,
    pub(crate) meaning: &'static str,
    pub(crate) example: &'static str,
}

const fn construct(
    syntax: &'static str,
    meaning: &'static str,
    example: &'static str,
) -> Construct {
    Construct {
        syntax,
        meaning,
        example,
    }
}

/// What a query is, before the table.
const INTRO: &str = "A topic's `query` says which items it wants. Matching ignores case and accents (`Café` = `cafe`, `Straße` = `strasse`, `ﬁnance` = `finance`) and, by default, compares English stems, so `contract` matches \"contracts\", \"contracted\" and \"Contract\" (but not \"contractor\": use `contract*` for that). British and American spellings meet: `defense` matches \"defence\", `program` \"programme\" (see Language and stemming). A compound matches written closed, apart or hyphenated: `cyberattack` matches \"cyber attack\" and \"cyber-attack\", `\"health care\"` matches \"healthcare\" (a word of eight letters or more matches its two-part splits, each part four letters or more and the parts consecutive; a two-word phrase of such parts matches them joined; `=Word` and prefixes do not).";

/// Every construct, in the order the README shows them.
pub(crate) const SYNTAX: &[Construct] = &[
    construct(
        "`word`",
        "the word, after folding and stemming",
        "`contract` matches \"Contracts\"",
    ),
    construct(
        "`a b`, `a AND b`",
        "both (a space is an implicit AND)",
        "`NATO drones`",
    ),
    construct("`a OR b`", "either", "`Pentagon OR NATO`"),
    construct(
        "`NOT a`, `-a`",
        "not (`-` right before a term or group)",
        "`AI -bank`",
    ),
    construct(
        "`( ... )`",
        "grouping",
        "`(AI OR OpenAI) (deal OR contract)`",
    ),
    construct(
        "`\"a phrase\"`",
        "consecutive words (stemmed like words; punctuation between them is ignored)",
        "`\"artificial intelligence\"`",
    ),
    construct(
        "`\"a b c\"~N`",
        "all the words (or prefixes), in any order, at distinct positions inside a window whose first and last positions differ by at most N, in one field value; N is 1 to 1000",
        "`\"Pentagon OpenAI\"~8`",
    ),
    construct(
        "`a NEAR/N b`",
        "`a` and `b` within N words of each other: their positions differ by at most N (at most N-1 words between them; a phrase counts from its nearer end), in either order, in the same value of the same field (never across the title and the summary), without overlapping; each side may be a word, a phrase, a prefix, `=Word`, an alias or an `OR` group of these; N is 1 to 1000",
        "`(OpenAI OR Anthropic) NEAR/8 (Pentagon OR NATO)`",
    ),
    construct(
        "`prefix*`",
        "a word starting with this (folded, not stemmed); hyphens and apostrophes allowed",
        "`contract*`, `semi-conducteur*`, `l'export*`",
    ),
    construct(
        "`\"... prefix*\"`",
        "a phrase with prefixes among its words",
        "`\"export licen*\"`, `\"contrôle* des exportations\"`",
    ),
    construct(
        "`=Word`",
        "this exact word, case and accents included",
        "`=US` matches \"US\", not \"us\"",
    ),
    construct(
        "`field:term`, `field:( ... )`",
        "only in that field: `title`, `summary`, `content`, `author`, `category`, `feed`, `site` or `lead`",
        "`title:(AI OR OpenAI)`",
    ),
    construct(
        "`lead:term`",
        "only in the title or the first sentence of the summary: what the item is *about*",
        "`lead:@defense`",
    ),
    construct(
        "`/regex/`",
        "a regular expression on the folded (lower-case, accent-free) text",
        "`/\\bf-3[05]\\b/`",
    ),
    construct(
        "`@name`",
        "any entry of the alias `name` from `[aliases]`",
        "`@defense`",
    ),
];

/// The grammar, in EBNF.
const GRAMMAR: &str = r#"query   = or ;
or      = and , { "OR" , and } ;
and     = unary , { [ "AND" ] , unary } ;          (* adjacent terms are ANDed *)
unary   = ( "NOT" | "-" ) , unary | near ;
near    = primary , [ "NEAR/" , N , primary ] ;    (* see "NEAR" below *)
primary = "(" , or , ")" | field , ":" , primary | term | "@" , alias ;
term    = word | word , "*" | "=" , word | '"' , words , '"' , [ "~" , N ] | "/" , regex , "/" ;
field   = "title" | "lead" | "summary" | "content" | "author" | "category" | "feed" | "site" ;"#;

/// A part of a section: a paragraph (light Markdown) or a literal block.
pub(crate) enum Block {
    Text(&'static str),
    Code(&'static str),
}

/// A rule of the language, explained.
pub(crate) struct Section {
    pub(crate) title: &'static str,
    pub(crate) body: &'static [Block],
}

pub(crate) const SECTIONS: &[Section] = &[
    Section {
        title: "Precedence",
        body: &[Block::Text(
            "`NOT` binds tighter than `AND`, which binds tighter than `OR`: `a OR b AND NOT c` means `a OR (b AND (NOT c))`; use parentheses for anything else. `NEAR/N` binds tighter still and does not chain. Operators are recognised **only in upper case**: `and`, `or`, `not`, `near` are ordinary words. A query may nest parentheses and `NOT`s 64 deep.",
        )],
    },
    Section {
        title: "Words",
        body: &[Block::Text(
            "Words are runs of letters and digits. A possessive `'s` is dropped (`NATO` matches \"NATO's\"); any other punctuation splits words, so a term that splits into several words is matched as a phrase: `e-mail` matches \"e mail\" and \"e-mail\", not \"email\". The same holds for prefixes: `semi-conducteur*` is the phrase \"semi\" + a word starting with \"conducteur\" (matches \"semi-conducteurs\", not \"semiconducteurs\"), `l'export*` matches \"l'exportation\". In a phrase, a word followed by `*` is a prefix, anywhere in the phrase.",
        )],
    },
    Section {
        title: "NEAR",
        body: &[Block::Text(
            "Each side of `NEAR/N` is a word, a phrase (without `~N`), `=Word`, a prefix, an alias, or a group of these joined by `OR`. The NEAR holds when *some* alternative of the left side and *some* alternative of the right side are within N words of each other, in either order, in the same field value: `@ai NEAR/10 @defense` matches \"OpenAI will supply the Pentagon\". Both sides search the same field: `title:@ai NEAR/6 title:@deal` (or `title:(@ai NEAR/6 @deal)`) relates words of the title only; `title:a NEAR/5 b` is an error. `AND`, `NOT`, regexes, `site:` and `\"...\"~N` inside a NEAR side are errors with a hint: write `(a NEAR/5 c) AND (b NEAR/5 c)` or `a NEAR/5 b AND NOT c` instead.",
        )],
    },
    Section {
        title: "Distances",
        body: &[Block::Text(
            "Positions count words within one field value (punctuation does not count); matches never span two fields or two values of a multi-valued field. For single words, `a NEAR/N b` holds when their positions differ by at most N: \"OpenAI x x x x x x x NATO\" (7 words between, positions 8 apart) matches `OpenAI NEAR/8 NATO`; with 8 words between it does not. A phrase counts from its nearer end: `\"big deal\" NEAR/2 NATO` matches \"a big deal with NATO\". The two sides must not overlap (`nato NEAR/3 nato` needs two occurrences). `\"w1 ... wk\"~N` holds when every word (or prefix) occurs at distinct positions inside a window whose first and last positions differ by at most N, in any order. For two words, `\"a b\"~N` and `a NEAR/N b` agree; use NEAR for groups and aliases (aliases are not expanded inside quotes: `\"@ai @defense\"~5` is an error that says to write `@ai NEAR/5 @defense`). N is 1 to 1000.",
        )],
    },
    Section {
        title: "Fields",
        body: &[Block::Text(
            "`title:`, `summary:`, `content:`, `author:`, `category:` (any of the item's categories), `feed:` (the feed's name or one of its tags), `site:` (the domain of the item's link, subdomains included: `site:reuters.com` matches `www.reuters.com`) and `lead:`. Without a field, a term searches the title, summary and content. A field before a group applies to every term inside (`title:(AI OR @labs)`); an inner field overrides an outer one.",
        )],
    },
    Section {
        title: "The lead",
        body: &[Block::Text(
            "`lead:` searches the title and the first sentence of the summary (of the content when the summary is empty), where news states its subject: `lead:@defense` matches \"The Pentagon awarded ...\" but not a defense deal recalled in a third sentence. The title and the sentence are separate values (a phrase or NEAR never spans them), and a phrase counts as in the lead only when all its words are. The first sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by a capitalised word or a digit, or at a blank line; it is cut at 60 words. A stop followed by lower case never ends it (\"approx. five\", `\"Why?\" she asked`), nor one not followed by a space (\"3.5\", \"U.S.-made\"). Titles before names (\"Dr.\", \"Gen.\", \"Sen.\", \"Mr.\") never end it; numbering words (\"No. 3\", \"Art. 5\") never end it before a digit; abbreviations that can close a sentence (\"Inc.\", \"Corp.\", \"Jr.\", \"Jan.\"), dotted initialisms (\"U.S.\", \"a.m.\"), initials (\"J. R. R. Tolkien\") and ellipses end it only when the next word is a usual sentence opener (\"The\", \"It\", \"In\", \"But\", ...): \"signed with Acme Inc. The deal ...\" ends after \"Inc.\", \"Acme Inc. Chief Executive ...\" does not.",
        )],
    },
    Section {
        title: "Regexes",
        body: &[Block::Text(
            "A regex uses the regex crate's syntax, runs case-insensitively on the folded text of the field(s), and is limited in size; write `\\/` for a `/` inside. A regex cannot use the index, so combine it with words: `Pentagon /\\$\\d+(\\.\\d+)?\\s*(m|bn)\\b/`.",
        )],
    },
    Section {
        title: "Aliases",
        body: &[Block::Text(
            "`[aliases]` maps a name to a list of entries; `@name` in a query means \"any of them\". An entry is a word, several words (a phrase, which may contain prefixes: `export licen*`), `\"quoted words\"`, `=Exact`, `prefix*` (also `semi-conduct*`) or `@another_alias`. A field applies to every entry (`title:@defense`, `lead:@defense`). Unknown aliases, cycles and invalid entries are config errors; every invalid entry is reported, each with its alias and position, and topics using an alias with a bad entry are not reported as using an unknown alias.",
        )],
    },
    Section {
        title: "Scores and `min_score`",
        body: &[
            Block::Text(
                "A matching item's score tells an item *about* the topic from one that mentions it. Each occurrence of a positive term that made the query true counts **3** in the title, **2** in the lead sentence (the first sentence of the summary or content) and **1** anywhere else (at most 5 occurrences per term and place); then each *required concept*, a top-level `AND` operand (the whole query if it has no top-level `AND`), that occurs in the title or the lead sentence adds **3**. For `@defense @ai @deal`, \"Pentagon signs AI deal\" / \"The Pentagon signed a deal with OpenAI on Monday.\" scores 3×3 + 3×2 + 3×3 = 24, while an item that mentions \"OpenAI's deal with the Pentagon\" only in its third sentence scores 3. With `min_score = 10`, a topic matches only when its query matches *and* the score reaches 10: the subject, not the mention. `feedwatch explain` shows the score and every contribution:",
            ),
            Block::Code(
                "score:\n     +3 Pentagon in title (1 x 3)\n     +2 OpenAI in lead (1 x 2)\n     +3 concept @ai in the lead",
            ),
        ],
    },
    Section {
        title: "Language and stemming",
        body: &[Block::Text(
            "`language = \"de\"` (a code or English name: ar da de el en es fi fr hu it nl no pt ro ru sv ta tr) stems that topic's words, and the items' words they are compared with, in that language; `stem = false` compares folded words exactly. In English, the British and American spellings of about 130 common news words are one word (defence/defense, offence, licence, programme, centre, metre, armour, analyse, organisation and other -ise/-isation words, paediatric, aluminium, judgement; the list is `src/spelling.rs`); a prefix is not stemmed, so `defen*` matches both spellings and `defenc*` only the British one.",
        )],
    },
    Section {
        title: "Errors",
        body: &[
            Block::Text(
                "A bad query is reported by `check` and `run` with the topic, the column, a caret under the problem and what was expected:",
            ),
            Block::Code(
                "feedwatch.toml:12:36: topic[0].query: topic `t`: invalid query at column 27: expected ')' to close the '(' at column 10\n    NATO AND (deal OR contract\n                              ^ expected ')' to close the '(' at column 10",
            ),
        ],
    },
    Section {
        title: "Performance",
        body: &[Block::Text(
            "Each topic is indexed under its most selective required term (a rare name rather than `contract`), so an item only costs time for topics whose rarest required word it contains; thousands of topics are cheap (see `BENCHMARKS.md`). A topic with no required positive word (only `NOT`s or a regex) is evaluated for every item: give it at least one word.",
        )],
    },
];

/// Queries with a text each matches and one it does not.
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "`nato pentagon`",
        "\"NATO and the Pentagon\"",
        "\"NATO meets\"",
    ),
    ("`a OR b AND NOT c`", "\"a c\", \"b\"", "\"b c\""),
    (
        "`\"artificial intelligence\"`",
        "\"Artificial Intelligence!\", \"artificial - intelligence\"",
        "\"intelligence, artificial\"",
    ),
    (
        "`\"openai nato\"~8`",
        "\"NATO x x x x x x x OpenAI\"",
        "\"OpenAI x x x x x x x x NATO\"",
    ),
    (
        "`(OpenAI OR Anthropic) NEAR/8 (Pentagon OR NATO)`",
        "\"Anthropic will supply the Pentagon\"",
        "\"NATO 1 2 3 4 5 6 7 8 OpenAI\"",
    ),
    ("`contract*`", "\"contractors hired\"", "\"a contra deal\""),
    (
        "`\"export licen*\"`",
        "\"new export licensing rules\"",
        "\"licences for export\"",
    ),
    ("`=AI`", "\"AI's rise\"", "\"ai rises\""),
    (
        "`title:pentagon deal`",
        "title \"Pentagon signs\", summary \"a deal\"",
        "title \"Signs deal\", summary \"Pentagon\"",
    ),
    (
        "`lead:pentagon`",
        "summary \"The Pentagon signed ... . It runs a year.\"",
        "summary \"A bank signed ... . The Pentagon ...\"",
    ),
    (
        "`site:reuters.com`",
        "link `https://www.reuters.com/world/...`",
        "link `https://apnews.com/...`",
    ),
];

/// A Markdown table cell: `|` would end the cell, even inside code.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The README's reference (between its `query-reference` markers).
pub(crate) fn markdown() -> String {
    let mut out = format!("{INTRO}\n\n| Syntax | Meaning | Example |\n|---|---|---|\n");
    for c in SYNTAX {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(c.syntax),
            cell(c.meaning),
            cell(c.example)
        ));
    }
    out.push_str(&format!("\nGrammar (EBNF):\n\n```text\n{GRAMMAR}\n```\n"));
    for section in SECTIONS {
        let mut first = true;
        for block in section.body {
            match block {
                Block::Text(text) if first => {
                    out.push_str(&format!("\n**{}.** {text}\n", section.title));
                }
                Block::Text(text) => out.push_str(&format!("\n{text}\n")),
                Block::Code(code) => out.push_str(&format!("\n```\n{code}\n```\n")),
            }
            first = false;
        }
    }
    out.push_str("\n| Query | Matches | Does not match |\n|---|---|---|\n");
    for (query, matches, not) in EXAMPLES {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(query),
            cell(matches),
            cell(not)
        ));
    }
    out
}

/// Escapes text for roff: backslashes and dashes, and a leading dot or
/// quote (a control line otherwise).
fn escape(text: &str) -> String {
    let text = escape_chars(text);
    if text.starts_with('.') || text.starts_with('\'') {
        format!("\\&{text}")
    } else {
        text
    }
}

/// Backslashes, dashes, and anything outside ASCII as `\[uXXXX]`, which
/// every roff reads whatever its input encoding (`ﬁ`, `×`, `…`).
pub(super) fn escape_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("\\[u{:04X}]", u32::from(c))),
        }
    }
    out
}

/// Light Markdown to roff: `code` and **strong** in bold, *emphasis* in
/// italics, the rest escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    let (mut code, mut strong, mut emphasis) = (false, false, false);
    let font = |on: bool, face: &str| {
        if on {
            face.to_string()
        } else {
            "\\fR".to_string()
        }
    };
    while let Some(c) = chars.next() {
        let marker = match c {
            '`' => {
                code = !code;
                Some(font(code, "\\fB"))
            }
            '*' if !code && chars.peek() == Some(&'*') => {
                chars.next();
                strong = !strong;
                Some(font(strong, "\\fB"))
            }
            '*' if !code => {
                emphasis = !emphasis;
                Some(font(emphasis, "\\fI"))
            }
            _ => None,
        };
        match marker {
            Some(marker) => {
                out.push_str(&escape_inner(&plain, out.is_empty()));
                plain.clear();
                out.push_str(&marker);
            }
            None => plain.push(c),
        }
    }
    out.push_str(&escape_inner(&plain, out.is_empty()));
    out
}

/// [`escape`] for a piece of a line: only the line's start is guarded.
fn escape_inner(text: &str, line_start: bool) -> String {
    if line_start {
        escape(text)
    } else {
        escape_chars(text)
    }
}

/// A literal block, as roff shows it: indented, lines kept.
fn code_block(code: &str) -> String {
    let mut out = String::from(".PP\n.RS 4\n.nf\n");
    for line in code.lines() {
        out.push_str(&escape(line));
        out.push('\n');
    }
    out.push_str(".fi\n.RE\n");
    out
}

/// feedwatch-query(7).
pub(crate) fn man_page() -> Vec<u8> {
    let mut out = String::from(
        ".TH feedwatch\\-query 7 \"\" \"feedwatch\" \"Miscellaneous Information Manual\"\n\
         .SH NAME\nfeedwatch\\-query \\- the query language of feedwatch topics\n\
         .SH DESCRIPTION\n",
    );
    out.push_str(&format!(
        "{}\n.PP\nQueries are written in the \\fBquery\\fR key of a \\fB[[topic]]\\fR in \\fBfeedwatch.toml\\fR(5), and tried on stored items with \\fBfeedwatch try\\fR and \\fBfeedwatch explain\\fR.\n.SH SYNTAX\n",
        inline(INTRO)
    ));
    for c in SYNTAX {
        out.push_str(&format!(
            ".TP\n{}\n{}.\nExample: {}\n",
            inline(c.syntax),
            inline(c.meaning),
            inline(c.example)
        ));
    }
    out.push_str(".SH GRAMMAR\nIn EBNF:\n");
    out.push_str(&code_block(GRAMMAR));
    for section in SECTIONS {
        out.push_str(&format!(
            ".SH {}\n",
            escape(&section.title.replace('`', "").to_uppercase())
        ));
        for (i, block) in section.body.iter().enumerate() {
            match block {
                Block::Text(text) => {
                    if i > 0 {
                        out.push_str(".PP\n");
                    }
                    out.push_str(&inline(text));
                    out.push('\n');
                }
                Block::Code(code) => out.push_str(&code_block(code)),
            }
        }
    }
    out.push_str(".SH EXAMPLES\n");
    for (query, matches, not) in EXAMPLES {
        out.push_str(&format!(
            ".TP\n{}\nmatches {}; does not match {}\n",
            inline(query),
            inline(matches),
            inline(not)
        ));
    }
    out.push_str(
        ".SH SEE ALSO\n\\fBfeedwatch\\fR(1), \\fBfeedwatch.toml\\fR(5), \\fBfeedwatch\\-try\\fR(1), \\fBfeedwatch\\-explain\\fR(1)\n",
    );
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text: markers must pair up, or the renderings go wrong.
    fn texts() -> Vec<&'static str> {
        let mut all = vec![INTRO];
        for c in SYNTAX {
            all.extend([c.syntax, c.meaning, c.example]);
        }
        for section in SECTIONS {
            all.push(section.title);
            for block in section.body {
                if let Block::Text(text) = block {
                    all.push(text);
                }
            }
        }
        for (a, b, c) in EXAMPLES {
            all.extend([*a, *b, *c]);
        }
        all
    }

    #[test]
    fn markup_is_balanced() {
        for text in texts() {
            let rendered = inline(text);
            let (bold, roman, italic) = (
                rendered.matches("\\fB").count(),
                rendered.matches("\\fR").count(),
                rendered.matches("\\fI").count(),
            );
            assert_eq!(bold + italic, roman, "unbalanced markup in: {text}");
            assert!(!rendered.contains('`'), "{text}");
        }
    }

    #[test]
    fn the_numbers_are_the_languages() {
        use crate::topics::{SCORE_CAP, W_CONCEPT, W_LEAD, W_REST, W_TITLE};
        let md = markdown();
        assert!(md.contains(&format!(
            "counts **{W_TITLE}** in the title, **{W_LEAD}** in the lead sentence"
        )));
        assert!(md.contains(&format!(
            "**{W_REST}** anywhere else (at most {SCORE_CAP} occurrences"
        )));
        assert!(md.contains(&format!("adds **{W_CONCEPT}**")));
        assert!(md.contains(&format!("N is 1 to {}", crate::topics::MAX_DISTANCE)));
        assert!(md.contains(&format!("{} deep", crate::topics::MAX_DEPTH)));
        assert!(md.contains(&format!("cut at {} words", crate::topics::MAX_LEAD_WORDS)));
        assert!(
            md.contains(&format!(
                "English name: {})",
                crate::topics::language_codes().join(" ")
            )),
            "the languages are listed in code order"
        );
        for field in crate::topics::Field::ALL {
            assert!(
                SYNTAX
                    .iter()
                    .any(|c| c.meaning.contains(&format!("`{}`", field.name()))),
                "the syntax table does not name the field {field}"
            );
        }
    }

    #[test]
    fn the_man_page_is_roff() {
        let page = String::from_utf8(man_page()).unwrap_or_default();
        assert!(page.starts_with(".TH feedwatch\\-query 7"), "{page}");
        assert!(page.contains(".SH NEAR\n"), "{page}");
        assert!(page.contains(".SH SCORES AND MIN_SCORE\n"), "{page}");
        assert!(page.contains("\\fB/\\ebf\\-3[05]\\eb/\\fR"), "{page}");
        assert!(page.contains("\\fB\\[uFB01]nance\\fR"), "{page}");
        assert!(page.is_ascii(), "roff input in ASCII only");
        // Every line starting with a dot is a request we meant.
        for line in page
            .lines()
            .filter(|l| l.starts_with('.') || l.starts_with('\''))
        {
            let request = line.split(' ').next().unwrap_or(line);
            assert!(
                [".TH", ".SH", ".TP", ".PP", ".RS", ".RE", ".nf", ".fi"].contains(&request),
                "a text line roff would take for a request: {line}"
            );
        }
    }
}
