//! Expressions (defaults, checks, index keys and predicates) as the
//! database would report them.
//!
//! PostgreSQL keeps expressions as trees and prints them back with
//! `pg_get_expr` (ruleutils.c), which looks nothing like what was written:
//! every operator application is parenthesised, `AND`/`OR` chains are
//! flattened, `x IN ('a', 'b')` becomes `x = ANY (ARRAY['a', 'b'])`, `LIKE`
//! becomes `~~`, `BETWEEN` becomes two comparisons, a `CASE` without `ELSE`
//! gains `ELSE NULL`, casts of non-literals print as `(x)::type` with the
//! type's catalog name, and identifiers are quoted only where needed. The
//! printer here mirrors those rules so that, after
//! [`normalize_expr`](crate::schema::normalize_expr), a replayed
//! expression equals the introspected one. What it does not know (implicit
//! casts that depend on operand types, such as `(varchar_col)::text`) is
//! left to `normalize_expr`.
//!
//! SQLite keeps the text as written (table SQL in `sqlite_master`), so its
//! expressions are sqlparser's printed form, normalised.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident,
    UnaryOperator, Value,
};
use sqlparser::tokenizer::{Token, Tokenizer};

use super::Replayer;
use super::types::pg_type_name;
use crate::Dialect;
use crate::schema::normalize_expr;
use crate::sql::sqlparser_dialect;

/// An expression printed and normalised, with the column names it refers to
/// (folded, deduplicated, in order of appearance).
pub(super) struct Printed {
    pub text: String,
    pub columns: Vec<String>,
    /// A literal `NULL` (possibly cast): a default that is no default.
    pub is_null: bool,
}

