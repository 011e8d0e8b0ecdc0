//! The canonical form of an SQL expression, for [`super::normalize_expr`].
//!
//! The same default, check or index expression reaches the IR spelled three
//! ways: as the user wrote it (replay, models), as sqlparser prints it, and
//! as PostgreSQL deparses it from its catalog, which adds parentheses
//! everywhere, casts every literal (`'a'::text`, `(0)::numeric`), casts
//! `varchar` columns to `text` before comparing them, and rewrites
//! `x IN (…)` as `x = ANY (ARRAY[…])`, `BETWEEN` as two comparisons and
//! `LIKE` as `~~`. No text substitution survives all of that, so the
//! expression is parsed (a small precedence-climbing parser for the
//! expression language of PostgreSQL and SQLite), rewritten into one form,
//! and printed with parentheses exactly around compound operands.
//!
//! Rewrites (each one is what PostgreSQL itself does, or drops what it
//! adds):
//! - casts of literals are dropped (`'a'::text` → `'a'`; a numeric string
//!   cast to a numeric type is unquoted: `'-1'::integer` → `-1`), and so
//!   are typed literals' types (`interval '1 day'` → `'1 day'`);
//! - casts to the text types (`text`, `varchar`, `char`, their arrays) are
//!   dropped everywhere: PostgreSQL inserts them on `varchar` columns; and
//!   so are casts of a column that is an operand of a comparison or of
//!   arithmetic (`(qty)::numeric > 1.5`), which PostgreSQL inserts to
//!   find a common type;
//! - `x IN (a, b)` → `x = any (array[a, b])` (for literal items, else
//!   `x = a or x = b`), `NOT IN` → `<> all`, `BETWEEN` → `x >= a and x <=
//!   b`, `LIKE`/`ILIKE` → `~~`/`~~*`, `!=` → `<>`, `ISNULL` → `is null`;
//! - `and`/`or` chains are flattened; unneeded quotes on identifiers are
//!   dropped; keywords and unquoted names are lower case.
//!
//! Text this parser does not understand makes [`parse`] return `None`, and
//! the caller falls back to a textual normalisation.

use crate::Dialect;
use crate::schema::SqlType;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// A literal as written (`'a'`, `e'a\n'`, `12`, `1.5`, `true`, `null`).
    Lit(String),
    /// A (possibly qualified) name; each part canonical (lower case unless
    /// quoted with capitals).
    Name(Vec<Ident>),
    /// `*` (in `count(*)`).
    Star,
    Call {
        name: Vec<Ident>,
        args: Vec<Expr>,
        distinct: bool,
    },
    /// `x::type` (type text canonical).
    Cast(Box<Expr>, String),
    /// `-x`, `+x`, `not x`, `~x`.
    Unary(String, Box<Expr>),
    /// `a op b` (op lower case: `=`, `||`, `~~`, `is distinct from`, …).
    Binary(String, Box<Expr>, Box<Expr>),
    /// `a and b and c` / `or`.
    Bool(String, Vec<Expr>),
    /// `x is null`, `x is not true`, … (the predicate after `is`).
    Is(Box<Expr>, String),
    /// `x op any (rhs)` / `all`.
    Quantified {
        op: String,
        quantifier: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `array[…]`.
    Array(Vec<Expr>),
    /// `(a, b)`.
    Row(Vec<Expr>),
    /// `x[i]` / `x[i:j]`.
    Subscript(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    Case {
        operand: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
}

/// An identifier: its value, and whether it must be quoted to keep it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ident(String);

impl Ident {
    fn unquoted(word: &str) -> Ident {
        Ident(word.to_ascii_lowercase())
    }

    fn print(&self) -> String {
        let plain = self
            .0
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && self
                .0
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
        if plain && !is_reserved(&self.0) {
            self.0.clone()
        } else {
            format!("\"{}\"", self.0.replace('"', "\"\""))
        }
    }
}

fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "all"
            | "and"
            | "any"
            | "array"
            | "as"
            | "asc"
            | "between"
            | "case"
            | "cast"
            | "check"
            | "collate"
            | "column"
            | "constraint"
            | "create"
            | "default"
            | "desc"
            | "distinct"
            | "else"
            | "end"
            | "false"
            | "from"
            | "group"
            | "having"
            | "in"
            | "is"
            | "like"
            | "limit"
            | "not"
            | "null"
            | "on"
            | "or"
            | "order"
            | "primary"
            | "references"
            | "select"
            | "table"
            | "then"
            | "to"
            | "true"
            | "union"
            | "unique"
            | "user"
            | "when"
            | "where"
            | "with"
    )
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An unquoted word, lower case.
    Word(String),
    /// A quoted identifier, value unescaped.
    Quoted(String),
    /// A string literal as written (prefix lower case, quotes kept).
    Str(String),
    Num(String),
    Op(String),
    Cast,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Colon,
}

