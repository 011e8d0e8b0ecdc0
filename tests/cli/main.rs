//! The CLI end to end: one integration binary, a module per command.
//!
//! Each case builds a temporary project with `schema_e2e` (tests/support)
//! and runs the real binary the way cargo runs it (`cargo-schema schema …`),
//! then compares its output, with paths, ids and times redacted where they
//! change from run to run. Failing cases marked `#[ignore = "bug: …"]` are
//! known bugs of the CLI, kept here as their reproduction.

mod fixtures;

mod branches;
mod errors;
mod heads;
mod history;
mod init;
mod invocation;
mod lint;
mod merge;
mod revision;
mod select;
mod show;
mod workflow;
