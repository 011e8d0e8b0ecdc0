#[derive(schema_macros::Model)]
struct User {
    #[schema(primary_key, auto)]
    id: String,
}

fn main() {}
