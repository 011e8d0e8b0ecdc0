//! SQLite: the schema from the `PRAGMA` table-valued functions
//! (`pragma_table_list`, `pragma_table_xinfo`, `pragma_index_list`,
//! `pragma_index_xinfo`, `pragma_foreign_key_list`), each joined against
//! `sqlite_schema` so one query covers every table, and from the stored
//! `CREATE` statements for what no PRAGMA tells: CHECK constraints (and
//! their `CONSTRAINT` names), `AUTOINCREMENT`, index expressions and
//! partial-index predicates.
//!
//! The stored statements are read with sqlparser's *tokenizer*, not its
//! parser: `sqlite_schema.sql` is the text the user wrote (amended by
//! `ALTER TABLE`), and sqlparser's parser rejects forms SQLite accepts
//! (`STRICT, WITHOUT ROWID` together, column `ON CONFLICT` clauses, `UNSIGNED
//! BIG INT`; see PARSERS.md), while the tokens are all we need to find a
//! `CHECK (…)` and its name.
//!
//! Names are as stored (SQLite keeps their case). SQLite keeps no names for
//! primary keys, unique constraints and foreign keys, so those are `None`;
//! a CHECK is named when written `CONSTRAINT name CHECK (…)`.

use std::collections::{BTreeMap, HashMap};

use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Token, Tokenizer, Word};

use crate::Dialect;
use crate::runner::{Database, RunError};
use crate::schema::{
    Check, Column, FkAction, ForeignKey, Identity, Index, IndexKey, IndexPart, PrimaryKey, Schema,
    SqlType, Table, TableName, Unique, normalize_expr,
};

use super::{col, default_of, flag, text};

/// User tables of the main database: not `sqlite_*` internals, views,
/// virtual tables or their shadow tables.
const TABLES: &str = "SELECT l.name, m.sql, CAST(l.wr AS TEXT)
    FROM pragma_table_list AS l
    JOIN sqlite_schema AS m ON m.type = 'table' AND m.name = l.name
    WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

pub(super) async fn introspect(db: &mut Database) -> Result<Schema, RunError> {
    let mut schema = Schema::default();
    // Per table: what its CREATE TABLE says, and whether it has a rowid.
    let mut stored: HashMap<String, (TableSql, bool)> = HashMap::new();
    for row in db.text_rows(TABLES).await? {
        let name = text(&row, 0);
        stored.insert(
            name.clone(),
            (
                TableSql::read(col(&row, 1).unwrap_or_default()),
                !flag(&row, 2),
            ),
        );
        let name = TableName::new(name);
        schema.tables.insert(name.clone(), Table::new(name));
    }
    columns(db, &mut schema, &stored).await?;
    indexes(db, &mut schema).await?;
    foreign_keys(db, &mut schema).await?;
    for (name, (sql, _)) in &stored {
        if let Some(table) = schema.tables.get_mut(&TableName::new(name.as_str())) {
            table
                .checks
                .extend(sql.checks.iter().map(|(name, expression)| Check {
                    name: name.clone(),
                    expression: normalize_expr(expression),
                }));
        }
    }
    Ok(schema)
}

async fn columns(
    db: &mut Database,
    schema: &mut Schema,
    stored: &HashMap<String, (TableSql, bool)>,
) -> Result<(), RunError> {
    // `hidden`: 0 an ordinary column, 1 a virtual table's hidden column,
    // 2/3 a generated column (virtual/stored).
    let sql = "SELECT m.name, p.name, p.type, CAST(p.\"notnull\" AS TEXT), p.dflt_value,
                      CAST(p.pk AS TEXT), CAST(p.hidden AS TEXT)
               FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name, 'main') AS p
               WHERE m.type = 'table'
               ORDER BY m.name, p.cid";
    // Primary key members by position in the key (`pk` is 1-based).
    let mut keys: BTreeMap<String, Vec<(u32, String, String)>> = BTreeMap::new();
    for row in db.text_rows(sql).await? {
        let table_name = text(&row, 0);
        let Some(table) = schema.tables.get_mut(&TableName::new(table_name.as_str())) else {
            continue;
        };
        if text(&row, 6) == "1" {
            continue;
        }
        let name = text(&row, 1);
        let declared = text(&row, 2);
        let mut column = Column::new(name.clone(), SqlType::parse(&declared, Dialect::Sqlite));
        column.nullable = !flag(&row, 3);
        // A generated column's expression is not a default (and PRAGMA
        // does not show it anyway).
        if text(&row, 6) == "0" {
            column.default = default_of(col(&row, 4));
        }
        if stored
            .get(&table_name)
            .and_then(|(sql, _)| sql.autoincrement.as_deref())
            .is_some_and(|c| c.eq_ignore_ascii_case(&name))
        {
            column.identity = Some(Identity::Autoincrement);
        }
        if let Ok(position) = text(&row, 5).parse::<u32>()
            && position > 0
        {
            keys.entry(table_name)
                .or_default()
                .push((position, name, declared));
        }
        table.columns.push(column);
    }
    for (table_name, mut members) in keys {
        let Some(table) = schema.tables.get_mut(&TableName::new(table_name.as_str())) else {
            continue;
        };
        members.sort();
        // Key columns are NOT NULL in the IR on SQLite as everywhere: that
        // is what the DDL means and what models say. SQLite itself lets
        // key columns of rowid tables (other than an `INTEGER PRIMARY KEY`,
        // the rowid) accept NULL, a quirk kept for compatibility that no
        // schema means to rely on; replay and models follow the intent.
        for (_, name, _) in &members {
            if let Some(column) = table.column_mut(name) {
                column.nullable = false;
            }
        }
        table.primary_key = Some(PrimaryKey {
            name: None,
            columns: members.into_iter().map(|(_, name, _)| name).collect(),
        });
    }
    Ok(())
}

