//! `nick` was renamed to `nickname` by the second revision: the model
//! follows the head, and `rename` maps a field to the column's name.

#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[allow(dead_code)]
struct Nick {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(60)")]
    name: String,
    #[schema(rename = "nickname")]
    handle: Option<String>,
}

fn main() {}
