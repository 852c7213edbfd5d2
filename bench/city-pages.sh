#!/usr/bin/env bash
# What a user waits for, over HTTP: curl's total time for the prerendered page, signed in, 3 warm-ups then 20 requests, p50/p95
# per page and user (issue #19, "City scale"). Pages: the overdue list, the filtered list (status + category + source), the
# unfiltered list, one branch's items (the overview's per-organisation link) and the leaders' overview.
# The unfiltered list is asked for as items?due=All: a bare /items prerenders only the page's frame ("loading") and shows the
# list once the browser's circuit has read the remembered filter, so its HTTP time is not the list's (before 2026-12-07 18:04 the
# script asked for /items, and the figures called "unfiltered list" were that frame's).
# Usage: bench/city-pages.sh BASE-URL USER:BRANCH-ID ...     e.g. bench/city-pages.sh http://127.0.0.1:5111 bench.admin:27 bench.leader2:31
set -euo pipefail
base=${1%/}; shift
pages=("items?due=Overdue" "items?status=InProgress&category=%E4%BD%9C%E9%A3%8E%E5%BB%BA%E8%AE%BE&source=OrganizationalLifeMeeting" "items?due=All" "items?org=BRANCH&orgonly=1" "overview")
names=("overdue list" "filtered list" "unfiltered list" "a branch's items" "overview")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| user | page | p50 ms | p95 ms | bytes |\n|---|---|---:|---:|---:|\n'
for spec in "$@"; do
  user=${spec%%:*}; branch=${spec##*:}
  cookie=$(bench/signin.sh "$base" "$user")
  for k in "${!pages[@]}"; do
    url="$base/${pages[$k]//BRANCH/$branch}"
    for _ in 1 2 3; do curl -s -o /dev/null -H "Cookie: $cookie" "$url"; done
    times=$(for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_total} %{size_download} %{http_code}\n' "$url"; done)
    codes=$(awk '{print $3}' <<<"$times" | sort -u | tr '\n' ' ')
    [[ $codes == "200 " ]] || echo "warning: $user ${names[$k]}: HTTP $codes" >&2
    sorted=$(awk '{print $1*1000}' <<<"$times" | sort -n)
    p50=$(sed -n 10p <<<"$sorted"); p95=$(sed -n 19p <<<"$sorted")
    printf '| %s | %s | %.1f | %.1f | %s |\n' "$user" "${names[$k]}" "$p50" "$p95" "$(awk 'NR==1{print $2}' <<<"$times")"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
