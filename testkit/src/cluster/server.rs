//! Running one PostgreSQL server: spawning it under its supervisor, waiting
//! until it accepts connections, recognising a running one, and cleaning up
//! after servers whose users crashed.
//!
//! The server is started as the child of a small shell supervisor
//! (`supervisor.sh`) in a process group of its own (so a Ctrl-C or a test
//! runner killing a test's process group does not reach a server other
//! processes still use). The supervisor stops the server once no process
//! holds a lease (a shared flock) on the cluster's `users.lock`: that is what
//! stops a server at process exit, whether the process returned, panicked or
//! was killed, with no destructor involved.

use std::fs::{self, File};
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::Signal;

use super::account::RunAs;
use super::binaries::ServerBinaries;
use super::layout::{self, Layout, PRIVATE_DIR_PREFIX, SOCKET_DIR_PREFIX};
use super::process;
use crate::TestkitError;

/// The supervisor's source, written next to the cache (see
/// [`Layout::supervisor_script`](super::layout::Layout::supervisor_script))
/// so that `ps` shows a path rather than the whole script.
pub(crate) const SUPERVISOR: &str = include_str!("supervisor.sh");

/// The port in the socket's file name (`.s.PGSQL.5432`). Nothing listens on
/// TCP, and each server has a socket directory of its own, so the default
/// port never collides and clients need not be told another one.
pub(crate) const PORT: u16 = 5432;

/// How long we wait for a server to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Settings for a throwaway server: only a Unix socket, and no durability
/// (nothing in a test database must survive a power cut).
const SERVER_SETTINGS: &[&str] = &[
    "listen_addresses=",
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    // Tests run in parallel, each with a pool of its own.
    "max_connections=200",
];

/// What to run, and where.
pub(crate) struct ServerSpec<'a> {
    pub binaries: &'a ServerBinaries,
    pub run_as: &'a RunAs,
    pub data: &'a Path,
    pub log: &'a Path,
    pub users_lock: &'a Path,
    pub cluster_lock: &'a Path,
    /// The supervisor script.
    pub script: &'a Path,
    /// How long the server may go without users before it is stopped.
    pub idle: Duration,
    /// A directory the supervisor removes after the server stopped.
    pub remove_after: Option<&'a Path>,
}

/// A server that accepts connections.
#[derive(Debug)]
pub(crate) struct Spawned {
    pub supervisor: Child,
    pub socket_dir: PathBuf,
    /// How long from spawning to accepting connections.
    pub elapsed: Duration,
}

/// Starts a server on `spec.data`, which no server may be running on, and
/// waits until it accepts connections.
pub(crate) fn spawn(spec: &ServerSpec<'_>) -> Result<Spawned, TestkitError> {
    require_flock()?;
    let started = Instant::now();
    // Stale after a crash; postgres would refuse to start if its pid had
    // been reused by a live process.
    let _ = fs::remove_file(spec.data.join("postmaster.pid"));
    let log = File::create(spec.log).map_err(|e| TestkitError::io("create", spec.log, e))?;
    let _ = fs::set_permissions(spec.log, fs::Permissions::from_mode(0o644));
    let log_err = log
        .try_clone()
        .map_err(|e| TestkitError::io("open", spec.log, e))?;
    // Removed on drop until the server runs; the supervisor removes it after.
    let socket_tmp = tempfile::Builder::new()
        .prefix(SOCKET_DIR_PREFIX)
        .tempdir()
        .map_err(|e| TestkitError::io("create a socket directory in", std::env::temp_dir(), e))?;
    spec.run_as
        .give(socket_tmp.path())
        .map_err(|e| TestkitError::io("change the owner of", socket_tmp.path(), e))?;
    let socket_dir = socket_tmp.path().to_owned();

    let mut command = Command::new("/bin/sh");
    command
        .arg(spec.script)
        .arg(&spec.binaries.postgres)
        .arg(spec.data)
        .arg(&socket_dir)
        .arg(PORT.to_string())
        .arg(spec.users_lock)
        .arg(spec.cluster_lock)
        .arg(spec.idle.as_millis().to_string())
        .arg(spec.remove_after.unwrap_or(Path::new("")));
    for setting in SERVER_SETTINGS {
        command.arg("-c").arg(setting);
    }
    command
        .env_remove("PGDATA")
        .stdin(Stdio::null())
        // Never our stdout/stderr: a test runner waits for every holder of
        // its pipes to exit (and nextest would report the test as leaky).
        .stdout(log)
        .stderr(log_err)
        .process_group(0);
    spec.run_as.apply(&mut command);
    let mut supervisor = command.spawn().map_err(|e| TestkitError::Command {
        command: format!("/bin/sh {}", spec.script.display()),
        status: e.to_string(),
        output: String::new(),
    })?;

    match wait_until_ready(spec.data, &socket_dir, &mut supervisor) {
        Ok(()) => Ok(Spawned {
            supervisor,
            socket_dir: socket_tmp.keep(),
            elapsed: started.elapsed(),
        }),
        Err(reason) => {
            stop_supervised(&mut supervisor, spec.data);
            Err(TestkitError::StartFailed {
                reason,
                log: spec.log.to_owned(),
                log_tail: layout::log_tail(spec.log, 20),
            })
        }
    }
}

