#!/usr/bin/env bash
# The main job on a fresh machine: build cargo schema, show the example
# project's revision graph, apply it to the embedded default database
# (SQLite, target/schema/dev.sqlite) and show where the database is; then
# write new revisions (a branch and its merge) in a scratch copy of the
# example and show its history.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "cargo schema $*"; "$bin" schema --manifest-path examples/trigpoint/Cargo.toml "$@"; }

cargo build -q -p cargo-schema
bin="$PWD/target/debug/cargo-schema"

run history --graph
run heads
run upgrade heads
run current
run status
run downgrade -1
run upgrade head

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src"
touch "$scratch/src/lib.rs"
cp -r examples/trigpoint/migrations "$scratch/"
# A package of its own (not a member of this workspace) with the example's
# migrations.
cat > "$scratch/Cargo.toml" <<'TOML'
[package]
name = "trigpoint-scratch"
version = "0.1.0"
edition = "2024"

[package.metadata.schema]
migrations = "migrations"

[workspace]
TOML
scratch_run() { say "cargo schema $*   (in a scratch copy)"; (cd "$scratch" && "$bin" schema "$@"); }
scratch_run revision -m "add photo caption"
scratch_run revision -m "create invoices" --head base --branch-label invoicing
scratch_run heads
scratch_run merge -m "merge invoicing" heads
scratch_run history --graph
