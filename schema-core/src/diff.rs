//! Diff of two schema IRs into operations.
//!
//! `diff(from, to)` lists what turns `from` into `to`. Autogenerate diffs the
//! schema at head (replayed, or introspected) against the models for the up
//! section, and the reverse for the down section, with the same options, so
//! the two always mirror each other. Names that a dialect doesn't keep
//! (`None`) are matched by definition instead.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::schema::{
    Check, Column, EnumType, ForeignKey, Index, PrimaryKey, Schema, Table, TableName, Unique,
};

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    CreateEnum(EnumType),
    DropEnum(EnumType),
    AddEnumValue {
        name: TableName,
        value: String,
        after: Option<String>,
    },
    CreateTable(Table),
    DropTable(Table),
    AddColumn {
        table: TableName,
        column: Column,
    },
    DropColumn {
        table: TableName,
        column: Column,
    },
    RenameColumn {
        table: TableName,
        from: String,
        to: String,
    },
    AlterColumn {
        table: TableName,
        from: Column,
        to: Column,
    },
    AddPrimaryKey {
        table: TableName,
        key: PrimaryKey,
    },
    DropPrimaryKey {
        table: TableName,
        key: PrimaryKey,
    },
    CreateIndex {
        table: TableName,
        index: Index,
    },
    DropIndex {
        table: TableName,
        index: Index,
    },
    AddUnique {
        table: TableName,
        unique: Unique,
    },
    DropUnique {
        table: TableName,
        unique: Unique,
    },
    AddForeignKey {
        table: TableName,
        key: ForeignKey,
    },
    DropForeignKey {
        table: TableName,
        key: ForeignKey,
    },
    AddCheck {
        table: TableName,
        check: Check,
    },
    DropCheck {
        table: TableName,
        check: Check,
    },
    SetTableComment {
        table: TableName,
        comment: Option<String>,
    },
    SetColumnComment {
        table: TableName,
        column: String,
        comment: Option<String>,
    },
}

impl Op {
    /// The table the operation is about (`None` for enums).
    pub fn table(&self) -> Option<&TableName> {
        match self {
            Op::CreateEnum(_) | Op::DropEnum(_) | Op::AddEnumValue { .. } => None,
            Op::CreateTable(t) | Op::DropTable(t) => Some(&t.name),
            Op::AddColumn { table, .. }
            | Op::DropColumn { table, .. }
            | Op::RenameColumn { table, .. }
            | Op::AlterColumn { table, .. }
            | Op::AddPrimaryKey { table, .. }
            | Op::DropPrimaryKey { table, .. }
            | Op::CreateIndex { table, .. }
            | Op::DropIndex { table, .. }
            | Op::AddUnique { table, .. }
            | Op::DropUnique { table, .. }
            | Op::AddForeignKey { table, .. }
            | Op::DropForeignKey { table, .. }
            | Op::AddCheck { table, .. }
            | Op::DropCheck { table, .. }
            | Op::SetTableComment { table, .. }
            | Op::SetColumnComment { table, .. } => Some(table),
        }
    }

