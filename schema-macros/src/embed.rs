//! `embed_migrations!()`: the package's revision files compiled into the
//! binary, as a `schema_core::runner::Migrator` built from their text.
//!
//! The list of files comes from the build script's snapshot (the same
//! configuration and graph loading as the CLI, done once per build): the
//! macro reads no configuration and no directory of its own. Rebuilding is
//! what cargo does anyway:
//!
//! - an edited file: each file is an `include_str!`, so rustc records it as
//!   an input of the crate (and the build script watches it too);
//! - an added or removed file: the build script watches the migrations
//!   directory (`cargo::rerun-if-changed=migrations`), and a build script
//!   that reruns recompiles its crate, so the macro runs again with the new
//!   list.

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::snapshot::{self, Found};

/// The macro on `proc_macro2` tokens.
pub(crate) fn embed_inner(input: TokenStream) -> TokenStream {
    embed_with(input, &snapshot::from_env())
}

/// The macro with the snapshot given, so tests can call it.
pub(crate) fn embed_with(input: TokenStream, found: &Found) -> TokenStream {
    match expand(input, found) {
        Ok(tokens) => tokens,
        Err(e) => {
            let error = e.to_compile_error();
            // An expression of the right type, so the caller's code adds no
            // errors of its own.
            quote!({
                #error
                ::core::unreachable!()
            })
        }
    }
}

fn expand(input: TokenStream, found: &Found) -> syn::Result<TokenStream> {
    if !input.is_empty() {
        return Err(syn::Error::new_spanned(
            input,
            "embed_migrations!() takes no arguments\n\nhelp: the migrations directory is the one configured in Cargo.toml (`[package.metadata.schema] migrations = \"…\"`), as for the CLI",
        ));
    }
    let (path, snapshot) = match found {
        Found::Snapshot { path, snapshot } => (path, snapshot),
        // `Off` is the derive's switch; the snapshot is still needed here.
        Found::Missing | Found::Off => {
            return Err(syn::Error::new(
                Span::call_site(),
                format!(
                    "embed_migrations!() embeds the revision files the build script found, but no build script ran for this crate\n\nhelp: {}",
                    snapshot::build_script_help()
                ),
            ));
        }
        Found::Broken(message) => {
            return Err(syn::Error::new(Span::call_site(), message.clone()));
        }
    };
    let files = snapshot.files.iter().map(|rel| {
        // Forward slashes: the name is shown in messages and recorded
        // nowhere, but should read the same on every platform.
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let absolute = snapshot.root.join(rel).display().to_string();
        quote!((#name, ::core::include_str!(#absolute)))
    });
    let version_table = &snapshot.version_table;
    let tracking = snapshot::track(path);
    Ok(quote!({
        #tracking
        const FILES: &[(&str, &str)] = &[#(#files),*];
        match ::schema_core::runner::Migrator::from_embedded(FILES) {
            ::core::result::Result::Ok(migrator) => migrator.with_version_table(#version_table),
            // The build script loaded the same files into a graph before
            // this macro ran; only a file changed during the build gets here.
            ::core::result::Result::Err(e) => ::core::panic!(
                "the migrations embed_migrations!() embedded do not form a revision graph (did a file change during the build?): {}",
                e
            ),
        }
    }))
}
