#!/usr/bin/env bash
# Builds Braid's base image without a Docker daemon or a registry: a Debian 12 root file system made by debootstrap,
# the native libraries the services load at run time, a jlinked Java 25 runtime and an unprivileged user.
#   docker/base/build.sh            -> image localhost/braid/base:dev and docker/target/braid-base.tar (Docker format)
# Needs root, debootstrap, podman and a JDK 25 (JAVA_HOME, else the first /usr/lib/jvm/*25*).
set -euo pipefail

DOCKER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=docker/podman-env.sh
. "$DOCKER_DIR/podman-env.sh"

BASE_IMAGE=${BRAID_BASE_IMAGE:-localhost/braid/base:dev}
OUT=$DOCKER_DIR/target
BASE_TAR=$OUT/braid-base.tar
SUITE=bookworm
MIRROR=${BRAID_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What the services need from the OS at run time:
#   libsrt1.5-gnutls  the origin's SRT ingest binds libsrt by name through the FFM API (no JNI, nothing bundled)
#   ca-certificates   TLS to a real MongoDB/Kafka or a JWKS URL
#   curl              the images' HEALTHCHECK (GET /q/health/ready)
# bytedeco FFmpeg (transcoder) bundles its own libraries; from the OS they need glibc, libstdc++ and libudev (libavutil)
# (libavdevice would also want ALSA, PulseAudio and xcb, but nothing loads it).
PACKAGES=libsrt1.5-gnutls,ca-certificates,curl,libstdc++6,zlib1g,libudev1
# Java modules: the union of `jdeps --print-module-deps` over every packaged service, the broker and MongoDB-wire
# (docs/containers.md), less jdk.compiler (only vertx-codegen's annotation processor refers to it), plus what is
# loaded by name and jdeps cannot see: jdk.zipfs (Quarkus opens its jars as zip file systems and dies without it),
# jdk.crypto.ec/jdk.crypto.cryptoki (TLS), jdk.naming.dns (mongodb+srv:// lookups), jdk.security.auth (Kafka's
# JAAS), and jdk.jfr, jdk.jcmd, jdk.attach, jdk.management.agent to diagnose a running container.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,jdk.attach,jdk.crypto.cryptoki,jdk.crypto.ec,\
jdk.jcmd,jdk.jfr,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.security.jgss,\
jdk.unsupported,jdk.zipfs
BRAID_UID=1000

find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*26*; do
    # Temurin 25 ships no jmods: its jlink links from the run-time image itself (JEP 493).
    if [ -n "$candidate" ] && [ -x "$candidate/bin/jlink" ]; then JDK=$candidate; return; fi
  done
  echo "base: a JDK 25 with jlink not found: set JAVA_HOME" >&2
  exit 1
}

make_rootfs() {
  echo "base: debootstrap $SUITE (minbase + $PACKAGES)"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -n 30 "$WORK/debootstrap.log" >&2; exit 1; }
}

add_user() {
  # Done here, in the chroot, so that image builds need no RUN step (which would need a working container runtime).
  chroot "$ROOTFS" groupadd --gid "$BRAID_UID" braid
  chroot "$ROOTFS" useradd --uid "$BRAID_UID" --gid braid --home-dir /home/braid --create-home --shell /usr/sbin/nologin braid
  # Each service keeps its node id (and the broker/MongoDB-wire their files) in /data.
  install -d -m 0750 -o "$BRAID_UID" -g "$BRAID_UID" "$ROOTFS/data"
}

trim_rootfs() {
  # Nothing at run time reads documentation, man pages, translations or apt's package lists.
  rm -rf "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/* \
    "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/log/* \
    "$ROOTFS"/tmp/*
}

add_java() {
  echo "base: jlink Java $("$JDK/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')"
  "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress zip-6 \
    --output "$ROOTFS/opt/java"
}

import_image() {
  echo "base: import $BASE_IMAGE"
  tar --numeric-owner -C "$ROOTFS" -cf "$WORK/rootfs.tar" .
  podman import -q \
    --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'WORKDIR /data' \
    --change 'CMD ["java", "-version"]' \
    "$WORK/rootfs.tar" "$BASE_IMAGE" >/dev/null
  mkdir -p "$OUT"
  # A Docker-format archive, so Jib (-Djib.from.image=tar://...) can start from it too.
  rm -f "$BASE_TAR"
  podman save -q --format docker-archive -o "$BASE_TAR" "$BASE_IMAGE"
}

main() {
  [ "$(id -u)" = 0 ] || { echo "base: debootstrap needs root" >&2; exit 1; }
  command -v debootstrap >/dev/null || { echo "base: install debootstrap (apt-get install -y debootstrap)" >&2; exit 1; }
  find_jdk
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/braid-base.XXXXXX")
  ROOTFS=$WORK/rootfs
  trap 'rm -rf "$WORK"' EXIT
  make_rootfs
  add_user
  trim_rootfs
  add_java
  import_image
  echo "base: $BASE_IMAGE ($(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')), $BASE_TAR"
}

main "$@"
