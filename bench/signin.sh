#!/usr/bin/env bash
# Signs in through the real login form (antiforgery token included) and prints the Cookie header value to send.
# Usage: bench/signin.sh BASE-URL USER [PASSWORD]
set -euo pipefail
base=${1%/}; user=$2; password=${3:-Rectify@2026}
jar=$(mktemp)
token=$(curl -s -c "$jar" "$base/Account/Login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$jar" -c "$jar" -X POST "$base/Account/Login" \
  --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Input.UserName=$user" --data-urlencode "Input.Password=$password"
grep -q 'Rectify.Auth' "$jar" || { echo "sign-in as $user failed" >&2; exit 1; }
awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar"
rm -f "$jar"