async fn indexes(db: &mut Database, schema: &mut Schema) -> Result<(), RunError> {
    // `origin`: 'c' CREATE INDEX, 'u' a UNIQUE constraint, 'pk' the
    // primary key. Key columns (`key` = 1) in key order; `cid` -2 is an
    // expression, whose text only the stored CREATE INDEX has.
    let sql = "SELECT m.name, il.name, CAST(il.\"unique\" AS TEXT), il.origin, s.sql,
                      CAST(x.cid AS TEXT), x.name, CAST(x.\"desc\" AS TEXT)
               FROM sqlite_schema AS m
               JOIN pragma_index_list(m.name, 'main') AS il
               JOIN pragma_index_xinfo(il.name, 'main') AS x
               LEFT JOIN sqlite_schema AS s ON s.type = 'index' AND s.name = il.name
               WHERE m.type = 'table' AND il.origin IN ('c', 'u') AND x.\"key\" = 1
               ORDER BY m.name, il.name, x.seqno";
    let rows = db.text_rows(sql).await?;
    let mut i = 0;
    while i < rows.len() {
        let (table_name, index_name) = (text(&rows[i], 0), text(&rows[i], 1));
        let mut end = i;
        while end < rows.len()
            && text(&rows[end], 0) == table_name
            && text(&rows[end], 1) == index_name
        {
            end += 1;
        }
        let group = &rows[i..end];
        i = end;
        let Some(table) = schema.tables.get_mut(&TableName::new(table_name.as_str())) else {
            continue;
        };
        let first = &group[0];
        if text(first, 3) == "u" {
            table.uniques.push(Unique {
                name: None,
                columns: group.iter().map(|r| text(r, 6)).collect(),
            });
            continue;
        }
        let stored = IndexSql::read(col(first, 4).unwrap_or_default());
        let parts = group
            .iter()
            .enumerate()
            .map(|(k, r)| IndexPart {
                key: if text(r, 5) == "-2" {
                    IndexKey::Expression(normalize_expr(
                        stored.keys.get(k).map(String::as_str).unwrap_or_default(),
                    ))
                } else {
                    IndexKey::Column(text(r, 6))
                },
                descending: flag(r, 7),
                nulls_first: None,
                opclass: None,
            })
            .collect();
        table.indexes.push(Index {
            name: index_name,
            unique: flag(first, 2),
            parts,
            predicate: stored.predicate.as_deref().map(normalize_expr),
            method: None,
            include: Vec::new(),
        });
    }
    Ok(())
}

async fn foreign_keys(db: &mut Database, schema: &mut Schema) -> Result<(), RunError> {
    let sql = "SELECT m.name, CAST(f.id AS TEXT), f.\"table\", f.\"from\", f.\"to\",
                      f.on_update, f.on_delete
               FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name, 'main') AS f
               WHERE m.type = 'table'
               ORDER BY m.name, f.id, f.seq";
    let mut found: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for row in db.text_rows(sql).await? {
        let fk = found
            .entry((text(&row, 0), text(&row, 1)))
            .or_insert_with(|| ForeignKey {
                name: None,
                columns: Vec::new(),
                references: TableName::new(text(&row, 2)),
                referenced_columns: Vec::new(),
                on_delete: fk_action(&text(&row, 6)),
                on_update: fk_action(&text(&row, 5)),
            });
        fk.columns.push(text(&row, 3));
        // `to` is NULL when the DDL names no columns: the referenced
        // table's primary key, filled in below.
        if let Some(to) = col(&row, 4) {
            fk.referenced_columns.push(to.to_string());
        }
    }
    for ((table_name, _), mut fk) in found {
        if fk.referenced_columns.is_empty() {
            fk.referenced_columns = referenced_key(schema, &fk.references);
        }
        if let Some(table) = schema.tables.get_mut(&TableName::new(table_name)) {
            table.foreign_keys.push(fk);
        }
    }
    Ok(())
}

