#!/usr/bin/env bash
# Starts the Release build of Rectify.Web on 127.0.0.1:$PORT (default 5099) against a benchmark database, in the background, and
# waits until it answers. Jobs off (no scheduler noise), the admin-only memory endpoint on (for bench/circuits.sh).
# Usage: bench/serve.sh sqlite DIR | bench/serve.sh postgres CONNECTION-STRING      stop: kill "$(cat /tmp/rectify-bench-server-$PORT.pid)"
# PUBLISH=0 starts what was published before (a restart for a cold measurement, bench/page-time.sh); R2R=false publishes
# without ReadyToRun code (decision 0059), to compare.
# Several servers side by side: give each its own PORT; the publish folder, log and pid file are named after it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5099}
# Published, as in production: static web assets (BootstrapBlazor's _content) are served from the publish folder, and the
# assemblies are compiled ahead of time for linux-x64 (ReadyToRun, decision 0059; R2R=false publishes JIT-only for comparison).
out=${PUBLISH_DIR:-/tmp/rectify-bench-publish-$PORT}
[ "${PUBLISH:-1}" = 0 ] && [ -f "$out/Rectify.Web.dll" ] ||
  dotnet publish Rectify.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun="${R2R:-true}" -o "$out" --nologo -v q >/dev/null
# Production needs the key ring's encryption key (docs/operations.md); a fresh one per run is enough for benchmarks.
export DataProtection__KeyEncryptionKey=${DataProtection__KeyEncryptionKey:-$(openssl rand -base64 32)}
export ASPNETCORE_ENVIRONMENT=Production Jobs__Enabled=false Diagnostics__MemoryEndpoint=true Logging__LogLevel__Default=Warning
case $1 in
  sqlite) export Rectify__DataFolder=$2 ;;
  postgres) export Database__Provider=Postgres Database__ConnectionString="$2" Rectify__DataFolder=/tmp/rectify-bench-pg-app-$PORT ;;
esac
cd "$out"
setsid nohup dotnet Rectify.Web.dll --urls "http://127.0.0.1:$PORT" > /tmp/rectify-bench-server-$PORT.log 2>&1 &
echo $! > /tmp/rectify-bench-server-$PORT.pid
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/Account/Login" && { echo "server pid $(cat /tmp/rectify-bench-server-$PORT.pid) on http://127.0.0.1:$PORT"; exit 0; }
  sleep 1
done
echo "server did not start; see /tmp/rectify-bench-server-$PORT.log"; exit 1
