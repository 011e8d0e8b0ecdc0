//! A diesel `MigrationSource` over cargo schema revisions (feature
//! `diesel`), so a diesel application runs them at start-up through
//! diesel's own harness:
//!
//! ```no_run
//! use diesel_migrations::MigrationHarness;
//! use schema_core::diesel_source::DieselMigrations;
//!
//! // `conn`: the application's PgConnection (or SqliteConnection, with `Sqlite`).
//! fn migrate(
//!     conn: &mut impl MigrationHarness<diesel::pg::Pg>,
//! ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//!     let migrations = DieselMigrations::from_dir("migrations")?;
//!     conn.run_pending_migrations(migrations)?;
//!     Ok(())
//! }
//! ```
//!
//! # Bookkeeping
//!
//! Diesel records what it ran in `__diesel_schema_migrations` (one row per
//! version); cargo schema in `schema_version` (one row per head) and
//! `schema_history` (one row per step). Each migration of this source keeps
//! both: diesel's harness writes its row, and the migration's own SQL,
//! inside the same transaction, updates `schema_version` and
//! `schema_history` exactly as `cargo schema upgrade` would (the tables are
//! created when missing). So after a start-up through diesel,
//! `cargo schema current`, `check` and `history` show the truth, and the
//! CLI can take over at any time.
//!
//! Each revision's diesel version ([`crate::import::diesel_versions`]):
//! a revision imported from diesel keeps its diesel version, so on a
//! database diesel already migrated it counts as applied and only newer
//! revisions run; any other is `r<depth>_<id>` (`r000012_3f2a9c1b7d4e`),
//! which never changes and sorts after its parents and after diesel's
//! numeric versions (diesel applies pending migrations in version order).
//!
//! The other way round is not kept: `cargo schema upgrade` does not write
//! `__diesel_schema_migrations`. A revision the CLI applied would look
//! pending to diesel, so every migration first checks `schema_version` and
//! refuses to run a revision that is already applied there (the error names
//! the version to insert into `__diesel_schema_migrations`). Let one runner
//! own a database: either the application through diesel, or the CLI.
//!
//! # What it cannot express
//!
//! - Branches: the revisions must have one head (merge first with `cargo
//!   schema merge`); diesel runs a flat list, all of it.
//! - Targets: diesel runs everything pending, or reverts the last one; no
//!   `upgrade billing@head`, `downgrade -3` or `--sql`.
//! - Concurrency: diesel takes no lock; several processes starting at once
//!   may race (the runner's advisory lock is not used).
//! - SQLite foreign keys: diesel runs a migration inside its transaction,
//!   where `PRAGMA foreign_keys` has no effect, so a table rebuild
//!   (autogenerate's SQLite recipe) runs with diesel's connection settings.
//! - `transactional: false` revisions run statement by statement outside
//!   a transaction, as the CLI runs them; diesel records them afterwards.

use std::sync::Arc;

use diesel::backend::Backend;
use diesel::connection::BoxableConnection;
use diesel::migration::{
    Migration as DieselMigration, MigrationMetadata, MigrationName, MigrationSource,
    MigrationVersion,
};

use crate::Dialect;
use crate::graph::Graph;
use crate::migration::Migration;
use crate::script::{self, Tables, quote_ident, quote_literal};

/// The longest version `__diesel_schema_migrations.version` holds.
const MAX_VERSION_LEN: usize = 50;

/// cargo schema revisions as a diesel `MigrationSource` (see the module
/// documentation for how its bookkeeping relates to `schema_version`).
#[derive(Debug, Clone)]
pub struct DieselMigrations {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    graph: Graph,
    tables: Tables,
    dialect: Option<Dialect>,
    versions: Vec<String>,
}

