//! The runner: applies plans to a real database.
//!
//! Each revision runs in its own transaction together with its version-table
//! and history rows (where DDL is transactional), so a failure leaves the
//! database at the last good revision and no lock outlives one revision.
//! Concurrent runners are serialised: on PostgreSQL by a session advisory
//! lock keyed by the version table, taken by polling
//! `pg_try_advisory_lock` so a waiting runner holds no transaction or
//! snapshot (a blocking wait inside a transaction would deadlock a
//! `CREATE INDEX CONCURRENTLY` run by the holder); on SQLite by `BEGIN
//! IMMEDIATE` around every revision, re-reading the version table inside it
//! so each revision is applied exactly once.
//!
//! Applications call [`Migrator::run`] (async) or [`Migrator::run_blocking`]
//! at start-up; the CLI drives [`Migrator::upgrade`] and friends with
//! progress events.

mod db;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

pub use db::Database;

use crate::graph::Graph;
use crate::migration::RevId;
use crate::plan::{self, Direction, Plan, Step};
use crate::script::{self, Piece, ScriptOptions, Tables};
use crate::target::{Target, TargetError};
use crate::url::DatabaseUrl;
use crate::{Dialect, sql};

/// Options of one run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub script: ScriptOptions,
    /// Refuse to run unless the database is at exactly this target
    /// (`base`, an id, `heads`…).
    pub expect_current: Option<String>,
    /// Run even though an applied revision's file changed since.
    pub allow_edited: bool,
}

/// Progress of a run, for the CLI's progress display.
#[derive(Debug)]
pub enum Event<'a> {
    /// Another runner holds the lock; polling.
    WaitingForLock,
    /// The plan, once the database state is known.
    Plan(&'a Plan),
    StepStarted {
        step: &'a Step,
        number: usize,
        total: usize,
    },
    StepFinished {
        step: &'a Step,
        number: usize,
        total: usize,
        elapsed: Duration,
    },
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    pub plan: Plan,
    /// Steps that ran, with their time.
    pub done: Vec<(RevId, Duration)>,
}

/// What the database says about itself.
#[derive(Debug, Clone, Default)]
pub struct DbState {
    /// Whether the version table exists.
    pub initialized: bool,
    /// The version table's rows: one per current head.
    pub rows: Vec<RevId>,
    /// Rows that are not revision ids at all (written by hand?).
    pub bad_rows: Vec<String>,
    /// The checksum recorded for each applied revision (latest up, stamp or
    /// repair).
    pub recorded: HashMap<String, Option<String>>,
    /// Revisions whose last step started and never finished (a
    /// non-transactional revision interrupted half-way).
    pub unfinished: Vec<String>,
}

/// An applied revision whose file changed after it was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edited {
    pub revision: RevId,
    pub path: String,
    pub recorded: String,
    pub current: String,
}

impl DbState {
    /// Rows that no revision file has.
    pub fn unknown_rows(&self, graph: &Graph) -> Vec<RevId> {
        self.rows
            .iter()
            .filter(|r| graph.index_of(r.as_str()).is_none())
            .cloned()
            .collect()
    }

    /// Applied revisions whose checksum no longer matches their file.
    pub fn edited(&self, graph: &Graph) -> Vec<Edited> {
        let Ok(applied) = plan::applied_set(graph, &self.rows) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, m) in graph.revisions().iter().enumerate() {
            if !applied[i] {
                continue;
            }
            if let Some(Some(recorded)) = self.recorded.get(m.id().as_str())
                && recorded != m.checksum().as_str()
            {
                out.push(Edited {
                    revision: m.id().clone(),
                    path: m.path.display().to_string(),
                    recorded: recorded.clone(),
                    current: m.checksum().to_string(),
                });
            }
        }
        out
    }
}

/// A set of revisions bound to a version table: the thing that migrates.
#[derive(Debug, Clone)]
pub struct Migrator {
    graph: Graph,
    tables: Tables,
}

const LOCK_POLL_START: Duration = Duration::from_millis(5);
const LOCK_POLL_MAX: Duration = Duration::from_millis(250);

impl Migrator {
    pub fn new(graph: Graph) -> Migrator {
        Migrator {
            graph,
            tables: Tables::new(crate::config::DEFAULT_VERSION_TABLE),
        }
    }

    /// The revisions of a migrations directory.
    pub fn from_dir(dir: impl AsRef<std::path::Path>) -> Result<Migrator, crate::Error> {
        Ok(Migrator::new(Graph::load(dir.as_ref())?))
    }

