#!/usr/bin/env bash
# WHIP benchmark, in one run:
#  1. Glass-to-glass latency over WHEP in chromium through the gateway (origin -> edge -> browser), which reads the
#     clock back from every frame it presents (bench/webrtc/latency.html), for three publishers of a 640x360@30 clock
#     with a tone, each to the gateway: chromium over WHIP (a canvas and an oscillator, bench/webrtc/clock-publisher.html:
#     a browser broadcaster, the goal's case: a median of 200 ms or less); the ffmpeg 8 bundled with bytedeco over WHIP
#     and Debian's ffmpeg over RTMP (bench/webrtc/clock-source.py's frames and tone on one clock, libx264 ultrafast
#     zerolatency, 1 s GOP; Opus, and AAC that the edge makes Opus). FFmpeg sends audio and video in bursts 60-100 ms
#     apart when it muxes both (measured at the origin's input), which chromium's jitter buffers then absorb: those
#     figures are FFmpeg's as much as Braid's.
#  2. Origin CPU per publisher, WHIP against RTMP: BENCH_PUBLISHERS streams of one pre-encoded 1280x720@30 2.5 Mb/s
#     sample (H.264 without B-frames, 2 s GOP; AAC for RTMP, Opus for WHIP; -c copy, looped) on one origin, first over
#     RTMP, then over WHIP, the origin's CPU over BENCH_SECONDS each. WHIP costs what RTMP does plus SRTP, RTP
#     depacketizing, receiver feedback and the Opus -> AAC transcode.
#   bench/whip.sh
# It runs its own local cluster (bin/braid: 1 origin, 1 edge, the gateway; state in bench/target/braid-home, ports 159xx)
# and stops it at the end. Needs ffmpeg, python3 and chromium; the bundled ffmpeg comes from the transcoder's classpath.
# Env: BENCH_LATENCY_SECONDS (default 30), BENCH_PUBLISHERS (default 4), BENCH_SECONDS (default 20), BENCH_WARMUP (default 8),
# BENCH_CPU (0: the latency only).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/target
export BRAID_HOME=$WORK/braid-home BRAID_HTTP_PORT=15980 BRAID_KAFKA_PORT=15992 BRAID_MONGO_PORT=15917
export BRAID_ORIGIN_HTTP_PORT=15900 BRAID_RTMP_PORT=15935 BRAID_ORIGIN_RTMP_PORT=15936 BRAID_REGISTRY_HTTP_PORT=15990 BRAID_EDGE_HTTP_PORT=15950
export BRAID_EDGE_WEBRTC_PORT=15960 BRAID_ORIGIN_WHIP_PORT=15970 BRAID_CPU_LIMIT=100
LATENCY_SECONDS=${BENCH_LATENCY_SECONDS:-30}
PUBLISHERS=${BENCH_PUBLISHERS:-4}
WINDOW=${BENCH_SECONDS:-20}
WARMUP=${BENCH_WARMUP:-8}
for tool in ffmpeg python3 chromium; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install -y ffmpeg python3 chromium)" >&2; exit 1; }
done
cd "$ROOT"
. "$ROOT/bench/jdk.sh"
. "$ROOT/bench/process.sh"
. "$ROOT/bench/webrtc/latency.sh"
mkdir -p "$WORK"
if [ ! -f "$WORK/transcoder.classpath" ] || [ ! -f ingest-service/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q -o install -DskipTests >/dev/null 2>&1 || ./mvnw -B -q install -DskipTests >/dev/null
  ./mvnw -B -q -o -pl transcoder dependency:build-classpath -Dmdep.outputFile="$WORK/transcoder.classpath" >/dev/null
fi
BUNDLED=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$(cat "$WORK/transcoder.classpath")" bench/webrtc/BundledFfmpeg.java)
# A wrapper that execs the bundled ffmpeg, so that a publisher started in the background is the PID $! names.
printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s -nostdin -hide_banner "$@"\n' "$(dirname "$BUNDLED")" "$BUNDLED" >"$WORK/bundled-ffmpeg"
chmod +x "$WORK/bundled-ffmpeg"

SAMPLE=$WORK/sample-720p-2500k-aac-opus.mkv
if [ ! -f "$SAMPLE" ]; then
  echo "encoding the sample (30 s of 1280x720@30, 2500k, 2 s GOP, no B-frames; AAC and Opus)..."
  "$WORK/bundled-ffmpeg" -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 30 \
    -map 0:v -map 1:a -map 1:a -c:v libx264 -preset veryfast -b:v 2500k -maxrate 2500k -bufsize 2500k -g 60 -bf 0 -pix_fmt yuv420p \
    -c:a:0 aac -b:a:0 128k -c:a:1 libopus -b:a:1 128k -ac 2 "$SAMPLE"
fi

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  pkill -f "chromium.*$WORK/chromium-profile" 2>/dev/null || true
  pkill -f "$ROOT/bench/webrtc/clock-source.py" 2>/dev/null || true
  "$ROOT/bin/braid" down >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$ROOT/bin/braid" up --origins 1 --edges 1 --transcoders 0 >/dev/null
ORIGIN_PID=$(cat "$BRAID_HOME/run/origin-1.pid")
live() { curl -fsS "http://127.0.0.1:$BRAID_HTTP_PORT/LiveApp/streams/$1.m3u8" >/dev/null 2>&1; }
wait_live() { # wait_live <stream>
  for _ in $(seq 1 80); do live "$1" && return 0; sleep 0.5; done
  echo "stream $1 did not go live" >&2; exit 1
}
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; PIDS=(); sleep 3; }

