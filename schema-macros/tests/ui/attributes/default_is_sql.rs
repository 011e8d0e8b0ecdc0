#[derive(schema_macros::Model)]
struct Post {
    id: i64,
    #[schema(default = "draft")]
    status: String,
}

fn main() {}
