#!/usr/bin/env python3
"""Why the original program's sigmoid-of-a-sigmoid bug alone stops a 1-10-1 network from learning sin(x) on [0, 15).

The original program's second bug evaluates sigma'(sigma(h)) where sigma'(h) is meant (`sinetui train
--gradient double-sigmoid`). Each buggy step is still downhill for its own sample (the wrong factor is
positive), yet on presets `bias` and `numpy` training ends near mse 0.50. This script measures why and
prints every number quoted in docs/double-sigmoid.md, each tagged with the label ([A1], [B1], ...
[K1]) that the document uses for it.

Usage:
    swift build -c release
    python3 Benchmarks/double_sigmoid_study.py .build/release/sinetui [--jobs 2]

What it does:
  * re-implements sinetui's network, per-sample SGD step and random generator (xoshiro256** seeded by
    SplitMix64) in NumPy, and checks them against `sinetui train --trace` for 1,000 steps of every
    preset and both rules;
  * runs the long experiments with the sinetui binary itself. `train` cannot save its final weights,
    so weights at chosen steps are read from a trace streamed through a pipe, and a run is continued
    under another rule by writing a snapshot (the format the live view's `s` key saves: settings,
    step, weights and the generator's four state words) and passing it to `train --load`;
  * computes the internals (pre-activations h, full-batch gradients, the averaged buggy update)
    in NumPy from those weights.

Everything is deterministic (fixed seeds; sinetui's own generator for the sample order). It takes
about 1-3 minutes on 2 cores; --jobs sets how many binary runs go at once.
"""

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np

np.seterr(over="ignore")  # exp(-h) overflows to inf for h < -709; 1/(1+inf) = 0 is what we want

ETA = 0.01
HIDDEN = 10
SAMPLES = 500
PRESETS = {"bias": (15.0, True), "numpy": (15.0, False), "tensorflow": (1.0, False)}
TAIL = 3.0  # |h| beyond which a unit counts as saturated here: sigma'(3) = 0.045, sigma(3) = 0.95

# ---------------------------------------------------------------------------------------------------
# sinetui's random generator, data set and initial weights, bit for bit
# ---------------------------------------------------------------------------------------------------

MASK = (1 << 64) - 1


class Xoshiro256StarStar:
    """xoshiro256** seeded through SplitMix64, with sinetui's derived draws."""

    def __init__(self, seed):
        z, words = seed, []
        for _ in range(4):
            z = (z + 0x9E3779B97F4A7C15) & MASK
            t = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            t = ((t ^ (t >> 27)) * 0x94D049BB133111EB) & MASK
            words.append(t ^ (t >> 31))
        self.s = words

    def next(self):
        s0, s1, s2, s3 = self.s
        m = (s1 * 5) & MASK
        result = ((((m << 7) | (m >> 57)) & MASK) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 45) | (s3 >> 19)) & MASK
        self.s = [s0, s1, s2, s3]
        return result

    def double(self, lo, hi):  # uniform in [lo, hi) from the top 53 bits
        return lo + (hi - lo) * ((self.next() >> 11) * 2.0**-53)

    def index(self, bound):  # uniform in 0..<bound, Lemire's method without modulo bias
        product = self.next() * bound
        if (product & MASK) < bound:
            threshold = ((1 << 64) - bound) % bound
            while (product & MASK) < threshold:
                product = self.next() * bound
        return product >> 64


def setup(preset, seed):
    """The data set (x, sin x), the initial parameters and the generator, as `Trainer(preset:seed:)`."""
    hi, biases = PRESETS[preset]
    g = Xoshiro256StarStar(seed)
    x = np.array([g.double(0.0, hi) for _ in range(SAMPLES)])
    w1 = np.array([g.double(-1.0, 1.0) for _ in range(HIDDEN)])
    w2 = np.array([g.double(-1.0, 1.0) for _ in range(HIDDEN)])
    b1 = np.array([g.double(-1.0, 1.0) for _ in range(HIDDEN)]) if biases else np.zeros(HIDDEN)
    return x, np.sin(x), dict(w1=w1, w2=w2, b1=b1, b2=0.0), g


