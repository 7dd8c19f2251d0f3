#!/usr/bin/env bash
# Builds every Braid container image with podman, no Docker daemon and no registry:
#   docker/build.sh [--rebuild-base] [image...]     images: registry origin edge transcoder gateway kafka mongo-wire
# Builds the jars first if they are missing (./mvnw package -DskipTests), the base image once (reused while it is in
# podman's store or saved in docker/target/braid-base.tar), then each image as localhost/braid/<name>:dev.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKER_DIR=$ROOT/docker
# shellcheck source=docker/podman-env.sh
. "$DOCKER_DIR/podman-env.sh"

TAG=${BRAID_IMAGE_TAG:-dev}
PREFIX=${BRAID_IMAGE_PREFIX:-localhost/braid}
BASE_IMAGE=${BRAID_BASE_IMAGE:-$PREFIX/base:$TAG}
BASE_TAR=$DOCKER_DIR/target/braid-base.tar
CONTEXTS=$DOCKER_DIR/target/context
ALL_IMAGES=(mongo-wire kafka registry origin edge transcoder gateway)

die() { echo "build: $*" >&2; exit 1; }
# set -e stops quietly; say where.
trap 'echo "build: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# image name -> Maven module, service HTTP port (its application.properties default), ports to EXPOSE, heap
quarkus_module() {
  case $1 in
    registry) echo "registry-service 5090 5090 384m" ;;
    origin) echo "ingest-service 5081 5081 1935 4200/udp 1g" ;;
    edge) echo "edge-service 5082 5082 8443 384m" ;;
    transcoder) echo "transcode-service 5083 5083 384m" ;;
    gateway) echo "gateway 5080 5080 1935 384m" ;;
    *) return 1 ;;
  esac
}

find_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*26*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/jlink" ]; then export JAVA_HOME=$candidate; return; fi
  done
  die "JDK 25 not found: set JAVA_HOME"
}

build_jars_if_missing() {
  local missing=0 module
  for module in registry-service ingest-service edge-service transcode-service gateway; do
    [ -f "$ROOT/$module/target/quarkus-app/quarkus-run.jar" ] || missing=1
  done
  [ -d "$ROOT/kafka-broker/target/lib" ] || missing=1
  [ -f "$ROOT/testkit/target/classes/io/braid/testkit/MongoWireMain.class" ] || missing=1
  [ -f "$ROOT/testkit/target/runtime-classpath.txt" ] || missing=1
  if [ $missing = 1 ]; then
    echo "build: jars missing, running ./mvnw -q -B -DskipTests package"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package) || die "maven build failed"
  fi
}

ensure_base() {
  if [ "${REBUILD_BASE:-0}" = 1 ]; then
    "$DOCKER_DIR/base/build.sh"
  elif podman image exists "$BASE_IMAGE"; then
    echo "build: base $BASE_IMAGE already in podman's store, reused (--rebuild-base to make it again)"
  elif [ -f "$BASE_TAR" ]; then
    echo "build: loading base from $BASE_TAR"
    podman load -q -i "$BASE_TAR" >/dev/null
  else
    "$DOCKER_DIR/base/build.sh"
  fi
}

# Hard links where possible: the context is only read by podman, and linking 70 MB of jars costs nothing.
copy_in() { # copy_in <destination dir> <file or dir>...
  local dest=$1; shift
  mkdir -p "$dest"
  cp -lR "$@" "$dest/" 2>/dev/null || cp -R "$@" "$dest/"
}

stage_quarkus() { # stage_quarkus <image> <module>
  local ctx=$CONTEXTS/$1 app=$ROOT/$2/target/quarkus-app
  rm -rf "$ctx"
  # Third-party jars change rarely and go in their own layer; Braid's own jars go with the application.
  copy_in "$ctx/deps/lib" "$app/lib/boot"
  mkdir -p "$ctx/deps/lib/main" "$ctx/app/lib/main"
  find "$app/lib/main" -maxdepth 1 -name '*.jar' ! -name 'io.braid.*' -exec cp -l {} "$ctx/deps/lib/main/" \;
  find "$app/lib/main" -maxdepth 1 -name 'io.braid.*.jar' -exec cp -l {} "$ctx/app/lib/main/" \;
  copy_in "$ctx/app" "$app/app" "$app/quarkus" "$app/quarkus-run.jar"
}

