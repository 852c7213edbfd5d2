#!/usr/bin/env python3
"""Wall time of a test run from its TRX files (default: .test-artifacts/*.trx, as ./test.sh writes them).

The two halves of ./test.sh overlap, so the run's time is from the earliest start to the latest finish. Also prints each
file's own time and test count, the load average, and the ten slowest test classes (sum of their tests' durations).
Usage: python3 bench/suite-time.py [file.trx ...]
"""
import collections
import datetime
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def when(text):
    # TRX writes 7 fractional digits; fromisoformat takes at most 6.
    return datetime.datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text))


def seconds(duration):
    h, m, s = duration.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


files = sys.argv[1:] or sorted(glob.glob(".test-artifacts/*.trx"))
if not files:
    sys.exit("no TRX files (run ./test.sh first, or name them)")
starts, finishes, classes, total = [], [], collections.Counter(), 0
for path in files:
    run = ET.parse(path).getroot()
    times = run.find("t:Times", NS)
    start, finish = when(times.get("start")), when(times.get("finish"))
    results = run.findall(".//t:UnitTestResult", NS)
    starts.append(start)
    finishes.append(finish)
    total += len(results)
    print(f"{os.path.basename(path)}: {len(results)} tests, {(finish - start).total_seconds():.0f} s")
    for result in results:
        classes[result.get("testName").split("(")[0].rsplit(".", 1)[0]] += seconds(result.get("duration"))
wall = (max(finishes) - min(starts)).total_seconds()
print(f"run: {total} tests, {wall:.0f} s ({wall / 60:.1f} min); load average now {os.getloadavg()}")
for name, spent in classes.most_common(10):
    print(f"  {spent:6.1f} s  {name}")
