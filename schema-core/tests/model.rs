//! The model parser and the type mapping: `#[derive(Model)]` structs read
//! into the schema IR per dialect (snapshots of the IR as JSON), the
//! mistakes it reports, and `discover` over a source tree.
#![cfg(feature = "models")]

use std::fmt::Write as _;
use std::path::Path;

use schema_core::Dialect;
use schema_core::model::{ModelErrors, ModelInput, discover, parse_model};
use schema_core::schema::{FkAction, Identity, SqlType, Table, TableName};

/// Parses from text (not `parse_quote!`) so spans carry lines and columns.
fn input(source: &str) -> syn::DeriveInput {
    syn::parse_str(source).unwrap_or_else(|e| panic!("not a Rust item: {e}"))
}

fn table(source: &str, dialect: Dialect) -> Table {
    match parse_model(&input(source), dialect) {
        Ok(model) => model.table,
        Err(errors) => panic!("{dialect}: {}", render(&errors)),
    }
}

/// Both dialects side by side, for one snapshot per model.
#[derive(serde::Serialize)]
struct Tables {
    postgres: Table,
    sqlite: Table,
}

fn tables(source: &str) -> Tables {
    Tables {
        postgres: table(source, Dialect::Postgres),
        sqlite: table(source, Dialect::Sqlite),
    }
}

/// Errors as a user reads them: `line:column: message` and the help.
fn render(errors: &ModelErrors) -> String {
    let mut out = String::new();
    for e in errors {
        let at = e.span.start();
        writeln!(out, "{}:{}: {}", at.line, at.column + 1, e.message).unwrap();
        if let Some(help) = &e.help {
            writeln!(out, "    help: {help}").unwrap();
        }
    }
    out
}

fn errors(source: &str, dialect: Dialect) -> String {
    match parse_model(&input(source), dialect) {
        Ok(model) => panic!("expected errors, got {:#?}", model.table),
        Err(errors) => render(&errors),
    }
}

const USER: &str = r#"
#[derive(Model, Debug)]
#[schema(table = "user", comment = "people who sign in")]
struct User {
    /// Doc comments are not SQL comments.
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(30)")]
    name: String,
    #[schema(unique)]
    email: String,
    #[schema(default = "NOW()")]
    created_at: chrono::DateTime<chrono::Utc>,
    last_login: Option<chrono::DateTime<chrono::Utc>>,
    #[schema(default = true, comment = "false once the account is closed")]
    active: bool,
    #[schema(skip)]
    cache: std::collections::HashMap<String, String>,
}
"#;

const POST: &str = r#"
#[derive(schema_macros::Model)]
#[schema(
    schema = "blog",
    index(columns("author_id", "published_at"), name = "post_feed_idx"),
    check = "length(title) > 0",
)]
struct Post {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(references = "user", on_delete = "cascade", index)]
    author_id: i64,
    #[schema(references = "user(id)", on_delete = "set null", on_update = "CASCADE")]
    editor_id: Option<i64>,
    title: String,
    body: Option<String>,
    #[schema(rename = "type", default = "'article'::text")]
    kind: String,
    metadata: serde_json::Value,
    published_at: Option<time::OffsetDateTime>,
    #[schema(default = 0)]
    score: f64,
}
"#;

/// A composite primary key and foreign keys over it.
const TAG: &str = r#"
#[derive(Model)]
struct Tag {
    #[schema(primary_key)]
    name: String,
    #[schema(default = -1)]
    position: i32,
}
"#;

const POST_TAG: &str = r#"
#[derive(Model)]
#[schema(
    foreign_key(columns("post_id"), references = "blog.post(id)", on_delete = "cascade"),
    foreign_key(columns("tag"), references = "tag(name)"),
)]
struct PostTag {
    #[schema(primary_key)]
    post_id: i64,
    #[schema(primary_key)]
    tag: String,
    added: chrono::NaiveDateTime,
}
"#;

