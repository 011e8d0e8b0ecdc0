//! Introspection: the schema of a live database, read from its catalog into
//! the IR ([`crate::schema`]), so it can be compared with the schema that
//! replaying the migrations gives and with the models.
//!
//! - PostgreSQL ([`postgres`]) reads `pg_catalog` (never
//!   `information_schema`, which hides what the current user does not own
//!   and is slow): one query per kind of object for the whole database, so a
//!   500-table schema costs the same handful of round trips as a 5-table
//!   one.
//! - SQLite ([`sqlite`]) reads the `PRAGMA` table-valued functions, joined
//!   against `sqlite_schema` so each kind of object is again one query, and
//!   the stored `CREATE` statements for what no PRAGMA tells (CHECK
//!   constraints and their names, `AUTOINCREMENT`, index expressions and
//!   predicates).
//!
//! What comes out is normalised like every other builder's output: types
//! through [`SqlType::parse`](crate::schema::SqlType::parse), expressions
//! through [`normalize_expr`](crate::schema::normalize_expr), and the
//! unordered parts of each table in canonical order
//! ([`Schema::canonicalize`]).
//!
//! Not seen (the IR has no place for them): views, sequences other than a
//! serial column's own, functions, triggers, domains' constraints,
//! exclusion constraints, generated columns' expressions (the column is
//! there, without a default), collations, storage parameters, partitions
//! (the partitioned table is), privileges, and comments on anything but
//! tables and columns.

#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

use crate::Dialect;
use crate::runner::{Database, RunError};
use crate::schema::{Schema, TableName};
use crate::script::Tables;

/// Reads the live schema. Ignores the version tables (`tables.version`,
/// `tables.history`) and, on SQLite, `sqlite_*` internals.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use schema_core::{Database, introspect::introspect, script::Tables};
/// let url = schema_core::url::DatabaseUrl::parse("sqlite:app.db")?;
/// let mut db = Database::connect(&url).await?;
/// let schema = introspect(&mut db, &Tables::new("schema_version")).await?;
/// for name in schema.tables.keys() {
///     println!("{name}");
/// }
/// # Ok(()) }
/// ```
pub async fn introspect(db: &mut Database, tables: &Tables) -> Result<Schema, RunError> {
    let mut schema = match db.dialect() {
        #[cfg(feature = "postgres")]
        Dialect::Postgres => postgres::introspect(db).await?,
        #[cfg(feature = "sqlite")]
        Dialect::Sqlite => sqlite::introspect(db).await?,
        #[allow(
            unreachable_patterns,
            reason = "which arms exist depends on the features"
        )]
        other => {
            return Err(RunError::Unsupported {
                dialect: other,
                target: db.target().to_string(),
            });
        }
    };
    for own in [&tables.version, &tables.history] {
        schema.tables.remove(&bookkeeping_name(own));
    }
    schema.canonicalize();
    Ok(schema)
}

/// The IR name of a version table as configured (`schema_version`, or
/// `ops.schema_version`, which the runner quotes part by part).
fn bookkeeping_name(configured: &str) -> TableName {
    match configured.split_once('.') {
        Some((schema, name)) => TableName::qualified(Some(schema), name),
        None => TableName::new(configured),
    }
}

/// Column `i` of a catalog row (the queries select a fixed list).
fn col(row: &[Option<String>], i: usize) -> Option<&str> {
    row.get(i).and_then(|v| v.as_deref())
}

/// Column `i` as text, empty when `NULL`.
fn text(row: &[Option<String>], i: usize) -> String {
    col(row, i).unwrap_or_default().to_string()
}

/// A boolean column (`true`/`t` on PostgreSQL, `1` on SQLite).
fn flag(row: &[Option<String>], i: usize) -> bool {
    matches!(col(row, i), Some("true" | "t" | "1"))
}

/// A JSON array of strings (column lists aggregated in the query).
#[cfg(feature = "postgres")]
fn string_list(row: &[Option<String>], i: usize) -> Vec<String> {
    col(row, i)
        .and_then(|s| serde_json::from_str::<Vec<String>>(s).ok())
        .unwrap_or_default()
}

/// A default as the IR keeps it: normalised, and none for `DEFAULT NULL`
/// (SQLite reports it as written; PostgreSQL stores nothing).
fn default_of(text: Option<&str>) -> Option<String> {
    text.map(crate::schema::normalize_expr)
        .filter(|d| d != "null")
}
