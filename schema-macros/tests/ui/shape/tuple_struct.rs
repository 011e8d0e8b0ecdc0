#[derive(schema_macros::Model)]
struct Pair(i64, String);

fn main() {}
