#!/usr/bin/env python3
"""The soak: the live view at speed max for a long time, with keys every few seconds.

Samples every 10 s: resident memory (VmRSS), the frames drawn per second over those 10 s (from
the view's own SINETUI_FRAME_LOG; at most 30), and the steps/s off the status line.
Fails (exit 1) when memory after the first minute grows by more than 1 MB or the frame rate in
the last minute is under 90% of the second minute's. Needs tmux and a release build.

Usage: Benchmarks/soak.py [minutes, default 30]
"""

import os
import random
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOCKET = f"sinetui-soak-{os.getpid()}"
# Keys that keep the run training: views on and off, presets, resets, eta up then down.
KEYS = ["h", "z", "c", "g", "e", "?", "p", "r", "+", "-", "]"]


def tmux(*arguments):
    return subprocess.run(
        ["tmux", "-L", SOCKET, *arguments], capture_output=True, text=True, check=True
    ).stdout


def main():
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 30
    subprocess.run(["swift", "build", "-c", "release", "--product", "sinetui"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "sinetui")
    folder = f"/tmp/{SOCKET}"
    os.makedirs(folder, exist_ok=True)
    tmux("new-session", "-d", "-x", "200", "-y", "60", "-c", folder,
         f"env TERM=screen LANG=C.UTF-8 SINETUI_FRAME_LOG={folder}/frames {binary} --seed 1")
    try:
        time.sleep(1)
        pid = int(subprocess.run(["pgrep", "-f", f"^{binary} --seed 1"], capture_output=True,
                                 text=True, check=True).stdout.split()[0])
        tmux("send-keys", "]", "]")
        rng = random.Random(1)
        samples = []
        start = time.monotonic()
        last_sample = start
        while time.monotonic() - start < minutes * 60:
            time.sleep(rng.uniform(2, 5))
            tmux("send-keys", rng.choice(KEYS))
            now = time.monotonic()
            if now - last_sample >= 10:
                sample = (round(now - start), rss(pid), frames_per_second(f"{folder}/frames", 10),
                          steps_per_second(tmux("capture-pane", "-p")))
                last_sample = now
                samples.append(sample)
                print("t %5d s  rss %6d kB  frames/s %5.1f  steps/s %s" % sample, flush=True)
        tmux("send-keys", "q")
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
    report(samples)


def frames_per_second(log, seconds):
    """The mean of the frame rates of the last `seconds` lines of the view's frame log."""
    with open(log) as lines:
        counts = [float(line.split()[1]) for line in lines.read().splitlines()[-seconds:]]
    return sum(counts) / max(len(counts), 1)


def rss(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


def steps_per_second(screen):
    match = re.search(r"([0-9.]+)([kM]?) steps/s", "\n".join(screen.splitlines()[:2]))
    if not match:
        return "-"
    return match.group(1) + match.group(2)


def report(samples):
    after_minute = [s for s in samples if s[0] >= 60]
    if len(after_minute) < 7:
        print("too short to judge: run for at least two minutes")
        return
    rss_values = [s[1] for s in after_minute]
    second_minute = [s[2] for s in after_minute[:6]]
    last_minute = [s[2] for s in samples[-6:]]
    growth = max(rss_values) - rss_values[0]
    print(f"rss after the first minute: {rss_values[0]} kB, at most {max(rss_values)} kB "
          f"(+{growth} kB), at the end {rss_values[-1]} kB")
    print(f"frames/s, median of the second minute {statistics.median(second_minute):.1f}, "
          f"of the last minute {statistics.median(last_minute):.1f}")
    ok = growth <= 1024 and statistics.median(last_minute) >= 0.9 * statistics.median(second_minute)
    print("soak: " + ("flat memory, steady frame rate" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
