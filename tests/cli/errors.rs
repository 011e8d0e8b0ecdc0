//! Bad input (issue 2, item 6): each case is a clear diagnostic naming the
//! file and line, exit code 2, a help line, and nothing written.
//!
//! Graph errors are checked through three commands: the two that write
//! (`revision`, `merge`, which must leave the project untouched) and one
//! that only reads (`history`).

use schema_e2e::{AssertExt, TestProject, assert_mentions, project, rev, revision_file};

/// Runs a command that must fail as an input error: exit code 2, nothing
/// on stdout, no panic, nothing written. Returns stderr.
#[track_caller]
fn input_error(p: &TestProject, args: &[&str]) -> String {
    let before = p.tree();
    let out = p.schema(args).assert().code(2);
    let err = out.stderr_text();
    assert_eq!(out.stdout_text(), "", "stdout of {args:?} must be empty");
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    p.assert_unchanged(&before);
    err
}

/// The migrations directory holds something that breaks the graph: every
/// command reports it the same way, and the writing ones write nothing.
#[track_caller]
fn assert_broken(p: &TestProject, mentions: &[&str]) {
    let mut first: Option<String> = None;
    for args in [
        &["revision", "-m", "next"][..],
        &["merge", "-m", "merge", "heads"],
        &["history"],
    ] {
        let err = input_error(p, args);
        for m in mentions {
            assert_mentions(&err, m);
        }
        match &first {
            None => first = Some(err),
            Some(f) => assert_eq!(&err, f, "{args:?} reports differently"),
        }
    }
}

/// A project with one good revision `aaaa…` (so `revision` would have a
/// parent) and the given broken file.
fn with_file(name: &str, contents: impl AsRef<[u8]>) -> TestProject {
    project()
        .revision("0_good.sql", "aaaaaaaaaaaa", "base", "good")
        .migration(name, contents)
        .build()
}

const HEAD: &str = "-- revision: bbbbbbbbbbbb\n-- revises: aaaaaaaaaaaa\n-- message: broken\n";

// --- Header lines -----------------------------------------------------------

#[test]
fn a_misspelled_header_key_suggests_the_right_one() {
    let p = with_file(
        "1_typo.sql",
        "-- revison: bbbbbbbbbbbb\n-- revises: aaaaaaaaaaaa\n\n-- migrate:up\n\n-- migrate:down\n",
    );
    assert_broken(
        &p,
        &[
            "schema::file::unknown_key",
            "unknown header key `revison`",
            "1_typo.sql:1:4]",
            "-- revison: bbbbbbbbbbbb",
            "not a header key",
            "help: did you mean `revision`?",
        ],
    );
}

#[test]
fn an_unknown_header_key_lists_the_valid_ones() {
    let p = with_file(
        "1_key.sql",
        format!("{HEAD}-- author: me\n\n-- migrate:up\n\n-- migrate:down\n"),
    );
    assert_broken(
        &p,
        &[
            "unknown header key `author`",
            "1_key.sql:4:4]",
            "valid keys: revision, revises, message, created, branch-labels, depends-on",
        ],
    );
}

#[test]
fn a_bad_header_value_names_the_line() {
    let p = with_file(
        "1_value.sql",
        format!("{HEAD}-- transactional: maybe\n\n-- migrate:up\n\n-- migrate:down\n"),
    );
    assert_broken(
        &p,
        &[
            "bad value for `transactional`: expected `true` or `false`, found `maybe`",
            "1_value.sql:4:4]",
        ],
    );
    let p = with_file(
        "1_revises.sql",
        "-- revision: bbbbbbbbbbbb\n-- revises: 9b1c 0d2e\n\n-- migrate:up\n\n-- migrate:down\n",
    );
    assert_broken(
        &p,
        &[
            "bad value for `revises`: `9b1c 0d2e` is not a valid revision id",
            "1_revises.sql:2:4]",
        ],
    );
}

#[test]
fn a_repeated_header_key() {
    let p = with_file(
        "1_twice.sql",
        format!("{HEAD}-- message: again\n\n-- migrate:up\n\n-- migrate:down\n"),
    );
    assert_broken(
        &p,
        &[
            "header key `message` is given twice (first on line 3)",
            "1_twice.sql:4:4]",
            "help: keep one `-- message:` line",
        ],
    );
}

