//! Configuration: reading `[package.metadata.schema]`, package selection,
//! URL precedence and `init`.
//!
//! Most cases build `cargo metadata` output by hand and call
//! `from_metadata`; the package-selection cases run the real `cargo
//! metadata` on a temporary workspace through `load`.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use schema_core::Dialect;
use schema_core::config::{
    self, Config, ConfigError, ConfigRequest, ConfigSource, InitOptions, KeyProblem, UrlSource,
};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// `cargo metadata --no-deps` output for a workspace at `root` whose members
/// are `(name, directory relative to root, package metadata)`.
fn metadata(
    root: &Path,
    members: &[(&str, &str, Value)],
    workspace: Value,
) -> cargo_metadata::Metadata {
    let packages: Vec<Value> = members
        .iter()
        .map(|(name, dir, meta)| {
            let dir = if dir.is_empty() {
                root.to_path_buf()
            } else {
                root.join(dir)
            };
            json!({
                "name": name,
                "version": "0.1.0",
                "id": format!("path+file://{}#0.1.0", dir.display()),
                "license": null, "license_file": null, "description": null, "source": null,
                "dependencies": [], "targets": [], "features": {},
                "manifest_path": dir.join("Cargo.toml"),
                "metadata": meta,
                "publish": null, "authors": [], "categories": [], "keywords": [],
                "readme": null, "repository": null, "homepage": null, "documentation": null,
                "edition": "2024", "links": null, "default_run": null, "rust_version": null,
            })
        })
        .collect();
    let ids: Vec<Value> = packages.iter().map(|p| p["id"].clone()).collect();
    let out = json!({
        "packages": packages,
        "workspace_members": ids,
        "workspace_default_members": ids,
        "resolve": null,
        "target_directory": root.join("target"),
        "version": 1,
        "workspace_root": root,
        "metadata": workspace,
    });
    cargo_metadata::MetadataCommand::parse(out.to_string()).unwrap()
}

/// A one-package workspace at `/proj` with `schema` as its table.
fn single(schema: Value) -> Result<Config, ConfigError> {
    let meta = metadata(
        Path::new("/proj"),
        &[("app", "", json!({ "schema": schema }))],
        Value::Null,
    );
    config::from_metadata(&meta, &ConfigRequest::in_dir("/proj"))
}

fn key_error(err: ConfigError) -> Box<config::KeyError> {
    match err {
        ConfigError::Key(err) => err,
        other => panic!("expected a key error, got {other:?}"),
    }
}

