//! `--sql` (issue 3, item 6): the exact script, transactions and version
//! table statements included, printed without connecting; and proof that
//! it is the real script: run through `psql` (PostgreSQL) or sqlx
//! (SQLite) on a fresh database it leaves what `upgrade` leaves.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use schema_e2e::{TestProject, rev};
use tempfile::TempDir;

use crate::support::{
    Backend, HistoryRow, TestDb, chain, chain_id, on_both, project_with, schema, schema_at,
    unused_port,
};

const SECRET: &str = "pw-Rt5-never-shown";

/// A URL of the backend's kind that names no database that exists or
/// could be created, and the temp dir a SQLite file would land in.
fn nowhere(backend: Backend) -> (String, Option<TempDir>) {
    match backend {
        Backend::Postgres => {
            let port = unused_port();
            (
                format!("postgres://app:{SECRET}@127.0.0.1:{port}/nowhere"),
                None,
            )
        }
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("a temp dir");
            let url = format!("sqlite://{}/never.sqlite?mode=rwc", dir.path().display());
            (url, Some(dir))
        }
    }
}

fn begin(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "BEGIN;",
        Backend::Sqlite => "BEGIN IMMEDIATE;",
    }
}

/// Lines equal to `line` (statements of their own).
fn count_lines(script: &str, line: &str) -> usize {
    script.lines().filter(|l| l.trim() == line).count()
}

/// Panics unless the needles occur in `text` in this order.
#[track_caller]
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match text[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("expected {needle:?} (after the previous ones) in\n{text}"),
        }
    }
}

fn three_tables() -> TestProject {
    chain(project_with(""), 3, |n| {
        (
            format!("CREATE TABLE t_{n} (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a;b');"),
            format!("DROP TABLE t_{n};"),
        )
    })
    .build()
}

on_both!(
    upgrade_sql_prints_the_script_without_a_database,
    downgrade_sql_and_ranges,
    printed_script_builds_the_same_database_as_upgrade,
);

fn upgrade_sql_prints_the_script_without_a_database(backend: Backend) {
    let p = three_tables();
    let (url, dir) = nowhere(backend);
    let (a, b, c) = (chain_id(1), chain_id(2), chain_id(3));

    let run = schema_at(&p, &url, &["upgrade", "head", "--sql"])
        .success()
        .never_shows(SECRET);
    let script = &run.stdout;
    // The history row comes first on SQLite (opened, then closed) and last
    // on PostgreSQL (written once, started at the transaction's start).
    assert_eq!(
        script.matches("INSERT INTO \"schema_history\"").count(),
        3,
        "{script}"
    );
    assert_in_order(
        script,
        &[
            "CREATE TABLE IF NOT EXISTS \"schema_version\"",
            "CREATE TABLE IF NOT EXISTS \"schema_history\"",
            begin(backend),
            "CREATE TABLE t_1 (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a;b');",
            &format!("INSERT INTO \"schema_version\" (version_num) VALUES ('{a}');"),
            "COMMIT;",
            begin(backend),
            "CREATE TABLE t_2",
            &format!(
                "UPDATE \"schema_version\" SET version_num = '{b}' WHERE version_num = '{a}';"
            ),
            "COMMIT;",
            begin(backend),
            "CREATE TABLE t_3",
            &format!(
                "UPDATE \"schema_version\" SET version_num = '{c}' WHERE version_num = '{b}';"
            ),
            "COMMIT;",
        ],
    );
    assert_eq!(
        count_lines(script, begin(backend)),
        3,
        "a transaction per revision\n{script}"
    );
    assert_eq!(count_lines(script, "COMMIT;"), 3, "{script}");
    if let Some(dir) = dir {
        assert!(
            std::fs::read_dir(dir.path())
                .expect("read the temp dir")
                .next()
                .is_none(),
            "no SQLite file was created"
        );
    }

    // One transaction around everything with --single-transaction.
    let single = schema_at(
        &p,
        &url,
        &["upgrade", "head", "--sql", "--single-transaction"],
    )
    .success();
    assert_eq!(count_lines(&single.stdout, begin(backend)), 1, "{single}");
    assert_eq!(count_lines(&single.stdout, "COMMIT;"), 1, "{single}");
    assert_in_order(
        &single.stdout,
        &[
            begin(backend),
            "CREATE TABLE t_1",
            "CREATE TABLE t_3",
            "COMMIT;",
        ],
    );

    // On a real database: nothing is touched, not even the version table.
    let db = TestDb::new(backend, "sql_touches_nothing");
    let real = schema(&p, &db, &["upgrade", "head", "--sql"]).success();
    assert_eq!(
        real.stdout, run.stdout,
        "the script doesn't depend on the database"
    );
    assert!(db.tables().is_empty(), "{:?}", db.tables());
}

