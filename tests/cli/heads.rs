//! `cargo schema heads`

use crate::fixtures::{INDEX, INVOICES, MERGE, billing_branch, billing_merged};
use schema_e2e::{AssertExt, assert_snapshot, project};

#[test]
fn two_heads_in_text() {
    let p = billing_branch().build();
    let out = p.schema(["heads"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "
2b3c4d5e6f70 -> 3c4d5e6f7081 (head), add index
4d5e6f708192 -> 5e6f708192a3 (head), add invoices
",
    );
    assert_snapshot(
        &out.stderr_text(),
        r#"note: 2 heads: `cargo schema merge -m "merge" heads` joins them"#,
    );
}

#[test]
fn two_heads_in_json() {
    let p = billing_branch().build();
    let out = p.json(["heads"]);
    let heads = out["heads"].as_array().expect("`heads` is an array");
    assert_eq!(heads.len(), 2);
    assert_eq!(heads[0]["revision"], INDEX);
    assert_eq!(heads[1]["revision"], INVOICES);
    for h in heads {
        assert_eq!(h["is_head"], true);
        assert_eq!(h["children"], serde_json::json!([]));
        assert_eq!(h["is_merge"], false);
    }
    assert_eq!(heads[1]["path"], "migrations/5e6f708192a3_add_invoices.sql");
}

#[test]
fn one_head_after_the_merge() {
    let p = billing_merged();
    let out = p.schema(["heads"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "3c4d5e6f7081, 5e6f708192a3 -> 6f708192a3b4 (head) (mergepoint), merge billing",
    );
    assert!(out.stderr_text().is_empty(), "{}", out.stderr_text());
    let json = p.json(["heads"]);
    assert_eq!(json["heads"].as_array().unwrap().len(), 1);
    assert_eq!(json["heads"][0]["revision"], MERGE);
}

#[test]
fn verbose_heads() {
    let p = billing_merged();
    let out = p.schema(["heads", "--verbose"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "
Rev: 6f708192a3b4 (head) (mergepoint)
Merges: 3c4d5e6f7081, 5e6f708192a3
Path: migrations/6f708192a3b4_merge_billing.sql

    merge billing

    Revision ID: 6f708192a3b4
    Revises: 3c4d5e6f7081, 5e6f708192a3
    Create Date: 2026-01-06T10:00:00Z
",
    );
}

#[test]
fn no_revisions_no_heads() {
    let p = project().build();
    p.schema(["init"]).assert().success();
    p.schema(["heads"]).assert().success().stdout("");
    assert_eq!(p.json(["heads"]), serde_json::json!({ "heads": [] }));
}
