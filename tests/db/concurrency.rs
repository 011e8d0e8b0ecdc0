//! Concurrent runners (issue 3, item 4): several processes started at once
//! on one database apply each revision exactly once and all succeed; a
//! `CREATE INDEX CONCURRENTLY` run by the lock holder is not deadlocked by
//! the runners waiting for it; two migration sets in one database don't
//! block each other.

use std::process::Child;
use std::time::Duration;

use schema_e2e::rev;

use crate::support::{
    Backend, Run, TestDb, chain, chain_id, finish, on_both, project_with, schema, spawn,
    table_chain, wait_until,
};

/// Generous: eight processes on a loaded 2-core machine.
const ALL_DONE: Duration = Duration::from_secs(120);

fn finish_all(children: Vec<(Child, Vec<String>)>, timeout: Duration) -> Vec<Run> {
    children
        .into_iter()
        .map(|(child, args)| finish(child, args, timeout))
        .collect()
}

/// One finished `up` row per revision `1..=count` of a chain, in order.
fn assert_applied_once(db: &TestDb, count: usize) {
    let history = db.history();
    let ups: Vec<&str> = history
        .iter()
        .filter(|r| r.direction == "up")
        .map(|r| r.revision.as_str())
        .collect();
    let want: Vec<String> = (1..=count).map(chain_id).collect();
    assert_eq!(ups, want, "each revision applied exactly once");
    assert_eq!(history.len(), count, "nothing but the ups: {history:#?}");
    assert!(history.iter().all(|r| r.finished), "{history:#?}");
}

on_both!(eight_runners_at_once_apply_each_revision_once);

fn eight_runners_at_once_apply_each_revision_once(backend: Backend) {
    const COUNT: usize = 30;
    let db = TestDb::new(backend, "conc_eight_runners");
    let p = table_chain(project_with(""), COUNT).build();

    let children: Vec<_> = (0..8)
        .map(|_| spawn(&p, &db, &["upgrade", "head"]))
        .collect();
    for run in finish_all(children, ALL_DONE) {
        run.success();
    }
    assert_eq!(
        db.versions(),
        [chain_id(COUNT)],
        "one version row: the head"
    );
    assert_applied_once(&db, COUNT);
    let tables = db
        .tables()
        .into_iter()
        .filter(|t| t.starts_with("t_"))
        .count();
    assert_eq!(tables, COUNT);
}

/// Issue 3, item 4: waiting runners hold no transaction or snapshot, so
/// the `CREATE INDEX CONCURRENTLY` the lock holder runs (which waits for
/// every older transaction) finishes. sqlx's blocking advisory lock
/// deadlocks here.
#[test]
fn four_runners_and_a_create_index_concurrently() {
    const COUNT: usize = 5;
    let db = TestDb::new(Backend::Postgres, "conc_index_concurrently");
    let index = chain_id(COUNT + 1);
    // Slow-ish revisions, so the other runners are waiting when the index
    // is built, and enough rows that building it takes a moment.
    let p = chain(project_with(""), COUNT, |n| {
        (
            format!(
                "CREATE TABLE t_{n} (id INTEGER PRIMARY KEY, v INTEGER);\n\
                 INSERT INTO t_{n} SELECT g, g % 97 FROM generate_series(1, 20000) g;\n\
                 SELECT pg_sleep(0.1);"
            ),
            format!("DROP TABLE t_{n};"),
        )
    })
    .migration(
        &format!("{index}_index.sql"),
        rev(&index, &chain_id(COUNT))
            .message("index concurrently")
            .header("transactional", "false")
            .up(&format!(
                "CREATE INDEX CONCURRENTLY ix_t_{COUNT}_v ON t_{COUNT} (v);"
            ))
            .down(&format!("DROP INDEX CONCURRENTLY ix_t_{COUNT}_v;"))
            .text(),
    )
    .build();

    let children: Vec<_> = (0..4)
        .map(|_| spawn(&p, &db, &["upgrade", "head"]))
        .collect();
    // A deadlock shows as runners still waiting at the deadline.
    for run in finish_all(children, Duration::from_secs(60)) {
        run.success();
    }
    assert_eq!(db.versions(), [index]);
    assert_applied_once(&db, COUNT + 1);
    let valid = db.column(&format!(
        "SELECT CAST(i.indisvalid AS TEXT) FROM pg_index i WHERE i.indexrelid = 'ix_t_{COUNT}_v'::regclass"
    ));
    assert_eq!(
        valid,
        [Some("true".to_string())],
        "the index exists and is valid"
    );
}

/// The lock is scoped to the version table: while one set's run is stuck
/// (and a second runner of that set waits for it), a set with another
/// version table in the same database runs to completion.
#[test]
fn sets_with_different_version_tables_do_not_block_each_other() {
    let db = TestDb::new(Backend::Postgres, "conc_two_sets");
    db.execute("CREATE TABLE gate (id INTEGER)");
    let stuck = chain_id(1);
    let first = project_with("")
        .migration(
            &format!("{stuck}_gate.sql"),
            rev(&stuck, "base")
                .message("waits at the gate")
                .up("INSERT INTO gate VALUES (1);")
                .down("DELETE FROM gate;")
                .text(),
        )
        .build();
    let second = table_chain(project_with("version-table = \"other_version\""), 3).build();

    // Hold the gate, so the first set's run stops inside its revision,
    // holding its advisory lock.
    let mut holder = db.session();
    holder.execute("BEGIN; LOCK TABLE gate IN ACCESS EXCLUSIVE MODE;");
    let holder_runs = spawn(&first, &db, &["upgrade", "head"]);
    wait_until("the first runner is stuck at the gate", ALL_DONE, || {
        db.int(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO gate%'",
        ) == 1
    });
    let waiter = spawn(&first, &db, &["upgrade", "head"]);
    wait_until("the second runner polls for the lock", ALL_DONE, || {
        db.int(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND query LIKE '%pg_try_advisory_lock%'",
        ) >= 1
    });

    schema(&second, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions_in("other_version"), [chain_id(3)]);
    let (mut holder_child, holder_args) = holder_runs;
    let (mut waiter_child, waiter_args) = waiter;
    assert!(
        holder_child.try_wait().expect("poll").is_none()
            && waiter_child.try_wait().expect("poll").is_none(),
        "the first set's runners are still waiting"
    );
    assert!(db.versions().is_empty());

    holder.execute("ROLLBACK");
    finish(holder_child, holder_args, ALL_DONE).success();
    finish(waiter_child, waiter_args, ALL_DONE)
        .success()
        .mentions("Waiting");
    assert_eq!(db.versions(), [stuck.as_str()]);
    assert_eq!(
        db.int("SELECT count(*) FROM gate"),
        1,
        "the revision ran once"
    );
    let ups = db
        .history()
        .into_iter()
        .filter(|r| r.revision == stuck)
        .count();
    assert_eq!(ups, 1);
}
