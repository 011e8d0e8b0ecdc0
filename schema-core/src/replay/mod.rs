//! Replay: migration SQL parsed and applied to the schema IR, so that the
//! schema at any revision is known without a database.
//!
//! # Why sqlparser, and how it is made to cover what it rejects
//!
//! One parser serves both dialects: sqlparser 0.63 (`PostgreSqlDialect`,
//! `SQLiteDialect`). PARSERS.md measured it against pg_query: sqlparser
//! rejects about one PostgreSQL migration statement in ten, while pg_query
//! parses them all but costs every build that replays migrations (and so
//! every user's `build.rs`) a C build, libclang and about 80 more crates.
//! Replay fidelity is the measure, so the gap is closed here instead:
//!
//! 1. Sections are cut into statements by [`crate::sql::split`], and each
//!    statement is parsed on its own: one statement sqlparser cannot read
//!    costs that statement, never the section.
//! 2. Statements are classified by their leading tokens first (never by
//!    regexes on raw text). An explicit allow-list passes over what cannot
//!    change the schema IR with a *note*: data statements, `DO` blocks
//!    without DDL, functions, procedures, triggers, views, grants,
//!    `… OWNER TO`, `REFRESH`, `CLUSTER`, `REINDEX`, `ALTER DEFAULT
//!    PRIVILEGES`, `SET`/`RESET`, `ANALYZE`, `VACUUM`, transaction control,
//!    sequences, extensions, SQLite `PRAGMA`s and triggers.
//! 3. Small recognisers on the tokens handle the schema-changing forms
//!    sqlparser rejects: `COMMENT ON` (any quoting, `CONSTRAINT`), `ALTER
//!    TABLE … SET SCHEMA`, `ALTER TYPE … SET SCHEMA`, `ALTER INDEX [IF
//!    EXISTS] … RENAME`, `ALTER SCHEMA … RENAME`, `ALTER SEQUENCE … OWNED
//!    BY`, `ALTER COLUMN … SET GENERATED / DROP IDENTITY / SET STATISTICS
//!    …`, `SET search_path`, `CREATE TABLE (LIKE … INCLUDING …)`. Others are
//!    rewritten at token level into a form sqlparser reads, where the
//!    dropped words do not matter to the IR: `DROP INDEX CONCURRENTLY`,
//!    `CREATE INDEX … ON ONLY`, identity sequence options in any order,
//!    `ALTER COLUMN … TYPE … COLLATE`, `[USING INDEX] TABLESPACE`, SQLite's
//!    `STRICT, WITHOUT ROWID` and type names of several words (`UNSIGNED
//!    BIG INT`). An `ALTER TABLE` that still fails is retried one action at
//!    a time.
//! 4. Anything else that may change the schema and is not understood is a
//!    [`Warning`] naming file and line, and so is a statement that refers to
//!    something the replayed schema lacks or that the server would refuse.
//!    Replay never panics and never skips a schema statement silently.
//!
//! # What comes out is what the server would report
//!
//! The IR is compared with introspection of a real database, so replay
//! applies the server's rules, not the statement's spelling (checked
//! against PostgreSQL 15 and SQLite 3.40, and by replaying the `pg_dump`
//! and `.schema` output of a replayed database: see `tests/replay/`). On
//! PostgreSQL: unquoted identifiers fold to lower case (63 bytes at most);
//! `public` is the default schema and `SET search_path` is followed within
//! a section; unnamed constraints and indexes get PostgreSQL's names,
//! collisions included (`t_pkey`, `t_a_b_key`, `t_a_fkey`, `t_a_check` or
//! `t_check`, `t_lower_idx`, `t_a_a1_idx`, then `…_key1`); `serial` is an
//! integer column with
//! [`Identity::Serial`](crate::schema::Identity::Serial) and no default
//! (also in `pg_dump`'s spelling: a `nextval` default of the column's own
//! sequence); a primary or identity key is `NOT NULL`; a `UNIQUE` or
//! primary key makes no [`Index`](crate::schema::Index), and a repeated one
//! makes none at all; `ALTER TABLE` actions run in the server's pass order;
//! renaming a column renames it inside keys, indexes and checks (constraint
//! names stay, as on the server); dropping a column, table or type drops
//! what depends on it; expressions are printed the way `pg_get_expr`
//! prints them (see `expr`), then normalised. On SQLite: names as written,
//! matched without regard to case; no constraint names but a `CONSTRAINT
//! name CHECK`'s; `INTEGER PRIMARY KEY AUTOINCREMENT` is
//! [`Identity::Autoincrement`](crate::schema::Identity::Autoincrement);
//! the table-rebuild recipe (create, copy, drop, rename) works because a
//! dropped table's incoming foreign keys stay, as SQLite keeps them.
//!
//! # Where things are
//!
//! - `stmt`: a statement as tokens, and the matching helpers.
//! - `recognise`: the classification by leading tokens, the allow-list,
//!   the recognisers and the token rewrites.
//! - `table`: `CREATE TABLE` and `ALTER TABLE`, as ops on one table.
//! - `objects`: the other statements: indexes, `DROP`, enums, schemas,
//!   comments.
//! - `names`: identifier folding, look-ups, PostgreSQL's implicit names.
//! - `expr`: expressions printed as the catalog prints them.
//! - `types`: column types.

