//! `cargo schema show REV`

use crate::fixtures::{
    EMAIL, INDEX, INVOICES, MERGE, PLANS, USERS, billing_branch, billing_merged,
};
use schema_e2e::{AssertExt, assert_snapshot};

/// The revision `show TARGET --format json` picks.
fn shown(p: &schema_e2e::TestProject, target: &str) -> String {
    p.json(["show", target])["revision"]
        .as_str()
        .expect("a revision id")
        .to_string()
}

#[test]
fn a_revision_in_full() {
    let p = billing_merged();
    let out = p.schema(["show", "1a2b"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "
Rev: 1a2b3c4d5e6f
Parent: <base>
Path: migrations/1a2b3c4d5e6f_create_users.sql

    create users

    Revision ID: 1a2b3c4d5e6f
    Revises: <base>
    Create Date: 2026-01-01T10:00:00Z

-- migrate:up
CREATE TABLE users (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE users;
",
    );
}

#[test]
fn targets_it_understands() {
    let p = billing_merged();
    assert_eq!(shown(&p, USERS), USERS, "a full id");
    assert_eq!(shown(&p, "2b3c"), EMAIL, "a prefix");
    assert_eq!(shown(&p, "head"), MERGE);
    assert_eq!(shown(&p, "heads"), MERGE, "`heads` when there is one");
    assert_eq!(shown(&p, "billing"), PLANS, "a label names its revision");
    assert_eq!(
        shown(&p, "billing@head"),
        MERGE,
        "the merge is the head of billing"
    );
    assert_eq!(shown(&p, "billing@base"), PLANS);
    assert_eq!(shown(&p, "1a2b+2"), INDEX);
    assert_eq!(shown(&p, "5e6f-1"), PLANS);

    let p = billing_branch().build();
    assert_eq!(shown(&p, "billing@head"), INVOICES, "before the merge");
}

#[test]
fn json_adds_the_sql() {
    let p = billing_merged();
    let out = p.json(["show", "1a2b"]);
    assert_eq!(out["revision"], USERS);
    assert_eq!(out["revises"], serde_json::json!([]));
    assert_eq!(out["children"], serde_json::json!([EMAIL]));
    // The sections verbatim, blank lines before the next marker included.
    assert_eq!(
        out["up_sql"].as_str().unwrap().trim_end(),
        "CREATE TABLE users (id bigint PRIMARY KEY);"
    );
    assert_eq!(out["down_sql"], "DROP TABLE users;\n");
}

#[test]
fn an_irreversible_revision_has_no_down_section() {
    let p = schema_e2e::project()
        .migration(
            "a.sql",
            schema_e2e::rev("aaaaaaaaaaaa", "base")
                .message("drop legacy")
                .up("DROP TABLE legacy;")
                .irreversible()
                .text(),
        )
        .build();
    let out = p.schema(["show", "head"]).assert().success().stdout_text();
    assert!(
        out.ends_with("-- migrate:up\nDROP TABLE legacy;\n\n(irreversible: no down section)\n"),
        "{out}"
    );
    assert_eq!(
        p.json(["show", "head"])["down_sql"],
        serde_json::Value::Null
    );
}

#[test]
fn base_is_no_revision() {
    let p = billing_merged();
    let out = p.schema(["show", "base"]).assert().code(2);
    assert!(
        out.stderr_text().contains("`base` names no revision"),
        "{}",
        out.stderr_text()
    );
}
