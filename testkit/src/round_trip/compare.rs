//! How two schemas differ, in a form a person can act on: the changes that
//! would turn the database into the expected schema (the diff ops'
//! one-line descriptions), the SQL that would make them, and, for what the
//! diff has no op for, a line diff of the tables as JSON.

use std::collections::BTreeSet;
use std::fmt;

use schema_core::Dialect;
use schema_core::diff::{self, DiffOptions, Op};
use schema_core::render;
use schema_core::schema::{Schema, TableName};
use serde::Serialize;

/// What separates a database's schema from the schema it should have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What would turn the actual schema into the expected one, one line
    /// each: `drop index ix_user_email`.
    pub changes: Vec<String>,
    /// The SQL that would do it, in the dialect of the run.
    pub sql: String,
    /// For differences no change above describes: the tables that differ,
    /// as JSON, line by line (`-` expected, `+` actual).
    pub json: Vec<String>,
}

impl Difference {
    /// How `actual` differs from `expected`; `None` when they are equal.
    pub(crate) fn between(
        actual: &Schema,
        expected: &Schema,
        dialect: Dialect,
        opts: &DiffOptions,
    ) -> Option<Difference> {
        let ops = diff::diff(actual, expected, opts).ops;
        let equal = if opts.scope.is_none() {
            actual == expected
        } else {
            ops.is_empty()
        };
        if equal {
            return None;
        }
        Some(Difference::of_ops(&ops, actual, expected, dialect))
    }

    /// The difference made of `ops`, with a JSON diff when they say
    /// nothing.
    pub(crate) fn of_ops(
        ops: &[Op],
        actual: &Schema,
        expected: &Schema,
        dialect: Dialect,
    ) -> Difference {
        let json = if ops.is_empty() {
            json_diff(actual, expected)
        } else {
            Vec::new()
        };
        Difference {
            changes: ops.iter().map(Op::describe).collect(),
            sql: render::render(ops, actual, expected, dialect)
                .trim()
                .to_string(),
            json,
        }
    }
}

impl fmt::Display for Difference {
    /// The changes, then the SQL, then the JSON lines, each indented.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "    {change}")?;
        }
        if !self.sql.is_empty() {
            writeln!(f, "  SQL that would do it:")?;
            for line in self.sql.lines() {
                writeln!(f, "    {line}")?;
            }
        }
        if !self.json.is_empty() {
            writeln!(f, "  the tables as JSON (- expected, + actual):")?;
            for line in &self.json {
                writeln!(f, "    {line}")?;
            }
        }
        Ok(())
    }
}

/// The tables (and enums) of two schemas that differ, each as a line diff
/// of its JSON (`-` in `old`, `+` in `new`): what a test that compares
/// schemas shows when they differ.
pub fn schema_diff(old: &Schema, new: &Schema) -> String {
    json_diff(new, old).join("\n")
}

/// Two texts diffed by line (`-` in `old`, `+` in `new`), unchanged runs
/// cut short.
pub fn text_diff(old: &str, new: &str) -> String {
    line_diff(old, new).join("\n")
}

/// The tables (and enums) that differ, as pretty JSON, diffed by line.
fn json_diff(actual: &Schema, expected: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&TableName> = actual.tables.keys().chain(expected.tables.keys()).collect();
    for name in names {
        let (a, e) = (actual.tables.get(name), expected.tables.get(name));
        if a != e {
            out.push(format!("table {name}:"));
            out.extend(line_diff(&pretty(&e), &pretty(&a)));
        }
    }
    if actual.enums != expected.enums {
        out.push("enums:".to_string());
        out.extend(line_diff(
            &pretty(&expected.enums.values().collect::<Vec<_>>()),
            &pretty(&actual.enums.values().collect::<Vec<_>>()),
        ));
    }
    out
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("<not serialisable: {e}>"))
}

/// A line diff (longest common subsequence): `  same`, `- old`, `+ new`,
/// with unchanged runs longer than a few lines cut short.
fn line_diff(old: &str, new: &str) -> Vec<String> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i]));
            i += 1;
        } else {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    // Keep two lines of context around each change.
    let near_change = |k: usize| {
        lines[k.saturating_sub(2)..(k + 3).min(lines.len())]
            .iter()
            .any(|(tag, _)| *tag != ' ')
    };
    let mut out = Vec::new();
    let mut skipped = false;
    for (k, (tag, line)) in lines.iter().enumerate() {
        if near_change(k) {
            if skipped {
                out.push("  …".to_string());
                skipped = false;
            }
            out.push(format!("{tag} {line}"));
        } else {
            skipped = true;
        }
    }
    if skipped {
        out.push("  …".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_diff_marks_changes_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh";
        let new = "a\nb\nc\nd\nX\nf\ng\nh";
        assert_eq!(
            line_diff(old, new),
            ["  …", "  c", "  d", "- e", "+ X", "  f", "  g", "  …"]
        );
    }

    #[test]
    fn equal_schemas_make_no_difference() {
        let s = Schema::default();
        assert!(Difference::between(&s, &s, Dialect::Postgres, &DiffOptions::default()).is_none());
    }
}
