//! Column types: sqlparser's `DataType` to the IR's [`SqlType`].
//!
//! Most types go through [`SqlType::parse`] on sqlparser's printed form
//! (the same function introspection uses on the catalog's spelling), so one
//! canonicalisation serves both. Handled here: `serial` names, enum types
//! the replayed schema knows (`SqlType::Named`), arrays (nested array
//! brackets collapse to one level, as PostgreSQL keeps no dimensions), and
//! time types whose precision stands mid-name (`timestamp(3) with time
//! zone`); the IR keeps no precision for them.

use sqlparser::ast::{ArrayElemTypeDef, DataType, TimezoneInfo};

use super::Replayer;
use super::names::idents;
use crate::schema::SqlType;

impl Replayer<'_> {
    /// The IR type of a column type, and whether it was written as a
    /// `serial` name (an identity, on PostgreSQL).
    pub(super) fn column_type(&self, dt: &DataType) -> (SqlType, bool) {
        match dt {
            DataType::Custom(name, modifiers) => {
                let parts = idents(name);
                if let [one] = parts.as_slice()
                    && modifiers.is_empty()
                    && one.quote_style.is_none()
                    && SqlType::is_serial_name(&one.value)
                {
                    return (SqlType::parse(&one.value, self.dialect), self.pg());
                }
                if self.pg() {
                    if let Some(e) = self.find_enum(&parts) {
                        return (SqlType::Named(e), false);
                    }
                    // `pg_catalog.int4` is `int4`.
                    let mut names: Vec<String> = parts.iter().map(|p| self.ident(p)).collect();
                    if names.len() > 1 && names[0] == "pg_catalog" {
                        names.remove(0);
                    }
                    let mut text = names.join(".");
                    if !modifiers.is_empty() {
                        text = format!("{text}({})", modifiers.join(","));
                    }
                    return (SqlType::parse(&text, self.dialect), false);
                }
                // SQLite keeps the declared type as written; a quoted
                // name is one of several words (`UNSIGNED BIG INT`).
                let mut text = parts
                    .iter()
                    .map(|p| p.value.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                if !modifiers.is_empty() {
                    text = format!("{text}({})", modifiers.join(","));
                }
                (SqlType::parse(&text, self.dialect), false)
            }
            DataType::Array(
                ArrayElemTypeDef::SquareBracket(inner, _)
                | ArrayElemTypeDef::AngleBracket(inner)
                | ArrayElemTypeDef::Parenthesis(inner)
                | ArrayElemTypeDef::Qualified(inner, _),
            ) => {
                let (inner, _) = self.column_type(inner);
                match inner {
                    SqlType::Array(_) => (inner, false),
                    _ => (SqlType::Array(Box::new(inner)), false),
                }
            }
            DataType::Timestamp(_, tz) => (
                match tz {
                    TimezoneInfo::WithTimeZone | TimezoneInfo::Tz => SqlType::TimestampTz,
                    _ => SqlType::Timestamp,
                },
                false,
            ),
            DataType::Time(_, tz) => (
                match tz {
                    TimezoneInfo::WithTimeZone | TimezoneInfo::Tz => SqlType::TimeTz,
                    _ => SqlType::Time,
                },
                false,
            ),
            DataType::Unspecified => (SqlType::parse("", self.dialect), false),
            _ => (SqlType::parse(&dt.to_string(), self.dialect), false),
        }
    }
}

/// The type as PostgreSQL's `format_type` spells it, for casts inside
/// printed expressions (`(x)::character varying(10)`).
pub(super) fn pg_type_name(t: &SqlType) -> String {
    match t {
        SqlType::SmallInt => "smallint".into(),
        SqlType::Integer => "integer".into(),
        SqlType::BigInt => "bigint".into(),
        SqlType::Real => "real".into(),
        SqlType::Double => "double precision".into(),
        SqlType::Numeric(Some(p), Some(s)) => format!("numeric({p},{s})"),
        SqlType::Numeric(Some(p), None) => format!("numeric({p},0)"),
        SqlType::Numeric(None, _) => "numeric".into(),
        SqlType::Boolean => "boolean".into(),
        SqlType::Text => "text".into(),
        SqlType::Varchar(Some(n)) => format!("character varying({n})"),
        SqlType::Varchar(None) => "character varying".into(),
        SqlType::Char(Some(n)) => format!("character({n})"),
        SqlType::Char(None) => "bpchar".into(),
        SqlType::Bytes => "bytea".into(),
        SqlType::Date => "date".into(),
        SqlType::Time => "time without time zone".into(),
        SqlType::TimeTz => "time with time zone".into(),
        SqlType::Timestamp => "timestamp without time zone".into(),
        SqlType::TimestampTz => "timestamp with time zone".into(),
        SqlType::Interval => "interval".into(),
        SqlType::Uuid => "uuid".into(),
        SqlType::Json => "json".into(),
        SqlType::Jsonb => "jsonb".into(),
        SqlType::Named(n) => match &n.schema {
            Some(s) => format!(
                "{}.{}",
                super::expr::quote_ident(s),
                super::expr::quote_ident(&n.name)
            ),
            None => super::expr::quote_ident(&n.name),
        },
        SqlType::Array(inner) => format!("{}[]", pg_type_name(inner)),
        SqlType::Other(s) => s.clone(),
    }
}
