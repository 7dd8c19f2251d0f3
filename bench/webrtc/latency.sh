# Sourced by the WebRTC benches (needs ROOT, WORK, BRAID_HTTP_PORT, LATENCY_SECONDS; python3 and chromium).
# glass_to_glass <stream> <label>: headless chromium plays the stream over WHEP through the gateway for
# LATENCY_SECONDS, reading back the clock bench/webrtc/clock-source.py (or clock-publisher.html) drew into every frame
# it presents (bench/webrtc/latency.html), and prints the median, 95th percentile, min and max of display time minus
# that clock, and chromium's mean jitter buffer delay per track.
# browser_publish <stream> / browser_unpublish <stream>: headless chromium publishes the clock from a canvas, with a
# tone, over WHIP through the gateway (bench/webrtc/clock-publisher.html), and stops.
browser_publish() {
  local whip
  python3 "$ROOT/bench/webrtc/report-server.py" 15984 /dev/null &
  BROWSER_PUBLISH_SERVER=$!
  sleep 0.5
  whip=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=''))" "http://127.0.0.1:$BRAID_HTTP_PORT/LiveApp/whip/$1")
  chromium --headless=new --no-sandbox --disable-gpu --mute-audio --autoplay-policy=no-user-gesture-required --no-first-run \
    --user-data-dir="$WORK/chromium-profile-publish-$1" "http://127.0.0.1:15984/publish?whip=$whip" >"$WORK/chromium-publish-$1.log" 2>&1 &
}
browser_unpublish() {
  pkill -f "chromium.*$WORK/chromium-profile-publish-$1" 2>/dev/null || true
  kill "$BROWSER_PUBLISH_SERVER" 2>/dev/null || true
}
glass_to_glass() {
  local stream=$1 label=$2 log=$WORK/latency-$1.jsonl port=15983 server page whep
  rm -f "$log"
  python3 "$ROOT/bench/webrtc/report-server.py" "$port" "$log" &
  server=$!
  sleep 0.5
  whep=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=''))" "http://127.0.0.1:$BRAID_HTTP_PORT/LiveApp/whep/$stream")
  timeout $((LATENCY_SECONDS + 15)) chromium --headless=new --no-sandbox --disable-gpu --mute-audio --autoplay-policy=no-user-gesture-required \
    --no-first-run --user-data-dir="$WORK/chromium-profile-$stream" "http://127.0.0.1:$port/?whep=$whep" >"$WORK/chromium-$stream.log" 2>&1 &
  page=$!
  sleep $((LATENCY_SECONDS + 5))
  pkill -f "chromium.*$WORK/chromium-profile-$stream" 2>/dev/null || true
  kill "$server" "$page" 2>/dev/null || true
  wait "$server" "$page" 2>/dev/null || true
  python3 - "$log" "$label" "$WORK/chromium-$stream.log" <<'PY'
import json, sys
values, unreadable, lines = [], 0, open(sys.argv[1]).read().split('\n')
reports = [json.loads(l) for l in lines if l.strip()]
# the first 5 s (the connection, the first keyframe's catch-up burst) are not the steady state
for r in reports[5:]:
    values += r['latencies']; unreadable += r['unreadable']
values.sort()
if not values:
    sys.exit(f'{sys.argv[2]}: no frame was read back; see {sys.argv[3]}')
pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
# the receiver's own share: chromium's mean jitter buffer delay per track over the same reports (getStats' totals)
def buffered(kind):
    first, last = reports[5].get('buffers', {}).get(kind), reports[-1].get('buffers', {}).get(kind)
    if not first or not last or last['emitted'] <= first['emitted']:
        return 'none'
    return (f"{1000 * (last['delay'] - first['delay']) / (last['emitted'] - first['emitted']):.0f} ms"
            f" (arrival jitter {1000 * last['jitter']:.0f} ms)")
print(f"glass-to-glass ({sys.argv[2]}): median {pick(0.5)} ms, p95 {pick(0.95)} ms, "
      f"min {values[0]} ms, max {values[-1]} ms over {len(values)} frames ({unreadable} unreadable); "
      f"chromium's jitter buffers: video {buffered('video')}, audio {buffered('audio')}")
PY
}
