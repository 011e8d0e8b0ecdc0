//! Which statements replay applies, passes over, or warns about, decided on
//! the leading tokens; and the recognisers for the schema-changing forms
//! sqlparser 0.63 rejects (PARSERS.md lists them).

use sqlparser::ast::{Ident, Statement};
use sqlparser::tokenizer::Token;

use super::Replayer;
use super::stmt::{Stmt, parse};
use super::table::Op;
use crate::Dialect;
use crate::schema::Identity;

/// Statements that never change the schema IR, by first word.
const PASS_OVER: &[(&str, &str)] = &[
    ("INSERT", "changes data, not the schema"),
    ("UPDATE", "changes data, not the schema"),
    ("DELETE", "changes data, not the schema"),
    ("SELECT", "reads data"),
    ("WITH", "a query"),
    ("VALUES", "a query"),
    ("TABLE", "a query"),
    ("MERGE", "changes data, not the schema"),
    ("REPLACE", "changes data, not the schema"),
    ("UPSERT", "changes data, not the schema"),
    ("COPY", "moves data, not the schema"),
    ("TRUNCATE", "removes data, not the schema"),
    ("CALL", "replay does not run procedures"),
    ("EXPLAIN", "no schema change"),
    ("SHOW", "no schema change"),
    ("LOCK", "no schema change"),
    ("NOTIFY", "no schema change"),
    ("LISTEN", "no schema change"),
    ("UNLISTEN", "no schema change"),
    ("PREPARE", "no schema change"),
    ("EXECUTE", "replay does not run prepared statements"),
    ("DEALLOCATE", "no schema change"),
    ("DECLARE", "no schema change"),
    ("FETCH", "no schema change"),
    ("CLOSE", "no schema change"),
    ("MOVE", "no schema change"),
    ("CHECKPOINT", "no schema change"),
    ("DISCARD", "no schema change"),
    ("LOAD", "no schema change"),
    ("REFRESH", "refreshes a materialized view's data"),
    ("CLUSTER", "reorders a table physically"),
    ("REINDEX", "rebuilds indexes physically"),
    ("ANALYZE", "collects statistics"),
    ("ANALYSE", "collects statistics"),
    ("VACUUM", "maintenance"),
    ("GRANT", "privileges are not part of the schema model"),
    ("REVOKE", "privileges are not part of the schema model"),
    ("BEGIN", "transaction control"),
    ("START", "transaction control"),
    ("COMMIT", "transaction control"),
    ("END", "transaction control"),
    ("ROLLBACK", "transaction control"),
    ("ABORT", "transaction control"),
    ("SAVEPOINT", "transaction control"),
    ("RELEASE", "transaction control"),
    ("RESET", "a session setting"),
    (
        "SECURITY",
        "security labels are not part of the schema model",
    ),
    ("REASSIGN", "ownership is not part of the schema model"),
    ("PRAGMA", "a setting, no schema change"),
    ("ATTACH", "another database file is not part of this schema"),
    ("DETACH", "another database file is not part of this schema"),
];

/// Object kinds whose `CREATE`/`ALTER`/`DROP` cannot change the IR (tables,
/// columns, keys, indexes, checks, enums, comments on tables and columns).
const NOT_MODELLED: &[&str] = &[
    "VIEW",
    "MATERIALIZED",
    "RECURSIVE",
    "FUNCTION",
    "PROCEDURE",
    "ROUTINE",
    "TRIGGER",
    "RULE",
    "AGGREGATE",
    "OPERATOR",
    "POLICY",
    "SEQUENCE",
    "EXTENSION",
    "ROLE",
    "USER",
    "GROUP",
    "STATISTICS",
    "PUBLICATION",
    "SUBSCRIPTION",
    "COLLATION",
    "CAST",
    "LANGUAGE",
    "TEXT",
    "SERVER",
    "FOREIGN",
    "EVENT",
    "TRANSFORM",
    "CONVERSION",
    "ACCESS",
    "TABLESPACE",
    "DATABASE",
    "DOMAIN",
    "DEFAULT",
    "SYSTEM",
    "LARGE",
    "OWNED",
    "SECRET",
];

