//! The schema IR: one model of a database schema, built three ways (from
//! `#[derive(Model)]` structs, by replaying migration SQL, by introspecting a
//! live database) and compared by [`crate::diff`].
//!
//! Everything here is *normalised* so that the three builders agree on equal
//! schemas: type names are canonical ([`SqlType`]), unquoted PostgreSQL
//! identifiers are folded to lower case by the builders, PostgreSQL's
//! implicit constraint and index names are filled in ([`implicit_name`]), and
//! expressions (defaults, checks, index predicates) go through
//! [`normalize_expr`]. Where a dialect cannot tell a property (SQLite keeps
//! no constraint names), it is `None` and comparisons skip it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Dialect;

mod expr;

/// A whole schema.
///
/// In JSON the two maps are lists of their values (each value carries its
/// name): JSON object keys must be strings, and a [`TableName`] is not one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Tables by name.
    #[serde(default, with = "by_name")]
    pub tables: BTreeMap<TableName, Table>,
    /// PostgreSQL enum types by name.
    #[serde(default, with = "by_name", skip_serializing_if = "BTreeMap::is_empty")]
    pub enums: BTreeMap<TableName, EnumType>,
}

/// (De)serialises a map keyed by [`TableName`] as the list of its values.
mod by_name {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{EnumType, Table, TableName};

    pub trait Named {
        fn key(&self) -> TableName;
    }

    impl Named for Table {
        fn key(&self) -> TableName {
            self.name.clone()
        }
    }

    impl Named for EnumType {
        fn key(&self) -> TableName {
            self.name.clone()
        }
    }

    pub fn serialize<V: Serialize, S: Serializer>(
        map: &BTreeMap<TableName, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.values())
    }

    pub fn deserialize<'de, V, D>(deserializer: D) -> Result<BTreeMap<TableName, V>, D::Error>
    where
        V: Deserialize<'de> + Named,
        D: Deserializer<'de>,
    {
        let values = Vec::<V>::deserialize(deserializer)?;
        Ok(values.into_iter().map(|v| (v.key(), v)).collect())
    }
}

impl Schema {
    /// Puts the parts of each table that have no order of their own
    /// (indexes, unique, foreign key and check constraints) in one
    /// canonical order: by name, then by definition. Columns keep their
    /// declaration order. Every builder (models, replay, introspection)
    /// calls this last, so equal schemas compare equal whatever order the
    /// DDL or the catalog listed them in.
    pub fn canonicalize(&mut self) {
        for table in self.tables.values_mut() {
            table.canonicalize();
        }
    }
}

/// A schema-qualified name. `schema` is `None` for the default namespace
/// (`public` on PostgreSQL, `main` on SQLite).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TableName {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
}

impl TableName {
    pub fn new(name: impl Into<String>) -> TableName {
        TableName {
            schema: None,
            name: name.into(),
        }
    }