#[test]
fn a_missing_revision_key() {
    let p = with_file(
        "1_norev.sql",
        "-- revises: aaaaaaaaaaaa\n-- message: x\n\n-- migrate:up\n\n-- migrate:down\n",
    );
    assert_broken(
        &p,
        &[
            "schema::file::missing_key",
            "missing header key `revision`",
            "1_norev.sql:1:1]",
            "help: the first line of a revision file is `-- revision: <id>`",
        ],
    );
}

#[test]
fn a_missing_revises_key() {
    let p = with_file(
        "1_noparent.sql",
        "-- revision: bbbbbbbbbbbb\n-- message: x\n\n-- migrate:up\n\n-- migrate:down\n",
    );
    assert_broken(
        &p,
        &[
            "missing header key `revises`",
            "1_noparent.sql:1:4]",
            "help: add `-- revises: <parent id>`, or `-- revises: base` for a first revision",
        ],
    );
}

/// `-- revision abc` (no colon) is a header key missing its colon, said
/// at that line.
#[test]
fn a_header_line_without_a_colon() {
    let p = with_file(
        "1_colon.sql",
        "-- revision bbbbbbbbbbbb\n-- revises: aaaaaaaaaaaa\n\n-- migrate:up\n\n-- migrate:down\n",
    );
    assert_broken(
        &p,
        &[
            "unknown header key `revision`",
            "1_colon.sql:1:1]",
            "a header line is `-- revision: value`, with a colon after the key",
        ],
    );
}

#[test]
fn sql_in_the_header() {
    let p = with_file(
        "1_sql.sql",
        format!("{HEAD}CREATE TABLE t ();\n\n-- migrate:up\n\n-- migrate:down\n"),
    );
    assert_broken(
        &p,
        &[
            "SQL before `-- migrate:up`",
            "1_sql.sql:4:1]",
            "this line is not a header line",
            "help: the header holds only `-- key: value` lines and comments",
        ],
    );
}

// --- Section markers --------------------------------------------------------

#[test]
fn a_missing_up_marker() {
    let p = with_file("1_noup.sql", HEAD);
    assert_broken(
        &p,
        &[
            "schema::file::missing_marker",
            "missing `-- migrate:up` marker",
            "1_noup.sql:1:1]",
            "help: put the upgrade SQL after a line `-- migrate:up`",
        ],
    );
}

#[test]
fn a_missing_up_marker_with_a_down_section() {
    let p = with_file(
        "1_onlydown.sql",
        format!("{HEAD}\n-- migrate:down\nDROP TABLE t;\n"),
    );
    assert_broken(&p, &["missing `-- migrate:up` marker", "1_onlydown.sql:"]);
}

#[test]
fn down_before_up() {
    let p = with_file(
        "1_order.sql",
        format!("{HEAD}\n-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t ();\n"),
    );
    assert_broken(
        &p,
        &[
            "`-- migrate:down` comes before `-- migrate:up`",
            "1_order.sql:5:1]",
            "help: write the header, then `-- migrate:up` and its SQL, then `-- migrate:down`",
        ],
    );
}

#[test]
fn a_missing_down_marker() {
    let p = with_file(
        "1_nodown.sql",
        format!("{HEAD}\n-- migrate:up\nCREATE TABLE t ();\n"),
    );
    assert_broken(
        &p,
        &[
            "missing `-- migrate:down` marker",
            "1_nodown.sql:6:",
            "help: add `-- migrate:down` with the SQL that reverts the up section, or mark the revision `-- irreversible: true`",
        ],
    );
}

#[test]
fn an_irreversible_revision_needs_no_down_marker() {
    let p = project()
        .revision("0_good.sql", "aaaaaaaaaaaa", "base", "good")
        .migration(
            "1_irreversible.sql",
            rev("bbbbbbbbbbbb", "aaaaaaaaaaaa")
                .message("drop")
                .up("DROP TABLE t;")
                .irreversible()
                .text(),
        )
        .build();
    p.schema(["history"]).assert().success();
}