@functools.lru_cache(maxsize=None)
def generator_state_after(preset, seed, steps):
    """The generator's state after `steps` training steps (one index draw per step)."""
    g = setup(preset, seed)[3]
    for _ in range(steps):
        g.index(SAMPLES)
    return tuple(g.s)


# ---------------------------------------------------------------------------------------------------
# The network, its rules and its full-batch quantities
# ---------------------------------------------------------------------------------------------------


def sigmoid(h):
    return 1.0 / (1.0 + np.exp(-h))


def seed_slope(s):
    """The original program's sigmoid_deriv(sigmoid(h)), given s = sigmoid(h): sigma'(s), in [0.1966, 0.25]."""
    q = sigmoid(s)
    return q * (1.0 - q)


def slope(h, s, rule):
    """dsigma/dh as each rule computes it. `tails-buggy` and `center-buggy` are ablations that use the
    original program's factor only where the unit is saturated (|h| > TAIL), or only where it is not."""
    true, wrong = s * (1.0 - s), seed_slope(s)
    if rule == "correct":
        return true
    if rule == "double-sigmoid":
        return wrong
    far = np.abs(h) > TAIL
    if rule == "tails-buggy":
        return np.where(far, wrong, true)
    if rule == "center-buggy":
        return np.where(far, true, wrong)
    raise ValueError(rule)


def sgd_step(p, x, y, rule, biases):
    """One sinetui SGD step on sample (x, y); returns new parameters."""
    h = p["w1"] * x + p["b1"]
    s = sigmoid(h)
    e = p["w2"] @ s + p["b2"] - y
    back = e * p["w2"] * slope(h, s, rule)
    return dict(
        w1=p["w1"] - ETA * back * x,
        w2=p["w2"] - ETA * e * s,
        b1=p["b1"] - ETA * back if biases else p["b1"],
        b2=p["b2"] - ETA * e if biases else 0.0,
    )


def to_vector(p):
    return np.concatenate([p["w1"], p["w2"], p["b1"], [p["b2"]]])


def from_vector(v):
    return dict(w1=v[:HIDDEN], w2=v[HIDDEN : 2 * HIDDEN], b1=v[2 * HIDDEN : 3 * HIDDEN], b2=float(v[-1]))


def update(p, x, y, rule, biases=True):
    """The data-set average of the per-sample update vector `rule` computes (w1, w2, b1, b2).
    For rule `correct` this is the full-batch gradient G of the loss mean(0.5 e^2); for the buggy
    rule it is the expected SGD step direction U."""
    h = np.outer(x, p["w1"]) + p["b1"]
    s = sigmoid(h)
    e = s @ p["w2"] + p["b2"] - y
    back = e[:, None] * p["w2"] * slope(h, s, rule)
    return np.concatenate([
        (back * x[:, None]).mean(0),
        (e[:, None] * s).mean(0),
        back.mean(0) if biases else np.zeros(HIDDEN),
        [e.mean() if biases else 0.0],
    ])


def cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def curve(p, hi):
    """The network on sinetui's mse grid: 256 midpoints of [0, hi)."""
    grid = (np.arange(256) + 0.5) * hi / 256
    return grid, sigmoid(np.outer(grid, p["w1"]) + p["b1"]) @ p["w2"] + p["b2"]


def mse(p, hi=15.0):
    """sinetui's `mse`: against sin(x) on 256 evenly spaced midpoints of the data range."""
    grid, yhat = curve(p, hi)
    return float(np.mean((yhat - np.sin(grid)) ** 2))


def internals(p, x, hi=15.0):
    """Saturation and the wrong/true slope ratio over all (sample, unit) pairs."""
    h = np.outer(x, p["w1"]) + p["b1"]
    s = sigmoid(h)
    ratio = seed_slope(s) / (s * (1.0 - s))
    return dict(
        sat3=float(np.mean(np.abs(h) > 3)),
        sat5=float(np.mean(np.abs(h) > 5)),
        ratio_median=float(np.median(ratio)),
        ratio_p90=float(np.percentile(ratio, 90)),
        ratio_max=float(ratio.max()),
        max_abs_h=float(np.abs(h).max()),
        mean_abs_w1=float(np.mean(np.abs(p["w1"]))),
    )


