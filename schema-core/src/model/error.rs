//! The errors of a model: each spanned at the attribute, field or type at
//! fault, with a `help:` that shows the correct form, and all of a model's
//! errors kept together (serde_derive's `Ctxt`) so one build shows them all.

use std::fmt;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;

/// One mistake in a model.
#[derive(Debug, Clone)]
pub struct ModelError {
    /// Where it is: the attribute key, its value, the field or its type.
    pub span: Span,
    /// Where it ends (the last token of a type; `span` for one token).
    pub end: Span,
    /// What is wrong, lower case, without a full stop.
    pub message: String,
    /// How to write it instead, when there is something to say.
    pub help: Option<String>,
}

impl ModelError {
    pub fn new(span: Span, message: impl Into<String>) -> ModelError {
        ModelError {
            span,
            end: span,
            message: message.into(),
            help: None,
        }
    }

    /// An error over all of `tokens` (a whole type, say).
    pub fn spanned(tokens: &dyn ToTokens, message: impl Into<String>) -> ModelError {
        let mut iter = tokens.to_token_stream().into_iter();
        let span = iter.next().map_or_else(Span::call_site, |t| t.span());
        let end = iter.last().map_or(span, |t| t.span());
        ModelError {
            span,
            end,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> ModelError {
        self.help = Some(help.into());
        self
    }

    /// The error as the compiler shows it, `help:` on a line of its own.
    pub fn to_syn_error(&self) -> syn::Error {
        let text = match &self.help {
            Some(help) => format!("{}\n\nhelp: {help}", self.message),
            None => self.message.clone(),
        };
        // Two tokens carrying the first and last span: syn underlines
        // everything between them (what `new_spanned` does).
        let ends: TokenStream = [self.span, self.end]
            .into_iter()
            .map(|span| {
                let mut p = proc_macro2::Punct::new('.', proc_macro2::Spacing::Alone);
                p.set_span(span);
                TokenTree::Punct(p)
            })
            .collect();
        syn::Error::new_spanned(ends, text)
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// All the mistakes found in one model, in source order of discovery.
/// Never empty when returned as an `Err`.
#[derive(Debug, Clone, Default)]
pub struct ModelErrors {
    errors: Vec<ModelError>,
}

impl ModelErrors {
    pub fn iter(&self) -> std::slice::Iter<'_, ModelError> {
        self.errors.iter()
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error combined into one `syn::Error` (one `compile_error!` each).
    pub fn to_syn_error(&self) -> syn::Error {
        let mut iter = self.errors.iter();
        let mut combined = match iter.next() {
            Some(first) => first.to_syn_error(),
            None => syn::Error::new(Span::call_site(), "invalid model"),
        };
        for e in iter {
            combined.combine(e.to_syn_error());
        }
        combined
    }

    pub(crate) fn push(&mut self, error: ModelError) {
        self.errors.push(error);
    }

    pub(crate) fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(ModelError::new(span, message));
    }

    pub(crate) fn error_help(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(ModelError::new(span, message).with_help(help));
    }

    /// A syntax error from syn, kept with its span.
    pub(crate) fn syn(&mut self, error: syn::Error) {
        for e in error {
            self.push(ModelError::new(e.span(), e.to_string()));
        }
    }

    /// `Ok(value)` when nothing was recorded.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, ModelErrors> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl IntoIterator for ModelErrors {
    type Item = ModelError;
    type IntoIter = std::vec::IntoIter<ModelError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a> IntoIterator for &'a ModelErrors {
    type Item = &'a ModelError;
    type IntoIter = std::slice::Iter<'a, ModelError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl From<ModelErrors> for syn::Error {
    fn from(errors: ModelErrors) -> syn::Error {
        errors.to_syn_error()
    }
}

impl fmt::Display for ModelErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ModelErrors {}
