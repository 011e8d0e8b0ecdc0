//! The example projects' migrations, on both databases.

use std::path::Path;

use schema_core::Dialect;
use schema_core::graph::Graph;

use crate::support::check_fidelity;

fn trigpoint() -> Graph {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/trigpoint/migrations");
    Graph::load(&dir).unwrap_or_else(|e| panic!("cannot load {}: {e}", dir.display()))
}

#[test]
fn trigpoint_postgres() {
    check_fidelity(Dialect::Postgres, "trigpoint", &trigpoint());
}

#[test]
fn trigpoint_sqlite() {
    check_fidelity(Dialect::Sqlite, "trigpoint", &trigpoint());
}
