//! The rules, as a hook on replay: each statement is judged against the
//! schema replay holds just before it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, Expr,
    GeneratedExpressionMode, Ident, RenameTableNameKind, Statement, TableConstraint, UnaryOperator,
    Value,
};
use sqlparser::tokenizer::{Token, Tokenizer};

use super::{Code, Finding, Level, Levels};
use crate::Dialect;
use crate::graph::Graph;
use crate::replay::recognise::{alter_table_drops, alter_table_header};
use crate::replay::stmt::{Stmt, parse};
use crate::replay::{self, At, Before, Warning};
use crate::schema::{Schema, SqlType, TableName};

/// What a lint run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Revision ids linted, in topological order.
    pub revisions: Vec<String>,
    /// Findings in revision and statement order, allowed ones included.
    pub findings: Vec<Finding>,
    /// Replay's warnings on the linted revisions (statements it could not
    /// read, which the lint could not judge either).
    pub warnings: Vec<Warning>,
}

impl Report {
    /// Findings not accepted by a `-- lint: allow` comment.
    pub fn reported(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.allowed)
    }

    pub fn errors(&self) -> usize {
        self.reported().filter(|f| f.level == Level::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.reported()
            .filter(|f| f.level == Level::Warning)
            .count()
    }
}

/// Lints the up sections of `revisions` (indices into `graph`), each
/// against the schema of its ancestors. Ancestors go through the same rules
/// with their findings dropped, so what the lint remembers across revisions
/// (checks added `NOT VALID` and not validated yet, SQLite's table-level
/// constraints) is known for the first revision linted too.
pub fn lint_graph(graph: &Graph, revisions: &[usize], dialect: Dialect, levels: &Levels) -> Report {
    let mut wanted = vec![false; graph.len()];
    for &i in revisions {
        wanted[i] = true;
    }
    let needed = graph.ancestors_or_self(revisions.iter().copied());
    let mut report = Report::default();
    let mut schema = Schema::default();
    let mut state = State::default();
    // Which revisions `schema` and `state` hold.
    let mut holds = vec![false; graph.len()];
    let quiet = Levels::default();
    for i in (0..graph.len()).filter(|&i| needed[i]) {
        let mut before = graph.ancestors_or_self([i]);
        before[i] = false;
        if before != holds {
            // A branch point: start again from this revision's ancestors.
            schema = Schema::default();
            state = State::default();
            for k in (0..graph.len()).filter(|&k| before[k]) {
                revision(graph, k, dialect, &quiet, &mut schema, &mut state);
            }
            holds = before;
        }
        let lints = if wanted[i] { levels } else { &quiet };
        let (findings, warnings) = revision(graph, i, dialect, lints, &mut schema, &mut state);
        if wanted[i] {
            report.findings.extend(findings);
            report.revisions.push(graph.get(i).id().to_string());
            report.warnings.extend(warnings);
        }
        holds[i] = true;
    }
    report
}

/// Replays revision `i` onto `schema` with the rules as a hook: its
/// findings and replay's warnings (notes left out).
fn revision(
    graph: &Graph,
    i: usize,
    dialect: Dialect,
    levels: &Levels,
    schema: &mut Schema,
    state: &mut State,
) -> (Vec<Finding>, Vec<Warning>) {
    let m = graph.get(i);
    let ctx = Context {
        revision: m.id().to_string(),
        path: m.path.clone(),
        dialect,
        levels,
        transactional: m.header.transactional,
        lock_timeout: m.header.lock_timeout.is_some(),
    };
    let mut section = Section::new(&ctx, m.up_sql(), state);
    let mut warnings = Vec::new();
    replay::apply_sql_with(
        schema,
        m.up_sql(),
        dialect,
        &m.path,
        m.up_line,
        &mut warnings,
        &mut |b, st, at| section.statement(b, st, at),
    );
    warnings.retain(|w| !w.is_note());
    (section.finish(), warnings)
}

/// Lints one section of SQL against `before`, with the default levels: a
/// revision's up section is `sql`, `transactional` its header's setting.
/// The checks of `before` count as validated.
pub fn lint_sql(before: &Schema, sql: &str, dialect: Dialect, transactional: bool) -> Vec<Finding> {
    lint_sql_with(before, sql, dialect, transactional, &Levels::default())
}

/// Lints `sql` run after `setup` (a revision's up section after the SQL
/// that made the schema), with the default levels. Unlike [`lint_sql`],
/// what the lint remembers across revisions comes from `setup`: checks
/// added `NOT VALID` and not validated, SQLite's table-level constraints.
pub fn lint_sql_after(
    setup: &str,
    sql: &str,
    dialect: Dialect,
    transactional: bool,
) -> Vec<Finding> {
    let levels = Levels::default();
    let mut schema = Schema::default();
    let mut state = State::default();
    let setup_ctx = Context::sql(dialect, &levels, true);
    sql_section(&setup_ctx, setup, &mut schema, &mut state);
    let ctx = Context::sql(dialect, &levels, transactional);
    sql_section(&ctx, sql, &mut schema, &mut state)
}

