#!/usr/bin/env bash
# npm run solo:down [-- --purge]: stop solo's agent, apiserver and ZooKeeper; --purge also removes containers and .solo/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SOLO=$REPO_ROOT/.solo
PURGE=0
[[ ${1:-} == --purge ]] && PURGE=1

stop_pidfile "$SOLO/agent.pid" agent agent/main.js
stop_pidfile "$SOLO/apiserver.pid" apiserver apiserver/main.js
bash "$SCRIPTS/zk-down.sh" 2181 "$SOLO/zk-2181"
log "dockerd keeps running (other tools may use it)"

if ((PURGE)); then
  if docker_ok; then
    log "removing containers labelled helios.managed=true"
    docker ps -aq --filter label=helios.managed=true | xargs -r docker rm -f
  fi
  log "deleting $SOLO"
  rm -rf "$SOLO"
else
  log "containers labelled helios.managed=true are left in place (--purge removes them and .solo/)"
fi
