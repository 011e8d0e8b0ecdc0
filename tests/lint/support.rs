//! What the lint tests share: fresh databases (on the testkit's throwaway
//! PostgreSQL cluster, or a SQLite file in a temp dir), sessions that each
//! keep one connection open on a thread of their own (so one session can
//! wait for a lock while the test looks at `pg_locks` from another), and
//! the lint run on SQL against the schema replayed from its setup.

use std::collections::BTreeSet;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use schema_core::Dialect;
use schema_core::lint::{self, Code, Finding};
use schema_core::replay;
use schema_core::schema::Schema;
use schema_testkit::{Cluster, ClusterHandle};
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{AssertSqlSafe, Connection as _, Row as _};
use tempfile::TempDir;

/// How long any statement may take before the test gives up on it
/// (generous: a loaded 2-core machine is slow, but never this slow).
pub const LONG: Duration = Duration::from_secs(60);

/// The `lock_timeout` a probing session uses: a statement that has to wait
/// for a lock fails after this instead of hanging the test.
pub const PROBE_TIMEOUT: &str = "300ms";

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

// ---------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------

/// A fresh, empty database for one test, removed when dropped: a database
/// `lint_<name>` on the shared cluster (a leftover of a crashed run under
/// that name is dropped first), or a SQLite file in a temp dir.
pub struct TestDb {
    pub url: String,
    pg: Option<(Arc<ClusterHandle>, String)>,
    _dir: Option<TempDir>,
}

impl TestDb {
    pub fn postgres(name: &str) -> TestDb {
        let cluster = cluster();
        let db = format!("lint_{name}");
        assert!(db.len() <= 63, "database name {db} is too long");
        block_on(async {
            cluster.drop_database(&db).await?;
            cluster.create_database(&db).await
        })
        .unwrap_or_else(|e| panic!("cannot create database {db}: {e}"));
        TestDb {
            url: cluster.url(&db),
            pg: Some((cluster, db)),
            _dir: None,
        }
    }

    pub fn sqlite(name: &str) -> TestDb {
        let dir = tempfile::Builder::new()
            .prefix("schema-lint-")
            .tempdir()
            .expect("create a temp dir");
        let path = dir.path().join(format!("{name}.sqlite"));
        TestDb {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            pg: None,
            _dir: Some(dir),
        }
    }

    /// A connection of its own, kept open.
    pub fn session(&self) -> Session {
        Session::connect(&self.url)
    }