/// [`lint_sql`] with the configured levels.
pub fn lint_sql_with(
    before: &Schema,
    sql: &str,
    dialect: Dialect,
    transactional: bool,
    levels: &Levels,
) -> Vec<Finding> {
    let ctx = Context::sql(dialect, levels, transactional);
    sql_section(&ctx, sql, &mut before.clone(), &mut State::default())
}

/// Lints SQL that is no revision's, applying it to `schema`.
fn sql_section(
    ctx: &Context<'_>,
    sql: &str,
    schema: &mut Schema,
    state: &mut State,
) -> Vec<Finding> {
    let mut section = Section::new(ctx, sql, state);
    replay::apply_sql_with(
        schema,
        sql,
        ctx.dialect,
        &ctx.path,
        0,
        &mut Vec::new(),
        &mut |b, st, at| section.statement(b, st, at),
    );
    section.finish()
}

/// The revision being linted.
struct Context<'l> {
    revision: String,
    path: PathBuf,
    dialect: Dialect,
    levels: &'l Levels,
    transactional: bool,
    /// The header sets `lock-timeout`.
    lock_timeout: bool,
}

impl<'l> Context<'l> {
    /// SQL linted on its own, not a revision's.
    fn sql(dialect: Dialect, levels: &'l Levels, transactional: bool) -> Context<'l> {
        Context {
            revision: String::new(),
            path: PathBuf::from("<sql>"),
            dialect,
            levels,
            transactional,
            lock_timeout: false,
        }
    }
}

/// What the lint remembers across revisions.
#[derive(Debug, Default)]
struct State {
    /// Checks added `NOT VALID` and not validated yet: `(table, condition)`,
    /// the condition [`loose`]ly.
    not_valid: HashSet<(TableName, String)>,
    /// SQLite: the columns that table-level `FOREIGN KEY` and `CHECK`
    /// constraints use, per table whose `CREATE TABLE` was replayed. SQLite
    /// cannot drop such a column, while a column's own `REFERENCES` or
    /// `CHECK` goes with it.
    table_level: HashMap<TableName, HashSet<String>>,
}

/// What one section's lint remembers between statements.
struct Section<'c> {
    ctx: &'c Context<'c>,
    sql: &'c str,
    /// End of the previous statement, if any (the comments that may hold a
    /// `-- lint: allow` for the next one start on the line after it).
    prev_end: Option<usize>,
    /// Tables created in this revision: statements on them are not flagged.
    created: HashSet<TableName>,
    /// Columns added in this revision, `(table, column)`.
    added: HashSet<(TableName, String)>,
    lock_timeout: bool,
    lock_timeout_reported: bool,
    /// `DROP TABLE` findings held back until the end of the section: a
    /// table created in this revision renamed to the dropped name makes it
    /// a rebuild, not a loss.
    drops: Vec<(TableName, Finding)>,
    /// `RENAME` findings held back until the end of the section: a view
    /// with the old name created in the revision is the safe recipe.
    renames: Vec<(TableName, Finding)>,
    /// Constraints added `NOT VALID` in this revision, `(table, name)`, or
    /// `(table, "")` for an unnamed one: validating them in the same
    /// transaction scans under the ADD's lock.
    fresh_not_valid: HashSet<(TableName, String)>,
    state: &'c mut State,
    findings: Vec<Finding>,
    /// The statement being judged.
    current: Current,
    /// The `ALTER TABLE` being judged sets a collation.
    collate: bool,
}

#[derive(Default)]
struct Current {
    line: usize,
    text: String,
    allow: Vec<String>,
}

/// A lock level, as far as the lock-timeout rule cares.
#[derive(PartialEq, Eq)]
enum Lock {
    AccessExclusive,
    Weaker,
}

