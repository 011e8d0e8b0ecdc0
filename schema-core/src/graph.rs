//! The revision graph: every revision of a project as a DAG.
//!
//! Edges are `revises` (parents; a merge has several) and `depends-on`
//! (an ordering requirement on another branch that does not merge it, as in
//! Alembic). Heads are revisions that no other revision revises; bases are
//! revisions that revise nothing. A dependency does not stop a revision from
//! being a head, again as in Alembic.
//!
//! Revisions are kept in a `Vec` in topological order and addressed by index
//! (`usize`) internally, so the walks that plans and history need are plain
//! loops over bit sets.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

use crate::migration::{Migration, MigrationError, RevId};

/// The revisions of a project, checked: ids unique, parents and dependencies
/// present, no cycle, labels unique.
#[derive(Debug, Clone)]
pub struct Graph {
    /// In topological order: parents and dependencies before children.
    revs: Vec<Migration>,
    index: HashMap<RevId, usize>,
    parents: Vec<Vec<usize>>,
    depends: Vec<Vec<usize>>,
    children: Vec<Vec<usize>>,
    dependents: Vec<Vec<usize>>,
    labels: BTreeMap<String, usize>,
    /// Ids sorted, for prefix look-ups.
    sorted: Vec<(RevId, usize)>,
}

/// A set of revisions as one flag per revision index.
pub type RevSet = Vec<bool>;

