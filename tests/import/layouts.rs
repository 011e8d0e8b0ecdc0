//! Projects in diesel's and sqlx's own layouts, written by the tests, and
//! applied with those tools' own harnesses (diesel's `MigrationHarness`
//! over `FileBasedMigrations`, sqlx's `Migrator`), the way an application
//! of theirs would.

use std::path::{Path, PathBuf};

use diesel::Connection as _;
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use schema_core::Graph;
use schema_core::migration::ImportTool;
use sqlx::Connection as _;

use crate::support::{Backend, TestDb, block_on};

/// One migration, in terms both tools share.
#[derive(Debug, Clone)]
pub struct Mig {
    /// diesel's directory prefix (`2023-01-04-000001`); sqlx's version is
    /// the same digits as an integer.
    pub version: &'static str,
    pub name: &'static str,
    pub up: String,
    pub down: String,
    /// diesel: `run_in_transaction = false`; sqlx: `-- no-transaction`.
    pub no_transaction: bool,
}

impl Mig {
    /// The version the tool records in its table.
    pub fn recorded(&self, tool: ImportTool) -> String {
        let digits = self.version.replace('-', "");
        match tool {
            ImportTool::Diesel => digits,
            ImportTool::Sqlx => digits.parse::<i64>().expect("digits").to_string(),
        }
    }

    /// The up file's text as the tool keeps it.
    pub fn up_file(&self, tool: ImportTool) -> String {
        match tool {
            ImportTool::Sqlx if self.no_transaction => format!("-- no-transaction\n{}", self.up),
            _ => self.up.clone(),
        }
    }
}

fn mig(version: &'static str, name: &'static str, up: &str, down: &str) -> Mig {
    Mig {
        version,
        name,
        up: up.to_string(),
        down: down.to_string(),
        no_transaction: false,
    }
}

/// Eleven migrations of a small blog, spelled the way people write them:
/// one outside a transaction (`CREATE INDEX CONCURRENTLY` on PostgreSQL),
/// a file without a final newline, CRLF line ends, comments, semicolons
/// inside string literals, trailing blank lines.
pub fn blog(backend: Backend) -> Vec<Mig> {
    let pg = backend == Backend::Postgres;
    let mut index = mig(
        "2023-01-04-000001",
        "index_posts_user",
        if pg {
            "CREATE INDEX CONCURRENTLY posts_user_idx ON posts (user_id);\n"
        } else {
            "CREATE INDEX posts_user_idx ON posts (user_id);\n"
        },
        "DROP INDEX posts_user_idx;\n",
    );
    index.no_transaction = true;
    vec![
        mig(
            "2023-01-01-000001",
            "create_users",
            "CREATE TABLE users (\n    id INTEGER PRIMARY KEY,\n    name TEXT NOT NULL\n);\n",
            "DROP TABLE users;\n",
        ),
        mig(
            "2023-01-02-000001",
            "create_posts",
            "CREATE TABLE posts (\n    id INTEGER PRIMARY KEY,\n    user_id INTEGER NOT NULL REFERENCES users (id),\n    title TEXT NOT NULL\n);\n",
            "DROP TABLE posts;\n",
        ),
        mig(
            "2023-01-03-000001",
            "add_email_to_users",
            "ALTER TABLE users ADD COLUMN email TEXT;\n",
            "ALTER TABLE users DROP COLUMN email;\n",
        ),
        index,
        mig(
            "2023-01-05-000001",
            "create_tags",
            "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);",
            "DROP TABLE tags;",
        ),
        mig(
            "2023-01-06-000001",
            "create_post_tags",
            "CREATE TABLE post_tags (\n  post_id INTEGER NOT NULL REFERENCES posts (id),\n  tag_id INTEGER NOT NULL REFERENCES tags (id),\n  PRIMARY KEY (post_id, tag_id)\n);\n",
            "DROP TABLE post_tags;\n",
        ),
        mig(
            "2023-01-07-000001",
            "seed_tags",
            "-- Seed data: the semicolon in 'sql; ddl' is data.\nINSERT INTO tags (id, name) VALUES (1, 'rust'), (2, 'sql; ddl');\n",
            "DELETE FROM tags WHERE id IN (1, 2);\n",
        ),
        mig(
            "2023-01-08-000001",
            "add_published_to_posts",
            "ALTER TABLE posts ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;\r\n",
            "ALTER TABLE posts DROP COLUMN published;\r\n",
        ),
        mig(
            "2023-01-09-000001",
            "unique_user_email",
            "CREATE UNIQUE INDEX users_email_key ON users (email);\n",
            "DROP INDEX users_email_key;\n",
        ),
        mig(
            "2023-01-10-000001",
            "create_comments",
            "CREATE TABLE comments (\n    id INTEGER PRIMARY KEY,\n    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,\n    body TEXT NOT NULL\n);\n\n\n",
            "DROP TABLE comments;\n",
        ),
        mig(
            "2023-01-11-000001",
            "add_bio_to_users",
            "ALTER TABLE users ADD COLUMN bio TEXT;\n",
            "ALTER TABLE users DROP COLUMN bio;\n",
        ),
    ]
}

