#!/usr/bin/env bash
# Install SLURM (slurm-wlm: slurmctld, slurmd, sbatch, squeue) and munge from Debian, idempotently.
#
#   bash tools/slurm/install.sh
#
# Needs root (or sudo). A second run finds the packages installed and changes nothing.
# The packages this script installs (dependencies included) are listed in
# $SLURM_STATE_DIR/installed-packages, so tools/slurm/uninstall.sh can remove exactly those and
# leave the machine as it was (a SLURM client without a controller slows every Snakemake start).
set -euo pipefail
STATE=${SLURM_STATE_DIR:-/var/tmp/sourcebook-slurm}

PACKAGES=(slurm-wlm munge)
missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "slurm-install: ${PACKAGES[*]} present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "slurm-install: installing ${missing[*]}"
installed() { dpkg-query -W -f='${Package}\t${Status}\n' | awk -F'\t' '$2 ~ /installed$/ {print $1}' | sort; }
before=$(mktemp)
installed >"$before"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
mkdir -p "$STATE"
installed | comm -13 "$before" - >>"$STATE/installed-packages"
rm -f "$before"
echo "slurm-install: done"
