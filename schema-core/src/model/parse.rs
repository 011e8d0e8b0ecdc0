//! A `#[derive(Model)]` struct read and checked, before a dialect is
//! chosen: the *parse* and *validate* steps. Every mistake that does not
//! depend on the dialect is found here, once, so the derive (which builds
//! the table for each dialect) never reports one twice.

use std::collections::{BTreeMap, HashMap};

use syn::ext::IdentExt;
use syn::spanned::Spanned as _;

use super::attr::{self, FieldAttrs, Spanned, StructAttrs};
use super::error::{ModelError, ModelErrors};
use super::types::{self, Kind};
use crate::Dialect;
use crate::schema::SqlType;

/// A model read from its struct, every dialect-independent check passed.
/// [`ModelInput::lower`] turns it into a table for one dialect.
#[derive(Debug)]
pub struct ModelInput {
    pub(crate) ident: syn::Ident,
    /// The table name, and the span of `table = "…"` or of the struct name.
    pub(crate) table: Spanned<String>,
    pub(crate) attrs: StructAttrs,
    pub(crate) fields: Vec<ParsedField>,
}

#[derive(Debug)]
pub(crate) struct ParsedField {
    pub ident: syn::Ident,
    /// The column name (after `rename`), spanned at `rename` or the field.
    pub column: Spanned<String>,
    pub ty: syn::Type,
    /// The type inside `Option`, for errors about it.
    pub inner_ty: syn::Type,
    /// `None` only when `sql_type` is given for a type we do not know.
    pub kind: Option<Kind>,
    pub nullable: bool,
    pub attrs: FieldAttrs,
}

const UNSUPPORTED_HELP_TAIL: &str =
    "for any other type give the column type: `#[schema(sql_type = \"…\")]`";

impl ModelInput {
    /// Reads a `#[derive(Model)]` item; all mistakes at once.
    pub fn parse(input: &syn::DeriveInput) -> Result<ModelInput, ModelErrors> {
        let mut errs = ModelErrors::default();
        let attrs = attr::parse_struct_attrs(&input.attrs, &mut errs);
        let ident = input.ident.clone();
        let table = match &attrs.table {
            Some(t) => t.clone(),
            None => Spanned {
                value: snake_case(&ident.unraw().to_string()),
                span: ident.span(),
            },
        };

        let named = match &input.data {
            syn::Data::Struct(s) => match &s.fields {
                syn::Fields::Named(n) => Some(&n.named),
                syn::Fields::Unnamed(u) => {
                    errs.error_help(
                        u.span(),
                        "a model needs named fields: each field is a column",
                        format!("write `struct {ident} {{ id: i64, … }}`"),
                    );
                    None
                }
                syn::Fields::Unit => {
                    errs.error_help(
                        ident.span(),
                        "a model needs named fields: each field is a column",
                        format!("write `struct {ident} {{ id: i64, … }}`"),
                    );
                    None
                }
            },
            syn::Data::Enum(e) => {
                errs.error_help(
                    e.enum_token.span,
                    "`#[derive(Model)]` describes a table and needs a struct with named fields, not an enum",
                    "for a column of a PostgreSQL enum type, give the field `#[schema(sql_type = \"my_enum\")]`",
                );
                None
            }
            syn::Data::Union(u) => {
                errs.error_help(
                    u.union_token.span,
                    "`#[derive(Model)]` describes a table and needs a struct with named fields, not a union",
                    format!("write `struct {ident} {{ id: i64, … }}`"),
                );
                None
            }
        };

        let mut fields = Vec::new();
        for field in named.into_iter().flatten() {
            if let Some(f) = parse_field(field, &mut errs) {
                fields.push(f);
            }
        }
        if named.is_some() && fields.is_empty() {
            errs.error_help(
                ident.span(),
                format!("`{ident}` has no columns"),
                "a model needs at least one field that is not `#[schema(skip)]`",
            );
        }

        let model = ModelInput {
            ident,
            table,
            attrs,
            fields,
        };
        model.validate(&mut errs);
        errs.finish(model)
    }

    /// The struct's name.
    pub fn ident(&self) -> &syn::Ident {
        &self.ident
    }

    /// The table name (without schema).
    pub fn table_name(&self) -> &str {
        &self.table.value
    }

    /// Checks across fields: column names, the columns that table-level
    /// attributes name, constraint names.
    fn validate(&self, errs: &mut ModelErrors) {
        let mut seen: HashMap<&str, &syn::Ident> = HashMap::new();
        for f in &self.fields {
            if let Some(first) = seen.insert(&f.column.value, &f.ident) {
                errs.error_help(
                    f.column.span,
                    format!(
                        "column `{}` is defined twice (also by field `{first}`)",
                        f.column.value
                    ),
                    "give one of them another name: `#[schema(rename = \"…\")]`",
                );
            }
        }

        let a = &self.attrs;
        let lists = a
            .indexes
            .iter()
            .map(|i| &i.columns)
            .chain(a.uniques.iter().map(|u| &u.columns))
            .chain(a.foreign_keys.iter().map(|f| &f.columns));
        for list in lists {
            for c in list {
                self.check_column(c, errs);
            }
        }

        for fk in &a.foreign_keys {
            let theirs = &fk.references.value.columns;
            if theirs.is_empty() && fk.columns.len() > 1 {
                errs.error_help(
                    fk.references.span,
                    format!(
                        "a foreign key of {} columns must name the columns it references",
                        fk.columns.len()
                    ),
                    format!(
                        "write `references = \"{}({})\"`",
                        fk.references.value.table,
                        vec!["…"; fk.columns.len()].join(", ")
                    ),
                );
            } else if !theirs.is_empty() && theirs.len() != fk.columns.len() {
                errs.error_help(
                    fk.references.span,
                    format!(
                        "the foreign key has {} column(s) but references {}",
                        fk.columns.len(),
                        theirs.len()
                    ),
                    "name one referenced column for each column, in the same order",
                );
            }
        }

        // Explicit names must differ: PostgreSQL keeps constraints and
        // indexes of a schema in one namespace.
        let mut names: BTreeMap<&str, ()> = BTreeMap::new();
        let explicit = a
            .indexes
            .iter()
            .filter_map(|i| i.name.as_ref())
            .chain(a.uniques.iter().filter_map(|u| u.name.as_ref()))
            .chain(a.checks.iter().filter_map(|c| c.name.as_ref()))
            .chain(a.foreign_keys.iter().filter_map(|f| f.name.as_ref()));
        for name in explicit {
            if names.insert(&name.value, ()).is_some() {
                errs.error_help(
                    name.span,
                    format!(
                        "the name `{}` is given to two constraints or indexes",
                        name.value
                    ),
                    "give each its own name, or leave `name` out for PostgreSQL's default",
                );
            }
        }
    }

