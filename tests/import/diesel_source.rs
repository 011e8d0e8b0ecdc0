//! `schema_core::diesel_source::DieselMigrations`: our example's revisions
//! (a billing branch and a merge) run through diesel's own
//! `MigrationHarness` give the schema `cargo schema upgrade head` gives,
//! introspected, and the bookkeeping the CLI reads (`check` passes,
//! `current` is the head). Reverting through diesel moves
//! `schema_version` back one revision; a revision the CLI applied is
//! refused rather than run twice.

use std::path::PathBuf;

use schema_core::config::DEFAULT_VERSION_TABLE;
use schema_core::diesel_source::DieselMigrations;
use schema_core::runner::Database;
use schema_core::schema::{Schema, TableName};
use schema_core::script::Tables;
use schema_core::url::DatabaseUrl;
use schema_e2e::TestProject;

use crate::layouts::diesel_connect;
use crate::support::{Backend, TestDb, block_on, on_both, project_with, schema, schema_json};

on_both!(example_through_diesels_harness_equals_upgrade_head);

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/trigpoint/migrations")
}

/// A project whose migrations are the example's, read in place.
fn example_project() -> TestProject {
    let dir = example_dir()
        .canonicalize()
        .expect("the example's migrations");
    project_with("")
        .metadata(&format!("migrations = {:?}", dir.to_string_lossy()))
        .build()
}

fn introspect(db: &TestDb) -> Schema {
    block_on(async {
        let url = DatabaseUrl::parse(db.url()).expect("a valid URL");
        let mut conn = Database::connect(&url).await.expect("connect");
        let mut schema =
            schema_core::introspect::introspect(&mut conn, &Tables::new(DEFAULT_VERSION_TABLE))
                .await
                .unwrap_or_else(|e| panic!("introspection failed: {e}"));
        conn.close().await;
        // diesel's own bookkeeping is not part of the application's schema.
        schema
            .tables
            .remove(&TableName::new("__diesel_schema_migrations"));
        schema
    })
}

fn example_through_diesels_harness_equals_upgrade_head(backend: Backend) {
    let through_diesel = TestDb::new(backend, "import_source_diesel");
    let through_cli = TestDb::new(backend, "import_source_cli");
    let p = example_project();
    let source = DieselMigrations::from_dir(example_dir()).expect("the example's revisions");
    let graph = source.graph().clone();
    let head = graph.get(graph.heads()[0]).id().to_string();

    let mut conn = diesel_connect(&through_diesel);
    let ran = conn
        .run_pending(source.clone())
        .expect("diesel runs our revisions");
    assert_eq!(ran.len(), graph.len(), "{ran:?}");
    let mut sorted = source.versions().to_vec();
    sorted.sort();
    assert_eq!(ran, sorted, "every revision, in diesel's version order");
    assert!(conn.run_pending(source.clone()).expect("again").is_empty());

    schema(&p, &through_cli, &["upgrade", "head"]).success();
    let expected = introspect(&through_cli);
    assert!(!expected.tables.is_empty());
    assert_eq!(introspect(&through_diesel), expected);

    // The CLI sees what diesel did, as if it had done it itself.
    assert_eq!(through_diesel.versions(), [head.as_str()]);
    schema(&p, &through_diesel, &["check"]).success();
    let history = through_diesel.history();
    assert_eq!(history.len(), graph.len());
    assert!(
        history.iter().all(|h| h.direction == "up" && h.finished),
        "{history:#?}"
    );

    // Reverting through diesel moves schema_version back one revision.
    let reverted = conn.revert_last(source.clone()).expect("revert the head");
    assert_eq!(Some(&reverted), sorted.last());
    assert_eq!(
        reverted,
        source.versions()[graph.index_of(&head).expect("head")]
    );
    let i = graph.index_of(&head).expect("head");
    let mut parents: Vec<String> = graph
        .parents_of(i)
        .iter()
        .map(|&p| graph.get(p).id().to_string())
        .collect();
    parents.sort();
    assert_eq!(through_diesel.versions(), parents);
    schema(&p, &through_diesel, &["check"]).code(1);
    assert_eq!(conn.run_pending(source.clone()).expect("again").len(), 1);
    schema(&p, &through_diesel, &["check"]).success();
    let current = schema_json(&p, &through_diesel, &["current"]);
    assert_eq!(
        current["current"][0]["revision"],
        head.as_str(),
        "{current:#}"
    );

    // A database the CLI migrated: diesel's table knows nothing, and the
    // first revision is refused instead of being run a second time.
    let mut cli_conn = diesel_connect(&through_cli);
    let err = cli_conn
        .run_pending(source)
        .expect_err("an applied revision must not run twice");
    assert!(err.contains("already applied"), "{err}");
    assert!(err.contains("__diesel_schema_migrations"), "{err}");
    assert_eq!(introspect(&through_cli), expected, "nothing changed");
}
