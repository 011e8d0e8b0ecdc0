//! The SQL autogenerate writes, per dialect: for each kind of operation a
//! before/after pair of schemas is diffed both ways and rendered, and the
//! up and down SQL are a snapshot (`snapshots/render__<dialect>__<case>.snap`),
//! beside one realistic revision with many changes at once.
//!
//! The schemas come from `#[derive(Model)]` sources (the parser autogenerate
//! uses), so each dialect gets what it would really get: constraint names
//! on PostgreSQL and none on SQLite, identity or `AUTOINCREMENT`. What
//! models can't say (enum types, expression indexes, operator classes) is
//! added to the IR by hand. Each case also checks which operations the
//! diff found, so a snapshot always shows the operation it is named after.
//!
//! Whether the SQL *runs* and gives back the schema is proven on real
//! databases by the e2e `autogen` tests; here the text is pinned, so that
//! any change to it is seen in review.
#![cfg(feature = "models")]

use schema_core::Dialect;
use schema_core::diff::{DiffOptions, Op, diff};
use schema_core::model::parse_model;
use schema_core::render::render;
use schema_core::schema::{
    EnumType, Identity, Index, IndexKey, IndexPart, Schema, SqlType, Table, TableName,
};

const DIALECTS: [Dialect; 2] = [Dialect::Postgres, Dialect::Sqlite];

/// A model's table for `dialect`.
fn model(source: &str, dialect: Dialect) -> Table {
    let input: syn::DeriveInput =
        syn::parse_str(source).unwrap_or_else(|e| panic!("not a Rust item: {e}\n{source}"));
    match parse_model(&input, dialect) {
        Ok(m) => m.table,
        Err(errors) => panic!("{dialect}: {errors:?}"),
    }
}

/// The schema of some models.
fn models(sources: &[&str], dialect: Dialect) -> Schema {
    let mut schema = Schema::default();
    for s in sources {
        let t = model(s, dialect);
        schema.tables.insert(t.name.clone(), t);
    }
    schema.canonicalize();
    schema
}

/// Replaces `from` by `to` in a model source, requiring that it is there.
#[track_caller]
fn edit(source: &str, from: &str, to: &str) -> String {
    assert!(source.contains(from), "{from:?} is not in\n{source}");
    source.replacen(from, to, 1)
}

const USER: &str = r#"
#[derive(Model)]
#[schema(table = "user")]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
    name: String,
    email: String,
    bio: Option<String>,
    age: i32,
    #[schema(default = "'member'")]
    role: String,
}"#;

const POST: &str = r#"
#[derive(Model)]
struct Post {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(references = "user(id)", on_delete = "cascade")]
    user_id: i64,
    reviewer_id: Option<i64>,
    title: String,
}"#;

/// The up and down SQL of `before` → `after`, with what the diff found.
fn revision(before: &Schema, after: &Schema, opts: &DiffOptions, dialect: Dialect) -> String {
    let back = DiffOptions {
        scope: opts.scope.clone(),
        renames: opts
            .renames
            .iter()
            .map(|(t, a, b)| (t.clone(), b.clone(), a.clone()))
            .collect(),
    };
    let up = diff(before, after, opts).ops;
    let down = diff(after, before, &back).ops;
    let section = |ops: &[Op], from: &Schema, to: &Schema| {
        let mut s = String::new();
        for op in ops {
            s.push_str(&format!("--   {}\n", op.describe()));
        }
        s.push_str(&render(ops, from, to, dialect));
        s
    };
    format!(
        "-- up\n{}\n-- down\n{}",
        section(&up, before, after),
        section(&down, after, before)
    )
}

/// The kinds of the operations of `before` → `after` (`add_column`, …).
fn kinds(before: &Schema, after: &Schema, opts: &DiffOptions) -> Vec<String> {
    diff(before, after, opts)
        .ops
        .iter()
        .map(|op| {
            serde_json::to_value(op).expect("serialise")["op"]
                .as_str()
                .expect("tagged")
                .to_string()
        })
        .collect()
}

/// One case: on each dialect, requires that the diff finds the operations
/// `up` (by kind) and snapshots the revision as `<dialect>__<name>`.
#[track_caller]
fn case(name: &str, up: &[&str], pair: impl Fn(Dialect) -> (Schema, Schema)) {
    case_with(name, up, &DiffOptions::default(), pair);
}

