//! The story of issue 2's "Checked by", in one go, as a user types it:
//! init, three revisions, a second branch, two heads, a refused revision,
//! a merge, one head, and the history.

use schema_e2e::{AssertExt, assert_mentions, project};
use serde_json::Value;

#[test]
fn init_branch_merge_and_history() {
    let p = project().build();
    p.schema(["init"]).assert().success();
    assert!(p.read("Cargo.toml").contains("[package.metadata.schema]"));
    assert!(p.path("migrations").is_dir());

    // Three revisions in a chain.
    let users = p.new_revision(["-m", "create users"]);
    let email = p.new_revision(["-m", "add email"]);
    let index = p.new_revision(["-m", "add index"]);
    // A second branch from base, labelled.
    let plans = p.new_revision([
        "-m",
        "create plans",
        "--head",
        "base",
        "--branch-label",
        "billing",
    ]);
    assert_eq!(p.migration_files().len(), 4);

    // Two heads, in text and JSON.
    let out = p.schema(["heads"]).assert().success();
    let mut lines: Vec<String> = out.stdout_text().lines().map(String::from).collect();
    lines.sort();
    let mut expected = vec![
        format!("<base> -> {plans} (billing) (head), create plans"),
        format!("{email} -> {index} (head), add index"),
    ];
    expected.sort();
    assert_eq!(lines, expected);
    assert_mentions(
        &out.stderr_text(),
        "2 heads: `cargo schema merge -m \"merge\" heads` joins them",
    );
    let heads = p.json(["heads"]);
    assert_eq!(ids(&heads["heads"]), sorted([&plans, &index]));

    // A revision without --head is refused, naming both heads.
    let before = p.tree();
    let out = p.schema(["revision", "-m", "where to?"]).assert().code(2);
    let err = out.stderr_text();
    assert_mentions(&err, "multiple head revisions are present");
    assert_mentions(&err, &plans);
    assert_mentions(&err, &index);
    assert_mentions(&err, "cargo schema merge");
    assert!(out.stdout_text().is_empty(), "nothing on stdout");
    p.assert_unchanged(&before);

    // Merge them: one head again.
    let merge = p.new_merge(["-m", "merge billing", "heads"]);
    let heads = p.json(["heads"]);
    assert_eq!(ids(&heads["heads"]), vec![merge.clone()]);
    let m = &heads["heads"][0];
    assert_eq!(m["is_merge"], true);
    assert_eq!(ids(&m["revises"]), sorted([&plans, &index]));
    // The merge lists its parents in the order of its `revises` line.
    let merge_line = format!(
        "{} -> {merge} (head) (mergepoint), merge billing",
        joined(&m["revises"])
    );
    p.schema(["heads"])
        .assert()
        .success()
        .stdout(format!("{merge_line}\n"));

    // History: every revision once, children before parents.
    let text = p.schema(["history"]).assert().success().stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], merge_line);
    let pos = |id: &str| {
        lines
            .iter()
            .position(|l| l.split(" -> ").nth(1).is_some_and(|r| r.starts_with(id)))
            .unwrap_or_else(|| panic!("{id} is missing from:\n{text}"))
    };
    assert!(pos(&merge) < pos(&index) && pos(&index) < pos(&email) && pos(&email) < pos(&users));
    assert!(pos(&merge) < pos(&plans));
    assert!(
        lines.contains(&format!("<base> -> {users}, create users").as_str()),
        "{text}"
    );
    assert!(
        lines.contains(&format!("<base> -> {plans} (billing), create plans").as_str()),
        "{text}"
    );
    assert!(
        lines.contains(&format!("{users} -> {email}, add email").as_str()),
        "{text}"
    );

    let history = p.json(["history"]);
    let revs = history["revisions"].as_array().unwrap();
    assert_eq!(revs.len(), 5);
    assert_eq!(revs[0]["revision"], merge.as_str(), "newest first");
}

fn ids(list: &Value) -> Vec<String> {
    let list = match list {
        Value::Array(items) => items,
        other => panic!("expected an array, got {other}"),
    };
    let mut ids: Vec<String> = list
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            obj => obj["revision"]
                .as_str()
                .expect("a revision object")
                .to_string(),
        })
        .collect();
    ids.sort();
    ids
}

fn joined(list: &Value) -> String {
    let items = list.as_array().expect("an array");
    items
        .iter()
        .map(|v| v.as_str().expect("an id"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn sorted<const N: usize>(ids: [&String; N]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}
