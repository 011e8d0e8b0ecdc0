#[derive(schema_macros::Model)]
#[schema(foreign_key(columns("tenant_id", "author_id"), references = "user(id)"))]
struct Post {
    tenant_id: i32,
    author_id: i64,
}

fn main() {}