stage_kafka() {
  local ctx=$CONTEXTS/kafka
  rm -rf "$ctx"
  copy_in "$ctx/libs" "$ROOT"/kafka-broker/target/lib/*.jar
  copy_in "$ctx" "$DOCKER_DIR/kafka/kafka-start.sh" "$DOCKER_DIR/kafka/log4j2.properties"
}

stage_mongo_wire() {
  local ctx=$CONTEXTS/mongo-wire jar jars
  rm -rf "$ctx"
  mkdir -p "$ctx/lib"
  # The testkit's classes (MongoWireMain) and its runtime classpath as Maven resolved it.
  (cd "$ROOT/testkit/target/classes" && "$JAVA_HOME/bin/jar" --create --file "$ctx/lib/braid-testkit.jar" .)
  # The file has no final newline, so read reports end of file: that is expected.
  IFS=: read -ra jars <"$ROOT/testkit/target/runtime-classpath.txt" || true
  for jar in "${jars[@]}"; do
    cp -l "$jar" "$ctx/lib/" 2>/dev/null || cp "$jar" "$ctx/lib/"
  done
}

build_image() { # build_image <image> <containerfile> [--build-arg ...]
  local name=$1 file=$2; shift 2
  local start=$SECONDS ref=$PREFIX/$name:$TAG before after
  before=$(podman image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)
  podman build --pull=never --format docker --quiet -f "$file" --build-arg BASE_IMAGE="$BASE_IMAGE" "$@" \
    -t "$ref" "$CONTEXTS/$name" >/dev/null || die "image $name failed"
  after=$(podman image inspect --format '{{.Id}}' "$ref")
  # The image this one replaces would stay behind untagged; remove it unless a container still uses it.
  if [ -n "$before" ] && [ "$before" != "$after" ]; then podman rmi "$before" >/dev/null 2>&1 || true; fi
  echo "build: $ref in $((SECONDS - start)) s"
}

build_one() { # build_one <image>
  local name=$1 spec
  case $name in
    kafka) stage_kafka; build_image kafka "$DOCKER_DIR/kafka/Containerfile" ;;
    mongo-wire) stage_mongo_wire; build_image mongo-wire "$DOCKER_DIR/mongo-wire/Containerfile" ;;
    *)
      spec=$(quarkus_module "$name") || die "unknown image $name (images: ${ALL_IMAGES[*]})"
      # shellcheck disable=SC2086
      set -- $spec
      local module=$1 port=$2 heap=${!#}
      local ports=("${@:3:$#-3}")
      stage_quarkus "$name" "$module"
      # The origin's GC flag, as bin/braid gives it (ORIGIN_JVM_FLAGS there says why).
      local jvm_flags=""
      [ "$name" = origin ] && jvm_flags="-XX:MaxTenuringThreshold=1"
      build_image "$name" "$DOCKER_DIR/quarkus/Containerfile" --build-arg SERVICE="$name" \
        --build-arg HTTP_PORT="$port" --build-arg PORTS="${ports[*]}" --build-arg HEAP="$heap" --build-arg JVM_FLAGS="$jvm_flags"
      ;;
  esac
}

print_sizes() {
  echo
  podman images --filter "reference=$PREFIX/*:$TAG" --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | sort | column -t -s $'\t'
}

main() {
  local images=()
  while [ $# -gt 0 ]; do
    case $1 in
      --rebuild-base) REBUILD_BASE=1; shift ;;
      -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) images+=("$1"); shift ;;
    esac
  done
  [ ${#images[@]} -gt 0 ] || images=("${ALL_IMAGES[@]}")
  local start=$SECONDS
  find_java
  build_jars_if_missing
  ensure_base
  local image
  for image in "${images[@]}"; do build_one "$image"; done
  print_sizes
  echo "build: done in $((SECONDS - start)) s"
}

main "$@"
