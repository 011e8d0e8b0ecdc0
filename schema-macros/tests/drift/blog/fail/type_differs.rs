// `score` became BIGINT in the second revision.
#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[allow(dead_code)]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(60)")]
    name: String,
    score: i32,
}

fn main() {}
