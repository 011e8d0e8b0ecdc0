//! Adopting a project of another migration tool: its migrations become
//! revision files, and a database it migrated is stamped accordingly.
//!
//! Two halves, both tool-agnostic here, with one reader per tool beside:
//!
//! - **Import** ([`plan`], [`write`]): the migrations a reader found
//!   ([`Foreign`], in the tool's order) become one revision each, chained
//!   in that order, the SQL kept byte for byte, the tool's version kept in
//!   the header (`-- imported-from: diesel 20230101000000`). Everything is
//!   read and checked before the first file is written; a failed write
//!   removes what it wrote. Running it again imports only migrations added
//!   since (a team still adding migrations with the old tool can re-run
//!   it); one that changed since it was imported is an error.
//! - **Adoption** ([`adopt`]): the versions a database's own table lists
//!   (`__diesel_schema_migrations`, `_sqlx_migrations`) mapped to imported
//!   revisions, giving the version-table rows to stamp. Versions no file
//!   has, failed sqlx migrations, and gaps (a revision not applied below one
//!   that is) are refused with the list: stamping then would claim a schema
//!   the database may not have. The old table is only read.
//!
//! Readers: [`sqlx`] (sqlx's layouts, no dependency) and `diesel` (feature
//! `diesel`, through `diesel_migrations` so names, versions and
//! `metadata.toml` mean what they mean to diesel).

#[cfg(feature = "diesel")]
pub mod diesel;
pub mod sqlx;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use serde::Serialize;
use thiserror::Error;
use time::OffsetDateTime;

use crate::graph::Graph;
use crate::migration::{self, Header, ImportTool, ImportedFrom, Migration, RevId};

/// One migration of another tool, as its files hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foreign {
    /// The key the tool records in its table, as that table holds it
    /// (diesel: the directory name's prefix without dashes; sqlx: the
    /// integer).
    pub version: String,
    /// The name after the version (`create_users`), kept as the message.
    pub name: String,
    /// The up SQL, byte for byte.
    pub up: String,
    /// The down SQL, byte for byte; `None` when there is none or it holds
    /// no statement (only comments or white space): the revision is then
    /// irreversible.
    pub down: Option<String>,
    /// Why `down` is `None`, for the report (`no down.sql`, `down.sql has
    /// no statements`).
    pub irreversible_because: Option<String>,
    /// Whether the tool runs it in a transaction.
    pub transactional: bool,
    /// The file (sqlx) or directory (diesel) it was read from.
    pub path: PathBuf,
}

impl Foreign {
    /// `down` unless it holds no statement (comments and white space only).
    pub(crate) fn down_if_any(
        down: Option<String>,
        what: &str,
    ) -> (Option<String>, Option<String>) {
        match down {
            None => (None, Some(format!("no {what}"))),
            Some(d) if migration::normalize_sql(&d).is_empty() => {
                (None, Some(format!("{what} has no statements")))
            }
            Some(d) => (Some(d), None),
        }
    }
}

/// How a tool orders its versions: diesel as strings, sqlx as integers.
pub fn compare_versions(tool: ImportTool, a: &str, b: &str) -> Ordering {
    match tool {
        ImportTool::Diesel => a.cmp(b),
        ImportTool::Sqlx => match (a.parse::<i64>(), b.parse::<i64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => a.cmp(b),
        },
    }
}

/// Whether two versions name the same migration (sqlx's `0001` is `1`).
fn same_version(tool: ImportTool, a: &str, b: &str) -> bool {
    compare_versions(tool, a, b) == Ordering::Equal
}

/// The table a tool records applied migrations in.
pub fn table_of(tool: ImportTool) -> &'static str {
    match tool {
        ImportTool::Diesel => "__diesel_schema_migrations",
        ImportTool::Sqlx => "_sqlx_migrations",
    }
}

/// One revision file an import writes.
#[derive(Debug, Clone, Serialize)]
pub struct Planned {
    pub version: String,
    pub name: String,
    pub revision: RevId,
    pub revises: Option<RevId>,
    pub path: PathBuf,
    /// Where the migration was read from.
    pub source: PathBuf,
    pub transactional: bool,
    pub irreversible: bool,
    /// Why it is irreversible (`no down.sql`).
    pub irreversible_because: Option<String>,
    #[serde(skip)]
    pub text: String,
}

