//! The safety lint: migration SQL read against the schema it runs on, and
//! each hazard reported with a stable code, the line, what it costs (the
//! lock it takes, the rewrite, the data it loses) and the safe recipe.
//!
//! # Why our own rules, not `squawk-linter` underneath
//!
//! squawk encodes many of the same PostgreSQL rules, and the crate is
//! Apache-2.0/MIT. It parses with its own rowan-based parser
//! (`squawk-syntax`), so using it would put a second SQL parser in every
//! build next to sqlparser, with positions and a syntax tree our replay and
//! diagnostics do not share, and it pulls `insta` into normal dependencies.
//! What it cannot give us is the point of this lint: it judges one file at
//! a time, so it guesses whether a table is new from the same file, while
//! we know the schema each statement runs against. Replay already walks
//! every statement with that schema in hand, so the rules are a hook on
//! replay ([`crate::replay`]): `CREATE INDEX` on a table created earlier in
//! the same revision is fine, a `varchar(50)` widened to `varchar(100)` is
//! fine (no rewrite), an `int` to `bigint` is not, and `SET NOT NULL` is
//! fine once a validated `CHECK (col IS NOT NULL)` exists. The list of
//! PostgreSQL's non-volatile built-in functions (for defaults that would
//! rewrite a table) is read from PostgreSQL 15's `pg_proc`, as squawk does.
//!
//! # What is linted
//!
//! The up sections of the revisions asked for (by default, those not yet
//! applied). Down sections are not: a downgrade drops what the upgrade made
//! by design. Every rule is proven on a real server in
//! `tests/lint/proof.rs`: the flagged statement is run in an open
//! transaction and the lock it holds is read from `pg_locks` (or the
//! rewrite from a changed `relfilenode`, or the lost data from the table),
//! then the recipe is run and shown not to.
//!
//! # Accepting a hazard
//!
//! A comment `-- lint: allow CODE[, CODE…]` inside a statement or on the
//! lines just above it accepts those hazards for that statement. Levels per
//! code (`error`, `warning`, `off`) are set in `[package.metadata.schema.lint]`.

#[cfg(feature = "sql")]
mod check;

#[cfg(feature = "sql")]
pub use check::{Report, lint_graph, lint_sql, lint_sql_after, lint_sql_with};

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::Serialize;

use crate::Dialect;

/// How a finding counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Off,
    /// Reported; does not fail `lint`.
    Warning,
    /// Reported; `lint` exits 1, and an upgrade of a protected environment
    /// needs `--yes`.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = ();
    fn from_str(s: &str) -> Result<Level, ()> {
        match s {
            "off" => Ok(Level::Off),
            "warning" | "warn" => Ok(Level::Warning),
            "error" | "deny" => Ok(Level::Error),
            _ => Err(()),
        }
    }
}

/// Which databases a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    Postgres,
    Sqlite,
    Both,
}

impl Applies {
    pub fn to(self, dialect: Dialect) -> bool {
        matches!(
            (self, dialect),
            (Applies::Both, _)
                | (Applies::Postgres, Dialect::Postgres)
                | (Applies::Sqlite, Dialect::Sqlite)
        )
    }
}

macro_rules! rules {
    ($($variant:ident = $code:literal, $level:ident, $applies:ident,
        summary: $summary:literal,
        hazard: $hazard:literal,
        recipe: $recipe:literal;)*) => {
        /// A lint rule. The code (`index-not-concurrent`) is stable: it is
        /// what `-- lint: allow` and the configuration name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The codes as written in configuration and comments.
            pub const NAMES: &'static [&'static str] = &[$($code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            pub fn default_level(self) -> Level {
                match self { $(Code::$variant => Level::$level),* }
            }

            pub fn applies(self) -> Applies {
                match self { $(Code::$variant => Applies::$applies),* }
            }

            /// What the statement does, in a few words.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),* }
            }

            /// The lock it takes or the data it loses, and what that
            /// does to a running application.
            pub fn hazard(self) -> &'static str {
                match self { $(Code::$variant => $hazard),* }
            }

            /// The safe way to get the same result.
            pub fn recipe(self) -> &'static str {
                match self { $(Code::$variant => $recipe),* }
            }
        }
    };
}