/// Why a set of revisions can't be a diesel `MigrationSource`.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DieselSourceError {
    #[error("the revisions have {count} heads ({heads}); diesel runs one flat list")]
    #[diagnostic(
        code(schema::diesel::multiple_heads),
        help("merge them first: `cargo schema merge -m \"merge\" heads`")
    )]
    MultipleHeads { count: usize, heads: String },

    #[error(
        "revision {child} (diesel version {child_version}) sorts before revision {parent} ({parent_version}), which it follows"
    )]
    #[diagnostic(
        code(schema::diesel::order),
        help(
            "diesel applies pending migrations in version order; a revision imported from diesel after cargo schema revisions breaks that order: import diesel migrations before writing new revisions"
        )
    )]
    Order {
        child: String,
        child_version: String,
        parent: String,
        parent_version: String,
    },

    #[error("diesel version {version} is given to two revisions ({first} and {second})")]
    #[diagnostic(code(schema::diesel::duplicate_version))]
    DuplicateVersion {
        version: String,
        first: String,
        second: String,
    },

    #[error(
        "the diesel version of revision {revision}, `{version}`, is longer than the {MAX_VERSION_LEN} characters __diesel_schema_migrations holds"
    )]
    #[diagnostic(code(schema::diesel::long_version), help("use a shorter revision id"))]
    LongVersion { revision: String, version: String },
}

impl DieselMigrations {
    /// The revisions of a graph; checks that diesel can run them (one head,
    /// versions in order).
    pub fn new(graph: Graph) -> Result<DieselMigrations, DieselSourceError> {
        let heads = graph.heads();
        if heads.len() > 1 {
            return Err(DieselSourceError::MultipleHeads {
                count: heads.len(),
                heads: graph.describe(&heads),
            });
        }
        let versions = crate::import::diesel_versions(&graph);
        let mut seen = std::collections::HashMap::new();
        for (i, v) in versions.iter().enumerate() {
            let id = || graph.get(i).id().to_string();
            if v.len() > MAX_VERSION_LEN {
                return Err(DieselSourceError::LongVersion {
                    revision: id(),
                    version: v.clone(),
                });
            }
            if let Some(first) = seen.insert(v.as_str(), i) {
                return Err(DieselSourceError::DuplicateVersion {
                    version: v.clone(),
                    first: graph.get(first).id().to_string(),
                    second: id(),
                });
            }
            for &p in graph.parents_of(i).iter().chain(graph.depends_of(i)) {
                if versions[p] >= *v {
                    return Err(DieselSourceError::Order {
                        child: id(),
                        child_version: v.clone(),
                        parent: graph.get(p).id().to_string(),
                        parent_version: versions[p].clone(),
                    });
                }
            }
        }
        Ok(DieselMigrations {
            inner: Arc::new(Inner {
                graph,
                tables: Tables::new(crate::config::DEFAULT_VERSION_TABLE),
                dialect: None,
                versions,
            }),
        })
    }

    /// The revision files of a migrations directory.
    pub fn from_dir(dir: impl AsRef<std::path::Path>) -> Result<DieselMigrations, crate::Error> {
        let graph = Graph::load(dir.as_ref())?;
        Ok(DieselMigrations::new(graph)?)
    }

