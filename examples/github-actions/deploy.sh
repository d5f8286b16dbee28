#!/usr/bin/env bash
# The deploy half of schemasync.yml: apply exactly the plan that was reviewed.
#
#   deploy.sh [--db CONNINFO] [--plan FILE] [--allow-destructive] [-- APPLY FLAGS...]
#
#   --plan FILE          the plan file pr-plan.sh wrote (default: plan.json)
#   --allow-destructive  apply a plan that holds steps that lose data (also ALLOW_DESTRUCTIVE=1);
#                        without it such a plan is refused (exit 3) and nothing changes
#   -- FLAGS             more schemasync apply flags, e.g. -- --statement-timeout 600
#
# Runs schemasync apply --plan FILE --yes. The plan carries the fingerprint of the schema it was
# made against; apply refuses it (exit 1, nothing done) when the database's schema is not that
# one any more, e.g. someone changed production by hand, or another deploy ran first: plan again.
# Exit: schemasync apply's: 0 applied and verified; 1 refused or failed (a failed transactional
# plan is rolled back); 3 destructive steps without --allow-destructive; 4 an online plan stopped
# part-way (the steps before are committed: plan again and apply the rest); 64 bad usage.
#
# Database: --db, else DATABASE_URL, else the libpq PG* environment, as schemasync reads them.
# Environment: SCHEMASYNC, the binary (default: schemasync on PATH).
set -euo pipefail

me=$(basename "$0")
usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

# --- Arguments ------------------------------------------------------------------------------------
SCHEMASYNC=${SCHEMASYNC:-schemasync}
plan=plan.json
db_args=()     # empty: schemasync falls back to DATABASE_URL, then PG*
apply_args=()  # --allow-destructive and what follows --
if [[ "${ALLOW_DESTRUCTIVE:-}" == 1 || "${ALLOW_DESTRUCTIVE:-}" == true ]]; then
  apply_args+=(--allow-destructive)
fi
need() { (($1 >= 2)) || { echo "$me: $2 needs a value" >&2; exit 64; }; }
while (($#)); do
  case "$1" in
    --db) need $# "$1"; db_args=(--db "$2"); shift 2 ;;
    --db=*) db_args=(--db "${1#--db=}"); shift ;;
    --plan) need $# "$1"; plan=$2; shift 2 ;;
    --plan=*) plan=${1#--plan=}; shift ;;
    --allow-destructive) apply_args+=(--allow-destructive); shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; apply_args+=("$@"); break ;;
    *) echo "$me: unknown argument: $1 (see --help)" >&2; exit 64 ;;
  esac
done

# --- 1. The plan file must be there (a missing artifact is an error, not "nothing to do") -----------
[[ -s "$plan" ]] || { echo "$me: no plan file at $plan (was the plan artifact downloaded?)" >&2; exit 1; }
if command -v python3 >/dev/null 2>&1; then
  # Say what is about to happen, from the plan file itself.
  python3 - "$plan" >&2 <<'PY' || { echo "$me: $plan is not a schemasync plan file" >&2; exit 1; }
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    plan = json.load(f)
if "format_version" not in plan or "steps" not in plan:
    sys.exit(1)
steps = plan["steps"]
print(f"deploy.sh: applying {len(steps)} step(s) from {sys.argv[1]}"
      + (" (destructive)" if plan.get("destructive") else ""))
PY
fi

# --- 2. Apply it: refused unless the database is still what the plan was made against --------------
rc=0
"$SCHEMASYNC" apply "${db_args[@]}" --plan "$plan" --yes "${apply_args[@]}" || rc=$?
case "$rc" in
  0) echo "$me: applied; the database matches the plan's target schema" >&2 ;;
  3) echo "$me: refused: the plan holds destructive steps; deploy again with --allow-destructive once accepted" >&2 ;;
  4) echo "$me: stopped part-way (online steps committed so far stay): make a new plan for the rest" >&2 ;;
  *) echo "$me: apply failed (exit $rc); if the database changed since the plan was made, plan again" >&2 ;;
esac
exit "$rc"
