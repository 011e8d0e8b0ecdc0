//! Rust field types → SQL column types, per dialect.
//!
//! Without compiling there is no name resolution, so a type is recognised by
//! the last segment of its path (`chrono::DateTime<chrono::Utc>` and
//! `DateTime<Utc>` alike), as serde_derive and sqlx's macros do for
//! `Option`. Anything else needs `#[schema(sql_type = "…")]`.

use crate::Dialect;
use crate::schema::SqlType;

/// What a field's Rust type stands for, before a dialect is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    Boolean,
    Text,
    Bytes,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Uuid,
    /// `serde_json::Value`, `sqlx::types::Json<T>`.
    Json,
    Decimal,
    /// `Vec<T>` of a scalar: a PostgreSQL array.
    Array(Box<Kind>),
}

/// The types the mapping knows, for the `help:` of an unsupported type.
pub(crate) const SUPPORTED: &str = "i16, i32, i64, f32, f64, bool, String, &str, Box<str>, \
    Vec<u8>, chrono::{NaiveDate, NaiveTime, NaiveDateTime, DateTime<Utc|FixedOffset|Local>}, \
    time::{Date, Time, PrimitiveDateTime, OffsetDateTime}, uuid::Uuid, serde_json::Value, \
    sqlx::types::Json<T>, rust_decimal::Decimal, Vec<T> of those (PostgreSQL arrays), \
    and Option<T> of any of them";

/// A field's type read: its kind (`None` when unknown) and whether it was
/// wrapped in `Option`.
pub(crate) struct Classified<'a> {
    pub kind: Option<Kind>,
    pub nullable: bool,
    /// The type inside `Option`, for error spans.
    pub inner: &'a syn::Type,
}

pub(crate) fn classify(ty: &syn::Type) -> Classified<'_> {
    let ty = ungroup(ty);
    if let Some(inner) = generic_arg(ty, "Option") {
        let inner = ungroup(inner);
        return Classified {
            kind: kind(inner),
            nullable: true,
            inner,
        };
    }
    Classified {
        kind: kind(ty),
        nullable: false,
        inner: ty,
    }
}

impl Kind {
    pub(crate) fn is_integer(&self) -> bool {
        matches!(self, Kind::SmallInt | Kind::Integer | Kind::BigInt)
    }

    /// The column type on `dialect`; `Err` for an array on a dialect
    /// without arrays.
    pub(crate) fn sql_type(&self, dialect: Dialect) -> Result<SqlType, ()> {
        let pg = dialect == Dialect::Postgres;
        Ok(match self {
            Kind::SmallInt => SqlType::SmallInt,
            Kind::Integer => SqlType::Integer,
            Kind::BigInt => SqlType::BigInt,
            Kind::Real => SqlType::Real,
            Kind::Double => SqlType::Double,
            Kind::Boolean => SqlType::Boolean,
            Kind::Text => SqlType::Text,
            Kind::Bytes => SqlType::Bytes,
            Kind::Date => SqlType::Date,
            Kind::Time => SqlType::Time,
            Kind::Timestamp => SqlType::Timestamp,
            Kind::TimestampTz => SqlType::TimestampTz,
            Kind::Uuid => SqlType::Uuid,
            Kind::Json if pg => SqlType::Jsonb,
            Kind::Json => SqlType::Json,
            Kind::Decimal => SqlType::Numeric(None, None),
            Kind::Array(inner) if pg => SqlType::Array(Box::new(inner.sql_type(dialect)?)),
            Kind::Array(_) => return Err(()),
        })
    }
}