    /// The revisions of files embedded in the binary, as `(path, text)`:
    /// what `embed_migrations!()` expands to, so a binary needs no files
    /// at run time. Each text is parsed and checksummed exactly as a file
    /// would be, so the checksums recorded in the database agree with the
    /// CLI's.
    ///
    /// ```
    /// # use schema_core::Migrator;
    /// let migrator = Migrator::from_embedded(&[(
    ///     "migrations/3f2a9c1b7d4e_create_user.sql",
    ///     "-- revision: 3f2a9c1b7d4e\n-- revises: base\n-- message: create user\n\n\
    ///      -- migrate:up\nCREATE TABLE u (id BIGINT PRIMARY KEY);\n\n\
    ///      -- migrate:down\nDROP TABLE u;\n",
    /// )])?;
    /// assert_eq!(migrator.graph().len(), 1);
    /// # Ok::<(), schema_core::Error>(())
    /// ```
    pub fn from_embedded(files: &[(&str, &str)]) -> Result<Migrator, crate::Error> {
        let migrations = files
            .iter()
            .map(|(path, text)| crate::migration::Migration::parse(*path, text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Migrator::new(Graph::new(migrations)?))
    }

    /// Uses another version table (`alembic_version` reads Alembic's as is).
    pub fn with_version_table(mut self, name: &str) -> Migrator {
        self.tables = Tables::new(name);
        self
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    pub fn tables(&self) -> &Tables {
        &self.tables
    }

    /// Brings the database at `url` to all heads: what an application calls
    /// at start-up.
    pub async fn run(&self, url: &str) -> Result<RunReport, crate::Error> {
        let url = DatabaseUrl::parse(url)?;
        let mut db = Database::connect(&url).await?;
        let report = self
            .upgrade(&mut db, &Target::Heads, &RunOptions::default(), &mut |_| {})
            .await;
        db.close().await;
        Ok(report?)
    }

    /// [`Migrator::run`] on an application's PostgreSQL pool.
    #[cfg(feature = "postgres")]
    pub async fn run_pg(&self, pool: &sqlx::PgPool) -> Result<RunReport, crate::Error> {
        let mut db = Database::from_pg_pool(pool).await?;
        Ok(self
            .upgrade(&mut db, &Target::Heads, &RunOptions::default(), &mut |_| {})
            .await?)
    }

    /// [`Migrator::run`] on an application's SQLite pool.
    #[cfg(feature = "sqlite")]
    pub async fn run_sqlite(&self, pool: &sqlx::SqlitePool) -> Result<RunReport, crate::Error> {
        let mut db = Database::from_sqlite_pool(pool).await?;
        Ok(self
            .upgrade(&mut db, &Target::Heads, &RunOptions::default(), &mut |_| {})
            .await?)
    }

    /// [`Migrator::run`] for programs without an async runtime.
    pub fn run_blocking(&self, url: &str) -> Result<RunReport, crate::Error> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| RunError::Runtime(e.to_string()))?;
        rt.block_on(self.run(url))
    }

    /// Reads the version table and the history (nothing is created).
    pub async fn state(&self, db: &mut Database) -> Result<DbState, RunError> {
        let mut state = DbState::default();
        if !db
            .table_exists(&self.tables.version)
            .await
            .map_err(|e| RunError::bookkeeping("read the version table", &e))?
        {
            return Ok(state);
        }
        state.initialized = true;
        (state.rows, state.bad_rows) = self.rows(db).await?;
        if db
            .table_exists(&self.tables.history)
            .await
            .map_err(|e| RunError::bookkeeping("read the history table", &e))?
        {
            let sql = format!(
                "SELECT revision, direction, checksum, CAST(CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS INTEGER) FROM {} ORDER BY id",
                script::quote_ident(&self.tables.history)
            );
            let rows = db
                .history_rows(&sql)
                .await
                .map_err(|e| RunError::bookkeeping("read the history table", &e))?;
            let mut last_finished: HashMap<String, bool> = HashMap::new();
            for (rev, direction, checksum, finished) in rows {
                let finished = finished != 0;
                match direction.as_str() {
                    "up" | "stamp-up" | "repair" if finished => {
                        state.recorded.insert(rev.clone(), checksum);
                    }
                    "down" | "stamp-down" if finished => {
                        state.recorded.remove(&rev);
                    }
                    _ => {}
                }
                if direction == "up" || direction == "down" {
                    last_finished.insert(rev, finished);
                }
            }
            state.unfinished = last_finished
                .into_iter()
                .filter(|(_, f)| !f)
                .map(|(r, _)| r)
                .collect();
            state.unfinished.sort();
        }
        Ok(state)
    }

