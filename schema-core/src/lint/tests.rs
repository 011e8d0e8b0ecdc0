use super::*;
use crate::replay::apply_sql;
use crate::schema::Schema;

fn schema(setup: &str, dialect: Dialect) -> Schema {
    let mut s = Schema::default();
    apply_sql(
        &mut s,
        setup,
        dialect,
        std::path::Path::new("setup"),
        0,
        &mut Vec::new(),
    );
    s
}

fn codes(setup: &str, sql: &str, dialect: Dialect, tx: bool) -> Vec<(usize, &'static str)> {
    lint_sql(&schema(setup, dialect), sql, dialect, tx)
        .into_iter()
        .filter(|f| !f.allowed)
        .map(|f| (f.line, f.code.as_str()))
        .collect()
}

const BASE: &str =
    "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), n int, price numeric(10,2));
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);";

#[test]
fn index_on_existing_and_new_tables() {
    let sql = "SET lock_timeout = '2s';\nCREATE INDEX i1 ON users (email);\nCREATE TABLE t (a int);\nCREATE INDEX i2 ON t (a);";
    assert_eq!(
        codes(BASE, sql, Dialect::Postgres, true),
        [(2, "index-not-concurrent")]
    );
    let sql = "CREATE INDEX CONCURRENTLY i1 ON users (email);";
    assert_eq!(
        codes(BASE, sql, Dialect::Postgres, true),
        [(1, "concurrently-in-transaction")]
    );
    assert_eq!(codes(BASE, sql, Dialect::Postgres, false), []);
}

#[test]
fn column_changes() {
    let sql = "SET lock_timeout = '1s';
ALTER TABLE users ADD COLUMN a int NOT NULL;
ALTER TABLE users ADD COLUMN b int NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN c uuid DEFAULT gen_random_uuid();
ALTER TABLE users ADD COLUMN d timestamptz DEFAULT now();
ALTER TABLE users ALTER COLUMN email TYPE varchar(100);
ALTER TABLE users ALTER COLUMN n TYPE bigint;
ALTER TABLE users ALTER COLUMN n SET NOT NULL;
ALTER TABLE users DROP COLUMN price;
ALTER TABLE users RENAME COLUMN email TO mail;";
    assert_eq!(
        codes(BASE, sql, Dialect::Postgres, true),
        [
            (2, "add-column-not-null"),
            (4, "volatile-default"),
            (7, "column-type-rewrite"),
            (8, "set-not-null"),
            (9, "drop-column"),
            (10, "rename-column"),
        ]
    );
}

#[test]
fn lock_timeout_and_allow() {
    let sql = "-- lint: allow drop-column\nALTER TABLE users DROP COLUMN price;";
    assert_eq!(
        codes(BASE, sql, Dialect::Postgres, true),
        [(2, "missing-lock-timeout")]
    );
}

#[test]
fn rebuild_is_not_a_drop() {
    let sql = "CREATE TABLE users_new (id integer PRIMARY KEY, email text);
INSERT INTO users_new SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;";
    assert_eq!(codes(BASE, sql, Dialect::Sqlite, true), []);
    assert_eq!(
        codes(BASE, "DROP TABLE users;", Dialect::Sqlite, true),
        [(1, "drop-table")]
    );
    assert_eq!(
        codes(
            BASE,
            "ALTER TABLE users ALTER COLUMN n SET NOT NULL;",
            Dialect::Sqlite,
            true
        ),
        [(1, "sqlite-needs-rebuild")]
    );
}

#[test]
fn not_null_via_validated_check() {
    let sql = "SET lock_timeout = '1s';
ALTER TABLE users ADD CONSTRAINT n_nn CHECK (n IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT n_nn;
ALTER TABLE users ALTER COLUMN n SET NOT NULL;";
    // Validated in the same transaction, the scan runs under the ADD's lock.
    assert_eq!(
        codes(BASE, sql, Dialect::Postgres, true),
        [(3, "add-check")]
    );
    // In a revision without a transaction each statement commits alone.
    assert_eq!(codes(BASE, sql, Dialect::Postgres, false), []);
}

#[test]
fn not_null_needs_the_check_validated() {
    let sql = "SET lock_timeout = '1s';
ALTER TABLE users ADD CHECK (n IS NOT NULL) NOT VALID;
ALTER TABLE users ALTER COLUMN n SET NOT NULL;";
    assert_eq!(
        codes(BASE, sql, Dialect::Postgres, true),
        [(3, "set-not-null")]
    );
    let sql = "SET lock_timeout = '1s';
ALTER TABLE users ADD CHECK (n IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_n_check;
ALTER TABLE users ALTER COLUMN n SET NOT NULL;";
    assert_eq!(codes(BASE, sql, Dialect::Postgres, false), []);
}
