//! `cargo schema revision`

use schema_e2e::{AssertExt, assert_mentions, assert_snapshot, project, revision_file};

#[test]
fn prints_the_path_and_writes_the_template() {
    let p = project().metadata("migrations = \"migrations\"").build();
    let out = p
        .schema(["revision", "-m", "create users"])
        .assert()
        .success();
    assert_snapshot(
        &p.redact(&out.stdout_text()),
        "migrations/[REV]_create_users.sql",
    );
    assert_snapshot(&p.redact(&out.stderr_text()), "     Created revision [REV]");

    let files = p.migration_files();
    assert_eq!(files.len(), 1);
    assert_snapshot(
        &p.redact(&p.read(format!("migrations/{}", files[0]))),
        "
-- revision: [REV]
-- revises: base
-- message: create users
-- created: [TIME]

-- migrate:up

-- migrate:down
",
    );
    // The id in the name is the id in the header.
    let id = &files[0][..12];
    assert!(
        p.read(format!("migrations/{}", files[0]))
            .starts_with(&format!("-- revision: {id}\n"))
    );
}

#[test]
fn works_before_init_with_the_default_directory() {
    let p = project().build();
    p.new_revision(["-m", "first"]);
    assert_eq!(p.migration_files().len(), 1);
}

#[test]
fn three_revisions_form_a_chain() {
    let p = project().build();
    let a = p.new_revision(["-m", "create users"]);
    let b = p.new_revision(["-m", "add email"]);
    let c = p.new_revision(["-m", "add index"]);
    assert_ne!(a, b);
    assert_ne!(b, c);
    let header = |id: &str, name: &str| p.read(format!("migrations/{id}_{name}.sql"));
    assert!(header(&a, "create_users").contains("\n-- revises: base\n"));
    assert!(header(&b, "add_email").contains(&format!("\n-- revises: {a}\n")));
    assert!(header(&c, "add_index").contains(&format!("\n-- revises: {b}\n")));

    let out = p.schema(["history"]).assert().success();
    assert_eq!(
        out.stdout_text(),
        format!(
            "{b} -> {c} (head), add index\n{a} -> {b}, add email\n<base> -> {a}, create users\n"
        )
    );
}

#[test]
fn json_output_has_the_path_and_the_revision() {
    let p = project().build();
    let a = p.new_revision(["-m", "one"]);
    let out = p.json(["revision", "-m", "two"]);
    let rev = &out["revision"];
    let id = rev["revision"].as_str().unwrap();
    assert_eq!(
        p.redact(out["path"].as_str().unwrap()),
        "[ROOT]/migrations/[REV]_two.sql"
    );
    assert_eq!(rev["path"], format!("migrations/{id}_two.sql"));
    assert_eq!(rev["revises"], serde_json::json!([a]));
    assert_eq!(rev["children"], serde_json::json!([]));
    assert_eq!(rev["message"], "two");
    assert_eq!(rev["is_head"], true);
    assert_eq!(rev["is_base"], false);
    assert_eq!(rev["is_merge"], false);
    assert_eq!(rev["branch_labels"], serde_json::json!([]));
    assert_eq!(rev["depends_on"], serde_json::json!([]));
    assert_eq!(rev["transactional"], true);
    assert_eq!(rev["irreversible"], false);
    assert_eq!(p.redact(rev["created"].as_str().unwrap()), "[TIME]");
    assert_eq!(rev["checksum"].as_str().unwrap().len(), 64);
}

#[test]
fn a_new_branch_from_base_with_a_label() {
    let p = project().build();
    let main = p.new_revision(["-m", "create users"]);
    let plans = p.new_revision([
        "-m",
        "create plans",
        "--head",
        "base",
        "--branch-label",
        "billing",
    ]);
    let text = p.read(format!("migrations/{plans}_create_plans.sql"));
    assert!(
        text.contains("\n-- revises: base\n-- message: create plans\n"),
        "{text}"
    );
    assert!(text.contains("\n-- branch-labels: billing\n"), "{text}");

    // `billing@head` extends the labelled branch, not the other head.
    let invoices = p.new_revision(["-m", "add invoices", "--head", "billing@head"]);
    let text = p.read(format!("migrations/{invoices}_add_invoices.sql"));
    assert!(text.contains(&format!("\n-- revises: {plans}\n")), "{text}");
    // And the plain id of a head works too.
    let profile = p.new_revision(["-m", "add profile", "--head", &main[..6]]);
    let text = p.read(format!("migrations/{profile}_add_profile.sql"));
    assert!(text.contains(&format!("\n-- revises: {main}\n")), "{text}");
}