fn tokenize(text: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            _ if c.is_whitespace() => i += 1,
            '-' if next == Some('-') => {
                while i < n && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < n {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            '\'' => {
                let (s, end) = quoted(&chars, i, '\'')?;
                out.push(Tok::Str(s));
                i = end;
            }
            // E'…', B'…', X'…', N'…': a prefixed string literal.
            'e' | 'E' | 'b' | 'B' | 'x' | 'X' | 'n' | 'N' if next == Some('\'') => {
                let (s, end) = quoted(&chars, i + 1, '\'')?;
                out.push(Tok::Str(format!("{}{s}", c.to_ascii_lowercase())));
                i = end;
            }
            '"' | '`' | '[' if c != '[' || sqlite_bracket(&out) => {
                let close = match c {
                    '[' => ']',
                    other => other,
                };
                let (s, end) = quoted(&chars, i, close)?;
                // Strip the quotes and undo doubling.
                let inner = &s[1..s.len() - 1];
                let doubled = format!("{close}{close}");
                out.push(Tok::Quoted(inner.replace(&doubled, &close.to_string())));
                i = end;
            }
            '$' if next.is_some_and(|d| d.is_ascii_digit()) => {
                let start = i;
                i += 1;
                while i < n && chars[i].is_ascii_digit() {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
            _ if c.is_ascii_digit() || (c == '.' && next.is_some_and(|d| d.is_ascii_digit())) => {
                let start = i;
                while i < n && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    // `1..2` is not a number; stop before a second dot.
                    if chars[i] == '.' && chars[start..i].contains(&'.') {
                        break;
                    }
                    i += 1;
                }
                if i < n && matches!(chars[i], 'e' | 'E') {
                    let mut j = i + 1;
                    if j < n && matches!(chars[j], '+' | '-') {
                        j += 1;
                    }
                    if j < n && chars[j].is_ascii_digit() {
                        i = j;
                        while i < n && chars[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Num(
                    chars[start..i]
                        .iter()
                        .collect::<String>()
                        .to_ascii_lowercase(),
                ));
            }
            _ if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < n && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                    i += 1;
                }
                out.push(Tok::Word(
                    chars[start..i].iter().collect::<String>().to_lowercase(),
                ));
            }
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            '[' => {
                out.push(Tok::LBracket);
                i += 1;
            }
            ']' => {
                out.push(Tok::RBracket);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '.' => {
                out.push(Tok::Dot);
                i += 1;
            }
            ':' if next == Some(':') => {
                out.push(Tok::Cast);
                i += 2;
            }
            ':' => {
                out.push(Tok::Colon);
                i += 1;
            }
            _ if is_op_char(c) => {
                let start = i;
                while i < n && is_op_char(chars[i]) {
                    // A comment start ends the operator.
                    if (chars[i] == '-' && chars.get(i + 1) == Some(&'-'))
                        || (chars[i] == '/' && chars.get(i + 1) == Some(&'*'))
                    {
                        break;
                    }
                    i += 1;
                }
                let mut op: String = chars[start..i].iter().collect();
                // PostgreSQL: a multi-character operator cannot end in + or -
                // unless it holds one of ~ ! @ # % ^ & | ` ? (so `>-1` is
                // `>` and `-1`).
                while op.len() > 1
                    && op.ends_with(['+', '-'])
                    && !op.contains(['~', '!', '@', '#', '%', '^', '&', '|', '`', '?'])
                {
                    op.pop();
                    i -= 1;
                }
                out.push(Tok::Op(op));
            }
            _ => return None,
        }
    }
    Some(out)
}

fn is_op_char(c: char) -> bool {
    matches!(
        c,
        '+' | '-'
            | '*'
            | '/'
            | '<'
            | '>'
            | '='
            | '~'
            | '!'
            | '@'
            | '#'
            | '%'
            | '^'
            | '&'
            | '|'
            | '?'
    )
}

/// `[` opens a SQLite-quoted name only where a name can stand (not after
/// an expression, where it is a subscript).
fn sqlite_bracket(out: &[Tok]) -> bool {
    !matches!(
        out.last(),
        Some(
            Tok::Word(_) | Tok::Quoted(_) | Tok::Str(_) | Tok::Num(_) | Tok::RParen | Tok::RBracket
        )
    )
}

/// The quoted run starting at `chars[start]` (the opening quote), doubled
/// closing quotes included; returns the text with its quotes and the index
/// after it.
fn quoted(chars: &[char], start: usize, close: char) -> Option<(String, usize)> {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == close {
            if chars.get(i + 1) == Some(&close) {
                i += 2;
                continue;
            }
            return Some((chars[start..=i].iter().collect(), i + 1));
        }
        i += 1;
    }
    None
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// Parses a whole expression; `None` when any of it is not understood.
pub(super) fn parse(text: &str) -> Option<Expr> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return None;
    }
    let mut p = Parser { tokens, pos: 0 };
    let e = p.expr(0)?;
    (p.pos == p.tokens.len()).then_some(e)
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
}

