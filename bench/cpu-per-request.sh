#!/usr/bin/env bash
# Server CPU per request of one page: utime+stime of the server started by bench/serve.sh on PORT (/proc/PID/stat) over N
# signed-in requests after 3 warm-ups, with curl p50 and the load average. Robust where p95 over HTTP is not (a loaded machine).
# Usage: bench/cpu-per-request.sh PORT USER PATH [N]     e.g. bench/cpu-per-request.sh 5241 bench.admin "items?due=Overdue" 30
set -euo pipefail
port=$1; user=$2; path=$3; n=${4:-20}
pid=$(cat /tmp/rectify-bench-server-$port.pid); B=http://127.0.0.1:$port
cookie=$("$(dirname "$0")/signin.sh" $B $user)
for _ in 1 2 3; do curl -s -o /dev/null -H "Cookie: $cookie" "$B/$path"; done
tick=$(getconf CLK_TCK)
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
times=$(for _ in $(seq 1 $n); do curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total}\n' "$B/$path"; done | sort -n)
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
p50=$(sed -n "$((n/2))p" <<<"$times")
echo "$user $path: server CPU $(( (t1-t0)*1000/tick/n )) ms/request, p50 $(awk "BEGIN{print $p50*1000}") ms, load $(cut -d' ' -f1 /proc/loadavg)"
