//! The annotated corpora (`corpus/` for PostgreSQL, `corpus-sqlite/` for
//! SQLite; the convention is in `corpus/README.md`): revision files in the
//! project's format, loaded with the project's graph loader, linted with
//! `lint_graph`, and the findings compared with the annotations exactly,
//! as a multiset of (file, line, code, allowed). A failure lists what the
//! lint missed and what it raised unexpectedly, with the line's text.
//!
//! Each corpus is also applied to a real database, every revision on its
//! own on top of its ancestors, so the corpus is valid SQL: every revision
//! must apply, except those whose annotations say the server refuses them
//! (`concurrently-in-transaction`, `sqlite-needs-rebuild`), which must fail
//! at an annotated line.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use schema_core::graph::Graph;
use schema_core::lint::{self, Code, Levels, Report};
use schema_core::{Dialect, Migrator};

use crate::support::TestDb;

/// A PostgreSQL corpus has at least this many revisions besides its base.
const MIN_POSTGRES: usize = 40;
/// And a SQLite corpus this many.
const MIN_SQLITE: usize = 8;

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lint")
        .join(name)
}

/// The corpus in `name`, loaded as `cargo schema` loads a migrations
/// directory.
fn load(name: &str) -> Graph {
    let dir = dir(name);
    Graph::load(&dir)
        .unwrap_or_else(|e| panic!("the corpus {} does not load: {e:?}", dir.display()))
}

/// Every revision but the base (the one without parents).
fn linted(graph: &Graph) -> Vec<usize> {
    let bases = graph.bases();
    assert_eq!(bases.len(), 1, "a corpus has one base revision");
    (0..graph.len()).filter(|i| !bases.contains(i)).collect()
}

/// One finding, or one annotation: what the two are compared on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    file: String,
    line: usize,
    code: String,
    allowed: bool,
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The annotations of the up sections of `revisions`: `-- expect: CODE[,
/// CODE…]` for findings that must be reported, `-- expect-allowed: …` for
/// findings a `-- lint: allow` must accept, both on the statement's first
/// line. A code listed twice is two findings on that line.
fn annotations(graph: &Graph, revisions: &[usize]) -> Vec<Key> {
    let mut keys = Vec::new();
    for &i in revisions {
        let m = graph.get(i);
        let file = file_name(&m.path);
        let up_end = m.down_line.unwrap_or(usize::MAX);
        for (n, text) in m.source().lines().enumerate() {
            let line = n + 1;
            for (marker, allowed) in [("-- expect:", false), ("-- expect-allowed:", true)] {
                let Some(at) = text.find(marker) else {
                    continue;
                };
                assert!(
                    line > m.up_line && line < up_end,
                    "{file}:{line}: an annotation outside the up section"
                );
                let rest = &text[at + marker.len()..];
                let rest = rest.split("--").next().unwrap_or(rest);
                for code in rest.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    assert!(
                        Code::from_str(code).is_ok(),
                        "{file}:{line}: `{code}` is not a lint code"
                    );
                    keys.push(Key {
                        file: file.clone(),
                        line,
                        code: code.to_string(),
                        allowed,
                    });
                }
            }
        }
    }
    keys.sort();
    keys
}

fn findings(report: &Report) -> Vec<Key> {
    let mut keys: Vec<Key> = report
        .findings
        .iter()
        .map(|f| Key {
            file: file_name(&f.path),
            line: f.line,
            code: f.code.as_str().to_string(),
            allowed: f.allowed,
        })
        .collect();
    keys.sort();
    keys
}

/// `expected` and `got` as multisets: what is in one and not the other.
fn difference(expected: &[Key], got: &[Key]) -> (Vec<Key>, Vec<Key>) {
    let mut counts: BTreeMap<&Key, isize> = BTreeMap::new();
    for k in expected {
        *counts.entry(k).or_default() += 1;
    }
    for k in got {
        *counts.entry(k).or_default() -= 1;
    }
    let mut missed = Vec::new();
    let mut unexpected = Vec::new();
    for (k, n) in counts {
        for _ in 0..n.unsigned_abs() {
            if n > 0 {
                missed.push(k.clone());
            } else {
                unexpected.push(k.clone());
            }
        }
    }
    (missed, unexpected)
}

/// The text of `file`'s line `line` in `graph`.
fn source_line(graph: &Graph, file: &str, line: usize) -> String {
    graph
        .revisions()
        .iter()
        .find(|m| file_name(&m.path) == file)
        .and_then(|m| {
            m.source()
                .lines()
                .nth(line - 1)
                .map(str::trim)
                .map(String::from)
        })
        .unwrap_or_default()
}

/// Fails with the missed and unexpected findings, if any.
#[track_caller]
fn assert_matches(what: &str, graph: &Graph, report: &Report, expected: &[Key]) {
    let got = findings(report);
    let (missed, unexpected) = difference(expected, &got);
    if missed.is_empty() && unexpected.is_empty() {
        return;
    }
    let show = |k: &Key| {
        let allowed = if k.allowed { " (allowed)" } else { "" };
        format!(
            "  {}:{}: {}{allowed}\n      {}",
            k.file,
            k.line,
            k.code,
            source_line(graph, &k.file, k.line)
        )
    };
    let mut msg = format!("{what}: the findings differ from the annotations\n");
    if !missed.is_empty() {
        let _ = writeln!(msg, "missed ({}):", missed.len());
        for k in &missed {
            let _ = writeln!(msg, "{}", show(k));
        }
    }
    if !unexpected.is_empty() {
        let _ = writeln!(msg, "unexpected ({}):", unexpected.len());
        for k in &unexpected {
            let message = report
                .findings
                .iter()
                .find(|f| {
                    file_name(&f.path) == k.file && f.line == k.line && f.code.as_str() == k.code
                })
                .map(|f| f.message.clone())
                .unwrap_or_default();
            let _ = writeln!(msg, "{}\n      lint: {message}", show(k));
        }
    }
    panic!("{msg}");
}

