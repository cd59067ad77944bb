#!/usr/bin/env python3
"""Write a fixture of sinetui traces with known backprop bugs, and their ground truth.

    python3 gen_traces.py OUTDIR          # 284 traces (18 MB) and OUTDIR/cases.json, ~40 s
    python3 check_cases.py OUTDIR         # the independent sanity check of what this wrote

NumPy only. Written from the formulas of the trace format and the bug catalog, not from
sinetui's code. Every run writes the same files (every case has its own seed, derived from its
name with CRC-32, and NumPy's PCG64 generator).

THE NETWORK AND THE CORRECT RULE
--------------------------------
1 input, H hidden units, 1 linear output, for one sample (x, y):

    h_i = w1_i x + b1_i       a_i = act(h_i)       yhat = sum_i w2_i a_i + b2      e = yhat - y

loss e^2/2; act' = a(1-a) (sigmoid), 1-a^2 (tanh), 1[h>0] (relu). Correct per-sample gradients:

    g_b2 = e      g_w2_i = e a_i      delta_i = e w2_i act'(h_i)      g_b1_i = delta_i
    g_w1_i = delta_i x

A step of a mini-batch (batch B) uses the mean over its B samples of the per-sample gradients;
the update is theta <- theta - eta * g (NumPy: `w -= eta * g`). Without biases b1 = b2 = 0 and
neither is updated nor written (null in the trace).

HOW EACH BUG IS COMPUTED (one parametrised backprop, `updates()` below)
-----------------------------------------------------------------------
The backprop is built from four pieces, each of which a bug replaces:

    E     the output error, e in the correct rule;
    W_i   the outgoing factor of unit i, w2_i;
    D_i   the activation slope of unit i, act'(h_i);
    delta_i = E W_i D_i,  and the group gradients above with e replaced by E.

id                            what it changes                                        groups
flipped-sign                  the update of the named groups times -1 (all groups,    named
                              or one layer: {w1, b1} or {w2, b2}); computed as
                              theta + eta*g, i.e. `err = y - yhat` with `w -= lr*g`
sigmoid-of-sigmoid            D_i = s(1-s), s = sigmoid(a_i)        (sigmoid only)   w1 b1
tanh-of-tanh                  D_i = 1 - tanh(a_i)^2                 (tanh only)      w1 b1
derivative-of-pre-activation  D_i = h_i(1-h_i) (sigmoid), 1 - h_i^2 (tanh)           w1 b1
missing-activation-derivative D_i = 1                                                w1 b1
derivative-of-upstream        delta_i = g_i(1-g_i) (sigmoid), 1 - tanh(g_i)^2 (tanh),  w1 b1
                              g_i = E W_i (the upstream gradient, D not used)
missing-outgoing-weight       W_i = 1                                                w1 b1
weight-gradient-for-weight    W_i = E a_i, this sample's gradient of w2_i             w1 b1
                              (E yhat under output-for-input: w2's gradient as computed)
updated-outgoing-weight       W_i = w2_i after this step's update (the batch's update w1 b1
                              at batch > 1; whatever update w2 really got, so also a
                              flipped or scaled one)
output-for-input              g_w2_i = E yhat (not E a_i); g_w1_i = delta_i a_i      w1 w2
                              (not delta_i x); biases unchanged
missing-input                 g_w1_i = delta_i (no factor x)                          w1
loss-for-error                E = e^2/2 (the loss for the error)                     all
output-activation-derivative  E = e yhat(1-yhat) (applied after loss-for-error when   all
                              both are on)
summed-bias-gradient          g_b1_i = sum_j delta_j, per sample (then the batch      b1
                              mean); a vectorised `np.sum(delta)` over a (B, H) batch
                              also sums the batch: that is this bug plus wrong-scale
                              c = B on b1 (one of the pairs)
not-updated                   the named groups are never changed                      named
wrong-scale                   the named groups' update times c: c = 2 (eta doubled),  named
                              c = B (the batch summed instead of averaged: computed
                              as the sum), c = 1/H (divided by the wrong m)
lower-precision               the program computes in float32 but the trace is not    all
                              all float32, so a replay at float64 sees rounding at
                              float32's level. Two programs: "data" (a float32 model
                              fed float64 samples, the trace logging the float64 x, y:
                              TensorFlow's default) and "mixed" (float64 weights, the
                              gradient computed in float32, `w -= eta * g32`)

Pieces compose: e.g. the seed program is flipped-sign (all groups) + sigmoid-of-sigmoid:
delta_i = e w2_i s(1-s), every group's update times -1 (here exactly what `err = y - yhat`
computes, since every gradient is linear in e). flipped-sign is always the final factor -1,
so it is not paired with the bugs that are not linear in e (loss-for-error,
derivative-of-upstream), where `err = y - yhat` is not a plain factor -1.

THE GROUND TRUTH
----------------
`bugs[group]` is what the bug really changes, measured, not assumed: a bug is listed for a group
when removing it alone from the case's program changes that group's update (from the same
parameters, on the same samples) beyond the matching allowance of sinetui diagnose

    max|u_a - u_b| <= 1e-9 max|u_b| + 8 eps (max|theta_before| + max|u_b|)

(eps = 2^-23 on a step whose values are all exactly float32, 2^-52 otherwise) on at least 90% of
the steps; the generator refuses a case where a bug changes a group on some steps but fewer than
90% (it tries the next seed), and checks the measured lists against the table above
(`EXPECTED`). "Removing" updated-outgoing-weight's partner bugs keeps the traced w2 after the step,
so e.g. flipped-sign on w2 with updated-outgoing-weight lists flipped-sign on w2 only. A group
that is not updated lists only not-updated (nothing else can show). `top` is the union,
`correct` is `top == []`. `distinct` gives, per group, the fraction of steps whose traced update
differs from the correct rule's (replayed at float64 from the traced values), which
check_cases.py recomputes independently.

THE MANIFEST (OUTDIR/cases.json, a list, one object per trace)
---------------------------------------------------------------
file, category (single, variant, float32, relu, correct, dont-cry-wolf, pair, divergence),
activation, biases, batch; float32 (every value in the file is exactly a float32); compute
("float64", "float32", or "float32 gradient, float64 weights"); bugs {w1, w2, b1, b2: [ids]}
(b1/b2 only with biases); top (their union); correct (top is empty: a lower-precision trace is
not correct, since the catalog lists it); scale (wrong-scale's c, else null); note; eta, hidden,
steps (step lines), seed, x_range, preset (the header's); distinct {group: fraction of steps whose
update differs from the correct rule}; min_distinct (the least fraction a buggy group must show,
0.9 but for two float32 updated-outgoing-weight cases, 0.75); steps_compared; flipped_groups,
frozen_groups, scaled_groups and scale_how (for the group-wise ids, the groups the program
applies them to, even where not-updated hides them); diverged_at_step (null, or the first step
whose loss at the parameters before or whose parameters after are not finite) and, for the
divergence case, first_nonfinite_loss_step and first_nonfinite_parameter_step.

THE DATA
--------
Each case: a data set of 500 samples, x uniform in [0, 15) with biases ("bias" preset) or in
[0, 1) without ("tensorflow" preset; a few "numpy"-preset cases use [0, 15) without biases, as
the seed program), y = sin x; each step draws its B samples uniformly from the 500. Weights
uniform in [-1, 1), b1 too, b2 = 0. eta = 0.01 (0.002 for relu with biases on [0, 15)). 150 steps
at batch 1, 100 at batch 8. H cycles through 3, 4, 5, 6, 8. float32 cases draw the data and
weights at float64, round them to float32, and compute everything in np.float32 (eta too:
np.float32(0.01); the header says 0.01).

Header variations (all valid): for a sigmoid network `activation` is omitted on every other case
(the default), `batch` is omitted on every other batch-1 case, and a network without biases writes
`b1`/`b2` as null or leaves them out of line 1 (alternately). Step lines always hold x, y, w1, w2,
b1, b2 (null without biases); x and y are numbers at batch 1 and arrays of B numbers otherwise.
"""
import argparse
import json
import os
import sys
import zlib

