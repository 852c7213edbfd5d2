#!/usr/bin/env bash
# Load test of two instances behind the sample nginx on one PostgreSQL database, one instance SIGKILLed in the middle
# (issue 19, docs/performance.md "Load test: two instances behind nginx"). Loopback only, bounded in time, cleans up after itself.
#
#   bench/cluster-load.sh DATABASE [SECONDS]        e.g. bench/cluster-load.sh rectify_load_1m 360
#
# - publishes Rectify.Web once and starts it twice (ports $PORT_A, $PORT_B) on DATABASE of the bench cluster (bench/pg-start.sh,
#   127.0.0.1:55432), with the settings of bench/serve.sh (jobs off, Production, one key-encryption key for both: the key ring is
#   shared through the database, decision 0011);
# - a private nginx (no root, temp prefix) runs deploy/nginx-rectify.conf with only its upstream ports and `listen` replaced,
#   as Rectify.Tests/Support/NginxServer.cs does, plus an access log with the upstream and time of every request;
# - Rectify.Benchmarks cluster-load: signed-in users of every role (lists, items, overview, progress reports posted, with the item page's submission id, to
#   /items/{id}/progress) from their own loopback addresses, and $CIRCUITS Blazor circuits held by clients that speak Blazor
#   Server's protocol (no browser, decision 0058; HOLDER=chromium: headless Chromium tabs as before);
# - at half time the instance serving the circuits is killed with SIGKILL; the tool counts the errors (those in flight at the
#   kill apart) and whether the circuits came back on the other instance, still signed in;
# - the RSS of both instances every 5 s (rss.csv), the load average beside it;
# - Prometheus (Debian's package, when installed) scrapes both instances' /metrics every 5 s; a few series are saved at the end.
# The circuits are opened before the timed part (at most RECTIFY_LOAD_OPEN_SECONDS, 600); they stay open throughout.
# The run writes progress reports into DATABASE: use a copy (CREATE DATABASE … TEMPLATE …), never a shared database.
# Results: $OUT (default /tmp/rectify-cluster-load-<time>): summary.txt, requests.csv, rss.csv, nginx-access.log, prometheus-*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench/cluster-load.sh DATABASE [SECONDS]}; seconds=${2:-360}
PORT_A=${PORT_A:-5117} PORT_B=${PORT_B:-5118} NGINX_PORT=${NGINX_PORT:-8087} PROM_PORT=${PROM_PORT:-9097}
export RECTIFY_LOAD_USERS=${USERS:-24} RECTIFY_LOAD_CIRCUITS=${CIRCUITS:-300} RECTIFY_LOAD_THINK_MS=${THINK_MS:-2000} RECTIFY_LOAD_HOLDER=${HOLDER:-protocol}
out=${OUT:-/tmp/rectify-cluster-load-$(date +%Y%m%d-%H%M%S)}
publish=${PUBLISH_DIR:-/tmp/rectify-cluster-publish}
connection="Host=127.0.0.1;Port=55432;Username=postgres;Database=$db"
export RECTIFY_LOAD_DB=$connection RECTIFY_LOAD_INSTANCES="http://127.0.0.1:$PORT_A,http://127.0.0.1:$PORT_B"
mkdir -p "$out/nginx" "$out/app-data"
pids=()
cleanup() {
  [[ -f $out/nginx/nginx.pid ]] && /usr/sbin/nginx -p "$out/nginx/" -c "$out/nginx/nginx.conf" -e "$out/nginx/error.log" -s stop 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "publishing to $publish"
dotnet publish Rectify.Web -c Release -r linux-x64 --self-contained false -o "$publish" --nologo -v q >/dev/null   # ReadyToRun (decision 0059)
dotnet build Rectify.Benchmarks -c Release --nologo -v q >/dev/null

# Both instances: the settings of bench/serve.sh, one key-encryption key, their own data folders (evidence is in the database).
export DataProtection__KeyEncryptionKey=${DataProtection__KeyEncryptionKey:-$(openssl rand -base64 32)}
export ASPNETCORE_ENVIRONMENT=Production Jobs__Enabled=${JOBS:-false} Diagnostics__MemoryEndpoint=true Logging__LogLevel__Default=Warning
export Database__Provider=Postgres Database__ConnectionString="$connection"
start_instance() {
  local port=$1
  mkdir -p "$out/app-data/$port"
  (cd "$publish" && Rectify__DataFolder="$out/app-data/$port" exec dotnet Rectify.Web.dll --urls "http://127.0.0.1:$port" > "$out/instance-$port.log" 2>&1) &
  pids+=($!)
  echo $! > "$out/instance-$port.pid"
}
start_instance "$PORT_A"
sleep 5   # the first migrates and seeds under the advisory lock; the second would wait for it anyway
start_instance "$PORT_B"
for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 180); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 1; done
  curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" || { echo "instance on $port not ready; see $out/instance-$port.log"; exit 1; }
done
echo "instances ready: $PORT_A (pid $(cat "$out/instance-$PORT_A.pid")), $PORT_B (pid $(cat "$out/instance-$PORT_B.pid"))"

# nginx: the sample's text with only the two upstream ports and `listen 80` replaced (as Rectify.Tests/Support/NginxServer.cs).
[[ $(grep -c '^\s*server 127.0.0.1:500[12] ' deploy/nginx-rectify.conf) == 2 && $(grep -c '^\s*listen 80;' deploy/nginx-rectify.conf) == 1 ]] \
  || { echo "deploy/nginx-rectify.conf no longer has the upstream servers 127.0.0.1:5001/5002 and one 'listen 80;'"; exit 1; }
