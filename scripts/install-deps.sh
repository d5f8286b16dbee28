#!/usr/bin/env bash
# Installs the Debian packages schemasync needs to build, test and demo.
# Idempotent: when every package is already installed it touches nothing (no apt-get update).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpq-dev libpg-query-dev libprotobuf-c-dev
  libcli11-dev libdtl-dev nlohmann-json3-dev libgtest-dev
  postgresql-15 postgresql-client-15 postgresql-contrib
  python3 python3-yaml shellcheck git
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
  install -y --no-install-recommends "${packages[@]}"
