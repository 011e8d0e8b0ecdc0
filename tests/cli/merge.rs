//! `cargo schema merge`

use schema_e2e::{AssertExt, assert_mentions, project};

/// `aaaa…` with two children `bbbb…` and `cccc…`: two heads.
fn two_heads() -> schema_e2e::TestProject {
    project()
        .revision("a.sql", "aaaaaaaaaaaa", "base", "a")
        .revision("b.sql", "bbbbbbbbbbbb", "aaaaaaaaaaaa", "b")
        .revision("c.sql", "cccccccccccc", "aaaaaaaaaaaa", "c")
        .build()
}

#[test]
fn merging_heads_leaves_one_head() {
    let p = two_heads();
    let out = p
        .schema(["merge", "-m", "merge b and c", "heads"])
        .assert()
        .success();
    let path = out.stdout_text();
    assert_eq!(p.redact(&path), "migrations/[REV]_merge_b_and_c.sql\n");
    assert_mentions(&out.stderr_text(), "Created revision");
    let text = p.read(path.trim_end());
    assert!(
        text.contains("\n-- revises: bbbbbbbbbbbb, cccccccccccc\n"),
        "{text}"
    );
    assert_eq!(
        p.redact(&text),
        "-- revision: [REV]\n-- revises: [REV], [REV]\n-- message: merge b and c\n\
         -- created: [TIME]\n\n-- migrate:up\n\n-- migrate:down\n"
    );
    let heads = p.json(["heads"]);
    let heads = heads["heads"].as_array().unwrap();
    assert_eq!(heads.len(), 1);
    assert_eq!(heads[0]["is_merge"], true);
    assert_eq!(
        heads[0]["revises"],
        serde_json::json!(["bbbbbbbbbbbb", "cccccccccccc"])
    );
}

#[test]
fn merges_revisions_named_by_prefix() {
    let p = two_heads();
    let id = p.new_merge(["-m", "m", "cccc", "bbbb", "--rev-id", "dddddddddddd"]);
    assert_eq!(id, "dddddddddddd");
    p.schema(["heads"])
        .assert()
        .success()
        .stdout("bbbbbbbbbbbb, cccccccccccc -> dddddddddddd (head) (mergepoint), m\n");
}

#[test]
fn merge_can_label_the_result() {
    let p = two_heads();
    let id = p.new_merge(["-m", "m", "heads", "--branch-label", "joined"]);
    let shown = p.json(["show", "joined"]);
    assert_eq!(shown["revision"], id.as_str());
    assert_eq!(shown["branch_labels"], serde_json::json!(["joined"]));
}

#[test]
fn one_head_is_nothing_to_merge() {
    let p = project()
        .revision("a.sql", "aaaaaaaaaaaa", "base", "a")
        .build();
    let before = p.tree();
    let out = p.schema(["merge", "-m", "m", "heads"]).assert().code(2);
    let err = out.stderr_text();
    assert_mentions(&err, "a merge needs at least two revisions, got 1");
    assert_mentions(&err, "help:");
    p.assert_unchanged(&before);
}

#[test]
fn a_revision_and_its_ancestor_are_nothing_to_merge() {
    let p = two_heads();
    let before = p.tree();
    let out = p
        .schema(["merge", "-m", "m", "aaaa", "bbbb"])
        .assert()
        .code(2);
    assert_mentions(
        &out.stderr_text(),
        "aaaaaaaaaaaa is an ancestor of bbbbbbbbbbbb; there is nothing to merge between them",
    );
    p.assert_unchanged(&before);
}

#[test]
fn revisions_are_required() {
    let p = two_heads();
    let before = p.tree();
    let out = p.schema(["merge", "-m", "m"]).assert().code(2);
    assert_mentions(&out.stderr_text(), "<REV>...");
    p.assert_unchanged(&before);
}

#[test]
fn an_unknown_revision_is_refused() {
    let p = two_heads();
    let before = p.tree();
    let out = p
        .schema(["merge", "-m", "m", "bbbb", "ffff"])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "no revision matches `ffff`");
    p.assert_unchanged(&before);
}
