//! Every rule proven on a real server: one test per [`Code`], named after
//! it. Each sets up tables with rows, asserts that the lint flags the
//! statement, runs the statement and observes the hazard the rule
//! describes (the lock it holds in `pg_locks`, read from a second session
//! while the statement's transaction is open; the rewrite, as a new
//! `pg_relation_filenode()`; the scan, as a sequential scan counted in the
//! transaction's `pg_stat_xact_user_tables`; the failure; the lost data;
//! the old application's broken query), then runs the rule's recipe
//! ([`Code::recipe`]) and observes that it does not, and asserts that the
//! lint does not flag the recipe either.
//!
//! Where a rule draws a line (which column types rewrite, which defaults
//! are volatile, which constraint changes scan under which lock, which
//! `ALTER TABLE` SQLite can do in place), the test checks statements on
//! both sides of it against the server: a flagged statement must show the
//! hazard, an unflagged one must not. Those checks of the lint are asserted
//! at the end of the test, so a misfire never hides the proof of the
//! hazard and the recipe.
//!
//! PostgreSQL runs on the testkit's throwaway cluster, a fresh database per
//! test; `sqlite-needs-rebuild` on a SQLite file in a temp dir (the SQLite
//! that sqlx links). Every rule could be shown this way: none needed a
//! "cannot be proven" note.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use schema_core::graph::Graph;
use schema_core::lint::{self, Code, Levels};
use schema_core::migration::Migration;
use schema_core::{Dialect, Migrator};

use crate::support::{
    BLOCKS_READS, BLOCKS_WRITES, PROBE_TIMEOUT, TestDb, assert_clean, assert_flags,
    assert_lock_timeout, assert_sqlstate, codes, filenode, lock_modes, probe, wait_until_waiting,
    xact_seq_scans,
};

const PG: Dialect = Dialect::Postgres;

/// The tables every PostgreSQL proof starts from, with rows.
const SETUP: &str = "
CREATE TABLE account (
    id bigint PRIMARY KEY,
    email varchar(50) NOT NULL,
    n int,
    price numeric(10,2),
    note text
);
INSERT INTO account
SELECT g, 'user' || g || '@example.org', g, g * 1.5, 'n' || g
  FROM generate_series(1, 1000) g;
CREATE TABLE invoice (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    total numeric(10,2) NOT NULL
);
INSERT INTO invoice SELECT g, (g % 1000) + 1, g FROM generate_series(1, 2000) g;
CREATE INDEX invoice_account_id_idx ON invoice (account_id);
";

/// Every code has its proof below; a new code must add one.
const PROVEN: &[Code] = &[
    Code::IndexNotConcurrent,
    Code::DropIndexNotConcurrent,
    Code::AddColumnNotNull,
    Code::VolatileDefault,
    Code::ColumnTypeRewrite,
    Code::SetNotNull,
    Code::AddForeignKey,
    Code::AddCheck,
    Code::UniqueWithoutIndex,
    Code::RenameColumn,
    Code::RenameTable,
    Code::DropColumn,
    Code::DropTable,
    Code::ConcurrentlyInTransaction,
    Code::MissingLockTimeout,
    Code::SqliteUnsupported,
];

#[test]
fn every_code_has_a_proof() {
    let all: BTreeSet<Code> = Code::ALL.iter().copied().collect();
    let proven: BTreeSet<Code> = PROVEN.iter().copied().collect();
    let missing: Vec<&str> = all.difference(&proven).map(|c| c.as_str()).collect();
    assert!(
        missing.is_empty(),
        "no proof on a real server for {missing:?}: add a test to tests/lint/proof.rs"
    );
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A fresh database with [`SETUP`] applied.
fn fresh(name: &str) -> TestDb {
    let db = TestDb::postgres(name);
    db.execute(SETUP);
    db
}

fn set(modes: &[&str]) -> BTreeSet<String> {
    modes.iter().map(|m| m.to_string()).collect()
}

#[track_caller]
fn assert_holds(modes: &BTreeSet<String>, mode: &str, what: &str) {
    assert!(
        modes.contains(mode),
        "{what}: expected {mode} among the locks held, pg_locks shows {modes:?}"
    );
}

#[track_caller]
fn assert_writes_go_on(modes: &BTreeSet<String>, what: &str) {
    let blocking: Vec<&String> = modes
        .iter()
        .filter(|m| BLOCKS_WRITES.contains(&m.as_str()))
        .collect();
    assert!(
        blocking.is_empty(),
        "{what}: holds {blocking:?}, which stops writes (pg_locks shows {modes:?})"
    );
}

#[track_caller]
fn assert_ok<T>(result: Result<T, crate::support::DbError>, what: &str) -> T {
    result.unwrap_or_else(|e| panic!("{what} failed: {e}"))
}

/// With a `lock_timeout`, as the lock-timeout rule wants: a recipe that
/// takes an ACCESS EXCLUSIVE lock, linted in a revision that sets one.
fn with_timeout(sql: &str) -> String {
    format!("SET lock_timeout = '2s';\n{sql}")
}

/// Runs a `CONCURRENTLY` statement (outside a transaction) while another
/// session's transaction holds a lock on `table` (`blocker_sql`), as any
/// long transaction would in production: the statement gets part way and
/// waits for that transaction. Meanwhile this reads the modes it holds on
/// `table` and requires `write`, from a third session, to run. Then the
/// blocker commits and the statement must finish.
fn concurrently_observed(
    db: &TestDb,
    sql: &str,
    table: &str,
    blocker_sql: &str,
    write: &str,
) -> BTreeSet<String> {
    let obs = db.session();
    let blocker = db.session();
    blocker.run("BEGIN");
    blocker.run(blocker_sql);
    let s = db.session();
    let pending = s.start(sql);
    wait_until_waiting(&obs, &s.pid, sql);
    let modes = lock_modes(&obs, &s.pid, table, true);
    assert_ok(
        probe(db, write),
        &format!("`{write}` while `{sql}` is in progress"),
    );
    blocker.run("COMMIT");
    assert_ok(pending.wait(), sql);
    modes
}

/// A revision file (irreversible: no down section), parsed.
fn revision(id: &str, revises: &str, headers: &str, up: &str) -> Migration {
    let text = format!(
        "-- revision: {id}\n-- revises: {revises}\n-- message: {id}\n-- irreversible: true\n{headers}\n-- migrate:up\n{up}\n"
    );
    Migration::parse(format!("{id}.sql"), &text)
        .unwrap_or_else(|e| panic!("revision {id} does not parse: {e}"))
}

fn graph(migrations: Vec<Migration>) -> Graph {
    Graph::new(migrations).unwrap_or_else(|e| panic!("{e}"))
}

/// The codes `lint_graph` reports for every revision of `graph`.
fn graph_codes(graph: &Graph, dialect: Dialect) -> Vec<Code> {
    let all: Vec<usize> = (0..graph.len()).collect();
    lint::lint_graph(graph, &all, dialect, &Levels::default())
        .reported()
        .map(|f| f.code)
        .collect()
}

// ---------------------------------------------------------------------------
// Indexes
// ---------------------------------------------------------------------------

#[test]
fn index_not_concurrent() {
    let db = fresh("index_not_concurrent");
    let stmt = "CREATE INDEX account_n_idx ON account (n)";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::IndexNotConcurrent);

    // The hazard: SHARE on the table until the transaction ends; writes wait.
    let obs = db.session();
    let s = db.session();
    s.run("BEGIN");
    s.run(stmt);
    let held = lock_modes(&obs, &s.pid, "account", true);
    assert_holds(&held, "ShareLock", stmt);
    assert_lock_timeout(
        probe(
            &db,
            "INSERT INTO account VALUES (5001, 'x@example.org', 1, 1, 'x')",
        ),
        "an INSERT while CREATE INDEX holds its lock",
    );
    s.run("ROLLBACK");

    // The recipe: CONCURRENTLY, outside a transaction: SHARE UPDATE
    // EXCLUSIVE while it builds, and writes go on.
    let recipe = "CREATE INDEX CONCURRENTLY account_n_idx ON account (n)";
    assert_clean(SETUP, &format!("{recipe};"), PG, false);
    let held = concurrently_observed(
        &db,
        recipe,
        "account",
        "INSERT INTO account VALUES (5002, 'y@example.org', 1, 1, 'y')",
        "INSERT INTO account VALUES (5003, 'z@example.org', 1, 1, 'z')",
    );
    assert_eq!(held, set(&["ShareUpdateExclusiveLock"]), "{recipe}");
    let valid = obs.value(
        "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'account_n_idx'::regclass",
    );
    assert_eq!(
        valid, "true",
        "the concurrent build finished with a valid index"
    );
}