// Binding powers, loosest first (PostgreSQL's operator precedence).
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const IS: u8 = 4;
const COMPARE: u8 = 5;
const LIKE: u8 = 6;
const OTHER: u8 = 7;
const ADD: u8 = 8;
const MUL: u8 = 9;
const POW: u8 = 10;
const AT: u8 = 11;
const UNARY: u8 = 12;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.tokens.get(self.pos + k)
    }

    fn is_word(&self, k: usize, word: &str) -> bool {
        matches!(self.peek_at(k), Some(Tok::Word(w)) if w == word)
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.is_word(0, word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok) -> Option<()> {
        self.eat(tok).then_some(())
    }

    /// An expression whose operators all bind tighter than `min`.
    fn expr(&mut self, min: u8) -> Option<Expr> {
        let mut left = self.prefix()?;
        while let Some(tok) = self.peek().cloned() {
            // Postfix: casts and subscripts bind tightest.
            match &tok {
                Tok::Cast => {
                    self.pos += 1;
                    let ty = self.type_name()?;
                    left = Expr::Cast(Box::new(left), ty);
                    continue;
                }
                Tok::LBracket => {
                    self.pos += 1;
                    let index = self.expr(0)?;
                    let upper = if self.eat(&Tok::Colon) {
                        Some(Box::new(self.expr(0)?))
                    } else {
                        None
                    };
                    self.expect(&Tok::RBracket)?;
                    left = Expr::Subscript(Box::new(left), Box::new(index), upper);
                    continue;
                }
                _ => {}
            }
            let Some((bp, kind)) = self.infix(&tok) else {
                break;
            };
            if bp <= min {
                break;
            }
            left = self.infix_rest(left, bp, kind)?;
        }
        Some(left)
    }

    /// The binding power of the operator at the cursor, if it is one.
    fn infix(&self, tok: &Tok) -> Option<(u8, Infix)> {
        Some(match tok {
            Tok::Op(op) => match op.as_str() {
                "=" | "==" | "<" | ">" | "<=" | ">=" | "<>" | "!=" => (COMPARE, Infix::Op),
                "+" | "-" => (ADD, Infix::Op),
                "*" | "/" | "%" => (MUL, Infix::Op),
                "^" => (POW, Infix::Op),
                _ => (OTHER, Infix::Op),
            },
            Tok::Word(w) => match w.as_str() {
                "or" => (OR, Infix::Op),
                "and" => (AND, Infix::Op),
                "is" | "isnull" | "notnull" => (IS, Infix::Is),
                "in" | "like" | "ilike" | "between" | "similar" | "glob" | "regexp" | "match" => {
                    (LIKE, Infix::Keyword)
                }
                "not"
                    if matches!(
                        self.peek_at(1),
                        Some(Tok::Word(w)) if matches!(w.as_str(), "in" | "like" | "ilike" | "between" | "similar" | "glob" | "regexp" | "match")
                    ) =>
                {
                    (LIKE, Infix::Keyword)
                }
                "at" if self.is_word(1, "time") && self.is_word(2, "zone") => (AT, Infix::At),
                "collate" => (AT, Infix::Collate),
                _ => return None,
            },
            _ => return None,
        })
    }

    fn infix_rest(&mut self, left: Expr, bp: u8, kind: Infix) -> Option<Expr> {
        match kind {
            Infix::Op => {
                let op = match self.peek()?.clone() {
                    Tok::Op(op) => op,
                    Tok::Word(w) => w,
                    _ => return None,
                };
                self.pos += 1;
                let op = match op.as_str() {
                    "!=" => "<>".to_string(),
                    "==" => "=".to_string(),
                    _ => op,
                };
                // `x = ANY (…)`, `x <> ALL (…)`, `x = SOME (…)`.
                if let Some(Tok::Word(q)) = self.peek().cloned()
                    && matches!(q.as_str(), "any" | "some" | "all")
                    && self.peek_at(1) == Some(&Tok::LParen)
                    && !matches!(op.as_str(), "and" | "or")
                {
                    self.pos += 2;
                    let right = self.expr(0)?;
                    self.expect(&Tok::RParen)?;
                    return Some(Expr::Quantified {
                        op,
                        quantifier: if q == "all" { q } else { "any".into() },
                        left: Box::new(left),
                        right: Box::new(right),
                    });
                }
                let right = self.expr(bp)?;
                Some(match op.as_str() {
                    "and" | "or" => Expr::Bool(op, vec![left, right]),
                    _ => Expr::Binary(op, Box::new(left), Box::new(right)),
                })
            }
            Infix::Is => {
                let Some(Tok::Word(w)) = self.peek().cloned() else {
                    return None;
                };
                self.pos += 1;
                match w.as_str() {
                    "isnull" => return Some(Expr::Is(Box::new(left), "null".into())),
                    "notnull" => return Some(Expr::Is(Box::new(left), "not null".into())),
                    _ => {}
                }
                let not = self.eat_word("not");
                let prefix = if not { "not " } else { "" };
                for what in ["null", "true", "false", "unknown"] {
                    if self.eat_word(what) {
                        return Some(Expr::Is(Box::new(left), format!("{prefix}{what}")));
                    }
                }
                if self.is_word(0, "distinct") && self.is_word(1, "from") {
                    self.pos += 2;
                    let right = self.expr(IS)?;
                    return Some(Expr::Binary(
                        format!("is {prefix}distinct from"),
                        Box::new(left),
                        Box::new(right),
                    ));
                }
                // SQLite: `a IS b`, `a IS NOT b`.
                let right = self.expr(IS)?;
                Some(Expr::Binary(
                    format!("is {prefix}").trim_end().to_string(),
                    Box::new(left),
                    Box::new(right),
                ))
            }
            Infix::Keyword => {
                let not = self.eat_word("not");
                let Some(Tok::Word(w)) = self.peek().cloned() else {
                    return None;
                };
                self.pos += 1;
                match w.as_str() {
                    "in" => {
                        self.expect(&Tok::LParen)?;
                        let items = self.list(&Tok::RParen)?;
                        Some(in_list(left, items, not))
                    }
                    "between" => {
                        let symmetric = self.eat_word("symmetric");
                        if !symmetric {
                            self.eat_word("asymmetric");
                        }
                        let low = self.expr(LIKE)?;
                        if !self.eat_word("and") {
                            return None;
                        }
                        let high = self.expr(LIKE)?;
                        if symmetric {
                            return None;
                        }
                        Some(between(left, low, high, not))
                    }
                    "similar" => {
                        if !self.eat_word("to") {
                            return None;
                        }
                        let right = self.expr(LIKE)?;
                        let op = if not { "not similar to" } else { "similar to" };
                        Some(Expr::Binary(op.into(), Box::new(left), Box::new(right)))
                    }
                    _ => {
                        let right = self.expr(LIKE)?;
                        let op = match (w.as_str(), not) {
                            ("like", false) => "~~".to_string(),
                            ("like", true) => "!~~".to_string(),
                            ("ilike", false) => "~~*".to_string(),
                            ("ilike", true) => "!~~*".to_string(),
                            (other, false) => other.to_string(),
                            (other, true) => format!("not {other}"),
                        };
                        Some(Expr::Binary(op, Box::new(left), Box::new(right)))
                    }
                }
            }
            Infix::At => {
                self.pos += 3;
                let right = self.expr(AT)?;
                Some(Expr::Binary(
                    "at time zone".into(),
                    Box::new(left),
                    Box::new(right),
                ))
            }
            Infix::Collate => {
                self.pos += 1;
                let name = self.name()?;
                Some(Expr::Binary(
                    "collate".into(),
                    Box::new(left),
                    Box::new(Expr::Name(name)),
                ))
            }
        }
    }

    /// A comma-separated list up to `close` (consumed).
    fn list(&mut self, close: &Tok) -> Option<Vec<Expr>> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Some(items);
        }
        loop {
            items.push(self.expr(0)?);
            if self.eat(close) {
                return Some(items);
            }
            self.expect(&Tok::Comma)?;
        }
    }

    fn prefix(&mut self) -> Option<Expr> {
        let tok = self.peek()?.clone();
        self.pos += 1;
        match tok {
            Tok::Str(s) => Some(Expr::Lit(s)),
            Tok::Num(n) => Some(Expr::Lit(n)),
            Tok::Op(op) if matches!(op.as_str(), "-" | "+" | "~") => {
                let operand = self.expr(UNARY)?;
                Some(Expr::Unary(op, Box::new(operand)))
            }
            Tok::Op(op) if op == "*" => Some(Expr::Star),
            Tok::LParen => {
                let first = self.expr(0)?;
                if self.eat(&Tok::RParen) {
                    return Some(first);
                }
                self.expect(&Tok::Comma)?;
                let mut items = vec![first];
                items.extend(self.list(&Tok::RParen)?);
                Some(Expr::Row(items))
            }
            Tok::Word(w) => self.word(w),
            Tok::Quoted(_) => {
                self.pos -= 1;
                let name = self.name()?;
                self.after_name(name)
            }
            _ => None,
        }
    }

    /// What starts with a word: a keyword form, a literal, a typed
    /// literal, a function call or a column name.
    fn word(&mut self, w: String) -> Option<Expr> {
        match w.as_str() {
            "true" | "false" | "null" => return Some(Expr::Lit(w)),
            "not" => {
                let operand = self.expr(NOT)?;
                return Some(Expr::Unary("not".into(), Box::new(operand)));
            }
            "case" => return self.case(),
            "cast" if self.peek() == Some(&Tok::LParen) => {
                self.pos += 1;
                let e = self.expr(0)?;
                if !self.eat_word("as") {
                    return None;
                }
                let ty = self.type_name()?;
                self.expect(&Tok::RParen)?;
                return Some(Expr::Cast(Box::new(e), ty));
            }
            "array" if self.peek() == Some(&Tok::LBracket) => {
                self.pos += 1;
                return Some(Expr::Array(self.list(&Tok::RBracket)?));
            }
            "row" if self.peek() == Some(&Tok::LParen) => {
                self.pos += 1;
                return Some(Expr::Row(self.list(&Tok::RParen)?));
            }
            "exists" | "select" => return None,
            _ => {}
        }
        // A typed literal: `date '2020-01-01'`, `interval '1 day'`,
        // `timestamp with time zone '…'`.
        if matches!(self.peek(), Some(Tok::Str(_))) {
            let Some(Tok::Str(s)) = self.peek().cloned() else {
                return None;
            };
            self.pos += 1;
            return Some(Expr::Cast(Box::new(Expr::Lit(s)), canonical_type(&w)));
        }
        if matches!(w.as_str(), "timestamp" | "time")
            && (self.is_word(0, "with") || self.is_word(0, "without"))
            && self.is_word(1, "time")
            && self.is_word(2, "zone")
            && matches!(self.peek_at(3), Some(Tok::Str(_)))
        {
            let with = self.is_word(0, "with");
            self.pos += 3;
            let Some(Tok::Str(s)) = self.peek().cloned() else {
                return None;
            };
            self.pos += 1;
            let ty = if with {
                format!("{w} with time zone")
            } else {
                w
            };
            return Some(Expr::Cast(Box::new(Expr::Lit(s)), canonical_type(&ty)));
        }
        self.pos -= 1;
        let name = self.name()?;
        self.after_name(name)
    }

    /// A call when a `(` follows the name, else a column reference.
    fn after_name(&mut self, name: Vec<Ident>) -> Option<Expr> {
        if !self.eat(&Tok::LParen) {
            return Some(Expr::Name(name));
        }
        let distinct = self.eat_word("distinct");
        let args = self.list(&Tok::RParen)?;
        let name = match name.as_slice() {
            // PostgreSQL prints built-ins without their schema.
            [schema, f] if schema.0 == "pg_catalog" => vec![f.clone()],
            _ => name,
        };
        Some(Expr::Call {
            name,
            args,
            distinct,
        })
    }

    /// `a`, `"A"`, `s.t.c`.
    fn name(&mut self) -> Option<Vec<Ident>> {
        let mut parts = vec![self.ident()?];
        while self.peek() == Some(&Tok::Dot) {
            self.pos += 1;
            if self.peek() == Some(&Tok::Op("*".into())) {
                return None;
            }
            parts.push(self.ident()?);
        }
        Some(parts)
    }

    fn ident(&mut self) -> Option<Ident> {
        let tok = self.peek()?.clone();
        self.pos += 1;
        match tok {
            Tok::Word(w) => Some(Ident::unquoted(&w)),
            Tok::Quoted(q) => Some(Ident(q)),
            _ => None,
        }
    }

    fn case(&mut self) -> Option<Expr> {
        let operand = if self.is_word(0, "when") {
            None
        } else {
            Some(Box::new(self.expr(0)?))
        };
        let mut whens = Vec::new();
        while self.eat_word("when") {
            let cond = self.expr(0)?;
            if !self.eat_word("then") {
                return None;
            }
            whens.push((cond, self.expr(0)?));
        }
        let otherwise = if self.eat_word("else") {
            Some(Box::new(self.expr(0)?))
        } else {
            None
        };
        if !self.eat_word("end") || whens.is_empty() {
            return None;
        }
        Some(Expr::Case {
            operand,
            whens,
            otherwise,
        })
    }

    /// A type name after `::` or `AS`: words (`double precision`,
    /// `character varying`, `timestamp(3) with time zone`), a qualified or
    /// quoted name, modifiers and `[]`s; returned in canonical spelling.
    fn type_name(&mut self) -> Option<String> {
        let mut text = String::new();
        let mut quoted = false;
        match self.peek()?.clone() {
            Tok::Word(w) => {
                self.pos += 1;
                text.push_str(&w);
            }
            Tok::Quoted(q) => {
                self.pos += 1;
                quoted = true;
                text.push_str(&Ident(q).print());
            }
            _ => return None,
        }
        while self.peek() == Some(&Tok::Dot) {
            self.pos += 1;
            let part = self.ident()?;
            quoted |= part.print().starts_with('"');
            text.push('.');
            text.push_str(&part.print());
        }
        let words = |p: &mut Parser, text: &mut String| {
            while let Some(Tok::Word(w)) = p.peek().cloned() {
                if !matches!(
                    w.as_str(),
                    "varying" | "precision" | "with" | "without" | "time" | "zone"
                ) {
                    break;
                }
                p.pos += 1;
                text.push(' ');
                text.push_str(&w);
            }
        };
        words(self, &mut text);
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            text.push('(');
            let mut first = true;
            loop {
                match self.peek()?.clone() {
                    Tok::Num(n) => {
                        if !first {
                            text.push(',');
                        }
                        text.push_str(&n);
                        first = false;
                        self.pos += 1;
                    }
                    Tok::Comma => self.pos += 1,
                    Tok::RParen => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            text.push(')');
            words(self, &mut text);
        }
        while self.peek() == Some(&Tok::LBracket) && self.peek_at(1) == Some(&Tok::RBracket) {
            self.pos += 2;
            text.push_str("[]");
        }
        let text = text
            .strip_prefix("pg_catalog.")
            .map(str::to_string)
            .unwrap_or(text);
        Some(if quoted { text } else { canonical_type(&text) })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Infix {
    Op,
    Is,
    Keyword,
    At,
    Collate,
}

fn canonical_type(text: &str) -> String {
    SqlType::parse(text, Dialect::Postgres).sql(Dialect::Postgres)
}

/// `x IN (…)` as PostgreSQL stores it: literal items become `x = any
/// (array[…])` when there are two or more of them, the rest `x = item`
/// joined with `or` (`NOT IN`: `<> all`, `and`).
fn in_list(left: Expr, items: Vec<Expr>, not: bool) -> Expr {
    let (op, quantifier, join) = if not {
        ("<>", "all", "and")
    } else {
        ("=", "any", "or")
    };
    let (constant, variable): (Vec<Expr>, Vec<Expr>) =
        items.into_iter().partition(|e| !mentions_name(e));
    let mut terms = Vec::new();
    let mut single = |item: Expr| Expr::Binary(op.into(), Box::new(left.clone()), Box::new(item));
    if constant.len() > 1 {
        terms.push(Expr::Quantified {
            op: op.into(),
            quantifier: quantifier.into(),
            left: Box::new(left.clone()),
            right: Box::new(Expr::Array(constant)),
        });
    } else {
        terms.extend(constant.into_iter().map(&mut single));
    }
    terms.extend(variable.into_iter().map(&mut single));
    if terms.len() == 1 {
        terms.pop().expect("one term")
    } else {
        Expr::Bool(join.into(), terms)
    }
}

/// `x BETWEEN a AND b` → `x >= a and x <= b` (`NOT BETWEEN` → `x < a or x > b`).
fn between(x: Expr, low: Expr, high: Expr, not: bool) -> Expr {
    let (lo, hi, join) = if not {
        ("<", ">", "or")
    } else {
        (">=", "<=", "and")
    };
    Expr::Bool(
        join.into(),
        vec![
            Expr::Binary(lo.into(), Box::new(x.clone()), Box::new(low)),
            Expr::Binary(hi.into(), Box::new(x), Box::new(high)),
        ],
    )
}

fn mentions_name(e: &Expr) -> bool {
    match e {
        Expr::Name(_) => true,
        Expr::Lit(_) | Expr::Star => false,
        Expr::Call { args, .. } => args.iter().any(mentions_name),
        Expr::Cast(x, _) | Expr::Unary(_, x) | Expr::Is(x, _) => mentions_name(x),
        Expr::Binary(_, a, b) => mentions_name(a) || mentions_name(b),
        Expr::Quantified { left, right, .. } => mentions_name(left) || mentions_name(right),
        Expr::Bool(_, xs) | Expr::Array(xs) | Expr::Row(xs) => xs.iter().any(mentions_name),
        Expr::Subscript(a, b, c) => {
            mentions_name(a) || mentions_name(b) || c.as_deref().is_some_and(mentions_name)
        }
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => {
            operand.as_deref().is_some_and(mentions_name)
                || whens
                    .iter()
                    .any(|(a, b)| mentions_name(a) || mentions_name(b))
                || otherwise.as_deref().is_some_and(mentions_name)
        }
    }
}

// ---------------------------------------------------------------------------
// Canonical form
// ---------------------------------------------------------------------------

/// Applies the rewrites of the module documentation, bottom up.
pub(super) fn canonical(e: Expr) -> Expr {
    match e {
        Expr::Cast(inner, ty) => {
            let inner = canonical(*inner);
            let text_like = is_text_type(&ty);
            match inner {
                Expr::Lit(lit) => Expr::Lit(cast_literal(lit, &ty)),
                other if text_like => other,
                other => Expr::Cast(Box::new(other), ty),
            }
        }
        Expr::Unary(op, inner) => {
            let inner = canonical(*inner);
            match (op.as_str(), inner) {
                ("-", Expr::Lit(n)) if is_number(&n) => Expr::Lit(negate(&n)),
                ("+", Expr::Lit(n)) if is_number(&n) => Expr::Lit(n),
                (_, inner) => Expr::Unary(op, Box::new(inner)),
            }
        }
        Expr::Bool(op, items) => {
            let mut flat = Vec::new();
            for item in items {
                match canonical(item) {
                    Expr::Bool(inner, more) if inner == op => flat.extend(more),
                    other => flat.push(other),
                }
            }
            Expr::Bool(op, flat)
        }
        Expr::Binary(op, a, b) => {
            let (a, b) = (canonical(*a), canonical(*b));
            if is_plain_operator(&op) {
                Expr::Binary(op, Box::new(uncast_name(a)), Box::new(uncast_name(b)))
            } else {
                Expr::Binary(op, Box::new(a), Box::new(b))
            }
        }
        Expr::Is(x, what) => Expr::Is(Box::new(canonical(*x)), what),
        Expr::Quantified {
            op,
            quantifier,
            left,
            right,
        } => Expr::Quantified {
            op,
            quantifier,
            left: Box::new(uncast_name(canonical(*left))),
            right: Box::new(canonical(*right)),
        },
        Expr::Call {
            name,
            args,
            distinct,
        } => Expr::Call {
            name,
            args: args.into_iter().map(canonical).collect(),
            distinct,
        },
        Expr::Array(xs) => Expr::Array(xs.into_iter().map(canonical).collect()),
        Expr::Row(xs) => Expr::Row(xs.into_iter().map(canonical).collect()),
        Expr::Subscript(a, b, c) => Expr::Subscript(
            Box::new(canonical(*a)),
            Box::new(canonical(*b)),
            c.map(|c| Box::new(canonical(*c))),
        ),
        Expr::Case {
            operand,
            whens,
            otherwise,
        } => Expr::Case {
            operand: operand.map(|o| Box::new(canonical(*o))),
            whens: whens
                .into_iter()
                .map(|(a, b)| (canonical(a), canonical(b)))
                .collect(),
            otherwise: otherwise.map(|o| Box::new(canonical(*o))),
        },
        other @ (Expr::Lit(_) | Expr::Name(_) | Expr::Star) => other,
    }
}

/// Comparison and arithmetic operators, whose operands PostgreSQL casts
/// to a common type by itself (`int_col > 1.5` is stored as
/// `(int_col)::numeric > 1.5`).
fn is_plain_operator(op: &str) -> bool {
    matches!(
        op,
        "=" | "<>" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%"
    )
}

/// A column reference without the cast PostgreSQL put on it.
fn uncast_name(e: Expr) -> Expr {
    match e {
        Expr::Cast(inner, _) if matches!(*inner, Expr::Name(_)) => *inner,
        other => other,
    }
}

fn is_text_type(ty: &str) -> bool {
    let base = ty.trim_end_matches("[]");
    let base = base.split('(').next().unwrap_or(base);
    matches!(
        base,
        "text" | "varchar" | "character varying" | "char" | "character" | "bpchar"
    )
}

fn is_numeric_type(ty: &str) -> bool {
    let base = ty.split('(').next().unwrap_or(ty);
    matches!(
        base,
        "smallint" | "integer" | "bigint" | "real" | "double precision" | "numeric"
    )
}

fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
        && s.trim_start_matches('-')
            .starts_with(|c: char| c.is_ascii_digit() || c == '.')
}

fn negate(n: &str) -> String {
    match n.strip_prefix('-') {
        Some(positive) => positive.to_string(),
        None => format!("-{n}"),
    }
}

/// A literal whose cast is dropped: a numeric string cast to a numeric
/// type loses its quotes (`'-1'::integer` → `-1`).
fn cast_literal(lit: String, ty: &str) -> String {
    if is_numeric_type(ty)
        && let Some(inner) = lit.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
        && is_number(inner)
    {
        return inner.to_string();
    }
    lit
}

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

/// Prints with parentheses exactly around compound operands.
pub(super) fn print(e: &Expr) -> String {
    match e {
        Expr::Lit(s) => s.clone(),
        Expr::Name(parts) => parts.iter().map(Ident::print).collect::<Vec<_>>().join("."),
        Expr::Star => "*".into(),
        Expr::Call {
            name,
            args,
            distinct,
        } => format!(
            "{}({}{})",
            name.iter().map(Ident::print).collect::<Vec<_>>().join("."),
            if *distinct { "distinct " } else { "" },
            args.iter().map(print).collect::<Vec<_>>().join(", ")
        ),
        Expr::Cast(x, ty) => format!("{}::{ty}", tight_operand(x)),
        Expr::Unary(op, x) if op == "not" => format!("not {}", operand(x)),
        Expr::Unary(op, x) => format!("{op}{}", operand(x)),
        Expr::Binary(op, a, b) => format!("{} {op} {}", operand(a), operand(b)),
        Expr::Bool(op, xs) => xs
            .iter()
            .map(operand)
            .collect::<Vec<_>>()
            .join(&format!(" {op} ")),
        Expr::Is(x, what) => format!("{} is {what}", operand(x)),
        Expr::Quantified {
            op,
            quantifier,
            left,
            right,
        } => format!("{} {op} {quantifier} ({})", operand(left), print(right)),
        Expr::Array(xs) => format!(
            "array[{}]",
            xs.iter().map(print).collect::<Vec<_>>().join(", ")
        ),
        Expr::Row(xs) => format!("({})", xs.iter().map(print).collect::<Vec<_>>().join(", ")),
        Expr::Subscript(x, i, upper) => match upper {
            Some(u) => format!("{}[{}:{}]", tight_operand(x), print(i), print(u)),
            None => format!("{}[{}]", tight_operand(x), print(i)),
        },
        Expr::Case {
            operand: subject,
            whens,
            otherwise,
        } => {
            let mut s = "case".to_string();
            if let Some(o) = subject {
                s.push(' ');
                s.push_str(&print(o));
            }
            for (w, t) in whens {
                s.push_str(&format!(" when {} then {}", print(w), print(t)));
            }
            if let Some(o) = otherwise {
                s.push_str(&format!(" else {}", print(o)));
            }
            s.push_str(" end");
            s
        }
    }
}

/// The operand of a cast or subscript, which bind tighter than any
/// operator: parenthesised unless it is a name, literal, call or the like.
fn tight_operand(e: &Expr) -> String {
    match e {
        Expr::Unary(..) => format!("({})", print(e)),
        Expr::Lit(s) if s.starts_with('-') => format!("({s})"),
        _ => operand(e),
    }
}

/// An operand: parenthesised when it is itself an operation.
fn operand(e: &Expr) -> String {
    match e {
        Expr::Unary(op, _) if op != "not" => print(e),
        Expr::Unary(..)
        | Expr::Binary(..)
        | Expr::Bool(..)
        | Expr::Is(..)
        | Expr::Quantified { .. } => format!("({})", print(e)),
        _ => print(e),
    }
}
