//! Integrity (issue 3, item 5): applied revisions edited afterwards,
//! harmless edits that must not count, `repair`, revisions recorded in the
//! database that no file has, pending revisions and several heads.

use schema_e2e::{TestProject, rev};

use crate::support::{
    Backend, TestDb, chain_id, on_both, project_with, schema, schema_json, table_chain,
};

on_both!(
    edited_revision_is_reported_refused_and_repaired,
    whitespace_comment_and_crlf_edits_are_not_changes,
    unknown_revision_in_the_version_table_is_reported,
    deleted_file_of_an_applied_revision_is_reported,
    pending_revisions_and_several_heads_fail_check,
);

fn file_of(n: usize) -> String {
    format!("{}_step_{n}.sql", chain_id(n))
}

fn chain_project(count: usize) -> TestProject {
    table_chain(project_with(""), count).build()
}

/// The text of chain revision `n` with other SQL.
fn chain_text(n: usize, up: &str, down: &str) -> String {
    let parent = if n == 1 {
        "base".to_string()
    } else {
        chain_id(n - 1)
    };
    rev(&chain_id(n), &parent)
        .message(&format!("step {n}"))
        .up(up)
        .down(down)
        .text()
}

fn edited_revision_is_reported_refused_and_repaired(backend: Backend) {
    let db = TestDb::new(backend, "int_edited");
    let p = chain_project(3);
    let edited = chain_id(1);
    schema(&p, &db, &["upgrade", "+2"]).success();
    let applied_checksum = db.history()[0].checksum.clone();

    p.write_migration(
        &file_of(1),
        chain_text(
            1,
            "CREATE TABLE t_1 (id INTEGER PRIMARY KEY, extra INTEGER);",
            "DROP TABLE t_1;",
        ),
    );

    let check = schema(&p, &db, &["check"])
        .code(1)
        .mentions(&edited)
        .mentions(&file_of(1))
        .mentions("repair");
    assert!(check.stdout.contains(&edited), "named on stdout\n{check}");
    let json = schema(&p, &db, &["check", "--format", "json"])
        .code(1)
        .json();
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .any(|f| f["kind"] == "edited" && f["revision"] == edited.as_str()),
        "{json:#}"
    );
    assert_eq!(json["ok"], false);

    schema(&p, &db, &["status"]).success().mentions(&format!(
        "revision {edited} was changed after it was applied"
    ));

    let refused = schema(&p, &db, &["upgrade", "head"])
        .code(2)
        .mentions(&edited)
        .mentions("cargo schema repair");
    assert_eq!(db.versions(), [chain_id(2)], "nothing ran\n{refused}");
    assert!(!db.has_table("t_3"));

    schema(
        &p,
        &db,
        &[
            "repair",
            &edited,
            "--reason",
            "added a column by hand, same in every database",
        ],
    )
    .success();
    let repair = db.history().pop().expect("a history row");
    assert_eq!(repair.revision, edited);
    assert_eq!(repair.direction, "repair");
    assert_eq!(
        repair.note.as_deref(),
        Some("added a column by hand, same in every database")
    );
    assert!(repair.finished);
    assert_ne!(
        repair.checksum, applied_checksum,
        "the new checksum is recorded"
    );

    schema(&p, &db, &["upgrade", "head"]).success();
    schema(&p, &db, &["check"]).success();
    schema(&p, &db, &["status"])
        .success()
        .mentions("Up to date.");
}

/// Nothing is pending, but an applied revision changed: `upgrade` must not
/// pass over it in silence (Flyway's validate-on-migrate fails here too).
fn upgrade_at_head_reports_an_edited_revision(backend: Backend) {
    let db = TestDb::new(backend, "int_edited_at_head");
    let p = chain_project(2);
    schema(&p, &db, &["upgrade", "head"]).success();
    p.write_migration(
        &file_of(2),
        chain_text(2, "CREATE TABLE t_2 (id BIGINT);", "DROP TABLE t_2;"),
    );
    schema(&p, &db, &["upgrade", "head"])
        .code(2)
        .mentions(&chain_id(2))
        .mentions("repair");
}

on_both!(upgrade_at_head_reports_an_edited_revision);

fn whitespace_comment_and_crlf_edits_are_not_changes(backend: Backend) {
    let db = TestDb::new(backend, "int_harmless_edits");
    let p = chain_project(3);
    schema(&p, &db, &["upgrade", "head"]).success();

    // Re-indented, blank lines, runs of blanks, trailing spaces, comments.
    p.write_migration(
        &file_of(1),
        chain_text(
            1,
            "-- creates the first table\n\n   CREATE \t TABLE t_1\n    (id INTEGER   PRIMARY KEY);  /* reviewed */   \n\n",
            "DROP TABLE t_1;   -- and back",
        ),
    );
    // The message in the header is not SQL either.
    p.write_migration(
        &file_of(2),
        chain_text(
            2,
            "CREATE TABLE t_2 (id INTEGER PRIMARY KEY);",
            "DROP TABLE t_2;",
        )
        .replace("-- message: step 2", "-- message: step two, reworded"),
    );
    // CRLF line endings, as a Windows checkout writes them.
    let crlf = p
        .read(format!("migrations/{}", file_of(3)))
        .replace('\n', "\r\n");
    p.write_migration(&file_of(3), crlf);

    schema(&p, &db, &["check"]).success();
    let status = schema(&p, &db, &["status"])
        .success()
        .mentions("Up to date.");
    assert!(!status.stderr.contains("warning"), "{status}");
    schema(&p, &db, &["upgrade", "head"])
        .success()
        .mentions("nothing to upgrade");
    // And the files still run both ways.
    schema(&p, &db, &["downgrade", "base"]).success();
    schema(&p, &db, &["upgrade", "head"]).success();
    assert_eq!(db.versions(), [chain_id(3)]);
}