#[test]
fn drop_index_not_concurrent() {
    let db = fresh("drop_index_not_concurrent");
    let stmt = "DROP INDEX invoice_account_id_idx";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::DropIndexNotConcurrent);

    // The hazard: ACCESS EXCLUSIVE on the table; even reads wait.
    let obs = db.session();
    let s = db.session();
    s.run("BEGIN");
    s.run(stmt);
    let held = lock_modes(&obs, &s.pid, "invoice", true);
    assert_holds(&held, "AccessExclusiveLock", stmt);
    assert_lock_timeout(
        probe(&db, "SELECT count(*)::text FROM invoice"),
        "a SELECT while DROP INDEX holds its lock",
    );
    s.run("ROLLBACK");

    // The recipe: DROP INDEX CONCURRENTLY holds SHARE UPDATE EXCLUSIVE on
    // the table while it waits for the transactions using it; reads and
    // writes go on.
    let recipe = "DROP INDEX CONCURRENTLY invoice_account_id_idx";
    assert_clean(SETUP, &format!("{recipe};"), PG, false);
    let held = concurrently_observed(
        &db,
        recipe,
        "invoice",
        "SELECT count(*)::text FROM invoice",
        "INSERT INTO invoice VALUES (9001, 1, 1)",
    );
    assert_eq!(held, set(&["ShareUpdateExclusiveLock"]), "{recipe}");
    assert!(
        !held.contains(BLOCKS_READS),
        "{recipe} must not block reads"
    );
    let left =
        obs.value("SELECT count(*)::text FROM pg_class WHERE relname = 'invoice_account_id_idx'");
    assert_eq!(left, "0", "the index is gone");
}

#[test]
fn concurrently_in_transaction() {
    let db = fresh("concurrently_in_transaction");
    let statements = [
        "CREATE INDEX CONCURRENTLY account_note_idx ON account (note)",
        "REINDEX INDEX CONCURRENTLY invoice_account_id_idx",
        "DROP INDEX CONCURRENTLY invoice_account_id_idx",
    ];
    let s = db.session();
    for stmt in statements {
        assert_flags(
            SETUP,
            &format!("{stmt};"),
            PG,
            Code::ConcurrentlyInTransaction,
        );
        // The hazard: it fails at run time inside a transaction block.
        s.run("BEGIN");
        assert_sqlstate(s.try_run(stmt), "25001", stmt);
        s.run("ROLLBACK");
    }

    // With the real runner: a transactional revision fails...
    let up = "CREATE INDEX CONCURRENTLY account_note_idx ON account (note);";
    let tx = graph(vec![revision("c0ff00000001", "base", "", up)]);
    assert_eq!(
        graph_codes(&tx, PG),
        [Code::ConcurrentlyInTransaction],
        "lint_graph on the transactional revision"
    );
    let err = Migrator::new(tx)
        .run_blocking(&db.url)
        .expect_err("CREATE INDEX CONCURRENTLY in a transactional revision must fail");
    assert!(
        err.to_string().contains("transaction block"),
        "the runner's error: {err}"
    );

    // ...the recipe, the statement alone in a `-- transactional: false`
    // revision, runs, and the lint accepts it.
    let recipe = graph(vec![revision(
        "c0ff00000002",
        "base",
        "-- transactional: false",
        up,
    )]);
    assert_eq!(graph_codes(&recipe, PG), [], "lint_graph on the recipe");
    for stmt in statements {
        assert_clean(SETUP, &format!("{stmt};"), PG, false);
    }
    Migrator::new(recipe)
        .run_blocking(&db.url)
        .unwrap_or_else(|e| panic!("the non-transactional revision failed: {e}"));
    for stmt in &statements[1..] {
        assert_ok(s.try_run(stmt), stmt);
    }
    let valid = s.value(
        "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'account_note_idx'::regclass",
    );
    assert_eq!(valid, "true");
}

