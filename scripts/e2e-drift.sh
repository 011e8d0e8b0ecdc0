#!/usr/bin/env bash
# End to end, the workflow of issue 6 on a copy of examples/trigpoint:
#
#   1. the example builds (build.rs replays its migrations, the derive
#      checks its six models);
#   2. a field is added to `User`: `cargo build` fails at the field, naming
#      the head revision and the command to run;
#   3. `cargo schema revision --autogenerate -m "add bio to user"` writes the
#      migration;
#   4. `cargo build` passes;
#   5. the binary, with its migrations embedded and the migrations directory
#      moved away, brings a fresh SQLite and a fresh PostgreSQL database to
#      the new head, and a second run finds nothing to do.
#
#   scripts/e2e-drift.sh
#
# The copy lives in a temp dir; its build shares target/e2e-drift (so only
# the first run compiles the dependencies). PostgreSQL is a throwaway
# cluster (initdb into a temp dir, Unix socket only), as in
# scripts/bench-runner.sh; it needs the server binaries
# (scripts/ensure-postgres.sh). Exits non-zero at the first step that
# does not do what it should.

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$target/e2e-drift"
# The example's dialect follows the URL; the build must not see one.
unset DATABASE_URL
work="$(mktemp -d /tmp/e2e-drift.XXXXXX)"
app="$work/trigpoint"

say() { printf '\ne2e-drift: %s\n' "$*"; }
fail() {
    printf '\ne2e-drift: FAILED: %s\n' "$*" >&2
    exit 1
}

pgdata="" sockdir="" pg_started=""
cleanup() {
    if [ -n "$pg_started" ]; then
        run_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

say "building cargo-schema"
(cd "$root" && CARGO_TARGET_DIR="$target" cargo build -q -p cargo-schema)
schema() { (cd "$app" && "$target/debug/cargo-schema" schema "$@"); }

say "copying examples/trigpoint to $app"
mkdir -p "$app"
cp -r "$root/examples/trigpoint/src" "$root/examples/trigpoint/migrations" \
    "$root/examples/trigpoint/build.rs" "$app/"
cp "$root/Cargo.lock" "$app/Cargo.lock"
# The example's manifest, standalone: path dependencies on this workspace.
cat >"$app/Cargo.toml" <<EOF
[package]
name = "trigpoint"
version = "0.1.0"
edition = "2024"
publish = false

[package.metadata.schema]
migrations = "migrations"

[dependencies]
schema-core = { path = "$root/schema-core", features = ["sqlite", "postgres"] }
schema-macros = { path = "$root/schema-macros" }
time = { version = "0.3", features = ["formatting", "parsing", "macros"] }

[build-dependencies]
schema-core = { path = "$root/schema-core", features = ["build"] }

[workspace]
EOF

say "1. the example builds"
(cd "$app" && cargo build) || fail "the example does not build"

say "2. a field no migration creates: the build fails"
python3 - "$app/src/lib.rs" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
anchor = "    pub last_login: Option<PrimitiveDateTime>,\n"
assert anchor in text, "User.last_login not found"
text = text.replace(anchor, anchor + "    /// A few words about the walker.\n    pub bio: Option<String>,\n", 1)
open(path, "w").write(text)
PY
if (cd "$app" && cargo build) >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    fail "the build passed with a field no migration creates"
fi
cat "$work/build.log"
grep -q 'column `user.bio` does not exist at head revision `fe98439c07ed`' "$work/build.log" ||
    fail "the error does not name the column and the head revision"
grep -q 'cargo schema revision --autogenerate -m "add bio to user"' "$work/build.log" ||
    fail "the error does not say what to run"
grep -q 'pub bio: Option<String>,' "$work/build.log" || fail "the error does not point at the field"

say "3. autogenerate writes the migration"
schema revision --autogenerate -m "add bio to user" || fail "autogenerate failed"
new="$(ls -t "$app"/migrations/*_add_bio_to_user.sql 2>/dev/null | head -n 1)"
[ -n "$new" ] || fail "no revision file was written"
cat "$new"
grep -qi 'ADD COLUMN.*bio' "$new" || fail "the revision does not add the column"
rev="$(sed -n 's/^-- revision: //p' "$new")"

say "4. the build passes"
(cd "$app" && cargo build) || fail "the build fails after autogenerate"

say "5. the binary migrates a fresh SQLite database, with no migration files"
mv "$app/migrations" "$work/migrations.away"
bin="$CARGO_TARGET_DIR/debug/trigpoint"
sqlite="sqlite://$work/fresh.sqlite?mode=rwc"
(cd "$work" && DATABASE_URL="$sqlite" "$bin" >/dev/null) || fail "the binary failed on SQLite"
(cd "$work" && DATABASE_URL="$sqlite" "$bin" 2>&1 >/dev/null) | tee "$work/again.log"
grep -q "at head" "$work/again.log" || fail "a second run is not a no-op"
mv "$work/migrations.away" "$app/migrations"
schema current --database-url "$sqlite" | tee "$work/current.log"
grep -q "$rev" "$work/current.log" || fail "the SQLite database is not at $rev"

say "5. ... and a fresh PostgreSQL database"
pgbin="${PG_BIN:-}"
if [ -z "$pgbin" ] && command -v pg_config >/dev/null 2>&1; then pgbin="$(pg_config --bindir)"; fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    pgbin="$(dirname "$(command -v initdb)")"
fi
[ -x "$pgbin/initdb" ] && [ -x "$pgbin/pg_ctl" ] ||
    fail "no PostgreSQL server binaries (run scripts/ensure-postgres.sh, or set PG_BIN)"
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
pgdata="$work/pg"
sockdir="$work/sock"
port="${E2E_PG_PORT:-55437}"
mkdir -p "$pgdata" "$sockdir"
chmod 700 "$pgdata" "$sockdir"
chmod 755 "$work"
if [ "$(id -u)" = 0 ]; then chown postgres: "$pgdata" "$sockdir"; fi
run_pg "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --no-sync >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log"; fail "initdb failed"; }
pg_started=1
run_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $sockdir -p $port -c fsync=off" start >/dev/null ||
    { tail -n 20 "$pgdata/server.log"; fail "the server did not start"; }
pg="postgres://postgres@localhost/postgres?host=$sockdir&port=$port"
mv "$app/migrations" "$work/migrations.away"
(cd "$work" && DATABASE_URL="$pg" "$bin" >/dev/null) || fail "the binary failed on PostgreSQL"
(cd "$work" && DATABASE_URL="$pg" "$bin" 2>&1 >/dev/null) | tee "$work/again.log"
grep -q "at head" "$work/again.log" || fail "a second run is not a no-op"
mv "$work/migrations.away" "$app/migrations"
schema current --database-url "$pg" | tee "$work/current.log"
grep -q "$rev" "$work/current.log" || fail "the PostgreSQL database is not at $rev"

say "PASSED: build fails on the new field, autogenerate, build passes, SQLite and PostgreSQL at $rev"
