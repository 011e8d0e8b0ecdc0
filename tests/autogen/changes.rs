//! One case per kind of change autogenerate detects, on PostgreSQL and
//! SQLite. Each case creates its first models from an empty database,
//! inserts rows, then autogenerates the change (models v1 → v2) and its
//! inverse (v2 → v1), every step applied, reverted and applied again with
//! schema and rows checked (see [`crate::harness`]).
//!
//! Where SQLite has no `ALTER` for the change, the case also requires the
//! rebuild recipe for the table: the row checks are then the proof that
//! the rebuild kept every row, in the table and in its children.

use schema_core::schema::TableName;

use crate::harness::{Scenario, Step, edit};
use crate::models::{BASE, BASE_ROWS};
use crate::support::{Backend, on_both};

/// v1 (created from nothing, then `rows` inserted) → v2 → v1. Returns the
/// steps towards v2 and back. On SQLite, requires that the SQL going
/// towards v2 (the first step's up, the second's down) rebuilds the
/// tables of `rebuilt.0` and no other, and the SQL going back towards v1
/// those of `rebuilt.1`.
fn round_trip(
    b: Backend,
    name: &str,
    (what, v1, rows, v2): (&str, &str, &str, &str),
    rebuilt: (&[&str], &[&str]),
) -> (Step, Step) {
    let mut s = Scenario::new(b, name);
    s.step("create the tables", v1);
    s.execute(rows);
    let there = s.step(what, v2);
    let back = s.step(&format!("undo: {what}"), v1);
    if s.is_sqlite() {
        for (section, wanted, which) in [
            (&there.up, rebuilt.0, "towards v2 (up)"),
            (&back.down, rebuilt.0, "towards v2 (down of the undo)"),
            (&there.down, rebuilt.1, "towards v1 (down)"),
            (&back.up, rebuilt.1, "towards v1 (up of the undo)"),
        ] {
            assert_eq!(
                rebuilt_tables(section),
                wanted,
                "the tables SQLite rebuilds {which}: {what}\n{}\n{}",
                there.text,
                back.text
            );
        }
    }
    (there, back)
}

/// Both ways rebuild the same tables.
fn both<'a>(tables: &'a [&'a str]) -> (&'a [&'a str], &'a [&'a str]) {
    (tables, tables)
}

/// The tables a SQLite section rebuilds, sorted.
fn rebuilt_tables(section: &str) -> Vec<String> {
    let mut tables: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("-- SQLite can't alter "))
        .map(|l| l.split(' ').next().unwrap_or_default().to_string())
        .collect();
    tables.sort();
    tables
}

/// [`round_trip`] from [`BASE`] with [`BASE_ROWS`].
fn from_base(
    b: Backend,
    name: &str,
    what: &str,
    v2: &str,
    rebuilt: (&[&str], &[&str]),
) -> (Step, Step) {
    round_trip(b, name, (what, BASE, BASE_ROWS, v2), rebuilt)
}

on_both!(
    create_and_drop_table,
    drop_table_with_rows,
    add_nullable_column,
    add_not_null_column_with_default,
    add_column_with_expression_default,
    drop_column,
    drop_indexed_column,
    change_type_widen,
    change_type_to_varchar,
    set_not_null,
    drop_not_null,
    set_and_drop_default,
    drop_string_default,
    add_unique_column,
    add_unique_constraint_over_columns,
    add_index,
    add_unique_index,
    add_multi_column_index,
    add_partial_index,
    add_foreign_key_with_on_delete,
    change_foreign_key_action,
    add_check,
    add_named_check,
    change_primary_key,
    add_identity,
    quoted_and_reserved_names,
    several_changes_in_one_table,
    column_types,
    foreign_key_to_a_unique_column,
    foreign_key_cycle,
    change_referenced_key_type,
    identity_continues_after_existing_rows,
    generated_keys_are_not_reused_after_a_rebuild,
);

fn create_and_drop_table(b: Backend) {
    let v2 = format!(
        "{BASE}
#[derive(Model)]
#[schema(index(columns(\"label\", \"user_id\")))]
pub struct Tag {{
    #[schema(primary_key, auto)]
    pub id: i64,
    #[schema(unique)]
    pub label: String,
    #[schema(references = \"user(id)\", on_delete = \"set null\")]
    pub user_id: Option<i64>,
    #[schema(default = 1)]
    pub weight: i32,
}}
"
    );
    let (there, back) = from_base(b, "create_table", "create table tag", &v2, both(&[]));
    assert!(there.up.contains("CREATE TABLE tag"), "{}", there.text);
    assert!(there.down.contains("DROP TABLE tag"), "{}", there.text);
    assert!(back.up.contains("DROP TABLE tag"), "{}", back.text);
}

fn drop_table_with_rows(b: Backend) {
    let start = BASE
        .find("#[derive(Model)]\npub struct Post")
        .expect("post");
    let v2 = &BASE[..start];
    let (there, _) = from_base(b, "drop_table", "drop table post", v2, both(&[]));
    assert!(there.up.contains("DROP TABLE post"), "{}", there.text);
    assert!(there.down.contains("CREATE TABLE post"), "{}", there.text);
}

fn add_nullable_column(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub age: i32,\n",
        "    pub age: i32,\n    pub nickname: Option<String>,\n",
    );
    from_base(b, "add_nullable", "add column nickname", &v2, both(&[]));
}

