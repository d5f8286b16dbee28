#!/usr/bin/env bash
# Scheduled drift check: is the live schema still what desired/ says? For cron or a systemd timer.
#
#   drift-check.sh [--db CONNINFO] [--desired DIR] [--state-dir DIR] [--verbose] [-- DRIFT FLAGS...]
#
# Runs `schemasync drift --format json`, keeps its JSON report, and:
#   exit 0  in sync         nothing printed (cron mails nothing), unless --verbose
#   exit 2  drift           runs $ALERT_COMMAND (default: a one-line summary on stderr)
#   exit 1  could not check (no connection, unreadable desired/, ...): a "could not check"
#           message on stderr, and $ERROR_COMMAND if set. This is NOT drift: nothing was compared.
# The script exits with schemasync's code, so a timer unit or a monitor sees the same three states.
#
# Database: --db, else DATABASE_URL, else the libpq PG* environment (PGHOST, PGDATABASE, ...),
# as schemasync itself reads them. Passwords belong in ~/.pgpass or PGPASSFILE, not in a crontab.
#
# Environment:
#   SCHEMASYNC      the binary (default: schemasync on PATH)
#   DESIRED         the desired folder when --desired is not given (default: desired; cron starts
#                   in $HOME, so give an absolute path)
#   STATE_DIR       where reports are kept (default: $STATE_DIRECTORY, which systemd sets from
#                   StateDirectory=, else ${XDG_STATE_HOME:-~/.local/state}/schemasync-drift)
#   KEEP_DAYS       reports older than this many days are deleted (default 30; 0 keeps all)
#   ALERT_COMMAND   shell command run on drift (exit 2), with the JSON report on stdin and
#                   DRIFT_SUMMARY (one line), DRIFT_CHANGES (a count), DRIFT_JSON (report path)
#                   in its environment. E.g. 'mail -s "schema drift" dba@example.com' or a curl to
#                   a chat webhook. Its failure is reported but does not change the exit code.
#   ERROR_COMMAND   shell command run when the check could not run (exit 1), with DRIFT_ERROR
#                   (the first error line) and DRIFT_ERROR_LOG (path of schemasync's stderr).
#
# Kept in STATE_DIR:
#   drift-<UTC time>.json       each report (in sync or drift)
#   latest.json                 the newest report (only replaced by a check that ran)
#   drift-<UTC time>.error.log  schemasync's stderr when it could not check; latest-error.log
#   status                      one line: "<UTC time> <exit> in-sync|drift|could-not-check"
set -euo pipefail

me=$(basename "$0")
usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

