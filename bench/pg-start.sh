#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster for the benchmarks (Debian's postgresql-15 binaries, like Rectify.Tests/Support/PostgresServer.cs)
# in $PGROOT (default /tmp/rectify-bench-pg) on 127.0.0.1:$PGPORT (default 55432), trust authentication, durable settings
# (fsync on; max_parallel_workers_per_gather 1 for 2 cores, see docs/operations.md), and creates the database rectify_bench. Prints the connection string to use as Database__ConnectionString.
# Usage: bench/pg-start.sh            stop: bench/pg-start.sh stop
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
PGROOT=${PGROOT:-/tmp/rectify-bench-pg}
PGPORT=${PGPORT:-55432}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = stop ]; then as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop; exit 0; fi
[ -x "$BIN/initdb" ] || { echo "install postgresql-15 (apt-get install postgresql-15)"; exit 1; }
if [ ! -d "$PGROOT/data" ]; then
  mkdir -p "$PGROOT"; [ "$(id -u)" -eq 0 ] && chown postgres "$PGROOT"
  as_pg "$BIN/initdb" -D "$PGROOT/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_pg "$BIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
    -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB -c work_mem=16MB -c effective_cache_size=4GB -c max_parallel_workers_per_gather=1" start >/dev/null
fi
DB=${BENCH_DB:-rectify_bench}
as_pg psql -d postgres -h "$PGROOT" -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
  || as_pg psql -d postgres -h "$PGROOT" -p "$PGPORT" -U postgres -qc "CREATE DATABASE \"$DB\" ENCODING 'UTF8' TEMPLATE template0"
echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$DB"
