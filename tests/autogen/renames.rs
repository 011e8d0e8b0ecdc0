//! Column renames. Autogenerate cannot know a rename: without a terminal
//! it writes drop + add with a `-- review:` comment showing the `RENAME`
//! to use instead. Once confirmed (`DiffOptions::renames`, what the
//! terminal prompt fills in), the diff renders a real rename, and on
//! SQLite a rebuild of the same table copies the old column into the new
//! one: applied here to real databases, the values stay.

use schema_core::diff::{DiffOptions, diff};
use schema_core::render::render;
use schema_core::schema::{SqlType, TableName};
use schema_e2e::rev;

use crate::harness::{Scenario, assert_same, edit};
use crate::models::{BASE, BASE_ROWS};
use crate::support::{Backend, on_both};

on_both!(
    proposed_rename_is_drop_and_add,
    confirmed_rename_keeps_values
);

fn proposed_rename_is_drop_and_add(b: Backend) {
    let mut s = Scenario::new(b, "rename_proposed");
    s.step("create the tables", BASE);
    s.execute(BASE_ROWS);
    let v2 = edit(
        BASE,
        "pub bio: Option<String>,",
        "pub about: Option<String>,",
    );
    let step = s.step("bio is about", &v2);
    assert!(
        step.up.contains(
            "-- review: user.bio is dropped and user.about added with the same type; if it is a rename, replace both with\n\
             -- review:   ALTER TABLE \"user\" RENAME COLUMN bio TO about;"
        ),
        "{}",
        step.text
    );
    assert!(step.up.contains("DROP COLUMN bio"), "{}", step.text);
}

/// `user.bio` renamed to `about`, alone, and together with a change that
/// SQLite must rebuild the table for (`age` to bigint): the rebuild copies
/// `bio` into `about`.
fn confirmed_rename_keeps_values(b: Backend) {
    for (case, widen) in [("alone", false), ("with a rebuild", true)] {
        let mut s = Scenario::new(b, &format!("rename_confirmed_{widen}"));
        s.step("create the tables", BASE);
        s.execute(BASE_ROWS);
        let user = TableName::new("user");
        let bios = s.select(&user, &["id".into(), "bio".into()]);

        let from = s.introspect();
        let mut to = from.clone();
        let table = to.tables.get_mut(&user).expect("user");
        table.column_mut("bio").expect("bio").name = "about".into();
        if widen {
            table.column_mut("age").expect("age").ty = SqlType::BigInt;
        }
        let rename = DiffOptions {
            renames: vec![(user.clone(), "bio".into(), "about".into())],
            ..Default::default()
        };
        let back = DiffOptions {
            renames: vec![(user.clone(), "about".into(), "bio".into())],
            ..Default::default()
        };
        let up_ops = diff(&from, &to, &rename).ops;
        let down_ops = diff(&to, &from, &back).ops;
        let up = render(&up_ops, &from, &to, s.dialect());
        let down = render(&down_ops, &to, &from, s.dialect());
        let revision = format!("-- migrate:up\n{up}\n-- migrate:down\n{down}");
        assert!(
            up.contains("RENAME COLUMN bio TO about") || up.contains("SELECT id, name, email, bio"),
            "{b} {case}: not a rename\n{revision}"
        );
        let head = s.graph();
        let parent = head.get(head.heads()[0]).id().to_string();
        s.p.write_migration(
            "0000000000ff_rename.sql",
            rev("0000000000ff", &parent)
                .message("bio is about")
                .up(&up)
                .down(&down)
                .text(),
        );

        s.run(&["upgrade", "head"]).success();
        assert_same(
            &format!("{b} {case}: after the rename"),
            ("wanted", &to),
            ("introspected", &s.introspect()),
            &revision,
        );
        assert_eq!(
            s.select(&user, &["id".into(), "about".into()]),
            bios,
            "{b} {case}: the values of bio\n{revision}"
        );
        assert_eq!(s.select(&TableName::new("post"), &["id".into()]).len(), 4);

        s.run(&["downgrade", "-1"]).success();
        assert_same(
            &format!("{b} {case}: after renaming back"),
            ("before", &from),
            ("introspected", &s.introspect()),
            &revision,
        );
        assert_eq!(
            s.select(&user, &["id".into(), "bio".into()]),
            bios,
            "{b} {case}: the values of bio after renaming back\n{revision}"
        );
        assert_eq!(s.select(&TableName::new("post"), &["id".into()]).len(), 4);
    }
}
