fn main() {
    let _ = schema_macros::embed_migrations!("migrations");
}