    /// Runs SQL (several statements are fine) on a fresh connection.
    #[track_caller]
    pub fn execute(&self, sql: &str) {
        self.session().run(sql);
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((cluster, db)) = self.pg.take() {
            // WITH (FORCE) ends the sessions a test left open or waiting.
            let dropped = block_on(cluster.drop_database(&db));
            // Only report while not unwinding: a second panic would abort.
            if let Err(e) = dropped
                && !thread::panicking()
            {
                panic!("cannot drop the test database {db}: {e}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

/// Rows with every column read as text (`NULL` as `None`): cast what is
/// not text in the query (`::text`, `CAST(… AS TEXT)`).
pub type Rows = Vec<Vec<Option<String>>>;

/// An error the database returned.
#[derive(Debug, Clone)]
pub struct DbError {
    /// The SQLSTATE (PostgreSQL) or extended result code (SQLite).
    pub code: Option<String>,
    pub message: String,
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.code {
            Some(c) => write!(f, "[{c}] {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl DbError {
    fn of(e: sqlx::Error) -> DbError {
        match &e {
            sqlx::Error::Database(d) => DbError {
                code: d.code().map(|c| c.into_owned()),
                message: d.message().to_string(),
            },
            other => DbError {
                code: None,
                message: other.to_string(),
            },
        }
    }
}

struct Job {
    sql: String,
    reply: Sender<Result<Rows, DbError>>,
}

enum Conn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// One connection, driven by a thread of its own: [`Session::start`] sends
/// a statement and returns at once, so the test can watch it wait for a
/// lock from another session.
pub struct Session {
    jobs: Option<Sender<Job>>,
    /// The server process of this connection (PostgreSQL), as text.
    pub pid: String,
}

impl Session {
    pub fn connect(url: &str) -> Session {
        let (jobs, rx) = mpsc::channel::<Job>();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
        let sqlite = url.starts_with("sqlite:");
        let url = url.to_string();
        thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime");
            let conn = rt.block_on(async {
                if url.starts_with("sqlite:") {
                    SqliteConnection::connect(&url).await.map(Conn::Sqlite)
                } else {
                    PgConnection::connect(&url).await.map(Conn::Pg)
                }
            });
            let mut conn = match conn {
                Ok(c) => {
                    let _ = ready_tx.send(Ok(()));
                    c
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(format!("cannot connect to {url}: {e}")));
                    return;
                }
            };
            while let Ok(job) = rx.recv() {
                let result = rt.block_on(run_on(&mut conn, &job.sql));
                // The test may have stopped waiting: nothing to tell then.
                let _ = job.reply.send(result);
            }
            let _ = rt.block_on(async {
                match conn {
                    Conn::Pg(c) => c.close().await,
                    Conn::Sqlite(c) => c.close().await,
                }
            });
        });
        match ready_rx.recv_timeout(LONG) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("no connection within {LONG:?}"),
        }
        let mut s = Session {
            jobs: Some(jobs),
            pid: String::new(),
        };
        if !sqlite {
            s.pid = s.value("SELECT pg_backend_pid()::text");
        }
        s
    }

    /// Sends `sql` and returns without waiting for it to finish.
    pub fn start(&self, sql: &str) -> Pending {
        let (reply, rx) = mpsc::channel();
        self.jobs
            .as_ref()
            .expect("open until drop")
            .send(Job {
                sql: sql.to_string(),
                reply,
            })
            .expect("the session's thread is running");
        Pending {
            rx,
            done: None,
            sql: sql.to_string(),
        }
    }

    /// Runs `sql` and returns its rows or the database's error.
    pub fn try_run(&self, sql: &str) -> Result<Rows, DbError> {
        self.start(sql).wait()
    }

    /// Runs `sql`, which must succeed.
    #[track_caller]
    pub fn run(&self, sql: &str) -> Rows {
        match self.try_run(sql) {
            Ok(rows) => rows,
            Err(e) => panic!("{sql}\nfailed: {e}"),
        }
    }

    /// The one value `sql` returns.
    #[track_caller]
    pub fn value(&self, sql: &str) -> String {
        let rows = self.run(sql);
        match rows.as_slice() {
            [row] if row.len() == 1 => row[0].clone().unwrap_or_else(|| "NULL".into()),
            _ => panic!("{sql}\nreturned {rows:?}, not one value"),
        }
    }

    /// The first column of every row.
    #[track_caller]
    pub fn column(&self, sql: &str) -> Vec<Option<String>> {
        self.run(sql)
            .into_iter()
            .map(|r| r.into_iter().next().flatten())
            .collect()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The thread closes the connection once its current statement is
        // done; one still waiting for a lock is ended by the database's
        // DROP … WITH (FORCE). Not joined: that could wait for the lock.
        drop(self.jobs.take());
    }
}

async fn run_on(conn: &mut Conn, sql: &str) -> Result<Rows, DbError> {
    let q = || sqlx::raw_sql(AssertSqlSafe(sql.to_string()));
    match conn {
        Conn::Pg(c) => {
            let rows = q().fetch_all(c).await.map_err(DbError::of)?;
            rows.iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| r.try_get::<Option<String>, _>(i).map_err(DbError::of))
                        .collect()
                })
                .collect()
        }
        Conn::Sqlite(c) => {
            let rows = q().fetch_all(c).await.map_err(DbError::of)?;
            rows.iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| r.try_get::<Option<String>, _>(i).map_err(DbError::of))
                        .collect()
                })
                .collect()
        }
    }
}

/// A statement sent to a session and not waited for yet.
pub struct Pending {
    rx: Receiver<Result<Rows, DbError>>,
    done: Option<Result<Rows, DbError>>,
    sql: String,
}

impl Pending {
    /// Whether it has finished, waiting at most `d`.
    pub fn finished_within(&mut self, d: Duration) -> bool {
        if self.done.is_none() {
            match self.rx.recv_timeout(d) {
                Ok(r) => self.done = Some(r),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the session running `{}` is gone", self.sql)
                }
            }
        }
        self.done.is_some()
    }

    /// Its result, waiting up to [`LONG`] for it.
    #[track_caller]
    pub fn wait(mut self) -> Result<Rows, DbError> {
        if !self.finished_within(LONG) {
            panic!("`{}` did not finish within {LONG:?}", self.sql);
        }
        self.done.take().expect("finished")
    }
}

// ---------------------------------------------------------------------------
// What PostgreSQL shows
// ---------------------------------------------------------------------------

/// The lock modes the backend `pid` holds (`granted`) or waits for (not
/// `granted`) on the relation `table`, as `pg_locks` names them.
#[track_caller]
pub fn lock_modes(obs: &Session, pid: &str, table: &str, granted: bool) -> BTreeSet<String> {
    obs.column(&format!(
        "SELECT l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          WHERE l.locktype = 'relation' AND l.pid = {pid} AND c.relname = '{table}'
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.granted = {granted}"
    ))
    .into_iter()
    .flatten()
    .collect()
}

/// The modes that conflict with ROW EXCLUSIVE (INSERT, UPDATE, DELETE):
/// holding one of them on a table stops its writes.
pub const BLOCKS_WRITES: &[&str] = &[
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
];

/// The one mode that conflicts with ACCESS SHARE (SELECT).
pub const BLOCKS_READS: &str = "AccessExclusiveLock";

