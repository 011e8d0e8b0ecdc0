#!/usr/bin/env python3
"""Time `upgrade head`, `downgrade base` and `current` as whole processes:
the floor (psql), ours, sqlx-cli and Alembic, side by side on the server that
scripts/bench-runner.sh started, on the migrations made by runner_gen.py, and
print one table with ratios and PASS/FAIL per target. A report, not a test:
it always exits 0.

    runner_run.py --gen DIR --pgbin DIR --socket DIR --port N
                  --ours BIN|'' --sqlx BIN|'' --alembic BIN|'' --time BIN|''
                  [--runs 5] [--current-runs 20] [--memory-runs 3]

Fairness: every round gives each tool a fresh database (createdb, untimed),
a CHECKPOINT before each timed command so no tool pays for another's dirty
buffers, and the order of the tools rotates from round to round. One extra
warm-up round (Alembic compiles its 1,000 revision modules to bytecode on its
first run; every tool gets the page cache warm) is not counted. Every timed
run's exit code is checked and the resulting schema is verified (N tables
after upgrade, none after downgrade), so a tool that fails fast cannot look
fast.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

FLOOR_RATIO = 1.10  # ours / floor, upgrade and downgrade
SQLX_RATIO = 1.00  # ours / sqlx: no slower
MEMORY_MIB = 30.0


def note(msg):
    print("note: " + msg, flush=True)


class Server:
    def __init__(self, pgbin, socket, port):
        self.pgbin, self.socket, self.port = pgbin, socket, str(port)

    def conn(self):
        return ["-h", self.socket, "-p", self.port, "-U", "postgres"]

    def psql_argv(self, db):
        return [os.path.join(self.pgbin, "psql"), "-X", "-q"] + self.conn() + ["-d", db]

    def query(self, db, sql):
        p = subprocess.run(
            self.psql_argv(db) + ["-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, stdin=subprocess.DEVNULL,
        )
        if p.returncode != 0:
            raise RuntimeError("psql -c %r: %s" % (sql, p.stderr.strip()))
        return p.stdout.strip()

    def createdb(self, db):
        self.dropdb(db)
        subprocess.run([os.path.join(self.pgbin, "createdb")] + self.conn() + [db], check=True,
                       stdin=subprocess.DEVNULL)

    def dropdb(self, db):
        subprocess.run([os.path.join(self.pgbin, "dropdb")] + self.conn() + ["--if-exists", db],
                       check=True, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def checkpoint(self):
        self.query("postgres", "CHECKPOINT")

    def tables(self, db):
        return int(self.query(
            db,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'",
        ))


def run(argv, env=None, cwd=None):
    """(seconds, returncode, output tail) of one whole process."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           env=env, cwd=cwd)
        dt = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return dt, p.returncode, text


def tail(text, lines=8):
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def shown(argv):
    return " ".join(a if a and " " not in a else repr(a) for a in argv)


class Tool:
    """How one tool runs upgrade, downgrade and current against database `db`."""

    def __init__(self, name, labels, up, down, current, env=None, cwd=None):
        self.name, self.labels = name, labels  # op -> short command shown in the table
        self._up, self._down, self._current = up, down, current
        self.env, self.cwd = env, cwd
        self.times = {"upgrade": {}, "downgrade": {}, "current": {}}  # op -> {round: seconds}
        self.failed = {}  # op -> message

    def argv(self, op, db):
        return {"upgrade": self._up, "downgrade": self._down, "current": self._current}[op](db)

    def prepare(self, db):
        """Set up whatever the tool needs besides its argv (Alembic: the URL)."""

    def timed(self, op, db, key=None):
        """Runs op on db; records its time under round `key` unless key is None."""
        self.prepare(db)
        if op in self.failed:
            return False
        argv = self.argv(op, db)
        dt, rc, out = run(argv, env=self.env, cwd=self.cwd)
        if rc != 0:
            self.failed[op] = "exit %d: %s\n%s" % (rc, shown(argv), tail(out))
            note("%s %s failed (exit %d):\n  $ %s\n%s" % (self.name, op, rc, shown(argv), tail(out)))
            return False
        if key is not None:
            self.times[op][key] = dt
        return True


def url_candidates(server, db):
    s, p = server.socket, server.port
    return [
        "postgres://postgres@localhost/%s?host=%s&port=%s" % (db, s, p),
        "postgres://postgres@localhost:%s/%s?host=%s" % (p, db, s),
        "postgresql://postgres@localhost/%s?host=%s&port=%s" % (db, s, p),
        "postgres:///%s?host=%s&port=%s&user=postgres" % (db, s, p),
    ]