# 1. Glass-to-glass latency, WHIP then RTMP, the same frames and the tone that shares their clock.
X264=(-c:v libx264 -preset ultrafast -tune zerolatency -g 30 -bf 0 -b:v 1500k -pix_fmt yuv420p)
clock_publish() { # clock_publish <publisher> <audio codec> <format> <url>
  local fifo=$WORK/clock-audio.fifo
  rm -f "$fifo" && mkfifo "$fifo"
  python3 "$ROOT/bench/webrtc/clock-source.py" "$fifo" | "$1" -nostdin -v error -f rawvideo -pix_fmt yuv420p -s 640x360 -r 30 -i pipe:0 \
    -f s16le -ar 48000 -ac 2 -i "$fifo" "${X264[@]}" -c:a "$2" -b:a 64k -f "$3" "$4" &
  PIDS+=($!)
}
browser_publish clockbrowser
wait_live clockbrowser
glass_to_glass clockbrowser "WHIP publish from chromium (H.264 + Opus) -> WHEP in chromium, loopback"
browser_unpublish clockbrowser
sleep 2
clock_publish "$WORK/bundled-ffmpeg" libopus whip "http://127.0.0.1:$BRAID_HTTP_PORT/LiveApp/whip/clockwhip"
wait_live clockwhip
glass_to_glass clockwhip "WHIP publish (H.264 + Opus) -> WHEP in chromium, loopback"
stop_all
clock_publish ffmpeg aac flv "rtmp://127.0.0.1:$BRAID_RTMP_PORT/LiveApp/clockrtmp"
wait_live clockrtmp
glass_to_glass clockrtmp "RTMP publish (H.264 + AAC) -> WHEP in chromium, loopback"
stop_all

# 2. Origin CPU per publisher.
measure() { # measure <protocol> <start one: a function of the stream id>
  local protocol=$1 start=$2 i packaged=0 t0 t1
  for i in $(seq 1 "$PUBLISHERS"); do "$start" "$protocol$i"; sleep 0.5; done
  for i in $(seq 1 "$PUBLISHERS"); do wait_live "$protocol$i"; done
  sleep "$WARMUP"
  t0=$(ticks "$ORIGIN_PID")
  sleep "$WINDOW"
  t1=$(ticks "$ORIGIN_PID")
  for i in $(seq 1 "$PUBLISHERS"); do live "$protocol$i" && packaged=$((packaged + 1)); done
  stop_all
  awk -v t=$((t1 - t0)) -v hz="$HZ" -v w="$WINDOW" -v n="$packaged" -v proto="$protocol" \
    'BEGIN { printf "origin CPU, %d %s publishers of 720p30 at 2.5 Mb/s: %.1f %% of a core in all, %.2f %% per publisher\n", n, proto, 100 * t / hz / w, 100 * t / hz / w / n }' \
    | tee -a "$WORK/whip-cpu.txt"
}
rtmp_publisher() {
  ffmpeg -nostdin -v error -re -stream_loop -1 -i "$SAMPLE" -map 0:v -map 0:a:0 -c copy -f flv "rtmp://127.0.0.1:$BRAID_RTMP_PORT/LiveApp/$1" &
  PIDS+=($!)
}
whip_publisher() {
  "$WORK/bundled-ffmpeg" -v error -re -stream_loop -1 -i "$SAMPLE" -map 0:v -map 0:a:1 -c copy -f whip "http://127.0.0.1:$BRAID_HTTP_PORT/LiveApp/whip/$1" &
  PIDS+=($!)
}
rm -f "$WORK/whip-cpu.txt"
[ "${BENCH_CPU:-1}" = 1 ] || exit 0
measure rtmp rtmp_publisher
measure whip whip_publisher
awk '{ gsub("%", ""); per[NR] = $(NF-2) } END { printf "WHIP / RTMP origin CPU per publisher: %.2f\n", per[2] / per[1] }' "$WORK/whip-cpu.txt"
