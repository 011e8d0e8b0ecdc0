//! The build-script integration: the heavy half of the compile-time drift
//! check, done once per build.
//!
//! An application's `build.rs` is one line:
//!
//! ```ignore
//! fn main() { schema_core::build::track(); }
//! ```
//!
//! with `schema-core = { version = "0.1", features = ["build"] }` under
//! `[build-dependencies]` (`cargo schema init` writes the file and prints the
//! line). [`track`] reads the package's configuration (the same loader as
//! the CLI), loads the revision graph, requires a single head, replays the
//! migrations to it (the same replay as the CLI) and writes a [`Snapshot`]
//! to `$OUT_DIR/cargo-schema/schema.json`. It then tells cargo:
//!
//! - `cargo::rustc-env=CARGO_SCHEMA_SCHEMA=<that file>`: where
//!   `#[derive(Model)]` and `embed_migrations!()` find it. A proc-macro runs
//!   inside rustc, whose environment holds the `rustc-env` variables of the
//!   crate being compiled, so the macros read it with `std::env::var`;
//! - `cargo::rustc-env=CARGO_SCHEMA_DEFAULT_DATABASE=<file>`: the SQLite file
//!   the CLI uses when no URL is configured (`target/schema/dev.sqlite`), so
//!   a development binary can share it;
//! - `cargo::rerun-if-changed=` for the migrations directory (cargo scans a
//!   watched directory whole, so an edited, added or removed file counts)
//!   and the manifests the configuration is read from;
//!   `cargo::rerun-if-env-changed=` for the URL variable when it decides
//!   the dialect;
//! - `cargo::warning=` for each statement replay did not understand (the
//!   check may be wrong about its table).
//!
//! Replay happens here and only here: the macros read the snapshot, so the
//! proc-macro crate carries no SQL parser, and a crate with a hundred models
//! replays once. A broken migration set (a malformed file, a cycle, a
//! missing parent, several heads) fails the build script with one
//! diagnostic, rendered as the CLI renders it, instead of one error per
//! model.
//!
//! # Which dialect
//!
//! The migrations are replayed for, first match wins: the dialect given to
//! [`track_with`]; the configured `dialect`; the dialect of the database
//! URL, when the configured variable (`DATABASE_URL` unless
//! `database-url-env` says otherwise) is set in the environment or in a
//! `.env` file at build time; else SQLite, the CLI's embedded default.
//!
//! # Switching the check off
//!
//! `CARGO_SCHEMA_CHECK=off` in the environment of the build turns the
//! derive's comparison off (and its demand for a build script): models
//! still implement `Model`, nothing is compared. Cargo rebuilds the crate
//! when the variable changes. `embed_migrations!()` still needs `track()`.
//!
//! # Cost
//!
//! The build script runs when a migration or the manifest changes, not on
//! every build; the derive then reads the snapshot (parsed once per
//! compilation, however many models). `scripts/bench-drift.sh` measures
//! both on 100 models over 1,000 revisions. Replay runs unoptimised, like
//! every build dependency in a dev build; for long histories
//! `[profile.dev.package.sqlparser]` and `[profile.dev.package.schema-core]`
//! with `opt-level = 3` make it about four times faster.
//!
//! The [`Snapshot`] format and [`Snapshot::read`] are always compiled (the
//! proc-macro reads it without the `build` feature); writing one needs the
//! `build` feature, which brings the SQL parser.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Dialect;
use crate::schema::Schema;

/// The variable that holds the snapshot's path, for the macros.
pub const SCHEMA_ENV: &str = "CARGO_SCHEMA_SCHEMA";
/// The variable that holds the CLI's embedded default SQLite file.
pub const DEFAULT_DATABASE_ENV: &str = "CARGO_SCHEMA_DEFAULT_DATABASE";
/// The variable that switches the derive's comparison off, with [`OFF`]:
/// read from the environment of the build (cargo rebuilds when it changes).
pub const CHECK_ENV: &str = "CARGO_SCHEMA_CHECK";
/// The value of [`CHECK_ENV`] that switches the drift check off.
pub const OFF: &str = "off";
/// The whole `build.rs` an application needs.
pub const BUILD_RS: &str = "fn main() {\n    schema_core::build::track();\n}\n";
/// The line `build.rs` needs under `[build-dependencies]`.
pub const BUILD_DEPENDENCY: &str = "schema-core = { version = \"0.1\", features = [\"build\"] }";
/// The version of the snapshot format: the macros refuse another one.
pub const FORMAT: u32 = 1;

/// What the build script hands to the macros: the schema at head, and what
/// `embed_migrations!()` needs to embed the revision files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// [`FORMAT`].
    pub format: u32,
    /// The package whose migrations these are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The dialect the migrations were replayed for.
    pub dialect: Dialect,
    /// Why that dialect (see the module documentation).
    pub dialect_source: DialectSource,
    /// The head revision; `None` before the first revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Head>,
    /// How many revisions were replayed.
    pub revisions: usize,
    /// The manifest directory; `files` are relative to it.
    pub root: PathBuf,
    /// The migrations directory, absolute.
    pub migrations_dir: PathBuf,
    /// The configured version table.
    pub version_table: String,
    /// The revision files, relative to `root`, in topological order.
    pub files: Vec<PathBuf>,
    /// The schema at head, replayed.
    pub schema: Schema,
}

/// The head revision of a [`Snapshot`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub revision: String,
    pub message: String,
}

/// Where a snapshot's dialect came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum DialectSource {
    /// `track_with(dialect)`.
    BuildScript,
    /// `dialect = "…"` in the configuration.
    Configured,
    /// The scheme of the URL in this variable.
    Url { var: String },
    /// Nothing said: SQLite, the embedded default.
    Default,
}

impl Snapshot {
    /// Reads a snapshot written by [`track`].
    pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
        let text = std::fs::read_to_string(path).map_err(|e| SnapshotError {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Snapshot::from_json(&text).map_err(|message| SnapshotError {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses a snapshot, refusing another [`FORMAT`].
    pub fn from_json(text: &str) -> Result<Snapshot, String> {
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let version: Version = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if version.format != FORMAT {
            return Err(format!(
                "it is in format {} and this schema-macros reads format {FORMAT} (schema-core and schema-macros must be the same version)",
                version.format
            ));
        }
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The snapshot as JSON, compact: every derive of the crate reads it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a snapshot serialises")
    }

    /// For messages: ``head revision `fe98439c07ed` (add last_login to
    /// user)``, or `no revision yet`.
    pub fn describe_head(&self) -> String {
        match &self.head {
            Some(h) => format!("head revision `{}` ({})", h.revision, h.message),
            None => "no revision yet".to_string(),
        }
    }
}

/// A snapshot that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read the schema the build script wrote to {}: {message}", path.display())]
pub struct SnapshotError {
    pub path: PathBuf,
    pub message: String,
}

#[cfg(feature = "build")]
mod track;

#[cfg(feature = "build")]
pub use track::{BuildError, TrackOptions, Tracked, generate, render, track, track_with};