#[test]
fn unique_without_index() {
    let db = fresh("unique_without_index");
    let stmt = "ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE (email)";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::UniqueWithoutIndex);
    // ADD COLUMN … UNIQUE builds one too.
    assert_flags(
        SETUP,
        "ALTER TABLE account ADD COLUMN code int UNIQUE;",
        PG,
        Code::UniqueWithoutIndex,
    );

    // The hazard: the index is built inside the ALTER, under ACCESS
    // EXCLUSIVE: reads wait for the whole build.
    let obs = db.session();
    let s = db.session();
    let indexes = "SELECT count(*)::text FROM pg_index WHERE indrelid = 'account'::regclass";
    let before = s.value(indexes);
    s.run("BEGIN");
    s.run(stmt);
    assert_ne!(
        s.value(indexes),
        before,
        "{stmt} built an index in the transaction"
    );
    let held = lock_modes(&obs, &s.pid, "account", true);
    assert_holds(&held, "AccessExclusiveLock", stmt);
    assert_lock_timeout(
        probe(&db, "SELECT count(*)::text FROM account"),
        "a SELECT while the constraint's index is built",
    );
    s.run("ROLLBACK");

    // The recipe: build the index concurrently (writes go on), then adopt
    // it: the constraint takes the index as it is, building nothing.
    let build = "CREATE UNIQUE INDEX CONCURRENTLY account_email_key ON account (email)";
    let adopt =
        "ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE USING INDEX account_email_key";
    assert_clean(SETUP, &format!("{build};"), PG, false);
    let after_build = format!("{SETUP}\nCREATE UNIQUE INDEX account_email_key ON account (email);");
    assert_clean(&after_build, &with_timeout(&format!("{adopt};")), PG, true);
    let held = concurrently_observed(
        &db,
        build,
        "account",
        "INSERT INTO account VALUES (5001, 'a@example.org', 1, 1, 'a')",
        "INSERT INTO account VALUES (5002, 'b@example.org', 1, 1, 'b')",
    );
    assert_writes_go_on(&held, build);
    let index_file = filenode(&s, "account_email_key");
    s.run("BEGIN");
    s.run(adopt);
    assert_eq!(
        filenode(&s, "account_email_key"),
        index_file,
        "{adopt} must not rebuild the index"
    );
    s.run("COMMIT");
    let kind =
        s.value("SELECT contype::text FROM pg_constraint WHERE conname = 'account_email_key'");
    assert_eq!(kind, "u", "the constraint exists");
}

// ---------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------

#[test]
fn add_column_not_null() {
    let db = fresh("add_column_not_null");
    let stmt = "ALTER TABLE account ADD COLUMN plan text NOT NULL";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::AddColumnNotNull);
    // An explicit NULL default is no default.
    assert_flags(
        SETUP,
        "ALTER TABLE account ADD COLUMN plan text NOT NULL DEFAULT NULL;",
        PG,
        Code::AddColumnNotNull,
    );

    // The hazard: on a table with rows it fails.
    let s = db.session();
    assert_sqlstate(s.try_run(stmt), "23502", stmt);
    assert_sqlstate(
        s.try_run("ALTER TABLE account ADD COLUMN plan text NOT NULL DEFAULT NULL"),
        "23502",
        "ADD COLUMN … NOT NULL DEFAULT NULL",
    );

    // The recipe: a constant default, stored without rewriting the table.
    let recipe = "ALTER TABLE account ADD COLUMN plan text NOT NULL DEFAULT 'free'";
    assert_clean(SETUP, &with_timeout(&format!("{recipe};")), PG, true);
    let file = filenode(&s, "account");
    s.run("BEGIN");
    assert_ok(s.try_run(recipe), recipe);
    assert_eq!(filenode(&s, "account"), file, "{recipe} must not rewrite");
    s.run("COMMIT");
    let free = s.value("SELECT count(*)::text FROM account WHERE plan = 'free'");
    assert_eq!(free, "1000", "every existing row reads the default");
}