    /// Revision files embedded in the binary as `(path, text)` (what
    /// `schema_macros::embed_migrations!()` lists), parsed exactly as files.
    pub fn from_embedded(files: &[(&str, &str)]) -> Result<DieselMigrations, crate::Error> {
        let migrations = files
            .iter()
            .map(|(path, text)| Migration::parse(*path, text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DieselMigrations::new(Graph::new(migrations)?)?)
    }

    /// Uses another version table than `schema_version` (as configured with
    /// `version-table`).
    pub fn with_version_table(self, name: &str) -> DieselMigrations {
        self.map(|inner| inner.tables = Tables::new(name))
    }

    /// Says which SQL dialect the connection speaks. Without it the dialect
    /// is taken from diesel's backend type (`Pg`, `Sqlite`).
    pub fn with_dialect(self, dialect: Dialect) -> DieselMigrations {
        self.map(|inner| inner.dialect = Some(dialect))
    }

    fn map(self, f: impl FnOnce(&mut Inner)) -> DieselMigrations {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            graph: shared.graph.clone(),
            tables: shared.tables.clone(),
            dialect: shared.dialect,
            versions: shared.versions.clone(),
        });
        f(&mut inner);
        DieselMigrations {
            inner: Arc::new(inner),
        }
    }

    pub fn graph(&self) -> &Graph {
        &self.inner.graph
    }

    /// Each revision's diesel version, in graph order.
    pub fn versions(&self) -> &[String] {
        &self.inner.versions
    }

    fn dialect_for<DB: Backend>(&self) -> Result<Dialect, String> {
        if let Some(d) = self.inner.dialect {
            return Ok(d);
        }
        let name = std::any::type_name::<DB>();
        if name.contains("::pg::") {
            Ok(Dialect::Postgres)
        } else if name.contains("::sqlite::") {
            Ok(Dialect::Sqlite)
        } else {
            Err(format!(
                "cargo schema revisions run on PostgreSQL and SQLite, not on diesel backend {name}; if it speaks one of them, say which with DieselMigrations::with_dialect"
            ))
        }
    }
}

impl<DB: Backend> MigrationSource<DB> for DieselMigrations {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn DieselMigration<DB>>>> {
        let dialect = self.dialect_for::<DB>()?;
        Ok((0..self.inner.graph.len())
            .map(|index| {
                let m = self.inner.graph.get(index);
                Box::new(Step {
                    inner: self.inner.clone(),
                    index,
                    dialect,
                    name: StepName {
                        version: self.inner.versions[index].clone(),
                        display: format!(
                            "{}_{}",
                            m.id(),
                            crate::migration::slug(&m.header.message)
                        )
                        .trim_end_matches('_')
                        .to_string(),
                    },
                    metadata: Metadata(m.header.transactional),
                }) as Box<dyn DieselMigration<DB>>
            })
            .collect())
    }
}

/// One revision as a diesel migration.
struct Step {
    inner: Arc<Inner>,
    index: usize,
    dialect: Dialect,
    name: StepName,
    metadata: Metadata,
}

struct StepName {
    version: String,
    display: String,
}

impl std::fmt::Display for StepName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display)
    }
}

impl MigrationName for StepName {
    fn version(&self) -> MigrationVersion<'_> {
        MigrationVersion::from(self.version.as_str())
    }
}

struct Metadata(bool);

impl MigrationMetadata for Metadata {
    fn run_in_transaction(&self) -> bool {
        self.0
    }
}

/// A failing step: which revision, which file, the database's words.
#[derive(Debug)]
struct StepError(String);

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StepError {}

impl Step {
    fn migration(&self) -> &Migration {
        self.inner.graph.get(self.index)
    }

    fn fail(
        &self,
        direction: &str,
        e: impl std::fmt::Display,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        let m = self.migration();
        Box::new(StepError(format!(
            "{direction} of revision {} ({}) failed: {e}",
            m.id(),
            m.path.display()
        )))
    }

