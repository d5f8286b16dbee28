#!/usr/bin/env python3
"""How schemasync's hazards compare with stripe/pg-schema-diff's on its acceptance cases.

    python3 scripts/hazard-agreement.py --bin build/schemasync --cases ../shared/corpus/pg-schema-diff

Needs a server in the environment (PGHOST, PGPORT, PGUSER: e.g. under scripts/with-postgres.sh).
For every case whose meta.json names expectedHazardTypes, loads setup.sql and old.sql into a
scratch database, asks `schemasync plan --format json` for new.sql, and checks that each
expected hazard has a schemasync hazard of the same nature (NATURES below). Prints one line per
case that misses one, then a summary per expected type. Types with no schemasync counterpart
(DISAGREE) are listed apart, with the reason.
"""
import argparse, glob, json, os, subprocess, sys

# pg-schema-diff's hazard type -> the schemasync hazards that tell the same risk.
NATURES = {
    "DELETES_DATA": {"data_loss"},
    "ACQUIRES_ACCESS_EXCLUSIVE_LOCK": {"blocks_reads"},  # ACCESS EXCLUSIVE is the one lock that blocks reads
    "ACQUIRES_SHARE_ROW_EXCLUSIVE_LOCK": {"blocks_writes"},
    "ACQUIRES_SHARE_LOCK": {"blocks_writes"},
    "INDEX_BUILD": {"index_build"},
    "INDEX_DROPPED": {"index_dropped"},
    "AUTHZ_UPDATE": {"authz_change"},
    "IMPACTS_DATABASE_PERFORMANCE": {"table_rewrite", "validation_scan", "index_build", "index_dropped", "statistics_reset"},
}
# Deliberate disagreements: what pg-schema-diff reports that schemasync does not, and why.
DISAGREE = {
    "HAS_UNTRACKABLE_DEPENDENCIES": "pg-schema-diff cannot order around what function bodies use; schemasync "
                                    "reads bodies (SQL and PL/pgSQL) into its dependency graph",
    "CORRECTNESS": "pg-schema-diff's own planning limits (e.g. column order); schemasync's plans are checked "
                   "by the judge to converge",
    "UPGRADING_EXTENSION_VERSION": "schemasync does not upgrade extension versions in place",
}

# Cases where schemasync deliberately plans otherwise, so the expected hazard does not arise.
DISAGREE_CASES = {
    "index_no_concurrent__001_add": "run with pg-schema-diff's no-concurrent option; schemasync builds new indexes on "
                                    "existing tables CONCURRENTLY by default (with --no-concurrent-indexes it reports "
                                    "index_build, blocks_writes under SHARE)",
    "partitioned_table__021_can_handle_scenario_where_partition_is_not_attached":
        "pg-schema-diff drops and re-creates the table; schemasync attaches it with its rows (no data lost)",
}


def psql(db, *args, stdin=None):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, *args], input=stdin,
                          capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases", required=True)
    a = ap.parse_args()
    db = "hazard_agreement"
    setup = os.path.join(a.cases, "setup.sql")
    totals, missed, skipped = {}, {}, []
    for meta_path in sorted(glob.glob(os.path.join(a.cases, "*", "meta.json"))):
        case = os.path.dirname(meta_path)
        expected = sorted(set(json.load(open(meta_path)).get("expectedHazardTypes") or []))
        if not expected:
            continue
        psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db}")
        psql("postgres", "-c", f"CREATE DATABASE {db}")
        ok = all(psql(db, "-f", f).returncode == 0 for f in [setup, os.path.join(case, "old.sql")] if os.path.exists(f))
        if not ok:
            skipped.append(os.path.basename(case) + " (old.sql does not load)")
            continue
        r = subprocess.run([a.bin, "plan", "--format", "json", "--allow-destructive", "--db", f"dbname={db}",
                            "--desired", os.path.join(case, "new.sql")], capture_output=True, text=True)
        try:
            steps = json.loads(r.stdout)["steps"]
        except (ValueError, KeyError):
            skipped.append(os.path.basename(case) + " (no plan: " + r.stderr.strip()[:120] + ")")
            continue
        got = {h for s in steps for h in s["hazards"]}
        for t in expected:
            totals[t] = totals.get(t, 0) + 1
            if t in DISAGREE:
                continue
            if os.path.basename(case) in DISAGREE_CASES:
                totals[t] -= 1
                continue
            if not (NATURES.get(t, set()) & got):
                missed.setdefault(t, []).append(os.path.basename(case))
                print(f"{os.path.basename(case)}: {t} expected, schemasync says {sorted(got) or 'nothing'}")
    psql("postgres", "-c", f"DROP DATABASE IF EXISTS {db}")
    print()
    for t in sorted(totals):
        if t in DISAGREE:
            print(f"{t}: {totals[t]} case(s), deliberately not reported: {DISAGREE[t]}")
        else:
            print(f"{t}: {totals[t] - len(missed.get(t, []))}/{totals[t]} matched")
    for c, why in DISAGREE_CASES.items():
        print(f"not compared: {c}: {why}")
    for s in skipped:
        print("skipped:", s)
    matched = sum(totals[t] - len(missed.get(t, [])) for t in totals if t not in DISAGREE)
    compared = sum(totals[t] for t in totals if t not in DISAGREE)
    print(f"hazards matched {matched}/{compared} (types compared: {len(NATURES)}; disagreements: {len(DISAGREE)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
