//! What a round trip found: a row per revision, the checks at head, and
//! the problems, each naming its revision and showing the schema
//! difference. `Display` is the table `cargo schema test` prints and the
//! message `assert_round_trip` panics with; `Serialize` is its
//! `--format json`.

use std::fmt;
use std::time::Duration;

use schema_core::{Dialect, RevId};
use serde::{Serialize, Serializer};

use super::compare::Difference;

/// The outcome of a round trip.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Report {
    pub dialect: Dialect,
    /// Where it ran: `database t123_x_0 on the shared test cluster`.
    pub database: String,
    /// One per revision, in topological order (also those not reached).
    pub steps: Vec<StepReport>,
    /// The final checks, in order: heads, models, replay.
    pub checks: Vec<CheckReport>,
    /// Everything that is wrong; empty when the round trip passed.
    pub problems: Vec<Problem>,
    #[serde(serialize_with = "millis", rename = "elapsed_ms")]
    pub elapsed: Duration,
}

impl Report {
    /// Whether everything passed.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One revision's row.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct StepReport {
    pub revision: RevId,
    pub message: String,
    pub outcome: Outcome,
    /// The first upgrade, the downgrade and the second upgrade.
    #[serde(serialize_with = "opt_millis", rename = "up_ms")]
    pub up: Option<Duration>,
    #[serde(serialize_with = "opt_millis", rename = "down_ms")]
    pub down: Option<Duration>,
    #[serde(serialize_with = "opt_millis", rename = "up_again_ms")]
    pub up_again: Option<Duration>,
}

/// How one revision fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Up, down (back to the schema before), up again.
    Passed,
    /// Upgraded only; why the downgrade was not tried.
    UpOnly { reason: DownSkip },
    /// A problem (see [`Report::problems`]); the walk stopped here.
    Failed,
    /// Not reached: an earlier revision failed.
    NotRun,
}

/// Why a revision's downgrade was not tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DownSkip {
    /// The revision is marked `irreversible: true`: it has no down section,
    /// and downgrades stop there.
    Irreversible,
    /// At or below the minimum revision of the run.
    BelowMinimum { minimum: RevId },
    /// Skipped on request.
    Skipped,
}

impl fmt::Display for DownSkip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DownSkip::Irreversible => f.write_str(
                "it is marked `irreversible: true`: there is no down section, and downgrades stop there",
            ),
            DownSkip::BelowMinimum { minimum } => write!(
                f,
                "downgrades are tried only above the minimum revision {minimum}"
            ),
            DownSkip::Skipped => f.write_str("skipped on request"),
        }
    }
}

/// One of the checks at head.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CheckReport {
    /// `single head`, `models = database`, `replay = database`.
    pub name: &'static str,
    pub result: CheckResult,
    /// What was found (`fe98439c07ed`, `6 models`).
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    Passed,
    Failed,
    /// Not compared (no models; the walk stopped early).
    NotRun,
}

/// When a data check runs, relative to its revision's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The database is at the revision's parents: insert the rows its data
    /// migration will transform.
    BeforeUpgrade,
    /// After the first upgrade: assert what the data migration did.
    Upgraded,
    /// After the downgrade: assert the data survived on the old schema.
    Downgraded,
    /// After the second upgrade.
    UpgradedAgain,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::BeforeUpgrade => "before its upgrade",
            Stage::Upgraded => "after its upgrade",
            Stage::Downgraded => "after its downgrade",
            Stage::UpgradedAgain => "after its second upgrade",
        })
    }
}

/// Something the round trip found wrong.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// The first upgrade of a revision failed.
    Upgrade {
        revision: RevId,
        message: String,
        error: String,
    },
    /// Its downgrade failed.
    Downgrade {
        revision: RevId,
        message: String,
        error: String,
    },
    /// Upgrading it again after the downgrade failed.
    UpgradeAgain {
        revision: RevId,
        message: String,
        error: String,
    },
    /// After the downgrade the schema is not what it was before the upgrade.
    NotRestored {
        revision: RevId,
        message: String,
        /// The down section has no statements.
        empty_down: bool,
        /// The downgrade changed nothing at all.
        unchanged: bool,
        /// What the down section would still have to do.
        difference: Difference,
    },
    /// A data check failed (or panicked).
    DataCheck {
        revision: RevId,
        message: String,
        stage: Stage,
        error: String,
    },
    /// More than one head.
    MultipleHeads { heads: Vec<RevId> },
    /// The models do not match the database at head.
    ModelsDiffer { difference: Difference },
    /// The models could not be read.
    Models { error: String },
    /// Replaying the migrations gives another schema than the database has.
    ReplayDiffers {
        difference: Difference,
        /// Statements replay did not understand: the likely cause.
        warnings: Vec<String>,
    },
}