/// The tables `blog` creates, sorted.
pub const BLOG_TABLES: [&str; 5] = ["comments", "post_tags", "posts", "tags", "users"];

/// Writes diesel's layout: `<version>_<name>/up.sql`, `down.sql`, and
/// `metadata.toml` where the migration runs outside a transaction.
pub fn write_diesel(dir: &Path, migs: &[Mig]) {
    for m in migs {
        let d = dir.join(format!("{}_{}", m.version, m.name));
        std::fs::create_dir_all(&d).expect("create a migration directory");
        std::fs::write(d.join("up.sql"), &m.up).expect("write up.sql");
        std::fs::write(d.join("down.sql"), &m.down).expect("write down.sql");
        if m.no_transaction {
            std::fs::write(d.join("metadata.toml"), "run_in_transaction = false\n")
                .expect("write metadata.toml");
        }
    }
}

/// Writes sqlx's reversible layout: `<version>_<name>.up.sql` and
/// `.down.sql`, `-- no-transaction` first where it runs outside one.
pub fn write_sqlx(dir: &Path, migs: &[Mig]) {
    std::fs::create_dir_all(dir).expect("create the sqlx directory");
    for m in migs {
        let stem = format!("{}_{}", m.recorded(ImportTool::Sqlx), m.name);
        std::fs::write(
            dir.join(format!("{stem}.up.sql")),
            m.up_file(ImportTool::Sqlx),
        )
        .expect("write the up file");
        let down = if m.no_transaction {
            format!("-- no-transaction\n{}", m.down)
        } else {
            m.down.clone()
        };
        std::fs::write(dir.join(format!("{stem}.down.sql")), down).expect("write the down file");
    }
}

/// The SQLite file behind a test database's URL (`sqlite://PATH?mode=rwc`).
pub fn sqlite_path(db: &TestDb) -> PathBuf {
    let rest = db.url().strip_prefix("sqlite://").expect("a SQLite URL");
    PathBuf::from(rest.split('?').next().expect("a path"))
}

/// A diesel connection to the test database, PostgreSQL or SQLite.
pub enum DieselConn {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub fn diesel_connect(db: &TestDb) -> DieselConn {
    match db.backend() {
        Backend::Postgres => DieselConn::Pg(
            diesel::PgConnection::establish(db.url())
                .unwrap_or_else(|e| panic!("diesel cannot connect to {}: {e}", db.url())),
        ),
        Backend::Sqlite => {
            let path = sqlite_path(db);
            DieselConn::Sqlite(
                diesel::SqliteConnection::establish(&path.to_string_lossy())
                    .unwrap_or_else(|e| panic!("diesel cannot open {}: {e}", path.display())),
            )
        }
    }
}

/// What diesel's harness returns, as strings.
pub type HarnessResult = Result<Vec<String>, String>;

impl DieselConn {
    /// `MigrationHarness::run_pending_migrations`.
    pub fn run_pending<S>(&mut self, source: S) -> HarnessResult
    where
        S: diesel::migration::MigrationSource<diesel::pg::Pg>
            + diesel::migration::MigrationSource<diesel::sqlite::Sqlite>,
    {
        let versions = match self {
            DieselConn::Pg(c) => c.run_pending_migrations(source).map(versions),
            DieselConn::Sqlite(c) => c.run_pending_migrations(source).map(versions),
        };
        versions.map_err(|e| e.to_string())
    }