#[test]
fn an_irreversible_revision_with_a_down_section() {
    let p = with_file(
        "1_irr.sql",
        format!(
            "{HEAD}-- irreversible: true\n\n-- migrate:up\nDROP TABLE t;\n-- migrate:down\nCREATE TABLE t ();\n"
        ),
    );
    assert_broken(
        &p,
        &[
            "an irreversible revision has a down section",
            "1_irr.sql:8:1]",
            "help: remove `-- irreversible: true`, or remove the down SQL",
        ],
    );
}

#[test]
fn a_repeated_up_marker() {
    let p = with_file(
        "1_upup.sql",
        format!("{HEAD}\n-- migrate:up\nSELECT 1;\n-- migrate:up\n\n-- migrate:down\n"),
    );
    assert_broken(
        &p,
        &[
            "schema::file::repeated_marker",
            "`-- migrate:up` appears twice (first on line 5)",
            "1_upup.sql:7:1]",
            "second marker",
            "help: a revision has one up and one down section",
        ],
    );
}

#[test]
fn a_repeated_down_marker() {
    let p = with_file(
        "1_downdown.sql",
        format!("{HEAD}\n-- migrate:up\n\n-- migrate:down\nSELECT 1;\n-- migrate:down\n"),
    );
    assert_broken(
        &p,
        &[
            "`-- migrate:down` appears twice (first on line 7)",
            "1_downdown.sql:9:1]",
        ],
    );
}

#[test]
fn an_unknown_marker() {
    let p = with_file(
        "1_side.sql",
        format!("{HEAD}\n-- migrate:up\n\n-- migrate:sideways\n"),
    );
    assert_broken(
        &p,
        &[
            "unknown section marker `migrate:sideways`",
            "1_side.sql:7:1]",
            "help: the section markers are `-- migrate:up` and `-- migrate:down`",
        ],
    );
}

// --- Unreadable files -------------------------------------------------------

#[test]
fn an_empty_file() {
    let p = with_file("1_empty.sql", "");
    assert_broken(
        &p,
        &[
            "schema::file::empty",
            "migrations/1_empty.sql is empty",
            "help: a revision file starts with `-- revision: <id>`",
        ],
    );
}

#[test]
fn a_blank_file_is_empty() {
    let p = with_file("1_blank.sql", "  \n\n");
    assert_broken(&p, &["migrations/1_blank.sql is empty"]);
}

#[test]
fn a_binary_file() {
    let p = with_file("1_binary.sql", b"SQLite format 3\0\x10\0\x01\x01");
    assert_broken(
        &p,
        &[
            "schema::file::binary",
            "migrations/1_binary.sql is not a text file (it contains NUL bytes)",
            "help: only SQL revision files belong in the migrations directory",
        ],
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    let mut text = HEAD.replace("broken", "caf").into_bytes();
    text.insert(text.len() - 1, 0xe9);
    text.extend_from_slice(b"\n-- migrate:up\n\n-- migrate:down\n");
    let p = with_file("1_latin1.sql", text);
    assert_broken(
        &p,
        &[
            "migrations/1_latin1.sql:3: the file is not valid UTF-8",
            "help: save the file as UTF-8",
        ],
    );
}

#[test]
fn files_that_are_not_sql_are_ignored() {
    let p = project()
        .revision("0_good.sql", "aaaaaaaaaaaa", "base", "good")
        .migration("README.md", "notes\0")
        .migration(".0_draft.sql", "")
        .build();
    p.schema(["history"])
        .assert()
        .success()
        .stdout("<base> -> aaaaaaaaaaaa (head), good\n");
}

// --- The graph --------------------------------------------------------------

#[test]
fn duplicate_revision_ids_name_both_files() {
    let p = with_file("1_copy.sql", revision_file("aaaaaaaaaaaa", "base", "copy"));
    assert_broken(
        &p,
        &[
            "schema::graph::duplicate_id",
            "duplicate revision id `aaaaaaaaaaaa` (also in",
            "migrations/0_good.sql)",
            "1_copy.sql:1:4]",
            "second use of this id",
            "help: two files claim the same revision; give one of them a new id",
        ],
    );
}

#[test]
fn a_parent_that_does_not_exist() {
    let p = with_file(
        "1_orphan.sql",
        revision_file("bbbbbbbbbbbb", "cccccccccccc", "orphan"),
    );
    assert_broken(
        &p,
        &[
            "schema::graph::missing_parent",
            "revision `bbbbbbbbbbbb` revises `cccccccccccc`, which does not exist",
            "1_orphan.sql:2:4]",
            "unknown parent",
            "help: no file in the migrations directory has `-- revision: cccccccccccc`",
        ],
    );
}

#[test]
fn a_dependency_that_does_not_exist() {
    let p = with_file(
        "1_dep.sql",
        rev("bbbbbbbbbbbb", "aaaaaaaaaaaa")
            .depends_on("dddddddddddd")
            .text(),
    );
    assert_broken(
        &p,
        &[
            "revision `bbbbbbbbbbbb` depends on `dddddddddddd`, which does not exist",
            "1_dep.sql:5:4]",
        ],
    );
}

#[test]
fn a_cycle_names_every_file() {
    let p = project()
        .revision("1_a.sql", "aaaaaaaaaaaa", "cccccccccccc", "a")
        .revision("2_b.sql", "bbbbbbbbbbbb", "aaaaaaaaaaaa", "b")
        .revision("3_c.sql", "cccccccccccc", "bbbbbbbbbbbb", "c")
        .build();
    assert_broken(
        &p,
        &[
            "schema::graph::cycle",
            "the revisions form a cycle:",
            "part of the cycle",
            "migrations/1_a.sql",
            "migrations/2_b.sql",
            "migrations/3_c.sql",
            "help: a revision cannot (indirectly) revise itself",
        ],
    );
    let err = input_error(&p, &["history"]);
    let flat = schema_e2e::squash(&err);
    for id in ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"] {
        assert!(flat.contains(id), "{id} is not named:\n{err}");
    }
}

