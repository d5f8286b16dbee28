#!/usr/bin/env bash
# The pull-request half of schemasync.yml: the plan a change would run, as a PR comment and a
# plan file. Runs the same on a laptop (against a scratch database) as in CI.
#
#   pr-plan.sh [--db CONNINFO] [--desired DIR] [--base-desired DIR] [--out-dir DIR]
#              [--allow-destructive] [-- PLAN FLAGS...]
#
#   --desired DIR        the pull request's desired state (default: desired)
#   --base-desired DIR   first bring the database to this desired state (the base branch's
#                        desired/) with schemasync apply --yes. Only for a scratch database, such
#                        as the CI service container: the plan is then made against what the
#                        base branch deployed. Leave it out when --db is a staging replica of
#                        production (it already is the base). A missing or empty DIR (the PR adds
#                        desired/) is skipped: the plan starts from an empty database.
#   --out-dir DIR        where plan.md and plan.json go (default: .)
#   --allow-destructive  accept steps that lose data (also ALLOW_DESTRUCTIVE=1), once reviewed
#   -- FLAGS             more schemasync plan flags, e.g. -- --schema app --deny-hazards table_rewrite
#
# Writes OUT_DIR/plan.md (schemasync plan --format markdown: the PR comment) and OUT_DIR/plan.json
# (schemasync plan --out: the plan file that deploy.sh applies with apply --plan).
# Exit: 0 the plan can run; 3 it cannot run as is (destructive steps without
# --allow-destructive, or a --deny-hazards kind): plan.md and plan.json are still written, and
# a warning under plan.md's title says why; 1 error (plan.md then says what failed, for the comment);
# 64 bad usage. The workflow posts the comment whatever the exit, then fails the check on 3 or 1.
#
# Database: --db, else DATABASE_URL, else the libpq PG* environment, as schemasync reads them.
# Environment: SCHEMASYNC, the binary (default: schemasync on PATH); DESTRUCTIVE_HINT, the
# sentence the exit-3 warning ends with (the workflow names its PR label there).
set -euo pipefail

me=$(basename "$0")
usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

# --- Arguments ------------------------------------------------------------------------------------
SCHEMASYNC=${SCHEMASYNC:-schemasync}
desired=desired
base_desired=
out_dir=.
db_args=()     # empty: schemasync falls back to DATABASE_URL, then PG*
plan_args=()   # --allow-destructive and what follows --
if [[ "${ALLOW_DESTRUCTIVE:-}" == 1 || "${ALLOW_DESTRUCTIVE:-}" == true ]]; then
  plan_args+=(--allow-destructive)
fi
need() { (($1 >= 2)) || { echo "$me: $2 needs a value" >&2; exit 64; }; }
while (($#)); do
  case "$1" in
    --db) need $# "$1"; db_args=(--db "$2"); shift 2 ;;
    --db=*) db_args=(--db "${1#--db=}"); shift ;;
    --desired) need $# "$1"; desired=$2; shift 2 ;;
    --desired=*) desired=${1#--desired=}; shift ;;
    --base-desired) need $# "$1"; base_desired=$2; shift 2 ;;
    --base-desired=*) base_desired=${1#--base-desired=}; shift ;;
    --out-dir) need $# "$1"; out_dir=$2; shift 2 ;;
    --out-dir=*) out_dir=${1#--out-dir=}; shift ;;
    --allow-destructive) plan_args+=(--allow-destructive); shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; plan_args+=("$@"); break ;;
    *) echo "$me: unknown argument: $1 (see --help)" >&2; exit 64 ;;
  esac
done
hint=${DESTRUCTIVE_HINT:-"Once the steps are reviewed and accepted, plan again with --allow-destructive (or --allow-hazards KIND)."}

mkdir -p "$out_dir"
md="$out_dir/plan.md"
json="$out_dir/plan.json"
rm -f "$md" "$json"
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# For plan.md when something went wrong: what failed and schemasync's message (passwords in
# connection strings are not echoed by schemasync).
write_failure() {
  {
    echo "### schemasync plan: failed"
    echo
    echo "$1 (exit $2):"
    echo
    echo '```'
    cat "$err"
    echo '```'
  } >"$md"
}

# --- 1. Restore the base: the schema the pull request will be applied on ---------------------------
if [[ -n "$base_desired" ]]; then
  if [[ -d "$base_desired" || -f "$base_desired" ]] &&
     [[ -n "$(find "$base_desired" -name '*.sql' -type f -print -quit)" ]]; then
    echo "$me: restoring the base schema from $base_desired" >&2
    rc=0
    # The SQL it runs goes to the log (stderr), not into the comment.
    "$SCHEMASYNC" apply "${db_args[@]}" --desired "$base_desired" --yes >&2 2>"$err" || rc=$?
    if ((rc != 0)); then
      cat "$err" >&2
      write_failure "Restoring the base branch's schema ($base_desired) failed" "$rc"
      exit 1
    fi
    cat "$err" >&2
  else
    echo "$me: no .sql files in $base_desired: planning from an empty database" >&2
  fi
fi

# --- 2. The plan: markdown for people, a plan file for deploy.sh ------------------------------------
# schemasync writes the plan file even when it exits 3, so a reviewer can still download it.
rc=0
"$SCHEMASYNC" plan "${db_args[@]}" --desired "$desired" --format markdown --out "$json" "${plan_args[@]}" \
  >"$md" 2>"$err" || rc=$?
cat "$err" >&2

case "$rc" in
  0)
    echo "$me: plan.md and plan.json written to $out_dir" >&2
    ;;
  3)
    # The plan is printed and saved, but apply would refuse it: say so at the end of the comment.
    # Right under the title, where a reviewer looks first (and a shortened comment keeps it).
    reason=$(grep -m1 'cannot run' "$err" || grep -m1 . "$err" || true)
    reason=${reason#schemasync: }
    reason=${reason#the plan cannot run as is: }
    {
      head -n 1 "$md"
      echo
      echo '> [!WARNING]'
      echo "> **This plan cannot be applied as it is** (exit 3): ${reason:-see the hazards below}."
      echo "> $hint"
      tail -n +2 "$md"
    } >"$md.tmp"
    mv -f "$md.tmp" "$md"
    echo "$me: the plan needs review (exit 3); plan.md and plan.json written to $out_dir" >&2
    ;;
  *)
    write_failure "schemasync plan failed" "$rc"
    rm -f "$json"
    rc=1
    ;;
esac
exit "$rc"
