#!/usr/bin/env bash
# Start a standalone ZooKeeper on 127.0.0.1:PORT with its own config and data dir: zk-up.sh [PORT] [DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=${1:-2181}
DIR=${2:-$REPO_ROOT/.solo/zk-$PORT}

if zk_ruok "$PORT"; then
  log "ZooKeeper already answers imok on 127.0.0.1:$PORT; nothing to do"
  exit 0
fi
apt_install_missing default-jre-headless:java zookeeper:/usr/share/java/zookeeper.jar
for jar in ${ZK_JARS//:/ }; do
  [[ -e $jar ]] || die "ZooKeeper classpath entry $jar is missing (apt-get install zookeeper)"
done

mkdir -p "$DIR/conf" "$DIR/data"
DIR=$(cd "$DIR" && pwd)
CONF_DIR=$DIR/conf
cat >"$CONF_DIR/zoo.cfg" <<CFG
tickTime=2000
clientPort=$PORT
clientPortAddress=127.0.0.1
dataDir=$DIR/data
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr,stat
maxClientCnxns=0
CFG
# Warnings only, to the console (which is $DIR/zk.log).
cat >"$CONF_DIR/log4j.properties" <<'CFG'
log4j.rootLogger=WARN, CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n
CFG

if pid_alive "$DIR/zk.pid" QuorumPeerMain; then
  log "ZooKeeper (pid $(<"$DIR/zk.pid")) is starting already"
else
  log "starting ZooKeeper on 127.0.0.1:$PORT (data $DIR/data, log $DIR/zk.log)"
  spawn_bg "$DIR/zk.pid" "$DIR/zk.log" \
    java -Xmx256m -cp "$CONF_DIR:$ZK_JARS" org.apache.zookeeper.server.quorum.QuorumPeerMain "$CONF_DIR/zoo.cfg"
fi
wait_for "zk_ruok $PORT" 60 "ZooKeeper imok on 127.0.0.1:$PORT" "$DIR/zk.log" "$DIR/zk.pid"
log "ZooKeeper is up on 127.0.0.1:$PORT (pid $(<"$DIR/zk.pid"))"
