#!/usr/bin/env bash
# The README's first command: set up, build, start a throwaway PostgreSQL, plan desired/ against
# an empty database, apply it, and check that no drift remains.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${1:-}" != --inside-postgres ]]; then
  echo "== installing dependencies"
  bash scripts/install-deps.sh
  echo "== building"
  bash scripts/build.sh
  echo "== starting a throwaway PostgreSQL"
  exec bash scripts/with-postgres.sh bash scripts/demo.sh --inside-postgres
fi

# From here on PGHOST/PGPORT/PGUSER point at the throwaway server.
echo "== creating database demo"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE demo'

echo "== schemasync plan (desired/ against the empty database)"
build/schemasync plan --db "dbname=demo" --desired desired

echo "== schemasync apply"
build/schemasync apply --db "dbname=demo" --desired desired --yes

echo "== schemasync drift"
set +e
build/schemasync drift --db "dbname=demo" --desired desired
rc=$?
set -e
if ((rc == 0)); then
  echo "== in sync: the live schema matches desired/"
else
  echo "== drift check failed (exit $rc)" >&2
  exit "$rc"
fi