mod expr;
mod names;
mod objects;
pub(crate) mod recognise;
pub(crate) mod stmt;
mod table;
mod types;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::Dialect;
use crate::graph::Graph;
use crate::schema::{Schema, TableName};

/// How much a [`Warning`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A statement passed over on purpose because it cannot change the
    /// schema IR (an `INSERT`, a `GRANT`, a `CREATE FUNCTION`, …).
    Note,
    /// Replay may differ from the database: a statement that may change the
    /// schema was not understood, or refers to something that does not
    /// exist in the replayed schema.
    Warning,
}

/// Something replay has to say about one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    /// 1-based line in `path` of the statement (or of the part of it the
    /// message is about).
    pub line: usize,
    pub message: String,
    pub severity: Severity,
}

impl Warning {
    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }
}

impl fmt::Display for Warning {
    /// `path:line: message` (`path:line: note: message` for notes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Warning => {
                write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
            }
            Severity::Note => write!(
                f,
                "{}:{}: note: {}",
                self.path.display(),
                self.line,
                self.message
            ),
        }
    }
}

/// A replayed schema and what replay had to say on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replay {
    pub schema: Schema,
    /// Notes and warnings in statement order.
    pub warnings: Vec<Warning>,
}

impl Replay {
    /// The warnings proper (no notes): where replay may differ from the
    /// database.
    pub fn problems(&self) -> impl Iterator<Item = &Warning> {
        self.warnings.iter().filter(|w| !w.is_note())
    }

    /// Statements passed over on purpose.
    pub fn notes(&self) -> impl Iterator<Item = &Warning> {
        self.warnings.iter().filter(|w| w.is_note())
    }
}

/// Replays the up sections of `revisions` (revision indices, in the order
/// given) of `graph`, from an empty schema.
pub fn replay_to(graph: &Graph, revisions: &[usize], dialect: Dialect) -> Replay {
    let mut replay = Replay::default();
    for &i in revisions {
        let m = graph.get(i);
        apply_section(
            &mut replay.schema,
            m.up_sql(),
            dialect,
            &m.path,
            m.up_line,
            &mut replay.warnings,
            None,
        );
    }
    replay.schema.canonicalize();
    replay
}

/// Replays the whole graph to all heads, in topological order.
pub fn replay_heads(graph: &Graph, dialect: Dialect) -> Replay {
    let all: Vec<usize> = (0..graph.len()).collect();
    replay_to(graph, &all, dialect)
}

/// Replays `revisions` and all their ancestors (and dependencies), in
/// topological order: the schema of a database at those revisions.
pub fn replay_ancestors(graph: &Graph, revisions: &[usize], dialect: Dialect) -> Replay {
    let set = graph.ancestors_or_self(revisions.iter().copied());
    let order: Vec<usize> = (0..graph.len()).filter(|&i| set[i]).collect();
    replay_to(graph, &order, dialect)
}

