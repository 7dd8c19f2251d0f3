#!/usr/bin/env bash
# WebRTC benchmark, two figures:
#  1. Glass-to-glass latency: frames that carry the wall clock (bench/webrtc/clock-source.py) are published over RTMP
#     (ffmpeg, libx264 ultrafast zerolatency) to the gateway; headless chromium plays the stream over WHEP through the
#     gateway (origin -> edge -> browser) and, for every frame it presents, reads the clock back from the picture
#     (bench/webrtc/latency.html). Same machine, same clock: median and 95th percentile, publish to display.
#     Published figures for comparison: SRS 80 ms (its PERFORMANCE.md), MediaMTX RTSP->WHEP in a browser 200-300 ms.
#  2. Viewers per core on one edge: a 600 kbit/s stream (video ~536k + Opus 64k), BENCH_VIEWERS light viewers
#     (Braid's Java receiving peer, counting media without decrypting it) on the edge's WHEP endpoint; the edge
#     process's CPU time over the window gives CPU per viewer and viewers per core. SRS claims 1,000-2,000 per core;
#     MediaMTX users report 150 viewers on 3 cores. The viewers run on the same machine and take CPU of their own.
#     Two placements of the viewers:
#     - loopback: viewers and edge share the loopback device and both cores. Linux delivers a loopback datagram into
#       the receiver's socket in the sender's system call, so the edge's CPU also pays for the viewers' receive path
#       (about a quarter of it, by perf) -- a cost that sits on the viewers' machines in any real deployment.
#     - netns (as root, where network namespaces can be made): the viewers in a network namespace of their own behind a
#       veth pair, their receive path steered to CPU 1 by RPS, the edge pinned to CPU 0 and everything else to CPU 1:
#       the edge pays its own transmit path down to a device, as it would to a NIC. Left in: in a VM, each hand-off to
#       the other CPU is an inter-processor interrupt the edge pays for (about 9 % of its CPU here, by perf).
#   bench/webrtc.sh
# It runs its own local cluster (bin/braid: 1 origin, 1 edge, the gateway; state in bench/target/braid-home, ports 159xx)
# and stops it at the end. Needs ffmpeg, python3 and chromium.
# Env: BENCH_LATENCY_SECONDS (default 30), BENCH_VIEWERS (default 600), BENCH_SECONDS (measured window, default 20),
# BENCH_UDP_IO (the edge's UDP I/O kinds to compare with loopback viewers, default "gso batched nio"),
# BENCH_NETNS (0: skip the run with the viewers in a network namespace).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/target
export BRAID_HOME=$WORK/braid-home BRAID_HTTP_PORT=15980 BRAID_KAFKA_PORT=15992 BRAID_MONGO_PORT=15917
export BRAID_ORIGIN_HTTP_PORT=15900 BRAID_RTMP_PORT=15935 BRAID_ORIGIN_RTMP_PORT=15936 BRAID_REGISTRY_HTTP_PORT=15990 BRAID_EDGE_HTTP_PORT=15950
export BRAID_EDGE_WEBRTC_PORT=15960 BRAID_CPU_LIMIT=100
LATENCY_SECONDS=${BENCH_LATENCY_SECONDS:-30}
VIEWERS=${BENCH_VIEWERS:-600}
SECONDS_MEASURED=${BENCH_SECONDS:-20}
for tool in ffmpeg python3 chromium; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install -y ffmpeg python3 chromium)" >&2; exit 1; }
done
cd "$ROOT"
. "$ROOT/bench/jdk.sh"
. "$ROOT/bench/webrtc/latency.sh"
mkdir -p "$WORK"
build() { ./mvnw -B -q "$@" install dependency:build-classpath -pl bench/jmh -am -DskipTests -Dmdep.outputFile=target/jmh.classpath; }
build -o >/dev/null 2>&1 || build

NETNS=braid-bench-viewers
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del "$NETNS" 2>/dev/null || true
  ip link del braid-bench0 2>/dev/null || true
  pkill -f "chromium.*$WORK/chromium-profile" 2>/dev/null || true
  "$ROOT/bin/braid" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$ROOT/bin/braid" up --origins 1 --edges 1 --transcoders 0 >/dev/null
EDGE_PID=$(cat "$BRAID_HOME/run/edge-1.pid")
wait_live() { # wait_live <stream>
  for _ in $(seq 1 80); do
    curl -fsS "http://127.0.0.1:$BRAID_HTTP_PORT/LiveApp/streams/$1.m3u8" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "stream $1 did not go live" >&2; exit 1
}

