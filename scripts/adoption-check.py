#!/usr/bin/env python3
"""Adoption check: can a team start from the database it already has?

For every case of the corpus folders given (new.sql loaded, after the folders' setup.sql), and
for a folder of desired SQL applied by schemasync itself (--desired-folder), it checks the two
ways in that issue 11 promises:

  pg_dump   `pg_dump -s` of the database, read as the desired SQL: drift reports nothing
  dump      `schemasync dump --out DIR` of the database, read back: drift reports nothing

Runs against the server PGHOST/PGPORT point at (scripts/with-postgres.sh starts one). Prints one
line per failure and a summary line per check; exits 1 if any loadable case fails.

  scripts/with-postgres.sh python3 scripts/adoption-check.py --bin build-dev/schemasync \\
      --cases ../shared/corpus/migra --cases ../shared/corpus/pg-schema-diff --desired-folder desired
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

DB = "adoption_check"


def run(args, env, timeout=300, input_text=None):
    p = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, input=input_text)
    return p.returncode, p.stdout, p.stderr


def psql(env, db, *args, input_text=None):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, *args], env, input_text=input_text)


def recreate(env):
    psql(env, "postgres", "-c", f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    code, _, err = psql(env, "postgres", "-c", f'CREATE DATABASE "{DB}" TEMPLATE template0')
    if code:
        raise RuntimeError(err)


def setups(case_dir):
    paths = [os.path.join(os.path.dirname(case_dir), "setup.sql"), os.path.join(case_dir, "setup.sql")]
    return [p for p in paths if os.path.exists(p)]


def drift(binary, env, desired):
    code, out, err = run([binary, "drift", "--desired", desired, "--format", "text"], dict(env, PGDATABASE=DB))
    if code == 0:
        return None
    return f"exit {code}: " + (err.strip() + "\n" + out.strip()).strip()[:600]


def check_database(binary, env, tmp, checks):
    """Runs the checks against the loaded database; returns {check: failure or None}."""
    result = {}
    if "pg_dump" in checks:
        d = os.path.join(tmp, "pgdump")
        os.makedirs(d)
        code, out, err = run(["pg_dump", "-s", DB], env)
        if code:
            result["pg_dump"] = "pg_dump failed: " + err.strip()[:300]
        else:
            with open(os.path.join(d, "schema.sql"), "w") as f:
                f.write(out)
            result["pg_dump"] = drift(binary, env, d)
    if "dump" in checks:
        d = os.path.join(tmp, "dump")
        code, out, err = run([binary, "dump", "--out", d], dict(env, PGDATABASE=DB))
        if code:
            result["dump"] = f"dump exit {code}: " + err.strip()[:300]
        else:
            result["dump"] = drift(binary, env, d)
    return result


def cases_under(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "old.sql" in filenames and "new.sql" in filenames:
            yield dirpath


def main():
    global DB
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--cases", action="append", default=[])
    ap.add_argument("--desired-folder", action="append", default=[])
    ap.add_argument("--check", action="append", choices=["pg_dump", "dump"])
    ap.add_argument("--filter", default="")
    ap.add_argument("--keep", help="folder to keep the dumps of failing cases in")
    ap.add_argument("--database", default="adoption_check", help="scratch database to (re)create (default %(default)s)")
    a = ap.parse_args()
    DB = a.database
    checks = a.check or ["pg_dump", "dump"]
    binary = os.path.abspath(a.bin)
    env = dict(os.environ)
    env.setdefault("PGUSER", "postgres")

    targets = []  # (name, loader)
    for root in a.cases:
        for case in cases_under(root):
            name = os.path.relpath(case, os.path.dirname(os.path.abspath(root)))
            if a.filter in name:
                targets.append((name, ("case", case)))
    for folder in a.desired_folder:
        targets.append((folder, ("desired", os.path.abspath(folder))))

    counts = {c: [0, 0] for c in checks}  # check: [passed, loadable]
    failed = False
    for name, (what, path) in targets:
        recreate(env)
        if what == "case":
            loaded = True
            for f in setups(path) + [os.path.join(path, "new.sql")]:
                code, _, err = psql(env, DB, "-1", "-f", f)
                if code:
                    loaded = False
                    break
            if not loaded:
                continue
        else:
            code, out, err = run([binary, "apply", "--desired", path, "--yes", "--allow-destructive"],
                                 dict(env, PGDATABASE=DB))
            if code:
                print(f"{name}: apply of the desired folder failed: {err.strip()[:300]}")
                failed = True
                continue
        tmp = tempfile.mkdtemp(prefix="adoption-")
        try:
            result = check_database(binary, env, tmp, checks)
            for check, failure in result.items():
                counts[check][1] += 1
                if failure is None:
                    counts[check][0] += 1
                    continue
                failed = True
                print(f"{check} {name}: {failure}")
                if a.keep:
                    dest = os.path.join(a.keep, name.replace("/", "__"), check)
                    src = os.path.join(tmp, "pgdump" if check == "pg_dump" else "dump")
                    if os.path.exists(src):
                        shutil.copytree(src, dest, dirs_exist_ok=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()
    for check, (ok, total) in counts.items():
        print(f"check={check} loadable={total} drift_empty={ok}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
