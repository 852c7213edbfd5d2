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
# Two test processes side by side, each running its half of the suite one collection after another (inside one process the
# collections must not run in parallel: BootstrapBlazor keeps a process-wide service provider; see
# docs/decisions/0043-two-test-processes.md). The halves are split by namespace, the second being exactly the complement of
# the first, so every test runs once; a new namespace lands in the second half. With arguments (e.g. --filter) one process
# runs what they select, as before.
first_half=(Web Browser ItemDetail Jobs Uploads)
run_tests() { # name, then extra dotnet test arguments
  local name=$1; shift
  dotnet test --nologo --no-build -c Release \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@"
}
set +e
if [ $# -gt 0 ]; then
  run_tests results "$@"
  status=$?
else
  in_first=""; not_in_first=""
  for ns in "${first_half[@]}"; do
    in_first+="${in_first:+|}FullyQualifiedName~Rectify.Tests.$ns."
    not_in_first+="${not_in_first:+&}FullyQualifiedName!~Rectify.Tests.$ns."
  done
  # In subshells, so that (with pipefail) each one's status is its dotnet test's, not sed's.
  (run_tests first-half --filter "$in_first" 2>&1 | sed -u 's/^/[1] /') &
  first=$!
  (run_tests second-half --filter "$not_in_first" 2>&1 | sed -u 's/^/[2] /') &
  second=$!
  wait $first; status_first=$?
  wait $second; status_second=$?
  status=$((status_first | status_second))
fi
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
