#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster, then removes the cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# The server listens on a Unix socket only, in a fresh temporary folder. The command sees
# PGHOST, PGPORT, PGUSER=postgres and PGDATABASE=postgres (trust auth, no password). The server
# is stopped and the folder deleted however the command ends; the script exits with the
# command's status. SCHEMASYNC_TEST_PORT overrides the port number (default 55500);
# SCHEMASYNC_PG_OPTS adds server options (e.g. "-c max_locks_per_transaction=256").
set -euo pipefail

if (($# == 0)); then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 64
fi

bindir=$(pg_config --bindir 2>/dev/null || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  bindir=/usr/lib/postgresql/15/bin
fi
if [[ ! -x "$bindir/initdb" || ! -x "$bindir/pg_ctl" ]]; then
  echo "with-postgres: no initdb/pg_ctl in $bindir (run scripts/install-deps.sh)" >&2
  exit 1
fi

port=${SCHEMASYNC_TEST_PORT:-55500}
# /tmp rather than $TMPDIR: a Unix socket path must stay under ~107 bytes.
dir=$(mktemp -d /tmp/schemasync-pg.XXXXXX)
data=$dir/data
started=0

# initdb refuses to run as root: run the cluster as the postgres OS user then.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    # cd first: the caller's folder may be closed to postgres (e.g. under /root).
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# shellcheck disable=SC2317  # cleanup and forward run from traps
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if ((started)); then
    as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  return "$rc"
}
# On INT/TERM/HUP pass the signal on to the command, wait for it, then clean up.
child=
# shellcheck disable=SC2317
forward() {
  if [[ -n "$child" ]]; then
    kill -"$1" "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit "$2"
}
trap cleanup EXIT
trap 'forward INT 130' INT
trap 'forward TERM 143' TERM
trap 'forward HUP 129' HUP

if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user (install postgresql-15)" >&2
    exit 1
  fi
  chown postgres: "$dir"
fi

if ! as_pg "$bindir/initdb" -D "$data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi

started=1
if ! as_pg "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c full_page_writes=off ${SCHEMASYNC_PG_OPTS:-}" \
    start >/dev/null; then
  echo "with-postgres: server did not start:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi

echo "with-postgres: $("$bindir/postgres" --version) on socket $dir/.s.PGSQL.$port (PGHOST=$dir PGPORT=$port PGUSER=postgres)" >&2

export PGHOST=$dir PGPORT=$port PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD PGPASSFILE PGSERVICE PGHOSTADDR DATABASE_URL

# In the background (stdin kept) rather than exec'd, so that a signal reaches the trap at once
# and the cleanup always runs.
set +e
if { : <&0; } 2>/dev/null; then
  "$@" <&0 &
else
  "$@" </dev/null &
fi
child=$!
wait "$child"
status=$?
set -e
exit "$status"
