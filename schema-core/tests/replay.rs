//! Replay: migration SQL applied to the schema IR, statement kind by
//! statement kind, as PostgreSQL and SQLite would report the result. No
//! database needed; the fidelity test against real servers lives with
//! introspection.

#![cfg(feature = "sql")]

use std::path::{Path, PathBuf};
use std::time::Instant;

use schema_core::Dialect;
use schema_core::graph::Graph;
use schema_core::migration::Migration;
use schema_core::replay::{Replay, Warning, apply_down, apply_sql, replay_heads, replay_to};
use schema_core::schema::{
    FkAction, Identity, Index, IndexKey, IndexPart, Schema, SqlType, Table, TableName,
    normalize_expr,
};

fn replay(sql: &str, dialect: Dialect) -> Replay {
    let mut r = Replay::default();
    apply_sql(
        &mut r.schema,
        sql,
        dialect,
        Path::new("migrations/0001_x.sql"),
        10,
        &mut r.warnings,
    );
    r
}

fn pg(sql: &str) -> Replay {
    replay(sql, Dialect::Postgres)
}

fn lite(sql: &str) -> Replay {
    replay(sql, Dialect::Sqlite)
}

/// Replays and requires that nothing was warned about.
fn pg_ok(sql: &str) -> Schema {
    let r = pg(sql);
    assert_no_problems(&r);
    r.schema
}

fn lite_ok(sql: &str) -> Schema {
    let r = lite(sql);
    assert_no_problems(&r);
    r.schema
}

fn assert_no_problems(r: &Replay) {
    let p: Vec<String> = r.problems().map(ToString::to_string).collect();
    assert!(p.is_empty(), "unexpected warnings:\n{}", p.join("\n"));
}

fn problems(r: &Replay) -> Vec<String> {
    r.problems().map(ToString::to_string).collect()
}

fn table<'a>(s: &'a Schema, name: &str) -> &'a Table {
    let key = match name.split_once('.') {
        Some((schema, n)) => TableName::qualified(Some(schema), n),
        None => TableName::new(name),
    };
    s.tables.get(&key).unwrap_or_else(|| {
        panic!(
            "no table {name}; have {:?}",
            s.tables.keys().collect::<Vec<_>>()
        )
    })
}

fn names<T>(items: &[T], f: impl Fn(&T) -> Option<&String>) -> Vec<String> {
    items.iter().filter_map(|i| f(i).cloned()).collect()
}

fn index<'a>(t: &'a Table, name: &str) -> &'a Index {
    t.indexes
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no index {name} on {}; have {:?}",
                t.name,
                names(&t.indexes, |i| Some(&i.name))
            )
        })
}

fn check<'a>(t: &'a Table, name: &str) -> &'a str {
    &t.checks
        .iter()
        .find(|c| c.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no check {name}; have {:?}", t.checks))
        .expression
}

// ---- CREATE TABLE ------------------------------------------------------------

#[test]
fn create_table_columns_types_and_defaults() {
    let s = pg_ok(
        "CREATE TABLE t (
            a int4 NOT NULL,
            b character varying(30) DEFAULT 'x'::text,
            c numeric(10,2) NULL DEFAULT 0,
            d timestamp(3) with time zone DEFAULT now(),
            e text[] DEFAULT '{}',
            f double precision,
            g boolean DEFAULT TRUE,
            h jsonb DEFAULT '{}'::jsonb,
            i uuid DEFAULT gen_random_uuid(),
            j timestamp DEFAULT CURRENT_TIMESTAMP,
            k int DEFAULT NULL,
            l int[][],
            m geometry(Point, 4326),
            n int DEFAULT -1
        );",
    );
    let t = table(&s, "t");
    let col = |n: &str| t.column(n).unwrap();
    assert_eq!(col("a").ty, SqlType::Integer);
    assert!(!col("a").nullable);
    assert_eq!(col("b").ty, SqlType::Varchar(Some(30)));
    assert_eq!(col("b").default.as_deref(), Some("'x'"));
    assert!(col("b").nullable);
    assert_eq!(col("c").ty, SqlType::Numeric(Some(10), Some(2)));
    assert_eq!(col("c").default.as_deref(), Some("0"));
    assert_eq!(col("d").ty, SqlType::TimestampTz);
    assert_eq!(col("d").default.as_deref(), Some("now()"));
    assert_eq!(col("e").ty, SqlType::Array(Box::new(SqlType::Text)));
    assert_eq!(col("f").ty, SqlType::Double);
    assert_eq!(col("g").default.as_deref(), Some("true"));
    assert_eq!(col("h").ty, SqlType::Jsonb);
    assert_eq!(col("j").ty, SqlType::Timestamp);
    assert_eq!(col("j").default.as_deref(), Some("current_timestamp"));
    // DEFAULT NULL stores no default on the server.
    assert_eq!(col("k").default, None);
    // PostgreSQL keeps no array dimensions.
    assert_eq!(col("l").ty, SqlType::Array(Box::new(SqlType::Integer)));
    assert!(matches!(&col("m").ty, SqlType::Other(o) if o.starts_with("geometry")));
    assert_eq!(col("n").default.as_deref(), Some("-1"));
    assert_eq!(
        t.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        [
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"
        ],
        "declaration order"
    );
}

#[test]
fn serial_and_identity_columns() {
    let s = pg_ok(
        "CREATE TABLE t (
            a serial PRIMARY KEY,
            b bigserial,
            c smallserial,
            d bigint GENERATED ALWAYS AS IDENTITY,
            e int GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 5),
            f int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 5 START WITH 10 NO MINVALUE CACHE 1)
        );",
    );
    let t = table(&s, "t");
    let col = |n: &str| t.column(n).unwrap();
    for (n, ty) in [
        ("a", SqlType::Integer),
        ("b", SqlType::BigInt),
        ("c", SqlType::SmallInt),
    ] {
        assert_eq!(col(n).ty, ty, "{n}");
        assert_eq!(col(n).identity, Some(Identity::Serial), "{n}");
        assert_eq!(col(n).default, None, "{n}");
        assert!(!col(n).nullable, "serial implies NOT NULL ({n})");
    }
    assert_eq!(col("d").identity, Some(Identity::Always));
    assert_eq!(col("e").identity, Some(Identity::ByDefault));
    assert_eq!(col("f").identity, Some(Identity::ByDefault));
    assert!(!col("d").nullable, "identity implies NOT NULL");
}

#[test]
fn pg_dump_serial_spelling_is_serial() {
    let s = pg_ok(
        "CREATE TABLE public.t (id integer NOT NULL, name text);
         CREATE SEQUENCE public.t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
         ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;
         ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('public.t_id_seq'::regclass);
         ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
         CREATE TABLE u (id integer NOT NULL);
         CREATE SEQUENCE u_seq;
         ALTER SEQUENCE u_seq OWNED BY u.id;
         ALTER TABLE u ALTER COLUMN id SET DEFAULT nextval('u_seq'::regclass);
         CREATE TABLE v (id integer DEFAULT nextval('other_seq'));
         CREATE TABLE w (id integer DEFAULT nextval('Public.W_ID_SEQ'::regclass));",
    );
    let id = table(&s, "t").column("id").unwrap();
    assert_eq!(id.identity, Some(Identity::Serial));
    assert_eq!(id.default, None);
    assert_eq!(
        table(&s, "u").column("id").unwrap().identity,
        Some(Identity::Serial)
    );
    // A sequence that is not the column's own is just a default.
    assert_eq!(
        table(&s, "w").column("id").unwrap().identity,
        Some(Identity::Serial),
        "the regclass is resolved as the server resolves it"
    );
    let v = table(&s, "v").column("id").unwrap();
    assert_eq!(v.identity, None);
    assert_eq!(
        v.default.as_deref(),
        Some(normalize_expr("nextval('other_seq'::regclass)").as_str())
    );
}

