//! What the expansion of `#[schema_testkit::test]` calls. Not public API:
//! reached through `schema_testkit::__private`, and may change in any
//! release.

use std::path::Path;

use sqlx::PgPool;

use crate::fixtures::{Fixture, TestDatabase, database};

/// Which database a test asked for.
#[derive(Debug, Clone, Copy)]
pub enum Wanted {
    /// At all heads: `#[schema_testkit::test]`.
    Migrated,
    /// At a revision: `#[schema_testkit::test(at = "REV")]`.
    At(&'static str),
    /// Empty: `#[schema_testkit::test(empty)]`.
    Empty,
}

/// The runtime a test runs on: one thread, like `#[tokio::test]`.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("schema_testkit::test: cannot start a tokio runtime: {e}"))
}

/// The test's database, in a slot the parameter takes it (or a borrow of
/// it) from; what stays in the slot is dropped after the test.
///
/// # Panics
///
/// When the database cannot be made: the test fails with the reason.
pub async fn test_database(
    wanted: Wanted,
    migrations: Option<&str>,
    manifest_dir: &str,
) -> Option<TestDatabase> {
    let made = async {
        let fixture = || match migrations {
            Some(dir) => Fixture::from_dir(&Path::new(manifest_dir).join(dir)),
            None => Fixture::for_package(Path::new(manifest_dir)),
        };
        match wanted {
            Wanted::Empty => database().await,
            Wanted::Migrated => fixture()?.migrated().await,
            Wanted::At(rev) => fixture()?.at_revision(rev).await,
        }
    }
    .await;
    match made {
        Ok(db) => Some(db),
        Err(e) => panic!("schema_testkit::test: could not make the test's database: {e}"),
    }
}

/// What a `#[schema_testkit::test]` function may take: the database
/// itself, a borrow of it, or its pool (the database lives until the test
/// returns either way).
#[diagnostic::on_unimplemented(
    message = "a #[schema_testkit::test] cannot hand its database over as `{Self}`",
    label = "not a type the test's database comes as",
    note = "take one of: `TestDatabase`, `&TestDatabase`, `PgPool`, `&PgPool` (sqlx::PgPool)"
)]
pub trait TestArg<'a>: Sized {
    /// Takes the argument out of (or borrows it from) the slot.
    fn from_slot(slot: &'a mut Option<TestDatabase>) -> Self;
}

fn filled(slot: &mut Option<TestDatabase>) -> &mut TestDatabase {
    slot.as_mut()
        .expect("schema_testkit::test fills the slot before the call")
}

impl<'a> TestArg<'a> for TestDatabase {
    fn from_slot(slot: &'a mut Option<TestDatabase>) -> Self {
        slot.take()
            .expect("schema_testkit::test fills the slot before the call")
    }
}

impl<'a> TestArg<'a> for &'a TestDatabase {
    fn from_slot(slot: &'a mut Option<TestDatabase>) -> Self {
        filled(slot)
    }
}

impl<'a> TestArg<'a> for PgPool {
    fn from_slot(slot: &'a mut Option<TestDatabase>) -> Self {
        filled(slot).pool().clone()
    }
}

impl<'a> TestArg<'a> for &'a PgPool {
    fn from_slot(slot: &'a mut Option<TestDatabase>) -> Self {
        filled(slot).pool()
    }
}
