#!/usr/bin/env bash
# Loopback load run with wrk on the prerendered overdue list (/items?due=Overdue renders the first page on the server), signed in,
# 4 connections, 2 threads, after a 10 s warm-up. Start the server first (bench/serve.sh).
# Usage: bench/load.sh [BASE-URL] [USER] [DURATION]      e.g. bench/load.sh http://127.0.0.1:5099 bench.admin 30s
set -euo pipefail
cd "$(dirname "$0")"
base=${1:-http://127.0.0.1:5099}; user=${2:-bench.admin}; duration=${3:-30s}
cookie=$(./signin.sh "$base" "$user")
url="$base/items?due=Overdue"
status=$(curl -s -o /tmp/rectify-bench-page.html -w '%{http_code}' -H "Cookie: $cookie" "$url")
grep -q 'class="table' /tmp/rectify-bench-page.html || { echo "GET $url gave $status without the item table"; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c4 -d10s -H "Cookie: $cookie" "$url" >/dev/null
wrk -t2 -c4 -d"$duration" --latency -H "Cookie: $cookie" "$url"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
