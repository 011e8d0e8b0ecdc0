//! The testkit's side of `scripts/bench-testkit.sh` (which measures the
//! floors with `initdb` and `pg_ctl` and prints the ratios). Not a test:
//! figures, printed as `key=value` lines for the script to read.
//!
//! ```text
//! cargo run --release -p schema-testkit --example bench -- warm-start
//! cargo run --release -p schema-testkit --example bench -- fixtures 50 10
//! cargo run --release -p schema-testkit --example bench -- round-trip 100
//! ```
//!
//! - `warm-start`: one `Cluster::shared()` in a fresh process, and how it
//!   went (`cold` with initdb, `warm` from the cached data directory,
//!   `attached` to a running server).
//! - `fixtures N R`: a project of N revisions (a table each, with a foreign
//!   key to the previous one and an index); R times each, medians: the bare
//!   template clone (`CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY` on
//!   an open connection), `Fixture::migrated()` (a clone, named, with a
//!   ready pool), and what `#[sqlx::test]` does (create a database, run
//!   the N migrations).
//! - `round-trip N`: the round trip of a project of N revisions.

#![expect(
    clippy::print_stdout,
    reason = "a benchmark's output is its figures on stdout"
)]

use std::path::Path;
use std::time::{Duration, Instant};

use schema_testkit::{Cluster, Fixture, RoundTrip, Startup};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: usize| {
        args.get(i)
            .map_or(default, |a| a.parse().expect("a number"))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    match args.first().map(String::as_str) {
        Some("warm-start") => warm_start(),
        Some("fixtures") => runtime.block_on(fixtures(arg(1, 50), arg(2, 10))),
        Some("round-trip") => round_trip(arg(1, 100)),
        _ => panic!(
            "usage: bench warm-start | fixtures [REVISIONS] [REPEAT] | round-trip [REVISIONS]"
        ),
    }
}

fn warm_start() {
    let started = Instant::now();
    let cluster = Cluster::shared().unwrap();
    let call = started.elapsed();
    let (kind, server) = match cluster.startup() {
        Startup::Started {
            initdb: Some(_),
            server,
            ..
        } => ("cold", server),
        Startup::Started { server, .. } => ("warm", server),
        Startup::Attached { elapsed } => ("attached", elapsed),
        _ => ("external", Duration::ZERO),
    };
    println!("start_kind={kind}");
    println!("start_ms={:.1}", ms(call));
    println!("start_server_ms={:.1}", ms(server));
}

/// A project of `n` revisions in `dir`.
fn write_project(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let id = |i: usize| format!("{i:012x}");
    for i in 1..=n {
        let parent = if i == 1 {
            "base".to_string()
        } else {
            id(i - 1)
        };
        let reference = if i == 1 {
            String::new()
        } else {
            format!(",\n    prev_id bigint REFERENCES t{} (id)", i - 1)
        };
        let up = format!(
            "CREATE TABLE t{i} (\n    id bigint PRIMARY KEY,\n    name text NOT NULL,\n    \
             amount numeric(12, 2) NOT NULL DEFAULT 0,\n    created_at timestamptz NOT NULL DEFAULT now(){reference}\n);\n\
             CREATE INDEX ix_t{i}_name ON t{i} (name);"
        );
        let down = format!("DROP INDEX ix_t{i}_name;\nDROP TABLE t{i};");
        std::fs::write(
            dir.join(format!("{}_t{i}.sql", id(i))),
            format!(
                "-- revision: {}\n-- revises: {parent}\n-- message: create t{i}\n\n-- migrate:up\n{up}\n\n-- migrate:down\n{down}\n",
                id(i)
            ),
        )
        .unwrap();
    }
}

async fn fixtures(n: usize, repeat: usize) {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), n);
    let fixture = Fixture::from_dir(dir.path()).unwrap();
    let cluster = Cluster::shared().unwrap();

    // The testkit's template is built on first use; not what is measured.
    let started = Instant::now();
    drop(fixture.migrated().await.unwrap());
    println!("template_build_ms={:.1}", ms(started.elapsed()));
    // A template of our own with the same migrations, for the bare clone.
    let template = format!("bench_tpl_{}", std::process::id());
    cluster.create_database(&template).await.unwrap();
    fixture
        .upgrade(&cluster.url(&template), "heads")
        .await
        .unwrap();
    let mut admin = PgConnection::connect(&cluster.admin_url()).await.unwrap();

    let (mut clone, mut migrated, mut run_all) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..repeat {
        let name = format!("bench_clone_{}_{i}", std::process::id());
        let started = Instant::now();
        sqlx::raw_sql(AssertSqlSafe(format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY"
        )))
        .execute(&mut admin)
        .await
        .unwrap();
        clone.push(started.elapsed());
        cluster.drop_database(&name).await.unwrap();

        // Tests take a while: the spare used is replaced meanwhile.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let started = Instant::now();
        let db = fixture.migrated().await.unwrap();
        migrated.push(started.elapsed());
        drop(db);

        let started = Instant::now();
        let db = schema_testkit::database().await.unwrap();
        fixture.upgrade(db.url(), "heads").await.unwrap();
        run_all.push(started.elapsed());
        drop(db);
    }
    admin.close().await.unwrap();
    cluster.drop_database(&template).await.unwrap();
    println!("revisions={n}");
    println!("clone_ms={:.1}", ms(median(clone)));
    println!("migrated_ms={:.1}", ms(median(migrated)));
    println!("create_and_migrate_ms={:.1}", ms(median(run_all)));
}

fn round_trip(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), n);
    // The cluster is up before the clock starts: the round trip is measured.
    let _cluster = Cluster::shared().unwrap();
    let started = Instant::now();
    let report = RoundTrip::for_migrations(dir.path())
        .run_blocking()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(report.is_ok(), "{report}");
    println!("round_trip_revisions={n}");
    println!("round_trip_ms={:.1}", ms(elapsed));
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
