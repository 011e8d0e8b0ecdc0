//! `schema_core`: the engine of cargo schema.
//!
//! Everything that is neither the CLI, a proc-macro nor test infrastructure
//! lives here, one idea per module:
//!
//! - [`migration`]: one revision file: its header, its up and down sections,
//!   its checksum; parsing and writing the on-disk format, file names.
//! - [`graph`]: the set of revisions of a project as a DAG (parents, merges,
//!   branch labels, dependencies): heads, bases, topological order.
//! - [`target`]: the target language of the commands (`head`, `base`,
//!   `ae1f`, `billing@head`, `-2`, `ae1f+1`, `START:END`), parsed and
//!   resolved against a graph.
//! - [`plan`]: which revisions an upgrade or downgrade from a given set of
//!   current heads runs, in which order, and how the version table changes
//!   after each step.
//! - [`config`]: `[package.metadata.schema]` read through cargo metadata,
//!   environments and the database URL precedence.
//! - [`url`]: database URLs, parsed and redacted (a password is never shown).
//! - [`dialect`]: the SQL dialects.
//! - [`schema`]: the schema IR (tables, columns, keys, indexes, checks,
//!   enums) that models, replay and introspection all build, normalised so
//!   equal schemas compare equal.
//! - `model` (feature `models`): `#[derive(Model)]` structs read with syn
//!   into the IR, shared by the derive and the CLI (which finds models by
//!   parsing sources).
//! - `replay` (feature `sql`): migration SQL parsed with sqlparser and
//!   applied to the IR.
//! - `introspect` (features `postgres`, `sqlite`): a live database's
//!   catalog read into the IR.
//! - [`diff`]: two IRs compared into operations; [`render`]: operations as
//!   SQL per dialect (SQLite's table rebuild included).
//! - [`script`]: the bookkeeping SQL (version and history tables,
//!   transactions, timeouts) the runner sends and `--sql` prints.
//! - [`sql`] (feature `sql`): splitting sections into statements with
//!   sqlparser's tokenizer.
//! - [`runner`] (features `postgres`, `sqlite`): applying plans to a real
//!   database, and the [`Migrator`] applications call at start-up.
//! - [`lint`]: the safety lint: hazards of migration SQL (locks, rewrites,
//!   lost data), judged against the replayed schema (feature `sql`).
//! - [`import`]: adopting diesel and sqlx projects: their migrations read
//!   into revision files (diesel's through `diesel_migrations`, feature
//!   `diesel`), and a database they migrated mapped to the revision to stamp.
//! - `diesel_source` (feature `diesel`): the revisions as a diesel
//!   `MigrationSource`, for applications that migrate through diesel's
//!   `MigrationHarness`.
//! - [`build`]: the build-script half of the compile-time drift check:
//!   `track()` (feature `build`) replays the migrations once per build and
//!   writes a [`build::Snapshot`] that the macros read.
//! - [`drift`]: a model's table compared with the replayed schema, the
//!   disagreements the derive turns into compile errors.
//!
//! The core never prints: it returns values and typed errors
//! ([`error::Error`]) that the CLI renders. The one exception is
//! `build::track()`, whose output is what a build script says to cargo.

#![allow(
    clippy::result_large_err,
    reason = "errors carry the file text and spans for diagnostics; they are the cold path"
)]

pub mod build;
pub mod config;
pub mod dialect;
#[cfg(feature = "diesel")]
pub mod diesel_source;
pub mod diff;
pub mod drift;
pub mod error;
pub mod graph;
pub mod import;
#[cfg(feature = "runner")]
pub mod introspect;
pub mod lint;
pub mod migration;
#[cfg(feature = "models")]
pub mod model;
pub mod plan;
pub mod render;
#[cfg(feature = "sql")]
pub mod replay;
#[cfg(feature = "runner")]
pub mod runner;
pub mod schema;
pub mod script;
#[cfg(feature = "sql")]
pub mod sql;
pub mod target;
pub mod url;

pub use dialect::Dialect;
pub use error::{Error, ErrorKind};
pub use graph::{Graph, GraphError};
pub use migration::{Migration, MigrationError, RevId};
pub use plan::{Direction, Plan, Step};
#[cfg(feature = "runner")]
pub use runner::{Database, Migrator, RunOptions};
pub use schema::{Model, Schema, Table};
pub use target::{Target, TargetError};

/// Not public API: what generated code refers to.
#[doc(hidden)]
pub mod __private {
    pub use serde_json;
}
