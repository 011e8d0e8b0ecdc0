//! `cargo schema revision`: writes a new revision file.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use schema_core::migration::{self, Header, Migration};
use schema_core::{Graph, RevId, Target, TargetError};
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::autogenerate as autogen;
use crate::commands::revision_json;
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct RevisionArgs {
    /// Message: what the revision does (also used in the file name)
    #[arg(short, long, default_value = "")]
    pub message: String,

    /// Revision to base the new one on: `head` (default), `base` for a new
    /// branch root, `label@head`, an id
    #[arg(long, value_name = "TARGET")]
    pub head: Option<String>,

    /// Allow --head to name a revision that is not a head (starts a branch)
    #[arg(long)]
    pub splice: bool,

    /// Label for the branch this revision starts (repeatable)
    #[arg(long = "branch-label", value_name = "LABEL")]
    pub branch_labels: Vec<String>,

    /// Revision (or label) that must be applied before this one (repeatable)
    #[arg(long = "depends-on", value_name = "REV")]
    pub depends_on: Vec<String>,

    /// Use this id instead of 12 random hex digits
    #[arg(long = "rev-id", value_name = "ID")]
    pub rev_id: Option<String>,

    /// Fill the up and down sections with the difference between the
    /// models and the schema at --head (replayed from the migrations)
    #[arg(long)]
    pub autogenerate: bool,

    /// With --autogenerate: compare with the live database instead of the
    /// replayed migrations (Alembic's behaviour)
    #[arg(long, requires = "autogenerate")]
    pub from_database: bool,
}

pub fn run(args: RevisionArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let project = Project::load(global)?;
    let graph = project.graph()?;
    let parents = parents(&graph, args.head.as_deref(), args.splice)?;
    let mut header = Header::new(
        new_id(&graph, args.rev_id.as_deref())?,
        parents,
        args.message,
    );
    header.branch_labels = args.branch_labels;
    header.depends_on = args
        .depends_on
        .iter()
        .map(|d| Ok(graph.get(graph.resolve_rev(d)?).id().clone()))
        .collect::<Result<_, TargetError>>()?;
    let (up, down) = if args.autogenerate {
        match autogenerate(
            &project,
            &graph,
            &header.revises,
            args.from_database,
            global,
            shell,
        )? {
            Some(sections) => sections,
            None => {
                if shell.is_json() {
                    shell.json(&json!({ "path": null, "changes": [] }));
                } else {
                    shell.status("Unchanged", "no changes detected between the models and the schema; no revision written");
                }
                return Ok(());
            }
        }
    } else {
        (String::new(), String::new())
    };
    let (path, graph) = write(&project, graph, &header, &up, Some(&down))?;
    report(&project, shell, &graph, header.revision.as_str(), &path);
    Ok(())
}

