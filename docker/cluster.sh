#!/usr/bin/env bash
# The whole Braid cluster in podman containers, from the images docker/build.sh makes:
#   docker/cluster.sh up | down [--volumes] | status | logs [name]
# One podman pod (one network namespace, like one host running bin/braid): mongo-wire, kafka, registry, origin, edge,
# transcoder and gateway reach each other on 127.0.0.1; only the gateway's HTTP and RTMP ports and the origin's SRT
# port are published. Data (node ids, Kafka's log, MongoDB-wire's H2 file) lives in podman volumes, kept by `down`.
# Environment: BRAID_POD (pod name, default braid), BRAID_HTTP_PORT (5080), BRAID_RTMP_PORT (1935),
# BRAID_SRT_PORT (4200, udp), BRAID_PUBLISH_ADDRESS (0.0.0.0), BRAID_INTERNAL_KEY (else made once in
# $BRAID_HOME/containers/<pod>/internal.key), BRAID_CPU_LIMIT (origin, 90), BRAID_IMAGE_PREFIX, BRAID_IMAGE_TAG;
# BRAID_KAFKA_BOOTSTRAP + BRAID_MONGODB_URI: use that Kafka and MongoDB instead of the two containers.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=docker/podman-env.sh
. "$ROOT/docker/podman-env.sh"

POD=${BRAID_POD:-braid}
PREFIX=${BRAID_IMAGE_PREFIX:-localhost/braid}
TAG=${BRAID_IMAGE_TAG:-dev}
HTTP_PORT=${BRAID_HTTP_PORT:-5080}
RTMP_PORT=${BRAID_RTMP_PORT:-1935}
SRT_PORT=${BRAID_SRT_PORT:-4200}
PUBLISH_ADDRESS=${BRAID_PUBLISH_ADDRESS:-0.0.0.0}
STATE=${BRAID_HOME:-$ROOT/.braid}/containers/$POD
# Ports inside the pod: bin/braid's layout for one node of each role, so addresses in logs and docs read the same.
REGISTRY_PORT=5090
ORIGIN_HTTP_PORT=5100
ORIGIN_RTMP_PORT=1936
ORIGIN_SRT_PORT=4200
EDGE_PORT=5200
TRANSCODER_PORT=5300
GATEWAY_HTTP_PORT=5080
GATEWAY_RTMP_PORT=1935
KAFKA_PORT=9092
MONGO_PORT=27017
# Start order; `down` stops in reverse.
SERVICES=(mongo-wire kafka registry origin edge transcoder gateway)

die() { echo "cluster: $*" >&2; exit 1; }

container() { echo "$POD-$1"; }

external_infra() { [ -n "${BRAID_KAFKA_BOOTSTRAP:-}" ] && [ -n "${BRAID_MONGODB_URI:-}" ]; }

# Runs a podman command that starts containers. Its output goes to a file first: conmon, which podman leaves running
# for each container, inherits podman's stdout and stderr, and a pipe held open by it would never reach end of file
# (a caller reading our output would hang). podman also logs an error for each container with a HEALTHCHECK when
# there is no systemd to schedule the checks; they are run on demand here (podman healthcheck run), so that line is
# dropped and anything else is shown.
podman_start() {
  local out rc=0
  mkdir -p "$STATE"
  out=$STATE/podman-start.log
  podman "$@" >"$out" 2>&1 </dev/null || rc=$?
  grep -v 'unable to get systemd connection' "$out" | grep -v '^[0-9a-f]\{64\}$' >&2 || true
  return $rc
}

