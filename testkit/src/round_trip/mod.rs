//! The round trip: proof that every upgrade and every downgrade of a
//! project works, on a real database.
//!
//! On a throwaway database (a fresh one on the test cluster for
//! PostgreSQL, a temp file for SQLite), for every revision in topological
//! order: upgrade one step, introspect, downgrade one step and require the
//! schema to be the one from before the step, upgrade again. Then require a
//! single head, the models to match the database at head (as `cargo schema
//! check` compares them), and replaying the migrations to give the schema
//! the database has. Each failure names its revision and shows the
//! difference as the changes that would repair it, with their SQL.
//!
//! Why a step at a time and not "up to head, down to base": a down section
//! that forgets an index leaves the database almost right, and by the time
//! a full downgrade reaches base the trail is cold; one step at a time, the
//! first revision that does not restore its parent's schema is the culprit.
//!
//! The walk stops at the first failing revision (the database is in an
//! unknown state after it); the checks at head are then not run either,
//! except the count of heads, which needs no database.

mod compare;
mod report;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use schema_core::config::{self, Config, ConfigRequest};
use schema_core::diff::{self, DiffOptions, Op};
use schema_core::introspect::introspect;
use schema_core::runner::{Database, Migrator, RunOptions};
use schema_core::schema::{Schema, SqlType, TableName};
use schema_core::target::{Anchor, Target};
use schema_core::url::DatabaseUrl;
use schema_core::{Dialect, Graph, RevId, model, replay};
use sqlx::{PgPool, SqlitePool};

pub use self::compare::{Difference, schema_diff, text_diff};
pub use self::report::{
    CheckReport, CheckResult, DownSkip, Outcome, Problem, Report, Stage, StepReport,
};
use crate::error::TestkitError;
use crate::fixtures::{TestDatabase, database};

/// What a data check returns on failure: any error.
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

type HookFuture = Pin<Box<dyn Future<Output = Result<(), HookError>> + Send>>;
type Hook = Arc<dyn Fn(Checkpoint) -> HookFuture + Send + Sync>;

/// Runs the round trip of the package under test (`CARGO_MANIFEST_DIR`)
/// and panics with the report if anything is wrong: one line in a test.
///
/// ```no_run
/// #[test]
/// fn migrations_round_trip() {
///     schema_testkit::assert_round_trip();
/// }
/// ```
///
/// PostgreSQL (the shared test cluster, or `SCHEMA_TEST_DATABASE_URL`)
/// unless the package's configured dialect is SQLite. For options, see
/// [`RoundTrip`].
#[track_caller]
pub fn assert_round_trip() {
    RoundTrip::new().assert();
}

/// The round trip with options.
///
/// ```no_run
/// use schema_testkit::{RoundTrip, Stage};
///
/// #[test]
/// fn migrations_round_trip() {
///     RoundTrip::new()
///         // The data migration of 3f2a fills `email` from `name`.
///         .check_data("3f2a", |at| async move {
///             match at.stage() {
///                 Stage::BeforeUpgrade => {
///                     sqlx::query("INSERT INTO account (id, name) VALUES (1, 'ada')")
///                         .execute(at.pg())
///                         .await?;
///                 }
///                 Stage::Upgraded => {
///                     let email: String =
///                         sqlx::query_scalar("SELECT email FROM account WHERE id = 1")
///                             .fetch_one(at.pg())
///                             .await?;
///                     assert_eq!(email, "ada@example.org");
///                 }
///                 _ => {}
///             }
///             Ok(())
///         })
///         // Revisions up to 9b1c went to production long ago.
///         .minimum_revision("9b1c")
///         .assert();
/// }
/// ```
#[derive(Clone)]
pub struct RoundTrip {
    source: Source,
    dialect: Option<Dialect>,
    hooks: Vec<(String, Hook)>,
    minimum: Option<String>,
    skip: Vec<String>,
    models: bool,
}

#[derive(Debug, Clone)]
enum Source {
    /// `CARGO_MANIFEST_DIR`, read when the round trip runs.
    CurrentPackage,
    Package(PathBuf),
    Config(Box<Config>),
    Migrations(PathBuf),
}

impl std::fmt::Debug for RoundTrip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoundTrip")
            .field("source", &self.source)
            .field("dialect", &self.dialect)
            .field(
                "hooks",
                &self.hooks.iter().map(|(r, _)| r).collect::<Vec<_>>(),
            )
            .field("minimum", &self.minimum)
            .field("skip", &self.skip)
            .field("models", &self.models)
            .finish()
    }
}

