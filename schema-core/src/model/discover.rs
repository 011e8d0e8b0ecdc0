//! Finding a package's models without compiling it: every `.rs` file under
//! the configured directories is parsed with syn, and each struct deriving
//! `Model` goes through the same parser as the proc-macro.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use syn::Token;
use syn::punctuated::Punctuated;
use thiserror::Error;

use super::error::ModelError;
use super::parse_model;
use crate::Dialect;
use crate::schema::Table;

/// A model found in the sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredModel {
    /// The file it is in.
    pub path: PathBuf,
    /// The line of the struct's name (1-based).
    pub line: usize,
    /// The struct's name.
    pub name: String,
    pub table: Table,
    /// `#[schema(allow_extra_columns)]`.
    pub allow_extra_columns: bool,
}

/// Why models could not be read. Each names the file and line.
#[derive(Debug, Error, Diagnostic)]
pub enum DiscoverError {
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(schema::models::read))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}:{line}:{column}: cannot parse the file: {message}", path.display())]
    #[diagnostic(
        code(schema::models::syntax),
        help(
            "models are read from the sources without compiling; `cargo check` shows the same mistake"
        )
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("{}:{line}:{column}: model `{model}`: {message}", path.display())]
    #[diagnostic(code(schema::models::invalid))]
    Model {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The struct's name.
        model: String,
        message: String,
        #[help]
        help: Option<String>,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    /// More than one of the above, in file order.
    #[error("{} mistakes in models; the first: {}", errors.len(), errors[0])]
    #[diagnostic(code(schema::models::several))]
    Several {
        #[related]
        errors: Vec<DiscoverError>,
    },
}

/// Finds every `#[derive(Model)]` struct (also `#[derive(schema_macros::Model)]`,
/// `#[derive(Debug, Model)]`, `#[cfg_attr(…, derive(Model))]`) in the `.rs`
/// files under `dirs`, recursively and in path order, and returns their
/// tables for `dialect`. Every mistake in every file is reported, together.
///
/// Only files whose text mentions `Model` are parsed (the cost of reading a
/// large package is the parsing); items under `#[cfg(test)]` are left out,
/// and so are hidden directories and `target`.
pub fn discover(dirs: &[PathBuf], dialect: Dialect) -> Result<Vec<DiscoveredModel>, DiscoverError> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs {
        if let Err(e) = collect(dir, &mut files) {
            errors.push(e);
        }
    }
    files.sort();
    files.dedup();
    let mut models = Vec::new();
    for file in &files {
        match read_file(file, dialect) {
            Ok((found, errs)) => {
                models.extend(found);
                errors.extend(errs);
            }
            Err(e) => errors.push(e),
        }
    }
    match errors.len() {
        0 => Ok(models),
        1 => Err(errors.remove(0)),
        _ => Err(DiscoverError::Several { errors }),
    }
}

/// The `.rs` files under `path` (or `path` itself).
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
    let read_err = |source| DiscoverError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
        return Ok(());
    }
    let mut entries = std::fs::read_dir(path)
        .map_err(read_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_err)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ty = entry.file_type().map_err(read_err)?;
        let p = entry.path();
        if ty.is_dir() {
            // Symbolic links to directories are not followed (no cycles).
            if !name.starts_with('.') && name != "target" {
                collect(&p, out)?;
            }
        } else if name.ends_with(".rs") && (ty.is_file() || p.is_file()) {
            out.push(p);
        }
    }
    Ok(())
}

type FileResult = (Vec<DiscoveredModel>, Vec<DiscoverError>);

