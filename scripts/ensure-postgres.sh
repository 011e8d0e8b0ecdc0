#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries (initdb and postgres) are
# installed, for the testkit's throwaway clusters. Quiet when they are.
#
# Looks where the testkit looks (testkit/src/cluster/binaries.rs): PG_BIN,
# `pg_config --bindir`, PATH, /usr/lib/postgresql/*/bin, /usr/pgsql-*/bin,
# /usr/local/pgsql/bin. When none has them: as root, installs Debian's
# `postgresql` package; otherwise says what to install and exits 1.
# (Installing the package also starts a system server on port 5432; the
# testkit never uses it: its clusters listen on their own Unix sockets.)
set -euo pipefail

has_server() {
    [[ -x "$1/initdb" && -x "$1/postgres" ]]
}

found() {
    if [[ -n "${PG_BIN:-}" ]]; then
        has_server "$PG_BIN" && return 0
        echo "ensure-postgres: PG_BIN=$PG_BIN does not contain initdb and postgres" >&2
        exit 1
    fi
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        [[ -n "$dir" ]] && has_server "$dir" && return 0
    fi
    command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1 && return 0
    for dir in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin /usr/local/pgsql/bin; do
        has_server "$dir" && return 0
    done
    return 1
}

found && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgres: PostgreSQL server binaries not found; installing the postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    if found; then
        exit 0
    fi
    echo "ensure-postgres: installed postgresql, but initdb and postgres are still not found" >&2
    exit 1
fi

cat >&2 <<'MSG'
ensure-postgres: the PostgreSQL server binaries (initdb, postgres) are not installed.
The tests start throwaway PostgreSQL servers and need them. Install the server:
  Debian/Ubuntu:  sudo apt-get install -y postgresql
  Fedora/RHEL:    sudo dnf install -y postgresql-server
  macOS:          brew install postgresql
or set PG_BIN to the directory holding initdb and postgres, or set
SCHEMA_TEST_DATABASE_URL to a PostgreSQL server the tests may create databases on.
MSG
exit 1
