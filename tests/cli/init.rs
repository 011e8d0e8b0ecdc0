//! `cargo schema init`

use schema_e2e::{AssertExt, assert_snapshot, project};

#[test]
fn adds_the_metadata_section_and_creates_the_directory() {
    let p = project().build();
    let out = p.schema(["init"]).assert().success();
    assert_snapshot(
        &out.stderr_text(),
        r#"
     Updated Cargo.toml: added [package.metadata.schema]
     Created migrations/
     Created build.rs (checks the models against the migrations at every build)
note: build.rs needs this in Cargo.toml:
  [build-dependencies]
  schema-core = { version = "0.1", features = ["build"] }
note: next: `cargo schema revision -m "create users"` writes your first revision
"#,
    );
    assert!(out.stdout_text().is_empty());
    let manifest = p.read("Cargo.toml");
    assert!(
        manifest.contains("[package.metadata.schema]\nmigrations = \"migrations\"\n"),
        "{manifest}"
    );
    assert!(p.path("migrations").is_dir());
    assert!(p.migration_files().is_empty());
    assert_eq!(
        p.read("build.rs"),
        "fn main() {\n    schema_core::build::track();\n}\n"
    );
}

#[test]
fn keeps_an_existing_build_script_and_says_what_to_add() {
    let p = project().file("build.rs", "fn main() {}\n").build();
    let out = p.schema(["init"]).assert().success();
    assert_eq!(p.read("build.rs"), "fn main() {}\n");
    assert!(
        out.stderr_text().contains(
            "note: to check the models against the migrations at every build, call `schema_core::build::track();` in the main of build.rs"
        ),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn a_second_init_is_a_no_op() {
    let p = project().build();
    p.schema(["init"]).assert().success();
    let before = p.tree();
    let out = p.schema(["init"]).assert().success();
    p.assert_unchanged(&before);
    assert_snapshot(
        &out.stderr_text(),
        r#"
   Unchanged Cargo.toml: [package.metadata.schema] is already there
      Exists migrations/ (0 file(s))
note: build.rs needs this in Cargo.toml:
  [build-dependencies]
  schema-core = { version = "0.1", features = ["build"] }
note: next: `cargo schema revision -m "create users"` writes your first revision
"#,
    );
}

#[test]
fn keeps_the_rest_of_the_manifest() {
    let manifest = "\
# The demo package.
[package]
name = \"demo\"
version = \"0.1.0\"   # keep this comment
edition = \"2024\"

[dependencies]

[workspace]
";
    let p = project().file("Cargo.toml", manifest).build();
    p.schema(["init"]).assert().success();
    let after = p.read("Cargo.toml");
    assert!(
        after.starts_with("# The demo package.\n[package]\n"),
        "{after}"
    );
    assert!(
        after.contains("version = \"0.1.0\"   # keep this comment\n"),
        "{after}"
    );
    assert!(after.contains("[package.metadata.schema]"), "{after}");
}

#[test]
fn uses_an_existing_section_and_its_directory() {
    let p = project().metadata("migrations = \"db/migrations\"").build();
    let before = p.read("Cargo.toml");
    let out = p.schema(["init"]).assert().success();
    assert_eq!(p.read("Cargo.toml"), before);
    assert!(p.path("db/migrations").is_dir());
    assert!(!p.path("migrations").exists());
    assert!(
        out.stderr_text().contains("Created db/migrations/"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn takes_the_directory_and_dialect_as_options() {
    let p = project().build();
    p.schema(["init", "--migrations", "sql", "--dialect", "postgres"])
        .assert()
        .success();
    let manifest = p.read("Cargo.toml");
    assert!(
        manifest
            .contains("[package.metadata.schema]\nmigrations = \"sql\"\ndialect = \"postgres\"\n"),
        "{manifest}"
    );
    assert!(p.path("sql").is_dir());
}

#[test]
fn an_unknown_dialect_is_a_usage_error() {
    let p = project().build();
    let before = p.tree();
    let out = p.schema(["init", "--dialect", "oracle"]).assert().code(2);
    assert!(
        out.stderr_text()
            .contains("unknown dialect `oracle`: expected postgres, sqlite or mysql"),
        "{}",
        out.stderr_text()
    );
    p.assert_unchanged(&before);
}

#[test]
fn reports_in_json() {
    let p = project().build();
    let first = p.json(["init"]);
    assert_eq!(first["manifest_changed"], true);
    assert_eq!(first["created_dir"], true);
    assert_eq!(first["table"], "package.metadata.schema");
    assert_eq!(first["existing_files"], serde_json::json!([]));
    assert_eq!(
        p.redact(first["migrations_dir"].as_str().unwrap()),
        "[ROOT]/migrations"
    );
    assert_eq!(
        p.redact(first["manifest_path"].as_str().unwrap()),
        "[ROOT]/Cargo.toml"
    );

    p.new_revision(["-m", "one"]);
    let second = p.json(["init"]);
    assert_eq!(second["manifest_changed"], false);
    assert_eq!(second["created_dir"], false);
    assert_eq!(second["existing_files"].as_array().unwrap().len(), 1);
}
