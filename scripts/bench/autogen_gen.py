#!/usr/bin/env python3
"""Generate the projects scripts/bench-autogen.sh times.

    autogen_gen.py replay N OUTDIR
        OUTDIR/ours/            a standalone package (own [workspace]) with a
                                chain of N revisions (DESIGN.md file format),
                                each a CREATE TABLE with a few columns, a
                                named foreign key to the previous table and an
                                index; every third also an ALTER TABLE ... ADD
                                COLUMN on the table before. src/models/*.rs
                                hold one #[derive(Model)] struct per table,
                                equal to the schema at head, so autogenerate
                                replays everything and finds no changes.
        OUTDIR/one-model/       the same chain (migrations = "../ours/migrations")
                                with one model, of the last table: replay
                                with next to no model parsing or diffing.
        OUTDIR/expected.json    {"revisions": N, "tables": N}

    autogen_gen.py autogen TABLES PER_REV OUTDIR
        OUTDIR/ours/            TABLES tables created by TABLES/PER_REV
                                revisions (foreign keys, indexes, uniques,
                                checks, defaults; an ADD COLUMN per revision),
                                and models for them with five changes: add a
                                column, drop a column, add an index, change a
                                type, add a table.
        OUTDIR/alembic/         alembic.ini (sqlalchemy.url: OUTDIR/old.sqlite,
                                which the caller creates at the migrations'
                                head), env.py, script.py.mako, an empty
                                versions/ and models.py: the same final
                                schema as SQLAlchemy Core tables.
        OUTDIR/expected.json    the five changes, as each tool reports them

The SQL is portable: the same files replay (and apply) on SQLite and
PostgreSQL. Every constraint and index is named, so both tools compare
names, not naming conventions. The SQLAlchemy types are the ones Alembic
reads back from SQLite (REAL for DOUBLE PRECISION, TIMESTAMP), so that
Alembic sees exactly the five changes too.
"""

import json
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone

START = datetime(2026, 11, 1, tzinfo=timezone.utc)


def rev_id(kind, i):
    # 12 hex digits, deterministic, distinct per benchmark kind.
    return "%03x%09x" % (kind, i + 1)


