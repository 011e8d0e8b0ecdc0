#[derive(schema_macros::Model)]
#[schema(unique(columns("email")))]
struct User {
    #[schema(rename = "email_address")]
    email: String,
}

fn main() {}
