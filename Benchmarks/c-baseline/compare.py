#!/usr/bin/env python3
"""The CPU-time ratio of `sinetui train` to the same loop in C, compiled with `gcc -O2`.

Builds sinetui with a plain `swift build -c release` and train.c with `gcc -O2` (both for the
baseline x86-64 target: no -march, so SSE2), then runs them in pairs, one after the other, in an
order that alternates between rounds. Each run trains the `bias` preset (500 samples of sin x on
[0, 15), 10 sigmoid hidden units with biases), seed 1, eta 0.01, per-sample plain SGD with the
correct rule, for --steps steps (20 million unless told), as `sinetui train` does by default.

The figure is the CPU time (user + system, from the kernel's accounting of the child process,
start-up included) of sinetui divided by that of the C program in the same round; the script
prints each round and the median over rounds. It also prints both programs' final mse, which
agree to many digits (the two compute e^x differently, in the last bit).

Usage: Benchmarks/c-baseline/compare.py [--rounds 7] [--steps 20000000] [--no-build]
           [--gradient RULE] [--hidden H]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
C_BINARY = os.path.join(HERE, ".build", "train-c")
SINETUI = os.path.join(ROOT, ".build", "release", "sinetui")


def build():
    subprocess.run(["swift", "build", "-c", "release", "--product", "sinetui"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    os.makedirs(os.path.dirname(C_BINARY), exist_ok=True)
    subprocess.run(["gcc", "-O2", "-o", C_BINARY, os.path.join(HERE, "train.c"), "-lm"],
                   check=True)


def run(command):
    """Runs `command`; returns its standard output and its CPU seconds (user + system)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"{command[0]} failed with status {status}")
    return output, usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=20_000_000)
    parser.add_argument("--gradient", default="correct")
    parser.add_argument("--hidden", type=int, default=10)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        build()
    steps, hidden = str(args.steps), str(args.hidden)
    commands = {
        "sinetui": [SINETUI, "train", "--json", "--seed", "1", "--steps", steps, "--hidden",
                    hidden, "--gradient", args.gradient],
        "c": [C_BINARY, "--steps", steps, "--hidden", hidden, "--gradient", args.gradient],
    }
    ratios, times, mse = [], {"sinetui": [], "c": []}, {}
    for index in range(args.rounds):
        order = ["sinetui", "c"] if index % 2 == 0 else ["c", "sinetui"]
        seconds = {}
        for name in order:
            output, seconds[name] = run(commands[name])
            times[name].append(seconds[name])
            found = re.search(r'"mse" ?: ?([-+0-9.eE]+)|mse ([-+0-9.eE]+)', output)
            mse[name] = found.group(1) or found.group(2) if found else "?"
        ratios.append(seconds["sinetui"] / seconds["c"])
        print(f"round {index + 1}: sinetui {seconds['sinetui']:.3f} s, C -O2 {seconds['c']:.3f} s, "
              f"ratio {ratios[-1]:.3f}", flush=True)
    print(f"{args.rounds} paired runs of {args.steps} steps (bias, seed 1, hidden {args.hidden}, "
          f"{args.gradient}): median CPU sinetui {statistics.median(times['sinetui']):.3f} s, "
          f"C -O2 {statistics.median(times['c']):.3f} s; "
          f"CPU-time ratio median {statistics.median(ratios):.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f}); "
          f"speed-up {1 / statistics.median(ratios):.2f}x")
    print(f"final mse: sinetui {mse['sinetui']}, C {mse['c']}")


if __name__ == "__main__":
    main()