def tail_share(p, x, y, rule):
    """Share of the input-weight push sum_s |e_s w2_i slope_is x_s| (all units) that comes from samples
    where the unit is saturated (|h| > TAIL): samples at which moving the unit's weights does not move
    the output."""
    h = np.outer(x, p["w1"]) + p["b1"]
    s = sigmoid(h)
    e = s @ p["w2"] + p["b2"] - y
    push = np.abs(e[:, None] * p["w2"] * slope(h, s, rule) * x[:, None])
    return float((push * (np.abs(h) > TAIL)).sum() / push.sum())


# ---------------------------------------------------------------------------------------------------
# Driving the sinetui binary
# ---------------------------------------------------------------------------------------------------


class Sinetui:
    def __init__(self, path, workdir):
        self.path, self.workdir = path, workdir

    def run(self, *args):
        done = subprocess.run([self.path, "train", *map(str, args)], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"sinetui train {' '.join(map(str, args))} failed: {done.stderr}")
        return done.stdout

    def final_mse(self, *args):
        """`train ARGS --json`: the final mse."""
        return json.loads(self.run(*args, "--json").strip().splitlines()[-1])["mse"]

    def loss_table(self, name, *args):
        """`train ARGS --loss-csv FILE`: {step: mse} at every progress line."""
        path = os.path.join(self.workdir, name + ".csv")
        self.run(*args, "--loss-csv", path)
        with open(path) as f:
            next(f)
            return {int(a): float(b) for a, b in (line.strip().split(",") for line in f)}

    def states(self, args, steps, checkpoints):
        """Parameters after each step in `checkpoints` (0 = initial) of `train ARGS --steps N`, read
        from its trace streamed through a pipe (only the wanted lines are parsed)."""
        read, write = os.pipe()
        proc = subprocess.Popen(
            [self.path, "train", *map(str, args), "--steps", str(steps), "--print-every", str(steps),
             "--trace", f"/dev/fd/{write}", "--trace-steps", str(steps)],
            pass_fds=(write,), stdout=subprocess.DEVNULL)
        os.close(write)
        wanted, found, step, pending = set(checkpoints), {}, 0, b""
        with os.fdopen(read, "rb", buffering=0) as pipe:
            while chunk := pipe.read(1 << 22):
                pending += chunk
                complete = pending.count(b"\n")  # trace lines `step`..`step + complete - 1`
                if not any(step <= c < step + complete for c in wanted):
                    step += complete
                    pending = pending[pending.rfind(b"\n") + 1 :]
                    continue
                lines = pending.split(b"\n")
                pending = lines.pop()
                for line in lines:
                    if step in wanted:
                        found[step] = parse_parameters(json.loads(line))
                    step += 1
        if proc.wait() != 0:
            sys.exit(f"sinetui train {' '.join(map(str, args))} with a trace failed")
        return found

    def snapshot(self, name, preset, seed, step, p, rule, eta=ETA):
        """A snapshot `train --load` continues from: `p` after `step` steps of (preset, seed), the
        generator where that run left it, and the given rule: the headless way to press a rule key."""
        biases = PRESETS[preset][1]
        path = os.path.join(self.workdir, name + ".json")
        with open(path, "w") as f:
            json.dump({
                "format": "sinetui-snapshot", "version": 1, "preset": preset, "rule": rule, "eta": eta,
                "seed": seed, "hidden": HIDDEN, "step": step,
                "w1": [float(v) for v in p["w1"]], "w2": [float(v) for v in p["w2"]],
                "b1": [float(v) for v in p["b1"]] if biases else None,
                "b2": float(p["b2"]) if biases else None,
                "generator": list(generator_state_after(preset, seed, step)), "history": []}, f)
        return path


def parse_parameters(record):
    n = len(record["w1"])
    return dict(w1=np.array(record["w1"]), w2=np.array(record["w2"]),
                b1=np.array(record["b1"]) if record["b1"] is not None else np.zeros(n),
                b2=record["b2"] if record["b2"] is not None else 0.0)


