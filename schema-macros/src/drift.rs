//! The derive's half of the compile-time drift check: the model's table
//! for the project's dialect against the snapshot the build script
//! replayed (`schema_core::drift::check` does the comparing and the
//! spanning; this file decides what to do when there is no snapshot).

use proc_macro2::{Span, TokenStream};
use schema_core::Dialect;
use schema_core::model::{ModelDef, ModelErrors, ModelInput};

use crate::snapshot::{self, Found};

/// Checks `model` against what was `found`. `lowered` holds the tables the
/// derive already computed, by dialect. Returns the tokens to add to the
/// expansion (tracking the snapshot file) or the compile errors.
pub(crate) fn check(
    model: &ModelInput,
    ident: &syn::Ident,
    lowered: &[(Dialect, &Result<ModelDef, ModelErrors>)],
    found: &Found,
) -> syn::Result<TokenStream> {
    match found {
        Found::Off => Ok(TokenStream::new()),
        // One error per crate: the fix is one build.rs, not one per model.
        Found::Missing if snapshot::first_in_crate("no build script") => Err(syn::Error::new(
            Span::call_site(),
            format!(
                "#[derive(Model)] compares `{ident}` with the migrations, but no build script replayed them for this crate\n\nhelp: {}",
                snapshot::build_script_help()
            ),
        )),
        Found::Broken(message) if snapshot::first_in_crate(message) => Err(syn::Error::new(
            Span::call_site(),
            format!(
                "{message}\n\nhelp: the file is written by `schema_core::build::track()` in build.rs; `cargo clean -p {}` and build again",
                std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "<package>".into())
            ),
        )),
        Found::Missing | Found::Broken(_) => Ok(TokenStream::new()),
        Found::Snapshot { path, snapshot } => {
            let other;
            let def = match lowered.iter().find(|(d, _)| *d == snapshot.dialect) {
                Some((_, def)) => *def,
                None => {
                    other = model.lower(snapshot.dialect);
                    &other
                }
            };
            // The project's dialect is known now: a mistake for it (an
            // array on SQLite) is an error rather than a panic in `table()`.
            let def = def.as_ref().map_err(ModelErrors::to_syn_error)?;
            schema_core::drift::check(def, snapshot).map_err(|e| e.to_syn_error())?;
            Ok(snapshot::track(path))
        }
    }
}