#[test]
fn implicit_constraint_names_follow_postgres() {
    let s = pg_ok(
        "CREATE TABLE p (id int PRIMARY KEY);
         CREATE TABLE p2 (x int, y int, PRIMARY KEY (x, y));
         CREATE TABLE t (
            id int PRIMARY KEY,
            a int UNIQUE,
            b int,
            c int CHECK (c > 0),
            d int REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL,
            e int CHECK (e > b),
            CHECK (a > 0),
            CHECK (a < 100),
            CHECK (a < b),
            CHECK (true),
            CONSTRAINT named_check CHECK (b > 0),
            UNIQUE (a, b),
            FOREIGN KEY (b, c) REFERENCES p2 (x, y),
            CONSTRAINT fk_named FOREIGN KEY (a) REFERENCES p (id)
         );",
    );
    let t = table(&s, "t");
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("t_pkey")
    );
    assert_eq!(t.primary_key.as_ref().unwrap().columns, ["id"]);
    assert!(
        !t.column("id").unwrap().nullable,
        "a primary key is NOT NULL"
    );
    let mut uniques = names(&t.uniques, |u| u.name.as_ref());
    uniques.sort();
    assert_eq!(uniques, ["t_a_b_key", "t_a_key"]);
    assert_eq!(check(t, "t_c_check"), "c > 0");
    // A column check on two columns is named after the table, as the
    // server names it (it counts the columns the expression uses).
    assert_eq!(check(t, "t_check"), "e > b");
    assert_eq!(check(t, "t_a_check"), "a > 0");
    assert_eq!(check(t, "t_a_check1"), "a < 100");
    assert_eq!(check(t, "t_check1"), "a < b");
    assert_eq!(check(t, "t_check2"), "true");
    assert_eq!(check(t, "named_check"), "b > 0");
    let fk = |n: &str| {
        t.foreign_keys
            .iter()
            .find(|f| f.name.as_deref() == Some(n))
            .unwrap()
    };
    let d = fk("t_d_fkey");
    assert_eq!(d.references, TableName::new("p"));
    assert_eq!(d.referenced_columns, ["id"], "no columns: the primary key");
    assert_eq!(d.on_delete, FkAction::Cascade);
    assert_eq!(d.on_update, FkAction::SetNull);
    assert_eq!(fk("t_b_c_fkey").referenced_columns, ["x", "y"]);
    assert_eq!(fk("fk_named").columns, ["a"]);
    // No Index for the indexes of keys.
    assert!(t.indexes.is_empty());
}

#[test]
fn unique_on_the_primary_key_makes_no_second_constraint() {
    let s = pg_ok(
        "CREATE TABLE t (id int PRIMARY KEY UNIQUE, a int UNIQUE, UNIQUE (a), b int, CONSTRAINT b_u UNIQUE (b), UNIQUE (b));",
    );
    let t = table(&s, "t");
    let mut u = names(&t.uniques, |u| u.name.as_ref());
    u.sort();
    assert_eq!(u, ["b_u", "t_a_key"]);
}

#[test]
fn implicit_names_avoid_collisions_across_the_schema() {
    let s = pg_ok(
        "CREATE TABLE t (a int);
         CREATE INDEX t_a_key ON t (a);
         ALTER TABLE t ADD UNIQUE (a);
         ALTER TABLE t ADD CONSTRAINT t_a_fkey CHECK (a > 0);
         CREATE TABLE p (a int PRIMARY KEY);
         ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p;
         CREATE INDEX ON t (a);
         CREATE INDEX ON t (a);",
    );
    let t = table(&s, "t");
    assert_eq!(names(&t.uniques, |u| u.name.as_ref()), ["t_a_key1"]);
    assert_eq!(names(&t.foreign_keys, |f| f.name.as_ref()), ["t_a_fkey1"]);
    let mut ix = names(&t.indexes, |i| Some(&i.name));
    ix.sort();
    assert_eq!(ix, ["t_a_idx", "t_a_idx1", "t_a_key"]);
}

#[test]
fn identifiers_fold_quote_qualify_and_truncate() {
    let long = "x".repeat(70);
    let s = pg_ok(&format!(
        "CREATE TABLE Users (ID int PRIMARY KEY, \"Name\" text, \"select\" int);
         CREATE TABLE public.plain (a int);
         CREATE TABLE \"Audit\".\"Log\" (a int PRIMARY KEY);
         CREATE TABLE billing.invoices (id int PRIMARY KEY, user_id int REFERENCES public.users);
         CREATE TABLE {long} (a int PRIMARY KEY);"
    ));
    let u = table(&s, "users");
    assert_eq!(
        u.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["id", "Name", "select"]
    );
    table(&s, "plain");
    let log = s
        .tables
        .get(&TableName::qualified(Some("Audit"), "Log"))
        .unwrap();
    assert_eq!(
        log.primary_key.as_ref().unwrap().name.as_deref(),
        Some("Log_pkey")
    );
    let inv = table(&s, "billing.invoices");
    assert_eq!(
        inv.primary_key.as_ref().unwrap().name.as_deref(),
        Some("invoices_pkey")
    );
    assert_eq!(inv.foreign_keys[0].references, TableName::new("users"));
    let truncated = "x".repeat(63);
    let t = table(&s, &truncated);
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_ref().unwrap().len(),
        63
    );
}

#[test]
fn create_table_if_not_exists_and_duplicates() {
    let r = pg("CREATE TABLE t (a int);
                CREATE TABLE IF NOT EXISTS t (b int);
                CREATE TABLE t (c int);");
    let t = table(&r.schema, "t");
    assert_eq!(t.columns.len(), 1);
    assert_eq!(r.notes().count(), 1);
    let p = problems(&r);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("migrations/0001_x.sql:13: "), "{}", p[0]);
}