# ---------------------------------------------------------------------------------------------------
# The experiments
# ---------------------------------------------------------------------------------------------------


def check_model(bin_):
    """NumPy against `train --trace`: data, initial weights, sample order and every step."""
    worst_one, worst_free = 0.0, 0.0
    for preset in PRESETS:
        biases = PRESETS[preset][1]
        for rule in ("correct", "double-sigmoid"):
            path = os.path.join(bin_.workdir, f"check-{preset}-{rule}.jsonl")
            bin_.run("--preset", preset, "--gradient", rule, "--seed", 1, "--steps", 1000,
                     "--trace", path, "--trace-steps", 1000, "--print-every", 1000)
            with open(path) as f:
                lines = [json.loads(line) for line in f]
            x, y, p, g = setup(preset, 1)
            assert all(np.array_equal(p[k], parse_parameters(lines[0])[k]) for k in ("w1", "w2", "b1"))
            free = p
            for t in range(1, len(lines)):
                i = g.index(SAMPLES)
                assert (x[i], y[i]) == (lines[t]["x"], lines[t]["y"]), "sample order differs"
                target = to_vector(parse_parameters(lines[t]))
                one = sgd_step(parse_parameters(lines[t - 1]), x[i], y[i], rule, biases)
                free = sgd_step(free, x[i], y[i], rule, biases)
                worst_one = max(worst_one, np.abs(to_vector(one) - target).max())
                worst_free = max(worst_free, np.abs(to_vector(free) - target).max())
    return worst_one, worst_free


def check_snapshot(bin_):
    """A snapshot written by `Sinetui.snapshot` continues exactly: 1,000 traced steps, a snapshot of
    step 1,000, 5 more steps from it against steps 1,001-1,005 of one 1,005-step trace."""
    whole = os.path.join(bin_.workdir, "whole.jsonl")
    bin_.run("--seed", 1, "--steps", 1005, "--trace", whole, "--trace-steps", 1005)
    with open(whole) as f:
        lines = [json.loads(line) for line in f]
    path = bin_.snapshot("check", "bias", 1, 1000, parse_parameters(lines[1000]), "correct")
    tail = os.path.join(bin_.workdir, "tail.jsonl")
    bin_.run("--load", path, "--steps", 5, "--trace", tail)
    with open(tail) as f:
        continued = [json.loads(line) for line in f][1:]
    return continued == lines[1001:]


def averaged_flow(p, x, y, rule, steps, report):
    """Noise-free training: each step subtracts ETA times the data-set average of the rule's update
    (the expected SGD step). Returns {step: (mse, cosine(U, G))} at the `report` steps."""
    v, out = to_vector(p).copy(), {}
    for n in range(steps + 1):
        q = from_vector(v)
        u = update(q, x, y, rule)
        if n in report:
            out[n] = (mse(q), cosine(u, update(q, x, y, "correct")))
        v -= ETA * u
    return out