def pick_url(server, name, check, db):
    """The first socket URL form that `check(url)` accepts, trying each and
    reporting the ones that fail."""
    for i, url in enumerate(url_candidates(server, db)):
        argv = check(url)
        _, rc, out = run(argv)
        if rc == 0:
            note("%s: socket URL form %d works: %s" % (name, i + 1, url))
            return i
        note("%s: socket URL form %d rejected (exit %d):\n  $ %s\n%s"
             % (name, i + 1, rc, shown(argv), tail(out, 4)))
    return None


def build_tools(a, server):
    gen = a.gen
    floor_up = os.path.join(gen, "all_up.sql")
    floor_down = os.path.join(gen, "all_down.sql")
    psql = server.psql_argv
    tools = [Tool(
        "floor", {"upgrade": "psql -1 -f", "downgrade": "psql -1 -f", "current": "psql select 1"},
        lambda db: psql(db) + ["-1", "-v", "ON_ERROR_STOP=1", "-f", floor_up],
        lambda db: psql(db) + ["-1", "-v", "ON_ERROR_STOP=1", "-f", floor_down],
        lambda db: psql(db) + ["-c", "select 1"],
    )]
    probe = "bench_url_probe"
    server.createdb(probe)

    if a.ours:
        manifest = os.path.join(gen, "ours", "Cargo.toml")
        base = [a.ours, "schema", "--manifest-path", manifest]
        form = pick_url(server, "ours", lambda u: base + ["current", "--database-url", u], probe)
        if form is None:
            note("ours: no socket URL form works; our rows are skipped")
        else:
            u = lambda db, f=form: url_candidates(server, db)[f]
            tools.append(Tool(
                "ours", {"upgrade": "upgrade head", "downgrade": "downgrade base", "current": "current"},
                lambda db: base + ["upgrade", "head", "--database-url", u(db)],
                lambda db: base + ["downgrade", "base", "--database-url", u(db)],
                lambda db: base + ["current", "--database-url", u(db)],
            ))
            # For context, not a target: the whole run in one transaction,
            # as the floor's `psql -1` does.
            if a.single_tx:
                tools.append(Tool(
                    "ours-1tx", {"upgrade": "--single-tx", "downgrade": "--single-tx"},
                    lambda db: base + ["upgrade", "head", "--single-transaction", "--database-url", u(db)],
                    lambda db: base + ["downgrade", "base", "--single-transaction", "--database-url", u(db)],
                    None,
                ))
    else:
        note("ours: no release binary; our rows are skipped")

    if a.sqlx:
        src = ["--source", os.path.join(gen, "sqlx", "migrations")]
        form = pick_url(server, "sqlx",
                        lambda u: [a.sqlx, "migrate", "info"] + src + ["--database-url", u], probe)
        if form is None:
            note("sqlx: no socket URL form works; the sqlx rows are skipped")
        else:
            u = lambda db, f=form: url_candidates(server, db)[f]
            tools.append(Tool(
                "sqlx", {"upgrade": "migrate run", "downgrade": "migrate revert", "current": "migrate info"},
                lambda db: [a.sqlx, "migrate", "run"] + src + ["--database-url", u(db)],
                lambda db: [a.sqlx, "migrate", "revert", "--target-version", "0"] + src
                + ["--database-url", u(db)],
                lambda db: [a.sqlx, "migrate", "info"] + src + ["--database-url", u(db)],
            ))
    else:
        note("sqlx: sqlx-cli is not installed; the sqlx rows are skipped")

    if a.alembic:
        adir = os.path.join(gen, "alembic")
        ini = ["-c", os.path.join(adir, "alembic.ini")]
        aurl = "postgresql+psycopg2://postgres@/%s?host=%s&port=%s"

        class AlembicTool(Tool):
            # The URL goes in through the environment (env.py reads it).
            def prepare(self, db):
                self.env = dict(os.environ, BENCH_ALEMBIC_URL=aurl % (db, server.socket, server.port))

        tools.append(AlembicTool(
            "alembic", {"upgrade": "upgrade head", "downgrade": "downgrade base", "current": "current"},
            lambda db: [a.alembic] + ini + ["upgrade", "head"],
            lambda db: [a.alembic] + ini + ["downgrade", "base"],
            lambda db: [a.alembic] + ini + ["current"],
            cwd=adir,
        ))
    else:
        note("alembic: not installed; the alembic rows are skipped")

    server.dropdb(probe)
    return tools


