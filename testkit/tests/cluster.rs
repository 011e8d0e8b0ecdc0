//! The throwaway cluster against a real PostgreSQL server: no mocks.
//!
//! Some tests re-run this test binary as a child process (an `#[ignore]`d
//! test that does nothing unless `SCHEMA_TESTKIT_CHILD` is set), because
//! what they check is about processes: sharing one server across them, and
//! the server stopping when they die.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use std::{fs, thread};

use schema_testkit::{Cluster, ClusterHandle, Startup};
use sqlx::{Connection, PgConnection};

/// A database name no other test (or test process) uses.
fn unique_name(tag: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "tk_{tag}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Creates a database, a table in it, writes and reads a row, drops it.
async fn use_a_database(cluster: &ClusterHandle, tag: &str) {
    let name = unique_name(tag);
    cluster.create_database(&name).await.unwrap();
    let mut conn = PgConnection::connect(&cluster.url(&name)).await.unwrap();
    sqlx::raw_sql("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO item VALUES ($1, $2)")
        .bind(1)
        .bind(tag)
        .execute(&mut conn)
        .await
        .unwrap();
    let read: String = sqlx::query_scalar("SELECT name FROM item WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(read, tag);
    conn.close().await.unwrap();
    cluster.drop_database(&name).await.unwrap();
}

/// Whether a process is gone (a zombie counts as gone: it runs nothing).
fn is_gone(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
        Err(_) => true,
    }
}

fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(20));
    }
    true
}

fn report(what: &str, startup: Startup) {
    report_line(&format!("{what}: {startup}"));
}

#[expect(
    clippy::print_stdout,
    reason = "timings are reported in the test output, not asserted"
)]
fn report_line(line: &str) {
    println!("{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shared_cluster_runs_sql_on_a_unix_socket_only() {
    let cluster = Cluster::shared().unwrap();
    report(
        "shared cluster, first use in this process",
        cluster.startup(),
    );
    use_a_database(&cluster, "basic").await;
    if cluster.is_external() {
        return;
    }
    let mut conn = PgConnection::connect(&cluster.admin_url()).await.unwrap();
    let setting = |name: &'static str| {
        sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(format!("SHOW {name}")))
    };
    assert_eq!(
        setting("listen_addresses")
            .fetch_one(&mut conn)
            .await
            .unwrap(),
        ""
    );
    assert_eq!(setting("fsync").fetch_one(&mut conn).await.unwrap(), "off");
    assert_eq!(
        setting("synchronous_commit")
            .fetch_one(&mut conn)
            .await
            .unwrap(),
        "off"
    );
    assert_eq!(
        setting("full_page_writes")
            .fetch_one(&mut conn)
            .await
            .unwrap(),
        "off"
    );
    assert_eq!(
        setting("max_connections")
            .fetch_one(&mut conn)
            .await
            .unwrap(),
        "200"
    );
    let socket_dir = setting("unix_socket_directories")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(Path::new(&socket_dir), cluster.socket_dir().unwrap());
    let user: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(user, "postgres");
    conn.close().await.unwrap();
}

