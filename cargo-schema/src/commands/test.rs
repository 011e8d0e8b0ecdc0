//! `cargo schema test`: the round trip of every revision on a throwaway
//! database (the testkit's [`RoundTrip`]), with a report table; exit 1 when
//! it finds a problem.
//!
//! It never touches the configured database: the round trip downgrades
//! every revision, which no real database should see. PostgreSQL runs on
//! the testkit's throwaway cluster (or the server `SCHEMA_TEST_DATABASE_URL`
//! names), SQLite on a temp file.

use clap::Args;
use schema_core::{Dialect, ErrorKind};
use schema_testkit::{RoundTrip, TestkitError};

use crate::cli::GlobalArgs;
use crate::commands::db;
use crate::exit;
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The dialect to run on (default: the configured one, else postgres)
    #[arg(long, value_name = "DIALECT", value_parser = ["postgres", "sqlite"])]
    pub dialect: Option<String>,

    /// Never downgrade below REV: its downgrade and its ancestors' are not tried
    #[arg(long, value_name = "REV")]
    pub minimum_revision: Option<String>,

    /// Upgrade REV without trying its downgrade (repeatable)
    #[arg(long, value_name = "REV")]
    pub skip: Vec<String>,

    /// Do not compare the models with the database at head
    #[arg(long)]
    pub no_models: bool,
}

pub fn run(args: TestArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<u8, CliError> {
    if global.database_url.is_some() || global.environment.is_some() {
        return Err(CliError::input(
            "`cargo schema test` runs on a throwaway database and takes no --database-url or --env",
            Some(
                "it downgrades every revision, which no real database should see; set SCHEMA_TEST_DATABASE_URL to a server it may create databases on"
                    .into(),
            ),
        ));
    }
    let project = Project::load(global)?;
    let dialect = match args.dialect.as_deref() {
        Some("sqlite") => Dialect::Sqlite,
        Some(_) => Dialect::Postgres,
        None => project.config.dialect.unwrap_or(Dialect::Postgres),
    };
    let mut round_trip = RoundTrip::for_config(project.config.clone()).dialect(dialect);
    if let Some(rev) = &args.minimum_revision {
        round_trip = round_trip.minimum_revision(rev);
    }
    for rev in &args.skip {
        round_trip = round_trip.skip(rev);
    }
    if args.no_models {
        round_trip = round_trip.skip_models();
    }
    if !shell.is_json() {
        shell.status(
            "Testing",
            format!(
                "every revision in {} on a throwaway {dialect} database",
                project.display_path(&project.config.migrations_dir)
            ),
        );
    }
    let report = db::runtime()?
        .block_on(round_trip.run())
        .map_err(|e| CliError {
            // A revision no option names, a bad migrations directory: the
            // input's fault; the rest (no server, a refused connection) the
            // database's.
            kind: match e {
                TestkitError::Schema { .. } => ErrorKind::Input,
                _ => ErrorKind::Database,
            },
            ..CliError::coded(
                "schema::test::setup",
                format!("the round trip could not run: {e}"),
                None,
            )
        })?;
    if shell.is_json() {
        shell.json(&serde_json::json!({ "report": report, "ok": report.is_ok() }));
    } else {
        shell.line(report.to_string());
    }
    Ok(if report.is_ok() {
        exit::SUCCESS
    } else {
        exit::CHECK_FAILED
    })
}