#[test]
fn volatile_default() {
    let db = fresh("volatile_default");
    let obs = db.session();
    let s = db.session();
    // (statement, flagged): the lint's line between volatile and not,
    // each side checked against the server's rewrite.
    let cases = [
        (
            "ALTER TABLE account ADD COLUMN token uuid DEFAULT gen_random_uuid()",
            true,
        ),
        (
            "ALTER TABLE account ADD COLUMN seen timestamptz DEFAULT clock_timestamp()",
            true,
        ),
        (
            "ALTER TABLE account ADD COLUMN r float8 DEFAULT random()",
            true,
        ),
        ("ALTER TABLE account ADD COLUMN seq bigserial", true),
        (
            "ALTER TABLE account ADD COLUMN ident bigint GENERATED ALWAYS AS IDENTITY",
            true,
        ),
        (
            "ALTER TABLE account ADD COLUMN doubled numeric GENERATED ALWAYS AS (price * 2) STORED",
            true,
        ),
        (
            "ALTER TABLE account ADD COLUMN created timestamptz NOT NULL DEFAULT now()",
            false,
        ),
        (
            "ALTER TABLE account ADD COLUMN created timestamptz DEFAULT CURRENT_TIMESTAMP",
            false,
        ),
        (
            "ALTER TABLE account ADD COLUMN plan text NOT NULL DEFAULT 'free'",
            false,
        ),
        (
            "ALTER TABLE account ADD COLUMN tags jsonb NOT NULL DEFAULT '{}'::jsonb",
            false,
        ),
        (
            "ALTER TABLE account ADD COLUMN code text DEFAULT lower('ABC')",
            false,
        ),
        ("ALTER TABLE account ADD COLUMN plain int", false),
    ];
    let mut wrong = Vec::new();
    for (stmt, flagged) in cases {
        let linted = codes(SETUP, &format!("{stmt};"), PG, true).contains(&Code::VolatileDefault);
        let file = filenode(&s, "account");
        s.run("BEGIN");
        assert_ok(s.try_run(stmt), stmt);
        let rewrote = filenode(&s, "account") != file;
        let held = lock_modes(&obs, &s.pid, "account", true);
        s.run("ROLLBACK");
        if linted != flagged {
            wrong.push(format!(
                "{stmt}: the lint says {linted}, expected {flagged}"
            ));
        }
        if rewrote != flagged {
            wrong.push(format!(
                "{stmt}: the server {} the table",
                if rewrote {
                    "rewrote"
                } else {
                    "did not rewrite"
                }
            ));
        }
        if rewrote && !held.contains("AccessExclusiveLock") {
            wrong.push(format!("{stmt}: rewrote under {held:?}"));
        }
    }

    // The recipe: the column without a default, then SET DEFAULT (new rows
    // only), then a backfill in batches: no rewrite at any step.
    let recipe = [
        "ALTER TABLE account ADD COLUMN token uuid",
        "ALTER TABLE account ALTER COLUMN token SET DEFAULT gen_random_uuid()",
        "UPDATE account SET token = gen_random_uuid() WHERE token IS NULL AND id <= 500",
        "UPDATE account SET token = gen_random_uuid() WHERE token IS NULL AND id > 500",
    ];
    assert_clean(
        SETUP,
        &with_timeout(&format!("{};", recipe.join(";\n"))),
        PG,
        true,
    );
    let file = filenode(&s, "account");
    for stmt in recipe {
        s.run(stmt);
        assert_eq!(filenode(&s, "account"), file, "{stmt} must not rewrite");
    }
    s.run("INSERT INTO account (id, email) VALUES (5001, 'new@example.org')");
    let missing = s.value("SELECT count(*)::text FROM account WHERE token IS NULL");
    assert_eq!(
        missing, "0",
        "new rows get the default, old rows the backfill"
    );

    // The lint's line, checked last so the proof above runs whatever it says.
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn column_type_rewrite() {
    let db = fresh("column_type_rewrite");
    let indexes = "CREATE INDEX account_n_idx ON account (n);
CREATE INDEX account_email_idx ON account (email);
CREATE INDEX account_price_idx ON account (price);
CREATE INDEX account_note_idx ON account (note);";
    db.execute(indexes);
    let setup = format!("{SETUP}\n{indexes}");
    let files = "SELECT string_agg(pg_relation_filenode(c.oid)::text, ',' ORDER BY c.relname)
                   FROM pg_class c
                  WHERE c.relname = 'account' OR c.oid IN (
                        SELECT indexrelid FROM pg_index WHERE indrelid = 'account'::regclass)";
    let obs = db.session();
    let s = db.session();
    // (column, new type, rewrites): the lint's line against the server's,
    // where a rewrite is a new file for the table or any of its indexes.
    let cases = [
        ("n", "bigint", true),
        ("n", "numeric", true),
        ("n", "text", true),
        ("email", "varchar(30)", true),
        ("price", "numeric(12,4)", true),
        ("price", "numeric(8,2)", true),
        ("note", "varchar(10)", true),
        ("n", "integer", false),
        ("email", "varchar(100)", false),
        ("email", "character varying(80)", false),
        ("email", "varchar", false),
        ("email", "text", false),
        ("price", "numeric(12,2)", false),
        ("price", "decimal(14,2)", false),
        ("price", "numeric", false),
        ("note", "varchar", false),
        // No new file for the table, but its index is rebuilt under the
        // lock: the new collation orders the keys differently.
        ("email", "varchar(100) COLLATE \"C\"", true),
    ];
    let mut wrong = Vec::new();
    for (column, ty, rewrites) in cases {
        let stmt = format!("ALTER TABLE account ALTER COLUMN {column} TYPE {ty}");
        let linted =
            codes(&setup, &format!("{stmt};"), PG, true).contains(&Code::ColumnTypeRewrite);
        let before = s.value(files);
        s.run("BEGIN");
        assert_ok(s.try_run(&stmt), &stmt);
        let rewrote = s.value(files) != before;
        let held = lock_modes(&obs, &s.pid, "account", true);
        s.run("ROLLBACK");
        if linted != rewrites {
            wrong.push(format!(
                "{stmt}: the lint says {linted}, expected {rewrites}"
            ));
        }
        if rewrote != rewrites {
            wrong.push(format!(
                "{stmt}: the server {} the table or an index",
                if rewrote {
                    "rewrote"
                } else {
                    "did not rewrite"
                }
            ));
        }
        if rewrote && !held.contains("AccessExclusiveLock") {
            wrong.push(format!("{stmt}: rewrote under {held:?}"));
        }
    }

    // The recipe, expand and contract: a new column of the new type,
    // backfilled in batches; no rewrite, and the old column keeps working
    // for the application still running.
    let recipe = [
        "ALTER TABLE account ADD COLUMN n_big bigint",
        "UPDATE account SET n_big = n WHERE id <= 500",
        "UPDATE account SET n_big = n WHERE id > 500",
    ];
    assert_clean(
        &setup,
        &with_timeout(&format!("{};", recipe.join(";\n"))),
        PG,
        true,
    );
    let before = s.value(files);
    for stmt in recipe {
        s.run(stmt);
        assert_eq!(s.value(files), before, "{stmt} must not rewrite");
    }
    let differ = s.value("SELECT count(*)::text FROM account WHERE n_big IS DISTINCT FROM n");
    assert_eq!(differ, "0");

    // The lint's line, checked last so the proof above runs whatever it says.
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn set_not_null() {
    let db = fresh("set_not_null");
    let stmt = "ALTER TABLE account ALTER COLUMN n SET NOT NULL";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::SetNotNull);

    // The hazard: a scan of the whole table, under ACCESS EXCLUSIVE.
    let obs = db.session();
    let s = db.session();
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "account");
    s.run(stmt);
    assert_eq!(
        xact_seq_scans(&s, "account"),
        scans + 1,
        "{stmt} scans the table"
    );
    let held = lock_modes(&obs, &s.pid, "account", true);
    assert_holds(&held, "AccessExclusiveLock", stmt);
    s.run("ROLLBACK");

    // The rule's line: a column added earlier in the same revision is no
    // exception on a table with rows. After the backfill, SET NOT NULL
    // still scans the whole table, under the lock the ADD COLUMN took.
    let sequence = [
        "ALTER TABLE account ADD COLUMN channel varchar(20)",
        "UPDATE account SET channel = 'web' WHERE channel IS NULL",
        "ALTER TABLE account ALTER COLUMN channel SET NOT NULL",
    ];
    s.run("BEGIN");
    s.run(sequence[0]);
    s.run(sequence[1]);
    let scans = xact_seq_scans(&s, "account");
    s.run(sequence[2]);
    assert_eq!(
        xact_seq_scans(&s, "account"),
        scans + 1,
        "SET NOT NULL of a column added in the transaction scans the table"
    );
    assert_holds(
        &lock_modes(&obs, &s.pid, "account", true),
        "AccessExclusiveLock",
        sequence[2],
    );
    s.run("ROLLBACK");
    let added_then_set = with_timeout(&format!("{};", sequence.join(";\n")));
    let linted = codes(SETUP, &added_then_set, PG, true).contains(&Code::SetNotNull);

    // The recipe. 1: the check NOT VALID: no scan.
    let add =
        "ALTER TABLE account ADD CONSTRAINT account_n_not_null CHECK (n IS NOT NULL) NOT VALID";
    let validate = "ALTER TABLE account VALIDATE CONSTRAINT account_n_not_null";
    let drop = "ALTER TABLE account DROP CONSTRAINT account_n_not_null";
    assert_clean(SETUP, &with_timeout(&format!("{add};")), PG, true);
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "account");
    s.run(add);
    assert_eq!(xact_seq_scans(&s, "account"), scans, "{add} must not scan");
    s.run("COMMIT");

    // 2, in a later revision: VALIDATE scans, but under SHARE UPDATE
    // EXCLUSIVE: reads and writes go on.
    let after_add = format!("{SETUP}\n{add};");
    assert_clean(&after_add, &format!("{validate};"), PG, true);
    s.run("BEGIN");
    s.run(validate);
    let held = lock_modes(&obs, &s.pid, "account", true);
    assert_writes_go_on(&held, validate);
    assert_ok(
        probe(
            &db,
            "INSERT INTO account VALUES (5001, 'v@example.org', 1, 1, 'v')",
        ),
        "an INSERT while VALIDATE runs",
    );
    s.run("COMMIT");

    // 3: SET NOT NULL uses the validated check instead of scanning; then
    // the check can go.
    let after_validate = format!("{after_add}\n{validate};");
    assert_clean(
        &after_validate,
        &with_timeout(&format!("{stmt};\n{drop};")),
        PG,
        true,
    );
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "account");
    s.run(stmt);
    assert_eq!(
        xact_seq_scans(&s, "account"),
        scans,
        "{stmt} after the validated check must not scan"
    );
    s.run(drop);
    s.run("COMMIT");
    assert_sqlstate(
        s.try_run("INSERT INTO account VALUES (5002, 'w@example.org', NULL, 1, 'w')"),
        "23502",
        "the column is NOT NULL now",
    );

    // The lint's line, checked last so the proof above runs whatever it says.
    assert!(
        linted,
        "the lint does not flag the SET NOT NULL of\n{added_then_set}"
    );
}

