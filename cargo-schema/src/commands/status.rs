//! `cargo schema status` (the everyday view) and `cargo schema check` (the
//! same findings as an exit code for CI).

use clap::Args;
use schema_core::Target;
use schema_core::plan;
use serde::Serialize;
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::autogenerate as autogen;
use crate::commands::db::{Context, describe_rows};
use crate::exit;
use crate::project::CliError;
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct StatusArgs {}

/// Something to act on.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// Revisions not applied yet.
    Pending { revisions: Vec<String> },
    /// An applied revision whose file changed.
    Edited {
        revision: String,
        path: String,
        recorded: String,
        current: String,
    },
    /// A version-table row no file has.
    UnknownRevision { revision: String },
    /// The graph has several heads.
    MultipleHeads { heads: Vec<String> },
    /// A non-transactional revision started and never finished.
    Unfinished { revision: String },
    /// The models and the schema at head disagree.
    ModelsDiffer { changes: Vec<String> },
    /// A version-table row that isn't a revision id.
    BadRow { row: String },
    /// Pending revisions whose SQL the lint rejects (`cargo schema lint`).
    Hazards {
        findings: Vec<schema_core::lint::Finding>,
    },
}

impl Finding {
    fn message(&self) -> String {
        match self {
            Finding::Pending { revisions } => format!(
                "{} revision(s) not applied: {} (run `cargo schema upgrade heads`)",
                revisions.len(),
                revisions.join(", ")
            ),
            Finding::Edited { revision, path, .. } => format!(
                "revision {revision} was changed after it was applied ({path}); restore it, or `cargo schema repair {revision} --reason \"…\"`"
            ),
            Finding::UnknownRevision { revision } => format!(
                "the database is at {revision}, which no migration file has (deleted or renamed after it was applied?); restore the file, or `cargo schema stamp REV --purge` once you know the real schema"
            ),
            Finding::MultipleHeads { heads } => format!(
                "multiple heads: {} (join them with `cargo schema merge -m \"merge\" heads`)",
                heads.join(", ")
            ),
            Finding::ModelsDiffer { changes } => format!(
                "the models and the migrations disagree ({}); run `cargo schema revision --autogenerate -m \"…\"`",
                changes.join("; ")
            ),
            Finding::BadRow { row } => format!(
                "the version table holds `{row}`, which is not a revision id; `cargo schema stamp REV --purge` once you know where the schema is"
            ),
            Finding::Hazards { findings } => format!(
                "{} lint error(s) in revisions not applied yet: {} (see `cargo schema lint`)",
                findings.len(),
                findings
                    .iter()
                    .map(|f| format!(
                        "{} at {}:{}",
                        f.code,
                        f.path.file_name().map_or_else(
                            || f.path.display().to_string(),
                            |n| n.to_string_lossy().into_owned()
                        ),
                        f.line
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Finding::Unfinished { revision } => format!(
                "revision {revision} started and never finished (a non-transactional revision was interrupted); check the schema by hand, then `cargo schema stamp`"
            ),
        }
    }
}

/// Reads the database and lists what needs attention.
fn findings(
    ctx: &Context,
    shell: &mut Shell,
) -> Result<(schema_core::runner::DbState, Vec<Finding>), CliError> {
    let state = ctx.read_state()?;
    {
        let graph = ctx.graph();
        let mut out = Vec::new();
        for r in state.unknown_rows(graph) {
            out.push(Finding::UnknownRevision {
                revision: r.to_string(),
            });
        }
        for e in state.edited(graph) {
            out.push(Finding::Edited {
                revision: e.revision.to_string(),
                path: e.path,
                recorded: e.recorded,
                current: e.current,
            });
        }
        for row in &state.bad_rows {
            out.push(Finding::BadRow { row: row.clone() });
        }
        for r in &state.unfinished {
            out.push(Finding::Unfinished {
                revision: r.clone(),
            });
        }
        let heads = graph.heads();
        if heads.len() > 1 {
            out.push(Finding::MultipleHeads {
                heads: heads
                    .iter()
                    .map(|&h| graph.get(h).id().to_string())
                    .collect(),
            });
        }
        if state.unknown_rows(graph).is_empty() && state.bad_rows.is_empty() {
            let pending = plan::upgrade(graph, &state.rows, &Target::Heads)?;
            let indices: Vec<usize> = pending.steps.iter().map(|s| s.index).collect();
            let report = schema_core::lint::lint_graph(
                graph,
                &indices,
                ctx.dialect,
                &ctx.project.config.lint,
            );
            let errors: Vec<_> = report
                .reported()
                .filter(|f| f.level == schema_core::lint::Level::Error)
                .cloned()
                .collect();
            if !pending.is_empty() {
                out.push(Finding::Pending {
                    revisions: pending
                        .steps
                        .iter()
                        .map(|s| s.revision.to_string())
                        .collect(),
                });
            }
            if !errors.is_empty() {
                out.push(Finding::Hazards { findings: errors });
            }
        }
        if let Some(drift) = autogen::model_drift(&ctx.project, graph, ctx.dialect, shell)?
            && !drift.is_empty()
        {
            out.push(Finding::ModelsDiffer {
                changes: drift.ops.iter().map(|op| op.describe()).collect(),
            });
        }
        Ok((state, out))
    }
}

pub fn status(_args: StatusArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<u8, CliError> {
    let ctx = Context::load(global, shell)?;
    let (state, found) = findings(&ctx, shell)?;
    if shell.is_json() {
        shell.json(&json!({
            "target": ctx.url.url.redacted(),
            "current": state.rows,
            "heads": ctx.graph().heads().iter().map(|&h| ctx.graph().get(h).id()).collect::<Vec<_>>(),
            "findings": found,
        }));
        return Ok(exit::SUCCESS);
    }
    shell.line(format!("Target:  {}", ctx.target_line()));
    shell.line(format!(
        "Current: {}",
        describe_rows(ctx.graph(), &state.rows)
    ));
    let heads: Vec<_> = ctx.graph().heads();
    let ids: Vec<_> = heads
        .iter()
        .map(|&h| ctx.graph().get(h).id().clone())
        .collect();
    shell.line(format!("Heads:   {}", describe_rows(ctx.graph(), &ids)));
    if found.is_empty() {
        shell.line("Up to date.");
    }
    for f in &found {
        match f {
            Finding::Pending { revisions } => {
                shell.line(format!("Pending: {} revision(s)", revisions.len()));
                for r in revisions {
                    if let Some(m) = ctx.graph().by_id(r) {
                        shell.line(format!("  {r}  {}", m.header.message));
                    }
                }
            }
            other => shell.warn(other.message()),
        }
    }
    Ok(exit::SUCCESS)
}

#[derive(Debug, Args)]
pub struct CheckArgs {}

pub fn check(_args: CheckArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<u8, CliError> {
    let ctx = Context::load(global, shell)?;
    let (state, found) = findings(&ctx, shell)?;
    let code = if found.is_empty() {
        exit::SUCCESS
    } else {
        exit::CHECK_FAILED
    };
    if shell.is_json() {
        shell.json(&json!({
            "ok": found.is_empty(),
            "current": state.rows,
            "findings": found,
        }));
        return Ok(code);
    }
    if found.is_empty() {
        shell.line(format!(
            "OK: the database is at {} and no applied revision was changed",
            describe_rows(ctx.graph(), &state.rows)
        ));
    } else {
        for f in &found {
            shell.line(format!("FAIL: {}", f.message()));
        }
    }
    Ok(code)
}
