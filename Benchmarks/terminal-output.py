#!/usr/bin/env python3
"""What the live view sends its terminal: write calls and bytes per frame and per second.

Runs a release build in a private tmux window under `strace -f -ttt -y -e trace=write` at 80x24
and 200x60, moving (at the default speed, 100k steps/s, and at speed max) and paused, and counts the `write` calls that
reach the terminal (descriptors strace names /dev/pts/*) in a measuring window. Frames are
counted exactly from the view's own frame log (SINETUI_FRAME_LOG), whose once-a-second lines
are themselves writes in the same strace log: the window runs from one such line to another, and
each line gives the frames drawn since the one before. A burst is the terminal writes with no
gap over 3 ms between them; the most writes in a burst bounds the writes of one frame.

With --stall, instead: the view at speed max in a 200x60 window whose tmux server is stopped
(SIGSTOP) for STALL seconds, so that the terminal reads nothing; it samples the program's
resident memory (VmRSS) and CPU time while stopped, and after SIGCONT, how long until the
screen shows a step count again and whether a key still works.

With --keys, instead: how long a key takes to show, at 200x60, training at the default speed and
at speed max: + and - pressed in turn, 20 times each, timed from tmux's send-keys until
capture-pane shows the new eta (so the figures include tmux's own latency; no strace), at random
moments of a frame.

Usage: Benchmarks/terminal-output.py [--binary PATH] [--seconds N] [--stall SECONDS | --keys]
(default: builds and uses .build/release/sinetui, 10 s windows). Needs tmux and strace.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOCKET = f"sinetui-output-{os.getpid()}"
WRITE = re.compile(
    r'^(?:\d+\s+)?(\d+\.\d+) write\((\d+)<([^>]*)>(?:\(deleted\))?, "(.*)"(?:\.\.\.)?, \d+\)'
    r"\s+=\s+(-?\d+)"
)


def tmux(*arguments):
    return subprocess.run(
        ["tmux", "-L", SOCKET, *arguments], capture_output=True, text=True, check=True
    ).stdout


def start(binary, folder, columns, rows, traced):
    command = f"{binary} --seed 1"
    if traced:
        command = f"strace -f -ttt -y -s 80 -e trace=write -e signal=none -o {folder}/trace " + command
    tmux("-f", "/dev/null", "new-session", "-d", "-x", str(columns), "-y", str(rows), "-c", folder,
         f"env TERM=screen LANG=C.UTF-8 SINETUI_FRAME_LOG={folder}/frames {command}; sleep 1")
    tmux("set-option", "-g", "status", "off")
    deadline = time.time() + 20
    while time.time() < deadline:
        if "steps/s" in tmux("capture-pane", "-p"):
            return
        time.sleep(0.1)
    raise SystemExit("the view never started")


def program_pid(binary):
    found = subprocess.run(["pgrep", "-f", f"^{binary} --seed 1"], capture_output=True, text=True)
    return int(found.stdout.split()[0])


def stop(folder):
    tmux("send-keys", "q")
    deadline = time.time() + 20
    while time.time() < deadline and tmux("list-panes", "-F", "#{pane_current_command}").strip() != "sleep":
        time.sleep(0.1)
    subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)


def measure(binary, columns, rows, state, seconds):
    folder = tempfile.mkdtemp(prefix="sinetui-output-")
    try:
        start(binary, folder, columns, rows, traced=True)
        if state == "max":
            tmux("send-keys", "]", "]")
        time.sleep(2)
        if state == "paused":
            tmux("send-keys", "Space")
            time.sleep(2)
        begin = time.time()
        time.sleep(seconds)
        end = time.time()
        stop(folder)
        return analyse(f"{folder}/trace", begin, end, state == "paused")
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def analyse(trace, begin, end, paused):
    writes = []  # (time, bytes) to the terminal
    logs = []  # (time, frames/s) from the frame log
    with open(trace, errors="replace") as lines:
        for line in lines:
            match = WRITE.match(line)
            if not match:
                continue
            stamp, path, text, result = float(match[1]), match[3], match[4], int(match[5])
            if path.startswith("/dev/pts/") or path.startswith("/dev/tty"):
                writes.append((stamp, max(result, 0)))
            elif path.endswith("/frames"):
                fields = text.replace("\\n", "").split()
                logs.append((stamp, float(fields[1])))
    if paused:
        frames = 0
    else:
        inside = [log for log in logs if begin <= log[0] <= end]
        if len(inside) < 2:
            raise SystemExit("fewer than two frame-log lines in the window")
        begin, end = inside[0][0], inside[-1][0]
        previous = inside[0][0]
        frames = 0
        for stamp, rate in inside[1:]:
            frames += round(rate * (stamp - previous))
            previous = stamp
    window = [w for w in writes if begin < w[0] <= end]
    calls, sent = len(window), sum(w[1] for w in window)
    bursts, last = [], None
    for stamp, _ in window:
        if last is None or stamp - last > 0.003:
            bursts.append(0)
        bursts[-1] += 1
        last = stamp
    return {
        "seconds": end - begin, "frames": frames, "writes": calls, "bytes": sent,
        "most": max(bursts, default=0),
    }


def report(binary, seconds):
    print(f"binary: {binary}")
    print("| window | state | frames/s | writes/frame | most writes in a burst | bytes/frame "
          "| writes/s | bytes/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for columns, rows in [(80, 24), (200, 60)]:
        for state in ["moving", "max", "paused"]:
            result = measure(binary, columns, rows, state, seconds)
            span = result["seconds"]
            frames = result["frames"]
            per_frame = (lambda value: f"{value / frames:,.2f}") if frames else (lambda _: "-")
            print(f"| {columns}x{rows} | {state} "
                  f"| {frames / span:.1f} | {per_frame(result['writes'])} | {result['most']} "
                  f"| {per_frame(result['bytes']).split('.')[0]} | {result['writes'] / span:,.1f} "
                  f"| {result['bytes'] / span:,.0f} |", flush=True)


def stall(binary, seconds):
    folder = tempfile.mkdtemp(prefix="sinetui-stall-")
    try:
        start(binary, folder, 200, 60, traced=False)
        tmux("send-keys", "]", "]", "]", "]", "]", "]", "]")
        time.sleep(3)
        pid = program_pid(binary)
        server = int(tmux("display-message", "-p", "#{pid}").strip())

        def sample(label):
            with open(f"/proc/{pid}/status") as status:
                rss = int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
                ticks = int(fields[11]) + int(fields[12])
            print(f"{label:>16}: rss {rss:6d} kB, cpu {ticks / os.sysconf('SC_CLK_TCK'):6.2f} s",
                  flush=True)

        before = step(tmux("capture-pane", "-p"))
        sample("before the stop")
        os.kill(server, 19)  # SIGSTOP: the terminal reads nothing
        stopped = time.time()
        while time.time() - stopped < seconds:
            time.sleep(min(5, seconds - (time.time() - stopped)))
            sample(f"stopped {time.time() - stopped:.0f} s")
        os.kill(server, 18)  # SIGCONT
        resumed = time.time()
        shown = []  # (seconds after SIGCONT, step) each time the step on screen changes
        while time.time() - resumed < 3:
            current = step(tmux("capture-pane", "-p"))
            if current is not None and (not shown or current != shown[-1][1]):
                shown.append((time.time() - resumed, current))
            time.sleep(0.02)
        print(f"step before the stop: {before:,}; after SIGCONT: "
              + ", ".join(f"{value:,} at {moment:.2f} s" for moment, value in shown[:6]))
        sample("after")
        tmux("send-keys", "Space")
        deadline = time.time() + 5
        while time.time() < deadline and "PAUSED" not in tmux("capture-pane", "-p"):
            time.sleep(0.02)
        print(f"space after the stall: {'PAUSED shown' if time.time() < deadline else 'NOT shown'}")
        stop(folder)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def keys(binary):
    folder = tempfile.mkdtemp(prefix="sinetui-keys-")
    try:
        start(binary, folder, 200, 60, traced=False)
        for speed in ["default speed", "speed max"]:
            if speed == "speed max":
                tmux("send-keys", "]", "]")
                time.sleep(1)
            delays = []
            for press in range(40):
                key, eta = ("+", "eta 0.03 ") if press % 2 == 0 else ("-", "eta 0.01 ")
                sent = time.time()
                tmux("send-keys", key)
                while eta not in tmux("capture-pane", "-p", "-E", "1"):
                    if time.time() - sent > 5:
                        raise SystemExit(f"{key} never showed")
                shown = time.time()
                delays.append((shown - sent) * 1000)
                time.sleep(random.uniform(0.1, 0.2))  # at any moment of a frame
            delays.sort()
            print(f"{speed}: a key shows in {delays[len(delays) // 2]:.0f} ms (median of 40), "
                  f"{delays[int(len(delays) * 0.9)]:.0f} ms (90th percentile), {delays[-1]:.0f} ms "
                  "at most", flush=True)
        stop(folder)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def step(screen):
    match = re.search(r"step (\d+)", screen)
    return int(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", help="the sinetui to measure (default: a release build)")
    parser.add_argument("--seconds", type=float, default=10, help="the measuring window")
    parser.add_argument("--stall", type=float, help="stop the terminal this many seconds instead")
    parser.add_argument("--keys", action="store_true", help="time keys to the screen instead")
    arguments = parser.parse_args()
    binary = arguments.binary
    if binary is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "sinetui"], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        binary = os.path.join(ROOT, ".build", "release", "sinetui")
    binary = os.path.abspath(binary)
    if arguments.stall:
        stall(binary, arguments.stall)
    elif arguments.keys:
        keys(binary)
    else:
        report(binary, arguments.seconds)


if __name__ == "__main__":
    sys.exit(main())
