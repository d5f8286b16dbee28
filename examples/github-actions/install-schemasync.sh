#!/usr/bin/env bash
# Puts schemasync on PATH in a CI job: schemasync.yml's jobs run in a Debian 12 container as root.
#
#   install-schemasync.sh SRC_DIR
#
# SRC_DIR is a checkout of the schemasync sources. There are no release binaries, so it is built
# from them; the workflow caches SRC_DIR/build/schemasync, and a cached binary is not rebuilt.
# If you package schemasync yourself, replace this script with your install step: the other
# scripts only need a `schemasync` on PATH (or SCHEMASYNC naming it) and psql for roles.sql.
set -euo pipefail

src=${1:?usage: install-schemasync.sh SRC_DIR}

# The packages schemasync builds and runs with (libpq, libpg_query, ...) and psql; the script
# skips what is installed already.
bash "$src/scripts/install-deps.sh"

# Build only when the cache did not bring the binary back.
if [[ ! -x "$src/build/schemasync" ]]; then
  bash "$src/scripts/build.sh"
fi
install -m 0755 "$src/build/schemasync" /usr/local/bin/schemasync
schemasync --version
