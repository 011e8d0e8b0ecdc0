#!/usr/bin/env bash
# Makes sure libpq's development files are installed: the e2e `import`
# tests apply diesel projects with diesel's own PostgreSQL connection,
# whose pq-sys links libpq. (The tools themselves don't need it: the
# library and the CLI use diesel without a backend driver.) Quiet when
# they are.
#
# Found when pkg-config knows libpq, or `pg_config --libdir` holds
# libpq.so. When not: as root, installs Debian's `libpq-dev`; otherwise
# says what to install and exits 1.
set -euo pipefail

found() {
    if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpq; then
        return 0
    fi
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --libdir 2>/dev/null || true)
        [[ -n "$dir" && -e "$dir/libpq.so" ]] && return 0
    fi
    return 1
}

found && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-libpq: libpq's development files not found; installing libpq-dev" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends libpq-dev pkg-config >/dev/null
    if found; then
        exit 0
    fi
    echo "ensure-libpq: installed libpq-dev, but libpq is still not found" >&2
    exit 1
fi

cat >&2 <<'MSG'
ensure-libpq: libpq's development files are not installed. The e2e tests
connect to PostgreSQL through diesel, which links libpq. Install them:
  Debian/Ubuntu:  sudo apt-get install -y libpq-dev pkg-config
  Fedora/RHEL:    sudo dnf install -y libpq-devel
  macOS:          brew install libpq
MSG
exit 1
