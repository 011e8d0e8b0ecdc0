//! Faults (issue 3, "Bad input and faults"): a revision failing half-way,
//! the runner killed mid-run, timeouts, and databases that can't be
//! reached, refuse the password, or are named by a malformed URL.

use std::time::Duration;

use schema_e2e::{TestProject, rev};
use schema_testkit::Cluster;

use crate::support::{
    Backend, Session, TestDb, block_on, chain, chain_id, command, on_both, project_with,
    run_command, schema, schema_at, spawn, table_chain, unused_port, wait_until,
};

/// The 1-based line of `needle` in a revision file's text.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in\n{text}"))
        + 1
}

/// What each database says about a missing table.
fn missing_table_message(backend: Backend, table: &str) -> String {
    match backend {
        Backend::Postgres => format!("relation \"{table}\" does not exist"),
        Backend::Sqlite => format!("no such table: {table}"),
    }
}

const BROKEN: &str = "INSERT INTO no_such_table VALUES (1);";

/// Two good revisions, then a third whose second statement (of three) fails.
fn fails_on_third(extra: &str) -> (TestProject, String, String) {
    let id = chain_id(3);
    let text = rev(&id, &chain_id(2))
        .message("fails half-way")
        .up(&format!(
            "CREATE TABLE half_a (id INTEGER);\n{BROKEN}\nCREATE TABLE half_c (id INTEGER);"
        ))
        .down("DROP TABLE half_c;\nDROP TABLE half_a;")
        .text();
    let file = format!("{id}_fails.sql");
    let p = table_chain(project_with(extra), 2)
        .migration(&file, &text)
        .build();
    (p, file, text)
}

on_both!(
    failing_statement_rolls_back_only_its_revision,
    failing_statement_with_single_transaction_keeps_nothing,
    failing_downgrade_keeps_the_revision,
    killed_runner_leaves_a_consistent_revision,
    unreachable_database_is_a_database_error,
    malformed_url_is_an_input_error,
);

fn failing_statement_rolls_back_only_its_revision(backend: Backend) {
    let db = TestDb::new(backend, "fail_half_way");
    let (p, file, text) = fails_on_third("");
    let failing = chain_id(3);

    schema(&p, &db, &["upgrade", "head"])
        .code(3)
        .mentions(&format!("{file}:{}", line_of(&text, BROKEN)))
        .mentions(&missing_table_message(backend, "no_such_table"))
        .mentions(&failing);

    assert!(
        !db.has_table("half_a"),
        "the failing revision's first statement was rolled back"
    );
    assert!(!db.has_table("half_c"));
    assert!(
        db.has_table("t_1") && db.has_table("t_2"),
        "earlier revisions stay"
    );
    assert_eq!(db.versions(), [chain_id(2)], "at the last good revision");
    let history = db.history();
    assert!(
        history.iter().all(|r| r.revision != failing),
        "no trace of the failing revision: {history:#?}"
    );
    let ups: Vec<_> = history
        .iter()
        .map(|r| (r.revision.clone(), r.direction.as_str(), r.finished))
        .collect();
    assert_eq!(ups, [(chain_id(1), "up", true), (chain_id(2), "up", true)]);
    schema(&p, &db, &["check"]).code(1).mentions(&failing);

    // Fixed, the same command completes.
    p.write_migration(
        &file,
        text.replace(BROKEN, "CREATE TABLE half_b (id INTEGER);"),
    );
    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions(), [failing]);
    assert!(db.has_table("half_a") && db.has_table("half_b") && db.has_table("half_c"));
}

