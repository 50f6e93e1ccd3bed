# Shared helpers for the Helios scripts (source it; do not run it).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS="$REPO_ROOT/scripts"
TEST_IMAGE="helios-test/busybox:latest"
# Classpath of Debian's libzookeeper-java: its manifest pulls in the other jars; only an
# slf4j binding is added. A /usr/share/java/* wildcard binds a random slf4j backend (often NOP).
ZK_JARS="/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar"

log() { printf '==> %s\n' "$*"; }
die() {
  printf '==> ERROR: %s\n' "$*" >&2
  exit 1
}

# need_root_or_explain "commands a root user must run": returns if root, else explains and exits 1.
need_root_or_explain() {
  [[ $(id -u) -eq 0 ]] && return 0
  printf '==> ERROR: root is needed for this step. Run as root:\n==>   %s\n' "$1" >&2
  exit 1
}

# apt_install_missing PKG:CHECK ... -- CHECK is a command name or an absolute path; installs the
# packages whose CHECK is missing. HELIOS_APT_UPDATED is exported so child scripts update only once.
apt_install_missing() {
  local spec pkg check missing=()
  for spec in "$@"; do
    pkg=${spec%%:*} check=${spec#*:}
    if [[ $check == /* ]]; then
      [[ -e $check ]] && continue
    else
      command -v "$check" >/dev/null 2>&1 && continue
    fi
    missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  need_root_or_explain "apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ ${HELIOS_APT_UPDATED:-} != 1 ]]; then
    log "apt-get update"
    apt-get update -qq
    export HELIOS_APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# wait_for "command" TIMEOUT_SECONDS "description" [LOGFILE] [PIDFILE] -- polls the command (which
# should be quiet); shows LOGFILE's tail on failure and gives up early if PIDFILE's process has exited.
wait_for() {
  local cmd=$1 timeout=$2 what=$3 logfile=${4:-} pidfile=${5:-} deadline=$((SECONDS + $2)) why
  log "waiting for $what (up to ${timeout}s)"
  until eval "$cmd"; do
    why=""
    ((SECONDS < deadline)) || why="timed out after ${timeout}s waiting for $what"
    [[ -z $pidfile ]] || pid_alive "$pidfile" || why="the process behind $what exited (pid file $pidfile)"
    if [[ -n $why ]]; then
      if [[ -n $logfile && -f $logfile ]]; then
        printf '==> last lines of %s:\n' "$logfile" >&2
        tail -n 40 "$logfile" >&2
      fi
      die "$why"
    fi
    sleep 0.5
  done
}

# spawn_bg PIDFILE LOGFILE CMD... -- start CMD detached (own session, survives the caller).
spawn_bg() {
  local pidfile=$1 logfile=$2
  shift 2
  rm -f "$pidfile"
  # The inner shell writes its own pid and execs, so the pid file names CMD itself.
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  for _ in $(seq 50); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
  done
  die "could not start $1 (see $logfile)"
}

# pid_alive PIDFILE [PATTERN] -- the pid in PIDFILE runs (and its command line contains PATTERN).
pid_alive() {
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -z ${2:-} ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# stop_pidfile PIDFILE NAME [PATTERN] -- TERM, then KILL after 10 s; removes the pid file.
stop_pidfile() {
  local pidfile=$1 name=$2 pattern=${3:-} pid
  if ! pid_alive "$pidfile" "$pattern"; then
    log "$name is not running"
    rm -f "$pidfile"
    return 0
  fi
  pid=$(<"$pidfile")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop in 10s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# zk_ruok PORT -- ZooKeeper on 127.0.0.1:PORT answers "imok" (bash /dev/tcp; nc is not installed).
zk_ruok() {
  local reply
  reply=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf ruok >&3 && cat <&3' "$1" 2>/dev/null) || true
  [[ $reply == imok ]]
}

docker_ok() { docker info >/dev/null 2>&1; }

http_ok() { curl -fs -o /dev/null --max-time 2 "$1"; }

# npm_ci -- npm ci. The reachable npm registry lacks other platforms' optional packages (e.g.
# @rollup/rollup-android-arm64), so the lock cannot list them and npm 11's ci refuses it with
# versionless "Missing: name@ from lock file" lines. Only in that case, install from the lock
# with npm install --no-save (same tree, lock untouched); real drift ("Missing: x@1.2.3") still fails.
npm_ci() {
  local out rc=0
  out=$(mktemp)
  npm ci --no-audit --no-fund 2>&1 | tee "$out" || rc=${PIPESTATUS[0]}
  if ((rc != 0)) && grep -q '^npm error code EUSAGE' "$out" && grep -q '^npm error Missing: ' "$out" &&
    ! grep -Eq '^npm error Missing: \S+@\S+ from lock file' "$out"; then
    log "npm ci: the lock lacks only optional packages this registry does not serve; npm install --no-save"
    rc=0
    npm install --no-save --no-audit --no-fund || rc=$?
  fi
  rm -f "$out"
  return "$rc"
}
