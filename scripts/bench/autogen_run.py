#!/usr/bin/env python3
"""Time replay and autogenerate, ours beside Alembic's, on the projects made
by autogen_gen.py, and print one table. Called by scripts/bench-autogen.sh;
a report, not a test: it always exits 0.

    autogen_run.py --ours BIN|'' --alembic BIN|'' --replay DIR --autogen DIR
                   [--replay-test EXE|''] [--runs-ours 10] [--runs-alembic 3]

Every timed command is first run once and its result checked (no changes
for the replay chain; exactly the five changes, in the written file, for
autogenerate); a command whose result is wrong is still timed, but its
verdict is FAIL. Timing uses hyperfine when it is on PATH (no shell, output
discarded, the written revision deleted before each run), else a loop here.
Medians and minimums of the runs after warm-up runs are reported.
"""

import argparse
import glob
import json
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

REPLAY_TARGET_MS = 100.0  # 1,000 revisions
AUTOGEN_TARGET_MS = 1000.0  # 500 tables, 5 changes, whole process


def note(msg):
    print("note: " + msg, flush=True)


def short(text, lines=8):
    out = [l for l in text.strip().splitlines() if l.strip()]
    return " | ".join(out[:lines]) + (" | …" if len(out) > lines else "")


def time_cmd(argv, runs, warmup, clean=None):
    """Median and min wall time in ms of `argv`, or (None, None, error).

    clean: a glob whose files are deleted before each run (the revision a
    previous run wrote)."""
    if shutil.which("hyperfine"):
        cmd = ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs)]
        if clean:
            cmd += ["--prepare", shlex.join(["find", os.path.dirname(clean), "-maxdepth", "1",
                                             "-name", os.path.basename(clean), "-delete"])]
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            p = subprocess.run(cmd + ["--export-json", f.name, shlex.join(argv)],
                               capture_output=True, text=True)
            if p.returncode != 0:
                return None, None, short(p.stderr or p.stdout, 3)
            times = json.load(open(f.name))["results"][0]["times"]
    else:
        times = []
        for i in range(warmup + runs):
            for path in glob.glob(clean) if clean else ():
                os.remove(path)
            t0 = time.perf_counter()
            p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                return None, None, short(p.stderr.decode(errors="replace"), 3)
            if i >= warmup:
                times.append(dt)
    if clean:
        for path in glob.glob(clean):
            os.remove(path)
    return statistics.median(times) * 1000, min(times) * 1000, None


def run_once(argv):
    t0 = time.perf_counter()
    p = subprocess.run(argv, capture_output=True, text=True)
    return p, (time.perf_counter() - t0) * 1000


def show(argv):
    return " ".join(shlex.quote(a) for a in argv)


# ------------------------------------------------------------------ checks


def check_no_changes(name, argv, migrations):
    before = set(os.listdir(migrations))
    p, ms = run_once(argv)
    written = set(os.listdir(migrations)) - before
    for w in written:
        os.remove(os.path.join(migrations, w))
    out = p.stdout + p.stderr
    if p.returncode != 0 or written or "no changes detected" not in out:
        note("%s: expected \"no changes detected\" and no file, got exit %d%s:\n    $ %s\n    %s"
             % (name, p.returncode, ", wrote %s" % sorted(written) if written else "", show(argv),
                short(out, 20).replace(" | ", "\n    ")))
        return False
    warnings = [l for l in out.splitlines() if "warning" in l.lower()]
    if warnings:
        note("%s: warnings: %s" % (name, " | ".join(warnings[:5])))
    note("%s: checked (no changes detected, nothing written; %.0f ms)" % (name, ms))
    return True