fn help(err: &dyn Diagnostic) -> String {
    err.help().map(|h| h.to_string()).unwrap_or_default()
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A package manifest with a library target.
fn package(dir: &Path, name: &str, extra: &str) {
    write(
        &dir.join("Cargo.toml"),
        &format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n{extra}"),
    );
    write(&dir.join("src/lib.rs"), "");
}

fn no_vars(_: &str) -> Option<String> {
    None
}

/// A lookup over fixed variables.
fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

// ---------------------------------------------------------------------------
// reading the table
// ---------------------------------------------------------------------------

#[test]
fn defaults_without_any_table() {
    let meta = metadata(Path::new("/proj"), &[("app", "", Value::Null)], Value::Null);
    let config = config::from_metadata(&meta, &ConfigRequest::in_dir("/proj/src")).unwrap();
    assert_eq!(config.source, ConfigSource::Defaults);
    assert_eq!(config.package.as_deref(), Some("app"));
    assert_eq!(config.root, Path::new("/proj"));
    assert_eq!(config.manifest_path, Path::new("/proj/Cargo.toml"));
    assert_eq!(config.migrations_dir, Path::new("/proj/migrations"));
    assert_eq!(config.dialect, None);
    assert_eq!(config.database_url_env, "DATABASE_URL");
    assert_eq!(config.version_table, "schema_version");
    assert_eq!(config.file_template, "{rev}_{slug}");
    assert_eq!(config.models, vec![PathBuf::from("/proj/src")]);
    assert!(!config.manage_unmodelled_tables);
    assert!(config.environments.is_empty());
    assert_eq!(config.target_dir, Path::new("/proj/target"));
    assert_eq!(config.workspace_root, Path::new("/proj"));
}

#[test]
fn every_key() {
    let config = single(json!({
        "migrations": "db/migrations",
        "dialect": "postgres",
        "database-url-env": "APP_DATABASE_URL",
        "version-table": "ops.schema_version",
        "file-template": "{year}{month}{day}_{rev}_{slug}",
        "models": ["src/models", "../shared/src"],
        "manage-unmodelled-tables": true,
        "environments": {
            "prod": { "database-url-env": "PROD_DATABASE_URL", "protected": true },
            "staging": { "database-url-env": "STAGING_DATABASE_URL" },
            "ci": {},
        },
    }))
    .unwrap();
    assert_eq!(config.source, ConfigSource::Package);
    assert_eq!(config.migrations_dir, Path::new("/proj/db/migrations"));
    assert_eq!(config.dialect, Some(Dialect::Postgres));
    assert_eq!(config.database_url_env, "APP_DATABASE_URL");
    assert_eq!(config.version_table, "ops.schema_version");
    assert_eq!(config.file_template, "{year}{month}{day}_{rev}_{slug}");
    assert_eq!(
        config.models,
        vec![
            PathBuf::from("/proj/src/models"),
            PathBuf::from("/shared/src")
        ]
    );
    assert!(config.manage_unmodelled_tables);
    let prod = &config.environments["prod"];
    assert_eq!(prod.name, "prod");
    assert_eq!(prod.database_url_env.as_deref(), Some("PROD_DATABASE_URL"));
    assert!(prod.protected);
    assert!(!config.environments["staging"].protected);
    assert_eq!(config.environments["ci"].database_url_env, None);

    // The whole configuration serialises (for `--format json`).
    let json = serde_json::to_value(&config).unwrap();
    assert_eq!(json["source"], "package");
    assert_eq!(json["dialect"], "postgres");
}

#[test]
fn unknown_key_names_it_and_lists_the_valid_ones() {
    let err = key_error(single(json!({ "migration": "db" })).unwrap_err());
    assert_eq!(err.key, "migration");
    assert_eq!(err.table, "package.metadata.schema");
    assert_eq!(
        err.to_string(),
        "unknown key `migration` in [package.metadata.schema] of /proj/Cargo.toml"
    );
    assert_eq!(
        help(&*err),
        "did you mean `migrations`? valid keys: migrations, dialect, database-url-env, \
         version-table, file-template, models, manage-unmodelled-tables, environments, lint"
    );
    assert_eq!(
        err.code().unwrap().to_string(),
        "schema::config::unknown_key"
    );

    let err = key_error(single(json!({ "database_url_env": "X" })).unwrap_err());
    assert!(help(&*err).starts_with("did you mean `database-url-env`?"));

    let err = key_error(single(json!({ "colour": "blue" })).unwrap_err());
    assert!(
        help(&*err).starts_with("valid keys: migrations,"),
        "{}",
        help(&*err)
    );
}

#[test]
fn unknown_environment_key() {
    let err =
        key_error(single(json!({ "environments": { "prod": { "protect": true } } })).unwrap_err());
    assert_eq!(err.table, "package.metadata.schema.environments.prod");
    assert_eq!(err.key, "protect");
    assert_eq!(
        help(&*err),
        "did you mean `protected`? valid keys: database-url-env, protected"
    );
}

#[test]
fn wrong_types_name_the_key_and_the_expected_type() {
    let cases = [
        (
            json!({ "migrations": 3 }),
            "migrations",
            "must be a string, found an integer",
        ),
        (
            json!({ "models": "src" }),
            "models",
            "must be an array of strings, found a string",
        ),
        (
            json!({ "models": [1] }),
            "models",
            "must be an array of strings, found an integer",
        ),
        (
            json!({ "manage-unmodelled-tables": "yes" }),
            "manage-unmodelled-tables",
            "must be a boolean (true or false), found a string",
        ),
        (
            json!({ "environments": [] }),
            "environments",
            "must be a table, found an array",
        ),
        (
            json!({ "environments": { "prod": "x" } }),
            "prod",
            "must be a table, found a string",
        ),
        (
            json!({ "environments": { "prod": { "protected": 1 } } }),
            "protected",
            "must be a boolean (true or false), found an integer",
        ),
    ];
    for (schema, key, message) in cases {
        let err = key_error(single(schema).unwrap_err());
        assert_eq!(err.key, key);
        assert!(matches!(err.problem, KeyProblem::WrongType { .. }));
        assert!(err.to_string().ends_with(message), "{err}");
    }
    let err = key_error(single(json!({ "models": "src" })).unwrap_err());
    assert_eq!(help(&*err), "for example: models = [\"src\"]");

    let err = key_error(single(json!("migrations")).unwrap_err());
    assert_eq!(err.key, "schema");
    assert_eq!(err.table, "package.metadata");
}

#[test]
fn file_templates_are_validated() {
    for good in [
        "{rev}",
        "{rev}_{slug}",
        "{year}-{month}-{day}T{hour}{minute}{second}_{rev}",
    ] {
        let config = single(json!({ "file-template": good })).unwrap();
        assert_eq!(config.file_template, good);
    }
    let cases = [
        ("{revision}_{slug}", "unknown token `{revision}`"),
        ("{rev}_{}", "unknown token `{}`"),
        ("{slug}", "the template must contain `{rev}`"),
        ("{rev}_{slug", "unclosed `{`"),
        ("{rev}_slug}", "unmatched `}`"),
        ("{rev}_{sl{ug}", "unclosed `{`"),
        ("{year}/{rev}", "path separator"),
    ];
    for (template, reason) in cases {
        let err = key_error(single(json!({ "file-template": template })).unwrap_err());
        assert_eq!(err.key, "file-template");
        assert!(err.to_string().contains(reason), "{template}: {err}");
    }
    let err = key_error(single(json!({ "file-template": "{date}_{rev}" })).unwrap_err());
    assert_eq!(
        help(&*err),
        "valid tokens: {rev} {slug} {year} {month} {day} {hour} {minute} {second}"
    );
}

#[test]
fn version_table_is_an_identifier() {
    for good in [
        "schema_version",
        "alembic_version",
        "ops.schema_version",
        "_v2",
    ] {
        assert_eq!(
            single(json!({ "version-table": good }))
                .unwrap()
                .version_table,
            good
        );
    }
    for bad in [
        "",
        "schema-version",
        "2versions",
        "a.b.c",
        "schema version",
        "\"quoted\"",
        ".x",
    ] {
        let err = key_error(single(json!({ "version-table": bad })).unwrap_err());
        assert_eq!(err.key, "version-table", "{bad}");
    }
}

#[test]
fn dialect_and_variable_names_are_validated() {
    let err = key_error(single(json!({ "dialect": "oracle" })).unwrap_err());
    assert!(err.to_string().contains("unknown dialect `oracle`"));
    assert!(help(&*err).contains("postgres, sqlite or mysql"));

    let err = key_error(single(json!({ "database-url-env": "$DATABASE_URL" })).unwrap_err());
    assert_eq!(
        help(&*err),
        "write the variable's name alone: \"DATABASE_URL\""
    );

    // A URL pasted where the variable's name belongs is not echoed.
    let err = key_error(
        single(json!({ "database-url-env": "postgres://app:hunter2@db/x" })).unwrap_err(),
    );
    assert!(!err.to_string().contains("hunter2"));
    assert!(!format!("{err:?}").contains("hunter2"));

    let err = key_error(
        single(json!({ "environments": { "prod": { "database-url-env": "PROD URL" } } }))
            .unwrap_err(),
    );
    assert_eq!(err.key, "database-url-env");
    assert_eq!(err.table, "package.metadata.schema.environments.prod");
}

#[test]
fn key_errors_point_into_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let manifest = "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n\
        [package.metadata.schema]\n# where revisions live\nmigration = \"db\"\n\n\
        [package.metadata.schema.environments.prod]\nprotectd = true\n";
    write(&root.join("Cargo.toml"), manifest);

    let check = |schema: Value, key: &str, label: &str| {
        let meta = metadata(
            root,
            &[("app", "", json!({ "schema": schema }))],
            Value::Null,
        );
        let err = config::from_metadata(&meta, &ConfigRequest::in_dir(root)).unwrap_err();
        let err = key_error(err);
        assert!(err.source_code().is_some());
        let labels: Vec<_> = err.labels().unwrap().collect();
        assert_eq!(labels.len(), 1);
        let span = labels[0].inner();
        assert_eq!(&manifest[span.offset()..span.offset() + span.len()], key);
        assert_eq!(labels[0].label(), Some(label));
    };
    check(json!({ "migration": "db" }), "migration", "unknown key");
    check(
        json!({ "environments": { "prod": { "protectd": true } } }),
        "protectd",
        "unknown key",
    );

    // Not found in the text: no span, still an error.
    let meta = metadata(
        root,
        &[("app", "", json!({ "schema": { "nowhere": 1 } }))],
        Value::Null,
    );
    let err = key_error(config::from_metadata(&meta, &ConfigRequest::in_dir(root)).unwrap_err());
    assert!(err.labels().is_none());
    assert!(err.source_code().is_none());
}