def ablation(steps, rules):
    """Per-sample SGD from seed 1's initial weights on `bias`, sinetui's sample order, one run per rule
    (vectorised over the rules). Returns {rule: mse after `steps`}."""
    x, y, p, g = setup("bias", 1)
    order = np.array([g.index(SAMPLES) for _ in range(steps)])
    r = len(rules)
    w1, w2, b1 = (np.tile(p[k], (r, 1)) for k in ("w1", "w2", "b1"))
    b2 = np.zeros(r)
    kind = np.array([["correct", "double-sigmoid", "tails-buggy", "center-buggy"].index(k) for k in rules])[:, None]
    for i in order:
        xi, yi = x[i], y[i]
        h = w1 * xi + b1
        s = sigmoid(h)
        e = (w2 * s).sum(1) + b2 - yi
        true, wrong, far = s * (1 - s), seed_slope(s), np.abs(h) > TAIL
        buggy = (kind == 1) | ((kind == 2) & far) | ((kind == 3) & ~far)
        back = e[:, None] * w2 * np.where(buggy, wrong, true)
        w2 -= ETA * e[:, None] * s
        w1 -= ETA * back * xi
        b1 -= ETA * back
        b2 -= ETA * e
    return {k: mse(dict(w1=w1[j], w2=w2[j], b1=b1[j], b2=b2[j])) for j, k in enumerate(rules)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sinetui", help="path to the sinetui binary (a release build)")
    parser.add_argument("--jobs", type=int, default=2, help="binary runs at once (default 2)")
    opts = parser.parse_args()
    start = time.time()
    work = tempfile.mkdtemp(prefix="dsig-study-")
    bin_ = Sinetui(os.path.abspath(opts.sinetui), work)
    pool = ThreadPoolExecutor(max_workers=opts.jobs)
    seeds = (1, 2, 3)
    # The ablation is pure NumPy and the longest single job: start it in its own process now.
    rules = ["correct", "double-sigmoid", "tails-buggy", "center-buggy"]
    numpy_pool = ProcessPoolExecutor(max_workers=1)
    ablation_job = numpy_pool.submit(ablation, 1_000_000, rules)

    def out(text=""):
        print(text, flush=True)

    # Long binary jobs go first, in the background, so they overlap the NumPy work.
    ds5m = {s: pool.submit(bin_.loss_table, f"ds5m-{s}", "--gradient", "double-sigmoid", "--seed", s,
                           "--steps", 5_000_000, "--print-every", 10_000) for s in seeds}
    numpy5m = {s: pool.submit(bin_.final_mse, "--preset", "numpy", "--gradient", "double-sigmoid",
                              "--seed", s, "--steps", 5_000_000) for s in seeds}
    tf2m = {r: pool.submit(bin_.final_mse, "--preset", "tensorflow", "--gradient", r, "--seed", 1,
                           "--steps", 2_000_000) for r in ("correct", "double-sigmoid")}
    correct3m = {s: pool.submit(bin_.loss_table, f"correct-{s}", "--seed", s, "--steps", 1_200_000,
                                "--print-every", 10_000) for s in seeds}
    conv_jobs = {s: pool.submit(bin_.states, ["--seed", s], 2_000_000,
                                [0, 500_000, 1_000_000, 2_000_000] if s == 1 else [2_000_000]) for s in seeds}
    ds_jobs = {s: pool.submit(bin_.states, ["--gradient", "double-sigmoid", "--seed", s], 300_000,
                              [0, 1_000, 10_000, 100_000, 300_000]) for s in seeds}
    tf_job = pool.submit(bin_.states, ["--preset", "tensorflow", "--gradient", "double-sigmoid", "--seed", 1],
                         500_000, [0, 10_000, 100_000, 500_000])
    eta_jobs = {eta: pool.submit(bin_.loss_table, f"eta-{eta}", "--gradient", "double-sigmoid", "--seed", 1,
                                 "--eta", eta, "--steps", round(20_000 / eta), "--print-every", round(1_000 / eta))
                for eta in (0.003, 0.001)}

    out("== The NumPy model against sinetui (1,000 traced steps, 3 presets x {correct, double-sigmoid}) ==")
    one, free = check_model(bin_)
    out(f"[A1] largest parameter difference, one step from the traced weights: {one:.1e}; "
        f"running freely for 1,000 steps: {free:.1e}")
    out(f"[A2] a snapshot written by this script continues bit for bit: {check_snapshot(bin_)}")
    for s in seeds:  # the generator states the snapshots below need (pure Python, a few seconds each)
        generator_state_after("bias", s, 2_000_000)
    generator_state_after("bias", 1, 300_000)

    out("\n== The two factors ==")
    s_lo, s_hi = seed_slope(np.array(1.0)), seed_slope(np.array(0.0))
    def d(h):  # the true slope sigma'(h)
        return float(sigmoid(h) * (1 - sigmoid(h)))

    out(f"[B1] sigma'(sigma(h)) lies in [{s_lo:.4f}, {s_hi:.4f}] for every h; sigma'(h) = 0.25 at h = 0, "
        f"{d(3):.3f} at |h| = 3, {d(5):.4f} at |h| = 5, {d(10):.1e} at |h| = 10 "
        f"(ratio {seed_slope(sigmoid(np.array(-10.0))) / d(10):.0f}x at h = -10)")

    out("\n== Headline runs (sinetui binary) ==")
    for s in seeds:
        table = ds5m[s].result()
        floor = min(v for k, v in table.items() if k >= 100_000)
        out(f"[C1] bias, double-sigmoid, seed {s}: mse {table[5_000_000]:.4f} after 5M steps; "
            f"lowest mse at any 10k-step line from step 100k on: {floor:.3f}")
    out("[C2] numpy, double-sigmoid, 5M steps, seeds 1-3: "
        + ", ".join(f"{numpy5m[s].result():.3f}" for s in seeds))
    out(f"[C3] tensorflow, seed 1, 2M steps: correct {tf2m['correct'].result():.1e}, "
        f"double-sigmoid {tf2m['double-sigmoid'].result():.1e}")
    for s in seeds:
        table = correct3m[s].result()
        first = min(k for k, v in table.items() if v < 0.01)
        out(f"[C4] bias, correct, seed {s}: mse first below 0.01 at step {first:,} (checked every 10k steps)")

    conv = {s: conv_jobs[s].result() for s in seeds}
    data = {s: setup("bias", s)[:2] for s in seeds}

    out("\n== A converged correct fit (2M steps, seeds 1-3): who moves the input weights ==")
    for s in seeds:
        p, (x, y) = conv[s][2_000_000], data[s]
        info = internals(p, x)
        out(f"[D1] seed {s}: mse {mse(p):.2e}; (sample, unit) pairs saturated |h|>3: {info['sat3']:.2f}, "
            f"|h|>5: {info['sat5']:.2f}; wrong/true slope ratio median {info['ratio_median']:.0f}, "
            f"90th percentile {info['ratio_p90']:.1e}")
        out(f"[D2] seed {s}: share of the input-weight push that comes from saturated samples: "
            f"correct {tail_share(p, x, y, 'correct'):.2f}, double-sigmoid {tail_share(p, x, y, 'double-sigmoid'):.2f}")

    out("\n== Pressing 2 on a converged fit, headless: snapshot at 2M correct steps, `train --load` ==")
    press = {}
    for s in seeds:
        path = bin_.snapshot(f"press2-{s}", "bias", s, 2_000_000, conv[s][2_000_000], "double-sigmoid")
        press[s] = pool.submit(bin_.loss_table, f"press2-{s}", "--load", path, "--steps", 3_000_000,
                               "--print-every", 1_000)
    keep = bin_.snapshot("keep-1", "bias", 1, 2_000_000, conv[1][2_000_000], "correct")
    keep_job = pool.submit(bin_.final_mse, "--load", keep, "--steps", 3_000_000)
    for s in seeds:
        t = press[s].result()
        marks = [1_000, 10_000, 100_000, 1_000_000, 3_000_000]
        out(f"[E1] seed {s}: mse {mse(conv[s][2_000_000]):.1e} at the switch; after "
            + ", ".join(f"+{m:,}: {t[2_000_000 + m]:.3g}" for m in marks)
            + f"; highest {max(t.values()):.2f}")
    out(f"[E2] control, seed 1 continued with the correct rule: mse {keep_job.result():.1e} after +3M")

    out("\n== Not noise: the averaged (noise-free) buggy step from the converged fit ==")
    marks = [0, 10, 30, 100, 300, 1_000, 3_000]
    for s in seeds:
        x, y = data[s]
        flow = averaged_flow(conv[s][2_000_000], x, y, "double-sigmoid", 3_000, set(marks))
        out(f"[F1] seed {s}, double-sigmoid, steps of eta*U: "
            + "  ".join(f"{m}: mse {flow[m][0]:.3g} cos {flow[m][1]:+.2f}" for m in marks))
    x, y = data[1]
    for rule in ("correct", "tails-buggy", "center-buggy"):
        flow = averaged_flow(conv[1][2_000_000], x, y, rule, 3_000, {300, 3_000})
        out(f"[F2] seed 1, {rule}: mse after 300 / 3,000 averaged steps {flow[300][0]:.3g} / {flow[3_000][0]:.3g}")
    for eta, job in eta_jobs.items():
        t = job.result()
        out(f"[F3] bias, double-sigmoid, seed 1, eta {eta} for {round(20_000 / eta):,} steps "
            f"(eta x steps as 2M steps at 0.01): final mse {t[max(t)]:.3f}, lowest after the first 10% "
            f"{min(v for k, v in t.items() if k >= max(t) // 10):.3f}")

    out("\n== Where the buggy run goes: units pushed out of saturation, a flat curve ==")
    ds = {s: ds_jobs[s].result() for s in seeds}
    x, y = data[1]
    for k in (0, 1_000, 10_000, 100_000, 300_000):
        p = ds[1][k]
        info = internals(p, x)
        out(f"[G1] seed 1 double-sigmoid step {k:>7,}: mse {mse(p):.3f}, |h|>5 {info['sat5']:.2f}, "
            f"mean|w1| {info['mean_abs_w1']:.2f}, max ratio {info['ratio_max']:.3g}, "
            f"cos(U, G) {cosine(update(p, x, y, 'double-sigmoid'), update(p, x, y, 'correct')):+.3f}")
    for k in (500_000, 1_000_000, 2_000_000):
        info = internals(conv[1][k], x)
        out(f"[G2] seed 1 correct step {k:>9,}: mse {mse(conv[1][k]):.3g}, |h|>5 {info['sat5']:.2f}, "
            f"mean|w1| {info['mean_abs_w1']:.2f}")
    for s in seeds:
        p = ds[s][300_000]
        grid, yhat = curve(p, 15.0)
        out(f"[G3] seed {s} double-sigmoid at 300k: curve from {yhat.min():.3f} to {yhat.max():.3f} "
            f"(std {yhat.std():.3f}; sin's {np.sin(grid).std():.3f}), b2 {p['b2']:+.3f}, "
            f"|w2| <= {np.abs(p['w2']).max():.2f}, max|h| {internals(p, data[s][0])['max_abs_h']:.1f}, mse {mse(p):.3f}")
    grid = (np.arange(256) + 0.5) * 15.0 / 256
    line = np.polyfit(grid, np.sin(grid), 1)
    out(f"[G4] sin on the mse grid: mean {np.sin(grid).mean():.3f}, variance {np.sin(grid).var():.4f} "
        f"(the mse of the best constant); best straight line: mse {np.mean((np.polyval(line, grid) - np.sin(grid)) ** 2):.4f}")
    revive = bin_.snapshot("revive-1", "bias", 1, 300_000, ds[1][300_000], "correct")
    t = bin_.loss_table("revive-1", "--load", revive, "--steps", 1_000_000, "--print-every", 100_000)
    out("[G5] that seed-1 state switched to the correct rule: mse "
        + ", ".join(f"+{k - 300_000:,}: {t[k]:.3g}" for k in (500_000, 800_000, 1_300_000)))

    out("\n== Ablation: the original program's factor only in the tails, or only near the switch point ==")
    result = ablation_job.result()
    out("[H1] per-sample SGD from seed 1's start, 1M steps, mse: "
        + ", ".join(f"{r} {result[r]:.3g}" for r in rules)
        + f"  (sinetui's correct run: {correct3m[1].result()[1_000_000]:.3g})")

    out("\n== Why [0, 1) still works (tensorflow preset, seed 1, double-sigmoid) ==")
    tf = tf_job.result()
    xt, yt = setup("tensorflow", 1)[:2]
    for k in sorted(tf):
        p = tf[k]
        h = np.outer(xt, p["w1"])
        s = sigmoid(h)
        ratio = seed_slope(s) / (s * (1 - s))
        u, g = update(p, xt, yt, "double-sigmoid", False), update(p, xt, yt, "correct", False)
        out(f"[K1] step {k:>7,}: mse {mse(p, 1.0):.1e}, max|h| {np.abs(h).max():.2f}, "
            f"ratio in [{ratio.min():.3f}, {ratio.max():.3f}], cos(U, G) on w1 {cosine(u[:HIDDEN], g[:HIDDEN]):+.4f}")

    pool.shutdown()
    numpy_pool.shutdown()
    out(f"\n(done in {time.time() - start:.0f} s; scratch files in {work})")


if __name__ == "__main__":
    main()
