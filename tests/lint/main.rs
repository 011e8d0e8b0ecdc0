//! The safety lint (`schema_core::lint`) against real servers.
//!
//! - [`proof`]: for every rule, the hazard it names observed on a throwaway
//!   PostgreSQL (locks in `pg_locks`, rewrites through the relfilenode,
//!   scans, failures, lost data, the old application's broken query) or on
//!   a SQLite file, and its recipe shown not to have it; where a rule
//!   draws a line, statements on both sides of it are checked against the
//!   server.
//! - [`corpus`]: two corpora of revision files (`corpus/` for PostgreSQL,
//!   `corpus-sqlite/` for SQLite) annotated with the codes each statement
//!   must raise (`corpus/README.md`); the findings must equal the
//!   annotations exactly, linting all revisions together or each alone,
//!   and every revision must apply to a real database (or be refused
//!   there, where its annotations say the server refuses it).
//!
//! PostgreSQL is the testkit's shared throwaway cluster (never a system
//! server), a fresh database per test. Run with
//! `cargo test -p schema-e2e --test lint`.

mod support;

mod corpus;
mod proof;
