#[derive(schema_macros::Model)]
struct User {
    #[schema(primary_key = true)]
    id: i64,
}

fn main() {}
