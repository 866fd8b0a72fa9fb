//! A reader for the Python expressions of feedparser's `Expect:` lines:
//! just enough (comparisons of access paths with literals, `and`) to map
//! the simple ones onto our model.

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Str(String),
    Num(f64),
    Ident(String),
    Punct(char),
    Eq,
    Ne,
}

#[derive(Debug, Clone)]
pub(crate) enum Lit {
    Str(String),
    Tuple(Vec<f64>),
    Other,
}

#[derive(Debug, Clone)]
pub(crate) enum Step {
    Index(usize),
    Key(String),
}

#[derive(Debug)]
pub(crate) struct Clause {
    pub(crate) access: Vec<Step>, // first step is the root name as a Key
    pub(crate) negated: bool,
    pub(crate) cmp: Option<Lit>, // None: truthiness
    pub(crate) source: String,
}

/// Tokenizes a Python expression; `None` on anything we do not support.
pub(crate) fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = s.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\\' && matches!(chars.get(i + 1), Some('n') | Some('t')) {
            i += 2; // the manifest writes newlines between clauses as `\n`
        } else if c == '\''
            || c == '"'
            || (matches!(c, 'u' | 'b' | 'r') && matches!(chars.get(i + 1), Some('\'') | Some('"')))
        {
            let raw = c == 'r';
            if c != '\'' && c != '"' {
                i += 1;
            }
            let q = chars[i];
            i += 1;
            let mut out = String::new();
            loop {
                let ch = *chars.get(i)?;
                i += 1;
                if ch == q {
                    break;
                }
                if ch != '\\' || raw {
                    out.push(ch);
                    continue;
                }
                let esc = *chars.get(i)?;
                i += 1;
                match esc {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    'x' | 'u' | 'U' => {
                        let n = match esc {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = chars.get(i..i + n)?.iter().collect();
                        i += n;
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    other => {
                        if !matches!(other, '\\' | '\'' | '"') {
                            out.push('\\');
                        }
                        out.push(other);
                    }
                }
            }
            toks.push(Tok::Str(out));
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            toks.push(Tok::Num(text.parse().ok()?));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            toks.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if c == '=' && chars.get(i + 1) == Some(&'=') {
            toks.push(Tok::Eq);
            i += 2;
        } else if c == '!' && chars.get(i + 1) == Some(&'=') {
            toks.push(Tok::Ne);
            i += 2;
        } else if "[].(),+".contains(c) {
            toks.push(Tok::Punct(c));
            i += 1;
        } else {
            return None;
        }
    }
    Some(toks)
}

/// Splits an `Expect:` expression into clauses we understand; clauses we do
/// not (function calls, dicts, `bozo`) are dropped, and an expression with a
/// top-level `or` is dropped entirely.
pub(crate) fn parse_expect(expr: &str) -> Vec<Clause> {
    let Some(toks) = tokenize(expr) else {
        return Vec::new();
    };
    if toks.iter().any(|t| *t == Tok::Ident("or".into())) {
        return Vec::new();
    }
    let mut clauses = Vec::new();
    let mut depth = 0i32;
    let mut current = Vec::new();
    let mut parts = Vec::new();
    for t in toks {
        match &t {
            Tok::Punct('[') | Tok::Punct('(') => depth += 1,
            Tok::Punct(']') | Tok::Punct(')') => depth -= 1,
            _ => {}
        }
        if depth == 0 && t == Tok::Ident("and".into()) {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(t);
        }
    }
    parts.push(current);
    for part in parts {
        if let Some(c) = parse_clause(&part) {
            clauses.push(c);
        }
    }
    clauses
}

/// Renders tokens back to (roughly) the Python they came from, for messages.
pub(crate) fn render(toks: &[Tok]) -> String {
    let mut out = String::new();
    for t in toks {
        match t {
            Tok::Str(s) => out.push_str(&format!("{s:?}")),
            Tok::Num(n) => out.push_str(&n.to_string()),
            Tok::Ident(i) => out.push_str(&format!(" {i} ")),
            Tok::Punct(c) => out.push(*c),
            Tok::Eq => out.push_str(" == "),
            Tok::Ne => out.push_str(" != "),
        }
    }
    out.trim().to_string()
}

pub(crate) fn parse_clause(toks: &[Tok]) -> Option<Clause> {
    let source = render(toks);
    let mut i = 0;
    let negated = toks.first() == Some(&Tok::Ident("not".into()));
    if negated {
        i += 1;
    }
    let Some(Tok::Ident(root)) = toks.get(i) else {
        return None;
    };
    let mut access = vec![Step::Key(root.clone())];
    i += 1;
    loop {
        match (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
            (Some(Tok::Punct('[')), Some(Tok::Num(n)), Some(Tok::Punct(']'))) => {
                access.push(Step::Index(*n as usize))
            }
            (Some(Tok::Punct('[')), Some(Tok::Str(k)), Some(Tok::Punct(']'))) => {
                access.push(Step::Key(k.clone()))
            }
            (Some(Tok::Punct('.')), Some(Tok::Ident(k)), next) => {
                if next == Some(&Tok::Punct('(')) {
                    return None; // a method call
                }
                access.push(Step::Key(k.clone()));
                i += 2;
                continue;
            }
            _ => break,
        }
        i += 3;
    }
    if i == toks.len() {
        return Some(Clause {
            access,
            negated,
            cmp: None,
            source,
        });
    }
    let eq = match toks.get(i) {
        Some(Tok::Eq) => true,
        Some(Tok::Ne) => false,
        _ => return None,
    };
    if negated {
        return None;
    }
    let lit = parse_literal(&toks[i + 1..])?;
    Some(Clause {
        access,
        negated: !eq,
        cmp: Some(lit),
        source,
    })
}

pub(crate) fn parse_literal(toks: &[Tok]) -> Option<Lit> {
    match toks.first()? {
        Tok::Str(_) => {
            // String concatenation: 'a' + 'b'.
            let mut s = String::new();
            for (k, t) in toks.iter().enumerate() {
                match (k % 2, t) {
                    (0, Tok::Str(part)) => s.push_str(part),
                    (1, Tok::Punct('+')) => {}
                    _ => return None,
                }
            }
            Some(Lit::Str(s))
        }
        Tok::Punct('(') => {
            let mut nums = Vec::new();
            for t in &toks[1..] {
                match t {
                    Tok::Num(n) => nums.push(*n),
                    Tok::Punct(',') => {}
                    Tok::Punct(')') => return Some(Lit::Tuple(nums)),
                    _ => return None,
                }
            }
            None
        }
        _ => Some(Lit::Other),
    }
}