#[test]
fn create_table_like() {
    let s = pg_ok(
        "CREATE TABLE src (id serial PRIMARY KEY, a text NOT NULL DEFAULT 'x' CHECK (a <> ''), b int UNIQUE);
         CREATE INDEX ON src (lower(a));
         COMMENT ON COLUMN src.a IS 'the a';
         CREATE TABLE plain (LIKE src);
         CREATE TABLE copy (LIKE src INCLUDING ALL, extra int);
         CREATE TABLE part (pre int, LIKE src INCLUDING DEFAULTS EXCLUDING CONSTRAINTS);",
    );
    let plain = table(&s, "plain");
    assert_eq!(plain.columns.len(), 3);
    let id = plain.column("id").unwrap();
    assert_eq!(
        (id.identity, &id.default, id.nullable),
        (None, &None, false)
    );
    assert_eq!(plain.column("a").unwrap().default, None);
    assert!(plain.primary_key.is_none() && plain.checks.is_empty());
    let copy = table(&s, "copy");
    assert_eq!(
        copy.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["id", "a", "b", "extra"]
    );
    assert_eq!(
        copy.primary_key.as_ref().unwrap().name.as_deref(),
        Some("copy_pkey")
    );
    assert_eq!(names(&copy.uniques, |u| u.name.as_ref()), ["copy_b_key"]);
    assert_eq!(names(&copy.indexes, |i| Some(&i.name)), ["copy_lower_idx"]);
    assert_eq!(
        check(copy, "src_a_check"),
        "a <> ''",
        "checks keep their names"
    );
    assert_eq!(copy.column("a").unwrap().default.as_deref(), Some("'x'"));
    assert_eq!(copy.column("a").unwrap().comment.as_deref(), Some("the a"));
    // The copy shares the sequence: a nextval default, not serial.
    assert_eq!(copy.column("id").unwrap().identity, None);
    assert_eq!(
        copy.column("id").unwrap().default.as_deref(),
        Some(normalize_expr("nextval('src_id_seq'::regclass)").as_str())
    );
    let part = table(&s, "part");
    assert_eq!(part.columns[0].name, "pre");
    assert!(part.checks.is_empty());
}

// ---- ALTER TABLE -------------------------------------------------------------

#[test]
fn add_and_drop_columns() {
    let r = pg("CREATE TABLE t (a int, b int);
                ALTER TABLE t ADD COLUMN c text NOT NULL DEFAULT '', ADD d int;
                ALTER TABLE t ADD COLUMN IF NOT EXISTS c int;
                ALTER TABLE t DROP COLUMN b, DROP COLUMN IF EXISTS nope;
                ALTER TABLE t DROP d CASCADE;
                ALTER TABLE IF EXISTS missing ADD COLUMN x int;
                ALTER TABLE t ADD COLUMN id serial PRIMARY KEY;");
    assert_no_problems(&r);
    let t = table(&r.schema, "t");
    assert_eq!(
        t.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "c", "id"]
    );
    let c = t.column("c").unwrap();
    assert_eq!(
        (c.ty.clone(), c.nullable, c.default.as_deref()),
        (SqlType::Text, false, Some("''"))
    );
    assert_eq!(t.column("id").unwrap().identity, Some(Identity::Serial));
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("t_pkey")
    );
    assert_eq!(
        r.notes().count(),
        3,
        "IF [NOT] EXISTS that did nothing: {:?}",
        r.warnings
    );
}

#[test]
fn rename_column_renames_every_reference_but_no_names() {
    let s = pg_ok(
        "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);
         CREATE TABLE c (pid int REFERENCES p, code text REFERENCES p (code), CHECK (length(code) > 1));
         CREATE INDEX p_code_lower ON p (lower(code)) INCLUDE (id) WHERE code <> '';
         CREATE INDEX ON p (code);
         ALTER TABLE p RENAME COLUMN id TO \"Key\";
         ALTER TABLE p RENAME code TO label;
         ALTER TABLE c RENAME COLUMN code TO p_code;",
    );
    let p = table(&s, "p");
    assert_eq!(p.primary_key.as_ref().unwrap().columns, ["Key"]);
    assert_eq!(
        p.primary_key.as_ref().unwrap().name.as_deref(),
        Some("p_pkey")
    );
    assert_eq!(p.uniques[0].columns, ["label"]);
    assert_eq!(
        p.uniques[0].name.as_deref(),
        Some("p_code_key"),
        "names stay"
    );
    let ix = index(p, "p_code_lower");
    assert_eq!(ix.parts[0].key, IndexKey::Expression("lower(label)".into()));
    assert_eq!(ix.include, ["Key"]);
    assert_eq!(ix.predicate.as_deref(), Some("label <> ''"));
    assert_eq!(
        index(p, "p_code_idx").parts[0].key,
        IndexKey::Column("label".into())
    );
    let c = table(&s, "c");
    let fk = |col: &str| c.foreign_keys.iter().find(|f| f.columns == [col]).unwrap();
    assert_eq!(fk("pid").referenced_columns, ["Key"]);
    assert_eq!(fk("p_code").referenced_columns, ["label"]);
    assert_eq!(fk("p_code").name.as_deref(), Some("c_code_fkey"));
    assert_eq!(c.checks[0].expression, "length(p_code) > 1");
}

#[test]
fn rename_table_keeps_names_and_moves_references() {
    let s = pg_ok(
        "CREATE TABLE a (id int PRIMARY KEY);
         CREATE TABLE b (a_id int REFERENCES a);
         ALTER TABLE a RENAME TO aa;
         ALTER TABLE aa ADD UNIQUE (id);",
    );
    assert!(!s.tables.contains_key(&TableName::new("a")));
    let aa = table(&s, "aa");
    assert_eq!(
        aa.primary_key.as_ref().unwrap().name.as_deref(),
        Some("a_pkey")
    );
    assert_eq!(
        aa.uniques[0].name.as_deref(),
        Some("aa_id_key"),
        "new names use the new table name"
    );
    assert_eq!(
        table(&s, "b").foreign_keys[0].references,
        TableName::new("aa")
    );
}

#[test]
fn alter_column_type_null_and_default() {
    let s = pg_ok(
        "CREATE TYPE mood AS ENUM ('a', 'b');
         CREATE TABLE t (a int, b text, c varchar(10), d text DEFAULT 'x', e serial, f int NOT NULL);
         ALTER TABLE t ALTER COLUMN a TYPE bigint USING a::bigint;
         ALTER TABLE t ALTER b SET DATA TYPE varchar(20);
         ALTER TABLE t ALTER COLUMN c TYPE text COLLATE \"C\" USING c::text;
         ALTER TABLE t ALTER COLUMN b TYPE mood USING b::mood;
         ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN f DROP NOT NULL;
         ALTER TABLE t ALTER COLUMN d DROP DEFAULT, ALTER COLUMN c SET DEFAULT 'y';
         ALTER TABLE t ALTER COLUMN e DROP DEFAULT;",
    );
    let t = table(&s, "t");
    let col = |n: &str| t.column(n).unwrap();
    assert_eq!(col("a").ty, SqlType::BigInt);
    assert_eq!(col("b").ty, SqlType::Named(TableName::new("mood")));
    assert_eq!(col("c").ty, SqlType::Text);
    assert!(!col("a").nullable);
    assert!(col("f").nullable);
    assert_eq!(col("d").default, None);
    assert_eq!(col("c").default.as_deref(), Some("'y'"));
    // Without its nextval default a serial column is a plain integer.
    assert_eq!(col("e").identity, None);
}

