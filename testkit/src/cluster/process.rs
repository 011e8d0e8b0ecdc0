//! Processes we did not necessarily start ourselves: is a pid alive, is it
//! really the server or supervisor of *our* cluster (pids are reused), and
//! stopping one.
//!
//! Liveness comes from `/proc/<pid>/stat`, where a zombie counts as dead: a
//! supervisor that exited while the process that spawned it still runs is a
//! zombie until reaped, and must not look like a live server. Without
//! `/proc` we fall back to `kill(pid, 0)`.

use std::fs;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal};

/// Whether `pid` is a live (not zombie) process.
pub(crate) fn is_alive(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !matches!(stat_state(&stat), Some('Z' | 'X' | 'x')),
        Err(_) if Path::new("/proc/self/stat").exists() => false,
        Err(_) => to_pid(pid).is_some_and(|pid| {
            // EPERM means it exists but belongs to someone else: alive.
            rustix::process::test_kill_process(pid).is_ok_or_eperm()
        }),
    }
}

/// The process's start time (clock ticks since boot), which together with
/// the pid identifies a process across pid reuse. `None` if it is gone or
/// there is no `/proc`.
pub(crate) fn start_time(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; starttime is field 22
    // overall, the 20th after the name.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// `"pid starttime"`: what we write into owner files.
pub(crate) fn identity(pid: u32) -> String {
    match start_time(pid) {
        Some(start) => format!("{pid} {start}"),
        None => pid.to_string(),
    }
}

/// Whether an identity written by [`identity`] still names a live process.
pub(crate) fn identity_is_alive(identity: &str) -> bool {
    let mut parts = identity.split_whitespace();
    let Some(pid) = parts.next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    match parts.next().and_then(|s| s.parse::<u64>().ok()) {
        Some(start) => start_time(pid) == Some(start) && is_alive(pid),
        None => is_alive(pid),
    }
}

/// Whether `pid` is a postmaster running on `data_dir`: postgres changes its
/// working directory to its data directory, which tells it apart from
/// whatever process reused a stale pid.
pub(crate) fn is_postmaster_of(pid: u32, data_dir: &Path) -> bool {
    if !is_alive(pid) {
        return false;
    }
    match fs::read_link(format!("/proc/{pid}/cwd")) {
        Ok(cwd) => data_dir.canonicalize().is_ok_and(|data| data == cwd),
        // No /proc: trust the pid.
        Err(_) => !Path::new("/proc/self").exists(),
    }
}

/// Whether `pid` is alive and its command line contains `needle` (how we
/// recognise our supervisor: its arguments name the cluster's lock file).
pub(crate) fn cmdline_contains(pid: u32, needle: &str) -> bool {
    if !is_alive(pid) {
        return false;
    }
    match fs::read(format!("/proc/{pid}/cmdline")) {
        Ok(cmdline) => {
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            cmdline.contains(needle)
        }
        Err(_) => !Path::new("/proc/self").exists(),
    }
}

/// Sends `signal`; a process that is already gone is not an error.
pub(crate) fn signal(pid: u32, signal: Signal) {
    if let Some(pid) = to_pid(pid) {
        let _ = rustix::process::kill_process(pid, signal);
    }
}

/// Waits until `gone()` holds, up to `timeout`. Returns whether it did.
pub(crate) fn wait_until(timeout: Duration, mut gone: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if gone() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// Stops a postmaster for good: fast shutdown (SIGINT: disconnect clients,
/// no checkpoint wait worth mentioning with fsync off), then immediate
/// shutdown (SIGQUIT), then SIGKILL. Used for leftovers whose supervisor is
/// gone; a supervised server is stopped through its supervisor.
pub(crate) fn stop_postmaster(pid: u32) {
    for (sig, patience) in [
        (Signal::INT, Duration::from_secs(10)),
        (Signal::QUIT, Duration::from_secs(5)),
        (Signal::KILL, Duration::from_secs(5)),
    ] {
        signal(pid, sig);
        if wait_until(patience, || !is_alive(pid)) {
            return;
        }
    }
}

fn to_pid(pid: u32) -> Option<Pid> {
    Pid::from_raw(i32::try_from(pid).ok()?)
}

fn stat_state(stat: &str) -> Option<char> {
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

trait OkOrEperm {
    fn is_ok_or_eperm(&self) -> bool;
}

impl OkOrEperm for rustix::io::Result<()> {
    fn is_ok_or_eperm(&self) -> bool {
        match self {
            Ok(()) => true,
            Err(e) => *e == rustix::io::Errno::PERM,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_identified() {
        let me = std::process::id();
        assert!(is_alive(me));
        assert!(identity_is_alive(&identity(me)));
        // Same pid, another start time: a reused pid is not our process.
        assert!(!identity_is_alive(&format!("{me} 1")));
    }

    #[test]
    fn an_exited_child_is_dead_even_before_it_is_reaped() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        assert!(wait_until(Duration::from_secs(10), || !is_alive(pid)));
        child.wait().unwrap();
    }

    #[test]
    fn stat_state_survives_odd_command_names() {
        assert_eq!(stat_state("42 (a) b) Z 1 2 3"), Some('Z'));
        assert_eq!(stat_state("42 (postgres) S 1 2 3"), Some('S'));
    }
}
