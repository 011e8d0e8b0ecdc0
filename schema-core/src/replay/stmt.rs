//! One statement as sqlparser's tokenizer sees it, with the small helpers
//! the recognisers match on.
//!
//! Recognisers look at tokens, never at raw text: quotes, dollar-quoted
//! bodies, comments and case are the tokenizer's business, so `drop index
//! /* x */ concurrently "Ix"` matches like `DROP INDEX CONCURRENTLY "Ix"`.

use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::Dialect;
use crate::sql::sqlparser_dialect;

/// A tokenized statement: every token (white space and comments included,
/// as the parser wants them) and the indices of the significant ones.
pub(crate) struct Stmt<'a> {
    pub text: &'a str,
    pub tokens: Vec<TokenWithSpan>,
    /// Indices into `tokens` of the tokens that are not white space.
    pub sig: Vec<usize>,
}

/// A parse failure: the parser's message without its position, and the
/// 1-based line within the statement it points at.
pub(crate) struct ParseFailure {
    pub message: String,
    pub line: usize,
}

impl<'a> Stmt<'a> {
    pub fn new(text: &'a str, dialect: Dialect) -> Result<Stmt<'a>, ParseFailure> {
        let d = sqlparser_dialect(dialect);
        let tokens = Tokenizer::new(d.as_ref(), text)
            .tokenize_with_location()
            .map_err(|e| ParseFailure {
                message: e.message,
                line: e.location.line.max(1) as usize,
            })?;
        let sig = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
            .map(|(i, _)| i)
            .collect();
        Ok(Stmt { text, tokens, sig })
    }

    pub fn len(&self) -> usize {
        self.sig.len()
    }

    /// The `i`-th significant token (`EOF` past the end).
    pub fn tok(&self, i: usize) -> &Token {
        match self.sig.get(i) {
            Some(&j) => &self.tokens[j].token,
            None => &Token::EOF,
        }
    }

    /// Whether the `i`-th significant token is the unquoted word `word`
    /// (compared without regard to case).
    pub fn is(&self, i: usize, word: &str) -> bool {
        matches!(self.tok(i), Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
    }

    /// Whether the words `words` stand at `i`, `i + 1`, ….
    pub fn are(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.is(i + k, w))
    }

    /// The unquoted word at `i`, upper case, or "" when it is something else.
    pub fn word_upper(&self, i: usize) -> String {
        match self.tok(i) {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => String::new(),
        }
    }

    /// The first index at or after `from` holding the word `word` outside
    /// parentheses.
    pub fn find_top(&self, from: usize, word: &str) -> Option<usize> {
        let mut depth = 0i32;
        for i in from..self.len() {
            match self.tok(i) {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => depth -= 1,
                _ if depth == 0 && self.is(i, word) => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// The index just past the parenthesised group opening at `open`.
    pub fn skip_group(&self, open: usize) -> usize {
        let mut depth = 0i32;
        for i in open..self.len() {
            match self.tok(i) {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
        self.len()
    }

    /// Ranges of significant indices between top-level commas in `from..to`.
    pub fn split_commas(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut start = from;
        for i in from..to {
            match self.tok(i) {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket => depth -= 1,
                Token::Comma if depth == 0 => {
                    out.push((start, i));
                    start = i + 1;
                }
                _ => {}
            }
        }
        if start < to {
            out.push((start, to));
        }
        out
    }

    /// A dotted name (`a`, `s.a`, `"S"."A"`) starting at `i`: its parts as
    /// words and the index after it.
    pub fn name_at(&self, i: usize) -> Option<(Vec<sqlparser::ast::Ident>, usize)> {
        let mut parts = Vec::new();
        let mut j = i;
        loop {
            match self.tok(j) {
                Token::Word(w) => parts.push(sqlparser::ast::Ident {
                    value: w.value.clone(),
                    quote_style: w.quote_style,
                    span: sqlparser::tokenizer::Span::empty(),
                }),
                _ => return None,
            }
            j += 1;
            if matches!(self.tok(j), Token::Period) {
                j += 1;
            } else {
                return Some((parts, j));
            }
        }
    }

    /// The source text of significant tokens `from..to` (for messages).
    pub fn snippet(&self, from: usize, to: usize) -> String {
        let mut s = String::new();
        for i in from..to.min(self.len()) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&self.tok(i).to_string());
        }
        s
    }

    /// All tokens (white space included) except the significant ones whose
    /// index `drop` picks: a statement rewritten for the parser.
    pub fn without(&self, drop: impl Fn(usize) -> bool) -> Vec<TokenWithSpan> {
        let mut skip = vec![false; self.tokens.len()];
        for (k, &j) in self.sig.iter().enumerate() {
            if drop(k) {
                skip[j] = true;
            }
        }
        self.tokens
            .iter()
            .zip(skip)
            .filter(|(_, s)| !s)
            .map(|(t, _)| t.clone())
            .collect()
    }

    /// All tokens with the significant ones in `drop` left out and each
    /// range `from..to` of `merge` replaced by its token.
    pub fn rewritten(&self, drop: &[usize], merge: &[(usize, usize, Token)]) -> Vec<TokenWithSpan> {
        let mut sig_of = vec![None; self.tokens.len()];
        for (k, &j) in self.sig.iter().enumerate() {
            sig_of[j] = Some(k);
        }
        let mut out = Vec::with_capacity(self.tokens.len());
        let mut skipping_to: Option<usize> = None;
        for (j, t) in self.tokens.iter().enumerate() {
            let Some(k) = sig_of[j] else {
                if skipping_to.is_none() {
                    out.push(t.clone());
                }
                continue;
            };
            if let Some(to) = skipping_to {
                if k < to {
                    continue;
                }
                skipping_to = None;
            }
            if let Some((_, to, tok)) = merge.iter().find(|(from, _, _)| *from == k) {
                out.push(TokenWithSpan::new(tok.clone(), t.span));
                out.push(TokenWithSpan::wrap(Token::Whitespace(
                    sqlparser::tokenizer::Whitespace::Space,
                )));
                skipping_to = Some(*to);
                continue;
            }
            if !drop.contains(&k) {
                out.push(t.clone());
            }
        }
        out
    }

    /// The significant tokens `ranges` (in order), joined by single spaces:
    /// a statement assembled from pieces of this one.
    pub fn pieces(&self, ranges: &[(usize, usize)]) -> Vec<TokenWithSpan> {
        let mut out = Vec::new();
        for &(from, to) in ranges {
            for k in from..to.min(self.len()) {
                out.push(self.tokens[self.sig[k]].clone());
                out.push(TokenWithSpan::wrap(Token::Whitespace(
                    sqlparser::tokenizer::Whitespace::Space,
                )));
            }
        }
        out
    }
}

/// Parses exactly one statement from `tokens`.
pub(crate) fn parse(
    tokens: Vec<TokenWithSpan>,
    dialect: Dialect,
) -> Result<sqlparser::ast::Statement, ParseFailure> {
    let d = sqlparser_dialect(dialect);
    let mut parser = Parser::new(d.as_ref()).with_tokens_with_locations(tokens);
    match parser.parse_statements() {
        Ok(mut v) if v.len() == 1 => Ok(v.remove(0)),
        Ok(v) => Err(ParseFailure {
            message: format!("expected one statement, found {}", v.len()),
            line: 1,
        }),
        Err(e) => Err(failure(e)),
    }
}

/// Splits sqlparser's "… at Line: 3, Column: 7" into a message and a line.
fn failure(e: ParserError) -> ParseFailure {
    let raw = match e {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m,
        ParserError::RecursionLimitExceeded => "expression nested too deeply".to_string(),
    };
    match raw.rfind(" at Line: ") {
        Some(p) => {
            let line = raw[p + 10..]
                .split(',')
                .next()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(1usize);
            ParseFailure {
                message: raw[..p].to_string(),
                line: line.max(1),
            }
        }
        None => ParseFailure {
            message: raw,
            line: 1,
        },
    }
}
