//! How an application tests against its database with `schema-testkit`.
//!
//! Every test gets a database of its own on a throwaway PostgreSQL server
//! that the testkit starts on first use (from the installed server
//! binaries) and stops after the last test; nothing to set up, and tests
//! run in parallel without seeing each other's rows. To use a server of
//! your own instead: `SCHEMA_TEST_DATABASE_URL=postgres://… cargo test`.
//!
//! - `#[schema_testkit::test]` hands a test a fresh database at head of
//!   `migrations/` (a clone of a template built once per set of
//!   migrations), `(at = "REV")` one at a revision, `(empty)` an empty one.
//! - `migrated()`, `at_revision()` and `database()` are the same fixtures
//!   as functions.
//! - `assert_round_trip()` upgrades, downgrades and upgrades again every
//!   revision, then checks heads, models and replay.

use schema_testkit::{Dialect, Fixture, RoundTrip, Stage, TestDatabase};
use sqlx::PgPool;

async fn add_walker(pool: &PgPool, id: i64, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        r#"INSERT INTO "user" (id, name, email, created_at) VALUES ($1, $2, $2 || '@example.org', now())"#,
    )
    .bind(id)
    .bind(name)
    .execute(pool)
    .await?;
    Ok(())
}

/// A database at head: log a visit and read it back with its trig point.
#[schema_testkit::test]
async fn a_walker_logs_a_visit(db: TestDatabase) -> Result<(), sqlx::Error> {
    let pool = db.pool();
    add_walker(pool, 1, "ada").await?;
    sqlx::query(
        "INSERT INTO trig_point (id, waypoint, name, latitude, longitude) \
         VALUES (1, 'TP3124', 'Kinder Scout', 53.385, -1.874)",
    )
    .execute(pool)
    .await?;
    sqlx::query(
        "INSERT INTO tlog (id, trig_id, user_id, visited_at, created_at) VALUES (1, 1, 1, now(), now())",
    )
    .execute(pool)
    .await?;
    let (name, condition): (String, String) = sqlx::query_as(
        "SELECT t.name::text, l.condition_code::text FROM tlog l JOIN trig_point t ON t.id = l.trig_id",
    )
    .fetch_one(pool)
    .await?;
    assert_eq!((name.as_str(), condition.as_str()), ("Kinder Scout", "G"));
    Ok(())
}

/// The pool alone is enough for most tests.
#[schema_testkit::test]
async fn emails_are_unique(pool: PgPool) {
    add_walker(&pool, 1, "ada").await.unwrap();
    let again = add_walker(&pool, 2, "ada").await;
    assert!(again.is_err(), "ix_user_email is unique");
}

/// Isolation: this test writes walker 1 too, and never meets the one above.
#[schema_testkit::test]
async fn each_test_has_its_own_rows(pool: PgPool) {
    add_walker(&pool, 1, "grace").await.unwrap();
    let names: Vec<String> = sqlx::query_scalar(r#"SELECT name::text FROM "user""#)
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(names, ["grace"]);
}

/// A data migration tested from the revision before it: rows written at
/// the merge (7a4b0f710b91) get `last_login` NULL from fe98439c07ed.
#[schema_testkit::test(at = "7a4b0f710b91")]
async fn walkers_from_before_last_login_have_none(db: TestDatabase) {
    add_walker(db.pool(), 1, "ada").await.unwrap();
    Fixture::package()
        .unwrap()
        .upgrade(db.url(), "head")
        .await
        .unwrap();
    let last_login: Option<String> =
        sqlx::query_scalar(r#"SELECT last_login::text FROM "user" WHERE id = 1"#)
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(last_login, None);
}

/// An empty database: here, to apply the billing branch up to its last
/// revision before the merge (`create subscription table`) and nothing of
/// the other branch.
#[schema_testkit::test(empty)]
async fn the_billing_branch_applies_on_its_own(db: &TestDatabase) {
    Fixture::package()
        .unwrap()
        .upgrade(db.url(), "f1baf2943011")
        .await
        .unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    // The branch starts from `create user table`; trig points are the other branch.
    assert_eq!(
        tables,
        [
            "billing_plan",
            "schema_history",
            "schema_version",
            "subscription",
            "user"
        ]
    );
}

/// The fixtures as functions (no parameter: the attribute only brings the
/// runtime).
#[schema_testkit::test]
async fn the_fixtures_as_functions() {
    let head = schema_testkit::migrated().await.unwrap();
    let first = schema_testkit::at_revision("f7d44bd0a94e").await.unwrap();
    let empty = schema_testkit::database().await.unwrap();
    let count = |db: &TestDatabase| {
        let pool = db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'schema_%'",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(count(&head).await, 6);
    assert_eq!(count(&first).await, 1);
    assert_eq!(count(&empty).await, 0);
}

/// Every upgrade and downgrade of the project works: one line.
#[test]
fn every_revision_round_trips() {
    schema_testkit::assert_round_trip();
}

/// The same on SQLite (the files are portable), with a data check: the
/// walker inserted before `add last_login` survives its downgrade.
#[test]
fn every_revision_round_trips_on_sqlite_keeping_walkers() {
    RoundTrip::new()
        .dialect(Dialect::Sqlite)
        .check_data("fe98439c07ed", |at| async move {
            let pool = at.sqlite();
            if at.stage() == Stage::BeforeUpgrade {
                sqlx::query(
                    r#"INSERT INTO "user" (id, name, email, created_at) VALUES (1, 'ada', 'ada@example.org', '2026-01-01 00:00:00')"#,
                )
                .execute(pool)
                .await?;
            }
            let walkers: i64 = sqlx::query_scalar(r#"SELECT count(*) FROM "user""#)
                .fetch_one(pool)
                .await?;
            assert_eq!(walkers, 1, "{:?}", at.stage());
            Ok(())
        })
        .assert();
}