fn add_not_null_column_with_default(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub age: i32,\n",
        "    pub age: i32,\n    #[schema(default = 0)]\n    pub karma: i32,\n    #[schema(default = \"'none'\")]\n    pub plan: String,\n",
    );
    let (there, _) = from_base(
        b,
        "add_not_null_default",
        "add karma and plan",
        &v2,
        both(&[]),
    );
    assert!(there.up.contains("NOT NULL DEFAULT 0"), "{}", there.text);
}

/// SQLite's `ADD COLUMN` takes no non-constant default: a rebuild.
fn add_column_with_expression_default(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub age: i32,\n",
        "    pub age: i32,\n    #[schema(default = \"current_timestamp\")]\n    pub created_at: chrono::DateTime<chrono::Utc>,\n",
    );
    from_base(
        b,
        "add_expression_default",
        "add created_at",
        &v2,
        (&["user"], &[]),
    );
}

fn drop_column(b: Backend) {
    let v2 = edit(BASE, "    pub bio: Option<String>,\n", "");
    let (there, _) = from_base(b, "drop_column", "drop bio", &v2, both(&[]));
    assert!(there.up.contains("DROP COLUMN bio"), "{}", there.text);
}

/// SQLite's `DROP COLUMN` refuses an indexed column: a rebuild.
fn drop_indexed_column(b: Backend) {
    let v1 = edit(
        BASE,
        "    pub bio: Option<String>,\n",
        "    #[schema(index)]\n    pub bio: Option<String>,\n",
    );
    let v2 = edit(BASE, "    pub bio: Option<String>,\n", "");
    round_trip(
        b,
        "drop_indexed_column",
        ("drop indexed bio", &v1, BASE_ROWS, &v2),
        (&["user"], &[]),
    );
}

fn change_type_widen(b: Backend) {
    let v2 = edit(BASE, "pub age: i32,", "pub age: i64,");
    from_base(b, "type_widen", "age to bigint", &v2, both(&["user"]));
}

fn change_type_to_varchar(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub name: String,\n",
        "    #[schema(sql_type = \"varchar(100)\")]\n    pub name: String,\n",
    );
    from_base(
        b,
        "type_varchar",
        "name to varchar(100)",
        &v2,
        both(&["user"]),
    );
}

