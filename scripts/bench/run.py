#!/usr/bin/env python3
"""Time `history` and `heads` as whole processes, ours beside Alembic's, on
the graphs made by gen_graph.py, and print one table. Called by
scripts/bench-graph.sh; a report, not a test: it always exits 0.

    run.py --ours BIN|'' --alembic BIN|'' --graphs DIR[,DIR...] [--runs-ours 10] [--runs-alembic 3]

Timing uses hyperfine when it is on PATH (no shell, output discarded), else a
loop in this script. Both report the median and the minimum of the runs,
after warm-up runs (Alembic's first run also compiles the revision modules
to bytecode, which every later run then reuses).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MS = 50.0  # ours, at 10,000 revisions
TARGET_RATIO = 20.0  # alembic / ours


def note(msg):
    print("note: " + msg, flush=True)


def time_cmd(argv, runs, warmup):
    """Median and min wall time in ms of running argv `runs` times, or an error string."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            p = subprocess.run(
                ["hyperfine", "-N", "--style", "none", "--warmup", str(warmup), "--runs", str(runs),
                 "--export-json", f.name, " ".join(argv)],
                capture_output=True, text=True,
            )
            if p.returncode != 0:
                return None, None, (p.stderr.strip() or p.stdout.strip()).splitlines()[-1:]
            times = json.load(open(f.name))["results"][0]["times"]
    else:
        times = []
        for i in range(warmup + runs):
            t0 = time.perf_counter()
            p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                return None, None, p.stderr.decode(errors="replace").strip().splitlines()[:3]
            if i >= warmup:
                times.append(dt)
    return statistics.median(times) * 1000, min(times) * 1000, None


def check_heads(name, argv, expected):
    """Run a `heads` command once; say whether it printed the expected heads."""
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        lines = (p.stderr.strip() or p.stdout.strip()).splitlines()
        note("%s failed (exit %d): %s" % (name, p.returncode, " | ".join(lines[:6])))
        return False
    # One head per line: `REV (labels) (head)` from Alembic, `PARENT -> REV
    # (head), message` from ours; the head is the first id after any `->`.
    ids = set()
    for line in p.stdout.splitlines():
        found = re.findall(r"\b[0-9a-f]{12}\b", line.rsplit("->", 1)[-1])
        ids.update(found[:1])
    missing, extra = set(expected) - ids, ids - set(expected)
    if missing:
        note("%s did not print the heads %s (the generator expects %s)"
             % (name, sorted(missing), sorted(expected)))
        return False
    if extra:
        note("%s printed %s as heads too, which the generator does not expect"
             % (name, sorted(extra)))
        return False
    return True


def fmt(median, minimum):
    return "%9.1f (%8.1f)" % (median, minimum) if median is not None else "%20s" % "-"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", default="")
    ap.add_argument("--alembic", default="")
    ap.add_argument("--graphs", required=True)
    ap.add_argument("--runs-ours", type=int, default=10)
    ap.add_argument("--runs-alembic", type=int, default=3)
    args = ap.parse_args()

    timer = "hyperfine" if shutil.which("hyperfine") else "a loop in run.py (no hyperfine)"
    note("timing with %s; %d runs of ours, %d of alembic, after warm-up"
         % (timer, args.runs_ours, args.runs_alembic))
    try:
        load = os.getloadavg()[0]
        cores = os.cpu_count() or 1
        note("load average %.1f on %d cores%s" % (
            load, cores, "; other work is running, expect noisy figures" if load > cores / 2 else ""))
    except OSError:
        pass
    rows, verdicts = [], []
    for gdir in args.graphs.split(","):
        expected = json.load(open(os.path.join(gdir, "expected.json")))
        n = expected["revisions"]
        manifest = os.path.join(gdir, "ours", "Cargo.toml")
        ini = os.path.join(gdir, "alembic", "alembic.ini")
        ours_ok = bool(args.ours) and check_heads(
            "ours heads (%d)" % n, [args.ours, "schema", "heads", "--manifest-path", manifest], expected["heads"])
        alembic_ok = bool(args.alembic) and check_heads(
            "alembic heads (%d)" % n, [args.alembic, "-c", ini, "heads"], expected["heads"])
        cargo = shutil.which("cargo")
        if cargo and ours_ok:
            # For scale: the cost of one `cargo metadata` process, which a
            # run that reads its configuration through cargo pays on top.
            med, mn, _ = time_cmd([cargo, "metadata", "--no-deps", "--format-version", "1",
                                   "--manifest-path", manifest], args.runs_ours, 2)
            if med is not None:
                note("graph-%d: for scale, one `cargo metadata --no-deps` process takes %.1f ms (min %.1f)"
                     % (n, med, mn))
        for cmd in ("history", "heads"):
            o_med = o_min = a_med = a_min = None
            if ours_ok:
                o_med, o_min, err = time_cmd(
                    [args.ours, "schema", cmd, "--manifest-path", manifest], args.runs_ours, 2)
                if err:
                    note("ours %s (%d) failed: %s" % (cmd, n, " | ".join(err)))
            if alembic_ok:
                a_med, a_min, err = time_cmd([args.alembic, "-c", ini, cmd], args.runs_alembic, 1)
                if err:
                    note("alembic %s (%d) failed: %s" % (cmd, n, " | ".join(err)))
            ratio = a_med / o_med if (a_med and o_med) else None
            ratio_min = a_min / o_min if (a_min and o_min) else None
            checks = []
            if o_med is not None and n >= 10000:
                checks.append(("<50ms", o_med < TARGET_MS))
            if ratio is not None:
                checks.append((">=20x", ratio >= TARGET_RATIO))
            verdict = " ".join("%s %s" % (name, "PASS" if ok else "FAIL") for name, ok in checks) or "n/a"
            verdicts += [ok for _, ok in checks]
            rows.append((n, cmd, fmt(o_med, o_min), fmt(a_med, a_min),
                         "%6.1fx (%5.1fx)" % (ratio, ratio_min) if ratio else "%15s" % "-", verdict))

    print()
    print("%7s  %-8s  %20s  %20s  %15s  %s"
          % ("N", "command", "ours ms med (min)", "alembic ms med (min)", "ratio med (min)", "targets"))
    for r in rows:
        print("%7d  %-8s  %20s  %20s  %15s  %s" % r)
    print()
    print("targets: ours under %.0f ms at 10,000 revisions; alembic/ours at least %.0fx."
          % (TARGET_MS, TARGET_RATIO))
    print("verdicts use medians; on a busy machine the minimums show what each tool costs undisturbed.")
    if not verdicts:
        print("overall: nothing to compare (see the notes above)")
    else:
        print("overall: %s" % ("PASS" if all(verdicts) else "FAIL"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # a report: say what broke, never fail the caller
        print("bench: run.py stopped: %r" % (e,))
        sys.exit(0)
