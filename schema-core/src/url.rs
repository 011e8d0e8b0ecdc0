//! Placeholder while the URL module is written (see issue 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("url")]
pub struct UrlError;
