//! Which package's migrations: `-p`, `--manifest-path`, the current
//! directory, and the workspace's own `[workspace.metadata.schema]`.

use schema_e2e::{AssertExt, assert_mentions, workspace};

#[test]
fn package_flag_selects_a_member() {
    let p = workspace(["app", "billing"]).build();
    p.schema(["init", "-p", "billing"]).assert().success();
    assert!(
        p.read("billing/Cargo.toml")
            .contains("[package.metadata.schema]")
    );
    assert!(p.path("billing/migrations").is_dir());
    assert!(
        !p.read("app/Cargo.toml")
            .contains("[package.metadata.schema]")
    );
    assert!(!p.path("app/migrations").exists());

    let out = p
        .schema(["revision", "-p", "billing", "-m", "create plans"])
        .assert()
        .success();
    let id = p.files_in("billing/migrations")[0][..12].to_string();
    assert_eq!(
        out.stdout_text(),
        format!("billing/migrations/{id}_create_plans.sql\n")
    );

    // The flag also works before the subcommand.
    p.schema(["-p", "billing", "heads"])
        .assert()
        .success()
        .stdout(format!("<base> -> {id} (head), create plans\n"));
}

#[test]
fn manifest_path_selects_a_member() {
    let p = workspace(["app", "billing"]).build();
    p.schema(["init", "--manifest-path", "app/Cargo.toml"])
        .assert()
        .success();
    assert!(p.path("app/migrations").is_dir());
    let id = p.new_revision(["--manifest-path", "app/Cargo.toml", "-m", "create users"]);
    assert_eq!(
        p.files_in("app/migrations"),
        [format!("{id}_create_users.sql")]
    );
    assert!(p.files_in("billing/migrations").is_empty());
    let heads = p.json(["heads", "--manifest-path", "app/Cargo.toml"]);
    assert_eq!(heads["heads"][0]["revision"], id.as_str());
    // An absolute path works the same.
    let manifest = p.path("app/Cargo.toml");
    let heads = p.json(["heads", "--manifest-path", manifest.to_str().unwrap()]);
    assert_eq!(heads["heads"][0]["revision"], id.as_str());
}

#[test]
fn the_current_directory_selects_a_member() {
    let p = workspace(["app", "billing"]).build();
    p.schema(["init", "-p", "app"]).assert().success();
    p.schema(["init", "-p", "billing"]).assert().success();
    let app = p.new_revision(["-p", "app", "-m", "create users"]);
    let billing = p.new_revision(["-p", "billing", "-m", "create plans"]);
    let mut cmd = p.schema(["heads", "--format", "json"]);
    cmd.current_dir(p.path("billing/src"));
    let out = cmd.assert().success().json();
    assert_eq!(out["heads"][0]["revision"], billing.as_str());
    let mut cmd = p.schema(["heads", "--format", "json"]);
    cmd.current_dir(p.path("app"));
    let out = cmd.assert().success().json();
    assert_eq!(out["heads"][0]["revision"], app.as_str());
}

#[test]
fn a_virtual_workspace_uses_workspace_metadata() {
    let p = workspace(["app", "billing"]).build();
    let out = p.schema(["init"]).assert().success();
    assert_mentions(
        &out.stderr_text(),
        "Updated Cargo.toml: added [workspace.metadata.schema]",
    );
    assert!(p.read("Cargo.toml").contains("[workspace.metadata.schema]"));
    assert!(p.path("migrations").is_dir());
    let id = p.new_revision(["-m", "shared"]);
    assert_eq!(p.migration_files(), [format!("{id}_shared.sql")]);
}

#[test]
fn an_unknown_package_is_an_input_error() {
    let p = workspace(["app", "billing"]).build();
    let before = p.tree();
    let out = p
        .schema(["revision", "-p", "nope", "-m", "x"])
        .assert()
        .code(2);
    let err = out.stderr_text();
    assert_mentions(&err, "package `nope` is not a member of this workspace");
    assert_mentions(&err, "help: workspace members: app, billing");
    p.assert_unchanged(&before);
}

#[test]
fn a_missing_manifest_is_an_input_error() {
    let p = workspace(["app"]).build();
    let out = p
        .schema(["heads", "--manifest-path", "nowhere/Cargo.toml"])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "nowhere/Cargo.toml");
}