    /// The version table's rows: the revision ids, and rows that aren't.
    async fn rows(&self, db: &mut Database) -> Result<(Vec<RevId>, Vec<String>), RunError> {
        let sql = format!(
            "SELECT version_num FROM {}",
            script::quote_ident(&self.tables.version)
        );
        let rows = db
            .strings(&sql)
            .await
            .map_err(|e| RunError::bookkeeping("read the version table", &e))?;
        let mut good = Vec::with_capacity(rows.len());
        let mut bad = Vec::new();
        for r in rows {
            match RevId::parse(r.trim()) {
                Ok(id) => good.push(id),
                Err(_) => bad.push(r),
            }
        }
        Ok((good, bad))
    }

    /// The rows, refusing a table with rows that aren't revision ids.
    async fn rows_strict(&self, db: &mut Database) -> Result<Vec<RevId>, RunError> {
        let (good, bad) = self.rows(db).await?;
        match bad.into_iter().next() {
            None => Ok(good),
            Some(row) => Err(RunError::BadRow {
                table: self.tables.version.clone(),
                reason: RevId::parse(row.trim()).err().unwrap_or_default(),
                row,
            }),
        }
    }

    /// The plan an upgrade would run, from the database's state.
    pub async fn plan_upgrade(&self, db: &mut Database, target: &Target) -> Result<Plan, RunError> {
        let state = self.state(db).await?;
        Ok(plan::upgrade(&self.graph, &state.rows, target)?)
    }

    /// The plan a downgrade would run.
    pub async fn plan_downgrade(
        &self,
        db: &mut Database,
        target: &Target,
    ) -> Result<Plan, RunError> {
        let state = self.state(db).await?;
        Ok(plan::downgrade(&self.graph, &state.rows, target)?)
    }

