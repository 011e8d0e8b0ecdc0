//! `cargo schema stamp TARGET`: sets the version table without running SQL.

use clap::Args;
use schema_core::{Target, runner};
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::db::{self, Context, describe_rows};
use crate::project::CliError;
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct StampArgs {
    /// The revision(s) to record: head, heads, base, an id, label@head
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// Discard the version table's rows first (for rows no file has)
    #[arg(long)]
    pub purge: bool,
}

pub fn run(args: StampArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let ctx = Context::load(global, shell)?;
    let target = Target::parse(&args.target)?;
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