fn failing_statement_with_single_transaction_keeps_nothing(backend: Backend) {
    let db = TestDb::new(backend, "fail_single_tx");
    let (p, file, text) = fails_on_third("");

    schema(&p, &db, &["upgrade", "head", "--single-transaction"])
        .code(3)
        .mentions(&format!("{file}:{}", line_of(&text, BROKEN)))
        .mentions(&missing_table_message(backend, "no_such_table"));

    let user_tables: Vec<String> = db
        .tables()
        .into_iter()
        .filter(|t| !t.starts_with("schema_"))
        .collect();
    assert!(
        user_tables.is_empty(),
        "nothing of the run stays: {user_tables:?}"
    );
    assert!(db.versions().is_empty(), "still at base");
    assert!(db.history().is_empty(), "{:#?}", db.history());
    schema(&p, &db, &["current"]).success().mentions("<base>");
}

/// The help under a failed `--single-transaction` run must not claim that
/// earlier revisions stayed applied: they were rolled back with it.
#[test]
fn single_transaction_failure_does_not_claim_earlier_revisions_stayed() {
    let db = TestDb::new(Backend::Sqlite, "fail_single_tx_message");
    let (p, _, _) = fails_on_third("");
    let run = schema(&p, &db, &["upgrade", "head", "--single-transaction"]).code(3);
    assert!(db.versions().is_empty());
    assert!(
        !schema_e2e::squash(&run.stderr)
            .contains(&schema_e2e::squash("revisions before it stay applied")),
        "the message describes a per-revision run\n{run}"
    );
}

fn failing_downgrade_keeps_the_revision(backend: Backend) {
    let db = TestDb::new(backend, "fail_downgrade");
    let id = chain_id(2);
    let text = rev(&id, &chain_id(1))
        .message("bad down")
        .up("CREATE TABLE two_a (id INTEGER);\nCREATE TABLE two_b (id INTEGER);")
        .down(&format!("DROP TABLE two_b;\n{BROKEN}\nDROP TABLE two_a;"))
        .text();
    let file = format!("{id}_bad_down.sql");
    let p = table_chain(project_with(""), 1)
        .migration(&file, &text)
        .build();
    schema(&p, &db, &["upgrade", "head"]).success();

    schema(&p, &db, &["downgrade", "base"])
        .code(3)
        .mentions(&format!("{file}:{}", line_of(&text, BROKEN)))
        .mentions(&missing_table_message(backend, "no_such_table"));
    assert_eq!(db.versions(), [id.as_str()], "the revision stays applied");
    assert!(
        db.has_table("two_a") && db.has_table("two_b"),
        "its first statement was rolled back"
    );
    assert!(db.has_table("t_1"));
    assert!(
        db.history().iter().all(|r| r.direction == "up"),
        "{:#?}",
        db.history()
    );
}

/// A `transactional: false` revision (two index builds) whose second
/// statement fails, on PostgreSQL.
fn fail_outside_a_transaction(name: &str) -> (TestDb, TestProject, crate::support::Run) {
    // Each caller its own database: the tests run in parallel.
    let db = TestDb::new(Backend::Postgres, name);
    let id = chain_id(2);
    let p = table_chain(project_with(""), 1)
        .migration(
            &format!("{id}_indexes.sql"),
            rev(&id, &chain_id(1))
                .message("indexes")
                .header("transactional", "false")
                .up("CREATE INDEX CONCURRENTLY ix_one ON t_1 (id);\nCREATE INDEX CONCURRENTLY ix_two ON t_1 (no_such_column);")
                .down("DROP INDEX CONCURRENTLY ix_two;\nDROP INDEX CONCURRENTLY ix_one;")
                .text(),
        )
        .build();
    let run = schema(&p, &db, &["upgrade", "head"])
        .code(3)
        .mentions("no_such_column");
    (db, p, run)
}

