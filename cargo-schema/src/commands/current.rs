//! `cargo schema current`: the revision(s) the database is at.

use clap::Args;
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::db::{self, Context};
use crate::commands::revision_verbose;
use crate::project::CliError;
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct CurrentArgs {}

pub fn run(_args: CurrentArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let ctx = Context::load(global, shell)?;
    let state = ctx.read_state()?;
    {
        let graph = ctx.graph();
        if shell.is_json() {
            let rows: Vec<_> = state
                .rows
                .iter()
                .map(|r| {
                    let i = graph.index_of(r.as_str());
                    json!({
                        "revision": r,
                        "known": i.is_some(),
                        "is_head": i.is_some_and(|i| graph.children_of(i).is_empty()),
                    })
                })
                .collect();
            shell.json(&json!({ "target": ctx.url.url.redacted(), "current": rows }));
            return Ok(());
        }
        if global.verbose > 0 {
            shell.status("Target", ctx.target_line());
        }
        if state.rows.is_empty() {
            shell.line("<base> (no revision applied)");
        }
        for r in &state.rows {
            match graph.index_of(r.as_str()) {
                Some(i) if global.verbose > 0 => {
                    shell.line(revision_verbose(graph, i, &ctx.project.config.root))
                }
                _ => shell.line(db::describe_rows(graph, std::slice::from_ref(r))),
            }
        }
        Ok(())
    }
}