/// Words that may stand between `CREATE` and the object kind.
const CREATE_MODIFIERS: &[&str] = &[
    "OR",
    "REPLACE",
    "TEMP",
    "TEMPORARY",
    "UNLOGGED",
    "GLOBAL",
    "LOCAL",
    "UNIQUE",
    "CONSTRAINT",
    "TRUSTED",
    "PROCEDURAL",
];

impl Replayer<'_> {
    /// Replays one statement.
    pub(super) fn statement(&mut self, st: &Stmt) {
        let first = st.word_upper(0);
        if let Some((_, why)) = PASS_OVER.iter().find(|(w, _)| *w == first) {
            self.skip(st, why);
            return;
        }
        match first.as_str() {
            "SET" => self.set(st),
            "DO" => self.do_block(st),
            "COMMENT" => self.comment(st),
            "CREATE" => self.create(st),
            "ALTER" => self.alter(st),
            "DROP" => self.drop_statement(st),
            _ => self.parse_and_apply(st, st.tokens.clone()),
        }
    }

    /// A note that the statement was passed over, and why.
    fn skip(&mut self, st: &Stmt, why: &str) {
        let head = head_words(st);
        self.note(format!("`{head}` skipped: {why}"));
    }

    /// Parses (possibly rewritten) tokens and applies the statement; a
    /// statement sqlparser cannot read is a warning.
    fn parse_and_apply(&mut self, st: &Stmt, tokens: Vec<sqlparser::tokenizer::TokenWithSpan>) {
        match parse(tokens, self.dialect) {
            Ok(s) => self.apply(s, st),
            Err(f) => self.parse_failed(st, f),
        }
    }

    fn parse_failed(&mut self, st: &Stmt, f: super::stmt::ParseFailure) {
        self.warn_at(
            f.line,
            format!(
                "cannot parse `{}` ({}); replay skipped it and the schema may differ from the database",
                super::short(st.text),
                lower_first(&f.message)
            ),
        );
    }

    fn create(&mut self, st: &Stmt) {
        let mut i = 1;
        let mut temporary = false;
        while CREATE_MODIFIERS.iter().any(|m| st.is(i, m)) {
            temporary |= st.is(i, "TEMP") || st.is(i, "TEMPORARY");
            i += 1;
        }
        let kind = st.word_upper(i);
        match kind.as_str() {
            "TABLE" if temporary => {
                self.skip(st, "a temporary table lasts only as long as its session")
            }
            "TABLE" => self.create_table_statement(st, i),
            "INDEX" => {
                // `ON ONLY t` (an index on a partitioned table only): the
                // IR has no partitions, so it is an index on `t`.
                let mut drop = tablespaces(st);
                if let Some(on) = st.find_top(i, "ON")
                    && st.is(on + 1, "ONLY")
                {
                    drop.push(on + 1);
                }
                self.parse_and_apply(st, st.rewritten(&drop, &[]));
            }
            "TYPE" => self.parse_and_apply(st, st.tokens.clone()),
            "SCHEMA" if st.find_top(i + 1, "CREATE").is_some() => self.warn(
                "CREATE SCHEMA with schema elements is not replayed; write its CREATE statements on their own",
            ),
            "SCHEMA" => self.skip(st, "schemas exist implicitly in the schema model"),
            "SEQUENCE" => {
                self.owned_by(st);
                self.skip(st, "sequences are not part of the schema model")
            }
            "VIRTUAL" => self.warn(format!(
                "`{}`: virtual tables are not part of the schema model; the database has this table but the replayed schema does not",
                head_words(st)
            )),
            k if NOT_MODELLED.contains(&k) => {
                self.skip(st, "not part of the schema model (tables, keys, indexes, enums)")
            }
            _ => self.parse_and_apply(st, st.tokens.clone()),
        }
    }

    fn create_table_statement(&mut self, st: &Stmt, table_kw: usize) {
        if self.create_table_like(st, table_kw).is_some() {
            return;
        }
        let mut drop = identity_options(st);
        drop.extend(tablespaces(st));
        if self.dialect == Dialect::Sqlite {
            // `STRICT`, `WITHOUT ROWID` (together they defeat sqlparser):
            // storage options after the column list, nothing the IR keeps.
            if let Some(open) = (table_kw..st.len()).find(|&k| matches!(st.tok(k), Token::LParen)) {
                let close = st.skip_group(open);
                // Keep `WITHOUT ROWID` (sqlparser reads it alone, and it
                // decides whether an INTEGER PRIMARY KEY is the rowid).
                for k in close..st.len() {
                    if st.is(k, "STRICT") || matches!(st.tok(k), Token::Comma) {
                        drop.push(k);
                    }
                }
            }
        }
        match parse(st.rewritten(&drop, &[]), self.dialect) {
            Ok(s) => self.apply(s, st),
            Err(f) => match sqlite_type_words(st, table_kw, self.dialect) {
                // `UNSIGNED BIG INT`, `VARYING CHARACTER(255)`: SQLite type
                // names of several words, kept as one name.
                Some(merge) => match parse(st.rewritten(&drop, &merge), self.dialect) {
                    Ok(s) => self.apply(s, st),
                    Err(_) => self.parse_failed(st, f),
                },
                None => self.parse_failed(st, f),
            },
        }
    }

    fn alter(&mut self, st: &Stmt) {
        match st.word_upper(1).as_str() {
            "TABLE" => self.alter_table_statement(st),
            "INDEX" => self.alter_index(st),
            "TYPE" => self.alter_type_statement(st),
            "SCHEMA" => self.alter_schema(st),
            "SEQUENCE" => {
                self.owned_by(st);
                self.skip(st, "sequences are not part of the schema model")
            }
            k if NOT_MODELLED.contains(&k) => self.skip(
                st,
                "not part of the schema model (tables, keys, indexes, enums)",
            ),
            _ => self.parse_and_apply(st, st.tokens.clone()),
        }
    }

    fn drop_statement(&mut self, st: &Stmt) {
        let kind = st.word_upper(1);
        match kind.as_str() {
            "TABLE" | "TYPE" | "SCHEMA" => self.parse_and_apply(st, st.tokens.clone()),
            "INDEX" => {
                let tokens = if st.is(2, "CONCURRENTLY") {
                    st.without(|k| k == 2)
                } else {
                    st.tokens.clone()
                };
                self.parse_and_apply(st, tokens);
            }
            k if NOT_MODELLED.contains(&k) => {
                if st.find_top(2, "CASCADE").is_some() && !matches!(k, "VIEW" | "MATERIALIZED") {
                    self.warn(format!(
                        "`{}`: CASCADE may also drop columns, defaults or checks that depend on it; replay does not follow those dependencies",
                        head_words(st)
                    ));
                } else {
                    self.skip(
                        st,
                        "not part of the schema model (tables, keys, indexes, enums)",
                    );
                }
            }
            _ => self.parse_and_apply(st, st.tokens.clone()),
        }
    }

    /// `SET [SESSION | LOCAL] search_path { TO | = } …` is followed for the
    /// rest of the section; other settings are passed over.
    fn set(&mut self, st: &Stmt) {
        let mut i = 1;
        if st.is(i, "SESSION") || st.is(i, "LOCAL") {
            i += 1;
        }
        if !(self.dialect == Dialect::Postgres && st.is(i, "SEARCH_PATH")) {
            self.skip(st, "a session setting");
            return;
        }
        i += 1;
        if st.is(i, "TO") || matches!(st.tok(i), Token::Eq) {
            i += 1;
        }
        if st.is(i, "DEFAULT") {
            self.search_path = super::default_search_path();
        } else {
            let mut path = Vec::new();
            for (a, _) in st.split_commas(i, st.len()) {
                match st.tok(a) {
                    Token::Word(w) => path.push(self.ident(&word_ident(w))),
                    Token::SingleQuotedString(s) => path.push(s.clone()),
                    _ => {}
                }
            }
            self.search_path = path;
        }
        self.note(format!(
            "search_path is now {}: unqualified names are looked up there for the rest of this section",
            if self.search_path.is_empty() {
                "empty".to_string()
            } else {
                self.search_path.join(", ")
            }
        ));
    }

    /// `DO` blocks run procedural code replay cannot follow. Without DDL in
    /// the body they are passed over; with it, warned about.
    fn do_block(&mut self, st: &Stmt) {
        let body = (1..st.len()).find_map(|k| match st.tok(k) {
            Token::DollarQuotedString(d) => Some(d.value.clone()),
            Token::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        });
        let ddl = body.as_deref().map(ddl_words).unwrap_or_default();
        if ddl.is_empty() {
            self.skip(st, "procedural code without DDL");
        } else {
            self.warn(format!(
                "DO block contains {}: replay does not run procedural code, so schema changes made inside it are not replayed; write them as plain statements",
                ddl.join("/")
            ));
        }
    }

    /// `COMMENT ON { TABLE | COLUMN } name IS { 'text' | $$text$$ | E'…' |
    /// NULL }`; comments on other objects are passed over.
    fn comment(&mut self, st: &Stmt) {
        if !st.is(1, "ON") {
            return self.parse_and_apply(st, st.tokens.clone());
        }
        let kind = st.word_upper(2);
        if kind != "TABLE" && kind != "COLUMN" {
            let what = if kind == "MATERIALIZED" {
                "MATERIALIZED VIEW".into()
            } else {
                kind
            };
            return self.skip(
                st,
                &format!(
                    "comments on a {} are not part of the schema model",
                    what.to_lowercase()
                ),
            );
        }
        if self.dialect != Dialect::Postgres {
            return self
                .warn("SQLite has no COMMENT ON; the statement fails there and replay ignores it");
        }
        let Some((parts, j)) = st.name_at(3) else {
            return self.parse_and_apply(st, st.tokens.clone());
        };
        if !st.is(j, "IS") {
            return self.parse_and_apply(st, st.tokens.clone());
        }
        let text = match st.tok(j + 1) {
            Token::SingleQuotedString(s)
            | Token::EscapedStringLiteral(s)
            | Token::NationalStringLiteral(s)
            | Token::UnicodeStringLiteral(s) => Some(s.clone()),
            Token::DollarQuotedString(d) => Some(d.value.clone()),
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("NULL") => {
                None
            }
            _ => return self.parse_and_apply(st, st.tokens.clone()),
        };
        // An empty comment removes the comment, as on the server.
        let text = text.filter(|t| !t.is_empty());
        self.set_comment(kind == "COLUMN", &parts, text);
    }

    /// `ALTER SEQUENCE … OWNED BY t.c` and `CREATE SEQUENCE … OWNED BY t.c`:
    /// remembered, so that a later `nextval` default makes `c` serial.
    fn owned_by(&mut self, st: &Stmt) {
        let mut i = 2;
        if st.are(i, &["IF", "NOT", "EXISTS"]) {
            i += 3;
        } else if st.are(i, &["IF", "EXISTS"]) {
            i += 2;
        }
        let Some((seq, _)) = st.name_at(i) else {
            return;
        };
        let Some(at) = st.find_top(i, "OWNED") else {
            return;
        };
        if !st.is(at + 1, "BY") {
            return;
        }
        let Some((target, _)) = st.name_at(at + 2) else {
            return;
        };
        let [table @ .., column] = target.as_slice() else {
            return;
        };
        if table.is_empty() {
            return;
        }
        let seq = self.new_name(&seq);
        let Some(key) = self.find_table(table) else {
            return;
        };
        let column = self.ident(column);
        self.owned.push((seq, key.clone(), column.clone()));
        self.serial_from_default(&key, &column);
    }

    /// `ALTER TABLE`: `SET SCHEMA` by hand; otherwise parsed after the
    /// token rewrites, and retried one action at a time when the whole
    /// statement does not parse.
    fn alter_table_statement(&mut self, st: &Stmt) {
        let Some((name, if_exists, header_end)) = alter_table_header(st) else {
            return self.parse_and_apply(st, st.tokens.clone());
        };
        if st.are(header_end, &["SET", "SCHEMA"]) {
            let Some((to, _)) = st.name_at(header_end + 2) else {
                return self.parse_and_apply(st, st.tokens.clone());
            };
            let to = self.ident(&to[0]);
            return self.move_table(&name, if_exists, &to);
        }
        let drop = alter_table_drops(st, header_end);
        match parse(st.without(|k| drop.contains(&k)), self.dialect) {
            Ok(s) => self.apply(s, st),
            Err(_) => {
                // One action at a time: what parses is applied, what is
                // recognised is applied, the rest is a warning each.
                let mut ops = Vec::new();
                for (a, b) in st.split_commas(header_end, st.len()) {
                    if let Some(mut recognised) = self.alter_action(st, a, b) {
                        ops.append(&mut recognised);
                        continue;
                    }
                    let drop_here: Vec<usize> =
                        drop.iter().copied().filter(|&k| k >= a && k < b).collect();
                    let mut ranges = vec![(0, header_end)];
                    let mut from = a;
                    for &d in &drop_here {
                        ranges.push((from, d));
                        from = d + 1;
                    }
                    ranges.push((from, b));
                    match parse(st.pieces(&ranges), self.dialect) {
                        Ok(Statement::AlterTable(at)) => {
                            for o in &at.operations {
                                ops.extend(self.alter_op(o));
                            }
                        }
                        Ok(_) => ops.push(Op::Warn(format!(
                            "cannot make sense of `{}` in ALTER TABLE; replay skipped it",
                            st.snippet(a, b)
                        ))),
                        Err(f) => ops.push(Op::Warn(format!(
                            "cannot parse `{}` in ALTER TABLE ({}); replay skipped it and the schema may differ from the database",
                            st.snippet(a, b),
                            lower_first(&f.message)
                        ))),
                    }
                }
                self.run_alter(&name, if_exists, ops);
            }
        }
    }

    /// Recognises one `ALTER TABLE` action sqlparser rejects.
    fn alter_action(&mut self, st: &Stmt, a: usize, b: usize) -> Option<Vec<Op>> {
        let text = st.snippet(a, b);
        let none = || {
            Some(vec![Op::Note(format!(
                "`{text}` does not change the schema model"
            ))])
        };
        if st.is(a, "ALTER") && !st.is(a + 1, "CONSTRAINT") {
            let c = if st.is(a + 1, "COLUMN") { a + 2 } else { a + 1 };
            let Token::Word(w) = st.tok(c) else {
                return None;
            };
            let column = self.ident(&word_ident(w));
            let i = c + 1;
            if st.are(i, &["SET", "GENERATED"]) {
                let kind = if st.is(i + 2, "ALWAYS") {
                    Identity::Always
                } else {
                    Identity::ByDefault
                };
                return Some(vec![Op::SetIdentity {
                    column,
                    identity: Some(kind),
                }]);
            }
            if st.are(i, &["DROP", "IDENTITY"]) {
                return Some(vec![Op::SetIdentity {
                    column,
                    identity: None,
                }]);
            }
            let options = [
                "INCREMENT",
                "START",
                "RESTART",
                "MINVALUE",
                "MAXVALUE",
                "NO",
                "CYCLE",
                "CACHE",
                "STATISTICS",
                "STORAGE",
                "COMPRESSION",
                "EXPRESSION",
                "SEQUENCE",
            ];
            if (st.is(i, "SET")
                && (options.iter().any(|o| st.is(i + 1, o))
                    || matches!(st.tok(i + 1), Token::LParen)))
                || st.is(i, "RESTART")
                || st.is(i, "RESET")
                || st.are(i, &["DROP", "EXPRESSION"])
            {
                return none();
            }
            return None;
        }
        let misc: &[&[&str]] = &[
            &["OWNER", "TO"],
            &["ENABLE"],
            &["DISABLE"],
            &["CLUSTER", "ON"],
            &["SET", "WITHOUT"],
            &["SET", "TABLESPACE"],
            &["SET", "LOGGED"],
            &["SET", "UNLOGGED"],
            &["SET", "ACCESS", "METHOD"],
            &["RESET"],
            &["INHERIT"],
            &["NO", "INHERIT"],
            &["OF"],
            &["NOT", "OF"],
            &["REPLICA", "IDENTITY"],
            &["FORCE", "ROW"],
            &["NO", "FORCE"],
            &["ALTER", "CONSTRAINT"],
            &["VALIDATE", "CONSTRAINT"],
        ];
        if misc.iter().any(|m| st.are(a, m))
            || (st.is(a, "SET") && matches!(st.tok(a + 1), Token::LParen))
        {
            return none();
        }
        if st.are(a, &["ATTACH", "PARTITION"]) || st.are(a, &["DETACH", "PARTITION"]) {
            return Some(vec![Op::Warn(format!(
                "`{text}`: partitions are not part of the schema model"
            ))]);
        }
        None
    }

    /// `ALTER INDEX [IF EXISTS] name RENAME TO new`; other index changes
    /// (storage, statistics, tablespace, partitions) are passed over.
    fn alter_index(&mut self, st: &Stmt) {
        let mut i = 2;
        let if_exists = st.are(i, &["IF", "EXISTS"]);
        if if_exists {
            i += 2;
        }
        let Some((name, j)) = st.name_at(i) else {
            return self.parse_and_apply(st, st.tokens.clone());
        };
        if st.are(j, &["RENAME", "TO"])
            && let Some((new, _)) = st.name_at(j + 2)
        {
            let new = self.ident(new.last().expect("a name has a part"));
            return self.rename_index(&name, &new, if_exists);
        }
        self.skip(
            st,
            "storage and statistics settings of an index are not part of the schema model",
        );
    }

    fn alter_type_statement(&mut self, st: &Stmt) {
        let Some((name, j)) = st.name_at(2) else {
            return self.parse_and_apply(st, st.tokens.clone());
        };
        if st.are(j, &["SET", "SCHEMA"])
            && let Some((to, _)) = st.name_at(j + 2)
        {
            let to = self.ident(&to[0]);
            return self.move_enum(&name, &to);
        }
        if st.are(j, &["OWNER", "TO"]) {
            return self.skip(st, "ownership is not part of the schema model");
        }
        if st.is(j, "ADD") && st.is(j + 1, "ATTRIBUTE")
            || st.is(j, "DROP") && st.is(j + 1, "ATTRIBUTE")
            || st.is(j, "ALTER") && st.is(j + 1, "ATTRIBUTE")
            || st.is(j, "RENAME") && st.is(j + 1, "ATTRIBUTE")
        {
            return self.skip(st, "composite types are not part of the schema model");
        }
        self.parse_and_apply(st, st.tokens.clone())
    }

    /// `ALTER SCHEMA s RENAME TO r` moves every table and enum of `s`.
    fn alter_schema(&mut self, st: &Stmt) {
        if let (Token::Word(from), true, Token::Word(to)) =
            (st.tok(2), st.are(3, &["RENAME", "TO"]), st.tok(5))
        {
            let from = self.ident(&word_ident(from));
            let to = self.ident(&word_ident(to));
            return self.rename_schema(&from, &to);
        }
        self.skip(st, "schema settings are not part of the schema model");
    }
}

