//! A diesel project, applied by diesel's own harness, adopted: the
//! revision files share `migrations/` with diesel's directories (diesel
//! reads only subdirectories, cargo schema only `.sql` files).

use schema_core::migration::ImportTool;

use crate::layouts::{adopt_and_round_trip, apply_with_diesel, blog, write_diesel};
use crate::support::{Backend, TestDb, on_both, project_with};

on_both!(diesel_project_is_imported_stamped_and_round_trips);

fn diesel_project_is_imported_stamped_and_round_trips(backend: Backend) {
    let db = TestDb::new(backend, "import_diesel_round_trip");
    let p = project_with("").build();
    let migs = blog(backend);
    let dir = p.path(schema_e2e::MIGRATIONS);
    write_diesel(&dir, &migs);
    let ran = apply_with_diesel(&db, &dir);
    assert_eq!(ran.len(), migs.len(), "{ran:?}");
    // `import diesel` with no DIR reads migrations/, diesel's default.
    adopt_and_round_trip(&p, &db, ImportTool::Diesel, &migs, None);
    // diesel still sees its own migrations as they were.
    assert!(apply_with_diesel(&db, &dir).is_empty());
}
