#!/usr/bin/env bash
# Make sure a Docker engine answers (installing and starting dockerd if needed) and the test image exists.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIDFILE=/var/run/docker.pid
LOGFILE=/var/log/helios-dockerd.log

if docker_ok; then
  log "Docker engine answers; nothing to start"
else
  apt_install_missing docker.io:dockerd docker.io:docker
  need_root_or_explain "nohup dockerd >$LOGFILE 2>&1 &"
  if pid_alive "$PIDFILE" dockerd; then
    log "dockerd (pid $(<"$PIDFILE")) is running but not answering yet"
  else
    log "starting dockerd (log $LOGFILE)"
    # dockerd also writes $PIDFILE itself, but only once it is initialised.
    spawn_bg /var/run/helios-dockerd.pid "$LOGFILE" dockerd
    PIDFILE=/var/run/helios-dockerd.pid
  fi
  wait_for docker_ok 60 "docker info to answer" "$LOGFILE" "$PIDFILE"
  log "Docker engine is up: $(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}')"
fi

bash "$SCRIPTS/build-test-image.sh"
