#!/usr/bin/env bash
# How long a long Excel import keeps other writers out (decision 0023, docs/performance.md).
# Usage: bench/import-lock.sh [ROWS] [DIR]   → imports ROWS rows (default 10000) into the SQLite benchmark database in DIR
#        (default /tmp/rectify-bench-sqlite-1000, generated with bench/generate.sh sqlite 1000 when missing).
# Prints the import's total time, its writing phase, its longest transaction and the longest wait of a probe writer.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}; dir=${2:-/tmp/rectify-bench-sqlite-1000}
[ -f "$dir/rectify.db" ] || bench/generate.sh sqlite 1000 "$dir"
dotnet build Rectify.Benchmarks -c Release --nologo -v q >/dev/null
export DataProtection__KeyEncryptionKey=${DataProtection__KeyEncryptionKey:-$(openssl rand -base64 32)}
export Rectify__DataFolder=$dir
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet Rectify.Benchmarks/bin/Release/net10.0/Rectify.Benchmarks.dll import-lock "$rows"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
