//! A throwaway PostgreSQL cluster for tests.
//!
//! [`Cluster::shared`] is what tests use: one server shared by every test of
//! a test binary *and* by every test process of a run (cargo-nextest starts
//! a process per test), started on first use and stopped shortly after the
//! last user is gone. [`Cluster::start`] gives a server of one's own,
//! stopped when its handle drops. [`Cluster::from_url`] (and
//! `SCHEMA_TEST_DATABASE_URL` for the shared one) points at a server that is
//! already running instead.
//!
//! How the shared server is shared, and why it cannot be left running:
//!
//! - In a process, [`Cluster::shared`] hands out clones of one
//!   `Arc<ClusterHandle>`; a static keeps only a weak reference, so the
//!   handle (and its lease, below) goes away when the last test drops it.
//! - Across processes, everything lives under the target directory
//!   (`target/schema-testkit/pg15/`, see the `layout` module): the data
//!   directory, reused run after run (starting a stopped cluster takes
//!   ~0.05-0.1 s, initdb 1-2 s, copying a fresh data directory in
//!   between), a `state` file naming the running server's socket
//!   directory, and two lock files. A process using the server holds a
//!   *lease*: a shared `flock` on `users.lock`.
//!   Attaching and starting happen under an exclusive `flock` on
//!   `cluster.lock`, so two processes never both start a server.
//! - The server runs under a supervisor (`supervisor.sh`) that stops it once
//!   no lease has been held for the idle timeout (`SCHEMA_TESTKIT_IDLE_MS`,
//!   2000 ms by default: long enough for cargo test to go from one test
//!   binary to the next). The kernel drops a process's flocks when it dies,
//!   however it dies, so a panic, a SIGKILL or a runner's timeout all end
//!   in the server stopping, without any destructor having to run.
//! - A run that crashed harder (the supervisor itself killed) leaves a
//!   `state`, a `postmaster.pid` or a socket directory behind; the next
//!   start recognises them by pid, process start time and working
//!   directory, stops what still runs and removes the rest.

mod account;
mod binaries;
mod layout;
mod process;
mod server;

use std::fmt;
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use sqlx::{Connection as _, PgConnection};

use self::account::RunAs;
use self::layout::Layout;
use self::server::{ServerSpec, State};
use crate::TestkitError;

/// Set to use a running server instead of starting one: a PostgreSQL URL
/// whose user may create and drop databases.
pub const DATABASE_URL_ENV: &str = "SCHEMA_TEST_DATABASE_URL";

/// The superuser of the clusters we start (`initdb -U postgres`).
pub const SUPERUSER: &str = "postgres";

const DEFAULT_IDLE: Duration = Duration::from_millis(2000);

/// Entry points to a PostgreSQL server for tests.
#[derive(Debug)]
pub struct Cluster(());

impl Cluster {
    /// The server shared by all tests of this process and of the other
    /// test processes of the run, started if none is running.
    ///
    /// With `SCHEMA_TEST_DATABASE_URL` set, no server is started: the handle
    /// points at that one.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), schema_testkit::TestkitError> {
    /// let cluster = schema_testkit::Cluster::shared()?;
    /// cluster.create_database("my_test").await?;
    /// let url = cluster.url("my_test"); // hand this to sqlx, the runner, …
    /// cluster.drop_database("my_test").await?;
    /// # Ok(()) }
    /// ```
    pub fn shared() -> Result<Arc<ClusterHandle>, TestkitError> {
        static SHARED: Mutex<Weak<ClusterHandle>> = Mutex::new(Weak::new());
        let mut slot = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(handle) = slot.upgrade() {
            return Ok(handle);
        }
        let handle = Arc::new(match std::env::var(DATABASE_URL_ENV) {
            Ok(url) if !url.trim().is_empty() => Cluster::from_url(url.trim())?,
            _ => attach_shared()?,
        });
        *slot = Arc::downgrade(&handle);
        Ok(handle)
    }

