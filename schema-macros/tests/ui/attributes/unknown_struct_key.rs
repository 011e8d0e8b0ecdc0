#[derive(schema_macros::Model)]
#[schema(tabel = "user")]
struct User {
    id: i64,
}

fn main() {}