    fn check_column(&self, c: &Spanned<String>, errs: &mut ModelErrors) {
        if self.fields.iter().any(|f| f.column.value == c.value) {
            return;
        }
        let columns = self
            .fields
            .iter()
            .map(|f| f.column.value.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let renamed = self
            .fields
            .iter()
            .find(|f| f.ident.unraw() == c.value.as_str())
            .map(|f| {
                format!(
                    " (field `{}` is the column `{}`: table attributes name columns)",
                    f.ident, f.column.value
                )
            })
            .unwrap_or_default();
        errs.error_help(
            c.span,
            format!("`{}` is not a column of `{}`", c.value, self.table.value),
            format!("the columns are: {columns}{renamed}"),
        );
    }
}

fn parse_field(field: &syn::Field, errs: &mut ModelErrors) -> Option<ParsedField> {
    let attrs = attr::parse_field_attrs(&field.attrs, errs);
    let ident = field.ident.clone()?;
    if attrs.skip.is_some() {
        for (key, span) in attrs.keys_besides_skip() {
            errs.error_help(
                span,
                format!("`{key}` has no effect on a skipped field"),
                "a `skip` field has no column: remove `skip` or the other keys",
            );
        }
        return None;
    }
    let column = match &attrs.rename {
        Some(r) => r.clone(),
        None => Spanned {
            value: ident.unraw().to_string(),
            span: ident.span(),
        },
    };
    let classified = types::classify(&field.ty);
    let inner_ty = classified.inner.clone();
    if classified.kind.is_none() && attrs.sql_type.is_none() {
        errs.push(
            ModelError::spanned(
                &inner_ty,
                format!(
                    "no SQL type is known for `{}` (column `{}`)",
                    types::display(&inner_ty),
                    column.value
                ),
            )
            .with_help(format!(
                "supported types: {}; {UNSUPPORTED_HELP_TAIL}",
                types::SUPPORTED
            )),
        );
    }

    if let Some(auto) = attrs.auto {
        let integer = match &attrs.sql_type {
            Some(t) => {
                SqlType::is_serial_name(&t.value)
                    || matches!(
                        SqlType::parse(&t.value, Dialect::Postgres),
                        SqlType::SmallInt | SqlType::Integer | SqlType::BigInt
                    )
            }
            None => classified.kind.as_ref().is_none_or(Kind::is_integer),
        };
        if !integer {
            let what = match &attrs.sql_type {
                Some(t) => format!("`{}`", t.value),
                None => format!("`{}`", types::display(&inner_ty)),
            };
            errs.error_help(
                auto,
                format!("`auto` needs an integer column, and `{ident}` is {what}"),
                "`auto` generates i16, i32 or i64 keys; remove it, or generate the value in the application",
            );
        }
        if let Some(d) = &attrs.default {
            errs.error_help(
                d.span,
                "an `auto` column takes its values from its identity and cannot have a `default`",
                "remove `default` or `auto`",
            );
        }
    }

    if let Some(r) = &attrs.references {
        if r.value.columns.len() > 1 {
            errs.error_help(
                r.span,
                "a field references one column",
                "for a foreign key over several columns, write \
                 `#[schema(foreign_key(columns(\"a\", \"b\"), references = \"t(a, b)\"))]` on the struct",
            );
        }
    } else {
        for (key, action) in [
            ("on_delete", &attrs.on_delete),
            ("on_update", &attrs.on_update),
        ] {
            if let Some(a) = action {
                errs.error_help(
                    a.span,
                    format!("`{key}` needs `references`"),
                    format!("write `#[schema(references = \"user(id)\", {key} = \"cascade\")]`"),
                );
            }
        }
    }

    Some(ParsedField {
        ident,
        column,
        ty: field.ty.clone(),
        inner_ty,
        kind: classified.kind,
        nullable: classified.nullable,
        attrs,
    })
}

/// `UserProfile` → `user_profile`, `HTTPRequest` → `http_request`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                None | Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) => p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()),
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn struct_names_become_snake_case() {
        assert_eq!(snake_case("User"), "user");
        assert_eq!(snake_case("UserProfile"), "user_profile");
        assert_eq!(snake_case("HTTPRequest"), "http_request");
        assert_eq!(snake_case("OAuth2Token"), "o_auth2_token");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(snake_case("Item2"), "item2");
    }
}
