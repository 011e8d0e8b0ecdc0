#[derive(schema_macros::Model)]
struct Post {
    #[schema(references = "user(id, tenant_id)")]
    author_id: i64,
}

fn main() {}
