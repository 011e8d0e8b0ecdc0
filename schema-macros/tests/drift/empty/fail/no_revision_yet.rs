#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
}

fn main() {}