impl Graph {
    /// Reads every `*.sql` file of a migrations directory. A directory that
    /// does not exist is an empty graph (a project before its first
    /// revision). All malformed files are reported together.
    pub fn load(dir: &Path) -> Result<Graph, GraphError> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Graph::new(Vec::new()),
            Err(source) => {
                return Err(GraphError::ReadDir {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        };
        let mut paths = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| GraphError::ReadDir {
                path: dir.to_path_buf(),
                source,
            })?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') || !name.ends_with(".sql") {
                continue;
            }
            // The directory entry's type costs no extra stat; a symlink is
            // followed.
            let is_file = match entry.file_type() {
                Ok(t) if t.is_file() => true,
                Ok(t) if t.is_symlink() => entry.path().is_file(),
                _ => false,
            };
            if is_file {
                paths.push((name.to_string(), entry.path()));
            }
        }
        paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (migrations, mut errors) = read_all(dir, &paths);
        match errors.len() {
            0 => Graph::new(migrations),
            1 => Err(GraphError::File(errors.pop().expect("one error"))),
            _ => Err(GraphError::Files {
                count: errors.len(),
                errors,
            }),
        }
    }

    /// Builds and checks a graph from parsed revisions (from files, or
    /// embedded in a binary).
    pub fn new(migrations: Vec<Migration>) -> Result<Graph, GraphError> {
        let mut index: HashMap<RevId, usize> = HashMap::with_capacity(migrations.len());
        for (i, m) in migrations.iter().enumerate() {
            if let Some(&first) = index.get(m.id()) {
                return Err(GraphError::DuplicateId {
                    id: m.id().clone(),
                    first: migrations[first].path.clone(),
                    src: m.named_source(),
                    span: span_or_start(&m.spans.revision),
                });
            }
            index.insert(m.id().clone(), i);
        }
        let n = migrations.len();
        let mut parents = vec![Vec::new(); n];
        let mut depends = vec![Vec::new(); n];
        for (i, m) in migrations.iter().enumerate() {
            for p in m.parents() {
                let &j = index.get(p).ok_or_else(|| GraphError::MissingParent {
                    id: m.id().clone(),
                    parent: p.clone(),
                    help: missing_help(p, &index),
                    src: m.named_source(),
                    span: span_or_start(&m.spans.revises),
                })?;
                parents[i].push(j);
            }
            for d in &m.header.depends_on {
                let &j = index.get(d).ok_or_else(|| GraphError::MissingDependency {
                    id: m.id().clone(),
                    dependency: d.clone(),
                    help: missing_help(d, &index),
                    src: m.named_source(),
                    span: span_or_start(&m.spans.depends_on),
                })?;
                depends[i].push(j);
            }
        }

        // Kahn's algorithm; among revisions ready at once the oldest
        // (created, then id) goes first, so the order is deterministic and
        // branches interleave by age.
        let mut pending: Vec<usize> = (0..n)
            .map(|i| parents[i].len() + depends[i].len())
            .collect();
        let mut out_edges = vec![Vec::new(); n];
        for i in 0..n {
            for &p in parents[i].iter().chain(&depends[i]) {
                out_edges[p].push(i);
            }
        }
        let key = |i: usize| {
            let m: &Migration = &migrations[i];
            Reverse((
                m.header.created.clone().unwrap_or_default(),
                m.id().clone(),
                i,
            ))
        };
        let mut ready: BinaryHeap<_> = (0..n).filter(|&i| pending[i] == 0).map(key).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(Reverse((_, _, i))) = ready.pop() {
            order.push(i);
            for &c in &out_edges[i] {
                pending[c] -= 1;
                if pending[c] == 0 {
                    ready.push(key(c));
                }
            }
        }
        if order.len() < n {
            let cycle = find_cycle(&parents, &depends, &pending);
            let first = &migrations[cycle[0]];
            return Err(GraphError::Cycle {
                ids: cycle.iter().map(|&i| migrations[i].id().clone()).collect(),
                files: cycle
                    .iter()
                    .map(|&i| migrations[i].path.display().to_string())
                    .collect::<Vec<_>>()
                    .join("\n  "),
                src: first.named_source(),
                span: span_or_start(&first.spans.revises),
            });
        }

        // Re-index in topological order.
        let mut position = vec![0; n];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = pos;
        }
        let mut slots: Vec<Option<Migration>> = migrations.into_iter().map(Some).collect();
        let revs: Vec<Migration> = order
            .iter()
            .map(|&i| slots[i].take().expect("each revision placed once"))
            .collect();
        let remap = |v: &Vec<usize>| v.iter().map(|&j| position[j]).collect::<Vec<_>>();
        let parents: Vec<Vec<usize>> = order.iter().map(|&i| remap(&parents[i])).collect();
        let depends: Vec<Vec<usize>> = order.iter().map(|&i| remap(&depends[i])).collect();
        let mut children = vec![Vec::new(); n];
        let mut dependents = vec![Vec::new(); n];
        for i in 0..n {
            for &p in &parents[i] {
                children[p].push(i);
            }
            for &d in &depends[i] {
                dependents[d].push(i);
            }
        }
        let index: HashMap<RevId, usize> = revs
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id().clone(), i))
            .collect();

        let mut labels: BTreeMap<String, usize> = BTreeMap::new();
        for (i, m) in revs.iter().enumerate() {
            for label in &m.header.branch_labels {
                if let Some(&first) = labels.get(label) {
                    return Err(GraphError::DuplicateLabel {
                        label: label.clone(),
                        first: revs[first].path.clone(),
                        src: m.named_source(),
                        span: span_or_start(&m.spans.branch_labels),
                    });
                }
                if let Some(&other) = index.get(label.as_str()) {
                    return Err(GraphError::LabelIsId {
                        label: label.clone(),
                        other: revs[other].path.clone(),
                        src: m.named_source(),
                        span: span_or_start(&m.spans.branch_labels),
                    });
                }
                labels.insert(label.clone(), i);
            }
        }
        let mut sorted: Vec<(RevId, usize)> = index.iter().map(|(k, &v)| (k.clone(), v)).collect();
        sorted.sort();
        Ok(Graph {
            revs,
            index,
            parents,
            depends,
            children,
            dependents,
            labels,
            sorted,
        })
    }

    pub fn len(&self) -> usize {
        self.revs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.revs.is_empty()
    }

    /// All revisions in topological order (parents first).
    pub fn revisions(&self) -> &[Migration] {
        &self.revs
    }

    pub fn get(&self, i: usize) -> &Migration {
        &self.revs[i]
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn by_id(&self, id: &str) -> Option<&Migration> {
        self.index_of(id).map(|i| &self.revs[i])
    }

    pub fn parents_of(&self, i: usize) -> &[usize] {
        &self.parents[i]
    }

    pub fn depends_of(&self, i: usize) -> &[usize] {
        &self.depends[i]
    }

    pub fn children_of(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    pub fn dependents_of(&self, i: usize) -> &[usize] {
        &self.dependents[i]
    }

    /// Revisions no other revision revises, in topological order.
    pub fn heads(&self) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.children[i].is_empty())
            .collect()
    }

    /// Revisions that revise nothing.
    pub fn bases(&self) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.parents[i].is_empty())
            .collect()
    }

    /// Revisions with more than one child: where branches start.
    pub fn branch_points(&self) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.children[i].len() > 1)
            .collect()
    }

    pub fn labels(&self) -> &BTreeMap<String, usize> {
        &self.labels
    }

    pub fn label(&self, label: &str) -> Option<usize> {
        self.labels.get(label).copied()
    }

    /// Looks a revision up by full id or unique prefix.
    pub fn lookup(&self, prefix: &str) -> Lookup {
        if let Some(i) = self.index_of(prefix) {
            return Lookup::Found(i);
        }
        let start = self.sorted.partition_point(|(id, _)| id.as_str() < prefix);
        let matches: Vec<usize> = self.sorted[start..]
            .iter()
            .take_while(|(id, _)| id.as_str().starts_with(prefix))
            .map(|&(_, i)| i)
            .collect();
        match matches.len() {
            0 => Lookup::NotFound,
            1 => Lookup::Found(matches[0]),
            _ => Lookup::Ambiguous(matches),
        }
    }

    pub fn empty_set(&self) -> RevSet {
        vec![false; self.len()]
    }

    /// `set` and everything it needs: parents and dependencies, transitively.
    pub fn ancestors_or_self(&self, roots: impl IntoIterator<Item = usize>) -> RevSet {
        let mut seen = self.empty_set();
        let mut stack: Vec<usize> = roots.into_iter().collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            stack.extend(self.parents[i].iter().chain(&self.depends[i]).copied());
        }
        seen
    }

    /// `set` and everything that needs it: children and dependents,
    /// transitively.
    pub fn descendants_or_self(&self, roots: impl IntoIterator<Item = usize>) -> RevSet {
        let mut seen = self.empty_set();
        let mut stack: Vec<usize> = roots.into_iter().collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            stack.extend(self.children[i].iter().chain(&self.dependents[i]).copied());
        }
        seen
    }

    /// The version-table rows that describe an applied set: applied
    /// revisions none of whose children is applied.
    pub fn rows_of(&self, applied: &RevSet) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| applied[i] && !self.children[i].iter().any(|&c| applied[c]))
            .collect()
    }

    /// The members of a branch: the labelled revision, its descendants, and
    /// its ancestors back to the point where the branch split off (a
    /// revision with several children) or a base.
    pub fn branch_members(&self, label_rev: usize) -> RevSet {
        let mut members = self.descendants_or_self([label_rev]);
        let mut cur = label_rev;
        loop {
            match self.parents[cur].as_slice() {
                [p] if self.children[*p].len() == 1 => {
                    members[*p] = true;
                    cur = *p;
                }
                _ => break,
            }
        }
        members
    }

    /// The files of the given revisions, for messages.
    pub fn describe(&self, revs: &[usize]) -> String {
        revs.iter()
            .map(|&i| {
                let m = &self.revs[i];
                format!("{} ({})", m.id(), m.path.display())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Reads and parses files, on a few threads when there are many (opening
/// thousands of small files is most of the time `history` takes).
fn read_all(dir: &Path, paths: &[(String, PathBuf)]) -> (Vec<Migration>, Vec<MigrationError>) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let chunks: Vec<&[(String, PathBuf)]> = if paths.len() < 512 || threads < 2 {
        vec![paths]
    } else {
        paths.chunks(paths.len().div_ceil(threads)).collect()
    };
    // Files are opened relative to the directory (one path lookup instead
    // of one per component) and read without a stat for their size.
    let dir_fd = std::fs::File::open(dir).ok();
    let read = |chunk: &[(String, PathBuf)]| {
        let mut ok = Vec::with_capacity(chunk.len());
        let mut err = Vec::new();
        for (name, path) in chunk {
            let bytes = match &dir_fd {
                Some(fd) => read_at(fd, name),
                None => std::fs::read(path),
            };
            let parsed = bytes
                .map_err(|source| MigrationError::Read {
                    path: path.clone(),
                    source,
                })
                .and_then(|b| Migration::from_bytes(path.clone(), b));
            match parsed {
                Ok(m) => ok.push(m),
                Err(e) => err.push(e),
            }
        }
        (ok, err)
    };
    let results: Vec<(Vec<Migration>, Vec<MigrationError>)> = if chunks.len() == 1 {
        vec![read(chunks[0])]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|&chunk| scope.spawn(move || read(chunk)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("reading revision files does not panic"))
                .collect()
        })
    };
    let mut migrations = Vec::with_capacity(paths.len());
    let mut errors = Vec::new();
    for (ok, err) in results {
        migrations.extend(ok);
        errors.extend(err);
    }
    (migrations, errors)
}

/// Reads `name` in the directory `dir`.
fn read_at(dir: &std::fs::File, name: &str) -> std::io::Result<Vec<u8>> {
    use rustix::fs::{Mode, OFlags, openat};
    let fd = openat(dir, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
    let mut buf = Vec::with_capacity(4096);
    loop {
        if buf.len() == buf.capacity() {
            buf.reserve(buf.capacity());
        }
        let n = rustix::io::read(&fd, rustix::buffer::spare_capacity(&mut buf))?;
        if n == 0 {
            return Ok(buf);
        }
    }
}

/// The result of looking up a revision id or prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    NotFound,
    Ambiguous(Vec<usize>),
}

fn span_or_start(span: &Option<std::ops::Range<usize>>) -> SourceSpan {
    span.clone().unwrap_or(0..0).into()
}

fn missing_help(id: &RevId, index: &HashMap<RevId, usize>) -> String {
    let similar: Vec<&str> = index
        .keys()
        .map(RevId::as_str)
        .filter(|k| k.starts_with(id.as_str()) || id.as_str().starts_with(k))
        .take(3)
        .collect();
    if similar.is_empty() {
        format!(
            "no file in the migrations directory has `-- revision: {id}`; restore the missing file, or point this revision at an existing parent (`cargo schema heads` lists the candidates)"
        )
    } else {
        format!("write the full id; did you mean {}?", similar.join(", "))
    }
}

/// Finds one cycle among revisions Kahn's algorithm could not order.
fn find_cycle(parents: &[Vec<usize>], depends: &[Vec<usize>], pending: &[usize]) -> Vec<usize> {
    let n = parents.len();
    // Every node left with pending > 0 is on a cycle or downstream of one;
    // following "needs" edges among them must eventually revisit a node.
    let start = (0..n).find(|&i| pending[i] > 0).expect("a node is left");
    let mut seen_at = vec![usize::MAX; n];
    let mut path = Vec::new();
    let mut cur = start;
    loop {
        if seen_at[cur] != usize::MAX {
            return path[seen_at[cur]..].to_vec();
        }
        seen_at[cur] = path.len();
        path.push(cur);
        cur = *parents[cur]
            .iter()
            .chain(&depends[cur])
            .find(|&&p| pending[p] > 0)
            .expect("a node on or after a cycle needs a node on or after a cycle");
    }
}

/// A migrations directory that doesn't form a valid graph.
#[derive(Debug, Error, Diagnostic)]
pub enum GraphError {
    #[error("cannot read the migrations directory {}: {source}", path.display())]
    #[diagnostic(code(schema::graph::read_dir))]
    ReadDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    File(#[from] MigrationError),

    #[error("{count} revision files are malformed")]
    #[diagnostic(code(schema::graph::files))]
    Files {
        count: usize,
        #[related]
        errors: Vec<MigrationError>,
    },

    #[error("duplicate revision id `{id}` (also in {})", first.display())]
    #[diagnostic(
        code(schema::graph::duplicate_id),
        help(
            "two files claim the same revision; give one of them a new id (`cargo schema revision` makes random ones), and fix the `revises` lines that point at it"
        )
    )]
    DuplicateId {
        id: RevId,
        first: PathBuf,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("second use of this id")]
        span: SourceSpan,
    },

    #[error("revision `{id}` revises `{parent}`, which does not exist")]
    #[diagnostic(code(schema::graph::missing_parent), help("{help}"))]
    MissingParent {
        id: RevId,
        parent: RevId,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("unknown parent")]
        span: SourceSpan,
    },

    #[error("revision `{id}` depends on `{dependency}`, which does not exist")]
    #[diagnostic(code(schema::graph::missing_dependency), help("{help}"))]
    MissingDependency {
        id: RevId,
        dependency: RevId,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("unknown revision")]
        span: SourceSpan,
    },

    #[error("the revisions form a cycle: {}", ids.iter().map(RevId::as_str).collect::<Vec<_>>().join(" -> "))]
    #[diagnostic(
        code(schema::graph::cycle),
        help(
            "a revision cannot (indirectly) revise itself; fix the `revises` / `depends-on` lines of these files:\n  {files}"
        )
    )]
    Cycle {
        ids: Vec<RevId>,
        files: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("part of the cycle")]
        span: SourceSpan,
    },

    #[error("branch label `{label}` is used twice (also in {})", first.display())]
    #[diagnostic(
        code(schema::graph::duplicate_label),
        help(
            "a label names one branch; later revisions of the branch inherit it, so put it only on the branch's first revision"
        )
    )]
    DuplicateLabel {
        label: String,
        first: PathBuf,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("second use")]
        span: SourceSpan,
    },

    #[error("branch label `{label}` is also a revision id (in {})", other.display())]
    #[diagnostic(code(schema::graph::label_is_id), help("choose another label"))]
    LabelIsId {
        label: String,
        other: PathBuf,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("conflicting label")]
        span: SourceSpan,
    },
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::migration::Header;

    /// Builds a migration from `id` and comma-separated parents ("" = base).
    pub(crate) fn rev(id: &str, parents: &str) -> Migration {
        rev_with(id, parents, |_| {})
    }

    pub(crate) fn rev_with(id: &str, parents: &str, f: impl FnOnce(&mut Header)) -> Migration {
        let parents = parents
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| RevId::parse(s).unwrap())
            .collect();
        let mut h = Header::new(RevId::parse(id).unwrap(), parents, format!("rev {id}"));
        h.created = Some("2026-01-01T00:00:00Z".into());
        f(&mut h);
        let down = format!("-- down {id}");
        let down = (!h.irreversible).then_some(down.as_str());
        let text = Migration::render(&h, &format!("-- up {id}"), down);
        Migration::parse(format!("{id}.sql"), &text).unwrap()
    }

    pub(crate) fn graph(edges: &[(&str, &str)]) -> Graph {
        Graph::new(edges.iter().map(|(id, p)| rev(id, p)).collect()).unwrap()
    }

    fn ids(g: &Graph, v: &[usize]) -> Vec<String> {
        v.iter().map(|&i| g.get(i).id().to_string()).collect()
    }

    #[test]
    fn heads_bases_and_order() {
        let g = graph(&[
            ("d", "b,c"),
            ("c", "a"),
            ("b", "a"),
            ("a", ""),
            ("e", "d"),
            ("x", ""),
        ]);
        assert_eq!(ids(&g, &g.heads()), ["e", "x"]);
        assert_eq!(ids(&g, &g.bases()), ["a", "x"]);
        let order: Vec<&str> = g.revisions().iter().map(|m| m.id().as_str()).collect();
        assert_eq!(order, ["a", "b", "c", "d", "e", "x"]);
        assert_eq!(ids(&g, &g.branch_points()), ["a"]);
    }

    #[test]
    fn prefixes() {
        let g = graph(&[("abc1", ""), ("abd2", "abc1"), ("ffff", "abd2")]);
        assert_eq!(g.lookup("abc"), Lookup::Found(0));
        assert_eq!(g.lookup("f"), Lookup::Found(2));
        assert!(matches!(g.lookup("ab"), Lookup::Ambiguous(v) if v.len() == 2));
        assert_eq!(g.lookup("zz"), Lookup::NotFound);
    }

    #[test]
    fn errors() {
        let e = Graph::new(vec![rev("a", ""), rev("a", "")]).unwrap_err();
        assert!(matches!(e, GraphError::DuplicateId { .. }), "{e}");
        let e = Graph::new(vec![rev("a", ""), rev("b", "zzz")]).unwrap_err();
        assert!(matches!(e, GraphError::MissingParent { .. }), "{e}");
        let e = Graph::new(vec![
            rev("a", "c"),
            rev("b", "a"),
            rev("c", "b"),
            rev("d", ""),
        ])
        .unwrap_err();
        match e {
            GraphError::Cycle { ids, .. } => assert_eq!(ids.len(), 3),
            e => panic!("{e}"),
        }
        let e = Graph::new(vec![
            rev_with("a", "", |h| h.branch_labels = vec!["x".into()]),
            rev_with("b", "", |h| h.branch_labels = vec!["x".into()]),
        ])
        .unwrap_err();
        assert!(matches!(e, GraphError::DuplicateLabel { .. }), "{e}");
        let e = Graph::new(vec![
            rev("a", ""),
            rev_with("b", "a", |h| {
                h.depends_on = vec![RevId::parse("q").unwrap()]
            }),
        ])
        .unwrap_err();
        assert!(matches!(e, GraphError::MissingDependency { .. }), "{e}");
    }

    #[test]
    fn branch_members_stop_at_the_split() {
        // a - b - c (head), and b - x - y labelled at x
        let g = Graph::new(vec![
            rev("a", ""),
            rev("b", "a"),
            rev("c", "b"),
            rev_with("x", "b", |h| h.branch_labels = vec!["side".into()]),
            rev("y", "x"),
        ])
        .unwrap();
        let m = g.branch_members(g.label("side").unwrap());
        let names: Vec<String> = (0..g.len())
            .filter(|&i| m[i])
            .map(|i| g.get(i).id().to_string())
            .collect();
        assert_eq!(names, ["x", "y"]);
    }
}
