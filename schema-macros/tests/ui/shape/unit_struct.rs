#[derive(schema_macros::Model)]
struct Marker;

fn main() {}
