//! `cargo schema history`: the revision graph, newest first; `--graph`
//! draws it like `git log --graph`.

use clap::Args;
use schema_core::graph::RevSet;
use schema_core::target::{Range, RangeEnd};
use schema_core::{Graph, RevId, TargetError};
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::db::Context;
use crate::commands::{flags, revision_json, revision_line, revision_verbose};
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only revisions in START:END (e.g. `base:3f2a`, `3f2a:`, `:billing@head`)
    #[arg(short = 'r', long = "rev-range", value_name = "RANGE")]
    pub range: Option<String>,

    /// Draw the graph in ASCII, like `git log --graph`
    #[arg(long)]
    pub graph: bool,

    /// Mark the revision(s) the database is at (connects to it)
    #[arg(short = 'i', long)]
    pub indicate_current: bool,
}

pub fn run(args: HistoryArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let range = args.range.as_deref().map(Range::parse).transpose()?;
    let needs_db = args.indicate_current
        || range.as_ref().is_some_and(|r| {
            matches!(r.start, Some(RangeEnd::Current)) || matches!(r.end, Some(RangeEnd::Current))
        });
    // The database is read only when asked for (`current` in a range,
    // --indicate-current): history is otherwise an offline command.
    let (project, graph, current) = if needs_db {
        let ctx = Context::load(global, shell)?;
        let rows = ctx.read_state()?.rows;
        let graph = ctx.migrator.graph().clone();
        (ctx.project, graph, Some(rows))
    } else {
        let project = Project::load(global)?;
        let graph = project.graph()?;
        (project, graph, None)
    };
    let current_idx: Vec<usize> = current
        .iter()
        .flatten()
        .filter_map(|r| graph.index_of(r.as_str()))
        .collect();
    let shown = match &range {
        Some(r) => in_range(&graph, r, current.as_deref())?,
        None => vec![true; graph.len()],
    };
    let mark = |i: usize| {
        if current_idx.contains(&i) {
            " (current)"
        } else {
            ""
        }
    };
    let newest_first: Vec<usize> = (0..graph.len()).rev().filter(|&i| shown[i]).collect();

    if shell.is_json() {
        let revisions: Vec<_> = newest_first
            .iter()
            .map(|&i| revision_json(&graph, i, &project.config.root))
            .collect();
        shell.json(&json!({ "revisions": revisions }));
        return Ok(());
    }
    if newest_first.is_empty() && graph.is_empty() {
        shell.note("no revisions yet; `cargo schema revision -m MSG` writes the first");
        return Ok(());
    }
    let verbose = global.verbose > 0;
    if args.graph {
        for row in draw(&graph, &newest_first, &shown) {
            let line = match row {
                Row::Node { prefix, rev } => {
                    let m = graph.get(rev);
                    if verbose {
                        let text = revision_verbose(&graph, rev, &project.config.root);
                        let pad = " ".repeat(prefix.len());
                        let mut lines = text.lines();
                        let first = lines.next().unwrap_or_default();
                        let mut s = format!("{prefix} {first}");
                        for l in lines {
                            s.push_str(&format!("\n{} {l}", continuation(&prefix, &pad)));
                        }
                        s
                    } else {
                        format!(
                            "{prefix} {}{}, {}",
                            m.id(),
                            flags(&graph, rev),
                            m.header.message
                        )
                    }
                }
                Row::Edge(s) => s,
            };
            shell.line(line.trim_end());
        }
        return Ok(());
    }
    for &i in &newest_first {
        if verbose {
            shell.line(revision_verbose(&graph, i, &project.config.root));
        } else {
            let line = revision_line(&graph, i);
            match line.split_once(", ") {
                Some((head, msg)) if !mark(i).is_empty() => {
                    shell.line(format!("{head}{}, {msg}", mark(i)))
                }
                _ => shell.line(line),
            }
        }
    }
    Ok(())
}

/// The graph columns under a node row, for continuation lines.
fn continuation(prefix: &str, _pad: &str) -> String {
    prefix.replace('*', "|")
}

