//! `cargo schema test` end to end: the real binary, run as cargo runs it
//! (`cargo-schema schema test`), in temp projects, on the testkit's
//! throwaway PostgreSQL and on a temp SQLite file. The round trip itself is
//! tested in the testkit (`testkit/tests/round_trip.rs`); here: the table,
//! the exit codes, JSON, the flags.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-schema");

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// `account` (aaaa00000001), then `email` (aaaa00000002) with `down`.
    fn new(dialect: Option<&str>, down: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let dialect = dialect.map_or(String::new(), |d| format!("dialect = \"{d}\"\n"));
        std::fs::write(
            dir.path().join("Cargo.toml"),
            format!(
                "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [package.metadata.schema]\n{dialect}\n[workspace]\n"
            ),
        )
        .unwrap();
        let migrations = dir.path().join("migrations");
        std::fs::create_dir_all(&migrations).unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
        let revision = |id: &str, parent: &str, up: &str, down: &str| {
            std::fs::write(
                migrations.join(format!("{id}.sql")),
                format!(
                    "-- revision: {id}\n-- revises: {parent}\n-- message: revision {id}\n\n\
                     -- migrate:up\n{up}\n\n-- migrate:down\n{down}\n"
                ),
            )
            .unwrap();
        };
        revision(
            "aaaa00000001",
            "base",
            "CREATE TABLE account (id bigint PRIMARY KEY, name text NOT NULL);",
            "DROP TABLE account;",
        );
        revision(
            "aaaa00000002",
            "aaaa00000001",
            "ALTER TABLE account ADD COLUMN email text;",
            down,
        );
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn schema(&self, args: &[&str]) -> (Output, String, String) {
        let out = Command::new(BIN)
            .arg("schema")
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out, stdout, stderr)
    }
}

const GOOD_DOWN: &str = "ALTER TABLE account DROP COLUMN email;";

#[test]
fn a_passing_project_prints_the_table_and_exits_0() {
    let p = Project::new(None, GOOD_DOWN);
    let (out, stdout, stderr) = p.schema(&["test"]);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("Testing every revision in migrations on a throwaway postgres database"),
        "{stderr}"
    );
    for wanted in [
        "round trip of 2 revision(s) on postgres",
        "#  revision",
        "up again",
        "aaaa00000001",
        "aaaa00000002",
        "single head",
        "replay = database  ok",
        "round trip passed",
    ] {
        assert!(stdout.contains(wanted), "{wanted:?} not in:\n{stdout}");
    }
}

#[test]
fn a_failing_round_trip_exits_1_naming_the_revision() {
    let p = Project::new(None, "");
    let (out, stdout, stderr) = p.schema(&["test"]);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(
            "error: revision aaaa00000002 (revision aaaa00000002): the downgrade does not restore"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("drop column account.email"), "{stdout}");
}

#[test]
fn sqlite_by_flag_or_by_configuration() {
    let p = Project::new(None, GOOD_DOWN);
    let (out, stdout, _) = p.schema(&["test", "--dialect", "sqlite"]);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("on sqlite"), "{stdout}");
    let p = Project::new(Some("sqlite"), GOOD_DOWN);
    let (out, stdout, _) = p.schema(&["test"]);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("on sqlite"), "{stdout}");
}

#[test]
fn json_has_the_steps_and_the_problems() {
    let p = Project::new(None, "");
    let (out, stdout, _) = p.schema(&["test", "--format", "json", "--skip", "aaaa00000001"]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["ok"], false);
    let steps = json["report"]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["outcome"]["result"], "up_only");
    assert_eq!(steps[0]["outcome"]["reason"]["kind"], "skipped");
    assert_eq!(steps[1]["outcome"]["result"], "failed");
    let problem = &json["report"]["problems"][0];
    assert_eq!(problem["kind"], "not_restored");
    assert_eq!(problem["revision"], "aaaa00000002");
    assert_eq!(problem["empty_down"], true);
    assert_eq!(
        problem["difference"]["changes"][0],
        "drop column account.email"
    );
}

#[test]
fn the_minimum_revision_flag_keeps_downgrades_above_it() {
    let p = Project::new(None, "");
    let (out, stdout, _) = p.schema(&["test", "--minimum-revision", "aaaa00000002"]);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("above the minimum revision aaaa00000002"),
        "{stdout}"
    );
}

#[test]
fn a_real_database_is_refused() {
    let p = Project::new(None, GOOD_DOWN);
    let (out, _, stderr) = p.schema(&["test", "--database-url", "postgres://u@localhost/prod"]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("throwaway database"), "{stderr}");
}

#[test]
fn an_unknown_revision_in_a_flag_is_an_input_error() {
    let p = Project::new(None, GOOD_DOWN);
    let (out, _, stderr) = p.schema(&["test", "--skip", "ffff"]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ffff"), "{stderr}");
}
