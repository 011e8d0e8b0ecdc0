//! The testkit's error: what went wrong while finding, starting or using a
//! throwaway PostgreSQL server, with the fix in the message where there is one.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

/// Any error of the testkit.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TestkitError {
    /// No PostgreSQL server binaries could be found anywhere we looked.
    #[error(
        "no PostgreSQL server binaries (initdb and postgres) found; looked in: {searched}\n\
         help: install the PostgreSQL server: `apt-get install -y postgresql` (Debian/Ubuntu), \
         `dnf install postgresql-server` (Fedora/RHEL) or `brew install postgresql` (macOS); \
         or set PG_BIN to the directory holding initdb and postgres; \
         or set SCHEMA_TEST_DATABASE_URL to use a server that is already running"
    )]
    ServerNotFound {
        /// The places searched, in order, for the message.
        searched: String,
    },

    /// `PG_BIN` was set but does not hold the server binaries.
    #[error(
        "PG_BIN={} does not contain both `initdb` and `postgres`\n\
         help: point PG_BIN at the server's bin directory (e.g. /usr/lib/postgresql/16/bin), or unset it",
        path.display()
    )]
    BadPgBin {
        /// The value of `PG_BIN`.
        path: PathBuf,
    },

    /// We run as root, PostgreSQL refuses to, and there is no user to run it as.
    #[error(
        "the tests run as root, and PostgreSQL refuses to run as root; \
         there is no `{user}` system user to run it as instead\n\
         help: create one (`useradd --system --user-group {user}`; installing the `postgresql` \
         package also does), set SCHEMA_TESTKIT_PG_USER to another unprivileged user, \
         run the tests as a non-root user, or set SCHEMA_TEST_DATABASE_URL to use a running server"
    )]
    NoUnprivilegedUser {
        /// The user that was looked up in `/etc/passwd`.
        user: String,
    },

    /// A helper program the testkit relies on is missing.
    #[error("`{program}` not found on PATH; it is needed to {purpose}\nhelp: {help}")]
    MissingTool {
        /// The program's name.
        program: &'static str,
        /// What it is used for.
        purpose: &'static str,
        /// How to get it.
        help: &'static str,
    },

    /// A file system operation failed.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        /// What we were doing, as a verb phrase (`create directory`).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },

    /// A program we ran (initdb, postgres --version, …) failed.
    #[error("`{command}` failed ({status}):\n{output}")]
    Command {
        /// The command line.
        command: String,
        /// Its exit status, or why it could not run.
        status: String,
        /// What it printed.
        output: String,
    },

    /// The server did not come up.
    #[error("the PostgreSQL server did not start: {reason}\nlast lines of its log ({}):\n{log_tail}", log.display())]
    StartFailed {
        /// Why we gave up waiting.
        reason: String,
        /// The server's log file.
        log: PathBuf,
        /// The end of the log.
        log_tail: String,
    },

    /// `SCHEMA_TEST_DATABASE_URL` (or a URL given to
    /// [`Cluster::from_url`](crate::Cluster::from_url)) is not a PostgreSQL URL.
    #[error(
        "not a usable PostgreSQL URL ({reason}); expected e.g. postgres://user:password@localhost:5432/postgres"
    )]
    BadUrl {
        /// What is wrong with it. The URL itself is not repeated: it may hold a password.
        reason: String,
    },

    /// A database name we cannot use.
    #[error("invalid database name {name:?}: {reason}")]
    BadDatabaseName {
        /// The name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// The server refused a statement or a connection.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),

    /// The migrations (configuration, files, running them) failed.
    #[error("{message}")]
    Schema { message: String },
}

impl TestkitError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        TestkitError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