impl Replayer<'_> {
    pub(super) fn expr(&self, e: &Expr) -> Printed {
        let mut columns = Vec::new();
        let raw = if self.pg() {
            let mut out = String::new();
            self.pg_expr(e, &mut columns, &mut out);
            out
        } else {
            collect_columns(self, e, &mut columns);
            e.to_string()
        };
        Printed {
            text: normalize_expr(&raw),
            columns,
            is_null: is_null_literal(e),
        }
    }

    fn pg_expr(&self, e: &Expr, cols: &mut Vec<String>, out: &mut String) {
        match e {
            Expr::Identifier(id) => self.pg_column(id, cols, out),
            // A qualified column (`t.c`) prints as the column: constraint
            // expressions have one table in scope.
            Expr::CompoundIdentifier(parts) => match parts.last() {
                Some(id) => self.pg_column(id, cols, out),
                None => out.push_str(&e.to_string()),
            },
            Expr::Value(v) => pg_value(&v.value, out),
            Expr::Nested(inner) => self.pg_expr(inner, cols, out),
            Expr::BinaryOp { left, op, right } => match op {
                BinaryOperator::And | BinaryOperator::Or => {
                    // PostgreSQL flattens a chain on the left (`a AND b AND
                    // c`, also `(a AND b) AND c`) but not on the right.
                    let mut args = vec![right.as_ref()];
                    let mut l = left.as_ref();
                    loop {
                        match unnest(l) {
                            Expr::BinaryOp {
                                left: ll,
                                op: lop,
                                right: lr,
                            } if lop == op => {
                                args.push(lr);
                                l = ll;
                            }
                            _ => {
                                args.push(l);
                                break;
                            }
                        }
                    }
                    args.reverse();
                    let word = if *op == BinaryOperator::And {
                        " AND "
                    } else {
                        " OR "
                    };
                    out.push('(');
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            out.push_str(word);
                        }
                        self.pg_expr(a, cols, out);
                    }
                    out.push(')');
                }
                _ => self.pg_binary(left, &pg_operator(op), right, cols, out),
            },
            Expr::UnaryOp { op, expr } => match (op, unnest(expr)) {
                (UnaryOperator::Minus, Expr::Value(v)) if matches!(v.value, Value::Number(..)) => {
                    out.push('-');
                    pg_value(&v.value, out);
                }
                (UnaryOperator::Plus, _) => self.pg_expr(expr, cols, out),
                (UnaryOperator::Not, _) => {
                    out.push_str("(NOT ");
                    self.pg_expr(expr, cols, out);
                    out.push(')');
                }
                _ => {
                    out.push('(');
                    out.push_str(&op.to_string());
                    out.push(' ');
                    self.pg_expr(expr, cols, out);
                    out.push(')');
                }
            },
            Expr::IsNull(x) => self.pg_postfix(x, " IS NULL", cols, out),
            Expr::IsNotNull(x) => self.pg_postfix(x, " IS NOT NULL", cols, out),
            Expr::IsTrue(x) => self.pg_postfix(x, " IS TRUE", cols, out),
            Expr::IsNotTrue(x) => self.pg_postfix(x, " IS NOT TRUE", cols, out),
            Expr::IsFalse(x) => self.pg_postfix(x, " IS FALSE", cols, out),
            Expr::IsNotFalse(x) => self.pg_postfix(x, " IS NOT FALSE", cols, out),
            Expr::IsUnknown(x) => self.pg_postfix(x, " IS UNKNOWN", cols, out),
            Expr::IsNotUnknown(x) => self.pg_postfix(x, " IS NOT UNKNOWN", cols, out),
            Expr::IsDistinctFrom(a, b) => self.pg_binary(a, "IS DISTINCT FROM", b, cols, out),
            Expr::IsNotDistinctFrom(a, b) => {
                self.pg_binary(a, "IS NOT DISTINCT FROM", b, cols, out)
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => self.pg_in_list(expr, list, *negated, cols, out),
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let (a, b, word) = if *negated {
                    ("<", ">", " OR ")
                } else {
                    (">=", "<=", " AND ")
                };
                out.push('(');
                self.pg_binary(expr, a, low, cols, out);
                out.push_str(word);
                self.pg_binary(expr, b, high, cols, out);
                out.push(')');
            }
            Expr::Like {
                negated,
                any: false,
                expr,
                pattern,
                escape_char: None,
            } => {
                let op = if *negated { "!~~" } else { "~~" };
                self.pg_binary(expr, op, pattern, cols, out);
            }
            Expr::ILike {
                negated,
                any: false,
                expr,
                pattern,
                escape_char: None,
            } => {
                let op = if *negated { "!~~*" } else { "~~*" };
                self.pg_binary(expr, op, pattern, cols, out);
            }
            Expr::AnyOp {
                left,
                compare_op,
                right,
                ..
            } => self.pg_quantified(left, compare_op, "ANY", right, cols, out),
            Expr::AllOp {
                left,
                compare_op,
                right,
            } => self.pg_quantified(left, compare_op, "ALL", right, cols, out),
            Expr::Cast {
                kind: CastKind::Cast | CastKind::DoubleColon,
                expr,
                data_type,
                format: None,
            } if data_type.to_string().eq_ignore_ascii_case("regclass")
                && string_literal(expr).is_some() =>
            {
                self.pg_regclass(string_literal(expr).unwrap_or_default(), out)
            }
            Expr::Cast {
                kind: CastKind::Cast | CastKind::DoubleColon,
                expr,
                data_type,
                format: None,
            } => {
                let ty = pg_type_name(&self.column_type(data_type).0);
                if is_literal(expr) {
                    self.pg_expr(expr, cols, out);
                } else {
                    out.push('(');
                    self.pg_expr(expr, cols, out);
                    out.push(')');
                }
                out.push_str("::");
                out.push_str(&ty);
            }
            Expr::TypedString(ts) => {
                pg_value(&ts.value.value, out);
                out.push_str("::");
                out.push_str(&pg_type_name(&self.column_type(&ts.data_type).0));
            }
            Expr::Interval(iv)
                if iv.leading_field.is_none()
                    && iv.last_field.is_none()
                    && iv.fractional_seconds_precision.is_none() =>
            {
                self.pg_expr(&iv.value, cols, out);
                out.push_str("::interval");
            }
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => self.pg_binary(timestamp, "AT TIME ZONE", time_zone, cols, out),
            Expr::Collate { expr, collation } => {
                out.push('(');
                self.pg_expr(expr, cols, out);
                out.push_str(" COLLATE ");
                let parts: Vec<String> = super::names::idents(collation)
                    .iter()
                    .map(|p| quote_ident(&self.ident(p)))
                    .collect();
                out.push_str(&parts.join("."));
                out.push(')');
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                out.push_str("CASE");
                if let Some(o) = operand {
                    out.push(' ');
                    self.pg_expr(o, cols, out);
                }
                for w in conditions {
                    out.push_str(" WHEN ");
                    self.pg_expr(&w.condition, cols, out);
                    out.push_str(" THEN ");
                    self.pg_expr(&w.result, cols, out);
                }
                out.push_str(" ELSE ");
                match else_result {
                    Some(e) => self.pg_expr(e, cols, out),
                    None => out.push_str("NULL"),
                }
                out.push_str(" END");
            }
            Expr::Array(a) => {
                out.push_str("ARRAY[");
                for (i, x) in a.elem.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.pg_expr(x, cols, out);
                }
                out.push(']');
            }
            Expr::Tuple(items) => {
                out.push_str("ROW(");
                self.pg_list(items, cols, out);
                out.push(')');
            }
            Expr::Function(f)
                if f.filter.is_none() && f.over.is_none() && f.within_group.is_empty() =>
            {
                let name = match f.name.0.last().and_then(|p| p.as_ident()) {
                    Some(id) => quote_ident(&self.ident(id)),
                    None => f.name.to_string(),
                };
                match &f.args {
                    FunctionArguments::None => out.push_str(&name),
                    FunctionArguments::List(l)
                        if l.duplicate_treatment.is_none() && l.clauses.is_empty() =>
                    {
                        out.push_str(&name);
                        out.push('(');
                        for (i, a) in l.args.iter().enumerate() {
                            if i > 0 {
                                out.push_str(", ");
                            }
                            match a {
                                // `nextval('seq')`: the argument is a regclass.
                                FunctionArg::Unnamed(FunctionArgExpr::Expr(x))
                                    if i == 0
                                        && matches!(
                                            name.as_str(),
                                            "nextval" | "currval" | "setval"
                                        )
                                        && string_literal(x).is_some() =>
                                {
                                    self.pg_regclass(string_literal(x).unwrap_or_default(), out)
                                }
                                FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => {
                                    self.pg_expr(x, cols, out)
                                }
                                FunctionArg::Named {
                                    name,
                                    arg: FunctionArgExpr::Expr(x),
                                    ..
                                } => {
                                    out.push_str(&quote_ident(&self.ident(name)));
                                    out.push_str(" => ");
                                    self.pg_expr(x, cols, out);
                                }
                                other => out.push_str(&other.to_string()),
                            }
                        }
                        out.push(')');
                    }
                    _ => {
                        collect_columns(self, e, cols);
                        out.push_str(&e.to_string());
                    }
                }
            }
            // Anything else as sqlparser prints it (normalisation lowers
            // its keywords).
            _ => {
                collect_columns(self, e, cols);
                out.push_str(&e.to_string());
            }
        }
    }

    /// A relation named in a string (`'public.T_seq'::regclass`) as the
    /// server prints it: folded, and without the schema when that is the
    /// default one.
    fn pg_regclass(&self, text: &str, out: &mut String) {
        let d = sqlparser_dialect(self.dialect);
        let parts: Option<Vec<Ident>> = sqlparser::parser::Parser::new(d.as_ref())
            .try_with_sql(text)
            .and_then(|mut p| p.parse_object_name(false))
            .ok()
            .map(|n| super::names::idents(&n));
        let name = match parts.as_deref() {
            Some([.., s, n]) if self.ident(s) != "public" => {
                format!(
                    "{}.{}",
                    quote_ident(&self.ident(s)),
                    quote_ident(&self.ident(n))
                )
            }
            Some([.., n]) => quote_ident(&self.ident(n)),
            _ => text.to_string(),
        };
        quote_literal(&name, out);
        out.push_str("::regclass");
    }

    fn pg_column(&self, id: &Ident, cols: &mut Vec<String>, out: &mut String) {
        let name = self.ident(id);
        out.push_str(&quote_ident(&name));
        if !cols.contains(&name) {
            cols.push(name);
        }
    }

    fn pg_binary(&self, l: &Expr, op: &str, r: &Expr, cols: &mut Vec<String>, out: &mut String) {
        out.push('(');
        self.pg_expr(l, cols, out);
        out.push(' ');
        out.push_str(op);
        out.push(' ');
        self.pg_expr(r, cols, out);
        out.push(')');
    }

    fn pg_postfix(&self, x: &Expr, suffix: &str, cols: &mut Vec<String>, out: &mut String) {
        out.push('(');
        self.pg_expr(x, cols, out);
        out.push_str(suffix);
        out.push(')');
    }

    fn pg_list(&self, items: &[Expr], cols: &mut Vec<String>, out: &mut String) {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.pg_expr(x, cols, out);
        }
    }

    fn pg_quantified(
        &self,
        left: &Expr,
        op: &BinaryOperator,
        word: &str,
        right: &Expr,
        cols: &mut Vec<String>,
        out: &mut String,
    ) {
        out.push('(');
        self.pg_expr(left, cols, out);
        out.push(' ');
        out.push_str(&pg_operator(op));
        out.push(' ');
        out.push_str(word);
        out.push_str(" (");
        self.pg_expr(right, cols, out);
        out.push_str("))");
    }

    /// `x IN (…)` as PostgreSQL's `transformAExprIn` builds it: the items
    /// that reference no column become one `= ANY (ARRAY[…])` when there
    /// are several of them; the rest are `=` comparisons joined by `OR`
    /// (`<>` and `AND` for `NOT IN`), nested pairwise.
    fn pg_in_list(
        &self,
        expr: &Expr,
        list: &[Expr],
        negated: bool,
        cols: &mut Vec<String>,
        out: &mut String,
    ) {
        let (op, quant, join) = if negated {
            ("<>", "ALL", "OR")
        } else {
            ("=", "ANY", "OR")
        };
        let join = if negated { "AND" } else { join };
        let (vars, consts): (Vec<&Expr>, Vec<&Expr>) =
            list.iter().partition(|x| mentions_column(x));
        let mut parts: Vec<String> = Vec::new();
        let rest: Vec<&Expr> = if consts.len() > 1 {
            let mut s = String::new();
            s.push('(');
            self.pg_expr(expr, cols, &mut s);
            s.push_str(&format!(" {op} {quant} (ARRAY["));
            for (i, x) in consts.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                self.pg_expr(x, cols, &mut s);
            }
            s.push_str("]))");
            parts.push(s);
            vars
        } else {
            list.iter().collect()
        };
        for x in rest {
            let mut s = String::new();
            self.pg_binary(expr, op, x, cols, &mut s);
            parts.push(s);
        }
        let mut acc = parts.remove(0);
        for p in parts {
            acc = format!("({acc} {join} {p})");
        }
        out.push_str(&acc);
    }
}