/// Table-level uniques, checks (named and implicit), a composite foreign
/// key, a partial unique index and a GIN index.
const INVOICE: &str = r#"
#[derive(Model)]
#[schema(
    unique(columns("tenant_id", "number")),
    check(name = "invoice_total_positive", expr = "total >= 0"),
    check = "due >= issued",
    check = "(number > 0)",
    foreign_key(columns("tenant_id", "customer_id"), references = "customer(tenant_id, id)", name = "invoice_customer_fk"),
    index(columns("tenant_id"), unique, predicate = "paid IS FALSE"),
    index(columns("lines"), method = "GIN"),
    index(columns("tenant_id"), name = "by_tenant"),
)]
struct Invoice {
    #[schema(primary_key)]
    id: uuid::Uuid,
    tenant_id: i32,
    customer_id: i64,
    number: i32,
    #[schema(sql_type = "numeric(12, 2)")]
    total: rust_decimal::Decimal,
    issued: time::Date,
    due: time::Date,
    #[schema(default = false)]
    paid: bool,
    lines: sqlx::types::Json<Vec<Line>>,
}
"#;

#[test]
fn user() {
    insta::assert_json_snapshot!(tables(USER));
}

#[test]
fn post_with_foreign_keys() {
    insta::assert_json_snapshot!(tables(POST));
}

#[test]
fn tag() {
    insta::assert_json_snapshot!(tables(TAG));
}

#[test]
fn post_tag_with_composite_primary_key() {
    insta::assert_json_snapshot!(tables(POST_TAG));
}

#[test]
fn invoice_with_table_level_constraints() {
    insta::assert_json_snapshot!(tables(INVOICE));
}

#[test]
fn model_def_keeps_fields_in_column_order() {
    let model = parse_model(&input(POST), Dialect::Postgres).unwrap();
    assert_eq!(model.ident, "Post");
    assert_eq!(model.table.name, TableName::qualified(Some("blog"), "post"));
    let fields: Vec<_> = model.fields.iter().map(|f| f.ident.to_string()).collect();
    let columns: Vec<_> = model.fields.iter().map(|f| f.column.as_str()).collect();
    let table_columns: Vec<_> = model
        .table
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(fields[5], "kind");
    assert_eq!(columns, table_columns);
    assert!(model.fields[2].nullable);
    assert!(!model.allow_extra_columns);
    let user = parse_model(&input(USER), Dialect::Postgres).unwrap();
    assert_eq!(user.fields.len(), 6, "`skip` fields are not columns");
}

