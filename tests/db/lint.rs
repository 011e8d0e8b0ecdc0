//! The lint against real databases (issue 7, item 3): by default it lints
//! the revisions the database has not applied yet; `check` and `status`
//! report their errors; an upgrade of a protected environment shows the
//! plan's hazards, and errors among them need `--yes`.

use schema_e2e::{ProjectBuilder, TestProject, rev};

use crate::support::{
    Backend, TestDb, chain_id, command, on_both, project_with, run_command, schema, table_chain,
};

const PROD_URL: &str = "PROD_DATABASE_URL";

/// Two table revisions, then one dropping `t_1` (drop-table, an error on
/// both databases); `allow` accepts it in the file.
fn dropping(allow: bool) -> ProjectBuilder {
    let id = chain_id(3);
    let accept = if allow {
        "-- lint: allow drop-table\n"
    } else {
        ""
    };
    table_chain(
        project_with(&format!(
            "\n[package.metadata.schema.environments.prod]\ndatabase-url-env = \"{PROD_URL}\"\nprotected = true"
        )),
        2,
    )
    .migration(
        &format!("{id}_drop_t_1.sql"),
        rev(&id, &chain_id(2))
            .message("drop t_1")
            .up(&format!("{accept}DROP TABLE t_1;"))
            .down("CREATE TABLE t_1 (id INTEGER PRIMARY KEY);")
            .text(),
    )
}

fn prod(p: &TestProject, db: &TestDb, args: &[&str]) -> crate::support::Run {
    let mut cmd = command(p, args);
    cmd.args(["--env", "prod"]).env(PROD_URL, db.url());
    run_command(cmd)
}

on_both!(
    lints_what_is_not_applied_yet,
    check_and_status_report_lint_errors,
    protected_upgrade_shows_hazards_and_errors_need_yes,
);

fn lints_what_is_not_applied_yet(backend: Backend) {
    let db = TestDb::new(backend, "lint_pending");
    let p = dropping(false).build();

    let out = schema(&p, &db, &["lint", "--format", "json"]).code(1);
    let json = out.json();
    assert_eq!(
        json["revisions"],
        serde_json::json!([chain_id(1), chain_id(2), chain_id(3)])
    );
    assert_eq!(json["findings"][0]["code"], "drop-table");
    assert_eq!(json["findings"][0]["line"], 7);

    schema(&p, &db, &["upgrade", "+1"]).success();
    let json = schema(&p, &db, &["lint", "--format", "json"])
        .code(1)
        .json();
    assert_eq!(
        json["revisions"],
        serde_json::json!([chain_id(2), chain_id(3)])
    );

    schema(&p, &db, &["upgrade", "head"]).success();
    schema(&p, &db, &["lint"])
        .success()
        .mentions("nothing to lint")
        .mentions("--all");
    // Applied revisions are linted when asked for.
    schema(&p, &db, &["lint", "--all"])
        .code(1)
        .mentions("error[drop-table]: DROP TABLE t_1, which exists before this revision");
}

fn check_and_status_report_lint_errors(backend: Backend) {
    let db = TestDb::new(backend, "lint_check");
    let p = dropping(false).build();
    schema(&p, &db, &["upgrade", "+2"]).success();

    let hazard = format!("drop-table at {}_drop_t_1.sql:7", chain_id(3));
    schema(&p, &db, &["check"])
        .code(1)
        .mentions("1 lint error(s) in revisions not applied yet")
        .mentions(&hazard);
    schema(&p, &db, &["status"]).success().mentions(&hazard);
    let json = schema(&p, &db, &["check", "--format", "json"])
        .code(1)
        .json();
    let kinds: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["pending", "hazards"]);
    assert_eq!(json["findings"][1]["findings"][0]["code"], "drop-table");

    // Accepted in the file: only the pending revision is left to act on.
    let p = dropping(true).build();
    let out = schema(&p, &db, &["check"]).code(1);
    assert!(!out.output().contains("lint error"), "{out}");
}

fn protected_upgrade_shows_hazards_and_errors_need_yes(backend: Backend) {
    let db = TestDb::new(backend, "lint_protected");
    let p = dropping(false).build();
    prod(&p, &db, &["upgrade", "+2", "--yes"]).success();

    let refused = prod(&p, &db, &["upgrade", "head"])
        .code(2)
        .mentions("Plan")
        .mentions("error[drop-table]: DROP TABLE t_1, which exists before this revision")
        .mentions("Hazards")
        .mentions(
            "the plan has 1 lint error(s) and this is a protected environment; nothing was run",
        );
    assert!(
        refused.output().contains("-- lint: allow CODE"),
        "{refused}"
    );
    assert!(db.has_table("t_1"), "nothing ran");
    assert_eq!(db.versions(), [chain_id(2)]);

    let json = prod(&p, &db, &["upgrade", "head", "--format", "json"])
        .code(2)
        .json();
    assert_eq!(json["error"]["code"], "schema::hazards");
    assert_eq!(json["error"]["details"]["hazards"][0]["code"], "drop-table");

    // Unprotected, the same upgrade shows no lint (it is `lint`'s job).
    let plain = schema(&p, &db, &["upgrade", "head", "--sql"]).success();
    assert!(!plain.output().contains("drop-table"), "{plain}");

    // Accepted in the file: the ordinary protected gate, no hazard error.
    let accepted = dropping(true).build();
    let out = prod(&accepted, &db, &["upgrade", "head"])
        .code(2)
        .mentions("prod is a protected environment; nothing was run");
    assert!(!out.output().contains("lint error"), "{out}");

    prod(&p, &db, &["upgrade", "head", "--yes"]).success();
    assert!(!db.has_table("t_1"));
    assert_eq!(db.versions(), [chain_id(3)]);
}