    /// Ids as a SQL list: `'a', 'b'`.
    fn id_list(&self, indices: impl IntoIterator<Item = usize>) -> String {
        indices
            .into_iter()
            .map(|i| quote_literal(self.inner.graph.get(i).id().as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Refuses a revision that `schema_version` already counts as applied
    /// (the revision or one after it is a row): diesel's table does not know
    /// it, which means something else migrated the database.
    fn guard(&self) -> Vec<String> {
        let graph = &self.inner.graph;
        let m = self.migration();
        let v = quote_ident(&self.inner.tables.version);
        let after = graph.descendants_or_self([self.index]);
        let ids = self.id_list((0..graph.len()).filter(|&i| after[i]));
        let message = format!(
            "cargo schema: revision {} is already applied according to {} but __diesel_schema_migrations does not list version {}: the database was migrated without diesel. Record it for diesel (INSERT INTO __diesel_schema_migrations (version) VALUES ('{}')) or let one runner own this database",
            m.id(),
            self.inner.tables.version,
            self.name.version,
            self.name.version,
        );
        let condition = format!("EXISTS (SELECT 1 FROM {v} WHERE version_num IN ({ids}))");
        match self.dialect {
            Dialect::Sqlite => {
                // SQLite has no RAISE outside triggers: a CHECK constraint
                // named with the message fails instead.
                let t = "temp.\"cargo_schema_diesel_guard\"";
                vec![
                    format!("DROP TABLE IF EXISTS {t}"),
                    format!(
                        "CREATE TABLE {t} (applied INTEGER CONSTRAINT {} CHECK (applied IS NULL))",
                        format!("\"{}\"", message.replace('"', "\"\""))
                    ),
                    format!("INSERT INTO {t} (applied) SELECT 1 WHERE {condition}"),
                    format!("DROP TABLE {t}"),
                ]
            }
            _ => vec![format!(
                "DO $cargo_schema$ BEGIN IF {condition} THEN RAISE EXCEPTION '%', {}; END IF; END $cargo_schema$",
                quote_literal(&message)
            )],
        }
    }

    /// The bookkeeping after the section: version rows and the history row.
    fn version_rows_up(&self) -> Vec<String> {
        let m = self.migration();
        let v = quote_ident(&self.inner.tables.version);
        let mut out = Vec::new();
        let parents = self.inner.graph.parents_of(self.index);
        if !parents.is_empty() {
            out.push(format!(
                "DELETE FROM {v} WHERE version_num IN ({})",
                self.id_list(parents.iter().copied())
            ));
        }
        out.push(format!(
            "INSERT INTO {v} (version_num) VALUES ({})",
            quote_literal(m.id().as_str())
        ));
        out
    }

    fn version_rows_down(&self) -> Vec<String> {
        let graph = &self.inner.graph;
        let m = self.migration();
        let v = quote_ident(&self.inner.tables.version);
        let mut out = vec![format!(
            "DELETE FROM {v} WHERE version_num = {}",
            quote_literal(m.id().as_str())
        )];
        // A parent becomes a row again unless something after it is still
        // applied (another branch from it).
        for &p in graph.parents_of(self.index) {
            let after = graph.descendants_or_self([p]);
            let ids = self.id_list((0..graph.len()).filter(|&i| after[i] && i != self.index));
            out.push(format!(
                "INSERT INTO {v} (version_num) SELECT {} WHERE NOT EXISTS (SELECT 1 FROM {v} WHERE version_num IN ({ids}))",
                quote_literal(graph.get(p).id().as_str())
            ));
        }
        out
    }

    fn run_direction<DB: Backend>(
        &self,
        conn: &mut dyn BoxableConnection<DB>,
        up: bool,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let d = self.dialect;
        let t = &self.inner.tables;
        let m = self.migration();
        let direction = if up { "up" } else { "down" };
        let section = if up {
            m.up_sql()
        } else {
            match m.down_sql() {
                Some(s) => s,
                None => {
                    return Err(
                        self.fail("downgrade", "it is irreversible (it has no down section)")
                    );
                }
            }
        };
        let transactional = m.header.transactional;
        let lock = m.header.lock_timeout.as_deref();
        let statement = m.header.statement_timeout.as_deref();
        let checksum = up.then(|| m.checksum().as_str());
        let note = Some("diesel MigrationHarness");

        let mut before = script::create_tables(d, t);
        if up {
            before.extend(self.guard());
        }
        before.extend(script::set_timeouts(d, lock, statement, transactional));
        before.push(script::history_start(
            d,
            t,
            m.id(),
            direction,
            checksum,
            note,
        ));
        let mut after = if up {
            self.version_rows_up()
        } else {
            self.version_rows_down()
        };
        after.push(script::history_finish(d, t, m.id()));
        let what = if up { "upgrade" } else { "downgrade" };

        if transactional {
            // Inside diesel's transaction: one batch, in order.
            let mut batch = String::new();
            for s in &before {
                batch.push_str(s);
                batch.push_str(";\n");
            }
            batch.push_str(section);
            // On its own line: the section may end in a comment.
            batch.push_str("\n;\n");
            for s in &after {
                batch.push_str(s);
                batch.push_str(";\n");
            }
            return conn.batch_execute(&batch).map_err(|e| self.fail(what, e));
        }
        // Outside a transaction: statement by statement, as the CLI runs
        // it, the bookkeeping after it in a transaction of its own.
        conn.batch_execute(&join(&before))
            .map_err(|e| self.fail(what, e))?;
        let statements = crate::sql::split(section, d).map_err(|e| self.fail(what, &e.message))?;
        for s in statements {
            conn.batch_execute(s.text).map_err(|e| self.fail(what, e))?;
        }
        let mut tail = vec![script::begin(d).to_string()];
        tail.extend(after);
        tail.push(script::COMMIT.to_string());
        tail.extend(script::reset_timeouts(d, lock, statement));
        conn.batch_execute(&join(&tail))
            .map_err(|e| self.fail(what, e))
    }
}

fn join(statements: &[String]) -> String {
    let mut s = String::new();
    for st in statements {
        s.push_str(st);
        s.push_str(";\n");
    }
    s
}

impl<DB: Backend> DieselMigration<DB> for Step {
    fn run(&self, conn: &mut dyn BoxableConnection<DB>) -> diesel::migration::Result<()> {
        self.run_direction(conn, true)
    }

    fn revert(&self, conn: &mut dyn BoxableConnection<DB>) -> diesel::migration::Result<()> {
        self.run_direction(conn, false)
    }

    fn metadata(&self) -> &dyn MigrationMetadata {
        &self.metadata
    }

    fn name(&self) -> &dyn MigrationName {
        &self.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(id: &str, revises: &str, extra: &str) -> Migration {
        Migration::parse(
            format!("{id}.sql"),
            &format!(
                "-- revision: {id}\n-- revises: {revises}\n-- message: {id}\n{extra}\n-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n"
            ),
        )
        .expect("a valid revision")
    }

    fn source(revs: Vec<Migration>) -> Result<DieselMigrations, DieselSourceError> {
        DieselMigrations::new(Graph::new(revs).expect("a valid graph"))
    }

    #[test]
    fn versions_follow_the_graph_and_keep_imported_ones() {
        let s = source(vec![
            rev(
                "aaaaaaaaaaaa",
                "base",
                "-- imported-from: diesel 20230101000000\n",
            ),
            rev("bbbbbbbbbbbb", "aaaaaaaaaaaa", ""),
            rev("cccccccccccc", "aaaaaaaaaaaa", ""),
            rev("dddddddddddd", "bbbbbbbbbbbb, cccccccccccc", ""),
        ])
        .unwrap();
        let mut v = s.versions().to_vec();
        v.sort();
        assert_eq!(
            v,
            [
                "20230101000000",
                "r000002_bbbbbbbbbbbb",
                "r000002_cccccccccccc",
                "r000003_dddddddddddd"
            ]
        );
    }

    #[test]
    fn what_diesel_cannot_run_is_refused() {
        let heads = source(vec![
            rev("aaaaaaaaaaaa", "base", ""),
            rev("bbbbbbbbbbbb", "aaaaaaaaaaaa", ""),
            rev("cccccccccccc", "aaaaaaaaaaaa", ""),
        ]);
        assert!(matches!(
            heads,
            Err(DieselSourceError::MultipleHeads { count: 2, .. })
        ));
        // A diesel migration imported after a cargo schema revision would
        // sort before it.
        let order = source(vec![
            rev("aaaaaaaaaaaa", "base", ""),
            rev(
                "bbbbbbbbbbbb",
                "aaaaaaaaaaaa",
                "-- imported-from: diesel 20230101000000\n",
            ),
        ]);
        assert!(
            matches!(order, Err(DieselSourceError::Order { .. })),
            "{order:?}"
        );
    }
}