fn set_not_null(b: Backend) {
    let v1 = edit(BASE, "pub email: String,", "pub email: Option<String>,");
    round_trip(
        b,
        "set_not_null",
        ("email not null", &v1, BASE_ROWS, BASE),
        both(&["user"]),
    );
}

fn drop_not_null(b: Backend) {
    let v2 = edit(BASE, "pub name: String,", "pub name: Option<String>,");
    from_base(b, "drop_not_null", "name nullable", &v2, both(&["user"]));
}

fn set_and_drop_default(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub age: i32,\n",
        "    #[schema(default = 18)]\n    pub age: i32,\n",
    );
    let (there, back) = from_base(b, "set_default", "age defaults to 18", &v2, both(&["user"]));
    if b == Backend::Postgres {
        assert!(there.up.contains("SET DEFAULT 18"), "{}", there.text);
        assert!(back.up.contains("DROP DEFAULT"), "{}", back.text);
    }
}

fn drop_string_default(b: Backend) {
    let v2 = edit(BASE, "    #[schema(default = \"'member'\")]\n", "");
    from_base(
        b,
        "drop_default",
        "role without default",
        &v2,
        both(&["user"]),
    );
}

fn add_unique_column(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub email: String,\n",
        "    #[schema(unique)]\n    pub email: String,\n",
    );
    from_base(b, "unique_column", "email unique", &v2, both(&["user"]));
}

fn add_unique_constraint_over_columns(b: Backend) {
    let v2 = edit(
        BASE,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", unique(columns(\"name\", \"email\")))]",
    );
    from_base(
        b,
        "unique_columns",
        "unique (name, email)",
        &v2,
        both(&["user"]),
    );
}

fn add_index(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub name: String,\n",
        "    #[schema(index)]\n    pub name: String,\n",
    );
    let (there, back) = from_base(b, "index", "index name", &v2, both(&[]));
    assert!(
        there
            .up
            .contains("CREATE INDEX user_name_idx ON \"user\" (name)"),
        "{}",
        there.text
    );
    assert!(
        back.up.contains("DROP INDEX user_name_idx"),
        "{}",
        back.text
    );
}

fn add_unique_index(b: Backend) {
    let v2 = edit(
        BASE,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", index(columns(\"email\"), unique, name = \"user_email_uq\"))]",
    );
    let (there, _) = from_base(b, "unique_index", "unique index on email", &v2, both(&[]));
    assert!(there.up.contains("CREATE UNIQUE INDEX"), "{}", there.text);
}

fn add_multi_column_index(b: Backend) {
    let v2 = edit(
        BASE,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", index(columns(\"role\", \"age\")))]",
    );
    let (there, _) = from_base(b, "multi_index", "index (role, age)", &v2, both(&[]));
    assert!(there.up.contains("(role, age)"), "{}", there.text);
}

fn add_partial_index(b: Backend) {
    let v2 = edit(
        BASE,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", index(columns(\"bio\"), predicate = \"bio IS NOT NULL\"))]",
    );
    let (there, _) = from_base(b, "partial_index", "partial index on bio", &v2, both(&[]));
    assert!(there.up.contains("WHERE"), "{}", there.text);
}

fn add_foreign_key_with_on_delete(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub reviewer_id: Option<i64>,\n",
        "    #[schema(references = \"user(id)\", on_delete = \"set null\")]\n    pub reviewer_id: Option<i64>,\n",
    );
    let (there, _) = from_base(
        b,
        "add_fk",
        "reviewer references user",
        &v2,
        both(&["post"]),
    );
    if b == Backend::Postgres {
        assert!(there.up.contains("ON DELETE SET NULL"), "{}", there.text);
    }
}

fn change_foreign_key_action(b: Backend) {
    let v2 = edit(BASE, "on_delete = \"cascade\"", "on_delete = \"restrict\"");
    from_base(
        b,
        "fk_action",
        "posts restrict user deletes",
        &v2,
        both(&["post"]),
    );
}

