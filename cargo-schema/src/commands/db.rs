//! What the database commands share: resolving the URL, connecting, the
//! version-table name, showing the target before anything changes, the
//! protected-environment gate, and progress.

use std::io::IsTerminal;
use std::time::Duration;

use schema_core::config::{ResolvedUrl, UrlSource};
use schema_core::runner::{Database, Event};
use schema_core::{Dialect, Graph, Migrator, RevId};

use crate::cli::GlobalArgs;
use crate::project::{CliError, Project};
use crate::shell::Shell;

/// A project, its graph and a resolved URL, before connecting.
pub struct Context {
    pub project: Project,
    pub migrator: Migrator,
    pub url: ResolvedUrl,
    pub dialect: Dialect,
}

impl Context {
    pub fn load(global: &GlobalArgs, shell: &mut Shell) -> Result<Context, CliError> {
        let project = Project::load(global)?;
        let graph = project.graph()?;
        let url = project.config.resolve_url(
            global.database_url.as_deref(),
            global.environment.as_deref(),
        )?;
        let dialect = project.config.check_dialect(&url.url)?;
        if let UrlSource::EmbeddedDefault { .. } = url.source {
            shell.note(format!("using the {}", url.describe()));
        }
        let migrator = Migrator::new(graph).with_version_table(&project.config.version_table);
        Ok(Context {
            project,
            migrator,
            url,
            dialect,
        })
    }

    pub fn graph(&self) -> &Graph {
        self.migrator.graph()
    }

    /// Connects (creating the embedded default's directory when needed).
    pub async fn connect(&self) -> Result<Database, CliError> {
        self.url.create_embedded_default_dir()?;
        Ok(Database::connect(&self.url.url).await?)
    }

    /// The database's state, for commands that only read. A missing
    /// embedded-default file is an empty database and is not created.
    pub fn read_state(&self) -> Result<schema_core::runner::DbState, CliError> {
        if let UrlSource::EmbeddedDefault { path } = &self.url.source
            && !path.exists()
        {
            return Ok(Default::default());
        }
        runtime()?.block_on(async {
            let mut database = Database::connect(&self.url.url).await?;
            let state = self.migrator.state(&mut database).await;
            database.close().await;
            Ok(state?)
        })
    }

    /// `postgres://app:***@db/shop (from $DATABASE_URL)`.
    pub fn target_line(&self) -> String {
        format!("{} ({})", self.url.url.redacted(), self.url.describe())
    }
}

/// A single-threaded runtime: the CLI does one thing at a time.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::input(format!("cannot start the async runtime: {e}"), None))
}

/// `a1b2c3 (head)`, `<base>`.
pub fn describe_rows(graph: &Graph, rows: &[RevId]) -> String {
    if rows.is_empty() {
        return "<base>".into();
    }
    rows.iter()
        .map(|r| match graph.index_of(r.as_str()) {
            Some(i) if graph.children_of(i).is_empty() => format!("{r} (head)"),
            Some(_) => r.to_string(),
            None => format!("{r} (no such file!)"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// On a protected environment, mutating commands need `--yes` or a typed
/// confirmation on a terminal.
pub fn confirm(
    ctx: &Context,
    global: &GlobalArgs,
    shell: &mut Shell,
    what: &str,
    details: serde_json::Value,
) -> Result<(), CliError> {
    if !ctx.url.protected() || global.yes {
        return Ok(());
    }
    let env = ctx
        .url
        .environment
        .as_ref()
        .map_or_else(|| "this".to_string(), |e| e.name.clone());
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        shell.warn(format!(
            "{env} is a protected environment; {what}. Type `yes` to go on:"
        ));
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if answer.trim() == "yes" {
            return Ok(());
        }
        return Err(CliError::input("not confirmed; nothing was run", None));
    }
    let mut err = CliError::coded(
        "schema::protected",
        format!("{env} is a protected environment; nothing was run"),
        Some(if shell.is_json() {
            "review the target, current revision and plan in `details`, then run again with --yes"
                .into()
        } else {
            "review the target, current revision and plan above, then run again with --yes".into()
        }),
    );
    err.details = Some(details);
    Err(err)
}

/// Shows progress: a bar on a terminal, a line per step otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    verbose: bool,
    quiet: bool,
    json: bool,
    direction: &'static str,
}

impl Progress {
    pub fn new(shell: &Shell, direction: &'static str) -> Progress {
        Progress {
            bar: None,
            verbose: shell.verbosity() > 0,
            quiet: shell.verbosity() < 0,
            json: shell.is_json(),
            direction,
        }
    }

    pub fn event(&mut self, shell: &mut Shell, graph: &Graph, event: Event<'_>) {
        if self.json || self.quiet {
            return;
        }
        match event {
            Event::WaitingForLock => {
                shell.status(
                    "Waiting",
                    "for another migration run to finish (advisory lock)",
                );
            }
            Event::Plan(plan) => {
                if plan.steps.len() > 1 && std::io::stderr().is_terminal() {
                    let bar = indicatif::ProgressBar::new(plan.steps.len() as u64);
                    bar.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{prefix:>12.cyan.bold} [{bar:30}] {pos}/{len} {wide_msg}",
                        )
                        .expect("valid template")
                        .progress_chars("=> "),
                    );
                    bar.set_prefix("Running");
                    self.bar = Some(bar);
                }
            }
            Event::StepStarted { step, .. } => {
                let m = graph.get(step.index);
                let line = format!("{} {}, {}", self.direction, step.revision, m.header.message);
                match &self.bar {
                    Some(bar) => bar.set_message(line),
                    None => shell.status("Running", line),
                }
            }
            Event::StepFinished { step, elapsed, .. } => {
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                }
                if self.verbose {
                    let line = format!("{} in {}", step.revision, ms(elapsed));
                    match &self.bar {
                        Some(bar) => bar.println(format!("{:>12} {line}", "Done")),
                        None => shell.status("Done", line),
                    }
                }
            }
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

pub fn ms(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.2}s", d.as_secs_f64())
    } else {
        format!("{:.1}ms", d.as_secs_f64() * 1000.0)
    }
}
