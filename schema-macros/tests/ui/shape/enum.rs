#[derive(schema_macros::Model)]
enum Mood {
    Happy,
    Sad,
}

fn main() {}