/// Outside a transaction the first statement stays: the revision is not
/// recorded as applied, and `status`/`check` say it never finished.
#[test]
fn failing_non_transactional_revision_is_reported_unfinished() {
    let (db, p, _) = fail_outside_a_transaction("fail_nontx_unfinished");
    let index = db.column("SELECT CAST(to_regclass('ix_one') AS TEXT)");
    assert_eq!(
        index,
        [Some("ix_one".to_string())],
        "no transaction undid it"
    );
    assert_eq!(db.versions(), [chain_id(1)], "not recorded as applied");
    let unfinished = db.history().pop().expect("a history row");
    assert_eq!(unfinished.revision, chain_id(2));
    assert!(!unfinished.finished, "{unfinished:?}");
    schema(&p, &db, &["status"]).success().mentions(&format!(
        "revision {} started and never finished",
        chain_id(2)
    ));
    schema(&p, &db, &["check"])
        .code(1)
        .mentions("never finished");
}

/// ... and the error must not claim a rollback that did not happen.
#[test]
fn failing_non_transactional_revision_does_not_claim_a_rollback() {
    let (_db, _p, run) = fail_outside_a_transaction("fail_nontx_message");
    assert!(
        !run.stderr.contains("rolled back"),
        "there was no transaction to roll back\n{run}"
    );
}

/// How many revisions of a `chain` are applied, after checking that the
/// version row, the tables `t_N` and the history all agree.
fn consistent_revision(db: &TestDb, count: usize) -> usize {
    let versions = db.versions();
    let applied = match versions.as_slice() {
        [] => 0,
        [one] => (1..=count)
            .find(|&n| chain_id(n) == *one)
            .unwrap_or_else(|| {
                panic!("the version table holds {one}, not a revision of the chain")
            }),
        more => panic!("a linear chain has one version row, not {more:?}"),
    };
    let mut tables: Vec<String> = db
        .tables()
        .into_iter()
        .filter(|t| t.starts_with("t_"))
        .collect();
    tables.sort();
    let mut expected: Vec<String> = (1..=applied).map(|n| format!("t_{n}")).collect();
    expected.sort();
    assert_eq!(
        tables, expected,
        "the version row says {applied} revision(s) are applied; the tables must agree"
    );
    let history = db.history();
    let ups: Vec<&str> = history
        .iter()
        .filter(|r| r.direction == "up")
        .map(|r| r.revision.as_str())
        .collect();
    let want: Vec<String> = (1..=applied).map(chain_id).collect();
    assert_eq!(ups, want, "one finished history row per applied revision");
    assert!(history.iter().all(|r| r.finished), "{history:#?}");
    applied
}

/// A long upgrade killed with SIGKILL: the database is at a consistent
/// earlier revision, and running again completes.
fn killed_runner_leaves_a_consistent_revision(backend: Backend) {
    const COUNT: usize = 200;
    let db = TestDb::new(backend, "fail_sigkill");
    // Each revision takes a moment, so the kill lands mid-run.
    let slow = match backend {
        Backend::Postgres => "SELECT pg_sleep(0.02);",
        Backend::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) \
             SELECT count(*) FROM c;"
        }
    };
    let p = chain(project_with(""), COUNT, |n| {
        (
            format!("CREATE TABLE t_{n} (id INTEGER PRIMARY KEY);\n{slow}"),
            format!("DROP TABLE t_{n};"),
        )
    })
    .build();

    let (mut child, args) = spawn(&p, &db, &["upgrade", "head"]);
    wait_until(
        "the runner has applied a few revisions",
        Duration::from_secs(60),
        || history_count(&db) >= 5,
    );
    let still_running = child.try_wait().expect("poll the runner").is_none();
    // `Child::kill` is SIGKILL on Unix: no destructor, no rollback by us.
    child.kill().expect("SIGKILL the runner");
    let status = child.wait().expect("reap the runner");
    assert!(
        still_running,
        "the runner finished before the kill ({status}; {args:?}); the revisions must be slower"
    );

    if backend == Backend::Postgres {
        // The killed client's server process ends (rolling back) once it
        // notices; only then is what it leaves behind final.
        wait_until(
            "the killed runner's session is gone",
            Duration::from_secs(60),
            || db.int(OTHER_SESSIONS) == 0,
        );
    }
    let applied = consistent_revision(&db, COUNT);
    assert!(
        (5..COUNT).contains(&applied),
        "killed half-way: {applied} of {COUNT} applied"
    );

    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(
        consistent_revision(&db, COUNT),
        COUNT,
        "the rerun completes"
    );
}

