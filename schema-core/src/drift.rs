//! Schema drift: a model's table against the schema the migrations replay
//! to. `#[derive(Model)]` reports each [`Drift`] as a compile error spanned
//! at the field or struct at fault ([`check`], feature `models`).
//!
//! What is compared is what makes the model unusable with its table:
//!
//! - the table exists (else: did a table with the same columns get
//!   another name?);
//! - every field's column exists, with the same type and nullability;
//! - every column the model lacks can be left out of an `INSERT`: it is
//!   nullable, has a default or generates its values. Otherwise inserts
//!   through the model fail, unless the model says
//!   `#[schema(allow_extra_columns)]`.
//!
//! Indexes, constraints, defaults and comments are `cargo schema check`'s
//! business: they do not stop code from compiling against the table. Every
//! drift found here is also a difference [`crate::diff::diff`] finds, so
//! the `cargo schema revision --autogenerate` each message suggests makes
//! the build pass (the tests hold both to it).

use crate::schema::{Column, Schema, SqlType, Table, TableName};

/// One way a model and its table disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// No table of the model's name.
    MissingTable {
        /// Tables with exactly the model's column names: probably renamed.
        same_columns: Vec<TableName>,
        /// Tables with a similar name (a typo, a plural).
        similar: Vec<TableName>,
    },
    /// No column of a field's name.
    MissingColumn {
        column: String,
        /// Columns the model lacks with the field's type and nullability:
        /// probably renamed.
        renamed_from: Vec<String>,
    },
    /// The column's type is not the model's.
    TypeDiffers {
        column: String,
        model: SqlType,
        table: SqlType,
    },
    /// One side is nullable and the other is not.
    NullabilityDiffers {
        column: String,
        /// Whether the model's column is nullable (the table's is the
        /// opposite).
        model_nullable: bool,
    },
    /// A column the model lacks and an `INSERT` cannot leave out.
    ExtraColumn { column: Column },
}

/// Compares `model` (a model's table) with its table in `schema`.
///
/// ```
/// use schema_core::drift::{Drift, compare};
/// use schema_core::schema::{Column, Schema, SqlType, Table, TableName};
///
/// let mut user = Table::new(TableName::new("user"));
/// user.columns.push(Column::new("id", SqlType::BigInt));
/// let mut schema = Schema::default();
/// schema.tables.insert(user.name.clone(), user.clone());
///
/// let mut model = user.clone();
/// model.columns.push(Column::new("nickname", SqlType::Text));
/// assert_eq!(
///     compare(&model, &schema, false),
///     [Drift::MissingColumn { column: "nickname".into(), renamed_from: vec![] }],
/// );
/// ```
pub fn compare(model: &Table, schema: &Schema, allow_extra_columns: bool) -> Vec<Drift> {
    let Some(table) = schema.tables.get(&model.name) else {
        return vec![missing_table(model, schema)];
    };
    let mut out = Vec::new();
    let extra: Vec<&Column> = table
        .columns
        .iter()
        .filter(|c| model.column(&c.name).is_none())
        .collect();
    let missing = model
        .columns
        .iter()
        .filter(|c| table.column(&c.name).is_none())
        .count();
    let mut rename_candidates = Vec::new();
    for column in &model.columns {
        let ty = named_type(&column.ty, schema);
        let Some(existing) = table.column(&column.name) else {
            let renamed_from = renamed_from(column, &ty, &extra, missing);
            rename_candidates.extend(renamed_from.iter().cloned());
            out.push(Drift::MissingColumn {
                column: column.name.clone(),
                renamed_from,
            });
            continue;
        };
        if existing.ty != ty {
            out.push(Drift::TypeDiffers {
                column: column.name.clone(),
                model: ty,
                table: existing.ty.clone(),
            });
        }
        if existing.nullable != column.nullable {
            out.push(Drift::NullabilityDiffers {
                column: column.name.clone(),
                model_nullable: column.nullable,
            });
        }
    }
    if !allow_extra_columns {
        for c in extra {
            let insertable_without = c.nullable || c.default.is_some() || c.identity.is_some();
            // A probable rename is said once, on the missing column.
            if !insertable_without && !rename_candidates.contains(&c.name) {
                out.push(Drift::ExtraColumn { column: c.clone() });
            }
        }
    }
    out
}