fn downgrade_sql_and_ranges(backend: Backend) {
    let p = three_tables();
    let (url, _dir) = nowhere(backend);
    let (a, b, c) = (chain_id(1), chain_id(2), chain_id(3));

    let all = schema_at(&p, &url, &["downgrade", "head:base", "--sql"])
        .success()
        .never_shows(SECRET);
    assert_in_order(
        &all.stdout,
        &[
            begin(backend),
            "DROP TABLE t_3;",
            &format!(
                "UPDATE \"schema_version\" SET version_num = '{b}' WHERE version_num = '{c}';"
            ),
            "COMMIT;",
            "DROP TABLE t_2;",
            "DROP TABLE t_1;",
            &format!("DELETE FROM \"schema_version\" WHERE version_num = '{a}';"),
            "COMMIT;",
        ],
    );
    assert_eq!(count_lines(&all.stdout, begin(backend)), 3);

    let part = schema_at(&p, &url, &["downgrade", &format!("{c}:{a}"), "--sql"]).success();
    assert_in_order(&part.stdout, &["DROP TABLE t_3;", "DROP TABLE t_2;"]);
    assert!(
        !part.stdout.contains("DROP TABLE t_1;"),
        "stops at {a}\n{part}"
    );
    assert!(part.stdout.contains(&format!(
        "SET version_num = '{a}' WHERE version_num = '{b}'"
    )));

    let up = schema_at(&p, &url, &["upgrade", &format!("{a}:{c}"), "--sql"]).success();
    assert_in_order(
        &up.stdout,
        &[
            "CREATE TABLE t_2",
            &format!("SET version_num = '{b}' WHERE version_num = '{a}'"),
            "CREATE TABLE t_3",
        ],
    );
    assert!(
        !up.stdout.contains("CREATE TABLE t_1"),
        "starts after {a}\n{up}"
    );

    // Without a range the start is unknown, and no database is asked.
    schema_at(&p, &url, &["downgrade", "base", "--sql"])
        .code(2)
        .mentions("START:END")
        .never_shows(SECRET);
}

