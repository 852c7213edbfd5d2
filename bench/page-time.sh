#!/usr/bin/env bash
# What a user waits for, over HTTP on loopback (issue #19): curl's total time for the prerendered overdue list, signed in, per
# role, cold (the first request after the server started) and warm (3 warm-ups, then 20 requests: p50, p95, max); and the
# .xlsx export of every unfinished item (cold, then warm: 1 warm-up and 3 downloads). Starts and stops its own server
# (bench/serve.sh; the cold figures restart it once per role), so it is bounded: about 2–4 minutes at 100k items.
# Beside each warm figure: the server process's CPU time per request (user + system, from /proc), which a busy machine
# inflates much less than the wall-clock time (PostgreSQL's own work is in its processes, not counted).
# Usage: bench/page-time.sh sqlite DIR | bench/page-time.sh postgres CONNECTION-STRING
#   PORT (5113), USERS ("bench.admin bench.leader bench.leader2 bench.secretary"), PAGE (/items?due=Overdue),
#   EXPORT (/ledger/export.xlsx?due=Unfinished), EXPORT_USER (bench.admin), RUNS (20), WARMUPS (3), EXPORTS (3),
#   COLD=0 skips the restarts, PUBLISH=0 uses the server published before, PREWARM=N has the server serve N views of PAGE
#   (spread over the users, before the warm figures) so that they are those of a server that has been running: the runtime's
#   tiers recompile the hot code during the first ~2,000 views after a start (decision 0068); 0 (the default) measures right
#   after the start.
set -euo pipefail
cd "$(dirname "$0")"
export PORT=${PORT:-5113}
base=http://127.0.0.1:$PORT
users=${USERS:-bench.admin bench.leader bench.leader2 bench.secretary}
page=${PAGE:-/items?due=Overdue}
export_path=${EXPORT:-/ledger/export.xlsx?due=Unfinished}
export_user=${EXPORT_USER:-bench.admin}
runs=${RUNS:-20}; warmups=${WARMUPS:-3}; exports=${EXPORTS:-3}; prewarm=${PREWARM:-0}
[[ $prewarm =~ ^[0-9]+$ ]] || { echo "PREWARM must be a whole number of views, not '$prewarm'" >&2; exit 2; }
pidfile=/tmp/rectify-bench-server-$PORT.pid
body=$(mktemp)
stop() { [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null && while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done; rm -f "$pidfile"; }
trap 'stop; rm -f "$body"' EXIT
start() { ./serve.sh "$@" >/dev/null; PUBLISH=0; export PUBLISH; }
restart() { stop; start "$@"; }

# One request: prints curl's total time in ms; fails unless the page came with its list (or the export with a workbook).
get() {
  local cookie=$1 path=$2 out
  out=$(curl -s -o "$body" -w '%{http_code} %{time_total} %{size_download}' -H "Cookie: $cookie" "$base$path")
  set -- $out
  [ "$1" = 200 ] || { echo "GET $path gave $1" >&2; return 1; }
  case $path in
    *.xlsx*) [ "$(head -c 2 "$body")" = PK ] || { echo "GET $path: not an .xlsx" >&2; return 1; } ;;
    *) grep -q 'data-testid="total"' "$body" || { echo "GET $path: no item list in the page" >&2; return 1; } ;;
  esac
  awk -v t="$2" 'BEGIN { printf "%.1f\n", t * 1000 }'
  echo "$3" > "$body.size"
}

# CPU time (ms) the server process has used so far.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$(cat "$pidfile")/stat"; }

per() { awk -v total="$1" -v n="$2" 'BEGIN { printf "%.1f", total / n }'; }

# p50, p95 (nearest rank) and max of the numbers on stdin.
stats() { sort -n | awk '{ v[NR] = $1 } END { p50 = v[int(NR * 0.5 + 0.999)]; p95 = v[int(NR * 0.95 + 0.999)]; printf "p50 %7.1f  p95 %7.1f  max %7.1f ms", p50, p95, v[NR] }'; }

echo "# $(date -u '+%F %T') UTC, $1, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start "$@"
if [ "${COLD:-1}" != 0 ]; then
  for user in $users; do
    restart "$@"
    cookie=$(./signin.sh "$base" "$user")
    printf '%-16s cold  %s  first request %8s ms\n' "$user" "$page" "$(get "$cookie" "$page")"
  done
  restart "$@"
  cookie=$(./signin.sh "$base" "$export_user")
  printf '%-16s cold  %s  %8s ms, %s bytes\n' "$export_user" "$export_path" "$(get "$cookie" "$export_path")" "$(cat "$body.size")"
fi
if [ "$prewarm" -gt 0 ]; then
  read -r -a user_list <<< "$users"; n_users=${#user_list[@]}; per_user=$(( (prewarm + n_users - 1) / n_users )); before=$(cpu)
  for user in $users; do
    cookie=$(./signin.sh "$base" "$user")
    for _ in $(seq "$per_user"); do get "$cookie" "$page" >/dev/null; done
  done
  echo "# the server served $(( per_user * n_users )) views of $page first (server CPU $(per "$(( $(cpu) - before ))" "$(( per_user * n_users ))") ms/view over them)"
fi
for user in $users; do
  cookie=$(./signin.sh "$base" "$user")
  for _ in $(seq "$warmups"); do get "$cookie" "$page" >/dev/null; done
  before=$(cpu)
  times=$(for _ in $(seq "$runs"); do get "$cookie" "$page"; done)
  printf '%-16s warm  %s  %s  server CPU %s ms/request  (%s requests, %s bytes)\n' "$user" "$page" "$(stats <<< "$times")" \
    "$(per "$(( $(cpu) - before ))" "$runs")" "$runs" "$(cat "$body.size")"
done
cookie=$(./signin.sh "$base" "$export_user")
get "$cookie" "$export_path" >/dev/null
before=$(cpu)
times=$(for _ in $(seq "$exports"); do get "$cookie" "$export_path"; done)
printf '%-16s warm  %s  %s  server CPU %s ms/download  (%s downloads: %s)\n' "$export_user" "$export_path" "$(stats <<< "$times")" \
  "$(per "$(( $(cpu) - before ))" "$exports")" "$exports" "$(echo $times)"
echo "# load average after $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$body.size"
