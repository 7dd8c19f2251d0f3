#!/usr/bin/env bash
# RTMP fan-out benchmark: one stream at about 600 kbit/s published to an origin, then N light players (rtmpdump,
# which only reads the socket and writes a file) on it, for BENCH_SECONDS; the same with nginx-rtmp as the server.
# It prints each server's CPU while serving and the players per core that works out to, for the whole process and for
# the fan-out alone (beyond a run with the publish and no player), and checks that every player received the stream (at least 90 % of the bytes a player at the stream's rate gets in that time).
#   bench/rtmp-fanout.sh
# It runs its own origin (bin/braid: 1 origin, no edge or gateway; state in bench/target/braid-home-rtmp, ports 160xx)
# and a private nginx with the RTMP module on 16035, and stops everything at the end. Needs ffmpeg, rtmpdump and nginx
# with the RTMP module (apt-get install -y ffmpeg rtmpdump nginx-light libnginx-mod-rtmp).
# Env: BENCH_PLAYERS (default 400: with 200 both servers use 10-15 % of a core, where run-to-run noise and the
# publish's own cost, a third of the origin's figure, decide the ratio more than the players do), BENCH_SECONDS (default 20).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/target
export BRAID_HOME=$WORK/braid-home-rtmp BRAID_KAFKA_PORT=16092 BRAID_MONGO_PORT=16017 BRAID_ORIGIN_HTTP_PORT=16000 \
  BRAID_ORIGIN_RTMP_PORT=16036 BRAID_ORIGIN_SRT_PORT=16090 BRAID_REGISTRY_HTTP_PORT=16010 BRAID_CPU_LIMIT=100
PLAYERS=${BENCH_PLAYERS:-400}
DURATION=${BENCH_SECONDS:-20}
NGINX_RTMP_PORT=16035
for tool in ffmpeg rtmpdump nginx; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool is needed (apt-get install -y ffmpeg rtmpdump nginx-light libnginx-mod-rtmp)" >&2; exit 1; }
done
NGINX_DIR=$WORK/nginx-rtmp
PLAYER_DIR=$WORK/rtmp-players
mkdir -p "$WORK"

