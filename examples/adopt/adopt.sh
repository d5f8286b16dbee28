#!/usr/bin/env bash
# Adopting an existing database: its live schema becomes the desired state, under version control.
#
#   adopt.sh [--db CONNINFO] --dir DIR [--demo-change] [-- SCHEMASYNC FLAGS...]
#
# 1. schemasync dump writes the live schema into DIR as desired-state files, one per schema and
#    kind (DIR/public/tables.sql, DIR/public/types.sql, ...). DIR must be new or hold no .sql files.
# 2. The files are committed: in the git repository DIR is in, or in a new one made in DIR.
# 3. schemasync plan against the same database must find no changes: the files describe the
#    database exactly. From here on, edit DIR and let plan/apply carry the edits to the database.
# With --demo-change (a demonstration: it CHANGES THE DATABASE), the first such edit is made:
# 4. a new table, $DEMO_TABLE (default public.schemasync_adoption_demo), is appended to
#    DIR/public/tables.sql and planned,
# 5. applied with schemasync apply --yes,
# 6. schemasync drift confirms the database matches the files again, and the edit is committed.
#
# Database: --db, else DATABASE_URL, else the libpq PG* environment, as schemasync reads them.
# Flags after -- go to every schemasync call (dump, plan, apply, drift), e.g. -- --schema app.
# Environment: SCHEMASYNC, the binary (default: schemasync on PATH); DEMO_TABLE.
# Exit: 0 when every step passed, 1 when one failed (its output says which), 64 on bad usage.
set -euo pipefail

me=$(basename "$0")
usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}
step() { printf '\n== %s\n' "$*"; }
die() {
  echo "$me: $*" >&2
  exit 1
}

# --- Arguments ------------------------------------------------------------------------------------
SCHEMASYNC=${SCHEMASYNC:-schemasync}
demo_table=${DEMO_TABLE:-public.schemasync_adoption_demo}
dir=
demo=0
db_args=()     # empty: schemasync falls back to DATABASE_URL, then PG*
extra_args=()  # after --: more flags for every schemasync call
while (($#)); do
  case "$1" in
    --db) (($# >= 2)) || { echo "$me: --db needs a value" >&2; exit 64; }; db_args=(--db "$2"); shift 2 ;;
    --db=*) db_args=(--db "${1#--db=}"); shift ;;
    --dir) (($# >= 2)) || { echo "$me: --dir needs a value" >&2; exit 64; }; dir=$2; shift 2 ;;
    --dir=*) dir=${1#--dir=}; shift ;;
    --demo-change) demo=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra_args=("$@"); break ;;
    *) echo "$me: unknown argument: $1 (see --help)" >&2; exit 64 ;;
  esac
done
[[ -n "$dir" ]] || { echo "$me: --dir DIR is required (see --help)" >&2; exit 64; }
[[ "$demo_table" == *.* ]] || demo_table="public.$demo_table"

# --- 1. Dump the live schema as desired-state files -------------------------------------------------
# dump refuses a folder that already holds .sql files (they would mix); it also plans the files
# it wrote against the database before saying it is done.
step "1. schemasync dump into $dir"
"$SCHEMASYNC" dump "${db_args[@]}" --out "$dir" "${extra_args[@]}" ||
  die "dump failed (is $dir free of .sql files? can the database be reached?)"
find "$dir" -name '*.sql' -type f | sort

# --- 2. Commit them ---------------------------------------------------------------------------------
# The files are the new source of truth: record them as they came from the database, before any
# edit, so that every later change shows up as a diff.
step "2. commit the dumped files"
git_id=()
if ! git -C "$dir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git init -q "$dir"
  echo "made a new git repository in $dir"
  # A fresh repository (e.g. on a server or in CI) may have no identity to commit with: give
  # this repository a local one, unless git already knows who the user is.
  if [[ -z "$(git -C "$dir" config user.email || true)" ]]; then
    git -C "$dir" config user.name "schemasync adopt"
    git -C "$dir" config user.email "schemasync-adopt@localhost"
  fi
elif [[ -z "$(git -C "$dir" config user.email || true)" ]]; then
  # An existing repository without an identity: do not change its config, name one per commit.
  git_id=(-c user.name="schemasync adopt" -c user.email="schemasync-adopt@localhost")
fi
# Only DIR's files: other staged work in an enclosing repository is left alone.
git -C "$dir" add -A -- .
git -C "$dir" "${git_id[@]}" commit -q -m "Adopt the database schema (schemasync dump)" -- .
git -C "$dir" log -1 --oneline

# --- 3. The files must describe the database exactly ------------------------------------------------
step "3. schemasync plan against the same database: must find no changes"
rc=0
out=$("$SCHEMASYNC" plan "${db_args[@]}" --desired "$dir" --format text "${extra_args[@]}" 2>&1) || rc=$?
printf '%s\n' "$out"
if ((rc != 0)) || ! grep -qi 'no changes' <<<"$out"; then
  die "the dumped files do not reproduce the database (plan exit $rc): see the plan above"
fi

if ((!demo)); then
  step "adopted: edit $dir, then schemasync plan / apply --desired $dir"
  exit 0
fi

# --- 4-6. DEMONSTRATION (--demo-change): one edit carried to the database ----------------------------
# This part changes the database: it adds an empty table. Undo it by deleting the block from
# tables.sql and running schemasync apply --desired DIR --allow-destructive --yes.
schema=${demo_table%%.*}
file="$dir/$schema/tables.sql"
step "4. DEMO: add table $demo_table to $file, and plan it"
if [[ -f "$file" ]] && grep -qiF "TABLE $demo_table " "$file"; then
  die "$file already defines $demo_table: pick another DEMO_TABLE"
fi
mkdir -p "$dir/$schema"
cat >>"$file" <<SQL

-- Added by adopt.sh --demo-change: an example of a change made by editing the desired state.
CREATE TABLE $demo_table (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
SQL
git -C "$dir" --no-pager diff -- .
rc=0
"$SCHEMASYNC" plan "${db_args[@]}" --desired "$dir" --format text "${extra_args[@]}" || rc=$?
((rc == 0)) || die "plan of the demo change failed (exit $rc)"

step "5. DEMO: schemasync apply"
"$SCHEMASYNC" apply "${db_args[@]}" --desired "$dir" --yes "${extra_args[@]}" ||
  die "apply of the demo change failed"

step "6. DEMO: schemasync drift: the database matches the files again"
rc=0
"$SCHEMASYNC" drift "${db_args[@]}" --desired "$dir" "${extra_args[@]}" || rc=$?
((rc == 0)) || die "drift after apply (exit $rc): the database does not match $dir"
git -C "$dir" add -A -- .
git -C "$dir" "${git_id[@]}" commit -q -m "Add $demo_table (adopt.sh demo change)" -- .
git -C "$dir" log -2 --oneline
step "done: $dir is adopted, and one change went through plan, apply and drift"
