//! Upgrades and downgrades that work: the version and history tables they
//! leave (issue 3, items 1-3 and 8), relative targets, branches,
//! irreversible revisions, other version tables (Alembic's among them),
//! bodies with semicolons inside, and the embedded SQLite default.

use std::path::Path;

use schema_e2e::{TestProject, rev};

use crate::support::{
    Backend, TestDb, chain_id, command, on_both, project_with, run_command, schema, schema_json,
    table_chain,
};

fn chain_project(count: usize) -> TestProject {
    table_chain(project_with(""), count).build()
}

fn ids(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(chain_id).collect()
}

fn t_tables(db: &TestDb) -> Vec<String> {
    db.tables()
        .into_iter()
        .filter(|t| t.starts_with("t_"))
        .collect()
}

on_both!(
    upgrade_and_downgrade_record_every_step,
    relative_targets_move_exactly_n_steps,
    branches_upgrade_and_downgrade_independently,
    irreversible_revision_refuses_a_downgrade_past_it,
    configured_version_table_is_used,
    existing_alembic_version_table_is_read_as_is,
);

fn upgrade_and_downgrade_record_every_step(backend: Backend) {
    let db = TestDb::new(backend, "ud_record_every_step");
    let p = chain_project(3);
    let head = chain_id(3);

    schema(&p, &db, &["current"]).success().mentions("<base>");
    schema(&p, &db, &["upgrade", "head"])
        .success()
        .mentions(&format!("now at {head} (head)"));
    assert_eq!(db.versions(), [head.as_str()], "one row: the head");
    assert_eq!(t_tables(&db), ["t_1", "t_2", "t_3"]);

    let history = db.history();
    assert_eq!(history.len(), 3, "{history:#?}");
    for (row, id) in history.iter().zip(ids(1..=3)) {
        assert_eq!(
            (row.revision.as_str(), row.direction.as_str()),
            (id.as_str(), "up")
        );
        assert!(row.finished, "{row:?}");
        let checksum = row.checksum.as_deref().unwrap_or_default();
        assert!(
            checksum.len() == 64 && checksum.bytes().all(|b| b.is_ascii_hexdigit()),
            "a SHA-256 checksum: {row:?}"
        );
        assert!(row.duration_ms.is_some_and(|d| d >= 0), "{row:?}");
        assert!(!row.tool_version.is_empty(), "{row:?}");
        if backend == Backend::Postgres {
            assert_eq!(row.db_user.as_deref(), Some("postgres"), "{row:?}");
        }
    }

    let current = schema_json(&p, &db, &["current"]);
    assert_eq!(
        current["current"][0]["revision"],
        head.as_str(),
        "{current:#}"
    );
    assert_eq!(current["current"][0]["is_head"], true, "{current:#}");
    schema(&p, &db, &["upgrade", "head"])
        .success()
        .mentions("nothing to upgrade");
    assert_eq!(db.history().len(), 3, "a no-op upgrade writes no history");

    schema(&p, &db, &["downgrade", "-1"]).success();
    assert_eq!(db.versions(), [chain_id(2)]);
    assert_eq!(t_tables(&db), ["t_1", "t_2"]);
    let last = db.history().pop().expect("a history row");
    assert_eq!(
        (last.revision.as_str(), last.direction.as_str()),
        (head.as_str(), "down")
    );
    assert!(last.finished);

    schema(&p, &db, &["downgrade", "base"]).success();
    assert!(db.versions().is_empty(), "base: no rows");
    assert!(t_tables(&db).is_empty());
    let downs: Vec<String> = db
        .history()
        .into_iter()
        .filter(|r| r.direction == "down")
        .map(|r| r.revision)
        .collect();
    assert_eq!(downs, [chain_id(3), chain_id(2), chain_id(1)]);

    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions(), [head]);
    assert_eq!(t_tables(&db), ["t_1", "t_2", "t_3"]);
}

