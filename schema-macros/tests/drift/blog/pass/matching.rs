//! A model that matches its table column for column: `nickname` was
//! created as `nick` and renamed, `score` and `name` were retyped by a
//! later revision.

use schema_core::{Dialect, Model};

// The mapping goes by the type's last path segment; this stands in for
// `time::OffsetDateTime` so the case needs no more dependencies.
mod time {
    pub struct OffsetDateTime;
}

#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[allow(dead_code)]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(60)")]
    name: String,
    nickname: Option<String>,
    #[schema(default = 0)]
    score: i64,
    #[schema(default = "now()")]
    created_at: time::OffsetDateTime,
    legacy_note: Option<String>,
}

fn main() {
    assert_eq!(User::table(Dialect::Postgres).columns.len(), 6);
}
