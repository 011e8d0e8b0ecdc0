//! Spare clones of template databases, made ahead of time, so that
//! [`migrated`](crate::migrated) renames one (a catalog update: well under
//! a millisecond) instead of copying the template while the test waits.
//!
//! Why: `CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY` costs 10-20 ms
//! however small the schema (it copies the ~7 MB of a database's catalogs
//! and takes two checkpoints), while running a project's fifty revisions
//! on a server without durability takes only ~100 ms; a clone per test is
//! then only ~5x faster than migrating. With a spare ready, a migrated
//! database costs its connections and a rename (see
//! `scripts/bench-testkit.sh`).
//!
//! How: after each [`migrated`](crate::migrated), the admin thread (see
//! `admin`) tops the spares of that template up to [`SPARES`]; a claim
//! is `ALTER DATABASE spare RENAME TO test_db`, which fails harmlessly when
//! another process claimed the same spare first (the claimant tries the
//! next one, then falls back to cloning). Spares live, like templates, in
//! the shared cluster's data directory from run to run; on a server given
//! by `SCHEMA_TEST_DATABASE_URL` none are made (nothing of ours may stay
//! there but the template). `SCHEMA_TESTKIT_SPARES=0` turns them off.

use sqlx::{AssertSqlSafe, PgPool};

use crate::admin;
use crate::cluster::ClusterHandle;
use crate::error::TestkitError;

/// How many spares each template keeps ready.
pub(crate) const SPARES: usize = 2;

/// Whether spares are used with `cluster`.
pub(crate) fn enabled(cluster: &ClusterHandle) -> bool {
    !cluster.is_external()
        && std::env::var("SCHEMA_TESTKIT_SPARES").map_or(true, |v| v.trim() != "0")
}

/// `tpl_…_s`: what the spares of `template` are named after.
fn prefix(template: &str) -> String {
    format!("{template}_s")
}

/// Renames a spare of `template` to `name`; `false` when none was left.
pub(crate) async fn claim(pool: &PgPool, template: &str, name: &str) -> Result<bool, TestkitError> {
    let prefix = prefix(template);
    let spares: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_database WHERE left(datname, length($1)) = $1 ORDER BY oid",
    )
    .bind(&prefix)
    .fetch_all(pool)
    .await?;
    for spare in spares {
        let sql = format!("ALTER DATABASE {} RENAME TO {}", quote(&spare), quote(name));
        // Another process claimed it first, or autovacuum is in it: next.
        if sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(pool)
            .await
            .is_ok()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Tops up `template`'s spares on the admin thread, without waiting;
/// `strategy` is the clone's `STRATEGY` clause (empty before PostgreSQL 15).
pub(crate) fn replenish(cluster: &ClusterHandle, template: &str, strategy: &'static str) {
    let template = template.to_string();
    // A failure only costs a later test a clone.
    let _ = admin::spawn(cluster, move |pool| async move {
        top_up(&pool, &template, strategy).await
    });
}

async fn top_up(pool: &PgPool, template: &str, strategy: &str) -> Result<(), TestkitError> {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    // One top-up at a time per process: several tests finishing together
    // would otherwise each make the missing spares.
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one = ONE_AT_A_TIME.lock().await;
    let prefix = prefix(template);
    let have: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_database WHERE left(datname, length($1)) = $1")
            .bind(&prefix)
            .fetch_one(pool)
            .await?;
    for _ in usize::try_from(have).unwrap_or(0)..SPARES {
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("{prefix}{}_{n}", std::process::id());
        let sql = format!(
            "CREATE DATABASE {} TEMPLATE {}{strategy}",
            quote(&name),
            quote(template)
        );
        sqlx::raw_sql(AssertSqlSafe(sql)).execute(pool).await?;
    }
    Ok(())
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
