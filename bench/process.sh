# What the bench scripts read about the processes they measure (sourced, not run).
HZ=$(getconf CLK_TCK)
# ticks <pid...>: CPU time (user + system, in clock ticks) the processes have used so far, summed.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# rss_mb <pid>: resident memory in MB.
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
