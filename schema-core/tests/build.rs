//! The build-script half of the drift check (`schema_core::build`): what
//! `track()` writes is what the CLI sees, and what `embed_migrations!()`
//! embeds is what the CLI loads.

use std::path::{Path, PathBuf};

use schema_core::build::{DialectSource, Snapshot, TrackOptions, generate};
use schema_core::graph::Graph;
use schema_core::{Dialect, Migrator, replay};

/// The example app: a branch, a merge, eight revisions.
fn trigpoint() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/trigpoint")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A package with `[package.metadata.schema]` and the given revisions.
fn package(metadata: &str, revisions: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        &format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[package.metadata.schema]\n{metadata}\n\n[workspace]\n"
        ),
    );
    std::fs::create_dir_all(dir.path().join("migrations")).unwrap();
    for (name, text) in revisions {
        write(dir.path(), &format!("migrations/{name}"), text);
    }
    dir
}

fn revision(id: &str, revises: &str, up: &str) -> String {
    format!(
        "-- revision: {id}\n-- revises: {revises}\n-- message: rev {id}\n\n-- migrate:up\n{up}\n\n-- migrate:down\n"
    )
}

fn options(manifest_dir: &Path, out: &Path) -> TrackOptions {
    TrackOptions {
        manifest_dir: manifest_dir.to_path_buf(),
        out_dir: out.to_path_buf(),
        dialect: None,
    }
}

