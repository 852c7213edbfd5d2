#!/usr/bin/env bash
# Where a freshly started server's page-view CPU goes while its code warms up (decision 0059): starts bench/serve.sh's server
# (PUBLISH=0 with PUBLISH_DIR, or publishes), signs in as USER and requests PAGE in phases — the first request, 3 warm-ups,
# the 20 requests bench/page-time.sh measures, 300 more, 20 more — printing per phase the server's CPU per request
# (/proc/PID/stat), the methods the JIT compiled and its time (the runtime's own counters, from /metrics), curl p50/p95 and
# the load average. Robust on a loaded machine where wall times are not. Environment variables such as DOTNET_TieredPGO=0 are
# passed to the server. Stops its server on exit.
# Usage: bench/jit-phases.sh sqlite DIR | postgres CONNECTION-STRING      PORT (5114), USER (bench.admin), PAGE (/items?due=Overdue), LONG=1 adds 1,020 more
set -euo pipefail
cd "$(dirname "$0")"
export PORT=${PORT:-5114}
base=http://127.0.0.1:$PORT; user=${USER_NAME:-bench.admin}; page=${PAGE:-/items?due=Overdue}
pidfile=/tmp/rectify-bench-server-$PORT.pid
stop() { [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null && while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done; rm -f "$pidfile"; }
trap stop EXIT
./serve.sh "$@" >/dev/null
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$(cat "$pidfile")/stat"; }
# The JIT's cumulative counters: compiled methods and compilation time (s), from the runtime's meter through /metrics.
jit() { curl -s "$base/metrics" | awk '/^dotnet_jit_compiled_methods_total|^process_runtime_dotnet_jit_methods_compiled_count/ { m = $NF }
  /^dotnet_jit_compilation_time_seconds_total|^process_runtime_dotnet_jit_compilation_time_(nanoseconds|seconds)_total/ { t = $NF; n = ($1 ~ /nanoseconds/) }
  END { printf "%d %.3f\n", m, (n ? t / 1e9 : t) * 1000 }'; }
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "p50 %6.1f p95 %6.1f", v[int(NR * 0.5 + 0.999)], v[int(NR * 0.95 + 0.999)] }'; }
cookie=$(./signin.sh "$base" "$user")
echo "# $(date -u '+%F %T') UTC, $1, $user $page, env: $(env | grep -E '^DOTNET_' | tr '\n' ' '), load average $(cut -d' ' -f1-3 /proc/loadavg)"
phase() {
  local name=$1 n=$2 c0 j0 m0 t0 times c1 m1 t1
  c0=$(cpu); read -r m0 t0 < <(jit)
  times=$(for _ in $(seq "$n"); do curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "$base$page" | awk '{ printf "%.1f\n", $1 * 1000 }'; done)
  c1=$(cpu); read -r m1 t1 < <(jit)
  printf '%-22s %4d requests  server CPU %6.1f ms/request  JIT %5d methods %7.1f ms  %s ms  load %s\n' "$name" "$n" \
    "$(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN { print (b - a) / n }')" "$((m1 - m0))" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    "$(stats <<< "$times")" "$(cut -d' ' -f1 /proc/loadavg)"
}
phase "first request" 1
phase "warm-ups 1-3" 3
phase "requests 4-23" 20
phase "requests 24-323" 300
phase "requests 324-343" 20
# LONG=1: on to a server that has served for a while (the steady state a server running for days is in).
if [ "${LONG:-0}" = 1 ]; then
  phase "requests 344-1343" 1000
  phase "requests 1344-1363" 20
fi
