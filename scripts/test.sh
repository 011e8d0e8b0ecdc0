#!/usr/bin/env bash
# The project's test command (what CI runs): the server binaries the
# testkit needs, then every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

run() {
    echo "+ $*"
    "$@"
}

run scripts/ensure-postgres.sh
run cargo test --workspace --all-targets
