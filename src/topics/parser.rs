//! Recursive-descent parser from tokens to the [`Query`] AST.
//!
//! Grammar (precedence NOT > AND > OR; NEAR binds two terms tighter still):
//! ```text
//! query   := or EOF
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*        -- adjacent terms are ANDed
//! unary   := ("NOT" | "-") unary | near
//! near    := primary ["NEAR/n" primary]    -- see below
//! primary := "(" or ")" | FIELD ":" primary | term | "@" alias
//! ```
//! A NEAR operand is a word, a phrase without `~`, `=Word`, a prefix, an
//! alias, or a group combining these with OR only, all in one field, the
//! same on both sides. AND, NOT, regexes, `site:` and `"..."~N` inside an
//! operand are errors that say how to write the query instead.
//! Invariants: nesting is limited to [`MAX_DEPTH`] so no input can overflow
//! the stack (here, in printing, or in evaluation); every error carries the
//! column where the problem was noticed and says what was expected.

use super::alias::Aliases;
use super::ast::{Field, Node, Query, Term, TermKind};
use super::lexer::{Spanned, Tok, lex};
use super::normalize::{phrase_words, raw_words};

/// Deepest nesting of parentheses and NOTs accepted.
pub(crate) const MAX_DEPTH: usize = 64;

/// Size limit for compiled regexes (bytes), so a query cannot exhaust memory.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Characters of the query shown on each side of the caret by
/// [`QueryError::render`].
const RENDER_CONTEXT: usize = 40;

/// The longest message a query error carries (one quoting a huge term is cut).
const MAX_MESSAGE_CHARS: usize = 300;

/// `text` cut to `max` characters, with "..." when cut.
fn shorten(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text,
        Some((cut, _)) => format!("{}...", &text[..cut]),
    }
}

/// A query that could not be parsed: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct QueryError {
    /// 1-based char column in the query text.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl QueryError {
    pub(crate) fn new(column: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            column,
            message: shorten(message.into(), MAX_MESSAGE_CHARS),
        }
    }

    /// Two lines: the query, then a caret under the column followed by the
    /// message. A long query shows only a window around the column, with
    /// `...` where text is left out, so an error on a huge query stays two
    /// short lines.
    pub fn render(&self, src: &str) -> String {
        let chars = src.chars().count();
        let column = self.column.max(1);
        let (start, end) = if chars <= 2 * RENDER_CONTEXT + 1 {
            (0, chars)
        } else {
            let start = column.saturating_sub(1 + RENDER_CONTEXT);
            let end = (start + 2 * RENDER_CONTEXT + 1).min(chars);
            (end.saturating_sub(2 * RENDER_CONTEXT + 1), end)
        };
        let mut shown = String::new();
        if start > 0 {
            shown.push_str("...");
        }
        shown.extend(src.chars().skip(start).take(end - start));
        if end < chars {
            shown.push_str("...");
        }
        let lead = if start > 0 { 3 } else { 0 };
        let pad = " ".repeat(lead + column.saturating_sub(1 + start));
        format!("{shown}\n{pad}^ {}", self.message)
    }
}

/// Parses a query, expanding `@alias` references from `aliases`.
pub fn parse(src: &str, aliases: &Aliases) -> Result<Query, QueryError> {
    let toks = lex(src)?;
    let mut parser = Parser {
        toks,
        pos: 0,
        end_column: src.chars().count() + 1,
        aliases,
        depth: 0,
    };
    if parser.toks.is_empty() {
        return Err(QueryError::new(1, "empty query: expected a term"));
    }
    let root = parser.parse_or(None)?;
    if let Some(t) = parser.peek() {
        let message = match t.tok {
            Tok::RParen => "unmatched ')': no '(' to close".to_string(),
            ref tok => format!(
                "unexpected {}: expected AND, OR, a term or the end of the query",
                tok.describe()
            ),
        };
        return Err(QueryError::new(t.column, message));
    }
    Ok(Query { root })
}

