//! Proc-macros of cargo schema: `#[derive(Model)]`, `embed_migrations!()` and
//! the compile-time drift check.
//!
//! Generated code refers to `::schema_core::…`, so an application depends on
//! both crates, as with serde and serde_derive. The model parser itself lives
//! in `schema_core::model`, shared with the CLI (which reads models from the
//! sources without compiling); this crate only turns its result into code.
//! It reads only what the build script wrote to `OUT_DIR` and carries no SQL
//! parser, so it stays quick to build.

mod model;

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
/// all of a model's mistakes at once. A mistake that concerns one dialect
/// only (a `Vec<T>` array on SQLite, say) does not fail the build, since
/// the derive cannot know the project's dialect: `table()` panics with the
/// message for that dialect, and `cargo schema check` reports it.
#[proc_macro_derive(Model, attributes(schema))]
pub fn derive_model(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    model::derive_inner(input.into()).into()
}

#[cfg(test)]
mod tests;