def measure_migrations(tools, server, n, runs):
    rounds = runs + 1  # the first is a warm-up
    for r in range(rounds):
        key = r if r > 0 else None
        order = tools[r % len(tools):] + tools[:r % len(tools)]
        print("round %d/%d%s: %s" % (r, runs, " (warm-up)" if key is None else "",
                                     " ".join(t.name for t in order)), flush=True)
        for t in order:
            db = "bench_%s" % t.name
            server.createdb(db)
            server.checkpoint()
            if t.timed("upgrade", db, key):
                got = server.tables(db)
                if got != n:
                    t.failed["upgrade"] = "left %d tables, not %d" % (got, n)
                    note("%s upgrade left %d tables, not %d" % (t.name, got, n))
                    t.times["upgrade"] = {}
                else:
                    server.checkpoint()
                    if t.timed("downgrade", db, key):
                        got = server.tables(db)
                        if got != 0:
                            t.failed["downgrade"] = "left %d tables, not 0" % got
                            note("%s downgrade left %d tables, not 0" % (t.name, got))
                            t.times["downgrade"] = {}
            elif "downgrade" not in t.failed:
                t.failed["downgrade"] = "no upgraded database to downgrade"
            server.dropdb(db)


def measure_current(tools, server, n, runs):
    ready, made = [], []
    for t in tools:
        if t._current is None:
            continue
        db = "bench_current_%s" % t.name
        server.createdb(db)
        made.append(db)
        # Brought to head by the tool itself (the floor's database has no
        # version table: `select 1` is the cost of one connection and query).
        if t.timed("upgrade", db):
            ready.append((t, db))
        else:
            t.failed.setdefault("current", "could not bring its database to head")
    server.checkpoint()
    for t, db in ready:
        t.timed("current", db)  # warm-up
    for i in range(runs):
        k = i % len(ready) if ready else 0
        for t, db in ready[k:] + ready[:k]:
            t.timed("current", db, i)
    for db in made:
        server.dropdb(db)


def measure_memory(tools, server, timebin, runs):
    """Max RSS in KiB of `upgrade head` and (for context) `downgrade base`, per
    tool, each run on a fresh database: {(tool, op): [KiB, ...]}."""
    out = {}
    for t in tools:
        if t.name in ("floor", "ours-1tx"):
            continue
        db = "bench_mem_%s" % t.name
        for _ in range(runs):
            server.createdb(db)
            for op in ("upgrade", "downgrade"):
                if op in t.failed:
                    break
                t.prepare(db)
                with tempfile.NamedTemporaryFile(mode="r") as f:
                    argv = [timebin, "-f", "%M", "-o", f.name] + t.argv(op, db)
                    _, rc, text = run(argv, env=t.env, cwd=t.cwd)
                    if rc != 0:
                        note("%s %s under %s failed (exit %d):\n%s" % (t.name, op, timebin, rc, tail(text)))
                        break
                    out.setdefault((t.name, op), []).append(int(f.read().strip().splitlines()[-1]))
            server.dropdb(db)
    return out


def fmt_ms(s):
    return "%8.0f" % (s * 1000) if s >= 1 else "%8.1f" % (s * 1000)


def stats(t, op):
    """(median, min) seconds of a tool's recorded runs of op, or (None, None)."""
    if t is None or op in t.failed or not t.times[op]:
        return None, None
    xs = list(t.times[op].values())
    return statistics.median(xs), min(xs)


def paired(a, b, op):
    """The median over rounds of a's time / b's time in the same round (the
    tools ran back to back, so a load spike hits both), and min(a) / min(b)."""
    if a is None or b is None or op in a.failed or op in b.failed:
        return None, None
    keys = sorted(set(a.times[op]) & set(b.times[op]))
    if not keys:
        return None, None
    per_round = statistics.median(a.times[op][k] / b.times[op][k] for k in keys)
    return per_round, min(a.times[op].values()) / min(b.times[op].values())


def rounds(a, b, op):
    """The per-round ratios themselves, for the targets' detail."""
    if a is None or b is None or op in a.failed or op in b.failed:
        return ""
    keys = sorted(set(a.times[op]) & set(b.times[op]))
    if len(keys) > 8:
        return ""
    return "; rounds " + " ".join("%.2f" % (a.times[op][k] / b.times[op][k]) for k in keys)


def fmt_ratio(r):
    return "%.2fx" % r if r is not None else "-"


