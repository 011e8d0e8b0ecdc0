//! Names as the database keeps them: identifier folding, schema-qualified
//! look-ups through the search path, and PostgreSQL's implicit constraint
//! and index names with its collision suffixes.

use sqlparser::ast::{Ident, ObjectName};

use super::Replayer;
use crate::Dialect;
use crate::schema::{TableName, implicit_name};

/// PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated (the
/// server says so in a NOTICE).
const MAX_IDENT: usize = 63;

/// The parts of a dotted name, cloned out of sqlparser's AST.
pub(super) fn idents(n: &ObjectName) -> Vec<Ident> {
    n.0.iter().filter_map(|p| p.as_ident().cloned()).collect()
}

fn truncate(mut s: String) -> String {
    if s.len() > MAX_IDENT {
        let mut end = MAX_IDENT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// Which names an implicit name must not collide with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Namespace {
    /// Relations (tables, indexes, constraint indexes): `ChooseRelationName`.
    /// `true` also avoids constraint names, as PostgreSQL does for the
    /// index of a primary key or unique constraint.
    Relations(bool),
    /// Constraint names of the schema: `ChooseConstraintName`.
    Constraints,
}

impl Replayer<'_> {
    pub(super) fn pg(&self) -> bool {
        self.dialect == Dialect::Postgres
    }

    /// An identifier as the catalog keeps it: PostgreSQL folds unquoted
    /// names to lower case and truncates to 63 bytes; SQLite keeps what was
    /// written.
    pub(super) fn ident(&self, id: &Ident) -> String {
        if self.pg() {
            let s = if id.quote_style.is_some() {
                id.value.clone()
            } else {
                id.value.to_ascii_lowercase()
            };
            truncate(s)
        } else {
            id.value.clone()
        }
    }

    /// Whether two names denote the same object: exact on PostgreSQL (names
    /// are folded already), ASCII case-insensitive on SQLite.
    pub(super) fn same(&self, a: &str, b: &str) -> bool {
        if self.pg() {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    }

    /// `(schema, name)` of a dotted name, folded; a database part in front
    /// (`db.schema.t`) is ignored.
    fn split_name(&self, parts: &[Ident]) -> (Option<String>, String) {
        match parts {
            [] => (None, String::new()),
            [n] => (None, self.ident(n)),
            [.., s, n] => (Some(self.ident(s)), self.ident(n)),
        }
    }

    /// The schema an unqualified new object goes into: the first entry of
    /// the search path (skipping `$user`).
    fn creation_schema(&self) -> Option<String> {
        self.search_path
            .iter()
            .find(|s| s.as_str() != "$user")
            .cloned()
    }

    /// The name a new table, type or index gets.
    pub(super) fn new_name(&self, parts: &[Ident]) -> TableName {
        let (schema, name) = self.split_name(parts);
        match schema {
            Some(s) => TableName::qualified(Some(&s), name),
            None if self.pg() => TableName::qualified(self.creation_schema().as_deref(), name),
            None => TableName::new(name),
        }
    }

    /// Candidate keys for an existing object, in search-path order.
    fn candidates(&self, parts: &[Ident]) -> Vec<TableName> {
        let (schema, name) = self.split_name(parts);
        match schema {
            Some(s) => vec![TableName::qualified(Some(&s), name)],
            None if self.pg() => self
                .search_path
                .iter()
                .filter(|s| s.as_str() != "$user")
                .map(|s| TableName::qualified(Some(s), name.clone()))
                .collect(),
            None => vec![TableName::new(name)],
        }
    }

    /// The key of an existing table named by `parts`.
    pub(super) fn find_table(&self, parts: &[Ident]) -> Option<TableName> {
        for c in self.candidates(parts) {
            if self.schema.tables.contains_key(&c) {
                return Some(c);
            }
            if !self.pg()
                && let Some(k) = self
                    .schema
                    .tables
                    .keys()
                    .find(|k| k.schema == c.schema && self.same(&k.name, &c.name))
            {
                return Some(k.clone());
            }
        }
        None
    }

    pub(super) fn find_table_obj(&self, n: &ObjectName) -> Option<TableName> {
        self.find_table(&idents(n))
    }

    /// The key of an existing enum type named by `parts`.
    pub(super) fn find_enum(&self, parts: &[Ident]) -> Option<TableName> {
        self.candidates(parts)
            .into_iter()
            .find(|c| self.schema.enums.contains_key(c))
    }

    /// The table holding the index named `parts`, and the index's name.
    /// Also finds the index of a primary key or unique constraint
    /// (`is_index` false then).
    pub(super) fn find_index(&self, parts: &[Ident]) -> Option<(TableName, String, bool)> {
        for c in self.candidates(parts) {
            for (k, t) in &self.schema.tables {
                if k.schema != c.schema {
                    continue;
                }
                if let Some(ix) = t.indexes.iter().find(|i| self.same(&i.name, &c.name)) {
                    return Some((k.clone(), ix.name.clone(), true));
                }
                let pk = t.primary_key.as_ref().and_then(|p| p.name.as_ref());
                let uq = t.uniques.iter().filter_map(|u| u.name.as_ref());
                if let Some(n) = pk.into_iter().chain(uq).find(|n| self.same(n, &c.name)) {
                    return Some((k.clone(), n.clone(), false));
                }
            }
        }
        None
    }

    /// Whether `name` is taken in schema `ns` for an object of kind `space`.
    fn taken(&self, ns: &Option<String>, name: &str, space: Namespace) -> bool {
        self.schema
            .tables
            .values()
            .filter(|t| &t.name.schema == ns)
            .any(|t| {
                let index_like = t.indexes.iter().any(|i| i.name == name)
                    || t.primary_key
                        .as_ref()
                        .is_some_and(|p| p.name.as_deref() == Some(name))
                    || t.uniques.iter().any(|u| u.name.as_deref() == Some(name));
                let constraint = || {
                    t.foreign_keys
                        .iter()
                        .any(|f| f.name.as_deref() == Some(name))
                        || t.checks.iter().any(|c| c.name.as_deref() == Some(name))
                };
                match space {
                    Namespace::Relations(also_constraints) => {
                        t.name.name == name || index_like || (also_constraints && constraint())
                    }
                    Namespace::Constraints => index_like || constraint(),
                }
            })
    }

    /// PostgreSQL's name for an unnamed constraint or index of `table`:
    /// `{table}_{columns}_{label}`, then `{label}1`, `{label}2`, … while the
    /// name is taken (`ChooseRelationName` / `ChooseConstraintName`).
    pub(super) fn choose_name(
        &self,
        table: &TableName,
        columns: &[&str],
        label: &str,
        space: Namespace,
    ) -> String {
        let mut pass = 0usize;
        loop {
            let l = if pass == 0 {
                label.to_string()
            } else {
                format!("{label}{pass}")
            };
            let name = implicit_name(&table.name, columns, &l);
            if !self.taken(&table.schema, &name, space) {
                return name;
            }
            pass += 1;
        }
    }

    /// Whether a relation (table, index) named `name` exists in `ns`.
    pub(super) fn relation_exists(&self, ns: &Option<String>, name: &str) -> bool {
        if self.pg() {
            self.taken(ns, name, Namespace::Relations(false))
        } else {
            self.schema.tables.values().any(|t| {
                t.name.schema == *ns
                    && (self.same(&t.name.name, name)
                        || t.indexes.iter().any(|i| self.same(&i.name, name)))
            })
        }
    }
}
