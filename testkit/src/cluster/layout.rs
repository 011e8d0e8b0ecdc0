//! Where the testkit keeps things on disk, and the `initdb` that runs once.
//!
//! ```text
//! <target>/schema-testkit/pg15/      one directory per server major version
//!     data/                          the shared cluster's data directory, reused run after run
//!     template-data/                 pristine initdb output, copied for private clusters
//!     initdb.lock                    serialises initdb (flock)
//!     cluster.lock                   serialises starting and stopping the shared server (flock)
//!     users.lock                     every process using the shared server holds a shared flock
//!     state                          socket directory and supervisor pid of the running server
//!     server.log                     the shared server's log (truncated at each start)
//!     supervisor.sh                  the script that runs and stops servers (`server` module)
//! <tmp>/schema-testkit-sock-XXXXXX/  a running server's Unix socket
//! <tmp>/schema-testkit-private-XXXXXX/  a private cluster (data, locks, log, owner)
//! ```
//!
//! `<target>` is `SCHEMA_TESTKIT_DIR` if set, else the Cargo target directory
//! of the running test binary, else the temp directory. Sockets live in the
//! temp directory because a socket path must fit in 107 bytes, which a deep
//! target directory may not.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::account::RunAs;
use super::binaries::ServerBinaries;
use crate::TestkitError;

/// The prefix of the socket directories we create in the temp directory.
pub(crate) const SOCKET_DIR_PREFIX: &str = "schema-testkit-sock-";
/// The prefix of private clusters' directories in the temp directory.
pub(crate) const PRIVATE_DIR_PREFIX: &str = "schema-testkit-private-";

/// The cache directory of one server major version.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub root: PathBuf,
}

impl Layout {
    /// Finds (and creates) the cache directory for `binaries`, somewhere
    /// `run_as` can reach.
    pub fn new(binaries: &ServerBinaries, run_as: &RunAs) -> Result<Layout, TestkitError> {
        let version = format!("pg{}", binaries.major);
        let mut root = base_dir().join(&version);
        if !prepare_root(&root, run_as) {
            // A checkout under /root, which the `postgres` user cannot
            // enter, or a cache another user made.
            root = temp_cache_dir().join(&version);
            if !prepare_root(&root, run_as) {
                return Err(TestkitError::io(
                    "use as cache directory",
                    &root,
                    io::Error::new(
                        io::ErrorKind::PermissionDenied,
                        format!("not writable by us or not reachable by {run_as:?}"),
                    ),
                ));
            }
        }
        Ok(Layout { root })
    }

    pub fn data(&self) -> PathBuf {
        self.root.join("data")
    }
    pub fn template(&self) -> PathBuf {
        self.root.join("template-data")
    }
    pub fn initdb_lock(&self) -> PathBuf {
        self.root.join("initdb.lock")
    }
    pub fn cluster_lock(&self) -> PathBuf {
        self.root.join("cluster.lock")
    }
    pub fn users_lock(&self) -> PathBuf {
        self.root.join("users.lock")
    }
    pub fn state(&self) -> PathBuf {
        self.root.join("state")
    }
    pub fn log(&self) -> PathBuf {
        self.root.join("server.log")
    }

    /// The supervisor script, (re)written if it is missing or differs from
    /// this build's (atomically: other processes may be running it).
    pub fn supervisor_script(&self) -> Result<PathBuf, TestkitError> {
        let path = self.root.join("supervisor.sh");
        if fs::read_to_string(&path).is_ok_and(|text| text == super::server::SUPERVISOR) {
            return Ok(path);
        }
        let tmp = self
            .root
            .join(format!("supervisor.sh.tmp-{}", std::process::id()));
        fs::write(&tmp, super::server::SUPERVISOR)
            .and_then(|()| fs::set_permissions(&tmp, fs::Permissions::from_mode(0o644)))
            .and_then(|()| fs::rename(&tmp, &path))
            .map_err(|e| TestkitError::io("write", &path, e))?;
        Ok(path)
    }
}

/// Creates the cache directory `root` and tells whether it can serve: we
/// can write in it, and the server user can reach it.
fn prepare_root(root: &Path, run_as: &RunAs) -> bool {
    if fs::create_dir_all(root).is_err() || tempfile::tempfile_in(root).is_err() {
        return false;
    }
    if run_as != &RunAs::CurrentUser {
        // Readable for the server user, who opens the lock files.
        for dir in root.ancestors().take(2) {
            let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
        }
    }
    run_as.can_traverse(root)
}

/// `SCHEMA_TESTKIT_DIR`, else `<target>/schema-testkit`, else the temp dir.
fn base_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SCHEMA_TESTKIT_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    target_dir().map_or_else(temp_cache_dir, |target| target.join("schema-testkit"))
}

fn temp_cache_dir() -> PathBuf {
    let uid = rustix::process::geteuid().as_raw();
    std::env::temp_dir().join(format!("schema-testkit-cache-{uid}"))
}

/// The Cargo target directory: an absolute `CARGO_TARGET_DIR` (cargo runs
/// tests from the package directory, so a relative one cannot be
/// resolved), else the nearest ancestor of the running executable
/// (`target/debug/deps/foo-1234`) that is named `target`, else one that
/// carries Cargo's `CACHEDIR.TAG`.
pub(crate) fn target_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from)
        && dir.is_absolute()
    {
        return Some(dir);
    }
    let exe = std::env::current_exe().ok()?;
    let parents = || exe.ancestors().skip(1);
    parents()
        .find(|dir| dir.file_name().is_some_and(|name| name == "target"))
        .or_else(|| parents().find(|dir| dir.join("CACHEDIR.TAG").is_file()))
        .map(Path::to_path_buf)
}