    /// One line for humans: `add column user.last_login (timestamptz, null)`.
    pub fn describe(&self) -> String {
        match self {
            Op::CreateEnum(e) => format!("create enum {}", e.name),
            Op::DropEnum(e) => format!("drop enum {}", e.name),
            Op::AddEnumValue { name, value, .. } => format!("add value '{value}' to enum {name}"),
            Op::CreateTable(t) => format!("create table {}", t.name),
            Op::DropTable(t) => format!("drop table {}", t.name),
            Op::AddColumn { table, column } => format!(
                "add column {table}.{} ({}{})",
                column.name,
                column.ty,
                if column.nullable {
                    ", null"
                } else {
                    ", not null"
                }
            ),
            Op::DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            Op::RenameColumn { table, from, to } => {
                format!("rename column {table}.{from} to {to}")
            }
            Op::AlterColumn { table, from, to } => {
                let mut what = Vec::new();
                if from.ty != to.ty {
                    what.push(format!("type {} -> {}", from.ty, to.ty));
                }
                if from.nullable != to.nullable {
                    what.push(
                        if to.nullable {
                            "drop not null"
                        } else {
                            "set not null"
                        }
                        .into(),
                    );
                }
                if from.default != to.default {
                    what.push(match &to.default {
                        Some(d) => format!("default {d}"),
                        None => "drop default".into(),
                    });
                }
                if from.identity != to.identity {
                    what.push("identity".into());
                }
                format!("alter column {table}.{} ({})", to.name, what.join(", "))
            }
            Op::AddPrimaryKey { table, key } => {
                format!("add primary key on {table}({})", key.columns.join(", "))
            }
            Op::DropPrimaryKey { table, .. } => format!("drop primary key of {table}"),
            Op::CreateIndex { table, index } => {
                format!(
                    "create {}index {} on {table}",
                    if index.unique { "unique " } else { "" },
                    index.name
                )
            }
            Op::DropIndex { index, .. } => format!("drop index {}", index.name),
            Op::AddUnique { table, unique } => {
                format!(
                    "add unique constraint on {table}({})",
                    unique.columns.join(", ")
                )
            }
            Op::DropUnique { table, unique } => {
                format!(
                    "drop unique constraint on {table}({})",
                    unique.columns.join(", ")
                )
            }
            Op::AddForeignKey { table, key } => format!(
                "add foreign key {table}({}) -> {}",
                key.columns.join(", "),
                key.references
            ),
            Op::DropForeignKey { table, key } => format!(
                "drop foreign key {table}({}) -> {}",
                key.columns.join(", "),
                key.references
            ),
            Op::AddCheck { table, check } => format!("add check on {table}: {}", check.expression),
            Op::DropCheck { table, check } => {
                format!("drop check on {table}: {}", check.expression)
            }
            Op::SetTableComment { table, .. } => format!("set comment on table {table}"),
            Op::SetColumnComment { table, column, .. } => {
                format!("set comment on column {table}.{column}")
            }
        }
    }
}

/// What the diff should compare and how.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Compare only these tables, on both sides: a table outside the scope
    /// is neither created, altered nor dropped, whichever side has it. In
    /// autogenerate these are the modelled tables, so the down migration
    /// (models → head) leaves the unmodelled tables of head alone just as
    /// the up migration does; `None` compares all.
    pub scope: Option<BTreeSet<TableName>>,
    /// Columns known to be renamed: (table, old name, new name).
    pub renames: Vec<(TableName, String, String)>,
}

/// The result of a diff.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    pub ops: Vec<Op>,
    /// Probable renames: a dropped and an added column of the same type in
    /// one table (table, dropped, added).
    pub probable_renames: Vec<(TableName, String, String)>,
    /// Tables outside the scope that only one side has, left alone.
    pub unmanaged: Vec<TableName>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// The operations that turn `from` into `to`.
pub fn diff(from: &Schema, to: &Schema, opts: &DiffOptions) -> Diff {
    let mut out = Diff::default();
    let in_scope = |name: &TableName| opts.scope.as_ref().is_none_or(|s| s.contains(name));

    // Enums first (tables may use them), dropped ones last.
    for (name, e) in &to.enums {
        match from.enums.get(name) {
            None => out.ops.push(Op::CreateEnum(e.clone())),
            Some(old) => {
                for (i, v) in e.values.iter().enumerate() {
                    if !old.values.contains(v) {
                        out.ops.push(Op::AddEnumValue {
                            name: name.clone(),
                            value: v.clone(),
                            after: i.checked_sub(1).map(|p| e.values[p].clone()),
                        });
                    }
                }
            }
        }
    }

    // Foreign keys go first and come last: every key that changes is
    // dropped before any other change and added after all of them, so a
    // key never stands in the way of a change to the key or table it
    // references, in whichever table (PostgreSQL refuses to drop a unique
    // constraint or primary key a foreign key depends on, and to add a key
    // before the constraint it references exists).
    let mut keys = Keys::default();

    // Tables: created (parents before children), then altered.
    let mut created: Vec<&Table> = Vec::new();
    for t in to.tables.values() {
        if from.tables.contains_key(&t.name) {
            continue;
        }
        if in_scope(&t.name) {
            created.push(t);
        } else {
            out.unmanaged.push(t.name.clone());
        }
    }
    order_by_dependencies(&mut created);
    let mut creates = Vec::new();
    for t in &created {
        // Foreign keys are added after all creates (a key may point at a
        // table created later); the SQLite renderer puts them back inline.
        let mut t = (*t).clone();
        t.foreign_keys.clear();
        creates.push(Op::CreateTable(t));
    }
    for t in &created {
        for fk in &t.foreign_keys {
            keys.adds.push(Op::AddForeignKey {
                table: t.name.clone(),
                key: fk.clone(),
            });
        }
    }
    let mut changes = Vec::new();
    for (name, new) in &to.tables {
        if let Some(old) = from.tables.get(name)
            && in_scope(name)
        {
            diff_table(old, new, opts, &mut changes, &mut keys, &mut out);
        }
    }
    out.ops.append(&mut keys.drops);
    out.ops.append(&mut creates);
    out.ops.append(&mut changes);
    out.ops.append(&mut keys.adds);

    // Dropped tables (children before parents), in scope only.
    let mut dropped: Vec<&Table> = Vec::new();
    for (name, t) in &from.tables {
        if to.tables.contains_key(name) {
            continue;
        }
        if in_scope(name) {
            dropped.push(t);
        } else {
            out.unmanaged.push(name.clone());
        }
    }
    order_by_dependencies(&mut dropped);
    dropped.reverse();
    // Children go before parents; where dropped tables reference each
    // other in a cycle, the keys that point at a table dropped earlier
    // are dropped first (PostgreSQL won't drop a referenced table).
    for (i, t) in dropped.iter().enumerate() {
        for fk in &t.foreign_keys {
            if fk.references != t.name && dropped[..i].iter().any(|d| d.name == fk.references) {
                out.ops.push(Op::DropForeignKey {
                    table: t.name.clone(),
                    key: fk.clone(),
                });
            }
        }
    }
    for t in dropped {
        out.ops.push(Op::DropTable(t.clone()));
    }
    for (name, e) in &from.enums {
        let used = to.tables.values().any(|t| {
            t.columns
                .iter()
                .any(|c| matches!(&c.ty, crate::schema::SqlType::Named(n) if n == name))
        });
        if !to.enums.contains_key(name) && !used && opts.scope.is_none() {
            out.ops.push(Op::DropEnum(e.clone()));
        }
    }
    out
}

