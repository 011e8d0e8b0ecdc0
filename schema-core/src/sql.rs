//! Splitting a migration section into statements.
//!
//! The runner executes statement by statement: PostgreSQL runs a
//! multi-statement string as one implicit transaction (so `CREATE INDEX
//! CONCURRENTLY` would fail in it), and per-statement execution is what lets
//! an error name the failing statement's line. Splitting uses sqlparser's
//! tokenizer, so quotes, dollar-quoted bodies and comments are understood,
//! and counts `BEGIN`/`CASE` … `END` inside `CREATE` statements so trigger
//! bodies and `BEGIN ATOMIC` functions stay whole (measured in PARSERS.md:
//! right on 302 of 302 real sections).

use sqlparser::dialect::{Dialect as SqlDialect, GenericDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::Dialect;

/// One statement of a section: its text (without the closing `;`) and the
/// byte offset of its first character within the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    pub text: &'a str,
    pub offset: usize,
}

/// Text the tokenizer could not read (an unterminated string, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub message: String,
    /// Byte offset within the section.
    pub offset: usize,
}

pub(crate) fn sqlparser_dialect(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Mysql => Box::new(GenericDialect {}),
    }
}

/// Splits `sql` at top-level semicolons. Sections that hold only comments
/// and white space give no statements.
pub fn split(sql: &str, dialect: Dialect) -> Result<Vec<Statement<'_>>, SplitError> {
    let d = sqlparser_dialect(dialect);
    let line_starts = line_starts(sql);
    let offset_of = |line: u64, column: u64| -> usize {
        let start = line_starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(sql.len());
        // Columns count characters, 1-based.
        sql[start..]
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(sql.len(), |(i, _)| start + i)
    };
    let tokens = Tokenizer::new(d.as_ref(), sql)
        .with_unescape(false)
        .tokenize_with_location()
        .map_err(|e| SplitError {
            message: e.message.clone(),
            offset: offset_of(e.location.line, e.location.column),
        })?;

    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut is_create = false;
    let mut depth = 0usize;
    for t in &tokens {
        let from = offset_of(t.span.start.line, t.span.start.column);
        let to = offset_of(t.span.end.line, t.span.end.column);
        match &t.token {
            Token::Whitespace(_) => continue,
            Token::SemiColon if depth == 0 => {
                if let Some(s) = start.take() {
                    out.push(Statement {
                        text: &sql[s..end],
                        offset: s,
                    });
                }
                is_create = false;
                continue;
            }
            Token::Word(w) => {
                if start.is_none() {
                    is_create = w.keyword == Keyword::CREATE;
                }
                if is_create && w.quote_style.is_none() {
                    match w.keyword {
                        Keyword::BEGIN | Keyword::CASE => depth += 1,
                        Keyword::END => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        start.get_or_insert(from);
        end = to;
    }
    if let Some(s) = start {
        out.push(Statement {
            text: &sql[s..end],
            offset: s,
        });
    }
    Ok(out)
}

fn line_starts(s: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(s.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str, d: Dialect) -> Vec<&str> {
        split(sql, d).unwrap().into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_at_top_level_semicolons() {
        let sql = "CREATE TABLE a (x text default 'a;b');\n-- c; d\nINSERT INTO a VALUES ('x');  /* ; */ \n";
        assert_eq!(
            texts(sql, Dialect::Postgres),
            [
                "CREATE TABLE a (x text default 'a;b')",
                "INSERT INTO a VALUES ('x')"
            ]
        );
        let s = split(sql, Dialect::Postgres).unwrap();
        assert_eq!(&sql[s[1].offset..s[1].offset + 6], "INSERT");
    }

    #[test]
    fn keeps_bodies_whole() {
        let f = "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END; $$ LANGUAGE plpgsql;\nDO $x$ BEGIN PERFORM 1; END $x$;";
        assert_eq!(texts(f, Dialect::Postgres).len(), 2);
        let atomic = "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nSELECT 3;";
        assert_eq!(texts(atomic, Dialect::Postgres).len(), 2);
        let trig = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN 1 THEN 2 ELSE 3 END; DELETE FROM b; END;\nPRAGMA foreign_keys = ON;";
        assert_eq!(texts(trig, Dialect::Sqlite).len(), 2);
    }

    #[test]
    fn empty_and_comment_only_sections() {
        assert!(texts("", Dialect::Postgres).is_empty());
        assert!(texts("-- nothing\n /* at all */\n", Dialect::Sqlite).is_empty());
        assert_eq!(texts("SELECT 1", Dialect::Sqlite), ["SELECT 1"]);
    }

    #[test]
    fn multibyte_text_keeps_offsets() {
        let sql = "INSERT INTO t VALUES ('héllo wörld');\nSELECT 'ü';";
        let s = split(sql, Dialect::Postgres).unwrap();
        assert_eq!(s[1].text, "SELECT 'ü'");
        assert_eq!(&sql[s[1].offset..], "SELECT 'ü';");
    }

    #[test]
    fn unterminated_string_is_an_error_with_a_place() {
        let e = split("SELECT 1;\nSELECT 'oops", Dialect::Postgres).unwrap_err();
        assert!(e.offset >= 10, "{e:?}");
    }
}