def check_ours_five(name, argv, migrations, expected):
    before = set(os.listdir(migrations))
    p, ms = run_once(argv)
    written = sorted(set(os.listdir(migrations)) - before)
    text = ""
    for w in written:
        with open(os.path.join(migrations, w)) as f:
            text += f.read()
        os.remove(os.path.join(migrations, w))
    if p.returncode != 0 or len(written) != 1:
        note("%s: expected one revision written, got exit %d and %s:\n    $ %s\n    %s"
             % (name, p.returncode, written, show(argv), short(p.stdout + p.stderr, 20).replace(" | ", "\n    ")))
        return False
    # The header lists what was detected, one `--   ` line each.
    up = text.split("-- migrate:down")[0]
    detected = [l[len("--   "):].strip() for l in up.splitlines() if l.startswith("--   ")]
    missing = [e for e in expected if e not in detected]
    extra = [d for d in detected if d not in expected]
    if missing or extra:
        note("%s: the written revision does not hold exactly the five changes; missing %s, extra %s\n    $ %s"
             % (name, missing, extra, show(argv)))
        return False
    note("%s: checked (the written revision has exactly the 5 changes; %.0f ms)" % (name, ms))
    return True


def check_alembic_five(name, argv, versions, expected):
    before = set(os.listdir(versions))
    p, ms = run_once(argv)
    written = sorted(f for f in set(os.listdir(versions)) - before if f.endswith(".py"))
    text = ""
    for w in written:
        with open(os.path.join(versions, w)) as f:
            text += f.read()
        os.remove(os.path.join(versions, w))
    if p.returncode != 0 or len(written) != 1:
        note("%s: expected one revision written, got exit %d and %s:\n    $ %s\n    %s"
             % (name, p.returncode, written, show(argv), short(p.stdout + p.stderr, 20).replace(" | ", "\n    ")))
        return False
    body = text.split("def upgrade()", 1)[-1].split("def downgrade()", 1)[0]
    ops = re.findall(r"^    op\.(\w+)\((.*)$", body, re.M)
    missing = [e for e in expected if not any(o == e[0] and a.startswith(e[1]) for o, a in ops)]
    if missing or len(ops) != len(expected):
        note("%s: upgrade() does not hold exactly the five changes; missing %s; ops %s"
             % (name, missing, ["%s(%s" % o for o in ops]))
        return False
    note("%s: checked (upgrade() has exactly the 5 changes; %.0f ms)" % (name, ms))
    return True


# ------------------------------------------------------------------- setup


def old_database(ours, autogen):
    """The SQLite file Alembic compares with: the migrations at head.
    Applied by cargo schema; if that fails, by sqlite3 from the files' up
    sections (with a note). Returns a description or None."""
    path = os.path.join(autogen, "old.sqlite")
    if os.path.exists(path):
        os.remove(path)
    manifest = os.path.join(autogen, "ours", "Cargo.toml")
    if ours:
        argv = [ours, "schema", "upgrade", "head", "--database-url", "sqlite://%s?mode=rwc" % path,
                "--manifest-path", manifest]
        p, ms = run_once(argv)
        if p.returncode == 0:
            return "created by `cargo-schema schema upgrade head` in %.0f ms" % ms
        note("creating the old database with our upgrade failed (exit %d):\n    $ %s\n    %s"
             % (p.returncode, show(argv), short(p.stdout + p.stderr, 20).replace(" | ", "\n    ")))
        if os.path.exists(path):
            os.remove(path)
    try:
        db = sqlite3.connect(path)
        for f in sorted(glob.glob(os.path.join(autogen, "ours", "migrations", "*.sql"))):
            text = open(f).read()
            db.executescript(text.split("-- migrate:up", 1)[1].split("-- migrate:down", 1)[0])
        db.commit()
        db.close()
        return "created with python's sqlite3 from the up sections"
    except Exception as e:  # noqa: BLE001
        note("creating the old database with sqlite3 failed too: %r" % (e,))
        return None


def replay_test_figures(exe, runs):
    """Run the replay test's 1,000-revision case `runs` times; its own
    figures in ms (it times replay in process and prints the duration)."""
    p = subprocess.run([exe, "--list"], capture_output=True, text=True)
    names = [l.split(":")[0] for l in p.stdout.splitlines() if l.endswith(": test")]
    cands = [n for n in names if ("1000" in n or "1_000" in n) and "replay" in n]
    if not cands:
        note("replay test: no test about 1,000 revisions among %d in %s" % (len(names), exe))
        return None, None
    name = cands[0]
    figures = []
    for _ in range(runs):
        p = subprocess.run([exe, "--exact", name, "--nocapture", "--test-threads=1"],
                           capture_output=True, text=True)
        m = re.search(r"replayed 1,?000 revisions in ([\d.]+)\s*(ns|µs|us|ms|s)\b", p.stdout + p.stderr)
        if p.returncode != 0 or not m:
            note("replay test %s: exit %d, no figure: %s" % (name, p.returncode, short(p.stdout + p.stderr, 6)))
            return None, name
        scale = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}[m.group(2)]
        figures.append(float(m.group(1)) * scale)
    return (statistics.median(figures), min(figures)), name


