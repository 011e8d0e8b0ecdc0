//! `cargo schema downgrade TARGET`: reverts revisions down to TARGET.

use schema_core::plan::Direction;

use crate::cli::GlobalArgs;
use crate::commands::upgrade::{MigrateArgs, migrate};
use crate::project::CliError;
use crate::shell::Shell;

pub fn run(args: MigrateArgs, global: &GlobalArgs, shell: &mut Shell) -> Result<(), CliError> {
    migrate(Direction::Down, args, global, shell)
}
