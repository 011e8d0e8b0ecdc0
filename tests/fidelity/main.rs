//! Replay fidelity on real databases (issue 4): for every case of a DDL
//! corpus (`corpus/postgres/*.sql`, `corpus/sqlite/*.sql`; format in
//! [`support`]) and for the example project's migrations, upgrading a
//! throwaway database with the real runner and introspecting it must give
//! the same schema IR as replaying the same files. Any difference is a
//! failure, shown table by table as a diff of the two schemas' JSON, with
//! replay's warnings beside it.
//!
//! A case that fails because of a replay bug stays in the corpus, marked
//! `#[ignore = "replay: …"]`: its reproduction.
//!
//! Also here: introspection on its own ([`introspect`]), against schemas
//! written out by hand, and its cost on 500 tables.
//!
//! The PostgreSQL cases run on the testkit's throwaway cluster (never the
//! system server), each in a fresh database; the SQLite cases on a file in
//! a temp dir. Run with `cargo test -p schema-e2e --test fidelity`.

mod support;

mod corpus;
mod examples;
mod introspect;
mod postgres;
mod sqlite;
