#!/usr/bin/env bash
# Warms a freshly started Rectify instance before it takes users (decision 0068): signs in through the login form and reads the
# pages users open most — 我的待办, the item list (overdue, unfinished, all) and, for leaders and administrators, 领导总览 — until
# VIEWS page views have been served. The runtime recompiles the hot code with profile-guided optimisation during the first
# ~2,000 views after a start; served here, they cost users nothing. Reads only: it changes no data (the sign-in is logged as any).
# Usage: RECTIFY_WARMUP_PASSWORD=… deploy/warm-up.sh BASE-URL USER [VIEWS]
#   e.g. RECTIFY_WARMUP_PASSWORD=… deploy/warm-up.sh http://127.0.0.1:5001 ops.leader 2000     (about 30–60 s on 2 cores)
# Exit status 0 when every page answered 200, 1 otherwise (the instance not answering, sign-in refused, a page failing), 2 for a
# VIEWS that is not a whole number. Run it against the instance's own port, not through nginx, before adding the instance back
# (docs/operations.md, "Upgrades").
set -euo pipefail
base=${1:?BASE-URL}; base=${base%/}; user=${2:?USER}; views=${3:-2000}
password=${RECTIFY_WARMUP_PASSWORD:?set RECTIFY_WARMUP_PASSWORD to the user\'s password}
[[ $views =~ ^[1-9][0-9]*$ ]] || { echo "warm-up: VIEWS must be a whole number above 0, not '$views'" >&2; exit 2; }
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
login=$(curl -sf -c "$jar" "$base/Account/Login") || { echo "warm-up: $base/Account/Login does not answer" >&2; exit 1; }
token=$(sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' <<< "$login" | head -1)
curl -s -o /dev/null -b "$jar" -c "$jar" -X POST "$base/Account/Login" \
  --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Input.UserName=$user" --data-urlencode "Input.Password=$password"
grep -q 'Rectify.Auth' "$jar" || { echo "warm-up: sign-in as $user refused (wrong password, a locked account, or too many sign-ins)" >&2; exit 1; }
pages=("" "items?due=Overdue" "items?due=Unfinished" "items?due=All" "overview")
start=$(date +%s); served=0; failed=0
while [ "$served" -lt "$views" ]; do
  for page in "${pages[@]}"; do
    # (领导总览 answers a secretary with a page saying it is for leaders: 200 as well.)
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/$page")
    served=$((served + 1))
    [ "$code" = 200 ] || failed=$((failed + 1))
  done
done
echo "warm-up: $served page views as $user in $(( $(date +%s) - start )) s, $failed failed"
[ "$failed" = 0 ]