/// Opens (creating it if needed) a lock file. The file is made readable by
/// everyone so that the supervisor, which may run as another user, can lock
/// it too.
pub(crate) fn open_lock_file(path: &Path) -> Result<File, TestkitError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .or_else(|_| File::open(path))
        .map_err(|e| TestkitError::io("open lock file", path, e))?;
    if file
        .metadata()
        .is_ok_and(|m| m.permissions().mode() & 0o044 != 0o044)
    {
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o644));
    }
    Ok(file)
}

/// Takes an exclusive lock on `path`, waiting for it; released on drop.
pub(crate) fn lock_exclusive(path: &Path) -> Result<File, TestkitError> {
    let file = open_lock_file(path)?;
    file.lock().map_err(|e| TestkitError::io("lock", path, e))?;
    Ok(file)
}

/// Takes a shared lock on `path`, waiting for it; released on drop (or when
/// the process dies, however it dies).
pub(crate) fn lock_shared(path: &Path) -> Result<File, TestkitError> {
    let file = open_lock_file(path)?;
    file.lock_shared()
        .map_err(|e| TestkitError::io("lock", path, e))?;
    Ok(file)
}

/// Makes sure `dir` holds an initialised data directory, running `initdb`
/// if it does not: into a temporary sibling, renamed into place when done,
/// under a lock so that concurrent processes run it once. Returns how long
/// initdb took, or `None` if the directory was already there.
pub(crate) fn ensure_initdb(
    layout: &Layout,
    dir: &Path,
    binaries: &ServerBinaries,
    run_as: &RunAs,
) -> Result<Option<Duration>, TestkitError> {
    if is_initialised(dir) {
        return Ok(None);
    }
    let _lock = lock_exclusive(&layout.initdb_lock())?;
    if is_initialised(dir) {
        return Ok(None);
    }
    let started = Instant::now();
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Leftovers of an initdb that crashed or was killed; we hold the lock.
    remove_matching(&layout.root, &format!("{name}.tmp-"));
    if dir.exists() {
        remove_dir(dir)?;
    }
    let tmp = layout
        .root
        .join(format!("{name}.tmp-{}", std::process::id()));
    make_private_dir(&tmp, run_as)?;
    let mut command = Command::new(&binaries.initdb);
    command
        .arg("-D")
        .arg(&tmp)
        .args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        // Deterministic for tests, and initdb skips probing the system's zone.
        .env("TZ", "UTC")
        .env_remove("PGDATA");
    run_as.apply(&mut command);
    let result = run_quietly(&mut command);
    if let Err(e) = result {
        let _ = remove_dir(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, dir)
        .map_err(|e| TestkitError::io("move the new data directory to", dir, e))?;
    Ok(Some(started.elapsed()))
}

fn is_initialised(dir: &Path) -> bool {
    dir.join("PG_VERSION").is_file()
}

/// Creates `dir` (mode 0700, as postgres requires of a data directory) and
/// hands it to the server user.
pub(crate) fn make_private_dir(dir: &Path, run_as: &RunAs) -> Result<(), TestkitError> {
    fs::create_dir(dir).map_err(|e| TestkitError::io("create directory", dir, e))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(|e| TestkitError::io("set permissions of", dir, e))?;
    run_as
        .give(dir)
        .map_err(|e| TestkitError::io("change the owner of", dir, e))
}

/// Copies a (stopped) data directory, keeping modes and handing every entry
/// to the server user.
pub(crate) fn copy_data_dir(from: &Path, to: &Path, run_as: &RunAs) -> Result<(), TestkitError> {
    make_private_dir(to, run_as)?;
    copy_contents(from, to, run_as)
        .map_err(|e| TestkitError::io("copy the data directory to", to, e))
}

fn copy_contents(from: &Path, to: &Path, run_as: &RunAs) -> io::Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            fs::create_dir(&target)?;
            fs::set_permissions(&target, entry.metadata()?.permissions())?;
            copy_contents(&source, &target, run_as)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&source)?, &target)?;
        } else {
            fs::copy(&source, &target)?;
        }
        if !kind.is_symlink() {
            run_as.give(&target)?;
        }
    }
    Ok(())
}

/// Removes a directory tree; a tree that is already gone is fine.
pub(crate) fn remove_dir(dir: &Path) -> Result<(), TestkitError> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(TestkitError::io("remove", dir, e)),
        _ => Ok(()),
    }
}

/// Removes the entries of `dir` whose names start with `prefix`.
fn remove_matching(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Runs a command, capturing its output for the error if it fails.
pub(crate) fn run_quietly(command: &mut Command) -> Result<(), TestkitError> {
    let described = format!("{command:?}");
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| TestkitError::Command {
            command: described.clone(),
            status: e.to_string(),
            output: String::new(),
        })?;
    if output.status.success() {
        return Ok(());
    }
    Err(TestkitError::Command {
        command: described,
        status: output.status.to_string(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    })
}

/// The last lines of a log file, for error messages.
pub(crate) fn log_tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Whether a directory is older than `age` (so not one being set up right now).
pub(crate) fn older_than(path: &Path, age: Duration) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok())
        .is_some_and(|elapsed| elapsed > age)
}