import numpy as np

GROUPS = ("w1", "w2", "b1", "b2")
ALL = GROUPS
LAYER1 = ("w1", "b1")
LAYER2 = ("w2", "b2")
F32 = np.float32
F64 = np.float64
EPS = {F64: 2.0**-52, F32: 2.0**-23}
THRESHOLD = 0.9   # a bug must change its group on at least this fraction of the steps
GROWTH = 1e3     # and no parameter may grow past this (else a smaller eta)

# What each bug changes when alone (group-parametrised bugs: their named groups).
EXPECTED = {
    "sigmoid-of-sigmoid": LAYER1,
    "tanh-of-tanh": LAYER1,
    "derivative-of-pre-activation": LAYER1,
    "missing-activation-derivative": LAYER1,
    "derivative-of-upstream": LAYER1,
    "missing-outgoing-weight": LAYER1,
    "weight-gradient-for-weight": LAYER1,
    "updated-outgoing-weight": LAYER1,
    "output-for-input": ("w1", "w2"),
    "missing-input": ("w1",),
    "loss-for-error": ALL,
    "output-activation-derivative": ALL,
    "summed-bias-gradient": ("b1",),
    "lower-precision": ALL,
}
GROUPED = ("flipped-sign", "not-updated", "wrong-scale")
SLOPE_BUGS = ("sigmoid-of-sigmoid", "tanh-of-tanh", "derivative-of-pre-activation",
              "missing-activation-derivative")
OUTGOING_BUGS = ("missing-outgoing-weight", "weight-gradient-for-weight",
                 "updated-outgoing-weight")
CATALOG = ("flipped-sign", "sigmoid-of-sigmoid", "tanh-of-tanh", "derivative-of-pre-activation",
           "missing-activation-derivative", "derivative-of-upstream", "missing-outgoing-weight",
           "weight-gradient-for-weight", "updated-outgoing-weight", "output-for-input",
           "missing-input", "loss-for-error", "output-activation-derivative",
           "summed-bias-gradient", "not-updated", "wrong-scale", "lower-precision")


# ----------------------------------------------------------------------------------------------
# The parametrised backprop
# ----------------------------------------------------------------------------------------------

def sigmoid(z, dt):
    with np.errstate(over="ignore"):
        return dt(1) / (dt(1) + np.exp(-z))


def activate(kind, h, dt):
    if kind == "sigmoid":
        return sigmoid(h, dt)
    if kind == "tanh":
        return np.tanh(h)
    if kind == "relu":
        return np.maximum(h, dt(0))
    raise ValueError(kind)


def slope(kind, h, a, dt):
    """The correct act'(h), from a where the activation allows it."""
    if kind == "sigmoid":
        return a * (dt(1) - a)
    if kind == "tanh":
        return dt(1) - a * a
    return (h > 0).astype(dt)