/// Sorts tables so that a table comes after the tables it references.
fn order_by_dependencies(tables: &mut Vec<&Table>) {
    let names: BTreeSet<TableName> = tables.iter().map(|t| t.name.clone()).collect();
    let mut done: BTreeSet<TableName> = BTreeSet::new();
    let mut ordered = Vec::with_capacity(tables.len());
    let mut rest: Vec<&Table> = std::mem::take(tables);
    while !rest.is_empty() {
        let before = rest.len();
        rest.retain(|t| {
            let ready = t.foreign_keys.iter().all(|fk| {
                fk.references == t.name
                    || !names.contains(&fk.references)
                    || done.contains(&fk.references)
            });
            if ready {
                done.insert(t.name.clone());
                ordered.push(*t);
            }
            !ready
        });
        if rest.len() == before {
            // A reference cycle: keep the remaining order.
            ordered.append(&mut rest);
        }
    }
    *tables = ordered;
}

/// Foreign keys dropped and added by the diff, kept apart from the other
/// operations (see [`diff`]).
#[derive(Default)]
struct Keys {
    drops: Vec<Op>,
    adds: Vec<Op>,
}

/// The changes to one table that both sides have: its operations into
/// `ops`, its foreign keys into `keys`, probable renames into `out`.
fn diff_table(
    old: &Table,
    new: &Table,
    opts: &DiffOptions,
    ops: &mut Vec<Op>,
    keys: &mut Keys,
    out: &mut Diff,
) {
    let table = &new.name;
    let renames: BTreeMap<&str, &str> = opts
        .renames
        .iter()
        .filter(|(t, _, _)| t == table)
        .map(|(_, a, b)| (a.as_str(), b.as_str()))
        .collect();
    let renamed_to: BTreeSet<&str> = renames.values().copied().collect();

    // Constraints and indexes that go away are dropped before columns change.
    let mut drops = Vec::new();
    let mut adds = Vec::new();
    let rename_col = |c: &str| renames.get(c).copied().unwrap_or(c).to_string();
    let renamed = |cols: &[String]| cols.iter().map(|c| rename_col(c)).collect::<Vec<_>>();

    match (&old.primary_key, &new.primary_key) {
        (Some(a), Some(b)) if renamed(&a.columns) == b.columns && names_agree(&a.name, &b.name) => {
        }
        (a, b) => {
            if let Some(a) = a {
                drops.push(Op::DropPrimaryKey {
                    table: table.clone(),
                    key: a.clone(),
                });
            }
            if let Some(b) = b {
                adds.push(Op::AddPrimaryKey {
                    table: table.clone(),
                    key: b.clone(),
                });
            }
        }
    }
    pair_up(
        &old.uniques,
        &new.uniques,
        |a, b| names_agree(&a.name, &b.name) && renamed(&a.columns) == b.columns,
        |u| {
            drops.push(Op::DropUnique {
                table: table.clone(),
                unique: u.clone(),
            })
        },
        |u| {
            adds.push(Op::AddUnique {
                table: table.clone(),
                unique: u.clone(),
            })
        },
    );
    pair_up(
        &old.foreign_keys,
        &new.foreign_keys,
        |a, b| {
            names_agree(&a.name, &b.name)
                && renamed(&a.columns) == b.columns
                && a.references == b.references
                && a.referenced_columns == b.referenced_columns
                && a.on_delete == b.on_delete
                && a.on_update == b.on_update
        },
        |k| {
            keys.drops.push(Op::DropForeignKey {
                table: table.clone(),
                key: k.clone(),
            })
        },
        |k| {
            keys.adds.push(Op::AddForeignKey {
                table: table.clone(),
                key: k.clone(),
            })
        },
    );
    pair_up(
        &old.checks,
        &new.checks,
        |a, b| names_agree(&a.name, &b.name) && a.expression == b.expression,
        |c| {
            drops.push(Op::DropCheck {
                table: table.clone(),
                check: c.clone(),
            })
        },
        |c| {
            adds.push(Op::AddCheck {
                table: table.clone(),
                check: c.clone(),
            })
        },
    );
    pair_up(
        &old.indexes,
        &new.indexes,
        |a, b| {
            let mut a2 = a.clone();
            for p in &mut a2.parts {
                if let crate::schema::IndexKey::Column(c) = &mut p.key {
                    *c = rename_col(c);
                }
            }
            a2 == *b
        },
        |i| {
            drops.push(Op::DropIndex {
                table: table.clone(),
                index: i.clone(),
            })
        },
        |i| {
            adds.push(Op::CreateIndex {
                table: table.clone(),
                index: i.clone(),
            })
        },
    );
    ops.extend(drops);

    // Columns.
    for (a, b) in &renames {
        if old.column(a).is_some() && new.column(b).is_some() {
            ops.push(Op::RenameColumn {
                table: table.clone(),
                from: a.to_string(),
                to: b.to_string(),
            });
        }
    }
    let added: Vec<&Column> = new
        .columns
        .iter()
        .filter(|c| old.column(&c.name).is_none() && !renamed_to.contains(c.name.as_str()))
        .collect();
    let dropped: Vec<&Column> = old
        .columns
        .iter()
        .filter(|c| new.column(&c.name).is_none() && !renames.contains_key(c.name.as_str()))
        .collect();
    // Each added column is proposed for one dropped column at most.
    let mut proposed: BTreeSet<&str> = BTreeSet::new();
    for d in &dropped {
        if let Some(a) = added
            .iter()
            .find(|a| a.ty == d.ty && !proposed.contains(a.name.as_str()))
        {
            proposed.insert(&a.name);
            out.probable_renames
                .push((table.clone(), d.name.clone(), a.name.clone()));
        }
    }
    for c in &added {
        ops.push(Op::AddColumn {
            table: table.clone(),
            column: (*c).clone(),
        });
    }
    for c in &new.columns {
        let old_name = renames
            .iter()
            .find(|(_, b)| **b == c.name)
            .map_or(c.name.as_str(), |(a, _)| a);
        if let Some(o) = old.column(old_name) {
            let mut o2 = o.clone();
            o2.name = c.name.clone();
            let (oc, nc) = (o2.comment.take(), c.comment.clone());
            let mut c2 = c.clone();
            c2.comment = None;
            if o2 != c2 {
                ops.push(Op::AlterColumn {
                    table: table.clone(),
                    from: o2,
                    to: c2,
                });
            }
            if oc != nc {
                ops.push(Op::SetColumnComment {
                    table: table.clone(),
                    column: c.name.clone(),
                    comment: nc,
                });
            }
        }
    }
    for c in dropped {
        ops.push(Op::DropColumn {
            table: table.clone(),
            column: c.clone(),
        });
    }
    ops.extend(adds);
    if old.comment != new.comment {
        ops.push(Op::SetTableComment {
            table: table.clone(),
            comment: new.comment.clone(),
        });
    }
}

