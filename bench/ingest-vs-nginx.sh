#!/usr/bin/env bash
# Ingest CPU side by side with nginx-rtmp: N publishers of a pre-encoded 720p30 file (ffmpeg -re -c copy, looped,
# BENCH_BITRATE, default 2500k) push RTMP to one Braid origin with HLS, then the same N to nginx-rtmp with
# `hls on`, and the CPU each server used in the window is printed, in all and per stream, with their ratio.
#   bench/ingest-vs-nginx.sh [N ...]        default: 10 50
# Env: BENCH_SECONDS (window, default 20), BENCH_WARMUP (default 90: the origin's JIT compiles for the first minute
# or so of a new load, 4-5 % of a core at 50 streams after 30 s and 1.3 % after 90 s, which a server running for
# hours does not pay; BENCH_WARMUP=10 gives a quick run), BENCH_STAGGER (s
# between publisher starts, default 0.3), BENCH_JFR=1 (record the origin with JFR into bench/target/ingest-N.jfr).
# Braid's busiest threads in each window are printed below the table (event loops, JIT, GC, Kafka).
# BENCH_LISTENERS: rtmp (default) runs the origin with RTMP ingest only, as nginx-rtmp listens for nothing else;
# all keeps its SRT and WHIP listeners on too (libsrt's receive thread wakes every 10 ms: 0.35-0.5 % of a core idle).
# Braid's idle CPU is measured after the warm-up too, so the start-up's JIT is not counted as idle (nginx has none).
# Runs its own cluster (bin/braid, bench/target/braid-home, ports 159xx: origin and registry only) and a private
# nginx on 16035 (HLS to a tmpfs, as Braid keeps segments in memory); stops all it started. Needs ffmpeg, nginx and
# libnginx-mod-rtmp (apt-get install -y ffmpeg nginx-light libnginx-mod-rtmp).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/target
export BRAID_HOME=$WORK/braid-home BRAID_HTTP_PORT=15980 BRAID_KAFKA_PORT=15992 BRAID_MONGO_PORT=15917
export BRAID_ORIGIN_HTTP_PORT=15900 BRAID_ORIGIN_RTMP_PORT=15936 BRAID_REGISTRY_HTTP_PORT=15990 BRAID_CPU_LIMIT=100
export BRAID_ORIGIN_HEAP=${BRAID_ORIGIN_HEAP:-1g}
LISTENERS=${BENCH_LISTENERS:-rtmp}
case "$LISTENERS" in
  rtmp) export BRAID_JAVA_OPTS="${BRAID_JAVA_OPTS:-} -Dbraid.srt.enabled=false -Dbraid.whip.enabled=false" ;;
  all) ;;
  *) echo "BENCH_LISTENERS is rtmp or all, not $LISTENERS" >&2; exit 1 ;;
esac
WINDOW=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-90}
BITRATE=${BENCH_BITRATE:-2500k}
NGINX_RTMP_PORT=16035
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(10 50)
for tool in ffmpeg nginx; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool is needed (apt-get install -y ffmpeg nginx-light libnginx-mod-rtmp)" >&2; exit 1; }
done
mkdir -p "$WORK"
. "$ROOT/bench/process.sh"

SAMPLE=$WORK/sample-720p-$BITRATE.flv
sample_720p "$SAMPLE" "$BITRATE"

NGINX_DIR=$WORK/nginx-ingest
HLS_DIR=/dev/shm/braid-bench-nginx-hls
PUBLISHERS=()
stop_publishers() {
  for p in "${PUBLISHERS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${PUBLISHERS[@]}" 2>/dev/null || true
  PUBLISHERS=()
}
cleanup() {
  stop_publishers
  "$ROOT/bin/braid" down >/dev/null 2>&1 || true
  [ -f "$NGINX_DIR/nginx.pid" ] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null || true
  rm -rf "$HLS_DIR"
}
trap cleanup EXIT

