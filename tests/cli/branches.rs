//! `cargo schema branches`

use crate::fixtures::{PLANS, billing_merged};
use schema_e2e::{AssertExt, assert_snapshot, project};

#[test]
fn branch_points_and_their_children() {
    let p = project()
        .revision("a.sql", "aaaaaaaaaaaa", "base", "root")
        .revision("b.sql", "bbbbbbbbbbbb", "aaaaaaaaaaaa", "left")
        .revision("c.sql", "cccccccccccc", "aaaaaaaaaaaa", "right")
        .build();
    let out = p.schema(["branches"]).assert().success();
    assert_snapshot(
        &out.stdout_text(),
        "
aaaaaaaaaaaa (branchpoint), root
             -> bbbbbbbbbbbb (head), left
             -> cccccccccccc (head), right
",
    );
    let json = p.json(["branches"]);
    let points = json["branch_points"].as_array().unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!(points[0]["revision"], "aaaaaaaaaaaa");
    assert_eq!(points[0]["is_branch_point"], true);
    assert_eq!(
        points[0]["children"],
        serde_json::json!(["bbbbbbbbbbbb", "cccccccccccc"])
    );
}

#[test]
fn labels_in_json() {
    let p = billing_merged();
    // Two roots are not a branch point.
    p.schema(["branches"]).assert().success().stdout("");
    let json = p.json(["branches"]);
    assert_eq!(
        json,
        serde_json::json!({ "branch_points": [], "labels": { "billing": PLANS } })
    );
}
