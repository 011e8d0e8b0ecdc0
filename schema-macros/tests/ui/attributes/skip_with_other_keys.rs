#[derive(schema_macros::Model)]
struct User {
    id: i64,
    #[schema(skip, unique)]
    cache: String,
}

fn main() {}