/// The up and down sections autogenerate writes; `None` when the models
/// and the schema agree.
fn autogenerate(
    project: &Project,
    graph: &Graph,
    parents: &[RevId],
    from_database: bool,
    global: &GlobalArgs,
    shell: &mut Shell,
) -> Result<Option<(String, String)>, CliError> {
    let url = project.config.resolve_url(
        global.database_url.as_deref(),
        global.environment.as_deref(),
    )?;
    let dialect = project.config.check_dialect(&url.url)?;
    let (head, source) = if from_database {
        let migrator = schema_core::Migrator::new(graph.clone())
            .with_version_table(&project.config.version_table);
        let schema = crate::commands::db::runtime()?.block_on(async {
            url.create_embedded_default_dir()?;
            let mut db = schema_core::Database::connect(&url.url).await?;
            let schema = schema_core::introspect::introspect(&mut db, migrator.tables()).await;
            db.close().await;
            Ok::<_, CliError>(schema?)
        })?;
        (
            schema,
            format!("models vs. the database {}", url.url.redacted()),
        )
    } else {
        let idx = autogen::indices(graph, parents);
        let shown = if parents.is_empty() {
            "base".to_string()
        } else {
            parents
                .iter()
                .map(RevId::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        (
            autogen::replayed(graph, &idx, dialect, shell),
            format!("models vs. the migrations replayed to {shown}, {dialect}"),
        )
    };
    let models = autogen::models_schema(project, dialect, &head)?
        .ok_or_else(|| autogen::no_models(project))?;
    let generated = autogen::generate(
        &head,
        &models,
        autogen::options(project, &models),
        dialect,
        shell,
    );
    if generated.diff.is_empty() {
        return Ok(None);
    }
    for op in &generated.diff.ops {
        shell.status("Detected", op.describe());
    }
    let findings =
        schema_core::lint::lint_sql_with(&head, &generated.up, dialect, true, &project.config.lint);
    for f in &findings {
        shell.warn(format!(
            "lint {}[{}]: {} (the file says how to do it safely)",
            f.level, f.code, f.message
        ));
    }
    let up = format!(
        "{}\n{}",
        autogen::preamble(&generated, &source),
        autogen::annotate(&generated.up, &findings)
    );
    Ok(Some((up, generated.down)))
}

/// The id for a new revision: `--rev-id` checked, or a fresh random one.
pub fn new_id(graph: &Graph, requested: Option<&str>) -> Result<RevId, CliError> {
    match requested {
        Some(id) => {
            let id = RevId::parse(id).map_err(|e| CliError::input(e, None))?;
            if let Some(m) = graph.by_id(id.as_str()) {
                return Err(CliError::input(
                    format!("revision id `{id}` is already used by {}", m.path.display()),
                    Some("choose another --rev-id, or leave it out for a random one".into()),
                ));
            }
            Ok(id)
        }
        None => loop {
            let id = RevId::random();
            if graph.by_id(id.as_str()).is_none() {
                break Ok(id);
            }
        },
    }
}

fn parents(graph: &Graph, head: Option<&str>, splice: bool) -> Result<Vec<RevId>, CliError> {
    let target = Target::parse(head.unwrap_or("head"))?;
    if graph.is_empty() {
        return match target {
            Target::Head | Target::Heads | Target::Base => Ok(Vec::new()),
            other => Err(TargetError::Unknown {
                target: other.to_string(),
                help: "there are no revisions yet; leave out --head".into(),
            }
            .into()),
        };
    }
    let revs = match graph.resolve_point(&target) {
        Err(TargetError::MultipleHeads { heads }) if head.is_none() => {
            return Err(CliError::coded(
                "schema::target::multiple_heads",
                format!("multiple head revisions are present: {heads}"),
                Some("say which one the new revision follows with --head (an id or `label@head`), or merge them first with `cargo schema merge -m \"merge\" heads`".into()),
            ));
        }
        other => other?,
    };
    if !splice {
        for &r in &revs {
            if !graph.children_of(r).is_empty() {
                return Err(CliError::coded(
                    "schema::revision::not_a_head",
                    format!("revision {} is not a head", graph.get(r).id()),
                    Some("pass --splice to start a new branch from it, or base the revision on a head".into()),
                ));
            }
        }
    }
    Ok(revs
        .into_iter()
        .map(|r| graph.get(r).id().clone())
        .collect())
}

/// Renders, checks against the graph, and writes a new revision file.
/// Nothing is written when the new revision would break the graph.
pub fn write(
    project: &Project,
    graph: Graph,
    header: &Header,
    up: &str,
    down: Option<&str>,
) -> Result<(PathBuf, Graph), CliError> {
    for label in &header.branch_labels {
        migration::validate_label(label).map_err(|e| CliError::input(e, None))?;
    }
    let config = &project.config;
    let now = time::OffsetDateTime::now_utc();
    let name = migration::file_name(
        &config.file_template,
        &header.revision,
        &header.message,
        now,
    );
    let path = config.migrations_dir.join(name);
    let text = Migration::render(header, up, down);
    let new = Migration::parse(&path, &text)?;
    // Re-check the whole graph with the new revision before writing.
    let mut all: Vec<Migration> = graph.revisions().to_vec();
    all.push(new);
    let graph = Graph::new(all)?;

    std::fs::create_dir_all(&config.migrations_dir).map_err(|e| {
        CliError::input(
            format!("cannot create {}: {e}", config.migrations_dir.display()),
            None,
        )
    })?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| CliError::input(format!("cannot create {}: {e}", path.display()), None))?;
    file.write_all(text.as_bytes())
        .map_err(|e| CliError::input(format!("cannot write {}: {e}", path.display()), None))?;
    Ok((path, graph))
}

/// Prints the path of a new revision (human) or the revision (JSON).
pub fn report(
    project: &Project,
    shell: &mut Shell,
    graph: &Graph,
    id: &str,
    path: &std::path::Path,
) {
    let i = graph
        .index_of(id)
        .expect("the new revision is in the graph");
    if shell.is_json() {
        shell.json(&json!({
            "path": path,
            "revision": revision_json(graph, i, &project.config.root),
        }));
    } else {
        shell.status("Created", format!("revision {id}"));
        shell.line(project.display_path(path));
    }
}