/// Polls `postmaster.pid` until the postmaster reports `ready` (what
/// `pg_ctl -w` does), which costs no connection attempt.
fn wait_until_ready(data: &Path, socket_dir: &Path, supervisor: &mut Child) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    let socket = socket_dir.join(format!(".s.PGSQL.{PORT}"));
    loop {
        if let Ok(Some(status)) = supervisor.try_wait() {
            return Err(format!("postgres exited ({status})"));
        }
        if postmaster_status(data).is_some_and(|(_, status)| status == "ready") && socket.exists() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!("not ready after {} s", START_TIMEOUT.as_secs()));
        }
        thread::sleep(Duration::from_millis(2));
    }
}

/// The postmaster's pid and status (`starting`, `ready`, `stopping`, …) from
/// its `postmaster.pid`, if there is one.
pub(crate) fn postmaster_status(data: &Path) -> Option<(u32, String)> {
    let text = fs::read_to_string(data.join("postmaster.pid")).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let pid = lines.first()?.trim().parse().ok()?;
    // Line 8, the status, is added once the postmaster has set up shared
    // memory and its sockets (PostgreSQL 10 and later; older servers are
    // not supported). Until then the server is starting.
    let status = lines.get(7).map_or("starting", |s| s.trim());
    Some((pid, status.to_owned()))
}

/// Stops a server through its supervisor (which also removes its socket
/// directory), and makes sure of it if the supervisor does not respond.
pub(crate) fn stop_supervised(supervisor: &mut Child, data: &Path) {
    process::signal(supervisor.id(), Signal::TERM);
    let exited = process::wait_until(Duration::from_secs(30), || {
        !matches!(supervisor.try_wait(), Ok(None))
    });
    if !exited {
        stop_postmaster_of(data);
        let _ = supervisor.kill();
        let _ = supervisor.wait();
    }
}

/// Stops the postmaster running on `data`, if one is (checked by its
/// working directory, not just the pid in `postmaster.pid`).
fn stop_postmaster_of(data: &Path) {
    if let Some((pid, _)) = postmaster_status(data)
        && process::is_postmaster_of(pid, data)
    {
        process::stop_postmaster(pid);
    }
}

/// What the shared cluster's `state` file records about its running server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct State {
    pub supervisor: u32,
    pub socket_dir: PathBuf,
    pub port: u16,
}

impl State {
    pub fn read(path: &Path) -> Option<State> {
        let text = fs::read_to_string(path).ok()?;
        let field = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
                .map(str::to_owned)
        };
        Some(State {
            supervisor: field("supervisor")?.parse().ok()?,
            socket_dir: PathBuf::from(field("socket_dir")?),
            port: field("port")?.parse().ok()?,
        })
    }

    /// Writes the file atomically (a reader never sees half of it).
    pub fn write(&self, path: &Path) -> Result<(), TestkitError> {
        let tmp = path.with_extension("tmp");
        let text = format!(
            "supervisor={}\nsocket_dir={}\nport={}\n",
            self.supervisor,
            self.socket_dir.display(),
            self.port
        );
        let write = || -> std::io::Result<()> {
            let mut file = File::create(&tmp)?;
            file.write_all(text.as_bytes())?;
            fs::rename(&tmp, path)
        };
        write().map_err(|e| TestkitError::io("write", path, e))
    }
}

/// Whether the server `state` describes is up: its supervisor alive, the
/// postmaster on our data directory ready, its socket in place.
pub(crate) fn is_running(layout: &Layout, state: &State) -> bool {
    let data = layout.data();
    let users = layout.users_lock();
    process::cmdline_contains(state.supervisor, &users.to_string_lossy())
        && postmaster_status(&data)
            .is_some_and(|(pid, status)| status == "ready" && process::is_postmaster_of(pid, &data))
        && state
            .socket_dir
            .join(format!(".s.PGSQL.{}", state.port))
            .exists()
}

