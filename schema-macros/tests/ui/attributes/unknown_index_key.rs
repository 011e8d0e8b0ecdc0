#[derive(schema_macros::Model)]
#[schema(index(columns("email"), uniq))]
struct User {
    email: String,
}

fn main() {}