fn add_check(b: Backend) {
    let v2 = edit(
        BASE,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", check = \"age >= 0\")]",
    );
    from_base(b, "check", "age is not negative", &v2, both(&["user"]));
}

fn add_named_check(b: Backend) {
    let v2 = edit(
        BASE,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", check(name = \"user_name_not_empty\", expr = \"length(name) > 0 AND name <> 'x'\"))]",
    );
    from_base(
        b,
        "named_check",
        "names are not empty",
        &v2,
        both(&["user"]),
    );
}

const MEMBERSHIP: &str = r#"use schema_macros::Model;

#[derive(Model)]
pub struct Membership {
    #[schema(primary_key)]
    pub team: String,
    pub member: String,
    pub since: i32,
}
"#;

fn change_primary_key(b: Backend) {
    let v2 = edit(
        MEMBERSHIP,
        "    pub member: String,\n",
        "    #[schema(primary_key)]\n    pub member: String,\n",
    );
    let rows = "INSERT INTO membership (team, member, since) VALUES ('red', 'ann', 2020), ('blue', 'ann', 2021), ('green', 'bob', 2022);";
    round_trip(
        b,
        "primary_key",
        ("key by team and member", MEMBERSHIP, rows, &v2),
        both(&["membership"]),
    );
}

const EVENT: &str = r#"use schema_macros::Model;

#[derive(Model)]
pub struct Event {
    #[schema(primary_key)]
    pub id: i64,
    pub what: String,
}
"#;

fn add_identity(b: Backend) {
    let v2 = edit(
        EVENT,
        "#[schema(primary_key)]",
        "#[schema(primary_key, auto)]",
    );
    let rows = "INSERT INTO event (id, what) VALUES (1, 'start'), (5, 'stop');";
    let (there, _) = round_trip(
        b,
        "identity",
        ("generated ids", EVENT, rows, &v2),
        both(&["event"]),
    );
    if b == Backend::Postgres {
        assert!(there.up.contains("AS IDENTITY"), "{}", there.text);
    }
}

/// An identity added to a key that has rows must go on after the largest
/// key: the next row inserted gets a fresh one.
fn identity_continues_after_existing_rows(b: Backend) {
    let v2 = edit(
        EVENT,
        "#[schema(primary_key)]",
        "#[schema(primary_key, auto)]",
    );
    let mut s = Scenario::new(b, "identity_continues");
    s.step("create the tables", EVENT);
    s.execute("INSERT INTO event (id, what) VALUES (1, 'start'), (5, 'stop');");
    s.step("generated ids", &v2);
    s.execute("INSERT INTO event (what) VALUES ('again');");
    assert_eq!(
        s.select(&TableName::new("event"), &["id".into()]),
        [[Some("1".into())], [Some("5".into())], [Some("6".into())]]
    );
}

/// Names that must be quoted: reserved words (`user`, `order`, `group`),
/// upper case and spaces, through creation, a rebuild and an index.
const QUOTED: &str = r#"use schema_macros::Model;

#[derive(Model)]
#[schema(table = "user")]
pub struct User {
    #[schema(primary_key, auto)]
    pub id: i64,
    #[schema(rename = "displayName")]
    pub display_name: String,
}

#[derive(Model)]
#[schema(table = "order", index(columns("group", "Total Amount")))]
pub struct Order {
    #[schema(primary_key, auto)]
    pub id: i64,
    #[schema(rename = "userId", references = "user(id)", on_delete = "cascade")]
    pub user_id: i64,
    pub group: String,
    #[schema(rename = "Total Amount")]
    pub total: i32,
}

#[derive(Model)]
#[schema(table = "UserProfile")]
pub struct UserProfile {
    #[schema(primary_key, rename = "userId", references = "user(id)")]
    pub user_id: i64,
    #[schema(rename = "select")]
    pub select: Option<String>,
}
"#;

