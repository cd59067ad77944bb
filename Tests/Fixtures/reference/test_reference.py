"""Self-tests of the reference, independent of sinetui: `python3 test_reference.py` (exit 1 on a
failure; no pytest needed).

(a) The tape's gradient against Richardson-refined central finite differences of a plain NumPy
    forward pass, for every activation, batch 1 and 8, at many random points.
(b) A second derivation: a trace generator written in plain NumPy with the backprop formulas and
    the optimizers written out by hand (textbook forms, not the reference's code). check_trace
    must accept its traces for every activation × optimizer × batch 1 and 8 × rule, and reject
    mutated ones (η doubled, sign flipped, derivative point swapped, Adam without bias
    correction, momentum with dampening, sum instead of mean, one group's update perturbed by
    1e-6 relative) at the right step; plus continuation from an optimizerState, traces without
    biases, divergence (null / NaN values), unreadable traces, and the CLI's exit codes.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import numpy as np

import check_trace
import reference

HERE = os.path.dirname(os.path.abspath(__file__))
ACTIVATIONS = ("sigmoid", "tanh", "relu")
OPTIMIZERS = ("sgd", "momentum", "adam")
RULES = ("correct", "sign", "double-sigmoid", "original")
TMP = []  # the scratch directory, made on first use


# ---------------------------------------------------------------------------------------------
# A second derivation, in plain NumPy: forward pass, backprop formulas, optimizers, traces
# ---------------------------------------------------------------------------------------------


def act(z, activation):
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if activation == "tanh":
        return np.tanh(z)
    return np.where(z > 0, z, 0.0)


def act_slope(z, activation):
    """act'(z), written out."""
    if activation == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)
    if activation == "tanh":
        return 1 - np.tanh(z) ** 2
    return (z > 0) * 1.0


def hand_forward(theta, xs):
    """The pre-activations h = x·w1 + b1, shape (B, H); theta = {"w1","w2"[,"b1","b2"]}."""
    h = np.outer(xs, theta["w1"]) + theta.get("b1", 0.0)
    return h


def hand_loss(theta, xs, ys, activation):
    h = hand_forward(theta, xs)
    prediction = act(h, activation) @ theta["w2"] + theta.get("b2", 0.0)
    return np.mean(0.5 * (prediction - ys) ** 2)


def hand_gradient(theta, xs, ys, activation, flip_sign, at_activation, reduce=np.mean):
    """The backprop formulas: e = dE/dŷ (or its flip), δᵢ = e·w2ᵢ·act'(hᵢ) (or act'(aᵢ));
    ∂/∂w2ᵢ = e·aᵢ, ∂/∂b2 = e, ∂/∂w1ᵢ = δᵢ·x, ∂/∂b1ᵢ = δᵢ; reduced over the batch."""
    h = hand_forward(theta, xs)
    a = act(h, activation)
    prediction = a @ theta["w2"] + theta.get("b2", 0.0)
    e = (ys - prediction) if flip_sign else (prediction - ys)
    slope = (h > 0) * 1.0 if activation == "relu" else act_slope(a if at_activation else h, activation)
    delta = e[:, None] * theta["w2"] * slope
    g = {"w1": reduce(delta * xs[:, None], axis=0), "w2": reduce(e[:, None] * a, axis=0)}
    if "b1" in theta:
        g["b1"] = reduce(delta, axis=0)
        g["b2"] = np.array(reduce(e))
    return g


class HandOptimizer:
    """The optimizers as a textbook writes them; mutations switch in the wrong variants."""

    def __init__(self, kind, eta, size, bias_correction=True, dampening=0.0, tf_epsilon=False):
        self.kind, self.eta = kind, eta
        self.bias_correction, self.dampening = bias_correction, dampening
        self.tf_epsilon = tf_epsilon
        self.t, self.m, self.v = 0, np.zeros(size), np.zeros(size)

    def state(self):
        return {"step": self.t, "m": self.m.tolist(), "v": self.v.tolist()}

    def step(self, theta, g):
        if self.kind == "sgd":
            return theta - self.eta * g
        if self.kind == "momentum":
            # PyTorch's dampening leaves the first step alone (the buffer starts as g)
            self.m = 0.9 * self.m + (g if self.t == 0 else (1 - self.dampening) * g)
            self.t += 1
            return theta - self.eta * self.m
        self.t += 1
        self.m = 0.9 * self.m + 0.1 * g
        self.v = 0.999 * self.v + 0.001 * g**2
        m_hat, v_hat = self.m, self.v
        if self.tf_epsilon:  # TensorFlow's placement: ε added to √v before the correction
            rate = self.eta * np.sqrt(1 - 0.999**self.t) / (1 - 0.9**self.t)
            return theta - rate * self.m / (np.sqrt(self.v) + 1e-8)
        if self.bias_correction:
            m_hat, v_hat = self.m / (1 - 0.9**self.t), self.v / (1 - 0.999**self.t)
        return theta - self.eta * m_hat / (np.sqrt(v_hat) + 1e-8)


