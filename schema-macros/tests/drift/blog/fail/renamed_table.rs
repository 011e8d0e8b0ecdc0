// The last revision renamed `member` to `account`.
#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct Member {
    #[schema(primary_key)]
    id: i64,
    email: String,
}

fn main() {}
