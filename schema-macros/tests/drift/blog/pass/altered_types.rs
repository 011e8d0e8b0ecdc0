//! `score` was INTEGER and `name` VARCHAR(30) when created; a later
//! revision made them BIGINT and VARCHAR(60), and the model has the types
//! at head.

#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[allow(dead_code)]
struct Score {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(60)")]
    name: String,
    score: i64,
}

fn main() {}
