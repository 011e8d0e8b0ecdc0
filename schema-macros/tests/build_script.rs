//! `schema_core::build::track()` in a real build: a temporary package with
//! a build.rs and models, built with `cargo build` (path dependencies on
//! this workspace's crates, one target directory shared by every case and
//! run, so only the first build compiles the dependencies).
//!
//! - A broken migration set is one error, from the build script, in the
//!   CLI's rendering; no model reports anything.
//! - The build script reruns, and the models are checked again, when a
//!   revision file is added, edited or removed, and when the metadata in
//!   Cargo.toml changes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A package under a temp dir, built into the shared target directory.
struct Package {
    dir: tempfile::TempDir,
}

impl Package {
    fn new(models: &str) -> Package {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let p = Package { dir };
        p.write(
            "Cargo.toml",
            &manifest(
                workspace,
                "migrations = \"migrations\"\ndialect = \"postgres\"",
            ),
        );
        std::fs::copy(workspace.join("Cargo.lock"), p.path("Cargo.lock")).unwrap();
        p.write("build.rs", schema_core::build::BUILD_RS);
        p.write(
            "src/lib.rs",
            &format!("#![allow(dead_code)]\nuse schema_macros::Model;\n\n{models}"),
        );
        std::fs::create_dir_all(p.path("migrations")).unwrap();
        p
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// `cargo build`: whether it passed, and its stderr.
    fn build(&self) -> (bool, String) {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-target");
        let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .arg("build")
            .arg("--quiet")
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("CARGO_SCHEMA_SCHEMA")
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[track_caller]
    fn assert_builds(&self) {
        let (ok, stderr) = self.build();
        assert!(ok, "the build failed:\n{stderr}");
    }

    #[track_caller]
    fn assert_fails(&self, expected: &str) -> String {
        let (ok, stderr) = self.build();
        assert!(!ok, "the build passed, expected: {expected}");
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in:\n{stderr}"
        );
        stderr
    }
}

fn manifest(workspace: &Path, metadata: &str) -> String {
    let core = workspace.join("schema-core").display().to_string();
    let macros = workspace.join("schema-macros").display().to_string();
    format!(
        r#"[package]
name = "app"
version = "0.1.0"
edition = "2024"

[package.metadata.schema]
{metadata}

[dependencies]
schema-core = {{ path = "{core}" }}
schema-macros = {{ path = "{macros}" }}

[build-dependencies]
schema-core = {{ path = "{core}", features = ["build"] }}

[workspace]
"#
    )
}

fn revision(id: &str, revises: &str, up: &str) -> String {
    format!(
        "-- revision: {id}\n-- revises: {revises}\n-- message: rev {id}\n\n-- migrate:up\n{up}\n\n-- migrate:down\n"
    )
}

const MODELS: &str = r#"
#[derive(Model)]
struct User {
    #[schema(primary_key)]
    id: i64,
    bio: Option<String>,
}

#[derive(Model)]
struct Post {
    #[schema(primary_key)]
    id: i64,
}
"#;

/// Several heads, a cycle, a malformed file: each time the build script's
/// diagnostic, once, and nothing from the two models.
#[test]
fn a_broken_migration_set_is_one_error_from_the_build_script() {
    let p = Package::new(MODELS);
    let create = "CREATE TABLE \"user\" (id BIGINT PRIMARY KEY, bio TEXT);\nCREATE TABLE post (id BIGINT PRIMARY KEY);";
    p.write(
        "migrations/aaaaaaaaaaaa_a.sql",
        &revision("aaaaaaaaaaaa", "base", create),
    );
    p.assert_builds();

    let cases = [
        (
            revision("bbbbbbbbbbbb", "base", ""),
            "multiple head revisions are present",
        ),
        (
            revision("bbbbbbbbbbbb", "cccccccccccc", ""),
            "revision `bbbbbbbbbbbb` revises `cccccccccccc`, which does not exist",
        ),
        (
            "-- revision: bbbbbbbbbbbb\n-- revises: aaaaaaaaaaaa\n-- mesage: typo\n\n-- migrate:up\n"
                .to_string(),
            "migrations/bbbbbbbbbbbb_b.sql",
        ),
    ];
    for (text, expected) in cases {
        p.write("migrations/bbbbbbbbbbbb_b.sql", &text);
        let stderr = p.assert_fails(expected);
        assert_eq!(
            stderr.matches("error:").count(),
            1,
            "one error only:\n{stderr}"
        );
        assert!(
            stderr.contains("failed to run custom build command for `app"),
            "{stderr}"
        );
        assert!(
            stderr.contains("cargo schema: the migrations of `app` cannot be replayed"),
            "{stderr}"
        );
        assert!(!stderr.contains("#[derive(Model)]"), "{stderr}");
    }

    // A cycle, with the files named.
    p.write(
        "migrations/aaaaaaaaaaaa_a.sql",
        &revision("aaaaaaaaaaaa", "bbbbbbbbbbbb", create),
    );
    p.write(
        "migrations/bbbbbbbbbbbb_b.sql",
        &revision("bbbbbbbbbbbb", "aaaaaaaaaaaa", ""),
    );
    let stderr = p.assert_fails("the revisions form a cycle");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

/// The build script watches the migrations directory, each file and the
/// manifest: what changes there is checked by the next `cargo build`.
#[test]
fn the_models_are_checked_again_when_the_migrations_change() {
    let p = Package::new(MODELS);
    p.write(
        "migrations/aaaaaaaaaaaa_a.sql",
        &revision(
            "aaaaaaaaaaaa",
            "base",
            "CREATE TABLE \"user\" (id BIGINT PRIMARY KEY);\nCREATE TABLE post (id BIGINT PRIMARY KEY);",
        ),
    );
    let missing = "column `user.bio` does not exist at head revision `aaaaaaaaaaaa`";
    p.assert_fails(missing);

    // An added file.
    let add_bio = revision(
        "bbbbbbbbbbbb",
        "aaaaaaaaaaaa",
        "ALTER TABLE \"user\" ADD COLUMN bio TEXT;",
    );
    p.write("migrations/bbbbbbbbbbbb_b.sql", &add_bio);
    p.assert_builds();

    // An edited file.
    p.write(
        "migrations/bbbbbbbbbbbb_b.sql",
        &revision(
            "bbbbbbbbbbbb",
            "aaaaaaaaaaaa",
            "ALTER TABLE \"user\" ADD COLUMN bio TEXT NOT NULL DEFAULT '';",
        ),
    );
    p.assert_fails("column `user.bio` is NOT NULL at head revision `bbbbbbbbbbbb`");

    // A removed file.
    std::fs::remove_file(p.path("migrations/bbbbbbbbbbbb_b.sql")).unwrap();
    p.assert_fails(missing);

    // The configuration: another directory, named in Cargo.toml.
    std::fs::rename(p.path("migrations"), p.path("db")).unwrap();
    p.write("db/bbbbbbbbbbbb_b.sql", &add_bio);
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    p.write(
        "Cargo.toml",
        &manifest(workspace, "migrations = \"db\"\ndialect = \"postgres\""),
    );
    p.assert_builds();
}