#[track_caller]
fn case_with(
    name: &str,
    up: &[&str],
    opts: &DiffOptions,
    pair: impl Fn(Dialect) -> (Schema, Schema),
) {
    case_on(&DIALECTS, name, up, opts, pair);
}

#[track_caller]
fn case_on(
    dialects: &[Dialect],
    name: &str,
    up: &[&str],
    opts: &DiffOptions,
    pair: impl Fn(Dialect) -> (Schema, Schema),
) {
    for &dialect in dialects {
        let (before, after) = pair(dialect);
        assert_eq!(kinds(&before, &after, opts), up, "{dialect}: {name}");
        insta::assert_snapshot!(
            format!("{dialect}__{name}"),
            revision(&before, &after, opts, dialect)
        );
    }
}

/// `user` and `post` before, and with `USER` edited after.
fn user_change(from: &str, to: &str) -> impl Fn(Dialect) -> (Schema, Schema) {
    let changed = edit(USER, from, to);
    move |d| (models(&[USER, POST], d), models(&[&changed, POST], d))
}

#[test]
fn create_and_drop_tables() {
    case(
        "create_table",
        &["create_table", "create_table", "add_foreign_key"],
        |d| {
            let post = edit(
                POST,
                "#[derive(Model)]\nstruct Post",
                "#[derive(Model)]\n#[schema(index(columns(\"user_id\", \"title\")), unique(columns(\"title\")), check = \"length(title) > 0\")]\nstruct Post",
            );
            (Schema::default(), models(&[USER, &post], d))
        },
    );
    case("drop_table", &["drop_table"], |d| {
        (models(&[USER, POST], d), models(&[USER], d))
    });
}

#[test]
fn columns_added_and_dropped() {
    case(
        "add_column_nullable",
        &["add_column"],
        user_change(
            "    age: i32,\n",
            "    age: i32,\n    nickname: Option<String>,\n",
        ),
    );
    case(
        "add_column_not_null_with_default",
        &["add_column"],
        user_change(
            "    age: i32,\n",
            "    age: i32,\n    #[schema(default = 0)]\n    karma: i32,\n",
        ),
    );
    // SQLite's ADD COLUMN takes only a constant default: a rebuild.
    case(
        "add_column_with_expression_default",
        &["add_column"],
        user_change(
            "    age: i32,\n",
            "    age: i32,\n    #[schema(default = \"current_timestamp\")]\n    created_at: chrono::DateTime<chrono::Utc>,\n",
        ),
    );
    case(
        "drop_column",
        &["drop_column"],
        user_change("    bio: Option<String>,\n", ""),
    );
    // SQLite's DROP COLUMN refuses an indexed column: a rebuild.
    case("drop_indexed_column", &["drop_index", "drop_column"], |d| {
        let indexed = edit(
            USER,
            "    bio: Option<String>,\n",
            "    #[schema(index)]\n    bio: Option<String>,\n",
        );
        let dropped = edit(USER, "    bio: Option<String>,\n", "");
        (models(&[&indexed, POST], d), models(&[&dropped, POST], d))
    });
}

#[test]
fn columns_altered() {
    case(
        "alter_column_type",
        &["alter_column"],
        user_change("age: i32,", "age: i64,"),
    );
    case(
        "alter_column_type_to_varchar",
        &["alter_column"],
        user_change(
            "    name: String,\n",
            "    #[schema(sql_type = \"varchar(100)\")]\n    name: String,\n",
        ),
    );
    case(
        "alter_column_drop_not_null",
        &["alter_column"],
        user_change("name: String,", "name: Option<String>,"),
    );
    case(
        "alter_column_set_default",
        &["alter_column"],
        user_change(
            "    age: i32,\n",
            "    #[schema(default = 18)]\n    age: i32,\n",
        ),
    );
    case(
        "alter_column_drop_default",
        &["alter_column"],
        user_change("    #[schema(default = \"'member'\")]\n", ""),
    );
    case(
        "alter_column_several_properties",
        &["alter_column"],
        user_change(
            "    email: String,\n",
            "    #[schema(sql_type = \"varchar(320)\", default = \"''\")]\n    email: Option<String>,\n",
        ),
    );
}

const EVENT: &str = r#"
#[derive(Model)]
struct Event {
    #[schema(primary_key)]
    id: i64,
    what: String,
}"#;

