//! The data model of a trig-point logbook, the example app of `cargo schema`.
//!
//! Walkers log visits to trig points (the concrete survey pillars on British
//! hilltops), note the condition they found the pillar in, and attach
//! photos. A later billing branch of the migration graph adds plans and
//! subscriptions. Each struct below is one table created by the revisions in
//! `migrations/`; see the README for the revision graph.
//!
//! For now the column lists in [`Table::COLUMNS`] are written by hand and
//! mirror the SQL in `migrations/`. A later step replaces them with
//! `#[derive(Model)]`, which checks them against the migrations at compile
//! time instead of trusting that they agree.

use time::PrimitiveDateTime;

/// One column as the migrations create it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    /// The SQL type as written in the migration (portable across SQLite and PostgreSQL).
    pub sql_type: &'static str,
    pub nullable: bool,
    pub primary_key: bool,
}

const fn pk(name: &'static str, sql_type: &'static str) -> Column {
    Column {
        name,
        sql_type,
        nullable: false,
        primary_key: true,
    }
}

const fn col(name: &'static str, sql_type: &'static str) -> Column {
    Column {
        name,
        sql_type,
        nullable: false,
        primary_key: false,
    }
}

const fn null(name: &'static str, sql_type: &'static str) -> Column {
    Column {
        name,
        sql_type,
        nullable: true,
        primary_key: false,
    }
}

/// A struct that is one row of a table.
pub trait Table {
    /// The table name, as in the migrations.
    const NAME: &'static str;
    /// The columns, in the order the migrations create them.
    const COLUMNS: &'static [Column];
}

/// A registered walker (table `"user"`, quoted because `user` is reserved in PostgreSQL).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub name: String,
    /// Unique (`ix_user_email`).
    pub email: String,
    pub created_at: PrimitiveDateTime,
    /// Added by revision `fe98439c07ed` after the billing merge.
    pub last_login: Option<PrimitiveDateTime>,
}

impl Table for User {
    const NAME: &'static str = "user";
    const COLUMNS: &'static [Column] = &[
        pk("id", "BIGINT"),
        col("name", "VARCHAR(30)"),
        col("email", "VARCHAR(255)"),
        col("created_at", "TIMESTAMP"),
        null("last_login", "TIMESTAMP"),
    ];
}

/// A trig point (triangulation pillar, bolt, intersected station, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct TrigPoint {
    pub id: i64,
    /// The public waypoint code, e.g. `TP0001`; unique.
    pub waypoint: String,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub height_m: Option<f64>,
    /// `pillar` unless the migration's default was overridden.
    pub physical_type: String,
}

impl Table for TrigPoint {
    const NAME: &'static str = "trig_point";
    const COLUMNS: &'static [Column] = &[
        pk("id", "BIGINT"),
        col("waypoint", "VARCHAR(8)"),
        col("name", "VARCHAR(50)"),
        col("latitude", "DOUBLE PRECISION"),
        col("longitude", "DOUBLE PRECISION"),
        null("height_m", "DOUBLE PRECISION"),
        col("physical_type", "VARCHAR(20)"),
    ];
}

/// One visit to a trig point (table `tlog`, indexed on `created_at`).
#[derive(Debug, Clone, PartialEq)]
pub struct Log {
    pub id: i64,
    pub trig_id: i64,
    pub user_id: i64,
    pub visited_at: PrimitiveDateTime,
    /// One letter; see [`Condition`].
    pub condition_code: String,
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

impl Table for Log {
    const NAME: &'static str = "tlog";
    const COLUMNS: &'static [Column] = &[
        pk("id", "BIGINT"),
        col("trig_id", "BIGINT"),
        col("user_id", "BIGINT"),
        col("visited_at", "TIMESTAMP"),
        col("condition_code", "VARCHAR(1)"),
        col("comment", "TEXT"),
        col("created_at", "TIMESTAMP"),
    ];
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
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub id: i64,
    pub log_id: i64,
    pub caption: String,
    pub url: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub is_public: bool,
}

impl Table for Photo {
    const NAME: &'static str = "tphoto";
    const COLUMNS: &'static [Column] = &[
        pk("id", "BIGINT"),
        col("log_id", "BIGINT"),
        col("caption", "VARCHAR(100)"),
        col("url", "TEXT"),
        null("width", "INTEGER"),
        null("height", "INTEGER"),
        col("is_public", "BOOLEAN"),
    ];
}

/// A paid plan (billing branch; table `billing_plan`).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: i32,
    /// Unique, e.g. `supporter-annual`.
    pub code: String,
    pub name: String,
    pub price_pence: i32,
    pub is_active: bool,
}

impl Table for Plan {
    const NAME: &'static str = "billing_plan";
    const COLUMNS: &'static [Column] = &[
        pk("id", "INTEGER"),
        col("code", "VARCHAR(20)"),
        col("name", "VARCHAR(50)"),
        col("price_pence", "INTEGER"),
        col("is_active", "BOOLEAN"),
    ];
}

/// A user's subscription to a plan (billing branch); deleted with its user.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub id: i64,
    pub user_id: i64,
    pub plan_id: i32,
    pub started_at: PrimitiveDateTime,
    /// `None` while the subscription runs on.
    pub ends_at: Option<PrimitiveDateTime>,
}

impl Table for Subscription {
    const NAME: &'static str = "subscription";
    const COLUMNS: &'static [Column] = &[
        pk("id", "BIGINT"),
        col("user_id", "BIGINT"),
        col("plan_id", "INTEGER"),
        col("started_at", "TIMESTAMP"),
        null("ends_at", "TIMESTAMP"),
    ];
}

/// The tables of the app, in the order the migrations create them on the main line.
pub fn tables() -> [(&'static str, &'static [Column]); 6] {
    [
        (User::NAME, User::COLUMNS),
        (TrigPoint::NAME, TrigPoint::COLUMNS),
        (Log::NAME, Log::COLUMNS),
        (Photo::NAME, Photo::COLUMNS),
        (Plan::NAME, Plan::COLUMNS),
        (Subscription::NAME, Subscription::COLUMNS),
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

    /// Until `#[derive(Model)]` checks it, a cheap guard that every column
    /// written above appears in some migration file.
    #[test]
    fn columns_appear_in_migrations() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut sql = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            sql.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        for (table, columns) in tables() {
            for c in columns {
                let decl = format!("{} {}", c.name, c.sql_type);
                let found = sql.lines().any(|line| {
                    let line = line.trim().trim_end_matches([',', ';']);
                    let Some(at) = line.find(&decl) else {
                        return false;
                    };
                    let before_ok = at == 0 || line[..at].ends_with(' ');
                    let rest = &line[at + decl.len()..];
                    let after_ok = rest.is_empty() || rest.starts_with(' ');
                    let constraint_ok = if c.primary_key {
                        rest.starts_with(" PRIMARY KEY")
                    } else {
                        rest.contains("NOT NULL") != c.nullable
                    };
                    before_ok && after_ok && constraint_ok
                });
                assert!(
                    found,
                    "{table}.{}: no `{decl}` column with matching constraints in migrations/",
                    c.name
                );
            }
        }
    }
}
