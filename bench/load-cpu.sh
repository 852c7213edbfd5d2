#!/usr/bin/env bash
# bench/load.sh with CPU per request, for a loaded machine where req/s is not comparable between runs: the same wrk run
# (4 connections, 2 threads, 10 s warm-up, then DURATION) on the prerendered overdue list, and beside it the CPU the server
# process (bench/serve.sh's pid file for the URL's port) and, on PostgreSQL, the database's backends of DATABASE (pg_stat_activity)
# used during the measured run, per request.
# Usage: bench/load-cpu.sh BASE-URL USER DURATION [DATABASE]   e.g. bench/load-cpu.sh http://127.0.0.1:5099 bench.admin 30s rectify_1m_b
set -euo pipefail
cd "$(dirname "$0")"
base=$1; user=$2; duration=$3; database=${4:-}
pid=$(cat "/tmp/rectify-bench-server-${base##*:}.pid")
cookie=$(./signin.sh "$base" "$user")
url="$base/items?due=Overdue"
curl -s -o /tmp/rectify-bench-page.html -H "Cookie: $cookie" "$url"
grep -q 'class="table' /tmp/rectify-bench-page.html || { echo "GET $url: no item table"; exit 1; }
hz=$(getconf CLK_TCK)
ms() { awk -v hz="$hz" '{ s += $14 + $15 } END { printf "%d\n", s * 1000 / hz }' "$@" 2>/dev/null || echo 0; }
backends() { [ -n "$database" ] && psql -h 127.0.0.1 -p 55432 -U postgres -Atc "select pid from pg_stat_activity where datname = '$database'" | sed 's|.*|/proc/&/stat|' || true; }
wrk -t2 -c4 -d10s -H "Cookie: $cookie" "$url" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
pg=$(backends); s0=$(ms "/proc/$pid/stat"); d0=$( [ -n "$pg" ] && ms $pg || echo 0)
out=$(wrk -t2 -c4 -d"$duration" --latency -H "Cookie: $cookie" "$url")
s1=$(ms "/proc/$pid/stat"); d1=$( [ -n "$pg" ] && ms $pg || echo 0)
echo "$out" | grep -E 'Requests/sec|requests in|50%|99%'
n=$(echo "$out" | awk '/requests in/ { print $1 }')
echo "server CPU $(awk -v a="$s0" -v b="$s1" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }') ms/request, database backends CPU $(awk -v a="$d0" -v b="$d1" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }') ms/request"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