#[test]
fn identity_and_serial() {
    case("alter_column_add_identity", &["alter_column"], |d| {
        let auto = edit(
            EVENT,
            "#[schema(primary_key)]",
            "#[schema(primary_key, auto)]",
        );
        (models(&[EVENT], d), models(&[&auto], d))
    });
    // `serial` is PostgreSQL's; SQLite reads the type as bigint.
    case("alter_column_serial_to_identity", &["alter_column"], |d| {
        let serial = edit(
            EVENT,
            "#[schema(primary_key)]",
            "#[schema(primary_key, sql_type = \"bigserial\")]",
        );
        let auto = edit(
            EVENT,
            "#[schema(primary_key)]",
            "#[schema(primary_key, auto)]",
        );
        (models(&[&serial], d), models(&[&auto], d))
    });
    case("add_identity_column", &["add_column"], |d| {
        let more = edit(
            EVENT,
            "    what: String,\n",
            "    what: String,\n    #[schema(sql_type = \"serial\")]\n    seq: i32,\n",
        );
        (models(&[EVENT], d), models(&[&more], d))
    });
}

#[test]
fn renamed_columns() {
    let user = TableName::new("user");
    let rename = DiffOptions {
        renames: vec![(user.clone(), "bio".into(), "about".into())],
        ..Default::default()
    };
    case_with(
        "rename_column",
        &["rename_column"],
        &rename,
        user_change("bio: Option<String>,", "about: Option<String>,"),
    );
    // Renamed along with a change SQLite rebuilds the table for: the copy
    // reads the old name into the new one.
    case_with(
        "rename_column_with_rebuild",
        &["rename_column", "alter_column"],
        &rename,
        |d| {
            let changed = edit(USER, "bio: Option<String>,", "about: Option<String>,");
            let changed = edit(&changed, "age: i32,", "age: i64,");
            (models(&[USER, POST], d), models(&[&changed, POST], d))
        },
    );
    // Unconfirmed, the same change is a drop and an add, proposed as a
    // probable rename.
    let (before, after) =
        user_change("bio: Option<String>,", "about: Option<String>,")(Dialect::Postgres);
    let d = diff(&before, &after, &DiffOptions::default());
    assert_eq!(
        d.probable_renames,
        [(user, "bio".to_string(), "about".to_string())]
    );
    assert_eq!(
        kinds(&before, &after, &DiffOptions::default()),
        ["add_column", "drop_column"]
    );
}

const MEMBERSHIP: &str = r#"
#[derive(Model)]
struct Membership {
    #[schema(primary_key)]
    team: String,
    member: String,
}"#;

#[test]
fn keys_and_constraints() {
    case(
        "alter_primary_key",
        &["drop_primary_key", "add_primary_key"],
        |d| {
            let both = edit(
                MEMBERSHIP,
                "    member: String,",
                "    #[schema(primary_key)]\n    member: String,",
            );
            (models(&[MEMBERSHIP], d), models(&[&both], d))
        },
    );
    case(
        "add_unique_column",
        &["add_unique"],
        user_change(
            "    email: String,\n",
            "    #[schema(unique)]\n    email: String,\n",
        ),
    );
    case(
        "add_unique_over_columns",
        &["add_unique"],
        user_change(
            "#[schema(table = \"user\")]",
            "#[schema(table = \"user\", unique(columns(\"name\", \"email\"), name = \"user_name_email_uq\"))]",
        ),
    );
    case(
        "add_check",
        &["add_check"],
        user_change(
            "#[schema(table = \"user\")]",
            "#[schema(table = \"user\", check = \"age >= 0\")]",
        ),
    );
    case(
        "add_named_check",
        &["add_check"],
        user_change(
            "#[schema(table = \"user\")]",
            "#[schema(table = \"user\", check(name = \"user_name_not_empty\", expr = \"length(name) > 0\"))]",
        ),
    );
    case("add_foreign_key", &["add_foreign_key"], |d| {
        let post = edit(
            POST,
            "    reviewer_id: Option<i64>,\n",
            "    #[schema(references = \"user(id)\", on_delete = \"set null\", on_update = \"cascade\")]\n    reviewer_id: Option<i64>,\n",
        );
        (models(&[USER, POST], d), models(&[USER, &post], d))
    });
    case(
        "alter_foreign_key_action",
        &["drop_foreign_key", "add_foreign_key"],
        |d| {
            let post = edit(POST, "on_delete = \"cascade\"", "on_delete = \"restrict\"");
            (models(&[USER, POST], d), models(&[USER, &post], d))
        },
    );
    // A key to a unique column of another table: the constraint comes
    // before the key, and goes after it.
    case(
        "add_foreign_key_to_a_new_unique",
        &["add_column", "add_unique", "add_foreign_key"],
        |d| {
            let user = edit(
                USER,
                "    email: String,\n",
                "    #[schema(unique)]\n    email: String,\n",
            );
            let post = edit(
                POST,
                "    title: String,\n",
                "    title: String,\n    #[schema(references = \"user(email)\")]\n    author_email: Option<String>,\n",
            );
            (models(&[USER, POST], d), models(&[&user, &post], d))
        },
    );
}

