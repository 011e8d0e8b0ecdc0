use std::path::Path;

use time::macros::datetime;

use super::*;

fn put(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn foreign(version: &str, name: &str, up: &str, down: Option<&str>) -> Foreign {
    Foreign {
        version: version.into(),
        name: name.into(),
        up: up.into(),
        down: down.map(str::to_string),
        irreversible_because: None,
        transactional: true,
        path: format!("migrations/{version}_{name}").into(),
    }
}

const NOW: OffsetDateTime = datetime!(2026-01-02 03:04:05 UTC);

/// Plans, writes into `dir`, and loads the graph back.
fn import(tool: ImportTool, fs: &[Foreign], dir: &Path) -> (ImportPlan, Graph) {
    let graph = Graph::load(dir).unwrap();
    let plan = plan(tool, fs, &graph, dir, "{rev}_{slug}", NOW).unwrap();
    super::write(&plan, dir).unwrap();
    (plan, Graph::load(dir).unwrap())
}

#[test]
fn sqlx_layouts_are_read_as_sqlx_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "0001_create_users.sql", "CREATE TABLE users (id int);\n");
    put(d, "2_add_posts.up.sql", "CREATE TABLE posts (id int);");
    put(d, "2_add_posts.down.sql", "DROP TABLE posts;\n");
    put(
        d,
        "10_index.up.sql",
        "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON posts (id);\n",
    );
    put(d, "10_index.down.sql", "-- nothing to undo\n\n");
    put(d, "README.md", "not a migration");
    put(d, "notes.sql", "-- no underscore: sqlx passes it over");
    let read = sqlx::read(d).unwrap();
    let got: Vec<_> = read
        .migrations
        .iter()
        .map(|m| {
            (
                m.version.as_str(),
                m.name.as_str(),
                m.down.is_some(),
                m.transactional,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1", "create_users", false, true),
            ("2", "add_posts", true, true),
            ("10", "index", false, false),
        ]
    );
    assert_eq!(read.migrations[1].up, "CREATE TABLE posts (id int);");
    assert_eq!(
        read.migrations[2].irreversible_because.as_deref(),
        Some("down file has no statements")
    );
    assert_eq!(read.ignored, [d.join("notes.sql")]);

    put(d, "x_bad.sql", "SELECT 1;");
    assert!(matches!(sqlx::read(d), Err(ImportError::BadName { .. })));
    std::fs::remove_file(d.join("x_bad.sql")).unwrap();
    put(d, "01_again.sql", "SELECT 1;");
    assert!(matches!(
        sqlx::read(d),
        Err(ImportError::DuplicateVersion { ref version, .. }) if version == "1"
    ));
    std::fs::remove_file(d.join("01_again.sql")).unwrap();
    put(d, "11_orphan.down.sql", "SELECT 1;");
    assert!(matches!(sqlx::read(d), Err(ImportError::Unpaired { .. })));
}