/// Sessions on the test's database other than the asking one.
const OTHER_SESSIONS: &str = "SELECT count(*) FROM pg_stat_activity \
     WHERE datname = current_database() AND pid <> pg_backend_pid()";

/// Committed history rows; 0 while the table doesn't exist yet.
fn history_count(db: &TestDb) -> i64 {
    if !db.has_table("schema_history") {
        return 0;
    }
    db.int("SELECT count(*) FROM schema_history")
}

/// `--statement-timeout` and `--lock-timeout` (and the per-revision
/// headers) bound how long a revision may run or wait.
#[test]
fn postgres_statement_and_lock_timeouts() {
    let db = TestDb::new(Backend::Postgres, "fail_timeouts");
    let slow = chain_id(2);
    let p = table_chain(project_with(""), 1)
        .migration(
            &format!("{slow}_slow.sql"),
            rev(&slow, &chain_id(1))
                .message("slow")
                .up("ALTER TABLE t_1 ADD COLUMN x INTEGER;\nSELECT pg_sleep(20);")
                .down("ALTER TABLE t_1 DROP COLUMN x;")
                .text(),
        )
        .build();
    schema(&p, &db, &["upgrade", "+1"]).success();

    schema(
        &p,
        &db,
        &["upgrade", "head", "--statement-timeout", "300ms"],
    )
    .code(3)
    .mentions("statement timeout");
    assert_eq!(db.versions(), [chain_id(1)]);

    // Another session holds the table: the ALTER gives up after the lock
    // timeout instead of queueing (and blocking every reader behind it).
    let mut holder = db.session();
    holder.execute("BEGIN; LOCK TABLE t_1 IN ACCESS EXCLUSIVE MODE;");
    schema(&p, &db, &["upgrade", "head", "--lock-timeout", "300ms"])
        .code(3)
        .mentions("lock timeout");
    assert_eq!(db.versions(), [chain_id(1)]);

    // The same from the revision's own header.
    let text = rev(&slow, &chain_id(1))
        .message("slow")
        .header("lock-timeout", "300ms")
        .up("ALTER TABLE t_1 ADD COLUMN x INTEGER;")
        .down("ALTER TABLE t_1 DROP COLUMN x;")
        .text();
    p.write_migration(&format!("{slow}_slow.sql"), text);
    schema(&p, &db, &["upgrade", "head"])
        .code(3)
        .mentions("lock timeout");
    assert_eq!(db.versions(), [chain_id(1)]);

    holder.execute("ROLLBACK");
    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions(), [slow]);
}

const SECRET: &str = "pw-Zq7-never-shown";

fn unreachable_database_is_a_database_error(backend: Backend) {
    let p = table_chain(project_with(""), 1).build();
    let urls = match backend {
        Backend::Postgres => {
            let port = unused_port();
            vec![
                format!("postgres://app:{SECRET}@127.0.0.1:{port}/app"),
                format!("postgres://app:{SECRET}@%2Fnonexistent-schema-e2e%2Fsocket/app"),
                format!("postgres://app@127.0.0.1:{port}/app?sslmode=disable&password={SECRET}"),
            ]
        }
        Backend::Sqlite => {
            vec!["sqlite:///nonexistent-schema-e2e/dir/db.sqlite?mode=rwc".to_string()]
        }
    };
    for url in urls {
        for args in [
            &["current"][..],
            &["upgrade", "head"],
            &["status"],
            &["check"],
        ] {
            schema_at(&p, &url, args)
                .code(3)
                .mentions("cannot connect")
                .never_shows(SECRET);
        }
        schema_at(&p, &url, &["upgrade", "head", "--format", "json"])
            .code(3)
            .never_shows(SECRET);
    }
}

