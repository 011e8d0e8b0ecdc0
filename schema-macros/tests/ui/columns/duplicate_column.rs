#[derive(schema_macros::Model)]
struct User {
    email: String,
    #[schema(rename = "email")]
    contact: String,
}

fn main() {}
