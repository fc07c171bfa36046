#!/usr/bin/env bash
# Remove what tools/slurm/install.sh and start.sh added to this machine: the packages install.sh
# installed (listed in $SLURM_STATE_DIR/installed-packages), the slurm.conf start.sh wrote, and the
# state folder. Packages that were there before are left alone.
#
#   bash tools/slurm/uninstall.sh      # stops the daemons first (tools/slurm/stop.sh --munge)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
STATE=${SLURM_STATE_DIR:-/var/tmp/sourcebook-slurm}
LIST="$STATE/installed-packages"

bash "$HERE/stop.sh" --munge || true
if [ -s "$LIST" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  mapfile -t pkgs < <(sort -u "$LIST")
  echo "slurm-uninstall: removing ${#pkgs[@]} packages"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get purge -y -qq "${pkgs[@]}" >/dev/null
fi
if [ -f /etc/slurm/slurm.conf ] && grep -q "written by tools/slurm/start.sh" /etc/slurm/slurm.conf; then
  rm -f /etc/slurm/slurm.conf
fi
rm -rf "$STATE"
echo "slurm-uninstall: done"
