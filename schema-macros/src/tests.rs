//! Expansion snapshots of `#[derive(Model)]` (the compile errors users see
//! are covered by the trybuild cases under `tests/ui/`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::derive_with;
use crate::snapshot::Found;

/// The expansion with the drift check off (its cases are below and under
/// `tests/drift/`).
fn expand(input: TokenStream) -> String {
    pretty(derive_with(input, &Found::Off))
}

fn pretty(output: TokenStream) -> String {
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
        derive_with(
            quote!(
                fn f() {}
            ),
            &Found::Off
        )
        .to_string()
    );
}

/// A snapshot as the build script would write it: `user (id bigint, name
/// varchar(30))` at head `3f2a9c1b7d4e`, PostgreSQL, one revision file.
/// Each test names its own file, so each expansion tracks it.
fn snapshot(file: &str) -> Found {
    use schema_core::build::{DialectSource, FORMAT, Head, Snapshot};
    use schema_core::schema::{Column, Schema, SqlType, Table, TableName};
    let mut user = Table::new(TableName::new("user"));
    let mut id = Column::new("id", SqlType::BigInt);
    id.nullable = false;
    let mut name = Column::new("name", SqlType::Varchar(Some(30)));
    name.nullable = false;
    user.columns = vec![id, name];
    let mut schema = Schema::default();
    schema.tables.insert(user.name.clone(), user);
    Found::Snapshot {
        path: format!("/app/target/debug/build/app-1/out/cargo-schema/{file}").into(),
        snapshot: std::sync::Arc::new(Snapshot {
            format: FORMAT,
            package: Some("app".into()),
            dialect: schema_core::Dialect::Postgres,
            dialect_source: DialectSource::Configured,
            head: Some(Head {
                revision: "3f2a9c1b7d4e".into(),
                message: "create user".into(),
            }),
            revisions: 1,
            root: "/app".into(),
            migrations_dir: "/app/migrations".into(),
            version_table: "schema_version".into(),
            files: vec!["migrations/3f2a9c1b7d4e_create_user.sql".into()],
            schema,
        }),
    }
}

/// A model that matches its table: the impl, and the snapshot as an input
/// of the crate (once per crate).
#[test]
fn a_model_that_matches_tracks_the_snapshot() {
    insta::assert_snapshot!(pretty(derive_with(
        quote! {
            #[schema(table = "user")]
            struct User {
                #[schema(primary_key)]
                id: i64,
                #[schema(sql_type = "varchar(30)")]
                name: String,
            }
        },
        &snapshot("matches.json"),
    )));
}

/// Drift is a compile error at the field, with the impl that keeps
/// follow-up errors away.
#[test]
fn drift_is_an_error_at_the_field_with_a_fallback_impl() {
    insta::assert_snapshot!(pretty(derive_with(
        quote! {
            #[schema(table = "user")]
            struct User {
                #[schema(primary_key)]
                id: i64,
                #[schema(sql_type = "varchar(30)")]
                name: String,
                bio: Option<String>,
            }
        },
        &snapshot("drift.json"),
    )));
}

#[test]
fn embed_migrations_is_a_migrator_of_the_included_files() {
    let block = crate::embed::embed_with(TokenStream::new(), &snapshot("embed.json"));
    insta::assert_snapshot!(pretty(quote!(
        fn main() {
            let _ = #block;
        }
    )));
}