#[test]
fn allow_extra_columns_and_defaults() {
    let source = r#"
        #[schema(allow_extra_columns)]
        struct LegacyAccount { #[schema(primary_key)] r#type: i32 }
    "#;
    let model = parse_model(&input(source), Dialect::Sqlite).unwrap();
    assert!(model.allow_extra_columns);
    assert_eq!(model.table.name, TableName::new("legacy_account"));
    assert_eq!(
        model.table.columns[0].name, "type",
        "raw identifiers lose `r#`"
    );
}

/// Every Rust type of the mapping, on both dialects.
#[test]
fn type_mapping() {
    use SqlType::*;
    let cases: &[(&str, SqlType, SqlType)] = &[
        ("i16", SmallInt, SmallInt),
        ("i32", Integer, Integer),
        ("i64", BigInt, BigInt),
        ("f32", Real, Real),
        ("f64", Double, Double),
        ("bool", Boolean, Boolean),
        ("String", Text, Text),
        ("&'a str", Text, Text),
        ("Box<str>", Text, Text),
        ("std::borrow::Cow<'a, str>", Text, Text),
        ("Vec<u8>", Bytes, Bytes),
        ("&'a [u8]", Bytes, Bytes),
        ("chrono::NaiveDate", Date, Date),
        ("chrono::NaiveTime", Time, Time),
        ("chrono::NaiveDateTime", Timestamp, Timestamp),
        ("chrono::DateTime<chrono::Utc>", TimestampTz, TimestampTz),
        ("DateTime<Utc>", TimestampTz, TimestampTz),
        ("DateTime<FixedOffset>", TimestampTz, TimestampTz),
        ("chrono::DateTime<chrono::Local>", TimestampTz, TimestampTz),
        ("time::Date", Date, Date),
        ("time::Time", Time, Time),
        ("time::PrimitiveDateTime", Timestamp, Timestamp),
        ("time::OffsetDateTime", TimestampTz, TimestampTz),
        ("uuid::Uuid", Uuid, Uuid),
        ("serde_json::Value", Jsonb, Json),
        ("sqlx::types::Json<Settings>", Jsonb, Json),
        (
            "rust_decimal::Decimal",
            Numeric(None, None),
            Numeric(None, None),
        ),
    ];
    for (rust, pg, sqlite) in cases {
        for (dialect, want) in [(Dialect::Postgres, pg), (Dialect::Sqlite, sqlite)] {
            let source = format!("struct T<'a> {{ a: {rust}, b: Option<{rust}> }}");
            let t = table(&source, dialect);
            assert_eq!(&t.columns[0].ty, want, "{rust} on {dialect}");
            assert!(!t.columns[0].nullable, "{rust} is NOT NULL");
            assert_eq!(&t.columns[1].ty, want, "Option<{rust}> on {dialect}");
            assert!(t.columns[1].nullable, "Option<{rust}> is nullable");
        }
    }
    // Arrays are PostgreSQL's; their elements may be NULL.
    let t = table(
        "struct T { a: Vec<String>, b: Option<Vec<Option<i64>>> }",
        Dialect::Postgres,
    );
    assert_eq!(t.columns[0].ty, Array(Box::new(Text)));
    assert_eq!(t.columns[1].ty, Array(Box::new(BigInt)));
    assert!(t.columns[1].nullable);
    // `sql_type` overrides, parsed per dialect.
    let t = table(
        r#"struct T { #[schema(sql_type = "CHARACTER VARYING(10)")] a: String, #[schema(sql_type = "citext")] b: Email }"#,
        Dialect::Postgres,
    );
    assert_eq!(t.columns[0].ty, Varchar(Some(10)));
    assert_eq!(t.columns[1].ty, Other("citext".into()));
    let t = table(
        r#"struct T { #[schema(sql_type = "text")] tags: Vec<String> }"#,
        Dialect::Sqlite,
    );
    assert_eq!(t.columns[0].ty, Text);
}

#[test]
fn auto_per_dialect() {
    let source = "struct Event { #[schema(primary_key, auto)] id: i32, #[schema(auto)] seq: i16 }";
    let pg = table(source, Dialect::Postgres);
    assert_eq!(pg.columns[0].ty, SqlType::Integer);
    assert_eq!(pg.columns[0].identity, Some(Identity::ByDefault));
    assert_eq!(pg.columns[1].ty, SqlType::SmallInt);
    assert_eq!(pg.columns[1].identity, Some(Identity::ByDefault));
    // On SQLite only the single primary key can be AUTOINCREMENT.
    insta::assert_snapshot!(errors(source, Dialect::Sqlite), @r"
    1:63: on SQLite, `auto` makes `seq` INTEGER PRIMARY KEY AUTOINCREMENT, so it must be the only primary key column
        help: write `#[schema(primary_key, auto)]` on this field and `primary_key` on no other
    ");
    let source = "struct Event { #[schema(primary_key, auto)] id: i64 }";
    let lite = table(source, Dialect::Sqlite);
    assert_eq!(lite.columns[0].ty, SqlType::Integer);
    assert_eq!(lite.columns[0].identity, Some(Identity::Autoincrement));
    // `Option<i64>` for a row not yet inserted: still NOT NULL.
    let source = "struct Event { #[schema(primary_key, auto)] id: Option<i64> }";
    assert!(!table(source, Dialect::Postgres).columns[0].nullable);
    // `serial` spelled as a type is an identity too.
    let source = r#"struct Event { #[schema(primary_key, sql_type = "bigserial")] id: i64 }"#;
    let pg = table(source, Dialect::Postgres);
    assert_eq!(pg.columns[0].ty, SqlType::BigInt);
    assert_eq!(pg.columns[0].identity, Some(Identity::Serial));
}

#[test]
fn implicit_names_follow_postgres() {
    let source = r#"
        #[schema(
            index(columns("a")),
            index(columns("a", "b")),
            check = "a > 0",
            check = "a < 100",
            check = "a < b",
            unique(columns("a", "b")),
        )]
        struct T {
            #[schema(index, unique, references = "other(x)")]
            a: i32,
            b: i32,
        }
    "#;
    let t = table(source, Dialect::Postgres);
    let uniques: Vec<_> = t.uniques.iter().map(|u| u.name.as_deref()).collect();
    assert_eq!(uniques, [Some("t_a_key"), Some("t_a_b_key")]);
    let checks: Vec<_> = t.checks.iter().map(|c| c.name.as_deref()).collect();
    assert_eq!(
        checks,
        [Some("t_a_check"), Some("t_a_check1"), Some("t_check")]
    );
    assert_eq!(t.foreign_keys[0].name.as_deref(), Some("t_a_fkey"));
    assert_eq!(
        t.indexes
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>(),
        ["t_a_idx", "t_a_idx1", "t_a_b_idx"]
    );
    // SQLite keeps no constraint names, but indexes need one.
    let t = table(source, Dialect::Sqlite);
    assert!(t.uniques.iter().all(|u| u.name.is_none()));
    assert!(t.checks.iter().all(|c| c.name.is_none()));
    assert!(t.foreign_keys.iter().all(|f| f.name.is_none()));
    assert!(t.primary_key.is_none());
    assert_eq!(t.indexes[0].name, "t_a_idx");
    // Long names are cut to 63 bytes as the server does.
    let long = format!(
        "struct {} {{ #[schema(unique)] a_rather_long_column_name: i32 }}",
        "A".repeat(60)
    );
    let t = table(&long, Dialect::Postgres);
    assert_eq!(t.uniques[0].name.as_ref().unwrap().len(), 63);
}