/// Applies the down section of revision `rev` to `schema`. An irreversible
/// revision (no down section) is a warning and leaves `schema` as it is.
pub fn apply_down(
    schema: &mut Schema,
    graph: &Graph,
    rev: usize,
    dialect: Dialect,
    warnings: &mut Vec<Warning>,
) {
    let m = graph.get(rev);
    match (m.down_sql(), m.down_line) {
        (Some(sql), Some(line)) => apply_sql(schema, sql, dialect, &m.path, line, warnings),
        _ => warnings.push(Warning {
            path: m.path.clone(),
            line: m.up_line,
            message: format!(
                "revision {} is irreversible (no down section); the schema is left as it is",
                m.id()
            ),
            severity: Severity::Warning,
        }),
    }
}

/// Applies one section of SQL to `schema`: an up or a down section.
///
/// `line_offset` is the number of lines in `path` before the section's first
/// line (for a revision's up section, [`Migration::up_line`], the line of
/// the `-- migrate:up` marker), so that messages name lines of the file.
/// The schema is left canonical ([`Schema::canonicalize`]).
///
/// [`Migration::up_line`]: crate::migration::Migration::up_line
pub fn apply_sql(
    schema: &mut Schema,
    sql: &str,
    dialect: Dialect,
    path: &Path,
    line_offset: usize,
    warnings: &mut Vec<Warning>,
) {
    apply_section(schema, sql, dialect, path, line_offset, warnings, None);
    schema.canonicalize();
}

/// [`apply_sql`] without the final canonicalisation (a whole replay does it
/// once at the end), calling `hook` before each statement if there is one.
fn apply_section(
    schema: &mut Schema,
    sql: &str,
    dialect: Dialect,
    path: &Path,
    line_offset: usize,
    warnings: &mut Vec<Warning>,
    hook: Option<&mut Hook<'_>>,
) {
    let mut r = Replayer {
        schema,
        dialect,
        path,
        warnings,
        line: line_offset + 1,
        offset: 0,
        search_path: default_search_path(),
        owned: Vec::new(),
        // Shortens the closure's lifetime to the replay's (a coercion
        // `Option` does not do by itself).
        hook: hook.map(|h| -> &mut Hook<'_> { h }),
    };
    r.section(sql, line_offset);
}

/// Where a statement handed to a [`Hook`] stands in its section.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At {
    /// 1-based file line of the statement's first token.
    pub line: usize,
    /// Byte offset of the statement within the section.
    pub offset: usize,
}

/// Called before each statement of a section is applied, with the schema
/// as it stands before that statement (the lint's view of a revision).
pub(crate) type Hook<'h> = dyn FnMut(&Before<'_, '_>, &stmt::Stmt<'_>, At) + 'h;

/// [`apply_sql`] calling `hook` before each statement.
#[allow(clippy::too_many_arguments)]
pub(crate) fn apply_sql_with(
    schema: &mut Schema,
    sql: &str,
    dialect: Dialect,
    path: &Path,
    line_offset: usize,
    warnings: &mut Vec<Warning>,
    hook: &mut Hook<'_>,
) {
    apply_section(
        schema,
        sql,
        dialect,
        path,
        line_offset,
        warnings,
        Some(hook),
    );
    schema.canonicalize();
}

/// The replay state a [`Hook`] may look at: the schema before the
/// statement, and name look-ups that follow the section's `search_path`
/// and the dialect's folding rules.
pub(crate) struct Before<'r, 'a> {
    r: &'r Replayer<'a>,
}

impl Before<'_, '_> {
    pub fn schema(&self) -> &Schema {
        self.r.schema
    }

    /// The key of an existing table.
    pub fn find_table(&self, parts: &[sqlparser::ast::Ident]) -> Option<TableName> {
        self.r.find_table(parts)
    }

    /// The key an object of this name would get if it were created now.
    pub fn new_name(&self, parts: &[sqlparser::ast::Ident]) -> TableName {
        self.r.new_name(parts)
    }

    /// `(table, name, is_plain_index)` of an existing index.
    pub fn find_index(&self, parts: &[sqlparser::ast::Ident]) -> Option<(TableName, String)> {
        self.r.find_index(parts).map(|(t, n, _)| (t, n))
    }

    /// An identifier as the catalog keeps it.
    pub fn ident(&self, id: &sqlparser::ast::Ident) -> String {
        self.r.ident(id)
    }

