#!/usr/bin/env python3
"""Offline diff check: does `plan --from old.sql --desired new.sql` (no database) list the same
changes as the plan made against a database holding old.sql?

For every case of the corpus folders given, loads the folders' setup.sql and old.sql into a
scratch database, asks for the plan against it (`--format json`), asks for the offline plan of
the same two states, and compares the (kind, object) of their steps as multisets. Prints each
case that differs with what only one side lists, and a summary line; exits 1 if any differs.
Runs against the server PGHOST/PGPORT point at (scripts/with-postgres.sh starts one).

  scripts/with-postgres.sh python3 scripts/offline-check.py --bin build-dev/schemasync \\
      --cases ../shared/corpus/migra
"""
import argparse
import collections
import json
import os
import subprocess
import sys


def run(args, env, timeout=300):
    p = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def psql(env, db, *args):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, *args], env)


def cases_under(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "old.sql" in filenames and "new.sql" in filenames:
            yield dirpath


def steps(binary, args, env):
    """The plan's steps as a multiset of (kind, object), or an error string."""
    code, out, err = run([binary, "plan", "--format", "json", *args], env)
    if code not in (0, 3):  # 3: destructive steps need --allow-destructive; the plan is printed
        return None, f"exit {code}: {err.strip()[:400]}"
    try:
        plan = json.loads(out)
    except json.JSONDecodeError as e:
        return None, f"not JSON ({e}): {out[:200]}"
    return collections.Counter((s["kind"], s["object"]) for s in plan["steps"]), None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases", action="append", required=True)
    ap.add_argument("--filter", default="")
    ap.add_argument("--database", default="offline_check")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    env = dict(os.environ)
    env.setdefault("PGUSER", "postgres")
    db_env = dict(env, PGDATABASE=a.database)
    total = same = 0
    for root in a.cases:
        for case in cases_under(root):
            name = os.path.relpath(case, os.path.dirname(os.path.abspath(root)))
            if a.filter not in name:
                continue
            psql(env, "postgres", "-c", f'DROP DATABASE IF EXISTS "{a.database}" WITH (FORCE)')
            psql(env, "postgres", "-c", f'CREATE DATABASE "{a.database}" TEMPLATE template0')
            setup = [p for p in (os.path.join(root, "setup.sql"), os.path.join(case, "setup.sql")) if os.path.exists(p)]
            if any(psql(env, a.database, "-1", "-f", f)[0] for f in setup + [os.path.join(case, "old.sql")]):
                continue  # not loadable: not a case
            total += 1
            new = os.path.join(case, "new.sql")
            online, err = steps(binary, ["--desired", new], db_env)
            if err:
                print(f"{name}: online plan failed: {err}")
                continue
            offline, err = steps(binary, ["--from", os.path.join(case, "old.sql"), "--desired", new], env)
            if err:
                print(f"{name}: offline plan failed: {err}")
                continue
            if online == offline:
                same += 1
                continue
            only_online = sorted((online - offline).elements())
            only_offline = sorted((offline - online).elements())
            print(f"{name}: online only {only_online}; offline only {only_offline}")
            sys.stdout.flush()
    print(f"cases={total} same_objects={same}")
    return 0 if total == same else 1


if __name__ == "__main__":
    sys.exit(main())
