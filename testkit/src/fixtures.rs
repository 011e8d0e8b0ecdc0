//! Databases for tests: empty ([`database`]), at head of the package's
//! migrations ([`migrated`]), or at a given revision ([`at_revision`]), each
//! with its URL and a ready pool, dropped when the value is.
//!
//! A migrated database is a clone of a template database that has the
//! migrations at head, built once per set of migrations (keyed by their
//! checksums) and shared by every test and process of the run: cloning a
//! database with `STRATEGY FILE_COPY` takes 10-20 ms, running fifty small
//! revisions ~80 ms even without durability, and more with real ones
//! (`scripts/bench-testkit.sh`). Template creation is serialised across
//! processes by an advisory lock and published by renaming, so a half-built
//! template is never cloned. Clones are made ahead of time where the server
//! is ours (`spares`), so that the test waits for a rename, not a copy; and
//! the statements that create and drop databases go through one pool per
//! server on a thread of its own (`admin`), not a new connection each.
//!
//! Database names start with `t<pid>_` and the test's name, so a sweep can
//! drop what a crashed process left behind without touching databases of
//! processes still running.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use schema_core::config::{self, ConfigRequest};
use schema_core::runner::{Database, Migrator, RunOptions};
use schema_core::{Graph, Target};
use sha2::{Digest, Sha256};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool};

use crate::cluster::{Cluster, ClusterHandle};
use crate::error::TestkitError;
use crate::{admin, spares};

/// A database that exists for one test.
pub struct TestDatabase {
    name: String,
    url: String,
    pool: Option<PgPool>,
    cluster: Arc<ClusterHandle>,
}

impl TestDatabase {
    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A URL that connects to it (over the cluster's Unix socket).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A pool of connections to it.
    pub fn pool(&self) -> &PgPool {
        self.pool.as_ref().expect("the pool lives until drop")
    }
}

impl std::fmt::Debug for TestDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDatabase")
            .field("name", &self.name)
            .finish()
    }
}

impl Drop for TestDatabase {
    #[expect(
        clippy::print_stderr,
        reason = "a failed cleanup in Drop can only be logged: panicking while unwinding aborts"
    )]
    fn drop(&mut self) {
        // The pool's connections belong to the test's runtime, which this
        // thread blocks below: closing them gracefully would wait forever.
        // Drop the pool here; DROP DATABASE … WITH (FORCE) ends the sessions.
        drop(self.pool.take());
        let name = self.name.clone();
        // Drop runs in sync code, possibly inside a test's async runtime:
        // the admin thread does the async work while this one waits.
        let done = admin::run_blocking(&self.cluster, move |pool| async move {
            drop_database(&pool, &name).await
        });
        if let Err(e) = done {
            // While unwinding, only say so: a second panic would abort.
            eprintln!("schema-testkit: could not drop database {}: {e}", self.name);
        }
    }
}

/// A fresh, empty database.
pub async fn database() -> Result<TestDatabase, TestkitError> {
    let cluster = shared_cluster()?;
    let name = unique_name(&cluster).await?;
    let sql = format!("CREATE DATABASE {}", quote(&name));
    admin::run(&cluster, move |pool| async move {
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(&pool).await?;
        Ok(())
    })
    .await?;
    open(cluster, name).await
}

/// A fresh database at head (all heads) of the migrations of the package
/// under test (`CARGO_MANIFEST_DIR`).
pub async fn migrated() -> Result<TestDatabase, TestkitError> {
    Fixture::package()?.migrated().await
}

/// A fresh database at `revision` of the package's migrations: migrate to
/// R, insert rows, upgrade, assert — the way to test a data migration.
pub async fn at_revision(revision: &str) -> Result<TestDatabase, TestkitError> {
    Fixture::package()?.at_revision(revision).await
}

/// Databases for a given migration set (the package's by default).
#[derive(Debug, Clone)]
pub struct Fixture {
    migrator: Arc<Migrator>,
    migrations_dir: PathBuf,
}

