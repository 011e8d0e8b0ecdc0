//! `cargo schema repair REV --reason "…"`: accepts a knowingly edited
//! applied revision by recording its new checksum (who, when, why go to the
//! history table).

use clap::Args;
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::db::{self, Context};
use crate::project::CliError;
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// The applied revision whose file was changed on purpose
    #[arg(value_name = "REV")]
    pub revision: String,

    /// Why the change is safe (recorded in the history table)
    #[arg(long, required = true)]
    pub reason: String,
}

pub fn run(args: RepairArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let ctx = Context::load(global, shell)?;
    db::runtime()?.block_on(async {
        let mut database = ctx.connect().await?;
        if !shell.is_json() {
            shell.status("Target", ctx.target_line());
        }
        let details = json!({ "target": ctx.url.url.redacted(), "revision": args.revision });
        db::confirm(
            &ctx,
            global,
            shell,
            "repair records a new checksum",
            details,
        )?;
        let fixed = ctx
            .migrator
            .repair(&mut database, &args.revision, &args.reason)
            .await?;
        database.close().await;
        if shell.is_json() {
            shell.json(&json!({ "repaired": fixed, "reason": args.reason }));
        } else {
            shell.status(
                "Repaired",
                format!(
                    "{}: checksum {} recorded (was {})",
                    fixed.revision,
                    &fixed.current[..12],
                    fixed.recorded.get(..12).unwrap_or(&fixed.recorded)
                ),
            );
        }
        Ok(())
    })
}
