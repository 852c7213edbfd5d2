#!/usr/bin/env python3
# EXPLAIN QUERY PLAN and timings with the SQLite the app ships (SQLitePCLRaw e_sqlite3), not the older sqlite3 CLI. Queries on stdin,
# each after a line "== title". Usage (from a publish folder of bench/serve.sh):
#   mkdir -p /tmp/e_sqlite3 && ln -sf $PUBLISH/runtimes/linux-x64/native/libe_sqlite3.so /tmp/e_sqlite3/libsqlite3.so.0
#   LD_PRELOAD=/lib/x86_64-linux-gnu/libm.so.6 LD_LIBRARY_PATH=/tmp/e_sqlite3 bench/plans-sqlite-app.py DB "PRAGMA mmap_size=2147483648;" < queries.sql
import sqlite3, sys, time, re
db = sys.argv[1]; pragmas = sys.argv[2] if len(sys.argv) > 2 else ""
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
if pragmas: con.executescript(pragmas)
print("sqlite", sqlite3.sqlite_version, "pragmas:", pragmas or "(defaults)")
blocks = [b.strip() for b in sys.stdin.read().split("\n==") if b.strip()]
for b in blocks:
    title, sql = b.split("\n", 1)
    print("==", title.strip("= "))
    for row in con.execute("EXPLAIN QUERY PLAN " + sql):
        print("   " + "  " * 0 + str(row[3]))
    ts = []
    for _ in range(5):
        t = time.perf_counter(); rows = con.execute(sql).fetchall(); ts.append((time.perf_counter() - t) * 1000)
    print(f"   rows {len(rows)}; ms first {ts[0]:.1f}, then min {min(ts[1:]):.1f} max {max(ts[1:]):.1f}")
