//! The data model of a trig-point logbook, the example app of `cargo schema`.
//!
//! Walkers log visits to trig points (the concrete survey pillars on British
//! hilltops), note the condition they found the pillar in, and attach
//! photos. A later billing branch of the migration graph adds plans and
//! subscriptions. Each struct below is one table created by the revisions in
//! `migrations/`; see the README for the revision graph.
//!
//! The structs are models (`#[derive(Model)]`): the build script
//! (`build.rs`, `schema_core::build::track()`) replays the migrations once
//! per build, and the derive compares each struct with its table at the
//! head revision. A field no migration creates, a type or nullability that
//! differs, a missing table: the build fails at the field, and says which
//! `cargo schema revision --autogenerate` to run. The models also declare
//! the indexes, keys and defaults of their tables, so that autogenerate
//! writes nothing but what changed, and `cargo schema check` finds them
//! equal to the database.

use schema_core::{Dialect, Model, Table};
use schema_macros::Model;
use time::PrimitiveDateTime;

/// A registered walker (table `"user"`, quoted because `user` is reserved in PostgreSQL).
#[derive(Debug, Clone, PartialEq, Model)]
#[schema(
    table = "user",
    index(columns("email"), name = "ix_user_email", unique)
)]
pub struct User {
    #[schema(primary_key)]
    pub id: i64,
    #[schema(sql_type = "varchar(30)")]
    pub name: String,
    #[schema(sql_type = "varchar(255)")]
    pub email: String,
    pub created_at: PrimitiveDateTime,
    /// Added by revision `fe98439c07ed` after the billing merge.
    pub last_login: Option<PrimitiveDateTime>,
}

/// A trig point (triangulation pillar, bolt, intersected station, ...).
#[derive(Debug, Clone, PartialEq, Model)]
#[schema(
    table = "trig_point",
    index(columns("waypoint"), name = "ix_trig_point_waypoint", unique)
)]
pub struct TrigPoint {
    #[schema(primary_key)]
    pub id: i64,
    /// The public waypoint code, e.g. `TP0001`.
    #[schema(sql_type = "varchar(8)")]
    pub waypoint: String,
    #[schema(sql_type = "varchar(50)")]
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub height_m: Option<f64>,
    #[schema(sql_type = "varchar(20)", default = "'pillar'")]
    pub physical_type: String,
}

/// One visit to a trig point (table `tlog`, indexed on `created_at`).
#[derive(Debug, Clone, PartialEq, Model)]
#[schema(
    table = "tlog",
    index(columns("trig_id"), name = "ix_tlog_trig_id"),
    index(columns("created_at"), name = "ix_tlog_created_at")
)]
pub struct Log {
    #[schema(primary_key)]
    pub id: i64,
    #[schema(references = "trig_point", on_delete = "cascade")]
    pub trig_id: i64,
    #[schema(references = "user", on_delete = "cascade")]
    pub user_id: i64,
    pub visited_at: PrimitiveDateTime,
    /// One letter; see [`Condition`].
    #[schema(sql_type = "varchar(1)", default = "'G'")]
    pub condition_code: String,
    #[schema(default = "''")]
    pub comment: String,
    pub created_at: PrimitiveDateTime,
}

impl Log {
    /// The condition the walker reported, if the stored code is a known one.
    pub fn condition(&self) -> Option<Condition> {
        let mut chars = self.condition_code.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Condition::from_code(c),
            _ => None,
        }
    }
}

/// The condition of a trig point as logged, stored as a one-letter code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Good,
    SlightlyDamaged,
    Damaged,
    Toppled,
    Missing,
    NotFound,
    Unknown,
}

impl Condition {
    pub const ALL: [Condition; 7] = [
        Condition::Good,
        Condition::SlightlyDamaged,
        Condition::Damaged,
        Condition::Toppled,
        Condition::Missing,
        Condition::NotFound,
        Condition::Unknown,
    ];

    /// The letter stored in `tlog.condition_code` (`G` is the column default).
    pub fn code(self) -> char {
        match self {
            Condition::Good => 'G',
            Condition::SlightlyDamaged => 'S',
            Condition::Damaged => 'D',
            Condition::Toppled => 'T',
            Condition::Missing => 'X',
            Condition::NotFound => 'N',
            Condition::Unknown => 'U',
        }
    }

    pub fn from_code(code: char) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Condition::Good => "good",
            Condition::SlightlyDamaged => "slightly damaged",
            Condition::Damaged => "damaged",
            Condition::Toppled => "toppled",
            Condition::Missing => "missing",
            Condition::NotFound => "could not find it",
            Condition::Unknown => "unknown",
        }
    }
}

/// A photo attached to a log (table `tphoto`); deleted with its log.
#[derive(Debug, Clone, PartialEq, Model)]
#[schema(table = "tphoto", index(columns("log_id"), name = "ix_tphoto_log_id"))]
pub struct Photo {
    #[schema(primary_key)]
    pub id: i64,
    #[schema(references = "tlog", on_delete = "cascade")]
    pub log_id: i64,
    #[schema(sql_type = "varchar(100)")]
    pub caption: String,
    pub url: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    #[schema(default = true)]
    pub is_public: bool,
}

/// A paid plan (billing branch; table `billing_plan`).
#[derive(Debug, Clone, PartialEq, Model)]
#[schema(
    table = "billing_plan",
    index(columns("code"), name = "ix_billing_plan_code", unique)
)]
pub struct Plan {
    #[schema(primary_key)]
    pub id: i32,
    /// e.g. `supporter-annual`.
    #[schema(sql_type = "varchar(20)")]
    pub code: String,
    #[schema(sql_type = "varchar(50)")]
    pub name: String,
    pub price_pence: i32,
    #[schema(default = true)]
    pub is_active: bool,
}

/// A user's subscription to a plan (billing branch); deleted with its user.
#[derive(Debug, Clone, PartialEq, Model)]
#[schema(
    table = "subscription",
    index(columns("user_id"), name = "ix_subscription_user_id")
)]
pub struct Subscription {
    #[schema(primary_key)]
    pub id: i64,
    #[schema(references = "user", on_delete = "cascade")]
    pub user_id: i64,
    #[schema(references = "billing_plan")]
    pub plan_id: i32,
    pub started_at: PrimitiveDateTime,
    /// `None` while the subscription runs on.
    pub ends_at: Option<PrimitiveDateTime>,
}

/// The tables of the app as the models describe them, in the order the
/// migrations create them on the main line.
pub fn tables(dialect: Dialect) -> [Table; 6] {
    [
        User::table(dialect),
        TrigPoint::table(dialect),
        Log::table(dialect),
        Photo::table(dialect),
        Plan::table(dialect),
        Subscription::table(dialect),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_codes_round_trip() {
        for c in Condition::ALL {
            assert_eq!(Condition::from_code(c.code()), Some(c));
        }
        assert_eq!(Condition::from_code('?'), None);
    }

    /// The models are the tables the migrations make: the build checks
    /// columns (a mismatch does not compile), this checks the rest the
    /// models declare (keys, indexes, defaults) against the replay.
    #[test]
    fn tables_are_what_the_migrations_make() {
        let snapshot = std::path::Path::new(env!("CARGO_SCHEMA_SCHEMA"));
        let snapshot = schema_core::build::Snapshot::read(snapshot).unwrap();
        for mut table in tables(snapshot.dialect) {
            table.canonicalize();
            assert_eq!(
                Some(&table),
                snapshot.schema.tables.get(&table.name),
                "{}",
                table.name
            );
        }
        assert_eq!(snapshot.schema.tables.len(), 6);
    }
}