/// Waits until the backend `pid` waits for a lock (any lock: a relation,
/// or another transaction's virtual xid, as `CREATE INDEX CONCURRENTLY`
/// does).
#[track_caller]
pub fn wait_until_waiting(obs: &Session, pid: &str, what: &str) {
    let started = Instant::now();
    loop {
        let waiting = obs.value(&format!(
            "SELECT count(*)::text FROM pg_locks WHERE pid = {pid} AND NOT granted"
        ));
        if waiting != "0" {
            return;
        }
        assert!(
            started.elapsed() < LONG,
            "{what} never waited for a lock within {LONG:?}"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

/// The table's file on disk: a rewrite gives it a new one.
#[track_caller]
pub fn filenode(s: &Session, table: &str) -> String {
    s.value(&format!("SELECT pg_relation_filenode('{table}')::text"))
}

/// Sequential scans of `table` counted in the session's current
/// transaction (`pg_stat_xact_user_tables`; only meaningful inside a
/// transaction block, where nothing is flushed in between).
#[track_caller]
pub fn xact_seq_scans(s: &Session, table: &str) -> i64 {
    s.value(&format!(
        "SELECT coalesce((SELECT seq_scan FROM pg_stat_xact_user_tables
                           WHERE relid = '{table}'::regclass), 0)::text"
    ))
    .parse()
    .expect("a number")
}

/// A write to `table` from a fresh session that gives up after
/// [`PROBE_TIMEOUT`] if it has to wait for a lock.
pub fn probe(db: &TestDb, sql: &str) -> Result<Rows, DbError> {
    let s = db.session();
    s.run(&format!("SET lock_timeout = '{PROBE_TIMEOUT}'"));
    s.try_run(sql)
}

/// Asserts that `result` is PostgreSQL's lock timeout.
#[track_caller]
pub fn assert_lock_timeout(result: Result<Rows, DbError>, what: &str) {
    match result {
        Err(e) if e.code.as_deref() == Some("55P03") => {}
        Err(e) => panic!("{what}: expected a lock timeout (55P03), got {e}"),
        Ok(_) => panic!("{what}: expected to wait for the lock and time out, but it ran"),
    }
}

/// Asserts that `result` failed with SQLSTATE `code`.
#[track_caller]
pub fn assert_sqlstate(result: Result<Rows, DbError>, code: &str, what: &str) {
    match result {
        Err(e) if e.code.as_deref() == Some(code) => {}
        Err(e) => panic!("{what}: expected SQLSTATE {code}, got {e}"),
        Ok(rows) => panic!("{what}: expected SQLSTATE {code}, but it succeeded with {rows:?}"),
    }
}

// ---------------------------------------------------------------------------
// The lint
// ---------------------------------------------------------------------------

/// The schema replay gives for `setup`, which must replay without
/// warnings (else the lint would judge against a wrong schema).
#[track_caller]
pub fn replayed(setup: &str, dialect: Dialect) -> Schema {
    let mut schema = Schema::default();
    let mut warnings = Vec::new();
    replay::apply_sql(
        &mut schema,
        setup,
        dialect,
        std::path::Path::new("setup"),
        0,
        &mut warnings,
    );
    let problems: Vec<String> = warnings
        .iter()
        .filter(|w| !w.is_note())
        .map(ToString::to_string)
        .collect();
    assert!(
        problems.is_empty(),
        "replay of the setup warned:\n{}",
        problems.join("\n")
    );
    schema
}

/// The findings of `sql` run after `setup`, allowed ones included.
pub fn lint(setup: &str, sql: &str, dialect: Dialect, transactional: bool) -> Vec<Finding> {
    // The setup must replay cleanly; the lint then sees it as earlier
    // revisions (NOT VALID checks, SQLite's table-level constraints).
    replayed(setup, dialect);
    lint::lint_sql_after(setup, sql, dialect, transactional)
}

/// The codes `sql` raises after `setup` (allowed ones left out).
pub fn codes(setup: &str, sql: &str, dialect: Dialect, transactional: bool) -> Vec<Code> {
    lint(setup, sql, dialect, transactional)
        .into_iter()
        .filter(|f| !f.allowed)
        .map(|f| f.code)
        .collect()
}

/// Asserts that the lint flags `sql` (in a transactional revision) with
/// `code`.
#[track_caller]
pub fn assert_flags(setup: &str, sql: &str, dialect: Dialect, code: Code) {
    let got = codes(setup, sql, dialect, true);
    assert!(
        got.contains(&code),
        "the lint does not flag\n  {sql}\nwith {code} (it gives {got:?})"
    );
}

/// Asserts that the lint raises nothing at all on `sql` (a recipe).
#[track_caller]
pub fn assert_clean(setup: &str, sql: &str, dialect: Dialect, transactional: bool) {
    let found: Vec<String> = lint(setup, sql, dialect, transactional)
        .into_iter()
        .filter(|f| !f.allowed)
        .map(|f| format!("line {}: {}: {}", f.line, f.code, f.message))
        .collect();
    assert!(
        found.is_empty(),
        "the lint flags the recipe\n{sql}\n(transactional: {transactional}):\n{}",
        found.join("\n")
    );
}
