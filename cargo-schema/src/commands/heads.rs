//! `cargo schema heads`: revisions nothing revises yet.

use clap::Args;
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::{revision_json, revision_line, revision_verbose};
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct HeadsArgs {}

pub fn run(_args: HeadsArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let project = Project::load(global)?;
    let graph = project.graph()?;
    let heads = graph.heads();
    if shell.is_json() {
        let heads: Vec<_> = heads
            .iter()
            .map(|&i| revision_json(&graph, i, &project.config.root))
            .collect();
        shell.json(&json!({ "heads": heads }));
        return Ok(());
    }
    for &h in &heads {
        if global.verbose > 0 {
            shell.line(revision_verbose(&graph, h, &project.config.root));
        } else {
            shell.line(revision_line(&graph, h));
        }
    }
    if heads.len() > 1 {
        shell.note(format!(
            "{} heads: `cargo schema merge -m \"merge\" heads` joins them",
            heads.len()
        ));
    }
    Ok(())
}
