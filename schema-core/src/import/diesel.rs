//! diesel's migrations directory, read through `diesel_migrations` (the
//! crate diesel's own harness and `embed_migrations!` use), so which
//! directories are migrations, their versions and `metadata.toml` mean
//! exactly what they mean to diesel:
//!
//! ```text
//! migrations/
//!   00000000000000_diesel_initial_setup/  up.sql  down.sql
//!   2023-01-01-000000_create_users/       up.sql  down.sql
//!   2023-01-02-000000_index_users/        up.sql  down.sql  metadata.toml  (run_in_transaction = false)
//! ```
//!
//! Every subdirectory not starting with `.` is a migration (diesel refuses
//! the directory otherwise) and must hold `up.sql`. The version is the
//! name up to the first `_` without dashes, as `__diesel_schema_migrations`
//! records it; diesel applies migrations in version order. On top of what
//! diesel accepts, an import wants a name diesel's CLI would write: a
//! version of digits (and dashes) and a name after the `_`.

use std::path::{Path, PathBuf};

use diesel::migration::MigrationSource;
use diesel_migrations::FileBasedMigrations;

use super::{Foreign, ImportError, check_unique, sqlx::read_text};
use crate::migration::ImportTool;

/// Reads a diesel migrations directory, in diesel's order. Every file is
/// read and checked before anything is returned.
pub fn read(dir: &Path) -> Result<Vec<Foreign>, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::NoDir {
            tool: ImportTool::Diesel,
            path: dir.to_path_buf(),
            help: "diesel keeps its migrations in `migrations/` (or `[migrations_directory] dir` in diesel.toml); pass the directory: `cargo schema import diesel DIR`".into(),
        });
    }
    // Our checks first, for errors that name the file.
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ImportError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') || entry.path().is_file() {
            continue;
        }
        dirs.push(entry.path());
    }
    dirs.sort();
    let mut versions = Vec::with_capacity(dirs.len());
    for path in &dirs {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        check_name(path, &name)?;
        if !path.join("up.sql").is_file() {
            return Err(ImportError::MissingUp {
                path: path.join("up.sql"),
            });
        }
        versions.push(name.split('_').next().unwrap_or_default().replace('-', ""));
    }
    check_unique(
        ImportTool::Diesel,
        versions
            .iter()
            .map(String::as_str)
            .zip(dirs.iter().map(PathBuf::as_path)),
    )?;

    // Then diesel's own reading: enumeration, versions, metadata.
    let diesel_err = |e: &dyn std::fmt::Display| ImportError::Diesel {
        message: format!("diesel_migrations cannot read {}: {e}", dir.display()),
    };
    let source = FileBasedMigrations::from_path(dir).map_err(|e| diesel_err(&e))?;
    // The backend only types the trait; reading files doesn't use it.
    let mut found = <FileBasedMigrations as MigrationSource<diesel::pg::Pg>>::migrations(&source)
        .map_err(|e| diesel_err(&e))?
        .into_iter()
        .map(|m| {
            (
                m.name().version().to_string(),
                m.name().to_string(),
                m.metadata().run_in_transaction(),
            )
        })
        .collect::<Vec<_>>();
    // diesel applies pending migrations sorted by version.
    found.sort();

    let mut out = Vec::with_capacity(found.len());
    for (version, dir_name, run_in_transaction) in found {
        let path = dir.join(&dir_name);
        let name = dir_name
            .split_once('_')
            .map_or(dir_name.as_str(), |(_, n)| n)
            .to_string();
        let up = read_text(&path.join("up.sql"))?;
        let down_path = path.join("down.sql");
        let down = if down_path.exists() {
            Some(read_text(&down_path)?)
        } else {
            None
        };
        let (down, because) = Foreign::down_if_any(down, "down.sql");
        out.push(Foreign {
            version,
            name,
            up,
            down,
            irreversible_because: because,
            transactional: run_in_transaction,
            path,
        });
    }
    Ok(out)
}

/// A name diesel's CLI would write: `<version>_<name>`, the version made of
/// digits and dashes.
fn check_name(path: &Path, name: &str) -> Result<(), ImportError> {
    let bad = |reason: String| {
        ImportError::BadName {
        tool: ImportTool::Diesel,
        path: path.to_path_buf(),
        reason,
        help: "diesel names migration directories `<version>_<name>`, e.g. `2023-01-01-000000_create_users` (`diesel migration generate create_users`); rename the directory, or move it out if it is not a migration".into(),
    }
    };
    let Some((version, rest)) = name.split_once('_') else {
        return Err(bad(format!(
            "`{name}` has no `_` between a version and a name"
        )));
    };
    if version.is_empty() || !version.bytes().any(|b| b.is_ascii_digit()) {
        return Err(bad(format!("`{name}` does not start with a version")));
    }
    if let Some(c) = version.chars().find(|c| !c.is_ascii_digit() && *c != '-') {
        return Err(bad(format!(
            "the version `{version}` holds `{c}`: only digits and dashes"
        )));
    }
    if rest.is_empty() {
        return Err(bad(format!("`{name}` has no name after the version")));
    }
    if version.replace('-', "").len() > 50 {
        return Err(bad(
            "the version is longer than the 50 characters __diesel_schema_migrations holds".into(),
        ));
    }
    Ok(())
}