/// Column names in an expression printed by sqlparser (SQLite, and the
/// fallbacks of the PostgreSQL printer).
fn collect_columns(r: &Replayer<'_>, e: &Expr, cols: &mut Vec<String>) {
    let d = sqlparser_dialect(r.dialect);
    let text = e.to_string();
    let Ok(tokens) = Tokenizer::new(d.as_ref(), &text).tokenize() else {
        return;
    };
    let sig: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    for (i, t) in sig.iter().enumerate() {
        if let Token::Word(w) = t {
            let call = matches!(sig.get(i + 1), Some(Token::LParen));
            let after_cast = i > 0 && matches!(sig[i - 1], Token::DoubleColon);
            if call
                || after_cast
                || (w.quote_style.is_none() && w.keyword != sqlparser::keywords::Keyword::NoKeyword)
            {
                continue;
            }
            let name = r.ident(&Ident {
                value: w.value.clone(),
                quote_style: w.quote_style,
                span: sqlparser::tokenizer::Span::empty(),
            });
            if !cols.contains(&name) {
                cols.push(name);
            }
        }
    }
}

fn unnest(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(inner) => unnest(inner),
        _ => e,
    }
}

fn string_literal(e: &Expr) -> Option<&str> {
    match unnest(e) {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn is_literal(e: &Expr) -> bool {
    match unnest(e) {
        Expr::Value(_) => true,
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => matches!(unnest(expr), Expr::Value(_)),
        _ => false,
    }
}

fn is_null_literal(e: &Expr) -> bool {
    match unnest(e) {
        Expr::Value(v) => matches!(v.value, Value::Null),
        Expr::Cast { expr, .. } => is_null_literal(expr),
        _ => false,
    }
}

/// Whether an expression refers to a column (PostgreSQL's "Var" test in
/// `transformAExprIn`).
fn mentions_column(e: &Expr) -> bool {
    match e {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => true,
        Expr::Value(_) | Expr::TypedString(_) => false,
        Expr::Nested(x) | Expr::UnaryOp { expr: x, .. } | Expr::Cast { expr: x, .. } => {
            mentions_column(x)
        }
        Expr::BinaryOp { left, right, .. } => mentions_column(left) || mentions_column(right),
        Expr::Function(f) => match &f.args {
            FunctionArguments::List(l) => l.args.iter().any(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(x))
                | FunctionArg::Named {
                    arg: FunctionArgExpr::Expr(x),
                    ..
                } => mentions_column(x),
                _ => false,
            }),
            _ => false,
        },
        Expr::Array(a) => a.elem.iter().any(mentions_column),
        _ => true,
    }
}