    /// A server of its own (a copy of the cached initdb output), stopped and
    /// removed when the handle drops, or within a fraction of a second
    /// after this process dies. Ignores `SCHEMA_TEST_DATABASE_URL`.
    pub fn start() -> Result<ClusterHandle, TestkitError> {
        start_private()
    }

    /// A handle on a server that is already running; nothing is started or
    /// stopped. `url` names a database the user can connect to and whose
    /// user may create databases.
    pub fn from_url(url: &str) -> Result<ClusterHandle, TestkitError> {
        let parsed = url::Url::parse(url).map_err(|e| TestkitError::BadUrl {
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            return Err(TestkitError::BadUrl {
                reason: format!("scheme `{}` is not postgres://", parsed.scheme()),
            });
        }
        Ok(ClusterHandle {
            endpoint: Endpoint::Url(parsed),
            startup: Startup::External,
            _keep: Keep::Nothing,
        })
    }
}

/// A PostgreSQL server in use by this process. While it exists the server
/// keeps running.
#[derive(Debug)]
pub struct ClusterHandle {
    endpoint: Endpoint,
    startup: Startup,
    _keep: Keep,
}

#[derive(Debug)]
enum Endpoint {
    /// A server we run: its Unix socket, its data directory, its version.
    Socket {
        dir: PathBuf,
        data: PathBuf,
        version: String,
    },
    /// A server someone else runs.
    Url(url::Url),
}

/// What keeps the server running for this handle.
#[derive(Debug)]
#[expect(dead_code, reason = "held for what its drop does, never read")]
enum Keep {
    /// A lease on a shared server (a shared flock), released on drop.
    Lease(File),
    /// A private server, stopped on drop.
    Private(PrivateServer),
    /// An external server: not ours to keep or stop.
    Nothing,
}

/// How a handle came to be, with timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Startup {
    /// Points at a server given by URL.
    External,
    /// Joined a server another process (or an earlier handle) started.
    Attached {
        /// Time to take the locks and check the server.
        elapsed: Duration,
    },
    /// Started a server.
    Started {
        /// Time spent in initdb, when the cached data directory had to be made.
        initdb: Option<Duration>,
        /// Time spent copying the cached data directory (private clusters).
        copy: Option<Duration>,
        /// From spawning the server to its accepting connections.
        server: Duration,
        /// Everything, locks and checks included.
        total: Duration,
    },
}

impl fmt::Display for Startup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        match self {
            Startup::External => write!(f, "external server"),
            Startup::Attached { elapsed } => {
                write!(f, "attached to a running server in {}", ms(*elapsed))
            }
            Startup::Started {
                initdb,
                copy,
                server,
                total,
            } => {
                write!(
                    f,
                    "started a server in {} (server {}",
                    ms(*total),
                    ms(*server)
                )?;
                match initdb {
                    Some(initdb) => write!(f, ", initdb {}", ms(*initdb))?,
                    None => write!(f, ", cached data directory")?,
                }
                if let Some(copy) = copy {
                    write!(f, ", copy {}", ms(*copy))?;
                }
                write!(f, ")")
            }
        }
    }
}

impl ClusterHandle {
    /// The directory holding the server's Unix socket; `None` for an
    /// external server.
    pub fn socket_dir(&self) -> Option<&Path> {
        match &self.endpoint {
            Endpoint::Socket { dir, .. } => Some(dir),
            Endpoint::Url(_) => None,
        }
    }

    /// The port: part of the socket's file name (`.s.PGSQL.5432`) for our
    /// servers, which listen on no TCP port.
    pub fn port(&self) -> u16 {
        match &self.endpoint {
            Endpoint::Socket { .. } => server::PORT,
            Endpoint::Url(url) => url.port().unwrap_or(5432),
        }
    }

