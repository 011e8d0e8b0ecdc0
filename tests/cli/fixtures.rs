//! Hand-written graphs with fixed ids and times, so that the order of the
//! output is fixed and can be compared as a whole.

use schema_e2e::{ProjectBuilder, TestProject, project, rev};

pub const USERS: &str = "1a2b3c4d5e6f";
pub const EMAIL: &str = "2b3c4d5e6f70";
pub const INDEX: &str = "3c4d5e6f7081";
pub const PLANS: &str = "4d5e6f708192";
pub const INVOICES: &str = "5e6f708192a3";
pub const MERGE: &str = "6f708192a3b4";

/// The main line `users -> email -> index` and a `billing` branch from base
/// `plans -> invoices`, not merged: two heads.
pub fn billing_branch() -> ProjectBuilder {
    project()
        .metadata("migrations = \"migrations\"")
        .migration(
            "1a2b3c4d5e6f_create_users.sql",
            rev(USERS, "base")
                .message("create users")
                .created("2026-01-01T10:00:00Z")
                .up("CREATE TABLE users (id bigint PRIMARY KEY);")
                .down("DROP TABLE users;")
                .text(),
        )
        .migration(
            "2b3c4d5e6f70_add_email.sql",
            rev(EMAIL, USERS)
                .message("add email")
                .created("2026-01-02T10:00:00Z")
                .up("ALTER TABLE users ADD COLUMN email text;")
                .down("ALTER TABLE users DROP COLUMN email;")
                .text(),
        )
        .migration(
            "3c4d5e6f7081_add_index.sql",
            rev(INDEX, EMAIL)
                .message("add index")
                .created("2026-01-03T10:00:00Z")
                .up("CREATE INDEX users_email ON users (email);")
                .down("DROP INDEX users_email;")
                .text(),
        )
        .migration(
            "4d5e6f708192_create_plans.sql",
            rev(PLANS, "base")
                .message("create plans")
                .created("2026-01-04T10:00:00Z")
                .labels("billing")
                .up("CREATE TABLE plans (id bigint PRIMARY KEY);")
                .down("DROP TABLE plans;")
                .text(),
        )
        .migration(
            "5e6f708192a3_add_invoices.sql",
            rev(INVOICES, PLANS)
                .message("add invoices")
                .created("2026-01-05T10:00:00Z")
                .up("CREATE TABLE invoices (id bigint PRIMARY KEY);")
                .down("DROP TABLE invoices;")
                .text(),
        )
}

/// [`billing_branch`] with the two heads merged: one head.
pub fn billing_merged() -> TestProject {
    billing_branch()
        .migration(
            "6f708192a3b4_merge_billing.sql",
            rev(MERGE, &format!("{INDEX}, {INVOICES}"))
                .message("merge billing")
                .created("2026-01-06T10:00:00Z")
                .text(),
        )
        .build()
}
