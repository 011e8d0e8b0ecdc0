//! Adopting diesel and sqlx projects (issue 8), end to end, on real
//! PostgreSQL (the testkit's throwaway cluster, never the system server)
//! and real SQLite files:
//!
//! - [`from_diesel`]: a diesel project (eleven migrations in diesel's
//!   layout, one `run_in_transaction = false`) applied by diesel's own
//!   `MigrationHarness`, then `import diesel`, `stamp --from diesel`,
//!   `check`, one more revision, `downgrade base`;
//! - [`from_sqlx`]: the same for an sqlx project applied by sqlx's own
//!   `Migrator`;
//! - [`diesel_source`]: our example's revisions applied through diesel's
//!   harness with `schema_core::diesel_source::DieselMigrations` give the
//!   schema `cargo schema upgrade head` gives, and the bookkeeping the CLI
//!   reads;
//! - [`bad_input`]: malformed directories and databases whose applied
//!   versions don't match the files: clear errors, nothing written.
//!
//! Run with `cargo test -p schema-e2e --test import`.

#[allow(dead_code, reason = "shared with the `db` tests, which use more of it")]
#[path = "../db/support.rs"]
mod support;

mod layouts;

mod bad_input;
mod diesel_source;
mod from_diesel;
mod from_sqlx;
