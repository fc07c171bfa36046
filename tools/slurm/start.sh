#!/usr/bin/env bash
# Bring up a one-node SLURM cluster on this machine (localhost) and wait until its node is idle.
#
#   bash tools/slurm/start.sh            # install if needed, configure, start, wait (60 s at most)
#
# Idempotent: daemons already running are left alone. Writes /etc/slurm/slurm.conf (the jobstep
# plugin's nested srun only finds its configuration there) with state, spool, logs and pid files
# under $SLURM_STATE_DIR (default /var/tmp/sourcebook-slurm). The node gets this machine's cores
# and 80 % of its memory; the partition is `main` (profiles/slurm submits to it).
# On failure it prints the daemons' logs and exits non-zero. Stop it with tools/slurm/stop.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
STATE=${SLURM_STATE_DIR:-/var/tmp/sourcebook-slurm}
CONF=/etc/slurm/slurm.conf
WAIT_S=${SLURM_WAIT_S:-60}

bash "$HERE/install.sh"

show_logs() {
  for f in "$STATE"/log/*.log /var/log/munge/munged.log; do
    [ -f "$f" ] || continue
    echo "---- $f (last 40 lines)"
    tail -n 40 "$f"
  done
}
fail() {
  echo "slurm-start: $*" >&2
  show_logs >&2
  exit 1
}

# --- munge: a key, its run directory, the daemon
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile=/etc/munge/munge.key
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 20); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
    sleep 0.25
  done
  munge -n | unmunge >/dev/null 2>&1 || fail "munged does not answer (munge -n | unmunge)"
fi

# --- slurm.conf
mkdir -p "$STATE"/{state,spool,log,run} "$(dirname "$CONF")"
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.8}' /proc/meminfo)
cat >"$CONF.new" <<CONF
# One-node SLURM cluster for Sourcebook's tests and benchmarks (written by tools/slurm/start.sh).
ClusterName=sourcebook
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
# finished jobs stay visible to squeue (no sacct here): snakemake's squeue status check needs it
MinJobAge=600
DefMemPerCPU=1000
SchedulerParameters=sched_interval=2
StateSaveLocation=$STATE/state
SlurmdSpoolDir=$STATE/spool
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
SlurmctldPidFile=$STATE/run/slurmctld.pid
SlurmdPidFile=$STATE/run/slurmd.pid
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus Sockets=1 CoresPerSocket=$cpus ThreadsPerCore=1 RealMemory=$mem_mb State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
if ! cmp -s "$CONF.new" "$CONF"; then
  mv "$CONF.new" "$CONF"
  changed=1
else
  rm -f "$CONF.new"
  changed=0
fi

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if ((changed)) && { running "$STATE/run/slurmctld.pid" || running "$STATE/run/slurmd.pid"; }; then
  echo "slurm-start: slurm.conf changed, restarting the daemons"
  bash "$HERE/stop.sh"
fi
if ! running "$STATE/run/slurmctld.pid"; then
  slurmctld -f "$CONF" || fail "slurmctld did not start"
fi
if ! running "$STATE/run/slurmd.pid"; then
  slurmd -f "$CONF" -N localhost || fail "slurmd did not start"
fi

# --- wait until the node takes jobs
deadline=$((SECONDS + WAIT_S))
state=""
while ((SECONDS < deadline)); do
  state=$(sinfo -h -N -o %T 2>/dev/null | head -n1 || true)
  case "$state" in
    idle|mixed|allocated) echo "slurm-start: node localhost is $state (partition main, $cpus CPUs, ${mem_mb} MB)"; exit 0 ;;
    down*|drain*|inval*) scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
fail "node not idle after ${WAIT_S}s (last state: '${state:-no answer from slurmctld}')"
