//! Bad input: a diesel directory with a malformed name or a migration
//! without up.sql, and databases whose applied versions don't match the
//! files. Each is a clear error (exit 2) naming what is wrong, and nothing
//! is written: no revision file, no version table.

use schema_core::migration::ImportTool;

use crate::layouts::{Mig, apply_with_diesel, blog, write_diesel};
use crate::support::{Backend, TestDb, command, on_both, project_with, run_command, schema};

fn three(backend: Backend) -> Vec<Mig> {
    blog(backend).into_iter().take(3).collect()
}

#[test]
fn a_malformed_directory_name_is_named_and_nothing_is_written() {
    let p = project_with("").build();
    write_diesel(&p.path("diesel"), &three(Backend::Sqlite));
    std::fs::create_dir_all(p.path("diesel/create_widgets")).unwrap();
    std::fs::write(
        p.path("diesel/create_widgets/up.sql"),
        "CREATE TABLE w (id int);",
    )
    .unwrap();
    let before = p.tree();
    let run = run_command({
        let mut c = command(&p, ["import", "diesel", "diesel"]);
        c.args(["--format", "json"]);
        c
    })
    .code(2);
    let err = &run.json()["error"];
    assert_eq!(err["code"], "schema::import::bad_name", "{run}");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(message.contains("create_widgets"), "{run}");
    assert!(
        err["help"]
            .as_str()
            .unwrap_or_default()
            .contains("<version>_<name>"),
        "{run}"
    );
    p.assert_unchanged(&before);
}

#[test]
fn a_migration_without_up_sql_is_named_and_nothing_is_written() {
    let p = project_with("").build();
    write_diesel(&p.path("diesel"), &three(Backend::Sqlite));
    let lonely = p.path("diesel/2023-02-01-000000_add_widgets");
    std::fs::create_dir_all(&lonely).unwrap();
    std::fs::write(lonely.join("down.sql"), "DROP TABLE widgets;\n").unwrap();
    let before = p.tree();
    run_command(command(&p, ["import", "diesel", "diesel"]))
        .code(2)
        .mentions("2023-02-01-000000_add_widgets/up.sql")
        .mentions("missing");
    p.assert_unchanged(&before);
}

#[test]
fn sqlx_files_cannot_share_the_migrations_directory() {
    let p = project_with("").build();
    crate::layouts::write_sqlx(&p.path(schema_e2e::MIGRATIONS), &three(Backend::Sqlite));
    let before = p.tree();
    run_command(command(&p, ["import", "sqlx"]))
        .code(2)
        .mentions("can't share a directory");
    p.assert_unchanged(&before);
}

on_both!(applied_versions_that_do_not_match_the_files_are_refused);

fn applied_versions_that_do_not_match_the_files_are_refused(backend: Backend) {
    let db = TestDb::new(backend, "import_mismatch");
    let p = project_with("").build();
    let migs = three(backend);
    let dir = p.path("diesel");
    write_diesel(&dir, &migs);
    apply_with_diesel(&db, &dir);
    schema(&p, &db, &["import", "diesel", "diesel"]).success();
    let old = || db.column("SELECT version FROM __diesel_schema_migrations ORDER BY 1");

    // A version no file has: the database is ahead of the files.
    db.execute("INSERT INTO __diesel_schema_migrations (version) VALUES ('20990101000000')");
    let before = old();
    schema(&p, &db, &["stamp", "--from", "diesel"])
        .code(2)
        .mentions("20990101000000")
        .mentions("no imported revision has");
    assert!(!db.has_table("schema_version"), "nothing stamped");
    assert_eq!(old(), before, "the old table is left untouched");

    // A gap: the second migration is not recorded, the third is.
    db.execute("DELETE FROM __diesel_schema_migrations WHERE version = '20990101000000'");
    let second = migs[1].recorded(ImportTool::Diesel);
    db.execute(&format!(
        "DELETE FROM __diesel_schema_migrations WHERE version = '{second}'"
    ));
    schema(&p, &db, &["stamp", "--from", "diesel"])
        .code(2)
        .mentions(&second)
        .mentions("skips");
    assert!(!db.has_table("schema_version"), "nothing stamped");

    // Another tool's table that does not exist.
    schema(&p, &db, &["stamp", "--from", "sqlx"]).code(2);
    assert!(!db.has_table("schema_version"), "nothing stamped");
}