# The cluster's internal key (origins accept rendition publishes only from transcoders that show it): from the
# environment, else made once per pod. Handed to containers by name (-e BRAID_INTERNAL_KEY), never on a command line.
internal_key() {
  if [ -z "${BRAID_INTERNAL_KEY:-}" ]; then
    mkdir -p "$STATE"
    if [ ! -s "$STATE/internal.key" ]; then
      (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$STATE/internal.key")
    fi
    BRAID_INTERNAL_KEY=$(cat "$STATE/internal.key")
  fi
  export BRAID_INTERNAL_KEY
}

check_images() {
  local name
  for name in "${SERVICES[@]}"; do
    if external_infra && { [ "$name" = kafka ] || [ "$name" = mongo-wire ]; }; then continue; fi
    podman image exists "$PREFIX/$name:$TAG" || die "image $PREFIX/$name:$TAG missing: run docker/build.sh"
  done
}

create_pod() {
  if podman pod exists "$POD"; then return; fi
  podman pod create --name "$POD" \
    -p "$PUBLISH_ADDRESS:$HTTP_PORT:$GATEWAY_HTTP_PORT" \
    -p "$PUBLISH_ADDRESS:$RTMP_PORT:$GATEWAY_RTMP_PORT" \
    -p "$PUBLISH_ADDRESS:$SRT_PORT:$ORIGIN_SRT_PORT/udp" >/dev/null
}

# What every Braid service is told: where Kafka, MongoDB and the registry are, and that its address is 127.0.0.1
# (the pod's shared loopback), which is what it advertises to the gateway and the other nodes.
service_env() {
  local kafka=${BRAID_KAFKA_BOOTSTRAP:-127.0.0.1:$KAFKA_PORT} mongo=${BRAID_MONGODB_URI:-mongodb://127.0.0.1:$MONGO_PORT}
  printf '%s\n' -e "KAFKA_BOOTSTRAP_SERVERS=$kafka" -e "DB_HOST=$mongo" \
    -e "BRAID_REGISTRY_URL=http://127.0.0.1:$REGISTRY_PORT" -e BRAID_NODE_IP=127.0.0.1
}

run_container() { # run_container <name> [podman run options...]
  local name=$1; shift
  local ctr; ctr=$(container "$name")
  if podman container exists "$ctr"; then
    podman_start start "$ctr"
  else
    podman_start run -d --pod "$POD" --name "$ctr" --health-interval=disable \
      -v "$POD-$name-data:/data:U" "$@" "$PREFIX/$name:$TAG"
  fi
}

start_container() { # start_container <name>: the options each image needs in this pod
  local name=$1 env
  mapfile -t env < <(service_env)
  case $name in
    mongo-wire) run_container mongo-wire -e MONGO_PORT=$MONGO_PORT ;;
    kafka) run_container kafka -e KAFKA_PORT=$KAFKA_PORT -e KAFKA_ADVERTISED_HOST=127.0.0.1 ;;
    registry) run_container registry "${env[@]}" -e QUARKUS_HTTP_PORT=$REGISTRY_PORT ;;
    origin)
      run_container origin "${env[@]}" -e QUARKUS_HTTP_PORT=$ORIGIN_HTTP_PORT -e BRAID_RTMP_PORT=$ORIGIN_RTMP_PORT \
        -e BRAID_SRT_PORT=$ORIGIN_SRT_PORT -e SERVER_CPU_LIMIT="${BRAID_CPU_LIMIT:-90}" -e BRAID_INTERNAL_KEY ;;
    edge) run_container edge "${env[@]}" -e QUARKUS_HTTP_PORT=$EDGE_PORT ;;
    transcoder) run_container transcoder "${env[@]}" -e QUARKUS_HTTP_PORT=$TRANSCODER_PORT -e BRAID_INTERNAL_KEY ;;
    gateway)
      run_container gateway "${env[@]}" -e QUARKUS_HTTP_PORT=$GATEWAY_HTTP_PORT \
        -e BRAID_GATEWAY_RTMP_PORT=$GATEWAY_RTMP_PORT ;;
  esac
}

