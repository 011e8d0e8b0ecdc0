// `post.tenant_id` is NOT NULL without a default: an INSERT of a `Post`
// would fail.
#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct Post {
    #[schema(primary_key, sql_type = "bigserial")]
    id: i64,
    #[schema(references = "user")]
    author_id: i64,
    title: String,
    body: Option<String>,
}

fn main() {}
