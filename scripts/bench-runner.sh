#!/usr/bin/env bash
# Benchmark (a report, not a test): `cargo schema upgrade head`, `downgrade
# base` and `current` on a linear chain of 1,000 revisions, against
#   - the floor: `psql -X -q -1 -f` on the same SQL concatenated,
#   - `sqlx migrate run` / `revert --target-version 0` / `info` (sqlx-cli),
#   - `alembic upgrade head` / `downgrade base` / `current`,
# measured side by side in one run on a throwaway PostgreSQL cluster of its
# own, plus the peak memory (max RSS) of our `upgrade head`.
#
# Targets (issue 3): upgrade and downgrade within 1.1x of the floor and no
# slower than sqlx; `current` no slower than `sqlx migrate info`; peak memory
# under 30 MiB. Machines are noisy, so read the ratios (all tools take turns
# in every round), not the absolute figures; medians and minimums are printed.
#
#   scripts/bench-runner.sh
#   BENCH_REVISIONS=200 BENCH_RUNS=3 BENCH_CURRENT_RUNS=10 scripts/bench-runner.sh
#   BENCH_PG_OPTS="-c shared_buffers=16MB" scripts/bench-runner.sh
#
# Also timed, for context and not a target: ours with --single-transaction
# (row `ours-1tx`), the same one-transaction shape as the floor's `psql -1`;
# BENCH_SINGLE_TX=0 leaves it out. The PASS/FAIL verdicts use the median of
# the per-round ratios (each round runs every tool back to back on a fresh
# database, in rotating order), which a load spike skews less than a ratio
# of two medians taken minutes apart.
#
# It builds cargo-schema in release mode, installs sqlx-cli with cargo install
# into target/bench/tools and Alembic + psycopg2 with pip into
# target/bench/venv (skipping a tool's rows with a note where that fails),
# installs `time` with apt-get when running as root and it is missing, and
# always exits 0. It never touches the system PostgreSQL: its server listens
# on a Unix socket in a temp dir only, and is stopped and removed on exit.

set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
bench="$target/bench"
n="${BENCH_REVISIONS:-1000}"
mkdir -p "$bench"

say() { printf 'bench: %s\n' "$*"; }

# 1. Ours, in release mode.
ours="$target/release/cargo-schema"
say "building cargo-schema (release)"
if ! cargo build --release -p cargo-schema >"$bench/runner-build.log" 2>&1; then
    grep -E '^error' "$bench/runner-build.log" | head -n 5
    say "NOTE: the release build of cargo-schema failed (see $bench/runner-build.log); our rows are skipped"
    ours=""
fi

# 2. sqlx-cli, built once into target/bench/tools (several minutes on 2 cores).
sqlx="$bench/tools/bin/sqlx"
if [ ! -x "$sqlx" ]; then
    say "installing sqlx-cli into $bench/tools (this takes a while)"
    if ! cargo install sqlx-cli --no-default-features --features postgres,rustls --locked \
        --root "$bench/tools" >"$bench/sqlx-install.log" 2>&1; then
        say "NOTE: cargo install sqlx-cli failed (see $bench/sqlx-install.log); the sqlx rows are skipped"
    fi
fi
if [ -x "$sqlx" ]; then say "$("$sqlx" --version)"; else sqlx=""; fi

# 3. Alembic + psycopg2 in a venv of its own.
venv="$bench/venv"
alembic="$venv/bin/alembic"
if ! { [ -x "$alembic" ] && "$venv/bin/python" -c 'import psycopg2' 2>/dev/null; }; then
    say "installing alembic and psycopg2-binary into $venv"
    if ! { { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } &&
        "$venv/bin/pip" install --quiet alembic psycopg2-binary; }; then
        say "NOTE: could not install alembic/psycopg2 with pip; the alembic rows are skipped"
    fi
fi
if [ -x "$alembic" ] && "$venv/bin/python" -c 'import psycopg2' 2>/dev/null; then
    say "$("$alembic" --version)"