#[test]
fn rev_id_chooses_the_id() {
    let p = project().build();
    let out = p
        .schema(["revision", "-m", "first", "--rev-id", "0123456789ab"])
        .assert()
        .success();
    assert_eq!(out.stdout_text(), "migrations/0123456789ab_first.sql\n");
    assert!(
        p.read("migrations/0123456789ab_first.sql")
            .starts_with("-- revision: 0123456789ab\n")
    );
}

#[test]
fn rev_id_that_is_taken_is_refused() {
    let p = project().build();
    p.new_revision(["-m", "first", "--rev-id", "0123456789ab"]);
    let before = p.tree();
    let out = p
        .schema(["revision", "-m", "again", "--rev-id", "0123456789ab"])
        .assert()
        .code(2);
    let err = out.stderr_text();
    assert_mentions(&err, "revision id `0123456789ab` is already used by");
    assert_mentions(&err, "0123456789ab_first.sql");
    assert_mentions(&err, "help: choose another --rev-id");
    p.assert_unchanged(&before);
}

#[test]
fn rev_id_with_bad_characters_is_refused() {
    let p = project().build();
    let before = p.tree();
    let out = p
        .schema(["revision", "-m", "x", "--rev-id", "a/b"])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "`a/b` is not a valid revision id");
    p.assert_unchanged(&before);
    let out = p
        .schema(["revision", "-m", "x", "--rev-id", "head"])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "`head` is reserved");
    p.assert_unchanged(&before);
}

#[test]
fn depends_on_is_resolved_and_recorded() {
    let p = project().build();
    let users = p.new_revision(["-m", "create users"]);
    let plans = p.new_revision([
        "-m",
        "create plans",
        "--head",
        "base",
        "--branch-label",
        "billing",
    ]);
    // A prefix and a label are resolved to full ids.
    let link = p.new_revision(["-m", "link", "--head", &users, "--depends-on", &plans[..5]]);
    let text = p.read(format!("migrations/{link}_link.sql"));
    assert!(text.contains(&format!("\n-- revises: {users}\n")), "{text}");
    assert!(
        text.contains(&format!("\n-- depends-on: {plans}\n")),
        "{text}"
    );

    let by_label = p.new_revision(["-m", "by label", "--head", &link, "--depends-on", "billing"]);
    let shown = p.json(["show", &by_label]);
    assert_eq!(shown["depends_on"], serde_json::json!([plans]));

    let verbose = p.schema(["show", &link]).assert().success().stdout_text();
    assert!(
        verbose.contains(&format!("Also depends on: {plans}\n")),
        "{verbose}"
    );
}

#[test]
fn depends_on_an_unknown_revision_is_refused() {
    let p = project().build();
    p.new_revision(["-m", "one"]);
    let before = p.tree();
    let out = p
        .schema(["revision", "-m", "x", "--depends-on", "fff"])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "no revision matches `fff`");
    p.assert_unchanged(&before);
}

#[test]
fn head_that_is_not_a_head_needs_splice() {
    let p = project().build();
    let a = p.new_revision(["-m", "a"]);
    p.new_revision(["-m", "b"]);
    let before = p.tree();
    let out = p
        .schema(["revision", "-m", "c", "--head", &a])
        .assert()
        .code(2);
    let err = out.stderr_text();
    assert_mentions(&err, &format!("revision {a} is not a head"));
    assert_mentions(&err, "help: pass --splice to start a new branch from it");
    p.assert_unchanged(&before);

    let c = p.new_revision(["-m", "c", "--head", &a, "--splice"]);
    assert!(
        p.read(format!("migrations/{c}_c.sql"))
            .contains(&format!("\n-- revises: {a}\n"))
    );
    let a_json = p.json(["show", &a]);
    assert_eq!(a_json["is_branch_point"], true);
    assert_eq!(a_json["children"].as_array().unwrap().len(), 2);
}

#[test]
fn head_on_an_empty_graph_other_than_head_or_base_is_refused() {
    let p = project().build();
    let out = p
        .schema(["revision", "-m", "x", "--head", "abc"])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "no revision matches `abc`");
    assert_mentions(
        &out.stderr_text(),
        "there are no revisions yet; leave out --head",
    );
    assert!(p.migration_files().is_empty());
}

