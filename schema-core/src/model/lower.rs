//! A checked model → the [`Table`] of one dialect: types mapped, implicit
//! names filled in as PostgreSQL would choose them, what SQLite cannot
//! tell (constraint names, comments) left `None`. Only mistakes that depend
//! on the dialect are found here.

use std::collections::HashSet;

use super::error::{ModelError, ModelErrors};
use super::parse::ModelInput;
use super::{FieldDef, ModelDef};
use crate::Dialect;
use crate::schema::{
    Check, Column, ForeignKey, Identity, Index, IndexPart, PrimaryKey, SqlType, Table, TableName,
    Unique, implicit_name, normalize_expr,
};

impl ModelInput {
    /// The model's table for `dialect`.
    pub fn lower(&self, dialect: Dialect) -> Result<ModelDef, ModelErrors> {
        let mut errs = ModelErrors::default();
        if dialect == Dialect::Mysql {
            errs.error_help(
                self.ident.span(),
                "models do not support MySQL yet",
                "use PostgreSQL or SQLite; MySQL support is planned",
            );
            return Err(errs);
        }
        let pg = dialect == Dialect::Postgres;
        let attrs = &self.attrs;
        // A schema is a PostgreSQL namespace; on SQLite it would name an
        // attached database, which a model does not mean.
        let schema = attrs
            .schema
            .as_ref()
            .map(|s| s.value.as_str())
            .filter(|_| pg);
        let tname = self.table.value.as_str();
        let mut table = Table::new(TableName::qualified(schema, tname));
        let mut names = Names::new(tname, attrs);

        let pk: Vec<&str> = self
            .fields
            .iter()
            .filter(|f| f.attrs.primary_key.is_some())
            .map(|f| f.column.value.as_str())
            .collect();

        for f in &self.fields {
            let column = &f.column.value;
            let mut ty = match (&f.attrs.sql_type, &f.kind) {
                (Some(t), _) => SqlType::parse(&t.value, dialect),
                (None, Some(kind)) => match kind.sql_type(dialect) {
                    Ok(t) => t,
                    Err(()) => {
                        errs.push(
                            ModelError::spanned(
                                &f.inner_ty,
                                format!(
                                    "`{}` is a PostgreSQL array, and SQLite has no arrays (column `{column}`)",
                                    super::types::display(&f.inner_ty)
                                ),
                            )
                            .with_help(
                                "store it as JSON (`sqlx::types::Json<Vec<T>>`), or give the column type: `#[schema(sql_type = \"text\")]`",
                            ),
                        );
                        continue;
                    }
                },
                // Reported by `parse`.
                (None, None) => continue,
            };
            let serial = f
                .attrs
                .sql_type
                .as_ref()
                .is_some_and(|t| SqlType::is_serial_name(&t.value));
            let identity = match (f.attrs.auto, pg) {
                (Some(_), true) => Some(Identity::ByDefault),
                (Some(auto), false) => {
                    // INTEGER PRIMARY KEY AUTOINCREMENT: the rowid itself.
                    if pk != [column.as_str()] {
                        errs.error_help(
                            auto,
                            format!(
                                "on SQLite, `auto` makes `{column}` INTEGER PRIMARY KEY AUTOINCREMENT, so it must be the only primary key column"
                            ),
                            "write `#[schema(primary_key, auto)]` on this field and `primary_key` on no other",
                        );
                    }
                    ty = SqlType::Integer;
                    Some(Identity::Autoincrement)
                }
                (None, true) if serial => Some(Identity::Serial),
                (None, _) => None,
            };
            let is_pk = f.attrs.primary_key.is_some();
            table.columns.push(Column {
                name: column.clone(),
                ty,
                // Key and identity columns are NOT NULL whatever the Rust
                // type (`Option<i64>` for a row not inserted yet is common).
                nullable: f.nullable && !is_pk && identity.is_none(),
                default: f.attrs.default.as_ref().map(|d| d.value.clone()),
                identity,
                comment: if pg {
                    f.attrs.comment.as_ref().map(|c| c.value.clone())
                } else {
                    None
                },
            });
        }

        if !pk.is_empty() {
            table.primary_key = Some(PrimaryKey {
                name: pg.then(|| names.implicit(&[], "pkey")),
                columns: pk.iter().map(|c| c.to_string()).collect(),
            });
        }

        // Uniques: fields first, then the struct's, in the order written.
        for f in self.fields.iter().filter(|f| f.attrs.unique.is_some()) {
            let col = f.column.value.as_str();
            table.uniques.push(Unique {
                name: pg.then(|| names.implicit(&[col], "key")),
                columns: vec![col.to_string()],
            });
        }
        for u in &attrs.uniques {
            let cols = strings(&u.columns);
            table.uniques.push(Unique {
                name: pg.then(|| {
                    u.name
                        .as_ref()
                        .map(|n| n.value.clone())
                        .unwrap_or_else(|| names.implicit(&refs(&cols), "key"))
                }),
                columns: cols,
            });
        }

        let columns: Vec<&str> = self
            .fields
            .iter()
            .map(|f| f.column.value.as_str())
            .collect();
        for c in &attrs.checks {
            let expression = normalize_expr(&c.expr.value);
            let name = pg.then(|| match &c.name {
                Some(n) => n.value.clone(),
                None => {
                    // PostgreSQL names a check after its column when the
                    // expression uses exactly one (`product_price_check`).
                    let used = single_column(&expression, &columns);
                    names.implicit(used.as_slice(), "check")
                }
            });
            table.checks.push(Check { name, expression });
        }

        for f in &self.fields {
            let Some(r) = &f.attrs.references else {
                continue;
            };
            let col = f.column.value.as_str();
            let referenced = match r.value.columns.as_slice() {
                [] => vec!["id".to_string()],
                cols => cols.to_vec(),
            };
            table.foreign_keys.push(ForeignKey {
                name: pg.then(|| names.implicit(&[col], "fkey")),
                columns: vec![col.to_string()],
                references: namespaced(&r.value.table, pg),
                referenced_columns: referenced,
                on_delete: f
                    .attrs
                    .on_delete
                    .as_ref()
                    .map(|a| a.value)
                    .unwrap_or_default(),
                on_update: f
                    .attrs
                    .on_update
                    .as_ref()
                    .map(|a| a.value)
                    .unwrap_or_default(),
            });
        }
        for fk in &attrs.foreign_keys {
            let cols = strings(&fk.columns);
            let referenced = match fk.references.value.columns.as_slice() {
                [] => vec!["id".to_string()],
                theirs => theirs.to_vec(),
            };
            table.foreign_keys.push(ForeignKey {
                name: pg.then(|| {
                    fk.name
                        .as_ref()
                        .map(|n| n.value.clone())
                        .unwrap_or_else(|| names.implicit(&refs(&cols), "fkey"))
                }),
                columns: cols,
                references: namespaced(&fk.references.value.table, pg),
                referenced_columns: referenced,
                on_delete: fk.on_delete.as_ref().map(|a| a.value).unwrap_or_default(),
                on_update: fk.on_update.as_ref().map(|a| a.value).unwrap_or_default(),
            });
        }

        // Indexes: SQLite needs a name too; it gets PostgreSQL's.
        for f in self.fields.iter().filter(|f| f.attrs.index.is_some()) {
            let col = f.column.value.as_str();
            table.indexes.push(Index {
                name: names.implicit(&[col], "idx"),
                unique: false,
                parts: vec![IndexPart::column(col)],
                predicate: None,
                method: None,
                include: Vec::new(),
            });
        }
        for i in &attrs.indexes {
            let cols = strings(&i.columns);
            let method = i
                .method
                .as_ref()
                .map(|m| m.value.trim().to_ascii_lowercase())
                .filter(|m| pg && m != "btree");
            table.indexes.push(Index {
                name: i
                    .name
                    .as_ref()
                    .map(|n| n.value.clone())
                    .unwrap_or_else(|| names.implicit(&refs(&cols), "idx")),
                unique: i.unique,
                parts: cols.iter().map(IndexPart::column).collect(),
                predicate: i.predicate.as_ref().map(|p| normalize_expr(&p.value)),
                method,
                include: Vec::new(),
            });
        }

        if pg {
            table.comment = attrs.comment.as_ref().map(|c| c.value.clone());
        }

        let fields = self
            .fields
            .iter()
            .map(|f| FieldDef {
                ident: f.ident.clone(),
                column: f.column.value.clone(),
                span: f.ident.span(),
                ty: f.ty.clone(),
                nullable: f.nullable,
                attrs: f.attrs.clone(),
            })
            .collect();
        errs.finish(ModelDef {
            ident: self.ident.clone(),
            dialect,
            table,
            table_span: self.table.span,
            fields,
            allow_extra_columns: attrs.allow_extra_columns.is_some(),
        })
    }
}

