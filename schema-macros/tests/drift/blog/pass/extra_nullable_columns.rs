//! Columns the model lacks are fine when an INSERT can leave them out:
//! nullable (`nickname`, `legacy_note`), with a default (`score`,
//! `created_at`).

#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[allow(dead_code)]
struct UserName {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(60)")]
    name: String,
}

fn main() {}
