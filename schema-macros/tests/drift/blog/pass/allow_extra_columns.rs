//! `post.tenant_id` is NOT NULL without a default, and this read-only
//! model leaves it out knowingly.

#[derive(schema_macros::Model)]
#[schema(table = "post", allow_extra_columns)]
#[allow(dead_code)]
struct PostTitle {
    #[schema(primary_key, sql_type = "bigserial")]
    id: i64,
    title: String,
}

fn main() {}