fn read_file(path: &Path, dialect: Dialect) -> Result<FileResult, DiscoverError> {
    let bytes = std::fs::read(path).map_err(|source| DiscoverError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !bytes.windows(5).any(|w| w == b"Model") {
        return Ok((Vec::new(), Vec::new()));
    }
    let text: Arc<str> = String::from_utf8(bytes)
        .map_err(|e| DiscoverError::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
        })?
        .into();
    let src =
        || NamedSource::new(path.display().to_string(), Arc::clone(&text)).with_language("Rust");
    let file = match syn::parse_file(&text) {
        Ok(f) => f,
        Err(e) => {
            let start = e.span().start();
            return Err(DiscoverError::Syntax {
                path: path.to_path_buf(),
                line: start.line,
                column: start.column + 1,
                message: e.to_string(),
                src: src(),
                span: source_span(e.span(), e.span(), &text),
            });
        }
    };

    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut items = Vec::new();
    model_items(&file.items, &mut items);
    for input in items {
        match parse_model(&input, dialect) {
            Ok(model) => found.push(DiscoveredModel {
                path: path.to_path_buf(),
                line: model.ident.span().start().line,
                name: model.ident.to_string(),
                table: model.table,
                allow_extra_columns: model.allow_extra_columns,
            }),
            Err(errs) => {
                for e in errs {
                    errors.push(model_error(path, &input.ident, e, src(), &text));
                }
            }
        }
    }
    Ok((found, errors))
}

fn model_error(
    path: &Path,
    model: &syn::Ident,
    e: ModelError,
    src: NamedSource<Arc<str>>,
    text: &str,
) -> DiscoverError {
    let start = e.span.start();
    DiscoverError::Model {
        path: path.to_path_buf(),
        line: start.line,
        column: start.column + 1,
        model: model.to_string(),
        message: e.message,
        help: e.help,
        src,
        span: source_span(e.span, e.end, text),
    }
}

/// The byte range from `start` to the end of `end` in the file's text.
fn source_span(start: proc_macro2::Span, end: proc_macro2::Span, text: &str) -> SourceSpan {
    let from = start.byte_range().start.min(text.len());
    let to = end.byte_range().end.clamp(from, text.len());
    SourceSpan::from(from..to)
}

/// The items deriving `Model`, also inside inline modules, not under
/// `#[cfg(test)]`.
fn model_items(items: &[syn::Item], out: &mut Vec<syn::DeriveInput>) {
    for item in items {
        let (attrs, input): (&[syn::Attribute], Option<syn::DeriveInput>) = match item {
            syn::Item::Struct(s) => (&s.attrs, Some(s.clone().into())),
            syn::Item::Enum(e) => (&e.attrs, Some(e.clone().into())),
            syn::Item::Union(u) => (&u.attrs, Some(u.clone().into())),
            syn::Item::Mod(m) => {
                if let Some((_, content)) = &m.content
                    && !is_cfg_test(&m.attrs)
                {
                    model_items(content, out);
                }
                continue;
            }
            _ => continue,
        };
        if let Some(input) = input
            && derives_model(attrs)
            && !is_cfg_test(attrs)
        {
            out.push(input);
        }
    }
}

fn derives_model(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        if attr.path().is_ident("derive") {
            return derive_list_has_model(attr.meta.require_list().ok());
        }
        if attr.path().is_ident("cfg_attr") {
            let nested = attr.parse_args_with(|input: syn::parse::ParseStream| {
                let _predicate: syn::Meta = input.parse()?;
                input.parse::<Token![,]>()?;
                Punctuated::<syn::Meta, Token![,]>::parse_terminated(input)
            });
            return nested.is_ok_and(|metas| {
                metas.iter().any(|m| {
                    m.path().is_ident("derive") && derive_list_has_model(m.require_list().ok())
                })
            });
        }
        false
    })
}

fn derive_list_has_model(list: Option<&syn::MetaList>) -> bool {
    let Some(list) = list else {
        return false;
    };
    list.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        .is_ok_and(|paths| paths.iter().any(is_model_path))
}

/// `Model`, `schema_macros::Model` or `::schema_macros::Model`.
fn is_model_path(path: &syn::Path) -> bool {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    match segments.as_slice() {
        [m] => m == "Model",
        [krate, m] => krate == "schema_macros" && m == "Model",
        _ => false,
    }
}

/// `#[cfg(test)]` or `#[cfg(all(test, …))]`.
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr.parse_args::<syn::Meta>().is_ok_and(|m| match &m {
                syn::Meta::Path(p) => p.is_ident("test"),
                syn::Meta::List(l) if l.path.is_ident("all") => l
                    .parse_args_with(Punctuated::<syn::Meta, Token![,]>::parse_terminated)
                    .is_ok_and(|ms| ms.iter().any(|m| m.path().is_ident("test"))),
                _ => false,
            })
    })
}
