//! Placeholder while the configuration module is written (see issue 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("configuration")]
pub struct ConfigError;