#[test]
fn file_template_from_metadata_names_the_file() {
    let p = project()
        .metadata("file-template = \"{year}{month}{day}_{rev}_{slug}\"")
        .build();
    let id = p.new_revision(["-m", "Create Users table!"]);
    let files = p.migration_files();
    assert_eq!(files.len(), 1);
    let name = &files[0];
    // The date in the name is the (UTC) date the revision was created.
    let text = p.read(format!("migrations/{name}"));
    let created = text
        .lines()
        .find_map(|l| l.strip_prefix("-- created: "))
        .expect("a created line");
    let date = created[..10].replace('-', "");
    assert_eq!(name, &format!("{date}_{id}_create_users_table.sql"));
    assert_eq!(
        p.redact(&name.replacen(&date, "[DATE]", 1)),
        "[DATE]_[REV]_create_users_table.sql"
    );
    // The graph reads files whatever their name.
    p.schema(["heads"])
        .assert()
        .success()
        .stdout(format!("<base> -> {id} (head), Create Users table!\n"));
}

#[test]
fn hand_written_files_are_extended() {
    let p = project()
        .revision("0001_init.sql", "aaaaaaaaaaaa", "base", "init")
        .build();
    let out = p.schema(["revision", "-m", "next"]).assert().success();
    let path = out.stdout_text();
    let text = p.read(path.trim_end());
    assert!(text.contains("\n-- revises: aaaaaaaaaaaa\n"), "{text}");
    assert_eq!(
        p.read("migrations/0001_init.sql"),
        revision_file("aaaaaaaaaaaa", "base", "init")
    );
}

#[test]
fn a_bad_branch_label_is_refused() {
    let p = project().build();
    let out = p
        .schema(["revision", "-m", "x", "--branch-label", "bad label"])
        .assert()
        .code(2);
    assert_mentions(
        &out.stderr_text(),
        "`bad label` is not a valid branch label",
    );
    assert!(p.migration_files().is_empty());
}

#[test]
fn a_label_used_twice_is_refused() {
    let p = project().build();
    p.new_revision(["-m", "plans", "--branch-label", "billing"]);
    let before = p.tree();
    let out = p
        .schema([
            "revision",
            "-m",
            "x",
            "--head",
            "base",
            "--branch-label",
            "billing",
        ])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "branch label `billing` is used twice");
    p.assert_unchanged(&before);
}

#[test]
fn quiet_hides_the_status_but_not_the_path() {
    let p = project().build();
    let out = p.schema(["revision", "-q", "-m", "x"]).assert().success();
    assert!(out.stderr_text().is_empty(), "{}", out.stderr_text());
    assert_snapshot(&p.redact(&out.stdout_text()), "migrations/[REV]_x.sql");
}

#[test]
fn the_message_becomes_a_safe_slug() {
    let p = project().build();
    for (message, slug) in [
        ("Add last_login to user", "add_last_login_to_user"),
        ("line one\nline two", "line_one_line_two"),
        ("../../etc/passwd", "etc_passwd"),
    ] {
        let id = p.new_revision(["-m", message]);
        assert!(
            p.migration_files().contains(&format!("{id}_{slug}.sql")),
            "{message:?} should give {slug}: {:?}",
            p.migration_files()
        );
    }
    // The message itself is kept, on one line.
    let shown = p.json(["show", "head"]);
    assert_eq!(shown["message"], "../../etc/passwd");
    let history = p.schema(["history"]).assert().success().stdout_text();
    assert!(history.contains(", line one line two\n"), "{history}");
}

/// Alembic keeps non-ASCII letters in the slug (`\W` is Unicode-aware);
/// we drop them, splitting words: `création` becomes `cr_ation`.
#[test]
fn a_non_ascii_message_keeps_its_words_whole() {
    let p = project().build();
    let id = p.new_revision(["-m", "création des tables"]);
    let name = &p.migration_files()[0];
    let slug = name
        .strip_prefix(&format!("{id}_"))
        .and_then(|s| s.strip_suffix(".sql"))
        .unwrap_or_else(|| panic!("unexpected name {name}"));
    assert_eq!(slug.split('_').count(), 3, "a word was split: {name}");
}
