#!/usr/bin/env python3
"""Plays an asciicast v2 recording into pyte, an independent terminal emulator, and prints the
screen it ends on: one line per row, trailing blanks removed.

The header gives the first size; "o" events are fed to the emulator as the terminal got them,
"r" events ("WIDTHxHEIGHT") resize it. Exits 2, with the reason on standard error, when a line
is not valid asciicast v2.

Usage: replay_cast.py RECORDING.cast
"""

import json
import sys

import pyte


def fail(reason):
    print(reason, file=sys.stderr)
    sys.exit(2)


def main(path):
    with open(path, encoding="utf-8") as recording:
        lines = recording.read().split("\n")
    if lines[-1] != "":
        fail(f"{path}: the last line is cut short")
    header = json.loads(lines[0])
    if header.get("version") != 2:
        fail(f"{path}: not asciicast v2: {lines[0]}")
    screen = pyte.Screen(header["width"], header["height"])
    stream = pyte.Stream(screen)
    last = 0.0
    for number, line in enumerate(lines[1:-1], start=2):
        time, code, data = json.loads(line)
        if time < last:
            fail(f"{path}:{number}: time {time} before {last}")
        last = time
        if code == "o":
            stream.feed(data)
        elif code == "r":
            width, height = (int(part) for part in data.split("x"))
            screen.resize(height, width)
        else:
            fail(f"{path}:{number}: unknown event {code!r}")
    for row in screen.display:
        print(row.rstrip())


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except (ValueError, KeyError, IndexError, TypeError) as error:
        fail(f"{sys.argv[1]}: {error}")
