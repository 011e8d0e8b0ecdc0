#[derive(schema_macros::Model)]
struct Post {
    #[schema(on_delete = "cascade")]
    author_id: i64,
}

fn main() {}