// ---------------------------------------------------------------------------
// Constraints
// ---------------------------------------------------------------------------

#[test]
fn add_foreign_key() {
    let db = fresh("add_foreign_key");
    let stmt = "ALTER TABLE invoice ADD CONSTRAINT invoice_account_fk FOREIGN KEY (account_id) REFERENCES account (id)";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::AddForeignKey);

    // The rule's line against the server's: flagged exactly when the rows
    // are checked while writes to both tables are locked out.
    let cases = [
        (vec![stmt.to_string()], true),
        (vec![format!("{stmt} NOT VALID")], false),
        // VALIDATE in the same transaction checks the rows while the
        // SHARE ROW EXCLUSIVE locks of the ADD are still held.
        (
            vec![
                format!("{stmt} NOT VALID"),
                "ALTER TABLE invoice VALIDATE CONSTRAINT invoice_account_fk".to_string(),
            ],
            true,
        ),
        // A new column is all NULL: nothing to check.
        (
            vec![
                "ALTER TABLE invoice ADD COLUMN account_ref bigint REFERENCES account (id)"
                    .to_string(),
            ],
            false,
        ),
    ];
    let obs = db.session();
    let s = db.session();
    let mut wrong = Vec::new();
    for (statements, flagged) in &cases {
        let sql = format!("{};", statements.join(";\n"));
        let linted = codes(SETUP, &sql, PG, true).contains(&Code::AddForeignKey);
        s.run("BEGIN");
        let scans = xact_seq_scans(&s, "invoice");
        for st in statements {
            assert_ok(s.try_run(st), st);
        }
        let checked = xact_seq_scans(&s, "invoice") > scans;
        let locked = ["invoice", "account"].iter().all(|t| {
            lock_modes(&obs, &s.pid, t, true)
                .iter()
                .any(|m| BLOCKS_WRITES.contains(&m.as_str()))
        });
        s.run("ROLLBACK");
        let hazard = checked && locked;
        if linted != *flagged {
            wrong.push(format!(
                "{sql}\n  the lint says {linted}, expected {flagged}"
            ));
        }
        if hazard != *flagged {
            wrong.push(format!(
                "{sql}\n  the server: rows checked {checked}, writes to both tables locked {locked}"
            ));
        }
    }

    // The hazard: SHARE ROW EXCLUSIVE on both tables while every row is
    // checked: writes to both wait.
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "invoice");
    s.run(stmt);
    assert!(
        xact_seq_scans(&s, "invoice") > scans,
        "{stmt} reads every invoice"
    );
    for table in ["invoice", "account"] {
        let held = lock_modes(&obs, &s.pid, table, true);
        assert_holds(
            &held,
            "ShareRowExclusiveLock",
            &format!("{stmt} on {table}"),
        );
    }
    assert_lock_timeout(
        probe(
            &db,
            "INSERT INTO account VALUES (5001, 'f@example.org', 1, 1, 'f')",
        ),
        "an INSERT into the referenced table",
    );
    assert_lock_timeout(
        probe(&db, "INSERT INTO invoice VALUES (9001, 1, 1)"),
        "an INSERT into the referencing table",
    );
    s.run("ROLLBACK");

    // The recipe. 1: NOT VALID: no rows read.
    let add = format!("{stmt} NOT VALID");
    let validate = "ALTER TABLE invoice VALIDATE CONSTRAINT invoice_account_fk";
    assert_clean(SETUP, &format!("{add};"), PG, true);
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "invoice");
    s.run(&add);
    assert_eq!(xact_seq_scans(&s, "invoice"), scans, "{add} must not scan");
    s.run("COMMIT");

    // 2, in a later revision: VALIDATE reads every row under locks that
    // let writes to both tables go on.
    assert_clean(
        &format!("{SETUP}\n{add};"),
        &format!("{validate};"),
        PG,
        true,
    );
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "invoice");
    s.run(validate);
    assert!(
        xact_seq_scans(&s, "invoice") > scans,
        "VALIDATE checks the rows"
    );
    for table in ["invoice", "account"] {
        let held = lock_modes(&obs, &s.pid, table, true);
        assert_writes_go_on(&held, &format!("{validate} on {table}"));
    }
    assert_ok(
        probe(
            &db,
            "INSERT INTO account VALUES (5002, 'g@example.org', 1, 1, 'g')",
        ),
        "an INSERT into the referenced table while VALIDATE runs",
    );
    assert_ok(
        probe(&db, "INSERT INTO invoice VALUES (9002, 1, 1)"),
        "an INSERT into the referencing table while VALIDATE runs",
    );
    s.run("COMMIT");
    let valid = s
        .value("SELECT convalidated::text FROM pg_constraint WHERE conname = 'invoice_account_fk'");
    assert_eq!(valid, "true");

    // The lint's line, checked last so the proof above runs whatever it says.
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn add_check() {
    let db = fresh("add_check");
    let stmt = "ALTER TABLE account ADD CONSTRAINT account_price_positive CHECK (price > 0)";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::AddCheck);

    // The rule's line against the server's: flagged exactly when the table
    // is scanned under ACCESS EXCLUSIVE.
    let cases = [
        (vec![stmt.to_string()], true),
        (vec![format!("{stmt} NOT VALID")], false),
        // VALIDATE in the same transaction scans under the ACCESS
        // EXCLUSIVE lock the ADD took.
        (
            vec![
                format!("{stmt} NOT VALID"),
                "ALTER TABLE account VALIDATE CONSTRAINT account_price_positive".to_string(),
            ],
            true,
        ),
        // A column's own CHECK is verified against every row too.
        (
            vec!["ALTER TABLE account ADD COLUMN priority int NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 9)".to_string()],
            true,
        ),
        (
            vec!["ALTER TABLE account ADD COLUMN priority int NOT NULL DEFAULT 0".to_string()],
            false,
        ),
    ];
    let obs = db.session();
    let s = db.session();
    let mut wrong = Vec::new();
    for (statements, flagged) in &cases {
        let sql = format!("{};", statements.join(";\n"));
        let linted = codes(SETUP, &sql, PG, true).contains(&Code::AddCheck);
        s.run("BEGIN");
        let scans = xact_seq_scans(&s, "account");
        for st in statements {
            assert_ok(s.try_run(st), st);
        }
        let scanned = xact_seq_scans(&s, "account") > scans;
        let locked = lock_modes(&obs, &s.pid, "account", true).contains(BLOCKS_READS);
        s.run("ROLLBACK");
        let hazard = scanned && locked;
        if linted != *flagged {
            wrong.push(format!(
                "{sql}\n  the lint says {linted}, expected {flagged}"
            ));
        }
        if hazard != *flagged {
            wrong.push(format!(
                "{sql}\n  the server: scanned {scanned}, under ACCESS EXCLUSIVE {locked}"
            ));
        }
    }

    // The hazard: every row read under ACCESS EXCLUSIVE; reads wait.
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "account");
    s.run(stmt);
    assert_eq!(
        xact_seq_scans(&s, "account"),
        scans + 1,
        "{stmt} scans the table"
    );
    let held = lock_modes(&obs, &s.pid, "account", true);
    assert_holds(&held, "AccessExclusiveLock", stmt);
    assert_lock_timeout(
        probe(&db, "SELECT count(*)::text FROM account"),
        "a SELECT while the check is verified",
    );
    s.run("ROLLBACK");

    // The recipe. 1: NOT VALID: no scan.
    let add = format!("{stmt} NOT VALID");
    let validate = "ALTER TABLE account VALIDATE CONSTRAINT account_price_positive";
    assert_clean(SETUP, &with_timeout(&format!("{add};")), PG, true);
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "account");
    s.run(&add);
    assert_eq!(xact_seq_scans(&s, "account"), scans, "{add} must not scan");
    s.run("COMMIT");

    // 2, in a later revision: VALIDATE scans under SHARE UPDATE EXCLUSIVE.
    assert_clean(
        &format!("{SETUP}\n{add};"),
        &format!("{validate};"),
        PG,
        true,
    );
    s.run("BEGIN");
    let scans = xact_seq_scans(&s, "account");
    s.run(validate);
    assert_eq!(
        xact_seq_scans(&s, "account"),
        scans + 1,
        "VALIDATE checks the rows"
    );
    let held = lock_modes(&obs, &s.pid, "account", true);
    assert_eq!(held, set(&["ShareUpdateExclusiveLock"]), "{validate}");
    assert_ok(
        probe(&db, "SELECT count(*)::text FROM account"),
        "a SELECT while VALIDATE runs",
    );
    assert_ok(
        probe(
            &db,
            "INSERT INTO account VALUES (5001, 'c@example.org', 1, 1, 'c')",
        ),
        "an INSERT while VALIDATE runs",
    );
    s.run("COMMIT");

    // The lint's line, checked last so the proof above runs whatever it says.
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------
// Renames: the application still running during the deploy
// ---------------------------------------------------------------------------