declare -A CPU SYS HLS JIT
# run <label> <N> <url prefix> <pids...>: N publishers, then the CPU % of the pids over the window.
run() {
  local label=$1 n=$2 prefix=$3; shift 3
  local i
  for i in $(seq 1 "$n"); do
    ffmpeg -nostdin -v error -re -stream_loop -1 -i "$SAMPLE" -c copy -f flv "$prefix/ingest$n-$i" >"$WORK/ingest-$label-$n-$i.log" 2>&1 &
    PUBLISHERS+=($!)
    sleep "${BENCH_STAGGER:-0.3}"
  done
  sleep "$WARMUP"
  local t0 t1 s0 s1
  if [ "$label" = braid ]; then thread_ticks "$1" >"$WORK/threads-$n-0"; fi
  t0=$(ticks "$@"); k0=$(sys_ticks "$@"); s0=$(date +%s.%N)
  sleep "$WINDOW"
  t1=$(ticks "$@"); k1=$(sys_ticks "$@"); s1=$(date +%s.%N)
  if [ "$label" = braid ]; then
    thread_ticks "$1" >"$WORK/threads-$n-1"
    thread_shares "$WORK/threads-$n-0" "$WORK/threads-$n-1" "$WINDOW" >"$WORK/threads-$n"
    JIT[$n]=$(awk '/CompilerThre/ {s += $1} END {printf "%.2f", s + 0}' "$WORK/threads-$n")
  fi
  local ok=0
  for i in $(seq 1 "$n"); do
    if { [ "$label" = braid ] && curl -fsS -m 5 "http://127.0.0.1:$BRAID_ORIGIN_HTTP_PORT/LiveApp/streams/ingest$n-$i.m3u8" 2>/dev/null || cat "$HLS_DIR/ingest$n-$i.m3u8" 2>/dev/null; } | grep -q EXTINF; then
      ok=$((ok + 1))
    fi
  done
  HLS[$label-$n]=$ok
  CPU[$label-$n]=$(awk -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v hz="$HZ" 'BEGIN { printf "%.2f", (t1 - t0) / hz / (s1 - s0) * 100 }')
  SYS[$label-$n]=$(awk -v t0="$k0" -v t1="$k1" -v s0="$s0" -v s1="$s1" -v hz="$HZ" 'BEGIN { printf "%.2f", (t1 - t0) / hz / (s1 - s0) * 100 }')
  stop_publishers
  sleep 3
}
# idle <label> <warm-up s> <pids...>: the CPU % the server uses with nothing published, over the window after the warm-up.
idle() {
  local label=$1 warmup=$2; shift 2
  local t0 s0 t1 s1
  sleep "$warmup"
  t0=$(ticks "$@"); s0=$(date +%s.%N); sleep "$WINDOW"; t1=$(ticks "$@"); s1=$(date +%s.%N)
  CPU[$label-idle]=$(awk -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v hz="$HZ" 'BEGIN { printf "%.2f", (t1 - t0) / hz / (s1 - s0) * 100 }')
}

"$ROOT/bin/braid" up --origins 1 --edges 0 --transcoders 0 --gateways 0 >/dev/null
ORIGIN=$(cat "$BRAID_HOME/run/origin-1.pid")
idle braid "$WARMUP" "$ORIGIN"
for N in "${COUNTS[@]}"; do
  if [ "${BENCH_JFR:-0}" = 1 ]; then
    jcmd "$ORIGIN" JFR.start name=ingest settings=profile filename="$WORK/ingest-$N.jfr" >/dev/null
  fi
  run braid "$N" "rtmp://127.0.0.1:$BRAID_ORIGIN_RTMP_PORT/LiveApp" "$ORIGIN"
  if [ "${BENCH_JFR:-0}" = 1 ]; then
    jcmd "$ORIGIN" JFR.stop name=ingest >/dev/null
  fi
done
"$ROOT/bin/braid" down >/dev/null

rm -rf "$HLS_DIR" && mkdir -p "$HLS_DIR"
start_nginx_rtmp "$NGINX_DIR" "$NGINX_RTMP_PORT" "hls on; hls_path $HLS_DIR; hls_fragment 2s; hls_playlist_length 10s;"
idle nginx 5 $NGINX_PIDS
for N in "${COUNTS[@]}"; do
  run nginx "$N" "rtmp://127.0.0.1:$NGINX_RTMP_PORT/LiveApp" $NGINX_PIDS
done

printf '%s\n' "$(nproc) cores; ${WINDOW}s window after ${WARMUP}s warm-up; $BITRATE per stream; Braid's listeners: $LISTENERS; idle CPU: braid ${CPU[braid-idle]} %, nginx-rtmp ${CPU[nginx-idle]} %"
printf '%6s %12s %16s %12s %16s %14s %18s %12s\n' N "braid CPU %" "braid %/stream" "nginx CPU %" "nginx %/stream" "braid/nginx" "above idle ratio" "HLS b/n"
for N in "${COUNTS[@]}"; do
  awk -v n="$N" -v b="${CPU[braid-$N]}" -v g="${CPU[nginx-$N]}" -v bi="${CPU[braid-idle]}" -v gi="${CPU[nginx-idle]}" \
      -v hb="${HLS[braid-$N]}" -v hn="${HLS[nginx-$N]}" 'BEGIN {
    printf "%6d %12.2f %16.3f %12.2f %16.3f %14.2f %18.2f %7d/%d\n", n, b, b / n, g, g / n, (g > 0 ? b / g : 0), (g - gi > 0 ? (b - bi) / (g - gi) : 0), hb, hn }'
done
for N in "${COUNTS[@]}"; do
  echo "$N streams, of that in the kernel (socket reads, epoll; nginx-rtmp also its HLS file writes): braid ${SYS[braid-$N]} %, nginx-rtmp ${SYS[nginx-$N]} %"
done
for N in "${COUNTS[@]}"; do
  awk -v n="$N" -v b="${CPU[braid-$N]}" -v j="${JIT[$N]}" -v g="${CPU[nginx-$N]}" 'BEGIN {
    printf "%d streams without the JIT compiler threads of Braid (%.2f %%, still compiling the new load; an origin running for hours does not): braid %.2f %%, ratio %.2f\n", n, j, b - j, (g > 0 ? (b - j) / g : 0) }'
done
for N in "${COUNTS[@]}"; do
  echo "braid's busiest threads at $N streams (% of a core): $(paste -sd';' "$WORK/threads-$N" | sed 's/;/; /g')"
done