#[test]
fn dotted_keys_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let manifest = "[package]\nname = \"app\"\n\n[package.metadata]\n\
        schema.environments.prod.protected = \"yes\"\n";
    write(&root.join("Cargo.toml"), manifest);
    let schema = json!({ "environments": { "prod": { "protected": "yes" } } });
    let meta = metadata(
        root,
        &[("app", "", json!({ "schema": schema }))],
        Value::Null,
    );
    let err = key_error(config::from_metadata(&meta, &ConfigRequest::in_dir(root)).unwrap_err());
    let span = err.labels().unwrap().next().unwrap().inner().to_owned();
    assert_eq!(
        &manifest[span.offset()..span.offset() + span.len()],
        "protected"
    );
}

// ---------------------------------------------------------------------------
// package selection (from metadata)
// ---------------------------------------------------------------------------

fn two_member_virtual_workspace() -> cargo_metadata::Metadata {
    metadata(
        Path::new("/ws"),
        &[
            (
                "api",
                "crates/api",
                json!({ "schema": { "migrations": "sql", "dialect": "postgres" } }),
            ),
            ("worker", "crates/worker", Value::Null),
        ],
        json!({ "schema": { "migrations": "db/migrations", "models": ["models"] } }),
    )
}

#[test]
fn package_table_wins_whole() {
    let meta = two_member_virtual_workspace();
    let config =
        config::from_metadata(&meta, &ConfigRequest::in_dir("/ws/crates/api/src")).unwrap();
    assert_eq!(config.package.as_deref(), Some("api"));
    assert_eq!(config.source, ConfigSource::Package);
    assert_eq!(config.root, Path::new("/ws/crates/api"));
    assert_eq!(config.migrations_dir, Path::new("/ws/crates/api/sql"));
    // Not merged with the workspace table: the default models apply.
    assert_eq!(config.models, vec![PathBuf::from("/ws/crates/api/src")]);
    assert_eq!(config.table_name(), "package.metadata.schema");
}

#[test]
fn workspace_table_is_the_fallback() {
    let meta = two_member_virtual_workspace();
    let config = config::from_metadata(&meta, &ConfigRequest::in_dir("/ws/crates/worker")).unwrap();
    assert_eq!(config.package.as_deref(), Some("worker"));
    assert_eq!(config.source, ConfigSource::Workspace);
    assert_eq!(config.root, Path::new("/ws/crates/worker"));
    assert_eq!(
        config.manifest_path,
        Path::new("/ws/crates/worker/Cargo.toml")
    );
    // Paths of the workspace table are relative to the workspace manifest.
    assert_eq!(config.migrations_dir, Path::new("/ws/db/migrations"));
    assert_eq!(config.models, vec![PathBuf::from("/ws/models")]);
    assert_eq!(config.table_name(), "workspace.metadata.schema");
}

