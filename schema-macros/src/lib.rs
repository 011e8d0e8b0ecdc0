//! Proc-macros of cargo schema: `#[derive(Model)]`, `embed_migrations!()` and
//! the compile-time drift check.
//!
//! They arrive with the schema IR (models) and the build-script integration;
//! generated code refers to `::schema_core::…`, so an application depends on
//! both crates, as with serde and serde_derive. This crate reads only what
//! the build script wrote to `OUT_DIR` and carries no SQL parser, so it stays
//! quick to build.
