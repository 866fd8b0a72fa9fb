//! Splits query text into tokens, each tagged with its 1-based char column.
//!
//! The lexer is context-free: what a bare run of characters means is decided
//! here (operator, field prefix, prefix term, plain word), and the parser only
//! arranges tokens. Operators are recognised only in upper case, so "and" and
//! "or" stay ordinary words.

use super::ast::Field;
use super::parser::QueryError;

/// Longest accepted `NEAR/n` or `"..."~n` distance. Bounded so positions of
/// separate category/tag values (kept far apart) never look near each other.
pub(crate) const MAX_DISTANCE: u32 = 1000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    /// Leading `-`: negation of the following term or group.
    Minus,
    Near(u32),
    /// `name:` before a term or group.
    Field(Field),
    Word(String),
    Phrase {
        text: String,
        slop: Option<u32>,
    },
    Exact(String),
    Prefix(String),
    Regex(String),
    Alias(String),
}

impl Tok {
    /// How the token is described in "expected ..., found ..." messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
            Tok::Not => "NOT".into(),
            Tok::Minus => "'-'".into(),
            Tok::Near(n) => format!("NEAR/{n}"),
            Tok::Field(f) => format!("{f}:"),
            Tok::Word(w) => format!("word '{w}'"),
            Tok::Phrase { text, .. } => format!("phrase \"{text}\""),
            Tok::Exact(w) => format!("'={w}'"),
            Tok::Prefix(p) => format!("'{p}*'"),
            Tok::Regex(r) => format!("regex /{r}/"),
            Tok::Alias(a) => format!("'@{a}'"),
        }
    }
}

/// A token and the 1-based char column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned {
    pub tok: Tok,
    pub column: usize,
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

pub(crate) fn lex(src: &str) -> Result<Vec<Spanned>, QueryError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let push = |out: &mut Vec<Spanned>, tok| out.push(Spanned { tok, column });
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                push(&mut out, Tok::LParen);
                i += 1;
            }
            ')' => {
                push(&mut out, Tok::RParen);
                i += 1;
            }
            '"' => {
                let (tok, next) = lex_phrase(&chars, i)?;
                push(&mut out, tok);
                i = next;
            }
            '/' => {
                let (pattern, next) = lex_regex(&chars, i)?;
                push(&mut out, Tok::Regex(pattern));
                i = next;
            }
            '-' if chars
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != ')') =>
            {
                push(&mut out, Tok::Minus);
                i += 1;
            }
            '@' => {
                let end = run_end(&chars, i + 1);
                let name: String = chars[i + 1..end].iter().collect();
                if name.is_empty() {
                    return Err(QueryError::new(column, "expected an alias name after '@'"));
                }
                push(&mut out, Tok::Alias(name));
                i = end;
            }
            '=' => {
                let end = run_end(&chars, i + 1);
                let word: String = chars[i + 1..end].iter().collect();
                if word.is_empty() {
                    return Err(QueryError::new(
                        column,
                        "expected a word after '=' (exact, case-sensitive match, e.g. =US)",
                    ));
                }
                push(&mut out, Tok::Exact(word));
                i = end;
            }
            _ => {
                let end = run_end(&chars, i);
                let run: String = chars[i..end].iter().collect();
                match classify_run(&run, column)? {
                    Run::Tok(tok) => {
                        push(&mut out, tok);
                        i = end;
                    }
                    Run::Field(field, len) => {
                        push(&mut out, Tok::Field(field));
                        i += len;
                    }
                }
            }
        }
    }
    Ok(out)
}

/// End (exclusive) of a bare run of characters starting at `start`.
fn run_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !is_break(chars[end]) {
        end += 1;
    }
    end
}

enum Run {
    Tok(Tok),
    /// A field prefix and the number of chars it used (name plus ':').
    Field(Field, usize),
}

