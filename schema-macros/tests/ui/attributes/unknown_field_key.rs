#[derive(schema_macros::Model)]
struct User {
    #[schema(primary_key, nullable)]
    id: i64,
}

fn main() {}