#[test]
fn actions_and_references() {
    let t = table(POST, Dialect::Postgres);
    let fk = &t.foreign_keys[0];
    assert_eq!(fk.references, TableName::new("user"));
    assert_eq!(fk.referenced_columns, ["id"]);
    assert_eq!(fk.on_delete, FkAction::Cascade);
    assert_eq!(t.foreign_keys[1].on_delete, FkAction::SetNull);
    assert_eq!(t.foreign_keys[1].on_update, FkAction::Cascade);
}

/// Every mistake of a model, at once, each where it was written.
#[test]
fn attribute_mistakes() {
    let source = r#"
#[schema(tabel = "x", table = 5, primary_key, index = "a", allow_extra_columns = true)]
#[schema(table = "one", table = "two")]
struct T {
    #[schema(primary_key = true, sql_type = "", rename(x))]
    a: i32,
    #[schema(default = "draft", on_delete = "explode", table = "t")]
    b: String,
    #[schema(skip, unique)]
    c: i32,
    #[schema(default = some_fn())]
    d: i32,
    #[schema(= 3)]
    e: i32,
}
"#;
    insta::assert_snapshot!(errors(source, Dialect::Postgres));
}

#[test]
fn table_attribute_mistakes() {
    let source = r#"
#[schema(
    index(columns("a", "nope"), uniq),
    index(name = "x"),
    index(columns(a)),
    unique(columns()),
    check(name = "c"),
    check(name = "n", expr = "a > 0"),
    unique(columns("a"), name = "n"),
    foreign_key(columns("a", "b"), references = "other"),
    foreign_key(columns("a"), references = "other(x, y)"),
    foreign_key(references = "other(x)"),
    foreign_key = "a",
)]
struct T {
    a: i32,
    #[schema(rename = "bee")]
    b: i32,
}
"#;
    insta::assert_snapshot!(errors(source, Dialect::Postgres));
}

#[test]
fn field_mistakes() {
    let source = r#"
struct T {
    #[schema(primary_key, auto)]
    id: String,
    #[schema(auto, default = "1")]
    seq: i64,
    #[schema(references = "user id")]
    user_id: i64,
    #[schema(references = "team(a, b)")]
    team_id: i64,
    #[schema(on_update = "cascade")]
    owner: i64,
    address: Option<std::net::IpAddr>,
    #[schema(rename = "seq")]
    sequence: i32,
    #[schema(sql_type = "smallint", auto)]
    fine: MyInt,
}
"#;
    insta::assert_snapshot!(errors(source, Dialect::Postgres));
}

