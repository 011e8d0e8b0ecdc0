#!/usr/bin/env python3
"""Generate one revision graph twice: as cargo schema SQL revisions and as an
Alembic project, with the same ids and edges, for scripts/bench-graph.sh.

    gen_graph.py N OUTDIR

writes
    OUTDIR/ours/Cargo.toml            a standalone package (own [workspace])
    OUTDIR/ours/src/lib.rs            empty
    OUTDIR/ours/migrations/*.sql      N revision files, DESIGN.md format
    OUTDIR/alembic/alembic.ini
    OUTDIR/alembic/env.py, script.py.mako
    OUTDIR/alembic/versions/*.py      the same N revisions
    OUTDIR/expected.json              heads, bases, counts (what `heads` must say)

The graph is deterministic for a given N (seeded): a trunk from one base;
every ~50 revisions a side branch of 2-6 revisions forks from the trunk, some
with a branch label, and a merge revision joins it back a few trunk
revisions later (now and then two side branches are merged at once, giving
a three-parent merge). The last few revisions form a side branch (label
`unmerged`) that is never merged, so the graph ends with two heads, as a
team's graph does between a feature landing and its merge.

Every revision carries the same small body in both forms, one CREATE TABLE
up and its DROP TABLE down (`op.execute(...)` for Alembic), so neither tool
reads emptier files than the other.
"""

import json
import os
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone

SEED = 20261121
START = datetime(2026, 11, 1, tzinfo=timezone.utc)


class Graph:
    def __init__(self, rng):
        self.rng = rng
        self.revs = []  # dicts: id, parents, message, labels
        self.ids = set()

    def new_id(self):
        while True:
            rev = "%012x" % self.rng.getrandbits(48)
            if rev not in self.ids:
                self.ids.add(rev)
                return rev

    def add(self, parents, message, labels=()):
        rev = self.new_id()
        self.revs.append(
            {"id": rev, "parents": list(parents), "message": message, "labels": list(labels)}
        )
        return rev


# The last revisions form a side branch that is never merged.
OPEN_TAIL = 3


def generate(n):
    """Return the list of revisions (parents before children) for n revisions."""
    if n < 2:
        raise SystemExit("gen_graph.py: N must be at least 2")
    rng = random.Random(SEED + n)
    g = Graph(rng)
    trunk = [g.add([], "initial schema")]  # the trunk's revisions, oldest first
    open_branches = []  # dicts: head, name, merge_in (trunk revisions to go)
    feature = 0
    next_fork = rng.randint(40, 60)

    def remaining():
        return n - len(g.revs) - OPEN_TAIL

    def side_branch(name, length, label, back=1):
        # Fork from the trunk head or from a revision a little behind it.
        head = trunk[-min(len(trunk), rng.randint(back, 4))]
        for step in range(length):
            labels = [label] if (label and step == 0) else []
            head = g.add([head], "%s step %d" % (name, step + 1), labels)
        return head

    while remaining() > 0:
        due = [b for b in open_branches if b["merge_in"] <= 0]
        if due:
            # A branch nearly due lands in the same merge (three parents).
            nearly = [b for b in open_branches if b not in due and b["merge_in"] <= 10]
            merged = (due + nearly)[:2]
            for b in merged:
                open_branches.remove(b)
            names = " and ".join(b["name"] for b in merged)
            trunk.append(g.add([trunk[-1]] + [b["head"] for b in merged], "merge %s" % names))
            continue
        next_fork -= 1
        length = rng.randint(2, 6)
        if next_fork <= 0 and remaining() > length + 1:
            feature += 1
            name = "feature %d" % feature
            label = "feature%d" % feature if feature % 3 == 1 else None
            head = side_branch(name, length, label)
            # Every fourth branch lives long enough to overlap the next one.
            merge_in = rng.randint(45, 70) if feature % 4 == 0 else rng.randint(3, 15)
            open_branches.append({"head": head, "name": name, "merge_in": merge_in})
            next_fork = rng.randint(40, 60)
            continue
        for b in open_branches:
            b["merge_in"] -= 1
        trunk.append(g.add([trunk[-1]], "trunk change %d" % len(g.revs)))
    # Whatever is still open stays a head, and so does this last branch,
    # forked from behind the trunk head so that both stay heads.
    tail = n - len(g.revs)
    if tail:
        side_branch("unmerged work", tail, "unmerged", back=2)
    return g.revs