/// The columns a missing `column` was probably renamed from: of the
/// columns the model lacks with its type and nullability, those with a
/// similar name (`nick`, `nickname`), or the only one when this is the
/// model's only missing column (a one-for-one rename). A new field is not
/// a rename of every nullable text column the model leaves out.
fn renamed_from(column: &Column, ty: &SqlType, extra: &[&Column], missing: usize) -> Vec<String> {
    let candidates: Vec<&Column> = extra
        .iter()
        .filter(|c| c.ty == *ty && c.nullable == column.nullable)
        .copied()
        .collect();
    let like: Vec<String> = candidates
        .iter()
        .filter(|c| {
            similar_names(&c.name, &column.name)
                || c.name.contains(&column.name)
                || column.name.contains(&c.name)
        })
        .map(|c| c.name.clone())
        .collect();
    match candidates.as_slice() {
        _ if !like.is_empty() => like,
        [only] if missing == 1 => vec![only.name.clone()],
        _ => Vec::new(),
    }
}

fn missing_table(model: &Table, schema: &Schema) -> Drift {
    let mut wanted: Vec<&str> = model.columns.iter().map(|c| c.name.as_str()).collect();
    wanted.sort_unstable();
    let same_columns = schema
        .tables
        .values()
        .filter(|t| {
            let mut names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            names.sort_unstable();
            names == wanted
        })
        .map(|t| t.name.clone())
        .collect::<Vec<_>>();
    let similar = schema
        .tables
        .keys()
        .filter(|t| !same_columns.contains(t) && similar_names(&t.name, &model.name.name))
        .cloned()
        .collect();
    Drift::MissingTable {
        same_columns,
        similar,
    }
}

/// A typo or a plural apart.
fn similar_names(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let singular = |s: &str| s.strip_suffix('s').unwrap_or(s).to_string();
    a == b || singular(&a) == singular(&b) || crate::migration::edit_distance(&a, &b) <= 2
}

/// A model names an enum type with `sql_type = "mood"`, which reads as an
/// unknown type; the schema knows it is an enum. Shared by the drift check
/// and autogenerate.
pub fn named_type(ty: &SqlType, schema: &Schema) -> SqlType {
    match ty {
        SqlType::Other(name) => {
            let wanted = TableName::new(name.as_str());
            match schema
                .enums
                .keys()
                .find(|e| **e == wanted || e.to_string() == *name)
            {
                Some(e) => SqlType::Named(e.clone()),
                None => ty.clone(),
            }
        }
        SqlType::Array(inner) => SqlType::Array(Box::new(named_type(inner, schema))),
        _ => ty.clone(),
    }
}

/// The Rust type a column of `ty` maps back to, for suggestions.
pub fn rust_type(ty: &SqlType) -> Option<&'static str> {
    Some(match ty {
        SqlType::SmallInt => "i16",
        SqlType::Integer => "i32",
        SqlType::BigInt => "i64",
        SqlType::Real => "f32",
        SqlType::Double => "f64",
        SqlType::Boolean => "bool",
        SqlType::Text | SqlType::Varchar(_) | SqlType::Char(_) => "String",
        SqlType::Bytes => "Vec<u8>",
        SqlType::Date => "time::Date",
        SqlType::Time => "time::Time",
        SqlType::Timestamp => "time::PrimitiveDateTime",
        SqlType::TimestampTz => "time::OffsetDateTime",
        SqlType::Uuid => "uuid::Uuid",
        SqlType::Json | SqlType::Jsonb => "serde_json::Value",
        SqlType::Numeric(..) => "rust_decimal::Decimal",
        _ => return None,
    })
}

#[cfg(feature = "models")]
pub use spanned::check;

#[cfg(feature = "models")]
mod spanned {
    use quote::ToTokens;

