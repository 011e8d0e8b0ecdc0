//! Exit codes, documented in `--help` and the README.

/// Success.
pub const SUCCESS: u8 = 0;
/// A check ran and did not pass (`check`, `test`, `lint`).
pub const CHECK_FAILED: u8 = 1;
/// A usage or input error: bad arguments, a malformed revision file, an
/// unknown target, bad configuration. Nothing was written.
pub const INPUT: u8 = 2;
/// A database error: unreachable, refused login, a failing statement.
pub const DATABASE: u8 = 3;

/// The `--help` paragraph that lists them.
pub const HELP: &str = "\
Exit codes:
  0  success
  1  a check that did not pass (check, test, lint)
  2  a usage or input error (bad arguments, malformed revision file, unknown target); nothing was written
  3  a database error (unreachable, login refused, a failing statement)";
