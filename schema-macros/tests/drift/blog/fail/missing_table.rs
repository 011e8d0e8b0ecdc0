#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct Comment {
    #[schema(primary_key, auto)]
    id: i64,
    body: String,
}

fn main() {}
