#!/usr/bin/env bash
# Benchmark (not a test): times `drift` (introspect + normalize + diff) and `plan` from an
# empty database for a generated schema of N tables (default 1000), each with an identity
# key, a CHECK, a FK to the previous table, an index, RLS and a policy.
# Usage: bash scripts/bench.sh [N]   (builds first; runs inside a throwaway PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
if [[ -z "${PGHOST:-}" ]]; then
  bash scripts/build.sh >/dev/null
  exec bash scripts/with-postgres.sh bash "$0" "$n"
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$n" > "$dir/schema.sql" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    ref = f" REFERENCES t{i-1}(id)" if i else ""
    print(f"CREATE TABLE t{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id uuid NOT NULL, "
          f"name text NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now(), "
          f"amount numeric(12,2) CHECK (amount >= 0), ref bigint{ref});")
    print(f"CREATE INDEX t{i}_tenant_idx ON t{i} (tenant_id, created_at DESC);")
    print(f"ALTER TABLE t{i} ENABLE ROW LEVEL SECURITY;")
    print(f"CREATE POLICY iso ON t{i} USING (tenant_id = current_setting('app.tenant', true)::uuid);")
PY
createdb bench_empty
createdb bench_full
psql -Xq -v ON_ERROR_STOP=1 -d bench_full -f "$dir/schema.sql"
echo "== $n tables: plan from an empty database"
time build/schemasync plan --db dbname=bench_empty --desired "$dir" > /dev/null
echo "== $n tables: drift on a database in sync"
time build/schemasync drift --db dbname=bench_full --desired "$dir"
