#!/usr/bin/env bash
# Stop the one-node cluster of tools/slurm/start.sh: slurmd, then slurmctld, by their pid files.
#
#   bash tools/slurm/stop.sh [--munge]   # --munge stops munged too
#
# Daemons that are not running are skipped; the state folder is kept (jobs and logs survive).
set -euo pipefail
STATE=${SLURM_STATE_DIR:-/var/tmp/sourcebook-slurm}

stop_pidfile() {
  local name=$1 pidfile=$2
  [ -s "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    echo "slurm-stop: stopped $name ($pid)"
  fi
  rm -f "$pidfile"
}

stop_pidfile slurmd "$STATE/run/slurmd.pid"
stop_pidfile slurmctld "$STATE/run/slurmctld.pid"
if [ "${1:-}" = "--munge" ]; then
  stop_pidfile munged /run/munge/munged.pid
fi