fn pg_value(v: &Value, out: &mut String) {
    match v {
        Value::Number(n, _) => out.push_str(n),
        Value::SingleQuotedString(s)
        | Value::EscapedStringLiteral(s)
        | Value::NationalStringLiteral(s)
        | Value::TripleSingleQuotedString(s) => quote_literal(s, out),
        Value::DollarQuotedString(d) => quote_literal(&d.value, out),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("NULL"),
        other => out.push_str(&other.to_string()),
    }
}

fn quote_literal(s: &str, out: &mut String) {
    out.push('\'');
    out.push_str(&s.replace('\'', "''"));
    out.push('\'');
}

fn pg_operator(op: &BinaryOperator) -> String {
    match op {
        BinaryOperator::NotEq => "<>".into(),
        BinaryOperator::PGExp => "^".into(),
        BinaryOperator::PGCustomBinaryOperator(parts) => {
            format!("OPERATOR({})", parts.join("."))
        }
        other => other.to_string(),
    }
}

/// PostgreSQL's `quote_identifier`: quotes unless the name is lower-case
/// letters, digits, `_` and `$` (not leading) and not a keyword that needs
/// quoting.
pub(super) fn quote_ident(name: &str) -> String {
    let safe = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    if safe && !needs_quotes_keyword(name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// PostgreSQL keywords that are not `UNRESERVED_KEYWORD` (kwlist.h):
/// reserved, column-name and type/function-name keywords.
fn needs_quotes_keyword(w: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "asymmetric",
        "authorization",
        "between",
        "bigint",
        "binary",
        "bit",
        "boolean",
        "both",
        "case",
        "cast",
        "char",
        "character",
        "check",
        "coalesce",
        "collate",
        "collation",
        "column",
        "concurrently",
        "constraint",
        "create",
        "cross",
        "current_catalog",
        "current_date",
        "current_role",
        "current_schema",
        "current_time",
        "current_timestamp",
        "current_user",
        "dec",
        "decimal",
        "default",
        "deferrable",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "exists",
        "extract",
        "false",
        "fetch",
        "float",
        "for",
        "foreign",
        "freeze",
        "from",
        "full",
        "grant",
        "greatest",
        "group",
        "grouping",
        "having",
        "ilike",
        "in",
        "initially",
        "inner",
        "inout",
        "int",
        "integer",
        "intersect",
        "interval",
        "into",
        "is",
        "isnull",
        "join",
        "json",
        "json_array",
        "json_arrayagg",
        "json_exists",
        "json_object",
        "json_objectagg",
        "json_query",
        "json_scalar",
        "json_serialize",
        "json_table",
        "json_value",
        "lateral",
        "leading",
        "least",
        "left",
        "like",
        "limit",
        "localtime",
        "localtimestamp",
        "merge_action",
        "national",
        "natural",
        "nchar",
        "none",
        "normalize",
        "not",
        "notnull",
        "null",
        "nullif",
        "numeric",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "out",
        "outer",
        "overlaps",
        "overlay",
        "placing",
        "position",
        "precision",
        "primary",
        "real",
        "references",
        "returning",
        "right",
        "row",
        "select",
        "session_user",
        "setof",
        "similar",
        "smallint",
        "some",
        "substring",
        "symmetric",
        "system_user",
        "table",
        "tablesample",
        "then",
        "time",
        "timestamp",
        "to",
        "trailing",
        "treat",
        "trim",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "values",
        "varchar",
        "variadic",
        "verbose",
        "when",
        "where",
        "window",
        "with",
        "xmlattributes",
        "xmlconcat",
        "xmlelement",
        "xmlexists",
        "xmlforest",
        "xmlnamespaces",
        "xmlparse",
        "xmlpi",
        "xmlroot",
        "xmlserialize",
        "xmltable",
    ];
    KEYWORDS.binary_search(&w).is_ok()
}

/// PostgreSQL's `FigureIndexColname`: the name an index key contributes to
/// an implicit index name (`lower(email)` → `lower`, `(a + b)` → `expr`).
pub(super) fn index_column_name(r: &Replayer<'_>, e: &Expr) -> String {
    fn figure(r: &Replayer<'_>, e: &Expr) -> Option<(String, u8)> {
        match e {
            Expr::Identifier(id) => Some((r.ident(id), 2)),
            Expr::CompoundIdentifier(parts) => parts.last().map(|id| (r.ident(id), 2)),
            Expr::Nested(x) => figure(r, x),
            Expr::Function(f) => f
                .name
                .0
                .last()
                .and_then(|p| p.as_ident())
                .map(|id| (r.ident(id), 2)),
            Expr::Cast {
                expr, data_type, ..
            } => match figure(r, expr) {
                Some((n, s)) if s > 1 => Some((n, s)),
                _ => {
                    let t = data_type.to_string();
                    let last = t.split('(').next().unwrap_or(&t);
                    let last = last.rsplit('.').next().unwrap_or(last).trim();
                    Some((last.trim_matches('"').to_ascii_lowercase(), 1))
                }
            },
            Expr::Case { .. } => Some(("case".into(), 1)),
            Expr::Array(_) => Some(("array".into(), 1)),
            Expr::Extract { .. } => Some(("extract".into(), 2)),
            Expr::Substring { .. } => Some(("substring".into(), 2)),
            Expr::Trim { .. } => Some(("btrim".into(), 2)),
            Expr::Position { .. } => Some(("position".into(), 2)),
            _ => None,
        }
    }
    match figure(r, e) {
        Some((n, _)) if !n.is_empty() => n,
        _ => "expr".into(),
    }
}

/// The name a stored (normalised) index expression contributes to an
/// implicit index name: an index copied by `LIKE … INCLUDING INDEXES` keeps
/// the column names its source index was given.
pub(super) fn stored_index_column_name(r: &Replayer<'_>, text: &str) -> String {
    let d = sqlparser_dialect(r.dialect);
    match sqlparser::parser::Parser::new(d.as_ref())
        .try_with_sql(text)
        .and_then(|mut p| p.parse_expr())
    {
        Ok(e) => index_column_name(r, &e),
        Err(_) => "expr".into(),
    }
}

/// PostgreSQL's `ChooseIndexColumnNames`: a name repeated within one index
/// gets a number (`a`, `a1`; `expr`, `expr1`).
pub(super) fn dedup_index_column_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for orig in names {
        let mut cur = orig.clone();
        let mut i = 1;
        while out.contains(&cur) {
            cur = format!("{orig}{i}");
            i += 1;
        }
        out.push(cur);
    }
    out
}

