//! `cargo schema merge`: a revision with several parents.

use clap::Args;
use schema_core::Target;
use schema_core::migration::Header;

use crate::cli::GlobalArgs;
use crate::commands::revision;
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Revisions to merge: ids, labels, `label@head`, or `heads` for all heads
    #[arg(required = true, value_name = "REV")]
    pub revisions: Vec<String>,

    /// Message of the merge revision
    #[arg(short, long, default_value = "merge")]
    pub message: String,

    /// Label for the merged branch
    #[arg(long = "branch-label", value_name = "LABEL")]
    pub branch_labels: Vec<String>,

    /// Use this id instead of 12 random hex digits
    #[arg(long = "rev-id", value_name = "ID")]
    pub rev_id: Option<String>,
}

pub fn run(args: MergeArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let project = Project::load(global)?;
    let graph = project.graph()?;
    let mut revs: Vec<usize> = Vec::new();
    for r in &args.revisions {
        for i in graph.resolve_point(&Target::parse(r)?)? {
            if !revs.contains(&i) {
                revs.push(i);
            }
        }
    }
    // Merging a revision with one of its own ancestors adds nothing.
    for &a in &revs {
        let ancestors = graph.ancestors_or_self([a]);
        if let Some(&b) = revs.iter().find(|&&b| b != a && ancestors[b]) {
            return Err(CliError::input(
                format!(
                    "{} is an ancestor of {}; there is nothing to merge between them",
                    graph.get(b).id(),
                    graph.get(a).id()
                ),
                Some(
                    "merge the heads of separate branches (`cargo schema heads` lists them)".into(),
                ),
            ));
        }
    }
    if revs.len() < 2 {
        return Err(CliError::input(
            format!("a merge needs at least two revisions, got {}", revs.len()),
            Some("`cargo schema heads` lists the heads; `cargo schema merge -m MSG heads` merges them all".into()),
        ));
    }
    revs.sort_unstable();
    let parents = revs.iter().map(|&i| graph.get(i).id().clone()).collect();
    let mut header = Header::new(
        revision::new_id(&graph, args.rev_id.as_deref())?,
        parents,
        args.message,
    );
    header.branch_labels = args.branch_labels;
    let (path, graph) = revision::write(&project, graph, &header, "", Some(""))?;
    revision::report(&project, shell, &graph, header.revision.as_str(), &path);
    Ok(())
}