/// The significant tokens of an `ALTER TABLE` that sqlparser cannot read
/// and the IR does not need: identity sequence options, tablespaces and
/// collations (`TYPE t COLLATE c`, `ADD COLUMN c text COLLATE "C"`).
pub(crate) fn alter_table_drops(st: &Stmt, header_end: usize) -> Vec<usize> {
    let mut drop = identity_options(st);
    drop.extend(tablespaces(st));
    let mut k = header_end;
    while let Some(at) = st.find_top(k, "COLLATE") {
        drop.push(at);
        let end = st.name_at(at + 1).map_or(at + 1, |(_, e)| e);
        drop.extend(at + 1..end);
        k = end;
    }
    drop
}

/// `ALTER TABLE [IF EXISTS] [ONLY] name [*]`: the name, `IF EXISTS`, and
/// the index of the first action.
pub(crate) fn alter_table_header(st: &Stmt) -> Option<(Vec<Ident>, bool, usize)> {
    let mut i = 2;
    let if_exists = st.are(i, &["IF", "EXISTS"]);
    if if_exists {
        i += 2;
    }
    if st.is(i, "ONLY") {
        i += 1;
    }
    let (name, mut j) = st.name_at(i)?;
    if matches!(st.tok(j), Token::Mul) {
        j += 1;
    }
    Some((name, if_exists, j))
}