/// Whether the stored (normalised) expression `text` refers to column
/// `col`.
pub(super) fn mentions(text: &str, col: &str, dialect: Dialect) -> bool {
    let mut found = false;
    map_words(text, dialect, |w| {
        if same_name(w, col, dialect) {
            found = true;
        }
        None
    });
    found
}

/// The stored expression `text` with column `old` renamed to `new`,
/// normalised again.
pub(super) fn rename_column(text: &str, old: &str, new: &str, dialect: Dialect) -> String {
    let replaced = map_words(text, dialect, |w| {
        same_name(w, old, dialect).then(|| match dialect {
            Dialect::Postgres => quote_ident(new),
            _ => {
                if new.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !new.starts_with(|c: char| c.is_ascii_digit())
                {
                    new.to_string()
                } else {
                    format!("\"{}\"", new.replace('"', "\"\""))
                }
            }
        })
    });
    normalize_expr(&replaced)
}

fn same_name(word: &sqlparser::tokenizer::Word, col: &str, dialect: Dialect) -> bool {
    match (dialect, word.quote_style) {
        (Dialect::Postgres, Some(_)) => word.value == col,
        (Dialect::Postgres, None) => word.value.to_ascii_lowercase() == col,
        _ => word.value.eq_ignore_ascii_case(col),
    }
}

