#!/usr/bin/env python3
"""Plays an asciicast v2 recording into pyte, an independent terminal emulator, and prints the
screen it ends on: one line per row, trailing blanks removed.

The header gives the first size; "o" events are fed to the emulator as the terminal got them,
"r" events ("WIDTHxHEIGHT") resize it. Exits 2, with the reason on standard error, when a line
is not valid asciicast v2, or when the output holds an escape sequence the emulator does not
know: pyte drops those silently, and a dropped sequence that moves text would leave a screen
that only looks like a difference in the program.

pyte (0.8) lacks two sequences that curses sends to scroll part of the screen, SU (`CSI n S`,
scroll up) and SD (`CSI n T`, scroll down); they are added here from their definitions (ECMA-48
8.3.147 and 8.3.113, as xterm and tmux do them): the lines between the margins move by n, the
lines coming in are blank, and the cursor stays where it is. The keypad modes (`ESC =`,
`ESC >`) change no cell and are accepted as they are.

Usage: replay_cast.py RECORDING.cast
"""

import json
import sys

import pyte
from pyte.screens import Margins


class UnknownSequence(Exception):
    """The output held a sequence the emulator does not know."""


class Screen(pyte.Screen):
    """pyte's screen, with SU and SD, refusing every sequence it would otherwise drop."""

    def scroll_up(self, count=None, private=False):
        """SU: the lines between the margins move up `count` lines."""
        if private:
            self.debug(count, private=True)
        self._scroll(count or 1, up=True)

    def scroll_down(self, count=None, *more, private=False):
        """SD: the lines between the margins move down `count` lines."""
        if private or more:
            self.debug(count, *more, private=private)
        self._scroll(count or 1, up=False)

    def _scroll(self, count, up):
        top, bottom = self.margins or Margins(0, self.lines - 1)
        count = min(count, bottom - top + 1)
        self.dirty.update(range(self.lines))
        lines = [self.buffer[y] for y in range(top, bottom + 1)]
        for y in range(top, bottom + 1):
            self.buffer.pop(y, None)
        kept = lines[count:] if up else lines[: len(lines) - count]
        first = top if up else top + count
        for offset, line in enumerate(kept):
            self.buffer[first + offset] = line

    def keypad_mode(self):
        """DECKPAM and DECKPNM: which codes the keypad sends; no cell changes."""

    def debug(self, *arguments, **options):
        raise UnknownSequence(f"parameters {arguments}, {options}")


class Stream(pyte.Stream):
    """pyte's stream, dispatching SU, SD and the keypad modes too."""

    csi = {**pyte.Stream.csi, "S": "scroll_up", "T": "scroll_down"}
    escape = {**pyte.Stream.escape, "=": "keypad_mode", ">": "keypad_mode"}
    events = pyte.Stream.events | {"scroll_up", "scroll_down", "keypad_mode"}


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
    screen = Screen(header["width"], header["height"])
    stream = Stream(screen)
    last = 0.0
    for number, line in enumerate(lines[1:-1], start=2):
        time, code, data = json.loads(line)
        if time < last:
            fail(f"{path}:{number}: time {time} before {last}")
        last = time
        if code == "o":
            try:
                stream.feed(data)
            except UnknownSequence as error:
                fail(f"{path}:{number}: an escape sequence pyte does not know ({error})")
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