impl Default for RoundTrip {
    fn default() -> Self {
        RoundTrip::new()
    }
}

impl RoundTrip {
    /// The package under test (`CARGO_MANIFEST_DIR`), as its
    /// `[package.metadata.schema]` configures it.
    pub fn new() -> RoundTrip {
        RoundTrip::with_source(Source::CurrentPackage)
    }

    /// The package whose manifest directory is `dir`.
    pub fn for_package(dir: impl Into<PathBuf>) -> RoundTrip {
        RoundTrip::with_source(Source::Package(dir.into()))
    }

    /// A configuration already loaded (what `cargo schema test` uses).
    pub fn for_config(config: Config) -> RoundTrip {
        RoundTrip::with_source(Source::Config(Box::new(config)))
    }

    /// A migrations directory alone: default version table, no models.
    pub fn for_migrations(dir: impl Into<PathBuf>) -> RoundTrip {
        RoundTrip::with_source(Source::Migrations(dir.into()))
    }

    fn with_source(source: Source) -> RoundTrip {
        RoundTrip {
            source,
            dialect: None,
            hooks: Vec::new(),
            minimum: None,
            skip: Vec::new(),
            models: true,
        }
    }

    /// Runs on this dialect instead of the configured one (PostgreSQL when
    /// none is configured).
    pub fn dialect(mut self, dialect: Dialect) -> RoundTrip {
        self.dialect = Some(dialect);
        self
    }

