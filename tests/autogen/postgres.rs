//! What only PostgreSQL has: comments, enum types (named by `sql_type`;
//! models name an enum, a hand-written revision creates it), index
//! methods on arrays, `serial`, and tables in another schema.

use crate::harness::{Scenario, edit};
use crate::models::{BASE, BASE_ROWS};
use crate::support::Backend;

#[test]
fn comments() {
    let mut s = Scenario::new(Backend::Postgres, "pg_comments");
    let v1 = edit(
        BASE,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", comment = \"people who sign in\")]",
    );
    let v1 = edit(
        &v1,
        "    pub name: String,\n",
        "    #[schema(comment = \"shown to others; it's not unique\")]\n    pub name: String,\n",
    );
    s.step("create with comments", &v1);
    s.execute(BASE_ROWS);
    let v2 = edit(&v1, "people who sign in", "accounts");
    let v2 = edit(
        &v2,
        "    #[schema(comment = \"shown to others; it's not unique\")]\n",
        "",
    );
    let v2 = edit(
        &v2,
        "    pub age: i32,\n",
        "    #[schema(comment = \"in years\")]\n    pub age: i32,\n",
    );
    let step = s.step("change comments", &v2);
    assert!(
        step.up.contains("COMMENT ON TABLE \"user\" IS 'accounts'"),
        "{}",
        step.text
    );
    assert!(
        step.up.contains("COMMENT ON COLUMN \"user\".name IS NULL"),
        "{}",
        step.text
    );
    assert!(
        step.down
            .contains("COMMENT ON COLUMN \"user\".name IS 'shown to others; it''s not unique'"),
        "{}",
        step.text
    );
    s.step("comments dropped", BASE);
}

#[test]
fn enum_typed_columns() {
    let mut s = Scenario::new(Backend::Postgres, "pg_enum");
    s.hand_revision(
        "mood",
        "CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');",
        "DROP TYPE mood;",
    );
    s.step("create the tables", BASE);
    s.execute(BASE_ROWS);
    let v2 = edit(
        BASE,
        "    pub age: i32,\n",
        "    pub age: i32,\n    #[schema(sql_type = \"mood\")]\n    pub mood: Option<String>,\n",
    );
    let step = s.step("add a mood", &v2);
    assert!(step.up.contains("ADD COLUMN mood mood"), "{}", step.text);
    s.execute("UPDATE \"user\" SET mood = 'ok' WHERE id = 1;");
    // A text column becomes the enum (its values are labels).
    let v3 = edit(
        &v2,
        "    #[schema(default = \"'member'\")]\n    pub role: String,\n",
        "    #[schema(default = \"'member'\")]\n    pub role: String,\n    pub status: Option<String>,\n",
    );
    s.step("add status", &v3);
    s.execute("UPDATE \"user\" SET status = 'sad' WHERE id = 2;");
    let v4 = edit(
        &v3,
        "    pub status: Option<String>,\n",
        "    #[schema(sql_type = \"mood\")]\n    pub status: Option<String>,\n",
    );
    s.step("status is a mood", &v4);
    s.step("no mood", BASE);
}

#[test]
fn array_column_with_a_gin_index() {
    let mut s = Scenario::new(Backend::Postgres, "pg_gin");
    s.step("create the tables", BASE);
    s.execute(BASE_ROWS);
    let v2 = edit(
        BASE,
        "    pub age: i32,\n",
        "    pub age: i32,\n    #[schema(default = \"'{}'\")]\n    pub tags: Vec<String>,\n",
    );
    s.step("add tags", &v2);
    s.execute("UPDATE \"user\" SET tags = ARRAY['a', 'b'] WHERE id = 1;");
    let v3 = edit(
        &v2,
        "#[schema(table = \"user\")]",
        "#[schema(table = \"user\", index(columns(\"tags\"), method = \"gin\"))]",
    );
    let step = s.step("index tags", &v3);
    assert!(step.up.contains("USING gin (tags)"), "{}", step.text);
}

#[test]
fn serial_and_identity_keys() {
    let mut s = Scenario::new(Backend::Postgres, "pg_serial");
    let v1 = r#"use schema_macros::Model;

#[derive(Model)]
pub struct Ticket {
    #[schema(primary_key, sql_type = "bigserial")]
    pub id: i64,
    pub title: String,
}
"#;
    s.step("create ticket", v1);
    s.execute("INSERT INTO ticket (title) VALUES ('a'), ('b');");
    let v2 = edit(
        v1,
        "    pub title: String,\n",
        "    pub title: String,\n    #[schema(auto)]\n    pub seq: i64,\n",
    );
    s.step("add an identity column", &v2);
    let v3 = edit(
        &v2,
        "#[schema(primary_key, sql_type = \"bigserial\")]",
        "#[schema(primary_key, auto)]",
    );
    s.step("serial to identity", &v3);
    s.execute("INSERT INTO ticket (title) VALUES ('c');");
    s.step("identity to serial", &v2);
    s.execute("INSERT INTO ticket (title) VALUES ('d');");
}

#[test]
fn tables_in_another_schema() {
    let mut s = Scenario::new(Backend::Postgres, "pg_namespace");
    s.hand_revision(
        "billing schema",
        "CREATE SCHEMA billing;",
        "DROP SCHEMA billing;",
    );
    s.step("create the tables", BASE);
    s.execute(BASE_ROWS);
    let v2 = format!(
        "{BASE}
#[derive(Model)]
#[schema(schema = \"billing\", index(columns(\"user_id\")))]
pub struct Invoice {{
    #[schema(primary_key, auto)]
    pub id: i64,
    #[schema(references = \"user(id)\", on_delete = \"cascade\")]
    pub user_id: i64,
    #[schema(sql_type = \"numeric(10, 2)\")]
    pub total: rust_decimal::Decimal,
}}
"
    );
    s.step("create billing.invoice", &v2);
    s.execute("INSERT INTO billing.invoice (user_id, total) VALUES (1, 9.99), (2, 10);");
    let v3 = edit(
        &v2,
        "#[schema(schema = \"billing\", index(columns(\"user_id\")))]",
        "#[schema(schema = \"billing\", check = \"total >= 0\")]",
    );
    let v3 = edit(
        &v3,
        "pub total: rust_decimal::Decimal,",
        "pub total: rust_decimal::Decimal,\n    pub note: Option<String>,",
    );
    let step = s.step("change billing.invoice", &v3);
    assert!(step.up.contains("billing.invoice"), "{}", step.text);
}