    /// A URL for `database` on this server, for sqlx and libpq alike:
    /// `postgres://postgres@%2Ftmp%2Fschema-testkit-sock-AbC123:5432/database`.
    pub fn url(&self, database: &str) -> String {
        match &self.endpoint {
            Endpoint::Socket { dir, .. } => format!(
                "postgres://{SUPERUSER}@{}:{}/{}",
                percent_encode(&dir.to_string_lossy()),
                server::PORT,
                percent_encode(database)
            ),
            Endpoint::Url(url) => {
                let mut url = url.clone();
                url.set_path(&format!("/{}", percent_encode(database)));
                url.into()
            }
        }
    }

    /// A URL to connect to for administration (creating and dropping
    /// databases): the `postgres` database of our servers, the URL as given
    /// for an external one.
    pub fn admin_url(&self) -> String {
        match &self.endpoint {
            Endpoint::Socket { .. } => self.url("postgres"),
            Endpoint::Url(url) => url.to_string(),
        }
    }

    /// Whether this points at a server given by URL.
    pub fn is_external(&self) -> bool {
        matches!(self.endpoint, Endpoint::Url(_))
    }

    /// The server's data directory; `None` for an external server.
    pub fn data_dir(&self) -> Option<&Path> {
        match &self.endpoint {
            Endpoint::Socket { data, .. } => Some(data),
            Endpoint::Url(_) => None,
        }
    }

    /// The server's version (`15.20`); `None` for an external server.
    pub fn server_version(&self) -> Option<&str> {
        match &self.endpoint {
            Endpoint::Socket { version, .. } => Some(version),
            Endpoint::Url(_) => None,
        }
    }

    /// The postmaster's pid, while it runs; `None` for an external server.
    pub fn server_pid(&self) -> Option<u32> {
        server::postmaster_status(self.data_dir()?).map(|(pid, _)| pid)
    }

    /// How this handle came to be, with timings.
    pub fn startup(&self) -> Startup {
        self.startup
    }

    /// Creates an empty database (from `template1`).
    pub async fn create_database(&self, name: &str) -> Result<(), TestkitError> {
        let sql = format!("CREATE DATABASE {}", quote_database_name(name)?);
        self.admin_execute(sql).await
    }

