//! Reading `#[schema(...)]` attributes: the *parse* step. Each key is read
//! into a typed slot with its span; a mistake is recorded and parsing goes
//! on with the next key, so every mistake of a model is reported at once.

use proc_macro2::Span;
use syn::Token;
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;

use super::error::ModelErrors;
use crate::schema::{FkAction, TableName};

/// The keys of `#[schema(...)]` on a struct, for "unknown key" errors.
pub(crate) const STRUCT_KEYS: &[&str] = &[
    "table",
    "schema",
    "index",
    "unique",
    "check",
    "foreign_key",
    "allow_extra_columns",
    "comment",
];

/// The keys of `#[schema(...)]` on a field.
pub(crate) const FIELD_KEYS: &[&str] = &[
    "primary_key",
    "auto",
    "unique",
    "index",
    "default",
    "sql_type",
    "references",
    "on_delete",
    "on_update",
    "rename",
    "skip",
    "comment",
];

const INDEX_KEYS: &[&str] = &["columns", "name", "unique", "predicate", "method"];
const UNIQUE_KEYS: &[&str] = &["columns", "name"];
const CHECK_KEYS: &[&str] = &["name", "expr"];
const FOREIGN_KEY_KEYS: &[&str] = &["columns", "references", "on_delete", "on_update", "name"];

/// A value with where it was written.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// `#[schema(...)]` on the struct.
#[derive(Debug, Default)]
pub(crate) struct StructAttrs {
    pub table: Option<Spanned<String>>,
    pub schema: Option<Spanned<String>>,
    pub indexes: Vec<IndexAttr>,
    pub uniques: Vec<UniqueAttr>,
    pub checks: Vec<CheckAttr>,
    pub foreign_keys: Vec<ForeignKeyAttr>,
    pub allow_extra_columns: Option<Span>,
    pub comment: Option<Spanned<String>>,
}

/// `index(columns("a", "b"), name = "…", unique, predicate = "…", method = "gin")`.
#[derive(Debug)]
pub(crate) struct IndexAttr {
    pub columns: Vec<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub unique: bool,
    pub predicate: Option<Spanned<String>>,
    pub method: Option<Spanned<String>>,
}

/// `unique(columns("a", "b"), name = "…")`.
#[derive(Debug)]
pub(crate) struct UniqueAttr {
    pub columns: Vec<Spanned<String>>,
    pub name: Option<Spanned<String>>,
}

/// `check = "…"` or `check(name = "…", expr = "…")`.
#[derive(Debug)]
pub(crate) struct CheckAttr {
    pub name: Option<Spanned<String>>,
    pub expr: Spanned<String>,
}

/// `foreign_key(columns("a"), references = "t(id)", on_delete = "cascade")`.
#[derive(Debug)]
pub(crate) struct ForeignKeyAttr {
    pub columns: Vec<Spanned<String>>,
    pub references: Spanned<Reference>,
    pub on_delete: Option<Spanned<FkAction>>,
    pub on_update: Option<Spanned<FkAction>>,
    pub name: Option<Spanned<String>>,
}

/// What `references = "billing.user(id)"` names. `columns` is empty for a
/// bare table (`references = "user"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub table: TableName,
    pub columns: Vec<String>,
}

/// `#[schema(...)]` on a field, as written. Flags hold where they were
/// written; `None` means absent.
#[derive(Debug, Clone, Default)]
pub struct FieldAttrs {
    pub primary_key: Option<Span>,
    pub auto: Option<Span>,
    pub unique: Option<Span>,
    pub index: Option<Span>,
    /// The default expression, normalised.
    pub default: Option<Spanned<String>>,
    pub sql_type: Option<Spanned<String>>,
    pub references: Option<Spanned<Reference>>,
    pub on_delete: Option<Spanned<FkAction>>,
    pub on_update: Option<Spanned<FkAction>>,
    pub rename: Option<Spanned<String>>,
    pub skip: Option<Span>,
    pub comment: Option<Spanned<String>>,
}

