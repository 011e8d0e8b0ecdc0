#[derive(schema_macros::Model)]
struct Nothing {
    #[schema(skip)]
    cache: Vec<u8>,
}

fn main() {}
