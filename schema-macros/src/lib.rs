//! Proc-macros of cargo schema: `#[derive(Model)]`, `embed_migrations!()` and
//! the compile-time drift check.
//!
//! Generated code refers to `::schema_core::…`, so an application depends on
//! both crates, as with serde and serde_derive. The model parser itself lives
//! in `schema_core::model`, shared with the CLI (which reads models from the
//! sources without compiling); this crate only turns its result into code.
//! It reads only what the build script wrote to `OUT_DIR` and carries no SQL
//! parser, so it stays quick to build.

mod drift;
mod embed;
mod model;
mod snapshot;
mod test_attr;

/// Describes a table: implements `schema_core::Model`, whose
/// `table(dialect)` returns the table the struct's fields and
/// `#[schema(...)]` attributes describe.
///
/// ```ignore
/// use schema_core::{Dialect, Model as _};
/// use schema_macros::Model;
///
/// #[derive(Model)]
/// #[schema(table = "user")]
/// struct User {
///     #[schema(primary_key, auto)]
///     id: i64,
///     #[schema(sql_type = "varchar(30)")]
///     name: String,
///     #[schema(unique)]
///     email: String,
///     last_login: Option<chrono::DateTime<chrono::Utc>>,
/// }
///
/// let table = User::table(Dialect::Postgres);
/// assert_eq!(table.columns.len(), 4);
/// ```
///
/// The attributes and the type mapping are listed in `schema_core::model`.
/// A mistake is a compile error at the attribute, field or type at fault,
/// all of a model's mistakes at once.
///
/// The model is also compared with its table at the head revision, as the
/// package's build script replayed it (`schema_core::build::track()` in
/// build.rs; without it the derive says which lines to add): a field whose
/// column no migration creates, a type or nullability that differs, a
/// missing (or renamed) table, and a NOT NULL column without a default that
/// the model lacks are compile errors at the field or struct, naming the
/// head revision and the `cargo schema revision --autogenerate` to run.
/// `#[schema(allow_extra_columns)]` accepts columns the model lacks;
/// `CARGO_SCHEMA_CHECK=off` switches the comparison off. A mistake for the
/// project's dialect only (a `Vec<T>` array on SQLite) is an error too;
/// with the comparison off, `table()` panics for that dialect instead.
#[proc_macro_derive(Model, attributes(schema))]
pub fn derive_model(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    model::derive_inner(input.into()).into()
}

/// The package's revision files, compiled into the binary: an expression
/// of type `schema_core::runner::Migrator` (schema-core's `postgres` or
/// `sqlite` feature), so a binary brings its database to head at start-up
/// with no files at run time.
///
/// ```ignore
/// let migrator = schema_macros::embed_migrations!();
/// migrator.run_blocking(&database_url)?;
/// ```
///
/// The files are those `schema_core::build::track()` found (the configured
/// directory, the configured version table); an edited, added or removed
/// file rebuilds the crate.
#[proc_macro]
pub fn embed_migrations(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    embed::embed_inner(input.into()).into()
}

/// `#[schema_testkit::test]`: an `async fn` test handed a fresh database
/// (a `TestDatabase`, `&TestDatabase`, `PgPool` or `&PgPool` parameter) at
/// head of the package's migrations; `(at = "REV")`, `(empty)` and
/// `(migrations = "DIR")` choose another. It starts the runtime itself. Use
/// it through `schema_testkit`, which re-exports it and provides what the
/// expansion calls (its "Testing" section has examples).
#[proc_macro_attribute]
pub fn test(
    args: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    test_attr::test_inner(args.into(), item.into()).into()
}

#[cfg(test)]
mod tests;
