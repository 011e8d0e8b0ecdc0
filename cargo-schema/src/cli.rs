//! Command-line arguments (clap derive). Shared flags are defined once in
//! [`GlobalArgs`] and accepted before or after the subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// How cargo runs us: `cargo schema …` executes `cargo-schema schema …`.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", disable_help_subcommand = true)]
enum CargoCli {
    Schema(SchemaCli),
}

/// Schema migrations for Rust: revision files in SQL, an Alembic-style graph
/// with branches and merges, upgrades and downgrades on PostgreSQL and SQLite.
#[derive(Debug, Args)]
#[command(
    version,
    about = "Schema migrations for Rust, as complete as Alembic",
    after_help = after_help(),
)]
pub struct SchemaCli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

fn after_help() -> String {
    format!(
        "\
Examples:
  cargo schema init
  cargo schema revision -m \"create users\"
  cargo schema history --graph
  cargo schema heads

Targets: head, heads, base, an id or unique prefix, a branch label, label@head,
label@base, +N, -N, REV+N, REV-N, label@+N; ranges START:END.

{}",
        crate::exit::HELP
    )
}

/// Flags every command accepts.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Path to the Cargo.toml of the package (or workspace) whose migrations to use
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,

    /// Workspace member whose migrations to use
    #[arg(short = 'p', long, global = true, value_name = "SPEC")]
    pub package: Option<String>,

    /// Database URL (overrides --env and the configured variable)
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    /// Named environment from [package.metadata.schema.environments.NAME]
    #[arg(long = "env", global = true, value_name = "NAME")]
    pub environment: Option<String>,

    /// Confirm changes to a protected environment without asking
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// More output (-vv for even more)
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Only errors
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,

    /// Coloring: auto, always, never (also CARGO_TERM_COLOR)
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<Color>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the migrations directory and the [package.metadata.schema] section
    #[command(
        after_help = "Example:\n  cargo schema init\n  cargo schema init --migrations db/migrations --dialect postgres"
    )]
    Init(crate::commands::init::InitArgs),

    /// Turn a diesel or sqlx project's migrations into revision files
    #[command(after_help = "\
Examples:
  cargo schema import diesel                # diesel's migrations/ → one revision per migration
  cargo schema import sqlx sqlx-migrations
  cargo schema stamp --from diesel          # then adopt each database the old tool migrated

Coming from Alembic: point `version-table = \"alembic_version\"` at Alembic's table and
rewrite the revisions as SQL files with the same ids (see the README).")]
    Import(crate::commands::import::ImportArgs),

    /// Write a new revision file
    #[command(after_help = "\
Examples:
  cargo schema revision -m \"add last_login to user\"
  cargo schema revision -m \"create plans\" --head base --branch-label billing
  cargo schema revision -m \"add invoices\" --head billing@head
  cargo schema revision -m \"fix\" --head 3f2a --splice
  cargo schema revision --autogenerate -m \"add last_login\"   # SQL from the models
  cargo schema revision --autogenerate --from-database -m \"sync\"")]
    Revision(crate::commands::revision::RevisionArgs),

    /// Write a revision that merges several heads into one
    #[command(after_help = "\
Examples:
  cargo schema merge -m \"merge billing\" heads
  cargo schema merge -m \"merge\" 3f2a 9b1c")]
    Merge(crate::commands::merge::MergeArgs),

    /// Show the revision graph, newest first
    #[command(after_help = "\
Examples:
  cargo schema history
  cargo schema history --graph
  cargo schema history -r base:3f2a --verbose
  cargo schema history --format json")]
    History(crate::commands::history::HistoryArgs),

    /// Show the head revisions
    #[command(
        after_help = "Examples:\n  cargo schema heads\n  cargo schema heads --verbose --format json"
    )]
    Heads(crate::commands::heads::HeadsArgs),

    /// Show the revisions where branches start
    #[command(after_help = "Example:\n  cargo schema branches --verbose")]
    Branches(crate::commands::branches::BranchesArgs),

    /// Apply revisions up to TARGET
    #[command(after_help = "\
Examples:
  cargo schema upgrade head
  cargo schema upgrade +1
  cargo schema upgrade heads --env prod --expect-current 3f2a --yes
  cargo schema upgrade head --sql                # print the script, touch nothing
  cargo schema upgrade 3f2a:head --sql           # the script from 3f2a on")]
    Upgrade(crate::commands::upgrade::MigrateArgs),

    /// Revert revisions down to TARGET
    #[command(after_help = "\
