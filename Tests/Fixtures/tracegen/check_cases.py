#!/usr/bin/env python3
"""Independent sanity check of the traces gen_traces.py writes (and a quick look at any trace).

    python3 check_cases.py OUTDIR            # every case of OUTDIR/cases.json; exit 1 on a failure
    python3 check_cases.py OUTDIR -v         # one line per case
    python3 check_cases.py --trace FILE      # any trace: per group, how many steps follow the
                                             # correct rule (exit 0 when all of them do)

Standard library only (math, json): this is a second implementation, per sample and per unit in
plain Python floats, written separately from gen_traces.py's vectorised NumPy one. It replays every
step from the traced parameters before it, with the traced sample(s) and the header's eta, and
compares each group's update (w1, w2, b1, b2) with sinetui diagnose's test

    max|theta_traced - theta_replayed| <= 1e-9 max|theta_replayed - theta_before|
                                          + 8 eps (max|theta_before| + max|theta_replayed - theta_before|)

eps = 2^-23 on a step whose x, y and parameters before and after are all exactly float32, else
2^-52. For each case it checks:

  1. the file: line 1's keys (eta, w1, w2, b1/b2 both or neither, activation, batch, hidden) agree
     with the manifest, every step line has x, y (numbers at batch 1, arrays of the batch size
     otherwise) and the four groups of the right lengths (b1/b2 null without biases);
  2. precision: a "float32" case holds only float32 values; every other case has steps that are not;
  3. finiteness: every value is finite, except in a divergence case, which must stop being finite
     exactly at its manifest's diverged_at_step (the first step whose loss at the parameters before
     or whose parameters after are not finite);
  4. the correct rule: a group whose manifest lists no bug matches the correct rule on EVERY step;
     a group with bugs differs from it on at least min_distinct (0.9, or as the case says) of the
     steps, and within 0.02 of the fraction the manifest states;
  5. the declared bugs: replaying the manifest's bugs with this file's own formulas (the catalog's)
     matches the trace on every step; for lower-precision at float32's level (relative 1e-4 and
     eps 2^-23), and the trace must then differ from the same rule at float64's level on most steps;
  6. the manifest: top is the union of the groups' lists, correct is (top is empty), scale is set
     exactly when wrong-scale is listed.
"""
import json
import math
import os
import sys

GROUPS = ("w1", "w2", "b1", "b2")
EPS64, EPS32 = 2.0 ** -52, 2.0 ** -23


