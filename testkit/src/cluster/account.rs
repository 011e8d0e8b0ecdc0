//! Which user the server binaries run as.
//!
//! `initdb` and `postgres` refuse to run as root, and CI jobs and containers
//! usually run tests as root. Then we run them as an unprivileged system user
//! (`postgres`, which the distribution packages create, or
//! `SCHEMA_TESTKIT_PG_USER`), give that user the directories it writes to,
//! and check that it can reach the directories it only reads (a cache under
//! `/root/...` is out of its reach: see [`RunAs::can_traverse`]).

use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use crate::TestkitError;

/// The unprivileged account the server runs as when we are root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

/// Run the server binaries as ourselves, or as another (unprivileged) user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunAs {
    CurrentUser,
    User(ServerUser),
}

impl RunAs {
    /// Decides for this process: ourselves unless we are root.
    pub fn for_this_process() -> Result<RunAs, TestkitError> {
        if !rustix::process::geteuid().is_root() {
            return Ok(RunAs::CurrentUser);
        }
        let name = std::env::var("SCHEMA_TESTKIT_PG_USER")
            .ok()
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "postgres".to_owned());
        let passwd = fs::read_to_string("/etc/passwd").unwrap_or_default();
        RunAs::for_root(&passwd, &name)
    }

    /// As root: the unprivileged user `name`, which must exist.
    fn for_root(passwd: &str, name: &str) -> Result<RunAs, TestkitError> {
        match lookup_user(passwd, name) {
            Some(user) if user.uid != 0 => Ok(RunAs::User(user)),
            _ => Err(TestkitError::NoUnprivilegedUser {
                user: name.to_owned(),
            }),
        }
    }

    /// Makes `command` run as this user (and from `/`, since our working
    /// directory may be out of the user's reach).
    pub fn apply(&self, command: &mut Command) {
        if let RunAs::User(user) = self {
            command.uid(user.uid).gid(user.gid).current_dir("/");
        }
    }

    /// Hands `path` (not recursively) to this user.
    pub fn give(&self, path: &Path) -> io::Result<()> {
        match self {
            RunAs::CurrentUser => Ok(()),
            RunAs::User(user) => std::os::unix::fs::chown(path, Some(user.uid), Some(user.gid)),
        }
    }

    /// Whether this user can reach `path`: every directory from `/` down to
    /// it (inclusive) is searchable by them. Supplementary groups are not
    /// considered, so the answer errs towards "no", which only costs a cache
    /// in the temp directory instead of the target directory.
    pub fn can_traverse(&self, path: &Path) -> bool {
        let RunAs::User(user) = self else { return true };
        let Ok(path) = path.canonicalize() else {
            return false;
        };
        path.ancestors().all(|dir| {
            fs::metadata(dir).is_ok_and(|m| {
                let mode = m.mode();
                if m.uid() == user.uid {
                    mode & 0o100 != 0
                } else if m.gid() == user.gid {
                    mode & 0o010 != 0
                } else {
                    mode & 0o001 != 0
                }
            })
        })
    }
}

/// Finds `name` in the text of an `/etc/passwd` file.
pub(crate) fn lookup_user(passwd: &str, name: &str) -> Option<ServerUser> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != name {
            return None;
        }
        let _password = fields.next()?;
        let uid = fields.next()?.parse().ok()?;
        let gid = fields.next()?.parse().ok()?;
        Some(ServerUser {
            name: name.to_owned(),
            uid,
            gid,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_are_looked_up_in_passwd_text() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n";
        assert_eq!(
            lookup_user(passwd, "postgres"),
            Some(ServerUser {
                name: "postgres".into(),
                uid: 101,
                gid: 104
            })
        );
        assert_eq!(lookup_user(passwd, "post"), None);
        assert_eq!(lookup_user(passwd, "nobody"), None);
    }

    #[test]
    fn root_without_an_unprivileged_user_is_told_what_to_do() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n";
        for name in ["postgres", "toor"] {
            let message = RunAs::for_root(passwd, name).unwrap_err().to_string();
            assert!(message.contains("refuses to run as root"), "{message}");
            assert!(message.contains("useradd --system"), "{message}");
            assert!(message.contains("SCHEMA_TEST_DATABASE_URL"), "{message}");
        }
    }

    #[test]
    fn a_private_directory_is_out_of_another_users_reach() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a");
        fs::create_dir(&nested).unwrap();
        let me = fs::metadata(dir.path()).unwrap();
        let stranger = RunAs::User(ServerUser {
            name: "stranger".into(),
            uid: me.uid() + 12345,
            gid: me.gid() + 12345,
        });
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        assert!(!stranger.can_traverse(&nested));
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        // The temp dir's own ancestors are world-searchable on any sane system.
        assert!(stranger.can_traverse(&nested));
        assert!(RunAs::CurrentUser.can_traverse(&nested));
    }
}
