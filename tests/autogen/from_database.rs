//! `--from-database`, and tables no model describes.
//!
//! Every step of every case already requires that autogenerate against
//! the live database writes the same revision as against the replayed
//! migrations (see [`crate::harness`]); here the two are compared where
//! the database holds a table the models don't describe, which both leave
//! alone unless `manage-unmodelled-tables` is on.

use crate::harness::{Scenario, body, read};
use crate::models::BASE;
use crate::support::{Backend, on_both};

on_both!(
    unmodelled_tables_are_left_alone,
    unmodelled_tables_are_dropped_when_managed
);

const LEGACY: &str = "CREATE TABLE legacy (id INTEGER PRIMARY KEY, note TEXT);";

/// Both ways of autogenerating, each revision removed again; returns the
/// replayed one's text.
fn both_ways(s: &Scenario, what: &str) -> String {
    let replayed = s.autogenerate(what, &[]).expect("a revision");
    let from_db = s
        .autogenerate(what, &["--from-database"])
        .expect("a revision");
    let (a, b) = (read(&replayed), read(&from_db));
    std::fs::remove_file(&replayed).expect("remove a revision");
    std::fs::remove_file(&from_db).expect("remove a revision");
    assert_eq!(body(&a), body(&b), "replay and --from-database disagree");
    a
}

fn unmodelled_tables_are_left_alone(b: Backend) {
    let mut s = Scenario::with_metadata(b, "unmodelled_alone", "");
    s.hand_revision("legacy", LEGACY, "DROP TABLE legacy;");
    s.execute("INSERT INTO legacy (id, note) VALUES (1, 'keep me');");
    s.models(BASE);
    let text = both_ways(&s, "create the tables");
    assert!(
        text.contains("-- Left alone (no model describes them; set manage-unmodelled-tables = true to manage them): legacy"),
        "{text}"
    );
    assert!(!text.contains("DROP TABLE legacy"), "{text}");
    // The round trip itself: `check` and the drift check ignore `legacy`.
    let step = s.step("create the tables", BASE);
    assert!(!step.text.contains("DROP TABLE legacy"));
    assert!(step.schema.tables.keys().any(|t| t.name == "legacy"));
}

fn unmodelled_tables_are_dropped_when_managed(b: Backend) {
    let mut s = Scenario::new(b, "unmodelled_managed");
    s.hand_revision("legacy", LEGACY, "DROP TABLE legacy;");
    s.execute("INSERT INTO legacy (id, note) VALUES (1, 'drop me');");
    let step = s.step("create the tables, drop legacy", BASE);
    assert!(step.up.contains("DROP TABLE legacy"), "{}", step.text);
    assert!(step.down.contains("CREATE TABLE legacy"), "{}", step.text);
}
