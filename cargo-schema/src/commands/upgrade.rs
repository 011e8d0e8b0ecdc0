//! `cargo schema upgrade TARGET`: applies revisions up to TARGET. The
//! shared machinery of upgrade and downgrade lives here too.

use clap::Args;
use schema_core::graph::RevSet;
use schema_core::lint;
use schema_core::plan::{self, Direction, Plan};
use schema_core::runner::RunOptions;
use schema_core::script::{ScriptOptions, check_timeout};
use schema_core::target::{Range, RangeEnd};
use schema_core::{RevId, Target};
use serde_json::json;

use crate::cli::GlobalArgs;
use crate::commands::db::{self, Context, Progress, describe_rows};
use crate::commands::lint as lint_cmd;
use crate::project::CliError;
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Where to go: head, heads, an id or prefix, label@head, +N / -N; with
    /// --sql also a range START:END
    #[arg(value_name = "TARGET", allow_hyphen_values = true)]
    pub target: String,

    /// Print the SQL script instead of running it (no database is touched)
    #[arg(long)]
    pub sql: bool,

    /// Run all revisions in one transaction: all or nothing
    #[arg(long)]
    pub single_transaction: bool,

    /// lock_timeout for each statement (PostgreSQL), e.g. 5s
    #[arg(long, value_name = "DURATION", value_parser = timeout)]
    pub lock_timeout: Option<String>,

    /// statement_timeout for each statement (PostgreSQL), e.g. 10min
    #[arg(long, value_name = "DURATION", value_parser = timeout)]
    pub statement_timeout: Option<String>,

    /// Refuse to run unless the database is at this revision (`base` for empty)
    #[arg(long, value_name = "REV")]
    pub expect_current: Option<String>,
}

fn timeout(s: &str) -> Result<String, String> {
    check_timeout(s).map(|()| s.to_string())
}

pub fn run(args: MigrateArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    migrate(Direction::Up, args, global, shell)
}

pub fn migrate(
    direction: Direction,
    args: MigrateArgs,
    global: &GlobalArgs,
    shell: &mut Shell,
) -> Result<(), CliError> {
    let ctx = Context::load(global, shell)?;
    let script = ScriptOptions {
        single_transaction: args.single_transaction,
        lock_timeout: args.lock_timeout.clone(),
        statement_timeout: args.statement_timeout.clone(),
    };
    if args.sql {
        return offline(&ctx, direction, &args.target, &script, shell);
    }
    let target = Target::parse(&args.target)?;
    let opts = RunOptions {
        script,
        expect_current: args.expect_current.clone(),
        allow_edited: false,
    };
    let word = match direction {
        Direction::Up => "upgrade",
        Direction::Down => "downgrade",
    };
    db::runtime()?.block_on(async {
        let mut database = ctx.connect().await?;
        let state = ctx.migrator.state(&mut database).await?;
        // Refuse early (edited revisions, --expect-current, a version table
        // written by hand) even when there is nothing to run.
        ctx.migrator.check_state(&state, &opts)?;
        let preview = match direction {
            Direction::Up => plan::upgrade(ctx.graph(), &state.rows, &target)?,
            Direction::Down => plan::downgrade(ctx.graph(), &state.rows, &target)?,
        };
        if !shell.is_json() {
            shell.status("Target", ctx.target_line());
            shell.status("Current", describe_rows(ctx.graph(), &state.rows));
            shell.status("Plan", plan_line(&ctx, &preview, word));
        }
        if preview.is_empty() && opts.expect_current.is_none() {
            if shell.is_json() {
                shell.json(&report_json(&ctx, &preview, &[]));
            }
            return Ok(());
        }
        // On a protected environment the plan's hazards are shown, and
        // errors among them need --yes even on a terminal.
        let hazards = (direction == Direction::Up && ctx.url.protected()).then(|| {
            let indices: Vec<usize> = preview
                .steps
                .iter()
                .map(|s| s.index)
                .collect();
            lint::lint_graph(ctx.graph(), &indices, ctx.dialect, &ctx.project.config.lint)
        });
        let hazards_json: Vec<_> = hazards
            .iter()
            .flat_map(|r| r.reported())
            .map(|f| lint_cmd::finding_json(&ctx.project, f))
            .collect();
        if let Some(report) = &hazards
            && !shell.is_json()
            && report.reported().next().is_some()
        {
            for f in report.reported() {
                shell.warn(lint_cmd::render(&ctx.project, f, shell.colored()));
            }
            shell.status("Hazards", lint_cmd::summary(report));
        }
        let details = json!({
            "target": ctx.url.url.redacted(),
            "current": state.rows,
            "plan": preview.steps.iter().map(|s| &s.revision).collect::<Vec<_>>(),
            "hazards": hazards_json,
        });
        if let Some(report) = &hazards
            && report.errors() > 0
            && !global.yes
        {
            let mut err = CliError::coded(
                "schema::hazards",
                format!(
                    "the plan has {} lint error(s) and this is a protected environment; nothing was run",
                    report.errors()
                ),
                Some("review the hazards (`cargo schema lint`); use the safe recipe, accept one knowingly with `-- lint: allow CODE` above its statement, or run again with --yes".into()),
            );
            err.details = Some(details);
            return Err(err);
        }
        db::confirm(
            &ctx,
            global,
            shell,
            &format!("this {word} changes it"),
            details,
        )?;
        let mut progress = Progress::new(shell, word);
        let graph = ctx.graph();
        let result = ctx
            .migrator
            .migrate(&mut database, direction, &target, &opts, &mut |e| {
                progress.event(shell, graph, e)
            })
            .await;
        progress.finish();
        let report = result?;
        database.close().await;
        if shell.is_json() {
            shell.json(&report_json(&ctx, &report.plan, &report.done));
        } else {
            let total: std::time::Duration = report.done.iter().map(|(_, d)| *d).sum();
            shell.status(
                "Finished",
                format!(
                    "{word} of {} revision(s) in {}; now at {}",
                    report.done.len(),
                    db::ms(total),
                    describe_rows(graph, &report.plan.after)
                ),
            );
        }
        Ok(())
    })
}