/// Significant indices of `[USING INDEX] TABLESPACE name` clauses (not
/// `SET TABLESPACE`): storage placement, which sqlparser rejects in index
/// and constraint definitions and the IR does not keep.
fn tablespaces(st: &Stmt) -> Vec<usize> {
    let mut drop = Vec::new();
    for k in 1..st.len() {
        if !st.is(k, "TABLESPACE") || st.is(k - 1, "SET") {
            continue;
        }
        if k >= 2 && st.are(k - 2, &["USING", "INDEX"]) {
            drop.extend([k - 2, k - 1]);
        }
        drop.extend([k, k + 1]);
    }
    drop
}

/// Significant indices of identity sequence options, `AS IDENTITY ( … )`:
/// sqlparser reads them only in one order, and the IR keeps none of them.
fn identity_options(st: &Stmt) -> Vec<usize> {
    let mut drop = Vec::new();
    for k in 0..st.len() {
        if st.are(k, &["AS", "IDENTITY"]) && matches!(st.tok(k + 2), Token::LParen) {
            drop.extend(k + 2..st.skip_group(k + 2));
        }
    }
    drop
}

/// In a SQLite `CREATE TABLE`, column types of several words (sqlparser
/// reads only the first): each run of plain words after a column name,
/// up to the first constraint word, merged into one quoted name.
fn sqlite_type_words(
    st: &Stmt,
    table_kw: usize,
    dialect: Dialect,
) -> Option<Vec<(usize, usize, Token)>> {
    if dialect != Dialect::Sqlite {
        return None;
    }
    const STOP: &[&str] = &[
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
        "ON",
        "AUTOINCREMENT",
        "FOREIGN",
    ];
    let open = (table_kw..st.len()).find(|&k| matches!(st.tok(k), Token::LParen))?;
    let close = st.skip_group(open);
    let mut merge = Vec::new();
    for (a, b) in st.split_commas(open + 1, close.saturating_sub(1)) {
        if ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]
            .iter()
            .any(|w| st.is(a, w))
        {
            continue;
        }
        let mut words = Vec::new();
        let mut k = a + 1;
        while k < b {
            match st.tok(k) {
                Token::Word(w)
                    if w.quote_style.is_none()
                        && !STOP.iter().any(|s| w.value.eq_ignore_ascii_case(s)) =>
                {
                    words.push(w.value.clone());
                    k += 1;
                }
                _ => break,
            }
        }
        if words.len() >= 2 {
            let name = sqlparser::tokenizer::Word {
                value: words.join(" "),
                quote_style: Some('"'),
                keyword: sqlparser::keywords::Keyword::NoKeyword,
            };
            merge.push((a + 1, k, Token::Word(name)));
        }
    }
    (!merge.is_empty()).then_some(merge)
}

