#!/usr/bin/env bash
# BenchmarkDotNet runs (in process, Release) on one benchmark database. Starts a local aiosmtpd for the dispatch benchmark.
# Usage: bench/run-benchmarks.sh sqlite DIR [FILTER] | bench/run-benchmarks.sh postgres CONNECTION-STRING [FILTER]
#   FILTER defaults to '*' (all); e.g. '*ItemList*', '*Reminder*', '*Dispatch*', '*Export*'.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=$1; target=$2; filter=${3:-*}
dotnet build Rectify.Benchmarks -c Release --nologo -v q >/dev/null
# The benchmarks host the app outside Development, which needs the key ring's encryption key (docs/operations.md).
export DataProtection__KeyEncryptionKey=${DataProtection__KeyEncryptionKey:-$(openssl rand -base64 32)}
case $kind in
  sqlite) export Rectify__DataFolder=$target ;;
  postgres) export Database__Provider=Postgres Database__ConnectionString="$target" Rectify__DataFolder=/tmp/rectify-bench-pg-app ;;
esac
# A real SMTP server on loopback (Debian's python3-aiosmtpd, Maildir handler), for Dispatch; plain SMTP, no TLS.
maildir=$(mktemp -d /tmp/rectify-bench-mail.XXXX); mkdir -p "$maildir"/{tmp,new,cur}
setsid /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:2525 -c aiosmtpd.handlers.Mailbox "$maildir" &
smtp=$!
trap 'kill $smtp 2>/dev/null; rm -rf "$maildir"' EXIT
export Mail__Host=127.0.0.1 Mail__Port=2525 Mail__Security=None
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet Rectify.Benchmarks/bin/Release/net10.0/Rectify.Benchmarks.dll --filter "$filter" | grep -E '^\||^Run time|^//.*(Runtime|Benchmark Process Environment)|^BenchmarkDotNet|^[A-Z].*CPU|^\.NET SDK'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "messages received by the SMTP server: $(ls "$maildir/new" | wc -l)"