    /// Drops a database if it exists, disconnecting its sessions first
    /// (PostgreSQL 13 and later; earlier servers refuse while any remain).
    pub async fn drop_database(&self, name: &str) -> Result<(), TestkitError> {
        let quoted = quote_database_name(name)?;
        let mut conn = PgConnection::connect(&self.admin_url()).await?;
        let version: i32 = sqlx::query_scalar("SELECT current_setting('server_version_num')::int")
            .fetch_one(&mut conn)
            .await?;
        let force = if version >= 130_000 {
            " WITH (FORCE)"
        } else {
            ""
        };
        let sql = format!("DROP DATABASE IF EXISTS {quoted}{force}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        Ok(())
    }

    async fn admin_execute(&self, sql: String) -> Result<(), TestkitError> {
        let mut conn = PgConnection::connect(&self.admin_url()).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        Ok(())
    }
}

/// Joins the shared server, starting it if none runs. See the module docs.
fn attach_shared() -> Result<ClusterHandle, TestkitError> {
    let started = Instant::now();
    let run_as = RunAs::for_this_process()?;
    let binaries = binaries::locate()?;
    let layout = Layout::new(&binaries, &run_as)?;
    let data = layout.data();

    let _starting = layout::lock_exclusive(&layout.cluster_lock())?;
    let lease = layout::lock_shared(&layout.users_lock())?;
    if let Some(state) = State::read(&layout.state())
        && server::is_running(&layout, &state)
    {
        return Ok(ClusterHandle {
            endpoint: Endpoint::Socket {
                dir: state.socket_dir,
                data,
                version: binaries.version,
            },
            startup: Startup::Attached {
                elapsed: started.elapsed(),
            },
            _keep: Keep::Lease(lease),
        });
    }

    server::clean_leftovers(&layout);
    server::sweep_temp_dir();
    let mut initdb = layout::ensure_initdb(&layout, &data, &binaries, &run_as)?;
    let (log, users_lock, cluster_lock) =
        (layout.log(), layout.users_lock(), layout.cluster_lock());
    let script = layout.supervisor_script()?;
    let spec = ServerSpec {
        binaries: &binaries,
        run_as: &run_as,
        data: &data,
        log: &log,
        users_lock: &users_lock,
        cluster_lock: &cluster_lock,
        script: &script,
        idle: idle_timeout(),
        remove_after: None,
    };
    let spawned = match server::spawn(&spec) {
        Ok(spawned) => spawned,
        // A reused data directory that no longer starts (a crash mid-write
        // with fsync off, a full disk): its databases are all throwaway, so
        // start over from a fresh initdb.
        Err(_) if initdb.is_none() => {
            layout::remove_dir(&data)?;
            initdb = layout::ensure_initdb(&layout, &data, &binaries, &run_as)?;
            server::spawn(&spec)?
        }
        Err(e) => return Err(e),
    };
    let state = State {
        supervisor: spawned.supervisor.id(),
        socket_dir: spawned.socket_dir.clone(),
        port: server::PORT,
    };
    state.write(&layout.state())?;
    server::adopt(spawned.supervisor);
    Ok(ClusterHandle {
        endpoint: Endpoint::Socket {
            dir: spawned.socket_dir,
            data,
            version: binaries.version,
        },
        startup: Startup::Started {
            initdb,
            copy: None,
            server: spawned.elapsed,
            total: started.elapsed(),
        },
        _keep: Keep::Lease(lease),
    })
}

fn idle_timeout() -> Duration {
    std::env::var("SCHEMA_TESTKIT_IDLE_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DEFAULT_IDLE, Duration::from_millis)
}

/// A server of one handle's own, in a directory of its own under the temp
/// directory.
#[derive(Debug)]
struct PrivateServer {
    dir: PathBuf,
    data: PathBuf,
    socket_dir: PathBuf,
    supervisor: Child,
    /// The lease the supervisor watches: released first on drop, and by the
    /// kernel if the process dies.
    lease: Option<File>,
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        self.lease.take();
        server::stop_supervised(&mut self.supervisor, &self.data);
        for dir in [&self.dir, &self.socket_dir] {
            if let Err(e) = layout::remove_dir(dir) {
                report_cleanup_failure(&e);
            }
        }
    }
}

#[expect(
    clippy::print_stderr,
    reason = "a destructor cannot return its error, and a failed cleanup must not go unseen"
)]
fn report_cleanup_failure(error: &TestkitError) {
    eprintln!("schema-testkit: cleanup failed: {error}");
}