#[test]
fn a_revision_that_revises_itself() {
    let p = with_file(
        "1_self.sql",
        revision_file("bbbbbbbbbbbb", "bbbbbbbbbbbb", "self"),
    );
    assert_broken(&p, &["cycle", "1_self.sql"]);
}

#[test]
fn several_malformed_files_are_all_reported() {
    let p = project()
        .revision("0_good.sql", "aaaaaaaaaaaa", "base", "good")
        .migration("1_typo.sql", "-- revison: x\n")
        .migration("2_empty.sql", "")
        .migration(
            "3_nodown.sql",
            "-- revision: cccccccccccc\n-- revises: base\n\n-- migrate:up\n",
        )
        .build();
    assert_broken(
        &p,
        &[
            "schema::graph::files",
            "3 revision files are malformed",
            "unknown header key `revison`",
            "1_typo.sql:1:4]",
            "migrations/2_empty.sql is empty",
            "missing `-- migrate:down` marker",
            "3_nodown.sql:",
        ],
    );
    let out = p
        .schema(["history", "--format", "json"])
        .assert()
        .code(2)
        .json();
    assert_eq!(out["error"]["code"], "schema::graph::files");
    assert_eq!(out["error"]["related"].as_array().unwrap().len(), 3);
}

// --- Targets ----------------------------------------------------------------

#[test]
fn an_ambiguous_prefix_lists_the_candidates() {
    let p = project()
        .revision("1.sql", "ab1111111111", "base", "one")
        .revision("2.sql", "ab2222222222", "ab1111111111", "two")
        .build();
    let err = input_error(&p, &["show", "ab"]);
    assert_mentions(&err, "schema::target::ambiguous");
    assert_mentions(&err, "`ab` is ambiguous: it is a prefix of ab1111111111");
    assert_mentions(&err, "ab2222222222");
    assert_mentions(&err, "migrations/1.sql");
    assert_mentions(&err, "migrations/2.sql");
    assert_mentions(&err, "help: write more of the id");
    // The same through a command that writes.
    let err = input_error(&p, &["revision", "-m", "x", "--head", "ab", "--splice"]);
    assert_mentions(&err, "`ab` is ambiguous");
}

#[test]
fn an_unknown_revision() {
    let p = with_file("1.sql", revision_file("bbbbbbbbbbbb", "aaaaaaaaaaaa", "b"));
    let err = input_error(&p, &["show", "ffff"]);
    assert_mentions(&err, "no revision matches `ffff`");
    assert_mentions(&err, "help: `cargo schema history` lists the revisions");
}

