#!/usr/bin/env bash
# Memory per Blazor Server circuit: N headless Chromium tabs on the item list, signed in as an administrator (the server must run
# with Diagnostics__MemoryEndpoint=true, as bench/serve.sh does). Prints where the server's resident memory is (managed heap, GC
# committed, malloc, JIT'd code, files, threads) after a forced collection at 0 circuits and every RECTIFY_BENCH_STEP (default 100),
# and the growth per circuit between those checkpoints (docs/performance.md, "Memory per circuit").
# Usage: bench/circuits.sh [BASE-URL] [N] [PATH]      e.g. bench/circuits.sh http://127.0.0.1:5099 200
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-http://127.0.0.1:5099}; n=${2:-100}; path=${3:-/items?due=Overdue}
dotnet build Rectify.Benchmarks -c Release --nologo -v q >/dev/null
dotnet Rectify.Benchmarks/bin/Release/net10.0/Rectify.Benchmarks.dll circuits "$base" "$n" bench.admin "$path"
