//! `SCHEMA_TEST_DATABASE_URL`: the fixtures, the attribute and the round
//! trip on a server the test starts itself (a private cluster), run in a
//! child process that has the variable set. The child must start no
//! server, and leave nothing on that one but the template database of the
//! migrated fixture (built once per set of migrations, reused by later
//! runs).

use std::collections::BTreeSet;
use std::process::Command;

use schema_testkit::{Cluster, ClusterHandle, Fixture, RoundTrip, TestDatabase};
use sqlx::{Connection, PgConnection};

const CHILD_ENV: &str = "SCHEMA_TESTKIT_EXTERNAL_CHILD";
const MIGRATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/migrations");

async fn databases(cluster: &ClusterHandle) -> BTreeSet<String> {
    let mut admin = PgConnection::connect(&cluster.admin_url()).await.unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT datname::text FROM pg_database")
        .fetch_all(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    names.into_iter().collect()
}

#[test]
fn the_fixtures_and_the_round_trip_use_the_server_the_variable_names() {
    let server = Cluster::start().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let before = runtime.block_on(databases(&server));
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["external_child", "--exact", "--ignored", "--nocapture"])
        .env(CHILD_ENV, "1")
        .env("SCHEMA_TEST_DATABASE_URL", server.admin_url())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let seen: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split("ON SERVER ").nth(1))
        .collect();
    assert_eq!(seen.len(), 4, "{stdout}");
    let after = runtime.block_on(databases(&server));
    let added: Vec<&String> = after.difference(&before).collect();
    assert!(
        added.iter().all(|name| name.starts_with("tpl_")),
        "only the template stays: {added:?}"
    );
    assert!(
        before.difference(&after).next().is_none(),
        "nothing of the server's own was dropped"
    );
}

/// Runs in the child: everything lands on the server of
/// `SCHEMA_TEST_DATABASE_URL`, which the parent checks.
#[schema_testkit::test(migrations = "tests/migrations")]
#[ignore = "run by the_fixtures_and_the_round_trip_use_the_server_the_variable_names as a child process"]
async fn external_child(db: TestDatabase) {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let url = std::env::var("SCHEMA_TEST_DATABASE_URL").unwrap();
    let cluster = Cluster::shared().unwrap();
    assert!(cluster.is_external(), "no server of our own");
    assert_eq!(cluster.server_pid(), None);
    // The URLs differ from the variable's only in the database name.
    let host = |u: &str| u.rsplit_once('/').unwrap().0.to_string();
    let fixture = Fixture::from_dir(MIGRATIONS.as_ref()).unwrap();
    let empty = schema_testkit::database().await.unwrap();
    let at = fixture.at_revision("bbbb00000001").await.unwrap();
    for (what, d) in [
        ("attribute", &db),
        ("database()", &empty),
        ("at_revision()", &at),
    ] {
        assert_eq!(host(d.url()), host(&url), "{what}");
        say(&format!("ON SERVER {what} {}", d.name()));
    }
    let report = RoundTrip::for_migrations(MIGRATIONS).run().await.unwrap();
    assert!(report.is_ok(), "{report}");
    assert!(
        report.database.starts_with("database t"),
        "{}",
        report.database
    );
    say(&format!("ON SERVER round trip {}", report.database));
}

#[expect(
    clippy::print_stdout,
    reason = "the child tells its parent test what it saw through stdout"
)]
fn say(line: &str) {
    println!("{line}");
}
