//! The trig-point logbook at start-up: brings its database to head with the
//! migrations compiled into the binary (`embed_migrations!()`: no files
//! needed at run time), then prints the tables its models describe.
//!
//! The database is `DATABASE_URL` (PostgreSQL or SQLite), else the CLI's
//! embedded default, a SQLite file under the target directory
//! (`target/schema/dev.sqlite`), so `cargo run` and `cargo schema current`
//! look at the same database.

use std::io::{self, Write};
use std::process::ExitCode;

use schema_core::Dialect;
use schema_core::url::DatabaseUrl;

fn main() -> ExitCode {
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    let url = match database_url() {
        Ok(url) => url,
        Err(e) => {
            let _ = writeln!(err, "trigpoint: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _ = writeln!(err, "trigpoint: migrating {}", url.redacted());
    let migrator = schema_macros::embed_migrations!();
    match migrator.run_blocking(url.as_str()) {
        Ok(report) if report.done.is_empty() => {
            let _ = writeln!(err, "trigpoint: the database is at head");
        }
        Ok(report) => {
            let _ = writeln!(
                err,
                "trigpoint: applied {} revision(s); the database is at head",
                report.done.len()
            );
        }
        Err(e) => {
            let _ = writeln!(err, "trigpoint: cannot migrate the database: {e}");
            return ExitCode::FAILURE;
        }
    }
    match print_tables(&mut out, url.dialect()) {
        // `trigpoint | head` is not an error.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// `DATABASE_URL`, else the embedded default (its directory created).
fn database_url() -> Result<DatabaseUrl, String> {
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => {
            DatabaseUrl::parse(&url).map_err(|e| format!("DATABASE_URL: {e}"))
        }
        _ => {
            // Set by `schema_core::build::track()` in build.rs.
            let path = std::path::Path::new(env!("CARGO_SCHEMA_DEFAULT_DATABASE"));
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            Ok(DatabaseUrl::sqlite_file(path))
        }
    }
}

fn print_tables(out: &mut impl Write, dialect: Dialect) -> io::Result<()> {
    writeln!(out, "trigpoint: the tables of the models ({dialect})")?;
    for table in trigpoint::tables(dialect) {
        writeln!(out)?;
        writeln!(out, "{}", table.name)?;
        let key = table.primary_key.as_ref().map(|k| k.columns.as_slice());
        for c in &table.columns {
            let constraint = if key.is_some_and(|k| k.contains(&c.name)) {
                " PRIMARY KEY"
            } else if c.nullable {
                ""
            } else {
                " NOT NULL"
            };
            writeln!(out, "  {:<16} {}{constraint}", c.name, c.ty.sql(dialect))?;
        }
    }
    Ok(())
}
