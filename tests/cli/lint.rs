//! `cargo schema lint` without a database (`--all`, named revisions), its
//! configuration, and the findings autogenerate writes into a revision.
//! The default (the revisions not yet applied), `check`, `status` and the
//! protected-environment gate run against real databases in tests/db.

use schema_e2e::{AssertExt, ProjectBuilder, assert_snapshot, project, rev};

const BASE: &str = "1a0000000001";
const CHANGE: &str = "1a0000000002";

/// A PostgreSQL project: `users` in the base revision, then a revision
/// that indexes it, drops a column (accepted) and renames one.
fn hazards(extra_metadata: &str) -> ProjectBuilder {
    project()
        .metadata(&format!("dialect = \"postgres\"\n{extra_metadata}"))
        .migration(
            &format!("{BASE}_base.sql"),
            rev(BASE, "base")
                .message("base")
                .up("CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), n int);")
                .down("DROP TABLE users;")
                .text(),
        )
        .migration(
            &format!("{CHANGE}_change.sql"),
            rev(CHANGE, BASE)
                .message("change")
                .up("CREATE INDEX users_email ON users (email);\n\
                     -- lint: allow drop-column\n\
                     ALTER TABLE users DROP COLUMN n;\n\
                     ALTER TABLE users RENAME COLUMN email TO mail;\n\
                     CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n\
                     CREATE INDEX notes_body ON notes (body);")
                .down("DROP TABLE notes;")
                .text(),
        )
}

#[test]
fn all_revisions_in_text() {
    let p = hazards("").build();
    let out = p.schema(["lint", "--all"]).assert().code(1);
    assert_snapshot(
        &out.stdout_text(),
        "
error[index-not-concurrent]: CREATE INDEX on users, which exists before this revision
  --> migrations/1a0000000002_change.sql:7 (revision 1a0000000002)
   | CREATE INDEX users_email ON users (email)
   = hazard: takes a SHARE lock on the table for the whole index build: every INSERT, UPDATE and DELETE waits until it is done
   = recipe: CREATE INDEX CONCURRENTLY, alone in a revision with `-- transactional: false` (and DROP INDEX CONCURRENTLY IF EXISTS in its down section, since a failed concurrent build leaves an invalid index)
   = accept it knowingly with `-- lint: allow index-not-concurrent` above the statement
warning[missing-lock-timeout]: this statement takes an ACCESS EXCLUSIVE lock and the revision sets no lock_timeout
  --> migrations/1a0000000002_change.sql:9 (revision 1a0000000002)
   | ALTER TABLE users DROP COLUMN n
   = hazard: behind one long-running query the statement waits for its lock, and every other query on the table queues behind it: a short migration becomes an outage
   = recipe: set `-- lock-timeout: 2s` in the revision header (or SET lock_timeout = '2s' before the statement) and retry the deploy when it times out
   = accept it knowingly with `-- lint: allow missing-lock-timeout` above the statement
warning[rename-column]: RENAME COLUMN users.email to mail
  --> migrations/1a0000000002_change.sql:10 (revision 1a0000000002)
   | ALTER TABLE users RENAME COLUMN email TO mail
   = hazard: the application still running during the deploy uses the old name: its queries fail until every instance runs the new code
   = recipe: expand and contract: add the new column, write both, backfill, switch reads, drop the old column in a later release (or keep the old name)
   = accept it knowingly with `-- lint: allow rename-column` above the statement
lint: 1 error, 2 warnings in 2 revisions (1 accepted with `-- lint: allow`)
",
    );
}

#[test]
fn all_revisions_in_json() {
    let p = hazards("").build();
    let out = p
        .schema(["lint", "--all", "--format", "json"])
        .assert()
        .code(1);
    let json = out.json();
    assert_eq!(json["dialect"], "postgres");
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 2);
    assert_eq!(json["revisions"], serde_json::json!([BASE, CHANGE]));
    let findings = json["findings"].as_array().unwrap();
    let codes: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["allowed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("index-not-concurrent", 7, false),
            ("drop-column", 9, true),
            ("missing-lock-timeout", 9, false),
            ("rename-column", 10, false),
        ]
    );
    let first = &findings[0];
    assert_eq!(first["level"], "error");
    assert_eq!(first["path"], "migrations/1a0000000002_change.sql");
    assert_eq!(first["revision"], CHANGE);
    assert!(
        first["title"]
            .as_str()
            .unwrap()
            .starts_with("index-not-concurrent: ")
    );
    assert!(first["recipe"].as_str().unwrap().contains("CONCURRENTLY"));
    assert!(first["hazard"].as_str().unwrap().contains("SHARE lock"));
}