#[test]
fn virtual_root_selects_the_workspace() {
    let meta = two_member_virtual_workspace();
    let config = config::from_metadata(&meta, &ConfigRequest::in_dir("/ws")).unwrap();
    assert_eq!(config.package, None);
    assert_eq!(config.source, ConfigSource::Workspace);
    assert_eq!(config.root, Path::new("/ws"));
    assert_eq!(config.manifest_path, Path::new("/ws/Cargo.toml"));
    assert_eq!(config.migrations_dir, Path::new("/ws/db/migrations"));

    let req = ConfigRequest {
        manifest_path: Some("Cargo.toml".into()),
        package: None,
        cwd: "/ws".into(),
    };
    assert_eq!(config::from_metadata(&meta, &req).unwrap().package, None);
}

#[test]
fn flags_select_a_member() {
    let meta = two_member_virtual_workspace();
    let req = ConfigRequest {
        manifest_path: None,
        package: Some("api".into()),
        cwd: "/ws/crates/worker".into(),
    };
    assert_eq!(
        config::from_metadata(&meta, &req)
            .unwrap()
            .package
            .as_deref(),
        Some("api")
    );

    let req = ConfigRequest {
        manifest_path: Some("../api/Cargo.toml".into()),
        package: None,
        cwd: "/ws/crates/worker".into(),
    };
    assert_eq!(
        config::from_metadata(&meta, &req)
            .unwrap()
            .package
            .as_deref(),
        Some("api")
    );
}

#[test]
fn unknown_package_lists_the_members() {
    let meta = two_member_virtual_workspace();
    let req = ConfigRequest {
        manifest_path: None,
        package: Some("apii".into()),
        cwd: "/ws".into(),
    };
    let err = config::from_metadata(&meta, &req).unwrap_err();
    let ConfigError::UnknownPackage { name, members } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(name, "apii");
    assert_eq!(members, &["api", "worker"]);
    assert_eq!(
        err.to_string(),
        "package `apii` is not a member of this workspace"
    );
    assert_eq!(help(&err), "workspace members: api, worker");
}

#[test]
fn deepest_member_wins() {
    let meta = metadata(
        Path::new("/r"),
        &[
            ("root", "", Value::Null),
            ("inner", "tools/inner", Value::Null),
        ],
        Value::Null,
    );
    let pick = |cwd: &str| {
        config::from_metadata(&meta, &ConfigRequest::in_dir(cwd))
            .unwrap()
            .package
            .unwrap()
    };
    assert_eq!(pick("/r"), "root");
    assert_eq!(pick("/r/tools"), "root");
    assert_eq!(pick("/r/tools/inner"), "inner");
    assert_eq!(pick("/r/tools/inner/src/bin"), "inner");
    assert_eq!(pick("/r/tools/inner2"), "root");
}

// ---------------------------------------------------------------------------
// package selection (real cargo metadata)
// ---------------------------------------------------------------------------

/// A workspace whose root is a package `root` with members `a` (at `a/`)
/// and `b` (at `crates/b/`); `a` has its own table, the workspace has one.
fn real_workspace(root: &Path) {
    package(
        root,
        "root",
        "\n[workspace]\nmembers = [\"a\", \"crates/b\"]\n\n\
         [workspace.metadata.schema]\nmigrations = \"db\"\n",
    );
    package(
        &root.join("a"),
        "a",
        "\n[package.metadata.schema]\nmigrations = \"sql\"\ndialect = \"sqlite\"\n",
    );
    package(&root.join("crates/b"), "b", "");
}

#[test]
fn load_selects_like_cargo() {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    real_workspace(&root);

    let load = |req: ConfigRequest| config::load(&req).unwrap();

    let a = load(ConfigRequest::in_dir(root.join("a/src")));
    assert_eq!(a.package.as_deref(), Some("a"));
    assert_eq!(a.source, ConfigSource::Package);
    assert_eq!(a.migrations_dir, root.join("a/sql"));
    assert_eq!(a.dialect, Some(Dialect::Sqlite));
    assert_eq!(a.workspace_root, root);
    assert!(a.target_dir.is_absolute());

    let b = load(ConfigRequest::in_dir(root.join("crates/b")));
    assert_eq!(b.package.as_deref(), Some("b"));
    assert_eq!(b.source, ConfigSource::Workspace);
    assert_eq!(b.migrations_dir, root.join("db"));
    assert_eq!(b.models, vec![root.join("crates/b/src")]);

    // The root package, also from a directory of no member.
    fs::create_dir_all(root.join("docs")).unwrap();
    for cwd in [root.clone(), root.join("docs"), root.join("crates")] {
        let config = load(ConfigRequest::in_dir(&cwd));
        assert_eq!(config.package.as_deref(), Some("root"), "{}", cwd.display());
        assert_eq!(config.source, ConfigSource::Workspace);
    }

    let by_name = load(ConfigRequest {
        manifest_path: None,
        package: Some("a".into()),
        cwd: root.join("crates/b"),
    });
    assert_eq!(by_name.package.as_deref(), Some("a"));

    let by_manifest = load(ConfigRequest {
        manifest_path: Some("crates/b/Cargo.toml".into()),
        package: None,
        cwd: root.clone(),
    });
    assert_eq!(by_manifest.package.as_deref(), Some("b"));
    assert_eq!(by_manifest.manifest_path, root.join("crates/b/Cargo.toml"));

    let err = config::load(&ConfigRequest {
        manifest_path: None,
        package: Some("c".into()),
        cwd: root.clone(),
    })
    .unwrap_err();
    assert_eq!(help(&err), "workspace members: a, b, root");
}

