//! Expansion snapshots of `#[derive(Model)]` (the compile errors users see
//! are covered by the trybuild cases under `tests/ui/`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::derive_inner;

fn expand(input: TokenStream) -> String {
    let output = derive_inner(input);
    let file = syn::parse2::<syn::File>(output.clone())
        .unwrap_or_else(|e| panic!("the expansion is not Rust ({e}): {output}"));
    prettyplease::unparse(&file)
}

#[test]
fn user() {
    insta::assert_snapshot!(expand(quote! {
        #[schema(table = "user")]
        struct User {
            #[schema(primary_key, auto)]
            id: i64,
            #[schema(sql_type = "varchar(30)")]
            name: String,
            #[schema(unique)]
            email: String,
            last_login: Option<chrono::DateTime<chrono::Utc>>,
        }
    }));
}

#[test]
fn generics_are_kept() {
    insta::assert_snapshot!(expand(quote! {
        struct Note<'a, T: Clone> where T: Send {
            #[schema(primary_key)]
            id: i32,
            body: &'a str,
            #[schema(sql_type = "jsonb")]
            extra: T,
        }
    }));
}

/// A mistake for SQLite alone does not fail the build: the project may
/// well be on PostgreSQL. `table(Sqlite)` says what is wrong instead.
#[test]
fn a_mistake_for_one_dialect_becomes_a_panic_for_it() {
    insta::assert_snapshot!(expand(quote! {
        struct Post {
            #[schema(primary_key, auto)]
            id: i64,
            tags: Vec<String>,
        }
    }));
}

#[test]
fn errors_come_with_a_fallback_impl() {
    insta::assert_snapshot!(expand(quote! {
        #[schema(tabel = "user")]
        struct User {
            #[schema(primary_key, auto)]
            id: String,
            nick: std::net::IpAddr,
        }
    }));
}

#[test]
fn input_that_is_not_an_item_is_a_syntax_error() {
    insta::assert_snapshot!(
        derive_inner(quote!(
            fn f() {}
        ))
        .to_string()
    );
}