impl FieldAttrs {
    /// Every key given besides `skip`, for "skip with other keys".
    pub(crate) fn keys_besides_skip(&self) -> Vec<(&'static str, Span)> {
        let mut keys = Vec::new();
        let mut flag = |name, span: Option<Span>| {
            if let Some(span) = span {
                keys.push((name, span));
            }
        };
        flag("primary_key", self.primary_key);
        flag("auto", self.auto);
        flag("unique", self.unique);
        flag("index", self.index);
        flag("default", self.default.as_ref().map(|s| s.span));
        flag("sql_type", self.sql_type.as_ref().map(|s| s.span));
        flag("references", self.references.as_ref().map(|s| s.span));
        flag("on_delete", self.on_delete.as_ref().map(|s| s.span));
        flag("on_update", self.on_update.as_ref().map(|s| s.span));
        flag("rename", self.rename.as_ref().map(|s| s.span));
        flag("comment", self.comment.as_ref().map(|s| s.span));
        keys
    }
}

fn is_schema(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("schema")
}

pub(crate) fn parse_struct_attrs(attrs: &[syn::Attribute], errs: &mut ModelErrors) -> StructAttrs {
    let mut out = StructAttrs::default();
    for attr in attrs.iter().filter(|a| is_schema(a)) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            let span = meta.path.span();
            match key.as_str() {
                "table" => {
                    if let Some(v) = non_empty(string(&meta, &key, errs)?, &key, errs) {
                        once(&mut out.table, v, &key, errs);
                    }
                }
                "schema" => {
                    if let Some(v) = non_empty(string(&meta, &key, errs)?, &key, errs) {
                        once(&mut out.schema, v, &key, errs);
                    }
                }
                "comment" => {
                    if let Some(v) = string(&meta, &key, errs)? {
                        once(&mut out.comment, v, &key, errs);
                    }
                }
                "allow_extra_columns" => {
                    if let Some(s) = flag(&meta, &key, errs)? {
                        once(&mut out.allow_extra_columns, s, &key, errs);
                    }
                }
                "index" => {
                    if let Some(i) = index(&meta, errs)? {
                        out.indexes.push(i);
                    }
                }
                "unique" => {
                    if let Some(u) = unique(&meta, errs)? {
                        out.uniques.push(u);
                    }
                }
                "check" => {
                    if let Some(c) = check(&meta, errs)? {
                        out.checks.push(c);
                    }
                }
                "foreign_key" => {
                    if let Some(f) = foreign_key(&meta, errs)? {
                        out.foreign_keys.push(f);
                    }
                }
                _ => {
                    let hint = if FIELD_KEYS.contains(&key.as_str()) {
                        format!("; `{key}` belongs on a field")
                    } else {
                        String::new()
                    };
                    errs.error_help(
                        span,
                        format!("unknown key `{key}` in `#[schema(...)]` on a struct{hint}"),
                        format!("expected one of: {}", STRUCT_KEYS.join(", ")),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            errs.syn(e);
        }
    }
    out
}

pub(crate) fn parse_field_attrs(attrs: &[syn::Attribute], errs: &mut ModelErrors) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs.iter().filter(|a| is_schema(a)) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            let span = meta.path.span();
            let slot = match key.as_str() {
                "primary_key" => Some(&mut out.primary_key),
                "auto" => Some(&mut out.auto),
                "unique" => Some(&mut out.unique),
                "index" => Some(&mut out.index),
                "skip" => Some(&mut out.skip),
                _ => None,
            };
            if let Some(slot) = slot {
                if let Some(s) = flag(&meta, &key, errs)? {
                    once(slot, s, &key, errs);
                }
                return Ok(());
            }
            match key.as_str() {
                "default" => {
                    if let Some(v) = default(&meta, errs)? {
                        once(&mut out.default, v, &key, errs);
                    }
                }
                "sql_type" => {
                    if let Some(v) = non_empty(string(&meta, &key, errs)?, &key, errs) {
                        once(&mut out.sql_type, v, &key, errs);
                    }
                }
                "rename" => {
                    if let Some(v) = non_empty(string(&meta, &key, errs)?, &key, errs) {
                        once(&mut out.rename, v, &key, errs);
                    }
                }
                "comment" => {
                    if let Some(v) = string(&meta, &key, errs)? {
                        once(&mut out.comment, v, &key, errs);
                    }
                }
                "references" => {
                    if let Some(v) = reference(&meta, errs)? {
                        once(&mut out.references, v, &key, errs);
                    }
                }
                "on_delete" => {
                    if let Some(v) = action(&meta, &key, errs)? {
                        once(&mut out.on_delete, v, &key, errs);
                    }
                }
                "on_update" => {
                    if let Some(v) = action(&meta, &key, errs)? {
                        once(&mut out.on_update, v, &key, errs);
                    }
                }
                _ => {
                    let hint = if STRUCT_KEYS.contains(&key.as_str()) {
                        format!("; `{key}` belongs on the struct")
                    } else {
                        String::new()
                    };
                    errs.error_help(
                        span,
                        format!("unknown key `{key}` in `#[schema(...)]` on a field{hint}"),
                        format!("expected one of: {}", FIELD_KEYS.join(", ")),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            errs.syn(e);
        }
    }
    out
}

/// The key as written (`table`, or `a::b` for a path).
fn key_of(meta: &ParseNestedMeta) -> String {
    let p = &meta.path;
    p.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// Stores `value` unless the key was already given.
fn once<T>(slot: &mut Option<T>, value: T, key: &str, errs: &mut ModelErrors)
where
    T: HasSpan,
{
    if slot.is_some() {
        errs.error_help(
            value.span_of(),
            format!("`{key}` is given twice"),
            format!("keep one `{key}`"),
        );
    } else {
        *slot = Some(value);
    }
}

trait HasSpan {
    fn span_of(&self) -> Span;
}

impl HasSpan for Span {
    fn span_of(&self) -> Span {
        *self
    }
}

impl<T> HasSpan for Spanned<T> {
    fn span_of(&self) -> Span {
        self.span
    }
}

/// Skips the rest of a key's value (`= …` or `(…)`), so parsing goes on
/// after a recorded mistake.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    let input = meta.input;
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
    }
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

/// A key that takes no value: `primary_key`.
fn flag(meta: &ParseNestedMeta, key: &str, errs: &mut ModelErrors) -> syn::Result<Option<Span>> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(Some(meta.path.span()));
    }
    errs.error_help(
        meta.path.span(),
        format!("`{key}` takes no value"),
        format!("write `#[schema({key})]`"),
    );
    skip_value(meta)?;
    Ok(None)
}