#[test]
fn load_in_a_virtual_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"x\", \"y\"]\n\n\
         [workspace.metadata.schema]\nmigrations = \"migrations\"\n\n\
         [workspace.metadata.schema.environments.prod]\n\
         database-url-env = \"PROD_DATABASE_URL\"\nprotected = true\n",
    );
    package(&root.join("x"), "x", "");
    package(&root.join("y"), "y", "");

    let config = config::load(&ConfigRequest::in_dir(&root)).unwrap();
    assert_eq!(config.package, None);
    assert_eq!(config.source, ConfigSource::Workspace);
    assert_eq!(config.root, root);
    assert_eq!(config.migrations_dir, root.join("migrations"));
    assert!(config.environments["prod"].protected);

    let x = config::load(&ConfigRequest::in_dir(root.join("x"))).unwrap();
    assert_eq!(x.package.as_deref(), Some("x"));
    assert_eq!(x.migrations_dir, root.join("migrations"));
}

#[test]
fn load_reports_cargo_failures() {
    let dir = tempfile::tempdir().unwrap();
    let err = config::load(&ConfigRequest::in_dir(dir.path())).unwrap_err();
    assert!(matches!(err, ConfigError::Metadata { .. }), "{err:?}");
    assert!(help(&err).contains("--manifest-path"));
}

#[test]
fn loadable_without_a_migrations_dir() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path(), "fresh", "");
    let config = config::load(&ConfigRequest::in_dir(dir.path())).unwrap();
    assert!(!config.migrations_dir.exists());
    assert_eq!(config.source, ConfigSource::Defaults);
}

// ---------------------------------------------------------------------------
// database url precedence
// ---------------------------------------------------------------------------

/// A configuration rooted in a temporary directory (for `.env` files).
fn url_config(root: &Path, schema: Value) -> Config {
    let meta = metadata(
        root,
        &[("app", "", json!({ "schema": schema }))],
        Value::Null,
    );
    config::from_metadata(&meta, &ConfigRequest::in_dir(root)).unwrap()
}

fn prod_schema() -> Value {
    json!({
        "environments": {
            "prod": { "database-url-env": "PROD_DATABASE_URL", "protected": true },
            "dev": {},
        }
    })
}

#[test]
fn flag_beats_everything() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join(".env"),
        "DATABASE_URL=postgres://dotenv/x\n",
    );
    let config = url_config(dir.path(), prod_schema());
    let lookup = vars(&[
        ("DATABASE_URL", "postgres://var/x"),
        ("PROD_DATABASE_URL", "postgres://prod/x"),
    ]);
    let resolved = config
        .resolve_url_with(Some("postgres://flag/x"), None, &lookup)
        .unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://flag/x");
    assert_eq!(resolved.source, UrlSource::Flag);
    assert_eq!(resolved.describe(), "from --database-url");
    assert!(!resolved.protected());

    // With --env too, the flag's URL is used but the environment (and its
    // protection) still applies.
    let resolved = config
        .resolve_url_with(Some("postgres://flag/x"), Some("prod"), &lookup)
        .unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://flag/x");
    assert!(resolved.protected());
}

#[test]
fn env_beats_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let config = url_config(dir.path(), prod_schema());
    let lookup = vars(&[
        ("DATABASE_URL", "postgres://var/x"),
        ("PROD_DATABASE_URL", "postgres://app:hunter2@prod/x"),
    ]);
    let resolved = config
        .resolve_url_with(None, Some("prod"), &lookup)
        .unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://app:hunter2@prod/x");
    assert_eq!(
        resolved.source,
        UrlSource::Environment {
            name: "prod".into(),
            var: "PROD_DATABASE_URL".into()
        }
    );
    assert_eq!(
        resolved.describe(),
        "from $PROD_DATABASE_URL (environment prod)"
    );
    assert!(resolved.protected());
    assert_eq!(resolved.environment.as_ref().unwrap().name, "prod");
    let json = serde_json::to_string(&resolved).unwrap();
    assert!(!json.contains("hunter2"), "{json}");

    // An environment without its own variable uses the configured one.
    let resolved = config.resolve_url_with(None, Some("dev"), &lookup).unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://var/x");
    assert!(!resolved.protected());
}