rules! {
    IndexNotConcurrent = "index-not-concurrent", Error, Postgres,
        summary: "CREATE INDEX without CONCURRENTLY on an existing table",
        hazard: "takes a SHARE lock on the table for the whole index build: every INSERT, UPDATE and DELETE waits until it is done",
        recipe: "CREATE INDEX CONCURRENTLY, alone in a revision with `-- transactional: false` (and DROP INDEX CONCURRENTLY IF EXISTS in its down section, since a failed concurrent build leaves an invalid index)";
    DropIndexNotConcurrent = "drop-index-not-concurrent", Warning, Postgres,
        summary: "DROP INDEX without CONCURRENTLY on an existing table",
        hazard: "takes an ACCESS EXCLUSIVE lock on the index's table: reads and writes wait, and queue behind any long query already running",
        recipe: "DROP INDEX CONCURRENTLY, alone in a revision with `-- transactional: false`";
    AddColumnNotNull = "add-column-not-null", Error, Postgres,
        summary: "ADD COLUMN … NOT NULL without a DEFAULT on an existing table",
        hazard: "fails on a table that has rows (the existing rows would be NULL); under an ACCESS EXCLUSIVE lock",
        recipe: "give it a constant DEFAULT (PostgreSQL 11+ stores it without rewriting the table), or add it nullable, backfill in batches, then add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later revision, and SET NOT NULL";
    VolatileDefault = "volatile-default", Error, Postgres,
        summary: "ADD COLUMN whose default is volatile, serial, identity or stored-generated",
        hazard: "rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock: no reads or writes until it is done, and twice the disk space meanwhile",
        recipe: "add the column without a default, then ALTER COLUMN … SET DEFAULT (it applies to new rows only), and backfill existing rows in batches";
    ColumnTypeRewrite = "column-type-rewrite", Error, Postgres,
        summary: "ALTER COLUMN … TYPE that rewrites the table",
        hazard: "rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: no reads or writes until it is done (widening varchar(n), varchar to text or numeric precision does not rewrite and is not flagged)",
        recipe: "expand and contract: add a column of the new type, write both from the application, backfill in batches, switch reads, drop the old column in a later release";
    SetNotNull = "set-not-null", Error, Postgres,
        summary: "ALTER COLUMN … SET NOT NULL without a validated CHECK (col IS NOT NULL)",
        hazard: "scans the whole table under an ACCESS EXCLUSIVE lock to prove there are no NULLs: no reads or writes meanwhile",
        recipe: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c in a later revision (writes go on); then SET NOT NULL, which uses the check instead of scanning, and DROP CONSTRAINT c";
    AddForeignKey = "add-foreign-key", Error, Postgres,
        summary: "ADD FOREIGN KEY without NOT VALID on an existing table",
        hazard: "takes SHARE ROW EXCLUSIVE locks on both tables while every row is checked: writes to both wait",
        recipe: "ADD CONSTRAINT … FOREIGN KEY … NOT VALID (new rows are checked at once), then VALIDATE CONSTRAINT in a later revision, which takes only a SHARE UPDATE EXCLUSIVE lock";
    AddCheck = "add-check", Error, Postgres,
        summary: "ADD CHECK without NOT VALID on an existing table",
        hazard: "scans every row under an ACCESS EXCLUSIVE lock: no reads or writes meanwhile",
        recipe: "ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a later revision, which takes only a SHARE UPDATE EXCLUSIVE lock";
    UniqueWithoutIndex = "unique-without-index", Error, Postgres,
        summary: "a UNIQUE or PRIMARY KEY constraint added without an existing index",
        hazard: "builds the index under an ACCESS EXCLUSIVE lock: no reads or writes until it is built",
        recipe: "CREATE UNIQUE INDEX CONCURRENTLY (in a `-- transactional: false` revision), then ADD CONSTRAINT … UNIQUE USING INDEX (or PRIMARY KEY USING INDEX), which only takes the lock briefly";
    RenameColumn = "rename-column", Warning, Both,
        summary: "RENAME COLUMN",
        hazard: "the application still running during the deploy uses the old name: its queries fail until every instance runs the new code",
        recipe: "expand and contract: add the new column, write both, backfill, switch reads, drop the old column in a later release (or keep the old name)";
    RenameTable = "rename-table", Warning, Both,
        summary: "RENAME TO on a table",
        hazard: "the application still running during the deploy uses the old name: its queries fail until every instance runs the new code",
        recipe: "rename the table and create a view with the old name for the transition (simple views are updatable), dropping the view in a later release";
    DropColumn = "drop-column", Error, Both,
        summary: "DROP COLUMN",
        hazard: "the column's data is gone and a downgrade cannot bring it back; code still reading the column fails",
        recipe: "first release code that no longer uses the column; keep a copy if the data may be needed (CREATE TABLE t_col_backup (id …, col …); INSERT INTO t_col_backup SELECT id, col FROM t); then drop it, accepting the loss with `-- lint: allow drop-column`";
    DropTable = "drop-table", Error, Both,
        summary: "DROP TABLE",
        hazard: "the table's rows are gone and a downgrade cannot bring them back; code still using the table fails",
        recipe: "first release code that no longer uses the table; keep a copy until the data is surely not needed (CREATE TABLE t_archive (LIKE t INCLUDING ALL); INSERT INTO t_archive SELECT * FROM t; or a dump); accept the loss with `-- lint: allow drop-table`";
    ConcurrentlyInTransaction = "concurrently-in-transaction", Error, Postgres,
        summary: "CONCURRENTLY inside a transactional revision",
        hazard: "fails at run time: CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY cannot run inside a transaction block",
        recipe: "put the statement alone in a revision with `-- transactional: false` in its header";
    MissingLockTimeout = "missing-lock-timeout", Warning, Postgres,
        summary: "ACCESS EXCLUSIVE lock taken without a lock_timeout",
        hazard: "behind one long-running query the statement waits for its lock, and every other query on the table queues behind it: a short migration becomes an outage",
        recipe: "set `-- lock-timeout: 2s` in the revision header (or SET lock_timeout = '2s' before the statement) and retry the deploy when it times out";
    SqliteUnsupported = "sqlite-needs-rebuild", Error, Sqlite,
        summary: "an ALTER TABLE that SQLite cannot do in place",
        hazard: "fails at run time: SQLite has no ALTER COLUMN or ADD/DROP CONSTRAINT, cannot ADD COLUMN with PRIMARY KEY, UNIQUE, NOT NULL without a default or a non-constant default, and cannot DROP a column that a key, index, foreign key or check uses",
        recipe: "the table-rebuild recipe (what `revision --autogenerate` writes): CREATE TABLE new with the new definition, INSERT INTO new SELECT … FROM old, DROP TABLE old, ALTER TABLE new RENAME TO old, then recreate its indexes; the runner turns foreign keys off around the revision and checks them before commit";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = ();
    fn from_str(s: &str) -> Result<Code, ()> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Levels per code: the defaults, with the configuration's overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels {
    overrides: Vec<(Code, Level)>,
}

