//! The compile-time drift check: replays `migrations/` once per build so
//! that `#[derive(Model)]` can compare each model with its table, and so
//! that `embed_migrations!()` knows which files to embed.

fn main() {
    schema_core::build::track();
}