#[test]
fn env_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = url_config(dir.path(), prod_schema());

    let err = config
        .resolve_url_with(None, Some("staging"), no_vars)
        .unwrap_err();
    assert_eq!(err.to_string(), "no environment `staging` is configured");
    assert_eq!(help(&err), "configured environments: dev, prod");

    let err = config
        .resolve_url_with(None, Some("prod"), no_vars)
        .unwrap_err();
    let ConfigError::MissingVariable { var, environment } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(var, "PROD_DATABASE_URL");
    assert_eq!(environment, "prod");
    assert!(err.to_string().contains("$PROD_DATABASE_URL"));

    // Set but empty counts as missing.
    let err = config
        .resolve_url_with(None, Some("prod"), vars(&[("PROD_DATABASE_URL", "")]))
        .unwrap_err();
    assert!(matches!(err, ConfigError::MissingVariable { .. }));

    let bare = url_config(dir.path(), json!({}));
    let err = bare
        .resolve_url_with(None, Some("prod"), no_vars)
        .unwrap_err();
    assert!(help(&err).starts_with(
        "no environments are configured; add one as [package.metadata.schema.environments.NAME]"
    ));
}

#[test]
fn variable_then_dotenv_then_default() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config = url_config(root, json!({ "database-url-env": "APP_URL" }));

    // Nothing set: the embedded default.
    let resolved = config.resolve_url_with(None, None, no_vars).unwrap();
    let path = root.join("target/schema/dev.sqlite");
    assert_eq!(
        resolved.source,
        UrlSource::EmbeddedDefault { path: path.clone() }
    );
    assert_eq!(
        resolved.url.as_str(),
        format!("sqlite://{}?mode=rwc", path.display())
    );
    assert_eq!(resolved.url.sqlite_path(), Some(path.clone()));
    assert_eq!(resolved.url.dialect(), Dialect::Sqlite);
    assert!(resolved.describe().starts_with("embedded default: "));
    assert!(resolved.describe().ends_with("target/schema/dev.sqlite"));
    resolved.create_embedded_default_dir().unwrap();
    assert!(root.join("target/schema").is_dir());

    // A .env file.
    write(
        &root.join(".env"),
        "# local settings\nOTHER=1\nexport APP_URL=\"postgres://dotenv/x\"\nAPP_URL=postgres://second/x\n",
    );
    let resolved = config.resolve_url_with(None, None, no_vars).unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://dotenv/x");
    assert_eq!(
        resolved.source,
        UrlSource::Variable {
            var: "APP_URL".into(),
            dotenv: true
        }
    );
    assert_eq!(resolved.describe(), "from APP_URL in .env");

    // The process environment beats the .env file.
    let resolved = config
        .resolve_url_with(None, None, vars(&[("APP_URL", "postgres://var/x")]))
        .unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://var/x");
    assert_eq!(resolved.describe(), "from $APP_URL");

    // Only the configured variable counts.
    let resolved = config
        .resolve_url_with(None, None, vars(&[("DATABASE_URL", "postgres://var/x")]))
        .unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://dotenv/x");
}

#[test]
fn dotenv_of_the_workspace_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join(".env"), "DATABASE_URL=postgres://workspace/x\n");
    let meta = metadata(root, &[("api", "api", Value::Null)], Value::Null);
    let config = config::from_metadata(&meta, &ConfigRequest::in_dir(root.join("api"))).unwrap();
    assert_eq!(
        config.dotenv_files(),
        vec![root.join("api/.env"), root.join(".env")]
    );
    let resolved = config.resolve_url_with(None, None, no_vars).unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://workspace/x");

    // The package's own .env comes first.
    write(
        &root.join("api/.env"),
        "DATABASE_URL=postgres://package/x\n",
    );
    let resolved = config.resolve_url_with(None, None, no_vars).unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://package/x");
}

#[test]
fn dotenv_is_not_loaded_into_the_process() {
    let dir = tempfile::tempdir().unwrap();
    let var = "SCHEMA_CORE_TEST_DOTENV_ONLY_URL";
    write(
        &dir.path().join(".env"),
        &format!("{var}=postgres://dotenv/x\n"),
    );
    let config = url_config(dir.path(), json!({ "database-url-env": var }));
    let resolved = config.resolve_url(None, None).unwrap();
    assert_eq!(resolved.url.as_str(), "postgres://dotenv/x");
    assert!(std::env::var_os(var).is_none());
}