fn quoted_and_reserved_names(b: Backend) {
    let rows = r#"
        INSERT INTO "user" (id, "displayName") VALUES (1, 'Ann'), (2, 'Bob');
        INSERT INTO "order" (id, "userId", "group", "Total Amount") VALUES (1, 1, 'a', 10), (2, 2, 'b', 20), (3, 1, 'a', 30);
        INSERT INTO "UserProfile" ("userId", "select") VALUES (1, 'x'), (2, NULL);
    "#;
    let v2 = edit(QUOTED, "pub total: i32,", "pub total: i64,");
    let v2 = edit(
        &v2,
        "#[schema(table = \"order\", ",
        "#[schema(table = \"order\", check = \"\\\"Total Amount\\\" >= 0\", ",
    );
    let v2 = edit(
        &v2,
        "    #[schema(rename = \"displayName\")]\n",
        "    #[schema(rename = \"displayName\", index)]\n",
    );
    let v2 = edit(
        &v2,
        "#[schema(rename = \"select\")]",
        "#[schema(rename = \"select\", default = \"'-'\")]",
    );
    let (there, _) = round_trip(
        b,
        "quoted_names",
        ("amounts are bigint and checked", QUOTED, rows, &v2),
        both(&["UserProfile", "order"]),
    );
    assert!(there.up.contains("\"Total Amount\""), "{}", there.text);
}

/// Several changes to one table in one revision: one rebuild on SQLite.
fn several_changes_in_one_table(b: Backend) {
    let v2 = edit(BASE, "pub age: i32,", "pub age: i64,");
    let v2 = edit(&v2, "pub name: String,", "pub name: Option<String>,");
    let v2 = edit(&v2, "    pub bio: Option<String>,\n", "");
    let v2 = edit(
        &v2,
        "    pub email: String,\n",
        "    #[schema(unique, index)]\n    pub email: String,\n    pub born: Option<chrono::NaiveDate>,\n",
    );
    let v2 = edit(
        &v2,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", check = \"age < 200\")]",
    );
    let v2 = edit(
        &v2,
        "    pub reviewer_id: Option<i64>,\n",
        "    #[schema(references = \"user\")]\n    pub reviewer_id: Option<i64>,\n",
    );
    from_base(
        b,
        "several_changes",
        "reshape user",
        &v2,
        both(&["post", "user"]),
    );
}

/// The Rust types of the mapping, created and dropped: the types the
/// database reports back must be the ones the models mean.
fn column_types(b: Backend) {
    let v1 = r#"use schema_macros::Model;

#[derive(Model)]
pub struct Everything {
    #[schema(primary_key)]
    pub id: i16,
    pub int: i32,
    pub big: Option<i64>,
    #[schema(default = 1.5)]
    pub real: f32,
    #[schema(default = -1)]
    pub double: Option<f64>,
    #[schema(default = true)]
    pub flag: bool,
    #[schema(default = "'it''s'")]
    pub text: String,
    pub bytes: Option<Vec<u8>>,
    pub day: Option<chrono::NaiveDate>,
    pub clock: Option<chrono::NaiveTime>,
    pub local: Option<chrono::NaiveDateTime>,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub uuid: Option<uuid::Uuid>,
    pub doc: Option<serde_json::Value>,
    pub amount: Option<rust_decimal::Decimal>,
    #[schema(sql_type = "numeric(10, 2)")]
    pub price: Option<rust_decimal::Decimal>,
    #[schema(sql_type = "varchar(30)")]
    pub code: Option<String>,
    #[schema(sql_type = "char(3)")]
    pub currency: Option<String>,
}
"#;
    let v2 = edit(v1, "pub int: i32,", "pub int: i64,");
    let rows = "INSERT INTO everything (id, int, real, flag, text, code) VALUES (1, 7, 1.5, true, 'a', 'x'), (2, -7, 0, false, '', NULL);";
    round_trip(
        b,
        "column_types",
        ("int to bigint", v1, rows, &v2),
        both(&["everything"]),
    );
}