def slug(message):
    out = "".join(c if c.isalnum() else "_" for c in message.lower()).strip("_")
    while "__" in out:
        out = out.replace("__", "_")
    return out[:40].rstrip("_")


def heads_and_bases(revs):
    children = {r["id"]: 0 for r in revs}
    for r in revs:
        for p in r["parents"]:
            children[p] += 1
    heads = sorted(r["id"] for r in revs if children[r["id"]] == 0)
    bases = sorted(r["id"] for r in revs if not r["parents"])
    return heads, bases


def write_ours(revs, out, n):
    mig = os.path.join(out, "migrations")
    os.makedirs(mig)
    os.makedirs(os.path.join(out, "src"))
    with open(os.path.join(out, "Cargo.toml"), "w") as f:
        f.write(
            '[package]\nname = "bench-graph-%d"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
            "# Not a member of the cargo-schema workspace: a project of its own.\n"
            "[workspace]\n\n"
            '[package.metadata.schema]\nmigrations = "migrations"\n' % n
        )
    open(os.path.join(out, "src", "lib.rs"), "w").close()
    for i, r in enumerate(revs):
        created = (START + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines = [
            "-- revision: %s" % r["id"],
            "-- revises: %s" % (", ".join(r["parents"]) if r["parents"] else "base"),
            "-- message: %s" % r["message"],
            "-- created: %s" % created,
        ]
        if r["labels"]:
            lines.append("-- branch-labels: %s" % ", ".join(r["labels"]))
        lines += [
            "",
            "-- migrate:up",
            "CREATE TABLE t_%s (id BIGINT PRIMARY KEY);" % r["id"],
            "",
            "-- migrate:down",
            "DROP TABLE t_%s;" % r["id"],
            "",
        ]
        with open(os.path.join(mig, "%s_%s.sql" % (r["id"], slug(r["message"]))), "w") as f:
            f.write("\n".join(lines))


ALEMBIC_INI = """[alembic]
script_location = %(here)s
version_locations = %(here)s/versions
sqlalchemy.url = sqlite:///%(here)s/bench.sqlite

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

ENV_PY = '''from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
target_metadata = None

if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(config.get_section(config.config_ini_section), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
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

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''


def write_alembic(revs, out):
    versions = os.path.join(out, "versions")
    os.makedirs(versions)
    with open(os.path.join(out, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(out, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(out, "script.py.mako"), "w") as f:
        f.write(SCRIPT_MAKO)
    for i, r in enumerate(revs):
        created = (START + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S")
        if not r["parents"]:
            down = "None"
        elif len(r["parents"]) == 1:
            down = repr(r["parents"][0])
        else:
            down = repr(tuple(r["parents"]))
        labels = repr(tuple(r["labels"])) if r["labels"] else "None"
        body = (
            '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""\n'
            "from alembic import op\n\n"
            "revision = %r\ndown_revision = %s\nbranch_labels = %s\ndepends_on = None\n\n\n"
            "def upgrade() -> None:\n"
            '    op.execute("CREATE TABLE t_%s (id BIGINT PRIMARY KEY)")\n\n\n'
            "def downgrade() -> None:\n"
            '    op.execute("DROP TABLE t_%s")\n'
        ) % (r["message"], r["id"], ", ".join(r["parents"]), created, r["id"], down, labels, r["id"], r["id"])
        with open(os.path.join(versions, "%s_x.py" % r["id"]), "w") as f:
            f.write(body)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: gen_graph.py N OUTDIR")
    n, outdir = int(sys.argv[1]), sys.argv[2]
    revs = generate(n)
    assert len(revs) == n, (len(revs), n)
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    write_ours(revs, os.path.join(outdir, "ours"), n)
    write_alembic(revs, os.path.join(outdir, "alembic"))
    heads, bases = heads_and_bases(revs)
    merges = sum(1 for r in revs if len(r["parents"]) > 1)
    labels = sorted(l for r in revs for l in r["labels"])
    summary = {"revisions": n, "heads": heads, "bases": bases, "merges": merges, "branch_labels": labels}
    with open(os.path.join(outdir, "expected.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(
        "graph-%d: %d revisions, %d merges, %d branch labels, heads %s"
        % (n, n, merges, len(labels), " ".join(heads))
    )


if __name__ == "__main__":
    main()
