#!/usr/bin/env bash
# A real one-node SLURM cluster on localhost for the tests, from Debian's slurm-wlm and munge:
#   cluster.sh start DIR    writes DIR/slurm.conf, starts munged, slurmctld and slurmd (as root)
#   cluster.sh stop DIR     stops the daemons it started (by the pids in DIR), and nothing else
# Afterwards: export SLURM_CONF=DIR/slurm.conf for sbatch, squeue, scontrol.
set -uo pipefail
action=$1; dir=$(realpath -m "$2")
case "$action" in
start)
  mkdir -p "$dir"/{state,spool,log,munge}
  chmod 700 "$dir/munge"
  node=$(hostname -s)
  hw=$(slurmd -C | head -1)
  cpus=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<< "$hw")
  mem=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<< "$hw")
  cat > "$dir/slurm.conf" <<CONF
ClusterName=wmsweeptest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
MaxArraySize=1001
KillWait=5
InactiveLimit=0
MinJobAge=600
SchedulerType=sched/backfill
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  [ -f /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2> /dev/null; }
  chmod 400 /etc/munge/munge.key
  munged --force -S "$dir/munge/socket" --pid-file "$dir/munge.pid" \
    --log-file "$dir/log/munged.log" --seed-file "$dir/munge/seed" || { echo "munged did not start"; exit 1; }
  ln -sfn "$dir/munge/socket" "$dir/munge.socket"
  export SLURM_CONF=$dir/slurm.conf
  # slurm's auth/munge looks for the socket at its default path unless told
  printf 'AuthInfo=socket=%s\n' "$dir/munge/socket" >> "$dir/slurm.conf"
  slurmctld -i -f "$dir/slurm.conf" || { echo "slurmctld did not start"; cat "$dir/log/slurmctld.log"; exit 1; }
  slurmd -N "$node" -f "$dir/slurm.conf" || { echo "slurmd did not start"; cat "$dir/log/slurmd.log"; exit 1; }
  for _ in $(seq 60); do
    sinfo -h -o %T 2> /dev/null | grep -q idle && { echo "cluster.sh: SLURM up on $node"; exit 0; }
    sleep 0.5
  done
  echo "cluster.sh: the node never became idle"; sinfo 2>&1; tail -20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log"
  exit 1
  ;;
stop)
  for name in slurmd slurmctld munge; do
    [ -f "$dir/$name.pid" ] && kill "$(cat "$dir/$name.pid")" 2> /dev/null
  done
  sleep 1
  for name in slurmd slurmctld munge; do
    [ -f "$dir/$name.pid" ] && kill -9 "$(cat "$dir/$name.pid")" 2> /dev/null
  done
  exit 0
  ;;
esac
echo "usage: cluster.sh start|stop DIR"; exit 2