#[test]
fn indexes() {
    case(
        "create_index",
        &["create_index"],
        user_change(
            "    name: String,\n",
            "    #[schema(index)]\n    name: String,\n",
        ),
    );
    case(
        "create_unique_multi_column_partial_index",
        &["create_index"],
        user_change(
            "#[schema(table = \"user\")]",
            "#[schema(table = \"user\", index(columns(\"role\", \"email\"), unique, predicate = \"bio IS NOT NULL\"))]",
        ),
    );
    // What models can't say: an expression, a direction, NULLS order, an
    // operator class, INCLUDE and a method (the last three PostgreSQL's).
    case("create_expression_index", &["create_index"], |d| {
        let before = models(&[USER, POST], d);
        let mut after = before.clone();
        let user = after.tables.get_mut(&TableName::new("user")).expect("user");
        let pg = d == Dialect::Postgres;
        user.indexes.push(Index {
            name: "user_lower_email_idx".into(),
            unique: true,
            parts: vec![
                IndexPart {
                    key: IndexKey::Expression("lower(email)".into()),
                    descending: false,
                    nulls_first: None,
                    opclass: pg.then(|| "text_pattern_ops".into()),
                },
                IndexPart {
                    key: IndexKey::Column("age".into()),
                    descending: true,
                    nulls_first: pg.then_some(false),
                    opclass: None,
                },
            ],
            predicate: None,
            method: pg.then(|| "btree".into()),
            include: if pg { vec!["name".into()] } else { vec![] },
        });
        (before, after)
    });
}

/// Comments are PostgreSQL's: models leave them out on SQLite.
#[test]
fn comments() {
    let opts = DiffOptions::default();
    let postgres = [Dialect::Postgres];
    case_on(
        &postgres,
        "set_table_comment",
        &["set_table_comment"],
        &opts,
        user_change(
            "#[schema(table = \"user\")]",
            "#[schema(table = \"user\", comment = \"people who sign in\")]",
        ),
    );
    case_on(
        &postgres,
        "set_column_comment",
        &["set_column_comment"],
        &opts,
        user_change(
            "    name: String,\n",
            "    #[schema(comment = \"shown to others; it's not unique\")]\n    name: String,\n",
        ),
    );
}

/// Enum types: models name them (`sql_type`), the IR holds them.
fn with_mood(d: Dialect, values: &[&str], column: bool) -> Schema {
    let source = if column {
        edit(
            USER,
            "    age: i32,\n",
            "    age: i32,\n    #[schema(sql_type = \"mood\")]\n    mood: Option<String>,\n",
        )
    } else {
        USER.to_string()
    };
    let mut s = models(&[&source, POST], d);
    let name = TableName::new("mood");
    if let Some(c) = s
        .tables
        .get_mut(&TableName::new("user"))
        .and_then(|t| t.column_mut("mood"))
    {
        c.ty = SqlType::Named(name.clone());
    }
    s.enums.insert(
        name.clone(),
        EnumType {
            name,
            values: values.iter().map(|v| v.to_string()).collect(),
        },
    );
    s
}

#[test]
fn enums() {
    case("create_enum", &["create_enum", "add_column"], |d| {
        (
            models(&[USER, POST], d),
            with_mood(d, &["happy", "sad"], true),
        )
    });
    case(
        "add_enum_value",
        &["add_enum_value", "add_enum_value"],
        |d| {
            (
                with_mood(d, &["happy", "sad"], true),
                with_mood(d, &["ok", "happy", "it's complicated", "sad"], true),
            )
        },
    );
    case("drop_enum", &["drop_enum"], |d| {
        (with_mood(d, &["happy"], false), models(&[USER, POST], d))
    });
}