    /// Upgrades to `target`.
    pub async fn upgrade(
        &self,
        db: &mut Database,
        target: &Target,
        opts: &RunOptions,
        events: &mut dyn FnMut(Event<'_>),
    ) -> Result<RunReport, RunError> {
        self.migrate(db, Direction::Up, target, opts, events).await
    }

    /// Downgrades to `target`.
    pub async fn downgrade(
        &self,
        db: &mut Database,
        target: &Target,
        opts: &RunOptions,
        events: &mut dyn FnMut(Event<'_>),
    ) -> Result<RunReport, RunError> {
        self.migrate(db, Direction::Down, target, opts, events)
            .await
    }

    fn plan_for(
        &self,
        direction: Direction,
        rows: &[RevId],
        target: &Target,
    ) -> Result<Plan, RunError> {
        Ok(match direction {
            Direction::Up => plan::upgrade(&self.graph, rows, target)?,
            Direction::Down => plan::downgrade(&self.graph, rows, target)?,
        })
    }

    /// Upgrades or downgrades to `target`.
    pub async fn migrate(
        &self,
        db: &mut Database,
        direction: Direction,
        target: &Target,
        opts: &RunOptions,
        events: &mut dyn FnMut(Event<'_>),
    ) -> Result<RunReport, RunError> {
        let key = self.tables.lock_key();
        self.lock(db, key, events).await?;
        let result = self
            .migrate_locked(db, direction, target, opts, events)
            .await;
        let unlocked = db.unlock(key).await;
        let report = result?;
        unlocked.map_err(|e| RunError::bookkeeping("release the advisory lock", &e))?;
        Ok(report)
    }

    async fn lock(
        &self,
        db: &mut Database,
        key: i64,
        events: &mut dyn FnMut(Event<'_>),
    ) -> Result<(), RunError> {
        let mut wait = LOCK_POLL_START;
        let mut told = false;
        loop {
            if db
                .try_lock(key)
                .await
                .map_err(|e| RunError::bookkeeping("take the advisory lock", &e))?
            {
                return Ok(());
            }
            if !told {
                events(Event::WaitingForLock);
                told = true;
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(LOCK_POLL_MAX);
        }
    }

    /// Creates the version and history tables when missing.
    async fn ensure_tables(&self, db: &mut Database) -> Result<(), RunError> {
        for s in script::create_tables(db.dialect(), &self.tables) {
            db.execute(&s)
                .await
                .map_err(|e| RunError::bookkeeping("create the version tables", &e))?;
        }
        Ok(())
    }

    /// Refuses to run against a version table with rows that are not ids,
    /// a database elsewhere than `--expect-current`, or edited revisions.
    pub fn check_state(&self, state: &DbState, opts: &RunOptions) -> Result<(), RunError> {
        if let Some(row) = state.bad_rows.first() {
            return Err(RunError::BadRow {
                table: self.tables.version.clone(),
                row: row.clone(),
                reason: RevId::parse(row.trim()).err().unwrap_or_default(),
            });
        }
        if let Some(expect) = &opts.expect_current {
            let want = self.graph.resolve_point(&Target::parse(expect)?)?;
            let mut want: Vec<&str> = want
                .iter()
                .map(|&i| self.graph.get(i).id().as_str())
                .collect();
            let mut have: Vec<&str> = state.rows.iter().map(RevId::as_str).collect();
            want.sort_unstable();
            have.sort_unstable();
            if want != have {
                return Err(RunError::UnexpectedCurrent {
                    expected: expect.clone(),
                    current: describe_rows(&state.rows),
                });
            }
        }
        let edited = state.edited(&self.graph);
        if !edited.is_empty() && !opts.allow_edited {
            return Err(RunError::Edited { edited });
        }
        Ok(())
    }

    async fn migrate_locked(
        &self,
        db: &mut Database,
        direction: Direction,
        target: &Target,
        opts: &RunOptions,
        events: &mut dyn FnMut(Event<'_>),
    ) -> Result<RunReport, RunError> {
        let d = db.dialect();
        self.ensure_tables(db).await?;
        let state = self.state(db).await?;
        self.check_state(&state, opts)?;
        let plan = self.plan_for(direction, &state.rows, target)?;
        events(Event::Plan(&plan));
        let total = plan.steps.len();
        let mut done = Vec::with_capacity(total);

        if opts.script.single_transaction {
            if let Some(step) = plan
                .steps
                .iter()
                .find(|s| !self.graph.get(s.index).header.transactional)
            {
                return Err(RunError::NotTransactional {
                    revision: step.revision.to_string(),
                });
            }
            if d == Dialect::Sqlite {
                self.exec_control(db, script::SQLITE_FK_OFF).await?;
            }
            self.exec_control(db, script::begin(d)).await?;
            for (n, step) in plan.steps.iter().enumerate() {
                let started = Instant::now();
                events(Event::StepStarted {
                    step,
                    number: n + 1,
                    total,
                });
                if let Err(e) = self.run_step(db, step, opts, TxMode::Run).await {
                    let _ = db.execute(script::ROLLBACK).await;
                    if d == Dialect::Sqlite {
                        let _ = db.execute(script::SQLITE_FK_ON).await;
                    }
                    return Err(e);
                }
                let elapsed = started.elapsed();
                events(Event::StepFinished {
                    step,
                    number: n + 1,
                    total,
                    elapsed,
                });
                done.push((step.revision.clone(), elapsed));
            }
            self.exec_control(db, script::COMMIT).await?;
            if d == Dialect::Sqlite {
                self.exec_control(db, script::SQLITE_FK_ON).await?;
            }
            return Ok(RunReport { plan, done });
        }

        if d == Dialect::Sqlite {
            // No advisory locks: every revision re-reads the version table
            // inside its own write transaction and re-plans from there
            // towards the state planned at the start (a relative target
            // like `-1` is resolved once), so another runner's progress is
            // seen and nothing runs twice.
            let goal = plan::applied_set(&self.graph, &plan.after)?;
            let mut n = 0;
            loop {
                self.exec_control(db, script::SQLITE_FK_OFF).await?;
                self.exec_control(db, script::begin(d)).await?;
                let now = match self
                    .rows_strict(db)
                    .await
                    .and_then(|rows| Ok(plan::applied_set(&self.graph, &rows)?))
                {
                    Ok(applied) => plan::between(&self.graph, &applied, &goal, direction),
                    Err(e) => {
                        let _ = db.execute(script::ROLLBACK).await;
                        return Err(e);
                    }
                };
                let Some(step) = now.steps.first() else {
                    self.exec_control(db, script::COMMIT).await?;
                    self.exec_control(db, script::SQLITE_FK_ON).await?;
                    break;
                };
                n += 1;
                let total = total.max(n);
                let started = Instant::now();
                events(Event::StepStarted {
                    step,
                    number: n,
                    total,
                });
                let mode = if self.graph.get(step.index).header.transactional {
                    TxMode::Begun
                } else {
                    // Runs outside a transaction: give the lock back first.
                    self.exec_control(db, script::COMMIT).await?;
                    TxMode::Own
                };
                self.run_step(db, step, opts, mode).await?;
                let elapsed = started.elapsed();
                events(Event::StepFinished {
                    step,
                    number: n,
                    total,
                    elapsed,
                });
                done.push((step.revision.clone(), elapsed));
            }
            return Ok(RunReport { plan, done });
        }

        for (n, step) in plan.steps.iter().enumerate() {
            let started = Instant::now();
            events(Event::StepStarted {
                step,
                number: n + 1,
                total,
            });
            self.run_step(db, step, opts, TxMode::Own).await?;
            let elapsed = started.elapsed();
            events(Event::StepFinished {
                step,
                number: n + 1,
                total,
                elapsed,
            });
            done.push((step.revision.clone(), elapsed));
        }
        Ok(RunReport { plan, done })
    }

    async fn exec_control(&self, db: &mut Database, sql: &str) -> Result<(), RunError> {
        db.execute(sql)
            .await
            .map_err(|e| RunError::bookkeeping("run the bookkeeping statements", &e))
    }

    /// Runs one step's pieces; on failure rolls its transaction back.
    async fn run_step(
        &self,
        db: &mut Database,
        step: &Step,
        opts: &RunOptions,
        mode: TxMode,
    ) -> Result<(), RunError> {
        let d = db.dialect();
        let pieces = script::step_pieces(
            d,
            &self.tables,
            &self.graph,
            step,
            &opts.script,
            mode == TxMode::Run,
        );
        // On PostgreSQL a step inside a transaction goes in one round trip:
        // bookkeeping, the section and bookkeeping again as one simple query
        // (the server runs them in order and stops at the first error, whose
        // position maps back into the section).
        let m = self.graph.get(step.index);
        if d == Dialect::Postgres && (mode == TxMode::Run || m.header.transactional) {
            return self.run_step_at_once(db, step, pieces, mode).await;
        }
        // Consecutive bookkeeping statements go in one round trip.
        enum Batch<'a> {
            Control {
                sql: String,
                begins: bool,
                commits: bool,
            },
            Section(&'a str),
            ForeignKeyCheck,
        }
        let begin = script::begin(d);
        let mut batches: Vec<Batch<'_>> = Vec::new();
        // With the transaction already begun, skip what leads up to it.
        let mut skipping = mode == TxMode::Begun;
        for piece in pieces {
            if skipping {
                if matches!(&piece, Piece::Control(s) if s == begin) {
                    skipping = false;
                }
                continue;
            }
            match piece {
                Piece::Control(s) => {
                    let begins = s == begin;
                    let commits = s == script::COMMIT;
                    match batches.last_mut() {
                        Some(Batch::Control {
                            sql,
                            begins: b,
                            commits: c,
                        }) if !*c => {
                            sql.push_str(";\n");
                            sql.push_str(&s);
                            *b |= begins;
                            *c |= commits;
                        }
                        _ => batches.push(Batch::Control {
                            sql: s,
                            begins,
                            commits,
                        }),
                    }
                }
                Piece::Revision(sql) => batches.push(Batch::Section(sql)),
                Piece::ForeignKeyCheck => batches.push(Batch::ForeignKeyCheck),
            }
        }
        let mut in_tx = mode != TxMode::Own;
        for batch in batches {
            let result = match batch {
                Batch::Control {
                    sql,
                    begins,
                    commits,
                } => {
                    in_tx |= begins;
                    let r = self.exec_control(db, &sql).await;
                    if r.is_ok() && commits {
                        in_tx = false;
                    }
                    r
                }
                Batch::Section(sql) => {
                    self.run_section(db, step, sql, in_tx, mode == TxMode::Run)
                        .await
                }
                Batch::ForeignKeyCheck => match db.strings(script::SQLITE_FK_CHECK).await {
                    Ok(rows) if rows.is_empty() => Ok(()),
                    Ok(mut rows) => {
                        rows.sort();
                        rows.dedup();
                        Err(RunError::ForeignKeys {
                            revision: step.revision.to_string(),
                            tables: rows.join(", "),
                        })
                    }
                    Err(e) => Err(RunError::bookkeeping("check foreign keys", &e)),
                },
            };
            if let Err(e) = result {
                if in_tx && mode != TxMode::Run {
                    let _ = db.execute(script::ROLLBACK).await;
                }
                if d == Dialect::Sqlite && mode != TxMode::Run {
                    // Don't leave a (pooled) connection without enforcement.
                    let _ = db.execute(script::SQLITE_FK_ON).await;
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// A PostgreSQL step inside a transaction as one simple query.
    async fn run_step_at_once(
        &self,
        db: &mut Database,
        step: &Step,
        pieces: Vec<Piece<'_>>,
        mode: TxMode,
    ) -> Result<(), RunError> {
        let m = self.graph.get(step.index);
        let mut combined = String::new();
        let mut section: Option<(usize, &str)> = None;
        for piece in &pieces {
            match piece {
                Piece::Control(s) => {
                    combined.push_str(s);
                    combined.push_str(";\n");
                }
                Piece::Revision(sql) => {
                    section = Some((combined.chars().count(), sql));
                    combined.push_str(sql);
                    // On its own line: the section may end in a comment.
                    combined.push_str("\n;\n");
                }
                Piece::ForeignKeyCheck => {}
            }
        }
        let Err(err) = db.execute(&combined).await else {
            return Ok(());
        };
        if mode != TxMode::Run {
            let _ = db.execute(script::ROLLBACK).await;
        }
        let base = match step.direction {
            Direction::Up => m.up_offset(),
            Direction::Down => m.down_offset().unwrap_or(0),
        };
        let position = db::error_position(&err);
        match (section, position) {
            (Some((start, sql)), Some(pos))
                if pos > start && pos <= start + sql.chars().count() + 1 =>
            {
                let whole = sql::Statement {
                    text: sql,
                    offset: 0,
                };
                Err(self.statement_error(
                    mode == TxMode::Run,
                    step,
                    base,
                    &whole,
                    &err,
                    Some(pos - start),
                ))
            }
            // No position (most errors raised while executing, not
            // parsing): the section is what can fail; bookkeeping failing
            // as well is too unlikely to tell apart by guessing.
            (Some((_, sql)), None) => {
                let whole = sql::Statement {
                    text: sql,
                    offset: 0,
                };
                Err(self.statement_error(mode == TxMode::Run, step, base, &whole, &err, None))
            }
            _ => Err(RunError::bookkeeping(
                "run the bookkeeping statements",
                &err,
            )),
        }
    }

    /// Runs a revision's section. Inside a PostgreSQL transaction the whole
    /// section goes in one round trip (the server reports the failing
    /// position within it); otherwise statement by statement, which
    /// `CREATE INDEX CONCURRENTLY` needs outside a transaction and which
    /// lets SQLite errors name their statement.
    async fn run_section(
        &self,
        db: &mut Database,
        step: &Step,
        sql: &str,
        in_tx: bool,
        single: bool,
    ) -> Result<(), RunError> {
        let m = self.graph.get(step.index);
        let base = match step.direction {
            Direction::Up => m.up_offset(),
            Direction::Down => m.down_offset().unwrap_or(0),
        };
        let statements = sql::split(sql, db.dialect()).map_err(|e| RunError::Split {
            revision: m.id().to_string(),
            message: e.message.clone(),
            src: m.named_source(),
            span: (base + e.offset, 0).into(),
        })?;
        if in_tx && db.dialect() == Dialect::Postgres && !statements.is_empty() {
            let whole = sql::Statement {
                text: sql,
                offset: 0,
            };
            return match db.execute(sql).await {
                Ok(()) => Ok(()),
                Err(err) => Err(self.statement_error(
                    single,
                    step,
                    base,
                    &whole,
                    &err,
                    db::error_position(&err),
                )),
            };
        }
        for stmt in statements {
            if let Err(err) = db.execute(stmt.text).await {
                return Err(self.statement_error(
                    single,
                    step,
                    base,
                    &stmt,
                    &err,
                    db::error_position(&err),
                ));
            }
        }
        Ok(())
    }

    /// A failing statement as a diagnostic pointing into the file: at the
    /// position the server reports, else at the statement.
    fn statement_error(
        &self,
        single_transaction: bool,
        step: &Step,
        base: usize,
        stmt: &sql::Statement<'_>,
        err: &sqlx::Error,
        position: Option<usize>,
    ) -> RunError {
        let m = self.graph.get(step.index);
        let (message, code) = db::error_text(err);
        // Point at the statement's first word, not the white space before it.
        let lead = stmt.text.len() - stmt.text.trim_start().len();
        let start = base + stmt.offset;
        let span: SourceSpan = match position {
            Some(pos) => {
                let at = stmt
                    .text
                    .char_indices()
                    .nth(pos.saturating_sub(1))
                    .map_or(stmt.text.len(), |(i, _)| i);
                (start + at, 1).into()
            }
            None => (start + lead, stmt.text.trim().len()).into(),
        };
        let advice = if single_transaction {
            "the whole run was rolled back: nothing of it was kept. Fix the SQL and run the command again"
        } else if m.header.transactional {
            "nothing of this revision was kept (its transaction was rolled back); revisions before it stay applied. Fix the SQL and run the command again"
        } else {
            "this revision is `transactional: false`: the statements before the failing one stayed applied, and it is recorded as unfinished. Finish or undo them by hand, then record the result with `cargo schema stamp`"
        };
        RunError::Statement {
            advice,
            revision: m.id().to_string(),
            path: m.path.display().to_string(),
            line: m.line_of(span.offset()),
            direction: match step.direction {
                Direction::Up => "upgrade",
                Direction::Down => "downgrade",
            },
            message,
            code,
            src: m.named_source(),
            span,
        }
    }

    /// Sets the version table to `target` without running any revision.
    /// With `purge`, the table's rows are discarded first (for rows no file
    /// has).
    pub async fn stamp(
        &self,
        db: &mut Database,
        target: &Target,
        purge: bool,
    ) -> Result<Plan, RunError> {
        let key = self.tables.lock_key();
        self.lock(db, key, &mut |_| {}).await?;
        let result = self.stamp_locked(db, target, purge).await;
        let _ = db.unlock(key).await;
        result
    }

    async fn stamp_locked(
        &self,
        db: &mut Database,
        target: &Target,
        purge: bool,
    ) -> Result<Plan, RunError> {
        let d = db.dialect();
        self.ensure_tables(db).await?;
        let state = self.state(db).await?;
        let rows = if purge {
            Vec::new()
        } else {
            state.rows.clone()
        };
        let plan = stamp_plan(&self.graph, &rows, target)?;
        let v = script::quote_ident(&self.tables.version);
        let mut stmts = vec![script::begin(d).to_string(), format!("DELETE FROM {v}")];
        for r in &plan.after {
            stmts.push(script::version_rows(&self.tables, &[], std::slice::from_ref(r)).remove(0));
        }
        for step in &plan.steps {
            let m = self.graph.get(step.index);
            let (direction, checksum) = match step.direction {
                Direction::Up => ("stamp-up", Some(m.checksum().as_str())),
                Direction::Down => ("stamp-down", None),
            };
            stmts.push(script::history_start(
                d,
                &self.tables,
                &step.revision,
                direction,
                checksum,
                None,
            ));
            stmts.push(script::history_finish(d, &self.tables, &step.revision));
        }
        stmts.push(script::COMMIT.to_string());
        for s in &stmts {
            if let Err(e) = db.execute(s).await {
                let _ = db.execute(script::ROLLBACK).await;
                return Err(RunError::bookkeeping("stamp the version table", &e));
            }
        }
        Ok(plan)
    }

    /// Records the current checksum of an applied revision whose file was
    /// changed knowingly, with who, when and why in the history.
    pub async fn repair(
        &self,
        db: &mut Database,
        revision: &str,
        reason: &str,
    ) -> Result<Edited, RunError> {
        let i = self.graph.resolve_rev(revision)?;
        let m = self.graph.get(i);
        let state = self.state(db).await?;
        let applied = plan::applied_set(&self.graph, &state.rows)?;
        if !applied[i] {
            return Err(RunError::NotAppliedRepair {
                revision: m.id().to_string(),
            });
        }
        let recorded = state
            .recorded
            .get(m.id().as_str())
            .cloned()
            .flatten()
            .unwrap_or_else(|| "(none)".into());
        let d = db.dialect();
        for s in [
            script::history_start(
                d,
                &self.tables,
                m.id(),
                "repair",
                Some(m.checksum().as_str()),
                Some(reason),
            ),
            script::history_finish(d, &self.tables, m.id()),
        ] {
            db.execute(&s)
                .await
                .map_err(|e| RunError::bookkeeping("record the repair", &e))?;
        }
        Ok(Edited {
            revision: m.id().clone(),
            path: m.path.display().to_string(),
            recorded,
            current: m.checksum().to_string(),
        })
    }

    /// The script `--sql` prints for a plan.
    pub fn script(&self, dialect: Dialect, plan: &Plan, opts: &ScriptOptions) -> String {
        script::render(dialect, &self.tables, &self.graph, plan, opts)
    }
}

/// How a step relates to transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TxMode {
    /// The step opens and commits its own transaction (or none, when the
    /// revision is `transactional: false`).
    Own,
    /// The transaction is already open (SQLite's re-read); the step commits.
    Begun,
    /// Inside the run's single transaction.
    Run,
}

/// The plan whose version-table effect `stamp` writes: towards `target`,
/// down when the target is already applied, up otherwise.
pub fn stamp_plan(graph: &Graph, rows: &[RevId], target: &Target) -> Result<Plan, TargetError> {
    let target = graph.normalize(target);
    let downward = match &target {
        Target::Base => true,
        Target::Relative { steps, .. } => *steps < 0,
        t => {
            let applied = plan::applied_set(graph, rows)?;
            let points = graph.resolve_point(t)?;
            !points.is_empty()
                && points.iter().all(|&p| applied[p])
                && points
                    .iter()
                    .any(|&p| graph.children_of(p).iter().any(|&c| applied[c]))
        }
    };
    if downward {
        plan::downgrade(graph, rows, &target).or_else(|e| match e {
            // Stamping runs nothing, so irreversible revisions don't matter.
            TargetError::Irreversible { .. } => {
                let before = plan::applied_set(graph, rows)?;
                let after = if matches!(target, Target::Base) {
                    graph.empty_set()
                } else {
                    graph.ancestors_or_self(graph.resolve_point(&target)?)
                };
                Ok(plan::between(graph, &before, &after, Direction::Down))
            }
            e => Err(e),
        })
    } else {
        plan::upgrade(graph, rows, &target)
    }
}

fn describe_rows(rows: &[RevId]) -> String {
    if rows.is_empty() {
        "base (no revision applied)".into()
    } else {
        rows.iter()
            .map(RevId::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Something went wrong applying revisions.
#[derive(Debug, Error, Diagnostic)]
pub enum RunError {
    #[error("cannot connect to {target}: {message}")]
    #[diagnostic(
        code(schema::db::connect),
        help(
            "check that the server is running and the URL (host, port, user, password, database) is right"
        )
    )]
    Connect { target: String, message: String },

    #[error("invalid connection options in {target}: {message}")]
    #[diagnostic(
        code(schema::db::options),
        help("check the URL's query parameters (sslmode, host, port, mode…)")
    )]
    Options { target: String, message: String },

    #[error("{dialect} is not supported by this build (database {target})")]
    #[diagnostic(
        code(schema::db::unsupported),
        help("cargo schema speaks postgres and sqlite")
    )]
    Unsupported { dialect: Dialect, target: String },

    #[error("could not {action}: {message}")]
    #[diagnostic(code(schema::db::bookkeeping))]
    Bookkeeping {
        action: &'static str,
        message: String,
        code: Option<String>,
    },

    #[error("{direction} of revision {revision} failed at {path}:{line}: {message}")]
    #[diagnostic(code(schema::db::statement), help("{advice}"))]
    Statement {
        advice: &'static str,
        revision: String,
        path: String,
        line: usize,
        direction: &'static str,
        message: String,
        code: Option<String>,
        #[source_code]
        src: NamedSource<std::sync::Arc<str>>,
        #[label("{message}")]
        span: SourceSpan,
    },

    #[error("cannot split revision {revision} into statements: {message}")]
    #[diagnostic(
        code(schema::file::split),
        help("look for an unterminated string, quoted name or comment")
    )]
    Split {
        revision: String,
        message: String,
        #[source_code]
        src: NamedSource<std::sync::Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Target(#[from] TargetError),

    #[error("the version table {table} holds `{row}`, which is not a revision id: {reason}")]
    #[diagnostic(
        code(schema::db::bad_row),
        help(
            "the table was changed by hand; once you know which revision the schema is at, `cargo schema stamp REV --purge` rewrites it"
        )
    )]
    BadRow {
        table: String,
        row: String,
        reason: String,
    },

    #[error("the database is at {current}, not at {expected} as --expect-current demands")]
    #[diagnostic(
        code(schema::db::unexpected_current),
        help(
            "nothing was run; check that this is the database you meant (`cargo schema current`)"
        )
    )]
    UnexpectedCurrent { expected: String, current: String },

    #[error("{} applied revision(s) changed since they were applied: {}", edited.len(), edited.iter().map(|e| format!("{} ({})", e.revision, e.path)).collect::<Vec<_>>().join(", "))]
    #[diagnostic(
        code(schema::db::edited),
        help(
            "restore the files as they were applied, or, if the change is deliberate and the database already matches it, record it with `cargo schema repair REV --reason \"…\"`"
        )
    )]
    Edited { edited: Vec<Edited> },