impl Fixture {
    /// The migrations of the package under test, as its Cargo.toml
    /// configures them.
    pub fn package() -> Result<Fixture, TestkitError> {
        let dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| TestkitError::Schema {
            message:
                "CARGO_MANIFEST_DIR is not set: run under `cargo test`, or use Fixture::from_dir"
                    .into(),
        })?;
        Fixture::for_package(Path::new(&dir))
    }

    /// The migrations of the package whose manifest directory is `dir`.
    pub fn for_package(dir: &Path) -> Result<Fixture, TestkitError> {
        let config = config::load(&ConfigRequest::in_dir(dir)).map_err(schema_error)?;
        let graph = Graph::load(&config.migrations_dir).map_err(schema_error)?;
        Ok(Fixture {
            migrator: Arc::new(Migrator::new(graph).with_version_table(&config.version_table)),
            migrations_dir: config.migrations_dir,
        })
    }

    /// A migrations directory, with the default version table.
    pub fn from_dir(dir: &Path) -> Result<Fixture, TestkitError> {
        let graph = Graph::load(dir).map_err(schema_error)?;
        Ok(Fixture {
            migrator: Arc::new(Migrator::new(graph)),
            migrations_dir: dir.to_path_buf(),
        })
    }

    pub fn migrator(&self) -> &Migrator {
        &self.migrator
    }

    pub fn migrations_dir(&self) -> &Path {
        &self.migrations_dir
    }

    /// A fresh database at all heads, cloned from the template.
    pub async fn migrated(&self) -> Result<TestDatabase, TestkitError> {
        let cluster = shared_cluster()?;
        let template = self.template(&cluster).await?;
        let name = unique_name(&cluster).await?;
        // A spare clone made ahead of time if there is one (see `spares`).
        let spares = spares::enabled(&cluster);
        let (from, to) = (template.clone(), name.clone());
        let strategy = admin::run(&cluster, move |pool| async move {
            let strategy = if server_version(&pool).await? >= 150_000 {
                " STRATEGY FILE_COPY"
            } else {
                ""
            };
            if !(spares && spares::claim(&pool, &from, &to).await?) {
                let sql = format!(
                    "CREATE DATABASE {} TEMPLATE {}{strategy}",
                    quote(&to),
                    quote(&from)
                );
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&pool).await?;
            }
            Ok(strategy)
        })
        .await?;
        if spares {
            spares::replenish(&cluster, &template, strategy);
        }
        open(cluster, name).await
    }

    /// A fresh database at `revision` (any upgrade target).
    pub async fn at_revision(&self, revision: &str) -> Result<TestDatabase, TestkitError> {
        let db = database().await?;
        self.upgrade(db.url(), revision).await?;
        Ok(db)
    }

    /// Upgrades the database at `url` to `target`.
    pub async fn upgrade(&self, url: &str, target: &str) -> Result<(), TestkitError> {
        let target = Target::parse(target).map_err(schema_error)?;
        let url = schema_core::url::DatabaseUrl::parse(url).map_err(schema_error)?;
        let mut db = Database::connect(&url).await.map_err(schema_error)?;
        let result = self
            .migrator
            .upgrade(&mut db, &target, &RunOptions::default(), &mut |_| {})
            .await;
        db.close().await;
        result.map(|_| ()).map_err(schema_error)
    }

    /// The template database at all heads, built on first use.
    async fn template(&self, cluster: &ClusterHandle) -> Result<String, TestkitError> {
        let key = self.key();
        let name = format!("tpl_{}", &key[..24]);
        let wanted = name.clone();
        let built = admin::run(cluster, move |pool| async move {
            let mut conn = pool.acquire().await?;
            database_exists(&mut conn, &wanted).await
        })
        .await?;
        if built {
            return Ok(name);
        }
        let mut admin = PgConnection::connect(&cluster.admin_url()).await?;
        // One builder at a time across processes; the others wait and then
        // find it built.
        let lock = i64::from_be_bytes(
            Sha256::digest(name.as_bytes())[..8]
                .try_into()
                .expect("8 bytes"),
        );
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(lock)
            .execute(&mut admin)
            .await?;
        let result = async {
            if database_exists(&mut admin, &name).await? {
                return Ok(());
            }
            let building = format!("{name}_b{}", std::process::id());
            drop_if_exists(&mut admin, &building).await?;
            let sql = format!("CREATE DATABASE {}", quote(&building));
            sqlx::raw_sql(AssertSqlSafe(sql))
                .execute(&mut admin)
                .await?;
            if let Err(e) = self.upgrade(&cluster.url(&building), "heads").await {
                drop_if_exists(&mut admin, &building).await?;
                return Err(e);
            }
            let sql = format!(
                "ALTER DATABASE {} RENAME TO {}",
                quote(&building),
                quote(&name)
            );
            sqlx::raw_sql(AssertSqlSafe(sql))
                .execute(&mut admin)
                .await?;
            Ok(())
        }
        .await;
        let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(lock)
            .execute(&mut admin)
            .await;
        admin.close().await?;
        result.map(|()| name)
    }

    /// What identifies the migration set: ids, checksums, version table.
    fn key(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.migrator.tables().version.as_bytes());
        for m in self.migrator.graph().revisions() {
            h.update(m.id().as_str().as_bytes());
            h.update(m.checksum().as_str().as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn schema_error(e: impl Into<schema_core::Error>) -> TestkitError {
    let e: schema_core::Error = e.into();
    TestkitError::Schema {
        message: e.to_string(),
    }
}

fn shared_cluster() -> Result<Arc<ClusterHandle>, TestkitError> {
    Cluster::shared()
}

async fn open(cluster: Arc<ClusterHandle>, name: String) -> Result<TestDatabase, TestkitError> {
    let url = cluster.url(&name);
    let options: PgConnectOptions = url.parse()?;
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect_with(options)
        .await?;
    Ok(TestDatabase {
        name,
        url,
        pool: Some(pool),
        cluster,
    })
}

/// `t<pid>_<test name>_<n>`, at most 63 bytes. The first call of a process
/// also sweeps databases left by processes that no longer run.
async fn unique_name(cluster: &ClusterHandle) -> Result<String, TestkitError> {
    static SWEPT: OnceLock<Mutex<bool>> = OnceLock::new();
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let first = {
        let mut swept = SWEPT
            .get_or_init(|| Mutex::new(false))
            .lock()
            .expect("not poisoned");
        !std::mem::replace(&mut *swept, true)
    };
    if first && !cluster.is_external() {
        sweep(cluster).await?;
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("test")
        .rsplit("::")
        .next()
        .unwrap_or("test")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect::<String>();
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let prefix = format!("t{}_", std::process::id());
    let suffix = format!("_{n}");
    let room = 63 - prefix.len() - suffix.len();
    let test: String = test.chars().take(room).collect();
    Ok(format!("{prefix}{test}{suffix}"))
}

/// Drops `t<pid>_…` databases whose process is gone.
async fn sweep(cluster: &ClusterHandle) -> Result<(), TestkitError> {
    let mut admin = PgConnection::connect(&cluster.admin_url()).await?;
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname ~ '^t[0-9]+_'")
            .fetch_all(&mut admin)
            .await?;
    admin.close().await?;
    for name in names {
        let pid: Option<i32> = name[1..].split('_').next().and_then(|p| p.parse().ok());
        let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            cluster.drop_database(&name).await?;
        }
    }
    Ok(())
}

async fn database_exists(conn: &mut PgConnection, name: &str) -> Result<bool, TestkitError> {
    Ok(sqlx::query_scalar::<_, bool>(
        "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
    )
    .bind(name)
    .fetch_one(&mut *conn)
    .await?)
}

async fn drop_if_exists(conn: &mut PgConnection, name: &str) -> Result<(), TestkitError> {
    let sql = format!("DROP DATABASE IF EXISTS {}", quote(name));
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn server_version(pool: &PgPool) -> Result<i32, TestkitError> {
    Ok(
        sqlx::query_scalar("SELECT current_setting('server_version_num')::int")
            .fetch_one(pool)
            .await?,
    )
}

/// Drops a database, ending its sessions first (PostgreSQL 13 and later;
/// earlier servers refuse while any remain).
async fn drop_database(pool: &PgPool, name: &str) -> Result<(), TestkitError> {
    let force = if server_version(pool).await? >= 130_000 {
        " WITH (FORCE)"
    } else {
        ""
    };
    let sql = format!("DROP DATABASE IF EXISTS {}{force}", quote(name));
    sqlx::raw_sql(AssertSqlSafe(sql)).execute(pool).await?;
    Ok(())
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