#[test]
fn an_import_chains_revisions_and_keeps_the_sql_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let fs = [
        foreign(
            "20230101000000",
            "create_users",
            "CREATE TABLE users (id int);\n",
            Some("DROP TABLE users;\n"),
        ),
        foreign(
            "20230102000000",
            "no_newline",
            "  CREATE TABLE b (id int); -- end",
            Some("DROP TABLE b;"),
        ),
        foreign("20230103000000", "one_way", "DELETE FROM users;\r\n", None),
    ];
    let (plan, graph) = import(ImportTool::Diesel, &fs, dir.path());
    assert_eq!(plan.files.len(), 3);
    assert_eq!(graph.heads().len(), 1);
    let order: Vec<_> = graph
        .revisions()
        .iter()
        .map(|m| m.header.imported_from.clone().unwrap().version)
        .collect();
    assert_eq!(
        order,
        ["20230101000000", "20230102000000", "20230103000000"]
    );
    let m = graph.by_id(plan.files[0].revision.as_str()).unwrap();
    assert!(m.parents().is_empty());
    assert_eq!(m.header.message, "create_users");
    assert_eq!(m.up_sql(), fs[0].up);
    assert_eq!(m.down_sql(), fs[0].down.as_deref());
    let m = graph.by_id(plan.files[1].revision.as_str()).unwrap();
    assert_eq!(m.parents(), [plan.files[0].revision.clone()]);
    assert_eq!(
        m.up_sql(),
        format!("{}\n", fs[1].up),
        "only a line end added"
    );
    assert_eq!(m.down_sql(), fs[1].down.as_deref());
    let m = graph.by_id(plan.files[2].revision.as_str()).unwrap();
    assert!(m.header.irreversible);
    assert_eq!(m.up_sql(), fs[2].up);

    // Again: nothing new; one more migration is chained after the head.
    let again = super::plan(
        ImportTool::Diesel,
        &fs,
        &graph,
        dir.path(),
        "{rev}_{slug}",
        NOW,
    )
    .unwrap();
    assert!(again.files.is_empty());
    assert_eq!(again.skipped.len(), 3);
    let mut more = fs.to_vec();
    more.push(foreign(
        "20230104000000",
        "later",
        "SELECT 1;\n",
        Some("SELECT 2;\n"),
    ));
    let (plan2, graph) = import(ImportTool::Diesel, &more, dir.path());
    assert_eq!(plan2.files.len(), 1);
    assert_eq!(
        plan2.files[0].revises.as_ref(),
        Some(&plan.files[2].revision)
    );
    assert_eq!(graph.len(), 4);

    // An edited or an older new migration is refused.
    let mut edited = more.clone();
    edited[0].up.push_str("-- edited\n");
    assert!(matches!(
        super::plan(
            ImportTool::Diesel,
            &edited,
            &graph,
            dir.path(),
            "{rev}_{slug}",
            NOW
        ),
        Err(ImportError::Changed { .. })
    ));
    let mut older = more.clone();
    older.push(foreign(
        "20220101000000",
        "old",
        "SELECT 1;",
        Some("SELECT 1;"),
    ));
    assert!(matches!(
        super::plan(
            ImportTool::Diesel,
            &older,
            &graph,
            dir.path(),
            "{rev}_{slug}",
            NOW
        ),
        Err(ImportError::OutOfOrder { .. })
    ));
}

#[test]
fn sql_that_reads_as_a_marker_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let fs = [
        foreign("1", "fine", "SELECT 1;\n", Some("SELECT 1;\n")),
        foreign(
            "2",
            "tricky",
            "SELECT 1;\n-- migrate:down\n",
            Some("SELECT 1;\n"),
        ),
    ];
    let graph = Graph::load(dir.path()).unwrap();
    let err = plan(
        ImportTool::Sqlx,
        &fs,
        &graph,
        dir.path(),
        "{rev}_{slug}",
        NOW,
    )
    .unwrap_err();
    assert!(
        matches!(err, ImportError::MarkerInSql { line: 2, .. }),
        "{err:?}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

fn applied(versions: &[&str]) -> Vec<Applied> {
    versions
        .iter()
        .map(|v| Applied {
            version: v.to_string(),
            success: true,
            checksum: None,
        })
        .collect()
}

#[test]
fn adoption_maps_applied_versions_or_refuses_with_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let fs: Vec<Foreign> = (1..=4)
        .map(|n| {
            foreign(
                &format!("2023010{n}000000"),
                &format!("step_{n}"),
                "SELECT 1;\n",
                Some("SELECT 1;\n"),
            )
        })
        .collect();
    let (plan, graph) = import(ImportTool::Diesel, &fs, dir.path());
    let rev = |n: usize| plan.files[n - 1].revision.clone();

    let a = adopt(
        &graph,
        ImportTool::Diesel,
        &applied(&["20230101000000", "20230102000000"]),
    )
    .unwrap();
    assert_eq!(a.rows, [rev(2)]);
    assert_eq!(a.applied.len(), 2);
    let a = adopt(&graph, ImportTool::Diesel, &applied(&[])).unwrap();
    assert!(a.rows.is_empty());

    let err = adopt(
        &graph,
        ImportTool::Diesel,
        &applied(&["20230101000000", "20240101000000", "1"]),
    )
    .unwrap_err();
    assert!(
        matches!(&err, ImportError::UnknownVersions { versions, .. } if versions == &["1", "20240101000000"]),
        "{err:?}"
    );
    let err = adopt(
        &graph,
        ImportTool::Diesel,
        &applied(&["20230101000000", "20230103000000"]),
    )
    .unwrap_err();
    assert!(
        matches!(&err, ImportError::Gaps { missing, .. } if missing.len() == 1 && missing[0].starts_with("20230102000000")),
        "{err:?}"
    );
    assert!(matches!(
        adopt(&graph, ImportTool::Sqlx, &applied(&["1"])),
        Err(ImportError::NothingImported { .. })
    ));
}

