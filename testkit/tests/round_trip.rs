//! The round trip against real databases: a healthy project passes, and
//! each seeded fault is caught with a message that names the revision and
//! shows what is wrong. Projects are written to temp directories (a
//! Cargo.toml with `[package.metadata.schema]`, revision files, model
//! sources that are parsed, never compiled).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use schema_core::Dialect;
use schema_testkit::round_trip::{CheckResult, DownSkip, Outcome, Problem};
use schema_testkit::{Report, RoundTrip, Stage};

/// A project in a temp directory.
struct Project {
    dir: tempfile::TempDir,
}

const R1: &str = "aaaa00000001";
const R2: &str = "aaaa00000002";
const R3: &str = "aaaa00000003";

impl Project {
    fn new(dialect: Option<&str>) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let dialect = dialect.map_or(String::new(), |d| format!("dialect = \"{d}\"\n"));
        std::fs::write(
            dir.path().join("Cargo.toml"),
            format!(
                "[package]\nname = \"fixture\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [package.metadata.schema]\nmigrations = \"migrations\"\n{dialect}\n[workspace]\n"
            ),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("migrations")).unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A revision; `down: None` makes it `irreversible: true`.
    fn revision(&self, id: &str, parent: Option<&str>, up: &str, down: Option<&str>) -> &Project {
        let revises = format!("-- revises: {}\n", parent.unwrap_or("base"));
        let down = match down {
            Some(down) => format!("\n-- migrate:down\n{down}\n"),
            None => String::new(),
        };
        let irreversible = if down.is_empty() {
            "-- irreversible: true\n"
        } else {
            ""
        };
        std::fs::write(
            self.path().join(format!("migrations/{id}.sql")),
            format!(
                "-- revision: {id}\n{revises}-- message: revision {id}\n{irreversible}\n-- migrate:up\n{up}\n{down}"
            ),
        )
        .unwrap();
        self
    }

    fn models(&self, source: &str) -> &Project {
        std::fs::write(self.path().join("src/models.rs"), source).unwrap();
        self
    }

    fn round_trip(&self) -> RoundTrip {
        RoundTrip::for_package(self.path())
    }

    /// The usual first revision: an `account` table.
    fn with_account(self) -> Project {
        self.revision(
            R1,
            None,
            "CREATE TABLE account (id bigint PRIMARY KEY, name text NOT NULL);",
            Some("DROP TABLE account;"),
        );
        self
    }
}

const ACCOUNT_MODEL: &str = r#"
use schema_macros::Model;

#[derive(Model)]
#[schema(table = "account")]
pub struct Account {
    #[schema(primary_key)]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
}
"#;

fn run(round_trip: RoundTrip) -> (Report, String) {
    let report = round_trip.run_blocking().unwrap();
    let text = report.to_string();
    (report, text)
}

fn assert_contains(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w:?} is not in:\n{text}");
    }
}

/// The healthy project: two revisions, models that match.
fn healthy(dialect: Option<&str>) -> Project {
    let p = Project::new(dialect).with_account();
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE account ADD COLUMN email text;\nCREATE INDEX ix_account_name ON account (name);",
        Some("DROP INDEX ix_account_name;\nALTER TABLE account DROP COLUMN email;"),
    )
    .models(&ACCOUNT_MODEL.replace(
        "#[schema(table = \"account\")]",
        "#[schema(table = \"account\", index(columns(\"name\"), name = \"ix_account_name\"))]",
    ));
    p
}

#[test]
fn a_healthy_project_passes_on_postgres() {
    let p = healthy(None);
    let (report, text) = run(p.round_trip());
    assert!(report.is_ok(), "{text}");
    assert_eq!(report.dialect, Dialect::Postgres);
    assert!(
        report
            .steps
            .iter()
            .all(|s| s.outcome == Outcome::Passed && s.down.is_some())
    );
    assert!(
        report
            .checks
            .iter()
            .all(|c| c.result == CheckResult::Passed),
        "{text}"
    );
    assert_contains(
        &text,
        &[
            R1,
            R2,
            "single head",
            "models = database  ok",
            "1 model(s)",
            "replay = database  ok",
            "round trip passed",
        ],
    );
}

