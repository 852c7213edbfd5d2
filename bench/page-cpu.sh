#!/usr/bin/env bash
# One page over HTTP per user, with the server's CPU per request (utime + stime of the bench/serve.sh process from /proc, a
# figure that holds up better than wall time on a loaded machine) and the load average before and after.
# Usage: bench/page-cpu.sh PORT PATH USER...   e.g. bench/page-cpu.sh 5211 overview bench.admin bench.leader2
# 3 warm-ups then N (default 20) requests per user, signed in; p50/p95 of curl's total time, bytes, HTTP codes.
set -euo pipefail
port=$1; path=$2; shift 2; N=${N:-20}
base=http://127.0.0.1:$port
pid=$(cat /tmp/rectify-bench-server-$port.pid)
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat"; }
cd "$(dirname "$0")/.."
for user in "$@"; do
  cookie=$(bench/signin.sh "$base" "$user")
  for _ in 1 2 3; do curl -s -o /dev/null -H "Cookie: $cookie" "$base/$path"; done
  la1=$(cut -d' ' -f1 /proc/loadavg); c0=$(cpu)
  times=$(for _ in $(seq 1 $N); do curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total} %{size_download} %{http_code}\n' "$base/$path"; done)
  c1=$(cpu); la2=$(cut -d' ' -f1 /proc/loadavg)
  sorted=$(awk '{print $1*1000}' <<<"$times" | sort -n)
  p50=$(sed -n "$(( (N+1)/2 ))p" <<<"$sorted"); p95=$(sed -n "$(( (N*95+99)/100 ))p" <<<"$sorted")
  printf '%-16s %s p50 %6.1f p95 %6.1f ms  cpu %5.1f ms/req  bytes %s  codes %s  load %s->%s\n' "$user" "$path" "$p50" "$p95" \
    "$(echo "($c1-$c0)/$N" | bc -l)" "$(awk 'NR==1{print $2}' <<<"$times")" "$(awk '{print $3}' <<<"$times" | sort -u | tr '\n' ' ')" "$la1" "$la2"
done