/// `+N` and `-N` move exactly N revisions, once, from where the run starts
/// (SQLite runs used to re-resolve them after every step: fixed in 6b40b81).
fn relative_targets_move_exactly_n_steps(backend: Backend) {
    let db = TestDb::new(backend, "ud_relative");
    let p = chain_project(4);
    schema(&p, &db, &["upgrade", "+1"]).success();
    assert_eq!(db.versions(), [chain_id(1)], "upgrade +1 from base");
    schema(&p, &db, &["upgrade", "+2"]).success();
    assert_eq!(db.versions(), [chain_id(3)], "upgrade +2 from 1");
    schema(&p, &db, &["downgrade", "-1"]).success();
    assert_eq!(db.versions(), [chain_id(2)], "downgrade -1 from 3");
    assert_eq!(t_tables(&db), ["t_1", "t_2"]);
    let rel = format!("{}+1", chain_id(2));
    schema(&p, &db, &["upgrade", &rel]).success();
    assert_eq!(db.versions(), [chain_id(3)], "REV+1");
}

const MAIN_A: &str = "a1a1a1a1a1a1";
const MAIN_B: &str = "b2b2b2b2b2b2";
const BILL_P: &str = "c3c3c3c3c3c3";
const BILL_Q: &str = "d4d4d4d4d4d4";

/// `main: A -> B` and, from base, `billing: P -> Q`; two heads.
fn two_branches() -> TestProject {
    project_with("")
        .migration(
            &format!("{MAIN_A}_a.sql"),
            rev(MAIN_A, "base")
                .message("a")
                .up("CREATE TABLE a (id INTEGER);")
                .down("DROP TABLE a;")
                .text(),
        )
        .migration(
            &format!("{MAIN_B}_b.sql"),
            rev(MAIN_B, MAIN_A)
                .message("b")
                .up("CREATE TABLE b (id INTEGER);")
                .down("DROP TABLE b;")
                .text(),
        )
        .migration(
            &format!("{BILL_P}_p.sql"),
            rev(BILL_P, "base")
                .message("p")
                .labels("billing")
                .up("CREATE TABLE p (id INTEGER);")
                .down("DROP TABLE p;")
                .text(),
        )
        .migration(
            &format!("{BILL_Q}_q.sql"),
            rev(BILL_Q, BILL_P)
                .message("q")
                .up("CREATE TABLE q (id INTEGER);")
                .down("DROP TABLE q;")
                .text(),
        )
        .build()
}

fn branches_upgrade_and_downgrade_independently(backend: Backend) {
    let db = TestDb::new(backend, "ud_branches");
    let p = two_branches();
    let user_tables = |db: &TestDb| {
        db.tables()
            .into_iter()
            .filter(|t| t.len() == 1)
            .collect::<Vec<_>>()
    };

    schema(&p, &db, &["upgrade", "head"])
        .code(2)
        .mentions("multiple head");
    assert!(user_tables(&db).is_empty(), "a refused `head` runs nothing");

    schema(&p, &db, &["upgrade", "heads"]).success();
    assert_eq!(db.versions(), [MAIN_B, BILL_Q], "one row per head");
    assert_eq!(user_tables(&db), ["a", "b", "p", "q"]);

    schema(&p, &db, &["downgrade", "billing@base"]).success();
    assert_eq!(db.versions(), [MAIN_B], "only the billing branch went");
    assert_eq!(user_tables(&db), ["a", "b"]);

    schema(&p, &db, &["upgrade", "billing@head"]).success();
    assert_eq!(db.versions(), [MAIN_B, BILL_Q]);
    let current = schema(&p, &db, &["current"]).success();
    assert!(
        current.stdout.contains(MAIN_B) && current.stdout.contains(BILL_Q),
        "current lists both heads\n{current}"
    );
}

fn irreversible_revision_refuses_a_downgrade_past_it(backend: Backend) {
    let db = TestDb::new(backend, "ud_irreversible");
    let (a, b, c) = (chain_id(1), chain_id(2), chain_id(3));
    let p = project_with("")
        .migration(
            &format!("{a}_a.sql"),
            rev(&a, "base")
                .message("a")
                .up("CREATE TABLE t_1 (id INTEGER);")
                .down("DROP TABLE t_1;")
                .text(),
        )
        .migration(
            &format!("{b}_b.sql"),
            rev(&b, &a)
                .message("drop data for good")
                .up("CREATE TABLE t_2 (id INTEGER);")
                .irreversible()
                .text(),
        )
        .migration(
            &format!("{c}_c.sql"),
            rev(&c, &b)
                .message("c")
                .up("CREATE TABLE t_3 (id INTEGER);")
                .down("DROP TABLE t_3;")
                .text(),
        )
        .build();
    schema(&p, &db, &["upgrade", "head"]).success();
    let history_before = db.history();

    let refused = schema(&p, &db, &["downgrade", "base"])
        .code(2)
        .mentions(&b)
        .mentions("irreversible");
    assert!(
        !refused.stderr.contains("Running"),
        "nothing ran\n{refused}"
    );
    assert_eq!(db.versions(), [c.as_str()], "nothing was downgraded");
    assert_eq!(t_tables(&db), ["t_1", "t_2", "t_3"]);
    assert_eq!(db.history(), history_before, "no history written");

    // Down to the irreversible revision itself is fine.
    schema(&p, &db, &["downgrade", &b]).success();
    assert_eq!(db.versions(), [b]);
    assert_eq!(t_tables(&db), ["t_1", "t_2"]);
}

