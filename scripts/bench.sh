#!/usr/bin/env bash
# Benchmark (not a test): how schemasync's run time, memory and statement count grow with the
# size of the catalog, beside `pg_dump -s` of the same database in the same run.
#
#   bash scripts/bench.sh [N ...]     (default: 100 1000; the README's table uses 100 1000 10000)
#
# For each N it generates a multi-tenant schema (a tenants table, then N tables each with a uuid
# key, a tenant foreign key, CHECKs, a JSONB column with a GIN index, a partial index, RLS with a
# policy and a comment; a view and a function every 10 tables) as several desired files, loads it
# into bench_full, and measures, on one throwaway server:
#   pg_dump -s bench_full                  the yardstick
#   schemasync drift  (bench_full)         no difference expected (exit 0)
#   schemasync plan   (bench_empty)        everything to create
# Each row: wall time, peak RSS, statements sent, and the split that --timing prints.
# SCHEMASYNC_BIN picks the binary (default: build/schemasync, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
if (($# == 0)); then set -- 100 1000; fi
if [[ -z "${PGHOST:-}" ]]; then
  if [[ -z "${SCHEMASYNC_BIN:-}" ]]; then
    bash scripts/build.sh >/dev/null
    export SCHEMASYNC_BIN=$PWD/build/schemasync
  fi
  # pg_dump locks every table in one transaction: 10,000 tables need more lock slots than the
  # default 64 per connection.
  export SCHEMASYNC_PG_OPTS="-c max_locks_per_transaction=1024 -c shared_buffers=256MB"
  exec bash scripts/with-postgres.sh bash "$0" "$@"
fi
bin=${SCHEMASYNC_BIN:-$PWD/build/schemasync}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Runs a command and prints "<wall seconds> <peak RSS MB>" to fd 3; its stdout/stderr go to
# files. Exit status kept in $dir/rc.
measure() {
  local out=$1 err=$2
  shift 2
  python3 - "$out" "$err" "$dir/rc" "$@" <<'PY' >&3
import os, resource, subprocess, sys, time
out, err, rcfile, *cmd = sys.argv[1:]
t = time.monotonic()
with open(out, "w") as o, open(err, "w") as e:
    p = subprocess.Popen(cmd, stdout=o, stderr=e)
    _, status, ru = os.wait4(p.pid, 0)
wall = time.monotonic() - t
open(rcfile, "w").write(str(os.waitstatus_to_exitcode(status)))
print(f"{wall:.2f} {ru.ru_maxrss / 1024:.0f}")
PY
}

# "parse 0.1 introspect 0.2 ..." out of --timing's lines.
split() {
  awk '/^timing: (parse|introspect|canonicalize|normalize|diff|plan) / {printf "%s %.2f / ", $2, $3}
       /^timing: statements/ {printf "statements %d", $3}' "$1"
}

rows=()
for n in "$@"; do
  rm -rf "$dir/desired" && mkdir -p "$dir/desired"
  python3 - "$n" "$dir/desired" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
with open(f"{out}/00_tenants.sql", "w") as f:
    f.write("CREATE SCHEMA app;\n"
            "CREATE TABLE app.tenants (\n  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n"
            "  name text NOT NULL UNIQUE,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n"
            "COMMENT ON TABLE app.tenants IS 'One row per customer';\n")
per_file = 500
for start in range(0, n, per_file):
    with open(f"{out}/{start // per_file + 1:02d}_tables.sql", "w") as f:
        for i in range(start, min(n, start + per_file)):
            t = f"app.t{i}"
            f.write(f"""CREATE TABLE {t} (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  quantity integer NOT NULL DEFAULT 0 CHECK (quantity >= 0),
  attributes jsonb NOT NULL DEFAULT '{{}}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX t{i}_attributes_gin ON {t} USING gin (attributes);
CREATE INDEX t{i}_live_idx ON {t} (tenant_id, created_at DESC) WHERE deleted_at IS NULL;
ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {t} USING (tenant_id = current_setting('app.tenant_id')::uuid);
COMMENT ON TABLE {t} IS 'Benchmark table {i}';
""")
            if i % 10 == 9:
                f.write(f"""CREATE VIEW app.t{i}_live AS
  SELECT id, tenant_id, name, created_at FROM {t} WHERE deleted_at IS NULL;
CREATE FUNCTION app.t{i}_count(p_tenant uuid) RETURNS bigint
  LANGUAGE sql STABLE AS $$ SELECT count(*) FROM {t} WHERE tenant_id = p_tenant $$;
""")
PY
  dropdb --if-exists bench_full 2>/dev/null; dropdb --if-exists bench_empty 2>/dev/null
  createdb bench_full && createdb bench_empty
  cat "$dir"/desired/*.sql | psql -Xq -v ON_ERROR_STOP=1 -d bench_full >/dev/null
  psql -Xq -d bench_full -c "VACUUM ANALYZE" >/dev/null

  dump=$(measure /dev/null "$dir/dump.err" pg_dump -s -d bench_full 3>&1)
  [[ $(cat "$dir/rc") == 0 ]] || { cat "$dir/dump.err" >&2; exit 1; }
  drift=$(measure "$dir/drift.out" "$dir/drift.err" "$bin" drift --timing --db dbname=bench_full --desired "$dir/desired" 3>&1)
  if [[ $(cat "$dir/rc") != 0 ]]; then
    echo "bench: drift at N=$n exited $(cat "$dir/rc") (0 expected):" >&2
    head -20 "$dir/drift.out" "$dir/drift.err" >&2
    exit 1
  fi
  plan=$(measure "$dir/plan.out" "$dir/plan.err" "$bin" plan --timing --db dbname=bench_empty --desired "$dir/desired" 3>&1)
  if [[ $(cat "$dir/rc") != 0 && $(cat "$dir/rc") != 2 ]]; then
    echo "bench: plan at N=$n exited $(cat "$dir/rc"):" >&2
    head -20 "$dir/plan.err" >&2
    exit 1
  fi
  read -r dw dm <<<"$dump"
  read -r fw fm <<<"$drift"
  read -r pw pm <<<"$plan"
  rows+=("| $n | $dw s, $dm MB | $fw s, $fm MB | $(split "$dir/drift.err") | $pw s, $pm MB | $(split "$dir/plan.err") |")
  echo "bench: N=$n done" >&2
done

echo "| tables | \`pg_dump -s\` | \`drift\` (in sync) | drift split | \`plan\` (empty database) | plan split |"
echo "|---:|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
