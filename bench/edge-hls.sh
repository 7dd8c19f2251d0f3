#!/usr/bin/env bash
# Edge delivery benchmark: wrk against one edge serving a live stream's newest segment and its playlist from its
# cache, next to nginx serving the very same files from disk, so the figures have a known reference; then the entry
# point: the segment at the URL a viewer gets by following the gateway's answer (the edge, directly: the gateway
# steers viewers to their edge), the gateway's first playlist answer (the one request per viewer it still gets), its
# proxying of playlist reloads and of segments (for edges without a public URL), the last two next to nginx proxying
# the same to the edge. It ends with CPU per request of each process and the
# entry point's CPU per viewer-second against an edge's.
#   bench/edge-hls.sh
# It runs its own local cluster (bin/braid: 1 origin, 1 edge, the gateway; state in bench/target/braid-home, ports 159xx) and a
# private nginx on 15981, and stops both at the end. Needs ffmpeg, wrk and nginx (apt-get install -y wrk nginx-light).
# Env: BENCH_SECONDS (per run, default 15), BENCH_CONNECTIONS (default 64), BENCH_THREADS (wrk threads, default 2),
# BENCH_WARMUP (seconds of wrk before each run, not counted: the JIT's first seconds, default 5).
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
WARMUP=${BENCH_WARMUP:-5}
NGINX_PORT=15981
NGINX_PROXY_PORT=15982
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

# Every "first playlist" request opens a viewer session on the edge: at the bench's tens of thousands per second the
# default limits (200,000 sessions, each kept 20 s) refuse new ones within seconds, and a refusal is cheaper than an
# answer. Sessions here end after 2 s and may number a million, so that row measures real first answers.
export BRAID_JAVA_OPTS="${BRAID_JAVA_OPTS:-} -Dbraid.edge.session-timeout=2s -Dbraid.edge.max-sessions=1000000"
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

# nginx serves a copy of the same playlist and segment from disk, and proxies to the edge (its reverse-proxy figures
# are the peer of the gateway's).
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
  upstream edge { server 127.0.0.1:$BRAID_EDGE_HTTP_PORT; keepalive 64; }
  server { listen 127.0.0.1:$NGINX_PORT; root $NGINX_DIR/www; add_header Cache-Control "public, max-age=1"; }
  server {
    listen 127.0.0.1:$NGINX_PROXY_PORT;
    location / { proxy_pass http://edge; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering on; }
  }
}
CONF
"$NGINX" -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR"

SIZE=$(stat -c %s "$NGINX_DIR/www/LiveApp/streams/$SEGMENT")
cmp <(curl -fsS "$EDGE/$SEGMENT") "$NGINX_DIR/www/LiveApp/streams/$SEGMENT" || { echo "edge and origin bytes differ" >&2; exit 1; }
# What a viewer gets when it plays through the entry point: the gateway's first answer steers it to the edge (the
# first variant); the segment URL is the newest one that playlist lists, resolved against it.
VIEWER_PLAYLIST=$(curl -fsS "$GATEWAY/bench.m3u8" | grep -v '^#' | head -1)
case $VIEWER_PLAYLIST in
  http*) ;;
  *) VIEWER_PLAYLIST=$GATEWAY/bench.m3u8?session=bench ;; # an edge without a public URL: no steering, the gateway carries all
