//! What every command starts from: the configuration of the selected package
//! and its revision graph; and [`CliError`], an error with its exit code.

use miette::{Diagnostic, Report};
use schema_core::config::{self, Config, ConfigRequest};
use schema_core::{ErrorKind, Graph};

use crate::cli::GlobalArgs;
use crate::exit;

/// An error on its way to the user, with the exit code it maps to.
#[derive(Debug)]
pub struct CliError {
    pub report: Report,
    pub kind: ErrorKind,
    /// Extra facts for `--format json` (`error.details`).
    pub details: Option<serde_json::Value>,
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Input => exit::INPUT,
            ErrorKind::Database => exit::DATABASE,
            ErrorKind::CheckFailed => exit::CHECK_FAILED,
        }
    }

    /// A usage or input error with a message and an optional help line.
    pub fn input(message: impl Into<String>, help: Option<String>) -> CliError {
        CliError::coded("schema::input", message, help)
    }

    /// An input error with its own diagnostic code.
    pub fn coded(code: &'static str, message: impl Into<String>, help: Option<String>) -> CliError {
        CliError {
            report: Report::new(Plain {
                code,
                message: message.into(),
                help,
            }),
            kind: ErrorKind::Input,
            details: None,
        }
    }
}

impl<E> From<E> for CliError
where
    E: Into<schema_core::Error>,
{
    fn from(err: E) -> CliError {
        let err: schema_core::Error = err.into();
        CliError {
            kind: err.kind(),
            report: Report::new(err),
            details: None,
        }
    }
}

/// An ad-hoc CLI message as a diagnostic.
#[derive(Debug)]
struct Plain {
    code: &'static str,
    message: String,
    help: Option<String>,
}

impl std::error::Error for Plain {}

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Diagnostic for Plain {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
}

/// The selected package: its configuration, and its graph once loaded.
pub struct Project {
    pub config: Config,
}

impl Project {
    pub fn load(global: &GlobalArgs) -> Result<Project, CliError> {
        let cwd = std::env::current_dir().map_err(|e| {
            CliError::input(format!("cannot read the current directory: {e}"), None)
        })?;
        let request = ConfigRequest {
            manifest_path: global.manifest_path.clone(),
            package: global.package.clone(),
            cwd,
        };
        let config = config::load(&request)?;
        Ok(Project { config })
    }

    /// Reads and checks every revision file.
    pub fn graph(&self) -> Result<Graph, CliError> {
        Ok(Graph::load(&self.config.migrations_dir)?)
    }

    /// A path relative to the package root, for display.
    pub fn display_path(&self, path: &std::path::Path) -> String {
        let cwd = std::env::current_dir().ok();
        cwd.as_deref()
            .and_then(|c| path.strip_prefix(c).ok())
            .or_else(|| path.strip_prefix(&self.config.root).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    }
}
