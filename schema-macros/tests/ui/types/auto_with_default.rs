#[derive(schema_macros::Model)]
struct User {
    #[schema(primary_key, auto, default = "1")]
    id: i64,
}

fn main() {}