    /// `MigrationHarness::revert_last_migration`.
    pub fn revert_last<S>(&mut self, source: S) -> Result<String, String>
    where
        S: diesel::migration::MigrationSource<diesel::pg::Pg>
            + diesel::migration::MigrationSource<diesel::sqlite::Sqlite>,
    {
        let version = match self {
            DieselConn::Pg(c) => c.revert_last_migration(source),
            DieselConn::Sqlite(c) => c.revert_last_migration(source),
        };
        version.map(|v| v.to_string()).map_err(|e| e.to_string())
    }
}

fn versions(v: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

/// Applies a diesel migrations directory with diesel's own harness, as a
/// diesel application does at start-up; returns the versions it ran.
pub fn apply_with_diesel(db: &TestDb, dir: &Path) -> Vec<String> {
    let source = FileBasedMigrations::from_path(dir)
        .unwrap_or_else(|e| panic!("diesel rejects {}: {e}", dir.display()));
    diesel_connect(db)
        .run_pending(source)
        .unwrap_or_else(|e| panic!("diesel's harness failed: {e}"))
}

/// Applies an sqlx migrations directory with sqlx's own `Migrator`.
pub fn apply_with_sqlx(db: &TestDb, dir: &Path) {
    block_on(async {
        let migrator = sqlx::migrate::Migrator::new(dir)
            .await
            .unwrap_or_else(|e| panic!("sqlx rejects {}: {e}", dir.display()));
        let result = match db.backend() {
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(db.url())
                    .await
                    .expect("connect");
                let r = migrator.run(&mut c).await;
                c.close().await.ok();
                r
            }
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(db.url())
                    .await
                    .expect("connect");
                let r = migrator.run(&mut c).await;
                c.close().await.ok();
                r
            }
        };
        result.unwrap_or_else(|e| panic!("sqlx's Migrator failed: {e}"));
    });
}

/// The project's revisions, loaded as the CLI loads them.
pub fn graph(dir: &Path) -> Graph {
    Graph::load(dir).unwrap_or_else(|e| panic!("the revisions don't load: {e}"))
}

/// Proves each migration became one revision, chained in the tool's
/// order, with its SQL byte for byte (the up section may only gain a
/// final newline, which the down marker needs), its name as the message,
/// its transaction mode, and its version in `imported-from`. Returns the
/// revision ids in order.
pub fn assert_imported(graph: &Graph, tool: ImportTool, migs: &[Mig]) -> Vec<String> {
    assert_eq!(graph.len(), migs.len(), "one revision per migration");
    let mut ids = Vec::new();
    let mut parent: Option<String> = None;
    for m in migs {
        let rev = graph
            .revisions()
            .iter()
            .find(|r| {
                r.header
                    .imported_from
                    .as_ref()
                    .is_some_and(|f| f.tool == tool && f.version == m.recorded(tool))
            })
            .unwrap_or_else(|| panic!("no revision imported from {tool} {}", m.recorded(tool)));
        let up = m.up_file(tool);
        let expected_up = if up.ends_with('\n') {
            up
        } else {
            format!("{up}\n")
        };
        assert_eq!(rev.up_sql(), expected_up, "up of {}", m.name);
        let down = match (tool, m.no_transaction) {
            (ImportTool::Sqlx, true) => format!("-- no-transaction\n{}", m.down),
            _ => m.down.clone(),
        };
        assert_eq!(rev.down_sql(), Some(down.as_str()), "down of {}", m.name);
        assert_eq!(rev.header.message, m.name);
        assert_eq!(rev.header.transactional, !m.no_transaction, "{}", m.name);
        assert!(!rev.header.irreversible, "{}", m.name);
        let parents: Vec<String> = rev.parents().iter().map(ToString::to_string).collect();
        assert_eq!(
            parents,
            parent.iter().cloned().collect::<Vec<_>>(),
            "{}",
            m.name
        );
        parent = Some(rev.id().to_string());
        ids.push(rev.id().to_string());
    }
    ids
}