    /// Whether two folded names denote the same object.
    pub fn same(&self, a: &str, b: &str) -> bool {
        self.r.same(a, b)
    }
}

fn default_search_path() -> Vec<String> {
    vec!["$user".to_string(), "public".to_string()]
}

/// The state of one section's replay.
struct Replayer<'a> {
    schema: &'a mut Schema,
    dialect: Dialect,
    path: &'a Path,
    warnings: &'a mut Vec<Warning>,
    /// The file line of the statement being replayed.
    line: usize,
    /// Byte offset of that statement within its section.
    offset: usize,
    /// PostgreSQL's `search_path`, as set within this section.
    search_path: Vec<String>,
    /// Sequences declared `OWNED BY` a column in this section: `(sequence,
    /// table, column)`. A `nextval` default of such a sequence makes the
    /// column a serial one, as `pg_dump` writes serial columns.
    owned: Vec<(TableName, TableName, String)>,
    /// Called before each statement (the lint).
    hook: Option<&'a mut Hook<'a>>,
}

impl Replayer<'_> {
    fn section(&mut self, sql: &str, line_offset: usize) {
        let statements = match crate::sql::split(sql, self.dialect) {
            Ok(s) => s,
            Err(e) => {
                let line = line_offset + line_at(sql, e.offset);
                self.push(
                    line,
                    Severity::Warning,
                    format!(
                        "cannot read the SQL from here on ({}); statements after this line are not replayed",
                        e.message
                    ),
                );
                // Replay what stands before the unreadable statement.
                let head = &sql[..e.offset.min(sql.len())];
                let Ok(mut s) = crate::sql::split(head, self.dialect) else {
                    return;
                };
                if !head.trim_end().ends_with(';') {
                    s.pop();
                }
                s
            }
        };
        let mut line = line_offset + 1;
        let mut pos = 0usize;
        for s in statements {
            line += sql.as_bytes()[pos..s.offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            pos = s.offset;
            self.line = line;
            self.offset = s.offset;
            self.statement_text(s.text);
        }
    }

    fn statement_text(&mut self, text: &str) {
        // A psql meta-command (`\connect`, pg_dump's `\restrict`) is a line
        // of its own that the splitter joins to the next statement.
        if text.starts_with('\\') {
            let (command, rest) = text.split_once('\n').unwrap_or((text, ""));
            self.warn(format!(
                "`{}` is a psql meta-command, not SQL: the runner cannot run it",
                short(command)
            ));
            let skipped = rest.len() - rest.trim_start().len();
            self.line += 1 + rest[..skipped].matches('\n').count();
            return self.statement_text(rest.trim_start());
        }
        match stmt::Stmt::new(text, self.dialect) {
            Ok(st) if st.len() == 0 => {}
            Ok(st) => {
                if let Some(hook) = self.hook.take() {
                    let first = st.sig[0];
                    let rel = st.tokens[first].span.start.line.max(1) as usize;
                    let at = At {
                        line: self.line + rel - 1,
                        offset: self.offset,
                    };
                    hook(&Before { r: self }, &st, at);
                    self.hook = Some(hook);
                }
                self.statement(&st)
            }
            Err(f) => self.warn_at(
                f.line,
                format!("cannot read `{}`: {}", short(text), f.message),
            ),
        }
    }

    fn push(&mut self, line: usize, severity: Severity, message: String) {
        self.warnings.push(Warning {
            path: self.path.to_path_buf(),
            line,
            message,
            severity,
        });
    }

    /// A note on the current statement.
    fn note(&mut self, message: impl Into<String>) {
        self.push(self.line, Severity::Note, message.into());
    }

    /// A warning on the current statement.
    fn warn(&mut self, message: impl Into<String>) {
        self.push(self.line, Severity::Warning, message.into());
    }

    /// A warning on line `rel` (1-based) of the current statement.
    fn warn_at(&mut self, rel: usize, message: impl Into<String>) {
        self.push(
            self.line + rel.saturating_sub(1),
            Severity::Warning,
            message.into(),
        );
    }
}

/// 1-based line of byte `offset` within `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A statement shortened to one line for messages.
pub(crate) fn short(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        let cut: String = one.chars().take(57).collect();
        format!("{cut}…")
    } else {
        one
    }
}
