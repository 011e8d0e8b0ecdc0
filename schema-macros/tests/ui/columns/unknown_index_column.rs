#[derive(schema_macros::Model)]
#[schema(index(columns("email", "nmae")))]
struct User {
    email: String,
    name: String,
}

fn main() {}
