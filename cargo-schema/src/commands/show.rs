//! `cargo schema show REV`: one revision in full.

use clap::Args;
use schema_core::{Target, TargetError};

use crate::cli::GlobalArgs;
use crate::commands::{revision_json, revision_verbose};
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The revision: an id or prefix, `head`, a label, `label@head`, `REV-1`
    #[arg(value_name = "REV")]
    pub revision: String,
}

pub fn run(args: ShowArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let project = Project::load(global)?;
    let graph = project.graph()?;
    let revs = graph.resolve_point(&Target::parse(&args.revision)?)?;
    let rev = match revs.as_slice() {
        [r] => *r,
        [] => {
            return Err(CliError::input(
                format!("`{}` names no revision (it is base)", args.revision),
                None,
            ));
        }
        many => {
            return Err(TargetError::MultipleHeads {
                heads: graph.describe(many),
            }
            .into());
        }
    };
    let m = graph.get(rev);
    if shell.is_json() {
        let mut value = revision_json(&graph, rev, &project.config.root);
        value["up_sql"] = m.up_sql().into();
        value["down_sql"] = m.down_sql().into();
        shell.json(&value);
        return Ok(());
    }
    shell.line(revision_verbose(&graph, rev, &project.config.root));
    shell.line("-- migrate:up");
    shell.line(m.up_sql().trim_end());
    match m.down_sql() {
        Some(down) => {
            shell.line("\n-- migrate:down");
            shell.line(down.trim_end());
        }
        None => shell.line("\n(irreversible: no down section)"),
    }
    Ok(())
}
