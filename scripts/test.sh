#!/usr/bin/env bash
# The README's second command: set up, build, and run the whole test suite against a throwaway
# PostgreSQL. Exits non-zero when anything fails (or when no test was found).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== installing dependencies"
bash scripts/install-deps.sh
echo "== building"
bash scripts/build.sh
echo "== running the tests"
bash scripts/with-postgres.sh ctest --test-dir build --output-on-failure --no-tests=error -j1
