#!/usr/bin/env bash
# Build helios-test/busybox:latest from busybox-static without any registry: build-test-image.sh [--force]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FORCE=0
[[ ${1:-} == --force ]] && FORCE=1
CHECK_NAME=helios-test-image-check
CHECK_PORT=18080
REQUIRED_APPLETS="sh httpd sleep echo cat ls nc wget env true false kill ps mkdir"

docker_ok || die "the Docker engine does not answer (docker info); run scripts/docker-up.sh"

if docker image inspect "$TEST_IMAGE" >/dev/null 2>&1 && ((!FORCE)); then
  log "image $TEST_IMAGE exists (use --force to rebuild)"
else
  apt_install_missing busybox-static:/bin/busybox curl:curl
  # Only a static busybox runs in an empty rootfs; Debian's plain "busybox" package is dynamic.
  if ldd /bin/busybox >/dev/null 2>&1; then
    need_root_or_explain "apt-get install -y --no-install-recommends busybox-static   # /bin/busybox is dynamic"
    die "/bin/busybox is dynamically linked; install busybox-static (it replaces package busybox)"
  fi
  old_id=$(docker image inspect --format '{{.Id}}' "$TEST_IMAGE" 2>/dev/null || true)
  log "building $TEST_IMAGE from /bin/busybox ($(/bin/busybox | head -n1 | cut -d' ' -f1-2))"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  root=$tmp/rootfs
  mkdir -p "$root"/{bin,www,tmp,etc,root}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
  done
  for applet in $REQUIRED_APPLETS; do
    [[ -L $root/bin/$applet ]] || die "busybox lacks the applet $applet"
  done
  echo "hello from helios" >"$root/www/index.html"
  echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
  tar -C "$root" --owner=0 --group=0 --numeric-owner -c . |
    docker import -c 'CMD ["/bin/httpd","-f","-p","80","-h","/www"]' -c 'EXPOSE 80' - "$TEST_IMAGE" >/dev/null
  log "imported $TEST_IMAGE"
  # A forced rebuild leaves the old image untagged; drop it unless a container still uses it.
  if [[ -n $old_id && $old_id != "$(docker image inspect --format '{{.Id}}' "$TEST_IMAGE")" ]]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true
  fi
fi

log "verifying: docker run --rm $TEST_IMAGE /bin/echo ok"
out=$(docker run --rm "$TEST_IMAGE" /bin/echo ok)
[[ $out == ok ]] || die "expected 'ok' from the test image, got: $out"

log "verifying: httpd answers on 127.0.0.1:$CHECK_PORT"
cleanup_check() { docker rm -f "$CHECK_NAME" >/dev/null 2>&1 || true; }
cleanup_check
trap 'cleanup_check; rm -rf "${tmp:-/nonexistent}"' EXIT
docker run -d --name "$CHECK_NAME" -p "127.0.0.1:$CHECK_PORT:80" "$TEST_IMAGE" >/dev/null
wait_for "curl -fsS --max-time 2 http://127.0.0.1:$CHECK_PORT/ 2>/dev/null | grep -q 'hello from helios'" 20 \
  "the test image's httpd on 127.0.0.1:$CHECK_PORT"
cleanup_check
log "image $TEST_IMAGE is ready"