#[test]
fn sqlx_versions_compare_as_integers_and_failures_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fs = [
        foreign("9", "a", "SELECT 1;\n", None),
        foreign("10", "b", "SELECT 2;\n", None),
    ];
    let (plan, graph) = import(ImportTool::Sqlx, &fs, dir.path());
    let a = adopt(&graph, ImportTool::Sqlx, &applied(&["9", "10"])).unwrap();
    assert_eq!(a.rows, [plan.files[1].revision.clone()]);
    assert!(a.warnings.is_empty());
    let mut rows = applied(&["9"]);
    rows[0].checksum = Some("00".into());
    assert_eq!(
        adopt(&graph, ImportTool::Sqlx, &rows)
            .unwrap()
            .warnings
            .len(),
        1
    );
    rows[0].checksum = None;
    rows[0].success = false;
    assert!(matches!(
        adopt(&graph, ImportTool::Sqlx, &rows),
        Err(ImportError::Failed { .. })
    ));
}

#[test]
fn diesel_versions_keep_imported_ones_and_order_the_rest_by_depth() {
    let dir = tempfile::tempdir().unwrap();
    let fs = [foreign(
        "20230101000000",
        "a",
        "SELECT 1;\n",
        Some("SELECT 1;\n"),
    )];
    let (plan, _) = import(ImportTool::Diesel, &fs, dir.path());
    let first = plan.files[0].revision.clone();
    std::fs::write(
        dir.path().join("b.sql"),
        format!("-- revision: bbbbbbbbbbbb\n-- revises: {first}\n-- message: b\n\n-- migrate:up\n\n-- migrate:down\n"),
    )
    .unwrap();
    let graph = Graph::load(dir.path()).unwrap();
    let versions = diesel_versions(&graph);
    assert_eq!(versions, ["20230101000000", "r000002_bbbbbbbbbbbb"]);
    assert!(versions[0] < versions[1], "diesel's order is the graph's");
}

#[cfg(feature = "diesel")]
mod diesel_dirs {
    use super::*;

    #[test]
    fn diesel_directories_are_read_through_diesel_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        put(
            d,
            "00000000000000_diesel_initial_setup/up.sql",
            "SELECT 0;\n",
        );
        put(
            d,
            "00000000000000_diesel_initial_setup/down.sql",
            "SELECT 0;\n",
        );
        put(
            d,
            "2023-01-02-000000_index/up.sql",
            "CREATE INDEX i ON t (a);\n",
        );
        put(
            d,
            "2023-01-02-000000_index/down.sql",
            "-- This file should undo anything in `up.sql`\n",
        );
        put(
            d,
            "2023-01-02-000000_index/metadata.toml",
            "run_in_transaction = false\n",
        );
        put(
            d,
            "2023-01-01-000000_create_t/up.sql",
            "CREATE TABLE t (a int);",
        );
        put(d, ".hidden/up.sql", "ignored");
        put(d, "notes.txt", "ignored");
        let read = diesel::read(d).unwrap();
        let got: Vec<_> = read
            .iter()
            .map(|m| {
                (
                    m.version.as_str(),
                    m.name.as_str(),
                    m.transactional,
                    m.down.is_some(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("00000000000000", "diesel_initial_setup", true, true),
                ("20230101000000", "create_t", true, false),
                ("20230102000000", "index", false, false),
            ]
        );
        assert_eq!(read[1].irreversible_because.as_deref(), Some("no down.sql"));
        assert_eq!(
            read[2].irreversible_because.as_deref(),
            Some("down.sql has no statements")
        );
        assert_eq!(read[1].up, "CREATE TABLE t (a int);");
    }

    #[test]
    fn malformed_diesel_directories_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        put(d, "2023-01-01-000000_ok/up.sql", "SELECT 1;");
        put(d, "create_users/up.sql", "SELECT 1;");
        assert!(matches!(
            diesel::read(d),
            Err(ImportError::BadName { ref path, .. }) if path.ends_with("create_users")
        ));
        std::fs::remove_dir_all(d.join("create_users")).unwrap();
        std::fs::create_dir_all(d.join("2023-01-02-000000_no_up")).unwrap();
        put(d, "2023-01-02-000000_no_up/down.sql", "SELECT 1;");
        assert!(matches!(
            diesel::read(d),
            Err(ImportError::MissingUp { ref path }) if path.ends_with("2023-01-02-000000_no_up/up.sql")
        ));
        std::fs::remove_dir_all(d.join("2023-01-02-000000_no_up")).unwrap();
        put(d, "20230101000000_twice/up.sql", "SELECT 1;");
        assert!(matches!(
            diesel::read(d),
            Err(ImportError::DuplicateVersion { .. })
        ));
    }
}
