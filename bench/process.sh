# What the bench scripts read about the processes they measure (sourced, not run).
HZ=$(getconf CLK_TCK)
# ticks <pid...>: CPU time (user + system, in clock ticks) the processes have used so far, summed.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# sys_ticks <pid...>: the system (kernel) part of their CPU time so far, in clock ticks, summed.
sys_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $15}' "/proc/$p/stat"))); done; echo "$t"; }
# rss_mb <pid>: resident memory in MB.
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
# sample_720p <file> <bitrate>: makes (once) the 30 s 1280x720@30 H.264 + AAC FLV the publish benches loop.
sample_720p() {
  [ -f "$1" ] && return
  echo "encoding the sample (30 s of 1280x720@30, $2, 2 s GOP, AAC)..."
  ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 30 \
    -c:v libx264 -preset veryfast -b:v "$2" -maxrate "$2" -bufsize "$2" -g 60 -pix_fmt yuv420p -c:a aac -b:a 96k -f flv "$1"
}
# start_nginx_rtmp <dir> <port> [application directives]: a private nginx-rtmp (one worker) with an application
# LiveApp; sets NGINX_PIDS (master and worker, as measured). nginx-rtmp's live streams live in one worker (more need
# rtmp_auto_push).
start_nginx_rtmp() {
  local dir=$1 port=$2 app=${3:-}
  local nginx module=/usr/lib/nginx/modules/ngx_rtmp_module.so
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  [ -f "$module" ] || { echo "nginx's RTMP module is needed (apt-get install -y nginx-light libnginx-mod-rtmp)" >&2; return 1; }
  rm -rf "$dir" && mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
load_module $module;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
rtmp { server { listen 127.0.0.1:$port; chunk_size 4096; application LiveApp { live on; $app } } }
CONF
  "$nginx" -c "$dir/nginx.conf" -p "$dir"
  sleep 0.5
  NGINX_PIDS="$(cat "$dir/nginx.pid") $(pgrep -P "$(cat "$dir/nginx.pid")" | tr '\n' ' ')"
}
# thread_ticks <pid>: "tid ticks name" per thread of the process (names with spaces joined by _).
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" -v name="$(tr ' ' '_' <"$t/comm" 2>/dev/null)" '{sub(/^.*\) /, ""); print tid, $12 + $13, name}' "$t/stat" 2>/dev/null
  done
}
# thread_shares <before> <after> <seconds> [top]: the CPU % of a core each thread group used between two
# thread_ticks snapshots, groups named with digits folded (nioEventLoopGroup-#-#), the busiest first.
thread_shares() {
  join <(sort "$1") <(sort "$2") | awk -v s="$3" -v hz="$HZ" '{n = $5; gsub(/[0-9]+/, "#", n); d[n] += $4 - $2}
    END {for (k in d) if (d[k] > 0) printf "%.2f %s\n", d[k] / hz / s * 100, k}' | sort -rn | head -"${4:-8}"
}
