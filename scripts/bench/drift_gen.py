#!/usr/bin/env python3
"""Generates the crates of scripts/bench-drift.sh: 100 models over 1,000
revisions, twice (the drift check on, and off).

    drift_gen.py OUT_DIR WORKSPACE_ROOT [TABLES] [REVISIONS]

OUT_DIR/on:  build.rs with schema_core::build::track(), the derive checks.
OUT_DIR/off: no build script; built with CARGO_SCHEMA_CHECK=off.

The first TABLES revisions create one table each; the rest cycle over the
tables with the changes a real history has (add a column, widen a type,
rename a column, add a NOT NULL column with a default, add an index, ...),
so replay has real work and the models (written from the simulated final
schema) match the head exactly.
"""

import os
import sys

out, workspace = sys.argv[1], sys.argv[2]
tables = int(sys.argv[3]) if len(sys.argv) > 3 else 100
revisions = int(sys.argv[4]) if len(sys.argv) > 4 else 1000

# Rust types of the SQL types used, and whether they need sql_type.
RUST = {
    "BIGINT": ("i64", None),
    "INTEGER": ("i32", None),
    "TEXT": ("String", None),
    "VARCHAR(50)": ("String", "varchar(50)"),
    "VARCHAR(100)": ("String", "varchar(100)"),
    "TIMESTAMP": ("PrimitiveDateTime", None),
    "DOUBLE PRECISION": ("f64", None),
    "BOOLEAN": ("bool", None),
}

# Per table: ordered columns [name, type, nullable, default].
schema = {}
revs = []  # (up, down)


def table_name(i):
    return f"t{i:03}"


def create(i):
    t = table_name(i)
    schema[t] = [
        ["id", "BIGINT", False, None],
        ["name", "VARCHAR(50)", False, None],
        ["created_at", "TIMESTAMP", False, None],
        ["note", "TEXT", True, None],
    ]
    up = (
        f"CREATE TABLE {t} (\n    id BIGINT PRIMARY KEY,\n    name VARCHAR(50) NOT NULL,\n"
        f"    created_at TIMESTAMP NOT NULL,\n    note TEXT\n);\n"
        f"CREATE INDEX ix_{t}_created_at ON {t} (created_at);"
    )
    return up, f"DROP TABLE {t};"


def col(t, name):
    return next(c for c in schema[t] if c[0] == name)


# The changes, in order, each table going through them in turn.
def change(step, t):
    k = step
    if k == 0:
        schema[t].append(["score", "INTEGER", True, None])
        return f"ALTER TABLE {t} ADD COLUMN score INTEGER;", f"ALTER TABLE {t} DROP COLUMN score;"
    if k == 1:
        col(t, "score")[1] = "BIGINT"
        return (
            f"ALTER TABLE {t} ALTER COLUMN score TYPE BIGINT;",
            f"ALTER TABLE {t} ALTER COLUMN score TYPE INTEGER;",
        )
    if k == 2:
        col(t, "note")[0] = "remark"
        return (
            f"ALTER TABLE {t} RENAME COLUMN note TO remark;",
            f"ALTER TABLE {t} RENAME COLUMN remark TO note;",
        )
    if k == 3:
        schema[t].append(["active", "BOOLEAN", False, "TRUE"])
        return (
            f"ALTER TABLE {t} ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;",
            f"ALTER TABLE {t} DROP COLUMN active;",
        )
    if k == 4:
        return (
            f"CREATE INDEX ix_{t}_name ON {t} (name);",
            f"DROP INDEX ix_{t}_name;",
        )
    if k == 5:
        schema[t].append(["weight", "DOUBLE PRECISION", True, None])
        return (
            f"ALTER TABLE {t} ADD COLUMN weight DOUBLE PRECISION;",
            f"ALTER TABLE {t} DROP COLUMN weight;",
        )
    if k == 6:
        col(t, "name")[1] = "VARCHAR(100)"
        return (
            f"ALTER TABLE {t} ALTER COLUMN name TYPE VARCHAR(100);",
            f"ALTER TABLE {t} ALTER COLUMN name TYPE VARCHAR(50);",
        )
    if k == 7:
        schema[t].append(["label", "TEXT", True, None])
        return f"ALTER TABLE {t} ADD COLUMN label TEXT;", f"ALTER TABLE {t} DROP COLUMN label;"
    # Later rounds: a column that comes and goes, so the history keeps
    # changing the schema without growing it.
    n = len(revs)
    return (
        f"ALTER TABLE {t} ADD COLUMN tmp{n} INTEGER;\nALTER TABLE {t} DROP COLUMN tmp{n};",
        "",
    )


for i in range(min(tables, revisions)):
    revs.append(create(i))
step = 0
while len(revs) < revisions:
    for i in range(tables):
        if len(revs) >= revisions:
            break
        revs.append(change(min(step, 8), table_name(i)))
    step += 1


def rev_id(n):
    return f"{n + 1:012x}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def model(t):
    lines = ["#[derive(Model)]", f'#[schema(table = "{t}")]', f"pub struct {t.upper()} {{"]
    for name, ty, nullable, default in schema[t]:
        rust, sql_type = RUST[ty]
        attrs = []
        if name == "id":
            attrs.append("primary_key")
        if sql_type:
            attrs.append(f'sql_type = "{sql_type}"')
        if default:
            attrs.append(f"default = {default.lower()}")
        if attrs:
            lines.append(f"    #[schema({', '.join(attrs)})]")
        rust = f"Option<{rust}>" if nullable else rust
        lines.append(f"    pub {name}: {rust},")
    lines.append("}")
    return "\n".join(lines)


for variant in ["on", "off"]:
    root = os.path.join(out, variant)
    build_dep = ""
    if variant == "on":
        build_dep = (
            "[build-dependencies]\n"
            f'schema-core = {{ path = "{workspace}/schema-core", features = ["build"] }}\n'
        )
        write(os.path.join(root, "build.rs"), "fn main() {\n    schema_core::build::track();\n}\n")
    write(
        os.path.join(root, "Cargo.toml"),
        f"""[package]
name = "bench-drift-{variant}"
version = "0.1.0"
edition = "2024"
publish = false

[package.metadata.schema]
migrations = "migrations"
dialect = "postgres"

[dependencies]
schema-core = {{ path = "{workspace}/schema-core" }}
schema-macros = {{ path = "{workspace}/schema-macros" }}

{build_dep}
[workspace]
""",
    )
    for n, (up, down) in enumerate(revs):
        parent = rev_id(n - 1) if n else "base"
        write(
            os.path.join(root, "migrations", f"{rev_id(n)}_rev_{n + 1}.sql"),
            f"-- revision: {rev_id(n)}\n-- revises: {parent}\n-- message: rev {n + 1}\n\n"
            f"-- migrate:up\n{up}\n\n-- migrate:down\n{down}\n",
        )
    body = "\n\n".join(model(t) for t in sorted(schema))
    write(
        os.path.join(root, "src", "lib.rs"),
        "//! Generated by scripts/bench/drift_gen.py.\n"
        "#![allow(non_camel_case_types, clippy::upper_case_acronyms)]\n\n"
        "use schema_macros::Model;\n\n"
        "/// Stands in for `time::PrimitiveDateTime` (types map by name).\n"
        "pub struct PrimitiveDateTime;\n\n" + body + "\n",
    )

print(f"{len(revs)} revisions, {len(schema)} models in {out}/on and {out}/off")
