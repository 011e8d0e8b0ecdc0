// Without the build script, one error for the crate, not one per model.
#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
}

#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct Post {
    #[schema(primary_key, auto)]
    id: i64,
}

fn main() {}