#[test]
fn malformed_dotenv_does_not_leak() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join(".env"),
        "A=1\nDATABASE_URL='postgres://app:hunter2@db/x\n",
    );
    let config = url_config(dir.path(), json!({}));
    let err = config.resolve_url_with(None, None, no_vars).unwrap_err();
    let ConfigError::DotEnv { path, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(path, &dir.path().join(".env"));
    for shown in [err.to_string(), format!("{err:?}"), help(&err)] {
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}

#[test]
fn no_embedded_default_for_another_dialect() {
    let dir = tempfile::tempdir().unwrap();
    let config = url_config(dir.path(), json!({ "dialect": "postgres" }));
    let err = config.resolve_url_with(None, None, no_vars).unwrap_err();
    assert!(matches!(
        err,
        ConfigError::NoDatabaseUrl {
            dialect: Dialect::Postgres,
            ..
        }
    ));
    assert!(
        err.to_string()
            .starts_with("no database url: $DATABASE_URL is not set")
    );

    let config = url_config(dir.path(), json!({ "dialect": "sqlite" }));
    let resolved = config.resolve_url_with(None, None, no_vars).unwrap();
    assert!(matches!(resolved.source, UrlSource::EmbeddedDefault { .. }));
}

#[test]
fn configured_dialect_must_match_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let config = url_config(dir.path(), json!({ "dialect": "postgres" }));
    let lookup = vars(&[("DATABASE_URL", "mysql://app:hunter2@db/x")]);
    let err = config.resolve_url_with(None, None, lookup).unwrap_err();
    assert!(matches!(
        err,
        ConfigError::DialectMismatch {
            configured: Dialect::Postgres,
            url_dialect: Dialect::Mysql,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "the database url `mysql://app:***@db/x` is a mysql url, but the dialect is configured as postgres"
    );

    let pg = schema_core::url::DatabaseUrl::parse("postgresql://db/x").unwrap();
    assert_eq!(config.dialect_for(&pg), Dialect::Postgres);
    assert_eq!(config.check_dialect(&pg).unwrap(), Dialect::Postgres);
    let inferred = url_config(dir.path(), json!({}));
    let lite = schema_core::url::DatabaseUrl::parse("sqlite:x.db").unwrap();
    assert_eq!(inferred.dialect_for(&lite), Dialect::Sqlite);
}

#[test]
fn invalid_urls_name_their_origin_but_not_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let config = url_config(dir.path(), prod_schema());
    let cases = [
        (
            Some("postgres://app:hun/ter2@db/x"),
            None,
            "from --database-url",
        ),
        (None, Some("prod"), "from $PROD_DATABASE_URL"),
        (None, None, "from $DATABASE_URL"),
    ];
    let lookup = vars(&[
        ("DATABASE_URL", "postgres://app:hunter2@db:port/x"),
        ("PROD_DATABASE_URL", "postgres:app:hunter2@db/x"),
    ]);
    for (flag, env, origin) in cases {
        let err = config.resolve_url_with(flag, env, &lookup).unwrap_err();
        assert!(matches!(err, ConfigError::InvalidUrl { .. }), "{err:?}");
        assert!(err.to_string().contains(origin), "{err}");
        assert!(!help(&err).is_empty());
        for shown in [err.to_string(), format!("{err:?}"), help(&err)] {
            assert!(!shown.contains("hun") && !shown.contains("ter2"), "{shown}");
        }
    }
}

// ---------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------

const COMMENTED_MANIFEST: &str = r#"# The app.
[package]
name = "app"   # keep short
version = "0.1.0"
edition = "2024"

# What we need.
[dependencies]
serde = "1"  # derive later
"#;

#[test]
fn init_adds_the_table_and_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    package(&root, "app", "");
    let manifest = root.join("Cargo.toml");
    fs::write(&manifest, COMMENTED_MANIFEST).unwrap();

    let report = config::init(&manifest, &InitOptions::default()).unwrap();
    assert_eq!(report.table, "package.metadata.schema");
    assert!(report.manifest_changed);
    assert!(report.created_dir);
    assert!(report.existing_files.is_empty());
    assert_eq!(report.migrations_dir, root.join("migrations"));
    assert!(root.join("migrations").is_dir());

    let text = fs::read_to_string(&manifest).unwrap();
    assert_eq!(
        text,
        r#"# The app.
[package]
name = "app"   # keep short
version = "0.1.0"
edition = "2024"

[package.metadata.schema]
migrations = "migrations"

# What we need.
[dependencies]
serde = "1"  # derive later
"#
    );

    // What init wrote, load reads.
    let config = config::load(&ConfigRequest::in_dir(&root)).unwrap();
    assert_eq!(config.source, ConfigSource::Package);
    assert_eq!(config.migrations_dir, root.join("migrations"));

    // Again: nothing to do.
    let again = config::init(&manifest, &InitOptions::default()).unwrap();
    assert!(!again.manifest_changed);
    assert!(!again.created_dir);
    assert_eq!(fs::read_to_string(&manifest).unwrap(), text);

    // Asking for the same explicitly is fine too.
    let same = config::init(
        &manifest,
        &InitOptions {
            migrations: Some("./migrations/".into()),
            dialect: None,
        },
    )
    .unwrap();
    assert!(!same.manifest_changed);
}

#[test]
fn init_with_options_and_an_existing_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    package(
        root,
        "app",
        "\n[package.metadata.docs.rs]\nall-features = true\n",
    );
    write(&root.join("db/sql/0001_init.sql"), "-- old\n");
    write(&root.join("db/sql/README.md"), "hi\n");
    let manifest = root.join("Cargo.toml");

    let opts = InitOptions {
        migrations: Some("db/sql".into()),
        dialect: Some(Dialect::Postgres),
    };
    let report = config::init(&manifest, &opts).unwrap();
    assert!(report.manifest_changed);
    assert!(!report.created_dir);
    assert_eq!(
        report.existing_files,
        vec![PathBuf::from("0001_init.sql"), PathBuf::from("README.md")]
    );
    let text = fs::read_to_string(&manifest).unwrap();
    assert!(
        text.ends_with(
            "[package.metadata.docs.rs]\nall-features = true\n\n\
             [package.metadata.schema]\nmigrations = \"db/sql\"\ndialect = \"postgres\"\n"
        ),
        "{text}"
    );

    // Same options again: a no-op; a dialect alone that agrees: also.
    assert!(!config::init(&manifest, &opts).unwrap().manifest_changed);
    let dialect_only = InitOptions {
        migrations: None,
        dialect: Some(Dialect::Postgres),
    };
    let report = config::init(&manifest, &dialect_only).unwrap();
    assert_eq!(report.migrations_dir, root.join("db/sql"));
}