/// A foreign key to a unique column (not the primary key) of another
/// table: the unique constraint must exist before the key is added, and
/// the key must be gone before the constraint is dropped, whatever the
/// tables' names.
fn foreign_key_to_a_unique_column(b: Backend) {
    let v2 = edit(
        BASE,
        "    pub email: String,\n",
        "    #[schema(unique)]\n    pub email: String,\n",
    );
    let v2 = edit(
        &v2,
        "    pub title: String,\n",
        "    pub title: String,\n    #[schema(references = \"user(email)\", on_update = \"cascade\")]\n    pub author_email: Option<String>,\n",
    );
    from_base(
        b,
        "fk_to_unique",
        "posts name their author by email",
        &v2,
        both(&["post", "user"]),
    );
}

/// Two new tables referencing each other: created, then dropped.
fn foreign_key_cycle(b: Backend) {
    let v2 = format!(
        "{BASE}
#[derive(Model)]
pub struct Team {{
    #[schema(primary_key)]
    pub id: i64,
    #[schema(references = \"player(id)\")]
    pub captain_id: Option<i64>,
}}

#[derive(Model)]
pub struct Player {{
    #[schema(primary_key)]
    pub id: i64,
    #[schema(references = \"team(id)\", on_delete = \"set null\")]
    pub team_id: Option<i64>,
    #[schema(references = \"player(id)\")]
    pub mentor_id: Option<i64>,
}}
"
    );
    let mut s = Scenario::new(b, "fk_cycle");
    s.step("create the tables", BASE);
    s.execute(BASE_ROWS);
    s.step("teams and players", &v2);
    s.execute(
        "INSERT INTO team (id) VALUES (1); INSERT INTO player (id, team_id) VALUES (1, 1), (2, 1); UPDATE team SET captain_id = 2;",
    );
    s.step("no teams", BASE);
}

/// The type of a primary key that a foreign key references, changed
/// together with the referencing column.
fn change_referenced_key_type(b: Backend) {
    let v2 = edit(BASE, "pub user_id: i64,", "pub user_id: i32,");
    let v2 = if b == Backend::Postgres {
        edit(
            &v2,
            "    pub id: i64,\n    pub name",
            "    pub id: i32,\n    pub name",
        )
    } else {
        // `auto` is INTEGER PRIMARY KEY on SQLite whatever the Rust type.
        v2
    };
    from_base(
        b,
        "referenced_key_type",
        "ids are integers",
        &v2,
        both(&["post"]),
    );
}

/// `AUTOINCREMENT` promises that a key is never handed out twice, also
/// after the row holding the largest one was deleted: a rebuild of the
/// table must carry the high-water mark over (`sqlite_sequence`), as
/// PostgreSQL's identity keeps its sequence through an `ALTER`.
fn generated_keys_are_not_reused_after_a_rebuild(b: Backend) {
    let mut s = Scenario::new(b, "keys_not_reused");
    s.step("create the tables", BASE);
    s.execute(BASE_ROWS);
    if b == Backend::Postgres {
        // The rows came with their keys: move the identity past them, as
        // an import would.
        s.execute("SELECT setval(pg_get_serial_sequence('\"user\"', 'id'), 3);");
    }
    s.execute("DELETE FROM post WHERE user_id = 3; DELETE FROM \"user\" WHERE id = 3;");
    let v2 = edit(BASE, "pub age: i32,", "pub age: i64,");
    s.step("age to bigint", &v2);
    s.execute("INSERT INTO \"user\" (name, email, age) VALUES ('new', 'new@example.com', 1);");
    assert_eq!(
        s.select(&TableName::new("user"), &["id".into()]),
        [[Some("1".into())], [Some("2".into())], [Some("4".into())]],
        "{b}: the deleted key 3 was handed out again"
    );
}
