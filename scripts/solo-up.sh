#!/usr/bin/env bash
# npm run solo: ZooKeeper, apiserver and one agent for this host, in the background (stop: npm run solo:down).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SOLO=$REPO_ROOT/.solo
API_PORT=5801
API_URL=http://127.0.0.1:$API_PORT
HOST=$(hostname)
CTL=(node "$REPO_ROOT/dist/heliosctl/main.js" --server "$API_URL")

host_up() {
  local out
  out=$("${CTL[@]}" hosts --json 2>/dev/null) || return 1
  grep -qF "\"$HOST\"" <<<"$out" && grep -qF '"UP"' <<<"$out"
}

next_steps() {
  log "hosts:"
  "${CTL[@]}" hosts || true
  cat <<TXT
==> try:
    alias heliosctl="node $REPO_ROOT/dist/heliosctl/main.js"   # or: npm link, then heliosctl / npx heliosctl
    export HELIOS_SERVER=$API_URL
    heliosctl create nginx:v1 $TEST_IMAGE -p http=80:8080
    heliosctl deploy nginx:v1 $HOST
    heliosctl status
    curl 127.0.0.1:8080
    heliosctl logs nginx:v1 -f          # Ctrl-C to stop
    heliosctl undeploy -a nginx:v1
    heliosctl remove nginx:v1
    heliosctl apply -f manifests/
==> logs: $SOLO/{apiserver,agent}.log and $SOLO/zk-2181/zk.log; stop with: npm run solo:down [-- --purge]
TXT
}

if pid_alive "$SOLO/apiserver.pid" apiserver/main.js && pid_alive "$SOLO/agent.pid" agent/main.js &&
  zk_ruok 2181 && http_ok "$API_URL/readyz"; then
  log "solo is already up (apiserver $API_URL, agent $HOST)"
  next_steps
  exit 0
fi

bash "$SCRIPTS/ensure-deps.sh"
log "npm run build"
npm run --silent build
mkdir -p "$SOLO/agent"
bash "$SCRIPTS/zk-up.sh" 2181 "$SOLO/zk-2181"

if pid_alive "$SOLO/apiserver.pid" apiserver/main.js; then
  log "apiserver already running (pid $(<"$SOLO/apiserver.pid"))"
else
  http_ok "$API_URL/readyz" && die "something not started by solo-up already answers on $API_URL"
  log "starting apiserver on $API_URL (log $SOLO/apiserver.log)"
  # Deny by default, as every apiserver: Jobs get no host paths, host network, security options, runtimes,
  # capabilities or loose ramdisks (docs/admission-policy.md). Solo is a developer's own machine, which is
  # exactly what a cross-site request or a copied manifest would target, so it opens nothing either.
  spawn_bg "$SOLO/apiserver.pid" "$SOLO/apiserver.log" \
    node dist/apiserver/main.js --port "$API_PORT" --zk 127.0.0.1:2181 --zk-root /helios --dns-listen 127.0.0.1:5353
fi
wait_for "http_ok $API_URL/readyz" 60 "apiserver $API_URL/readyz" "$SOLO/apiserver.log" "$SOLO/apiserver.pid"

if pid_alive "$SOLO/agent.pid" agent/main.js; then
  log "agent already running (pid $(<"$SOLO/agent.pid"))"
else
  log "starting agent $HOST (log $SOLO/agent.log)"
  spawn_bg "$SOLO/agent.pid" "$SOLO/agent.log" \
    node dist/agent/main.js --name "$HOST" --server "$API_URL" --label role=solo --state-dir "$SOLO/agent"
fi
wait_for host_up 90 "host $HOST to be UP (heliosctl hosts --json)" "$SOLO/agent.log" "$SOLO/agent.pid"

log "solo is up: apiserver $API_URL, agent $HOST, ZooKeeper 127.0.0.1:2181"
next_steps