#[test]
fn alter_identity_forms() {
    let r = pg("CREATE TABLE t (a int NOT NULL, b int NOT NULL, c int GENERATED ALWAYS AS IDENTITY);
                ALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_a_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1);
                ALTER TABLE t ALTER COLUMN b ADD GENERATED BY DEFAULT AS IDENTITY;
                ALTER TABLE t ALTER COLUMN a SET GENERATED BY DEFAULT;
                ALTER TABLE t ALTER COLUMN c DROP IDENTITY IF EXISTS;
                ALTER TABLE t ALTER COLUMN b SET INCREMENT BY 2, ALTER COLUMN b RESTART WITH 100;");
    assert_no_problems(&r);
    let t = table(&r.schema, "t");
    assert_eq!(t.column("a").unwrap().identity, Some(Identity::ByDefault));
    assert_eq!(t.column("b").unwrap().identity, Some(Identity::ByDefault));
    assert_eq!(t.column("c").unwrap().identity, None);
}

#[test]
fn add_drop_and_validate_constraints() {
    let r = pg("CREATE TABLE p (id int PRIMARY KEY, code text);
                CREATE TABLE t (id int, p_id int, code text);
                ALTER TABLE t ADD PRIMARY KEY (id);
                ALTER TABLE t ADD CONSTRAINT t_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE RESTRICT NOT VALID;
                ALTER TABLE t VALIDATE CONSTRAINT t_p;
                ALTER TABLE t ADD CHECK (length(code) < 10) NOT VALID, ADD UNIQUE (code);
                ALTER TABLE p ADD CONSTRAINT p_code_uq UNIQUE (code);
                ALTER TABLE t ADD FOREIGN KEY (code) REFERENCES p (code);
                ALTER TABLE t DROP CONSTRAINT IF EXISTS nope;
                ALTER TABLE t DROP CONSTRAINT t_code_check;
                ALTER TABLE p DROP CONSTRAINT p_code_uq CASCADE;
                ALTER TABLE t RENAME CONSTRAINT t_p TO t_p_fk;");
    assert_no_problems(&r);
    let t = table(&r.schema, "t");
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("t_pkey")
    );
    assert!(!t.column("id").unwrap().nullable);
    assert_eq!(
        names(&t.foreign_keys, |f| f.name.as_ref()),
        ["t_p_fk"],
        "the code fk went with p_code_uq"
    );
    assert_eq!(t.foreign_keys[0].on_delete, FkAction::Restrict);
    assert!(t.checks.is_empty());
    assert_eq!(names(&t.uniques, |u| u.name.as_ref()), ["t_code_key"]);
    assert!(table(&r.schema, "p").uniques.is_empty());
}

#[test]
fn constraint_using_index() {
    let s = pg_ok(
        "CREATE TABLE t (id int NOT NULL, email text);
         CREATE UNIQUE INDEX CONCURRENTLY t_id_idx ON t (id);
         CREATE UNIQUE INDEX CONCURRENTLY t_email_idx ON t (email);
         ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_idx;
         ALTER TABLE t ADD UNIQUE USING INDEX t_email_idx;",
    );
    let t = table(&s, "t");
    assert!(t.indexes.is_empty());
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("t_pkey")
    );
    assert_eq!(t.uniques[0].name.as_deref(), Some("t_email_idx"));
}

#[test]
fn alter_table_actions_run_in_postgres_pass_order() {
    // The unique constraint names a column added later in the list: the
    // server adds columns before constraints.
    let s = pg_ok(
        "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT u UNIQUE (b), ADD COLUMN b int, DROP COLUMN a;",
    );
    let t = table(&s, "t");
    assert_eq!(t.columns.len(), 1);
    assert_eq!(t.uniques[0].columns, ["b"]);
}

#[test]
fn drop_column_drops_what_depends_on_it() {
    let s = pg_ok(
        "CREATE TABLE p (id int, code text, other int, PRIMARY KEY (id, code), UNIQUE (code), CHECK (length(code) > 0), CHECK (other > 0));
         CREATE TABLE c (pid int, pcode text, FOREIGN KEY (pid, pcode) REFERENCES p);
         CREATE INDEX ON p (other);
         CREATE INDEX ON p (lower(code));
         CREATE INDEX ON p (other) WHERE code IS NOT NULL;
         CREATE INDEX ON p (other) INCLUDE (code);
         ALTER TABLE p DROP COLUMN code CASCADE;",
    );
    let p = table(&s, "p");
    assert!(p.primary_key.is_none());
    assert!(p.uniques.is_empty());
    assert_eq!(p.checks.len(), 1);
    assert_eq!(names(&p.indexes, |i| Some(&i.name)), ["p_other_idx"]);
    assert!(table(&s, "c").foreign_keys.is_empty());
}

#[test]
fn drop_table_forms() {
    let r = pg("CREATE TABLE a (id int PRIMARY KEY);
                CREATE TABLE b (a_id int REFERENCES a);
                CREATE TABLE c (x int);
                DROP TABLE a CASCADE;
                DROP TABLE IF EXISTS c, nope;
                DROP TABLE nope2;");
    assert_eq!(
        r.schema
            .tables
            .keys()
            .map(|k| k.name.as_str())
            .collect::<Vec<_>>(),
        ["b"]
    );
    assert!(
        table(&r.schema, "b").foreign_keys.is_empty(),
        "CASCADE dropped the fk"
    );
    let p = problems(&r);
    assert_eq!(p.len(), 1);
    assert!(p[0].contains("nope2"), "{p:?}");
}

// ---- indexes -----------------------------------------------------------------

#[test]
fn create_index_forms() {
    let s = pg_ok(
        "CREATE TABLE t (a int, b text, c jsonb, d timestamp);
         CREATE INDEX ON t (a);
         CREATE INDEX ON t (a, b);
         CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_b_uq ON t (lower(b));
         CREATE UNIQUE INDEX IF NOT EXISTS t_b_uq ON t (b);
         CREATE INDEX t_c_gin ON t USING gin (c jsonb_path_ops);
         CREATE INDEX t_d ON t USING btree (d DESC NULLS LAST, a ASC NULLS FIRST, b DESC);
         CREATE INDEX ON t ((a + 1));
         CREATE INDEX ON t (lower(b), (d::date));
         CREATE INDEX t_part ON t (a) INCLUDE (b) WHERE a > 0 AND b IS NOT NULL;
         CREATE INDEX ON ONLY t (b text_pattern_ops);
         CREATE INDEX \"T_Mixed\" ON public.t (a);
         CREATE INDEX ON t (a, a);
         CREATE INDEX ON t ((b::text));
         CREATE INDEX ON t ((a + 1), (a - 1));",
    );
    let t = table(&s, "t");
    let mut all = names(&t.indexes, |i| Some(&i.name));
    all.sort();
    assert_eq!(
        all,
        [
            "T_Mixed",
            "t_a_a1_idx",
            "t_a_b_idx",
            "t_a_idx",
            "t_b_idx",
            "t_b_idx1",
            "t_b_uq",
            "t_c_gin",
            "t_d",
            "t_expr_expr1_idx",
            "t_expr_idx",
            "t_lower_d_idx",
            "t_part"
        ]
    );
    assert_eq!(
        index(t, "t_b_idx1").parts[0].key,
        IndexKey::Column("b".into()),
        "a cast to its own type is the column"
    );
    let uq = index(t, "t_b_uq");
    assert!(uq.unique);
    assert_eq!(
        uq.parts,
        [IndexPart {
            key: IndexKey::Expression("lower(b)".into()),
            descending: false,
            nulls_first: None,
            opclass: None
        }]
    );
    let gin = index(t, "t_c_gin");
    assert_eq!(gin.method.as_deref(), Some("gin"));
    assert_eq!(gin.parts[0].opclass.as_deref(), Some("jsonb_path_ops"));
    let d = index(t, "t_d");
    assert_eq!(d.method, None, "btree is the default");
    // DESC defaults to NULLS FIRST, ASC to NULLS LAST: only the other is kept.
    assert_eq!(
        (d.parts[0].descending, d.parts[0].nulls_first),
        (true, Some(false))
    );
    assert_eq!(
        (d.parts[1].descending, d.parts[1].nulls_first),
        (false, Some(true))
    );
    assert_eq!(
        (d.parts[2].descending, d.parts[2].nulls_first),
        (true, None)
    );
    assert_eq!(
        index(t, "t_expr_idx").parts[0].key,
        IndexKey::Expression("a + 1".into())
    );
    let part = index(t, "t_part");
    assert_eq!(part.include, ["b"]);
    assert_eq!(
        part.predicate.as_deref(),
        Some(normalize_expr("a > 0 AND b IS NOT NULL").as_str())
    );
    assert_eq!(
        index(t, "t_b_idx").parts[0].opclass.as_deref(),
        Some("text_pattern_ops")
    );
}

#[test]
fn storage_clauses_do_not_hide_the_schema() {
    let s = pg_ok(
        "CREATE TABLE t (a int, b int, CONSTRAINT t_pk PRIMARY KEY (a) USING INDEX TABLESPACE pg_default) WITH (fillfactor = 70) TABLESPACE pg_default;
         CREATE UNIQUE INDEX t_b ON t (b) WITH (fillfactor = 90) TABLESPACE pg_default;
         ALTER TABLE t ADD CONSTRAINT t_b_key UNIQUE (b) USING INDEX TABLESPACE pg_default, SET TABLESPACE pg_default;
         ALTER TABLE t SET (autovacuum_enabled = false), REPLICA IDENTITY FULL;
         ALTER TABLE t CLUSTER ON t_b;",
    );
    let t = table(&s, "t");
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("t_pk")
    );
    assert_eq!(names(&t.indexes, |i| Some(&i.name)), ["t_b"]);
    assert_eq!(names(&t.uniques, |u| u.name.as_ref()), ["t_b_key"]);
}