/// The snapshot holds the schema the CLI's replay computes from the same
/// directory, and the embedded files form the same graph, checksums and
/// all: one loader and one replay for build time, run time and the CLI.
#[test]
fn the_snapshot_is_what_the_cli_replays_and_loads() {
    let out = tempfile::tempdir().unwrap();
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        let tracked = generate(&TrackOptions {
            dialect: Some(dialect),
            ..options(&trigpoint(), out.path())
        })
        .unwrap();
        let snapshot = Snapshot::read(&tracked.path).unwrap();
        assert_eq!(snapshot, tracked.snapshot);
        assert_eq!(snapshot.dialect_source, DialectSource::BuildScript);

        let graph = Graph::load(&trigpoint().join("migrations")).unwrap();
        assert_eq!(
            snapshot.schema,
            replay::replay_heads(&graph, dialect).schema
        );
        let head = snapshot.head.as_ref().unwrap();
        assert_eq!(head.revision, "fe98439c07ed");
        assert_eq!(snapshot.revisions, 8);

        let texts: Vec<(String, String)> = snapshot
            .files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(snapshot.root.join(f)).unwrap();
                (f.display().to_string(), text)
            })
            .collect();
        let files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let embedded = Migrator::from_embedded(&files).unwrap();
        let sums = |g: &Graph| {
            g.revisions()
                .iter()
                .map(|m| (m.id().to_string(), m.checksum().to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(sums(embedded.graph()), sums(&graph));
    }
}

#[test]
fn cargo_is_told_what_to_watch() {
    let out = tempfile::tempdir().unwrap();
    let p = package(
        "migrations = \"migrations\"\ndialect = \"postgres\"",
        &[(
            "aaaaaaaaaaaa_a.sql",
            &revision("aaaaaaaaaaaa", "base", "CREATE TABLE a (id BIGINT);"),
        )],
    );
    let tracked = generate(&options(p.path(), out.path())).unwrap();
    let default_db = tracked.default_database.display().to_string();
    let lines = tracked
        .cargo_instructions()
        .replace(&default_db, "[DEFAULT]")
        .replace(&p.path().display().to_string(), "[ROOT]")
        .replace(&out.path().display().to_string(), "[OUT]");
    assert_eq!(
        lines,
        "cargo::rustc-env=CARGO_SCHEMA_SCHEMA=[OUT]/cargo-schema/schema.json\n\
         cargo::rustc-env=CARGO_SCHEMA_DEFAULT_DATABASE=[DEFAULT]\n\
         cargo::rerun-if-changed=[ROOT]/migrations\n\
         cargo::rerun-if-changed=[ROOT]/Cargo.toml\n"
    );
    assert!(default_db.ends_with("schema/dev.sqlite"), "{default_db}");
}

/// Without a configured dialect the URL decides, and a change of the
/// variable reruns the build script.
#[test]
fn the_dialect_comes_from_the_configuration_then_the_url_then_sqlite() {
    let out = tempfile::tempdir().unwrap();
    let p = package(
        "migrations = \"migrations\"\ndatabase-url-env = \"SCHEMA_CORE_BUILD_TEST_URL\"",
        &[],
    );
    let tracked = generate(&options(p.path(), out.path())).unwrap();
    assert_eq!(tracked.snapshot.dialect, Dialect::Sqlite);
    assert_eq!(tracked.snapshot.dialect_source, DialectSource::Default);
    assert_eq!(tracked.watch_env, ["SCHEMA_CORE_BUILD_TEST_URL"]);
    assert!(tracked.snapshot.head.is_none());

    // A `.env` file is read as the CLI reads it (never the process
    // environment, which other tests share).
    write(
        p.path(),
        ".env",
        "SCHEMA_CORE_BUILD_TEST_URL=postgres://u:secret@localhost/db\n",
    );
    let tracked = generate(&options(p.path(), out.path())).unwrap();
    assert_eq!(tracked.snapshot.dialect, Dialect::Postgres);
    assert_eq!(
        tracked.snapshot.dialect_source,
        DialectSource::Url {
            var: "SCHEMA_CORE_BUILD_TEST_URL".into()
        }
    );
    assert!(tracked.watch_files.contains(&p.path().join(".env")));
    assert!(!tracked.snapshot.to_json().contains("secret"));
}

#[test]
fn a_missing_directory_is_a_warning_not_a_rerun_on_every_build() {
    let out = tempfile::tempdir().unwrap();
    let p = package("migrations = \"db\"\ndialect = \"sqlite\"", &[]);
    let tracked = generate(&options(p.path(), out.path())).unwrap();
    assert!(!tracked.watch_files.contains(&p.path().join("db")));
    assert_eq!(tracked.warnings.len(), 1);
    assert!(
        tracked.warnings[0].contains("does not exist"),
        "{:?}",
        tracked.warnings
    );
}

/// Several heads, a cycle or a malformed file: one error, rendered as the
/// CLI renders it.
#[test]
fn a_broken_set_is_one_diagnostic() {
    let out = tempfile::tempdir().unwrap();
    let two_heads = package(
        "dialect = \"sqlite\"",
        &[
            ("aaaaaaaaaaaa_a.sql", &revision("aaaaaaaaaaaa", "base", "")),
            ("bbbbbbbbbbbb_b.sql", &revision("bbbbbbbbbbbb", "base", "")),
        ],
    );
    let e = generate(&options(two_heads.path(), out.path())).unwrap_err();
    let text = schema_core::build::render(&e);
    assert!(
        text.contains("multiple head revisions are present"),
        "{text}"
    );
    assert!(text.contains("aaaaaaaaaaaa  rev aaaaaaaaaaaa"), "{text}");
    assert!(text.contains("cargo schema merge"), "{text}");

    let cycle = package(
        "dialect = \"sqlite\"",
        &[
            (
                "aaaaaaaaaaaa_a.sql",
                &revision("aaaaaaaaaaaa", "bbbbbbbbbbbb", ""),
            ),
            (
                "bbbbbbbbbbbb_b.sql",
                &revision("bbbbbbbbbbbb", "aaaaaaaaaaaa", ""),
            ),
        ],
    );
    let e = generate(&options(cycle.path(), out.path())).unwrap_err();
    assert!(schema_core::build::render(&e).contains("cycle"));

    let malformed = package(
        "dialect = \"sqlite\"",
        &[(
            "aaaaaaaaaaaa_a.sql",
            "-- revision: aaaaaaaaaaaa\nCREATE TABLE a (id int);\n",
        )],
    );
    let e = generate(&options(malformed.path(), out.path())).unwrap_err();
    let text = schema_core::build::render(&e);
    assert!(text.contains("aaaaaaaaaaaa_a.sql"), "{text}");
}

#[test]
fn another_format_is_refused() {
    let e = Snapshot::from_json(r#"{"format": 99}"#).unwrap_err();
    assert!(e.contains("format 99"), "{e}");
}