fn malformed_url_is_an_input_error(backend: Backend) {
    let p = table_chain(project_with(""), 1).build();
    let urls = match backend {
        Backend::Postgres => vec![
            format!("postgres://app:{SECRET}@db:notaport/app"),
            format!("postgres:/app:{SECRET}@db/app"),
            format!("postgres://app:{SECRET}@[::1/app"),
        ],
        Backend::Sqlite => vec!["sqlite:".to_string(), "sqlite://".to_string()],
    };
    for url in &urls {
        for args in [&["current"][..], &["upgrade", "head"]] {
            schema_at(&p, url, args)
                .code(2)
                .mentions("invalid database url")
                .never_shows(SECRET);
        }
        // The same from the configured variable.
        let mut cmd = command(&p, ["current"]);
        cmd.env("DATABASE_URL", url);
        run_command(cmd)
            .code(2)
            .mentions("invalid database url")
            .mentions("DATABASE_URL")
            .never_shows(SECRET);
    }
}

/// A URL whose parameter has a value the driver doesn't know is a typo in
/// the input (exit 2), not a server to check on (exit 3).
#[test]
fn bad_url_parameter_is_an_input_error() {
    let p = table_chain(project_with(""), 1).build();
    let url = format!(
        "postgres://app:{SECRET}@127.0.0.1:{}/app?sslmode=bogus",
        unused_port()
    );
    schema_at(&p, &url, &["current"])
        .code(2)
        .mentions("sslmode")
        .never_shows(SECRET);
}

/// A server that checks passwords: a private testkit cluster (the shared
/// one trusts every local connection) whose pg_hba.conf demands
/// scram-sha-256 from the role `app`.
#[test]
fn wrong_password_is_a_database_error_and_never_shown() {
    const RIGHT: &str = "right-Kx9-secret";
    const WRONG: &str = "wrong-Jm4-secret";
    let cluster =
        Cluster::start().unwrap_or_else(|e| panic!("cannot start a private cluster: {e}"));
    let data = cluster
        .data_dir()
        .expect("our own server has a data directory");
    let mut admin = Session::connect(&cluster.admin_url());
    admin.execute(&format!(
        "CREATE ROLE app LOGIN SUPERUSER PASSWORD '{RIGHT}'"
    ));
    admin.execute("CREATE DATABASE app OWNER app");
    let hba = data.join("pg_hba.conf");
    let rules = std::fs::read_to_string(&hba).expect("read pg_hba.conf");
    std::fs::write(&hba, format!("local all app scram-sha-256\n{rules}"))
        .expect("write pg_hba.conf");
    admin.execute("SELECT pg_reload_conf()");

    let with_password = |password: &str| {
        cluster.url("app").replacen(
            "postgres://postgres@",
            &format!("postgres://app:{password}@"),
            1,
        )
    };
    let (right, wrong) = (with_password(RIGHT), with_password(WRONG));
    wait_until(
        "the server checks passwords",
        Duration::from_secs(30),
        || block_on(<sqlx::PgConnection as sqlx::Connection>::connect(&wrong)).is_err(),
    );

    let p = table_chain(project_with(""), 2).build();
    for args in [
        &["current"][..],
        &["upgrade", "head"],
        &["status"],
        &["check"],
        &["upgrade", "head", "--format", "json"],
    ] {
        schema_at(&p, &wrong, args)
            .code(3)
            .mentions("password authentication failed")
            .never_shows(WRONG)
            .never_shows(RIGHT);
    }

    // The right one works, and is not shown either.
    schema_at(&p, &right, &["upgrade", "head"])
        .success()
        .mentions("app:***@")
        .never_shows(RIGHT);
    schema_at(&p, &right, &["current", "--verbose"])
        .success()
        .mentions(&chain_id(2))
        .never_shows(RIGHT);
    drop(admin);
}
