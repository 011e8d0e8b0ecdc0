//! `cargo schema`: Alembic-grade schema migrations for Rust.
//!
//! This binary is thin: [`cli`] parses arguments, one file per subcommand in
//! [`commands`] fills an options struct and calls `schema_core`, and all
//! output goes through [`shell::Shell`]. Errors are rendered once, here, and
//! mapped to the documented exit codes of [`exit`].

mod cli;
mod commands;
mod exit;
mod project;
mod shell;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    let mut shell = shell::Shell::new(&args.global);
    let result = commands::run(args.command, &args.global, &mut shell);
    let code = match result {
        Ok(code) => code,
        Err(err) => shell.error(err),
    };
    shell.flush();
    ExitCode::from(code)
}