def updates(p, xs, ys, eta, act, bugs, dt, w2_after=None, perturb=0.0):
    """The amount each group's parameters decrease by in one step: {group: u} (theta_new =
    theta - u), None for a group that is not updated or absent.

    p: {"w1", "w2": (H,), "b1": (H,) or None, "b2": 0-d array or None}, all of dtype dt;
    xs, ys: (B,) of dt; bugs: {id: parameter} (True, or a tuple of groups, or for wrong-scale
    (c, groups, mode) with mode "eta" (eta times c) or "sum" (the batch summed));
    w2_after: the w2 that updated-outgoing-weight uses instead of this step's own update (the
    traced one, for the ground truth's replays); perturb: a relative nudge of h, a and yhat (a few
    ulps), standing for another implementation's rounding (libm's tanh/exp, a summation order)."""
    one, half = dt(1), dt(0.5)
    biases = p["b1"] is not None
    B = xs.shape[0]
    H = p["w1"].shape[0]
    x = xs[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        h = x * p["w1"] + p["b1"] if biases else x * p["w1"]
        if perturb:
            h = h * dt(1 + perturb)
        a = activate(act, h, dt)
        if perturb:
            a = a * dt(1 - perturb)
        yhat = (a * p["w2"]).sum(axis=1)
        if biases:
            yhat = yhat + p["b2"]
        if perturb:
            yhat = yhat + dt(perturb * H) * np.abs(a * p["w2"]).sum(axis=1)
        e = yhat - ys
        E = e
        if "loss-for-error" in bugs:
            E = half * e * e
        if "output-activation-derivative" in bugs:
            E = E * (yhat * (one - yhat))
        Ec = E[:, None]
        if "output-for-input" in bugs:
            g_w2 = (E * yhat)[:, None] * np.ones((1, H), dt)
        else:
            g_w2 = Ec * a
        g_b2 = E

        flip = bugs.get("flipped-sign", ())
        frozen = bugs.get("not-updated", ())
        c, scaled, mode = bugs.get("wrong-scale", (None, (), None))

        def reduce(group, g):
            if group in scaled and mode == "sum":
                return g.sum(axis=0)
            return g.sum(axis=0) / dt(B)

        def amount(group, G):
            if group in frozen:
                return None
            lr = dt(eta)
            if group in scaled and mode == "eta":
                lr = dt(eta * c)
            u = lr * G
            return -u if group in flip else u

        u = {"w2": amount("w2", reduce("w2", g_w2))}

        if "missing-outgoing-weight" in bugs:
            W = one
        elif "weight-gradient-for-weight" in bugs:
            W = g_w2
        elif "updated-outgoing-weight" in bugs:
            if w2_after is not None:
                W = w2_after
            else:
                W = p["w2"] if u["w2"] is None else p["w2"] - u["w2"]
        else:
            W = p["w2"]

        if "sigmoid-of-sigmoid" in bugs:
            s = sigmoid(a, dt)
            D = s * (one - s)
        elif "tanh-of-tanh" in bugs:
            t = np.tanh(a)
            D = one - t * t
        elif "derivative-of-pre-activation" in bugs:
            D = h * (one - h) if act == "sigmoid" else one - h * h
        elif "missing-activation-derivative" in bugs:
            D = one
        else:
            D = slope(act, h, a, dt)

        if "derivative-of-upstream" in bugs:
            g = Ec * W
            if act == "sigmoid":
                delta = g * (one - g)
            else:
                t = np.tanh(g)
                delta = one - t * t
        else:
            delta = Ec * W * D
        delta = np.broadcast_to(delta, (B, H))

        if "missing-input" in bugs:
            g_w1 = delta
        elif "output-for-input" in bugs:
            g_w1 = delta * a
        else:
            g_w1 = delta * x
        u["w1"] = amount("w1", reduce("w1", g_w1))
        if biases:
            if "summed-bias-gradient" in bugs:
                g_b1 = delta.sum(axis=1, keepdims=True) * np.ones((1, H), dt)
            else:
                g_b1 = delta
            u["b1"] = amount("b1", reduce("b1", g_b1))
            u["b2"] = amount("b2", reduce("b2", g_b2))
        else:
            u["b1"] = u["b2"] = None
    return u


def apply(p, u, dt):
    """theta - u for every updated group, in the storage dtype dt."""
    out = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for g in GROUPS:
            if p[g] is None:
                out[g] = None
            elif u[g] is None:
                out[g] = p[g].copy()
            else:
                out[g] = (p[g] - u[g].astype(dt)).astype(dt)
    return out


def cast(p, dt):
    return {g: (None if v is None else np.asarray(v, dtype=dt)) for g, v in p.items()}


# ----------------------------------------------------------------------------------------------
# Hand-written programs (the "don't cry wolf" cases): correct, in the matrix style of tutorials
# ----------------------------------------------------------------------------------------------

def program_x1mx(act):
    """A correct program that writes `s * (1 - s)` (or `1 - t**2`, `(r > 0)`) on the value that is
    already the activation: Z = X @ W1 + b1, A = act(Z); err = out - Y; -=."""
    def derivative(A, Z):
        if act == "sigmoid":
            return A * (1 - A)          # `x*(1-x)` called on A = sigmoid(Z): correct
        if act == "tanh":
            return 1 - A ** 2           # A = tanh(Z) already: correct
        return (A > 0).astype(A.dtype)  # relu'(Z) from A: the same indicator

    def step(p, xs, ys, eta):
        H = p["w1"].shape[0]
        X, Y = xs.reshape(-1, 1), ys.reshape(-1, 1)
        m = X.shape[0]
        W1, W2 = p["w1"].reshape(1, H).copy(), p["w2"].reshape(H, 1).copy()
        Z = X @ W1 + (p["b1"].reshape(1, H) if p["b1"] is not None else 0.0)
        A = activate(act, Z, F64)
        out = A @ W2 + (p["b2"] if p["b2"] is not None else 0.0)
        d_out = out - Y
        d_hidden = (d_out @ W2.T) * derivative(A, Z)
        new = {"w2": (W2 - eta * (A.T @ d_out) / m).reshape(H),
               "w1": (W1 - eta * (X.T @ d_hidden) / m).reshape(H), "b1": None, "b2": None}
        if p["b1"] is not None:
            new["b1"] = p["b1"] - eta * d_hidden.sum(axis=0) / m
            new["b2"] = np.asarray(p["b2"] - eta * d_out.sum() / m)
        return new
    return step


def program_plus(act):
    """A correct program with `err = y - yhat` and `w += lr * grad`, the slope computed from Z."""
    def step(p, xs, ys, eta):
        H = p["w1"].shape[0]
        X, Y = xs.reshape(-1, 1), ys.reshape(-1, 1)
        m = X.shape[0]
        W1, W2 = p["w1"].reshape(1, H).copy(), p["w2"].reshape(H, 1).copy()
        Z = X @ W1 + (p["b1"].reshape(1, H) if p["b1"] is not None else 0.0)
        A = activate(act, Z, F64)
        out = A @ W2 + (p["b2"] if p["b2"] is not None else 0.0)
        err = Y - out
        if act == "sigmoid":
            dact = sigmoid(Z, F64) * (1 - sigmoid(Z, F64))
        elif act == "tanh":
            dact = 1 - np.tanh(Z) ** 2
        else:
            dact = (Z > 0).astype(F64)
        d_hidden = (err @ W2.T) * dact
        W2 += eta * (A.T @ err) / m
        W1 += eta * (X.T @ d_hidden) / m
        new = {"w2": W2.reshape(H), "w1": W1.reshape(H), "b1": None, "b2": None}
        if p["b1"] is not None:
            b1 = p["b1"].copy()
            b1 += eta * d_hidden.sum(axis=0) / m
            new["b1"] = b1
            new["b2"] = np.asarray(p["b2"] + eta * err.sum() / m)
        return new
    return step


# ----------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------

class Case:
    def __init__(self, name, category, act="sigmoid", biases=True, batch=1, bugs=None,
                 precision="float64", program=None, eta=None, xrange=None, steps=None,
                 hidden=None, note="", diverge=False):
        self.name, self.category, self.act, self.biases, self.batch = (
            name, category, act, biases, batch)
        self.bugs = dict(bugs or {})
        # "float64", "float32" (every value float32), "lp-data", "lp-mixed" (lower-precision)
        self.precision = precision
        if precision.startswith("lp-"):
            self.bugs["lower-precision"] = True
        self.program = program
        if xrange is None:
            xrange = (0.0, 15.0) if biases else (0.0, 1.0)
        self.xrange = xrange
        if eta is None:
            eta = 0.002 if (act == "relu" and xrange[1] > 1) else 0.01
        self.eta = eta
        self.steps = steps or (150 if batch == 1 else 100)
        self.hidden = hidden
        self.note = note
        self.diverge = diverge
        self.threshold = THRESHOLD
        self.growth = GROWTH

    @property
    def preset(self):
        if self.biases:
            return "bias"
        return "tensorflow" if self.xrange[1] <= 1 else "numpy"


def base_seed(name):
    return zlib.crc32(name.encode())


def matches(before, traced, replayed, eps, tol=1e-9):
    """sinetui diagnose's test: does the update traced - before match replayed - before?"""
    before, traced, replayed = (np.atleast_1d(np.asarray(v, dtype=F64))
                                for v in (before, traced, replayed))
    with np.errstate(over="ignore", invalid="ignore"):
        diff = np.max(np.abs(traced - replayed))
        upd = np.max(np.abs(replayed - before))
        size = np.max(np.abs(before))
    if not (np.isfinite(diff) and np.isfinite(upd)):
        return False
    return diff <= tol * upd + 8 * eps * (size + upd)


def all_f32(values):
    for v in values:
        if v is None:
            continue
        arr = np.atleast_1d(np.asarray(v, dtype=F64))
        if not np.array_equal(arr.astype(F32).astype(F64), arr, equal_nan=True):
            return False
    return True


def simulate(case, seed):
    """Runs the case's program; returns (header params, records) with records of
    (xs_logged, ys_logged, before, after)."""
    rng = np.random.default_rng(seed)
    H = case.hidden
    lo, hi = case.xrange
    data_x = rng.uniform(lo, hi, 500)
    p = {"w1": rng.uniform(-1, 1, H), "w2": rng.uniform(-1, 1, H),
         "b1": rng.uniform(-1, 1, H) if case.biases else None,
         "b2": np.asarray(0.0) if case.biases else None}
    prec = case.precision
    if prec == "float32":
        data_x = data_x.astype(F32)
        data_y = np.sin(data_x)            # float32
        p = cast(p, F32)
        store, compute = F32, F32
    else:
        data_y = np.sin(data_x)
        store = F32 if prec == "lp-data" else F64
        compute = F64 if prec == "float64" else F32
        p = cast(p, store)
    header = p
    records = []
    past = None  # steps written since the first non-finite parameter
    for _ in range(case.steps):
        idx = rng.integers(0, 500, case.batch)
        xs, ys = data_x[idx], data_y[idx]
        if case.program is not None:
            after = case.program(p, xs, ys, case.eta)
        else:
            u = updates(cast(p, compute), xs.astype(compute), ys.astype(compute), case.eta,
                        case.act, case.bugs, compute)
            after = apply(p, u, store)
        records.append((xs, ys, p, after))
        p = after
        if past is not None:
            past += 1
            if past == 3:
                break
        elif not finite_state(after):
            if not case.diverge:
                return header, records, False
            past = 0
    return header, records, True


def loss_finite(xs, ys, before, act):
    with np.errstate(all="ignore"):
        p = cast(before, F64)
        h = xs[:, None].astype(F64) * p["w1"] + (p["b1"] if p["b1"] is not None else 0)
        a = activate(act, h, F64)
        yhat = (a * p["w2"]).sum(1) + (p["b2"] if p["b2"] is not None else 0)
        return bool(np.all(np.isfinite(0.5 * (yhat - ys) ** 2)))


def step_eps(xs, ys, before, after):
    return EPS[F32] if all_f32([xs, ys] + list(before.values()) + list(after.values())) \
        else EPS[F64]


def finite_state(p):
    return all(v is None or np.all(np.isfinite(v)) for v in p.values())


def ground_truth(case, records):
    """Measures per group which bugs change it (ablation), and how often the traced update
    differs from the correct one. Returns (bugs per group, distinct fractions, shows fractions,
    number of steps used)."""
    groups = [g for g in GROUPS if records[0][2][g] is not None]
    used = []
    for r in records:
        xs, ys, before, after = r
        if not finite_state(after) or not loss_finite(xs, ys, before, case.act):
            break
        used.append(r)
    n = len(used)
    compute = F64 if case.precision == "float64" else F32
    shows = {b: {g: 0 for g in groups} for b in case.bugs}
    distinct = {g: 0 for g in groups}
    fragile = []
    for xs, ys, before, after in used:
        eps = step_eps(xs, ys, before, after)
        # the correct rule, replayed at float64 from the traced values
        ref = apply(cast(before, F64), updates(cast(before, F64), xs.astype(F64), ys.astype(F64),
                                               case.eta, case.act, {}, F64), F64)
        for g in groups:
            if not matches(before[g], after[g], ref[g], eps):
                distinct[g] += 1
        # robustness: the case's own rule replayed at float64 must match the trace, and must not
        # move beyond the allowance when h, a, yhat are nudged by a few ulps
        own = {k: v for k, v in case.bugs.items() if k != "lower-precision"}
        args = (cast(before, F64), xs.astype(F64), ys.astype(F64), case.eta, case.act, own, F64)
        w2a64 = after["w2"].astype(F64)
        mine = apply(cast(before, F64), updates(*args, w2_after=w2a64), F64)
        nudged = apply(cast(before, F64), updates(*args, w2_after=w2a64, perturb=4 * EPS[F64]),
                       F64)
        for g in groups:
            if "lower-precision" in case.bugs:
                ok = matches(before[g], after[g], mine[g], EPS[F32], tol=1e-4)
            else:
                ok = matches(before[g], after[g], mine[g], eps)
            if not ok:
                fragile.append(f"the float64 replay misses {g}")
            if not matches(before[g], nudged[g], mine[g], EPS[F64]):
                fragile.append(f"{g} is ill-conditioned (a few ulps of h, a or yhat move it)")
        if case.program is not None:
            continue
        w2a = after["w2"].astype(compute)
        full = updates(cast(before, compute), xs.astype(compute), ys.astype(compute), case.eta,
                       case.act, case.bugs, compute, w2_after=w2a)
        full = apply(cast(before, F64), full, F64)
        for b in case.bugs:
            rest = {k: v for k, v in case.bugs.items() if k != b}
            dt = F64 if b == "lower-precision" else compute
            alt = updates(cast(before, dt), xs.astype(dt), ys.astype(dt), case.eta, case.act,
                          rest, dt, w2_after=after["w2"].astype(dt))
            alt = apply(cast(before, F64), alt, F64)
            for g in groups:
                if not matches(before[g], full[g], alt[g], eps):
                    shows[b][g] += 1
    distinct = {g: distinct[g] / n for g in groups}
    shows = {b: {g: shows[b][g] / n for g in groups} for b in shows}
    truth = {g: sorted(b for b in shows if shows[b][g] >= 0.5) for g in groups}
    return truth, distinct, shows, n, sorted(set(fragile))


def expected_truth(case, groups):
    """The table's prediction (with masking by not-updated)."""
    exp = {g: set() for g in groups}
    frozen = case.bugs.get("not-updated", ())
    for b, param in case.bugs.items():
        if b in GROUPED:
            gs = param[1] if b == "wrong-scale" else param
        else:
            gs = EXPECTED[b]
        for g in gs:
            if g in groups and (g not in frozen or b == "not-updated"):
                exp[g].add(b)
    return {g: sorted(v) for g, v in exp.items()}


def validate(case, header, records, ok_run):
    groups = [g for g in GROUPS if header[g] is not None]
    if not ok_run:
        return None, "non-finite values"
    if not case.diverge:
        mx = max(np.max(np.abs(v)) for r in records for v in r[3].values() if v is not None)
        if mx > case.growth:
            return None, f"parameters grew to {mx:.3g}"
    truth, distinct, shows, n, fragile = ground_truth(case, records)
    if fragile:
        return None, fragile[0]
    if case.diverge and n == len(records):
        return None, "did not diverge"
    if case.program is None:
        for b, per in shows.items():
            for g, f in per.items():
                if 0 < f < case.threshold:
                    return None, f"{b} changes {g} on only {f:.0%} of the steps"
        exp = expected_truth(case, groups)
        for g in groups:
            for b in exp[g]:
                if shows[b][g] < case.threshold:
                    return None, f"{b} changes {g} on only {shows[b][g]:.0%} of the steps"
        if exp != truth:
            raise AssertionError(f"{case.name}: measured {truth}, table says {exp}")
    buggy = {g for g in groups if truth[g]}
    for g in groups:
        if g in buggy and distinct[g] < case.threshold:
            return None, f"{g} differs from correct on only {distinct[g]:.0%} of the steps"
        if g not in buggy and distinct[g] > 0:
            # a masked group (e.g. a flip whose bug is hidden) must still equal the correct rule
            raise AssertionError(f"{case.name}: {g} has no bug but differs on {distinct[g]:.0%}")
    return (truth, distinct, n), None


def fmt(v):
    if v is None:
        return None
    arr = np.asarray(v)
    if arr.ndim == 0:
        return float(arr)
    return [float(t) for t in arr.tolist()]


def write_trace(path, case, index, seed, header, records):
    h = {"eta": case.eta, "w1": fmt(header["w1"]), "w2": fmt(header["w2"])}
    if case.biases:
        h["b1"], h["b2"] = fmt(header["b1"]), fmt(header["b2"])
    elif index % 2 == 0:
        h["b1"] = h["b2"] = None
    if case.act != "sigmoid" or index % 2 == 0:
        h["activation"] = case.act
    if case.batch != 1 or index % 4 < 2:
        h["batch"] = case.batch
    if index % 3 == 0:
        h["optimizer"] = "sgd"
    h.update({"hidden": case.hidden, "seed": seed, "preset": case.preset, "case": case.name})
    with open(path, "w") as f:
        f.write(json.dumps(h) + "\n")
        for xs, ys, _, after in records:
            if case.batch == 1:
                x, y = float(xs[0]), float(ys[0])
            else:
                x, y = fmt(xs), fmt(ys)
            line = {"x": x, "y": y}
            for g in GROUPS:
                line[g] = fmt(after[g])
            f.write(json.dumps(line) + "\n")


# ----------------------------------------------------------------------------------------------
# The list of cases
# ----------------------------------------------------------------------------------------------

def applies(bug, act):
    if bug == "sigmoid-of-sigmoid":
        return act == "sigmoid"
    if bug == "tanh-of-tanh":
        return act == "tanh"
    if bug in ("derivative-of-pre-activation", "derivative-of-upstream"):
        return act in ("sigmoid", "tanh")
    return True


RELU_IDS = ("flipped-sign", "missing-activation-derivative", "missing-outgoing-weight",
            "weight-gradient-for-weight", "updated-outgoing-weight", "output-for-input",
            "missing-input", "loss-for-error", "output-activation-derivative",
            "summed-bias-gradient", "not-updated", "wrong-scale", "lower-precision")


def single(bug, act, biases, batch):
    """The case parameters for `bug` alone, in its default form."""
    prec = "float64"
    if bug == "flipped-sign":
        param = ALL if biases else ("w1", "w2")
    elif bug == "not-updated":
        param = ("b1", "b2") if biases else ("w1",)
    elif bug == "wrong-scale":
        param = (2.0, ALL if biases else ("w1", "w2"), "eta")
    elif bug == "lower-precision":
        prec = "lp-data" if batch == 1 else "lp-mixed"
        return {}, prec
    else:
        param = True
    return {bug: param}, prec


def tag(act, biases, batch, prec):
    return f"{act}-{'bias' if biases else 'nobias'}-b{batch}-" + {
        "float64": "f64", "float32": "f32", "lp-data": "lpdata", "lp-mixed": "lpmixed"}[prec]


NOTES = {
    "flipped-sign": "gradient ascent; weights grow but stay below 1e3 in these steps",
    "updated-outgoing-weight": "differs from correct by a relative eta*e*a_i/w2_i (~1e-3): "
                               "second order in eta, close to a 'lower-precision' ratio test",
    "missing-activation-derivative": "",
    "summed-bias-gradient": "needs H >= 2 (H = 1 is the correct rule)",
    "not-updated": "",
    "wrong-scale": "c = 2: eta doubled; indistinguishable from a header that states half the eta",
    "lower-precision": "",
    "loss-for-error": "the factor e/2 is negative when e < 0: looks like a flipped sign on those "
                      "steps",
    "output-activation-derivative": "at batch 1 a step-dependent factor yhat(1-yhat) common to all "
                                    "groups: one step alone looks like a wrong scale",
    "derivative-of-upstream": "",
    "missing-input": "w1's update equals b1's correct update when biases exist",
}


def build_cases():
    cases = []

    def add(c):
        cases.append(c)

    # 1. every id alone, sigmoid and tanh, with and without biases, batch 1 and 8, float64
    for act in ("sigmoid", "tanh"):
        for biases in (True, False):
            for batch in (1, 8):
                for bug in CATALOG:
                    if not applies(bug, act):
                        continue
                    if bug == "summed-bias-gradient" and not biases:
                        continue
                    bugs, prec = single(bug, act, biases, batch)
                    note = NOTES.get(bug, "")
                    if bug == "lower-precision":
                        note = ("a float32 model fed float64 samples, the trace logs the float64 "
                                "x, y (TensorFlow's default)" if prec == "lp-data" else
                                "float64 weights, gradient computed in float32")
                    if bug == "not-updated":
                        note = ("the bias update forgotten (b1 and b2)" if biases else
                                "layer 1's update forgotten (w1)")
                    add(Case(f"single-{bug}-{tag(act, biases, batch, prec)}", "single", act,
                             biases, batch, bugs, prec, note=note))
                if batch == 8:
                    add(Case(f"single-wrong-scale-sum-{tag(act, biases, batch, 'float64')}",
                             "single", act, biases, batch,
                             {"wrong-scale": (8.0, ALL if biases else ("w1", "w2"), "sum")},
                             note="the batch summed instead of averaged: c = batch size 8"))
    # 2. variants: flipped-sign on one layer, not-updated on b2 only, wrong-scale 1/H on layer 1,
    # the other lower-precision program
    for act in ("sigmoid", "tanh"):
        for biases in (True, False):
            for layer, gs in (("layer1", LAYER1), ("layer2", LAYER2)):
                gs = tuple(g for g in gs if biases or g in ("w1", "w2"))
                add(Case(f"variant-flipped-sign-{layer}-{tag(act, biases, 1, 'float64')}",
                         "variant", act, biases, 1, {"flipped-sign": gs},
                         note=f"flipped sign on {layer} only ({', '.join(gs)})"))
        add(Case(f"variant-not-updated-b2-{tag(act, True, 1, 'float64')}", "variant", act, True,
                 1, {"not-updated": ("b2",)}, note="only the output bias is never updated"))
        add(Case(f"variant-wrong-scale-inv-h-{tag(act, True, 8, 'float64')}", "variant", act,
                 True, 8, {"wrong-scale": (1 / 5, LAYER1, "eta")}, hidden=5,
                 note="layer 1 divided by m = H = 5 instead of the batch size: c = 0.2"))
        add(Case(f"variant-wrong-scale-w2-{tag(act, False, 1, 'float64')}", "variant", act,
                 False, 1, {"wrong-scale": (2.0, ("w2",), "eta")},
                 note="only w2's update doubled"))
        add(Case(f"variant-lower-precision-{tag(act, True, 1, 'lp-mixed')}", "variant", act, True,
                 1, {}, "lp-mixed", note="float64 weights, gradient computed in float32"))
        add(Case(f"variant-lower-precision-{tag(act, True, 8, 'lp-data')}", "variant", act, True,
                 8, {}, "lp-data", note="a float32 model fed float64 samples"))

    # 3. float32 (every value exactly float32): every id alone at one configuration per
    # activation, plus a few at batch 8 and without biases
    for act in ("sigmoid", "tanh"):
        for bug in CATALOG:
            if bug == "lower-precision" or not applies(bug, act):
                continue
            bugs, _ = single(bug, act, True, 1)
            note = "all values float32, computed in np.float32"
            c = Case(f"f32-{bug}-{tag(act, True, 1, 'float32')}", "float32", act, True, 1, bugs,
                     "float32", note=note)
            if bug == "updated-outgoing-weight":
                c.threshold = 0.75
                c.note += ("; the change is second order in eta (relative eta*e*a_i/w2_i) and "
                           "falls within float32's allowance on some steps (see distinct)")
            add(c)
        for bug in ("flipped-sign", "missing-input", "wrong-scale", "not-updated"):
            bugs, _ = single(bug, act, False, 8)
            add(Case(f"f32-{bug}-{tag(act, False, 8, 'float32')}", "float32", act, False, 8,
                     bugs, "float32", note="all values float32, computed in np.float32"))
        slope_bug = "sigmoid-of-sigmoid" if act == "sigmoid" else "tanh-of-tanh"
        add(Case(f"f32-{slope_bug}-{tag(act, True, 8, 'float32')}", "float32", act, True, 8,
                 {slope_bug: True}, "float32", note="all values float32, computed in np.float32"))

    # 4. ReLU: the ids that make sense for it (see RELU_IDS and the report)
    for biases, batch in ((True, 1), (True, 8), (False, 1)):
        for bug in RELU_IDS:
            if bug == "summed-bias-gradient" and not biases:
                continue
            bugs, prec = single(bug, "relu", biases, batch)
            note = ""
            if bug == "missing-activation-derivative":
                note = ("differs only where a unit is inactive (h <= 0): needs inactive units on "
                        "most steps")
            if bug == "lower-precision":
                note = "float32 program, float64 trace values"
            add(Case(f"relu-{bug}-{tag('relu', biases, batch, prec)}", "relu", "relu", biases,
                     batch, bugs, prec, note=note))

    # 5. correct traces: every activation x batch x precision x biases
    for act in ("sigmoid", "tanh", "relu"):
        for biases in (True, False):
            for batch in (1, 8):
                for prec in ("float64", "float32"):
                    add(Case(f"correct-{tag(act, biases, batch, prec)}", "correct", act, biases,
                             batch, {}, prec, note="the correct rule"))

    # 6. don't cry wolf: correct programs written the way that looks wrong
    for act, biases, batch in (("sigmoid", True, 1), ("sigmoid", True, 8), ("sigmoid", False, 1),
                               ("tanh", True, 1), ("relu", True, 8)):
        what = {"sigmoid": "`s*(1-s)` on s = sigmoid(Z)", "tanh": "`1 - A**2` on A = tanh(Z)",
                "relu": "`(A > 0)` on A = relu(Z)"}[act]
        add(Case(f"dcw-x1mx-{tag(act, biases, batch, 'float64')}", "dont-cry-wolf", act, biases,
                 batch, program=program_x1mx(act),
                 note=f"correct: {what}, the slope from the activation value; matrix style"))
    for act, biases, batch in (("sigmoid", True, 1), ("sigmoid", False, 8), ("tanh", True, 8)):
        add(Case(f"dcw-plus-{tag(act, biases, batch, 'float64')}", "dont-cry-wolf", act, biases,
                 batch, program=program_plus(act),
                 note="correct: err = y - yhat with w += lr*grad"))

    # 7. two-bug combinations
    pairs = [
        ("seed", "sigmoid", False, 1, {"flipped-sign": ("w1", "w2"), "sigmoid-of-sigmoid": True},
         (0.0, 15.0), "the original program (numpy preset: no biases, x in [0, 15))"),
        ("seed", "sigmoid", True, 1, {"flipped-sign": ALL, "sigmoid-of-sigmoid": True}, None,
         "the original program's two bugs, with biases"),
        ("seed", "sigmoid", True, 8, {"flipped-sign": ALL, "sigmoid-of-sigmoid": True}, None,
         "the original program's two bugs, mini-batch"),
        ("flip-layer2+sos", "sigmoid", True, 1,
         {"flipped-sign": LAYER2, "sigmoid-of-sigmoid": True}, None,
         "flipped sign on layer 2 only, sigmoid of a sigmoid on layer 1"),
        ("flip-layer1+missing-input", "tanh", True, 1,
         {"flipped-sign": LAYER1, "missing-input": True}, None,
         "w1 shows both, b1 only the flip"),
        ("wrong-scale2+dpa", "tanh", True, 1,
         {"wrong-scale": (2.0, ALL, "eta"), "derivative-of-pre-activation": True}, None,
         "eta doubled and 1 - h^2"),
        ("wrong-scale-sum+mad", "sigmoid", True, 8,
         {"wrong-scale": (8.0, ALL, "sum"), "missing-activation-derivative": True}, None,
         "batch summed (c = 8) and no activation derivative"),
        ("not-updated-biases+sos", "sigmoid", True, 1,
         {"not-updated": ("b1", "b2"), "sigmoid-of-sigmoid": True}, None,
         "b1 shows only not-updated: the slope bug cannot show on a group that never moves"),
        ("not-updated-biases+missing-input", "tanh", True, 8,
         {"not-updated": ("b1", "b2"), "missing-input": True}, None, ""),
        ("not-updated-biases+flip", "sigmoid", True, 1,
         {"not-updated": ("b1", "b2"), "flipped-sign": ALL}, None,
         "the flip is masked on b1 and b2, which never move"),
        ("not-updated-b2+ofi", "sigmoid", True, 1,
         {"not-updated": ("b2",), "output-for-input": True}, None, ""),
        ("summed-bias+wrong-scale-sum-b1", "sigmoid", True, 8,
         {"summed-bias-gradient": True, "wrong-scale": (8.0, ("b1",), "sum")}, None,
         "`db1 = np.sum(delta)` over a (B, H) batch: sums units and samples"),
        ("summed-bias+tot", "tanh", True, 1,
         {"summed-bias-gradient": True, "tanh-of-tanh": True}, None,
         "b1 shows both (the sum of wrong deltas)"),
        ("mow+sos", "sigmoid", True, 1,
         {"missing-outgoing-weight": True, "sigmoid-of-sigmoid": True}, None, ""),
        ("mad+missing-input", "sigmoid", False, 1,
         {"missing-activation-derivative": True, "missing-input": True}, None,
         "`W1 -= lr * W2.T @ d_out`"),
        ("lfe+dpa", "sigmoid", True, 1,
         {"loss-for-error": True, "derivative-of-pre-activation": True}, None, ""),
        ("oad+sos", "sigmoid", True, 8,
         {"output-activation-derivative": True, "sigmoid-of-sigmoid": True}, None,
         "treats the network as if every layer were a sigmoid"),
        ("ofi+mow", "tanh", False, 1,
         {"output-for-input": True, "missing-outgoing-weight": True}, None, ""),
        ("uow+flip", "sigmoid", True, 1,
         {"updated-outgoing-weight": True, "flipped-sign": ALL}, None,
         "delta uses the w2 after its (flipped) update"),
        ("wgw+missing-input", "tanh", True, 1,
         {"weight-gradient-for-weight": True, "missing-input": True}, None, ""),
        ("tot+missing-input", "tanh", False, 8,
         {"tanh-of-tanh": True, "missing-input": True}, None, ""),
        ("dou+flip-layer2", "sigmoid", True, 1,
         {"derivative-of-upstream": True, "flipped-sign": LAYER2}, None, ""),
        ("lfe+not-updated-biases", "tanh", True, 1,
         {"loss-for-error": True, "not-updated": ("b1", "b2")}, None, ""),
        ("uow+wrong-scale", "tanh", True, 8,
         {"updated-outgoing-weight": True, "wrong-scale": (2.0, ALL, "eta")}, None, ""),
        ("oad+missing-input", "relu", True, 1,
         {"output-activation-derivative": True, "missing-input": True}, None, ""),
    ]
    for name, act, biases, batch, bugs, xrange, note in pairs:
        hidden = 10 if name == "seed" and not biases else None
        c = Case(f"pair-{name}-{tag(act, biases, batch, 'float64')}", "pair", act, biases, batch,
                 bugs, xrange=xrange, hidden=hidden, note=note)
        if name == "seed" and not biases:
            c.growth = 1e12   # the seed's own eta 0.01: gradient ascent, |w| ~ 1e7 by step 200
            c.note += "; eta 0.01 as the seed: the weights reach ~1e7 in 200 steps (finite)"
        add(c)
    add(Case(f"pair-flip+lower-precision-{tag('sigmoid', True, 1, 'lp-data')}", "pair", "sigmoid",
             True, 1, {"flipped-sign": ALL}, "lp-data",
             note="a float32 model with a flipped sign, traced with float64 samples"))
    add(Case(f"pair-sos+float32-{tag('sigmoid', False, 1, 'float32')}", "pair", "sigmoid", False,
             1, {"flipped-sign": ("w1", "w2"), "sigmoid-of-sigmoid": True}, "float32",
             note="the seed's two bugs in a float32 program (every value float32)"))

    # 8. divergence: the seed program with a large eta, written up to 3 steps past the first
    # non-finite parameter
    add(Case("diverge-seed-sigmoid-nobias-b1-f64", "divergence", "sigmoid", False, 1,
             {"flipped-sign": ("w1", "w2"), "sigmoid-of-sigmoid": True}, eta=3.0,
             xrange=(0.0, 15.0), hidden=10, steps=600, diverge=True,
             note="explicitly about divergence: eta 3, the trace ends 3 lines after the first "
                  "non-finite parameter (NaN/Infinity as Python's json writes them)"))
    for i, c in enumerate(cases):
        if c.hidden is None:
            c.hidden = (3, 4, 5, 6, 8)[i % 5]
    return cases


def diverged_at(records, act):
    """(first step whose loss at the parameters before is not finite, first step whose
    parameters after are not finite), 1-based; None when there is none."""
    loss_step = param_step = None
    for k, (xs, ys, before, after) in enumerate(records, 1):
        if loss_step is None and not loss_finite(xs, ys, before, act):
            loss_step = k
        if param_step is None and not finite_state(after):
            param_step = k
    return loss_step, param_step


def why_short(reasons):
    """The failures of the seeds and etas tried before, in words."""
    kinds = []
    for prefix, words in (("non-finite", "the values overflow"),
                          ("parameters grew", f"the parameters grow past {GROWTH:g}"),
                          ("ill-conditioned", "saturated units make the update ill-conditioned "
                                              "(a few ulps of h or a move it)"),
                          ("the float64 replay", "float32 rounding exceeds the allowance"),
                          ("changes", "the bug is invisible on too many steps"),
                          ("differs", "the bug is invisible on too many steps")):
        if any(prefix in r for r in reasons) and words not in kinds:
            kinds.append(words)
    return ", or ".join(kinds)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--only", help="generate only the cases whose name contains this")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    cases = build_cases()
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    names = [c.name for c in cases]
    assert len(set(names)) == len(names), "duplicate case names"
    manifest = []
    for index, case in enumerate(cases):
        seed0 = base_seed(case.name)
        reasons = []
        result = None
        base_eta = case.eta
        for eta in (base_eta * f for f in (1, 1 / 3, 1 / 10, 1 / 30, 1 / 100)):
            case.eta = float(f"{eta:.3g}")
            growth = False
            for attempt in range(40):
                seed = seed0 + attempt
                header, records, ok = simulate(case, seed)
                result, why = validate(case, header, records, ok)
                if result is not None:
                    break
                reasons.append(why)
                growth = growth or why.startswith(("non-finite", "parameters grew"))
                if attempt >= (11 if growth else 19):
                    break
            if result is not None:
                break
        if result is None:
            raise SystemExit(f"{case.name}: no usable seed and eta: {sorted(set(reasons))[:4]}")
        if case.eta != base_eta:
            case.note = (case.note + "; " if case.note else "") + (
                f"eta lowered from {base_eta:g} to {case.eta:g}: at {base_eta:g} "
                + why_short(reasons))
        truth, distinct, n = result
        groups = [g for g in GROUPS if header[g] is not None]
        top = sorted(set().union(*truth.values()))
        fname = case.name + ".jsonl"
        write_trace(os.path.join(args.outdir, fname), case, index, seed, header, records)
        scale = case.bugs["wrong-scale"][0] if "wrong-scale" in top else None
        entry = {
            "file": fname, "category": case.category, "activation": case.act,
            "biases": case.biases, "batch": case.batch,
            "float32": case.precision == "float32",
            "compute": {"float64": "float64", "float32": "float32", "lp-data": "float32",
                        "lp-mixed": "float32 gradient, float64 weights"}[case.precision],
            "bugs": {g: truth[g] for g in groups}, "top": top, "correct": not top,
            "scale": scale, "note": case.note,
            "eta": case.eta, "hidden": case.hidden, "steps": len(records), "seed": seed,
            "x_range": list(case.xrange), "preset": case.preset,
            "distinct": {g: round(distinct[g], 4) for g in groups},
            "min_distinct": case.threshold,
            "steps_compared": n,
        }
        if "flipped-sign" in case.bugs:
            entry["flipped_groups"] = [g for g in case.bugs["flipped-sign"] if g in groups]
        if "wrong-scale" in case.bugs:
            c, gs, mode = case.bugs["wrong-scale"]
            entry["scaled_groups"] = [g for g in gs if g in groups]
            entry["scale_how"] = {"eta": "eta times c", "sum": "batch summed, not averaged"}[mode]
        if "not-updated" in case.bugs:
            entry["frozen_groups"] = [g for g in case.bugs["not-updated"] if g in groups]
        if case.diverge:
            loss_step, param_step = diverged_at(records, case.act)
            entry["diverged_at_step"] = min(s for s in (loss_step, param_step) if s)
            entry["first_nonfinite_loss_step"] = loss_step
            entry["first_nonfinite_parameter_step"] = param_step
        else:
            entry["diverged_at_step"] = None
        manifest.append(entry)
        if reasons:
            print(f"{case.name}: eta {case.eta:g}, seed +{seed - seed0} after "
                  f"{len(reasons)} tries ({sorted(set(reasons))[:2]})", file=sys.stderr)
    with open(os.path.join(args.outdir, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    counts = {}
    for e in manifest:
        counts[e["category"]] = counts.get(e["category"], 0) + 1
    print(f"wrote {len(manifest)} traces to {args.outdir}: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
