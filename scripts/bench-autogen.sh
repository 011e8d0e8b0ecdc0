#!/usr/bin/env bash
# Benchmark (a report, not a test): replay and `revision --autogenerate` as
# whole processes, beside `alembic revision --autogenerate` on an equivalent
# SQLAlchemy model set, measured side by side in one run.
#
# Targets (issue 4): replaying 1,000 revisions under 100 ms; autogenerate
# against a 500-table schema with 5 changes under 1 s as a whole process.
# Machines are noisy, so medians and minimums are both printed.
#
#   scripts/bench-autogen.sh
#   BENCH_RUNS_OURS=20 BENCH_RUNS_ALEMBIC=5 scripts/bench-autogen.sh
#
# What it measures:
#   - replay, in process: the figure schema-core's replay test prints for a
#     chain of 1,000 revisions (built once with cargo test --release);
#   - replay, whole process: `schema revision --autogenerate` on a generated
#     chain of 1,000 revisions whose models equal head ("no changes
#     detected": every revision replayed, every model parsed), per dialect;
#   - autogenerate: 500 tables created by 50 revisions, models with five
#     changes (add a column, drop a column, add an index, change a type, add
#     a table), per dialect (autogenerate replays; it connects to nothing),
#     the written file checked and deleted between runs; and Alembic's
#     autogenerate on the same final schema as SQLAlchemy tables, against a
#     SQLite file brought to the old schema by `schema upgrade head`.
#
# It builds cargo-schema in release mode (retrying once after a minute, as
# other work may be mid-edit), uses Alembic and SQLAlchemy from a venv under
# target/bench/venv (installing them with pip, skipping the Alembic column if
# that fails), installs hyperfine with apt-get when running as root and it is
# missing (otherwise times with a loop in Python), and always exits 0.

set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
bench="$target/bench"
mkdir -p "$bench"

say() { printf 'bench: %s\n' "$*"; }

retry_once() {
    "$@" && return 0
    say "NOTE: '$*' failed; retrying in 60 s (another change may be mid-edit)" >&2
    sleep 60
    "$@"
}

# 1. Ours, in release mode.
ours="$target/release/cargo-schema"
say "building cargo-schema (release)"
if ! retry_once cargo build --release --quiet -p cargo-schema; then
    say "NOTE: the release build of cargo-schema failed; its columns are skipped"
    ours=""
fi

# The replay test's own figure (1,000 revisions replayed in process).
replay_test=""
say "building schema-core's replay test (release)"
if json="$(retry_once cargo test --release --quiet -p schema-core --features sql --test replay \
    --no-run --message-format=json 2>/dev/null)"; then
    replay_test="$(printf '%s\n' "$json" | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "replay":
        print(m["executable"])
')"
fi
[ -n "$replay_test" ] || say "NOTE: no replay test binary; the in-process replay figure is skipped"

# 2. Alembic and SQLAlchemy in a venv of their own.
alembic="$bench/venv/bin/alembic"
if ! { [ -x "$alembic" ] && "$bench/venv/bin/python" -c 'import alembic, sqlalchemy' 2>/dev/null; }; then
    say "installing alembic and sqlalchemy into $bench/venv"
    if ! { { [ -x "$bench/venv/bin/pip" ] || python3 -m venv "$bench/venv"; } &&
        "$bench/venv/bin/pip" install --quiet alembic sqlalchemy; }; then
        say "NOTE: could not install alembic with pip; the alembic column is skipped"
    fi
fi
if [ -x "$alembic" ] && "$bench/venv/bin/python" -c 'import alembic, sqlalchemy' 2>/dev/null; then
    say "$("$alembic" --version), SQLAlchemy $("$bench/venv/bin/python" -c 'import sqlalchemy; print(sqlalchemy.__version__)')"
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

# 4. The projects.
if ! python3 scripts/bench/autogen_gen.py replay 1000 "$bench/autogen-replay-1000" ||
    ! python3 scripts/bench/autogen_gen.py autogen 500 10 "$bench/autogen-500"; then
    say "NOTE: generating the benchmark projects failed; nothing to time"
    exit 0
fi

# 5. Time and report.
python3 scripts/bench/autogen_run.py --ours "$ours" --alembic "$alembic" \
    --replay "$bench/autogen-replay-1000" --autogen "$bench/autogen-500" \
    --replay-test "$replay_test" \
    --runs-ours "${BENCH_RUNS_OURS:-10}" --runs-alembic "${BENCH_RUNS_ALEMBIC:-3}"
exit 0
