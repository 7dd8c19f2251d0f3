#!/usr/bin/env bash
# Origin ingest benchmark: publishes N streams of a pre-encoded 720p file (ffmpeg -re -c copy, looped) to one origin
# and prints the origin's CPU % and RSS, in all and per stream, for each N.
#   bench/origin-publish.sh [N ...]        default: 1 10 50
# It runs its own local cluster (bin/braid, state in bench/target/braid-home, ports 159xx) and stops it at the end.
# Env: BENCH_SECONDS (measurement window, default 20), BENCH_WARMUP (default 10), BENCH_BITRATE (default 1500k),
# BENCH_STAGGER (seconds between publisher starts, default 0.5).
# The publishers run on the same machine: on a small one their CPU counts in the origin's CPU guard, so a publish can
# still be refused with highResourceUsage; the 'playlists' column shows how many streams were really packaged, and the
# per-stream figures are divided by that number.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/target
export BRAID_HOME=$WORK/braid-home BRAID_HTTP_PORT=15980 BRAID_KAFKA_PORT=15992 BRAID_MONGO_PORT=15917
export BRAID_ORIGIN_HTTP_PORT=15900 BRAID_ORIGIN_RTMP_PORT=15936 BRAID_REGISTRY_HTTP_PORT=15990 BRAID_CPU_LIMIT=100 BRAID_ORIGIN_HEAP=${BRAID_ORIGIN_HEAP:-2g}
SECONDS_WINDOW=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-10}
BITRATE=${BENCH_BITRATE:-1500k}
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1 10 50)
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed (apt-get install -y ffmpeg)" >&2; exit 1; }
mkdir -p "$WORK"

SAMPLE=$WORK/sample-720p-$BITRATE.flv
. "$ROOT/bench/process.sh"
sample_720p "$SAMPLE" "$BITRATE"

PUBLISHERS=()
cleanup() {
  for p in "${PUBLISHERS[@]}"; do kill "$p" 2>/dev/null || true; done
  "$ROOT/bin/braid" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$ROOT/bin/braid" up --edges 0 --transcoders 0 --gateways 0 >/dev/null
PID=$(cat "$BRAID_HOME/run/origin-1.pid")
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }

sleep 5
IDLE_RSS=$(rss_kb)
printf '%s\n' "origin pid $PID, idle RSS $((IDLE_RSS / 1024)) MB, $(nproc) cores; window ${SECONDS_WINDOW}s after ${WARMUP}s warm-up; $BITRATE per stream"
printf '%6s %10s %14s %9s %15s %10s %8s\n' "N" "CPU %" "CPU %/stream" "RSS MB" "RSS MB/stream" "playlists" "refused"
for N in "${COUNTS[@]}"; do
  PUBLISHERS=()
  for i in $(seq 1 "$N"); do
    ffmpeg -nostdin -v error -re -stream_loop -1 -i "$SAMPLE" -c copy -f flv "rtmp://127.0.0.1:$BRAID_ORIGIN_RTMP_PORT/LiveApp/bench$N-$i" \
      >"$WORK/publisher-$N-$i.log" 2>&1 &
    PUBLISHERS+=($!)
    sleep "${BENCH_STAGGER:-0.5}" # 50 ffmpeg start-ups at once would saturate a small machine and trip the CPU guard
  done
  sleep "$WARMUP"
  t0=$(ticks "$PID"); s0=$(date +%s.%N)
  sleep "$SECONDS_WINDOW"
  t1=$(ticks "$PID"); s1=$(date +%s.%N)
  RSS=$(rss_kb)
  REFUSED=$( (grep -l highResourceUsage "$WORK"/publisher-"$N"-*.log 2>/dev/null || true) | wc -l)
  OK=0
  for i in $(seq 1 "$N"); do
    if curl -fsS "http://127.0.0.1:$BRAID_ORIGIN_HTTP_PORT/LiveApp/streams/bench$N-$i.m3u8" 2>/dev/null | grep -q EXTINF; then OK=$((OK + 1)); fi
  done
  awk -v n="$N" -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v hz="$HZ" -v rss="$RSS" -v idle="$IDLE_RSS" -v ok="$OK" -v refused="$REFUSED" 'BEGIN {
    cpu = (t1 - t0) / hz / (s1 - s0) * 100
    per = ok > 0 ? ok : 1
    printf "%6d %10.1f %14.2f %9.0f %15.1f %7d/%d %8d\n", n, cpu, cpu / per, rss / 1024, (rss - idle) / 1024 / per, ok, n, refused }'
  for p in "${PUBLISHERS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  sleep 5
done
