#!/usr/bin/env bash
# CPU per page view, robust under load: server process CPU (utime+stime from /proc) and the CPU of the PostgreSQL backends
# connected to DB, over N requests after 3 warm-ups. Usage: cpu-pages.sh BASE PID DB USER URL...
set -euo pipefail
base=$1 pid=$2 db=$3 user=$4; shift 4
cd "$(dirname "$0")/.."
cookie=$(bench/signin.sh "$base" "$user")
N=${N:-20}
tck=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$1/stat 2>/dev/null || echo 0; }
pgcpu() { local s=0; for p in $(psql -h 127.0.0.1 -p 55432 -U postgres -Atc "select pid from pg_stat_activity where datname='$db'"); do s=$((s + $(cpu $p))); done; echo $s; }
for url in "$@"; do
  for _ in 1 2 3; do curl -s -o /dev/null -H "Cookie: $cookie" "$base/$url"; done
  a=$(cpu $pid); b=$(pgcpu); l1=$(cut -d' ' -f1 /proc/loadavg)
  t=$(for _ in $(seq 1 $N); do curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total}\n' "$base/$url"; done | sort -n | awk '{a[NR]=$1*1000} END{printf "%.1f %.1f", a[int(NR/2)], a[int(NR*0.95)]}')
  c=$(cpu $pid); d=$(pgcpu); l2=$(cut -d' ' -f1 /proc/loadavg)
  printf '| %s | %s | server %.1f ms | postgres %.1f ms | p50/p95 %s ms | load %s→%s |\n' "$user" "$url" \
    "$(echo "($c-$a)*1000/$tck/$N" | bc -l)" "$(echo "($d-$b)*1000/$tck/$N" | bc -l)" "$t" "$l1" "$l2"
done