    /// Runs `check` at each [`Stage`] of `revision` (an id, a unique
    /// prefix or a branch label): insert rows before its upgrade, assert
    /// what its data migration did after it, check the rows survive the
    /// downgrade. An error (or a panic) fails the round trip, naming the
    /// revision and the stage. Several checks per revision run in the order
    /// given.
    pub fn check_data<F, Fut>(mut self, revision: &str, check: F) -> RoundTrip
    where
        F: Fn(Checkpoint) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), HookError>> + Send + 'static,
    {
        let hook: Hook = Arc::new(move |at| Box::pin(check(at)));
        self.hooks.push((revision.to_string(), hook));
        self
    }

    /// The database is never downgraded below `revision`: the downgrades
    /// of `revision` and of everything it builds on are not tried (they
    /// went to production long ago, say, and their down sections were never
    /// kept up). Revisions after it are still tried.
    pub fn minimum_revision(mut self, revision: &str) -> RoundTrip {
        self.minimum = Some(revision.to_string());
        self
    }

    /// Upgrades `revision` without trying its downgrade (later revisions
    /// need it applied). Repeat for several.
    pub fn skip(mut self, revision: &str) -> RoundTrip {
        self.skip.push(revision.to_string());
        self
    }

    /// Does not compare the models with the database at head.
    pub fn skip_models(mut self) -> RoundTrip {
        self.models = false;
        self
    }

    /// Runs it on the current tokio runtime. An `Err` is a round trip that
    /// could not run (no server, a bad configuration, an option naming no
    /// revision); what it found wrong is in [`Report::problems`].
    pub async fn run(&self) -> Result<Report, TestkitError> {
        let started = Instant::now();
        let project = self.load()?;
        let graph = project.migrator.graph();
        let dialect = self
            .dialect
            .or(project.dialect)
            .unwrap_or(Dialect::Postgres);
        let plan = self.plan(graph)?;
        let throwaway = Throwaway::new(dialect).await?;
        let url = throwaway.url()?;
        let pool = if self.hooks.is_empty() {
            None
        } else {
            Some(throwaway.pool().await?)
        };
        let mut db = Database::connect(&url).await.map_err(schema_error)?;
        let walk = Walk {
            migrator: &project.migrator,
            dialect,
            plan: &plan,
            pool,
        };
        let result = walk.run(&mut db, self, &project, started).await;
        db.close().await;
        let mut report = result?;
        report.database = throwaway.describe();
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Runs it on a runtime of its own, on a thread of its own (so it also
    /// works from inside another runtime).
    pub fn run_blocking(&self) -> Result<Report, TestkitError> {
        // Named like the caller's thread (the test), which names the database.
        let name = std::thread::current()
            .name()
            .unwrap_or("round_trip")
            .to_string();
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name(name)
                .spawn_scoped(scope, || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| TestkitError::Schema {
                            message: format!("cannot start a tokio runtime: {e}"),
                        })?;
                    runtime.block_on(self.run())
                })
                .map_err(|e| TestkitError::Schema {
                    message: format!("cannot start a thread: {e}"),
                })?
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Runs it ([`run_blocking`](Self::run_blocking)) and panics with the
    /// report unless everything passed; prints the report when it did
    /// (`cargo test -- --nocapture` shows it).
    #[track_caller]
    pub fn assert(&self) {
        match self.run_blocking() {
            Err(e) => panic!("the round trip could not run: {e}"),
            Ok(report) if !report.is_ok() => panic!("{report}"),
            Ok(report) => show(&report),
        }
    }

    fn load(&self) -> Result<Project, TestkitError> {
        let config = match &self.source {
            Source::CurrentPackage => {
                let dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
                    TestkitError::Schema {
                        message: "CARGO_MANIFEST_DIR is not set: run under `cargo test`, or use RoundTrip::for_package".into(),
                    }
                })?;
                Some(load_config(Path::new(&dir))?)
            }
            Source::Package(dir) => Some(load_config(dir)?),
            Source::Config(config) => Some((**config).clone()),
            Source::Migrations(_) => None,
        };
        Ok(match (config, &self.source) {
            (Some(config), _) => {
                let graph = Graph::load(&config.migrations_dir).map_err(schema_error)?;
                Project {
                    root: Some(config.root.clone()),
                    migrator: Migrator::new(graph).with_version_table(&config.version_table),
                    models: config.models.clone(),
                    manage_unmodelled_tables: config.manage_unmodelled_tables,
                    dialect: config.dialect,
                }
            }
            (None, Source::Migrations(dir)) => Project {
                root: None,
                migrator: Migrator::new(Graph::load(dir).map_err(schema_error)?),
                models: Vec::new(),
                manage_unmodelled_tables: false,
                dialect: None,
            },
            (None, _) => unreachable!("only a migrations directory comes without configuration"),
        })
    }

    /// The options resolved against the graph: an option naming no
    /// revision is an error, not a silent no-op.
    fn plan(&self, graph: &Graph) -> Result<Plan, TestkitError> {
        let resolve = |what: &str, rev: &str| {
            graph.resolve_rev(rev).map_err(|e| TestkitError::Schema {
                message: format!("round trip option {what}: {e}"),
            })
        };
        let n = graph.len();
        let mut down_skip: Vec<Option<DownSkip>> = vec![None; n];
        if let Some(minimum) = &self.minimum {
            let floor = resolve("minimum_revision", minimum)?;
            let below = graph.ancestors_or_self([floor]);
            for (i, skip) in down_skip.iter_mut().enumerate() {
                if below[i] {
                    *skip = Some(DownSkip::BelowMinimum {
                        minimum: graph.get(floor).id().clone(),
                    });
                }
            }
        }
        for rev in &self.skip {
            down_skip[resolve("skip", rev)?] = Some(DownSkip::Skipped);
        }
        for (i, skip) in down_skip.iter_mut().enumerate() {
            if graph.get(i).header.irreversible {
                *skip = Some(DownSkip::Irreversible);
            }
        }
        let mut hooks: Vec<Vec<Hook>> = vec![Vec::new(); n];
        for (rev, hook) in &self.hooks {
            hooks[resolve("check_data", rev)?].push(Arc::clone(hook));
        }
        Ok(Plan { down_skip, hooks })
    }
}

#[expect(
    clippy::print_stdout,
    reason = "a passing round trip's table is shown with `--nocapture`, like a test's own output"
)]
fn show(report: &Report) {
    println!("{report}");
}

fn load_config(dir: &Path) -> Result<Config, TestkitError> {
    config::load(&ConfigRequest::in_dir(dir)).map_err(schema_error)
}

fn schema_error(e: impl Into<schema_core::Error>) -> TestkitError {
    let e: schema_core::Error = e.into();
    TestkitError::Schema {
        message: e.to_string(),
    }
}

/// What the round trip needs of the package.
struct Project {
    /// The package's directory, for showing paths.
    root: Option<PathBuf>,
    migrator: Migrator,
    models: Vec<PathBuf>,
    manage_unmodelled_tables: bool,
    dialect: Option<Dialect>,
}

/// The options, by revision index.
struct Plan {
    down_skip: Vec<Option<DownSkip>>,
    hooks: Vec<Vec<Hook>>,
}

/// The database the round trip runs on, dropped (or deleted) with it.
enum Throwaway {
    Postgres(TestDatabase),
    Sqlite {
        dir: tempfile::TempDir,
        path: PathBuf,
    },
}

