#!/usr/bin/env bash
# Edge delivery benchmark: wrk against one edge serving a live stream's newest segment and its playlist from its
# cache, next to nginx serving the very same files from disk, so the figures have a known reference; and the same
# segment and playlist through the gateway, to measure what the extra hop costs.
#   bench/edge-hls.sh
# It runs its own local cluster (bin/braid: 1 origin, 1 edge, the gateway; state in bench/target/braid-home, ports 159xx) and a
# private nginx on 15981, and stops both at the end. Needs ffmpeg, wrk and nginx (apt-get install -y wrk nginx-light).
# Env: BENCH_SECONDS (per run, default 15), BENCH_CONNECTIONS (default 64), BENCH_THREADS (wrk threads, default 2).
# wrk runs on the same machine as the server under test: on a small machine they share the cores, so compare the
# two servers with each other rather than with published figures.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/target
export BRAID_HOME=$WORK/braid-home BRAID_HTTP_PORT=15980 BRAID_KAFKA_PORT=15992 BRAID_MONGO_PORT=15917
export BRAID_ORIGIN_HTTP_PORT=15900 BRAID_RTMP_PORT=15935 BRAID_ORIGIN_RTMP_PORT=15936 BRAID_REGISTRY_HTTP_PORT=15990 BRAID_EDGE_HTTP_PORT=15950 BRAID_CPU_LIMIT=100
DURATION=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
NGINX_PORT=15981
for tool in ffmpeg wrk nginx; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool is needed (apt-get install -y ffmpeg wrk nginx-light)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
mkdir -p "$WORK"

PUBLISHER=
NGINX_DIR=$WORK/nginx
cleanup() {
  [ -n "$PUBLISHER" ] && kill "$PUBLISHER" 2>/dev/null || true
  [ -f "$NGINX_DIR/nginx.pid" ] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null || true
  "$ROOT/bin/braid" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$ROOT/bin/braid" up --origins 1 --edges 1 --transcoders 0 >/dev/null
EDGE_PID=$(cat "$BRAID_HOME/run/edge-1.pid")
GATEWAY_PID=$(cat "$BRAID_HOME/run/gateway-1.pid")
ffmpeg -nostdin -v error -re -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 \
  -c:v libx264 -preset ultrafast -b:v 4000k -minrate 4000k -maxrate 4000k -bufsize 4000k -g 60 -pix_fmt yuv420p \
  -c:a aac -b:a 96k -t 600 \
  -f flv "rtmp://127.0.0.1:$BRAID_ORIGIN_RTMP_PORT/LiveApp/bench" >"$WORK/edge-publisher.log" 2>&1 &
PUBLISHER=$!
ORIGIN=http://127.0.0.1:$BRAID_ORIGIN_HTTP_PORT/LiveApp/streams
EDGE=http://127.0.0.1:$BRAID_EDGE_HTTP_PORT/LiveApp/streams
GATEWAY=http://127.0.0.1:$BRAID_HTTP_PORT/LiveApp/streams
for _ in $(seq 1 60); do
  [ "$(curl -fsS "$ORIGIN/bench.m3u8" 2>/dev/null | grep -c '\.ts$')" -ge 4 ] && break
  sleep 1
done
SEGMENT=$(curl -fsS "$ORIGIN/bench.m3u8" | grep '\.ts$' | tail -2 | head -1)
[ -n "$SEGMENT" ] || { echo "no segment was packaged; see $WORK/edge-publisher.log" >&2; exit 1; }

# nginx serves a copy of the same playlist and segment from disk.
rm -rf "$NGINX_DIR" && mkdir -p "$NGINX_DIR/www/LiveApp/streams" "$NGINX_DIR/tmp"
curl -fsS "$ORIGIN/bench.m3u8" -o "$NGINX_DIR/www/LiveApp/streams/bench.m3u8"
curl -fsS "$ORIGIN/$SEGMENT" -o "$NGINX_DIR/www/LiveApp/streams/$SEGMENT"
cat >"$NGINX_DIR/nginx.conf" <<CONF
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path $NGINX_DIR/tmp; proxy_temp_path $NGINX_DIR/tmp; fastcgi_temp_path $NGINX_DIR/tmp;
  uwsgi_temp_path $NGINX_DIR/tmp; scgi_temp_path $NGINX_DIR/tmp;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:$NGINX_PORT; root $NGINX_DIR/www; add_header Cache-Control "public, max-age=1"; }
}
CONF
"$NGINX" -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR"

