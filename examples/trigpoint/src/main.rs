//! Prints the tables the trig-point logbook expects, as described by the
//! structs in the library. It touches no database: the schema itself is made
//! by the migrations, with `cargo schema upgrade head` (see the README).

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(&mut io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        // `trigpoint | head` is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn run(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "trigpoint: the tables this app expects")?;
    writeln!(out, "(create them with `cargo schema upgrade head`)")?;
    for (table, columns) in trigpoint::tables() {
        writeln!(out)?;
        writeln!(out, "{table}")?;
        for c in columns {
            let constraint = match (c.primary_key, c.nullable) {
                (true, _) => " PRIMARY KEY",
                (false, false) => " NOT NULL",
                (false, true) => "",
            };
            writeln!(out, "  {:<16} {}{constraint}", c.name, c.sql_type)?;
        }
    }
    Ok(())
}
