#!/usr/bin/env bash
# Compares servers that run side by side (e.g. one published build started by bench/serve.sh on several ports, each with its
# own environment such as DOTNET_TieredPGO=0): measures them in turns, ROUNDS times, so that the machine's drift over minutes
# falls on all of them alike. Per round, server and user: 3 warm-ups and N requests (bench/page-cpu.sh: p50, p95, server CPU).
# Prints every batch, then per server and user the median over the rounds.
# Usage: bench/side-by-side.sh ROUNDS PATH PORT... -- USER...
#   (an odd ROUNDS gives a true median) e.g. bench/side-by-side.sh 3 'items?due=Overdue' 5211 5212 5213 -- bench.admin bench.leader bench.leader2 bench.secretary
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=$1; path=$2; shift 2
ports=(); while [ $# -gt 0 ] && [ "$1" != -- ]; do ports+=("$1"); shift; done; shift
users=("$@")
out=$(mktemp); trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  for port in "${ports[@]}"; do
    N=${N:-40} bench/page-cpu.sh "$port" "$path" "${users[@]}" | sed "s/^/$port /" | tee -a "$out"
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "# median over $rounds rounds"
for port in "${ports[@]}"; do
  for user in "${users[@]}"; do
    lines=$(grep "^$port $user " "$out")
    field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' <<< "$lines" | median; }
    printf '%s %-16s p50 %5s  p95 %5s  cpu %5s ms/request\n' "$port" "$user" "$(field p50)" "$(field p95)" "$(field cpu)"
  done
done
