#!/usr/bin/env bash
# The testkit's tests, and proof that they clean up after themselves.
#
# Runs them with `cargo test` (one process per test binary, tests on
# threads) and with `cargo nextest run` (a process per test), on a cache
# directory and a temp directory of their own. After each run, once the
# shared server's idle timeout has passed, it checks that:
#   - no process of ours remains (postgres, its supervisor), found by the
#     directories on their command lines;
#   - nothing of ours remains in the temp directory (socket directories,
#     private clusters, temp projects, SQLite files);
#   - no test database remains on the shared cluster (an ignored test,
#     `leftovers`, lists them; it starts the cluster again, so the process
#     check runs once more after it).
#
# Usage: scripts/test-testkit.sh [--no-nextest]
set -euo pipefail
cd "$(dirname "$0")/.."

nextest=1
[[ "${1:-}" == "--no-nextest" ]] && nextest=0

scripts/ensure-postgres.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/schema-testkit-check-XXXXXX")
# The server runs as `postgres` when we are root: it must reach both.
chmod 755 "$work"
# Like /tmp: the server user removes what it made there (socket directories).
mkdir -m 1777 "$work/tmp"
mkdir -m 755 "$work/cache"
export TMPDIR="$work/tmp" SCHEMA_TESTKIT_DIR="$work/cache" SCHEMA_TESTKIT_IDLE_MS=500
unset SCHEMA_TEST_DATABASE_URL
idle_wait=15

finish() {
    local status=$?
    # Whatever a failed check found is stopped, so the machine stays clean.
    for pid in $(ours); do kill -TERM "$pid" 2>/dev/null || true; done
    rm -rf "$work"
    exit "$status"
}
trap finish EXIT

# Pids of live processes whose command line names our directories.
ours() {
    ps -eo pid=,stat=,args= | awk -v w="$work" '$2 !~ /^Z/ && index($0, w) && !/awk/ { print $1 }'
}

fail() {
    echo "test-testkit: FAILED: $*" >&2
    exit 1
}

check_processes() {
    local deadline=$((SECONDS + idle_wait))
    while [[ -n "$(ours)" ]]; do
        if ((SECONDS > deadline)); then
            ps -o pid,args -p "$(ours | paste -sd, -)" >&2 || true
            fail "processes of ours still run ${idle_wait}s after $1"
        fi
        sleep 0.2
    done
    echo "test-testkit: no process of ours remains after $1"
}

check_temp() {
    local left
    left=$(ls -A "$TMPDIR")
    [[ -z "$left" ]] || fail "left in the temp directory after $1: $(echo "$left" | tr '\n' ' ')"
    echo "test-testkit: nothing of ours remains in the temp directory after $1"
}

check_databases() {
    cargo test -q -p schema-testkit --test leftovers -- --ignored
    echo "test-testkit: no test database remains after $1"
    check_processes "the leftover check"
    check_temp "the leftover check"
}

check() {
    check_processes "$1"
    check_temp "$1"
    check_databases "$1"
}

echo "+ cargo test -p schema-testkit"
cargo test -p schema-testkit
check "cargo test"

if ((nextest)); then
    echo "+ cargo nextest run -p schema-testkit"
    cargo nextest run -p schema-testkit
    check "cargo nextest run"
fi
echo "test-testkit: ok"