/// Lints every non-base revision of the corpus at once.
fn check_findings(name: &str, dialect: Dialect, min: usize) {
    let graph = load(name);
    let revisions = linted(&graph);
    assert!(
        revisions.len() >= min,
        "{name} has {} revisions besides its base, fewer than {min}",
        revisions.len()
    );
    let report = lint::lint_graph(&graph, &revisions, dialect, &Levels::default());
    assert_eq!(report.revisions.len(), revisions.len());
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.is_empty(),
        "replay could not read statements of {name}, so the lint could not judge them:\n{}",
        warnings.join("\n")
    );
    assert_matches(name, &graph, &report, &annotations(&graph, &revisions));
}

/// Lints each revision on its own (as `cargo schema lint` does when only
/// that revision is pending): the same findings as linting them together.
fn check_each_alone(name: &str, dialect: Dialect) {
    let graph = load(name);
    let mut report = Report::default();
    for i in linted(&graph) {
        let one = lint::lint_graph(&graph, &[i], dialect, &Levels::default());
        report.findings.extend(one.findings);
    }
    let expected = annotations(&graph, &linted(&graph));
    assert_matches(
        &format!("{name}, each revision linted alone"),
        &graph,
        &report,
        &expected,
    );
}

/// The codes that make the server refuse a revision.
fn refused(dialect: Dialect) -> &'static [Code] {
    match dialect {
        Dialect::Sqlite => &[Code::SqliteUnsupported],
        _ => &[Code::ConcurrentlyInTransaction],
    }
}

/// Applies each non-base revision, with its ancestors, to a fresh
/// database.
fn check_applies(name: &str, dialect: Dialect) {
    let graph = load(name);
    let mut wrong = Vec::new();
    for i in linted(&graph) {
        let m = graph.get(i);
        let file = file_name(&m.path);
        // The lines the server must refuse.
        let refused_at: Vec<usize> = annotations(&graph, &[i])
            .iter()
            .filter(|k| !k.allowed && refused(dialect).iter().any(|c| c.as_str() == k.code))
            .map(|k| k.line)
            .collect();
        let must_fail = !refused_at.is_empty();
        let ancestors = graph.ancestors_or_self([i]);
        let chain: Vec<_> = (0..graph.len())
            .filter(|&k| ancestors[k])
            .map(|k| graph.get(k).clone())
            .collect();
        let chain = Graph::new(chain).unwrap_or_else(|e| panic!("{file}: {e}"));
        let db = match dialect {
            Dialect::Sqlite => TestDb::sqlite(&format!("corpus_{}", m.id())),
            _ => TestDb::postgres(&format!("corpus_{}", m.id())),
        };
        let result = Migrator::new(chain).run_blocking(&db.url);
        match (result, must_fail) {
            (Ok(_), true) => wrong.push(format!(
                "{file}: applied, but its annotations say the server refuses it"
            )),
            (Err(e), false) => wrong.push(format!("{file}: does not apply: {e}")),
            (Err(e), true)
                if !refused_at
                    .iter()
                    .any(|l| e.to_string().contains(&format!("{file}:{l}:"))) =>
            {
                wrong.push(format!(
                    "{file}: must fail at line {refused_at:?}, failed elsewhere: {e}"
                ));
            }
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "{name} on a real database:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn postgres_corpus_findings() {
    check_findings("corpus", Dialect::Postgres, MIN_POSTGRES);
}

#[test]
fn postgres_corpus_each_revision_alone() {
    check_each_alone("corpus", Dialect::Postgres);
}

#[test]
fn postgres_corpus_applies() {
    check_applies("corpus", Dialect::Postgres);
}

#[test]
fn sqlite_corpus_findings() {
    check_findings("corpus-sqlite", Dialect::Sqlite, MIN_SQLITE);
}

#[test]
fn sqlite_corpus_each_revision_alone() {
    check_each_alone("corpus-sqlite", Dialect::Sqlite);
}

#[test]
fn sqlite_corpus_applies() {
    check_applies("corpus-sqlite", Dialect::Sqlite);
}

/// Every code is annotated (reported, not allowed) at least twice across
/// the two corpora, and every annotated file exists in a corpus.
#[test]
fn corpora_cover_every_code_twice() {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = BTreeSet::new();
    for name in ["corpus", "corpus-sqlite"] {
        let graph = load(name);
        let revisions = linted(&graph);
        for k in annotations(&graph, &revisions) {
            if !k.allowed {
                *count.entry(k.code).or_default() += 1;
            }
            files.insert(k.file);
        }
    }
    let thin: Vec<String> = Code::ALL
        .iter()
        .map(|c| (c.as_str(), count.get(c.as_str()).copied().unwrap_or(0)))
        .filter(|(_, n)| *n < 2)
        .map(|(c, n)| format!("{c}: {n}"))
        .collect();
    assert!(
        thin.is_empty(),
        "codes annotated fewer than twice: {thin:?}"
    );
    assert!(!files.is_empty());
}