#[test]
fn drop_and_rename_indexes() {
    let r = pg("CREATE TABLE t (a int PRIMARY KEY, b int);
                CREATE INDEX i1 ON t (b);
                CREATE INDEX i2 ON t (b);
                CREATE INDEX i3 ON t (b);
                DROP INDEX i1;
                DROP INDEX CONCURRENTLY IF EXISTS i2;
                DROP INDEX CONCURRENTLY IF EXISTS gone;
                DROP INDEX IF EXISTS public.gone, i3 CASCADE;
                CREATE INDEX i4 ON t (b);
                ALTER INDEX i4 RENAME TO i5;
                ALTER INDEX IF EXISTS i5 RENAME TO i6;
                ALTER INDEX IF EXISTS gone RENAME TO x;
                ALTER INDEX t_pkey RENAME TO t_primary;
                ALTER INDEX i6 SET (fillfactor = 70);");
    assert_no_problems(&r);
    let t = table(&r.schema, "t");
    assert_eq!(names(&t.indexes, |i| Some(&i.name)), ["i6"]);
    assert_eq!(
        t.primary_key.as_ref().unwrap().name.as_deref(),
        Some("t_primary"),
        "renaming a key's index renames the key"
    );
    let r = pg("CREATE TABLE t (a int PRIMARY KEY); DROP INDEX t_pkey;");
    assert_eq!(
        problems(&r).len(),
        1,
        "the server refuses to drop a key's index"
    );
}

// ---- enums, comments, schemas --------------------------------------------------

#[test]
fn enum_types() {
    let r = pg("CREATE TYPE mood AS ENUM ('sad', 'ok');
                CREATE TYPE app.state AS ENUM ();
                CREATE TABLE t (m mood NOT NULL DEFAULT 'ok', ms mood[], s app.state);
                ALTER TYPE mood ADD VALUE 'happy';
                ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
                ALTER TYPE mood ADD VALUE IF NOT EXISTS 'glad' AFTER 'sad';
                ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';
                ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';
                ALTER TYPE mood RENAME TO feeling;
                ALTER TYPE feeling SET SCHEMA app;
                ALTER TYPE app.feeling OWNER TO bob;
                CREATE TYPE pair AS (a int, b int);
                DROP TYPE app.state CASCADE;
                DROP TYPE IF EXISTS pair;");
    assert_no_problems(&r);
    let key = TableName::qualified(Some("app"), "feeling");
    assert_eq!(
        r.schema.enums[&key].values,
        ["sad", "glad", "meh", "fine", "happy"]
    );
    assert_eq!(r.schema.enums.len(), 1);
    let t = table(&r.schema, "t");
    assert_eq!(t.column("m").unwrap().ty, SqlType::Named(key.clone()));
    assert_eq!(
        t.column("m").unwrap().default.as_deref(),
        Some("'fine'"),
        "a renamed label renames defaults"
    );
    assert_eq!(
        t.column("ms").unwrap().ty,
        SqlType::Array(Box::new(SqlType::Named(key)))
    );
    assert!(
        t.column("s").is_none(),
        "DROP TYPE … CASCADE drops the column"
    );
}

#[test]
fn comments_in_every_quoting() {
    let r = pg("CREATE TABLE t (a int, b int, c int);
                COMMENT ON TABLE t IS 'It''s a table';
                COMMENT ON COLUMN t.a IS $$dollar 'quoted'$$;
                COMMENT ON COLUMN public.t.b IS E'line\\nbreak';
                COMMENT ON COLUMN t.c IS 'x';
                COMMENT ON COLUMN t.c IS NULL;
                COMMENT ON CONSTRAINT t_pkey ON t IS 'not modelled';
                COMMENT ON INDEX whatever IS 'not modelled';");
    assert_no_problems(&r);
    let t = table(&r.schema, "t");
    assert_eq!(t.comment.as_deref(), Some("It's a table"));
    assert_eq!(
        t.column("a").unwrap().comment.as_deref(),
        Some("dollar 'quoted'")
    );
    assert_eq!(
        t.column("b").unwrap().comment.as_deref(),
        Some("line\nbreak")
    );
    assert_eq!(t.column("c").unwrap().comment, None);
    assert_eq!(r.notes().count(), 2);
    let r = pg("CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x'; COMMENT ON TABLE t IS '';");
    assert_eq!(
        table(&r.schema, "t").comment,
        None,
        "an empty comment removes it"
    );
}

#[test]
fn schemas_and_search_path() {
    let s = pg_ok(
        "CREATE TABLE t (id int PRIMARY KEY);
         CREATE TABLE r (t_id int REFERENCES t);
         ALTER TABLE t SET SCHEMA archive;
         SET search_path TO app, public;
         CREATE TABLE u (a int);
         ALTER TABLE r ADD COLUMN x int;
         SET search_path = DEFAULT;
         CREATE TABLE v (a int);
         CREATE SCHEMA old;
         CREATE TABLE old.w (a int);
         ALTER SCHEMA old RENAME TO older;
         CREATE TABLE gone.x (a int);
         DROP SCHEMA gone CASCADE;",
    );
    table(&s, "archive.t");
    assert_eq!(
        table(&s, "r").foreign_keys[0].references,
        TableName::qualified(Some("archive"), "t")
    );
    table(&s, "app.u");
    assert!(
        table(&s, "r").column("x").is_some(),
        "found through the search path"
    );
    table(&s, "v");
    table(&s, "older.w");
    assert_eq!(s.tables.len(), 5);
}

// ---- SQLite ------------------------------------------------------------------------

#[test]
fn sqlite_create_table() {
    let s = lite_ok(
        "CREATE TABLE Users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            Name TEXT NOT NULL UNIQUE ON CONFLICT REPLACE,
            email VARCHAR(30) COLLATE NOCASE,
            created DATETIME DEFAULT CURRENT_TIMESTAMP,
            big UNSIGNED BIG INT,
            CONSTRAINT name_len CHECK (length(Name) > 0),
            CHECK (email LIKE '%@%'),
            CONSTRAINT uq UNIQUE (email, Name)
        );
        CREATE TABLE strict (k TEXT PRIMARY KEY, v INTEGER NOT NULL, n ANY) STRICT, WITHOUT ROWID;
        CREATE TABLE plain (id INTEGER PRIMARY KEY, x, CONSTRAINT pk2 UNIQUE (x));
        CREATE TABLE child (id INTEGER, pid INTEGER REFERENCES users, CONSTRAINT pk PRIMARY KEY (id AUTOINCREMENT));",
    );
    let u = table(&s, "Users");
    let id = u.column("id").unwrap();
    assert_eq!(
        (id.ty.clone(), id.identity),
        (SqlType::Integer, Some(Identity::Autoincrement))
    );
    assert_eq!(
        u.primary_key.as_ref().unwrap().name,
        None,
        "SQLite keeps no constraint names"
    );
    assert!(u.uniques.iter().all(|u| u.name.is_none()));
    assert_eq!(u.uniques.len(), 2);
    assert_eq!(u.column("email").unwrap().ty, SqlType::Varchar(Some(30)));
    assert_eq!(
        u.column("created").unwrap().default.as_deref(),
        Some("current_timestamp")
    );
    assert_eq!(
        u.column("big").unwrap().ty,
        SqlType::Other("unsigned big int".into())
    );
    let mut checks: Vec<Option<&str>> = u.checks.iter().map(|c| c.name.as_deref()).collect();
    checks.sort();
    assert_eq!(checks, [None, Some("name_len")]);
    assert!(u.indexes.is_empty());
    let strict = table(&s, "strict");
    assert_eq!(strict.primary_key.as_ref().unwrap().columns, ["k"]);
    assert_eq!(strict.columns.len(), 3);
    let plain = table(&s, "plain");
    assert_eq!(
        plain.column("id").unwrap().identity,
        None,
        "INTEGER PRIMARY KEY alone is no identity"
    );
    assert_eq!(
        plain.column("x").unwrap().ty,
        SqlType::parse("", Dialect::Sqlite)
    );
    let child = table(&s, "child");
    assert_eq!(
        child.column("id").unwrap().identity,
        Some(Identity::Autoincrement)
    );
    // The reference keeps the spelling of the REFERENCES clause; no columns
    // means the primary key.
    assert_eq!(child.foreign_keys[0].references, TableName::new("users"));
    assert_eq!(child.foreign_keys[0].referenced_columns, ["id"]);
    assert_eq!(child.foreign_keys[0].name, None);
}

#[test]
fn sqlite_names_match_without_case() {
    let s = lite_ok(
        "CREATE TABLE Users (Id INTEGER PRIMARY KEY, Name TEXT);
         ALTER TABLE USERS ADD COLUMN Age INTEGER DEFAULT (0);
         ALTER TABLE users RENAME COLUMN name TO FullName;
         CREATE INDEX users_age ON USERS (AGE);
         ALTER TABLE users DROP COLUMN age;",
    );
    let u = table(&s, "Users");
    assert_eq!(
        u.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Id", "FullName"]
    );
    assert!(u.indexes.is_empty(), "the index went with its column");
}

#[test]
fn sqlite_renames_follow_references_in_other_tables() {
    let s = lite_ok(
        "CREATE TABLE Users (Id INTEGER PRIMARY KEY UNIQUE, code TEXT UNIQUE, a UNIQUE, UNIQUE (a));
         CREATE TABLE child (uid INTEGER REFERENCES users (ID), ucode TEXT REFERENCES USERS (code));
         ALTER TABLE users RENAME COLUMN code TO Label;
         ALTER TABLE users RENAME COLUMN id TO Key;
         ALTER TABLE users RENAME TO people;",
    );
    let child = table(&s, "child");
    let refs: Vec<(&str, &[String])> = child
        .foreign_keys
        .iter()
        .map(|f| (f.references.name.as_str(), f.referenced_columns.as_slice()))
        .collect();
    assert!(
        refs.contains(&("people", &["Key".to_string()][..])),
        "{refs:?}"
    );
    assert!(
        refs.contains(&("people", &["Label".to_string()][..])),
        "{refs:?}"
    );
    // An INTEGER PRIMARY KEY is the rowid, with no index of its own: a
    // UNIQUE on it is a constraint of its own. Repeated UNIQUEs are one.
    assert_eq!(table(&s, "people").uniques.len(), 3);
}

#[test]
fn sqlite_table_rebuild_recipe() {
    let s = lite_ok(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
         CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), body TEXT);
         CREATE INDEX posts_user ON posts (user_id);
         PRAGMA foreign_keys = OFF;
         CREATE TABLE _users_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '', email TEXT);
         INSERT INTO _users_new (id, name) SELECT id, coalesce(name, '') FROM users;
         DROP TABLE users;
         ALTER TABLE _users_new RENAME TO users;
         CREATE UNIQUE INDEX users_email ON users (email);
         PRAGMA foreign_key_check;
         PRAGMA foreign_keys = ON;",
    );
    let u = table(&s, "users");
    assert_eq!(u.columns.len(), 3);
    assert!(!u.column("name").unwrap().nullable);
    assert!(index(u, "users_email").unique);
    // The posts → users reference survives the drop, as in SQLite.
    let posts = table(&s, "posts");
    assert_eq!(posts.foreign_keys[0].references, TableName::new("users"));
    assert_eq!(names(&posts.indexes, |i| Some(&i.name)), ["posts_user"]);
    assert_eq!(s.tables.len(), 2);
}

