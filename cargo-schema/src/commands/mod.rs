//! One file per subcommand: each turns its arguments into a call into
//! `schema_core` and prints the result through the shell.

pub mod autogenerate;
pub mod branches;
pub mod current;
pub mod db;
pub mod downgrade;
pub mod heads;
pub mod history;
pub mod import;
pub mod init;
pub mod lint;
pub mod merge;
pub mod repair;
pub mod revision;
pub mod show;
pub mod stamp;
pub mod status;
pub mod test;
pub mod upgrade;

use schema_core::Graph;
use serde_json::{Value, json};

use crate::cli::{Command, GlobalArgs};
use crate::exit;
use crate::project::CliError;
use crate::shell::Shell;

pub fn run(command: Command, global: &GlobalArgs, shell: &mut Shell) -> Result<u8, CliError> {
    match command {
        Command::Init(args) => init::run(args, global, shell),
        Command::Import(args) => import::run(args, global, shell),
        Command::Revision(args) => revision::run(args, global, shell),
        Command::Merge(args) => merge::run(args, global, shell),
        Command::History(args) => history::run(args, global, shell),
        Command::Heads(args) => heads::run(args, global, shell),
        Command::Branches(args) => branches::run(args, global, shell),
        Command::Show(args) => show::run(args, global, shell),
        Command::Upgrade(args) => upgrade::run(args, global, shell),
        Command::Downgrade(args) => downgrade::run(args, global, shell),
        Command::Current(args) => current::run(args, global, shell),
        Command::Stamp(args) => stamp::run(args, global, shell),
        Command::Repair(args) => repair::run(args, global, shell),
        Command::Status(args) => return status::status(args, global, shell),
        Command::Check(args) => return status::check(args, global, shell),
        Command::Test(args) => return test::run(args, global, shell),
        Command::Lint(args) => return lint::run(args, global, shell),
    }?;
    Ok(exit::SUCCESS)
}

/// The stable JSON shape of one revision (documented in the README).
pub fn revision_json(graph: &Graph, i: usize, root: &std::path::Path) -> Value {
    let m = graph.get(i);
    let ids = |v: &[usize]| {
        v.iter()
            .map(|&j| graph.get(j).id().to_string())
            .collect::<Vec<_>>()
    };
    let path = m.path.strip_prefix(root).unwrap_or(&m.path);
    json!({
        "revision": m.id(),
        "revises": m.parents(),
        "children": ids(graph.children_of(i)),
        "message": m.header.message,
        "created": m.header.created,
        "branch_labels": m.header.branch_labels,
        "depends_on": m.header.depends_on,
        "transactional": m.header.transactional,
        "irreversible": m.header.irreversible,
        "is_head": graph.children_of(i).is_empty(),
        "is_base": graph.parents_of(i).is_empty(),
        "is_branch_point": graph.children_of(i).len() > 1,
        "is_merge": graph.parents_of(i).len() > 1,
        "path": path,
        "checksum": m.checksum(),
    })
}

/// Alembic's one-line form: `parent -> rev (head) (branchpoint), message`.
pub fn revision_line(graph: &Graph, i: usize) -> String {
    let m = graph.get(i);
    let parents = graph.parents_of(i);
    let from = if parents.is_empty() {
        "<base>".to_string()
    } else {
        parents
            .iter()
            .map(|&p| graph.get(p).id().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{from} -> {}{}, {}",
        m.id(),
        flags(graph, i),
        m.header.message
    )
}

/// ` (head)`, ` (branchpoint)`, ` (mergepoint)`, ` (billing)`.
pub fn flags(graph: &Graph, i: usize) -> String {
    let m = graph.get(i);
    let mut s = String::new();
    for label in &m.header.branch_labels {
        s.push_str(&format!(" ({label})"));
    }
    if graph.children_of(i).is_empty() {
        s.push_str(" (head)");
    }
    if graph.children_of(i).len() > 1 {
        s.push_str(" (branchpoint)");
    }
    if graph.parents_of(i).len() > 1 {
        s.push_str(" (mergepoint)");
    }
    if m.header.irreversible {
        s.push_str(" (irreversible)");
    }
    s
}

/// The multi-line form of `--verbose`.
pub fn revision_verbose(graph: &Graph, i: usize, root: &std::path::Path) -> String {
    let m = graph.get(i);
    let ids = |v: &[usize]| {
        if v.is_empty() {
            "<base>".to_string()
        } else {
            v.iter()
                .map(|&j| graph.get(j).id().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut s = format!("Rev: {}{}\n", m.id(), flags(graph, i));
    let parents = graph.parents_of(i);
    s.push_str(&format!(
        "{}: {}\n",
        if parents.len() > 1 {
            "Merges"
        } else {
            "Parent"
        },
        ids(parents)
    ));
    if graph.children_of(i).len() > 1 {
        s.push_str(&format!("Branches into: {}\n", ids(graph.children_of(i))));
    }
    if !m.header.branch_labels.is_empty() {
        s.push_str(&format!(
            "Branch names: {}\n",
            m.header.branch_labels.join(", ")
        ));
    }
    if !m.header.depends_on.is_empty() {
        s.push_str(&format!("Also depends on: {}\n", ids(graph.depends_of(i))));
    }
    if !m.header.transactional {
        s.push_str("Transactional: false\n");
    }
    let path = m.path.strip_prefix(root).unwrap_or(&m.path);
    s.push_str(&format!("Path: {}\n", path.display()));
    s.push_str(&format!("\n    {}\n\n", m.header.message));
    s.push_str(&format!("    Revision ID: {}\n", m.id()));
    s.push_str(&format!("    Revises: {}\n", ids(parents)));
    if let Some(created) = &m.header.created {
        s.push_str(&format!("    Create Date: {created}\n"));
    }
    s
}
