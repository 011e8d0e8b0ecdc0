//! `cargo schema stamp TARGET`: sets the version table without running SQL.
//! `cargo schema stamp --from diesel|sqlx`: the same, for the revisions a
//! database's diesel or sqlx table says are applied.

use clap::{Args, ValueEnum};
use schema_core::import::{self, ImportError};
use schema_core::migration::ImportTool;
use schema_core::{Target, plan, runner};
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::db::{self, Context, describe_rows};
use crate::project::CliError;
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct StampArgs {
    /// The revision(s) to record: head, heads, base, an id, label@head
    #[arg(value_name = "TARGET", required_unless_present = "from")]
    pub target: Option<String>,

    /// Discard the version table's rows first (for rows no file has)
    #[arg(long)]
    pub purge: bool,

    /// Adopt a database diesel or sqlx migrated: record the imported
    /// revision matching the newest version in its table
    /// (__diesel_schema_migrations, _sqlx_migrations), which is only read
    #[arg(long, value_enum, value_name = "TOOL", conflicts_with_all = ["target", "purge"])]
    pub from: Option<FromTool>,
}

/// The tools `--from` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromTool {
    Diesel,
    Sqlx,
}

impl From<FromTool> for ImportTool {
    fn from(t: FromTool) -> ImportTool {
        match t {
            FromTool::Diesel => ImportTool::Diesel,
            FromTool::Sqlx => ImportTool::Sqlx,
        }
    }
}

pub fn run(args: StampArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let ctx = Context::load(global, shell)?;
    let target = match (args.from, &args.target) {
        (Some(tool), _) => return from(&ctx, tool.into(), global, shell),
        (None, Some(target)) => Target::parse(target)?,
        (None, None) => unreachable!("clap requires TARGET without --from"),
    };
    db::runtime()?.block_on(async {
        let mut database = ctx.connect().await?;
        let state = ctx.migrator.state(&mut database).await?;
        let rows = if args.purge {
            Vec::new()
        } else {
            state.rows.clone()
        };
        let preview = runner::stamp_plan(ctx.graph(), &rows, &target)?;
        if !shell.is_json() {
            shell.status("Target", ctx.target_line());
            shell.status("Current", describe_rows(ctx.graph(), &state.rows));
            shell.status(
                "Plan",
                format!(
                    "record {} (no SQL is run)",
                    describe_rows(ctx.graph(), &preview.after)
                ),
            );
        }
        let details = json!({
            "target": ctx.url.url.redacted(),
            "current": state.rows,
            "after": preview.after,
        });
        db::confirm(
            &ctx,
            global,
            shell,
            "stamping rewrites its version table",
            details,
        )?;
        let plan = ctx
            .migrator
            .stamp(&mut database, &target, args.purge)
            .await?;
        database.close().await;
        if shell.is_json() {
            shell.json(&json!({ "before": state.rows, "after": plan.after }));
        } else {
            shell.status("Stamped", describe_rows(ctx.graph(), &plan.after));
        }
        Ok(())
    })
}

/// `stamp --from TOOL`: reads the tool's table, maps its versions to the
/// imported revisions and records their heads. Refuses (nothing stamped)
/// versions no file has, gaps, and a version table that is elsewhere.
fn from(
    ctx: &Context,
    tool: ImportTool,
    global: &GlobalArgs,
    shell: &mut Shell,
) -> Result<(), CliError> {
    let graph = ctx.graph();
    let table = import::table_of(tool);
    db::runtime()?.block_on(async {
        let mut database = ctx.connect().await?;
        let applied = import::read_applied(&mut database, tool).await?;
        let Some(applied) = applied else {
            database.close().await;
            return Err(ImportError::NoTable { tool, table }.into());
        };
        let adoption = import::adopt(graph, tool, &applied)?;
        let state = ctx.migrator.state(&mut database).await?;
        let mut current = state.rows.clone();
        let mut wanted = adoption.rows.clone();
        current.sort();
        wanted.sort();
        let already = current == wanted;
        if !already && !current.is_empty() {
            // Only forward: what the version table has must stay applied.
            let now = plan::applied_set(graph, &state.rows)?;
            let then = plan::applied_set(graph, &adoption.rows)?;
            if now.iter().zip(&then).any(|(&n, &t)| n && !t) {
                database.close().await;
                return Err(ImportError::Diverged {
                    tool,
                    current: describe_rows(graph, &state.rows),
                    adopted: describe_rows(graph, &adoption.rows),
                }
                .into());
            }
        }
        if !shell.is_json() {
            shell.status("Target", ctx.target_line());
            let newest = adoption
                .applied
                .last()
                .map_or_else(|| "none".to_string(), |(v, _)| format!("newest {v}"));
            shell.status(
                "Found",
                format!(
                    "{} {tool} migration(s) applied in {table} ({newest})",
                    adoption.applied.len()
                ),
            );
            shell.status("Current", describe_rows(graph, &state.rows));
        }
        for w in &adoption.warnings {
            shell.warn(w);
        }
        let report = |shell: &mut Shell, after: &[schema_core::RevId], verb: &str| {
            if shell.is_json() {
                shell.json(&json!({
                    "from": tool,
                    "table": table,
                    "applied": adoption
                        .applied
                        .iter()
                        .map(|(v, r)| json!({ "version": v, "revision": r }))
                        .collect::<Vec<_>>(),
                    "before": state.rows,
                    "after": after,
                    "warnings": adoption.warnings,
                }));
            } else {
                shell.status(verb, describe_rows(graph, after));
            }
        };
        if already || adoption.rows.is_empty() {
            database.close().await;
            if adoption.rows.is_empty() && !shell.is_json() {
                shell.note(format!(
                    "{table} lists no migration: the database is at base; nothing to stamp"
                ));
            }
            report(shell, &state.rows, "Unchanged");
            return Ok(());
        }
        if !shell.is_json() {
            shell.status(
                "Plan",
                format!(
                    "record {} (no SQL is run; {table} is left as it is)",
                    describe_rows(graph, &adoption.rows)
                ),
            );
        }
        let details = json!({
            "target": ctx.url.url.redacted(),
            "current": state.rows,
            "after": adoption.rows,
        });
        db::confirm(
            ctx,
            global,
            shell,
            "stamping rewrites its version table",
            details,
        )?;
        let mut after = state.rows.clone();
        for row in &adoption.rows {
            let plan = ctx
                .migrator
                .stamp(&mut database, &Target::Rev(row.to_string()), false)
                .await?;
            after = plan.after;
        }
        database.close().await;
        report(shell, &after, "Stamped");
        Ok(())
    })
}