impl<'c> Section<'c> {
    fn new(ctx: &'c Context<'c>, sql: &'c str, state: &'c mut State) -> Section<'c> {
        Section {
            ctx,
            sql,
            prev_end: None,
            created: HashSet::new(),
            added: HashSet::new(),
            lock_timeout: ctx.lock_timeout,
            lock_timeout_reported: false,
            drops: Vec::new(),
            renames: Vec::new(),
            fresh_not_valid: HashSet::new(),
            state,
            findings: Vec::new(),
            current: Current::default(),
            collate: false,
        }
    }

    fn finish(mut self) -> Vec<Finding> {
        let drops = std::mem::take(&mut self.drops);
        self.findings.extend(drops.into_iter().map(|(_, f)| f));
        let renames = std::mem::take(&mut self.renames);
        self.findings.extend(renames.into_iter().map(|(_, f)| f));
        // In statement order; a statement's own hazard before the lock-timeout
        // finding it also triggers.
        self.findings
            .sort_by_key(|f| (f.line, f.code == Code::MissingLockTimeout));
        self.findings
    }

    fn pg(&self) -> bool {
        self.ctx.dialect == Dialect::Postgres
    }

    fn statement(&mut self, b: &Before<'_, '_>, st: &Stmt<'_>, at: At) {
        // The comments above the statement: from the line after the
        // previous statement's end (a comment trailing that statement is
        // its own) to this statement, then the statement, then what trails
        // it on its last line.
        let from = match self.prev_end {
            None => 0,
            Some(prev) => {
                let prev = prev.min(at.offset);
                self.sql[prev..at.offset]
                    .find('\n')
                    .map_or(at.offset, |k| prev + k + 1)
            }
        };
        let end = (at.offset + st.text.len()).min(self.sql.len());
        let trailing = self.sql[end..].split('\n').next().unwrap_or("");
        let above = &self.sql[from..at.offset];
        self.current = Current {
            line: at.line,
            text: replay::short(st.text),
            allow: allowed_codes(above)
                .chain(allowed_codes(st.text))
                .chain(allowed_codes(trailing))
                .collect(),
        };
        self.prev_end = Some(end);

        match st.word_upper(0).as_str() {
            "SET" => self.set(st),
            "CREATE" => self.create(b, st),
            "DROP" => self.drop(b, st),
            "ALTER" if st.is(1, "TABLE") => self.alter_table(b, st),
            "REINDEX" if (1..4).any(|i| st.is(i, "CONCURRENTLY")) => self.concurrently(),
            "TRUNCATE" | "LOCK" => self.locks(Lock::AccessExclusive, true),
            _ => {}
        }
    }

    /// Records a finding for the current statement (unless its level is
    /// off).
    fn report(&mut self, code: Code, message: String) {
        if let Some(f) = self.finding(code, message) {
            self.findings.push(f);
        }
    }

    /// A finding for the current statement; `None` when the rule is not
    /// the dialect's or its level is off.
    fn finding(&self, code: Code, message: String) -> Option<Finding> {
        let level = self.ctx.levels.level(code);
        if !code.applies().to(self.ctx.dialect) || level == Level::Off {
            return None;
        }
        Some(Finding {
            code,
            level,
            revision: self.ctx.revision.clone(),
            path: self.ctx.path.clone(),
            line: self.current.line,
            statement: self.current.text.clone(),
            message,
            allowed: self.current.allow.iter().any(|a| a == code.as_str()),
        })
    }

    /// The lock-timeout rule: the first statement of a revision that takes
    /// an ACCESS EXCLUSIVE lock on an existing table with no lock_timeout
    /// set.
    fn locks(&mut self, lock: Lock, existing: bool) {
        if lock == Lock::AccessExclusive
            && existing
            && self.pg()
            && !self.lock_timeout
            && !self.lock_timeout_reported
        {
            self.lock_timeout_reported = true;
            self.report(
                Code::MissingLockTimeout,
                "this statement takes an ACCESS EXCLUSIVE lock and the revision sets no lock_timeout".into(),
            );
        }
    }

    fn concurrently(&mut self) {
        if self.ctx.transactional && self.pg() {
            self.report(
                Code::ConcurrentlyInTransaction,
                "CONCURRENTLY in a revision that runs in a transaction".into(),
            );
        }
    }

    /// `SET [LOCAL|SESSION] lock_timeout …`
    fn set(&mut self, st: &Stmt<'_>) {
        let mut i = 1;
        if st.is(i, "LOCAL") || st.is(i, "SESSION") {
            i += 1;
        }
        if st.is(i, "LOCK_TIMEOUT") {
            let mut v = i + 1;
            if matches!(st.tok(v), Token::Eq) || st.is(v, "TO") {
                v += 1;
            }
            let value = match st.tok(v) {
                Token::SingleQuotedString(s) => s.trim().to_string(),
                Token::Number(n, _) => n.clone(),
                other => other.to_string(),
            };
            self.lock_timeout =
                !(value == "0" || value.eq_ignore_ascii_case("DEFAULT") || value.starts_with("0 "));
        }
    }

    /// Whether a table (by key) existed before this revision.
    fn existing(&self, key: &Option<TableName>) -> bool {
        match key {
            Some(k) => !self.created.contains(k),
            // Unknown to replay: made outside the migrations, so it exists.
            None => true,
        }
    }

    fn create(&mut self, b: &Before<'_, '_>, st: &Stmt<'_>) {
        let mut i = 1;
        while [
            "OR",
            "REPLACE",
            "UNIQUE",
            "UNLOGGED",
            "TEMP",
            "TEMPORARY",
            "GLOBAL",
            "LOCAL",
        ]
        .iter()
        .any(|w| st.is(i, w))
        {
            i += 1;
        }
        if st.is(i, "TABLE") {
            let mut n = i + 1;
            if st.are(n, &["IF", "NOT", "EXISTS"]) {
                n += 3;
            }
            if let Some((parts, _)) = st.name_at(n)
                && b.find_table(&parts).is_none()
            {
                let key = b.new_name(&parts);
                self.created.insert(key.clone());
                if let Ok(Statement::CreateTable(ct)) = parse(st.tokens.clone(), self.ctx.dialect) {
                    let mut used = HashSet::new();
                    for c in &ct.constraints {
                        match c {
                            TableConstraint::ForeignKey(fk) => {
                                used.extend(fk.columns.iter().map(|c| b.ident(c).to_lowercase()));
                            }
                            TableConstraint::Check(ck) => {
                                used.extend(words(&ck.expr.to_string()));
                            }
                            _ => {}
                        }
                    }
                    self.state.table_level.insert(key, used);
                }
            }
        } else if st.is(i, "VIEW") || st.are(i, &["MATERIALIZED", "VIEW"]) {
            let n = if st.is(i, "VIEW") { i + 1 } else { i + 2 };
            if let Some((parts, _)) = st.name_at(n) {
                let view = b.new_name(&parts);
                // A view under a renamed table's old name keeps the old
                // application working: the rename's recipe.
                self.renames.retain(|(old, _)| {
                    !(old.schema == view.schema && b.same(&old.name, &view.name))
                });
            }
        } else if st.is(i, "INDEX") {
            let concurrently = st.is(i + 1, "CONCURRENTLY");
            let Some(on) = st.find_top(i, "ON") else {
                return;
            };
            let at = if st.is(on + 1, "ONLY") {
                on + 2
            } else {
                on + 1
            };
            let Some((parts, _)) = st.name_at(at) else {
                return;
            };
            let key = b.find_table(&parts);
            let name = key.as_ref().map_or_else(
                || {
                    parts
                        .iter()
                        .map(|p| p.value.clone())
                        .collect::<Vec<_>>()
                        .join(".")
                },
                ToString::to_string,
            );
            if concurrently {
                self.concurrently();
            } else if self.existing(&key) {
                self.report(
                    Code::IndexNotConcurrent,
                    format!("CREATE INDEX on {name}, which exists before this revision"),
                );
            }
        }
    }

    fn drop(&mut self, b: &Before<'_, '_>, st: &Stmt<'_>) {
        if st.is(1, "INDEX") {
            let concurrently = st.is(2, "CONCURRENTLY");
            let mut n = if concurrently { 3 } else { 2 };
            let if_exists = st.are(n, &["IF", "EXISTS"]);
            if if_exists {
                n += 2;
            }
            if concurrently {
                return self.concurrently();
            }
            for (from, _) in st.split_commas(n, st.len()) {
                let Some((parts, _)) = st.name_at(from) else {
                    continue;
                };
                let table = match b.find_index(&parts) {
                    Some((t, _)) => Some(t),
                    None if if_exists => continue,
                    None => None,
                };
                if self.existing(&table) {
                    let on = table.map_or_else(String::new, |t| format!(" on {t}"));
                    self.report(
                        Code::DropIndexNotConcurrent,
                        format!("DROP INDEX of an index{on}, which exists before this revision"),
                    );
                    self.locks(Lock::AccessExclusive, true);
                }
            }
        } else if st.is(1, "TABLE") {
            let mut n = 2;
            let if_exists = st.are(n, &["IF", "EXISTS"]);
            if if_exists {
                n += 2;
            }
            for (from, _) in st.split_commas(n, st.len()) {
                let Some((parts, _)) = st.name_at(from) else {
                    continue;
                };
                let key = match b.find_table(&parts) {
                    Some(k) => k,
                    None if if_exists => continue,
                    None => b.new_name(&parts),
                };
                self.state.table_level.remove(&key);
                if self.created.remove(&key) {
                    continue;
                }
                self.locks(Lock::AccessExclusive, true);
                let message = format!(
                    "DROP TABLE {key}, which exists before this revision: its rows are lost"
                );
                if let Some(f) = self.finding(Code::DropTable, message) {
                    self.drops.push((key, f));
                }
            }
        }
    }

    fn alter_table(&mut self, b: &Before<'_, '_>, st: &Stmt<'_>) {
        let Some((parts, _, header_end)) = alter_table_header(st) else {
            return;
        };
        let key = b.find_table(&parts);
        let existing = self.existing(&key);
        let key = key.unwrap_or_else(|| b.new_name(&parts));
        // What replay leaves out for the parser (collations, tablespaces,
        // identity options) is left out here too; a collation change is
        // remembered, since it rebuilds the column's indexes.
        let drops = alter_table_drops(st, header_end);
        self.collate = st.find_top(header_end, "COLLATE").is_some();
        let ops = match parse(st.without(|k| drops.contains(&k)), self.ctx.dialect) {
            Ok(Statement::AlterTable(at)) => at.operations,
            Ok(_) => return,
            // One action at a time, as replay does; an action that still
            // cannot be read is judged by its lock alone (ACCESS EXCLUSIVE,
            // as most actions take).
            Err(_) => {
                let mut ops = Vec::new();
                for (from, to) in st.split_commas(header_end, st.len()) {
                    let mut ranges = vec![(0, header_end)];
                    let mut at = from;
                    for d in drops.iter().copied().filter(|&d| d >= from && d < to) {
                        ranges.push((at, d));
                        at = d + 1;
                    }
                    ranges.push((at, to));
                    match parse(st.pieces(&ranges), self.ctx.dialect) {
                        Ok(Statement::AlterTable(at)) => ops.extend(at.operations),
                        _ => self.locks(Lock::AccessExclusive, existing),
                    }
                }
                ops
            }
        };
        for op in &ops {
            let lock = self.alter_op(b, &key, existing, op);
            self.locks(lock, existing);
        }
    }

    /// One `ALTER TABLE` action; returns the lock it takes.
    fn alter_op(
        &mut self,
        b: &Before<'_, '_>,
        key: &TableName,
        existing: bool,
        op: &AlterTableOperation,
    ) -> Lock {
        let sqlite = self.ctx.dialect == Dialect::Sqlite;
        match op {
            AlterTableOperation::AddColumn { column_def, .. } => {
                self.add_column(b, key, existing, column_def);
                Lock::AccessExclusive
            }
            AlterTableOperation::DropColumn { column_names, .. } => {
                for c in column_names {
                    let col = b.ident(c);
                    let added = self.added.remove(&(key.clone(), col.clone()));
                    if sqlite
                        && let Some(used) =
                            column_used(b.schema(), &self.state.table_level, key, &col, b)
                    {
                        self.report(
                            Code::SqliteUnsupported,
                            format!(
                                "DROP COLUMN {col}: SQLite cannot drop a column that {used} uses"
                            ),
                        );
                    }
                    if existing && !added {
                        self.report(
                            Code::DropColumn,
                            format!("DROP COLUMN {key}.{col}: its values are lost"),
                        );
                    }
                }
                Lock::AccessExclusive
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let old = b.ident(old_column_name);
                let new = b.ident(new_column_name);
                if self.added.remove(&(key.clone(), old.clone())) {
                    self.added.insert((key.clone(), new));
                } else if existing {
                    self.report(
                        Code::RenameColumn,
                        format!("RENAME COLUMN {key}.{old} to {new}"),
                    );
                }
                Lock::AccessExclusive
            }
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::To(n) | RenameTableNameKind::As(n)) = table_name;
                let parts: Vec<Ident> = n.0.iter().filter_map(|p| p.as_ident().cloned()).collect();
                let mut new = b.new_name(&parts);
                // `ALTER TABLE s.t RENAME TO u` keeps the schema.
                if parts.len() == 1 {
                    new.schema = key.schema.clone();
                }
                if let Some(used) = self.state.table_level.remove(key) {
                    self.state.table_level.insert(new.clone(), used);
                }
                if existing {
                    let message = format!("RENAME {key} TO {}", new.name);
                    if let Some(f) = self.finding(Code::RenameTable, message) {
                        self.renames.push((key.clone(), f));
                    }
                } else {
                    self.created.remove(key);
                    // A table built in this revision takes the place of one
                    // dropped in it: the rebuild recipe, no rows lost.
                    self.drops
                        .retain(|(d, _)| !(d.schema == new.schema && b.same(&d.name, &new.name)));
                    self.created.insert(new);
                }
                Lock::AccessExclusive
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let col = b.ident(column_name);
                if sqlite {
                    self.report(
                        Code::SqliteUnsupported,
                        format!("ALTER COLUMN {col}: SQLite has no ALTER COLUMN"),
                    );
                    return Lock::AccessExclusive;
                }
                // A column added earlier in this revision counts: the table
                // has its rows, so SET NOT NULL scans them and a new type
                // rewrites them.
                if !existing {
                    return Lock::AccessExclusive;
                }
                let column = b
                    .schema()
                    .tables
                    .get(key)
                    .and_then(|t| t.columns.iter().find(|c| b.same(&c.name, &col)));
                match op {
                    AlterColumnOperation::SetNotNull => {
                        let already = column.is_some_and(|c| !c.nullable);
                        if !already && !self.proven_not_null(b, key, &col) {
                            self.report(
                                Code::SetNotNull,
                                format!("SET NOT NULL on {key}.{col} with no validated CHECK ({col} IS NOT NULL)"),
                            );
                        }
                    }
                    AlterColumnOperation::SetDataType {
                        data_type, using, ..
                    } => {
                        let new = SqlType::parse(&data_type.to_string(), self.ctx.dialect);
                        let safe =
                            using.is_none() && column.is_some_and(|c| no_rewrite(&c.ty, &new));
                        let from =
                            column.map_or_else(|| "?".to_string(), |c| c.ty.sql(self.ctx.dialect));
                        if !safe {
                            self.report(
                                Code::ColumnTypeRewrite,
                                format!(
                                    "{key}.{col} from {from} to {data_type} rewrites the table"
                                ),
                            );
                        } else if self.collate {
                            self.report(
                                Code::ColumnTypeRewrite,
                                format!(
                                    "{key}.{col} from {from} to {data_type} with a new collation rebuilds the column's indexes"
                                ),
                            );
                        }
                    }
                    _ => {}
                }
                Lock::AccessExclusive
            }
            AlterTableOperation::AddConstraint {
                constraint,
                not_valid,
            } => {
                if sqlite {
                    self.report(
                        Code::SqliteUnsupported,
                        "ADD CONSTRAINT: SQLite cannot add a constraint to a table".into(),
                    );
                    return Lock::AccessExclusive;
                }
                if !existing {
                    return Lock::AccessExclusive;
                }
                if *not_valid {
                    let name = match constraint {
                        TableConstraint::ForeignKey(fk) => fk.name.as_ref(),
                        TableConstraint::Check(ck) => ck.name.as_ref(),
                        _ => None,
                    };
                    let name = name.map_or_else(String::new, |n| b.ident(n));
                    self.fresh_not_valid.insert((key.clone(), name));
                }
                match constraint {
                    TableConstraint::ForeignKey(fk) => {
                        if !not_valid {
                            self.report(
                                Code::AddForeignKey,
                                format!(
                                    "FOREIGN KEY on {key} referencing {} checks every row",
                                    fk.foreign_table
                                ),
                            );
                        }
                        Lock::Weaker
                    }
                    TableConstraint::Check(ck) => {
                        if *not_valid {
                            self.state
                                .not_valid
                                .insert((key.clone(), loose(&ck.expr.to_string())));
                        } else {
                            self.report(
                                Code::AddCheck,
                                format!("CHECK ({}) on {key} checks every row", ck.expr),
                            );
                        }
                        Lock::AccessExclusive
                    }
                    TableConstraint::Unique(_) | TableConstraint::PrimaryKey(_) => {
                        self.report(
                            Code::UniqueWithoutIndex,
                            format!("the constraint on {key} builds its index under the lock"),
                        );
                        Lock::AccessExclusive
                    }
                    _ => Lock::AccessExclusive,
                }
            }
            AlterTableOperation::DropConstraint { name, .. } => {
                if sqlite {
                    self.report(
                        Code::SqliteUnsupported,
                        format!("DROP CONSTRAINT {name}: SQLite cannot drop a constraint"),
                    );
                }
                Lock::AccessExclusive
            }
            AlterTableOperation::ValidateConstraint { name } => {
                let name = b.ident(name);
                let table = b.schema().tables.get(key);
                let check = table.and_then(|t| {
                    t.checks
                        .iter()
                        .find(|c| c.name.as_deref().is_some_and(|n| b.same(n, &name)))
                });
                if let Some(c) = check {
                    self.state
                        .not_valid
                        .remove(&(key.clone(), loose(&c.expression)));
                }
                // Added NOT VALID earlier in this same transaction: the
                // ADD's lock is still held while VALIDATE scans.
                let fresh = self.fresh_not_valid.contains(&(key.clone(), name.clone()))
                    || self.fresh_not_valid.contains(&(key.clone(), String::new()));
                if fresh && self.ctx.transactional {
                    let is_fk = table.is_some_and(|t| {
                        t.foreign_keys
                            .iter()
                            .any(|f| f.name.as_deref().is_some_and(|n| b.same(n, &name)))
                    });
                    let (code, lock) = if is_fk {
                        (
                            Code::AddForeignKey,
                            "SHARE ROW EXCLUSIVE locks on both tables",
                        )
                    } else {
                        (Code::AddCheck, "the ACCESS EXCLUSIVE lock")
                    };
                    self.report(
                        code,
                        format!(
                            "VALIDATE CONSTRAINT {name} in the same transaction as its NOT VALID ADD checks every row of {key} while still holding the ADD's {lock}; validate it in a later revision"
                        ),
                    );
                }
                Lock::Weaker
            }
            _ => Lock::AccessExclusive,
        }
    }

    fn add_column(&mut self, b: &Before<'_, '_>, key: &TableName, existing: bool, cd: &ColumnDef) {
        let col = b.ident(&cd.name);
        self.added.insert((key.clone(), col.clone()));
        let mut not_null = false;
        let mut default = None;
        let mut keyed = None;
        let mut generated = false;
        // SQLite computes a VIRTUAL generated column when it is read, and
        // can add one; a STORED one it cannot.
        let mut stored = false;
        let mut check = None;
        for def in &cd.options {
            match &def.option {
                ColumnOption::NotNull => not_null = true,
                ColumnOption::Default(e) => default = Some(e),
                ColumnOption::PrimaryKey(_) => {
                    keyed = Some("PRIMARY KEY");
                    not_null = true;
                }
                ColumnOption::Unique(_) => keyed = Some("UNIQUE"),
                ColumnOption::Generated {
                    generation_expr_mode,
                    ..
                } => {
                    generated = true;
                    stored |= matches!(generation_expr_mode, Some(GeneratedExpressionMode::Stored));
                }
                ColumnOption::Check(ck) => check = Some(ck.expr.to_string()),
                _ => {}
            }
        }
        let ty = cd.data_type.to_string();
        let serial = SqlType::is_serial_name(&ty);
        if self.ctx.dialect == Dialect::Sqlite {
            let why = if let Some(k) = keyed {
                Some(format!("a {k} column"))
            } else if stored {
                Some("a STORED generated column".to_string())
            } else if not_null && default.is_none() {
                Some("a NOT NULL column without a default".to_string())
            } else if default.is_some_and(|e| !sqlite_constant(e)) {
                Some("a column with a non-constant default".to_string())
            } else {
                None
            };
            if let Some(why) = why {
                self.report(
                    Code::SqliteUnsupported,
                    format!("ADD COLUMN {col}: SQLite cannot add {why}"),
                );
            }
            return;
        }
        if !existing {
            return;
        }
        let volatile = if serial {
            Some(format!("a {ty} column fills every row from a sequence"))
        } else if generated {
            Some("an identity or generated column fills every row".to_string())
        } else {
            default
                .filter(|e| is_volatile(e))
                .map(|e| format!("the default {e} is volatile and is computed for every row"))
        };
        if let Some(why) = volatile {
            self.report(
                Code::VolatileDefault,
                format!("ADD COLUMN {key}.{col}: {why}"),
            );
        } else if not_null
            && default.is_none_or(|e| matches!(e, Expr::Value(v) if v.value == Value::Null))
        {
            self.report(
                Code::AddColumnNotNull,
                format!("ADD COLUMN {key}.{col} NOT NULL without a default"),
            );
        }
        if let Some(k) = keyed {
            self.report(
                Code::UniqueWithoutIndex,
                format!("ADD COLUMN {key}.{col} {k} builds its index under the lock"),
            );
        }
        if let Some(ck) = check {
            self.report(
                Code::AddCheck,
                format!("ADD COLUMN {key}.{col} with CHECK ({ck}) checks every row"),
            );
        }
    }

    /// A validated `CHECK (col IS NOT NULL)` on the table.
    fn proven_not_null(&self, b: &Before<'_, '_>, key: &TableName, col: &str) -> bool {
        let Some(t) = b.schema().tables.get(key) else {
            return false;
        };
        let want = format!("{} is not null", col.to_ascii_lowercase());
        t.checks.iter().any(|c| {
            let text = loose(&c.expression);
            text == want && !self.state.not_valid.contains(&(key.clone(), text.clone()))
        })
    }
}