impl Throwaway {
    async fn new(dialect: Dialect) -> Result<Throwaway, TestkitError> {
        match dialect {
            Dialect::Postgres => Ok(Throwaway::Postgres(database().await?)),
            Dialect::Sqlite => {
                let dir = tempfile::Builder::new()
                    .prefix("schema-testkit-sqlite-")
                    .tempdir()
                    .map_err(|e| {
                        TestkitError::io("create a directory in", std::env::temp_dir(), e)
                    })?;
                let path = dir.path().join("round-trip.sqlite");
                Ok(Throwaway::Sqlite { dir, path })
            }
            other => Err(TestkitError::Schema {
                message: format!(
                    "the round trip runs on PostgreSQL and SQLite, not {other}; use .dialect(Dialect::Postgres)"
                ),
            }),
        }
    }

    fn url(&self) -> Result<DatabaseUrl, TestkitError> {
        match self {
            Throwaway::Postgres(db) => DatabaseUrl::parse(db.url()).map_err(schema_error),
            Throwaway::Sqlite { path, .. } => Ok(DatabaseUrl::sqlite_file(path)),
        }
    }

    async fn pool(&self) -> Result<Pool, TestkitError> {
        Ok(match self {
            Throwaway::Postgres(db) => Pool::Postgres(db.pool().clone()),
            Throwaway::Sqlite { .. } => {
                let url = self.url()?;
                Pool::Sqlite(SqlitePool::connect(url.as_str()).await?)
            }
        })
    }

    fn describe(&self) -> String {
        match self {
            Throwaway::Postgres(db) => format!("database {}", db.name()),
            Throwaway::Sqlite { dir, .. } => format!("a temp file in {}", dir.path().display()),
        }
    }
}

/// A connection pool to the round trip's database, for data checks.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Pool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

/// Where a data check runs: the revision, the stage, the database.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    revision: RevId,
    stage: Stage,
    pool: Pool,
}

impl Checkpoint {
    /// The revision the check is for (the full id).
    pub fn revision(&self) -> &str {
        self.revision.as_str()
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The PostgreSQL pool.
    ///
    /// # Panics
    ///
    /// When the round trip runs on SQLite.
    pub fn pg(&self) -> &PgPool {
        match &self.pool {
            Pool::Postgres(pool) => pool,
            Pool::Sqlite(_) => {
                panic!("this round trip runs on SQLite: use Checkpoint::sqlite() or pool()")
            }
        }
    }

    /// The SQLite pool.
    ///
    /// # Panics
    ///
    /// When the round trip runs on PostgreSQL.
    pub fn sqlite(&self) -> &SqlitePool {
        match &self.pool {
            Pool::Sqlite(pool) => pool,
            Pool::Postgres(_) => {
                panic!("this round trip runs on PostgreSQL: use Checkpoint::pg() or pool()")
            }
        }
    }
}

/// One run over the revisions.
struct Walk<'a> {
    migrator: &'a Migrator,
    dialect: Dialect,
    plan: &'a Plan,
    pool: Option<Pool>,
}

