#!/usr/bin/env python3
"""`sinetui train --steps 100000000`: memory flat and the speed per step the same at the end.

Reads the progress lines as they come (one every 5M steps), timing each 5M-step segment and
sampling the process's resident memory (VmRSS) at each. Fails (exit 1) when memory grows by more
than 1 MB after the first segment or the last quarter's median speed is under 90% of the first
quarter's. Needs a release build.

Usage: Benchmarks/long-train.py [steps, default 100000000]
"""

import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVERY = 5_000_000


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000_000
    subprocess.run(["swift", "build", "-c", "release", "--product", "sinetui"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "sinetui")
    process = subprocess.Popen(
        [binary, "train", "--seed", "1", "--steps", str(steps), "--print-every", str(EVERY)],
        stdout=subprocess.PIPE, text=True, bufsize=1)
    segments = []
    last = time.monotonic()
    for line in process.stdout:
        if not line.startswith("step "):
            print(line.rstrip())
            continue
        now = time.monotonic()
        with open(f"/proc/{process.pid}/status") as status:
            rss = int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
        segments.append((int(line.split()[1]), EVERY / (now - last) / 1e6, rss))
        last = now
        print("step %11d  %5.2fM steps/s  rss %6d kB" % segments[-1], flush=True)
    process.wait()
    quarter = max(len(segments) // 4, 1)
    first = statistics.median(s[1] for s in segments[:quarter])
    final = statistics.median(s[1] for s in segments[-quarter:])
    growth = max(s[2] for s in segments[1:]) - segments[0][2] if len(segments) > 1 else 0
    print(f"speed, median of the first / last quarter: {first:.2f}M / {final:.2f}M steps/s "
          f"({100 * final / first:.0f}%)")
    print(f"rss after the first segment: {segments[0][2]} kB, growth after it: {growth} kB")
    ok = process.returncode == 0 and growth <= 1024 and final >= 0.9 * first
    print("long train: " + ("flat memory, steady speed" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
