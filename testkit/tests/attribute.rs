//! `#[schema_testkit::test]` against the real cluster: every form of the
//! attribute and of the parameter, many tests at once in one binary (and
//! one process each under cargo-nextest), isolation between them, and the
//! database of a panicking test dropped all the same.
//!
//! The migrations are `tests/migrations/` (this package has none of its
//! own): `bbbb00000001` creates `note`, `bbbb00000002` adds `author`,
//! filled from the body's first word.

use std::process::Command;
use std::time::Duration;

use schema_testkit::{Cluster, Fixture, TestDatabase};
use sqlx::{Connection, PgConnection, PgPool};

const MIGRATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/migrations");

async fn version(pool: &PgPool) -> String {
    sqlx::query_scalar("SELECT version_num FROM schema_version")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[schema_testkit::test(migrations = "tests/migrations")]
async fn a_migrated_database_is_at_head(db: TestDatabase) {
    assert_eq!(version(db.pool()).await, "bbbb00000002");
    assert!(
        db.name().contains("a_migrated_database_is_at_head"),
        "named after the test: {}",
        db.name()
    );
}

#[schema_testkit::test(migrations = "tests/migrations", at = "bbbb00000001")]
async fn a_data_migration_from_its_revision(db: &TestDatabase) -> Result<(), sqlx::Error> {
    assert_eq!(version(db.pool()).await, "bbbb00000001");
    sqlx::query("INSERT INTO note (id, body) VALUES (1, 'ada wrote this')")
        .execute(db.pool())
        .await?;
    Fixture::from_dir(MIGRATIONS.as_ref())
        .unwrap()
        .upgrade(db.url(), "head")
        .await
        .unwrap();
    let author: String = sqlx::query_scalar("SELECT author FROM note WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    assert_eq!(author, "ada");
    Ok(())
}

#[schema_testkit::test(empty)]
async fn an_empty_database_has_no_tables(pool: PgPool) {
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(tables, 0);
}

#[schema_testkit::test(migrations = "tests/migrations")]
async fn a_pool_by_reference(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO note (id, body, author) VALUES (1, 'x', 'y')")
        .execute(pool)
        .await?;
    Ok(())
}

/// No parameter: just the runtime, and the fixtures by hand.
#[schema_testkit::test]
async fn without_a_parameter_the_fixtures_are_at_hand() {
    let fixture = Fixture::from_dir(MIGRATIONS.as_ref()).unwrap();
    let (a, b) = tokio::join!(fixture.migrated(), schema_testkit::database());
    assert_eq!(version(a.unwrap().pool()).await, "bbbb00000002");
    assert!(b.is_ok());
}

#[schema_testkit::test(migrations = "tests/migrations")]
#[should_panic(expected = "a failing test fails")]
async fn other_attributes_are_kept(_db: TestDatabase) {
    panic!("a failing test fails");
}

// Many tests at once, each writing the same key in its own database: each
// sees only its own row (and they overlap in time: each holds its database
// a little while).
macro_rules! isolated {
    ($($name:ident = $n:expr;)*) => {$(
        #[schema_testkit::test(migrations = "tests/migrations")]
        async fn $name(db: TestDatabase) {
            sqlx::query("INSERT INTO note (id, body, author) VALUES (1, $1, 'me')")
                .bind(stringify!($name))
                .execute(db.pool())
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(50)).await;
            let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM note")
                .fetch_all(db.pool())
                .await
                .unwrap();
            assert_eq!(bodies, [stringify!($name)], "test {} sees only its own write", $n);
        }
    )*};
}

isolated! {
    isolated_01 = 1; isolated_02 = 2; isolated_03 = 3; isolated_04 = 4;
    isolated_05 = 5; isolated_06 = 6; isolated_07 = 7; isolated_08 = 8;
    isolated_09 = 9; isolated_10 = 10; isolated_11 = 11; isolated_12 = 12;
    isolated_13 = 13; isolated_14 = 14; isolated_15 = 15; isolated_16 = 16;
}

// ---------------------------------------------------------------------------
// A panicking test, run as a child process so its process can end as a
// failed test's does.

const CHILD_ENV: &str = "SCHEMA_TESTKIT_ATTRIBUTE_CHILD";

#[schema_testkit::test(migrations = "tests/migrations")]
#[ignore = "run by a_panicking_test_drops_its_database as a child process"]
async fn panicking_child(db: TestDatabase) {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    say(&format!("DATABASE {}", db.name()));
    panic!("the test fails while holding its database");
}

#[expect(
    clippy::print_stdout,
    reason = "the child tells its parent test the database name through stdout"
)]
fn say(line: &str) {
    println!("{line}");
}

#[test]
fn a_panicking_test_drops_its_database() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["panicking_child", "--exact", "--ignored", "--nocapture"])
        .env(CHILD_ENV, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "the child test fails:\n{stdout}");
    let name = stdout
        .lines()
        .find_map(|l| l.split("DATABASE ").nth(1))
        .unwrap_or_else(|| panic!("no database name in:\n{stdout}"))
        .trim()
        .to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let exists = runtime.block_on(async {
        let cluster = Cluster::shared().unwrap();
        let mut admin = PgConnection::connect(&cluster.admin_url()).await.unwrap();
        sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
        )
        .bind(&name)
        .fetch_one(&mut admin)
        .await
        .unwrap()
    });
    assert!(!exists, "{name} was left behind by the panicking test");
}
