#!/usr/bin/env bash
# Make this machine ready for e2e tests, solo mode and benchmarks (Node deps, ZooKeeper, busybox, Docker,
# docker-compose as a benchmark peer, tmux as the dashboard e2e terminal, iproute2 for the multi-host e2e's network
# namespaces, openssl for the e2e test certificates, systemd-analyze for the units' check, dnsmasq (the binary
# only: dnsmasq-base starts no system service) and dig for the DNS and registrar e2e, test image).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

if [[ -d node_modules ]]; then
  log "node_modules present"
else
  log "npm ci"
  npm_ci
fi

# One apt-get run for everything; ZooKeeper is installed but not started (tests and solo start their own).
apt_install_missing default-jre-headless:java zookeeper:/usr/share/java/zookeeper.jar \
  busybox-static:/bin/busybox docker.io:dockerd docker.io:docker docker-compose:docker-compose curl:curl tmux:tmux \
  iproute2:ip openssl:openssl systemd:systemd-analyze dnsmasq-base:/usr/sbin/dnsmasq bind9-dnsutils:dig
for jar in ${ZK_JARS//:/ }; do
  [[ -e $jar ]] || die "ZooKeeper classpath entry $jar is missing (apt-get install zookeeper)"
done
log "ZooKeeper $(dpkg-query -W -f='${Version}' zookeeper 2>/dev/null || echo '(jar)') installed, not started"

bash "$SCRIPTS/docker-up.sh"
log "machine ready for e2e and solo"