def _num(v):
    v = float(v)
    return v if math.isfinite(v) else None


def _groups_json(theta, hidden):
    out = {"w1": [_num(v) for v in theta["w1"]], "w2": [_num(v) for v in theta["w2"]]}
    out["b1"] = [_num(v) for v in theta["b1"]] if "b1" in theta else None
    out["b2"] = _num(theta["b2"]) if "b2" in theta else None
    return out


def make_trace(activation="sigmoid", optimizer="sgd", batch=1, rule="correct", *, steps=16,
               hidden=4, biases=True, seed=0, eta=None, mutation=None, perturb=None,
               header_rule=None):
    """A trace as a list of JSON-ready dicts, plus the optimizer state after each line.

    mutation: None, "eta x2", "flipped sign", "derivative point", "no bias correction",
    "tf epsilon", "dampening", "sum"; perturb: (step, group) whose update is scaled by 1 + 1e-6."""
    rng = np.random.default_rng(seed)
    flip_sign = rule in ("sign", "original", "seed")
    if eta is None:  # ascent (a flipped sign) with relu blows up within 16 steps at full size
        eta = {"sgd": 0.05, "momentum": 0.02, "adam": 0.01}[optimizer]
        eta *= 0.1 if flip_sign and activation == "relu" else 1
    at_activation = rule in ("double-sigmoid", "original", "seed")
    if mutation == "flipped sign":
        flip_sign = not flip_sign
    if mutation == "derivative point":
        at_activation = not at_activation
    theta = {"w1": rng.uniform(-1, 1, hidden), "w2": rng.uniform(-1, 1, hidden)}
    if biases:
        theta["b1"], theta["b2"] = rng.uniform(-1, 1, hidden), np.array(0.1)
    names = [n for n in ("w1", "w2", "b1", "b2") if n in theta]
    sizes = [np.size(theta[n]) for n in names]
    opt = HandOptimizer(
        optimizer, 2 * eta if mutation == "eta x2" else eta, sum(sizes),
        bias_correction=mutation != "no bias correction",
        dampening=0.1 if mutation == "dampening" else 0.0,
        tf_epsilon=mutation == "tf epsilon",
    )
    reduce = np.sum if mutation == "sum" else np.mean
    header = {"rule": header_rule or rule, "activation": activation, "optimizer": optimizer,
              "batch": batch, "eta": eta, "preset": "test", "seed": seed, "hidden": hidden}
    lines, states = [dict(header, **_groups_json(theta, hidden))], [opt.state()]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run writes nulls
        _steps(lines, states, theta, names, sizes, opt, rng, steps, batch, activation, flip_sign,
               at_activation, reduce, perturb, hidden)
    return lines, states


def _steps(lines, states, theta, names, sizes, opt, rng, steps, batch, activation, flip_sign,
           at_activation, reduce, perturb, hidden):
    for step in range(1, steps + 1):
        xs = rng.uniform(-5, 5, batch)
        ys = np.sin(xs)
        g = hand_gradient(theta, xs, ys, activation, flip_sign, at_activation, reduce)
        flat = np.concatenate([np.atleast_1d(theta[n]) for n in names])
        new = opt.step(flat, np.concatenate([np.atleast_1d(g[n]) for n in names]))
        split = np.split(new, np.cumsum(sizes)[:-1])
        after = {n: (part[0] if n == "b2" else part) for n, part in zip(names, split)}
        if perturb is not None and perturb[0] == step:
            group = perturb[1]
            after[group] = theta[group] + (after[group] - theta[group]) * (1 + 1e-6)
        theta = {n: np.array(v, dtype=float) for n, v in after.items()}
        sample = ({"x": float(xs[0]), "y": float(ys[0])} if batch == 1
                  else {"x": xs.tolist(), "y": ys.tolist()})
        lines.append(dict(sample, **_groups_json(theta, hidden)))
        states.append(opt.state())


def scratch():
    if not TMP:
        TMP.append(tempfile.mkdtemp(prefix="sinetui-reference-"))
    return TMP[0]