/// Names agree when equal, or when either side doesn't know it.
fn names_agree(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Matches items of `old` and `new` with `same`; calls `gone` for the
/// unmatched old ones and `added` for the unmatched new ones.
fn pair_up<T>(
    old: &[T],
    new: &[T],
    same: impl Fn(&T, &T) -> bool,
    mut gone: impl FnMut(&T),
    mut added: impl FnMut(&T),
) {
    let mut used = vec![false; new.len()];
    for o in old {
        match (0..new.len()).find(|&i| !used[i] && same(o, &new[i])) {
            Some(i) => used[i] = true,
            None => gone(o),
        }
    }
    for (i, n) in new.iter().enumerate() {
        if !used[i] {
            added(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{IndexPart, SqlType};

    fn table(name: &str, cols: &[(&str, SqlType, bool)]) -> Table {
        let mut t = Table::new(TableName::new(name));
        for (n, ty, null) in cols {
            let mut c = Column::new(*n, ty.clone());
            c.nullable = *null;
            t.columns.push(c);
        }
        t
    }

    fn schema(tables: Vec<Table>) -> Schema {
        Schema {
            tables: tables.into_iter().map(|t| (t.name.clone(), t)).collect(),
            enums: Default::default(),
        }
    }

    #[test]
    fn equal_schemas_have_no_ops() {
        let s = schema(vec![table("a", &[("id", SqlType::BigInt, false)])]);
        assert!(diff(&s, &s, &DiffOptions::default()).is_empty());
    }

    #[test]
    fn columns_added_dropped_altered() {
        let a = schema(vec![table(
            "user",
            &[
                ("id", SqlType::BigInt, false),
                ("name", SqlType::Text, true),
                ("old", SqlType::Integer, true),
            ],
        )]);
        let b = schema(vec![table(
            "user",
            &[
                ("id", SqlType::BigInt, false),
                ("name", SqlType::Varchar(Some(30)), false),
                ("last_login", SqlType::TimestampTz, true),
            ],
        )]);
        let d = diff(&a, &b, &DiffOptions::default());
        let names: Vec<String> = d.ops.iter().map(Op::describe).collect();
        assert_eq!(
            names,
            [
                "add column user.last_login (timestamptz, null)",
                "alter column user.name (type text -> varchar(30), set not null)",
                "drop column user.old",
            ]
        );
        assert!(d.probable_renames.is_empty());
    }

    #[test]
    fn probable_renames_and_known_renames() {
        let a = schema(vec![table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("nick", SqlType::Text, true),
            ],
        )]);
        let b = schema(vec![table(
            "t",
            &[
                ("id", SqlType::BigInt, false),
                ("handle", SqlType::Text, true),
            ],
        )]);
        let d = diff(&a, &b, &DiffOptions::default());
        assert_eq!(
            d.probable_renames,
            [(TableName::new("t"), "nick".into(), "handle".into())]
        );
        let opts = DiffOptions {
            renames: vec![(TableName::new("t"), "nick".into(), "handle".into())],
            ..Default::default()
        };
        let d = diff(&a, &b, &opts);
        assert_eq!(d.ops.len(), 1);
        assert!(
            matches!(&d.ops[0], Op::RenameColumn { from, to, .. } if from == "nick" && to == "handle")
        );
    }

    #[test]
    fn an_added_column_is_proposed_as_one_rename_only() {
        let a = schema(vec![table(
            "t",
            &[
                ("headline", SqlType::Text, true),
                ("body", SqlType::Text, true),
            ],
        )]);
        let b = schema(vec![table("t", &[("title", SqlType::Text, true)])]);
        let d = diff(&a, &b, &DiffOptions::default());
        assert_eq!(
            d.probable_renames,
            [(TableName::new("t"), "headline".into(), "title".into())]
        );
    }

    #[test]
    fn unmodelled_tables_are_left_alone_unless_managed() {
        let a = schema(vec![table("kept", &[]), table("legacy", &[])]);
        let b = schema(vec![table("kept", &[])]);
        let scoped = DiffOptions {
            scope: Some([TableName::new("kept")].into()),
            ..Default::default()
        };
        let d = diff(&a, &b, &scoped);
        assert!(d.ops.is_empty());
        assert_eq!(d.unmanaged, [TableName::new("legacy")]);
        // The down migration (models → head) leaves it alone too: it must
        // not create a table the up migration never dropped.
        let d = diff(&b, &a, &scoped);
        assert!(d.ops.is_empty(), "{:?}", d.ops);
        assert_eq!(d.unmanaged, [TableName::new("legacy")]);
        let d = diff(&a, &b, &DiffOptions::default());
        assert!(matches!(&d.ops[..], [Op::DropTable(t)] if t.name.name == "legacy"));
    }

    #[test]
    fn created_tables_come_parents_first_with_keys_after() {
        let mut child = table("child", &[("parent_id", SqlType::BigInt, false)]);
        child.foreign_keys.push(ForeignKey {
            name: None,
            columns: vec!["parent_id".into()],
            references: TableName::new("parent"),
            referenced_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
        });
        let parent = table("parent", &[("id", SqlType::BigInt, false)]);
        let d = diff(
            &Schema::default(),
            &schema(vec![child, parent]),
            &DiffOptions::default(),
        );
        let names: Vec<String> = d.ops.iter().map(Op::describe).collect();
        assert_eq!(
            names,
            [
                "create table parent",
                "create table child",
                "add foreign key child(parent_id) -> parent"
            ]
        );
    }

    fn fk(columns: &[&str], references: &str, referenced: &[&str]) -> ForeignKey {
        ForeignKey {
            name: Some(format!("{}_fkey", columns.join("_"))),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            references: TableName::new(references),
            referenced_columns: referenced.iter().map(|c| c.to_string()).collect(),
            on_delete: Default::default(),
            on_update: Default::default(),
        }
    }

    /// A key to a unique column of another table: the constraint comes
    /// before the key and goes after it, whatever the tables' names.
    #[test]
    fn foreign_keys_are_dropped_first_and_added_last() {
        let user = table("user", &[("email", SqlType::Text, false)]);
        let post = table("post", &[("author", SqlType::Text, true)]);
        let mut user2 = user.clone();
        user2.uniques.push(Unique {
            name: Some("user_email_key".into()),
            columns: vec!["email".into()],
        });
        let mut post2 = post.clone();
        post2.foreign_keys.push(fk(&["author"], "user", &["email"]));
        let before = schema(vec![user, post]);
        let after = schema(vec![user2, post2]);
        let up: Vec<String> = diff(&before, &after, &DiffOptions::default())
            .ops
            .iter()
            .map(Op::describe)
            .collect();
        assert_eq!(
            up,
            [
                "add unique constraint on user(email)",
                "add foreign key post(author) -> user",
            ]
        );
        let down: Vec<String> = diff(&after, &before, &DiffOptions::default())
            .ops
            .iter()
            .map(Op::describe)
            .collect();
        assert_eq!(
            down,
            [
                "drop foreign key post(author) -> user",
                "drop unique constraint on user(email)",
            ]
        );
    }

    #[test]
    fn dropped_tables_in_a_cycle_lose_their_keys_first() {
        let mut team = table("team", &[("id", SqlType::BigInt, false)]);
        team.foreign_keys
            .push(fk(&["captain_id"], "player", &["id"]));
        let mut player = table("player", &[("id", SqlType::BigInt, false)]);
        player.foreign_keys.push(fk(&["team_id"], "team", &["id"]));
        player
            .foreign_keys
            .push(fk(&["mentor_id"], "player", &["id"]));
        let d = diff(
            &schema(vec![team, player]),
            &Schema::default(),
            &DiffOptions::default(),
        );
        let names: Vec<String> = d.ops.iter().map(Op::describe).collect();
        assert_eq!(
            names,
            [
                "drop foreign key player(team_id) -> team",
                "drop table team",
                "drop table player",
            ]
        );
    }

    #[test]
    fn indexes_by_definition() {
        let mut a = table("t", &[("x", SqlType::Integer, true)]);
        let mut b = a.clone();
        b.indexes.push(Index {
            name: "t_x_idx".into(),
            unique: false,
            parts: vec![IndexPart::column("x")],
            predicate: None,
            method: None,
            include: vec![],
        });
        let d = diff(
            &schema(vec![a.clone()]),
            &schema(vec![b.clone()]),
            &DiffOptions::default(),
        );
        assert!(matches!(&d.ops[..], [Op::CreateIndex { .. }]));
        a.indexes = b.indexes.clone();
        assert!(diff(&schema(vec![a]), &schema(vec![b]), &DiffOptions::default()).is_empty());
    }
}