PUBLISHER=
PLAYER_PIDS=()
stop_players() {
  [ ${#PLAYER_PIDS[@]} -eq 0 ] || kill "${PLAYER_PIDS[@]}" 2>/dev/null || true
  [ ${#PLAYER_PIDS[@]} -eq 0 ] || wait "${PLAYER_PIDS[@]}" 2>/dev/null || true
  PLAYER_PIDS=()
}
cleanup() {
  stop_players
  [ -n "$PUBLISHER" ] && kill "$PUBLISHER" 2>/dev/null || true
  [ -f "$NGINX_DIR/nginx.pid" ] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null || true
  "$ROOT/bin/braid" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# A 600 kbit/s source, encoded once, so publishing it costs ffmpeg next to nothing (-c copy).
SOURCE=$WORK/rtmp-source-600k.flv
if [ ! -s "$SOURCE" ]; then
  ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 30 \
    -c:v libx264 -preset veryfast -b:v 536k -maxrate 536k -bufsize 536k -g 60 -pix_fmt yuv420p -c:a aac -b:a 64k "$SOURCE"
fi
BYTES_PER_SECOND=$(( $(stat -c %s "$SOURCE") / 30 ))

. "$ROOT/bench/process.sh"

# measure <label> <players> <rtmp url> <server pids...>: publish, start the players, count CPU over the run, check
# what they got. Keeps players per core and the cores used under <label>.
declare -A PER_CORE CORES
measure() {
  local label=$1 players=$2 url=$3; shift 3
  ffmpeg -nostdin -v error -re -stream_loop -1 -i "$SOURCE" -c copy -f flv "$url" >"$WORK/rtmp-publisher.log" 2>&1 &
  PUBLISHER=$!
  sleep 3
  rm -rf "$PLAYER_DIR" && mkdir -p "$PLAYER_DIR"
  local i
  for i in $(seq 1 "$players"); do
    rtmpdump -q -v -r "$url" -o "$PLAYER_DIR/$i.flv" 2>/dev/null &
    PLAYER_PIDS+=($!)
  done
  sleep 5 # all connected and past their start-up burst (the cached GOP)
  local sizes0 t0 t1 s0 s1
  sizes0=$(du -cb "$PLAYER_DIR" | tail -1 | cut -f1)
  for i in $(seq 1 "$players"); do echo "$(stat -c %s "$PLAYER_DIR/$i.flv" 2>/dev/null || echo 0)"; done >"$WORK/rtmp-sizes0"
  t0=$(ticks "$@"); s0=$(date +%s.%N)
  sleep "$DURATION"
  t1=$(ticks "$@"); s1=$(date +%s.%N)
  local ok=0 n=0 before after
  while read -r before; do
    n=$((n + 1))
    after=$(stat -c %s "$PLAYER_DIR/$n.flv" 2>/dev/null || echo 0)
    [ $((after - before)) -ge $((BYTES_PER_SECOND * DURATION * 9 / 10)) ] && ok=$((ok + 1))
  done <"$WORK/rtmp-sizes0"
  stop_players
  kill "$PUBLISHER" 2>/dev/null || true; wait "$PUBLISHER" 2>/dev/null || true; PUBLISHER=
  local row
  row=$(awk -v label="$label" -v n="$players" -v ok="$ok" -v ticks=$((t1 - t0)) -v hz="$HZ" -v s="$s0" -v e="$s1" 'BEGIN {
    cores = ticks / hz / (e - s); per = cores > 0 ? ok / cores : 0
    printf "%.0f %.4f|%-22s %8d %8d %9.1f %14.0f\n", per, cores, label, n, ok, cores * 100, per }')
  read -r PER_CORE[$label] CORES[$label] <<<"${row%%|*}"
  echo "${row#*|}"
}

echo "one stream, $((BYTES_PER_SECOND * 8 / 1000)) kbit/s (640x360 + AAC), $PLAYERS rtmpdump players for ${DURATION}s; $(nproc) cores shared by players and server"
printf '%-22s %8s %8s %9s %14s\n' "server" "players" "kept up" "CPU %" "players/core"

"$ROOT/bin/braid" up --origins 1 --edges 0 --transcoders 0 --gateways 0 >/dev/null
measure braid-publish-only 0 "rtmp://127.0.0.1:$BRAID_ORIGIN_RTMP_PORT/LiveApp/fanout0" "$(cat "$BRAID_HOME/run/origin-1.pid")"
measure braid-origin "$PLAYERS" "rtmp://127.0.0.1:$BRAID_ORIGIN_RTMP_PORT/LiveApp/fanout" "$(cat "$BRAID_HOME/run/origin-1.pid")"
"$ROOT/bin/braid" down >/dev/null

start_nginx_rtmp "$NGINX_DIR" "$NGINX_RTMP_PORT"
measure nginx-publish-only 0 "rtmp://127.0.0.1:$NGINX_RTMP_PORT/LiveApp/fanout0" $NGINX_PIDS
measure nginx-rtmp "$PLAYERS" "rtmp://127.0.0.1:$NGINX_RTMP_PORT/LiveApp/fanout" $NGINX_PIDS

# The whole process's CPU includes taking the publish, which for Braid's origin means HLS packaging, heartbeats and
# segment events as well (nginx-rtmp here only relays); the fan-out alone is the CPU beyond the publish-only run.
awk -v b="${PER_CORE[braid-origin]}" -v n="${PER_CORE[nginx-rtmp]}" -v p="$PLAYERS" \
    -v bc="${CORES[braid-origin]}" -v b0="${CORES[braid-publish-only]}" -v nc="${CORES[nginx-rtmp]}" -v n0="${CORES[nginx-publish-only]}" 'BEGIN {
  printf "braid origin / nginx-rtmp: players per core %.2f (whole process)\n", (n > 0 ? b / n : 0)
  fb = bc > b0 ? p / (bc - b0) : 0; fn = nc > n0 ? p / (nc - n0) : 0
  printf "fan-out alone (CPU beyond the publish-only run): braid %.0f, nginx-rtmp %.0f players per core; braid / nginx-rtmp %.2f\n", fb, fn, (fn > 0 ? fb / fn : 0) }'