/// The same schema, version table and history from the printed script as
/// from `upgrade`, and `check` accepts it; the printed downgrade script
/// takes it back to base.
fn printed_script_builds_the_same_database_as_upgrade(backend: Backend) {
    if backend == Backend::Postgres && psql().is_none() {
        skip("psql is not installed next to the PostgreSQL server or on PATH");
        return;
    }
    let p = script_project(backend);
    let (url, _dir) = nowhere(backend);
    let by_script = TestDb::new(backend, "sql_by_script");
    let by_upgrade = TestDb::new(backend, "sql_by_upgrade");

    let up = schema_at(&p, &url, &["upgrade", "heads", "--sql"]).success();
    apply_script(&by_script, &up.stdout)
        .unwrap_or_else(|e| panic!("the printed script fails: {e}\n{up}"));
    schema(&p, &by_upgrade, &["upgrade", "heads"]).success();

    assert_eq!(by_script.versions(), by_upgrade.versions());
    assert_eq!(
        by_script.versions().len(),
        2,
        "two heads: {:?}",
        by_script.versions()
    );
    assert_eq!(by_script.tables(), by_upgrade.tables());
    assert_eq!(steps(&by_script.history()), steps(&by_upgrade.history()));
    schema(&p, &by_script, &["check"])
        .code(1)
        .mentions("multiple heads");
    let json = crate::support::schema_json(&p, &by_script, &["status"]);
    let kinds: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["multiple_heads"],
        "nothing else to report: {json:#}"
    );

    let down = schema_at(&p, &url, &["downgrade", "heads:base", "--sql"]).success();
    apply_script(&by_script, &down.stdout)
        .unwrap_or_else(|e| panic!("the printed script fails: {e}\n{down}"));
    assert!(by_script.versions().is_empty());
    let left: Vec<String> = by_script
        .tables()
        .into_iter()
        .filter(|t| !t.starts_with("schema_"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Two branches; PostgreSQL gets a function with a `$$` body, a DO block
/// and a `transactional: false` index build; SQLite a trigger.
fn script_project(backend: Backend) -> TestProject {
    let special = chain_id(3);
    let other = "ffffffffff01";
    let (up, down) = match backend {
        Backend::Postgres => (
            "CREATE FUNCTION bump() RETURNS int LANGUAGE plpgsql AS $$ BEGIN UPDATE t_1 SET id = id; RETURN 1; END; $$;\n\
             DO $$ BEGIN INSERT INTO t_1 (id, note) VALUES (1, 'x;y'); END $$;",
            "DROP FUNCTION bump();\nDELETE FROM t_1;",
        ),
        Backend::Sqlite => (
            "CREATE TRIGGER t_1_ins AFTER INSERT ON t_1 BEGIN UPDATE t_1 SET note = 'x;y' WHERE id = NEW.id; END;\n\
             INSERT INTO t_1 (id) VALUES (1);",
            "DROP TRIGGER t_1_ins;\nDELETE FROM t_1;",
        ),
    };
    let mut builder = chain(project_with(""), 2, |n| {
        (
            format!("CREATE TABLE t_{n} (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a;b');"),
            format!("DROP TABLE t_{n};"),
        )
    })
    .migration(
        &format!("{special}_bodies.sql"),
        rev(&special, &chain_id(2))
            .message("bodies")
            .up(up)
            .down(down)
            .text(),
    )
    .migration(
        &format!("{other}_other.sql"),
        rev(other, "base")
            .message("other branch")
            .up("CREATE TABLE other (id INTEGER);")
            .down("DROP TABLE other;")
            .text(),
    );
    if backend == Backend::Postgres {
        let index = chain_id(4);
        builder = builder.migration(
            &format!("{index}_index.sql"),
            rev(&index, &special)
                .message("index concurrently")
                .header("transactional", "false")
                .up("CREATE INDEX CONCURRENTLY ix_t_2_note ON t_2 (note);")
                .down("DROP INDEX CONCURRENTLY ix_t_2_note;")
                .text(),
        );
    }
    builder.build()
}

/// What a history row says, without times.
fn steps(history: &[HistoryRow]) -> Vec<(String, String, Option<String>, bool)> {
    history
        .iter()
        .map(|r| {
            (
                r.revision.clone(),
                r.direction.clone(),
                r.checksum.clone(),
                r.finished,
            )
        })
        .collect()
}

/// Runs a printed script: through `psql` on PostgreSQL (statement by
/// statement, as a DBA would), in one go through sqlx on SQLite (and on
/// PostgreSQL without psql, where `transactional: false` revisions can't
/// run: the server makes one query string one transaction).
fn apply_script(db: &TestDb, script: &str) -> Result<(), String> {
    match (db.backend(), psql()) {
        (Backend::Postgres, Some(psql)) => {
            let mut child = Command::new(psql)
                .args([
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    db.url(),
                    "-f",
                    "-",
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| format!("cannot run psql: {e}"))?;
            child
                .stdin
                .take()
                .expect("piped stdin")
                .write_all(script.as_bytes())
                .map_err(|e| format!("cannot write to psql: {e}"))?;
            let out = child.wait_with_output().map_err(|e| format!("psql: {e}"))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "psql failed ({}):\n{}",
                    out.status,
                    String::from_utf8_lossy(&out.stderr)
                ))
            }
        }
        _ => db.session().try_execute(script).map_err(|e| e.to_string()),
    }
}

/// `psql`: on PATH, or beside a packaged server.
fn psql() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("psql"));
    let packaged = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin/psql"));
    on_path.chain(packaged).find(|p| p.is_file())
}

#[expect(
    clippy::print_stderr,
    reason = "a skipped check must say so in the test output"
)]
fn skip(why: &str) {
    eprintln!("skipped: {why}");
}

/// A revision whose last statement has no `;` runs fine under `upgrade`,
/// so the printed script must run too.
fn script_runs_when_the_last_statement_has_no_semicolon(backend: Backend) {
    let id = chain_id(1);
    let p = project_with("")
        .migration(
            &format!("{id}_bare.sql"),
            rev(&id, "base")
                .message("no semicolon")
                .up("CREATE TABLE bare (id INTEGER)")
                .down("DROP TABLE bare")
                .text(),
        )
        .build();
    let by_upgrade = TestDb::new(backend, "sql_bare_upgrade");
    schema(&p, &by_upgrade, &["upgrade", "head"]).success();
    assert_eq!(by_upgrade.versions(), [id.as_str()]);

    let by_script = TestDb::new(backend, "sql_bare_script");
    let (url, _dir) = nowhere(backend);
    let up = schema_at(&p, &url, &["upgrade", "head", "--sql"]).success();
    apply_script(&by_script, &up.stdout)
        .unwrap_or_else(|e| panic!("the printed script fails: {e}\n{up}"));
    assert_eq!(by_script.versions(), [id]);
}

on_both!(script_runs_when_the_last_statement_has_no_semicolon);