impl Walk<'_> {
    async fn run(
        &self,
        db: &mut Database,
        options: &RoundTrip,
        project: &Project,
        started: Instant,
    ) -> Result<Report, TestkitError> {
        let graph = self.migrator.graph();
        let mut steps: Vec<StepReport> = graph
            .revisions()
            .iter()
            .map(|m| StepReport {
                revision: m.id().clone(),
                message: m.header.message.clone(),
                outcome: Outcome::NotRun,
                up: None,
                down: None,
                up_again: None,
            })
            .collect();
        let mut problems = Vec::new();
        let mut before = self.introspect(db).await?;
        let mut stopped = None;
        for (i, step) in steps.iter_mut().enumerate() {
            match self.step(db, i, &before, step).await? {
                Ok(after) => before = after,
                Err(problem) => {
                    step.outcome = Outcome::Failed;
                    problems.push(problem);
                    stopped = Some(i);
                    break;
                }
            }
        }

        let mut checks = Vec::new();
        let heads: Vec<RevId> = graph
            .heads()
            .into_iter()
            .map(|h| graph.get(h).id().clone())
            .collect();
        let heads_line = heads
            .iter()
            .map(RevId::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        if heads.len() > 1 {
            checks.push(check("single head", CheckResult::Failed, heads_line));
            problems.push(Problem::MultipleHeads { heads });
        } else {
            checks.push(check("single head", CheckResult::Passed, heads_line));
        }
        match stopped {
            Some(i) => {
                let why = format!("not compared: the walk stopped at {}", graph.get(i).id());
                checks.push(check("models = database", CheckResult::NotRun, why.clone()));
                checks.push(check("replay = database", CheckResult::NotRun, why));
            }
            None => {
                let at_head = self.introspect(db).await?;
                let (models, problem) = self.models(options, project, &at_head);
                checks.push(models);
                problems.extend(problem);
                let (replay, problem) = self.replay(&at_head);
                checks.push(replay);
                problems.extend(problem);
            }
        }
        Ok(Report {
            dialect: self.dialect,
            database: String::new(),
            steps,
            checks,
            problems,
            elapsed: started.elapsed(),
        })
    }

    async fn introspect(&self, db: &mut Database) -> Result<Schema, TestkitError> {
        introspect(db, self.migrator.tables())
            .await
            .map_err(schema_error)
    }

    /// Up, down, up for revision `i`; the schema after it, or what went
    /// wrong. `Err` only when the database itself fails us.
    async fn step(
        &self,
        db: &mut Database,
        i: usize,
        before: &Schema,
        report: &mut StepReport,
    ) -> Result<Result<Schema, Problem>, TestkitError> {
        let m = self.migrator.graph().get(i);
        let revision = m.id().clone();
        let message = m.header.message.clone();
        let opts = RunOptions::default();
        let failed = |error: String| (revision.clone(), message.clone(), error);

        if let Err(problem) = self.hooks(i, Stage::BeforeUpgrade).await {
            return Ok(Err(problem));
        }
        let up = Target::Rev(revision.to_string());
        let t = Instant::now();
        if let Err(e) = self.migrator.upgrade(db, &up, &opts, &mut |_| {}).await {
            let (revision, message, error) = failed(e.to_string());
            return Ok(Err(Problem::Upgrade {
                revision,
                message,
                error,
            }));
        }
        report.up = Some(t.elapsed());
        let after = self.introspect(db).await?;
        if let Err(problem) = self.hooks(i, Stage::Upgraded).await {
            return Ok(Err(problem));
        }

        if let Some(reason) = &self.plan.down_skip[i] {
            report.outcome = Outcome::UpOnly {
                reason: reason.clone(),
            };
            return Ok(Ok(after));
        }
        let down = Target::Relative {
            anchor: Anchor::Rev(revision.to_string()),
            steps: -1,
        };
        let t = Instant::now();
        if let Err(e) = self.migrator.downgrade(db, &down, &opts, &mut |_| {}).await {
            let (revision, message, error) = failed(e.to_string());
            return Ok(Err(Problem::Downgrade {
                revision,
                message,
                error,
            }));
        }
        report.down = Some(t.elapsed());
        let back = self.introspect(db).await?;
        if let Some(difference) =
            Difference::between(&back, before, self.dialect, &DiffOptions::default())
        {
            return Ok(Err(Problem::NotRestored {
                empty_down: m.down_sql().is_some_and(has_no_statements),
                unchanged: back == after,
                revision,
                message,
                difference,
            }));
        }
        if let Err(problem) = self.hooks(i, Stage::Downgraded).await {
            return Ok(Err(problem));
        }

        let t = Instant::now();
        if let Err(e) = self.migrator.upgrade(db, &up, &opts, &mut |_| {}).await {
            let (revision, message, error) = failed(e.to_string());
            return Ok(Err(Problem::UpgradeAgain {
                revision,
                message,
                error,
            }));
        }
        report.up_again = Some(t.elapsed());
        if let Err(problem) = self.hooks(i, Stage::UpgradedAgain).await {
            return Ok(Err(problem));
        }
        report.outcome = Outcome::Passed;
        Ok(Ok(after))
    }

    /// Runs revision `i`'s data checks for `stage`, each as a task of its
    /// own so that a panic in one is a failure to report, not a crash.
    async fn hooks(&self, i: usize, stage: Stage) -> Result<(), Problem> {
        let (Some(pool), hooks) = (&self.pool, &self.plan.hooks[i]) else {
            return Ok(());
        };
        let m = self.migrator.graph().get(i);
        for hook in hooks {
            let at = Checkpoint {
                revision: m.id().clone(),
                stage,
                pool: pool.clone(),
            };
            let error = match tokio::spawn(hook(at)).await {
                Ok(Ok(())) => continue,
                Ok(Err(e)) => e.to_string(),
                Err(e) if e.is_panic() => {
                    let panic = e.into_panic();
                    let text = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                        .unwrap_or_else(|| "(not a string)".into());
                    format!("it panicked: {text}")
                }
                Err(e) => e.to_string(),
            };
            return Err(Problem::DataCheck {
                revision: m.id().clone(),
                message: m.header.message.clone(),
                stage,
                error,
            });
        }
        Ok(())
    }

    /// The models against the database at head, as `cargo schema check`
    /// compares them.
    fn models(
        &self,
        options: &RoundTrip,
        project: &Project,
        at_head: &Schema,
    ) -> (CheckReport, Option<Problem>) {
        const NAME: &str = "models = database";
        let dirs: Vec<PathBuf> = project
            .models
            .iter()
            .filter(|d| d.exists())
            .cloned()
            .collect();
        if !options.models {
            return (
                check(NAME, CheckResult::NotRun, "not compared (skipped)"),
                None,
            );
        }
        let found = match model::discover(&dirs, self.dialect) {
            Ok(found) => found,
            Err(e) => {
                return (
                    check(NAME, CheckResult::Failed, "the models could not be read"),
                    Some(Problem::Models {
                        error: e.to_string(),
                    }),
                );
            }
        };
        if found.is_empty() {
            let detail = if project.models.is_empty() {
                "not compared: no models configured".to_string()
            } else {
                format!(
                    "not compared: no #[derive(Model)] in {}",
                    project
                        .models
                        .iter()
                        .map(|d| {
                            let shown =
                                project.root.as_deref().and_then(|r| d.strip_prefix(r).ok());
                            shown.unwrap_or(d).display().to_string()
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return (check(NAME, CheckResult::NotRun, detail), None);
        }
        let count = found.len();
        let mut models = Schema {
            tables: Default::default(),
            enums: at_head.enums.clone(),
        };
        let mut extra_columns_allowed = Vec::new();
        for m in found {
            let mut table = m.table;
            for column in &mut table.columns {
                name_enum_types(&mut column.ty, at_head);
            }
            if m.allow_extra_columns {
                extra_columns_allowed.push(table.name.clone());
            }
            models.tables.insert(table.name.clone(), table);
        }
        let opts = DiffOptions {
            scope: (!project.manage_unmodelled_tables)
                .then(|| models.tables.keys().cloned().collect()),
            renames: Vec::new(),
        };
        let mut ops = diff::diff(at_head, &models, &opts).ops;
        ops.retain(|op| {
            !matches!(op, Op::DropColumn { table, .. } if extra_columns_allowed.contains(table))
        });
        if ops.is_empty() {
            return (
                check(NAME, CheckResult::Passed, format!("{count} model(s)")),
                None,
            );
        }
        (
            check(
                NAME,
                CheckResult::Failed,
                format!("{count} model(s), {} difference(s)", ops.len()),
            ),
            Some(Problem::ModelsDiffer {
                difference: Difference::of_ops(&ops, at_head, &models, self.dialect),
            }),
        )
    }

    /// Replaying the migrations against the database at head.
    fn replay(&self, at_head: &Schema) -> (CheckReport, Option<Problem>) {
        const NAME: &str = "replay = database";
        let replayed = replay::replay_heads(self.migrator.graph(), self.dialect);
        let tables = at_head.tables.len();
        match Difference::between(
            &replayed.schema,
            at_head,
            self.dialect,
            &DiffOptions::default(),
        ) {
            None => (
                check(NAME, CheckResult::Passed, format!("{tables} table(s)")),
                None,
            ),
            Some(difference) => (
                check(NAME, CheckResult::Failed, format!("{tables} table(s)")),
                Some(Problem::ReplayDiffers {
                    difference,
                    warnings: replayed.problems().map(ToString::to_string).collect(),
                }),
            ),
        }
    }
}

fn check(name: &'static str, result: CheckResult, detail: impl Into<String>) -> CheckReport {
    CheckReport {
        name,
        result,
        detail: detail.into(),
    }
}

/// `sql_type = "mood"` on a model names the enum type `mood` when the
/// schema has one, as autogenerate reads it.
fn name_enum_types(ty: &mut SqlType, base: &Schema) {
    match ty {
        SqlType::Other(name) => {
            let wanted = TableName::new(name.as_str());
            if let Some(e) = base
                .enums
                .keys()
                .find(|e| **e == wanted || e.to_string() == *name)
            {
                *ty = SqlType::Named(e.clone());
            }
        }
        SqlType::Array(inner) => name_enum_types(inner, base),
        _ => {}
    }
}

/// Whether a section holds only blank lines and `--` comments.
fn has_no_statements(sql: &str) -> bool {
    sql.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with("--")
    })
}