def write(lines, name="trace.jsonl"):
    path = os.path.join(scratch(), name)
    with open(path, "w") as file:
        for line in lines:
            file.write((line if isinstance(line, str) else json.dumps(line)) + "\n")
    return path


def check(lines, tolerance=1e-9):
    return check_trace.check_trace(write(lines), tolerance)


# ---------------------------------------------------------------------------------------------
# (a) the tape against finite differences
# ---------------------------------------------------------------------------------------------


def richardson(f, theta_flat, i, s=1e-3):
    def central(step):
        up, down = theta_flat.copy(), theta_flat.copy()
        up[i] += step
        down[i] -= step
        return (f(up) - f(down)) / (2 * step)

    return (4 * central(s / 2) - central(s)) / 3


def test_tape_matches_finite_differences():
    rng = np.random.default_rng(1)
    worst, wrong = 0.0, {"sigmoid": 0.0, "tanh": 0.0}
    for activation in ACTIVATIONS:
        for batch in (1, 8):
            for point in range(60):
                hidden, biases = int(rng.integers(1, 7)), point % 4 != 3
                while True:
                    theta = {"w1": rng.uniform(-2, 2, hidden), "w2": rng.uniform(-2, 2, hidden)}
                    if biases:
                        theta["b1"], theta["b2"] = rng.uniform(-2, 2, hidden), np.array(rng.uniform(-1, 1))
                    xs = rng.uniform(-6, 6, batch)
                    ys = np.sin(xs) + rng.normal(0, 0.1, batch)
                    # relu: keep every h away from the kink, beyond what the stencil moves it,
                    # and some unit alive (a dead network's zero gradient proves nothing)
                    h = hand_forward(theta, xs)
                    if activation != "relu" or (np.min(np.abs(h)) > 0.05 and np.any(h > 0)):
                        break
                names = list(theta)
                sizes = [np.size(theta[n]) for n in names]

                def f(flat):
                    parts = np.split(flat, np.cumsum(sizes)[:-1])
                    t = {n: (p[0] if n == "b2" else p) for n, p in zip(names, parts)}
                    return hand_loss(t, xs, ys, activation)

                flat = reference.flatten(theta)
                numeric = np.array([richardson(f, flat, i) for i in range(flat.size)])
                tape = reference.flatten(reference.gradient(theta, xs, ys, activation, "correct"))
                scale = np.max(np.abs(numeric))
                assert scale > 0, "a zero gradient proves nothing"
                error = np.max(np.abs(tape - numeric)) / scale
                worst = max(worst, error)
                assert error < 1e-7, (activation, batch, point, error, tape, numeric)
                if activation in wrong:  # the test can fail: a wrong local derivative is seen
                    bad = reference.gradient(theta, xs, ys, activation, "double-sigmoid")
                    bad_error = np.max(np.abs(reference.flatten(bad) - numeric)) / scale
                    wrong[activation] = max(wrong[activation], bad_error)
    assert min(wrong.values()) > 1e-2, wrong
    return f"worst relative error {worst:.1e} over 360 points; act'(a) for act'(h) is off by " + \
        ", ".join(f"{v:.1g} ({k})" for k, v in wrong.items())


def test_rule_identities_on_the_tape():
    """sign is exactly −correct; double-sigmoid is correct for relu; original = both."""
    rng = np.random.default_rng(2)
    for activation in ACTIVATIONS:
        theta = {"w1": rng.uniform(-2, 2, 5), "w2": rng.uniform(-2, 2, 5),
                 "b1": rng.uniform(-1, 1, 5), "b2": np.array(0.3)}
        xs = rng.uniform(-5, 5, 8)
        ys = np.sin(xs)
        grads = {r: reference.flatten(reference.gradient(theta, xs, ys, activation, r))
                 for r in RULES + ("seed",)}
        assert np.array_equal(grads["sign"], -grads["correct"])
        assert np.array_equal(grads["original"], -grads["double-sigmoid"])
        assert np.array_equal(grads["seed"], grads["original"])
        same = np.array_equal(grads["double-sigmoid"], grads["correct"])
        assert same == (activation == "relu"), activation


# ---------------------------------------------------------------------------------------------
# (b) hand-derived traces: accepted, and mutated ones rejected at the right step and group
# ---------------------------------------------------------------------------------------------

CONFIGS = [(a, o, b, r) for a in ACTIVATIONS for o in OPTIMIZERS for b in (1, 8) for r in RULES]


