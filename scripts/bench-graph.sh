#!/usr/bin/env bash
# Benchmark (a report, not a test): `cargo schema history` and `heads` as
# whole processes on generated revision graphs of 1,000 and 10,000 revisions
# with branches and merges, beside `alembic history` / `alembic heads` on the
# same graph, measured side by side in one run.
#
# Targets (issue 2): ours under 50 ms at 10,000 revisions, and at least 20
# times faster than Alembic. Machines are noisy, so read the ratio, not the
# absolute figure; medians and minimums are both printed.
#
#   scripts/bench-graph.sh            # sizes 1000 and 10000
#   BENCH_SIZES="1000" scripts/bench-graph.sh
#
# It builds cargo-schema in release mode, installs Alembic with pip into a
# venv under target/bench/venv (skipping the Alembic columns if that fails),
# installs hyperfine with apt-get when running as root and it is missing
# (otherwise times with a loop in Python), and always exits 0.

set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
bench="$target/bench"
sizes="${BENCH_SIZES:-1000 10000}"
mkdir -p "$bench"

say() { printf 'bench: %s\n' "$*"; }

# 1. Ours, in release mode.
ours="$target/release/cargo-schema"
say "building cargo-schema (release)"
if ! cargo build --release --quiet -p cargo-schema; then
    say "NOTE: the release build of cargo-schema failed; its columns are skipped"
    ours=""
fi

# 2. Alembic in a venv of its own.
alembic="$bench/venv/bin/alembic"
if [ ! -x "$alembic" ]; then
    say "installing alembic into $bench/venv"
    if ! { python3 -m venv "$bench/venv" && "$bench/venv/bin/pip" install --quiet alembic; }; then
        say "NOTE: could not install alembic with pip; the alembic columns are skipped"
    fi
fi
if [ -x "$alembic" ]; then
    say "$("$alembic" --version)"
else
    alembic=""
fi

# 3. A timer: hyperfine if we can have it.
if ! command -v hyperfine >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing hyperfine with apt-get"
    apt-get install -y -qq hyperfine >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; } ||
        say "NOTE: no hyperfine; timing with a loop in Python"
fi

# 4. The graphs, the same ids and edges for both tools.
graphs=()
for n in $sizes; do
    if python3 scripts/bench/gen_graph.py "$n" "$bench/graph-$n"; then
        graphs+=("$bench/graph-$n")
    else
        say "NOTE: generating graph-$n failed"
    fi
done

# 5. Time and report.
if [ "${#graphs[@]}" -gt 0 ]; then
    python3 scripts/bench/run.py --ours "$ours" --alembic "$alembic" \
        --graphs "$(IFS=,; echo "${graphs[*]}")" \
        --runs-ours "${BENCH_RUNS_OURS:-10}" --runs-alembic "${BENCH_RUNS_ALEMBIC:-3}"
fi
exit 0