#[test]
fn sqlite_pass_overs_and_comment_warning() {
    let r = lite(
        "CREATE TABLE t (a INTEGER);
         PRAGMA journal_mode = WAL;
         CREATE TRIGGER IF NOT EXISTS tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END;
         CREATE VIEW v AS SELECT * FROM t;
         COMMENT ON TABLE t IS 'x';
         CREATE VIRTUAL TABLE f USING fts5(a, b, tokenize = 'porter');",
    );
    assert_eq!(r.notes().count(), 3);
    assert_eq!(
        problems(&r).len(),
        2,
        "COMMENT ON and a virtual table: {:?}",
        problems(&r)
    );
}

// ---- what is skipped, warned, and how ------------------------------------------------

#[test]
fn statements_without_schema_effect_are_notes() {
    let sql = "INSERT INTO t VALUES (1);
UPDATE t SET a = 2;
DELETE FROM t;
SELECT pg_catalog.set_config('search_path', '', false);
WITH x AS (SELECT 1) SELECT * FROM x;
DO $$ BEGIN RAISE NOTICE 'hi'; END $$;
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN CREATE TEMP TABLE x (); RETURN NEW; END $$;
CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE OR REPLACE VIEW v AS SELECT a FROM t WITH CHECK OPTION;
CREATE MATERIALIZED VIEW mv AS SELECT a FROM t;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv;
DROP VIEW IF EXISTS v;
DROP MATERIALIZED VIEW mv;
DROP FUNCTION IF EXISTS f();
DROP TRIGGER tr ON t;
GRANT SELECT ON t TO bob;
REVOKE ALL ON t FROM bob;
ALTER TABLE t OWNER TO bob;
ALTER TYPE mood OWNER TO bob;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO bob;
CLUSTER t USING t_pkey;
REINDEX TABLE t;
SET statement_timeout = 0;
RESET lock_timeout;
ANALYZE t;
VACUUM (ANALYZE) t;
BEGIN;
COMMIT;
CREATE SEQUENCE s START WITH 1 INCREMENT BY 1;
ALTER SEQUENCE s RESTART WITH 10;
DROP SEQUENCE s;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE POLICY p ON t USING (true);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
COPY t FROM STDIN;
";
    let r = pg(&format!(
        "CREATE TABLE t (a int PRIMARY KEY); CREATE TYPE mood AS ENUM ('a');\n{sql}"
    ));
    assert_no_problems(&r);
    let statements = sql.lines().count();
    assert_eq!(
        r.notes().count(),
        statements,
        "{:#?}",
        r.notes().collect::<Vec<_>>()
    );
    assert_eq!(table(&r.schema, "t").columns.len(), 1);
    for (i, n) in r.notes().enumerate() {
        assert_eq!(n.line, 12 + i, "{n}");
        assert!(
            n.to_string()
                .starts_with(&format!("migrations/0001_x.sql:{}: note: ", 12 + i)),
            "{n}"
        );
    }
}

