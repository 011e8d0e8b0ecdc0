//! `schema_testkit`: throwaway PostgreSQL for tests, a migrated database
//! per test, and the round trip of every revision.
//!
//! # Testing
//!
//! Add the testkit (and sqlx, to query) as dev-dependencies:
//!
//! ```toml
//! [dev-dependencies]
//! schema-testkit = "0.1"
//! sqlx = { version = "0.9", features = ["postgres"] }
//! ```
//!
//! Nothing else to set up: the first test that needs a database starts a
//! PostgreSQL server from the installed binaries (`initdb` and `postgres`:
//! `apt-get install postgresql`; the message says what to install when
//! they are missing), on a Unix socket of its own, shared by every test and
//! test process of the run and stopped after the last one.
//! `SCHEMA_TEST_DATABASE_URL=postgres://…` uses a server of yours instead.
//!
//! **A database per test.** [`#[schema_testkit::test]`](test) hands an
//! `async fn` a fresh database at head of the package's migrations (a clone
//! of a template database, tens of milliseconds), dropped when the test
//! ends, whether it passes, fails or panics. It starts the tokio runtime
//! itself: no `#[tokio::test]`.
//!
//! ```no_run
//! use schema_testkit::TestDatabase;
//! use sqlx::PgPool;
//!
//! #[schema_testkit::test]
//! async fn signs_up(db: TestDatabase) -> Result<(), sqlx::Error> {
//!     sqlx::query("INSERT INTO account (email) VALUES ('ada@example.org')")
//!         .execute(db.pool())
//!         .await?;
//!     Ok(())
//! }
//!
//! // A data migration, tested from the revision before it.
//! #[schema_testkit::test(at = "3f2a")]
//! async fn fills_the_new_column(db: TestDatabase) {
//!     sqlx::query("INSERT INTO account (id, name) VALUES (1, 'ada')")
//!         .execute(db.pool())
//!         .await
//!         .unwrap();
//!     schema_testkit::Fixture::package()
//!         .unwrap()
//!         .upgrade(db.url(), "head")
//!         .await
//!         .unwrap();
//!     // assert what the migration did
//! }
//!
//! #[schema_testkit::test(empty)]
//! async fn starts_empty(pool: PgPool) {
//!     let _ = pool;
//! }
//! # fn main() {}
//! ```
//!
//! The parameter may be a [`TestDatabase`] (its [`pool`](TestDatabase::pool),
//! [`url`](TestDatabase::url) and [`name`](TestDatabase::name)), a
//! `&TestDatabase`, a `PgPool` or a `&PgPool`, or nothing at all (then the
//! attribute only brings the runtime). The options: `at = "REV"` (a
//! database at that revision), `empty` (no migrations), `migrations =
//! "DIR"` (another migrations directory, relative to the package). The
//! same fixtures are functions too: [`migrated`], [`at_revision`],
//! [`database`], and [`Fixture`] for another migrations directory.
//!
//! **Every revision, up and down.** One line proves that every upgrade
//! and every downgrade works:
//!
//! ```no_run
//! #[test]
//! fn migrations_round_trip() {
//!     schema_testkit::assert_round_trip();
//! }
//! ```
//!
//! On a throwaway database, for every revision in topological order, it
//! upgrades one step, downgrades one step and requires the schema from
//! before the step, and upgrades again; then it requires a single head,
//! the `#[derive(Model)]` structs to match the database at head, and
//! replaying the migrations to give the schema the database has. A failure
//! names the revision and shows the changes the down section (or the next
//! revision) would still have to make, with their SQL. [`RoundTrip`] adds
//! data checks per revision ([`RoundTrip::check_data`]), a minimum
//! revision below which downgrades are not tried, revisions to skip, and
//! SQLite (a temp file; the default for a project configured with `dialect
//! = "sqlite"`). `cargo schema test` runs the same from the command line,
//! with a report table.
//!
//! The example app `examples/trigpoint` has a test of each kind in
//! `tests/db.rs`.
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
//!   `spares` keeps clones of each template ready, so that a migrated
//!   database is a rename rather than a copy; `admin` runs the fixtures'
//!   statements on one pool per server, on a thread of its own.
//!   The attribute [`test`] (from `schema-macros`) hands them to tests;
//!   `macro_support` is what its expansion calls.
//! - [`round_trip`]: [`assert_round_trip`] and [`RoundTrip`], its
//!   [`Report`], and how schema differences are shown.
//!
//! # Environment
//!
//! | variable | effect |
//! |---|---|
//! | `SCHEMA_TEST_DATABASE_URL` | use this server; start none |
//! | `PG_BIN` | the directory holding `initdb` and `postgres` |
//! | `SCHEMA_TESTKIT_DIR` | where the cached data directory lives (default `<target>/schema-testkit`) |
//! | `SCHEMA_TESTKIT_IDLE_MS` | how long the shared server outlives its last user (default 2000) |
//! | `SCHEMA_TESTKIT_SPARES` | `0`: clone the template for each migrated database instead of keeping spare clones ready |
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
//!   directory until the next run's first fixture sweeps them (by the pid
//!   in their name).
//! - Template databases, and their spare clones, stay in the shared data
//!   directory from run to run, about 10 MB each; those of migration sets
//!   that have since changed are never dropped (delete
//!   `target/schema-testkit` to reclaim the space). On a server given by
//!   `SCHEMA_TEST_DATABASE_URL` the template stays too (no spares are made
//!   there).
//! - [`Cluster::shared`] and dropping a private [`ClusterHandle`] block the
//!   calling thread (initdb on a cold cache takes a second or two; stopping
//!   a private server a few hundred milliseconds).

mod admin;
pub mod cluster;
pub mod error;
pub mod fixtures;
mod macro_support;
pub mod round_trip;
mod spares;

pub use cluster::{Cluster, ClusterHandle, Startup};
pub use error::TestkitError;
pub use fixtures::{Fixture, TestDatabase, at_revision, database, migrated};
pub use round_trip::{
    Checkpoint, Report, RoundTrip, Stage, assert_round_trip, schema_diff, text_diff,
};
/// The dialect a [`RoundTrip`] runs on.
pub use schema_core::Dialect;
pub use schema_macros::test;

/// Not public API: what `#[schema_testkit::test]` expands to.
#[doc(hidden)]
pub mod __private {
    pub use crate::macro_support::{TestArg, Wanted, runtime, test_database};
}