/// Reformatting a statement over several lines (as pg_format or an
/// editor does) adds white space between tokens where there was none:
/// still a white-space-only edit.
fn reformatting_over_lines_is_not_a_change(backend: Backend) {
    let db = TestDb::new(backend, "int_reformatted");
    let p = chain_project(1);
    schema(&p, &db, &["upgrade", "head"]).success();
    p.write_migration(
        &file_of(1),
        chain_text(
            1,
            "CREATE TABLE t_1 (\n    id INTEGER PRIMARY KEY\n);",
            "DROP TABLE t_1;",
        ),
    );
    schema(&p, &db, &["check"]).success();
}

on_both!(reformatting_over_lines_is_not_a_change);

const BOGUS: &str = "bbbbbbbbbbbb";

fn unknown_revision_in_the_version_table_is_reported(backend: Backend) {
    let db = TestDb::new(backend, "int_unknown_row");
    let p = chain_project(2);
    schema(&p, &db, &["upgrade", "head"]).success();
    db.execute(&format!(
        "UPDATE schema_version SET version_num = '{BOGUS}'"
    ));

    expect_unknown_reported(&p, &db, BOGUS);
    schema(&p, &db, &["current"]).success().mentions(BOGUS);

    schema(&p, &db, &["stamp", "head", "--purge"]).success();
    assert_eq!(db.versions(), [chain_id(2)]);
    schema(&p, &db, &["check"]).success();
    schema(&p, &db, &["upgrade", "head"])
        .success()
        .mentions("nothing to upgrade");
}

fn deleted_file_of_an_applied_revision_is_reported(backend: Backend) {
    let db = TestDb::new(backend, "int_deleted_file");
    let p = chain_project(3);
    schema(&p, &db, &["upgrade", "head"]).success();
    std::fs::remove_file(p.path(format!("migrations/{}", file_of(3))))
        .expect("delete a revision file");

    expect_unknown_reported(&p, &db, &chain_id(3));

    schema(&p, &db, &["stamp", "head", "--purge"]).success();
    assert_eq!(db.versions(), [chain_id(2)]);
    schema(&p, &db, &["check"]).success();
}

/// A row that is not even a revision id (written by hand, or by another
/// tool into a shared table): reported, and `stamp --purge`, the recovery
/// the messages advise, must get past it.
fn garbage_version_row_is_recoverable_with_stamp_purge(backend: Backend) {
    let db = TestDb::new(backend, "int_garbage_row");
    let p = chain_project(2);
    schema(&p, &db, &["upgrade", "head"]).success();
    db.execute("UPDATE schema_version SET version_num = 'not an id!'");

    // `check` reports it as something to act on (exit 1), and says nothing
    // about pending revisions: where the database is is unknown.
    let out = schema(&p, &db, &["check"]).code(1).mentions("not an id!");
    assert!(!out.stdout.contains("not applied"), "{out}");
    schema(&p, &db, &["upgrade", "head"])
        .code(2)
        .mentions("stamp REV --purge");
    schema(&p, &db, &["stamp", "head", "--purge"]).success();
    assert_eq!(db.versions(), [chain_id(2)]);
    schema(&p, &db, &["check"]).success();
}

on_both!(garbage_version_row_is_recoverable_with_stamp_purge);

/// `check`, `status` and `upgrade` name the row and give the seeds'
/// advice (`stamp … --purge`); nothing is run.
fn expect_unknown_reported(p: &TestProject, db: &TestDb, row: &str) {
    let history = db.history();
    schema(p, db, &["check"])
        .code(1)
        .mentions(row)
        .mentions("stamp");
    let json = schema(p, db, &["check", "--format", "json"]).code(1).json();
    assert!(
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["kind"] == "unknown_revision" && f["revision"] == row),
        "{json:#}"
    );
    schema(p, db, &["status"])
        .success()
        .mentions(row)
        .mentions("stamp");
    schema(p, db, &["upgrade", "head"])
        .code(2)
        .mentions(row)
        .mentions("stamp");
    assert_eq!(db.versions(), [row.to_string()], "nothing ran");
    assert_eq!(db.history(), history, "nothing ran");
}

fn pending_revisions_and_several_heads_fail_check(backend: Backend) {
    let db = TestDb::new(backend, "int_pending_heads");
    let p = chain_project(2);
    schema(&p, &db, &["upgrade", "+1"]).success();
    let json = schema(&p, &db, &["check", "--format", "json"])
        .code(1)
        .json();
    assert_eq!(json["findings"][0]["kind"], "pending", "{json:#}");
    assert_eq!(
        json["findings"][0]["revisions"][0],
        chain_id(2).as_str(),
        "{json:#}"
    );
    schema(&p, &db, &["check"]).code(1).mentions(&chain_id(2));
    schema(&p, &db, &["upgrade", "head"]).success();
    schema(&p, &db, &["check"]).success();

    // A second branch from base: two heads, both applied, still a finding.
    let other = "ffffffffff01";
    p.write_migration(
        &format!("{other}_other.sql"),
        rev(other, "base")
            .message("other")
            .up("CREATE TABLE other (id INTEGER);")
            .down("DROP TABLE other;")
            .text(),
    );
    schema(&p, &db, &["upgrade", "heads"]).success();
    let json = schema_json(&p, &db, &["status"]);
    assert!(
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["kind"] == "multiple_heads"),
        "{json:#}"
    );
    schema(&p, &db, &["check"])
        .code(1)
        .mentions("multiple heads")
        .mentions("cargo schema merge");
}