    pub fn qualified(schema: Option<&str>, name: impl Into<String>) -> TableName {
        TableName {
            schema: schema
                .filter(|s| !matches!(*s, "public" | "main"))
                .map(str::to_string),
            name: name.into(),
        }
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A table and everything attached to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub name: TableName,
    /// In declaration order.
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Table {
    pub fn new(name: TableName) -> Table {
        Table {
            name,
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            comment: None,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// This table's part of [`Schema::canonicalize`].
    pub fn canonicalize(&mut self) {
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        self.uniques
            .sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
        self.foreign_keys.sort_by(|a, b| {
            (&a.name, &a.columns, &a.references).cmp(&(&b.name, &b.columns, &b.references))
        });
        self.checks
            .sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
    }
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: SqlType,
    pub nullable: bool,
    /// The default expression, normalised ([`normalize_expr`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Column {
    pub fn new(name: impl Into<String>, ty: SqlType) -> Column {
        Column {
            name: name.into(),
            ty,
            nullable: true,
            default: None,
            identity: None,
            comment: None,
        }
    }
}

/// How a column generates its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY` (PostgreSQL).
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY` (PostgreSQL).
    ByDefault,
    /// `serial` / `bigserial`: an owned sequence and a `nextval` default
    /// (PostgreSQL).
    Serial,
    /// `INTEGER PRIMARY KEY AUTOINCREMENT` (SQLite).
    Autoincrement,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// `None` where the dialect keeps no name (SQLite).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

/// An index that is not the backing index of a primary key or unique
/// constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    pub parts: Vec<IndexPart>,
    /// Partial index predicate, normalised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// Access method when not the default (`gin`, `gist`, `hash`, `brin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// `INCLUDE (…)` columns (PostgreSQL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
}

/// One key of an index: a column or an expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexPart {
    #[serde(flatten)]
    pub key: IndexKey,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
    /// `NULLS FIRST` / `NULLS LAST` when not the default for the direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls_first: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    Column(String),
    /// An expression, normalised.
    Expression(String),
}

impl IndexPart {
    pub fn column(name: impl Into<String>) -> IndexPart {
        IndexPart {
            key: IndexKey::Column(name.into()),
            descending: false,
            nulls_first: None,
            opclass: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unique {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub references: TableName,
    /// The referenced columns (filled with the referenced primary key when
    /// the DDL leaves them out).
    pub referenced_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_delete: FkAction,
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_update: FkAction,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn is_default(&self) -> bool {
        *self == FkAction::NoAction
    }

    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The condition, normalised, without the surrounding `CHECK (…)`.
    pub expression: String,
}

/// A PostgreSQL enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: TableName,
    /// In declaration order (the order PostgreSQL sorts them).
    pub values: Vec<String>,
}

/// A column type, canonical across spellings (`int4` = `integer` = `int`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "args")]
pub enum SqlType {
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    /// `numeric(precision, scale)`; both absent for plain `numeric`.
    Numeric(Option<u32>, Option<u32>),
    Boolean,
    Text,
    Varchar(Option<u32>),
    Char(Option<u32>),
    Bytes,
    Date,
    Time,
    TimeTz,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Json,
    Jsonb,
    /// A user-defined (enum) type.
    Named(TableName),
    Array(Box<SqlType>),
    /// Anything else, as the database spells it, lower case.
    Other(String),
}

impl SqlType {
    /// Reads a type as written in DDL or reported by a catalog: `INT4`,
    /// `character varying(30)`, `timestamp with time zone`, `text[]`,
    /// `DOUBLE PRECISION`. Unknown names become [`SqlType::Other`] (or
    /// [`SqlType::Named`] when `enums` knows them).
    pub fn parse(text: &str, dialect: Dialect) -> SqlType {
        let t = text.trim();
        // `int[]`, `int[][]`, `int[3]`: PostgreSQL keeps no dimensions.
        if t.ends_with(']')
            && let Some(open) = t.rfind('[')
            && t[open + 1..t.len() - 1]
                .trim()
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            let mut inner = t[..open].trim_end();
            while let Some(open) = inner.rfind('[')
                && inner.ends_with(']')
                && inner[open + 1..inner.len() - 1]
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            {
                inner = inner[..open].trim_end();
            }
            return SqlType::Array(Box::new(SqlType::parse(inner, dialect)));
        }
        let lower = t.to_ascii_lowercase();
        let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        // Modifiers may stand mid-name: `timestamp(3) with time zone`.
        let (base, args) = match (lower.find('('), lower.rfind(')')) {
            (Some(p), Some(q)) if q > p => (
                format!("{} {}", lower[..p].trim(), lower[q + 1..].trim())
                    .trim()
                    .to_string(),
                lower[p + 1..q]
                    .split(',')
                    .map(|a| a.trim().parse::<u32>().ok())
                    .collect::<Vec<_>>(),
            ),
            _ => (lower.clone(), Vec::new()),
        };
        let base = base
            .replace(" without time zone", "")
            .replace("without time zone", "");
        let arg = |i: usize| args.get(i).copied().flatten();
        match base.as_str() {
            "smallint" | "int2" => SqlType::SmallInt,
            "integer" | "int" | "int4" => SqlType::Integer,
            "mediumint" => SqlType::Integer,
            "bigint" | "int8" => SqlType::BigInt,
            "serial" | "serial4" => SqlType::Integer,
            "bigserial" | "serial8" => SqlType::BigInt,
            "smallserial" | "serial2" => SqlType::SmallInt,
            "real" | "float4" => SqlType::Real,
            "double precision" | "float8" | "double" => SqlType::Double,
            "float" => match arg(0) {
                Some(p) if p <= 24 => SqlType::Real,
                _ => SqlType::Double,
            },
            // `numeric(p)` is `numeric(p, 0)`, as the server reports it.
            "numeric" | "decimal" => SqlType::Numeric(arg(0), arg(0).map(|_| arg(1).unwrap_or(0))),
            "boolean" | "bool" => SqlType::Boolean,
            "text" => SqlType::Text,
            "varchar" | "character varying" => SqlType::Varchar(arg(0)),
            "char" | "character" | "bpchar" => SqlType::Char(arg(0).or(Some(1))),
            "bytea" | "blob" => SqlType::Bytes,
            "date" => SqlType::Date,
            "time" => SqlType::Time,
            "timetz" | "time with time zone" => SqlType::TimeTz,
            "timestamp" | "datetime" => SqlType::Timestamp,
            "timestamptz" | "timestamp with time zone" => SqlType::TimestampTz,
            "interval" => SqlType::Interval,
            "uuid" => SqlType::Uuid,
            "json" => SqlType::Json,
            "jsonb" => SqlType::Jsonb,
            _ if dialect == Dialect::Sqlite && base.is_empty() => SqlType::Other(String::new()),
            _ => SqlType::Other(lower),
        }
    }

    /// Whether `serial`-style names (which imply an identity) were used.
    pub fn is_serial_name(text: &str) -> bool {
        matches!(
            text.trim().to_ascii_lowercase().as_str(),
            "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
        )
    }

    /// The type as this dialect spells it in DDL.
    pub fn sql(&self, dialect: Dialect) -> String {
        let pg = dialect == Dialect::Postgres;
        match self {
            SqlType::SmallInt => "smallint".into(),
            SqlType::Integer => "integer".into(),
            SqlType::BigInt => "bigint".into(),
            SqlType::Real => "real".into(),
            SqlType::Double => "double precision".into(),
            SqlType::Numeric(None, _) => "numeric".into(),
            SqlType::Numeric(Some(p), None) => format!("numeric({p})"),
            SqlType::Numeric(Some(p), Some(s)) => format!("numeric({p}, {s})"),
            SqlType::Boolean => "boolean".into(),
            SqlType::Text => "text".into(),
            SqlType::Varchar(None) => "varchar".into(),
            SqlType::Varchar(Some(n)) => format!("varchar({n})"),
            SqlType::Char(None) => "char".into(),
            SqlType::Char(Some(n)) => format!("char({n})"),
            SqlType::Bytes if pg => "bytea".into(),
            SqlType::Bytes => "blob".into(),
            SqlType::Date => "date".into(),
            SqlType::Time => "time".into(),
            SqlType::TimeTz => "timetz".into(),
            SqlType::Timestamp => "timestamp".into(),
            SqlType::TimestampTz if pg => "timestamptz".into(),
            SqlType::TimestampTz => "timestamptz".into(),
            SqlType::Interval => "interval".into(),
            SqlType::Uuid => "uuid".into(),
            SqlType::Json => "json".into(),
            SqlType::Jsonb if pg => "jsonb".into(),
            SqlType::Jsonb => "json".into(),
            SqlType::Named(n) => crate::script::quote_ident(&n.to_string()),
            SqlType::Array(inner) if pg => format!("{}[]", inner.sql(dialect)),
            SqlType::Array(_) => "text".into(),
            SqlType::Other(s) => s.clone(),
        }
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql(Dialect::Postgres))
    }
}

/// PostgreSQL's name for an unnamed constraint or index: `{table}_{cols}_{suffix}`
/// (`users_pkey`, `users_email_key`, `orders_user_id_fkey`,
/// `users_age_check`, `users_email_idx`), truncated to 63 bytes as the
/// server does.
pub fn implicit_name(table: &str, columns: &[&str], suffix: &str) -> String {
    // PostgreSQL (ChooseRelationName / makeObjectName) truncates the table
    // and column parts, not the suffix, to fit NAMEDATALEN - 1 = 63 bytes.
    let cols = columns.join("_");
    let mut name1 = table.to_string();
    let mut name2 = cols;
    let overhead = suffix.len() + 1 + usize::from(!name2.is_empty());
    while name1.len() + name2.len() + overhead > 63 {
        if name1.len() > name2.len() {
            name1.pop();
        } else {
            name2.pop();
        }
    }
    if name2.is_empty() {
        format!("{name1}_{suffix}")
    } else {
        format!("{name1}_{name2}_{suffix}")
    }
}

/// Normalises an SQL expression so that the spellings of one expression
/// that DDL, the catalogs and sqlparser produce compare equal.
///
/// The expression is parsed and printed in one canonical form (see the
/// `expr` module): parentheses exactly around compound operands, keywords
/// and unquoted names lower case, literal casts dropped (`'active'::text`
/// → `'active'`, `(0)::numeric` → `0`, `'-1'::integer` → `-1`), the casts
/// to `text` PostgreSQL adds on `varchar` columns dropped, and
/// PostgreSQL's rewrites applied to the user's spelling (`x IN ('a', 'b')`
/// → `x = any (array['a', 'b'])`, `BETWEEN` → two comparisons, `LIKE` →
/// `~~`). Text it cannot parse is normalised textually instead (white
/// space, case, outer parentheses, literal casts).
///
/// ```
/// use schema_core::schema::normalize_expr;
/// assert_eq!(
///     normalize_expr("((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"),
///     normalize_expr("status IN ('a', 'b')"),
/// );
/// ```
pub fn normalize_expr(expr: &str) -> String {
    match expr::parse(expr) {
        Some(parsed) => expr::print(&expr::canonical(parsed)),
        None => normalize_text(expr),
    }
}

/// The fallback of [`normalize_expr`] for text its parser does not
/// understand: white space, case, outer parentheses and literal casts.
fn normalize_text(expr: &str) -> String {
    let mut s = fold(expr);
    loop {
        let before = s.clone();
        s = strip_outer_parens(&s);
        s = strip_literal_casts(&s);
        s = strip_literal_parens(&s);
        if s == before {
            return s;
        }
    }
}

/// White space folded to single spaces (none inside parentheses' edges),
/// unquoted text lower case; quoted text kept.
fn fold(expr: &str) -> String {
    let mut out = String::with_capacity(expr.len());
    let mut chars = expr.trim().chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                if space && !out.is_empty() && !out.ends_with('(') {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == c {
                        if chars.peek() == Some(&c) {
                            out.push(chars.next().expect("peeked"));
                            continue;
                        }
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            ')' | ',' => {
                space = false;
                out.push(c);
                if c == ',' {
                    space = true;
                }
            }
            _ => {
                if space && !out.is_empty() && !out.ends_with('(') {
                    out.push(' ');
                }
                space = false;
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    out
}

/// `(x)` → `x` when the parentheses enclose the whole expression.
fn strip_outer_parens(s: &str) -> String {
    let t = s.trim();
    if !(t.starts_with('(') && t.ends_with(')')) {
        return t.to_string();
    }
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for (i, c) in t.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && i != t.len() - 1 {
                    return t.to_string();
                }
            }
            _ => {}
        }
    }
    t[1..t.len() - 1].trim().to_string()
}

/// Removes `::type` after a literal (`'a'::text`, `0::bigint`,
/// `(0)::numeric`, `'x'::character varying`), and unquotes numeric strings
/// that were cast (`'-1'::integer` → `-1`).
fn strip_literal_casts(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' && bytes.get(i + 1) == Some(&b':') {
            // What stands before the cast?
            let prev = out.trim_end().to_string();
            let literal_end = prev.ends_with('\'')
                || prev.ends_with(|c: char| c.is_ascii_digit())
                || prev.ends_with(')') && literal_in_parens(&prev);
            if literal_end {
                // Skip the type name: words, spaces between type words,
                // (n), [] and quotes of a quoted type name.
                let mut j = i + 2;
                let type_start = j;
                while j < bytes.len() {
                    let c = bytes[j] as char;
                    if c.is_ascii_alphanumeric() || matches!(c, '_' | '"' | '.') {
                        j += 1;
                    } else if c == '[' && bytes.get(j + 1) == Some(&b']') {
                        j += 2;
                    } else if c == '(' {
                        match s[j..].find(')') {
                            Some(p) => j += p + 1,
                            None => break,
                        }
                    } else if c == ' '
                        && s[j + 1..].starts_with(|d: char| d.is_ascii_alphabetic())
                        && matches!(
                            s[type_start..j].rsplit(' ').next(),
                            Some(
                                "character"
                                    | "double"
                                    | "timestamp"
                                    | "time"
                                    | "with"
                                    | "without"
                                    | "time zone"
                                    | "bit"
                            )
                        )
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                // Unquote a cast numeric string: '-1'::integer → -1.
                if let Some(stripped) = prev.strip_suffix('\'')
                    && let Some(start) = stripped.rfind('\'')
                {
                    let inner = &stripped[start + 1..];
                    if !inner.is_empty() && inner.parse::<f64>().is_ok() {
                        let keep = prev.len() - inner.len() - 2;
                        out.truncate(keep);
                        out.push_str(inner);
                    }
                }
                i = j;
                continue;
            }
        }
        // Copy one whole character (keeps multi-byte text intact).
        let c = s[i..].chars().next().expect("i is a char boundary");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Whether `...(literal)` ends in parentheses around a single literal.
fn literal_in_parens(prev: &str) -> bool {
    let Some(open) = prev.rfind('(') else {
        return false;
    };
    let inner = &prev[open + 1..prev.len() - 1];
    is_literal(inner)
}

fn is_literal(s: &str) -> bool {
    let s = s.trim();
    s.parse::<f64>().is_ok()
        || (s.starts_with('\'') && s.ends_with('\'') && s.len() >= 2)
        || matches!(s, "true" | "false" | "null")
}

/// `(0)` → `0`, `(-1)` → `-1`, `('a')` → `'a'` anywhere in the expression.
fn strip_literal_parens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        match after.find(')') {
            Some(close) if is_literal(&after[1..close]) && !ends_with_word(before) => {
                out.push_str(after[1..close].trim());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('(');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `f(` is a call, not a parenthesised literal.
fn ends_with_word(s: &str) -> bool {
    s.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// A Rust type that describes a table: implemented by `#[derive(Model)]`.
pub trait Model {
    /// The table this model describes, for `dialect` (Rust types map to
    /// SQL types per dialect: `serde_json::Value` is `jsonb` on PostgreSQL
    /// and `json` on SQLite).
    fn table(dialect: Dialect) -> Table;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_have_one_name() {
        let pg = Dialect::Postgres;
        assert_eq!(SqlType::parse("INT4", pg), SqlType::Integer);
        assert_eq!(SqlType::parse("integer", pg), SqlType::Integer);
        assert_eq!(
            SqlType::parse("character varying(30)", pg),
            SqlType::Varchar(Some(30))
        );
        assert_eq!(
            SqlType::parse("VARCHAR(30)", pg),
            SqlType::Varchar(Some(30))
        );
        assert_eq!(
            SqlType::parse("timestamp with time zone", pg),
            SqlType::TimestampTz
        );
        assert_eq!(
            SqlType::parse("timestamp without time zone", pg),
            SqlType::Timestamp
        );
        assert_eq!(
            SqlType::parse("numeric(10,2)", pg),
            SqlType::Numeric(Some(10), Some(2))
        );
        assert_eq!(SqlType::parse("DOUBLE PRECISION", pg), SqlType::Double);
        assert_eq!(
            SqlType::parse("text[]", pg),
            SqlType::Array(Box::new(SqlType::Text))
        );
        assert_eq!(SqlType::parse("character(1)", pg), SqlType::Char(Some(1)));
        assert_eq!(SqlType::parse("bpchar", pg), SqlType::Char(Some(1)));
        assert_eq!(
            SqlType::parse("geometry", pg),
            SqlType::Other("geometry".into())
        );
        for t in [
            SqlType::Integer,
            SqlType::Varchar(Some(30)),
            SqlType::Numeric(Some(10), Some(2)),
            SqlType::TimestampTz,
            SqlType::Array(Box::new(SqlType::Integer)),
            SqlType::Bytes,
        ] {
            assert_eq!(SqlType::parse(&t.sql(pg), pg), t);
        }
    }

    #[test]
    fn implicit_names_follow_postgres() {
        assert_eq!(implicit_name("users", &[], "pkey"), "users_pkey");
        assert_eq!(implicit_name("users", &["email"], "key"), "users_email_key");
        assert_eq!(
            implicit_name("orders", &["user_id"], "fkey"),
            "orders_user_id_fkey"
        );
        let long = "a".repeat(70);
        assert_eq!(implicit_name(&long, &["b"], "idx").len(), 63);
    }

    #[test]
    fn expressions_normalise() {
        let n = normalize_expr;
        assert_eq!(n("'active'::text"), "'active'");
        assert_eq!(n("'active'::character varying"), "'active'");
        assert_eq!(n("(0)::numeric"), "0");
        assert_eq!(n("'-1'::integer"), "-1");
        assert_eq!(n("((price > (0)::numeric))"), "price > 0");
        assert_eq!(n("price > 0"), "price > 0");
        assert_eq!(n("CURRENT_TIMESTAMP"), "current_timestamp");
        assert_eq!(n("now()"), "now()");
        assert_eq!(n("TRUE"), "true");
        assert_eq!(n("(length(name) > 3)"), "length(name) > 3");
        assert_eq!(n("'It''s'::text"), "'It''s'");
        assert_eq!(
            n("(status = ANY (ARRAY['a'::text, 'b'::text]))"),
            "status = any (array['a', 'b'])"
        );
        assert_eq!(
            n("'2020-01-01 00:00:00'::timestamp without time zone"),
            "'2020-01-01 00:00:00'"
        );
        assert_eq!(n("(a > 0) AND (b < 1)"), "(a > 0) and (b < 1)");
    }

    /// What PostgreSQL's catalog gives back (left) equals what users write
    /// (right).
    #[test]
    fn catalog_spellings_equal_written_ones() {
        let same = |catalog: &str, written: &str| {
            let n = normalize_expr(catalog);
            assert_eq!(n, normalize_expr(written), "{catalog}  vs  {written}");
            assert_eq!(normalize_expr(&n), n, "normalising twice changes {catalog}");
        };
        same(
            "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
            "status IN ('a', 'b')",
        );
        same("(x <> ALL (ARRAY[1, 2]))", "x NOT IN (1, 2)");
        same("(x = 1)", "x IN (1)");
        same(
            "((length(name) >= 1) AND (length(name) <= 50))",
            "length(name) BETWEEN 1 AND 50",
        );
        same("((x < 1) OR (x > 5))", "x NOT BETWEEN 1 AND 5");
        same("((name)::text ~~ 'a%'::text)", "name LIKE 'a%'");
        same("(name !~~* 'a%'::text)", "name NOT ILIKE 'a%'");
        same("lower((email)::text)", "lower(email)");
        same("lower(email::text)", "LOWER(\"email\")");
        same("(now() + '1 day'::interval)", "now() + interval '1 day'");
        same(
            "nextval('users_id_seq'::regclass)",
            "nextval('users_id_seq')",
        );
        same("'{}'::jsonb", "'{}'");
        same("'{}'::text[]", "'{}'");
        same(
            "(a > 0) AND (b > 0) AND (c > 0)",
            "a > 0 AND (b > 0 AND c > 0)",
        );
        same("((a > 0) OR (b IS NOT NULL))", "a > 0 or b notnull");
        same("(price > (0)::numeric)", "price > 0");
        same("(x > '-1'::integer)", "x > -1");
        same("(x >= ('-1.5'::numeric))", "x >= -1.5");
        same("CURRENT_TIMESTAMP", "current_timestamp");
        same("(\"MixedCase\" > 0)", "\"MixedCase\" > 0");
        same("(data ->> 'key'::text)", "data->>'key'");
        same("(a <> b)", "a != b");
        same(
            "CASE WHEN (x > 0) THEN 'pos'::text ELSE 'neg'::text END",
            "case when x > 0 then 'pos' else 'neg' end",
        );
        same(
            "date_trunc('day'::text, created)",
            "date_trunc('day', created)",
        );
        same("(created)::date", "CAST(created AS date)");
        same("(tags @> ARRAY['x'::text])", "tags @> array['x']");
        same("(x IS DISTINCT FROM y)", "x is distinct from y");
        same("(NOT (a AND b))", "not (a and b)");
        same("((a + (b * c)) > 0)", "a + b * c > 0");
        same("(coalesce(x, 0) > 0)", "COALESCE(x, 0) > 0");
        same("(col COLLATE \"C\")", "col collate \"C\"");
        same("((qty)::numeric > 1.5)", "qty > 1.5");
        same(
            "((qty)::numeric = ANY (ARRAY[1.5, 2.5]))",
            "qty in (1.5, 2.5)",
        );
        assert_eq!(
            normalize_expr("length(name) BETWEEN 1 AND 50"),
            "(length(name) >= 1) and (length(name) <= 50)"
        );
        assert_eq!(
            normalize_expr("x IN (1, y, 2)"),
            "(x = any (array[1, 2])) or (x = y)"
        );
        assert_eq!(normalize_expr("x > -1"), "x > -1");
        assert_eq!(normalize_expr("-(a)"), "-a");
        // Casts that change meaning are kept.
        assert_eq!(normalize_expr("(created)::date"), "created::date");
        assert_eq!(normalize_expr("x = 1"), "x = 1");
        assert_ne!(normalize_expr("\"Name\""), normalize_expr("name"));
        // Quoted lower-case names need no quotes.
        assert_eq!(normalize_expr("\"name\" > 0"), "name > 0");
        assert_eq!(normalize_expr("\"order\" > 0"), "\"order\" > 0");
        // SQLite spellings.
        same("datetime('now')", "(datetime('now'))");
        same("[a b] > 0", "\"a b\" > 0");
        same("x == 1", "x = 1");
        // Not parsed: the textual fallback still folds case and space.
        assert_eq!(
            normalize_expr("EXISTS (SELECT 1)"),
            normalize_expr("exists  (select 1)")
        );
    }

    #[test]
    fn types_as_the_server_reports_them() {
        let pg = Dialect::Postgres;
        assert_eq!(
            SqlType::parse("numeric(10)", pg),
            SqlType::parse("numeric(10,0)", pg)
        );
        assert_eq!(SqlType::parse("numeric", pg), SqlType::Numeric(None, None));
        assert_eq!(
            SqlType::parse("integer[][]", pg),
            SqlType::Array(Box::new(SqlType::Integer))
        );
        assert_eq!(
            SqlType::parse("int[3]", pg),
            SqlType::Array(Box::new(SqlType::Integer))
        );
    }

    #[test]
    fn types_keep_modifiers_mid_name() {
        let pg = Dialect::Postgres;
        assert_eq!(
            SqlType::parse("timestamp(3) with time zone", pg),
            SqlType::TimestampTz
        );
        assert_eq!(
            SqlType::parse("time(6) without time zone", pg),
            SqlType::Time
        );
        assert_eq!(
            SqlType::parse("character varying(20)[]", pg),
            SqlType::Array(Box::new(SqlType::Varchar(Some(20))))
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::normalize_expr;

        /// Expressions of the kinds defaults, checks and index keys hold,
        /// written with spaces around every operator.
        fn expression() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                prop::sample::select(vec!["a", "b", "\"Mixed\"", "t.c", "now()"])
                    .prop_map(str::to_string),
                (0u32..1000).prop_map(|n| n.to_string()),
                prop::sample::select(vec!["1.5", "-3", "'x'", "'it''s'", "true", "null"])
                    .prop_map(str::to_string),
            ];
            leaf.prop_recursive(4, 24, 3, |inner| {
                prop_oneof![
                    (
                        inner.clone(),
                        prop::sample::select(vec![
                            "=", "<>", "<", ">=", "+", "-", "*", "||", "AND", "OR", "LIKE",
                        ]),
                        inner.clone()
                    )
                        .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
                    inner.clone().prop_map(|a| format!("NOT {a}")),
                    inner.clone().prop_map(|a| format!("({a}) IS NOT NULL")),
                    inner.clone().prop_map(|a| format!("({a}) IN (1, 2)")),
                    inner.clone().prop_map(|a| format!("({a}) BETWEEN 1 AND 5")),
                    inner.clone().prop_map(|a| format!("({a})::integer")),
                    inner.clone().prop_map(|a| format!("CAST({a} AS text)")),
                    inner.clone().prop_map(|a| format!("lower({a})")),
                    inner.clone().prop_map(|a| format!("-({a})")),
                    (inner.clone(), inner)
                        .prop_map(|(a, b)| format!("CASE WHEN {a} THEN {b} ELSE 0 END")),
                ]
            })
        }

        proptest! {
            /// Normalised text normalises to itself: replay, models and
            /// stored schemas may normalise text that already was.
            #[test]
            fn normalising_is_idempotent(e in expression()) {
                prop_assert!(crate::schema::expr::parse(&e).is_some(), "not parsed: {}", e);
                let once = normalize_expr(&e);
                prop_assert_eq!(normalize_expr(&once), once.clone(), "from {}", e);
            }

            /// Redundant parentheses, white space and keyword case do not
            /// change the normal form.
            #[test]
            fn spelling_does_not_matter(e in expression()) {
                let respelled = format!("( {} )", e.replace(' ', "\n  "))
                    .replace("AND", "and")
                    .replace("CASE", "case");
                prop_assert_eq!(normalize_expr(&respelled), normalize_expr(&e));
            }
        }
    }
}