/// The value of `key = "…"`. A missing or non-string value is recorded.
fn string(
    meta: &ParseNestedMeta,
    key: &str,
    errs: &mut ModelErrors,
) -> syn::Result<Option<Spanned<String>>> {
    if !meta.input.peek(Token![=]) {
        errs.error_help(
            meta.path.span(),
            format!("`{key}` takes a value"),
            format!("write `{key} = \"…\"`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let expr: syn::Expr = meta.value()?.parse()?;
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(Some(Spanned::new(s.value(), s.span()))),
        other => {
            errs.push(
                super::error::ModelError::spanned(&other, format!("`{key}` takes a string"))
                    .with_help(format!("write `{key} = \"…\"`")),
            );
            Ok(None)
        }
    }
}

fn non_empty(
    value: Option<Spanned<String>>,
    key: &str,
    errs: &mut ModelErrors,
) -> Option<Spanned<String>> {
    let value = value?;
    if value.value.trim().is_empty() {
        errs.error(value.span, format!("`{key}` cannot be empty"));
        return None;
    }
    Some(value)
}

/// `default = "now()"`, or a Rust literal for the simple cases
/// (`default = 0`, `default = -1.5`, `default = true`).
fn default(meta: &ParseNestedMeta, errs: &mut ModelErrors) -> syn::Result<Option<Spanned<String>>> {
    const HELP: &str = "write the SQL expression in a string: `default = \"now()\"`, \
                        `default = \"'draft'\"` (a string literal), or `default = 0`";
    if !meta.input.peek(Token![=]) {
        errs.error_help(meta.path.span(), "`default` takes a value", HELP);
        skip_value(meta)?;
        return Ok(None);
    }
    let expr: syn::Expr = meta.value()?.parse()?;
    let literal = |lit: &syn::Lit| match lit {
        syn::Lit::Str(s) => Some(s.value()),
        syn::Lit::Int(i) => Some(i.base10_digits().to_string()),
        syn::Lit::Float(f) => Some(f.base10_digits().to_string()),
        syn::Lit::Bool(b) => Some(b.value.to_string()),
        _ => None,
    };
    let text = match &expr {
        syn::Expr::Lit(l) => literal(&l.lit),
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => match &**expr {
            syn::Expr::Lit(l) if matches!(l.lit, syn::Lit::Int(_) | syn::Lit::Float(_)) => {
                literal(&l.lit).map(|t| format!("-{t}"))
            }
            _ => None,
        },
        _ => None,
    };
    let Some(text) = text else {
        errs.push(
            super::error::ModelError::spanned(
                &expr,
                "`default` takes an SQL expression in a string",
            )
            .with_help(HELP),
        );
        return Ok(None);
    };
    let span = expr.span();
    if text.trim().is_empty() {
        errs.error_help(span, "`default` cannot be empty", HELP);
        return Ok(None);
    }
    // `default = "draft"` is SQL naming a column `draft`: almost always a
    // string literal that lost its quotes.
    let t = text.trim();
    let bare_word = t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if bare_word && !SQL_VALUE_KEYWORDS.contains(&t.to_ascii_lowercase().as_str()) {
        errs.error_help(
            span,
            format!("`default = \"{t}\"` is SQL, where `{t}` would name a column"),
            format!("for a string value, quote it for SQL: `default = \"'{t}'\"`"),
        );
        return Ok(None);
    }
    Ok(Some(Spanned::new(crate::schema::normalize_expr(t), span)))
}

/// Words that are values in SQL, not column names.
const SQL_VALUE_KEYWORDS: &[&str] = &[
    "true",
    "false",
    "null",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtime",
    "localtimestamp",
    "current_user",
    "session_user",
    "current_role",
    "current_catalog",
    "current_schema",
    "user",
];

const REFERENCES_HELP: &str = "write `references = \"table(column)\"`, e.g. `references = \"user(id)\"` (`\"user\"` alone means `user(id)`)";

fn reference(
    meta: &ParseNestedMeta,
    errs: &mut ModelErrors,
) -> syn::Result<Option<Spanned<Reference>>> {
    let Some(text) = string(meta, "references", errs)? else {
        return Ok(None);
    };
    match parse_reference(&text.value) {
        Ok(r) => Ok(Some(Spanned::new(r, text.span))),
        Err(why) => {
            errs.error_help(
                text.span,
                format!(
                    "`references = \"{}\"` is not `table(column)`: {why}",
                    text.value
                ),
                REFERENCES_HELP,
            );
            Ok(None)
        }
    }
}

/// `[schema.]table[(col, …)]`, identifiers plain or double-quoted.
pub(crate) fn parse_reference(text: &str) -> Result<Reference, String> {
    let mut p = IdentParser { rest: text.trim() };
    let first = p.ident().ok_or("expected a table name")?;
    let (schema, table) = if p.eat('.') {
        (
            Some(first),
            p.ident().ok_or("expected a table name after `.`")?,
        )
    } else {
        (None, first)
    };
    let mut columns = Vec::new();
    if p.eat('(') {
        loop {
            columns.push(p.ident().ok_or("expected a column name")?);
            if p.eat(',') {
                continue;
            }
            if p.eat(')') {
                break;
            }
            return Err("expected `,` or `)` after a column name".into());
        }
    }
    if !p.rest.is_empty() {
        return Err(format!("unexpected `{}`", p.rest));
    }
    Ok(Reference {
        table: TableName::qualified(schema.as_deref(), table),
        columns,
    })
}

struct IdentParser<'a> {
    rest: &'a str,
}

impl IdentParser<'_> {
    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(r) => {
                self.rest = r.trim_start();
                true
            }
            None => false,
        }
    }

    fn ident(&mut self) -> Option<String> {
        if let Some(r) = self.rest.strip_prefix('"') {
            // "quoted ""name"""
            let mut out = String::new();
            let mut chars = r.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '"' {
                    if chars.peek().map(|&(_, d)| d) == Some('"') {
                        chars.next();
                        out.push('"');
                        continue;
                    }
                    self.rest = r[i + 1..].trim_start();
                    return (!out.is_empty()).then_some(out);
                }
                out.push(c);
            }
            return None;
        }
        let end = self
            .rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(self.rest.len());
        let word = &self.rest[..end];
        if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit() || c == '$') {
            return None;
        }
        self.rest = self.rest[end..].trim_start();
        Some(word.to_string())
    }
}