#[test]
fn an_unknown_label() {
    let p = project()
        .migration(
            "1.sql",
            rev("aaaaaaaaaaaa", "base").labels("billing").text(),
        )
        .build();
    let err = input_error(&p, &["show", "nolabel@head"]);
    assert_mentions(&err, "schema::target::unknown_label");
    assert_mentions(&err, "unknown branch label `nolabel`");
    assert_mentions(&err, "help: branch labels: billing");
    let err = input_error(&p, &["revision", "-m", "x", "--head", "nolabel@head"]);
    assert_mentions(&err, "unknown branch label `nolabel`");
}

#[test]
fn an_unknown_label_without_any_labels() {
    let p = with_file("1.sql", revision_file("bbbbbbbbbbbb", "aaaaaaaaaaaa", "b"));
    let err = input_error(&p, &["show", "nolabel@head"]);
    assert_mentions(
        &err,
        "help: branch labels: none (add one with `cargo schema revision --branch-label NAME`)",
    );
}

/// Two heads `bbbb…` and `cccc…` on `aaaa…`.
fn two_heads() -> TestProject {
    project()
        .revision("a.sql", "aaaaaaaaaaaa", "base", "a")
        .revision("b.sql", "bbbbbbbbbbbb", "aaaaaaaaaaaa", "b")
        .revision("c.sql", "cccccccccccc", "aaaaaaaaaaaa", "c")
        .build()
}

#[test]
fn head_of_several_heads_in_show() {
    let p = two_heads();
    let err = input_error(&p, &["show", "head"]);
    assert_mentions(&err, "schema::target::multiple_heads");
    assert_mentions(&err, "multiple head revisions are present: bbbbbbbbbbbb (");
    assert_mentions(&err, "migrations/b.sql), cccccccccccc (");
    assert_mentions(&err, "migrations/c.sql)");
    assert_mentions(
        &err,
        "help: merge them with `cargo schema merge -m \"merge\" heads`",
    );
}

#[test]
fn head_of_several_heads_in_revision() {
    let p = two_heads();
    let err = input_error(&p, &["revision", "-m", "x"]);
    assert_mentions(&err, "multiple head revisions are present: bbbbbbbbbbbb (");
    assert_mentions(&err, "migrations/b.sql), cccccccccccc (");
    assert_mentions(
        &err,
        "help: say which one the new revision follows with --head",
    );
    assert_mentions(&err, "`cargo schema merge -m \"merge\" heads`");
    // `--head head` is the same question asked explicitly.
    let err = input_error(&p, &["revision", "-m", "x", "--head", "head"]);
    assert_mentions(&err, "multiple head revisions are present");
    assert_mentions(&err, "cargo schema merge");
}

/// miette wraps long messages at 100 columns, also inside a path (after a
/// `/` or `-`); a path split over two lines, with the `│` gutter between,
/// can't be copied or clicked. A long migrations directory makes it certain.
#[test]
fn paths_in_messages_are_not_wrapped() {
    let dir = "db/schema-migrations/of-the-demo-package";
    let p = project()
        .metadata(&format!("migrations = \"{dir}\""))
        .file(
            format!("{dir}/a.sql"),
            revision_file("aaaaaaaaaaaa", "base", "a"),
        )
        .file(
            format!("{dir}/b.sql"),
            revision_file("bbbbbbbbbbbb", "aaaaaaaaaaaa", "b"),
        )
        .file(
            format!("{dir}/c.sql"),
            revision_file("cccccccccccc", "aaaaaaaaaaaa", "c"),
        )
        .build();
    let err = input_error(&p, &["show", "head"]);
    for file in ["b.sql", "c.sql"] {
        let path = p.path(dir).join(file);
        let path = path.to_str().unwrap();
        assert!(err.contains(path), "{path} is broken over lines in:\n{err}");
    }
}

// --- Arguments and configuration --------------------------------------------

#[test]
fn an_unknown_package() {
    let p = project().build();
    let err = input_error(&p, &["revision", "-p", "nope", "-m", "x"]);
    assert_mentions(&err, "schema::config::unknown_package");
    assert_mentions(&err, "package `nope` is not a member of this workspace");
    assert_mentions(&err, "help: workspace members: demo");
}