def report(tools, memory, n, runs, current_runs):
    by = {t.name: t for t in tools}
    ops = (("upgrade", "upgrade"), ("downgrade", "downgrade"), ("current", "current"))
    print()
    print("cargo schema runner benchmark: a linear chain of %d revisions "
          "(each a table with a foreign key to the previous one and an index)" % n)
    print("whole processes, wall time in ms, %d rounds of upgrade + downgrade and %d of current;"
          % (runs, current_runs))
    print("x floor / x sqlx: the median over rounds of the ratio within a round (every round")
    print("runs all tools back to back); in brackets the ratio of the minimums")
    print()
    head = "%-10s %-8s %-15s %8s %8s %8s %9s %8s %9s" % (
        "operation", "tool", "command", "median", "min", "x floor", "(min)", "x sqlx", "(min)")
    print(head)
    print("-" * len(head))
    for op, title in ops:
        for t in tools:
            if op not in t.labels:
                continue
            med, mn = stats(t, op)
            if med is None:
                why = t.failed.get(op, "not measured").splitlines()[0]
                print("%-10s %-8s %-15s %s" % (title, t.name, t.labels[op], "FAILED: " + why))
                continue
            pf, mf = paired(t, by["floor"], op)
            ps, ms = paired(t, by.get("sqlx"), op)
            print("%-10s %-8s %-15s %s %s %8s %9s %8s %9s" % (
                title, t.name, t.labels[op], fmt_ms(med), fmt_ms(mn),
                fmt_ratio(pf), "(%s)" % fmt_ratio(mf), fmt_ratio(ps), "(%s)" % fmt_ratio(ms)))
        print()
    if memory:
        print("peak memory (max RSS from /usr/bin/time -f %M), MiB, one fresh database per run:")
        for (name, op), peaks in sorted(memory.items()):
            print("  %-8s %-10s max %6.1f  (runs: %s)" % (
                name, op, max(peaks) / 1024, ", ".join("%.1f" % (p / 1024) for p in peaks)))
        print()

    # Targets, judged on the per-round ratios.
    print("targets (issue 3), judged on the per-round ratio:")
    ours = by.get("ours")
    results = []

    def target(label, r, limit, extra=""):
        verdict = "n/a " if r is None else ("PASS" if r <= limit else "FAIL")
        results.append(verdict)
        detail = "(not measured)" if r is None else "%.3fx (limit %.2fx)%s" % (r, limit, extra)
        print("  %s  %-44s %s" % (verdict, label, detail))

    for op, cmd in (("upgrade", "upgrade head"), ("downgrade", "downgrade base")):
        target("%s within %.2fx of the floor" % (cmd, FLOOR_RATIO),
               paired(ours, by["floor"], op)[0], FLOOR_RATIO, rounds(ours, by["floor"], op))
        target("%s no slower than sqlx migrate" % cmd,
               paired(ours, by.get("sqlx"), op)[0], SQLX_RATIO, rounds(ours, by.get("sqlx"), op))
    o, _ = stats(ours, "current")
    s_, _ = stats(by.get("sqlx"), "current")
    target("current no slower than sqlx migrate info", paired(ours, by.get("sqlx"), "current")[0],
           SQLX_RATIO, "; medians %.1f ms vs %.1f ms" % (o * 1000, s_ * 1000) if o and s_ else "")
    peaks = memory.get(("ours", "upgrade"))
    verdict = "n/a " if not peaks else ("PASS" if max(peaks) / 1024 < MEMORY_MIB else "FAIL")
    results.append(verdict)
    print("  %s  %-44s %s" % (verdict, "upgrade head peak memory < %.0f MiB" % MEMORY_MIB,
                               "max RSS %.1f MiB" % (max(peaks) / 1024) if peaks else "(not measured)"))
    print()
    print("%d PASS, %d FAIL, %d not measured" % (
        results.count("PASS"), results.count("FAIL"), results.count("n/a ")))
    for t in tools:
        for op, why in sorted(t.failed.items()):
            print("problem: %s %s: %s" % (t.name, op, why))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--pgbin", required=True)
    ap.add_argument("--socket", required=True)
    ap.add_argument("--port", required=True)
    ap.add_argument("--ours", default="")
    ap.add_argument("--sqlx", default="")
    ap.add_argument("--alembic", default="")
    ap.add_argument("--time", default="")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--current-runs", type=int, default=20)
    ap.add_argument("--memory-runs", type=int, default=3)
    ap.add_argument("--single-tx", type=int, default=1,
                    help="also time ours with --single-transaction, for context (0: don't)")
    a = ap.parse_args()
    n = json.load(open(os.path.join(a.gen, "expected.json")))["n"]
    server = Server(a.pgbin, a.socket, a.port)
    try:
        tools = build_tools(a, server)
        measure_migrations(tools, server, n, a.runs)
        measure_current(tools, server, n, a.current_runs)
        memory = measure_memory(tools, server, a.time, a.memory_runs) if a.time else {}
        report(tools, memory, n, a.runs, a.current_runs)
    except Exception as e:  # a report: say what broke, exit 0
        note("benchmark aborted: %s: %s" % (type(e).__name__, e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
