#!/usr/bin/env bash
# Generates the benchmark databases (kept under /tmp, never in the repo).
# Usage: bench/generate.sh sqlite ITEMS [DIR]     → SQLite file DIR/rectify.db (default /tmp/rectify-bench-sqlite-ITEMS)
#        bench/generate.sh postgres ITEMS [DB]    → database DB (default rectify_ITEMS) on the cluster of bench/pg-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
kind=$1; items=$2
dotnet build Rectify.Generator -c Release --nologo -v q >/dev/null
generator=Rectify.Generator/bin/Release/net10.0/Rectify.Generator.dll
export Jobs__Enabled=false Logging__LogLevel__Default=Warning
# Outside Development the app needs the key ring's encryption key (docs/operations.md); any key does for generating data.
export DataProtection__KeyEncryptionKey=${DataProtection__KeyEncryptionKey:-$(openssl rand -base64 32)}
case $kind in
  sqlite)
    dir=${3:-/tmp/rectify-bench-sqlite-$items}; rm -rf "$dir"
    /usr/bin/time -f "generate-data: %e s, peak RSS %M KB" env Rectify__DataFolder="$dir" dotnet $generator --items "$items" ;;
  postgres)
    cs=$(BENCH_DB=${3:-rectify_$items} bench/pg-start.sh)
    /usr/bin/time -f "generate-data: %e s, peak RSS %M KB" env Database__Provider=Postgres Database__ConnectionString="$cs" dotnet $generator --items "$items" ;;
  *) echo "sqlite|postgres"; exit 2 ;;
esac