#[test]
fn a_bad_format_is_a_usage_error() {
    let p = project().build();
    let err = input_error(&p, &["heads", "--format", "xml"]);
    assert_mentions(&err, "invalid value 'xml' for '--format <FORMAT>'");
    assert_mentions(&err, "[possible values: human, json]");
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let p = project().build();
    let err = input_error(&p, &["revision", "-m", "x", "--hed", "base"]);
    assert_mentions(&err, "unexpected argument '--hed'");
    assert_mentions(&err, "--head");
}

#[test]
fn outside_a_cargo_package() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::new(schema_e2e::bin())
        .args(["schema", "heads"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .assert()
        .code(2);
    let err = out.stderr_text();
    assert_mentions(&err, "could not find `Cargo.toml`");
    assert_mentions(
        &err,
        "help: run the command inside a cargo package, or pass --manifest-path",
    );
}

// --- JSON errors ------------------------------------------------------------

#[test]
fn json_errors_are_an_object_on_stdout() {
    let p = two_heads();
    let before = p.tree();
    let out = p
        .schema(["show", "head", "--format", "json"])
        .assert()
        .code(2);
    assert_eq!(out.stderr_text(), "", "a JSON error goes to stdout only");
    let json = out.json();
    let error = &json["error"];
    assert_eq!(error["code"], "schema::target::multiple_heads");
    assert_eq!(error["exit_code"], 2);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("multiple head revisions are present: bbbbbbbbbbbb ("),
        "{json:#}"
    );
    assert!(
        error["help"]
            .as_str()
            .unwrap()
            .contains("cargo schema merge"),
        "{json:#}"
    );
    p.assert_unchanged(&before);
}

#[test]
fn json_error_for_a_malformed_file() {
    let p = with_file(
        "1_typo.sql",
        "-- revison: bbbbbbbbbbbb\n-- revises: aaaaaaaaaaaa\n\n-- migrate:up\n\n-- migrate:down\n",
    );
    let before = p.tree();
    let json = p
        .schema(["revision", "-m", "x", "--format", "json"])
        .assert()
        .code(2)
        .json();
    assert_eq!(json["error"]["code"], "schema::file::unknown_key");
    assert_eq!(json["error"]["message"], "unknown header key `revison`");
    assert_eq!(json["error"]["exit_code"], 2);
    assert!(
        json["error"]["help"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `revision`?")
    );
    p.assert_unchanged(&before);
}

/// The human diagnostic shows `1_typo.sql:1:4`; a tool reading the JSON
/// needs the same to point at the line.
#[test]
fn json_errors_name_the_file_and_line() {
    let p = with_file(
        "1_typo.sql",
        "-- revison: bbbbbbbbbbbb\n-- revises: aaaaaaaaaaaa\n\n-- migrate:up\n\n-- migrate:down\n",
    );
    let json = p
        .schema(["heads", "--format", "json"])
        .assert()
        .code(2)
        .json();
    let text = json.to_string();
    assert!(
        text.contains("1_typo.sql"),
        "the file is not named: {json:#}"
    );
    assert!(
        text.contains("\"line\":1"),
        "the line is not given: {json:#}"
    );
}

/// Errors raised by the CLI layer itself (several heads for `revision`, a
/// non-head `--head`) carry a code in JSON too.
#[test]
fn json_errors_always_have_a_code() {
    let p = two_heads();
    let json = p
        .schema(["revision", "-m", "x", "--format", "json"])
        .assert()
        .code(2)
        .json();
    assert!(json["error"]["code"].is_string(), "{json:#}");
    let json = p
        .schema(["revision", "-m", "x", "--head", "aaaa", "--format", "json"])
        .assert()
        .code(2)
        .json();
    assert!(json["error"]["code"].is_string(), "{json:#}");
}

#[test]
fn json_usage_errors_stay_clap_errors() {
    // `--format json` is itself the argument being parsed: clap reports a
    // usage error the usual way, still with exit code 2.
    let p = project().build();
    let out = p
        .schema(["heads", "--format", "json", "--bogus"])
        .assert()
        .code(2);
    assert_mentions(&out.stderr_text(), "unexpected argument '--bogus'");
}