/// What the application deployed before the migration runs.
const OLD_APP_READ: &str = "SELECT email FROM account WHERE id = 1";

#[test]
fn rename_column() {
    let db = fresh("rename_column");
    let stmt = "ALTER TABLE account RENAME COLUMN email TO mail";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::RenameColumn);

    // The hazard: the old application's queries fail once it commits.
    let s = db.session();
    assert_ok(s.try_run(OLD_APP_READ), "the old application before");
    s.run(stmt);
    assert_sqlstate(
        s.try_run(OLD_APP_READ),
        "42703",
        "the old application after",
    );
    s.run("ALTER TABLE account RENAME COLUMN mail TO email");

    // The recipe, expand and contract: the new column beside the old one,
    // backfilled; both applications work.
    let recipe = [
        "ALTER TABLE account ADD COLUMN mail varchar(50)",
        "UPDATE account SET mail = email WHERE mail IS NULL",
    ];
    assert_clean(
        SETUP,
        &with_timeout(&format!("{};", recipe.join(";\n"))),
        PG,
        true,
    );
    for stmt in recipe {
        s.run(stmt);
    }
    assert_ok(s.try_run(OLD_APP_READ), "the old application");
    assert_ok(
        s.try_run("SELECT mail FROM account WHERE id = 1"),
        "the new application",
    );
}

#[test]
fn rename_table() {
    let db = fresh("rename_table");
    let stmt = "ALTER TABLE account RENAME TO customer";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::RenameTable);

    // The hazard: the old application's queries fail once it commits.
    let s = db.session();
    assert_ok(s.try_run(OLD_APP_READ), "the old application before");
    s.run(stmt);
    assert_sqlstate(
        s.try_run(OLD_APP_READ),
        "42P01",
        "the old application after",
    );
    s.run("ALTER TABLE customer RENAME TO account");

    // The recipe: rename, and a view under the old name, in one
    // transaction; the old application reads and writes through it.
    let view = "CREATE VIEW account AS SELECT * FROM customer";
    s.run("BEGIN");
    s.run(stmt);
    s.run(view);
    s.run("COMMIT");
    assert_ok(s.try_run(OLD_APP_READ), "the old application reading");
    assert_ok(
        s.try_run("INSERT INTO account (id, email) VALUES (5001, 'old@example.org')"),
        "the old application writing",
    );
    assert_ok(
        s.try_run("UPDATE account SET note = 'seen' WHERE id = 5001"),
        "the old application updating",
    );
    let landed = s.value("SELECT note FROM customer WHERE id = 5001");
    assert_eq!(landed, "seen", "writes through the view reach the table");
    // The lint must accept the recipe it recommends.
    assert_clean(SETUP, &with_timeout(&format!("{stmt};\n{view};")), PG, true);
}