Examples:
  cargo schema downgrade -1
  cargo schema downgrade base
  cargo schema downgrade billing@base
  cargo schema downgrade head:3f2a --sql")]
    Downgrade(crate::commands::upgrade::MigrateArgs),

    /// Show the revision(s) the database is at
    #[command(
        after_help = "Examples:\n  cargo schema current\n  cargo schema current --verbose --env prod"
    )]
    Current(crate::commands::current::CurrentArgs),

    /// Record TARGET in the version table without running any SQL
    #[command(after_help = "\
Examples:
  cargo schema stamp head
  cargo schema stamp 3f2a --purge     # the table names a revision no file has
  cargo schema stamp --from diesel    # adopt a database diesel migrated (after `import diesel`)
  cargo schema stamp --from sqlx      # the same for _sqlx_migrations

--from reads __diesel_schema_migrations or _sqlx_migrations (and leaves it as it is),
maps each applied version to the revision imported from it, and records the newest.
It refuses, listing them, versions no imported revision has, failed sqlx migrations,
and gaps (a migration not applied below one that is): the schema would be ambiguous.")]
    Stamp(crate::commands::stamp::StampArgs),

    /// Current revision, pending revisions and warnings: the everyday view
    #[command(after_help = "Example:\n  cargo schema status")]
    Status(crate::commands::status::StatusArgs),

    /// Exit 0 when the database is at head, the models match and no applied revision changed; 1 otherwise
    #[command(
        after_help = "Examples:\n  cargo schema check\n  cargo schema check --format json   # for CI annotations"
    )]
    Check(crate::commands::status::CheckArgs),

    /// Report migration hazards: locks, table rewrites, lost data, failures at run time
    #[command(after_help = "\
Examples:
  cargo schema lint                      # the revisions not yet applied to the database
  cargo schema lint --all                # every revision, no database needed
  cargo schema lint head 3f2a            # these revisions
  cargo schema lint --all --format json  # for CI annotations

Each finding names a code, the file and line, the lock it takes or the data it
loses, and the safe recipe. Statements on tables created earlier in the same
revision are not flagged. A comment `-- lint: allow CODE` above a statement
accepts that hazard knowingly; levels per code go in Cargo.toml:

  [package.metadata.schema.lint]
  rename-column = \"error\"
  missing-lock-timeout = \"off\"

Codes: index-not-concurrent, drop-index-not-concurrent, add-column-not-null,
volatile-default, column-type-rewrite, set-not-null, add-foreign-key, add-check,
unique-without-index, rename-column, rename-table, drop-column, drop-table,
concurrently-in-transaction, missing-lock-timeout, sqlite-needs-rebuild.

Exit status 1 when a finding at level error is not accepted.")]
    Lint(crate::commands::lint::LintArgs),

    /// Accept a deliberate edit of an applied revision (records its new checksum)
    #[command(
        after_help = "Example:\n  cargo schema repair 3f2a --reason \"reformatted, same statements\""
    )]
    Repair(crate::commands::repair::RepairArgs),

    /// Show one revision: header, file and SQL
    #[command(
        after_help = "Examples:\n  cargo schema show head\n  cargo schema show 3f2a\n  cargo schema show billing@head --format json"
    )]
    Show(crate::commands::show::ShowArgs),

    /// Upgrade, downgrade and upgrade again every revision on a throwaway database; check heads, models and replay
    #[command(after_help = "\
Examples:
  cargo schema test                          # PostgreSQL (the testkit's throwaway server)
  cargo schema test --dialect sqlite         # a temp SQLite file
  cargo schema test --minimum-revision 3f2a  # never downgrade 3f2a or what it builds on
  cargo schema test --format json

Exit status 1 when a revision does not round-trip, there are several heads, or the
models or the replayed schema differ from the database at head.
SCHEMA_TEST_DATABASE_URL runs it on a server of your own instead (databases are
created there and dropped).")]
    Test(crate::commands::test::TestArgs),
}

/// The parsed command line.
pub struct Parsed {
    pub global: GlobalArgs,
    pub command: Command,
}

/// Parses `cargo schema …` (as cargo runs us: `cargo-schema schema …`) and
/// also `cargo-schema …` run directly.
pub fn parse() -> Parsed {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_none_or(|a| a != "schema") {
        args.insert(1, "schema".into());
    }
    let CargoCli::Schema(cli) = CargoCli::parse_from(args);
    Parsed {
        global: cli.global,
        command: cli.command,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_is_well_formed() {
        CargoCli::command().debug_assert();
    }
}
