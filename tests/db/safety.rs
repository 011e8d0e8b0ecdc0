//! Safety (issue 3, item 7): protected environments stop mutating commands
//! without `--yes` after showing the target (redacted) and its current
//! revision; `--expect-current` refuses to run elsewhere; a password never
//! shows in any output.

use schema_e2e::TestProject;

use crate::support::{
    Backend, Run, TestDb, chain_id, command, on_both, project_with, run_command, schema, schema_at,
    table_chain,
};

const SECRET: &str = "pw-Hv3-never-shown";
const PROD_URL: &str = "PROD_DATABASE_URL";

fn prod_project() -> TestProject {
    table_chain(
        project_with(&format!(
            "\n[package.metadata.schema.environments.prod]\ndatabase-url-env = \"{PROD_URL}\"\nprotected = true"
        )),
        2,
    )
    .build()
}

/// A URL for the database with a password in it where the dialect has
/// them (the cluster trusts local connections, so any password will do).
fn secret_url(db: &TestDb) -> String {
    db.url_with_password(SECRET)
        .unwrap_or_else(|| db.url().to_string())
}

/// `cargo-schema schema ARGS… --env prod`, the URL in its variable.
fn prod(p: &TestProject, db: &TestDb, args: &[&str]) -> Run {
    let mut cmd = command(p, args);
    cmd.args(["--env", "prod"]).env(PROD_URL, secret_url(db));
    run_command(cmd).never_shows(SECRET)
}

/// Refused: exit 2, the target and the current revision shown first.
#[track_caller]
fn refused(run: Run, backend: Backend, current: &str) -> Run {
    let run = run
        .code(2)
        .mentions("prod is a protected environment")
        .mentions("--yes")
        .mentions(&format!("Current {current}"))
        .mentions("Target");
    if backend == Backend::Postgres {
        run.mentions("postgres:***@")
    } else {
        run
    }
}

on_both!(
    protected_environment_needs_yes,
    expect_current_refuses_to_run_elsewhere,
);

fn protected_environment_needs_yes(backend: Backend) {
    let db = TestDb::new(backend, "safe_protected");
    let p = prod_project();
    let (one, two) = (chain_id(1), chain_id(2));

    refused(prod(&p, &db, &["upgrade", "head"]), backend, "<base>").mentions("Plan");
    assert!(db.versions().is_empty(), "nothing ran");
    assert!(!db.has_table("t_1"));
    prod(&p, &db, &["upgrade", "head", "--format", "json"])
        .code(2)
        .mentions("prod is a protected environment");
    refused(prod(&p, &db, &["stamp", "head"]), backend, "<base>");
    assert!(db.versions().is_empty(), "nothing stamped");

    prod(&p, &db, &["upgrade", "head", "--yes"]).success();
    assert_eq!(db.versions(), [two.as_str()]);
    let history = db.history();

    refused(
        prod(&p, &db, &["downgrade", "-1"]),
        backend,
        &format!("{two} (head)"),
    );
    refused(
        prod(&p, &db, &["downgrade", "base"]),
        backend,
        &format!("{two} (head)"),
    );
    refused(
        prod(&p, &db, &["stamp", &one]),
        backend,
        &format!("{two} (head)"),
    );
    let repair = prod(&p, &db, &["repair", &one, "--reason", "why not"])
        .code(2)
        .mentions("prod is a protected environment");
    assert!(repair.stderr.contains("Target"), "{repair}");
    assert_eq!(db.versions(), [two.as_str()], "nothing ran");
    assert!(db.has_table("t_2"));
    assert_eq!(db.history(), history, "no history written");

    // Reading needs no confirmation.
    prod(&p, &db, &["current"]).success().mentions(&two);
    prod(&p, &db, &["status"]).success();
    prod(&p, &db, &["check"]).success();

    prod(&p, &db, &["downgrade", "-1", "-y"]).success();
    assert_eq!(db.versions(), [one.as_str()]);
    prod(&p, &db, &["stamp", "head", "--yes"]).success();
    assert_eq!(db.versions(), [two]);

    // An unprotected URL for the same database needs no --yes.
    schema(&p, &db, &["stamp", &one]).success();
    assert_eq!(db.versions(), [one]);
}