fn start_private() -> Result<ClusterHandle, TestkitError> {
    let started = Instant::now();
    let run_as = RunAs::for_this_process()?;
    let binaries = binaries::locate()?;
    let layout = Layout::new(&binaries, &run_as)?;
    server::sweep_temp_dir();
    let template = layout.template();
    let initdb = layout::ensure_initdb(&layout, &template, &binaries, &run_as)?;

    let dir = tempfile::Builder::new()
        .prefix(layout::PRIVATE_DIR_PREFIX)
        .tempdir()
        .map_err(|e| TestkitError::io("create a directory in", std::env::temp_dir(), e))?;
    // Whoever owns `dir` (the server user, so its supervisor can remove it)
    // must reach the data and lock files inside.
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755))
        .map_err(|e| TestkitError::io("set permissions of", dir.path(), e))?;
    // Names the owning process, for the sweep after a crash.
    let owner = dir.path().join("owner");
    fs::write(&owner, process::identity(std::process::id()))
        .map_err(|e| TestkitError::io("write", &owner, e))?;
    let data = dir.path().join("data");
    let copy_started = Instant::now();
    layout::copy_data_dir(&template, &data, &run_as)?;
    let copy = copy_started.elapsed();
    let (users_lock, cluster_lock, log) = (
        dir.path().join("users.lock"),
        dir.path().join("cluster.lock"),
        dir.path().join("server.log"),
    );
    let lease = layout::lock_shared(&users_lock)?;
    layout::open_lock_file(&cluster_lock)?;
    run_as
        .give(dir.path())
        .map_err(|e| TestkitError::io("change the owner of", dir.path(), e))?;
    let spawned = server::spawn(&ServerSpec {
        binaries: &binaries,
        run_as: &run_as,
        data: &data,
        log: &log,
        users_lock: &users_lock,
        cluster_lock: &cluster_lock,
        script: &layout.supervisor_script()?,
        idle: Duration::ZERO,
        remove_after: Some(dir.path()),
    })?;
    // From here on the server's supervisor and our Drop remove the directory.
    let dir = dir.keep();
    Ok(ClusterHandle {
        endpoint: Endpoint::Socket {
            dir: spawned.socket_dir.clone(),
            data: data.clone(),
            version: binaries.version.clone(),
        },
        startup: Startup::Started {
            initdb,
            copy: Some(copy),
            server: spawned.elapsed,
            total: started.elapsed(),
        },
        _keep: Keep::Private(PrivateServer {
            dir,
            data,
            socket_dir: spawned.socket_dir,
            supervisor: spawned.supervisor,
            lease: Some(lease),
        }),
    })
}

/// `"a\"b"` → `"\"a\"\"b\""`: a database name as a quoted SQL identifier.
fn quote_database_name(name: &str) -> Result<String, TestkitError> {
    let bad = |reason| TestkitError::BadDatabaseName {
        name: name.to_owned(),
        reason,
    };
    if name.is_empty() {
        return Err(bad("it is empty"));
    }
    if name.len() > 63 {
        return Err(bad("PostgreSQL truncates names longer than 63 bytes"));
    }
    if name.contains('\0') {
        return Err(bad("it contains a NUL character"));
    }
    Ok(format!("\"{}\"", name.replace('"', "\"\"")))
}

/// Percent-encodes everything but unreserved URL characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_names_are_quoted_and_checked() {
        assert_eq!(quote_database_name("plain").unwrap(), "\"plain\"");
        assert_eq!(quote_database_name("a\"b").unwrap(), "\"a\"\"b\"");
        assert!(quote_database_name("").is_err());
        assert!(quote_database_name(&"x".repeat(64)).is_err());
    }

    #[test]
    fn socket_urls_encode_the_directory_as_the_host() {
        let handle = ClusterHandle {
            endpoint: Endpoint::Socket {
                dir: PathBuf::from("/tmp/schema-testkit-sock-x1"),
                data: PathBuf::from("/nowhere"),
                version: "15.0".to_owned(),
            },
            startup: Startup::External,
            _keep: Keep::Nothing,
        };
        assert_eq!(
            handle.url("my db"),
            "postgres://postgres@%2Ftmp%2Fschema-testkit-sock-x1:5432/my%20db"
        );
        assert_eq!(handle.admin_url(), handle.url("postgres"));
    }

    #[test]
    fn external_urls_keep_everything_but_the_database() {
        let handle =
            Cluster::from_url("postgres://u:secret@db.example:6543/admin?sslmode=disable").unwrap();
        assert_eq!(
            handle.url("t1"),
            "postgres://u:secret@db.example:6543/t1?sslmode=disable"
        );
        assert_eq!(handle.port(), 6543);
        assert!(handle.is_external());
        assert!(handle.socket_dir().is_none());
        let err = Cluster::from_url("mysql://x@y/z").unwrap_err();
        assert!(err.to_string().contains("postgres://"), "{err}");
        assert!(!err.to_string().contains("x@y"), "{err}");
    }
}
