#!/usr/bin/env bash
# Install SLURM (slurm-wlm: slurmctld, slurmd, sbatch, squeue) and munge from Debian, idempotently.
#
#   bash tools/slurm/install.sh
#
# Needs root (or sudo). A second run finds the packages installed and changes nothing.
set -euo pipefail

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
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "slurm-install: done"