fn configured_version_table_is_used(backend: Backend) {
    let db = TestDb::new(backend, "ud_version_table");
    let p = table_chain(project_with("version-table = \"ops_version\""), 2).build();
    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions_in("ops_version"), [chain_id(2)]);
    assert_eq!(db.history_in("ops_history").len(), 2);
    assert!(!db.has_table("schema_version") && !db.has_table("schema_history"));
    schema(&p, &db, &["check"]).success();
}

/// A database Alembic managed: its `alembic_version` table, created the way
/// Alembic creates it, is read and updated in place.
fn existing_alembic_version_table_is_read_as_is(backend: Backend) {
    let db = TestDb::new(backend, "ud_alembic");
    let p = table_chain(project_with("version-table = \"alembic_version\""), 3).build();
    db.execute(&format!(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, \
         CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n\
         INSERT INTO alembic_version (version_num) VALUES ('{}');\n\
         CREATE TABLE t_1 (id INTEGER PRIMARY KEY);",
        chain_id(1)
    ));

    let current = schema(&p, &db, &["current"]).success();
    assert_eq!(current.stdout.trim(), chain_id(1), "{current}");

    schema(&p, &db, &["upgrade", "head"])
        .success()
        .mentions(&format!(
            "upgrade 2 revisions: {} … {}",
            chain_id(2),
            chain_id(3)
        ));
    assert_eq!(db.versions_in("alembic_version"), [chain_id(3)]);
    assert_eq!(t_tables(&db), ["t_1", "t_2", "t_3"]);
    assert!(!db.has_table("schema_version"), "no second version table");
    if backend == Backend::Postgres {
        let kept = db.column(
            "SELECT CAST(conname AS TEXT) FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass",
        );
        assert_eq!(
            kept,
            [Some("alembic_version_pkc".to_string())],
            "Alembic's table kept as is"
        );
    }
    let current = schema(&p, &db, &["current"]).success();
    assert_eq!(current.stdout.trim(), format!("{} (head)", chain_id(3)));
}

/// PostgreSQL bodies with semicolons inside: a plpgsql function, a DO
/// block, string literals, comments.
#[test]
fn postgres_function_do_block_and_semicolons_in_strings() {
    let db = TestDb::new(Backend::Postgres, "ud_pg_bodies");
    let id = chain_id(1);
    let up = r#"
CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL, touched int NOT NULL DEFAULT 0);
-- a comment; with a semicolon
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.touched := NEW.touched + 1;
    IF NEW.body = '' THEN
        RAISE EXCEPTION 'empty; body';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER notes_touch BEFORE INSERT OR UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
DO $do$
DECLARE
    i int;
BEGIN
    FOR i IN 1..3 LOOP
        INSERT INTO notes (body) VALUES ('from do; #' || i);
    END LOOP;
END
$do$;
INSERT INTO notes (body) VALUES ('a;b'), (E'c\';d'), ($q$e;f$q$);
/* a block comment; with a semicolon */
CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;
"#;
    let down = "DROP FUNCTION two();\nDROP TABLE notes;\nDROP FUNCTION touch();";
    let p = project_with("")
        .migration(
            &format!("{id}_bodies.sql"),
            rev(&id, "base").message("bodies").up(up).down(down).text(),
        )
        .build();
    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions(), [id]);
    let bodies: Vec<Option<String>> = db.column("SELECT body FROM notes ORDER BY id");
    let bodies: Vec<&str> = bodies
        .iter()
        .map(|b| b.as_deref().unwrap_or("NULL"))
        .collect();
    assert_eq!(
        bodies,
        [
            "from do; #1",
            "from do; #2",
            "from do; #3",
            "a;b",
            "c';d",
            "e;f"
        ]
    );
    assert_eq!(
        db.int("SELECT CAST(min(touched) AS BIGINT) FROM notes"),
        1,
        "the trigger fired"
    );
    assert_eq!(db.int("SELECT CAST(two() AS BIGINT)"), 2);
    schema(&p, &db, &["downgrade", "base"]).success();
    assert!(!db.has_table("notes"));
}

