#!/usr/bin/env python3
"""Every training result the README states, measured with the sinetui binary.

The README quotes only what this script (or docs/double-sigmoid.md's study, or a test) prints;
each line below carries the label the README's number comes from. Run it on a release build:

    swift build -c release
    python3 Benchmarks/readme_numbers.py .build/release/sinetui [--quick]

--quick runs one seed instead of three (about a minute instead of several).

It measures:
  [R1] the flipped sign: numpy + original, the loss at step 2,000 and the divergence step (seeds 1-5)
  [R2] the missing biases: numpy + correct, mse after 500,000 steps (seeds 1-3)
  [R3] bias + correct: mse after 2,000,000 steps, and the first step with mse below 0.01
  [R4] tensorflow + correct: mse after the original's 500,000 steps
  [K1] each activation x optimizer (batch 1 and 8) on bias: the first step with mse below 0.01 (mse
       checked every 10,000 steps, for at most 3,000,000 steps) and the seconds that took at the
       measured steps/s, and the mse at the end
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile


def train(binary, *options):
    out = subprocess.run([binary, "train", "--json", *options], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def first_below(binary, threshold, steps, every, *options):
    """The first progress step whose mse is below threshold (None if never), and the run's JSON."""
    with tempfile.TemporaryDirectory() as folder:
        table = os.path.join(folder, "loss.csv")
        summary = train(binary, "--steps", str(steps), "--print-every", str(every), "--loss-csv", table, *options)
        with open(table) as f:
            for row in csv.DictReader(f):
                if float(row["mse"]) < threshold:
                    return int(row["step"]), summary
    return None, summary


def progress(binary, *options):
    out = subprocess.run([binary, "train", *options], capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    b = args.binary
    seeds = [1] if args.quick else [1, 2, 3]

    for seed in ([1] if args.quick else [1, 2, 3, 4, 5]):
        lines = progress(b, "--preset", "numpy", "--gradient", "original", "--seed", str(seed),
                         "--steps", "20000", "--print-every", "1000")
        at2000 = next((l for l in lines if l.startswith("step 2000 ")), "?")
        diverged = next((l for l in lines if l.startswith("diverged at step")), "did not diverge")
        print(f"[R1] numpy original seed {seed}: {at2000}; {diverged.split(':')[0]}")

    for seed in seeds:
        r = train(b, "--preset", "numpy", "--seed", str(seed), "--steps", "500000")
        print(f"[R2] numpy correct seed {seed}: mse {r['mse']:.3g} after 500000 steps")

    for seed in seeds:
        step, r = first_below(b, 0.01, 2_000_000, 10_000, "--seed", str(seed))
        print(f"[R3] bias correct seed {seed}: mse {r['mse']:.2g} after 2000000 steps; below 0.01 first at step {step}")

    r = train(b, "--preset", "tensorflow", "--seed", "1", "--steps", "500000")
    print(f"[R4] tensorflow correct seed 1: mse {r['mse']:.2g} after 500000 steps")

    print("[K1] bias, eta 0.01: first step with mse < 0.01 (checked every 10k), seconds at the run's rate, final mse after 3M steps")
    for batch in [1, 8]:
        for activation in ["sigmoid", "tanh", "relu"]:
            for optimizer in ["sgd", "momentum", "adam"]:
                reached = []
                for seed in seeds:
                    step, r = first_below(b, 0.01, 3_000_000, 10_000, "--seed", str(seed), "--activation", activation,
                                          "--optimizer", optimizer, "--batch", str(batch))
                    seconds = step / r["stepsPerSecond"] if step is not None and r["stepsPerSecond"] else None
                    reached.append((step, seconds, r["mse"], r["diverged"]))
                steps = [s for s, _, _, _ in reached]
                seconds = [t for _, t, _, _ in reached]
                finals = ["diverged" if d else f"{m:.2g}" for _, _, m, d in reached]
                shown = ", ".join("never" if s is None else str(s) for s in steps)
                timed = ", ".join("-" if t is None else f"{t:.2f}s" for t in seconds)
                print(f"[K1] batch {batch} {activation:7} {optimizer:8}: below 0.01 at {shown} ({timed}); final mse {', '.join(finals)}")


if __name__ == "__main__":
    main()