#[test]
fn schema_statements_not_understood_are_warnings_with_file_and_line() {
    let r = pg("CREATE TABLE t (a int);
CREATE TABLE copy AS SELECT * FROM t;
CREATE FOOBAR thing;
DO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN b int'; END $$;
ALTER TABLE t ALTER COLUMN a SET COMPRESSION lz4, ADD COLUMN c int, FROBNICATE;
ALTER TABLE missing ADD COLUMN x int;
CREATE TABLE part PARTITION OF t FOR VALUES IN (1);
DROP DOMAIN d CASCADE;");
    let p = problems(&r);
    assert_eq!(p.len(), 7, "{p:#?}");
    for (w, line) in p.iter().zip([12, 13, 14, 15, 16, 17, 18]) {
        assert!(
            w.starts_with(&format!("migrations/0001_x.sql:{line}: ")),
            "{w}"
        );
    }
    assert!(p[0].contains("AS"), "{}", p[0]);
    assert!(p[2].contains("DO block"), "{}", p[2]);
    assert!(p[3].contains("FROBNICATE"), "{}", p[3]);
    // The understood actions of that ALTER TABLE still happened.
    assert!(table(&r.schema, "t").column("c").is_some());
}

#[test]
fn warnings_for_what_the_server_would_refuse_or_replay_cannot_see() {
    let r = pg("CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (a_id int REFERENCES a);
DROP TABLE a;
CREATE SCHEMA s CREATE TABLE s.t (x int);
\\connect other
CREATE TABLE c (x int);");
    let p = problems(&r);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(
        p[0].starts_with("migrations/0001_x.sql:13: DROP TABLE a"),
        "{}",
        p[0]
    );
    assert!(
        p[1].starts_with("migrations/0001_x.sql:14: CREATE SCHEMA"),
        "{}",
        p[1]
    );
    assert!(
        p[2].starts_with("migrations/0001_x.sql:15: `\\connect other` is a psql meta-command"),
        "{}",
        p[2]
    );
    assert!(
        r.schema.tables.contains_key(&TableName::new("c")),
        "the statement after the meta-command is replayed"
    );
}

#[test]
fn a_bad_statement_does_not_stop_the_rest() {
    let r = pg("CREATE TABLE a (x int);
CREATE TABLE b (x int,, y);
CREATE TABLE c (x int);
ALTER TABLE a ADD COLUMN y int;");
    assert_eq!(r.schema.tables.len(), 2);
    assert!(table(&r.schema, "a").column("y").is_some());
    let p = problems(&r);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("migrations/0001_x.sql:12: cannot parse"),
        "{}",
        p[0]
    );
}

#[test]
fn unreadable_text_is_a_warning_and_what_precedes_it_is_replayed() {
    let r = pg("CREATE TABLE a (x int);\nCREATE TABLE b (x text DEFAULT 'oops);\n");
    assert_eq!(r.schema.tables.len(), 1);
    assert_eq!(problems(&r).len(), 1);
}

#[test]
fn expressions_come_out_as_normalize_expr_reads_the_catalog() {
    // Left: as written in DDL; right: as PostgreSQL's catalog prints it
    // back. Replay of the left must equal normalize_expr of the right.
    let cases = [
        (
            "status IN ('a', 'b')",
            "(status = ANY (ARRAY['a'::text, 'b'::text]))",
        ),
        ("x NOT IN (1, 2)", "(x <> ALL (ARRAY[1, 2]))"),
        ("x IN (1)", "(x = 1)"),
        (
            "length(name) BETWEEN 1 AND 50",
            "((length(name) >= 1) AND (length(name) <= 50))",
        ),
        ("name LIKE 'a%'", "(name ~~ 'a%'::text)"),
        ("name NOT ILIKE 'a%'", "(name !~~* 'a%'::text)"),
        (
            "a > 0 AND b > 0 AND (c > 0 OR d IS NULL)",
            "((a > 0) AND (b > 0) AND ((c > 0) OR (d IS NULL)))",
        ),
        ("x > -1", "(x > '-1'::integer)"),
        ("price > 0", "(price > (0)::numeric)"),
        ("\"Mixed\" <> ''", "(\"Mixed\" <> ''::text)"),
        ("\"name\" <> ''", "(name <> ''::text)"),
        (
            "data->>'k' IS NOT NULL",
            "((data ->> 'k'::text) IS NOT NULL)",
        ),
        ("a != b", "(a <> b)"),
        ("NOT (a > 0)", "(NOT (a > 0))"),
        (
            "CASE WHEN a > 0 THEN 1 END = 1",
            "(CASE WHEN (a > 0) THEN 1 ELSE NULL::integer END = 1)",
        ),
        (
            "created::date > '2020-01-01'",
            "((created)::date > '2020-01-01'::date)",
        ),
        ("char_length(code) = 3", "(char_length(code) = 3)"),
    ];
    let mut sql = String::from(
        "CREATE TABLE t (status text, x int, name text, a int, b int, c int, d int, price numeric, \"Mixed\" text, data jsonb, created timestamp, code text);\n",
    );
    for (i, (written, _)) in cases.iter().enumerate() {
        sql.push_str(&format!(
            "ALTER TABLE t ADD CONSTRAINT c{i} CHECK ({written});\n"
        ));
    }
    let s = pg_ok(&sql);
    let t = table(&s, "t");
    for (i, (written, catalog)) in cases.iter().enumerate() {
        assert_eq!(
            check(t, &format!("c{i}")),
            normalize_expr(catalog),
            "{written}"
        );
    }
}

// ---- the same database spelled twice -----------------------------------------------

/// The two schemas, as JSON when they differ (readable in a failure).
fn assert_same_schema(a: &Schema, b: &Schema) {
    if a != b {
        let a = serde_json::to_string_pretty(a).unwrap();
        let b = serde_json::to_string_pretty(b).unwrap();
        let first = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let context = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(15))
                .take(30)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "schemas differ from line {first}:\n--- source\n{}\n--- dump\n{}",
            context(&a),
            context(&b)
        );
    }
}