#[test]
fn levels_from_the_configuration() {
    let p = hazards(
        "[package.metadata.schema.lint]\nindex-not-concurrent = \"warning\"\nmissing-lock-timeout = \"off\"\nrename-column = \"error\"",
    )
    .build();
    let json = p
        .schema(["lint", "--all", "--format", "json"])
        .assert()
        .code(1)
        .json();
    let levels: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["allowed"] == false)
        .map(|f| (f["code"].as_str().unwrap(), f["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("index-not-concurrent", "warning"),
            ("rename-column", "error")
        ]
    );

    let p = hazards("[package.metadata.schema.lint]\nindex-not-concurrent = \"off\"").build();
    let out = p.schema(["lint", "--all"]).assert().success();
    assert!(
        out.stdout_text().ends_with(
            "lint: 0 errors, 2 warnings in 2 revisions (1 accepted with `-- lint: allow`)\n"
        ),
        "{}",
        out.stdout_text()
    );
}

#[test]
fn a_bad_level_or_code_is_an_input_error() {
    let p = hazards("[package.metadata.schema.lint]\nrename-colum = \"error\"").build();
    let out = p.schema(["lint", "--all"]).assert().code(2);
    let err = out.stderr_text();
    assert!(err.contains("unknown key `rename-colum`"), "{err}");
    assert!(err.contains("did you mean `rename-column`?"), "{err}");

    let p = hazards("[package.metadata.schema.lint]\nrename-column = \"fatal\"").build();
    let out = p.schema(["lint", "--all"]).assert().code(2);
    let err = out.stderr_text();
    assert!(err.contains("`\"fatal\"` is not a lint level"), "{err}");
    assert!(
        err.contains("use \"error\", \"warning\" or \"off\""),
        "{err}"
    );
}

#[test]
fn named_revisions_only() {
    let p = hazards("").build();
    let out = p.schema(["lint", BASE]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "lint: 0 errors, 0 warnings in 1 revision",
    );
    p.schema(["lint", "head"]).assert().code(1);
    let out = p.schema(["lint", "nope"]).assert().code(2);
    assert!(out.stderr_text().contains("nope"), "{}", out.stderr_text());
}

#[test]
fn sqlite_rules_for_a_sqlite_project() {
    let p = hazards("").build();
    // The same files judged as SQLite: no CONCURRENTLY or lock rules there,
    // but the rename still breaks the running application.
    let json = p
        .schema(["lint", "--all", "--dialect", "sqlite", "--format", "json"])
        .assert()
        .success()
        .json();
    let codes: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["drop-column", "rename-column"]);

    let p = project()
        .metadata("dialect = \"sqlite\"")
        .migration(
            &format!("{BASE}_base.sql"),
            rev(BASE, "base")
                .up("CREATE TABLE users (id integer PRIMARY KEY, n int);")
                .text(),
        )
        .migration(
            &format!("{CHANGE}_change.sql"),
            rev(CHANGE, BASE)
                .up("ALTER TABLE users ALTER COLUMN n SET NOT NULL;")
                .text(),
        )
        .build();
    let out = p.schema(["lint", "--all"]).assert().code(1);
    assert!(
        out.stdout_text()
            .starts_with("error[sqlite-needs-rebuild]: ALTER COLUMN n: SQLite has no ALTER COLUMN"),
        "{}",
        out.stdout_text()
    );
}

#[test]
fn autogenerate_writes_findings_above_their_statements() {
    let p = project()
        .metadata("dialect = \"postgres\"")
        .migration(
            &format!("{BASE}_base.sql"),
            rev(BASE, "base")
                .up("CREATE TABLE item (id bigint PRIMARY KEY);")
                .down("DROP TABLE item;")
                .text(),
        )
        .file(
            "src/models.rs",
            "use schema_macros::Model;\n\n#[derive(Model)]\npub struct Item {\n    #[schema(primary_key)]\n    pub id: i64,\n    pub name: String,\n}\n",
        )
        .build();
    let out = p
        .schema([
            "revision",
            "--autogenerate",
            "-m",
            "name items",
            "--database-url",
            "postgres://nobody@localhost/unused",
        ])
        .assert()
        .success();
    assert!(
        out.stderr_text().contains(
            "lint error[add-column-not-null]: ADD COLUMN item.name NOT NULL without a default"
        ),
        "{}",
        out.stderr_text()
    );
    let file = p
        .migration_files()
        .into_iter()
        .find(|f| f.ends_with("_name_items.sql"))
        .expect("the new revision");
    let text = p.read(format!("migrations/{file}"));
    let at = text
        .find("-- lint error[add-column-not-null]: ADD COLUMN item.name NOT NULL without a default\n--   hazard: ")
        .unwrap_or_else(|| panic!("no finding comment in\n{text}"));
    let statement = text[at..].lines().find(|l| !l.starts_with("--")).unwrap();
    assert!(
        statement.starts_with("ALTER TABLE item ADD COLUMN name"),
        "{text}"
    );
    // The comment is advice, not an acceptance: lint still reports it.
    p.schema(["lint", "--all"]).assert().code(1);
}
