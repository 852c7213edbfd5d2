#!/usr/bin/env python3
"""Pushes files out of the operating system's page cache (posix_fadvise DONTNEED), as after a restart of the machine, so that
the next reads come from the disk. Usage: bench/evict.py FILE...   e.g. bench/evict.py /tmp/sqlite-1m/rectify.db
Check with fincore(1). Dirty pages (not yet written) and pages another process has mapped stay in the cache."""
import os
import sys

for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