#[test]
fn pg_dump_of_the_database_replays_to_the_same_schema() {
    // pg_dump spells everything differently: qualified names, serials as
    // sequences owned by columns, identity options, keys added afterwards
    // with ALTER TABLE ONLY, casts on every literal, OWNER TO everywhere.
    let source = pg(include_str!("replay/pg_source.sql"));
    assert_no_problems(&source);
    let dump = pg(include_str!("replay/pg_dump.sql"));
    let p = problems(&dump);
    assert_eq!(p.len(), 2, "only pg_dump's psql meta-commands: {p:#?}");
    assert!(p.iter().all(|w| w.contains("psql meta-command")), "{p:#?}");
    assert_same_schema(&source.schema, &dump.schema);
    assert_eq!(source.schema.tables.len(), 26);
}

#[test]
fn sqlite_schema_of_the_database_replays_to_the_same_schema() {
    // `.schema` shows the table SQL as SQLite rewrote it through RENAME
    // COLUMN, ADD COLUMN, DROP COLUMN and the rebuild recipe.
    let source = lite(include_str!("replay/sqlite_source.sql"));
    assert_no_problems(&source);
    let schema = lite(include_str!("replay/sqlite_schema.sql"));
    let p = problems(&schema);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].contains("sqlite_sequence"), "{}", p[0]);
    assert_same_schema(&source.schema, &schema.schema);
    assert_eq!(source.schema.tables.len(), 3);
}

// ---- whole graphs ------------------------------------------------------------------

fn revision(i: usize, parent: Option<usize>, up: &str, down: &str) -> Migration {
    let text = format!(
        "-- revision: {:012x}\n-- revises: {}\n-- message: r{i}\n\n-- migrate:up\n{up}\n\n-- migrate:down\n{down}\n",
        i + 1,
        parent.map_or("base".to_string(), |p| format!("{:012x}", p + 1)),
    );
    Migration::parse(PathBuf::from(format!("migrations/{i:04}.sql")), &text)
        .expect("a valid revision")
}

#[test]
fn replay_graph_heads_and_down_sections() {
    let g = Graph::new(vec![
        revision(
            0,
            None,
            "CREATE TABLE a (id int PRIMARY KEY);",
            "DROP TABLE a;",
        ),
        revision(
            1,
            Some(0),
            "ALTER TABLE a ADD COLUMN name text;\nBROKEN;",
            "ALTER TABLE a DROP COLUMN name;",
        ),
        revision(
            2,
            Some(1),
            "CREATE INDEX ON a (name);",
            "DROP INDEX a_name_idx;",
        ),
    ])
    .unwrap();
    let r = replay_heads(&g, Dialect::Postgres);
    let a = table(&r.schema, "a");
    assert!(a.column("name").is_some());
    assert_eq!(names(&a.indexes, |i| Some(&i.name)), ["a_name_idx"]);
    let p: Vec<&Warning> = r.problems().collect();
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].path.as_path(), p[0].line),
        (Path::new("migrations/0001.sql"), 7)
    );

    // Down one step at a time returns to each earlier schema.
    let mut s = r.schema.clone();
    let mut w = Vec::new();
    for rev in (0..3).rev() {
        apply_down(&mut s, &g, rev, Dialect::Postgres, &mut w);
        let expected = replay_to(&g, &(0..rev).collect::<Vec<_>>(), Dialect::Postgres).schema;
        assert_eq!(s, expected, "after reverting revision {rev}");
    }
    assert!(w.iter().all(|w| w.is_note()), "{w:?}");
}

/// Benchmark-style (not timed by the test): 1,000 revisions in a chain.
/// The figure goes in the closing note; target under 100 ms in release.
#[test]
fn replays_a_chain_of_1000_revisions() {
    let revisions: Vec<Migration> = (0..1000)
        .map(|i| {
            let up = match i % 4 {
                0 => format!(
                    "CREATE TABLE t{i} (\n  id bigserial PRIMARY KEY,\n  name varchar(100) NOT NULL,\n  email text UNIQUE,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  CHECK (length(name) > 0)\n);\nCREATE INDEX ON t{i} (name);"
                ),
                1 => format!(
                    "ALTER TABLE t{p} ADD COLUMN status text NOT NULL DEFAULT 'new';\nALTER TABLE t{p} ADD CONSTRAINT t{p}_status CHECK (status IN ('new', 'done'));",
                    p = i - 1
                ),
                2 => format!(
                    "CREATE TABLE c{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id bigint NOT NULL REFERENCES t{p} (id) ON DELETE CASCADE, note text);\nCOMMENT ON TABLE c{i} IS 'children';\nINSERT INTO c{i} (parent_id) SELECT id FROM t{p};",
                    p = i - 2
                ),
                _ => format!(
                    "ALTER TABLE t{p} RENAME COLUMN email TO contact;\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t{p}_lower ON t{p} (lower(contact)) WHERE contact IS NOT NULL;",
                    p = i - 3
                ),
            };
            revision(i, i.checked_sub(1), &up, "SELECT 1;")
        })
        .collect();
    let g = Graph::new(revisions).unwrap();
    let start = Instant::now();
    let r = replay_heads(&g, Dialect::Postgres);
    let elapsed = start.elapsed();
    #[expect(
        clippy::print_stderr,
        reason = "the benchmark figure is the point of this test"
    )]
    {
        eprintln!("replayed 1000 revisions in {elapsed:?}");
    }
    assert_no_problems(&r);
    assert_eq!(r.schema.tables.len(), 500);
    let t = table(&r.schema, "t996");
    assert!(t.column("contact").is_some() && t.column("status").is_some());
    assert_eq!(t.checks.len(), 2);
}
