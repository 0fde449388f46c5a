#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for the test suite and the benches.
#
#   .ci/postgres.sh start DIR [PORT]   initdb into DIR (as a non-root user when run as root),
#                                      listen on 127.0.0.1:PORT and a unix socket in DIR,
#                                      print the SQLAlchemy URL on stdout
#   .ci/postgres.sh stop DIR           stop it (fast shutdown) and delete DIR
#
# Uses Debian's server binaries (apt-get install postgresql) or whatever `pg_config --bindir` finds.
# Durability is switched off (fsync, full_page_writes): this server only ever holds test data.
set -euo pipefail

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  echo "no PostgreSQL server binaries found (apt-get install postgresql)" >&2
  exit 1
}

# initdb and postgres refuse to run as root: run them as an unprivileged account.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if ! id waybill-pg >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin waybill-pg 2>/dev/null \
        || adduser --system --no-create-home waybill-pg >/dev/null
    fi
    runuser -u waybill-pg -- "$@"
  else
    "$@"
  fi
}

cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }
bindir="$(find_bindir)"

case "$cmd" in
  start)
    port="${3:-55432}"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [ "$(id -u)" -eq 0 ]; then as_owner true; chown waybill-pg "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U waybill -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_owner "$bindir/initdb" -D "$dir/data" -U waybill -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off \
       -c synchronous_commit=off -c max_connections=300 -c shared_buffers=128MB" >/dev/null
    echo "postgresql+psycopg://waybill@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