fn plan_line(ctx: &Context, plan: &Plan, word: &str) -> String {
    if plan.is_empty() {
        return format!(
            "nothing to {word}: already at {}",
            describe_rows(ctx.graph(), &plan.before)
        );
    }
    let first = &plan.steps[0].revision;
    let last = &plan.steps[plan.steps.len() - 1].revision;
    if plan.steps.len() == 1 {
        format!("{word} 1 revision: {first}")
    } else {
        format!("{word} {} revisions: {first} … {last}", plan.steps.len())
    }
}

fn report_json(
    ctx: &Context,
    plan: &Plan,
    done: &[(RevId, std::time::Duration)],
) -> serde_json::Value {
    json!({
        "target": ctx.url.url.redacted(),
        "direction": plan.direction,
        "before": plan.before,
        "after": plan.after,
        "steps": done.iter().map(|(r, d)| json!({
            "revision": r,
            "duration_ms": d.as_secs_f64() * 1000.0,
        })).collect::<Vec<_>>(),
    })
}

/// `--sql`: the script from a start state given by a range (or base for
/// upgrades), without connecting.
fn offline(
    ctx: &Context,
    direction: Direction,
    target: &str,
    script: &ScriptOptions,
    shell: &mut Shell,
) -> Result<(), CliError> {
    let graph = ctx.graph();
    let (start, end) = match target.split_once(':') {
        Some(_) => {
            let range = Range::parse(target)?;
            let side = |e: Option<RangeEnd>| -> Result<Option<Target>, CliError> {
                match e {
                    None => Ok(None),
                    Some(RangeEnd::Current) => Err(CliError::input(
                        "`current` in a --sql range needs a database; name the revision the database is at",
                        None,
                    )),
                    Some(RangeEnd::Target(t)) => Ok(Some(t)),
                }
            };
            (side(range.start)?, side(range.end)?)
        }
        None => (None, Some(Target::parse(target)?)),
    };
    let start_rows: Vec<RevId> = match (&start, direction) {
        (Some(t), _) => {
            let points = graph.resolve_point(t)?;
            let set: RevSet = graph.ancestors_or_self(points);
            graph
                .rows_of(&set)
                .into_iter()
                .map(|i| graph.get(i).id().clone())
                .collect()
        }
        (None, Direction::Up) => Vec::new(),
        (None, Direction::Down) => {
            return Err(CliError::input(
                "downgrade --sql needs a range START:END: without a database the current revision is unknown",
                Some("e.g. `cargo schema downgrade --sql head:base` or `ae1f:-1`".into()),
            ));
        }
    };
    let end = end.unwrap_or(match direction {
        Direction::Up => Target::Heads,
        Direction::Down => Target::Base,
    });
    let plan = match direction {
        Direction::Up => plan::upgrade(graph, &start_rows, &end)?,
        Direction::Down => plan::downgrade(graph, &start_rows, &end)?,
    };
    shell.line(ctx.migrator.script(ctx.dialect, &plan, script));
    Ok(())
}
