// `name` is VARCHAR(60); a plain `String` is `text`.
#[derive(schema_macros::Model)]
#[schema(table = "user")]
#[allow(dead_code)]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
    name: String,
}

fn main() {}