// ---------------------------------------------------------------------------
// Drops: the data
// ---------------------------------------------------------------------------

#[test]
fn drop_column() {
    let db = fresh("drop_column");
    let stmt = "ALTER TABLE account DROP COLUMN price";
    let down = "ALTER TABLE account ADD COLUMN price numeric(10,2)";
    let prices = "SELECT coalesce(string_agg(price::text, ',' ORDER BY id), '') FROM account";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::DropColumn);

    // The hazard: the values are gone; the downgrade brings an empty column.
    let s = db.session();
    let original = s.value(prices);
    assert!(!original.is_empty());
    s.run(stmt);
    assert_sqlstate(
        s.try_run("SELECT price FROM account"),
        "42703",
        "code still reading the column",
    );
    s.run(down);
    assert_eq!(s.value(prices), "", "the downgrade brings no value back");
    s.run("UPDATE account SET price = id * 1.5");

    // The recipe: keep a copy, drop knowingly; the values can come back.
    let recipe = "CREATE TABLE account_price_archive AS SELECT id, price FROM account;
-- lint: allow drop-column
ALTER TABLE account DROP COLUMN price;";
    assert_clean(SETUP, &with_timeout(recipe), PG, true);
    s.run(recipe);
    s.run(down);
    s.run("UPDATE account a SET price = r.price FROM account_price_archive r WHERE r.id = a.id");
    assert_eq!(
        s.value(prices),
        original,
        "the copy brings every value back"
    );
}

#[test]
fn drop_table() {
    let db = fresh("drop_table");
    let stmt = "DROP TABLE invoice";
    let down = "CREATE TABLE invoice (
        id bigint PRIMARY KEY, account_id bigint NOT NULL, total numeric(10,2) NOT NULL)";
    let rows = "SELECT count(*)::text || '/' || coalesce(sum(total), 0)::text FROM invoice";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::DropTable);

    // The hazard: the rows are gone; the downgrade brings an empty table.
    let s = db.session();
    let original = s.value(rows);
    assert_eq!(original, "2000/2001000.00");
    s.run(stmt);
    assert_sqlstate(s.try_run(rows), "42P01", "code still using the table");
    s.run(down);
    assert_eq!(s.value(rows), "0/0", "the downgrade brings no row back");
    s.run("INSERT INTO invoice SELECT g, (g % 1000) + 1, g FROM generate_series(1, 2000) g");

    // The recipe: keep a copy, drop knowingly; the rows can come back.
    let recipe = "CREATE TABLE invoice_archived AS SELECT * FROM invoice;
-- lint: allow drop-table
DROP TABLE invoice;";
    assert_clean(SETUP, &with_timeout(recipe), PG, true);
    s.run(recipe);
    s.run(down);
    s.run("INSERT INTO invoice SELECT * FROM invoice_archived");
    assert_eq!(s.value(rows), original, "the copy brings every row back");
}

// ---------------------------------------------------------------------------
// Lock timeout
// ---------------------------------------------------------------------------

#[test]
fn missing_lock_timeout() {
    let db = fresh("missing_lock_timeout");
    let stmt = "ALTER TABLE account ADD COLUMN region text";
    assert_flags(SETUP, &format!("{stmt};"), PG, Code::MissingLockTimeout);
    let obs = db.session();
    let read = "SELECT count(*)::text FROM account";

    // The hazard: behind one open transaction that read the table, the
    // ALTER waits for its ACCESS EXCLUSIVE lock, and the application's next
    // SELECT queues behind the ALTER.
    let long = db.session();
    long.run("BEGIN");
    long.run(read);
    let migration = db.session();
    let alter = migration.start(stmt);
    wait_until_waiting(&obs, &migration.pid, stmt);
    assert_eq!(
        lock_modes(&obs, &migration.pid, "account", false),
        set(&["AccessExclusiveLock"]),
        "the ALTER waits for its lock"
    );
    let app = db.session();
    let mut queued = app.start(read);
    wait_until_waiting(&obs, &app.pid, "the application's SELECT");
    assert_eq!(
        lock_modes(&obs, &app.pid, "account", false),
        set(&["AccessShareLock"]),
        "the application's SELECT queues behind the ALTER"
    );
    assert!(
        !queued.finished_within(Duration::from_millis(300)),
        "the SELECT must still wait"
    );
    long.run("COMMIT");
    assert_ok(alter.wait(), stmt);
    assert_ok(queued.wait(), "the queued SELECT");

    // The recipe: with a lock_timeout the ALTER gives up quickly, and the
    // application's reads go on meanwhile.
    let recipe = "ALTER TABLE account ADD COLUMN zone text";
    assert_clean(SETUP, &with_timeout(&format!("{recipe};")), PG, true);
    long.run("BEGIN");
    long.run(read);
    migration.run(&format!("SET lock_timeout = '{PROBE_TIMEOUT}'"));
    let started = Instant::now();
    assert_lock_timeout(migration.try_run(recipe), "the ALTER with a lock_timeout");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the ALTER gave up after {:?}",
        started.elapsed()
    );
    let mut read_now = app.start(read);
    assert!(
        read_now.finished_within(Duration::from_secs(10)),
        "the application's SELECT runs while the long transaction is open"
    );
    assert_ok(read_now.wait(), "the SELECT");

    // The same through the runner, with the header instead of SET: the
    // lint accepts it and the runner applies the timeout.
    let up = format!("{recipe};");
    let without = graph(vec![revision("0ff000000001", "base", "", &up)]);
    assert_eq!(graph_codes(&without, PG), [Code::MissingLockTimeout]);
    let with = graph(vec![revision(
        "0ff000000002",
        "base",
        &format!("-- lock-timeout: {PROBE_TIMEOUT}"),
        &up,
    )]);
    assert_eq!(graph_codes(&with, PG), [], "the header satisfies the rule");
    let started = Instant::now();
    let err = Migrator::new(with.clone())
        .run_blocking(&db.url)
        .expect_err("the revision must time out while the long transaction is open");
    assert!(
        err.to_string().contains("lock timeout"),
        "the runner's error: {err}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    long.run("COMMIT");
    Migrator::new(with)
        .run_blocking(&db.url)
        .unwrap_or_else(|e| panic!("once the transaction is gone the revision runs: {e}"));
}