    use super::{Drift, compare, rust_type};
    use crate::build::Snapshot;
    use crate::model::{FieldDef, ModelDef, ModelError, ModelErrors};
    use crate::schema::{Column, SqlType};

    /// The drift of `model` against the snapshot's schema, as errors
    /// spanned at the field (a missing column: the whole field; a type or
    /// nullability: the type or its `sql_type`) or at the struct (a missing
    /// table: where the table is named; an extra column: the struct name).
    /// Each names the head revision and the command that fixes it.
    pub fn check(model: &ModelDef, snapshot: &Snapshot) -> Result<(), ModelErrors> {
        let mut errs = ModelErrors::default();
        let table = &model.table.name;
        let at = at_head(snapshot);
        for drift in compare(&model.table, &snapshot.schema, model.allow_extra_columns) {
            let error = match drift {
                Drift::MissingTable {
                    same_columns,
                    similar,
                } => match same_columns.as_slice() {
                    [] => {
                        let similar = match similar.as_slice() {
                            [] => String::new(),
                            [one] => format!("; a table `{one}` exists"),
                            names => format!("; {} exist", list(names)),
                        };
                        ModelError::new(
                            model.table_span,
                            format!("table `{table}` does not exist {at}{similar}"),
                        )
                        .with_help(format!(
                            "create it with a migration: {}; or, if the model describes another table, name it: `#[schema(table = \"…\")]`",
                            autogenerate(&format!("create {}", table.name)),
                        ))
                    }
                    [old] => ModelError::new(
                        model.table_span,
                        format!(
                            "table `{table}` does not exist {at}, but table `{old}` has the same columns: was it renamed?"
                        ),
                    )
                    .with_help(format!(
                        "if the model describes `{old}`, write `#[schema(table = \"{}\")]`; to rename the table, write `ALTER TABLE {} RENAME TO {};` in a new revision: `cargo schema revision -m \"rename {} to {}\"`",
                        old.name, old.name, table.name, old.name, table.name
                    )),
                    several => ModelError::new(
                        model.table_span,
                        format!(
                            "table `{table}` does not exist {at}, but {} have the same columns: was one of them renamed?",
                            list(several)
                        ),
                    )
                    .with_help(format!(
                        "if the model describes one of them, name it: `#[schema(table = \"…\")]`; otherwise create it: {}",
                        autogenerate(&format!("create {}", table.name))
                    )),
                },
                Drift::MissingColumn {
                    column,
                    renamed_from,
                } => {
                    let field = field(model, &column);
                    let message = format!("column `{table}.{column}` does not exist {at}");
                    let (message, help) = match renamed_from.as_slice() {
                        [] => (
                            format!("{message}: no migration creates it"),
                            format!(
                                "add it with a migration: {}",
                                autogenerate(&format!("add {column} to {}", table.name))
                            ),
                        ),
                        [old] => (
                            format!(
                                "{message}, but `{old}` has its type and no field: was it renamed?"
                            ),
                            format!(
                                "if the field is column `{old}`, write `#[schema(rename = \"{old}\")]`; otherwise add the column: {} (it flags `{old}` → `{column}` as a probable rename)",
                                autogenerate(&format!("add {column} to {}", table.name))
                            ),
                        ),
                        several => (
                            format!(
                                "{message}, but {} have its type and no field: was one of them renamed?",
                                several
                                    .iter()
                                    .map(|c| format!("`{c}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            format!(
                                "if the field is one of them, write `#[schema(rename = \"…\")]`; otherwise add the column: {}",
                                autogenerate(&format!("add {column} to {}", table.name))
                            ),
                        ),
                    };
                    let mut whole = field.ident.to_token_stream();
                    field.ty.to_tokens(&mut whole);
                    ModelError::spanned(&whole, message).with_help(help)
                }
                Drift::TypeDiffers {
                    column,
                    model: ours,
                    table: theirs,
                } => {
                    let field = field(model, &column);
                    let fix = autogenerate(&format!("change the type of {}.{column}", table.name));
                    let (error, help) = match &field.attrs.sql_type {
                        Some(given) => (
                            ModelError::new(
                                given.span,
                                format!(
                                    "column `{table}.{column}` is `{theirs}` {at}, but `sql_type` says `{ours}`"
                                ),
                            ),
                            format!(
                                "if the migrations are right, write `sql_type = \"{theirs}\"`; to change the column: {fix}"
                            ),
                        ),
                        None => {
                            let error = ModelError::spanned(
                                &field.ty,
                                format!(
                                    "column `{table}.{column}` is `{theirs}` {at}, but the field's type maps to `{ours}`"
                                ),
                            );
                            let right = if same_family(&ours, &theirs) {
                                format!("write `#[schema(sql_type = \"{theirs}\")]` on the field")
                            } else {
                                match rust_type(&theirs) {
                                    Some(rust) => format!(
                                        "the field's type is `{rust}` (or give its column type: `#[schema(sql_type = \"{theirs}\")]`)"
                                    ),
                                    None => format!(
                                        "give the column type: `#[schema(sql_type = \"{theirs}\")]`"
                                    ),
                                }
                            };
                            (
                                error,
                                format!(
                                    "if the migrations are right, {right}; to change the column: {fix}"
                                ),
                            )
                        }
                    };
                    error.with_help(help)
                }
                Drift::NullabilityDiffers {
                    column,
                    model_nullable,
                } => {
                    let field = field(model, &column);
                    let name = &field.ident;
                    if model_nullable {
                        ModelError::spanned(
                            &field.ty,
                            format!(
                                "column `{table}.{column}` is NOT NULL {at}, but field `{name}` is an `Option`"
                            ),
                        )
                        .with_help(format!(
                            "if the migrations are right, drop the `Option` (writing `None` would fail); to make the column nullable: {}",
                            autogenerate(&format!("make {}.{column} nullable", table.name))
                        ))
                    } else {
                        ModelError::spanned(
                            &field.ty,
                            format!(
                                "column `{table}.{column}` is nullable {at}, but field `{name}` is not an `Option`: reading a NULL would fail"
                            ),
                        )
                        .with_help(format!(
                            "if the migrations are right, write `Option<{}>`; to make the column NOT NULL: {}",
                            field.ty.to_token_stream().to_string().replace(' ', ""),
                            autogenerate(&format!("make {}.{column} not null", table.name))
                        ))
                    }
                }
                Drift::ExtraColumn { column } => ModelError::new(
                    model.ident.span(),
                    format!(
                        "column `{table}.{}` is NOT NULL without a default {at}, and `{}` has no field for it: inserting a `{}` would fail",
                        column.name, model.ident, model.ident
                    ),
                )
                .with_help(format!(
                    "add the field: `{}`; or drop the column: {}; or, if the model is only read, accept it: `#[schema(allow_extra_columns)]`",
                    field_suggestion(&column),
                    autogenerate(&format!("drop {}.{}", table.name, column.name)),
                )),
            };
            errs.push(error);
        }
        errs.finish(())
    }

    /// Whether a field whose Rust type maps to `a` can be given the column
    /// type `b` with `sql_type` (text of any length, a numeric's precision,
    /// json or jsonb); integer and float widths need another Rust type.
    fn same_family(a: &SqlType, b: &SqlType) -> bool {
        fn family(t: &SqlType) -> u8 {
            match t {
                SqlType::Text | SqlType::Varchar(_) | SqlType::Char(_) => 1,
                SqlType::Numeric(..) => 2,
                SqlType::Json | SqlType::Jsonb => 3,
                _ => 0,
            }
        }
        family(a) != 0 && family(a) == family(b)
    }

    /// `at head revision `3f2a…` (add last_login to user)`.
    fn at_head(snapshot: &Snapshot) -> String {
        match &snapshot.head {
            Some(_) => format!("at {}", snapshot.describe_head()),
            None => "yet: the migrations directory has no revision".to_string(),
        }
    }

    fn autogenerate(message: &str) -> String {
        format!("`cargo schema revision --autogenerate -m \"{message}\"`, then build again")
    }

    fn list(names: &[crate::schema::TableName]) -> String {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        match names.as_slice() {
            [one] => format!("table {one}"),
            _ => format!("tables {}", names.join(", ")),
        }
    }

    fn field<'a>(model: &'a ModelDef, column: &str) -> &'a FieldDef {
        model
            .fields
            .iter()
            .find(|f| f.column == column)
            .expect("a model column comes from a field")
    }