#[test]
fn shape_mistakes() {
    insta::assert_snapshot!(errors("enum Mood { Happy, Sad }", Dialect::Postgres), @r#"
    1:1: `#[derive(Model)]` describes a table and needs a struct with named fields, not an enum
        help: for a column of a PostgreSQL enum type, give the field `#[schema(sql_type = "my_enum")]`
    "#);
    insta::assert_snapshot!(errors("struct Pair(i32, i32);", Dialect::Postgres), @r"
    1:12: a model needs named fields: each field is a column
        help: write `struct Pair { id: i64, … }`
    ");
    insta::assert_snapshot!(errors("struct Unit;", Dialect::Postgres), @r"
    1:8: a model needs named fields: each field is a column
        help: write `struct Unit { id: i64, … }`
    ");
    insta::assert_snapshot!(errors("struct Empty { #[schema(skip)] a: i32 }", Dialect::Postgres), @r"
    1:8: `Empty` has no columns
        help: a model needs at least one field that is not `#[schema(skip)]`
    ");
    insta::assert_snapshot!(errors("union U { a: i32 }", Dialect::Postgres), @r"
    1:1: `#[derive(Model)]` describes a table and needs a struct with named fields, not a union
        help: write `struct U { id: i64, … }`
    ");
}

#[test]
fn dialect_mistakes() {
    let source = "struct T {\n    id: i64,\n    tags: Vec<String>,\n}";
    assert!(parse_model(&input(source), Dialect::Postgres).is_ok());
    insta::assert_snapshot!(errors(source, Dialect::Sqlite), @r#"
    3:11: `Vec<String>` is a PostgreSQL array, and SQLite has no arrays (column `tags`)
        help: store it as JSON (`sqlx::types::Json<Vec<T>>`), or give the column type: `#[schema(sql_type = "text")]`
    "#);
    insta::assert_snapshot!(errors(source, Dialect::Mysql), @r"
    1:8: models do not support MySQL yet
        help: use PostgreSQL or SQLite; MySQL support is planned
    ");
}

/// Parse once, lower per dialect: what the derive does.
#[test]
fn one_parse_serves_both_dialects() {
    let model = ModelInput::parse(&input(USER)).unwrap();
    assert_eq!(model.ident(), "User");
    assert_eq!(model.table_name(), "user");
    assert_eq!(
        model.lower(Dialect::Postgres).unwrap().table,
        table(USER, Dialect::Postgres)
    );
    assert_eq!(
        model.lower(Dialect::Sqlite).unwrap().table,
        table(USER, Dialect::Sqlite)
    );
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn discover_finds_models_in_a_source_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "src/lib.rs", &format!("mod models;\n{USER}"));
    write(
        root,
        "src/models/mod.rs",
        &format!(
            "use schema_macros::Model;\n\
             /// Not a model: no derive.\n\
             pub struct Plain {{ a: i32 }}\n\
             #[derive(Debug, Clone)]\n\
             pub struct NotAModel {{ a: SomethingUnknown }}\n\
             #[derive(other::Model)]\n\
             pub struct SomeoneElses {{ a: SomethingUnknown }}\n\
             {POST}\n\
             mod inner {{\n\
                 #[cfg_attr(feature = \"db\", derive(Debug, Model))]\n\
                 struct Note {{ #[schema(primary_key)] id: i32 }}\n\
             }}\n\
             #[cfg(test)]\n\
             mod tests {{\n\
                 #[derive(Model)]\n\
                 struct OnlyInTests {{ id: i32 }}\n\
             }}\n"
        ),
    );
    write(root, "src/models/tags.rs", &format!("{TAG}\n{POST_TAG}"));
    write(root, "src/no_models.rs", "fn f() {}\n");
    write(root, "src/not_rust.txt", "#[derive(Model)] struct Broken {");
    // Build output and hidden directories are not sources.
    write(
        root,
        "src/target/gen.rs",
        "#[derive(Model)] struct Gen { a: i32 }",
    );
    write(
        root,
        "src/.cache/gen.rs",
        "#[derive(Model)] struct Gen { a: i32 }",
    );

    let found = discover(&[root.join("src")], Dialect::Postgres).unwrap();
    let summary: Vec<String> = found
        .iter()
        .map(|m| {
            let path = m.path.strip_prefix(root).unwrap().display();
            format!("{path}:{} {} -> {}", m.line, m.name, m.table.name)
        })
        .collect();
    insta::assert_snapshot!(summary.join("\n"), @r"
    src/lib.rs:5 User -> user
    src/models/mod.rs:15 Post -> blog.post
    src/models/mod.rs:34 Note -> note
    src/models/tags.rs:3 Tag -> tag
    src/models/tags.rs:16 PostTag -> post_tag
    ");
    assert_eq!(found[0].table, table(USER, Dialect::Postgres));
    assert_eq!(found[4].table, table(POST_TAG, Dialect::Postgres));

    // The same sources, the other dialect.
    let sqlite = discover(&[root.join("src")], Dialect::Sqlite).unwrap();
    assert_eq!(sqlite[1].table, table(POST, Dialect::Sqlite));
}

#[test]
fn discover_reports_every_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "src/a_good.rs", TAG);
    write(
        root,
        "src/b_syntax.rs",
        "#[derive(Model)]\nstruct Broken {\n    id: i32\n    name: String,\n}\n",
    );
    write(
        root,
        "src/c_model.rs",
        "#[derive(Model)]\n#[schema(tabel = \"x\")]\nstruct Wrong {\n    ip: std::net::IpAddr,\n}\n",
    );
    let err = discover(&[root.join("src")], Dialect::Postgres).unwrap_err();
    let schema_core::model::DiscoverError::Several { errors } = &err else {
        panic!("expected several errors, got {err:?}");
    };
    let root_text = format!("{}/", root.display());
    let lines: Vec<String> = errors
        .iter()
        .map(|e| e.to_string().replace(&root_text, ""))
        .collect();
    insta::assert_snapshot!(lines.join("\n"), @r"
    src/b_syntax.rs:4:5: cannot parse the file: expected `,`
    src/c_model.rs:2:10: model `Wrong`: unknown key `tabel` in `#[schema(...)]` on a struct
    src/c_model.rs:4:9: model `Wrong`: no SQL type is known for `std::net::IpAddr` (column `ip`)
    ");

    // One error alone comes as itself, with its help and source excerpt.
    write(
        root,
        "src/d_one.rs",
        "#[derive(Model)]\nstruct One {\n    #[schema(references = \"user id\")]\n    user_id: i64,\n}\n",
    );
    let err = discover(&[root.join("src/d_one.rs")], Dialect::Postgres).unwrap_err();
    let schema_core::model::DiscoverError::Model {
        line,
        column,
        model,
        help,
        span,
        ..
    } = err
    else {
        panic!("expected a model error, got {err:?}");
    };
    assert_eq!((line, column, model.as_str()), (3, 27, "One"));
    assert!(help.unwrap().contains("user(id)"));
    assert_eq!(
        span.offset(),
        "#[derive(Model)]\nstruct One {\n    #[schema(references = ".len()
    );
    assert_eq!(span.len(), "\"user id\"".len());
    let err = discover(&[root.join("src/b_syntax.rs")], Dialect::Postgres).unwrap_err();
    let schema_core::model::DiscoverError::Syntax { line, span, .. } = err else {
        panic!("expected a syntax error, got {err:?}");
    };
    assert_eq!(line, 4);
    assert_eq!(
        span.offset(),
        "#[derive(Model)]\nstruct Broken {\n    id: i32\n    ".len()
    );

    // A missing directory is an error naming it.
    let err = discover(&[root.join("nope")], Dialect::Postgres).unwrap_err();
    assert!(err.to_string().starts_with("cannot read "), "{err}");
    assert!(err.to_string().contains("nope"), "{err}");
}