/// Rebuilds `text` token by token, replacing the words that stand for
/// column references (not function names, not type names after `::`) by
/// what `f` returns. Text the tokenizer cannot read comes back unchanged.
fn map_words(
    text: &str,
    dialect: Dialect,
    mut f: impl FnMut(&sqlparser::tokenizer::Word) -> Option<String>,
) -> String {
    let d = sqlparser_dialect(dialect);
    let Ok(tokens) = Tokenizer::new(d.as_ref(), text)
        .with_unescape(false)
        .tokenize()
    else {
        return text.to_string();
    };
    let sig: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !matches!(t, Token::Whitespace(_)))
        .map(|(i, _)| i)
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut next_sig = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if let Token::Word(w) = t {
            // `i` is the `next_sig`-th significant token.
            let k = next_sig;
            let next = sig.get(k + 1).map(|&j| &tokens[j]);
            let prev = k.checked_sub(1).map(|p| &tokens[sig[p]]);
            let call = matches!(next, Some(Token::LParen));
            let cast = matches!(prev, Some(Token::DoubleColon));
            if !call
                && !cast
                && let Some(rep) = f(w)
            {
                out.push_str(&rep);
                next_sig += 1;
                continue;
            }
        }
        if sig.get(next_sig) == Some(&i) {
            next_sig += 1;
        }
        out.push_str(&t.to_string());
    }
    out
}