#[test]
fn a_healthy_project_passes_on_sqlite() {
    let p = healthy(Some("sqlite"));
    let (report, text) = run(p.round_trip());
    assert!(report.is_ok(), "{text}");
    assert_eq!(report.dialect, Dialect::Sqlite);
    assert!(text.contains("a temp file in"), "{text}");
}

#[test]
fn the_dialect_can_be_chosen() {
    let p = healthy(None);
    let (report, text) = run(p.round_trip().dialect(Dialect::Sqlite));
    assert!(report.is_ok(), "{text}");
    assert_eq!(report.dialect, Dialect::Sqlite);
}

#[test]
fn a_down_that_forgets_an_index_is_caught() {
    for dialect in [None, Some("sqlite")] {
        let p = Project::new(dialect).with_account();
        p.revision(
            R2,
            Some(R1),
            "ALTER TABLE account ADD COLUMN email text;\nCREATE INDEX ix_account_name ON account (name);",
            Some("ALTER TABLE account DROP COLUMN email;"),
        );
        let (report, text) = run(p.round_trip());
        assert!(!report.is_ok());
        assert!(
            matches!(&report.problems[0], Problem::NotRestored { revision, empty_down: false, unchanged: false, .. } if revision.as_str() == R2),
            "{text}"
        );
        assert_contains(
            &text,
            &[
                &format!(
                    "revision {R2} (revision {R2}): the downgrade does not restore the schema"
                ),
                "would still have to:",
                "drop index ix_account_name",
                "DROP INDEX",
                "FAILED",
            ],
        );
        assert_eq!(report.steps[0].outcome, Outcome::Passed);
        assert_eq!(report.steps[1].outcome, Outcome::Failed);
    }
}

#[test]
fn a_down_that_drops_the_wrong_column_is_caught() {
    let p = Project::new(None).with_account();
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE account ADD COLUMN email text;",
        Some("ALTER TABLE account DROP COLUMN name;"),
    );
    let (report, text) = run(p.round_trip());
    assert!(
        matches!(report.problems.as_slice(), [Problem::NotRestored { revision, .. }] if revision.as_str() == R2),
        "{text}"
    );
    assert_contains(
        &text,
        &[
            "add column account.name (text, not null)",
            "drop column account.email",
        ],
    );
}

#[test]
fn an_empty_down_is_caught() {
    for dialect in [None, Some("sqlite")] {
        let p = Project::new(dialect).with_account();
        p.revision(
            R2,
            Some(R1),
            "ALTER TABLE account ADD COLUMN email text;",
            Some(""),
        );
        let (report, text) = run(p.round_trip());
        assert!(
            matches!(report.problems.as_slice(), [Problem::NotRestored { revision, empty_down: true, unchanged: true, .. }] if revision.as_str() == R2),
            "{text}"
        );
        assert_contains(
            &text,
            &["its down section is empty", "drop column account.email"],
        );
    }
}

#[test]
fn two_heads_are_caught() {
    let p = Project::new(None).with_account();
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE account ADD COLUMN email text;",
        Some("ALTER TABLE account DROP COLUMN email;"),
    )
    .revision(
        R3,
        Some(R1),
        "CREATE TABLE team (id bigint PRIMARY KEY);",
        Some("DROP TABLE team;"),
    );
    let (report, text) = run(p.round_trip());
    // Both branches still round-trip; the heads are the problem.
    assert!(
        report.steps.iter().all(|s| s.outcome == Outcome::Passed),
        "{text}"
    );
    assert!(
        matches!(report.problems.as_slice(), [Problem::MultipleHeads { heads }] if heads.len() == 2),
        "{text}"
    );
    assert_contains(
        &text,
        &[
            &format!("the migrations have 2 heads: {R2}, {R3}"),
            "cargo schema merge",
        ],
    );
}