/// A migration imported before, found unchanged and skipped.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub version: String,
    pub revision: RevId,
}

/// What an import writes (and what it skips).
#[derive(Debug, Clone, Serialize)]
pub struct ImportPlan {
    pub tool: ImportTool,
    pub files: Vec<Planned>,
    pub skipped: Vec<Skipped>,
}

/// Plans the import of `foreign` (in the tool's order) into a project whose
/// revisions are `graph`: revision files under `dir` named by `template`.
/// The new revisions follow the graph's head (base when it is empty). The
/// whole graph with them is checked; nothing is written.
pub fn plan(
    tool: ImportTool,
    foreign: &[Foreign],
    graph: &Graph,
    dir: &Path,
    template: &str,
    now: OffsetDateTime,
) -> Result<ImportPlan, ImportError> {
    // Migrations imported before, by version.
    let mut imported: Vec<(&str, usize)> = Vec::new();
    for (i, m) in graph.revisions().iter().enumerate() {
        if let Some(from) = &m.header.imported_from
            && from.tool == tool
        {
            imported.push((from.version.as_str(), i));
        }
    }
    let newest_imported = imported
        .iter()
        .map(|(v, _)| *v)
        .max_by(|a, b| compare_versions(tool, a, b));

    let mut skipped = Vec::new();
    let mut new: Vec<&Foreign> = Vec::new();
    for f in foreign {
        match imported
            .iter()
            .find(|(v, _)| same_version(tool, v, &f.version))
        {
            Some(&(_, i)) => {
                let m = graph.get(i);
                if !same_sql(m, f) {
                    return Err(ImportError::Changed {
                        tool,
                        version: f.version.clone(),
                        source_path: f.path.clone(),
                        revision: m.id().to_string(),
                        file: m.path.clone(),
                    });
                }
                skipped.push(Skipped {
                    version: f.version.clone(),
                    revision: m.id().clone(),
                });
            }
            None => {
                if let Some(newest) = newest_imported
                    && compare_versions(tool, &f.version, newest) == Ordering::Less
                {
                    return Err(ImportError::OutOfOrder {
                        tool,
                        version: f.version.clone(),
                        path: f.path.clone(),
                        newest: newest.to_string(),
                    });
                }
                new.push(f);
            }
        }
    }

    let mut parent = match graph.heads().as_slice() {
        [] => None,
        [h] => Some(graph.get(*h).id().clone()),
        many => {
            return Err(ImportError::MultipleHeads {
                heads: graph.describe(many),
            });
        }
    };
    let created = now
        .replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .ok();
    let mut taken: HashSet<RevId> = HashSet::new();
    let mut names: HashSet<PathBuf> = HashSet::new();
    let mut files = Vec::with_capacity(new.len());
    let mut all: Vec<Migration> = graph.revisions().to_vec();
    for f in new {
        let id = loop {
            let id = RevId::random();
            if graph.by_id(id.as_str()).is_none() && taken.insert(id.clone()) {
                break id;
            }
        };
        let mut header = Header::new(id.clone(), parent.iter().cloned().collect(), &f.name);
        header.created = created.clone();
        header.transactional = f.transactional;
        header.irreversible = f.down.is_none();
        header.imported_from = Some(ImportedFrom {
            tool,
            version: f.version.clone(),
        });
        let text = Migration::render_verbatim(&header, &f.up, f.down.as_deref()).map_err(|e| {
            ImportError::MarkerInSql {
                path: source_file(tool, f, e.section),
                line: e.line,
            }
        })?;
        let path = dir.join(migration::file_name(template, &id, &f.name, now));
        if !names.insert(path.clone()) || path.exists() {
            return Err(ImportError::NameTaken { path });
        }
        all.push(Migration::parse(&path, &text)?);
        files.push(Planned {
            version: f.version.clone(),
            name: f.name.clone(),
            revision: id.clone(),
            revises: parent.clone(),
            path,
            source: f.path.clone(),
            transactional: f.transactional,
            irreversible: f.down.is_none(),
            irreversible_because: f.irreversible_because.clone(),
            text,
        });
        parent = Some(id);
    }
    // The whole graph with the new revisions, checked before writing.
    Graph::new(all)?;
    Ok(ImportPlan {
        tool,
        files,
        skipped,
    })
}