#[test]
fn init_refuses_a_conflicting_table() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    package(
        root,
        "app",
        "\n[package.metadata.schema]\nmigrations = \"db\"\ndialect = \"sqlite\"\n",
    );
    let manifest = root.join("Cargo.toml");
    let before = fs::read_to_string(&manifest).unwrap();

    let err = config::init(
        &manifest,
        &InitOptions {
            migrations: Some("migrations".into()),
            dialect: None,
        },
    )
    .unwrap_err();
    let ConfigError::InitConflict {
        key,
        existing,
        requested,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*key, "migrations");
    assert_eq!(existing.as_deref(), Some("db"));
    assert_eq!(requested, "migrations");
    assert!(
        err.to_string()
            .contains("already has [package.metadata.schema] with migrations = \"db\"")
    );
    assert!(help(&err).contains("edit Cargo.toml by hand"));

    let err = config::init(
        &manifest,
        &InitOptions {
            migrations: None,
            dialect: Some(Dialect::Postgres),
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ConfigError::InitConflict { key: "dialect", .. }
    ));

    // Nothing was touched.
    assert_eq!(fs::read_to_string(&manifest).unwrap(), before);
    assert!(!root.join("migrations").exists());
    assert!(!root.join("db").exists());
}

#[test]
fn init_in_a_virtual_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let manifest = root.join("Cargo.toml");
    write(&manifest, "[workspace]\nmembers = []  # none yet\n");
    let report = config::init(&manifest, &InitOptions::default()).unwrap();
    assert_eq!(report.table, "workspace.metadata.schema");
    assert_eq!(
        fs::read_to_string(&manifest).unwrap(),
        "[workspace]\nmembers = []  # none yet\n\n[workspace.metadata.schema]\nmigrations = \"migrations\"\n"
    );
}

#[test]
fn init_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let manifest = root.join("Cargo.toml");

    let err = config::init(&manifest, &InitOptions::default()).unwrap_err();
    assert!(
        matches!(err, ConfigError::Io { action: "read", .. }),
        "{err:?}"
    );

    write(&manifest, "[package]\nname = \"app\nversion = 1\n");
    let err = config::init(&manifest, &InitOptions::default()).unwrap_err();
    assert!(matches!(err, ConfigError::ManifestSyntax { .. }), "{err:?}");
    assert!(err.labels().is_some());
    assert!(err.source_code().is_some());

    write(&manifest, "[dependencies]\n");
    let err = config::init(&manifest, &InitOptions::default()).unwrap_err();
    assert!(matches!(err, ConfigError::NotAManifest { .. }), "{err:?}");

    write(&manifest, "[package]\nname = \"app\"\n");
    write(&root.join("migrations"), "a file");
    let err = config::init(&manifest, &InitOptions::default()).unwrap_err();
    assert!(matches!(err, ConfigError::NotADirectory { .. }), "{err:?}");

    let err = config::init(
        &manifest,
        &InitOptions {
            migrations: Some(" ".into()),
            dialect: None,
        },
    )
    .unwrap_err();
    assert!(matches!(err, ConfigError::Key(_)), "{err:?}");
}

/// `load` skips `cargo metadata` when the package's own manifest has the
/// table; whatever path it takes, it must agree with cargo's answer.
fn same_as_cargo(cwd: &Path, manifest: Option<&Path>) {
    let req = ConfigRequest {
        manifest_path: manifest.map(Path::to_path_buf),
        package: None,
        cwd: cwd.to_path_buf(),
    };
    let fast = config::load(&req).unwrap();
    let mut cmd = cargo_metadata::MetadataCommand::new();
    cmd.no_deps().current_dir(cwd);
    if let Some(m) = manifest {
        cmd.manifest_path(cwd.join(m));
    }
    let slow = config::from_metadata(&cmd.exec().unwrap(), &req).unwrap();
    assert_eq!(
        serde_json::to_value(&fast).unwrap(),
        serde_json::to_value(&slow).unwrap(),
        "in {}",
        cwd.display()
    );
}

#[test]
fn the_quick_path_agrees_with_cargo_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    // A package on its own.
    let solo = root.join("solo");
    package(
        &solo,
        "solo",
        "[package.metadata.schema]\nmigrations = \"db\"\nversion-table = \"v_version\"\n\n[package.metadata.schema.environments.prod]\ndatabase-url-env = \"PROD\"\nprotected = true\n\n[workspace]\n",
    );
    same_as_cargo(&solo, None);
    same_as_cargo(&root, Some(Path::new("solo/Cargo.toml")));
    same_as_cargo(&solo.join("src"), None);
    // A member of a workspace matched by a glob, from inside it and from the root.
    let ws = root.join("ws");
    write(
        &ws.join("Cargo.toml"),
        "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n",
    );
    package(
        &ws.join("crates/app"),
        "app",
        "[package.metadata.schema]\nmigrations = \"migrations\"\n",
    );
    same_as_cargo(&ws.join("crates/app"), None);
    same_as_cargo(&ws, Some(Path::new("crates/app/Cargo.toml")));
    // A cargo config that sets target-dir is honoured (by asking cargo).
    write(
        &ws.join(".cargo/config.toml"),
        "[build]\ntarget-dir = \"elsewhere\"\n",
    );
    same_as_cargo(&ws.join("crates/app"), None);
}