/// Words in a procedural body that change the schema.
fn ddl_words(body: &str) -> Vec<&'static str> {
    let d = crate::sql::sqlparser_dialect(Dialect::Postgres);
    let words: Vec<String> = match sqlparser::tokenizer::Tokenizer::new(d.as_ref(), body).tokenize()
    {
        Ok(tokens) => tokens
            .into_iter()
            .filter_map(|t| match t {
                Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
                _ => None,
            })
            .collect(),
        Err(_) => body
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map(str::to_ascii_uppercase)
            .collect(),
    };
    let mut found = Vec::new();
    for w in ["CREATE", "ALTER", "DROP", "COMMENT", "EXECUTE"] {
        if words.iter().any(|x| x == w) {
            found.push(w);
        }
    }
    found
}

fn word_ident(w: &sqlparser::tokenizer::Word) -> Ident {
    Ident {
        value: w.value.clone(),
        quote_style: w.quote_style,
        span: sqlparser::tokenizer::Span::empty(),
    }
}

/// The first words of a statement, for notes (`CREATE FUNCTION`, `GRANT`).
fn head_words(st: &Stmt) -> String {
    let mut words = Vec::new();
    for k in 0..st.len().min(3) {
        match st.tok(k) {
            Token::Word(w)
                if w.quote_style.is_none()
                    && w.keyword != sqlparser::keywords::Keyword::NoKeyword
                    && !["IF", "ON", "TO", "INTO"]
                        .iter()
                        .any(|s| w.value.eq_ignore_ascii_case(s)) =>
            {
                words.push(w.value.to_ascii_uppercase())
            }
            _ => break,
        }
    }
    if words.is_empty() {
        super::short(st.text)
    } else {
        words.join(" ")
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
