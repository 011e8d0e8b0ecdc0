// The project is on SQLite, so a PostgreSQL array is an error, not a
// panic in `table(Sqlite)`.
#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct Product {
    #[schema(primary_key, auto)]
    id: i64,
    name: String,
    #[schema(sql_type = "numeric(10, 2)")]
    price: f64,
    tags: Option<Vec<String>>,
}

fn main() {}
