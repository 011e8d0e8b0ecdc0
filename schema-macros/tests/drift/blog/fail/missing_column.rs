#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[allow(dead_code)]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(60)")]
    name: String,
    last_login: Option<String>,
}

fn main() {}