/// The primary key of the table an FK names (SQLite resolves the name
/// case-insensitively).
fn referenced_key(schema: &Schema, name: &TableName) -> Vec<String> {
    schema
        .tables
        .values()
        .find(|t| t.name.name.eq_ignore_ascii_case(&name.name))
        .and_then(|t| t.primary_key.as_ref())
        .map(|pk| pk.columns.clone())
        .unwrap_or_default()
}

/// `pragma_foreign_key_list`'s `on_update` / `on_delete`.
fn fk_action(text: &str) -> FkAction {
    match text.to_ascii_uppercase().as_str() {
        "RESTRICT" => FkAction::Restrict,
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// What a stored `CREATE TABLE` says beyond the PRAGMAs.
#[derive(Debug, Default, PartialEq)]
struct TableSql {
    /// The column declared `… PRIMARY KEY AUTOINCREMENT`.
    autoincrement: Option<String>,
    /// CHECK constraints, column and table level, with their
    /// `CONSTRAINT` names: (name, expression text).
    checks: Vec<(Option<String>, String)>,
    /// The column declared `… PRIMARY KEY DESC` (never the rowid).
    primary_key_desc: Option<String>,
}

impl TableSql {
    fn read(sql: &str) -> TableSql {
        let mut out = TableSql::default();
        let tokens = tokens(sql);
        let Some(open) = tokens.iter().position(|t| matches!(t, Token::LParen)) else {
            return out;
        };
        for element in split_list(&tokens[open..]) {
            let solid: Vec<&Token> = element.iter().filter(|t| !is_trivia(t)).collect();
            let is_constraint = solid.first().is_some_and(|t| {
                ["constraint", "check", "primary", "unique", "foreign"]
                    .iter()
                    .any(|k| is_keyword(t, k))
            });
            if !is_constraint && let Some(first) = solid.first() {
                if solid.iter().any(|t| is_keyword(t, "autoincrement")) {
                    out.autoincrement = Some(ident(first));
                }
                if solid.windows(3).any(|w| {
                    is_keyword(w[0], "primary")
                        && is_keyword(w[1], "key")
                        && is_keyword(w[2], "desc")
                }) {
                    out.primary_key_desc = Some(ident(first));
                }
            }
            let mut depth = 0usize;
            for (k, t) in solid.iter().enumerate() {
                match t {
                    Token::LParen => depth += 1,
                    Token::RParen => depth = depth.saturating_sub(1),
                    _ if depth == 0 && is_keyword(t, "check") => {
                        let name = (k >= 2 && is_keyword(solid[k - 2], "constraint"))
                            .then(|| ident(solid[k - 1]));
                        let body = group_text(&element, t);
                        out.checks.push((name, body));
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// What a stored `CREATE INDEX` says beyond the PRAGMAs.
#[derive(Debug, Default, PartialEq)]
struct IndexSql {
    /// Each key's text, without `COLLATE` and `ASC`/`DESC`.
    keys: Vec<String>,
    /// The `WHERE` of a partial index.
    predicate: Option<String>,
}

impl IndexSql {
    fn read(sql: &str) -> IndexSql {
        let tokens = tokens(sql);
        let Some(open) = tokens.iter().position(|t| matches!(t, Token::LParen)) else {
            return IndexSql::default();
        };
        let mut keys = Vec::new();
        for element in split_list(&tokens[open..]) {
            let mut solid: Vec<&Token> = element.iter().filter(|t| !is_trivia(t)).collect();
            if solid
                .last()
                .is_some_and(|t| is_keyword(t, "asc") || is_keyword(t, "desc"))
            {
                solid.pop();
            }
            if solid.len() >= 2 && is_keyword(solid[solid.len() - 2], "collate") {
                solid.truncate(solid.len() - 2);
            }
            // Re-join with the original spacing between the kept tokens.
            let last = solid.last().copied();
            let mut body = String::new();
            for t in &element {
                body.push_str(&t.to_string());
                if last.is_some_and(|l| std::ptr::eq(l, t)) {
                    break;
                }
            }
            keys.push(body.trim().to_string());
        }
        let mut depth = 0usize;
        let mut predicate = None;
        for (k, t) in tokens.iter().enumerate().skip(open) {
            match t {
                Token::LParen => depth += 1,
                Token::RParen => depth = depth.saturating_sub(1),
                _ if depth == 0 && is_keyword(t, "where") => {
                    let rest: String = tokens[k + 1..].iter().map(ToString::to_string).collect();
                    predicate = Some(rest.trim().trim_end_matches(';').trim().to_string());
                    break;
                }
                _ => {}
            }
        }
        IndexSql { keys, predicate }
    }
}

/// The tokens of a stored statement, escapes kept as written so that
/// joining their text gives the source back.
fn tokens(sql: &str) -> Vec<Token> {
    Tokenizer::new(&SQLiteDialect {}, sql)
        .with_unescape(false)
        .tokenize()
        .unwrap_or_default()
}

/// The top-level comma-separated elements of the parenthesised list that
/// `tokens` starts with (`tokens[0]` is its `(`).
fn split_list(tokens: &[Token]) -> Vec<Vec<Token>> {
    let mut elements = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0usize;
    for t in tokens {
        match t {
            Token::LParen => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    elements.push(std::mem::take(&mut current));
                    break;
                }
            }
            Token::Comma if depth == 1 => {
                elements.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(t.clone());
    }
    elements
}

/// The text inside the parentheses that follow `keyword` in `element`.
fn group_text(element: &[Token], keyword: &Token) -> String {
    let Some(at) = element.iter().position(|t| std::ptr::eq(t, keyword)) else {
        return String::new();
    };
    let mut depth = 0usize;
    let mut body = String::new();
    for t in &element[at + 1..] {
        match t {
            Token::LParen => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ if depth == 0 => continue,
            _ => {}
        }
        body.push_str(&t.to_string());
    }
    body.trim().to_string()
}

fn is_trivia(t: &Token) -> bool {
    matches!(t, Token::Whitespace(_))
}

fn is_keyword(t: &Token, keyword: &str) -> bool {
    matches!(t, Token::Word(Word { value, quote_style: None, .. }) if value.eq_ignore_ascii_case(keyword))
}

/// A name as SQLite stores it: quotes removed, doubled quotes undone.
fn ident(t: &Token) -> String {
    match t {
        Token::Word(Word {
            value,
            quote_style: Some(q),
            ..
        }) => {
            let close = if *q == '[' { ']' } else { *q };
            value.replace(&format!("{close}{close}"), &close.to_string())
        }
        Token::Word(w) => w.value.clone(),
        Token::SingleQuotedString(s) | Token::DoubleQuotedString(s) => s.replace("''", "'"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_and_autoincrement_come_from_the_stored_sql() {
        let sql = TableSql::read(
            "CREATE TABLE \"Order\" (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  qty INT NOT NULL CHECK (qty > 0),\n  note TEXT CONSTRAINT note_len CHECK (length(note) < 10),\n  CONSTRAINT \"Pos\" CHECK ((qty) * 2 > 0),\n  CHECK (note <> 'x(')\n) STRICT, WITHOUT ROWID",
        );
        assert_eq!(sql.autoincrement.as_deref(), Some("id"));
        assert_eq!(
            sql.checks,
            vec![
                (None, "qty > 0".to_string()),
                (Some("note_len".into()), "length(note) < 10".into()),
                (Some("Pos".into()), "(qty) * 2 > 0".into()),
                (None, "note <> 'x('".into()),
            ]
        );
    }

    #[test]
    fn primary_key_desc_on_the_column_is_not_the_rowid() {
        let sql = TableSql::read("CREATE TABLE h (id INTEGER PRIMARY KEY DESC, v TEXT)");
        assert_eq!(sql.primary_key_desc.as_deref(), Some("id"));
        let sql = TableSql::read("CREATE TABLE k (id INTEGER, PRIMARY KEY (id DESC))");
        assert_eq!(sql.primary_key_desc, None);
    }

    #[test]
    fn index_keys_and_predicate_come_from_the_stored_sql() {
        let sql = IndexSql::read(
            "CREATE UNIQUE INDEX ix ON t (lower(name) COLLATE NOCASE DESC, a, (b + 1) ASC) WHERE a IS NOT NULL AND b > 0",
        );
        assert_eq!(sql.keys, ["lower(name)", "a", "(b + 1)"]);
        assert_eq!(sql.predicate.as_deref(), Some("a IS NOT NULL AND b > 0"));
    }
}
