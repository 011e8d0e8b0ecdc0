//! The crate-wide error: every module's typed error, and what kind of failure
//! it is (which the CLI maps to an exit code).

use miette::Diagnostic;
use thiserror::Error;

/// What kind of failure an error is. The CLI maps each to one exit code:
/// `Input` → 2, `Database` → 3, `CheckFailed` → 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input: a malformed file, an unknown target, bad configuration.
    Input,
    /// The database could not be reached or refused a statement.
    Database,
    /// A check that ran and did not pass.
    CheckFailed,
}

/// Any error of `schema_core`.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Migration(#[from] crate::migration::MigrationError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Graph(#[from] crate::graph::GraphError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Target(#[from] crate::target::TargetError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Url(#[from] crate::url::UrlError),
    #[cfg(feature = "runner")]
    #[error(transparent)]
    #[diagnostic(transparent)]
    Run(#[from] crate::runner::RunError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Import(#[from] crate::import::ImportError),
    #[cfg(feature = "diesel")]
    #[error(transparent)]
    #[diagnostic(transparent)]
    DieselSource(#[from] crate::diesel_source::DieselSourceError),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Migration(_)
            | Error::Graph(_)
            | Error::Target(_)
            | Error::Config(_)
            | Error::Url(_)
            | Error::Import(_) => ErrorKind::Input,
            #[cfg(feature = "diesel")]
            Error::DieselSource(_) => ErrorKind::Input,
            #[cfg(feature = "runner")]
            Error::Run(e) if e.is_database() => ErrorKind::Database,
            #[cfg(feature = "runner")]
            Error::Run(_) => ErrorKind::Input,
        }
    }
}