/// The file a section of a foreign migration came from, for diagnostics.
fn source_file(tool: ImportTool, f: &Foreign, section: &str) -> PathBuf {
    match tool {
        ImportTool::Diesel => f.path.join(format!("{section}.sql")),
        ImportTool::Sqlx if section == "down" => {
            let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
            match name.and_then(|n| n.strip_suffix(".up.sql").map(str::to_string)) {
                Some(stem) => f.path.with_file_name(format!("{stem}.down.sql")),
                None => f.path.clone(),
            }
        }
        ImportTool::Sqlx => f.path.clone(),
    }
}

/// Whether an imported revision still holds what the migration's files
/// hold (the up section may have gained a final newline; see
/// [`Migration::render_verbatim`]).
fn same_sql(m: &Migration, f: &Foreign) -> bool {
    let up = m.up_sql();
    let up_same = up == f.up || (m.down_sql().is_some() && up.strip_suffix('\n') == Some(&f.up));
    up_same && m.down_sql() == f.down.as_deref()
}

/// Writes a plan's files (creating the directory when missing). Either all
/// files are written or none: a failure removes what was written.
pub fn write(plan: &ImportPlan, dir: &Path) -> Result<(), ImportError> {
    let created_dir = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|source| ImportError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written: Vec<&Path> = Vec::new();
    for file in &plan.files {
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file.path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, file.text.as_bytes()));
        if let Err(source) = result {
            if source.kind() != std::io::ErrorKind::AlreadyExists {
                written.push(&file.path);
            }
            for path in written {
                let _ = std::fs::remove_file(path);
            }
            if created_dir {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(ImportError::Write {
                path: file.path.clone(),
                source,
            });
        }
        written.push(&file.path);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Adoption of a live database
// ---------------------------------------------------------------------------

/// One row of a tool's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub version: String,
    /// sqlx records failed migrations (`success = false`); diesel doesn't.
    pub success: bool,
    /// sqlx's checksum (SHA-384 of the file, lowercase hex).
    pub checksum: Option<String>,
}

/// What [`adopt`] found: the revisions the database has applied, and the
/// version-table rows that say so.
#[derive(Debug, Clone, Serialize)]
pub struct Adoption {
    pub tool: ImportTool,
    /// The heads of the applied revisions: what `stamp` records.
    pub rows: Vec<RevId>,
    /// Each applied version and its revision, in the tool's order.
    pub applied: Vec<(String, RevId)>,
    /// Things worth knowing that don't stop the stamp (an sqlx checksum
    /// that differs from the file's).
    pub warnings: Vec<String>,
}