/// Names that need quotes: reserved words, upper case, spaces.
const ORDER: &str = r#"
#[derive(Model)]
#[schema(table = "order", index(columns("group", "Total Amount")))]
struct Order {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(rename = "userId", references = "user(id)", on_delete = "cascade")]
    user_id: i64,
    group: String,
    #[schema(rename = "Total Amount")]
    total: i32,
}"#;

#[test]
fn quoted_names() {
    case(
        "quoted_names_create",
        &["create_table", "add_foreign_key"],
        |d| (models(&[USER], d), models(&[USER, ORDER], d)),
    );
    case("quoted_names_alter", &["alter_column", "add_check"], |d| {
        let changed = edit(ORDER, "total: i32,", "total: i64,");
        let changed = edit(
            &changed,
            "#[schema(table = \"order\", ",
            "#[schema(table = \"order\", check = \"\\\"Total Amount\\\" >= 0\", ",
        );
        (models(&[USER, ORDER], d), models(&[USER, &changed], d))
    });
}

#[test]
fn tables_in_another_schema() {
    // A namespace is PostgreSQL's; on SQLite the model's `schema` is left out.
    case(
        "schema_qualified",
        &["create_table", "add_foreign_key"],
        |d| {
            let invoice = r#"
#[derive(Model)]
#[schema(schema = "billing", index(columns("user_id")))]
struct Invoice {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(references = "user(id)")]
    user_id: i64,
    #[schema(sql_type = "numeric(10, 2)")]
    total: rust_decimal::Decimal,
}"#;
            (models(&[USER], d), models(&[USER, invoice], d))
        },
    );
}

/// A shop's schema, one release later: tables created and dropped,
/// columns added, dropped and changed, keys, indexes and checks, in one
/// revision.
const SHOP_V1: &[&str] = &[
    r#"
#[derive(Model)]
#[schema(table = "customer")]
struct Customer {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(100)")]
    name: String,
    #[schema(unique)]
    email: String,
    phone: Option<String>,
}"#,
    r#"
#[derive(Model)]
#[schema(table = "order", check = "total >= 0")]
struct Order {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(references = "customer(id)")]
    customer_id: i64,
    total: rust_decimal::Decimal,
    #[schema(default = "'new'")]
    status: String,
    placed_at: chrono::NaiveDateTime,
}"#,
    r#"
#[derive(Model)]
struct Coupon {
    #[schema(primary_key)]
    code: String,
    percent: i16,
}"#,
];

const SHOP_V2: &[&str] = &[
    r#"
#[derive(Model)]
#[schema(table = "customer", index(columns("name")))]
struct Customer {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(200)")]
    name: String,
    #[schema(unique)]
    email: String,
    #[schema(default = "current_timestamp")]
    created_at: chrono::DateTime<chrono::Utc>,
}"#,
    r#"
#[derive(Model)]
#[schema(table = "order", check = "total >= 0", index(columns("customer_id", "placed_at")))]
struct Order {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(references = "customer(id)", on_delete = "cascade")]
    customer_id: i64,
    #[schema(sql_type = "numeric(12, 2)")]
    total: rust_decimal::Decimal,
    status: String,
    placed_at: chrono::DateTime<chrono::Utc>,
}"#,
    r#"
#[derive(Model)]
#[schema(unique(columns("order_id", "sku")))]
struct OrderLine {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(references = "order(id)", on_delete = "cascade")]
    order_id: i64,
    sku: String,
    #[schema(default = 1)]
    quantity: i32,
}"#,
];

#[test]
fn a_release_of_a_shop() {
    for dialect in DIALECTS {
        let before = models(SHOP_V1, dialect);
        let after = models(SHOP_V2, dialect);
        insta::assert_snapshot!(
            format!("{dialect}__shop_release"),
            revision(&before, &after, &DiffOptions::default(), dialect)
        );
    }
}

/// The identity a model's `auto` means on each dialect: the snapshots
/// above rest on it.
#[test]
fn auto_means_identity_or_autoincrement() {
    assert_eq!(
        model(EVENT, Dialect::Postgres).columns[0].identity,
        None,
        "EVENT has no auto key"
    );
    let auto = edit(
        EVENT,
        "#[schema(primary_key)]",
        "#[schema(primary_key, auto)]",
    );
    assert_eq!(
        model(&auto, Dialect::Postgres).columns[0].identity,
        Some(Identity::ByDefault)
    );
    assert_eq!(
        model(&auto, Dialect::Sqlite).columns[0].identity,
        Some(Identity::Autoincrement)
    );
}
