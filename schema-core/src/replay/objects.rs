//! Everything but tables: the dispatch of parsed statements, indexes,
//! `DROP`, enum types, schemas and comments.

use sqlparser::ast::{
    AlterIndexOperation, AlterType, AlterTypeAddValuePosition, AlterTypeOperation, CreateIndex,
    Expr, Ident, ObjectName, ObjectType, Statement, UserDefinedTypeRepresentation,
};

use super::Replayer;
use super::expr::{dedup_index_column_names, index_column_name};
use super::names::{Namespace, idents};
use super::stmt::Stmt;
use super::table::unnest;
use crate::schema::{EnumType, Index, IndexKey, IndexPart, SqlType, TableName};

impl Replayer<'_> {
    /// Applies a statement sqlparser has read.
    pub(super) fn apply(&mut self, s: Statement, st: &Stmt) {
        match s {
            Statement::CreateTable(ct) => self.create_table(&ct, Vec::new()),
            Statement::AlterTable(at) => {
                let ops = at.operations.iter().flat_map(|o| self.alter_op(o)).collect();
                self.run_alter(&idents(&at.name), at.if_exists, ops);
            }
            Statement::CreateIndex(ci) => self.create_index(&ci),
            Statement::Drop {
                object_type,
                if_exists,
                names,
                cascade,
                ..
            } => self.drop_objects(object_type, if_exists, &names, cascade),
            Statement::AlterIndex {
                name,
                operation: AlterIndexOperation::RenameIndex { index_name },
            } => {
                let new = idents(&index_name);
                match new.last() {
                    Some(n) => {
                        let n = self.ident(n);
                        self.rename_index(&idents(&name), &n, false)
                    }
                    None => self.warn("ALTER INDEX … RENAME without a new name"),
                }
            }
            Statement::CreateType {
                name,
                representation,
            } => self.create_type(&name, representation),
            Statement::AlterType(at) => self.alter_type(&at),
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => {
                use sqlparser::ast::CommentObject;
                match object_type {
                    CommentObject::Table | CommentObject::Column => self.set_comment(
                        object_type == CommentObject::Column,
                        &idents(&object_name),
                        comment.filter(|c| !c.is_empty()),
                    ),
                    _ => self.note("comments on objects other than tables and columns are not part of the schema model"),
                }
            }
            Statement::CreateVirtualTable { name, .. } => self.warn(format!(
                "virtual table {name}: virtual tables are not part of the schema model"
            )),
            Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Query(_)
            | Statement::CreateView(_)
            | Statement::CreateFunction(_)
            | Statement::CreateTrigger(_)
            | Statement::DropTrigger(_)
            | Statement::DropFunction(_)
            | Statement::CreateSequence { .. }
            | Statement::CreateExtension(_)
            | Statement::CreateSchema { .. }
            | Statement::CreateRole(_)
            | Statement::CreateDomain(_)
            | Statement::CreatePolicy(_)
            | Statement::Grant(_)
            | Statement::Revoke(_)
            | Statement::Set(_)
            | Statement::Pragma { .. }
            | Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Rollback { .. } => {
                self.note(format!("`{}` does not change the schema model", super::short(st.text)))
            }
            _ => self.warn(format!(
                "replay does not understand `{}`; if it changes the schema, the replayed schema differs from the database",
                super::short(st.text)
            )),
        }
    }

    fn create_index(&mut self, ci: &CreateIndex) {
        let Some(key) = self.find_table_obj(&ci.table_name) else {
            return self.warn(format!(
                "CREATE INDEX on {}: no such table in the replayed schema",
                ci.table_name
            ));
        };
        let mut parts = Vec::new();
        let mut colnames = Vec::new();
        for c in &ci.columns {
            let e = unnest(&c.column.expr);
            let column = match e {
                Expr::Identifier(id) => Some(self.ident(id)),
                Expr::CompoundIdentifier(p) if !p.is_empty() => Some(self.ident(&p[p.len() - 1])),
                // A cast to the column's own type is no cast to the server:
                // `((b::text))` on a text column indexes the column.
                Expr::Cast {
                    expr, data_type, ..
                } if self.pg() => match unnest(expr) {
                    Expr::Identifier(id) => {
                        let c = self.ident(id);
                        let ty = self.column_type(data_type).0;
                        self.schema.tables[&key]
                            .column(&c)
                            .filter(|col| col.ty == ty)
                            .map(|_| c)
                    }
                    _ => None,
                },
                _ => None,
            };
            let k = match column {
                Some(c) => {
                    let c = self.col(&key, &c).unwrap_or(c);
                    colnames.push(c.clone());
                    IndexKey::Column(c)
                }
                None => {
                    colnames.push(index_column_name(self, &c.column.expr));
                    IndexKey::Expression(self.expr(&c.column.expr).text)
                }
            };
            let descending = matches!(
                c.column.options.sort,
                Some(sqlparser::ast::OrderBySort::Desc)
            );
            let nulls_first = if self.pg() {
                match (descending, c.column.options.nulls_first) {
                    (false, Some(true)) => Some(true),
                    (true, Some(false)) => Some(false),
                    _ => None,
                }
            } else {
                None
            };
            let opclass = c
                .operator_class
                .as_ref()
                .and_then(|o| idents(o).last().map(|i| self.ident(i)));
            parts.push(IndexPart {
                key: k,
                descending,
                nulls_first,
                opclass,
            });
        }
        let include: Vec<String> = ci
            .include
            .iter()
            .map(|c| {
                let c = self.ident(c);
                self.col(&key, &c).unwrap_or(c)
            })
            .collect();
        let method = ci
            .using
            .as_ref()
            .map(|m| m.to_string().to_ascii_lowercase())
            .filter(|m| m != "btree");
        let predicate = ci.predicate.as_ref().map(|p| self.expr(p).text);
        let name = match ci.name.as_ref().and_then(|n| idents(n).last().cloned()) {
            Some(n) => self.ident(&n),
            None if self.pg() => {
                let all = dedup_index_column_names(
                    colnames
                        .into_iter()
                        .chain(include.iter().cloned())
                        .collect(),
                );
                let all: Vec<&str> = all.iter().map(String::as_str).collect();
                self.choose_name(&key, &all, "idx", Namespace::Relations(false))
            }
            None => return self.warn("CREATE INDEX without a name: SQLite requires one"),
        };
        if self.relation_exists(&key.schema, &name) {
            if ci.if_not_exists {
                return self.note(format!(
                    "index {name} exists already; CREATE INDEX IF NOT EXISTS does nothing"
                ));
            }
            return self.warn(format!(
                "a relation named {name} exists already; the server refuses this index"
            ));
        }
        if let Some(t) = self.schema.tables.get_mut(&key) {
            t.indexes.push(Index {
                name,
                unique: ci.unique,
                parts,
                predicate,
                method,
                include,
            });
        }
    }

    pub(super) fn rename_index(&mut self, name: &[Ident], new: &str, if_exists: bool) {
        match self.find_index(name) {
            Some((key, old, is_index)) => {
                if is_index {
                    let t = self.schema.tables.get_mut(&key).expect("found above");
                    if let Some(ix) = t.indexes.iter_mut().find(|i| i.name == old) {
                        ix.name = new.to_string();
                    }
                } else {
                    // The index of a key: PostgreSQL renames the constraint too.
                    self.rename_constraint(&key, &old, new);
                }
            }
            None if if_exists => self.note("ALTER INDEX IF EXISTS: no such index, nothing done"),
            None => self.warn(format!(
                "ALTER INDEX {}: no such index in the replayed schema",
                name.iter()
                    .map(|i| i.value.as_str())
                    .collect::<Vec<_>>()
                    .join(".")
            )),
        }
    }

    fn drop_objects(
        &mut self,
        kind: ObjectType,
        if_exists: bool,
        names: &[ObjectName],
        cascade: bool,
    ) {
        if kind == ObjectType::Table && self.pg() && !cascade {
            // Foreign keys from tables that stay make the server refuse.
            let dropped: Vec<TableName> = names
                .iter()
                .filter_map(|n| self.find_table_obj(n))
                .collect();
            let blocking = self.schema.tables.iter().find_map(|(k, t)| {
                (!dropped.contains(k))
                    .then(|| {
                        t.foreign_keys
                            .iter()
                            .find(|f| dropped.contains(&f.references))
                    })
                    .flatten()
                    .map(|f| (k.clone(), f.references.clone()))
            });
            if let Some((from, to)) = blocking {
                self.warn(format!(
                    "DROP TABLE {to}: a foreign key of {from} references it; the server refuses without CASCADE"
                ));
            }
        }
        for n in names {
            let parts = idents(n);
            match kind {
                ObjectType::Table => match self.find_table(&parts) {
                    Some(key) => {
                        self.schema.tables.remove(&key);
                        // PostgreSQL drops the foreign keys that pointed at
                        // the table (or refuses without CASCADE); SQLite keeps
                        // them in the other tables' SQL, which is what lets
                        // its table-rebuild recipe work.
                        if self.pg() {
                            for t in self.schema.tables.values_mut() {
                                t.foreign_keys.retain(|f| f.references != key);
                            }
                        }
                    }
                    None if if_exists => self.note(format!("DROP TABLE IF EXISTS {n}: no such table, nothing done")),
                    None => self.warn(format!("DROP TABLE {n}: no such table in the replayed schema")),
                },
                ObjectType::Index => match self.find_index(&parts) {
                    Some((key, name, true)) => {
                        if let Some(t) = self.schema.tables.get_mut(&key) {
                            t.indexes.retain(|i| i.name != name);
                        }
                    }
                    Some((key, name, false)) => self.warn(format!(
                        "DROP INDEX {name}: the index belongs to constraint {name} of {key}; the server refuses (drop the constraint instead)"
                    )),
                    None if if_exists => self.note(format!("DROP INDEX IF EXISTS {n}: no such index, nothing done")),
                    None => self.warn(format!("DROP INDEX {n}: no such index in the replayed schema")),
                },
                ObjectType::Type => match self.find_enum(&parts) {
                    Some(key) => {
                        self.schema.enums.remove(&key);
                        let users = self.columns_of_type(&key);
                        if cascade {
                            for (t, c) in users {
                                self.drop_column(&t, &c);
                            }
                        } else if let Some((t, c)) = users.first() {
                            self.warn(format!(
                                "DROP TYPE {key}: column {c} of {t} still uses it; the server refuses without CASCADE"
                            ));
                        }
                    }
                    None => self.note(format!(
                        "DROP TYPE {n}: not an enum type of the replayed schema, nothing to do"
                    )),
                },
                ObjectType::Schema => {
                    let s = self.ident(parts.last().expect("a name has a part"));
                    let ns = TableName::qualified(Some(&s), "").schema;
                    let gone: Vec<TableName> =
                        self.schema.tables.keys().filter(|k| k.schema == ns).cloned().collect();
                    if !gone.is_empty() && !cascade {
                        self.warn(format!(
                            "DROP SCHEMA {s}: it still holds tables; the server refuses without CASCADE"
                        ));
                    }
                    for k in &gone {
                        self.schema.tables.remove(k);
                    }
                    for t in self.schema.tables.values_mut() {
                        t.foreign_keys.retain(|f| f.references.schema != ns);
                    }
                    self.schema.enums.retain(|k, _| k.schema != ns);
                    if gone.is_empty() && !if_exists {
                        self.note(format!("DROP SCHEMA {s}: no tables or enums of the replayed schema in it"));
                    }
                }
                _ => self.note(format!(
                    "DROP {kind} {n}: not part of the schema model (tables, keys, indexes, enums)"
                )),
            }
        }
    }

    /// Columns whose type is enum `key` (or an array of it).
    fn columns_of_type(&self, key: &TableName) -> Vec<(TableName, String)> {
        let mut out = Vec::new();
        for (k, t) in &self.schema.tables {
            for c in &t.columns {
                if uses_enum(&c.ty, key) {
                    out.push((k.clone(), c.name.clone()));
                }
            }
        }
        out
    }

    fn create_type(&mut self, name: &ObjectName, repr: Option<UserDefinedTypeRepresentation>) {
        let key = self.new_name(&idents(name));
        match repr {
            Some(UserDefinedTypeRepresentation::Enum { labels }) => {
                if self.schema.enums.contains_key(&key) {
                    return self.warn(format!("type {key} exists already in the replayed schema"));
                }
                self.schema.enums.insert(
                    key.clone(),
                    EnumType {
                        name: key,
                        values: labels.into_iter().map(|l| l.value).collect(),
                    },
                );
            }
            _ => self.note(format!(
                "type {key} is not an enum: composite, range and base types are not part of the schema model"
            )),
        }
    }

    fn alter_type(&mut self, at: &AlterType) {
        let Some(key) = self.find_enum(&idents(&at.name)) else {
            return self.note(format!(
                "ALTER TYPE {}: not an enum type of the replayed schema, nothing to do",
                at.name
            ));
        };
        match &at.operation {
            AlterTypeOperation::Rename(r) => {
                let new = TableName {
                    schema: key.schema.clone(),
                    name: self.ident(&r.new_name),
                };
                self.retarget_enum(&key, &new);
            }
            AlterTypeOperation::AddValue(a) => {
                let e = self.schema.enums.get_mut(&key).expect("found above");
                if e.values.contains(&a.value.value) {
                    if a.if_not_exists {
                        return self.note(format!(
                            "enum {key} has the value '{}' already; ADD VALUE IF NOT EXISTS does nothing",
                            a.value.value
                        ));
                    }
                    return self.warn(format!(
                        "enum {key} has the value '{}' already",
                        a.value.value
                    ));
                }
                let at = match &a.position {
                    None => Some(e.values.len()),
                    Some(AlterTypeAddValuePosition::Before(v)) => {
                        e.values.iter().position(|x| *x == v.value)
                    }
                    Some(AlterTypeAddValuePosition::After(v)) => {
                        e.values.iter().position(|x| *x == v.value).map(|p| p + 1)
                    }
                };
                match at {
                    Some(p) => e.values.insert(p, a.value.value.clone()),
                    None => self.warn(format!(
                        "enum {key} has no value to add '{}' next to",
                        a.value.value
                    )),
                }
            }
            AlterTypeOperation::RenameValue(r) => {
                let e = self.schema.enums.get_mut(&key).expect("found above");
                match e.values.iter_mut().find(|v| **v == r.from.value) {
                    Some(v) => *v = r.to.value.clone(),
                    None => {
                        return self.warn(format!("enum {key} has no value '{}'", r.from.value));
                    }
                }
                // The server keeps enum constants by value, so defaults of
                // the type show the new label.
                let (old, new) = (quote_literal(&r.from.value), quote_literal(&r.to.value));
                for t in self.schema.tables.values_mut() {
                    for c in &mut t.columns {
                        if uses_enum(&c.ty, &key) && c.default.as_deref() == Some(old.as_str()) {
                            c.default = Some(new.clone());
                        }
                    }
                }
            }
        }
    }

    /// `ALTER TYPE … SET SCHEMA s`.
    pub(super) fn move_enum(&mut self, name: &[Ident], to: &str) {
        match self.find_enum(name) {
            Some(key) => {
                let new = TableName::qualified(Some(to), key.name.clone());
                self.retarget_enum(&key, &new);
            }
            None => self.note(
                "ALTER TYPE … SET SCHEMA: not an enum type of the replayed schema, nothing to do",
            ),
        }
    }

    /// Moves enum `old` to key `new`, and the columns of that type with it.
    fn retarget_enum(&mut self, old: &TableName, new: &TableName) {
        let Some(mut e) = self.schema.enums.remove(old) else {
            return;
        };
        e.name = new.clone();
        self.schema.enums.insert(new.clone(), e);
        for t in self.schema.tables.values_mut() {
            for c in &mut t.columns {
                retype(&mut c.ty, old, new);
            }
        }
    }

    /// `ALTER SCHEMA s RENAME TO r`.
    pub(super) fn rename_schema(&mut self, from: &str, to: &str) {
        let ns = TableName::qualified(Some(from), "").schema;
        let tables: Vec<TableName> = self
            .schema
            .tables
            .keys()
            .filter(|k| k.schema == ns)
            .cloned()
            .collect();
        for k in tables {
            let new = TableName::qualified(Some(to), k.name.clone());
            self.retarget_table(&k, &new);
        }
        let enums: Vec<TableName> = self
            .schema
            .enums
            .keys()
            .filter(|k| k.schema == ns)
            .cloned()
            .collect();
        for k in enums {
            let new = TableName::qualified(Some(to), k.name.clone());
            self.retarget_enum(&k, &new);
        }
    }

    pub(super) fn set_comment(&mut self, column: bool, parts: &[Ident], text: Option<String>) {
        let (table, col) = if column {
            match parts {
                [table @ .., c] if !table.is_empty() => (table, Some(self.ident(c))),
                _ => return self.warn("COMMENT ON COLUMN needs table.column"),
            }
        } else {
            (parts, None)
        };
        let Some(key) = self.find_table(table) else {
            return self.warn(format!(
                "COMMENT ON {} {}: no such table in the replayed schema",
                if column { "COLUMN" } else { "TABLE" },
                parts
                    .iter()
                    .map(|i| i.value.as_str())
                    .collect::<Vec<_>>()
                    .join(".")
            ));
        };
        match col {
            Some(c) => self.with_column(&key, &c, |c| c.comment = text),
            None => {
                if let Some(t) = self.schema.tables.get_mut(&key) {
                    t.comment = text;
                }
            }
        }
    }
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn uses_enum(ty: &SqlType, key: &TableName) -> bool {
    match ty {
        SqlType::Named(n) => n == key,
        SqlType::Array(inner) => uses_enum(inner, key),
        _ => false,
    }
}

fn retype(ty: &mut SqlType, old: &TableName, new: &TableName) {
    match ty {
        SqlType::Named(n) if n == old => *n = new.clone(),
        SqlType::Array(inner) => retype(inner, old, new),
        _ => {}
    }
}