# -------------------------------------------------------------------- main


def fmt(t):
    return "%9.1f (%8.1f)" % t if t and t[0] is not None else "%20s" % "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", default="")
    ap.add_argument("--alembic", default="")
    ap.add_argument("--replay", required=True)
    ap.add_argument("--autogen", required=True)
    ap.add_argument("--replay-test", default="")
    ap.add_argument("--runs-ours", type=int, default=10)
    ap.add_argument("--runs-alembic", type=int, default=3)
    args = ap.parse_args()

    timer = "hyperfine" if shutil.which("hyperfine") else "a loop in autogen_run.py (no hyperfine)"
    note("timing with %s; %d runs of ours, %d of alembic, after warm-up"
         % (timer, args.runs_ours, args.runs_alembic))
    try:
        load, cores = os.getloadavg()[0], os.cpu_count() or 1
        note("load average %.1f on %d cores%s" % (
            load, cores, "; other work is running, expect noisy figures" if load > cores / 2 else ""))
    except OSError:
        pass

    rexp = json.load(open(os.path.join(args.replay, "expected.json")))
    aexp = json.load(open(os.path.join(args.autogen, "expected.json")))
    n, tables = rexp["revisions"], aexp["tables"]
    rows = []  # (what, ours, alembic, ratio, verdicts)
    verdicts = []

    def row(what, ours_t, alembic_t, target_ms, ok=True):
        ratio = None
        if ours_t and alembic_t and ours_t[0] and alembic_t[0]:
            ratio = (alembic_t[0] / ours_t[0], alembic_t[1] / ours_t[1])
        checks = []
        if not ok:
            checks.append(("wrong result: FAIL", False))
        elif ours_t and ours_t[0] is not None and target_ms:
            good = ours_t[0] < target_ms
            checks.append(("<%.0fms %s" % (target_ms, "PASS" if good else "FAIL"), good))
        verdicts.extend(g for _, g in checks)
        rows.append((what, fmt(ours_t), fmt(alembic_t),
                     "%6.1fx (%5.1fx)" % ratio if ratio else "%15s" % "-",
                     " ".join(c for c, _ in checks) or "n/a"))

    # 1. Replay of 1,000 revisions, in process (the schema-core test's figure).
    if args.replay_test:
        figs, name = replay_test_figures(args.replay_test, max(3, args.runs_ours // 2))
        if figs:
            note("replay test %s: %d runs" % (name, max(3, args.runs_ours // 2)))
        row("replay %d revs, in process (test)" % 1000, figs, None, REPLAY_TARGET_MS)
    else:
        note("no replay test binary; the in-process replay row is skipped")

    # 2. Replay of the generated chain as a whole process: autogenerate with
    # models equal to head replays every revision and parses every model.
    manifest = os.path.join(args.replay, "ours", "Cargo.toml")
    migrations = os.path.join(args.replay, "ours", "migrations")
    scratch = os.path.join(args.replay, "none.sqlite")
    if args.ours:
        p, _ = run_once([args.ours, "schema", "heads", "--manifest-path", manifest])
        if p.returncode == 0:
            t = time_cmd([args.ours, "schema", "heads", "--manifest-path", manifest], args.runs_ours, 2)
            if t[0] is not None:
                note("for scale: `schema heads` on the %d-revision chain (load and graph only) takes "
                     "%.1f ms (min %.1f)" % (n, t[0], t[1]))
        variants = (("1 model", os.path.join(args.replay, "one-model", "Cargo.toml")),
                    ("%d models" % rexp["tables"], manifest))
        for models, mf in variants:
            for dialect, url in (("sqlite", "sqlite://%s" % scratch), ("postgres", "postgres://nowhere/x")):
                what = "replay %d revs + %s, process, %s" % (n, models, dialect)
                argv = [args.ours, "schema", "revision", "--autogenerate", "-m", "x",
                        "--database-url", url, "--manifest-path", mf]
                ok = check_no_changes("ours " + what, argv, migrations)
                med, mn, err = time_cmd(argv, args.runs_ours, 2, clean=os.path.join(migrations, "*_x.sql"))
                if err:
                    note("ours %s failed: %s" % (what, err))
                if os.path.exists(scratch):
                    note("autogenerate created %s although it needs no database" % scratch)
                row(what, (med, mn), None, REPLAY_TARGET_MS, ok)

    # 3. Autogenerate against 500 tables with five changes.
    manifest = os.path.join(args.autogen, "ours", "Cargo.toml")
    migrations = os.path.join(args.autogen, "ours", "migrations")
    alembic_t = None
    if args.alembic:
        how = old_database(args.ours, args.autogen)
        if how:
            note("alembic compares with %s: %s" % (os.path.join(args.autogen, "old.sqlite"), how))
            ini = os.path.join(args.autogen, "alembic", "alembic.ini")
            versions = os.path.join(args.autogen, "alembic", "versions")
            argv = [args.alembic, "-c", ini, "revision", "--autogenerate", "-m", "five"]
            a_ok = check_alembic_five("alembic autogenerate %d, sqlite" % tables, argv, versions, aexp["alembic"])
            med, mn, err = time_cmd(argv, args.runs_alembic, 1, clean=os.path.join(versions, "*_five.py"))
            if err:
                note("alembic autogenerate failed: %s" % err)
            elif not a_ok:
                note("alembic's figure is shown but its result was not the five changes")
            alembic_t = (med, mn)
    else:
        note("no alembic; its column is empty")
    if args.ours:
        for dialect, url in (("sqlite", "sqlite://%s" % scratch), ("postgres", "postgres://nowhere/x")):
            argv = [args.ours, "schema", "revision", "--autogenerate", "-m", "five",
                    "--database-url", url, "--manifest-path", manifest]
            ok = check_ours_five("ours autogenerate %d, %s" % (tables, dialect), argv, migrations, aexp["ours"])
            med, mn, err = time_cmd(argv, args.runs_ours, 2, clean=os.path.join(migrations, "*_five.sql"))
            if err:
                note("ours autogenerate %d, %s failed: %s" % (tables, dialect, err))
            row("autogen %d tables, 5 changes, %s" % (tables, dialect), (med, mn),
                alembic_t, AUTOGEN_TARGET_MS, ok)
        if alembic_t:
            note("the alembic column is Alembic on SQLite in both autogenerate rows (it needs a live "
                 "database; ours replays the migrations and connects to nothing)")

    print()
    print("%-48s  %20s  %20s  %15s  %s"
          % ("benchmark", "ours ms med (min)", "alembic ms med (min)", "ratio med (min)", "target"))
    for r in rows:
        print("%-48s  %20s  %20s  %15s  %s" % r)
    print()
    print("targets (issue 4): replaying 1,000 revisions under %.0f ms; autogenerate against a %d-table "
          "schema with 5 changes under %.0f ms as a whole process." % (REPLAY_TARGET_MS, tables, AUTOGEN_TARGET_MS))
    print("replay rows: `in process` is the replay alone (schema-core's test, its own chain); `process` rows "
          "are `revision --autogenerate` finding no changes on the generated chain of %d revisions: start-up, "
          "reading the files, replay, then parsing 1 or %d models and diffing them." % (n, rexp["tables"]))
    print("verdicts use medians; on a busy machine the minimums show what each tool costs undisturbed.")
    skipped = [what for what, cond in (
        ("replay in process", not args.replay_test),
        ("ours as a process (replay and autogenerate)", not args.ours),
        ("alembic", alembic_t is None or alembic_t[0] is None)) if cond]
    if not verdicts:
        print("overall: nothing to compare (see the notes above)")
    else:
        print("overall: %s%s" % ("PASS" if all(verdicts) else "FAIL",
                                 " (not measured: %s)" % ", ".join(skipped) if skipped else ""))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # a report: say what broke, never fail the caller
        print("bench: autogen_run.py stopped: %r" % (e,))
        sys.exit(0)