fn kind(ty: &syn::Type) -> Option<Kind> {
    match ungroup(ty) {
        syn::Type::Reference(r) => match ungroup(&r.elem) {
            syn::Type::Path(p) if is_ident(p, "str") => Some(Kind::Text),
            syn::Type::Slice(s) if is_u8(&s.elem) => Some(Kind::Bytes),
            _ => None,
        },
        syn::Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            let args = type_args(last);
            let name = last.ident.to_string();
            match (name.as_str(), args.as_slice()) {
                ("i16", []) => Some(Kind::SmallInt),
                ("i32", []) => Some(Kind::Integer),
                ("i64", []) => Some(Kind::BigInt),
                ("f32", []) => Some(Kind::Real),
                ("f64", []) => Some(Kind::Double),
                ("bool", []) => Some(Kind::Boolean),
                ("String", []) => Some(Kind::Text),
                ("Box" | "Cow" | "Rc" | "Arc", [inner]) => match ungroup(inner) {
                    syn::Type::Path(p) if is_ident(p, "str") => Some(Kind::Text),
                    syn::Type::Slice(s) if is_u8(&s.elem) => Some(Kind::Bytes),
                    _ => None,
                },
                ("Vec", [inner]) if is_u8(inner) => Some(Kind::Bytes),
                ("Vec", [inner]) => {
                    // Elements may be NULL in a PostgreSQL array.
                    let element = generic_arg(inner, "Option").unwrap_or(inner);
                    match kind(element)? {
                        // `Vec<Vec<i32>>`: PostgreSQL arrays have no nested type.
                        Kind::Array(_) => None,
                        k => Some(Kind::Array(Box::new(k))),
                    }
                }
                ("NaiveDate" | "Date", []) => Some(Kind::Date),
                ("NaiveTime" | "Time", []) => Some(Kind::Time),
                ("NaiveDateTime" | "PrimitiveDateTime", []) => Some(Kind::Timestamp),
                ("OffsetDateTime", []) => Some(Kind::TimestampTz),
                ("DateTime", [tz]) => match ungroup(tz) {
                    syn::Type::Path(p)
                        if p.path.segments.last().is_some_and(|s| {
                            matches!(
                                s.ident.to_string().as_str(),
                                "Utc" | "FixedOffset" | "Local"
                            )
                        }) =>
                    {
                        Some(Kind::TimestampTz)
                    }
                    _ => None,
                },
                ("Uuid", []) => Some(Kind::Uuid),
                ("Value" | "JsonValue", []) => Some(Kind::Json),
                ("Json", [_]) => Some(Kind::Json),
                ("Decimal" | "BigDecimal", []) => Some(Kind::Decimal),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `Name<T>` (any path ending in `Name` with one type argument) → `T`.
fn generic_arg<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(p) = ungroup(ty) else {
        return None;
    };
    if p.qself.is_some() {
        return None;
    }
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    match type_args(last).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The type arguments of a path segment (lifetimes left out: `Cow<'a, str>`).
fn type_args(segment: &syn::PathSegment) -> Vec<&syn::Type> {
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn is_ident(p: &syn::TypePath, name: &str) -> bool {
    p.qself.is_none() && p.path.is_ident(name)
}

fn is_u8(ty: &syn::Type) -> bool {
    matches!(ungroup(ty), syn::Type::Path(p) if is_ident(p, "u8"))
}

/// Types that come through `macro_rules!` are wrapped in invisible groups.
fn ungroup(mut ty: &syn::Type) -> &syn::Type {
    loop {
        match ty {
            syn::Type::Group(g) => ty = &g.elem,
            syn::Type::Paren(p) => ty = &p.elem,
            _ => return ty,
        }
    }
}

/// A type as a user wrote it, compactly (`Option<Vec<Foo>>`, not
/// `Option < Vec < Foo > >`), for messages.
pub(crate) fn display(ty: &syn::Type) -> String {
    let text = quote::ToTokens::to_token_stream(ty).to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.peek().copied();
            let tight_after = matches!(prev, Some('<' | '&' | ':' | '(' | '['));
            let tight_before = matches!(next, Some('<' | '>' | ',' | ':' | ')' | ']' | ';'));
            if tight_after || tight_before {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> syn::Type {
        syn::parse_str(s).unwrap()
    }

    #[test]
    fn last_segment_decides() {
        for (text, want) in [
            ("chrono::DateTime<chrono::Utc>", Kind::TimestampTz),
            ("DateTime<Utc>", Kind::TimestampTz),
            ("::chrono::NaiveDateTime", Kind::Timestamp),
            ("time::OffsetDateTime", Kind::TimestampTz),
            ("Vec<u8>", Kind::Bytes),
            ("&'a [u8]", Kind::Bytes),
            ("Cow<'a, str>", Kind::Text),
            ("Vec<Option<i32>>", Kind::Array(Box::new(Kind::Integer))),
            ("sqlx::types::Json<Vec<String>>", Kind::Json),
        ] {
            assert_eq!(classify(&ty(text)).kind, Some(want), "{text}");
        }
        let option = ty("std::option::Option<String>");
        let c = classify(&option);
        assert!(c.nullable);
        assert_eq!(c.kind, Some(Kind::Text));
        assert_eq!(classify(&ty("DateTime<Tz>")).kind, None);
        assert_eq!(classify(&ty("Vec<Vec<i32>>")).kind, None);
        assert_eq!(classify(&ty("u32")).kind, None);
    }

    #[test]
    fn types_display_compactly() {
        assert_eq!(display(&ty("Option < Vec < Foo > >")), "Option<Vec<Foo>>");
        assert_eq!(display(&ty("&'a str")), "&'a str");
        assert_eq!(display(&ty("HashMap<String, i32>")), "HashMap<String, i32>");
        assert_eq!(display(&ty("std::net::IpAddr")), "std::net::IpAddr");
    }
}