    /// `nickname: String`, with the `sql_type` a column needs when the
    /// Rust type alone maps to another type.
    fn field_suggestion(column: &Column) -> String {
        let ty = rust_type(&column.ty).unwrap_or("…");
        let needs_sql_type = matches!(
            column.ty,
            SqlType::Varchar(_)
                | SqlType::Char(_)
                | SqlType::Numeric(Some(_), _)
                | SqlType::Other(_)
                | SqlType::Named(_)
        );
        if needs_sql_type {
            format!(
                "#[schema(sql_type = \"{}\")] {}: {ty}",
                column.ty, column.name
            )
        } else {
            format!("{}: {ty}", column.name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Identity;

    fn table(name: &str, columns: &[(&str, SqlType, bool)]) -> Table {
        let mut t = Table::new(TableName::new(name));
        for (c, ty, nullable) in columns {
            let mut col = Column::new(*c, ty.clone());
            col.nullable = *nullable;
            t.columns.push(col);
        }
        t
    }

    fn schema(tables: &[Table]) -> Schema {
        let mut s = Schema::default();
        for t in tables {
            s.tables.insert(t.name.clone(), t.clone());
        }
        s
    }

    #[test]
    fn a_matching_model_has_no_drift() {
        let t = table("user", &[("id", SqlType::BigInt, false)]);
        assert!(compare(&t, &schema(std::slice::from_ref(&t)), false).is_empty());
    }

    #[test]
    fn columns_that_differ() {
        let db = table(
            "user",
            &[
                ("id", SqlType::BigInt, false),
                ("name", SqlType::Varchar(Some(30)), false),
                ("bio", SqlType::Text, true),
            ],
        );
        let model = table(
            "user",
            &[
                ("id", SqlType::Integer, false),
                ("name", SqlType::Varchar(Some(30)), true),
                ("bio", SqlType::Text, false),
                ("nick", SqlType::Text, true),
            ],
        );
        assert_eq!(
            compare(&model, &schema(&[db]), false),
            [
                Drift::TypeDiffers {
                    column: "id".into(),
                    model: SqlType::Integer,
                    table: SqlType::BigInt
                },
                Drift::NullabilityDiffers {
                    column: "name".into(),
                    model_nullable: true
                },
                Drift::NullabilityDiffers {
                    column: "bio".into(),
                    model_nullable: false
                },
                Drift::MissingColumn {
                    column: "nick".into(),
                    renamed_from: vec![]
                },
            ]
        );
    }

    #[test]
    fn extra_columns_that_inserts_can_leave_out_are_accepted() {
        let mut db = table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("note", SqlType::Text, true),
                ("kind", SqlType::Text, false),
                ("seq", SqlType::BigInt, false),
                ("must", SqlType::Text, false),
            ],
        );
        db.columns[2].default = Some("'a'".into());
        db.columns[3].identity = Some(Identity::ByDefault);
        let model = table("t", &[("id", SqlType::BigInt, false)]);
        let s = schema(&[db.clone()]);
        assert_eq!(
            compare(&model, &s, false),
            [Drift::ExtraColumn {
                column: db.columns[4].clone()
            }]
        );
        assert!(compare(&model, &s, true).is_empty());
    }

    #[test]
    fn a_probable_rename_is_said_on_the_missing_column_only() {
        let db = table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("nick", SqlType::Text, false),
            ],
        );
        let model = table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("nickname", SqlType::Text, false),
            ],
        );
        assert_eq!(
            compare(&model, &schema(&[db]), false),
            [Drift::MissingColumn {
                column: "nickname".into(),
                renamed_from: vec!["nick".into()]
            }]
        );
    }

    #[test]
    fn a_new_field_is_not_a_rename_of_every_column_the_model_leaves_out() {
        let db = table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("note", SqlType::Text, true),
                ("bio", SqlType::Text, true),
            ],
        );
        let model = table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("last_login", SqlType::Text, true),
            ],
        );
        assert_eq!(
            compare(&model, &schema(std::slice::from_ref(&db)), false),
            [Drift::MissingColumn {
                column: "last_login".into(),
                renamed_from: vec![]
            }]
        );
        // One column gone, one field new, same type: a one-for-one rename.
        let db = table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("note", SqlType::Text, true),
            ],
        );
        assert_eq!(
            compare(&model, &schema(&[db]), false),
            [Drift::MissingColumn {
                column: "last_login".into(),
                renamed_from: vec!["note".into()]
            }]
        );
    }

    #[test]
    fn a_missing_table_names_renamed_and_similar_ones() {
        let cols = [("id", SqlType::BigInt, false), ("a", SqlType::Text, true)];
        let old = table("person", &cols);
        let typo = table("users", &[("id", SqlType::BigInt, false)]);
        let model = table("user", &cols);
        assert_eq!(
            compare(&model, &schema(&[old, typo]), false),
            [Drift::MissingTable {
                same_columns: vec![TableName::new("person")],
                similar: vec![TableName::new("users")],
            }]
        );
    }

    #[test]
    fn enum_types_named_by_sql_type_match_the_enum() {
        let mut s = schema(&[table(
            "t",
            &[("mood", SqlType::Named(TableName::new("mood")), false)],
        )]);
        s.enums.insert(
            TableName::new("mood"),
            crate::schema::EnumType {
                name: TableName::new("mood"),
                values: vec!["ok".into()],
            },
        );
        let model = table("t", &[("mood", SqlType::Other("mood".into()), false)]);
        assert!(compare(&model, &s, false).is_empty());
    }

    /// Every drift is a difference autogenerate writes a change for, so
    /// the revision each message suggests ends the drift (the "build fails,
    /// autogenerate, build passes" loop ends).
    #[test]
    fn every_drift_is_a_change_autogenerate_writes() {
        use crate::diff::{DiffOptions, Op, diff};
        let db = table(
            "user",
            &[
                ("id", SqlType::BigInt, false),
                ("name", SqlType::Varchar(Some(30)), false),
                ("bio", SqlType::Text, true),
                ("gone", SqlType::Integer, false),
            ],
        );
        let model = table(
            "user",
            &[
                ("id", SqlType::Integer, false),
                ("name", SqlType::Varchar(Some(30)), true),
                ("bio", SqlType::Text, false),
                ("nick", SqlType::Text, true),
            ],
        );
        let other = table("other", &[("id", SqlType::BigInt, false)]);
        let before = schema(&[db]);
        let models = schema(&[model.clone(), other.clone()]);
        let ops = diff(&before, &models, &DiffOptions::default()).ops;
        let mut drift = compare(&model, &before, false);
        drift.extend(compare(&other, &before, false));
        assert_eq!(drift.len(), 6, "{drift:?}");
        for d in &drift {
            let found = ops.iter().any(|op| match (d, op) {
                (Drift::MissingTable { .. }, Op::CreateTable(t)) => t.name == other.name,
                (Drift::MissingColumn { column, .. }, Op::AddColumn { column: c, .. }) => {
                    c.name == *column
                }
                (
                    Drift::TypeDiffers { column, .. } | Drift::NullabilityDiffers { column, .. },
                    Op::AlterColumn { to, .. },
                ) => to.name == *column,
                (Drift::ExtraColumn { column }, Op::DropColumn { column: c, .. }) => {
                    c.name == column.name
                }
                _ => false,
            });
            assert!(found, "{d:?} has no operation in {ops:?}");
        }
        // After the revision, the schema at head is the models'.
        assert!(compare(&model, &models, false).is_empty());
        assert!(compare(&other, &models, false).is_empty());
    }
}
