#!/usr/bin/env bash
# The .xlsx export of every unfinished item over HTTP, as a user downloads it, with the server's memory around it: RSS before,
# the peak during the export (VmHWM, reset first through /proc/PID/clear_refs), RSS right after, and the managed heap and RSS
# after a forced full collection (GET /diagnostics/memory?gc=true). Start the server first (bench/serve.sh, which turns that
# endpoint on); PID is the server's process id (default: the pid file bench/serve.sh wrote for the URL's port).
# Usage: bench/export-http.sh [BASE-URL] [USER] [QUERY] [PID]      e.g. bench/export-http.sh http://127.0.0.1:5099 bench.admin 'due=Unfinished'
set -euo pipefail
cd "$(dirname "$0")"
base=${1:-http://127.0.0.1:5099}; user=${2:-bench.admin}; query=${3:-due=Unfinished}
port=${base##*:}; pid=${4:-$(cat "/tmp/rectify-bench-server-$port.pid")}
# serve.sh starts `dotnet Rectify.Web.dll` through setsid: its pid is the server process itself.
rss() { awk '/^VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status"; }
hwm() { awk '/^VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status"; }
gc() { curl -sf -H "Cookie: $cookie" "$base/diagnostics/memory?gc=true" | python3 -c 'import json,sys; m=json.load(sys.stdin); print("managed %.0f MB, working set %.0f MB" % (m["managedBytes"]/2**20, m["workingSetBytes"]/2**20))'; }
cookie=$(./signin.sh "$base" "$user")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server RSS before: $(rss); after a full GC: $(gc)"
echo 5 > "/proc/$pid/clear_refs"
out=$(mktemp /tmp/rectify-export-XXXX.xlsx)
curl -sf -H "Cookie: $cookie" -o "$out" -w 'HTTP %{http_code}: %{size_download} bytes, first byte after %{time_starttransfer} s, total %{time_total} s\n' "$base/ledger/export.xlsx?$query"
echo "server peak RSS during the export: $(hwm); RSS right after: $(rss)"
echo "after a full GC: $(gc)"
python3 -c 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print("zip entries:", len(z.namelist()), "(", z.testzip() or "all CRCs good", ")")' "$out"
rm -f "$out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
