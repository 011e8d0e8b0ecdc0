//! What the fidelity tests share: the corpus format, fresh databases (on
//! the testkit's shared PostgreSQL cluster, or a SQLite file in a temp
//! dir), applying a migration set with the real runner, introspecting, and
//! comparing two schemas with a readable diff.
//!
//! # The corpus
//!
//! One file per case, `corpus/<dialect>/<case>.sql`: plain SQL, cut into
//! revisions by lines reading `-- next revision` (or `-- next revision
//! (transactional: false)` for `CREATE INDEX CONCURRENTLY` and the like).
//! Each piece becomes the up section of a revision file in DESIGN.md's
//! format, the revisions chained in order, so the real runner applies
//! them (version tables included, which introspection must ignore) and
//! replay reads exactly what a project's files would hold.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use schema_core::config::DEFAULT_VERSION_TABLE;
use schema_core::graph::Graph;
use schema_core::migration::{Header, Migration, RevId};
use schema_core::runner::{Database, Migrator};
use schema_core::schema::Schema;
use schema_core::script::Tables;
use schema_core::url::DatabaseUrl;
use schema_core::{Dialect, introspect, replay};
use schema_testkit::{Cluster, ClusterHandle, schema_diff};
use tempfile::TempDir;

/// The testkit's shared cluster, held for the whole test process so the
/// server is not stopped and restarted between tests. Never the system
/// PostgreSQL.
pub fn cluster() -> Arc<ClusterHandle> {
    static CLUSTER: OnceLock<Arc<ClusterHandle>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| {
            Cluster::shared()
                .unwrap_or_else(|e| panic!("cannot start the test PostgreSQL cluster: {e}"))
        })
        .clone()
}

/// Runs a future to completion on a runtime of its own.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

/// A fresh, empty database, removed when dropped (a PostgreSQL database
/// `fid_<name>` on the shared cluster, or a SQLite file in a temp dir).
/// A leftover of a crashed run under the same name is dropped first.
pub struct FreshDb {
    pub dialect: Dialect,
    pub url: String,
    pg: Option<(Arc<ClusterHandle>, String)>,
    _dir: Option<TempDir>,
}

impl FreshDb {
    pub async fn new(dialect: Dialect, name: &str) -> FreshDb {
        match dialect {
            Dialect::Postgres => {
                let cluster = cluster();
                let db = format!("fid_{name}");
                assert!(db.len() <= 63, "database name {db} is too long");
                let created = match cluster.drop_database(&db).await {
                    Ok(()) => cluster.create_database(&db).await,
                    Err(e) => Err(e),
                };
                created.unwrap_or_else(|e| panic!("cannot create database {db}: {e}"));
                FreshDb {
                    dialect,
                    url: cluster.url(&db),
                    pg: Some((cluster, db)),
                    _dir: None,
                }
            }
            _ => {
                let dir = tempfile::Builder::new()
                    .prefix("schema-fidelity-")
                    .tempdir()
                    .expect("create a temp dir");
                let path = dir.path().join(format!("{name}.sqlite"));
                FreshDb {
                    dialect,
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    pg: None,
                    _dir: Some(dir),
                }
            }
        }
    }

    /// A connection of the runner's kind.
    pub async fn connect(&self) -> Database {
        let url = DatabaseUrl::parse(&self.url).expect("a valid URL");
        Database::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", self.url))
    }

    /// Applies every revision of `graph` with the real runner.
    pub async fn upgrade(&self, graph: &Graph) {
        if let Err(e) = Migrator::new(graph.clone()).run(&self.url).await {
            panic!("{e}");
        }
    }

    /// Runs SQL text as is (several statements are fine).
    pub async fn execute(&self, sql: &str) {
        use sqlx::{AssertSqlSafe, Connection as _, Executor as _};
        let sql = AssertSqlSafe(sql.to_string());
        let result = match self.dialect {
            Dialect::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url)
                    .await
                    .expect("connect");
                let r = c.execute(sqlx::raw_sql(sql)).await.map(|_| ());
                let _ = c.close().await;
                r
            }
            _ => {
                let mut c = sqlx::SqliteConnection::connect(&self.url)
                    .await
                    .expect("connect");
                let r = c.execute(sqlx::raw_sql(sql)).await.map(|_| ());
                let _ = c.close().await;
                r
            }
        };
        result.unwrap_or_else(|e| panic!("SQL failed: {e}"));
    }

    /// The live schema, version tables (`schema_version`) left out.
    pub async fn introspect(&self) -> Schema {
        let mut db = self.connect().await;
        let tables = Tables::new(DEFAULT_VERSION_TABLE);
        let schema = introspect::introspect(&mut db, &tables)
            .await
            .unwrap_or_else(|e| panic!("introspection failed: {e}"));
        db.close().await;
        schema
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Some((cluster, db)) = self.pg.take() {
            // On a thread of its own: the drop may happen inside a runtime.
            let dropped = std::thread::spawn(move || block_on(cluster.drop_database(&db)))
                .join()
                .expect("the drop thread");
            // Only report while not unwinding: a second panic would abort.
            if let Err(e) = dropped
                && !std::thread::panicking()
            {
                panic!("cannot drop a test database: {e}");
            }
        }
    }
}