# Readiness is the image's own HEALTHCHECK (/q/health/ready, or the port for Kafka and MongoDB-wire), run on demand.
wait_ready() { # wait_ready <seconds> <name>...
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds)) name pending=("$@") left
  echo -n "Waiting for ${pending[*]} ..."
  while [ ${#pending[@]} -gt 0 ]; do
    left=()
    for name in "${pending[@]}"; do
      [ "$(podman inspect --format '{{.State.Running}}' "$(container "$name")" 2>/dev/null)" = true ] \
        || { echo; podman logs --tail 30 "$(container "$name")" >&2; die "$name exited"; }
      podman healthcheck run "$(container "$name")" >/dev/null 2>&1 </dev/null || left+=("$name")
    done
    pending=(${left[@]+"${left[@]}"})
    [ ${#pending[@]} -eq 0 ] && break
    if [ $SECONDS -ge $deadline ]; then
      echo
      for name in "${pending[@]}"; do podman logs --tail 30 "$(container "$name")" >&2; done
      die "not ready after $seconds s: ${pending[*]} (docker/cluster.sh logs <name>)"
    fi
    sleep 1
  done
  echo " ok"
}

cmd_up() {
  check_images
  internal_key
  create_pod
  if ! external_infra; then
    start_container mongo-wire
    start_container kafka
    wait_ready 120 mongo-wire kafka
  fi
  # The registry creates the Kafka topics the others consume, so it goes first; the rest start together.
  start_container registry
  wait_ready 120 registry
  local name
  for name in origin edge transcoder gateway; do start_container "$name"; done
  wait_ready 180 origin edge transcoder gateway
  echo
  echo "Braid is up in pod $POD."
  echo "  REST API:       http://127.0.0.1:$HTTP_PORT/rest/v2/cluster-nodes"
  echo "  Publish (RTMP): rtmp://127.0.0.1:$RTMP_PORT/LiveApp/<streamId>"
  echo "  Publish (SRT):  srt://127.0.0.1:$SRT_PORT?streamid=LiveApp/<streamId>"
  echo "  Play (HLS):     http://127.0.0.1:$HTTP_PORT/LiveApp/streams/<streamId>.m3u8"
  echo "  Logs:           docker/cluster.sh logs <${SERVICES[*]}>"
}

cmd_down() {
  local volumes=0 i name
  [ "${1:-}" = --volumes ] && volumes=1
  if podman pod exists "$POD"; then
    # Services before the infrastructure they report to, each with time to deregister and flush.
    for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
      name=${SERVICES[$i]}
      if podman container exists "$(container "$name")"; then
        podman stop -t 20 "$(container "$name")" 2>&1 >/dev/null | grep -v 'unable to get systemd connection' >&2 || true
        echo "stopped $name"
      fi
    done
    podman pod rm -f "$POD" 2>&1 >/dev/null | grep -v 'unable to get systemd connection' >&2 || true
  else
    echo "pod $POD not running"
  fi
  if [ $volumes = 1 ]; then
    for name in "${SERVICES[@]}"; do podman volume rm -f "$POD-$name-data" >/dev/null 2>&1 || true; done
    rm -rf "$STATE"
    echo "removed the volumes of $POD"
  fi
}

cmd_status() {
  podman pod exists "$POD" || { echo "pod $POD not running (docker/cluster.sh up)"; return; }
  podman ps -a --filter "pod=$POD" --format '{{.Names}}\t{{.Status}}' | column -t -s $'\t'
  echo
  curl -fsS "http://127.0.0.1:$HTTP_PORT/rest/v2/cluster-nodes" 2>/dev/null \
    | jq -r '(["ID","ROLE","STATUS","CPU%","MEM%"] | @tsv), (.[] | [.id, .role, .status, .cpu, .memory] | @tsv)' \
    | column -t -s $'\t' || echo "(no answer from the gateway on port $HTTP_PORT)"
}

cmd_logs() {
  if [ $# -eq 0 ]; then echo "${SERVICES[*]}"; else podman logs --tail 100 "$(container "$1")"; fi
}

case ${1:-help} in
  up) cmd_up ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' ;;
esac
