//! An sqlx project, applied by sqlx's own `Migrator`, adopted. sqlx's
//! files live in their own directory: they and revision files are both
//! `.sql` files.

use schema_core::migration::ImportTool;

use crate::layouts::{adopt_and_round_trip, apply_with_sqlx, blog, write_sqlx};
use crate::support::{Backend, TestDb, on_both, project_with};

on_both!(sqlx_project_is_imported_stamped_and_round_trips);

fn sqlx_project_is_imported_stamped_and_round_trips(backend: Backend) {
    let db = TestDb::new(backend, "import_sqlx_round_trip");
    let p = project_with("").build();
    let migs = blog(backend);
    let dir = p.path("sqlx-migrations");
    write_sqlx(&dir, &migs);
    apply_with_sqlx(&db, &dir);
    adopt_and_round_trip(&p, &db, ImportTool::Sqlx, &migs, Some("sqlx-migrations"));
    // sqlx's Migrator still accepts the database (its checksums match).
    apply_with_sqlx(&db, &dir);
}
