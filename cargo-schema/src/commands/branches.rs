//! `cargo schema branches`: where branches start, and the branch labels.

use clap::Args;
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::{flags, revision_json, revision_verbose};
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct BranchesArgs {}

pub fn run(_args: BranchesArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let project = Project::load(global)?;
    let graph = project.graph()?;
    let points = graph.branch_points();
    if shell.is_json() {
        let points: Vec<_> = points
            .iter()
            .map(|&i| revision_json(&graph, i, &project.config.root))
            .collect();
        let labels: serde_json::Map<String, serde_json::Value> = graph
            .labels()
            .iter()
            .map(|(l, &i)| (l.clone(), json!(graph.get(i).id())))
            .collect();
        shell.json(&json!({ "branch_points": points, "labels": labels }));
        return Ok(());
    }
    for &p in &points {
        let m = graph.get(p);
        if global.verbose > 0 {
            shell.line(revision_verbose(&graph, p, &project.config.root));
        } else {
            shell.line(format!(
                "{}{}, {}",
                m.id(),
                flags(&graph, p),
                m.header.message
            ));
        }
        for &c in graph.children_of(p) {
            let child = graph.get(c);
            shell.line(format!(
                "{:width$} -> {}{}, {}",
                "",
                child.id(),
                flags(&graph, c),
                child.header.message,
                width = m.id().as_str().len()
            ));
        }
    }
    Ok(())
}