/// Stops whatever is left of an earlier shared server that is not healthy
/// (a supervisor or postmaster whose run crashed), and removes its socket
/// directory and state. Called with the cluster lock held.
pub(crate) fn clean_leftovers(layout: &Layout) {
    let data = layout.data();
    let state = State::read(&layout.state());
    if let Some(state) = &state
        && process::cmdline_contains(state.supervisor, &layout.users_lock().to_string_lossy())
    {
        process::signal(state.supervisor, Signal::TERM);
        process::wait_until(Duration::from_secs(30), || {
            !process::is_alive(state.supervisor)
        });
    }
    stop_postmaster_of(&data);
    let _ = fs::remove_file(data.join("postmaster.pid"));
    if let Some(state) = state
        && is_ours(&state.socket_dir, SOCKET_DIR_PREFIX)
    {
        let _ = layout::remove_dir(&state.socket_dir);
    }
    let _ = fs::remove_file(layout.state());
}

/// Removes what crashed runs left in the temp directory: socket directories
/// no live server uses, and private clusters whose owner process is gone
/// (stopping their server if it still runs). Entries younger than a minute
/// are left alone: they may be being set up right now.
pub(crate) fn sweep_temp_dir() {
    let grace = Duration::from_secs(60);
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(SOCKET_DIR_PREFIX) {
            if layout::older_than(&path, grace) && !socket_dir_in_use(&path) {
                let _ = fs::remove_dir_all(&path);
            }
        } else if name.starts_with(PRIVATE_DIR_PREFIX) && layout::older_than(&path, grace) {
            let owner = fs::read_to_string(path.join("owner")).unwrap_or_default();
            if !process::identity_is_alive(owner.trim()) {
                let data = path.join("data");
                stop_postmaster_of(&data);
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
}

/// A socket directory is in use while the pid in its `.s.PGSQL.*.lock` file lives.
fn socket_dir_in_use(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return true;
    };
    entries.flatten().any(|entry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        name.starts_with(".s.PGSQL.")
            && name.ends_with(".lock")
            && fs::read_to_string(entry.path())
                .ok()
                .and_then(|text| text.lines().next()?.trim().parse::<u32>().ok())
                .is_some_and(process::is_alive)
    })
}

fn is_ours(dir: &Path, prefix: &str) -> bool {
    dir.parent() == Some(std::env::temp_dir().as_path())
        && dir
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with(prefix))
}

/// The supervisor needs util-linux's `flock`.
fn require_flock() -> Result<(), TestkitError> {
    static FOUND: OnceLock<bool> = OnceLock::new();
    let found = *FOUND.get_or_init(|| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("flock").is_file()))
    });
    found.then_some(()).ok_or(TestkitError::MissingTool {
        program: "flock",
        purpose: "stop the test server when the last test process using it exits",
        help: "install util-linux (`apt-get install -y util-linux`)",
    })
}

/// Supervisors this process spawned for the shared cluster. They outlive
/// their handles, so they are reaped here, opportunistically, instead of
/// lingering as zombies until the process exits.
pub(crate) fn adopt(supervisor: Child) {
    static CHILDREN: Mutex<Vec<Child>> = Mutex::new(Vec::new());
    let mut children = CHILDREN.lock().unwrap_or_else(PoisonError::into_inner);
    children.retain_mut(|child| matches!(child.try_wait(), Ok(None)));
    children.push(supervisor);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state");
        let state = State {
            supervisor: 42,
            socket_dir: PathBuf::from("/tmp/schema-testkit-sock-abc"),
            port: 5432,
        };
        state.write(&path).unwrap();
        assert_eq!(State::read(&path), Some(state));
        fs::write(&path, "supervisor=x\n").unwrap();
        assert_eq!(State::read(&path), None);
    }

    #[test]
    fn stale_socket_dirs_are_swept_and_live_ones_kept() {
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        let make = |live: bool| {
            let dir = tempfile::Builder::new()
                .prefix(SOCKET_DIR_PREFIX)
                .tempdir()
                .unwrap()
                .keep();
            if live {
                // A lock file naming a live process: this one.
                fs::write(
                    dir.join(".s.PGSQL.5432.lock"),
                    format!("{}\n", std::process::id()),
                )
                .unwrap();
            }
            File::open(&dir).unwrap().set_modified(old).unwrap();
            dir
        };
        let (stale, live) = (make(false), make(true));
        sweep_temp_dir();
        assert!(!stale.exists());
        assert!(live.exists());
        fs::remove_dir_all(live).unwrap();
    }

    #[test]
    fn postmaster_pid_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let pidfile = "4242\n/data\n1700000000\n5432\n/tmp/sock\n\n  1234567     12345\nready   \n";
        fs::write(dir.path().join("postmaster.pid"), pidfile).unwrap();
        assert_eq!(
            postmaster_status(dir.path()),
            Some((4242, "ready".to_owned()))
        );
        // Written in steps: the status line comes last.
        let early = "4242\n/data\n1700000000\n5432\n/tmp/sock\n\n  1234567     12345\n";
        fs::write(dir.path().join("postmaster.pid"), early).unwrap();
        assert_eq!(
            postmaster_status(dir.path()),
            Some((4242, "starting".to_owned()))
        );
    }
}
