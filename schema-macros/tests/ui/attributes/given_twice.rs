#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[schema(table = "users")]
struct User {
    id: i64,
}

fn main() {}