esac
VIEWER_SEGMENT=$(curl -fsS "$VIEWER_PLAYLIST" | grep '\.ts' | tail -2 | head -1)
case $VIEWER_SEGMENT in http*) ;; *) VIEWER_SEGMENT=${VIEWER_PLAYLIST%/*}/$VIEWER_SEGMENT ;; esac
. "$ROOT/bench/process.sh"
nginx_pids() { echo "$(cat "$NGINX_DIR/nginx.pid") $(pgrep -P "$(cat "$NGINX_DIR/nginx.pid")" | tr '\n' ' ')"; }

declare -A RPS MBS CPU_US EDGE_US
run() { # run <key> <label> <url> <pids to measure>; prints one row, keeps req/s, MB/s and CPU µs per request under <key>
  # (and, in EDGE_US, the edge's CPU µs per request, whichever process the row measures)
  local key=$1 label=$2 url=$3; shift 3
  local t0 t1 e0 e1 s0 s1 out
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null
  t0=$(ticks "$@")
  e0=$(ticks "$EDGE_PID")
  s0=$(date +%s.%N)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
  s1=$(date +%s.%N)
  t1=$(ticks "$@")
  e1=$(ticks "$EDGE_PID")
  local row
  row=$(echo "$out" | awk -v label="$label" -v ticks=$((t1 - t0)) -v eticks=$((e1 - e0)) -v hz="$HZ" -v s="$s0" -v e="$s1" -v rss="$(rss_mb "$1")" '
    function mb(v) { if (v ~ /GB$/) return v * 1024; if (v ~ /MB$/) return v + 0; if (v ~ /KB$/) return v / 1024; return v / 1048576 }
    /Requests\/sec/ {rps = $2} /Transfer\/sec/ {tps = mb($2)}
    /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
    /Non-2xx/ {bad = $NF}
    END {cpu = ticks / hz / (e - s) * 100; us = rps > 0 ? ticks / hz / (rps * (e - s)) * 1e6 : 0
         eus = rps > 0 ? eticks / hz / (rps * (e - s)) * 1e6 : 0
         printf "%s %.1f %.1f %.1f|%-34s %9.0f %9.1f %9s %9s %6.0f %8.1f %6s %s\n", rps, tps, us, eus, label, rps, tps, p50, p99, cpu, us, rss, (bad ? "non-2xx: " bad : "")}')
  read -r RPS[$key] MBS[$key] CPU_US[$key] EDGE_US[$key] <<<"${row%%|*}"
  echo "${row#*|}"
}

echo "segment $SEGMENT ($SIZE bytes, 2 s of 720p at 4 Mbit/s); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s of warm-up; $(nproc) cores shared by wrk and servers"
echo "a viewer through the entry point is steered to $VIEWER_PLAYLIST"
echo "and gets segment URLs like: $VIEWER_SEGMENT"
printf '%-34s %9s %9s %9s %9s %6s %8s %6s\n' "server / object" "req/s" "MB/s" "p50" "p99" "CPU %" "CPU us/r" "RSS MB"
run edge-segment "edge: segment (cache)" "$EDGE/$SEGMENT" "$EDGE_PID"
run nginx-segment "nginx: segment (disk)" "http://127.0.0.1:$NGINX_PORT/LiveApp/streams/$SEGMENT" $(nginx_pids)
run edge-playlist "edge: playlist (cache)" "$EDGE/bench.m3u8" "$EDGE_PID"
run nginx-playlist "nginx: playlist (disk)" "http://127.0.0.1:$NGINX_PORT/LiveApp/streams/bench.m3u8" $(nginx_pids)
run viewer-segment "entry point: segment as listed" "$VIEWER_SEGMENT" "$GATEWAY_PID"
run gateway-first "gateway -> edge: first playlist" "$GATEWAY/bench.m3u8" "$GATEWAY_PID"
run gateway-playlist "gateway -> edge: playlist reload" "$GATEWAY/bench.m3u8?session=bench" "$GATEWAY_PID"
run nginx-proxy-playlist "nginx proxy -> edge: playlist" "http://127.0.0.1:$NGINX_PROXY_PORT/LiveApp/streams/bench.m3u8?session=bench" $(nginx_pids)
run gateway-segment "gateway -> edge: segment (proxied)" "$GATEWAY/$SEGMENT" "$GATEWAY_PID"
run nginx-proxy-segment "nginx proxy -> edge: segment" "http://127.0.0.1:$NGINX_PROXY_PORT/LiveApp/streams/$SEGMENT" $(nginx_pids)
echo "(CPU columns: the process measured: the edge, nginx's master and workers, or the gateway; for 'segment as listed' the gateway, which that request does not reach)"
awk -v es="${RPS[edge-segment]}" -v ns="${RPS[nginx-segment]}" -v em="${MBS[edge-segment]}" -v nm="${MBS[nginx-segment]}" \
    -v ep="${RPS[edge-playlist]}" -v np="${RPS[nginx-playlist]}" 'BEGIN {
  printf "edge / nginx: segment %.2f (req/s), %.2f (MB/s); playlist %.2f (req/s)\n", es / ns, em / nm, ep / np }'
awk -v vs="${RPS[viewer-segment]}" -v es="${RPS[edge-segment]}" -v gs="${RPS[gateway-segment]}" -v gp="${RPS[gateway-playlist]}" \
    -v ep="${RPS[edge-playlist]}" -v xs="${RPS[nginx-proxy-segment]}" -v xp="${RPS[nginx-proxy-playlist]}" 'BEGIN {
  printf "through the entry point / straight to the edge: segment %.2f (req/s); playlist %.2f (req/s)\n", vs / es, gp / ep
  printf "gateway / nginx as the proxy: playlist %.2f (req/s); segment proxied %.2f (req/s)\n", gp / xp, gs / xs }'
# A viewer of this stream asks for one playlist and one segment per target duration (2 s). Through the entry point
# with steering (edges with a public URL), the gateway answers the viewer's first playlist request only (proxied to
# the edge, which opens the session); reloads and segments go to the edge. A viewer's share of that first request
# depends on how long it watches: BENCH_SESSION_SECONDS (default 60), and the shortest session for which the gateway's
# share stays within a tenth of the edge's is printed too. Without a public URL (or for a viewer moved to the
# fallback pathway) the gateway proxies every playlist reload, and, without a public URL, the segments as well.
awk -v gf="${CPU_US[gateway-first]}" -v ef="${EDGE_US[gateway-first]}" -v gp="${CPU_US[gateway-playlist]}" -v ep="${CPU_US[edge-playlist]}" \
    -v es="${CPU_US[edge-segment]}" -v gs="${CPU_US[gateway-segment]}" -v l="${BENCH_SESSION_SECONDS:-60}" 'BEGIN {
  e = (ep + es) / 2 + ef / l; g = gf / l
  printf "CPU per viewer-second, steered (one first playlist per %d s session; one playlist + one %s-byte segment per 2 s at the edge): gateway %.2f us, edge %.1f us; gateway / edge %.3f (one entry point per %.0f edges)\n", l, '"$SIZE"', g, e, g / e, e / g
  printf "the gateway stays within a tenth of the edge for sessions of %.1f s and longer\n", (gf - 0.1 * ef) / (0.1 * (ep + es) / 2)
  printf "CPU per viewer-second, reloads through the gateway (fallback pathway): gateway %.1f us, edge %.1f us; gateway / edge %.3f\n", gp / 2, (ep + es) / 2, gp / (ep + es)
  printf "CPU per viewer-second, no public URL (the gateway carries all): gateway %.1f us, edge %.1f us; gateway / edge %.3f\n", (gp + gs) / 2, (ep + es) / 2, (gp + gs) / (ep + es) }'
curl -fsS "http://127.0.0.1:$BRAID_EDGE_HTTP_PORT/q/metrics" | grep -E '^braid_edge_(cache_hit_ratio|requests_total)' || true