fn action(
    meta: &ParseNestedMeta,
    key: &str,
    errs: &mut ModelErrors,
) -> syn::Result<Option<Spanned<FkAction>>> {
    let Some(text) = string(meta, key, errs)? else {
        return Ok(None);
    };
    let words = text
        .value
        .to_ascii_lowercase()
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let action = match words.as_str() {
        "cascade" => FkAction::Cascade,
        "restrict" => FkAction::Restrict,
        "set null" => FkAction::SetNull,
        "set default" => FkAction::SetDefault,
        "no action" => FkAction::NoAction,
        _ => {
            errs.error_help(
                text.span,
                format!("`{key} = \"{}\"` is not a referential action", text.value),
                "expected one of: \"cascade\", \"restrict\", \"set null\", \"set default\", \"no action\"",
            );
            return Ok(None);
        }
    };
    Ok(Some(Spanned::new(action, text.span)))
}

/// `columns("a", "b")`.
fn columns(
    meta: &ParseNestedMeta,
    errs: &mut ModelErrors,
) -> syn::Result<Option<Vec<Spanned<String>>>> {
    const HELP: &str = "write `columns(\"a\", \"b\")`";
    if !meta.input.peek(syn::token::Paren) {
        errs.error_help(
            meta.path.span(),
            "`columns` takes a list of column names",
            HELP,
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let items = Punctuated::<syn::Expr, Token![,]>::parse_terminated(&content)?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        match item {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) if !s.value().trim().is_empty() => out.push(Spanned::new(s.value(), s.span())),
            other => {
                ok = false;
                errs.push(
                    super::error::ModelError::spanned(
                        &other,
                        "a column name must be a non-empty string",
                    )
                    .with_help(HELP),
                );
            }
        }
    }
    if out.is_empty() && ok {
        errs.error_help(
            meta.path.span(),
            "`columns` needs at least one column",
            HELP,
        );
        return Ok(None);
    }
    Ok(ok.then_some(out))
}

