//! `#[derive(Model)]`: parse and validate with `schema_core::model` (the
//! parser the CLI uses too), check the table against the migrations
//! (`drift`), then expand into an `impl Model` that returns the table
//! computed here, at expansion, for each dialect.
//!
//! The tables travel as JSON string literals read back with serde_json at
//! run time. The alternative, constructor code for every column and
//! constraint, costs more to type-check in the user's crate for each model
//! and breaks whenever the IR gains a field; a string literal costs nothing
//! to compile and one `from_str::<Table>` serves every model of a crate.

use proc_macro2::TokenStream;
use quote::quote;
use schema_core::Dialect;
use schema_core::model::ModelInput;

use crate::drift;
use crate::snapshot::{self, Found};

/// The derive on `proc_macro2` tokens, checked against the snapshot the
/// build script wrote (`CARGO_SCHEMA_SCHEMA`).
pub(crate) fn derive_inner(input: TokenStream) -> TokenStream {
    let tokens = derive_with(input, &snapshot::for_check());
    let mut out = snapshot::track_switch();
    out.extend(tokens);
    out
}

/// The derive with the snapshot given, so tests can call it.
pub(crate) fn derive_with(input: TokenStream, found: &Found) -> TokenStream {
    let input = match syn::parse2::<syn::DeriveInput>(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    match expand(&input, found) {
        Ok(tokens) => tokens,
        Err(e) => {
            // The real errors, and an impl so that uses of the model do not
            // add "trait not implemented" errors of their own.
            let mut tokens = e.to_compile_error();
            tokens.extend(fallback(&input));
            tokens
        }
    }
}

/// The dialects a model's table is computed for: the variant, and the name
/// messages give it.
const DIALECTS: [(Dialect, &str, &str); 2] = [
    (Dialect::Postgres, "Postgres", "PostgreSQL"),
    (Dialect::Sqlite, "Sqlite", "SQLite"),
];

fn expand(input: &syn::DeriveInput, found: &Found) -> syn::Result<TokenStream> {
    let model = ModelInput::parse(input)?;
    let ident = &input.ident;
    let lowered: Vec<_> = DIALECTS.iter().map(|(d, _, _)| model.lower(*d)).collect();
    if lowered.iter().all(Result::is_err) {
        let mut errors = lowered.into_iter().filter_map(Result::err);
        let mut combined = errors.next().expect("two dialects").to_syn_error();
        for e in errors {
            combined.combine(e.to_syn_error());
        }
        return Err(combined);
    }
    let by_dialect: Vec<_> = DIALECTS.iter().map(|(d, _, _)| *d).zip(&lowered).collect();
    let tracking = drift::check(&model, ident, &by_dialect, found)?;

    let arms = DIALECTS
        .iter()
        .zip(lowered)
        .map(|((_, variant, dialect), result)| {
            let variant = syn::Ident::new(variant, proc_macro2::Span::call_site());
            let body = match result {
                Ok(def) => {
                    let json = serde_json::to_string(&def.table).map_err(|e| {
                        syn::Error::new(ident.span(), format!("cannot serialise the table: {e}"))
                    });
                    match json {
                        Ok(json) => quote!(#json),
                        Err(e) => e.to_compile_error(),
                    }
                }
                // Only this dialect is affected; the project may not use it.
                Err(errors) => {
                    let message = format!("`{ident}` cannot be used with {dialect}: {errors}");
                    quote!(::core::panic!("{}", #message))
                }
            };
            quote!(::schema_core::Dialect::#variant => #body,)
        });

    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let name = ident.to_string();
    let expect = format!(
        "the table #[derive(Model)] wrote for `{name}` reads back (schema-core and schema-macros must be the same version)"
    );
    Ok(quote! {
        #tracking
        #[automatically_derived]
        impl #impl_generics ::schema_core::Model for #ident #ty_generics #where_clause {
            fn table(dialect: ::schema_core::Dialect) -> ::schema_core::Table {
                let json: &str = match dialect {
                    #(#arms)*
                    other => ::core::panic!(
                        "`{}` has no table for {}: models support PostgreSQL and SQLite",
                        #name,
                        other,
                    ),
                };
                ::schema_core::__private::serde_json::from_str(json).expect(#expect)
            }
        }
    })
}

/// An impl that type-checks whatever the model's mistakes.
fn fallback(input: &syn::DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::schema_core::Model for #ident #ty_generics #where_clause {
            fn table(_: ::schema_core::Dialect) -> ::schema_core::Table {
                ::core::unreachable!()
            }
        }
    }
}