#[test]
fn a_model_field_no_migration_creates_is_caught() {
    for dialect in [None, Some("sqlite")] {
        let p = Project::new(dialect).with_account();
        p.revision(
            R2,
            Some(R1),
            "ALTER TABLE account ADD COLUMN email text;",
            Some("ALTER TABLE account DROP COLUMN email;"),
        )
        .models(&ACCOUNT_MODEL.replace(
            "pub email: Option<String>,",
            "pub email: Option<String>,\n    pub nickname: String,",
        ));
        let (report, text) = run(p.round_trip());
        assert!(
            matches!(report.problems.as_slice(), [Problem::ModelsDiffer { .. }]),
            "{text}"
        );
        assert_contains(
            &text,
            &[
                "the models and the database at head differ",
                "add column account.nickname (text, not null)",
                "--autogenerate",
            ],
        );
        // The SQL that would add it, in the dialect's way.
        let sql = if dialect.is_some() {
            "CREATE TABLE _new_account"
        } else {
            "ADD COLUMN nickname"
        };
        assert_contains(&text, &[sql]);
    }
}

#[test]
fn a_failing_upgrade_names_the_revision_and_the_line() {
    let p = Project::new(None).with_account();
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE acount ADD COLUMN email text;",
        Some("ALTER TABLE account DROP COLUMN email;"),
    );
    let (report, text) = run(p.round_trip());
    assert!(
        matches!(report.problems.as_slice(), [Problem::Upgrade { revision, .. }] if revision.as_str() == R2),
        "{text}"
    );
    assert_contains(
        &text,
        &[
            "the upgrade failed",
            "acount",
            "models = database  -",
            "not compared: the walk stopped at",
        ],
    );
}

#[test]
fn a_down_that_fails_is_caught() {
    let p = Project::new(None).with_account();
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE account ADD COLUMN email text;",
        Some("ALTER TABLE account DROP COLUMN mail;"),
    );
    let (report, text) = run(p.round_trip());
    assert!(
        matches!(report.problems.as_slice(), [Problem::Downgrade { revision, .. }] if revision.as_str() == R2),
        "{text}"
    );
    assert_contains(
        &text,
        &["the downgrade right after its upgrade failed", "mail"],
    );
}

#[test]
fn irreversible_revisions_are_upgraded_only_and_say_so() {
    let p = Project::new(None).with_account();
    p.revision(R2, Some(R1), "UPDATE account SET name = lower(name);", None)
        .revision(
            R3,
            Some(R2),
            "ALTER TABLE account ADD COLUMN email text;",
            Some("ALTER TABLE account DROP COLUMN email;"),
        );
    let (report, text) = run(p.round_trip());
    assert!(report.is_ok(), "{text}");
    assert_eq!(
        report.steps[1].outcome,
        Outcome::UpOnly {
            reason: DownSkip::Irreversible
        }
    );
    assert_eq!(report.steps[1].down, None);
    // Later revisions are still downgraded one step.
    assert_eq!(report.steps[2].outcome, Outcome::Passed);
    assert_contains(
        &text,
        &[
            "up only",
            &format!(
                "note: {R2} (revision {R2}) was not downgraded: it is marked `irreversible: true`"
            ),
            "downgrades stop there",
        ],
    );
}

#[test]
fn a_minimum_revision_and_skipped_revisions_are_not_downgraded() {
    let p = Project::new(None).with_account();
    // Broken down sections, but below the minimum or skipped.
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE account ADD COLUMN email text;",
        Some(""),
    )
    .revision(
        R3,
        Some(R2),
        "ALTER TABLE account ADD COLUMN phone text;",
        Some(""),
    );
    let (report, text) = run(p.round_trip().minimum_revision(R2).skip("aaaa00000003"));
    assert!(report.is_ok(), "{text}");
    let minimum = |s: &schema_testkit::round_trip::StepReport| matches!(&s.outcome, Outcome::UpOnly { reason: DownSkip::BelowMinimum { minimum } } if minimum.as_str() == R2);
    assert!(
        minimum(&report.steps[0]) && minimum(&report.steps[1]),
        "{text}"
    );
    assert_eq!(
        report.steps[2].outcome,
        Outcome::UpOnly {
            reason: DownSkip::Skipped
        }
    );
    assert_contains(&text, &["above the minimum revision", "skipped on request"]);
}

#[test]
fn an_option_naming_no_revision_is_an_error() {
    let p = healthy(None);
    let err = p.round_trip().skip("ffff").run_blocking().unwrap_err();
    assert!(err.to_string().contains("skip"), "{err}");
    assert!(err.to_string().contains("ffff"), "{err}");
}

