//! Compile-fail (and compile-pass) cases of the macros, each with the
//! compiler's output checked in beside it (`TRYBUILD=overwrite cargo test
//! -p schema-macros --test ui` rewrites them). One mistake per case,
//! grouped by theme. They need no database.
//!
//! - `ui/<theme>/`: mistakes in a model itself, with the drift check off.
//! - `drift/<fixture>/`: the drift check. Each fixture is a package of its
//!   own (`Cargo.toml` with `[package.metadata.schema]`, `migrations/`)
//!   whose `pass/` and `fail/` cases are compiled against its migrations.
//!
//! trybuild runs no build script for its cases, so this test does what
//! `schema_core::build::track()` does in one: `generate` replays the
//! fixture's migrations (the same function track() calls) into a snapshot
//! under the target directory, and the fixture's cases are compiled with
//! `CARGO_SCHEMA_SCHEMA` pointing at it. trybuild's cargo inherits this
//! test's environment, and a process has one environment, so each group
//! runs in a child process of this test binary (the ignored `group` test)
//! with the variable set; the groups run one after another. The derive
//! `include_bytes!`s the snapshot, so an edited fixture migration
//! recompiles its cases.

use std::path::{Path, PathBuf};
use std::process::Command;

use schema_core::build::{CHECK_ENV, SCHEMA_ENV, TrackOptions, generate};

/// The drift fixtures, each a directory under `tests/drift/`.
const FIXTURES: &[&str] = &["blog", "shop", "empty"];

/// The variable that tells the child process which group to run.
const GROUP_ENV: &str = "SCHEMA_MACROS_UI_GROUP";

#[test]
fn ui() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("drift");
    // Mistakes in models, whatever the migrations say.
    run_group("themes", Some(schema_core::build::OFF.into()));
    for fixture in FIXTURES {
        let tracked = generate(&TrackOptions {
            manifest_dir: manifest_dir.join("tests/drift").join(fixture),
            out_dir: out.join(fixture),
            dialect: None,
        })
        .unwrap_or_else(|e| panic!("fixture {fixture}: {}", schema_core::build::render(&e)));
        run_group(
            fixture,
            Some(tracked.path.into_os_string().into_string().unwrap()),
        );
    }
    // No build script ran: the variable is not set.
    run_group("no_build_script", None);
    // A snapshot that is not there (a cleaned OUT_DIR, say).
    let missing = out.join("missing/cargo-schema/schema.json");
    run_group("unreadable", Some(missing.display().to_string()));
}

/// Runs one group's cases in a child process with `CARGO_SCHEMA_SCHEMA`
/// set to `schema` (unset for `None`), or, for the `themes`, with
/// `CARGO_SCHEMA_CHECK=off`.
fn run_group(group: &str, schema: Option<String>) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["group", "--exact", "--ignored", "--nocapture"])
        .env(GROUP_ENV, group)
        .env_remove(CHECK_ENV)
        .env_remove(SCHEMA_ENV);
    match schema {
        Some(off) if group == "themes" => cmd.env(CHECK_ENV, off),
        Some(value) => cmd.env(SCHEMA_ENV, value),
        None => &mut cmd,
    };
    let status = cmd.status().unwrap();
    assert!(status.success(), "the cases of group `{group}` failed");
}

#[test]
#[ignore = "run by `ui`, in a child process with the group's CARGO_SCHEMA_SCHEMA"]
fn group() {
    let group = std::env::var(GROUP_ENV).expect("run by the `ui` test");
    let t = trybuild::TestCases::new();
    match group.as_str() {
        "themes" => {
            t.pass("tests/ui/pass/*.rs");
            for theme in ["attributes", "columns", "references", "shape", "types"] {
                t.compile_fail(format!("tests/ui/{theme}/*.rs"));
            }
        }
        fixture => {
            let dir: PathBuf = ["tests/drift", fixture].iter().collect();
            t.pass(dir.join("pass/*.rs").display().to_string());
            t.compile_fail(dir.join("fail/*.rs").display().to_string());
        }
    }
}