def write_package(out, name, revisions):
    """revisions: list of (message, up_sql, down_sql), a chain from base."""
    mig = os.path.join(out, "migrations")
    os.makedirs(mig)
    os.makedirs(os.path.join(out, "src", "models"))
    with open(os.path.join(out, "Cargo.toml"), "w") as f:
        f.write(
            '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
            "# Not a member of the cargo-schema workspace: a project of its own.\n"
            "# Never compiled by the benchmark; the CLI parses src/ for models.\n"
            "[workspace]\n\n"
            '[package.metadata.schema]\nmigrations = "migrations"\n' % name
        )
    kind = sum(map(ord, name)) % 0xFFF
    parent = None
    for i, (message, up, down) in enumerate(revisions):
        rid = rev_id(kind, i)
        created = (START + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = "\n".join([
            "-- revision: %s" % rid,
            "-- revises: %s" % (parent or "base"),
            "-- message: %s" % message,
            "-- created: %s" % created,
            "",
            "-- migrate:up",
            up.rstrip(),
            "",
            "-- migrate:down",
            down.rstrip(),
            "",
        ])
        slug = "".join(c if c.isalnum() else "_" for c in message.lower())[:40]
        with open(os.path.join(mig, "%s_%s.sql" % (rid, slug)), "w") as f:
            f.write(text)
        parent = rid


def write_models(out, models, per_file=50):
    """models: list of Rust source strings, one struct each."""
    src = os.path.join(out, "src")
    parts = []
    for start in range(0, len(models), per_file):
        part = "part_%03d" % (start // per_file)
        parts.append(part)
        with open(os.path.join(src, "models", part + ".rs"), "w") as f:
            f.write("//! Generated models (never compiled: the CLI reads them with syn).\n\n")
            f.write("\n".join(models[start:start + per_file]))
    with open(os.path.join(src, "models", "mod.rs"), "w") as f:
        f.write("".join("mod %s;\n" % p for p in parts))
    with open(os.path.join(src, "lib.rs"), "w") as f:
        f.write("mod models;\n")


def camel(table):
    return "".join(p.capitalize() for p in table.split("_"))


# ---------------------------------------------------------------- replay


def replay_project(n, out):
    revisions, tables = [], {}  # tables: name -> list of extra columns
    for i in range(n):
        t = "r_%04d" % i
        cols = [
            "  id BIGINT NOT NULL PRIMARY KEY",
            "  name VARCHAR(100) NOT NULL",
            "  qty INTEGER NOT NULL DEFAULT 0",
            "  note TEXT",
        ]
        if i:
            prev = "r_%04d" % (i - 1)
            cols.insert(1, "  prev_id BIGINT")
            cols.append("  CONSTRAINT %s_prev_fkey FOREIGN KEY (prev_id) REFERENCES %s (id) ON DELETE CASCADE"
                        % (t, prev))
        up = "CREATE TABLE %s (\n%s\n);\nCREATE INDEX %s_name_idx ON %s (name);\n" % (
            t, ",\n".join(cols), t, t)
        down = "DROP TABLE %s;\n" % t
        tables[t] = []
        if i and i % 3 == 0:
            prev = "r_%04d" % (i - 1)
            col = "extra_%04d" % i
            up += "ALTER TABLE %s ADD COLUMN %s TEXT;\n" % (prev, col)
            down = "ALTER TABLE %s DROP COLUMN %s;\n" % (prev, col) + down
            tables[prev].append(col)
        revisions.append(("create %s" % t, up, down))
    write_package(out, "bench-autogen-replay-%d" % n, revisions)

    models = []
    for i, (t, extras) in enumerate(tables.items()):
        attrs = ['table = "%s"' % t, 'index(columns("name"), name = "%s_name_idx")' % t]
        fields = ["    #[schema(primary_key)]\n    pub id: i64,"]
        if i:
            attrs.append('foreign_key(columns("prev_id"), references = "r_%04d(id)", on_delete = "cascade", '
                         'name = "%s_prev_fkey")' % (i - 1, t))
            fields.append("    pub prev_id: Option<i64>,")
        fields += [
            '    #[schema(sql_type = "varchar(100)")]\n    pub name: String,',
            "    #[schema(default = 0)]\n    pub qty: i32,",
            "    pub note: Option<String>,",
        ]
        fields += ["    pub %s: Option<String>," % c for c in extras]
        models.append("#[derive(Model)]\n#[schema(%s)]\npub struct %s {\n%s\n}\n" % (
            ", ".join(attrs), camel(t), "\n".join(fields)))
    write_models(out, models)

    # The same chain with one model (the last table): autogenerate compares
    # only modelled tables, so this is replay plus a process around it.
    one = os.path.join(os.path.dirname(out), "one-model")
    os.makedirs(os.path.join(one, "src"))
    with open(os.path.join(one, "Cargo.toml"), "w") as f:
        f.write(
            '[package]\nname = "bench-autogen-replay-%d-one-model"\nversion = "0.0.0"\nedition = "2024"\n'
            "publish = false\n\n[workspace]\n\n"
            '[package.metadata.schema]\nmigrations = "../ours/migrations"\n' % n
        )
    with open(os.path.join(one, "src", "lib.rs"), "w") as f:
        f.write(models[-1])
    return {"revisions": n, "tables": n}


# -------------------------------------------------------------- autogen

# The five changes, on tables spread over the history.
ADD_COLUMN, DROP_COLUMN, ADD_INDEX, CHANGE_TYPE = 123, 234, 345, 456
NEW_TABLE = "tbl_new"


def tname(k):
    return "tbl_%04d" % k


def table_spec(k):
    """The table as the migrations leave it (before the five changes)."""
    t = tname(k)
    return {
        "name": t,
        "parent": tname(k - 1) if k else None,
        "on_delete": "cascade" if k % 2 == 0 else "set null",
        "score": k % 3 == 0,  # a DOUBLE PRECISION column on some tables
        "composite": k % 4 == 0,  # an index on (parent_id, created_at)
        "unique_idx": k % 5 == 0,  # a unique index on (created_at, code)
        "extra": False,  # set when a later revision adds the column
    }


def create_sql(s):
    t = s["name"]
    cols = ["  id BIGINT NOT NULL PRIMARY KEY"]
    if s["parent"]:
        cols.append("  parent_id BIGINT")
    cols += [
        "  name VARCHAR(100) NOT NULL",
        "  code VARCHAR(32) NOT NULL",
        "  qty INTEGER NOT NULL DEFAULT 0",
        "  active BOOLEAN NOT NULL DEFAULT TRUE",
    ]
    if s["score"]:
        cols.append("  score DOUBLE PRECISION")
    cols += ["  created_at TIMESTAMP NOT NULL", "  note TEXT"]
    cols.append("  CONSTRAINT %s_code_key UNIQUE (code)" % t)
    cols.append("  CONSTRAINT %s_qty_check CHECK (qty >= 0)" % t)
    if s["parent"]:
        cols.append("  CONSTRAINT %s_parent_fkey FOREIGN KEY (parent_id) REFERENCES %s (id) ON DELETE %s"
                    % (t, s["parent"], s["on_delete"].upper()))
    sql = "CREATE TABLE %s (\n%s\n);\n" % (t, ",\n".join(cols))
    sql += "CREATE INDEX %s_name_idx ON %s (name);\n" % (t, t)
    if s["parent"]:
        sql += "CREATE INDEX %s_parent_idx ON %s (parent_id);\n" % (t, t)
    if s["composite"] and s["parent"]:
        sql += "CREATE INDEX %s_parent_created_idx ON %s (parent_id, created_at);\n" % (t, t)
    if s["unique_idx"]:
        sql += "CREATE UNIQUE INDEX %s_created_code_idx ON %s (created_at, code);\n" % (t, t)
    return sql


def rust_model(s, add_column=False, drop_note=False, add_index=False, wide_name=False):
    t = s["name"]
    attrs = ['table = "%s"' % t, 'index(columns("name"), name = "%s_name_idx")' % t]
    if s["parent"]:
        attrs.append('index(columns("parent_id"), name = "%s_parent_idx")' % t)
        if s["composite"]:
            attrs.append('index(columns("parent_id", "created_at"), name = "%s_parent_created_idx")' % t)
    if s["unique_idx"]:
        attrs.append('index(columns("created_at", "code"), name = "%s_created_code_idx", unique)' % t)
    if add_index:
        attrs.append('index(columns("qty"), name = "%s_qty_idx")' % t)
    attrs.append('unique(columns("code"), name = "%s_code_key")' % t)
    attrs.append('check(name = "%s_qty_check", expr = "qty >= 0")' % t)
    if s["parent"]:
        attrs.append('foreign_key(columns("parent_id"), references = "%s(id)", on_delete = "%s", name = "%s_parent_fkey")'
                     % (s["parent"], s["on_delete"], t))
    fields = ["    #[schema(primary_key)]\n    pub id: i64,"]
    if s["parent"]:
        fields.append("    pub parent_id: Option<i64>,")
    fields += [
        '    #[schema(sql_type = "%s")]\n    pub name: String,' % ("varchar(200)" if wide_name else "varchar(100)"),
        '    #[schema(sql_type = "varchar(32)")]\n    pub code: String,',
        "    #[schema(default = 0)]\n    pub qty: i32,",
        "    #[schema(default = true)]\n    pub active: bool,",
    ]
    if s["score"]:
        fields.append("    pub score: Option<f64>,")
    fields.append("    pub created_at: chrono::NaiveDateTime,")
    if not drop_note:
        fields.append("    pub note: Option<String>,")
    if s["extra"]:
        fields.append("    pub extra: Option<String>,")
    if add_column:
        fields.append("    pub added_col: Option<String>,")
    return "#[derive(Model)]\n#[schema(\n    %s,\n)]\npub struct %s {\n%s\n}\n" % (
        ",\n    ".join(attrs), camel(t), "\n".join(fields))


def sa_table(s, add_column=False, drop_note=False, add_index=False, wide_name=False):
    t = s["name"]
    cols = ['    Column("id", BigInteger, primary_key=True, autoincrement=False),']
    if s["parent"]:
        cols.append('    Column("parent_id", BigInteger, ForeignKey("%s.id", ondelete="%s", name="%s_parent_fkey")),'
                    % (s["parent"], s["on_delete"].upper(), t))
    cols += [
        '    Column("name", String(%d), nullable=False),' % (200 if wide_name else 100),
        '    Column("code", String(32), nullable=False),',
        '    Column("qty", Integer, nullable=False, server_default=text("0")),',
        '    Column("active", Boolean, nullable=False, server_default=true()),',
    ]
    if s["score"]:
        cols.append('    Column("score", REAL),')
    cols.append('    Column("created_at", TIMESTAMP, nullable=False),')
    if not drop_note:
        cols.append('    Column("note", Text),')
    if s["extra"]:
        cols.append('    Column("extra", Text),')
    if add_column:
        cols.append('    Column("added_col", Text),')
    cols.append('    UniqueConstraint("code", name="%s_code_key"),' % t)
    cols.append('    CheckConstraint("qty >= 0", name="%s_qty_check"),' % t)
    cols.append('    Index("%s_name_idx", "name"),' % t)
    if s["parent"]:
        cols.append('    Index("%s_parent_idx", "parent_id"),' % t)
        if s["composite"]:
            cols.append('    Index("%s_parent_created_idx", "parent_id", "created_at"),' % t)
    if s["unique_idx"]:
        cols.append('    Index("%s_created_code_idx", "created_at", "code", unique=True),' % t)
    if add_index:
        cols.append('    Index("%s_qty_idx", "qty"),' % t)
    return 'Table(\n    "%s", metadata,\n%s\n)\n' % (t, "\n".join(cols))


ALEMBIC_INI = """[alembic]
script_location = %(here)s
version_locations = %(here)s/versions
sqlalchemy.url = sqlite:///%(here)s/../old.sqlite

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = '''import os
import sys

from alembic import context
from sqlalchemy import engine_from_config, pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import metadata as target_metadata  # noqa: E402

config = context.config
# The database was brought to the old schema by cargo schema, whose version
# tables Alembic must not propose to drop.
NOT_OURS = {"schema_version", "schema_history"}


def include_name(name, type_, parent_names):
    return not (type_ == "table" and name in NOT_OURS)


engine = engine_from_config(config.get_section(config.config_ini_section), poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata, include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()
'''

SCRIPT_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''


def autogen_project(tables, per_rev, out):
    if tables <= CHANGE_TYPE:
        raise SystemExit("autogen_gen.py: the five changes need at least %d tables" % (CHANGE_TYPE + 1))
    specs = [table_spec(k) for k in range(tables)]
    revisions = []
    for r, start in enumerate(range(0, tables, per_rev)):
        chunk = specs[start:start + per_rev]
        up = "".join(create_sql(s) for s in chunk)
        down = "".join("DROP TABLE %s;\n" % s["name"] for s in reversed(chunk))
        if start:
            # Also a column on a table of the revision before.
            s = specs[start - 1]
            s["extra"] = True
            up += "ALTER TABLE %s ADD COLUMN extra TEXT;\n" % s["name"]
            down = "ALTER TABLE %s DROP COLUMN extra;\n" % s["name"] + down
        revisions.append(("tables %s to %s" % (chunk[0]["name"], chunk[-1]["name"]), up, down))
    write_package(os.path.join(out, "ours"), "bench-autogen-%d" % tables, revisions)

    def changes(k):
        return {
            "add_column": k == ADD_COLUMN,
            "drop_note": k == DROP_COLUMN,
            "add_index": k == ADD_INDEX,
            "wide_name": k == CHANGE_TYPE,
        }

    models = [rust_model(s, **changes(k)) for k, s in enumerate(specs)]
    models.append(
        "#[derive(Model)]\n#[schema(table = \"%s\")]\npub struct TblNew {\n"
        "    #[schema(primary_key)]\n    pub id: i64,\n    pub label: String,\n}\n" % NEW_TABLE)
    write_models(os.path.join(out, "ours"), models)

    al = os.path.join(out, "alembic")
    os.makedirs(os.path.join(al, "versions"))
    for name, body in (("alembic.ini", ALEMBIC_INI), ("env.py", ENV_PY), ("script.py.mako", SCRIPT_MAKO)):
        with open(os.path.join(al, name), "w") as f:
            f.write(body)
    with open(os.path.join(al, "models.py"), "w") as f:
        f.write("# Generated: the same final schema as ../ours/src/models, as SQLAlchemy Core tables.\n")
        f.write("from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Column, ForeignKey, Index, Integer,\n"
                "                        MetaData, REAL, String, TIMESTAMP, Table, Text, UniqueConstraint, text, true)\n\n"
                "metadata = MetaData()\n\n")
        for k, s in enumerate(specs):
            f.write(sa_table(s, **changes(k)))
        f.write('Table(\n    "%s", metadata,\n    Column("id", BigInteger, primary_key=True, autoincrement=False),\n'
                '    Column("label", Text, nullable=False),\n)\n' % NEW_TABLE)

    a, d, i, c = (tname(k) for k in (ADD_COLUMN, DROP_COLUMN, ADD_INDEX, CHANGE_TYPE))
    return {
        "tables": tables,
        "revisions": len(revisions),
        # What `cargo schema revision --autogenerate` lists under "Detected:".
        "ours": [
            "create table %s" % NEW_TABLE,
            "add column %s.added_col (text, null)" % a,
            "drop column %s.note" % d,
            "create index %s_qty_idx on %s" % (i, i),
            "alter column %s.name (type varchar(100) -> varchar(200))" % c,
        ],
        # The op.* calls Alembic writes into upgrade(), as (op, first args).
        "alembic": [
            ["create_table", "'%s'" % NEW_TABLE],
            ["add_column", "'%s', sa.Column('added_col'" % a],
            ["drop_column", "'%s', 'note'" % d],
            ["create_index", "'%s_qty_idx', '%s'" % (i, i)],
            ["alter_column", "'%s', 'name'" % c],
        ],
    }


def main():
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "replay":
        n, outdir = int(args[1]), args[2]
        build = lambda: replay_project(n, os.path.join(outdir, "ours"))  # noqa: E731
    elif len(args) == 4 and args[0] == "autogen":
        tables, per_rev, outdir = int(args[1]), int(args[2]), args[3]
        build = lambda: autogen_project(tables, per_rev, outdir)  # noqa: E731
    else:
        raise SystemExit("usage: autogen_gen.py replay N OUTDIR | autogen TABLES PER_REV OUTDIR")
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    expected = build()
    with open(os.path.join(outdir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("%s: %s" % (os.path.basename(outdir),
                      ", ".join("%s %s" % (k, v) for k, v in expected.items() if isinstance(v, int))))


if __name__ == "__main__":
    main()