/// Where the corpus lives.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fidelity/corpus")
}

/// The migration set of a corpus case, as revision files chained in order.
pub fn case_graph(dialect: Dialect, case: &str) -> Graph {
    let path = corpus_dir()
        .join(dialect.as_str())
        .join(format!("{case}.sql"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    graph_of(case, &text)
}

/// Cuts `text` at `-- next revision` lines into a chain of revisions.
pub fn graph_of(case: &str, text: &str) -> Graph {
    let mut pieces: Vec<(bool, String)> = vec![(true, String::new())];
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("-- next revision") {
            pieces.push((!rest.contains("transactional: false"), String::new()));
        } else {
            let piece = &mut pieces.last_mut().expect("one piece").1;
            piece.push_str(line);
            piece.push('\n');
        }
    }
    let mut migrations = Vec::new();
    let mut parent: Option<RevId> = None;
    for (i, (transactional, up)) in pieces.into_iter().enumerate() {
        let id = RevId::parse(&format!("f1de{:08x}", i + 1)).expect("a revision id");
        let mut header = Header::new(
            id.clone(),
            parent.iter().cloned().collect(),
            format!("{case} {}", i + 1),
        );
        header.transactional = transactional;
        header.irreversible = true;
        let file = Migration::render(&header, &up, None);
        let name = format!("{case}/{id}.sql");
        let migration = Migration::parse(name, &file)
            .unwrap_or_else(|e| panic!("revision {} of {case} does not parse: {e}", i + 1));
        migrations.push(migration);
        parent = Some(id);
    }
    Graph::new(migrations).unwrap_or_else(|e| panic!("the revisions of {case}: {e}"))
}

/// Fails with a line diff of the two schemas' JSON when they differ.
pub fn assert_same_schema(
    what: &str,
    left_name: &str,
    left: &Schema,
    right_name: &str,
    right: &Schema,
) {
    if left != right {
        panic!(
            "{what}: the schemas differ\n--- {left_name}\n+++ {right_name}\n{}",
            schema_diff(left, right)
        );
    }
}

/// The fidelity check of one migration set: applied with the real runner
/// to a fresh database and introspected, against replaying the same
/// files. Any difference fails, with replay's warnings shown beside the
/// diff; warnings alone (the schemas agreeing) do not.
pub fn check_fidelity(dialect: Dialect, case: &str, graph: &Graph) {
    block_on(async {
        let db = FreshDb::new(dialect, &format!("{}_{case}", short(dialect))).await;
        db.upgrade(graph).await;
        let live = db.introspect().await;
        // Every migration set creates something: an empty schema on both
        // sides would prove nothing.
        assert!(
            !live.tables.is_empty() || !live.enums.is_empty(),
            "{dialect} case {case}: an empty schema"
        );
        let replayed = replay::replay_heads(graph, dialect);
        let problems: Vec<String> = replayed.problems().map(ToString::to_string).collect();
        if live != replayed.schema {
            let warnings = if problems.is_empty() {
                String::new()
            } else {
                format!("\nreplay warned:\n  {}", problems.join("\n  "))
            };
            panic!(
                "{dialect} case {case}: replay and the database differ{warnings}\n--- replayed\n+++ introspected\n{}",
                schema_diff(&replayed.schema, &live)
            );
        }
    });
}

fn short(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "pg",
        _ => "sq",
    }
}

/// One `#[test]` per corpus case, and `CASES` listing them all (checked
/// against the files). Attributes before a name go on its test:
/// `#[ignore = "replay: …"] name`.
macro_rules! corpus {
    ($dialect:expr; $($(#[$attr:meta])* $name:ident),* $(,)?) => {
        pub const CASES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            $(#[$attr])*
            fn $name() {
                let graph = $crate::support::case_graph($dialect, stringify!($name));
                $crate::support::check_fidelity($dialect, stringify!($name), &graph);
            }
        )*
    };
}
pub(crate) use corpus;
