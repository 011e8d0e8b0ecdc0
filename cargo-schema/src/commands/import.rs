//! `cargo schema import diesel|sqlx [DIR]`: another tool's migrations as
//! revision files, one per migration, chained in that tool's order.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use schema_core::import::{self, Foreign, ImportError};
use schema_core::migration::ImportTool;
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub tool: ImportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a diesel migrations directory (`<version>_<name>/up.sql`, `down.sql`, `metadata.toml`)
    #[command(after_help = "\
Examples:
  cargo schema import diesel                   # migrations/ (or diesel.toml's migrations_directory)
  cargo schema import diesel db/migrations --dry-run
  cargo schema stamp --from diesel             # then adopt each database diesel migrated

Each migration directory becomes one revision, chained in diesel's version order:
up.sql and down.sql are kept byte for byte, the name becomes the message, the version
is kept as `-- imported-from: diesel VERSION`. `run_in_transaction = false` in
metadata.toml becomes `transactional: false`; a missing down.sql, or one without
statements, makes the revision irreversible. Revision files may share the directory
with diesel's (diesel reads only subdirectories, cargo schema only .sql files).
Running it again imports only migrations added since. Nothing is written when any
migration is malformed.")]
    Diesel(SourceArgs),

    /// Import an sqlx migrations directory (`<version>_<desc>.sql`, or `.up.sql` and `.down.sql`)
    #[command(after_help = "\
Examples:
  cargo schema import sqlx sqlx-migrations     # after `git mv migrations sqlx-migrations`
  cargo schema import sqlx --dry-run
  cargo schema stamp --from sqlx               # then adopt each database sqlx migrated

Each migration becomes one revision, chained by version: the SQL is kept byte for byte
(the `-- no-transaction` line included, which makes it `transactional: false`), the
description becomes the message, the version is kept as `-- imported-from: sqlx VERSION`.
A simple `.sql` migration has no down and becomes irreversible, as does an empty
`.down.sql`. sqlx's files can't share the directory with revision files: import from
another directory than the configured `migrations`. Nothing is written when any
migration is malformed.")]
    Sqlx(SourceArgs),
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The tool's migrations directory [default: `migrations` of the package;
    /// for diesel, `[migrations_directory] dir` of diesel.toml when set]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Show what would be written; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: ImportArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let (tool, args) = match args.tool {
        ImportCommand::Diesel(a) => (ImportTool::Diesel, a),
        ImportCommand::Sqlx(a) => (ImportTool::Sqlx, a),
    };
    let project = Project::load(global)?;
    let config = &project.config;
    let source = match &args.dir {
        Some(dir) => absolute(dir)?,
        None => default_dir(tool, &config.root),
    };
    let target = &config.migrations_dir;
    if tool == ImportTool::Sqlx && same_dir(&source, target) {
        return Err(CliError::coded(
            "schema::import::same_dir",
            format!(
                "{} is both sqlx's directory and the configured migrations directory",
                project.display_path(&source)
            ),
            Some(format!(
                "sqlx's `<version>_<desc>.sql` files and revision files can't share a directory: move sqlx's away first (`git mv {0} sqlx-{0}`, then `cargo schema import sqlx sqlx-{0}`), or set `migrations = \"…\"` in [package.metadata.schema] to another directory",
                project.display_path(&source)
            )),
        ));
    }

    // Read and check everything before writing anything.
    let (foreign, ignored) = read(tool, &source)?;
    if foreign.is_empty() {
        return Err(ImportError::Empty {
            tool,
            path: source.clone(),
            help: format!("pass the directory that holds the {tool} migrations: `cargo schema import {tool} DIR`"),
        }
        .into());
    }
    for path in &ignored {
        shell.warn(format!(
            "{} is not an sqlx migration (no `_` after a version); sqlx ignores it, so does the import",
            project.display_path(path)
        ));
    }
    let graph = project.graph()?;
    let now = time::OffsetDateTime::now_utc();
    let plan = import::plan(tool, &foreign, &graph, target, &config.file_template, now)?;
    if !args.dry_run {
        import::write(&plan, target)?;
    }

    if shell.is_json() {
        shell.json(&json!({
            "tool": tool,
            "source": source,
            "migrations_dir": target,
            "dry_run": args.dry_run,
            "imported": plan.files,
            "skipped": plan.skipped,
            "ignored": ignored,
        }));
        return Ok(());
    }
    let verb = if args.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    for f in &plan.files {
        let mut notes = Vec::new();
        if !f.transactional {
            notes.push("not transactional".to_string());
        }
        if let Some(why) = &f.irreversible_because {
            notes.push(format!("irreversible: {why}"));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        shell.status(
            verb,
            format!("{tool} {} {} as {}{notes}", f.version, f.name, f.revision),
        );
        shell.line(project.display_path(&f.path));
    }
    if !plan.skipped.is_empty() {
        shell.status(
            "Skipped",
            format!(
                "{} migration(s) imported before, unchanged",
                plan.skipped.len()
            ),
        );
    }
    if plan.files.is_empty() {
        shell.status("Unchanged", "nothing new to import");
    } else if args.dry_run {
        shell.note("dry run: nothing was written");
    } else {
        shell.note(format!(
            "for each database {tool} already migrated, run `cargo schema stamp --from {tool}` (it reads {} and records the matching revision; nothing else changes)",
            import::table_of(tool)
        ));
    }
    Ok(())
}

fn read(tool: ImportTool, dir: &Path) -> Result<(Vec<Foreign>, Vec<PathBuf>), CliError> {
    Ok(match tool {
        ImportTool::Diesel => (import::diesel::read(dir)?, Vec::new()),
        ImportTool::Sqlx => {
            let read = import::sqlx::read(dir)?;
            (read.migrations, read.ignored)
        }
    })
}

/// The tool's default directory: `migrations` beside the manifest, or
/// diesel.toml's `[migrations_directory] dir`.
fn default_dir(tool: ImportTool, root: &Path) -> PathBuf {
    if tool == ImportTool::Diesel
        && let Ok(text) = std::fs::read_to_string(root.join("diesel.toml"))
        && let Ok(doc) = text.parse::<toml_edit::DocumentMut>()
        && let Some(dir) = doc
            .get("migrations_directory")
            .and_then(|t| t.get("dir"))
            .and_then(|d| d.as_str())
    {
        return root.join(dir);
    }
    root.join("migrations")
}

fn absolute(dir: &Path) -> Result<PathBuf, CliError> {
    if dir.is_absolute() {
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir()
        .map_err(|e| CliError::input(format!("cannot read the current directory: {e}"), None))?;
    Ok(cwd.join(dir))
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