/// Several tests at once, each with several connections at once, on one server.
async fn share_with_other_tests(tag: &str) {
    let cluster = Cluster::shared().unwrap();
    let again = Cluster::shared().unwrap();
    assert!(Arc::ptr_eq(&cluster, &again), "one handle per process");
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let cluster = Arc::clone(&cluster);
            let tag = format!("{tag}{i}");
            tokio::spawn(async move { use_a_database(&cluster, &tag).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_tests_share_the_cluster_a() {
    share_with_other_tests("a").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_tests_share_the_cluster_b() {
    share_with_other_tests("b").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_tests_share_the_cluster_c() {
    share_with_other_tests("c").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_tests_share_the_cluster_d() {
    share_with_other_tests("d").await;
}

#[test]
fn a_panic_while_holding_the_shared_cluster_leaves_it_usable() {
    let result = thread::spawn(|| {
        let _cluster = Cluster::shared().unwrap();
        panic!("a test failed while holding the shared cluster");
    })
    .join();
    assert!(result.is_err());
    let cluster = Cluster::shared().unwrap();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(use_a_database(&cluster, "after_panic"));
}

/// What to check after a private server is gone.
struct Traces {
    pid: u32,
    socket_dir: PathBuf,
    data_dir: PathBuf,
}

impl Traces {
    fn of(cluster: &ClusterHandle) -> Traces {
        Traces {
            pid: cluster.server_pid().expect("the server runs"),
            socket_dir: cluster.socket_dir().unwrap().to_owned(),
            data_dir: cluster.data_dir().unwrap().to_owned(),
        }
    }

    fn assert_gone(&self) {
        assert!(is_gone(self.pid), "postgres (pid {}) still runs", self.pid);
        assert!(
            !self.socket_dir.exists(),
            "{} remains",
            self.socket_dir.display()
        );
        let private_dir = self.data_dir.parent().unwrap();
        assert!(!private_dir.exists(), "{} remains", private_dir.display());
    }
}

#[test]
fn a_private_cluster_is_gone_when_its_handle_drops() {
    let cluster = Cluster::start().unwrap();
    report("private cluster", cluster.startup());
    let traces = Traces::of(&cluster);
    assert!(!is_gone(traces.pid));
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(use_a_database(&cluster, "private"));
    let shared = Cluster::shared().unwrap();
    if !shared.is_external() {
        assert_ne!(
            shared.socket_dir(),
            cluster.socket_dir(),
            "a server of its own"
        );
    }
    drop(cluster);
    // Stopped synchronously, not eventually.
    traces.assert_gone();
}

#[test]
fn a_panic_while_holding_a_private_cluster_still_stops_it() {
    let (send, receive) = mpsc::channel();
    let result = thread::spawn(move || {
        let cluster = Cluster::start().unwrap();
        send.send(Traces::of(&cluster)).unwrap();
        panic!("a test failed while holding its cluster");
    })
    .join();
    assert!(result.is_err());
    receive.recv().unwrap().assert_gone();
}

// ---------------------------------------------------------------------------
// Across processes.

const CHILD_ENV: &str = "SCHEMA_TESTKIT_CHILD";

/// A test process, for the tests below: this binary re-run with only
/// `child_process` selected.
struct ChildProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    ready: String,
}

impl ChildProcess {
    fn spawn(mode: &str, envs: &[(&str, &str)]) -> ChildProcess {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "child_process",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, mode)
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        // Its stderr (a panic message, when the test makes it panic) is
        // shown only if it fails to get ready.
        let mut stderr = child.stderr.take().unwrap();
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            text
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let ready = lines
            .by_ref()
            .map_while(Result::ok)
            // libtest has printed `test child_process ... ` before it.
            .find_map(|line| line.find("READY ").map(|at| line[at..].to_owned()));
        let Some(ready) = ready else {
            let status = child.wait().unwrap();
            panic!(
                "child `{mode}` ended ({status}) without saying READY:\n{}",
                stderr.join().unwrap()
            );
        };
        report_line(&format!("child process `{mode}`: {ready}"));
        // Keep draining its output so it never blocks on a full pipe.
        thread::spawn(move || lines.for_each(drop));
        ChildProcess {
            child,
            stdin,
            ready,
        }
    }

    /// A `key=value` field of the READY line.
    fn field(&self, key: &str) -> &str {
        self.ready
            .split_whitespace()
            .find_map(|word| word.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("no {key} in {:?}", self.ready))
    }

    fn server_pid(&self) -> u32 {
        self.field("pid").parse().unwrap()
    }

    fn tell(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }
}

/// The child side: takes the shared cluster, says READY with what the
/// parent checks, then waits for a word on stdin (`panic`, or end of input
/// to return normally).
#[test]
#[ignore = "a helper the cross-process tests run as a child process"]
fn child_process() {
    let Ok(mode) = std::env::var(CHILD_ENV) else {
        return;
    };
    let cluster = Cluster::shared().unwrap();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(use_a_database(&cluster, "child"));
    let started = match cluster.startup() {
        Startup::Attached { .. } => "attached",
        Startup::Started {
            initdb: Some(_), ..
        } => "cold",
        Startup::Started { .. } => "warm",
        _ => "other",
    };
    say_ready(&format!(
        "READY mode={mode} external={} pid={} socket={} started={started} startup_ms={}",
        cluster.is_external(),
        cluster.server_pid().unwrap_or(0),
        cluster
            .socket_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        match cluster.startup() {
            Startup::Started { total, .. } => total.as_millis(),
            Startup::Attached { elapsed } => elapsed.as_millis(),
            _ => 0,
        },
    ));
    report(&format!("child process ({mode})"), cluster.startup());
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    if line.trim() == "panic" {
        panic!("the child test failed while holding the shared cluster");
    }
}

#[expect(
    clippy::print_stdout,
    reason = "the child talks to its parent test through stdout"
)]
fn say_ready(line: &str) {
    println!("{line}");
}

/// A cache directory of its own, so the server these tests start and stop
/// is not the one the other tests of the run share. Reachable by the
/// `postgres` user when the tests run as root.
fn own_cache_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn test_processes_share_one_server_which_stops_when_the_last_one_dies() {
    if std::env::var_os("SCHEMA_TEST_DATABASE_URL").is_some() {
        return;
    }
    let cache = own_cache_dir();
    let cache_dir = cache.path().to_str().unwrap();
    let env = [
        ("SCHEMA_TESTKIT_DIR", cache_dir),
        ("SCHEMA_TESTKIT_IDLE_MS", "300"),
    ];

    // Two test processes at once: the second joins the first one's server.
    let mut first = ChildProcess::spawn("first", &env);
    let mut second = ChildProcess::spawn("second", &env);
    assert_eq!(first.field("started"), "cold", "{}", first.ready);
    assert_eq!(second.field("started"), "attached", "{}", second.ready);
    let pid = first.server_pid();
    assert_eq!(second.server_pid(), pid);
    assert_eq!(second.field("socket"), first.field("socket"));
    let socket_dir = PathBuf::from(first.field("socket"));

    // One is killed outright: the other still holds the server up, past
    // the idle timeout.
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    thread::sleep(Duration::from_millis(1000));
    assert!(
        !is_gone(pid),
        "the server stopped while a process still used it"
    );

    // The other panics: nobody is left, so the server stops.
    second.tell("panic");
    assert!(!second.child.wait().unwrap().success());
    assert!(
        wait_until(Duration::from_secs(15), || is_gone(pid)),
        "postgres {pid} still runs"
    );
    assert!(wait_until(Duration::from_secs(5), || !socket_dir.exists()));

    // The next run reuses the data directory (a warm start, no initdb).
    let mut third = ChildProcess::spawn("third", &env);
    assert_eq!(third.field("started"), "warm", "{}", third.ready);
    let pid = third.server_pid();
    third.stdin.take();
    assert!(third.child.wait().unwrap().success());
    assert!(
        wait_until(Duration::from_secs(15), || is_gone(pid)),
        "postgres {pid} still runs"
    );
}

#[test]
fn a_crashed_server_is_replaced_on_next_use() {
    if std::env::var_os("SCHEMA_TEST_DATABASE_URL").is_some() {
        return;
    }
    let cache = own_cache_dir();
    let cache_dir = cache.path().to_str().unwrap();
    let env = [
        ("SCHEMA_TESTKIT_DIR", cache_dir),
        ("SCHEMA_TESTKIT_IDLE_MS", "300"),
    ];
    let mut first = ChildProcess::spawn("crash-first", &env);
    let pid = first.server_pid();
    // The server dies under its users (an OOM kill, say): the next process
    // must not trust the stale state, postmaster.pid or socket directory.
    Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(wait_until(Duration::from_secs(10), || is_gone(pid)));
    let mut second = ChildProcess::spawn("crash-second", &env);
    assert_eq!(second.field("started"), "warm", "{}", second.ready);
    let new_pid = second.server_pid();
    assert_ne!(new_pid, pid);
    first.stdin.take();
    second.stdin.take();
    assert!(first.child.wait().unwrap().success());
    assert!(second.child.wait().unwrap().success());
    assert!(
        wait_until(Duration::from_secs(15), || is_gone(new_pid)),
        "postgres {new_pid} still runs"
    );
}

/// The parent of a process, from `/proc/<pid>/stat`.
fn parent_of(pid: u32) -> u32 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let (_, rest) = stat.rsplit_once(')').unwrap();
    rest.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_server_orphaned_by_a_crash_is_stopped_by_the_next_run() {
    if std::env::var_os("SCHEMA_TEST_DATABASE_URL").is_some() {
        return;
    }
    let cache = own_cache_dir();
    let cache_dir = cache.path().to_str().unwrap();
    let env = [
        ("SCHEMA_TESTKIT_DIR", cache_dir),
        ("SCHEMA_TESTKIT_IDLE_MS", "300"),
    ];
    let mut first = ChildProcess::spawn("orphan-first", &env);
    let orphan = first.server_pid();
    // The worst crash: the supervisor is killed, then its users exit. The
    // server runs on with nobody to stop it ...
    let supervisor = parent_of(orphan);
    Command::new("kill")
        .args(["-KILL", &supervisor.to_string()])
        .status()
        .unwrap();
    first.stdin.take();
    assert!(first.child.wait().unwrap().success());
    thread::sleep(Duration::from_millis(600));
    assert!(!is_gone(orphan));
    // ... until the next run finds it, stops it and starts a supervised one.
    let mut second = ChildProcess::spawn("orphan-second", &env);
    assert_ne!(second.server_pid(), orphan);
    assert!(is_gone(orphan), "the orphaned server {orphan} still runs");
    let pid = second.server_pid();
    second.stdin.take();
    assert!(second.child.wait().unwrap().success());
    assert!(
        wait_until(Duration::from_secs(15), || is_gone(pid)),
        "postgres {pid} still runs"
    );
}

#[test]
fn schema_test_database_url_uses_that_server_and_starts_none() {
    let server = Cluster::start().unwrap();
    let mut child = ChildProcess::spawn(
        "external",
        &[("SCHEMA_TEST_DATABASE_URL", &server.admin_url())],
    );
    assert_eq!(child.field("external"), "true", "{}", child.ready);
    child.stdin.take();
    assert!(child.child.wait().unwrap().success());
}
