//! How the binary is started: by cargo (`cargo schema …` runs
//! `cargo-schema schema …`), directly (`cargo-schema …`), and through the
//! real `cargo` finding `cargo-schema` on `PATH`.

use crate::fixtures::billing_merged;
use schema_e2e::{AssertExt, project};

const HEADS: &str =
    "3c4d5e6f7081, 5e6f708192a3 -> 6f708192a3b4 (head) (mergepoint), merge billing\n";

#[test]
fn as_cargo_runs_it() {
    let p = billing_merged();
    p.schema(["heads"]).assert().success().stdout(HEADS);
}

#[test]
fn run_directly() {
    let p = billing_merged();
    p.direct(["heads"]).assert().success().stdout(HEADS);
}

#[test]
fn through_cargo_on_path() {
    let p = billing_merged();
    p.cargo(["schema", "heads"])
        .assert()
        .success()
        .stdout(HEADS);
    // Flags reach us too, and so does our exit code.
    let out = p
        .cargo(["schema", "heads", "--format", "json"])
        .assert()
        .success()
        .json();
    assert_eq!(out["heads"][0]["revision"], "6f708192a3b4");
    p.cargo(["schema", "show", "nothing"]).assert().code(2);
}

#[test]
fn help_has_examples_and_exit_codes() {
    let p = project().build();
    let out = p.schema(["--help"]).assert().success().stdout_text();
    assert!(
        out.contains("Usage: cargo schema [OPTIONS] <COMMAND>"),
        "{out}"
    );
    assert!(out.contains("Examples:\n  cargo schema init\n"), "{out}");
    assert!(out.contains("Exit codes:"), "{out}");
    for command in [
        "init", "revision", "merge", "history", "heads", "branches", "show",
    ] {
        assert!(
            out.contains(&format!("\n  {command} ")),
            "{command} is not listed:\n{out}"
        );
        let help = p
            .schema([command, "--help"])
            .assert()
            .success()
            .stdout_text();
        assert!(
            help.contains(&format!("cargo schema {command}")),
            "`{command} --help` has no example:\n{help}"
        );
    }
}

#[test]
fn version() {
    let p = project().build();
    let out = p.schema(["--version"]).assert().success().stdout_text();
    assert!(
        out.starts_with("cargo-schema ") || out.starts_with("cargo "),
        "{out}"
    );
    assert!(out.contains(env!("CARGO_PKG_VERSION")), "{out}");
}

#[test]
fn no_command_is_a_usage_error() {
    let p = project().build();
    let out = p.schema(Vec::<&str>::new()).assert().code(2);
    assert!(
        out.stderr_text().contains("Usage: cargo schema"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn color_never_and_no_color_leave_no_escapes() {
    let p = billing_merged();
    for args in [
        vec!["heads", "--color", "never"],
        vec!["show", "nothing", "--color", "never"],
    ] {
        let out = p.schema(&args).assert();
        let all = format!("{}{}", out.stdout_text(), out.stderr_text());
        assert!(!all.contains('\x1b'), "escape codes in {args:?}: {all:?}");
    }
    // --color always colours the status line, even in a pipe.
    let out = p
        .schema(["revision", "-m", "x", "--color", "always"])
        .assert()
        .success();
    assert!(
        out.stderr_text().contains('\x1b'),
        "{:?}",
        out.stderr_text()
    );
}
