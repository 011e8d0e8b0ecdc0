//! sqlx's migration layouts, read the way sqlx 0.9 reads them
//! (`sqlx::migrate::resolve_blocking`), so an import sees exactly the
//! migrations sqlx's `Migrator` applies:
//!
//! - files (not directories) named `<VERSION>_<DESCRIPTION>.sql`; a name
//!   without `_` or not ending in `.sql` is not a migration and is passed
//!   over (sqlx ignores it too); a `VERSION` that isn't an integer is an
//!   error (as in sqlx);
//! - `<VERSION>_<DESCRIPTION>.up.sql` and `.down.sql`: a reversible
//!   migration; a plain `.sql` has no down and is imported as irreversible;
//! - a file starting with `-- no-transaction` runs outside a transaction;
//! - ordered by version as integers.
//!
//! The version sqlx records (`_sqlx_migrations.version`) is the integer,
//! so `0001_x.sql` is version `1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Foreign, ImportError};
use crate::migration::ImportTool;

/// What [`read`] found.
#[derive(Debug, Clone, Default)]
pub struct SqlxDir {
    /// The migrations, ordered by version.
    pub migrations: Vec<Foreign>,
    /// `.sql` files sqlx does not take for migrations (no `_` in the name),
    /// worth a warning.
    pub ignored: Vec<PathBuf>,
}

#[derive(Default)]
struct Parts {
    simple: Option<(PathBuf, String)>,
    up: Option<(PathBuf, String)>,
    down: Option<(PathBuf, String)>,
}

/// Reads an sqlx migrations directory. Every file is read and checked
/// before anything is returned.
pub fn read(dir: &Path) -> Result<SqlxDir, ImportError> {
    let no_dir = || {
        ImportError::NoDir {
        tool: ImportTool::Sqlx,
        path: dir.to_path_buf(),
        help: "sqlx keeps its migrations in `migrations/` (`sqlx migrate add NAME`); pass the directory: `cargo schema import sqlx DIR`".into(),
    }
    };
    if !dir.is_dir() {
        return Err(no_dir());
    }
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut by_version: BTreeMap<i64, Parts> = BTreeMap::new();
    let mut ignored = Vec::new();
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ImportError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        names.push((entry.file_name().to_string_lossy().into_owned(), path));
    }
    names.sort();
    for (name, path) in names {
        let Some((version, rest)) = name.split_once('_') else {
            if name.ends_with(".sql") {
                ignored.push(path);
            }
            continue;
        };
        if !rest.ends_with(".sql") {
            continue;
        }
        let version: i64 = version.parse().map_err(|_| ImportError::BadName {
            tool: ImportTool::Sqlx,
            path: path.clone(),
            reason: format!("`{version}` is not an integer version"),
            help: "sqlx migrations are named `<VERSION>_<DESCRIPTION>.sql` with an integer version (`20230101120000_create_users.sql`, or `.up.sql`/`.down.sql`); rename the file".into(),
        })?;
        let (kind, stem) = if let Some(stem) = rest.strip_suffix(".up.sql") {
            ("up", stem)
        } else if let Some(stem) = rest.strip_suffix(".down.sql") {
            ("down", stem)
        } else {
            ("simple", rest.strip_suffix(".sql").unwrap_or(rest))
        };
        let parts = by_version.entry(version).or_default();
        let slot = match kind {
            "up" => &mut parts.up,
            "down" => &mut parts.down,
            _ => &mut parts.simple,
        };
        if let Some((first, _)) = slot {
            return Err(ImportError::DuplicateVersion {
                tool: ImportTool::Sqlx,
                version: version.to_string(),
                first: first.clone(),
                second: path,
            });
        }
        *slot = Some((path, stem.to_string()));
    }

    let mut migrations = Vec::with_capacity(by_version.len());
    for (version, parts) in by_version {
        match parts {
            Parts {
                simple: Some((simple, _)),
                up: Some((other, _)),
                ..
            }
            | Parts {
                simple: Some((simple, _)),
                down: Some((other, _)),
                ..
            } => {
                return Err(ImportError::DuplicateVersion {
                    tool: ImportTool::Sqlx,
                    version: version.to_string(),
                    first: simple,
                    second: other,
                });
            }
            Parts {
                up: None,
                down: Some((down, _)),
                ..
            } => {
                return Err(ImportError::Unpaired {
                    up: down,
                    what: "matching .up.sql",
                    help: "a reversible sqlx migration is a `<VERSION>_<DESCRIPTION>.up.sql` and a `.down.sql`; add the up file or remove the down file",
                });
            }
            Parts {
                simple: Some((path, name)),
                ..
            } => {
                let up = read_text(&path)?;
                migrations.push(Foreign {
                    version: version.to_string(),
                    name,
                    transactional: !no_transaction(&up),
                    up,
                    down: None,
                    irreversible_because: Some("a simple sqlx migration has no down".into()),
                    path,
                });
            }
            Parts {
                up: Some((path, name)),
                down,
                ..
            } => {
                let up = read_text(&path)?;
                let down_text = match &down {
                    Some((p, _)) => Some(read_text(p)?),
                    None => None,
                };
                let down_no_tx = down_text.as_deref().is_some_and(no_transaction);
                let (down, because) = Foreign::down_if_any(down_text, "down file");
                migrations.push(Foreign {
                    version: version.to_string(),
                    name,
                    transactional: !no_transaction(&up) && !down_no_tx,
                    up,
                    down,
                    irreversible_because: because,
                    path,
                });
            }
            Parts { .. } => unreachable!("a version has at least one file"),
        }
    }
    Ok(SqlxDir {
        migrations,
        ignored,
    })
}

/// sqlx's opt-out: the file starts with `-- no-transaction`.
fn no_transaction(sql: &str) -> bool {
    sql.starts_with("-- no-transaction")
}

pub(super) fn read_text(path: &Path) -> Result<String, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| ImportError::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not valid UTF-8",
        ),
    })
}