/// Reads a `key(...)` list whose keys are in `valid`; `each` handles one key.
fn list(
    meta: &ParseNestedMeta,
    what: &str,
    valid: &[&str],
    example: &str,
    errs: &mut ModelErrors,
    mut each: impl FnMut(&str, &ParseNestedMeta, &mut ModelErrors) -> syn::Result<()>,
) -> syn::Result<bool> {
    if !meta.input.peek(syn::token::Paren) {
        errs.error_help(
            meta.path.span(),
            format!("`{what}` on a struct takes a list"),
            format!("write `#[schema({example})]`"),
        );
        skip_value(meta)?;
        return Ok(false);
    }
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        if valid.contains(&key.as_str()) {
            each(&key, &inner, errs)
        } else {
            errs.error_help(
                inner.path.span(),
                format!("unknown key `{key}` in `{what}(...)`"),
                format!("expected one of: {}", valid.join(", ")),
            );
            skip_value(&inner)
        }
    })?;
    Ok(true)
}

fn index(meta: &ParseNestedMeta, errs: &mut ModelErrors) -> syn::Result<Option<IndexAttr>> {
    const EXAMPLE: &str = "index(columns(\"a\", \"b\"), name = \"…\", unique)";
    let mut cols = None;
    let mut name = None;
    let mut unique = None;
    let mut predicate = None;
    let mut method = None;
    let mut broken = false;
    let ok = list(
        meta,
        "index",
        INDEX_KEYS,
        EXAMPLE,
        errs,
        |key, inner, errs| {
            match key {
                "columns" => match columns(inner, errs)? {
                    Some(c) => once(&mut cols, Spanned::new(c, inner.path.span()), key, errs),
                    None => broken = true,
                },
                "name" => {
                    if let Some(v) = non_empty(string(inner, key, errs)?, key, errs) {
                        once(&mut name, v, key, errs);
                    }
                }
                "unique" => {
                    if let Some(s) = flag(inner, key, errs)? {
                        once(&mut unique, s, key, errs);
                    }
                }
                "predicate" => {
                    if let Some(v) = non_empty(string(inner, key, errs)?, key, errs) {
                        once(&mut predicate, v, key, errs);
                    }
                }
                _ => {
                    if let Some(v) = non_empty(string(inner, key, errs)?, key, errs) {
                        once(&mut method, v, key, errs);
                    }
                }
            }
            Ok(())
        },
    )?;
    if !ok || broken {
        return Ok(None);
    }
    let Some(cols) = cols else {
        errs.error_help(
            meta.path.span(),
            "`index(...)` needs the columns it covers",
            format!("write `#[schema({EXAMPLE})]`"),
        );
        return Ok(None);
    };
    Ok(Some(IndexAttr {
        columns: cols.value,
        name,
        unique: unique.is_some(),
        predicate,
        method,
    }))
}