SIZE=$(stat -c %s "$NGINX_DIR/www/LiveApp/streams/$SEGMENT")
cmp <(curl -fsS "$EDGE/$SEGMENT") "$NGINX_DIR/www/LiveApp/streams/$SEGMENT" || { echo "edge and origin bytes differ" >&2; exit 1; }
HZ=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

declare -A RPS MBS
run() { # run <key> <label> <url> <pid to measure or -> ; prints one row, keeps req/s and MB/s under <key>
  local key=$1 label=$2 url=$3 pid=$4 t0 t1 s0 s1 out
  [ "$pid" = - ] || t0=$(ticks "$pid")
  s0=$(date +%s.%N)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
  s1=$(date +%s.%N)
  local cpu="-" rss="-"
  if [ "$pid" != - ]; then
    t1=$(ticks "$pid")
    cpu=$(awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$HZ" 'BEGIN {printf "%.0f", (b - a) / hz / (e - s) * 100}')
    rss=$(rss_mb "$pid")
  fi
  local row
  row=$(echo "$out" | awk -v label="$label" -v cpu="$cpu" -v rss="$rss" '
    function mb(v) { if (v ~ /GB$/) return v * 1024; if (v ~ /MB$/) return v + 0; if (v ~ /KB$/) return v / 1024; return v / 1048576 }
    /Requests\/sec/ {rps = $2} /Transfer\/sec/ {tps = mb($2)}
    /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
    /Non-2xx/ {bad = $NF}
    END {printf "%s %.1f|%-26s %10.0f %10.1f %9s %9s %7s %7s %s\n", rps, tps, label, rps, tps, p50, p99, cpu, rss, (bad ? "non-2xx: " bad : "")}')
  RPS[$key]=$(echo "$row" | cut -d' ' -f1); MBS[$key]=$(echo "$row" | cut -d' ' -f2 | cut -d'|' -f1)
  echo "${row#*|}"
}

echo "segment $SEGMENT ($SIZE bytes, 2 s of 720p at 4 Mbit/s); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; $(nproc) cores shared by wrk and server"
printf '%-26s %10s %10s %9s %9s %7s %7s\n' "server / object" "req/s" "MB/s" "p50" "p99" "CPU %" "RSS MB"
run edge-segment "edge: segment (cache)" "$EDGE/$SEGMENT" "$EDGE_PID"
run nginx-segment "nginx: segment (disk)" "http://127.0.0.1:$NGINX_PORT/LiveApp/streams/$SEGMENT" -
run edge-playlist "edge: playlist (cache)" "$EDGE/bench.m3u8" "$EDGE_PID"
run nginx-playlist "nginx: playlist (disk)" "http://127.0.0.1:$NGINX_PORT/LiveApp/streams/bench.m3u8" -
run gateway-segment "gateway -> edge: segment" "$GATEWAY/$SEGMENT" "$GATEWAY_PID"
run gateway-playlist "gateway -> edge: playlist" "$GATEWAY/bench.m3u8" "$GATEWAY_PID"
awk -v es="${RPS[edge-segment]}" -v ns="${RPS[nginx-segment]}" -v em="${MBS[edge-segment]}" -v nm="${MBS[nginx-segment]}" \
    -v ep="${RPS[edge-playlist]}" -v np="${RPS[nginx-playlist]}" 'BEGIN {
  printf "edge / nginx: segment %.2f (req/s), %.2f (MB/s); playlist %.2f (req/s)\n", es / ns, em / nm, ep / np }'
awk -v gs="${RPS[gateway-segment]}" -v es="${RPS[edge-segment]}" -v gp="${RPS[gateway-playlist]}" -v ep="${RPS[edge-playlist]}" 'BEGIN {
  printf "through the gateway / straight to the edge: segment %.2f (req/s), playlist %.2f (req/s); CPU %% columns are the measured process\n", gs / es, gp / ep }'
curl -fsS "http://127.0.0.1:$BRAID_EDGE_HTTP_PORT/q/metrics" | grep -E '^braid_edge_(cache_hit_ratio|requests_total)' || true