/// Revisions between START and END: descendants of START (inclusive) that
/// are ancestors of END (inclusive).
fn in_range(graph: &Graph, range: &Range, current: Option<&[RevId]>) -> Result<RevSet, CliError> {
    let side = |end: &Option<RangeEnd>| -> Result<Option<Vec<usize>>, CliError> {
        match end {
            None => Ok(None),
            Some(RangeEnd::Current) => {
                let rows = current.expect("`current` in a range loads the database");
                let mut points = Vec::new();
                for r in rows {
                    let i = graph
                        .index_of(r.as_str())
                        .ok_or_else(|| TargetError::UnknownCurrent { rev: r.to_string() })?;
                    points.push(i);
                }
                Ok(Some(points))
            }
            Some(RangeEnd::Target(t)) => {
                if t.needs_current() {
                    return Err(TargetError::NeedsDatabase {
                        target: t.to_string(),
                    }
                    .into());
                }
                Ok(Some(graph.resolve_point(t)?))
            }
        }
    };
    let start = side(&range.start)?;
    let end = side(&range.end)?;
    let from = match start {
        // `base:` and a missing start both mean "from the beginning".
        None => vec![true; graph.len()],
        Some(v) if v.is_empty() => vec![true; graph.len()],
        Some(v) => graph.descendants_or_self(v),
    };
    let to = match end {
        None => vec![true; graph.len()],
        Some(v) => graph.ancestors_or_self(v),
    };
    Ok(from.iter().zip(&to).map(|(&a, &b)| a && b).collect())
}

/// One line of the drawing.
#[derive(Debug, PartialEq, Eq)]
pub enum Row {
    Node { prefix: String, rev: usize },
    Edge(String),
}

/// Lays the revisions out in columns, newest first: each column waits for
/// one revision; a merge opens columns for its extra parents (`|\`), and
/// columns waiting for the same revision join when it comes (`|/`).
pub fn draw(graph: &Graph, order: &[usize], shown: &RevSet) -> Vec<Row> {
    let mut rows = Vec::with_capacity(order.len() * 2);
    let mut columns: Vec<usize> = Vec::new();
    for &n in order {
        // Columns waiting for n; a head opens a new one.
        let mut waiting: Vec<usize> = (0..columns.len()).filter(|&c| columns[c] == n).collect();
        if waiting.is_empty() {
            columns.push(n);
            waiting.push(columns.len() - 1);
        }
        let col = waiting[0];
        if waiting.len() > 1 {
            // Join the other columns into `col`.
            let mut edges = Vec::new();
            let mut next = 0;
            for c in 0..columns.len() {
                if waiting.contains(&c) {
                    edges.push((c, col.min(next)));
                    if c == col {
                        next += 1;
                    }
                } else {
                    edges.push((c, next));
                    next += 1;
                }
            }
            // The target of the joined columns is `col`'s new index.
            let col_new = edges[col].1;
            for e in edges.iter_mut() {
                if waiting.contains(&e.0) {
                    e.1 = col_new;
                }
            }
            rows.extend(connect(&edges));
            let mut keep = Vec::new();
            for (c, &rev) in columns.iter().enumerate() {
                if !waiting.contains(&c) || c == col {
                    keep.push(rev);
                }
            }
            columns = keep;
        }
        let col = columns
            .iter()
            .position(|&r| r == n)
            .expect("n has a column");
        let mut prefix = String::with_capacity(columns.len() * 2);
        for c in 0..columns.len() {
            prefix.push(if c == col { '*' } else { '|' });
            prefix.push(' ');
        }
        prefix.pop();
        rows.push(Row::Node { prefix, rev: n });

        // Replace n's column by its (shown) parents.
        let parents: Vec<usize> = graph
            .parents_of(n)
            .iter()
            .copied()
            .filter(|&p| shown[p])
            .collect();
        let mut edges = Vec::new();
        let mut next_cols = Vec::with_capacity(columns.len() + parents.len());
        for (c, &rev) in columns.iter().enumerate() {
            if c == col {
                for &p in &parents {
                    edges.push((c, next_cols.len()));
                    next_cols.push(p);
                }
            } else {
                edges.push((c, next_cols.len()));
                next_cols.push(rev);
            }
        }
        rows.extend(connect(&edges));
        columns = next_cols;
    }
    rows
}

/// Connector lines moving each column from its old to its new position, one
/// half-step per line: `|` straight, `\` right, `/` left.
fn connect(edges: &[(usize, usize)]) -> Vec<Row> {
    let mut pos: Vec<(isize, isize)> = edges
        .iter()
        .map(|&(from, to)| (2 * from as isize, 2 * to as isize))
        .collect();
    let mut rows = Vec::new();
    while pos.iter().any(|(x, t)| x != t) {
        let width = pos.iter().map(|&(x, t)| x.max(t)).max().unwrap_or(0) as usize + 2;
        let mut line = vec![b' '; width];
        for (x, t) in pos.iter_mut() {
            if *x == *t {
                line[*x as usize] = b'|';
            } else if *t > *x {
                line[*x as usize + 1] = b'\\';
                *x += 2;
            } else {
                line[*x as usize - 1] = b'/';
                *x -= 2;
            }
        }
        rows.push(Row::Edge(String::from_utf8(line).expect("ascii")));
    }
    rows
}
