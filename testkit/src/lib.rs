//! `schema_testkit`: throwaway PostgreSQL for tests.
//!
//! What is here, one idea per module:
//!
//! - [`cluster`]: a PostgreSQL server for tests. [`Cluster::shared`] starts
//!   (or joins) the server shared by every test of the run, on a Unix socket
//!   in a temp directory, with durability off, from a data directory that
//!   `initdb` made once and later runs reuse; the server stops shortly after
//!   its last user process is gone, however that process ended.
//!   [`Cluster::start`] gives a test a server of its own;
//!   `SCHEMA_TEST_DATABASE_URL` (or [`Cluster::from_url`]) uses a server
//!   that is already running. Inside it: `binaries` finds `initdb` and
//!   `postgres`, `account` decides which user runs them (never root),
//!   `layout` owns the on-disk cache and the one-time initdb, `server`
//!   spawns and supervises a server and cleans up after crashed runs, and
//!   `process` answers "is this pid still our server?".
//! - [`error`]: [`TestkitError`], with the fix in the message where there
//!   is one (what to install, which variable to set).
//!
//! - [`fixtures`]: a database per test: [`database`] (empty),
//!   [`migrated`] (cloned from a template at head of the package's
//!   migrations, built once per set of migration checksums), and
//!   [`at_revision`] (for data migrations); dropped when the value is.
//!
//! Coming next (issue 5): an attribute macro and the upgrade/downgrade
//! round trip.
//!
//! # Environment
//!
//! | variable | effect |
//! |---|---|
//! | `SCHEMA_TEST_DATABASE_URL` | use this server; start none |
//! | `PG_BIN` | the directory holding `initdb` and `postgres` |
//! | `SCHEMA_TESTKIT_DIR` | where the cached data directory lives (default `<target>/schema-testkit`) |
//! | `SCHEMA_TESTKIT_IDLE_MS` | how long the shared server outlives its last user (default 2000) |
//! | `SCHEMA_TESTKIT_PG_USER` | the user to run the server as when tests run as root (default `postgres`) |
//!
//! # Known limits
//!
//! - Unix only (Linux is what CI runs; macOS should work but is untested):
//!   the sharing relies on `flock`, and the supervisor needs `/bin/sh` and
//!   util-linux's `flock` program. PostgreSQL 10 or later.
//! - A process that uses the same target directory as another user (one
//!   run as root, the next not) gets a cache of its own in the temp
//!   directory instead of sharing.
//! - If the supervisor itself is killed with SIGKILL while its users also
//!   die, the server keeps running until the next use of the cluster, which
//!   stops it; if no test ever runs again, it stays.
//! - Databases a crashed test did not drop stay in the shared data
//!   directory until something drops them (the database fixtures will sweep
//!   their own leftovers).
//! - [`Cluster::shared`] and dropping a private [`ClusterHandle`] block the
//!   calling thread (initdb on a cold cache takes a second or two; stopping
//!   a private server a few hundred milliseconds).

pub mod cluster;
pub mod error;
pub mod fixtures;

pub use cluster::{Cluster, ClusterHandle, Startup};
pub use error::TestkitError;
pub use fixtures::{Fixture, TestDatabase, at_revision, database, migrated};
