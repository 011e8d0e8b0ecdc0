//! A check for `scripts/test-testkit.sh`, run after the other tests: the
//! shared cluster holds no database a test made and did not drop. Ignored
//! in normal runs (a test running beside it would trip it).

use schema_testkit::Cluster;
use sqlx::{Connection, PgConnection};

#[tokio::test]
#[ignore = "run by scripts/test-testkit.sh after the other tests"]
async fn no_test_database_is_left_behind() {
    let cluster = Cluster::shared().unwrap();
    let mut admin = PgConnection::connect(&cluster.admin_url()).await.unwrap();
    // t<pid>_…: the fixtures' databases; tpl_…_b<pid>: a template whose
    // build was cut short; tk_…: the cluster tests' own.
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_database \
         WHERE datname ~ '^t[0-9]+_' OR datname ~ '^tpl_.*_b[0-9]+$' OR datname ~ '^tk_' \
         ORDER BY 1",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    admin.close().await.unwrap();
    assert!(left.is_empty(), "databases left behind: {left:?}");
}