# 1. Glass-to-glass latency.
python3 "$ROOT/bench/webrtc/clock-source.py" | ffmpeg -nostdin -v error -f rawvideo -pix_fmt yuv420p -s 640x360 -r 30 -i pipe:0 \
  -c:v libx264 -preset ultrafast -tune zerolatency -g 30 -b:v 1500k -f flv "rtmp://127.0.0.1:$BRAID_RTMP_PORT/LiveApp/clock" &
PIDS+=($!)
wait_live clock
glass_to_glass clock "RTMP publish -> WHEP in chromium, loopback"

# 2. Viewers per core at 600 kbit/s. publish_load starts the 600 kbit/s stream on a fresh cluster; viewers <url> [bind]
#    runs the light viewers against the edge's WHEP endpoint and prints the figures.
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done # the clock's publisher
PIDS=()
publish_load() {
  "$ROOT/bin/braid" down >/dev/null 2>&1 || true
  "$ROOT/bin/braid" up --origins 1 --edges 1 --transcoders 0 >/dev/null
  EDGE_PID=$(cat "$BRAID_HOME/run/edge-1.pid")
  ffmpeg -nostdin -v error -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -c:v libx264 -preset ultrafast -tune zerolatency -g 60 -b:v 536k -maxrate 536k -bufsize 536k -pix_fmt yuv420p \
    -c:a aac -b:a 64k -f flv "rtmp://127.0.0.1:$BRAID_RTMP_PORT/LiveApp/load" &
  PUBLISHER=$!
  PIDS+=($PUBLISHER)
  wait_live load
}
viewers() {
  "$JAVA_HOME/bin/java" -Xss512k -cp "bench/jmh/target/classes:$(cat bench/jmh/target/jmh.classpath)" io.braid.bench.WebRtcViewerLoad \
    "$1" "$EDGE_PID" "$VIEWERS" "$SECONDS_MEASURED" "${2:-127.0.0.1}"
}

# 2a. Loopback viewers, once per UDP I/O of the edge: gso is sendmmsg/recvmmsg with a viewer's run of equal packets
#     (a video frame) sent as one message the kernel segments (what auto picks on Linux), batched the same without
#     segmentation, nio Netty's channel with a sendto per datagram (the fallback elsewhere).
for io in ${BENCH_UDP_IO:-gso batched nio}; do
  BRAID_WEBRTC_UDP_IO=$io publish_load
  echo "loopback viewers, edge UDP I/O $io:"
  viewers "http://127.0.0.1:$BRAID_EDGE_HTTP_PORT/LiveApp/whep/load"
  kill "$PUBLISHER" 2>/dev/null || true
done

# 2b. Viewers in a network namespace of their own (see the top), the edge's default UDP I/O.
if [ "${BENCH_NETNS:-1}" = 1 ] && [ "$(id -u)" = 0 ] && [ "$(nproc)" -ge 2 ] && ip netns add "$NETNS" 2>/dev/null; then
  ip link add braid-bench0 type veth peer name braid-bench1 netns "$NETNS"
  ip addr add 10.203.0.1/24 dev braid-bench0
  ip link set braid-bench0 up
  ip netns exec "$NETNS" sh -c 'ip addr add 10.203.0.2/24 dev braid-bench1 && ip link set braid-bench1 up && ip link set lo up &&
    ip route add default via 10.203.0.1 && echo 2 > /sys/class/net/braid-bench1/queues/rx-0/rps_cpus'
  BRAID_WEBRTC_ADVERTISED_ADDRESSES=10.203.0.1 publish_load
  for f in "$BRAID_HOME"/run/*.pid; do
    pid=$(cat "$f")
    [ "$pid" = "$EDGE_PID" ] || taskset -a -cp 1 "$pid" >/dev/null 2>&1 || true
  done
  taskset -a -cp 1 "$PUBLISHER" >/dev/null
  taskset -a -cp 0 "$EDGE_PID" >/dev/null
  echo "viewers in their own network namespace (veth, RPS to CPU 1), edge pinned to CPU 0:"
  ip netns exec "$NETNS" taskset -c 1 bash -c "$(declare -f viewers); EDGE_PID=$EDGE_PID VIEWERS=$VIEWERS SECONDS_MEASURED=$SECONDS_MEASURED \
    JAVA_HOME=$JAVA_HOME viewers http://10.203.0.1:$BRAID_EDGE_HTTP_PORT/LiveApp/whep/load 0.0.0.0"
  kill "$PUBLISHER" 2>/dev/null || true
else
  echo "viewers in a network namespace: skipped (needs root, 2 cores and ip netns; BENCH_NETNS=${BENCH_NETNS:-1})"
fi