sample=$(sed -e "s/^\(\s*server 127.0.0.1:\)5001 /\1$PORT_A /" -e "s/^\(\s*server 127.0.0.1:\)5002 /\1$PORT_B /" \
  -e "s/^\(\s*\)listen 80;/\1listen 127.0.0.1:$NGINX_PORT;/" deploy/nginx-rectify.conf)
cat > "$out/nginx/nginx.conf" <<EOF
# Generated by bench/cluster-load.sh from deploy/nginx-rectify.conf.
worker_processes 1;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log notice;
events { worker_connections 2048; }
http {
    client_body_temp_path $out/nginx/client_body_temp;
    proxy_temp_path $out/nginx/proxy_temp;
    fastcgi_temp_path $out/nginx/fastcgi_temp;
    uwsgi_temp_path $out/nginx/uwsgi_temp;
    scgi_temp_path $out/nginx/scgi_temp;
    log_format upstream '\$msec \$remote_addr "\$request" \$status upstream=\$upstream_addr upstream_status=\$upstream_status time=\$request_time';
    access_log $out/nginx/access.log upstream;
# ---- deploy/nginx-rectify.conf ----
$sample
# ---- end of deploy/nginx-rectify.conf ----
}
EOF
grep -q "server 127.0.0.1:$PORT_B" "$out/nginx/nginx.conf" || { echo "could not set the upstream ports in the nginx config"; exit 1; }
/usr/sbin/nginx -p "$out/nginx/" -c "$out/nginx/nginx.conf" -e "$out/nginx/error.log"
base="http://127.0.0.1:$NGINX_PORT"
curl -sf -o /dev/null "$base/Account/Login" || { echo "nginx does not answer on $base"; exit 1; }

# Prometheus (Debian's package), scraping both instances directly.
if [[ -x /usr/bin/prometheus && ${PROMETHEUS:-1} == 1 ]]; then
  cat > "$out/prometheus.yml" <<EOF
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: rectify
    static_configs:
      - targets: ['127.0.0.1:$PORT_A', '127.0.0.1:$PORT_B']
EOF
  /usr/bin/prometheus --config.file="$out/prometheus.yml" --storage.tsdb.path="$out/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" > "$out/prometheus.log" 2>&1 &
  pids+=($!)
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); opening the circuits, then $seconds s with $RECTIFY_LOAD_USERS users and $RECTIFY_LOAD_CIRCUITS circuits through $base; results in $out"
timeout $((seconds + 1200)) dotnet Rectify.Benchmarks/bin/Release/net10.0/Rectify.Benchmarks.dll cluster-load "$base" "$seconds" "$out" > "$out/load.log" 2>&1 &
load=$!
pids+=("$load")

# Memory of both instances every 5 s; at half time, SIGKILL the instance that serves the circuits.
echo "unix_s,rss_kb_$PORT_A,rss_kb_$PORT_B,load1" > "$out/rss.csv"
started=$(date +%s); killed=""
while kill -0 "$load" 2>/dev/null; do
  rss() { ps -o rss= -p "$(cat "$out/instance-$1.pid")" 2>/dev/null | tr -d ' ' || true; }
  echo "$(date +%s),$(rss "$PORT_A"),$(rss "$PORT_B"),$(cut -d' ' -f1 /proc/loadavg)" >> "$out/rss.csv"
  # The clock starts when the circuits are open and the users begin (the tool writes load-started).
  if [[ -z $killed && -f $out/load-started && $(( $(date +%s) - $(cat "$out/load-started") )) -ge $(( seconds / 2 )) ]]; then
    # The instance nginx sent the circuits to (their clients connect from 127.0.0.1; ip_hash keeps them on one instance).
    victim=$(grep '/_blazor/negotiate' "$out/nginx/access.log" | sed -n 's/.*upstream=127.0.0.1:\([0-9]*\).*/\1/p' | sort | uniq -c | sort -rn | awk 'NR==1 {print $2}')
    victim=${victim:-$PORT_A}
    kill -9 "$(cat "$out/instance-$victim.pid")"
    date +%s%3N > "$out/killed-at"
    killed=$victim
    echo "killed the instance on $victim (SIGKILL) at $(date -u +%H:%M:%S); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  fi
  sleep 5
done
wait "$load" && status=0 || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -x /usr/bin/prometheus && ${PROMETHEUS:-1} == 1 ]]; then
  q() { curl -s "http://127.0.0.1:$PROM_PORT/api/v1/query_range" --data-urlencode "query=$2" --data-urlencode "start=$started" \
    --data-urlencode "end=$(date +%s)" --data-urlencode "step=15" > "$out/prometheus-$1.json" || true; }
  q up 'up{job="rectify"}'
  q circuits 'rectify_circuits_open'
  q working-set 'process_memory_usage_bytes or dotnet_process_memory_working_set_bytes or process_working_set_bytes'
  q p95-by-route 'histogram_quantile(0.95, sum by (instance, http_route, le) (rate(http_server_request_duration_seconds_bucket[1m])))'
  q outbox-age 'rectify_outbox_oldest_due_age_seconds'
fi
cp "$out/nginx/access.log" "$out/nginx-access.log"
cat "$out/summary.txt" 2>/dev/null || tail -40 "$out/load.log"
echo "memory (RSS, MB) per instance, first / peak / last sample:"
awk -F, -v a="$PORT_A" -v b="$PORT_B" 'NR>1 { for (i = 2; i <= 3; i++) if ($i != "") { if (!(i in first)) first[i] = $i; if ($i > peak[i]) peak[i] = $i; last[i] = $i } }
  END { printf "  %s: %.0f / %.0f / %.0f\n  %s: %.0f / %.0f / %.0f\n", a, first[2]/1024, peak[2]/1024, last[2]/1024, b, first[3]/1024, peak[3]/1024, last[3]/1024 }' "$out/rss.csv"
echo "killed: ${killed:-none}; results in $out"
exit "$status"
