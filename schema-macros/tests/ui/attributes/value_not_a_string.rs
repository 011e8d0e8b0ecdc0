#[derive(schema_macros::Model)]
#[schema(table = user)]
struct User {
    id: i64,
}

fn main() {}