def sig(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    t = math.exp(z)
    return t / (1.0 + t)


def act(kind, h):
    if kind == "sigmoid":
        return sig(h)
    if kind == "tanh":
        return math.tanh(h)
    return h if h > 0 else 0.0


def act_slope(kind, h, a):
    if kind == "sigmoid":
        return a * (1.0 - a)
    if kind == "tanh":
        return 1.0 - a * a
    return 1.0 if h > 0 else 0.0


class Model:
    """A backprop as the catalog describes it: the set of ids, and for the group-wise ids their
    groups (and wrong-scale's c)."""

    def __init__(self, ids=(), flip=(), frozen=(), scale=None, scaled=()):
        self.ids = set(ids)
        self.flip, self.frozen, self.scale, self.scaled = set(flip), set(frozen), scale, set(scaled)


CORRECT = Model()


def replay(kind, eta, before, xs, ys, model, w2_after):
    """The parameters after one step of `model` from `before` (lists; b1/b2 None without biases)."""
    w1, w2, b1, b2 = before["w1"], before["w2"], before["b1"], before["b2"]
    H, B = len(w1), len(xs)
    ids = model.ids
    g = {"w1": [0.0] * H, "w2": [0.0] * H, "b1": [0.0] * H, "b2": 0.0}
    for x, y in zip(xs, ys):
        hs = [w1[i] * x + (b1[i] if b1 is not None else 0.0) for i in range(H)]
        acts = [act(kind, h) for h in hs]
        yhat = sum(w2[i] * acts[i] for i in range(H)) + (b2 if b2 is not None else 0.0)
        e = yhat - y
        E = 0.5 * e * e if "loss-for-error" in ids else e
        if "output-activation-derivative" in ids:
            E = E * yhat * (1.0 - yhat)
        g["b2"] += E
        gw2 = [E * (yhat if "output-for-input" in ids else acts[i]) for i in range(H)]
        deltas = []
        for i in range(H):
            h, a = hs[i], acts[i]
            g["w2"][i] += gw2[i]
            # the outgoing factor
            if "missing-outgoing-weight" in ids:
                W = 1.0
            elif "weight-gradient-for-weight" in ids:
                W = gw2[i]
            elif "updated-outgoing-weight" in ids:
                W = w2_after[i]
            else:
                W = w2[i]
            # the slope
            if "sigmoid-of-sigmoid" in ids:
                D = sig(a) * (1.0 - sig(a))
            elif "tanh-of-tanh" in ids:
                D = 1.0 - math.tanh(a) ** 2
            elif "derivative-of-pre-activation" in ids:
                D = h * (1.0 - h) if kind == "sigmoid" else 1.0 - h * h
            elif "missing-activation-derivative" in ids:
                D = 1.0
            else:
                D = act_slope(kind, h, a)
            if "derivative-of-upstream" in ids:
                up = E * W
                delta = up * (1.0 - up) if kind == "sigmoid" else 1.0 - math.tanh(up) ** 2
            else:
                delta = E * W * D
            deltas.append(delta)
        total = sum(deltas)
        for i in range(H):
            if "missing-input" in ids:
                g["w1"][i] += deltas[i]
            elif "output-for-input" in ids:
                g["w1"][i] += deltas[i] * acts[i]
            else:
                g["w1"][i] += deltas[i] * x
            g["b1"][i] += total if "summed-bias-gradient" in ids else deltas[i]
    after = {}
    for grp in GROUPS:
        theta = before[grp]
        if theta is None:
            after[grp] = None
            continue
        if grp in model.frozen:
            after[grp] = theta
            continue
        factor = eta / B
        if grp in model.scaled:
            factor *= model.scale
        if grp in model.flip:
            factor = -factor
        if grp == "b2":
            after[grp] = theta - factor * g["b2"]
        else:
            after[grp] = [theta[i] - factor * g[grp][i] for i in range(H)]
    return after


def vec(v):
    return [v] if not isinstance(v, list) else v


def num(v):
    return float("nan") if v is None else float(v)


def same(before, traced, replayed, eps, tol=1e-9):
    b, t, r = vec(before), vec(traced), vec(replayed)
    try:
        diff = max(abs(num(ti) - num(ri)) for ti, ri in zip(t, r))
        upd = max(abs(num(ri) - num(bi)) for ri, bi in zip(r, b))
        size = max(abs(num(bi)) for bi in b)
    except OverflowError:
        return False
    if not (math.isfinite(diff) and math.isfinite(upd)):
        return False
    return diff <= tol * upd + 8 * eps * (size + upd)


def is_f32(v):
    import struct
    if v is None:
        return True
    if isinstance(v, list):
        return all(is_f32(t) for t in v)
    if math.isnan(v) or math.isinf(v):
        return True
    try:
        return struct.unpack("f", struct.pack("f", v))[0] == v
    except OverflowError:
        return False


def finite(v):
    if v is None:
        return True
    if isinstance(v, list):
        return all(finite(t) for t in v)
    return math.isfinite(v)


def read_trace(path):
    with open(path) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    return lines[0], lines[1:]


def steps_of(header, lines):
    """(xs, ys, before, after) per step, all as Python lists/floats."""
    prev = {g: header.get(g) for g in GROUPS}
    out = []
    for line in lines:
        after = {g: line.get(g) for g in GROUPS}
        xs, ys = vec(line["x"]), vec(line["y"])
        out.append((xs, ys, prev, after))
        prev = after
    return out


def loss_finite(kind, before, xs, ys):
    try:
        for x, y in zip(xs, ys):
            H = len(before["w1"])
            hs = [num(before["w1"][i]) * x + (num(before["b1"][i]) if before["b1"] else 0.0)
                  for i in range(H)]
            yhat = sum(num(before["w2"][i]) * act(kind, hs[i]) for i in range(H))
            yhat += num(before["b2"]) if before["b2"] is not None else 0.0
            if not math.isfinite(0.5 * (yhat - y) ** 2):
                return False
    except (OverflowError, ValueError):
        return False
    return True


def model_of(entry):
    top = set(entry["top"])
    per = entry["bugs"]
    flip = entry.get("flipped_groups") or [g for g in per if "flipped-sign" in per[g]]
    frozen = entry.get("frozen_groups") or [g for g in per if "not-updated" in per[g]]
    scaled = entry.get("scaled_groups") or [g for g in per if "wrong-scale" in per[g]]
    return Model(top - {"lower-precision"}, flip if "flipped-sign" in top else (),
                 frozen if "not-updated" in top else (), entry.get("scale"),
                 scaled if "wrong-scale" in top else ())


def check_case(outdir, entry):
    """Returns (problems, stats)."""
    problems = []
    header, lines = read_trace(os.path.join(outdir, entry["file"]))
    kind = header.get("activation", "sigmoid")
    batch = header.get("batch", 1)
    H = len(header["w1"])
    biases = header.get("b1") is not None
    # 1. the file
    if header["eta"] != entry["eta"]:
        problems.append(f"eta {header['eta']} != manifest {entry['eta']}")
    if kind != entry["activation"] or batch != entry["batch"] or biases != entry["biases"]:
        problems.append("activation/batch/biases disagree with the manifest")
    if len(header["w2"]) != H or header.get("hidden", H) != H or H != entry["hidden"]:
        problems.append("header arrays/hidden inconsistent")
    if (header.get("b1") is None) != (header.get("b2") is None):
        problems.append("b1 and b2 not both present or both null")
    if biases and len(header["b1"]) != H:
        problems.append("b1 has the wrong length")
    if len(lines) != entry["steps"]:
        problems.append(f"{len(lines)} step lines, manifest says {entry['steps']}")
    for k, line in enumerate(lines, 2):
        for key in ("x", "y", "w1", "w2", "b1", "b2"):
            if key not in line:
                problems.append(f"line {k}: no {key}")
        if batch == 1 and not all(isinstance(line[k2], (int, float)) for k2 in ("x", "y")):
            problems.append(f"line {k}: x/y not numbers at batch 1")
        if batch > 1 and not (len(vec(line["x"])) == len(vec(line["y"])) == batch):
            problems.append(f"line {k}: x/y not {batch} samples")
        if len(line["w1"]) != H or len(line["w2"]) != H:
            problems.append(f"line {k}: w1/w2 length")
        if biases != (line["b1"] is not None) or biases != (line["b2"] is not None):
            problems.append(f"line {k}: b1/b2 presence")
        if problems:
            return problems, {}
    steps = steps_of(header, lines)
    # 3. finiteness / divergence
    stop = None
    for k, (xs, ys, before, after) in enumerate(steps, 1):
        if not loss_finite(kind, before, xs, ys) or not all(finite(after[g]) for g in GROUPS):
            stop = k
            break
    if stop != entry.get("diverged_at_step"):
        problems.append(f"first non-finite step {stop}, manifest says "
                        f"{entry.get('diverged_at_step')}")
    usable = steps if stop is None else steps[:stop - 1]
    # 2. precision
    step_f32 = [all(is_f32(v) for v in (xs, ys, *before.values(), *after.values()))
                for xs, ys, before, after in usable]
    if entry["float32"] and not all(step_f32):
        problems.append("a float32 case with values that are not float32")
    if not entry["float32"] and sum(step_f32) > len(usable) // 10:
        problems.append(f"{sum(step_f32)} steps pass for float32 in a float64 case")
    # 4. the correct rule
    groups = [g for g in GROUPS if header.get(g) is not None]
    differ = {g: 0 for g in groups}
    model = model_of(entry)
    lower = "lower-precision" in entry["top"]
    model_miss = {g: 0 for g in groups}
    model_f64_miss = {g: 0 for g in groups}
    for (xs, ys, before, after), f32 in zip(usable, step_f32):
        eps = EPS32 if f32 else EPS64
        ref = replay(kind, header["eta"], before, xs, ys, CORRECT, after["w2"])
        mine = replay(kind, header["eta"], before, xs, ys, model, after["w2"])
        for g in groups:
            if not same(before[g], after[g], ref[g], eps):
                differ[g] += 1
            if lower:
                if not same(before[g], after[g], mine[g], EPS32, tol=1e-4):
                    model_miss[g] += 1
                if not same(before[g], after[g], mine[g], eps):
                    model_f64_miss[g] += 1
            elif not same(before[g], after[g], mine[g], eps):
                model_miss[g] += 1
    n = len(usable)
    frac = {g: differ[g] / n for g in groups}
    minimum = entry.get("min_distinct", 0.9)
    for g in groups:
        if not entry["bugs"][g] and differ[g]:
            problems.append(f"{g} has no bug but differs from the correct rule on "
                            f"{differ[g]}/{n} steps")
        if entry["bugs"][g]:
            if frac[g] < minimum:
                problems.append(f"{g} ({', '.join(entry['bugs'][g])}) differs from the correct "
                                f"rule on only {differ[g]}/{n} steps")
            if abs(frac[g] - entry["distinct"][g]) > 0.02:
                problems.append(f"{g}: differs on {frac[g]:.3f}, manifest says "
                                f"{entry['distinct'][g]}")
        # 5. the declared bugs
        if model_miss[g]:
            problems.append(f"{g}: the declared bugs {sorted(model.ids) or 'none'} miss the trace "
                            f"on {model_miss[g]}/{n} steps")
        if lower and entry["bugs"][g] and model_f64_miss[g] < 0.9 * n:
            problems.append(f"{g}: lower-precision but matches at float64 on "
                            f"{n - model_f64_miss[g]}/{n} steps")
    # 6. the manifest
    union = sorted(set().union(*[set(v) for v in entry["bugs"].values()]))
    if union != sorted(entry["top"]):
        problems.append(f"top {entry['top']} is not the union {union}")
    if entry["correct"] != (not entry["top"]):
        problems.append("correct disagrees with top")
    if (entry.get("scale") is not None) != ("wrong-scale" in entry["top"]):
        problems.append("scale set without wrong-scale or missing with it")
    return problems, {"frac": frac, "n": n}


def check_all(outdir, verbose):
    with open(os.path.join(outdir, "cases.json")) as f:
        manifest = json.load(f)
    failed = 0
    per_cat = {}
    lowest = []
    for entry in manifest:
        problems, stats = check_case(outdir, entry)
        cat = entry["category"]
        per_cat.setdefault(cat, [0, 0])
        per_cat[cat][0] += 1
        if problems:
            failed += 1
            per_cat[cat][1] += 1
            print(f"FAIL {entry['file']}")
            for p in problems[:6]:
                print(f"     {p}")
        else:
            buggy = [stats["frac"][g] for g in stats["frac"] if entry["bugs"][g]]
            if buggy:
                lowest.append((min(buggy), entry["file"]))
            if verbose:
                fr = " ".join(f"{g} {stats['frac'][g]:.2f}" for g in stats["frac"])
                print(f"ok   {entry['file']:<62} {stats['n']:>3} steps, differ from correct: {fr}")
    print(f"{len(manifest) - failed}/{len(manifest)} cases ok  ("
          + ", ".join(f"{c} {v[0] - v[1]}/{v[0]}" for c, v in per_cat.items()) + ")")
    lowest.sort()
    if lowest:
        print("buggy groups differ from the correct rule on at least "
              f"{lowest[0][0]:.1%} of the steps ({lowest[0][1]}); the five lowest: "
              + ", ".join(f"{f:.1%} {n}" for f, n in lowest[:5]))
    return 1 if failed else 0


def check_trace(path):
    header, lines = read_trace(path)
    kind = header.get("activation", "sigmoid")
    groups = [g for g in GROUPS if header.get(g) is not None]
    steps = steps_of(header, lines)
    match = {g: 0 for g in groups}
    first = {}
    n = 0
    for k, (xs, ys, before, after) in enumerate(steps, 1):
        if not loss_finite(kind, before, xs, ys) or not all(finite(after[g]) for g in GROUPS):
            print(f"diverged at step {k}")
            break
        n += 1
        eps = EPS32 if all(is_f32(v) for v in (xs, ys, *before.values(), *after.values())) \
            else EPS64
        ref = replay(kind, header["eta"], before, xs, ys, CORRECT, after["w2"])
        for g in groups:
            if same(before[g], after[g], ref[g], eps):
                match[g] += 1
            elif g not in first:
                tu = [num(a) - num(b) for a, b in zip(vec(after[g]), vec(before[g]))]
                cu = [num(a) - num(b) for a, b in zip(vec(ref[g]), vec(before[g]))]
                ratio = [t / c if c else float("inf") for t, c in zip(tu, cu)]
                first[g] = (k, ratio)
    print(f"{path}: {n} steps, activation {kind}, batch {header.get('batch', 1)}, "
          f"hidden {len(header['w1'])}, {'with' if header.get('b1') is not None else 'no'} biases")
    for g in groups:
        line = f"  {g}: follows the correct rule on {match[g]}/{n} steps"
        if g in first:
            k, ratio = first[g]
            line += (f"; first other step {k}, traced/correct update: "
                     + ", ".join(f"{r:.4g}" for r in ratio[:6]))
        print(line)
    return 0 if n and all(match[g] == n for g in groups) else 1


def main(argv):
    if len(argv) >= 2 and argv[0] == "--trace":
        return check_trace(argv[1])
    if not argv or argv[0].startswith("-"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 64
    return check_all(argv[0], "-v" in argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
