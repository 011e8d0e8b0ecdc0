//! What the database tests share: a fresh database per test (on the
//! testkit's throwaway PostgreSQL cluster, or a SQLite file in a temp dir),
//! a way to look inside it with sqlx, revision chains, and running the real
//! binary with every output at hand when an assertion fails.
//!
//! Tests are synchronous: they run the binary and then look at the
//! database, each look on a connection of its own driven by a small
//! runtime. [`Session`] keeps one connection open, for tests that must hold
//! a lock or a transaction while the binary runs.

use std::ffi::OsStr;
use std::fmt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use schema_e2e::{ProjectBuilder, TestProject, project, rev};
use schema_testkit::{Cluster, ClusterHandle};
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{AssertSqlSafe, Connection as _};
use tempfile::TempDir;

/// How long any single run of the binary may take before the test fails
/// (generous: a loaded 2-core CI machine is slow, but never this slow).
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// The two databases every case runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        })
    }
}

/// Generates `mod NAME { fn postgres(); fn sqlite(); }` calling
/// `super::NAME(Backend)`, so each case reads once and runs on both.
/// Attributes before a name go on both tests: `#[ignore = "bug: …"] NAME`.
macro_rules! on_both {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {$(
        mod $name {
            use crate::support::Backend;

            #[test]
            $(#[$attr])*
            fn postgres() {
                super::$name(Backend::Postgres);
            }

            #[test]
            $(#[$attr])*
            fn sqlite() {
                super::$name(Backend::Sqlite);
            }
        }
    )*};
}
pub(crate) use on_both;

// ---------------------------------------------------------------------------
// The PostgreSQL cluster
// ---------------------------------------------------------------------------

/// The testkit's shared cluster, held for the whole test process (the
/// kernel releases the lease when the process ends, however it ends), so
/// the server is not stopped and restarted between tests.
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

// ---------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------

/// A fresh, empty database for one test, removed when dropped: a database
/// on the shared cluster named after the test, or a SQLite file in a temp
/// dir.
pub struct TestDb {
    backend: Backend,
    url: String,
    place: Place,
}

enum Place {
    Postgres {
        cluster: Arc<ClusterHandle>,
        name: String,
    },
    Sqlite {
        /// Holds the file; removed on drop.
        _dir: TempDir,
    },
}

impl TestDb {
    /// A fresh database; `name` (unique per test) names the PostgreSQL
    /// database `e2e_<name>`. A leftover of a crashed run under that name
    /// is dropped first.
    pub fn new(backend: Backend, name: &str) -> TestDb {
        match backend {
            Backend::Postgres => {
                let cluster = cluster();
                let name = format!("e2e_{name}");
                assert!(name.len() <= 63, "database name {name} is too long");
                block_on(async {
                    cluster.drop_database(&name).await?;
                    cluster.create_database(&name).await
                })
                .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
                TestDb {
                    backend,
                    url: cluster.url(&name),
                    place: Place::Postgres { cluster, name },
                }
            }
            Backend::Sqlite => {
                let dir = tempfile::Builder::new()
                    .prefix("schema-e2e-db-")
                    .tempdir()
                    .expect("create a temp dir");
                let path = dir.path().join(format!("{name}.sqlite"));
                TestDb {
                    backend,
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    place: Place::Sqlite { _dir: dir },
                }
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL to hand to the binary (`--database-url`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL with a password in it (the testkit's cluster trusts local
    /// connections, so it is ignored there); `None` for SQLite, whose URLs
    /// have none.
    pub fn url_with_password(&self, password: &str) -> Option<String> {
        if self.backend == Backend::Sqlite {
            return None;
        }
        let (scheme, rest) = self.url.split_once("://").expect("a URL with ://");
        let (user, host) = rest.split_once('@').expect("the URL names a user");
        let user = user.split(':').next().unwrap_or(user);
        Some(format!("{scheme}://{user}:{password}@{host}"))
    }

    /// A connection of its own, kept open.
    pub fn session(&self) -> Session {
        Session::connect(&self.url)
    }

    /// Runs SQL (several statements are fine) on a fresh connection.
    pub fn execute(&self, sql: &str) {
        self.session().execute(sql);
    }

    /// The first column of every row, as text (`NULL` as `None`).
    pub fn column(&self, sql: &str) -> Vec<Option<String>> {
        self.session().column(sql)
    }

    /// One integer.
    pub fn int(&self, sql: &str) -> i64 {
        self.session().int(sql)
    }

    /// The rows of the version table, sorted.
    pub fn versions(&self) -> Vec<String> {
        self.versions_in("schema_version")
    }

    /// The rows of a version table, sorted; empty when it doesn't exist.
    pub fn versions_in(&self, table: &str) -> Vec<String> {
        if !self.has_table(table) {
            return Vec::new();
        }
        let mut rows: Vec<String> = self
            .column(&format!("SELECT CAST(version_num AS TEXT) FROM {table}"))
            .into_iter()
            .map(|r| r.expect("version_num is NOT NULL"))
            .collect();
        rows.sort();
        rows
    }

    /// `schema_history`, oldest first; empty when it doesn't exist.
    pub fn history(&self) -> Vec<HistoryRow> {
        self.history_in("schema_history")
    }

    /// A history table, oldest first; empty when it doesn't exist.
    pub fn history_in(&self, table: &str) -> Vec<HistoryRow> {
        if !self.has_table(table) {
            return Vec::new();
        }
        self.session().history(table)
    }

    /// The user tables, sorted.
    pub fn tables(&self) -> Vec<String> {
        let sql = match self.backend {
            Backend::Postgres => {
                "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            }
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            }
        };
        self.column(sql)
            .into_iter()
            .map(|t| t.expect("a table has a name"))
            .collect()
    }

    pub fn has_table(&self, name: &str) -> bool {
        self.tables().iter().any(|t| t == name)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Place::Postgres { cluster, name } = &self.place {
            let dropped = block_on(cluster.drop_database(name));
            if let Err(e) = dropped {
                // A failed test is already reporting; a second panic would
                // abort and hide it.
                if std::thread::panicking() {
                    report(&format!("could not drop database {name}: {e}"));
                } else {
                    panic!("could not drop database {name}: {e}");
                }
            }
        }
    }
}

#[expect(
    clippy::print_stderr,
    reason = "a destructor that runs while a test unwinds can only log"
)]
fn report(message: &str) {
    eprintln!("schema-e2e: {message}");
}

/// One row of a history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub revision: String,
    pub direction: String,
    pub checksum: Option<String>,
    pub note: Option<String>,
    pub finished: bool,
    pub duration_ms: Option<i64>,
    pub db_user: Option<String>,
    pub tool_version: String,
}

/// One open connection, PostgreSQL or SQLite, with the runtime driving it.
pub struct Session {
    rt: tokio::runtime::Runtime,
    conn: Conn,
}

enum Conn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

impl Session {
    pub fn connect(url: &str) -> Session {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let conn = rt
            .block_on(async {
                if url.starts_with("sqlite:") {
                    SqliteConnection::connect(url).await.map(Conn::Sqlite)
                } else {
                    PgConnection::connect(url).await.map(Conn::Pg)
                }
            })
            .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
        Session { rt, conn }
    }

    pub fn try_execute(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_string());
        let Session { rt, conn } = self;
        rt.block_on(async {
            match conn {
                Conn::Pg(c) => sqlx::raw_sql(sql).execute(c).await.map(|_| ()),
                Conn::Sqlite(c) => sqlx::raw_sql(sql).execute(c).await.map(|_| ()),
            }
        })
    }

    #[track_caller]
    pub fn execute(&mut self, sql: &str) {
        if let Err(e) = self.try_execute(sql) {
            panic!("{sql}\nfailed: {e}");
        }
    }

    #[track_caller]
    pub fn column(&mut self, sql: &str) -> Vec<Option<String>> {
        let query = AssertSqlSafe(sql.to_string());
        let Session { rt, conn } = self;
        rt.block_on(async {
            match conn {
                Conn::Pg(c) => sqlx::query_scalar(query).fetch_all(c).await,
                Conn::Sqlite(c) => sqlx::query_scalar(query).fetch_all(c).await,
            }
        })
        .unwrap_or_else(|e| panic!("{sql}\nfailed: {e}"))
    }

    #[track_caller]
    pub fn int(&mut self, sql: &str) -> i64 {
        let query = AssertSqlSafe(sql.to_string());
        let Session { rt, conn } = self;
        rt.block_on(async {
            match conn {
                Conn::Pg(c) => sqlx::query_scalar(query).fetch_one(c).await,
                Conn::Sqlite(c) => sqlx::query_scalar(query).fetch_one(c).await,
            }
        })
        .unwrap_or_else(|e| panic!("{sql}\nfailed: {e}"))
    }

    fn history(&mut self, table: &str) -> Vec<HistoryRow> {
        type Row = (
            String,
            String,
            Option<String>,
            Option<String>,
            i32,
            Option<i64>,
            Option<String>,
            String,
        );
        let sql = format!(
            "SELECT revision, direction, checksum, note, \
             CAST(CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS INTEGER), \
             CAST(duration_ms AS BIGINT), db_user, tool_version FROM {table} ORDER BY id"
        );
        let query = AssertSqlSafe(sql.clone());
        let Session { rt, conn } = self;
        let rows: Vec<Row> = rt
            .block_on(async {
                match conn {
                    Conn::Pg(c) => sqlx::query_as(query).fetch_all(c).await,
                    Conn::Sqlite(c) => sqlx::query_as(query).fetch_all(c).await,
                }
            })
            .unwrap_or_else(|e| panic!("{sql}\nfailed: {e}"));
        rows.into_iter()
            .map(
                |(
                    revision,
                    direction,
                    checksum,
                    note,
                    finished,
                    duration_ms,
                    db_user,
                    tool_version,
                )| {
                    HistoryRow {
                        revision,
                        direction,
                        checksum,
                        note,
                        finished: finished != 0,
                        duration_ms,
                        db_user,
                        tool_version,
                    }
                },
            )
            .collect()
    }
}

// ---------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------

/// A project whose `[package.metadata.schema]` names the migrations
/// directory, plus `extra` (more keys, or further tables such as
/// `[package.metadata.schema.environments.prod]`).
pub fn project_with(extra: &str) -> ProjectBuilder {
    project().metadata(&format!("migrations = \"migrations\"\n{extra}"))
}

/// The id of the `n`th revision of a generated chain: 12 hex digits.
pub fn chain_id(n: usize) -> String {
    format!("{:012x}", 0xc0de_0000_0000_u64 + n as u64)
}

/// Adds a linear chain of `count` revisions after `base`, the `n`th
/// (1-based) with the up and down SQL `sql(n)` gives.
pub fn chain(
    mut builder: ProjectBuilder,
    count: usize,
    sql: impl Fn(usize) -> (String, String),
) -> ProjectBuilder {
    for n in 1..=count {
        let id = chain_id(n);
        let parent = if n == 1 {
            "base".to_string()
        } else {
            chain_id(n - 1)
        };
        let (up, down) = sql(n);
        builder = builder.migration(
            &format!("{id}_step_{n}.sql"),
            rev(&id, &parent)
                .message(&format!("step {n}"))
                .up(&up)
                .down(&down)
                .text(),
        );
    }
    builder
}

/// A chain where revision `n` creates table `t_n`.
pub fn table_chain(builder: ProjectBuilder, count: usize) -> ProjectBuilder {
    chain(builder, count, |n| {
        (
            format!("CREATE TABLE t_{n} (id INTEGER PRIMARY KEY);"),
            format!("DROP TABLE t_{n};"),
        )
    })
}

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both streams, for messages that may go to either.
    pub fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Panics, showing everything, unless the exit code is `code`.
    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(self.code, Some(code), "unexpected exit code\n{self}");
        self
    }

    #[track_caller]
    pub fn success(self) -> Run {
        self.code(0)
    }

    /// Panics unless stdout or stderr mention `needle` (line wrapping of
    /// the diagnostic renderer aside).
    #[track_caller]
    pub fn mentions(self, needle: &str) -> Run {
        let squashed = schema_e2e::squash(&self.output());
        assert!(
            squashed.contains(&schema_e2e::squash(needle)),
            "expected the output to mention {needle:?}\n{self}"
        );
        self
    }

    /// Panics when stdout or stderr contain `needle` verbatim.
    #[track_caller]
    pub fn never_shows(self, needle: &str) -> Run {
        assert!(
            !self.output().contains(needle) && !schema_e2e::squash(&self.output()).contains(needle),
            "the output must not show {needle:?}\n{self}"
        );
        self
    }

    /// Stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e})\n{self}"))
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "$ cargo-schema schema {}\nexit: {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }
}

/// `cargo-schema schema ARGS…` in the project, as cargo runs it, with the
/// environment made stable (no colour, no URL from the developer's shell)
/// and stdin closed, so a protected environment can't prompt.
pub fn command<I, S>(p: &TestProject, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(schema_e2e::bin());
    cmd.current_dir(p.root())
        .env("NO_COLOR", "1")
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("DATABASE_URL")
        .env_remove("SCHEMA_TEST_DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .env_remove("CARGO_TARGET_DIR")
        .stdin(Stdio::null())
        .arg("schema")
        .args(args);
    cmd
}

/// Runs a command to its end (killing it after [`COMMAND_TIMEOUT`]).
pub fn run_command(mut cmd: Command) -> Run {
    let args = cmd
        .get_args()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start cargo-schema");
    finish(child, args, COMMAND_TIMEOUT)
}

/// Waits for a spawned run, killing it (and failing) after `timeout`.
pub fn finish(mut child: Child, args: Vec<String>, timeout: Duration) -> Run {
    // Drain the pipes on threads, so a chatty child never blocks on them.
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for cargo-schema") {
            break Some(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let join = |h: Option<std::thread::JoinHandle<String>>| {
        h.map(|h| h.join().expect("read the output"))
            .unwrap_or_default()
    };
    let run = Run {
        args,
        code: status.and_then(|s| s.code()),
        stdout: join(stdout),
        stderr: join(stderr),
    };
    assert!(
        status.is_some(),
        "cargo-schema did not finish within {timeout:?} (killed)\n{run}"
    );
    run
}

fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// `cargo-schema schema ARGS… --database-url URL` in the project, the
/// test's database.
pub fn schema(p: &TestProject, db: &TestDb, args: &[&str]) -> Run {
    schema_at(p, db.url(), args)
}

/// `cargo-schema schema ARGS… --database-url URL` in the project, any URL.
pub fn schema_at(p: &TestProject, url: &str, args: &[&str]) -> Run {
    let mut cmd = command(p, args);
    cmd.args(["--database-url", url]);
    run_command(cmd)
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, then let go).
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// [`schema`] with `--format json`, required to succeed; stdout parsed.
pub fn schema_json(p: &TestProject, db: &TestDb, args: &[&str]) -> serde_json::Value {
    let mut cmd = command(p, args);
    cmd.args(["--database-url", db.url(), "--format", "json"]);
    run_command(cmd).success().json()
}

/// Starts `cargo-schema schema ARGS… --database-url URL` without waiting.
pub fn spawn(p: &TestProject, db: &TestDb, args: &[&str]) -> (Child, Vec<String>) {
    let mut cmd = command(p, args);
    cmd.args(["--database-url", db.url()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let argv = cmd
        .get_args()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    (cmd.spawn().expect("start cargo-schema"), argv)
}

/// Polls `condition` every 20 ms until it holds, failing after `timeout`.
#[track_caller]
pub fn wait_until(what: &str, timeout: Duration, mut condition: impl FnMut() -> bool) {
    let started = Instant::now();
    while !condition() {
        assert!(
            started.elapsed() < timeout,
            "timed out after {timeout:?} waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