def test_hand_traces_are_accepted():
    worst = 0.0
    for a, o, b, r in CONFIGS:
        result = check(make_trace(a, o, b, r, seed=len(r) + b)[0])
        assert result.mismatch is None, (a, o, b, r, result.summary())
        assert result.steps == 16 and result.diverged is None
        worst = max(worst, result.worst_relative)
    return f"{len(CONFIGS)} configurations, worst relative error {worst:.1e}"


def _rejected_at(lines, step, group=None):
    result = check(lines)
    assert result.mismatch is not None, "accepted: " + result.summary()
    assert result.mismatch.step == step, result.summary()
    assert result.mismatch.line == step + 1
    assert group is None or result.mismatch.group == group, result.summary()
    return result


def test_mutated_traces_are_rejected():
    count = 0
    for a, o, b, r in CONFIGS:
        seed = len(r) + b
        mutations = ["eta x2", "flipped sign"]
        if a != "relu" and r in ("double-sigmoid", "original", "correct"):
            mutations.append("derivative point")
        if o == "adam":
            # ε's placement changes the update by about 30·ε/|g| relative at t = 1
            mutations += ["no bias correction", "tf epsilon"]
        if b > 1:
            # Adam is blind to the gradient's scale but for ε: the sum changes its update by
            # only about ε/|g| relative, caught here with a margin of ~7 (see the report)
            mutations.append("sum")
        for mutation in mutations:
            _rejected_at(make_trace(a, o, b, r, seed=seed, mutation=mutation)[0], 1)
            count += 1
        if o == "momentum":  # dampening only shows from the second step
            _rejected_at(make_trace(a, o, b, r, seed=seed, mutation="dampening")[0], 2)
            count += 1
        for group in ("w1", "w2", "b1", "b2"):
            _rejected_at(make_trace(a, o, b, r, seed=seed, perturb=(7, group))[0], 7, group)
            count += 1
    return f"{count} mutated traces rejected at the right step"


def test_tolerance_is_neither_loose_nor_tight():
    lines = make_trace("tanh", "adam", 8, "correct", seed=5, perturb=(3, "w1"))[0]
    assert check(lines).mismatch is not None
    assert check(lines, tolerance=1e-5).mismatch is None  # 1e-6 relative is inside 1e-5
    tiny = make_trace("tanh", "adam", 8, "correct", seed=5)[0]
    w1 = np.array(tiny[3]["w1"]) + (np.array(tiny[3]["w1"]) - np.array(tiny[2]["w1"])) * 1e-11
    tiny[3]["w1"] = w1.tolist()  # an update off by 1e-11 relative: rounding-sized, accepted
    assert check(tiny).mismatch is None


def test_without_biases_and_old_rule_name():
    for a in ACTIVATIONS:
        for o in OPTIMIZERS:
            lines = make_trace(a, o, 1, "original", biases=False, seed=3, header_rule="seed")[0]
            assert lines[0]["b1"] is None and lines[0]["b2"] is None
            result = check(lines)
            assert result.mismatch is None and result.steps == 16, result.summary()
            assert not result.settings.biases and result.settings.rule == "seed"
            _rejected_at(make_trace(a, o, 1, "original", biases=False, seed=3,
                                    header_rule="correct")[0], 1)


def test_defaults_in_the_header():
    lines = make_trace("sigmoid", "sgd", 1, "correct", seed=9)[0]
    for key in ("rule", "activation", "optimizer", "batch"):
        del lines[0][key]
    assert check(lines).mismatch is None


def test_continuing_from_an_optimizer_state():
    for a in ACTIVATIONS:
        for o in ("momentum", "adam"):
            for b in (1, 8):
                for biases in (True, False):
                    lines, states = make_trace(a, o, b, "correct", steps=24, seed=11, biases=biases)
                    tail = [dict(lines[0], **{k: lines[12][k] for k in ("w1", "w2", "b1", "b2")})]
                    tail += lines[13:]
                    assert check(tail).mismatch is not None, "a fresh state should not fit"
                    state = states[12]
                    if o == "momentum":
                        state = {"step": state["step"], "m": state["m"]}
                    tail[0]["optimizerState"] = state
                    result = check(tail)
                    assert result.mismatch is None and result.steps == 12, result.summary()
                    if not biases:  # sinetui's storage form: 3H+1 entries, bias entries zero
                        h = len(lines[0]["w1"])
                        tail[0]["optimizerState"] = {
                            k: (v + [0.0] * (h + 1) if isinstance(v, list) else v)
                            for k, v in state.items()}
                        assert check(tail).mismatch is None
    # sgd ignores an optimizerState
    lines = make_trace("relu", "sgd", 1, "correct", seed=4)[0]
    lines[0]["optimizerState"] = {"step": 5, "m": [1.0] * 13, "v": [1.0] * 13}
    assert check(lines).mismatch is None