fn expect_current_refuses_to_run_elsewhere(backend: Backend) {
    let db = TestDb::new(backend, "safe_expect_current");
    let p = table_chain(project_with(""), 3).build();
    let (one, two, three) = (chain_id(1), chain_id(2), chain_id(3));

    schema(&p, &db, &["upgrade", "head", "--expect-current", &one])
        .code(2)
        .mentions("--expect-current")
        .mentions("base");
    assert!(db.versions().is_empty(), "nothing ran");
    assert!(!db.has_table("t_1"));

    schema(&p, &db, &["upgrade", "+1", "--expect-current", "base"]).success();
    assert_eq!(db.versions(), [one.as_str()]);
    let history = db.history();

    for wrong in ["base", two.as_str(), three.as_str()] {
        schema(&p, &db, &["upgrade", "head", "--expect-current", wrong])
            .code(2)
            .mentions("--expect-current")
            .mentions(&one);
    }
    schema(&p, &db, &["downgrade", "base", "--expect-current", &two]).code(2);
    assert_eq!(db.versions(), [one.as_str()], "nothing ran");
    assert_eq!(db.history(), history, "nothing ran");

    schema(&p, &db, &["upgrade", "head", "--expect-current", &one]).success();
    assert_eq!(db.versions(), [three]);
}

/// In JSON mode the refusal is all a CI job sees: it must carry what the
/// text mode shows before refusing (the redacted target, the current
/// revision), which its help text refers to as "above".
fn protected_refusal_in_json_names_target_and_current(backend: Backend) {
    let db = TestDb::new(backend, "safe_protected_json");
    let p = prod_project();
    prod(&p, &db, &["upgrade", "+1", "--yes"]).success();
    let run = prod(&p, &db, &["upgrade", "head", "--format", "json"]).code(2);
    let json = run.json();
    let text = json.to_string();
    let target = match backend {
        Backend::Postgres => "postgres:***@".to_string(),
        Backend::Sqlite => db.url().to_string(),
    };
    assert!(text.contains(&target), "the target is in the JSON\n{run}");
    assert!(
        text.contains(&chain_id(1)),
        "the current revision is in the JSON\n{run}"
    );
}

on_both!(protected_refusal_in_json_names_target_and_current);

/// Every command that shows the target, in text and JSON, verbose or not,
/// succeeding or failing: the password is masked.
#[test]
fn password_never_appears_in_any_output() {
    let db = TestDb::new(Backend::Postgres, "safe_no_password");
    let p = prod_project();
    let url = secret_url(&db);
    let run = |args: &[&str], code: i32| schema_at(&p, &url, args).code(code).never_shows(SECRET);
    run(&["upgrade", "head", "-v"], 0).mentions("postgres:***@");
    run(&["current", "-v"], 0).mentions("postgres:***@");
    run(&["current", "--format", "json"], 0).mentions("postgres:***@");
    run(&["status"], 0).mentions("postgres:***@");
    run(&["status", "--format", "json"], 0).mentions("postgres:***@");
    run(&["check", "-v"], 0);
    run(&["check", "--format", "json"], 0);
    run(&["downgrade", "-1", "-v"], 0).mentions("postgres:***@");
    run(&["upgrade", "head", "--format", "json"], 0).mentions("postgres:***@");
    run(&["stamp", "base", "-v"], 0).mentions("postgres:***@");
    run(&["upgrade", "nosuchrevision"], 2);
    run(&["upgrade", "head", "--expect-current", &chain_id(2)], 2);
    run(&["upgrade", "head", "--sql"], 0);

    // The same URL from the configured variable, and from a .env file.
    let mut cmd = command(&p, ["status"]);
    cmd.env("DATABASE_URL", &url);
    run_command(cmd)
        .success()
        .never_shows(SECRET)
        .mentions("$DATABASE_URL");
    p.write(".env", format!("DATABASE_URL={url}\n"));
    run_command(command(&p, ["current", "-v"]))
        .success()
        .never_shows(SECRET)
        .mentions("postgres:***@");
}