impl Problem {
    /// The revision at fault, when there is one.
    pub fn revision(&self) -> Option<&RevId> {
        match self {
            Problem::Upgrade { revision, .. }
            | Problem::Downgrade { revision, .. }
            | Problem::UpgradeAgain { revision, .. }
            | Problem::NotRestored { revision, .. }
            | Problem::DataCheck { revision, .. } => Some(revision),
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    /// A headline naming the revision, the detail indented, `help:` last.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Upgrade {
                revision,
                message,
                error,
            } => {
                writeln!(f, "revision {revision} ({message}): the upgrade failed")?;
                writeln!(f, "  {}", indent(error))
            }
            Problem::Downgrade {
                revision,
                message,
                error,
            } => {
                writeln!(
                    f,
                    "revision {revision} ({message}): the downgrade right after its upgrade failed"
                )?;
                writeln!(f, "  {}", indent(error))?;
                writeln!(
                    f,
                    "  help: fix the down section; if the revision cannot be undone, mark it `-- irreversible: true`"
                )
            }
            Problem::UpgradeAgain {
                revision,
                message,
                error,
            } => {
                writeln!(
                    f,
                    "revision {revision} ({message}): upgrading again after the downgrade failed"
                )?;
                writeln!(f, "  {}", indent(error))?;
                writeln!(
                    f,
                    "  help: the down section leaves something behind that the up section creates"
                )
            }
            Problem::NotRestored {
                revision,
                message,
                empty_down,
                unchanged,
                difference,
            } => {
                writeln!(
                    f,
                    "revision {revision} ({message}): the downgrade does not restore the schema from before the upgrade"
                )?;
                if *empty_down {
                    writeln!(f, "  its down section is empty")?;
                } else if *unchanged {
                    writeln!(f, "  the downgrade changed nothing")?;
                }
                writeln!(
                    f,
                    "  to get back there, the down section would still have to:"
                )?;
                write!(f, "{difference}")?;
                writeln!(
                    f,
                    "  help: fix the down section of {revision}; if it cannot be undone, mark it `-- irreversible: true`"
                )
            }
            Problem::DataCheck {
                revision,
                message,
                stage,
                error,
            } => {
                writeln!(
                    f,
                    "revision {revision} ({message}): the data check {stage} failed"
                )?;
                writeln!(f, "  {}", indent(error))
            }
            Problem::MultipleHeads { heads } => {
                writeln!(
                    f,
                    "the migrations have {} heads: {}",
                    heads.len(),
                    heads
                        .iter()
                        .map(RevId::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                )?;
                writeln!(
                    f,
                    "  help: join them: `cargo schema merge -m \"merge\" heads`"
                )
            }
            Problem::ModelsDiffer { difference } => {
                writeln!(
                    f,
                    "the models and the database at head differ; the migrations would still have to:"
                )?;
                write!(f, "{difference}")?;
                writeln!(
                    f,
                    "  help: write the missing revision: `cargo schema revision --autogenerate -m \"…\"`"
                )
            }
            Problem::Models { error } => {
                writeln!(f, "the models could not be read")?;
                writeln!(f, "  {}", indent(error))
            }
            Problem::ReplayDiffers {
                difference,
                warnings,
            } => {
                writeln!(
                    f,
                    "replaying the migrations gives another schema than the database has at head; to match the database, the replayed schema would need:"
                )?;
                write!(f, "{difference}")?;
                if !warnings.is_empty() {
                    writeln!(f, "  replay warned about (the likely cause):")?;
                    for w in warnings {
                        writeln!(f, "    {w}")?;
                    }
                }
                writeln!(
                    f,
                    "  help: autogenerate and the compile-time check trust replay; a statement replay misreads is worth a bug report"
                )
            }
        }
    }
}

fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n  ")
}

impl fmt::Display for Report {
    /// The table, the notes on revisions not downgraded, the problems, and
    /// a last line that says whether it passed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "round trip of {} revision(s) on {} ({}), {}",
            self.steps.len(),
            self.dialect,
            self.database,
            ms(self.elapsed)
        )?;
        writeln!(f)?;
        let number_width = self.steps.len().to_string().len().max(1);
        let id_width = self
            .steps
            .iter()
            .map(|s| s.revision.as_str().len())
            .max()
            .unwrap_or(0)
            .max("revision".len());
        let time = |d: Option<Duration>| d.map_or_else(|| "-".to_string(), ms);
        writeln!(
            f,
            "  {:>number_width$}  {:<id_width$}  {:>8}  {:>8}  {:>8}  {:<8}  message",
            "#", "revision", "up", "down", "up again", "result"
        )?;
        for (i, step) in self.steps.iter().enumerate() {
            let result = match &step.outcome {
                Outcome::Passed => "ok",
                Outcome::UpOnly { .. } => "up only",
                Outcome::Failed => "FAILED",
                Outcome::NotRun => "not run",
            };
            writeln!(
                f,
                "  {:>number_width$}  {:<id_width$}  {:>8}  {:>8}  {:>8}  {:<8}  {}",
                i + 1,
                step.revision,
                time(step.up),
                time(step.down),
                time(step.up_again),
                result,
                step.message
            )?;
        }
        writeln!(f)?;
        let name_width = self.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for check in &self.checks {
            let result = match check.result {
                CheckResult::Passed => "ok",
                CheckResult::Failed => "FAILED",
                CheckResult::NotRun => "-",
            };
            writeln!(
                f,
                "  {:<name_width$}  {:<6}  {}",
                check.name, result, check.detail
            )?;
        }
        let up_only: Vec<&StepReport> = self
            .steps
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::UpOnly { .. }))
            .collect();
        if !up_only.is_empty() {
            writeln!(f)?;
            for step in up_only {
                if let Outcome::UpOnly { reason } = &step.outcome {
                    writeln!(
                        f,
                        "note: {} ({}) was not downgraded: {reason}",
                        step.revision, step.message
                    )?;
                }
            }
        }
        for problem in &self.problems {
            writeln!(f)?;
            write!(f, "error: {problem}")?;
        }
        writeln!(f)?;
        if self.is_ok() {
            write!(f, "round trip passed")
        } else {
            write!(f, "round trip failed: {} problem(s)", self.problems.len())
        }
    }
}

/// `4.1ms`, `1.25s`.
pub(crate) fn ms(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.2}s", d.as_secs_f64())
    } else {
        format!("{:.1}ms", d.as_secs_f64() * 1000.0)
    }
}

fn millis<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

fn opt_millis<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => millis(d, s),
        None => s.serialize_none(),
    }
}