fn unique(meta: &ParseNestedMeta, errs: &mut ModelErrors) -> syn::Result<Option<UniqueAttr>> {
    const EXAMPLE: &str = "unique(columns(\"a\", \"b\"), name = \"…\")";
    let mut cols = None;
    let mut name = None;
    let mut broken = false;
    let ok = list(
        meta,
        "unique",
        UNIQUE_KEYS,
        EXAMPLE,
        errs,
        |key, inner, errs| {
            if key == "columns" {
                match columns(inner, errs)? {
                    Some(c) => once(&mut cols, Spanned::new(c, inner.path.span()), key, errs),
                    None => broken = true,
                }
            } else if let Some(v) = non_empty(string(inner, key, errs)?, key, errs) {
                once(&mut name, v, key, errs);
            }
            Ok(())
        },
    )?;
    if !ok || broken {
        return Ok(None);
    }
    let Some(cols) = cols else {
        errs.error_help(
            meta.path.span(),
            "`unique(...)` needs the columns it covers",
            format!("write `#[schema({EXAMPLE})]`"),
        );
        return Ok(None);
    };
    Ok(Some(UniqueAttr {
        columns: cols.value,
        name,
    }))
}

fn check(meta: &ParseNestedMeta, errs: &mut ModelErrors) -> syn::Result<Option<CheckAttr>> {
    const EXAMPLE: &str = "check(name = \"…\", expr = \"price > 0\")";
    if meta.input.peek(Token![=]) {
        let expr = non_empty(string(meta, "check", errs)?, "check", errs);
        return Ok(expr.map(|expr| CheckAttr { name: None, expr }));
    }
    let mut name = None;
    let mut expr = None;
    let ok = list(
        meta,
        "check",
        CHECK_KEYS,
        EXAMPLE,
        errs,
        |key, inner, errs| {
            let slot = if key == "name" { &mut name } else { &mut expr };
            if let Some(v) = non_empty(string(inner, key, errs)?, key, errs) {
                once(slot, v, key, errs);
            }
            Ok(())
        },
    )?;
    if !ok {
        return Ok(None);
    }
    let Some(expr) = expr else {
        errs.error_help(
            meta.path.span(),
            "`check(...)` needs its expression",
            format!("write `#[schema({EXAMPLE})]` or `#[schema(check = \"price > 0\")]`"),
        );
        return Ok(None);
    };
    Ok(Some(CheckAttr { name, expr }))
}