#[test]
fn data_checks_run_at_each_stage_of_their_revision() {
    let p = Project::new(None).with_account();
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE account ADD COLUMN email text;\nUPDATE account SET email = name || '@example.org';",
        Some("ALTER TABLE account DROP COLUMN email;"),
    );
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let round_trip = p.round_trip().check_data(R2, move |at| {
        let log = Arc::clone(&log);
        async move {
            log.lock().unwrap().push(at.stage());
            match at.stage() {
                Stage::BeforeUpgrade => {
                    sqlx::query("INSERT INTO account (id, name) VALUES (1, 'ada')")
                        .execute(at.pg())
                        .await?;
                }
                Stage::Upgraded | Stage::UpgradedAgain => {
                    let email: String =
                        sqlx::query_scalar("SELECT email FROM account WHERE id = 1")
                            .fetch_one(at.pg())
                            .await?;
                    assert_eq!(email, "ada@example.org");
                }
                Stage::Downgraded => {
                    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM account")
                        .fetch_one(at.pg())
                        .await?;
                    assert_eq!(n, 1, "the row survives the downgrade");
                }
            }
            Ok(())
        }
    });
    let (report, text) = run(round_trip);
    assert!(report.is_ok(), "{text}");
    assert_eq!(
        *seen.lock().unwrap(),
        [
            Stage::BeforeUpgrade,
            Stage::Upgraded,
            Stage::Downgraded,
            Stage::UpgradedAgain
        ]
    );
}

#[test]
fn a_failing_data_check_names_its_revision_and_stage() {
    let p = healthy(None);
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let (report, text) = run(p.round_trip().check_data(R2, move |at| {
        counter.fetch_add(1, Ordering::Relaxed);
        async move {
            if at.stage() == Stage::Downgraded {
                let n: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM account WHERE email IS NOT NULL")
                        .fetch_one(at.pg())
                        .await?;
                let _ = n;
            }
            Ok(())
        }
    }));
    assert!(
        matches!(report.problems.as_slice(), [Problem::DataCheck { revision, stage: Stage::Downgraded, .. }] if revision.as_str() == R2),
        "{text}"
    );
    assert_contains(
        &text,
        &["the data check after its downgrade failed", "email"],
    );
    assert_eq!(calls.load(Ordering::Relaxed), 3);
}

#[test]
fn a_panicking_data_check_is_a_failure_not_a_crash() {
    let p = healthy(Some("sqlite"));
    let (report, text) = run(p.round_trip().check_data(R1, |at| async move {
        assert!(at.stage() != Stage::Upgraded, "no rows were expected");
        sqlx::query("SELECT 1").execute(at.sqlite()).await?;
        Ok(())
    }));
    assert!(
        matches!(
            report.problems.as_slice(),
            [Problem::DataCheck {
                stage: Stage::Upgraded,
                ..
            }]
        ),
        "{text}"
    );
    assert_contains(&text, &["it panicked: no rows were expected"]);
}

#[test]
fn assert_panics_with_the_report() {
    let p = Project::new(None).with_account();
    p.revision(
        R2,
        Some(R1),
        "ALTER TABLE account ADD COLUMN email text;",
        Some(""),
    );
    let round_trip = p.round_trip();
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || round_trip.assert()))
        .unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert_contains(
        &message,
        &[
            "round trip of 2 revision(s) on postgres",
            "its down section is empty",
            "round trip failed: 1 problem(s)",
        ],
    );
}

#[test]
fn a_migrations_directory_alone_round_trips() {
    let p = healthy(None);
    let (report, text) = run(RoundTrip::for_migrations(p.path().join("migrations")));
    assert!(report.is_ok(), "{text}");
    assert_contains(&text, &["not compared: no models configured"]);
}

/// The example app's migrations (eight revisions, a branch and a merge)
/// on both dialects.
#[test]
fn the_example_round_trips_on_both_dialects() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/trigpoint");
    for dialect in [Dialect::Postgres, Dialect::Sqlite] {
        let (report, text) = run(RoundTrip::for_package(&example).dialect(dialect));
        assert!(report.is_ok(), "{text}");
        assert_eq!(report.steps.len(), 8);
    }
}