/// Maps the versions a tool's table lists to imported revisions.
///
/// A revision matches a version when it was imported from that version
/// (`-- imported-from:`), or, for diesel, when the version is the one the
/// diesel `MigrationSource` gives it (a database that ran our revisions
/// through diesel's harness). Refuses, listing them, versions no revision
/// has, failed sqlx migrations, and revisions missing below applied ones.
pub fn adopt(
    graph: &Graph,
    tool: ImportTool,
    applied: &[Applied],
) -> Result<Adoption, ImportError> {
    let mut by_version: Vec<(String, usize)> = Vec::new();
    for (i, m) in graph.revisions().iter().enumerate() {
        if let Some(from) = &m.header.imported_from
            && from.tool == tool
        {
            by_version.push((from.version.clone(), i));
        }
    }
    if by_version.is_empty() {
        return Err(ImportError::NothingImported { tool });
    }
    let diesel_versions: HashMap<String, usize> = if tool == ImportTool::Diesel {
        diesel_versions(graph)
            .into_iter()
            .enumerate()
            .map(|(i, v)| (v, i))
            .collect()
    } else {
        HashMap::new()
    };
    let lookup = |v: &str| {
        by_version
            .iter()
            .find(|(iv, _)| same_version(tool, iv, v))
            .map(|&(_, i)| i)
            .or_else(|| diesel_versions.get(v).copied())
    };

    let failed: Vec<String> = applied
        .iter()
        .filter(|a| !a.success)
        .map(|a| a.version.clone())
        .collect();
    if !failed.is_empty() {
        return Err(ImportError::Failed { versions: failed });
    }
    let mut unknown = Vec::new();
    let mut set = graph.empty_set();
    let mut mapped: Vec<(String, RevId)> = Vec::new();
    let mut warnings = Vec::new();
    for a in applied {
        match lookup(&a.version) {
            Some(i) => {
                set[i] = true;
                mapped.push((a.version.clone(), graph.get(i).id().clone()));
                if let Some(recorded) = &a.checksum
                    && !sqlx_checksum_matches(graph.get(i), recorded)
                {
                    warnings.push(format!(
                        "sqlx recorded a different checksum for version {} than {} holds: the file was edited after sqlx applied it",
                        a.version,
                        graph.get(i).path.display()
                    ));
                }
            }
            None => unknown.push(a.version.clone()),
        }
    }
    if !unknown.is_empty() {
        unknown.sort_by(|a, b| compare_versions(tool, a, b));
        return Err(ImportError::UnknownVersions {
            tool,
            table: table_of(tool),
            versions: unknown,
        });
    }
    // Every revision below an applied one must be applied too.
    let roots: Vec<usize> = (0..graph.len()).filter(|&i| set[i]).collect();
    let needed = graph.ancestors_or_self(roots);
    let missing: Vec<String> = (0..graph.len())
        .filter(|&i| needed[i] && !set[i])
        .map(|i| {
            let m = graph.get(i);
            match &m.header.imported_from {
                Some(from) if from.tool == tool => format!("{} ({})", from.version, m.id()),
                _ => format!("{} (not from {tool}: {})", m.id(), m.header.message),
            }
        })
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Gaps {
            tool,
            table: table_of(tool),
            missing,
        });
    }
    mapped.sort_by(|a, b| compare_versions(tool, &a.0, &b.0));
    let rows = graph
        .rows_of(&set)
        .into_iter()
        .map(|i| graph.get(i).id().clone())
        .collect();
    Ok(Adoption {
        tool,
        rows,
        applied: mapped,
        warnings,
    })
}