# --- Arguments: the same --db / --desired as schemasync, plus where to keep reports ---------------
SCHEMASYNC=${SCHEMASYNC:-schemasync}
desired=${DESIRED:-desired}
state_dir=${STATE_DIR:-${STATE_DIRECTORY:-${XDG_STATE_HOME:-${HOME:-.}/.local/state}/schemasync-drift}}
verbose=0
db_args=()      # empty: schemasync falls back to DATABASE_URL, then PG*
extra_args=()   # after --: more drift flags, e.g. --schema app
while (($#)); do
  case "$1" in
    --db) (($# >= 2)) || { echo "$me: --db needs a value" >&2; exit 64; }; db_args=(--db "$2"); shift 2 ;;
    --db=*) db_args=(--db "${1#--db=}"); shift ;;
    --desired) (($# >= 2)) || { echo "$me: --desired needs a value" >&2; exit 64; }; desired=$2; shift 2 ;;
    --desired=*) desired=${1#--desired=}; shift ;;
    --state-dir) (($# >= 2)) || { echo "$me: --state-dir needs a value" >&2; exit 64; }; state_dir=$2; shift 2 ;;
    --state-dir=*) state_dir=${1#--state-dir=}; shift ;;
    --verbose | -v) verbose=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra_args=("$@"); break ;;
    *) echo "$me: unknown argument: $1 (see --help)" >&2; exit 64 ;;
  esac
done

# --- Where reports go -----------------------------------------------------------------------------
mkdir -p "$state_dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now=$(date -u +%Y%m%dT%H%M%SZ)
base="drift-$now"
# Two runs in the same second (a manual run beside the timer) must not overwrite each other.
if [[ -e "$state_dir/$base.json" || -e "$state_dir/$base.error.log" ]]; then
  base="$base-$$"
fi

# Replaces $2 with $1 in one rename, so a reader never sees half a file.
publish() {
  cp "$1" "$2.tmp.$$"
  mv -f "$2.tmp.$$" "$2"
}

# "N change(s) needed: obj, obj, ..." from a drift JSON report (steps[].object): python3 when it
# is there, else a sed over the pretty-printed JSON (one "object" key per line).
summarize() {
  local json=$1
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$json" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        steps = json.load(f).get("steps", [])
except (OSError, ValueError) as e:
    print(f"drift found (the JSON report could not be read: {e})")
    sys.exit(0)
objects = []
for s in steps:
    o = s.get("object", "?")
    if o not in objects:
        objects.append(o)
shown = ", ".join(objects[:10])
if len(objects) > 10:
    shown += f", and {len(objects) - 10} more"
print(f"{len(steps)} change(s) needed: {shown}")
PY
  else
    local count
    count=$(grep -c '^ *"object": ' "$json" || true)
    printf '%s change(s) needed: ' "$count"
    sed -n 's/^ *"object": "\(.*\)",\{0,1\}$/\1/p' "$json" | awk '
      !seen[$0]++ { n++; if (n <= 10) printf "%s%s", (n > 1 ? ", " : ""), $0 }
      END { if (n > 10) printf ", and %d more", n - 10; print "" }'
  fi
}

# --- The check --------------------------------------------------------------------------------------
# drift prints its JSON report on stdout when it could compare (exit 0 or 2) and an error on
# stderr when it could not (exit 1); keep both apart.
rc=0
"$SCHEMASYNC" drift "${db_args[@]}" --desired "$desired" --format json "${extra_args[@]}" \
  >"$tmp/report.json" 2>"$tmp/stderr" || rc=$?
# 126/127: the shell could not run the binary at all; that is "could not check" too.
if ((rc == 126 || rc == 127)); then
  echo "$me: cannot run '$SCHEMASYNC' (set SCHEMASYNC to the binary)" >>"$tmp/stderr"
  rc=1
fi

case "$rc" in
  0 | 2)
    # A real comparison: keep the report and make it the latest one.
    publish "$tmp/report.json" "$state_dir/$base.json"
    publish "$tmp/report.json" "$state_dir/latest.json"
    ;;
  *)
    # No comparison happened: keep what schemasync said, leave latest.json as the last real report.
    publish "$tmp/stderr" "$state_dir/$base.error.log"
    publish "$tmp/stderr" "$state_dir/latest-error.log"
    ;;
esac

# --- React: alert on drift only; "could not check" is reported as such -----------------------------
case "$rc" in
  0)
    echo "$now $rc in-sync" >"$state_dir/status"
    if ((verbose)); then
      echo "$me: in sync (report: $state_dir/$base.json)"
    fi
    ;;
  2)
    echo "$now $rc drift" >"$state_dir/status"
    summary=$(summarize "$state_dir/$base.json")
    changes=${summary%% *}
    if [[ -n "${ALERT_COMMAND:-}" ]]; then
      alert_rc=0
      report="$state_dir/$base.json"
      export DRIFT_SUMMARY=$summary DRIFT_CHANGES=$changes DRIFT_JSON=$report
      sh -c "$ALERT_COMMAND" <"$report" || alert_rc=$?
      if ((alert_rc != 0)); then
        echo "$me: DRIFT: $summary (and ALERT_COMMAND failed with exit $alert_rc)" >&2
      fi
    else
      echo "$me: DRIFT: $summary (report: $state_dir/$base.json)" >&2
    fi
    ;;
  *)
    echo "$now $rc could-not-check" >"$state_dir/status"
    first=$(grep -m1 . "$tmp/stderr" || true)
    first=${first:-"$SCHEMASYNC exited $rc without a message"}
    echo "$me: could not check (exit $rc, not drift): $first" >&2
    echo "$me: full error: $state_dir/$base.error.log" >&2
    if [[ -n "${ERROR_COMMAND:-}" ]]; then
      export DRIFT_ERROR=$first DRIFT_ERROR_LOG="$state_dir/$base.error.log"
      sh -c "$ERROR_COMMAND" </dev/null || echo "$me: ERROR_COMMAND failed" >&2
    fi
    ;;
esac

# --- Housekeeping: old reports go after KEEP_DAYS ---------------------------------------------------
keep_days=${KEEP_DAYS:-30}
if [[ "$keep_days" =~ ^[0-9]+$ ]] && ((keep_days > 0)); then
  find "$state_dir" -maxdepth 1 -type f -name 'drift-*' -mtime +"$keep_days" -delete 2>/dev/null || true
fi

exit "$rc"