def test_divergence_stops_the_check():
    lines = make_trace("sigmoid", "momentum", 1, "sign", seed=6)[0]
    cut = [dict(line) for line in lines]
    cut[9] = dict(cut[9], w2=[cut[9]["w2"][0], None] + cut[9]["w2"][2:])
    result = check(cut)
    assert result.mismatch is None and result.steps == 8, result.summary()
    assert result.diverged == "line 10: w2[1] is non-finite", result.diverged
    cut = [dict(line) for line in lines]
    cut[5] = dict(cut[5], b2=None)
    assert check(cut).diverged == "line 6: b2 is non-finite"
    text = [json.dumps(line) for line in lines]
    text[3] = text[3].replace('"x": ', '"x": NaN, "old_x": ', 1)
    assert check(text).diverged == "line 4: x is non-finite"
    # a real divergence: ascent with a large step until the weights overflow
    lines = make_trace("tanh", "sgd", 1, "sign", steps=400, eta=3.0, seed=1)[0]
    first_null = next(i for i, line in enumerate(lines) if None in line["w2"] + line["w1"]
                      + line["b1"] + [line["b2"]])
    result = check(lines)
    assert result.mismatch is None and result.steps == first_null - 1, result.summary()
    return f"real divergence at line {first_null + 1}"


def test_unreadable_traces():
    good = make_trace("relu", "adam", 8, "correct", seed=2)[0]
    header = json.dumps(good[0])
    step = json.dumps(good[1])
    cases = {
        "empty": [],
        "not JSON": [header, "{oops"],
        "not an object": ["[1, 2]"],
        "no w1": [json.dumps({k: v for k, v in good[0].items() if k != "w1"})],
        "65 hidden": [json.dumps(dict(good[0], w1=[0.1] * 65, w2=[0.1] * 65, b1=[0.0] * 65))],
        "short w2": [header, json.dumps(dict(good[1], w2=good[1]["w2"][:-1]))],
        "unknown optimizer": [json.dumps(dict(good[0], optimizer="rmsprop"))],
        "unknown activation": [json.dumps(dict(good[0], activation="gelu"))],
        "batch 0": [json.dumps(dict(good[0], batch=0))],
        "scalar x in batch 8": [header, json.dumps(dict(good[1], x=0.5))],
        "string y": [header, step, json.dumps(dict(good[2], y="0.5"))],
        "b1 without b2": [json.dumps(dict(good[0], b2=None))],
        "short optimizerState": [json.dumps(dict(good[0], optimizerState={"step": 1, "m": [0], "v": [0]}))],
    }
    for name, lines in cases.items():
        try:
            check(lines)
        except check_trace.Unreadable:
            continue
        raise AssertionError(f"{name}: read as a trace")
    try:
        check_trace.check_trace(os.path.join(scratch(), "missing.jsonl"))
    except check_trace.Unreadable:
        return f"{len(cases) + 1} unreadable traces"
    raise AssertionError("a missing file was read")


def test_cli_exit_codes():
    script = os.path.join(HERE, "check_trace.py")

    def run(*args):
        done = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
        return done.returncode, done.stdout + done.stderr

    good = write(make_trace("tanh", "momentum", 8, "original", seed=8)[0], "good.jsonl")
    code, out = run(good)
    assert code == 0 and out.startswith("OK: 16 steps checked") and len(out.splitlines()) == 1, out
    bad = write(make_trace("tanh", "momentum", 8, "original", seed=8, perturb=(4, "b1"))[0], "bad.jsonl")
    code, out = run(bad)
    assert code == 1 and "step 4 (line 5), group b1" in out, out
    assert run(bad, "--tolerance", "1e-5")[0] == 0
    garbage = write(["not json"], "garbage.jsonl")
    code, out = run(garbage)
    assert code == 2 and "unreadable" in out, out


def main():
    tests = [(name, f) for name, f in globals().items() if name.startswith("test_")]
    failed = 0
    start = time.perf_counter()
    for name, test in tests:
        t0 = time.perf_counter()
        try:
            note = test()
            print(f"PASS {name} ({time.perf_counter() - t0:.1f}s)" + (f": {note}" if note else ""))
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"{len(tests) - failed}/{len(tests)} passed in {time.perf_counter() - start:.1f}s")
    shutil.rmtree(scratch(), ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