/// A referenced table; without its schema on SQLite (see `lower`).
fn namespaced(name: &TableName, pg: bool) -> TableName {
    if pg {
        name.clone()
    } else {
        TableName::new(name.name.clone())
    }
}

fn strings(cols: &[super::attr::Spanned<String>]) -> Vec<String> {
    cols.iter().map(|c| c.value.clone()).collect()
}

fn refs(cols: &[String]) -> Vec<&str> {
    cols.iter().map(String::as_str).collect()
}

/// Implicit names, made unique within the table the way PostgreSQL's
/// `ChooseRelationName` does (`t_a_idx`, then `t_a_idx1`, `t_a_idx2`).
struct Names<'a> {
    table: &'a str,
    used: HashSet<String>,
}

impl<'a> Names<'a> {
    fn new(table: &'a str, attrs: &super::attr::StructAttrs) -> Names<'a> {
        let used = attrs
            .indexes
            .iter()
            .filter_map(|i| i.name.as_ref())
            .chain(attrs.uniques.iter().filter_map(|u| u.name.as_ref()))
            .chain(attrs.checks.iter().filter_map(|c| c.name.as_ref()))
            .chain(attrs.foreign_keys.iter().filter_map(|f| f.name.as_ref()))
            .map(|n| n.value.clone())
            .collect();
        Names { table, used }
    }

    fn implicit(&mut self, columns: &[&str], suffix: &str) -> String {
        let mut pass = 0;
        loop {
            let label = if pass == 0 {
                suffix.to_string()
            } else {
                format!("{suffix}{pass}")
            };
            let name = implicit_name(self.table, columns, &label);
            if self.used.insert(name.clone()) {
                return name;
            }
            pass += 1;
        }
    }
}

/// The one column an expression refers to, if exactly one: words outside
/// quotes that name a column and are not called as functions.
fn single_column<'c>(expression: &str, columns: &[&'c str]) -> Vec<&'c str> {
    let mut found: Vec<&'c str> = Vec::new();
    let mut note = |word: &str, quoted: bool| {
        let hit = columns.iter().find(|c| {
            if quoted {
                **c == word
            } else {
                c.eq_ignore_ascii_case(word)
            }
        });
        if let Some(c) = hit
            && !found.contains(c)
        {
            found.push(c);
        }
    };
    let bytes = expression.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c == '\'' {
            // A string literal: skip it ('' is an escaped quote).
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
        } else if c == '"' {
            let start = i + 1;
            let end = expression[start..]
                .find('"')
                .map_or(bytes.len(), |p| start + p);
            note(&expression[start..end], true);
            i = end + 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < bytes.len()
                && ((bytes[i] as char).is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'$'))
            {
                i += 1;
            }
            let word = &expression[start..i];
            let called = expression[i..].trim_start().starts_with('(');
            if !called {
                note(word, false);
            }
        } else if c.is_ascii_digit() {
            // Numbers (`1e5`) are not words.
            while i < bytes.len() && (bytes[i] as char).is_ascii_alphanumeric() {
                i += 1;
            }
        } else {
            // Anything else, one whole character at a time.
            i += 1;
            while i < bytes.len() && !expression.is_char_boundary(i) {
                i += 1;
            }
        }
    }
    if found.len() == 1 { found } else { Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::single_column;

    #[test]
    fn checks_are_named_after_their_one_column() {
        let cols = ["price", "discount", "name"];
        assert_eq!(single_column("price > 0", &cols), ["price"]);
        assert_eq!(single_column("price > discount", &cols), Vec::<&str>::new());
        assert_eq!(single_column("length(name) > 3", &cols), ["name"]);
        assert_eq!(single_column("price > 0 and price < 10", &cols), ["price"]);
        assert_eq!(single_column("'price' <> ''", &cols), Vec::<&str>::new());
        assert_eq!(single_column("\"price\" > 1e5", &cols), ["price"]);
        assert_eq!(single_column("true", &cols), Vec::<&str>::new());
    }
}