struct Parser<'a> {
    toks: Vec<Spanned>,
    pos: usize,
    end_column: usize,
    aliases: &'a Aliases,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Spanned> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Spanned> {
        let t = self.toks.get(self.pos).cloned();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end_column, |t| t.column)
    }

    /// The error for a missing or misplaced term at the current position.
    fn expected_term(&self) -> QueryError {
        let after = match self.pos.checked_sub(1).and_then(|p| self.toks.get(p)) {
            Some(prev) => format!(" after {}", prev.tok.describe()),
            None => String::new(),
        };
        match self.peek() {
            None => QueryError::new(
                self.end_column,
                format!("unexpected end of query: expected a term{after}"),
            ),
            Some(t) => QueryError::new(
                t.column,
                format!("expected a term{after}, found {}", t.tok.describe()),
            ),
        }
    }

    fn enter(&mut self) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::new(
                self.column(),
                format!("query nested too deeply (more than {MAX_DEPTH} levels)"),
            ));
        }
        Ok(())
    }

    fn parse_or(&mut self, field: Option<Field>) -> Result<Node, QueryError> {
        let mut items = vec![self.parse_and(field)?];
        while matches!(self.peek(), Some(Spanned { tok: Tok::Or, .. })) {
            self.pos += 1;
            items.push(self.parse_and(field)?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn parse_and(&mut self, field: Option<Field>) -> Result<Node, QueryError> {
        let mut items = vec![self.parse_unary(field)?];
        loop {
            match self.peek().map(|t| &t.tok) {
                Some(Tok::And) => {
                    self.pos += 1;
                    items.push(self.parse_unary(field)?);
                }
                Some(Tok::Or | Tok::RParen | Tok::Near(_)) | None => break,
                // Any other token starts a term: implicit AND.
                Some(_) => items.push(self.parse_unary(field)?),
            }
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Node::And(items)
        })
    }

    fn parse_unary(&mut self, field: Option<Field>) -> Result<Node, QueryError> {
        if matches!(self.peek().map(|t| &t.tok), Some(Tok::Not | Tok::Minus)) {
            self.pos += 1;
            self.enter()?;
            let inner = self.parse_unary(field)?;
            self.depth -= 1;
            return Ok(Node::Not(Box::new(inner)));
        }
        self.parse_near(field)
    }

    fn parse_near(&mut self, field: Option<Field>) -> Result<Node, QueryError> {
        let left_column = self.column();
        let left = self.parse_primary(field)?;
        let Some(&Spanned {
            tok: Tok::Near(distance),
            column,
        }) = self.peek()
        else {
            return Ok(left);
        };
        self.pos += 1;
        let right_column = self.column();
        let right = self.parse_primary(field)?;
        if let Some(t) = self.peek()
            && matches!(t.tok, Tok::Near(_))
        {
            return Err(QueryError::new(
                t.column,
                "NEAR cannot be chained: write pairs joined by AND, e.g. a NEAR/5 b AND b NEAR/5 c",
            ));
        }
        let left_field = near_operand_field(&left).map_err(|m| QueryError::new(left_column, m))?;
        let right_field =
            near_operand_field(&right).map_err(|m| QueryError::new(right_column, m))?;
        if left_field != right_field {
            let name = |f: Option<Field>| {
                f.map_or("no field (title, summary, content)".to_string(), |f| {
                    format!("{f}:")
                })
            };
            return Err(QueryError::new(
                column,
                format!(
                    "NEAR needs both operands in the same field, found {} on the left and {} \
                     on the right; write e.g. title:(a NEAR/5 b)",
                    name(left_field),
                    name(right_field)
                ),
            ));
        }
        Ok(Node::Near {
            left: Box::new(left),
            right: Box::new(right),
            distance,
        })
    }

    fn parse_primary(&mut self, field: Option<Field>) -> Result<Node, QueryError> {
        let Some(t) = self.next() else {
            return Err(self.expected_term());
        };
        let column = t.column;
        let kind = match t.tok {
            Tok::LParen => {
                self.enter()?;
                let inner = self.parse_or(field)?;
                self.depth -= 1;
                if !matches!(
                    self.peek(),
                    Some(Spanned {
                        tok: Tok::RParen,
                        ..
                    })
                ) {
                    return Err(QueryError::new(
                        self.column(),
                        format!("expected ')' to close the '(' at column {column}"),
                    ));
                }
                self.pos += 1;
                return Ok(inner);
            }
            Tok::Field(f) => {
                // An inner field overrides an outer one: title:(summary:x).
                return self.parse_primary(Some(f));
            }
            Tok::Alias(name) => return self.aliases.expand(&name, field, column),
            Tok::Word(w) => TermKind::Word(w),
            Tok::Phrase { text, slop } => {
                if let Some(name) = alias_in_phrase(&text, self.aliases) {
                    return Err(QueryError::new(
                        column,
                        format!(
                            "aliases are not expanded inside quotes: for '@{name}' near other \
                             words write @{name} NEAR/N (...), e.g. @ai NEAR/5 @defense"
                        ),
                    ));
                }
                TermKind::Phrase { text, slop }
            }
            Tok::Exact(w) => TermKind::Exact(w),
            Tok::Prefix(p) => TermKind::Prefix(p),
            Tok::Regex(r) => TermKind::Regex(r),
            _ => {
                self.pos -= 1;
                return Err(self.expected_term());
            }
        };
        make_term(field, kind, column).map(Node::Term)
    }
}

/// The field shared by every term of a NEAR operand, or why the node cannot
/// be one.
fn near_operand_field(node: &Node) -> Result<Option<Field>, String> {
    match node {
        Node::Term(t) => match &t.kind {
            TermKind::Word(_)
            | TermKind::Exact(_)
            | TermKind::Prefix(_)
            | TermKind::Phrase { slop: None, .. } => Ok(t.field),
            TermKind::Phrase { slop: Some(_), .. } => Err(
                "a \"phrase\"~N cannot be a NEAR operand: use the phrase without ~N, or NEAR \
                 between its words"
                    .into(),
            ),
            TermKind::Regex(_) => Err("a /regex/ cannot be a NEAR operand (it has no word \
                 positions): combine it with AND"
                .into()),
            TermKind::Site(_) => Err("site: cannot be a NEAR operand: combine it with AND".into()),
        },
        Node::Alias { body, .. } => near_operand_field(body),
        Node::Or(children) => {
            let mut field = None;
            for (i, c) in children.iter().enumerate() {
                let f = near_operand_field(c)?;
                if i > 0 && f != field {
                    return Err(
                        "the alternatives of a NEAR operand must all search the same \
                         field: put the field before the group, e.g. title:(a OR b)"
                            .into(),
                    );
                }
                field = f;
            }
            Ok(field)
        }
        Node::And(_) => Err(
            "a NEAR operand can combine alternatives with OR only, not AND: \
             write (a NEAR/5 c) AND (b NEAR/5 c)"
                .into(),
        ),
        Node::Not(_) => Err("NOT cannot be used inside a NEAR operand: write \
             a NEAR/5 b AND NOT c"
            .into()),
        Node::Near { .. } => Err("NEAR cannot be nested inside a NEAR operand: write pairs \
             joined by AND, e.g. a NEAR/5 b AND b NEAR/5 c"
            .into()),
    }
}

/// Checks a leaf term and applies its field; shared with alias expansion.
pub(crate) fn make_term(
    field: Option<Field>,
    kind: TermKind,
    column: usize,
) -> Result<Term, QueryError> {
    let err = |msg: String| Err(QueryError::new(column, msg));
    if field == Some(Field::Site) {
        return match kind {
            TermKind::Word(w) if is_domain(&w) => Ok(Term {
                field,
                kind: TermKind::Site(w.to_ascii_lowercase()),
            }),
            other => err(format!(
                "site: expects a domain such as reuters.com, found {other}"
            )),
        };
    }
    match &kind {
        TermKind::Word(w) if phrase_words(w).is_empty() => {
            return err(format!("'{w}' has no letters or digits to match"));
        }
        TermKind::Phrase { text, .. } => {
            if phrase_words(text).is_empty() {
                return err("empty phrase: expected words between the quotes".into());
            }
            if let Some(msg) = misplaced_star(text) {
                return err(msg);
            }
        }
        TermKind::Exact(w) if raw_words(w).len() != 1 => {
            return err(format!(
                "'={w}' must be a single word (letters and digits) for an exact match"
            ));
        }
        TermKind::Prefix(p) => {
            if phrase_words(p).is_empty() || !p.ends_with(super::normalize::is_word_char) {
                return err(format!(
                    "'{p}*': '*' must directly follow a letter or digit (prefix match, e.g. \
                     contract* or semi-conduct*)"
                ));
            }
            if p.contains('*') || p.chars().any(char::is_whitespace) {
                return err(format!(
                    "'{p}*': only the last word of a prefix term can end in '*'; for several \
                     words write a phrase, e.g. \"export licen*\""
                ));
            }
        }
        TermKind::Regex(r) => {
            if let Err(e) = build_regex(r) {
                return err(format!("invalid regex /{r}/: {e}"));
            }
        }
        _ => {}
    }
    Ok(Term { field, kind })
}

/// The first `@name` in a phrase that names a defined alias (other `@`
/// words, such as handles, are searched as words).
fn alias_in_phrase<'t>(text: &'t str, aliases: &Aliases) -> Option<&'t str> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter_map(|w| w.strip_prefix('@'))
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .find(|name| aliases.names().any(|n| n == *name))
}

/// Why the `*`s of a phrase are misplaced, if they are: each must directly
/// follow a letter or digit and end the word.
fn misplaced_star(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '*' {
            continue;
        }
        let after_word = i > 0 && super::normalize::is_word_char(chars[i - 1]);
        let ends_word = chars
            .get(i + 1)
            .is_none_or(|n| !super::normalize::is_word_char(*n));
        if !after_word || !ends_word {
            return Some(format!(
                "in phrase \"{text}\": '*' must end a word (a prefix, e.g. \"export licen*\")"
            ));
        }
    }
    None
}

/// Compiles a query regex: case-insensitive (it runs on folded text), with a
/// size limit. The error is the regex crate's message, condensed to one line.
pub(crate) fn build_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!("compiled regex exceeds the size limit of {limit} bytes")
            }
            other => {
                let text = other.to_string();
                text.lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("syntax error")
                    .trim()
                    .to_string()
            }
        })
}

fn is_domain(w: &str) -> bool {
    !w.is_empty()
        && !w.starts_with('.')
        && !w.ends_with('.')
        && !w.contains("..")
        && w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}
