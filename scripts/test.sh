#!/usr/bin/env bash
# The project's test command (what CI runs): the server binaries the
# testkit needs, every test of the workspace, and the testkit's cleanup
# check.
set -euo pipefail
cd "$(dirname "$0")/.."

run() {
    echo "+ $*"
    "$@"
}

run scripts/ensure-postgres.sh
run scripts/ensure-libpq.sh
run cargo test --workspace --all-targets
# The testkit's cleanup proof: its tests again under cargo test and (when
# installed) cargo-nextest, then no process, temp file or test database of
# ours may remain.
if cargo nextest --version >/dev/null 2>&1; then
    run scripts/test-testkit.sh
else
    echo "cargo-nextest is not installed: checking the testkit's cleanup under cargo test only"
    run scripts/test-testkit.sh --no-nextest
fi