    #[error(
        "revision {revision} is `transactional: false` and cannot run inside --single-transaction"
    )]
    #[diagnostic(
        code(schema::db::not_transactional),
        help("run without --single-transaction, or run up to the revision before it first")
    )]
    NotTransactional { revision: String },

    #[error("revision {revision} leaves rows whose foreign keys point nowhere (in {tables})")]
    #[diagnostic(
        code(schema::db::foreign_keys),
        help(
            "nothing of the revision was kept; `PRAGMA foreign_key_check` lists the rows. Delete or fix them in the revision before the change that needs them"
        )
    )]
    ForeignKeys { revision: String, tables: String },

    #[error("revision {revision} is not applied, so there is nothing to repair")]
    #[diagnostic(code(schema::db::repair_not_applied))]
    NotAppliedRepair { revision: String },

    #[error("cannot start the async runtime: {0}")]
    #[diagnostic(code(schema::runtime))]
    Runtime(String),
}

impl RunError {
    fn bookkeeping(action: &'static str, err: &sqlx::Error) -> RunError {
        let (message, code) = db::error_text(err);
        RunError::Bookkeeping {
            action,
            message,
            code,
        }
    }

    /// Whether the failure is the database's (exit 3) rather than the
    /// input's (exit 2).
    pub fn is_database(&self) -> bool {
        matches!(
            self,
            RunError::Connect { .. }
                | RunError::Bookkeeping { .. }
                | RunError::Statement { .. }
                | RunError::ForeignKeys { .. }
                | RunError::Runtime(_)
        )
    }
}