// ---------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------

const SQLITE_SETUP: &str = "
CREATE TABLE account (
    id integer PRIMARY KEY,
    email varchar(50) NOT NULL UNIQUE,
    n int CHECK (n >= 0),
    price numeric(10,2),
    note text,
    CONSTRAINT account_price_positive CHECK (price > 0)
);
CREATE TABLE invoice (
    id integer PRIMARY KEY,
    account_id integer NOT NULL REFERENCES account (id),
    total numeric(10,2) NOT NULL,
    memo text,
    ref integer,
    FOREIGN KEY (ref) REFERENCES account (id)
);
CREATE INDEX invoice_memo_idx ON invoice (memo);
INSERT INTO account VALUES (1, 'a@example.org', 1, 1.5, 'a'), (2, 'b@example.org', 2, 3.0, NULL);
INSERT INTO invoice VALUES (1, 1, 10, 'first', 2), (2, 2, 20, NULL, NULL);
";

#[test]
fn sqlite_needs_rebuild() {
    const SQ: Dialect = Dialect::Sqlite;
    let db = TestDb::sqlite("needs_rebuild");
    let s = db.session();
    s.run(SQLITE_SETUP);
    // (statement, flagged): each side of the rule's line against SQLite.
    let cases = [
        ("ALTER TABLE account ALTER COLUMN note SET NOT NULL", true),
        ("ALTER TABLE account ADD COLUMN plan text NOT NULL", true),
        ("ALTER TABLE account ADD COLUMN code text UNIQUE", true),
        (
            "ALTER TABLE account ADD COLUMN uid integer PRIMARY KEY",
            true,
        ),
        (
            "ALTER TABLE account ADD COLUMN created text DEFAULT CURRENT_TIMESTAMP",
            true,
        ),
        (
            "ALTER TABLE account ADD COLUMN two int DEFAULT (1 + 1)",
            true,
        ),
        (
            "ALTER TABLE account ADD COLUMN doubled int GENERATED ALWAYS AS (n * 2) STORED",
            true,
        ),
        (
            "ALTER TABLE account ADD CONSTRAINT account_n_small CHECK (n < 1000000)",
            true,
        ),
        (
            "ALTER TABLE account DROP CONSTRAINT account_price_positive",
            true,
        ),
        ("ALTER TABLE account DROP COLUMN email", true),
        ("ALTER TABLE account DROP COLUMN id", true),
        ("ALTER TABLE account DROP COLUMN price", true),
        ("ALTER TABLE invoice DROP COLUMN memo", true),
        ("ALTER TABLE invoice DROP COLUMN ref", true),
        (
            "ALTER TABLE account ADD COLUMN plan text NOT NULL DEFAULT 'free'",
            false,
        ),
        ("ALTER TABLE account ADD COLUMN score int DEFAULT -1", false),
        ("ALTER TABLE account ADD COLUMN five int DEFAULT (5)", false),
        (
            "ALTER TABLE account ADD COLUMN checked int CHECK (checked > 0)",
            false,
        ),
        (
            "ALTER TABLE account ADD COLUMN parent_id integer REFERENCES account (id)",
            false,
        ),
        (
            "ALTER TABLE account ADD COLUMN tripled int GENERATED ALWAYS AS (n * 3) VIRTUAL",
            false,
        ),
        ("ALTER TABLE account DROP COLUMN note", false),
        // A column whose only CHECK is its own goes with its definition.
        ("ALTER TABLE account DROP COLUMN n", false),
        // So does a column-level REFERENCES.
        ("ALTER TABLE invoice DROP COLUMN account_id", false),
        ("ALTER TABLE account RENAME COLUMN note TO remark", false),
    ];
    let mut wrong = Vec::new();
    for (stmt, flagged) in cases {
        let linted =
            codes(SQLITE_SETUP, &format!("{stmt};"), SQ, true).contains(&Code::SqliteUnsupported);
        s.run("BEGIN");
        let result = s.try_run(stmt);
        s.run("ROLLBACK");
        if linted != flagged {
            wrong.push(format!(
                "{stmt}: the lint says {linted}, expected {flagged}"
            ));
        }
        match (&result, flagged) {
            (Ok(_), true) => wrong.push(format!("{stmt}: SQLite ran it")),
            (Err(e), false) => wrong.push(format!("{stmt}: SQLite refused it: {e}")),
            _ => {}
        }
    }
    let accounts = s.value("SELECT CAST(count(*) AS TEXT) FROM account");
    assert_eq!(accounts, "2");

    // The recipe: the table rebuild, through the real runner (foreign keys
    // off around the revision, checked before commit): the rows stay, the
    // invoices that reference them too, and the column is NOT NULL.
    let rebuild = "CREATE TABLE account_new (
    id integer PRIMARY KEY,
    email varchar(50) NOT NULL UNIQUE,
    n int CHECK (n >= 0),
    price numeric(10,2),
    note text NOT NULL DEFAULT '',
    CONSTRAINT account_price_positive CHECK (price > 0)
);
INSERT INTO account_new (id, email, n, price, note)
SELECT id, email, n, price, coalesce(note, '') FROM account;
DROP TABLE account;
ALTER TABLE account_new RENAME TO account;";
    assert_clean(SQLITE_SETUP, rebuild, SQ, true);
    let fresh = TestDb::sqlite("rebuild");
    let g = graph(vec![
        revision("5e1ec7000001", "base", "", SQLITE_SETUP),
        revision("5e1ec7000002", "5e1ec7000001", "", rebuild),
    ]);
    let rebuild_index = g.index_of("5e1ec7000002").expect("the rebuild revision");
    let report = lint::lint_graph(&g, &[rebuild_index], SQ, &Levels::default());
    let found: Vec<String> = report
        .reported()
        .map(|f| format!("{}: {}", f.code, f.message))
        .collect();
    assert!(found.is_empty(), "the lint flags the rebuild: {found:?}");
    Migrator::new(g)
        .run_blocking(&fresh.url)
        .unwrap_or_else(|e| panic!("the rebuild revision failed: {e}"));
    let f = fresh.session();
    assert_eq!(
        f.value("SELECT group_concat(id || ':' || note, ',') FROM account"),
        "1:a,2:"
    );
    assert_eq!(
        f.value("SELECT CAST(count(*) AS TEXT) FROM invoice"),
        "2",
        "no invoice was deleted by the rebuild"
    );
    assert!(
        f.try_run("INSERT INTO account (id, email, note) VALUES (3, 'c@example.org', NULL)")
            .is_err(),
        "note is NOT NULL after the rebuild"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