fn classify_run(run: &str, column: usize) -> Result<Run, QueryError> {
    match run {
        "AND" => return Ok(Run::Tok(Tok::And)),
        "OR" => return Ok(Run::Tok(Tok::Or)),
        "NOT" => return Ok(Run::Tok(Tok::Not)),
        _ => {}
    }
    if run == "NEAR" || run.starts_with("NEAR/") {
        let digits = run.strip_prefix("NEAR/").unwrap_or("");
        return parse_distance(digits, column, "NEAR/").map(|n| Run::Tok(Tok::Near(n)));
    }
    if let Some((name, _)) = run.split_once(':')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic())
    {
        return match Field::from_name(name) {
            Some(field) => Ok(Run::Field(field, name.chars().count() + 1)),
            None => Err(QueryError::new(
                column,
                format!(
                    "unknown field '{name}:'; expected one of title:, lead:, summary:, content:, \
                     author:, category:, feed:, site: (quote the text to search for it literally)"
                ),
            )),
        };
    }
    if let Some(stem) = run.strip_suffix('*') {
        if stem.is_empty() {
            return Err(QueryError::new(
                column,
                "expected letters before '*' (prefix match, e.g. contract*)",
            ));
        }
        return Ok(Run::Tok(Tok::Prefix(stem.to_string())));
    }
    Ok(Run::Tok(Tok::Word(run.to_string())))
}

fn parse_distance(digits: &str, column: usize, what: &str) -> Result<u32, QueryError> {
    match digits.parse::<u32>() {
        Ok(n) if (1..=MAX_DISTANCE).contains(&n) => Ok(n),
        _ => Err(QueryError::new(
            column,
            format!(
                "invalid distance '{digits}' after {what}: expected a number from 1 to \
                 {MAX_DISTANCE}, e.g. {what}5"
            ),
        )),
    }
}

/// Lexes `"..."` with an optional `~n` starting at `start` (the quote).
fn lex_phrase(chars: &[char], start: usize) -> Result<(Tok, usize), QueryError> {
    let Some(len) = chars[start + 1..].iter().position(|&c| c == '"') else {
        return Err(QueryError::new(
            start + 1,
            "unterminated phrase: expected a closing '\"'",
        ));
    };
    let text: String = chars[start + 1..start + 1 + len].iter().collect();
    let mut next = start + len + 2;
    let mut slop = None;
    if chars.get(next) == Some(&'~') {
        let end = run_end(chars, next + 1);
        let digits: String = chars[next + 1..end].iter().collect();
        slop = Some(parse_distance(&digits, next + 1, "\"...\"~")?);
        next = end;
    }
    Ok((Tok::Phrase { text, slop }, next))
}

/// Lexes `/pattern/` starting at `start`; `\/` stands for `/`, any other
/// backslash pair is kept as is for the regex engine.
fn lex_regex(chars: &[char], start: usize) -> Result<(String, usize), QueryError> {
    let mut pattern = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '/' => return Ok((pattern, i + 1)),
            '\\' if chars.get(i + 1) == Some(&'/') => {
                pattern.push('/');
                i += 2;
            }
            '\\' if i + 1 < chars.len() => {
                pattern.push('\\');
                pattern.push(chars[i + 1]);
                i += 2;
            }
            c => {
                pattern.push(c);
                i += 1;
            }
        }
    }
    Err(QueryError::new(
        start + 1,
        "unterminated regex: expected a closing '/' (write \\/ for a literal slash)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src)
            .map(|v| v.into_iter().map(|s| s.tok).collect())
            .unwrap_or_default()
    }

    #[test]
    fn lexes_operators_fields_and_terms() {
        assert_eq!(
            toks("title:(a OR b*) -=US NEAR/3 \"x y\"~2 @al /a\\/b/ and"),
            vec![
                Tok::Field(Field::Title),
                Tok::LParen,
                Tok::Word("a".into()),
                Tok::Or,
                Tok::Prefix("b".into()),
                Tok::RParen,
                Tok::Minus,
                Tok::Exact("US".into()),
                Tok::Near(3),
                Tok::Phrase {
                    text: "x y".into(),
                    slop: Some(2)
                },
                Tok::Alias("al".into()),
                Tok::Regex("a/b".into()),
                Tok::Word("and".into()),
            ]
        );
    }

    #[test]
    fn keeps_words_with_inner_punctuation() {
        assert_eq!(
            toks("site:www.reuters.com 10:30 e-mail"),
            vec![
                Tok::Field(Field::Site),
                Tok::Word("www.reuters.com".into()),
                Tok::Word("10:30".into()),
                Tok::Word("e-mail".into()),
            ]
        );
    }
}