/// A check's condition compared loosely: no parentheses or double quotes,
/// one space between words, lower case (`("N" IS NOT NULL)` → `n is not
/// null`), so the statement's spelling and replay's match.
fn loose(expr: &str) -> String {
    expr.chars()
        .filter(|ch| !matches!(ch, '(' | ')' | '"'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The codes named by `lint: allow` comments in `text`: a comment that
/// starts with it (`-- lint: allow a, b` or `/* lint: allow a */`), on a
/// line of its own or after the statement's text.
fn allowed_codes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().flat_map(|line| {
        let Some(at) = line.find("--").or_else(|| line.find("/*")) else {
            return Vec::new();
        };
        let comment = line[at + 2..].trim_start();
        let Some(rest) = comment
            .strip_prefix("lint:")
            .and_then(|r| r.trim_start().strip_prefix("allow"))
        else {
            return Vec::new();
        };
        let end = rest.find("*/").unwrap_or(rest.len());
        rest[..end]
            .split([',', ' ', '\t'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

/// What in the table uses `col`, if anything (SQLite refuses to drop such a
/// column). Foreign keys and checks count when they are table-level ones
/// (`table_level`, for tables whose `CREATE TABLE` was replayed): a
/// column's own `REFERENCES` or `CHECK` is dropped with it.
fn column_used(
    schema: &Schema,
    table_level: &HashMap<TableName, HashSet<String>>,
    key: &TableName,
    col: &str,
    b: &Before<'_, '_>,
) -> Option<&'static str> {
    let t = schema.tables.get(key)?;
    let is = |c: &String| b.same(c, col);
    if t.primary_key
        .as_ref()
        .is_some_and(|p| p.columns.iter().any(is))
    {
        return Some("the primary key");
    }
    if t.uniques.iter().any(|u| u.columns.iter().any(is)) {
        return Some("a UNIQUE constraint");
    }
    if t.indexes.iter().any(|ix| {
        ix.parts.iter().any(|p| match &p.key {
            crate::schema::IndexKey::Column(c) => b.same(c, col),
            crate::schema::IndexKey::Expression(e) => mentions(e, col),
        })
    }) {
        return Some("an index");
    }
    if let Some(used) = table_level.get(key) {
        return used
            .contains(&col.to_lowercase())
            .then_some("a table-level FOREIGN KEY or CHECK constraint");
    }
    if t.foreign_keys.iter().any(|f| f.columns.iter().any(is)) {
        return Some("a foreign key");
    }
    if t.checks.iter().any(|c| mentions(&c.expression, col)) {
        return Some("a CHECK constraint");
    }
    None
}

/// The words of an expression, lower case (the columns it may mention).
fn words(expr: &str) -> impl Iterator<Item = String> + '_ {
    expr.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Whether `expr` mentions the identifier `col` (case-insensitively).
fn mentions(expr: &str, col: &str) -> bool {
    expr.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| w.eq_ignore_ascii_case(col))
}

/// Whether changing a column from `old` to `new` keeps PostgreSQL from
/// rewriting the table (binary-coercible changes that only relax a limit).
fn no_rewrite(old: &SqlType, new: &SqlType) -> bool {
    use SqlType::*;
    match (old, new) {
        (a, b) if a == b => true,
        (Varchar(Some(a)), Varchar(Some(b))) => b >= a,
        (Varchar(_), Varchar(None) | Text) => true,
        (Text, Varchar(None)) => true,
        (Numeric(Some(p), s), Numeric(Some(q), t)) => q >= p && s.unwrap_or(0) == t.unwrap_or(0),
        (Numeric(_, _), Numeric(None, None)) => true,
        _ => false,
    }
}

/// PostgreSQL's non-volatile built-in functions (read from PostgreSQL 15:
/// `SELECT DISTINCT proname FROM pg_proc WHERE provolatile <> 'v'`, less
/// names that also have a volatile overload). A function not in it is
/// volatile as far as a column default goes (user functions are VOLATILE
/// unless declared otherwise).
fn non_volatile() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| include_str!("non_volatile.txt").lines().collect())
}

/// Whether a default expression calls a volatile function (`random()`,
/// `gen_random_uuid()`, `clock_timestamp()`, `nextval(…)`, a user
/// function), which makes `ADD COLUMN` compute it for every row.
fn is_volatile(e: &Expr) -> bool {
    let text = e.to_string();
    let d = sqlparser::dialect::PostgreSqlDialect {};
    let Ok(tokens) = Tokenizer::new(&d, &text).tokenize() else {
        return true;
    };
    let sig: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    sig.windows(2).any(|w| match (w[0], w[1]) {
        (Token::Word(f), Token::LParen) => {
            let name = if f.quote_style.is_some() {
                f.value.clone()
            } else {
                f.value.to_ascii_lowercase()
            };
            !non_volatile().contains(name.as_str())
        }
        _ => false,
    })
}

/// Whether SQLite accepts `e` as the default of an added column (a
/// literal, possibly signed or parenthesised).
fn sqlite_constant(e: &Expr) -> bool {
    match e {
        Expr::Value(_) => true,
        Expr::Nested(inner) => sqlite_constant(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => matches!(**expr, Expr::Value(_)),
        _ => false,
    }
}