/// Whether sqlx's recorded checksum (SHA-384 of the whole file) is that of
/// the revision's up section, with or without the newline the import may
/// have added.
fn sqlx_checksum_matches(m: &Migration, recorded: &str) -> bool {
    use sha2::{Digest, Sha384};
    let hex = |s: &str| {
        Sha384::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let up = m.up_sql();
    let recorded = recorded.to_ascii_lowercase();
    hex(up) == recorded || up.strip_suffix('\n').is_some_and(|u| hex(u) == recorded)
}

/// The version the diesel `MigrationSource` gives each revision (by graph
/// index), as `__diesel_schema_migrations` records it.
///
/// A revision imported from diesel keeps its diesel version, so a database
/// diesel migrated sees it applied. Any other gets `r<depth>_<id>`: depth
/// is the longest path from a base (parents and dependencies), which only
/// a revision's own ancestry decides, so the version never changes as the
/// graph grows, and a parent's is always lower than its child's. `r` sorts
/// after the digits diesel's timestamps are made of, so new revisions come
/// after imported ones, as diesel applies pending migrations in version
/// order.
pub fn diesel_versions(graph: &Graph) -> Vec<String> {
    let mut depth = vec![0usize; graph.len()];
    // Graph order is topological: parents and dependencies come first.
    for i in 0..graph.len() {
        depth[i] = graph
            .parents_of(i)
            .iter()
            .chain(graph.depends_of(i))
            .map(|&p| depth[p] + 1)
            .max()
            .unwrap_or(1);
    }
    (0..graph.len())
        .map(|i| {
            let m = graph.get(i);
            match &m.header.imported_from {
                Some(from) if from.tool == ImportTool::Diesel => from.version.clone(),
                _ => format!("r{:06}_{}", depth[i], m.id()),
            }
        })
        .collect()
}

/// The versions of the applied migrations a tool's table lists; `None` when
/// the table does not exist.
#[cfg(feature = "runner")]
pub async fn read_applied(
    db: &mut crate::runner::Database,
    tool: ImportTool,
) -> Result<Option<Vec<Applied>>, crate::runner::RunError> {
    use crate::Dialect;
    let table = table_of(tool);
    let read_err = |e: ::sqlx::Error| {
        let message = match e.as_database_error() {
            Some(d) => d.message().to_string(),
            None => e.to_string(),
        };
        crate::runner::RunError::Bookkeeping {
            action: "read the old tool's migrations table",
            message,
            code: None,
        }
    };
    if !db.table_exists(table).await.map_err(read_err)? {
        return Ok(None);
    }
    let sql = match (tool, db.dialect()) {
        (ImportTool::Diesel, _) => {
            format!("SELECT CAST(version AS TEXT), '1', NULL FROM {table}")
        }
        (ImportTool::Sqlx, Dialect::Sqlite) => format!(
            "SELECT CAST(version AS TEXT), CAST(CAST(success AS INTEGER) AS TEXT), lower(hex(checksum)) FROM {table}"
        ),
        (ImportTool::Sqlx, _) => format!(
            "SELECT CAST(version AS TEXT), CAST(CAST(success AS INTEGER) AS TEXT), encode(checksum, 'hex') FROM {table}"
        ),
    };
    let rows = db.text_rows(&sql).await?;
    Ok(Some(
        rows.into_iter()
            .map(|r| {
                let mut r = r.into_iter();
                let version = r.next().flatten().unwrap_or_default();
                let success = r.next().flatten().is_none_or(|s| s != "0");
                let checksum = r.next().flatten().filter(|c| !c.is_empty());
                Applied {
                    version,
                    success,
                    checksum,
                }
            })
            .collect(),
    ))
}

/// Import and adoption errors. Each names the file or versions involved;
/// nothing was written when one is returned.
#[derive(Debug, Error, Diagnostic)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(schema::import::read))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{} is not a directory of {tool} migrations", path.display())]
    #[diagnostic(code(schema::import::no_dir), help("{help}"))]
    NoDir {
        tool: ImportTool,
        path: PathBuf,
        help: String,
    },

    #[error("{} holds no {tool} migrations", path.display())]
    #[diagnostic(code(schema::import::empty), help("{help}"))]
    Empty {
        tool: ImportTool,
        path: PathBuf,
        help: String,
    },

    #[error("{} is not a {tool} migration name: {reason}", path.display())]
    #[diagnostic(code(schema::import::bad_name), help("{help}"))]
    BadName {
        tool: ImportTool,
        path: PathBuf,
        reason: String,
        help: String,
    },

    #[error("missing {}", path.display())]
    #[diagnostic(
        code(schema::import::missing_up),
        help(
            "every diesel migration directory holds an up.sql (and usually a down.sql); add it, or move the directory out of the migrations directory"
        )
    )]
    MissingUp { path: PathBuf },

    #[error("{} has no {what}", up.display())]
    #[diagnostic(code(schema::import::missing_up), help("{help}"))]
    Unpaired {
        up: PathBuf,
        what: &'static str,
        help: &'static str,
    },

    #[error("{tool} version {version} is used twice: {} and {}", first.display(), second.display())]
    #[diagnostic(
        code(schema::import::duplicate_version),
        help(
            "{tool} would not know which one a database has applied; give one of them another version"
        )
    )]
    DuplicateVersion {
        tool: ImportTool,
        version: String,
        first: PathBuf,
        second: PathBuf,
    },

    #[error("{}:{line}: the line reads as a cargo schema section marker (`-- migrate:…`)", path.display())]
    #[diagnostic(
        code(schema::import::marker_in_sql),
        help(
            "revision files split on `-- migrate:up` / `-- migrate:down` lines; reword that comment (e.g. `-- migrate up`) and import again"
        )
    )]
    MarkerInSql { path: PathBuf, line: usize },

    #[error("{tool} migration {version} ({}) changed since it was imported as revision {revision} ({})", source_path.display(), file.display())]
    #[diagnostic(
        code(schema::import::changed),
        help(
            "an imported migration is not imported again; make the change in the revision file (or a new revision), or restore the old file"
        )
    )]
    Changed {
        tool: ImportTool,
        version: String,
        source_path: PathBuf,
        revision: String,
        file: PathBuf,
    },

    #[error("{tool} migration {version} ({}) is older than {newest}, which was imported before", path.display())]
    #[diagnostic(
        code(schema::import::out_of_order),
        help(
            "new migrations are chained after the imported ones; give it a version after {newest}, or write it as a cargo schema revision"
        )
    )]
    OutOfOrder {
        tool: ImportTool,
        version: String,
        path: PathBuf,
        newest: String,
    },

    #[error("multiple head revisions are present: {heads}")]
    #[diagnostic(
        code(schema::import::multiple_heads),
        help(
            "imported revisions follow the one head; merge first with `cargo schema merge -m \"merge\" heads`"
        )
    )]
    MultipleHeads { heads: String },

    #[error("{} already exists", path.display())]
    #[diagnostic(
        code(schema::import::exists),
        help("the file-template gives two revisions one name; include {{rev}} in it")
    )]
    NameTaken { path: PathBuf },

    #[error("cannot write {}: {source}", path.display())]
    #[diagnostic(
        code(schema::import::write),
        help("nothing was imported: every file written was removed again")
    )]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Migration(#[from] crate::migration::MigrationError),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Graph(#[from] crate::graph::GraphError),

    #[error("no revision was imported from {tool}")]
    #[diagnostic(
        code(schema::import::nothing_imported),
        help(
            "import the migrations first (`cargo schema import {tool}`), then stamp the database with `cargo schema stamp --from {tool}`"
        )
    )]
    NothingImported { tool: ImportTool },

    #[error("the database has no {table} table: {tool} never migrated it")]
    #[diagnostic(
        code(schema::import::no_table),
        help(
            "check the URL; a database no tool migrated yet needs no stamp: `cargo schema upgrade head` builds it"
        )
    )]
    NoTable {
        tool: ImportTool,
        table: &'static str,
    },

    #[error("the database's {table} lists {} version(s) no imported revision has: {}", versions.len(), listing(versions))]
    #[diagnostic(
        code(schema::import::unknown_versions),
        help(
            "the database is ahead of these files: import from the {tool} migrations it was migrated with (`cargo schema import {tool} DIR`), then stamp again; nothing was stamped"
        )
    )]
    UnknownVersions {
        tool: ImportTool,
        table: &'static str,
        versions: Vec<String>,
    },

    #[error(
        "sqlx recorded failed migration(s) in _sqlx_migrations: {}",
        listing(versions)
    )]
    #[diagnostic(
        code(schema::import::failed),
        help(
            "the schema is in between two versions; repair it (and the row) with sqlx first, then stamp; nothing was stamped"
        )
    )]
    Failed { versions: Vec<String> },

    #[error(
        "the database's {table} skips revision(s) below ones it has applied: {}",
        listing(missing)
    )]
    #[diagnostic(
        code(schema::import::gaps),
        help(
            "which revision the schema is at is ambiguous: apply the missing migration(s) with {tool} first (or stamp a revision by hand with `cargo schema stamp REV` once you know); nothing was stamped"
        )
    )]
    Gaps {
        tool: ImportTool,
        table: &'static str,
        missing: Vec<String>,
    },

    #[error("the version table already records {current}; the {tool} table says {adopted}")]
    #[diagnostic(
        code(schema::import::diverged),
        help(
            "`stamp --from` adopts a database cargo schema does not track yet, or moves it forward; to set the version table deliberately, use `cargo schema stamp REV`; nothing was stamped"
        )
    )]
    Diverged {
        tool: ImportTool,
        current: String,
        adopted: String,
    },

    #[error("{message}")]
    #[diagnostic(code(schema::import::diesel))]
    Diesel { message: String },
}

/// A list of items for an error message: `a, b, c` (at most 20 shown).
pub(crate) fn listing(items: &[String]) -> String {
    const MAX: usize = 20;
    if items.len() <= MAX {
        return items.join(", ");
    }
    format!("{} and {} more", items[..MAX].join(", "), items.len() - MAX)
}

/// Groups paths by a key, keeping the first; reports the second as a
/// duplicate.
#[cfg(feature = "diesel")]
pub(crate) fn check_unique<'a>(
    tool: ImportTool,
    items: impl IntoIterator<Item = (&'a str, &'a Path)>,
) -> Result<(), ImportError> {
    let mut seen: std::collections::BTreeMap<String, &Path> = Default::default();
    for (version, path) in items {
        let key = match tool {
            ImportTool::Sqlx => version
                .parse::<i64>()
                .map_or_else(|_| version.to_string(), |v| v.to_string()),
            ImportTool::Diesel => version.to_string(),
        };
        if let Some(first) = seen.insert(key, path) {
            return Err(ImportError::DuplicateVersion {
                tool,
                version: version.to_string(),
                first: first.to_path_buf(),
                second: path.to_path_buf(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