impl Levels {
    pub fn new(overrides: impl IntoIterator<Item = (Code, Level)>) -> Levels {
        Levels {
            overrides: overrides.into_iter().collect(),
        }
    }

    pub fn level(&self, code: Code) -> Level {
        self.overrides
            .iter()
            .rev()
            .find(|(c, _)| *c == code)
            .map_or(code.default_level(), |(_, l)| *l)
    }
}

impl Serialize for Levels {
    /// Every code with its level in effect.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(Code::ALL.len()))?;
        for &c in Code::ALL {
            m.serialize_entry(c.as_str(), &self.level(c))?;
        }
        m.end()
    }
}

/// One hazard in one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub level: Level,
    /// The revision id (empty for SQL linted on its own).
    pub revision: String,
    pub path: PathBuf,
    /// 1-based line of the statement in `path`.
    pub line: usize,
    /// The statement, shortened to one line.
    pub statement: String,
    /// What this statement does, specifically ("CREATE INDEX on orders,
    /// which exists before this revision").
    pub message: String,
    /// Accepted by a `-- lint: allow` comment.
    pub allowed: bool,
}

impl Finding {
    pub fn hazard(&self) -> &'static str {
        self.code.hazard()
    }

    pub fn recipe(&self) -> &'static str {
        self.code.recipe()
    }
}

#[cfg(all(test, feature = "sql"))]
mod tests;
