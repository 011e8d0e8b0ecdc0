#[derive(schema_macros::Model)]
#[schema(primary_key)]
struct User {
    id: i64,
}

fn main() {}