else
    alembic=""
fi

# 4. GNU time for the peak memory.
timebin=/usr/bin/time
if [ ! -x "$timebin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing time with apt-get"
    apt-get install -y -qq time >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; }
fi
[ -x "$timebin" ] || { say "NOTE: no /usr/bin/time; peak memory is not measured"; timebin=""; }

# 5. PostgreSQL server binaries.
pgbin="${PG_BIN:-}"
if [ -z "$pgbin" ] && command -v pg_config >/dev/null 2>&1; then
    pgbin="$(pg_config --bindir)"
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_ctl" ]; then
    say "NOTE: no PostgreSQL server binaries found (set PG_BIN); nothing to measure"
    exit 0
fi
say "PostgreSQL: $("$pgbin/postgres" --version)"

# 6. A throwaway cluster: initdb into target/bench/pg, a socket in a temp dir.
pgdata="$bench/pg"
sockdir="$(mktemp -d /tmp/bench-runner-sock.XXXXXX)"
port="${BENCH_PG_PORT:-55439}"
as_pg=()
if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root.
    if command -v runuser >/dev/null 2>&1; then as_pg=(runuser -u postgres --); else as_pg=(su postgres -s /bin/sh -c); fi
fi
run_pg() {
    if [ "${#as_pg[@]}" -eq 0 ]; then
        "$@"
    elif [ "${as_pg[0]}" = runuser ]; then
        "${as_pg[@]}" "$@"
    else
        "${as_pg[@]}" "$(printf '%q ' "$@")"
    fi
}
started=""
cleanup() {
    if [ -n "$started" ]; then
        run_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$pgdata" "$sockdir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

rm -rf "$pgdata"
mkdir -p "$pgdata"
chmod 700 "$pgdata" "$sockdir"
if [ "$(id -u)" = 0 ]; then chown postgres: "$pgdata" "$sockdir"; fi
say "initdb into $pgdata"
if ! run_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --no-sync >"$bench/runner-initdb.log" 2>&1; then
    say "NOTE: initdb failed (see $bench/runner-initdb.log); nothing to measure"
    exit 0
fi
# Same conditions for every tool: durability off, Unix socket only. The
# floor runs all 1,000 revisions in one transaction, hence the lock table.
opts="-c listen_addresses='' -k $sockdir -p $port -c fsync=off -c synchronous_commit=off"
opts="$opts -c full_page_writes=off -c max_locks_per_transaction=1024"
# Extra server settings, e.g. BENCH_PG_OPTS="-c shared_buffers=16MB" to see
# how much of a per-revision transaction's cost is the server's (each commit
# that drops tables scans all of shared_buffers once; one transaction
# dropping 1,000 tables scans it once in all).
opts="$opts ${BENCH_PG_OPTS:-}"
started=1 # from here on, cleanup stops whatever pg_ctl may have started
if ! run_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -o "$opts" -w -t 60 start >/dev/null 2>&1; then
    say "NOTE: the server did not start:"
    tail -n 20 "$pgdata/server.log" 2>/dev/null
    exit 0
fi
say "server on socket $sockdir port $port"

# 7. The migrations, four equivalent forms.
gen="$bench/runner-$n"
if ! python3 scripts/bench/runner_gen.py "$n" "$gen"; then
    say "NOTE: generating the migrations failed"
    exit 0
fi

# 8. Time and report.
python3 scripts/bench/runner_run.py \
    --gen "$gen" --pgbin "$pgbin" --socket "$sockdir" --port "$port" \
    --ours "$ours" --sqlx "$sqlx" --alembic "$alembic" --time "$timebin" \
    --runs "${BENCH_RUNS:-5}" --current-runs "${BENCH_CURRENT_RUNS:-20}" \
    --memory-runs "${BENCH_MEMORY_RUNS:-3}" --single-tx "${BENCH_SINGLE_TX:-1}"
exit 0