/// SQLite bodies with semicolons inside: a trigger's BEGIN … END, string
/// literals, comments.
#[test]
fn sqlite_trigger_and_semicolons_in_strings() {
    let db = TestDb::new(Backend::Sqlite, "ud_sqlite_bodies");
    let id = chain_id(1);
    let up = r#"
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE audit (note_id INTEGER, what TEXT);
-- a comment; with a semicolon
CREATE TRIGGER notes_audit AFTER INSERT ON notes
BEGIN
    INSERT INTO audit (note_id, what) VALUES (NEW.id, 'insert; ' || CASE WHEN NEW.body = '' THEN 'empty' ELSE 'full' END);
    UPDATE notes SET body = body || ';' WHERE id = NEW.id;
END;
INSERT INTO notes (body) VALUES ('a;b'), ('it''s; fine');
/* a block comment; with a semicolon */
"#;
    let p = project_with("")
        .migration(
            &format!("{id}_bodies.sql"),
            rev(&id, "base")
                .message("bodies")
                .up(up)
                .down("DROP TRIGGER notes_audit;\nDROP TABLE audit;\nDROP TABLE notes;")
                .text(),
        )
        .build();
    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions(), [id]);
    let bodies: Vec<Option<String>> = db.column("SELECT body FROM notes ORDER BY id");
    assert_eq!(
        bodies,
        [Some("a;b;".to_string()), Some("it's; fine;".to_string())]
    );
    let audit: Vec<Option<String>> = db.column("SELECT what FROM audit ORDER BY note_id");
    assert_eq!(
        audit,
        [
            Some("insert; full".to_string()),
            Some("insert; full".to_string())
        ]
    );
    schema(&p, &db, &["downgrade", "base"]).success();
    assert!(!db.has_table("notes"));
}

/// With no URL anywhere, commands use `target/schema/dev.sqlite` under the
/// project's target directory and say so on stderr.
#[test]
fn embedded_default_is_a_sqlite_file_under_target() {
    let p = table_chain(project_with(""), 2).build();
    let file = p.path("target/schema/dev.sqlite");

    let up = run_command(command(&p, ["upgrade", "head"])).success();
    assert!(
        up.stderr.contains("target/schema/dev.sqlite") && up.stderr.contains("embedded default"),
        "announced on stderr\n{up}"
    );
    assert!(file.is_file(), "{} was created\n{up}", file.display());
    assert_eq!(versions_in_file(&file), [chain_id(2)]);

    let current = run_command(command(&p, ["current"])).success();
    assert_eq!(current.stdout.trim(), format!("{} (head)", chain_id(2)));
    assert!(
        current.stderr.contains("target/schema/dev.sqlite"),
        "{current}"
    );

    // The target directory is cargo's: CARGO_TARGET_DIR moves it.
    let elsewhere = tempfile::tempdir().expect("a temp dir");
    let mut cmd = command(&p, ["upgrade", "+1"]);
    cmd.env("CARGO_TARGET_DIR", elsewhere.path());
    let moved = run_command(cmd).success();
    let moved_file = elsewhere.path().join("schema/dev.sqlite");
    assert!(moved_file.is_file(), "{moved}");
    assert!(
        moved.stderr.contains(&*moved_file.to_string_lossy()),
        "names the file it uses\n{moved}"
    );
    assert_eq!(versions_in_file(&moved_file), [chain_id(1)]);
    assert_eq!(
        versions_in_file(&file),
        [chain_id(2)],
        "the first one untouched"
    );
}

fn versions_in_file(path: &Path) -> Vec<String> {
    let db = crate::support::Session::connect(&format!("sqlite://{}", path.display()))
        .column("SELECT version_num FROM schema_version ORDER BY 1");
    db.into_iter().flatten().collect()
}
