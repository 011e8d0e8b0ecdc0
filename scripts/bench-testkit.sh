#!/usr/bin/env bash
# Benchmark of the testkit (issue 5), measured in one run beside the floors
# on this machine. Not a test: it prints figures and ratios, and says for
# each target whether it was met.
#
# Floors, with the server binaries alone (initdb, pg_ctl, psql):
#   - initdb + server start, into a fresh data directory;
#   - plain server start: `pg_ctl start -w` on a stopped cluster;
#   - CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY from a template with
#     the 50 tables of the 50-revision project (server-side time).
# The testkit (testkit/examples/bench.rs, release build):
#   - a warm start of the test cluster (its cached data directory exists,
#     no server runs), in a fresh process: target < 1.5x plain start;
#   - a fresh migrated database for a 50-revision project: target within
#     1.5x of the bare template clone, and >= 10x faster than creating a
#     database and running the 50 migrations (what #[sqlx::test] does);
#   - the round trip of 100 revisions: target < 10 s.
#
# Each figure is the median of REPEAT runs (default 7). Usage:
#   scripts/bench-testkit.sh [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-7}

scripts/ensure-postgres.sh
cargo build -q --release -p schema-testkit --example bench
bench=target/release/examples/bench

bindir() {
    if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
    if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        pg_config --bindir
        return
    fi
    local d
    for d in /usr/lib/postgresql/*/bin; do [[ -x "$d/initdb" ]] && { echo "$d"; return; }; done
    dirname "$(command -v initdb)"
}
bin=$(bindir)

work=$(mktemp -d "${TMPDIR:-/tmp}/schema-testkit-bench-XXXXXX")
chmod 755 "$work"
# As root, the server runs as `postgres` (initdb refuses root).
as_server=()
if [[ $(id -u) -eq 0 ]]; then
    as_server=(runuser -u "${SCHEMA_TESTKIT_PG_USER:-postgres}" --)
    chown "${SCHEMA_TESTKIT_PG_USER:-postgres}" "$work"
fi
mkdir -m 755 "$work/cache"
[[ $(id -u) -eq 0 ]] && chown "${SCHEMA_TESTKIT_PG_USER:-postgres}" "$work/cache"
unset SCHEMA_TEST_DATABASE_URL
export SCHEMA_TESTKIT_DIR="$work/cache" SCHEMA_TESTKIT_IDLE_MS=100

data="$work/floor-data"
settings="-k $work -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
pg() { "${as_server[@]}" "$@"; }
psql_() { "$bin/psql" -h "$work" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

finish() {
    local status=$?
    pg "$bin/pg_ctl" -D "$data" stop -m immediate -w >/dev/null 2>&1 || true
    # The shared test cluster stops by itself once idle; wait for it so that
    # removing its directory does not pull the ground from under it.
    wait_cluster_stopped || true
    rm -rf "$work"
    exit "$status"
}
trap finish EXIT

now() { date +%s%N; }
ms_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<" ? v < t : v >= t); print (ok ? "met" : "NOT MET") }'; }
field() { grep "^$1=" | cut -d= -f2; }

wait_cluster_stopped() {
    local i
    for i in $(seq 1 200); do
        ps -eo args= | grep -F "$work/cache" | grep -qv grep || return 0
        sleep 0.05
    done
    return 1
}

echo "bench-testkit: PostgreSQL $("$bin/postgres" --version | awk "{ print \$3 }"), $(nproc) CPU(s), median of $repeat"

# --- Floors -----------------------------------------------------------------
initdb_start=()
for _ in $(seq "$repeat"); do
    rm -rf "$data"
    t=$(now)
    pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
    pg "$bin/pg_ctl" -D "$data" -l "$work/floor.log" -o "$settings" start -w >/dev/null
    initdb_start+=("$(ms_since "$t")")
    pg "$bin/pg_ctl" -D "$data" stop -m fast -w >/dev/null
done
initdb_start_ms=$(printf '%s\n' "${initdb_start[@]}" | median)

starts=()
for _ in $(seq "$repeat"); do
    t=$(now)
    pg "$bin/pg_ctl" -D "$data" -l "$work/floor.log" -o "$settings" start -w >/dev/null
    starts+=("$(ms_since "$t")")
    pg "$bin/pg_ctl" -D "$data" stop -m fast -w >/dev/null
done
start_ms=$(printf '%s\n' "${starts[@]}" | median)

pg "$bin/pg_ctl" -D "$data" -l "$work/floor.log" -o "$settings" start -w >/dev/null
psql_ -c "CREATE DATABASE tpl"
for i in $(seq 1 50); do
    echo "CREATE TABLE t$i (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12, 2) NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now()$([[ $i -gt 1 ]] && echo ", prev_id bigint REFERENCES t$((i - 1)) (id)")); CREATE INDEX ix_t${i}_name ON t$i (name);"
done | psql_ -d tpl
clone_sql=$(for i in $(seq "$repeat"); do
    echo "CREATE DATABASE c$i TEMPLATE tpl STRATEGY FILE_COPY;"
done)
clone_floor_ms=$( (echo '\timing on'; echo "$clone_sql") | psql_ | awk '/^Time:/ { print $2 }' | median)
pg "$bin/pg_ctl" -D "$data" stop -m fast -w >/dev/null

# --- The testkit --------------------------------------------------------------
# Cold: the first use makes the cached data directory (initdb).
cold=$("$bench" warm-start)
cold_ms=$(field start_ms <<<"$cold")
wait_cluster_stopped
warm=()
for _ in $(seq "$repeat"); do
    out=$("$bench" warm-start)
    [[ $(field start_kind <<<"$out") == warm ]] || { echo "expected a warm start: $out" >&2; exit 1; }
    warm+=("$(field start_ms <<<"$out")")
    wait_cluster_stopped
done
warm_ms=$(printf '%s\n' "${warm[@]}" | median)

fixtures=$("$bench" fixtures 50 "$repeat")
no_spares=$(SCHEMA_TESTKIT_SPARES=0 "$bench" fixtures 50 "$repeat")
clone_ms=$(field clone_ms <<<"$fixtures")
migrated_ms=$(field migrated_ms <<<"$fixtures")
migrate_all_ms=$(field create_and_migrate_ms <<<"$fixtures")
migrated_clone_ms=$(field migrated_ms <<<"$no_spares")

round_trip=$("$bench" round-trip 100)
round_trip_ms=$(field round_trip_ms <<<"$round_trip")

# --- Report -------------------------------------------------------------------
row() { printf '  %-58s %10s  %s\n' "$@"; }
echo
echo "floors"
row "initdb + server start" "$initdb_start_ms ms" ""
row "plain server start (pg_ctl start -w)" "$start_ms ms" ""
row "CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY (50 tables)" "$clone_floor_ms ms" "server side (psql \\timing)"
echo
echo "the testkit"
r=$(ratio "$warm_ms" "$start_ms")
row "test cluster, warm start (cached data directory)" "$warm_ms ms" "$r x plain start; target < 1.5x: $(verdict "$r" "<" 1.5)"
row "test cluster, cold start (initdb, first run only)" "$cold_ms ms" "$(ratio "$cold_ms" "$initdb_start_ms") x initdb + start"
row "bare template clone, 50 revisions (on an open connection)" "$clone_ms ms" ""
r=$(ratio "$migrated_ms" "$clone_ms")
row "migrated(): fresh database at head, 50 revisions, ready pool" "$migrated_ms ms" "$r x bare clone; target within 1.5x: $(verdict "$r" "<" 1.5)"
row "  the same with SCHEMA_TESTKIT_SPARES=0 (a clone per test)" "$migrated_clone_ms ms" "$(ratio "$migrated_clone_ms" "$clone_ms") x bare clone"
r=$(ratio "$migrate_all_ms" "$migrated_ms")
row "create a database and run the 50 migrations" "$migrate_all_ms ms" "migrated() is $r x faster; target >= 10x: $(verdict "$r" ">=" 10)"
row "  against a clone per test" "" "$(ratio "$migrate_all_ms" "$migrated_clone_ms") x faster"
s=$(awk -v m="$round_trip_ms" 'BEGIN { printf "%.2f", m / 1000 }')
row "round trip of 100 revisions" "$s s" "target < 10 s: $(verdict "$s" "<" 10)"
