#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct Product {
    #[schema(primary_key, auto)]
    id: i64,
    name: String,
    price: f64,
    tags: Option<String>,
}

fn main() {}
