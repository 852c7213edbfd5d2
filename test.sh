#!/usr/bin/env bash
# Runs every Rectify test on this machine, installing first what the tests talk to (Debian packages), then prints
# "N passed, N failed" as its last line. Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Domain]
set -euo pipefail
cd "$(dirname "$0")"

# What the tests need from Debian: a real browser and CJK fonts for Playwright, a real SMTP server, PostgreSQL 15
# (the tests start a private cluster on a free loopback port unless RECTIFY_TEST_POSTGRES names a server), nginx (the tests
# start a private one on a free loopback port with deploy/nginx-rectify.conf; the system service is not used).
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || packages+=(fonts-noto-cjk)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || packages+=(python3-aiosmtpd)
[ -x /usr/lib/postgresql/15/bin/initdb ] || packages+=(postgresql-15)
command -v openssl >/dev/null || packages+=(openssl)
[ -x /usr/sbin/nginx ] || packages+=(nginx)
if [ ${#packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${packages[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

results=.test-artifacts
rm -rf "$results"
dotnet tool restore
dotnet restore --nologo
dotnet build --nologo --no-restore -c Release
set +e
dotnet test --nologo --no-build -c Release \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?
set -e

# Count from the TRX file: dotnet test's own summary is not what CI reads.
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