fn foreign_key(
    meta: &ParseNestedMeta,
    errs: &mut ModelErrors,
) -> syn::Result<Option<ForeignKeyAttr>> {
    const EXAMPLE: &str =
        "foreign_key(columns(\"a\", \"b\"), references = \"t(a, b)\", on_delete = \"cascade\")";
    let mut cols = None;
    let mut references = None;
    let mut on_delete = None;
    let mut on_update = None;
    let mut name = None;
    let mut broken = false;
    let ok = list(
        meta,
        "foreign_key",
        FOREIGN_KEY_KEYS,
        EXAMPLE,
        errs,
        |key, inner, errs| {
            match key {
                "columns" => match columns(inner, errs)? {
                    Some(c) => once(&mut cols, Spanned::new(c, inner.path.span()), key, errs),
                    None => broken = true,
                },
                "references" => match reference(inner, errs)? {
                    Some(r) => once(&mut references, r, key, errs),
                    None => broken = true,
                },
                "on_delete" => {
                    if let Some(a) = action(inner, key, errs)? {
                        once(&mut on_delete, a, key, errs);
                    }
                }
                "on_update" => {
                    if let Some(a) = action(inner, key, errs)? {
                        once(&mut on_update, a, key, errs);
                    }
                }
                _ => {
                    if let Some(v) = non_empty(string(inner, key, errs)?, key, errs) {
                        once(&mut name, v, key, errs);
                    }
                }
            }
            Ok(())
        },
    )?;
    if !ok || broken {
        return Ok(None);
    }
    let missing = match (&cols, &references) {
        (None, None) => "`columns(...)` and `references`",
        (None, _) => "`columns(...)`",
        _ => "`references`",
    };
    let (Some(cols), Some(references)) = (cols, references) else {
        errs.error_help(
            meta.path.span(),
            format!("`foreign_key(...)` needs {missing}"),
            format!("write `#[schema({EXAMPLE})]`"),
        );
        return Ok(None);
    };
    Ok(Some(ForeignKeyAttr {
        columns: cols.value,
        references,
        on_delete,
        on_update,
        name,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse() {
        let r = parse_reference("user(id)").unwrap();
        assert_eq!(r.table, TableName::new("user"));
        assert_eq!(r.columns, ["id"]);
        let r = parse_reference(" billing.invoice ( a , b ) ").unwrap();
        assert_eq!(r.table, TableName::qualified(Some("billing"), "invoice"));
        assert_eq!(r.columns, ["a", "b"]);
        let r = parse_reference("public.\"User\"(\"Id\")").unwrap();
        assert_eq!(r.table, TableName::new("User"));
        assert_eq!(r.columns, ["Id"]);
        assert!(parse_reference("user").unwrap().columns.is_empty());
        for bad in [
            "",
            "user(",
            "user()",
            "user(id",
            "user id",
            "1user(id)",
            "user(id) x",
        ] {
            assert!(parse_reference(bad).is_err(), "{bad}");
        }
    }
}
