//! `cargo schema history`

use crate::fixtures::{EMAIL, INDEX, INVOICES, MERGE, PLANS, USERS, billing_merged};
use schema_e2e::{AssertExt, assert_mentions, assert_snapshot, project};

#[test]
fn alembic_style_lines_newest_first() {
    let p = billing_merged();
    let out = p.schema(["history"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "
3c4d5e6f7081, 5e6f708192a3 -> 6f708192a3b4 (head) (mergepoint), merge billing
4d5e6f708192 -> 5e6f708192a3, add invoices
<base> -> 4d5e6f708192 (billing), create plans
2b3c4d5e6f70 -> 3c4d5e6f7081, add index
1a2b3c4d5e6f -> 2b3c4d5e6f70, add email
<base> -> 1a2b3c4d5e6f, create users
",
    );
    assert!(out.stderr_text().is_empty());
}

#[test]
fn graph_of_a_merged_branch() {
    let p = billing_merged();
    let out = p.schema(["history", "--graph"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        r"
* 6f708192a3b4 (head) (mergepoint), merge billing
|\
| * 5e6f708192a3, add invoices
| * 4d5e6f708192 (billing), create plans
* 3c4d5e6f7081, add index
* 2b3c4d5e6f70, add email
* 1a2b3c4d5e6f, create users
",
    );
}

/// Revisions made with the CLI (random ids, redacted): a branch point and a
/// merge draw `|\` when the columns open and `|/` when they join.
#[test]
fn graph_of_a_branch_point_and_a_merge() {
    let p = project().build();
    let root = p.new_revision(["-m", "root"]);
    p.new_revision(["-m", "side"]);
    // Same message on both sides: their order among revisions created in the
    // same second depends on the random ids, the drawing does not.
    p.new_revision(["-m", "side", "--head", &root, "--splice"]);
    p.new_merge(["-m", "merge", "heads"]);
    p.new_revision(["-m", "after"]);
    let out = p.schema(["history", "--graph"]).assert().success();
    assert_snapshot(
        &p.redact(&out.stdout_text()),
        r"
* [REV] (head), after
* [REV] (mergepoint), merge
|\
| * [REV], side
* | [REV], side
|/
* [REV] (branchpoint), root
",
    );
}

#[test]
fn verbose_graph_continues_the_columns() {
    let p = billing_merged();
    let out = p
        .schema(["history", "--graph", "-v"])
        .assert()
        .success()
        .stdout_text();
    assert!(
        out.starts_with("* Rev: 6f708192a3b4 (head) (mergepoint)\n| Merges: "),
        "{out}"
    );
    for chunk in [
        "|     Create Date: 2026-01-06T10:00:00Z\n|\\\n| * Rev: 5e6f708192a3\n| | Parent: 4d5e6f708192\n",
        "| | Branch names: billing\n",
        "| |     Create Date: 2026-01-04T10:00:00Z\n* Rev: 3c4d5e6f7081\n| Parent: 2b3c4d5e6f70\n",
    ] {
        assert!(out.contains(chunk), "missing:\n{chunk}\nin:\n{out}");
    }
}

/// A range draws only what it shows: the merge's edge to the main line,
/// which is outside the range, is not drawn.
#[test]
fn verbose_graph_of_a_range() {
    let p = billing_merged();
    let out = p
        .schema(["history", "--graph", "-v", "-r", "4d5e:"])
        .assert()
        .success();
    assert_snapshot(
        &out.stdout_text(),
        r"
* Rev: 6f708192a3b4 (head) (mergepoint)
| Merges: 3c4d5e6f7081, 5e6f708192a3
| Path: migrations/6f708192a3b4_merge_billing.sql
|
|     merge billing
|
|     Revision ID: 6f708192a3b4
|     Revises: 3c4d5e6f7081, 5e6f708192a3
|     Create Date: 2026-01-06T10:00:00Z
* Rev: 5e6f708192a3
| Parent: 4d5e6f708192
| Path: migrations/5e6f708192a3_add_invoices.sql
|
|     add invoices
|
|     Revision ID: 5e6f708192a3
|     Revises: 4d5e6f708192
|     Create Date: 2026-01-05T10:00:00Z
* Rev: 4d5e6f708192 (billing)
| Parent: <base>
| Branch names: billing
| Path: migrations/4d5e6f708192_create_plans.sql
|
|     create plans
|
|     Revision ID: 4d5e6f708192
|     Revises: <base>
|     Create Date: 2026-01-04T10:00:00Z
",
    );
}

#[test]
fn verbose_lines() {
    let p = billing_merged();
    let out = p
        .schema(["history", "--verbose", "-r", ":2b3c"])
        .assert()
        .success();
    assert_snapshot(
        &out.stdout_text(),
        "
Rev: 2b3c4d5e6f70
Parent: 1a2b3c4d5e6f
Path: migrations/2b3c4d5e6f70_add_email.sql

    add email

    Revision ID: 2b3c4d5e6f70
    Revises: 1a2b3c4d5e6f
    Create Date: 2026-01-02T10:00:00Z

Rev: 1a2b3c4d5e6f
Parent: <base>
Path: migrations/1a2b3c4d5e6f_create_users.sql

    create users

    Revision ID: 1a2b3c4d5e6f
    Revises: <base>
    Create Date: 2026-01-01T10:00:00Z
",
    );
}

/// The ids `history -r RANGE --format json` lists, newest first.
fn range(p: &schema_e2e::TestProject, range: &str) -> Vec<String> {
    let out = p.json(["history", "-r", range]);
    out["revisions"]
        .as_array()
        .expect("`revisions` is an array")
        .iter()
        .map(|r| r["revision"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ranges_start_end() {
    let p = billing_merged();
    assert_eq!(range(&p, "2b3c:3c4d"), [INDEX, EMAIL]);
    assert_eq!(range(&p, "base:2b3c"), [EMAIL, USERS]);
    assert_eq!(range(&p, ":2b3c"), [EMAIL, USERS]);
    assert_eq!(range(&p, "billing:"), [MERGE, INVOICES, PLANS]);
    assert_eq!(
        range(&p, "billing@base:billing@head"),
        [MERGE, INVOICES, PLANS]
    );
    assert_eq!(range(&p, "3c4d:head"), [MERGE, INDEX]);
    assert_eq!(range(&p, "1a2b+1:1a2b+2"), [INDEX, EMAIL]);
    assert_eq!(
        range(&p, ":"),
        [MERGE, INVOICES, PLANS, INDEX, EMAIL, USERS]
    );

    let out = p.schema(["history", "-r", "2b3c:3c4d"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "
2b3c4d5e6f70 -> 3c4d5e6f7081, add index
1a2b3c4d5e6f -> 2b3c4d5e6f70, add email
",
    );
}

#[test]
fn bad_ranges_are_input_errors() {
    let p = billing_merged();
    let out = p.schema(["history", "-r", "zzz:"]).assert().code(2);
    assert_mentions(&out.stderr_text(), "no revision matches `zzz`");
    let out = p.schema(["history", "-r", "a:b:c"]).assert().code(2);
    assert_mentions(&out.stderr_text(), "invalid target `b:c`");
}

#[test]
fn json_describes_every_revision() {
    let p = billing_merged();
    let out = p.json(["history"]);
    let revs = out["revisions"]
        .as_array()
        .expect("`revisions` is an array");
    let ids: Vec<&str> = revs
        .iter()
        .map(|r| r["revision"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [MERGE, INVOICES, PLANS, INDEX, EMAIL, USERS]);

    let by_id = |id: &str| revs.iter().find(|r| r["revision"] == id).unwrap();
    let merge = by_id(MERGE);
    assert_eq!(merge["revises"], serde_json::json!([INDEX, INVOICES]));
    assert_eq!(merge["children"], serde_json::json!([]));
    assert_eq!(merge["is_head"], true);
    assert_eq!(merge["is_merge"], true);
    assert_eq!(merge["is_base"], false);
    assert_eq!(merge["message"], "merge billing");
    assert_eq!(merge["created"], "2026-01-06T10:00:00Z");
    assert_eq!(merge["path"], "migrations/6f708192a3b4_merge_billing.sql");

    let plans = by_id(PLANS);
    assert_eq!(plans["revises"], serde_json::json!([]));
    assert_eq!(plans["children"], serde_json::json!([INVOICES]));
    assert_eq!(plans["branch_labels"], serde_json::json!(["billing"]));
    assert_eq!(plans["is_base"], true);
    assert_eq!(plans["is_head"], false);
    assert_eq!(plans["is_merge"], false);

    let users = by_id(USERS);
    assert_eq!(users["branch_labels"], serde_json::json!([]));
    assert_eq!(users["depends_on"], serde_json::json!([]));
    assert_eq!(users["transactional"], true);
    assert_eq!(users["irreversible"], false);
    assert_eq!(users["checksum"].as_str().unwrap().len(), 64);
    // Every field of the documented shape is there, on every revision.
    for r in revs {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        for key in [
            "revision",
            "revises",
            "children",
            "message",
            "created",
            "branch_labels",
            "depends_on",
            "transactional",
            "irreversible",
            "is_head",
            "is_base",
            "is_branch_point",
            "is_merge",
            "path",
            "checksum",
        ] {
            assert!(keys.contains(&key), "{key} is missing from {r:#}");
        }
    }
}

#[test]
fn flags_irreversible_and_non_transactional_revisions() {
    let p = project()
        .migration(
            "a.sql",
            schema_e2e::rev("aaaaaaaaaaaa", "base")
                .message("drop legacy")
                .up("DROP TABLE legacy;")
                .irreversible()
                .text(),
        )
        .migration(
            "b.sql",
            schema_e2e::rev("bbbbbbbbbbbb", "aaaaaaaaaaaa")
                .message("index concurrently")
                .header("transactional", "false")
                .up("CREATE INDEX CONCURRENTLY i ON t (c);")
                .down("DROP INDEX CONCURRENTLY i;")
                .text(),
        )
        .build();
    p.schema(["history"]).assert().success().stdout(
        "aaaaaaaaaaaa -> bbbbbbbbbbbb (head), index concurrently\n\
         <base> -> aaaaaaaaaaaa (irreversible), drop legacy\n",
    );
    let out = p.json(["history"]);
    assert_eq!(out["revisions"][0]["transactional"], false);
    assert_eq!(out["revisions"][1]["irreversible"], true);
    let verbose = p.schema(["history", "-v"]).assert().success().stdout_text();
    assert!(verbose.contains("Transactional: false\n"), "{verbose}");
}

#[test]
fn empty_history_says_how_to_start() {
    let p = project().build();
    p.schema(["init"]).assert().success();
    let out = p.schema(["history"]).assert().success();
    assert_eq!(out.stdout_text(), "");
    assert_snapshot(
        &out.stderr_text(),
        "note: no revisions yet; `cargo schema revision -m MSG` writes the first",
    );
    assert_eq!(p.json(["history"]), serde_json::json!({ "revisions": [] }));
}
