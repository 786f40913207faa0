#!/usr/bin/env bash
# Installs (Debian packages), starts and stops the real components the tests need: dockerd, a registry
# with htpasswd auth, and a busybox base image imported without any pull (no Docker Hub here).
#   scripts/test-env.sh install | start | stop | env
# `start` writes the variables tests read to $CS_TEST_ENV_FILE (default .test-env) and prints them.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${CS_TEST_STATE:-/tmp/cs-test-env}
ENV_FILE=${CS_TEST_ENV_FILE:-$PWD/.test-env}
REGISTRY_PORT=${CS_TEST_REGISTRY_PORT:-5000}
REGISTRY_USER=cs-test
REGISTRY_PASS=${CS_TEST_REGISTRY_PASSWORD:-reg-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}
BASE_IMAGE=cs-test/busybox:1

install() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  [ -x /usr/bin/docker ] || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  [ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || missing+=(busybox-static)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v curl >/dev/null || missing+=(curl)  # the readiness checks below
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

wait_for() { # seconds, command...
  local n=$1; shift
  for _ in $(seq "$((n * 5))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}

start() {
  mkdir -p "$STATE"
  if ! docker version >/dev/null 2>&1; then
    setsid dockerd --host unix:///var/run/docker.sock >"$STATE/dockerd.log" 2>&1 </dev/null &
    echo $! >"$STATE/dockerd.pid"
    wait_for 60 docker version || { echo "dockerd did not start:"; tail -20 "$STATE/dockerd.log"; exit 1; }
  fi
  if ! [ -f "$STATE/registry.pid" ] || ! kill -0 "$(cat "$STATE/registry.pid")" 2>/dev/null; then
    if curl -s -o /dev/null "http://127.0.0.1:$REGISTRY_PORT/v2/"; then
      echo "port $REGISTRY_PORT is taken by a registry this script did not start (stop it, or set CS_TEST_REGISTRY_PORT)" >&2
      exit 1
    fi
    rm -rf "$STATE/registry-data"
    htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASS" >"$STATE/htpasswd"
    echo "$REGISTRY_PASS" >"$STATE/registry-password"
    cat >"$STATE/registry.yml" <<YML
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $STATE/registry-data }
  delete: { enabled: true }
http: { addr: 127.0.0.1:$REGISTRY_PORT }
auth:
  htpasswd: { realm: cs-test, path: $STATE/htpasswd }
YML
    setsid docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 </dev/null &
    echo $! >"$STATE/registry.pid"
    wait_for 30 curl -s -o /dev/null "http://127.0.0.1:$REGISTRY_PORT/v2/" || { echo "registry did not start:"; tail -20 "$STATE/registry.log"; exit 1; }
  fi
  if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    local root; root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/www" "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for c in sh ls cat echo httpd wget sleep env sha256sum test mkdir rm cp printf grep tr true false kill; do ln -s busybox "$root/bin/$c"; done
    tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' - "$BASE_IMAGE" >/dev/null
    rm -rf "$root"
  fi
  write_env
}

write_env() {
  cat >"$ENV_FILE" <<ENV
CS_TEST_DOCKER=1
CS_TEST_REGISTRY=127.0.0.1:$REGISTRY_PORT
CS_TEST_REGISTRY_USERNAME=$REGISTRY_USER
CS_TEST_REGISTRY_PASSWORD=$(cat "$STATE/registry-password")
CS_TEST_BASE_IMAGE=$BASE_IMAGE
CS_DOCKER_CLI=/usr/bin/docker
ENV
  cat "$ENV_FILE" | grep -v PASSWORD
}

stop() {
  for svc in registry dockerd; do
    if [ -f "$STATE/$svc.pid" ]; then
      kill "$(cat "$STATE/$svc.pid")" 2>/dev/null || true
      wait_for 20 sh -c "! kill -0 $(cat "$STATE/$svc.pid")" || kill -9 "$(cat "$STATE/$svc.pid")" 2>/dev/null || true
      rm -f "$STATE/$svc.pid"
    fi
  done
  rm -f "$ENV_FILE"
}

case "${1:-}" in
  install) install ;;
  start) install; start ;;
  stop) stop ;;
  env) write_env ;;
  *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac
