//! The database fixtures against the real throwaway cluster.

use std::path::Path;

use schema_testkit::{Cluster, Fixture, database};
use sqlx::{Connection, PgConnection};

fn write_revisions(dir: &Path) {
    let revs = [
        (
            "aaaaaaaaaaa1",
            "base",
            "CREATE TABLE account (id bigint PRIMARY KEY, name text NOT NULL);",
            "DROP TABLE account;",
        ),
        (
            "aaaaaaaaaaa2",
            "aaaaaaaaaaa1",
            "ALTER TABLE account ADD COLUMN email text;",
            "ALTER TABLE account DROP COLUMN email;",
        ),
        (
            "aaaaaaaaaaa3",
            "aaaaaaaaaaa2",
            "UPDATE account SET email = name || '@example.org' WHERE email IS NULL;\nALTER TABLE account ALTER COLUMN email SET NOT NULL;",
            "ALTER TABLE account ALTER COLUMN email DROP NOT NULL;",
        ),
    ];
    std::fs::create_dir_all(dir).unwrap();
    for (id, parent, up, down) in revs {
        std::fs::write(
            dir.join(format!("{id}.sql")),
            format!("-- revision: {id}\n-- revises: {parent}\n-- message: {id}\n\n-- migrate:up\n{up}\n\n-- migrate:down\n{down}\n"),
        )
        .unwrap();
    }
}

async fn exists(name: &str) -> bool {
    let cluster = Cluster::shared().unwrap();
    let mut admin = PgConnection::connect(&cluster.admin_url()).await.unwrap();
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut admin)
        .await
        .unwrap()
}

#[tokio::test]
async fn fresh_databases_are_isolated_and_dropped() {
    let a = database().await.unwrap();
    let b = database().await.unwrap();
    assert_ne!(a.name(), b.name());
    assert!(
        a.name()
            .contains("fresh_databases_are_isolated_and_dropped"),
        "{}",
        a.name()
    );
    sqlx::raw_sql("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")
        .execute(a.pool())
        .await
        .unwrap();
    let seen: Option<String> = sqlx::query_scalar("SELECT to_regclass('t')::text")
        .fetch_one(b.pool())
        .await
        .unwrap();
    assert_eq!(
        seen, None,
        "a write in one database is invisible in another"
    );
    let name = a.name().to_string();
    drop(a);
    assert!(!exists(&name).await, "dropped with its value");
}

#[tokio::test]
async fn migrated_databases_are_clones_at_head() {
    let dir = tempfile::tempdir().unwrap();
    write_revisions(dir.path());
    let fixture = Fixture::from_dir(dir.path()).unwrap();
    let one = fixture.migrated().await.unwrap();
    let two = fixture.migrated().await.unwrap();
    for db in [&one, &two] {
        let version: String = sqlx::query_scalar("SELECT version_num FROM schema_version")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(version, "aaaaaaaaaaa3");
    }
    sqlx::query("INSERT INTO account VALUES (1, 'ada', 'ada@example.org')")
        .execute(one.pool())
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM account")
        .fetch_one(two.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_data_migration_is_tested_from_its_revision() {
    let dir = tempfile::tempdir().unwrap();
    write_revisions(dir.path());
    let fixture = Fixture::from_dir(dir.path()).unwrap();
    let db = fixture.at_revision("aaaaaaaaaaa2").await.unwrap();
    sqlx::query("INSERT INTO account (id, name) VALUES (1, 'grace')")
        .execute(db.pool())
        .await
        .unwrap();
    fixture.upgrade(db.url(), "head").await.unwrap();
    let email: String = sqlx::query_scalar("SELECT email FROM account WHERE id = 1")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(email, "grace@example.org");
}

#[test]
fn a_panicking_test_still_drops_its_database() {
    let name = std::thread::spawn(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let db = rt.block_on(database()).unwrap();
        let name = db.name().to_string();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let _held = db;
            panic!("the test fails while holding its database");
        }));
        assert!(result.is_err());
        name
    })
    .join()
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert!(!rt.block_on(exists(&name)));
}