/// The user tables of a database: without the bookkeeping of any tool.
pub fn user_tables(db: &TestDb) -> Vec<String> {
    db.tables()
        .into_iter()
        .filter(|t| {
            !matches!(
                t.as_str(),
                "schema_version"
                    | "schema_history"
                    | "__diesel_schema_migrations"
                    | "_sqlx_migrations"
            )
        })
        .collect()
}

/// The whole adoption, after the old tool applied `migs` to `db`: import,
/// stamp `--from`, `check`, one more revision, `downgrade base` and back
/// up. `dir` is the tool's directory as passed to `import`.
pub fn adopt_and_round_trip(
    p: &schema_e2e::TestProject,
    db: &TestDb,
    tool: ImportTool,
    migs: &[Mig],
    dir: Option<&str>,
) {
    use crate::support::{schema, schema_json};

    let table = schema_core::import::table_of(tool);
    let old_rows = |db: &TestDb| {
        db.column(&format!(
            "SELECT CAST(version AS TEXT) FROM {table} ORDER BY 1"
        ))
    };
    let applied = old_rows(db);
    assert_eq!(applied.len(), migs.len(), "{tool} applied every migration");
    assert_eq!(user_tables(db), BLOG_TABLES);

    // Import: one revision per migration, SQL byte for byte.
    let mut args = vec!["import", tool.as_str()];
    args.extend(dir);
    let out = schema_json(p, db, &args);
    assert_eq!(
        out["imported"].as_array().map(Vec::len),
        Some(migs.len()),
        "{out:#}"
    );
    let g = graph(&p.path(schema_e2e::MIGRATIONS));
    let ids = assert_imported(&g, tool, migs);
    let last = ids.last().expect("revisions").clone();
    // Importing again finds nothing new.
    let again = schema_json(p, db, &args);
    assert_eq!(again["imported"], serde_json::json!([]), "{again:#}");
    assert_eq!(again["skipped"].as_array().map(Vec::len), Some(migs.len()));

    // Adopt the live database: the newest applied version's revision.
    let stamped = schema_json(p, db, &["stamp", "--from", tool.as_str()]);
    assert_eq!(stamped["after"], serde_json::json!([last]), "{stamped:#}");
    assert_eq!(db.versions(), [last.as_str()]);
    assert_eq!(old_rows(db), applied, "the old table is left untouched");
    schema(p, db, &["check"]).success();
    schema(p, db, &["upgrade", "head"])
        .success()
        .mentions("nothing to upgrade");

    // One more revision, written the cargo schema way.
    let next = "abcdef012345";
    p.write_migration(
        &format!("{next}_add_avatar.sql"),
        schema_e2e::rev(next, &last)
            .message("add avatar to users")
            .up("ALTER TABLE users ADD COLUMN avatar TEXT;")
            .down("ALTER TABLE users DROP COLUMN avatar;")
            .text(),
    );
    schema(p, db, &["check"]).code(1).mentions(next);
    schema(p, db, &["upgrade", "head"]).success();
    assert_eq!(db.versions(), [next]);
    schema(p, db, &["check"]).success();
    assert!(
        db.column("SELECT avatar FROM users").is_empty(),
        "the column exists"
    );

    // All the way down, the imported revisions included, and up again.
    schema(p, db, &["downgrade", "base"]).success();
    assert_eq!(user_tables(db), Vec::<String>::new(), "everything reverted");
    assert!(db.versions().is_empty());
    assert_eq!(old_rows(db), applied, "the old table is still untouched");
    schema(p, db, &["upgrade", "head"]).success();
    assert_eq!(user_tables(db), BLOG_TABLES);
    assert_eq!(db.versions(), [next]);
    assert_eq!(
        db.column("SELECT name FROM tags ORDER BY id"),
        [Some("rust".to_string()), Some("sql; ddl".to_string())],
        "the seed data, semicolon inside its literal and all"
    );
    schema(p, db, &["check"]).success();
}
