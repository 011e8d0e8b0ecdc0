//! `cargo schema init`: the migrations directory and the metadata section.

use clap::Args;
use schema_core::Dialect;
use schema_core::config::{self, InitOptions};

use crate::cli::GlobalArgs;
use crate::project::{CliError, Project};
use crate::shell::Shell;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Migrations directory, relative to the manifest [default: migrations]
    #[arg(long, value_name = "DIR")]
    pub migrations: Option<String>,

    /// Record the dialect instead of inferring it from the URL
    #[arg(long, value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    s.parse()
        .map_err(|e: schema_core::dialect::UnknownDialect| e.to_string())
}

pub fn run(args: InitArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    let project = Project::load(global)?;
    let report = config::init(
        &project.config.manifest_path,
        &InitOptions {
            migrations: args.migrations,
            dialect: args.dialect,
        },
    )?;
    if shell.is_json() {
        shell.json(&serde_json::to_value(&report).expect("report serialises"));
        return Ok(());
    }
    let manifest = project.display_path(&report.manifest_path);
    let dir = project.display_path(&report.migrations_dir);
    if report.manifest_changed {
        shell.status("Updated", format!("{manifest}: added [{}]", report.table));
    } else {
        shell.status(
            "Unchanged",
            format!("{manifest}: [{}] is already there", report.table),
        );
    }
    if report.created_dir {
        shell.status("Created", format!("{dir}/"));
    } else {
        shell.status(
            "Exists",
            format!("{dir}/ ({} file(s))", report.existing_files.len()),
        );
    }
    if let Some(build) = &report.build_script {
        let path = project.display_path(&build.path);
        if build.created {
            shell.status(
                "Created",
                format!("{path} (checks the models against the migrations at every build)"),
            );
        } else if !build.tracks {
            shell.note(format!(
                "to check the models against the migrations at every build, call `schema_core::build::track();` in the main of {path}"
            ));
        }
        if build.tracks && !build.has_build_dependency {
            shell.note(format!(
                "{path} needs this in Cargo.toml:\n  [build-dependencies]\n  {}",
                schema_core::build::BUILD_DEPENDENCY
            ));
        }
    }
    shell.note("next: `cargo schema revision -m \"create users\"` writes your first revision");
    Ok(())
}
