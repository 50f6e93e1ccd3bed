#!/usr/bin/env bash
# Stop the ZooKeeper that zk-up.sh started: zk-down.sh [PORT] [DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${1:-2181}
DIR=${2:-$REPO_ROOT/.solo/zk-$PORT}

if [[ ! -f $DIR/zk.pid ]]; then
  if zk_ruok "$PORT"; then
    log "ZooKeeper on 127.0.0.1:$PORT was not started by zk-up.sh (no $DIR/zk.pid); leaving it"
  else
    log "no ZooKeeper running on 127.0.0.1:$PORT"
  fi
  exit 0
fi
stop_pidfile "$DIR/zk.pid" "ZooKeeper on 127.0.0.1:$PORT" QuorumPeerMain
