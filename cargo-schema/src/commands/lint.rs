//! `cargo schema lint [REV...]`: the safety lint over the revisions not yet
//! applied (or those named, or all), and the rendering of findings that
//! `check`, `status`, `upgrade` and `revision --autogenerate` share.

use clap::Args;
use schema_core::lint::{self, Finding, Level, Report};
use schema_core::{Dialect, Graph, Target, plan};
use serde_json::{Value, json};

use crate::cli::GlobalArgs;
use crate::commands::db::Context;
use crate::exit;
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Revisions to lint: ids, prefixes, head, label@head (default: those
    /// not yet applied to the database)
    #[arg(value_name = "REV")]
    pub revisions: Vec<String>,

    /// Lint every revision (no database needed)
    #[arg(long, conflicts_with = "revisions")]
    pub all: bool,

    /// Apply this dialect's rules instead of the configured one (postgres,
    /// sqlite)
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    s.parse::<Dialect>()
        .map_err(|_| format!("unknown dialect `{s}` (expected postgres or sqlite)"))
}

pub fn run(args: LintArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<u8, CliError> {
    if args.all || !args.revisions.is_empty() {
        let project = Project::load(global)?;
        let graph = project.graph()?;
        let dialect = match args.dialect.or(project.config.dialect) {
            Some(d) => d,
            None => {
                let url = project.config.resolve_url(
                    global.database_url.as_deref(),
                    global.environment.as_deref(),
                )?;
                project.config.check_dialect(&url.url)?
            }
        };
        let revisions = if args.all {
            (0..graph.len()).collect()
        } else {
            named(&graph, &args.revisions)?
        };
        return Ok(lint(&project, &graph, dialect, &revisions, shell));
    }
    let ctx = Context::load(global, shell)?;
    let state = ctx.read_state()?;
    let pending = plan::upgrade(ctx.graph(), &state.rows, &Target::Heads)?;
    let revisions: Vec<usize> = pending.steps.iter().map(|s| s.index).collect();
    if revisions.is_empty() && !shell.is_json() {
        shell.note(format!(
            "nothing to lint: {} has every revision applied (lint them all with --all)",
            ctx.url.url.redacted()
        ));
    }
    let dialect = args.dialect.unwrap_or(ctx.dialect);
    Ok(lint(&ctx.project, ctx.graph(), dialect, &revisions, shell))
}

/// Lints `revisions` and prints the report; the exit code.
fn lint(
    project: &Project,
    graph: &Graph,
    dialect: Dialect,
    revisions: &[usize],
    shell: &mut Shell,
) -> u8 {
    let report = lint::lint_graph(graph, revisions, dialect, &project.config.lint);
    let code = if report.errors() > 0 {
        exit::CHECK_FAILED
    } else {
        exit::SUCCESS
    };
    if shell.is_json() {
        shell.json(&report_json(project, &report, dialect));
        return code;
    }
    for w in &report.warnings {
        shell.warn(format!("not linted: {w}"));
    }
    for f in report.reported() {
        shell.line(render(project, f, shell.colored()));
    }
    shell.line(summary(&report));
    code
}

/// The revisions named on the command line, each with what it resolves to.
fn named(graph: &Graph, names: &[String]) -> Result<Vec<usize>, CliError> {
    let mut out = Vec::new();
    for n in names {
        let target = Target::parse(n)?;
        out.extend(graph.resolve_point(&target)?);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// `2 errors, 1 warning in 3 revisions (1 accepted with lint: allow)`.
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let accepted = report.findings.iter().filter(|f| f.allowed).count();
    let mut s = format!(
        "lint: {}, {} in {}",
        plural(report.errors(), "error"),
        plural(report.warning_count(), "warning"),
        plural(report.revisions.len(), "revision"),
    );
    if accepted > 0 {
        s.push_str(&format!(" ({accepted} accepted with `-- lint: allow`)"));
    }
    s
}

/// One finding as a block of text:
///
/// ```text
/// error[index-not-concurrent]: CREATE INDEX on orders, which exists before this revision
///   --> migrations/20240101_index.sql:12 (revision 3f2a0c9d1b7e)
///    | CREATE INDEX orders_user_idx ON orders (user_id)
///    = hazard: takes a SHARE lock …
///    = recipe: CREATE INDEX CONCURRENTLY …
///    = accept it knowingly with `-- lint: allow index-not-concurrent`
/// ```
pub fn render(project: &Project, f: &Finding, color: bool) -> String {
    let level = match (f.level, color) {
        (Level::Error, true) => "\x1b[1;31merror\x1b[0m",
        (Level::Error, false) => "error",
        (_, true) => "\x1b[1;33mwarning\x1b[0m",
        (_, false) => "warning",
    };
    let mut s = format!("{level}[{}]: {}\n", f.code, f.message);
    s.push_str(&format!(
        "  --> {}:{}",
        project.display_path(&f.path),
        f.line
    ));
    if !f.revision.is_empty() {
        s.push_str(&format!(" (revision {})", f.revision));
    }
    s.push('\n');
    s.push_str(&format!("   | {}\n", f.statement));
    s.push_str(&format!("   = hazard: {}\n", f.hazard()));
    s.push_str(&format!("   = recipe: {}\n", f.recipe()));
    s.push_str(&format!(
        "   = accept it knowingly with `-- lint: allow {}` above the statement",
        f.code
    ));
    s
}

/// The JSON of one finding: enough for a CI annotation (`path`, `line`,
/// `level`, `title`, `message`).
pub fn finding_json(project: &Project, f: &Finding) -> Value {
    json!({
        "code": f.code,
        "level": f.level,
        "revision": f.revision,
        "path": project.display_path(&f.path),
        "line": f.line,
        "title": format!("{}: {}", f.code, f.code.summary()),
        "message": f.message,
        "statement": f.statement,
        "hazard": f.hazard(),
        "recipe": f.recipe(),
        "allowed": f.allowed,
    })
}

pub fn report_json(project: &Project, report: &Report, dialect: Dialect) -> Value {
    json!({
        "dialect": dialect.to_string(),
        "revisions": report.revisions,
        "errors": report.errors(),
        "warnings": report.warning_count(),
        "findings": report.findings.iter().map(|f| finding_json(project, f)).collect::<Vec<_>>(),
        "not_linted": report.warnings.iter().map(|w| json!({
            "path": project.display_path(&w.path),
            "line": w.line,
            "message": w.message,
        })).collect::<Vec<_>>(),
    })
}
