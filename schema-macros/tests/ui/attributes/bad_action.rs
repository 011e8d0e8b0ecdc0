#[derive(schema_macros::Model)]
struct Post {
    #[schema(references = "user(id)", on_delete = "delete")]
    author_id: i64,
}

fn main() {}
