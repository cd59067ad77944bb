"""Check a sinetui trace (JSON Lines from `sinetui train ... --trace FILE`) step by step against
the independent float64 reference in reference.py.

    python3 check_trace.py TRACE [--tolerance 1e-9]

Exit 0 when every step matches (also when the trace stops at a non-finite value, the run having
diverged: the steps before it are checked and the divergence is reported), 1 at the first
mismatch, 2 when the trace cannot be read.

How a step is checked. Each step starts from the trace's own parameters before it (the previous
line's), so rounding does not accumulate; the reference computes its gradient there with the
tape in reference.py, advances its *own* optimizer state (fresh, or line 1's optimizerState; it
never reads state from the step lines) and gets θ_ref = θ_before + Δθ_ref. For each group
(w1, w2, b1, b2) the step matches when

    max |θ_trace − θ_ref| ≤ tol·max|Δθ_ref| + 8·ε·(max|θ_before| + max|Δθ_ref|),  ε = 2⁻⁵²,

the maxima taken over the group's components: a relative tolerance on the update plus a few
ulps of the parameters, for the rounding of θ_before + Δθ.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass

import numpy as np

import reference

EPSILON = 2.220446049250313e-16
MAX_HIDDEN = 64


class Unreadable(Exception):
    """The trace cannot be read: bad JSON, missing or malformed keys, unknown settings."""


@dataclass
class Settings:
    eta: float
    rule: str
    activation: str
    optimizer: str
    batch: int
    hidden: int
    biases: bool
    continued: bool  # whether line 1 carried an optimizerState

    def __str__(self):
        rule = "original" if self.rule == "seed" else self.rule
        return (
            f"rule={rule} activation={self.activation} optimizer={self.optimizer} "
            f"batch={self.batch} eta={self.eta!r} hidden={self.hidden} "
            f"biases={'yes' if self.biases else 'no'}"
            + (" (continued from optimizerState)" if self.continued else "")
        )


@dataclass
class Mismatch:
    step: int
    line: int
    group: str
    error: float  # max |θ_trace − θ_ref|
    allowed: float
    traced: np.ndarray  # θ_after − θ_before from the trace
    expected: np.ndarray  # Δθ_ref

    def describe(self) -> str:
        worst = int(np.nanargmax(np.abs(self.traced - self.expected))) if self.traced.size else 0
        return "\n".join(
            [
                f"MISMATCH at step {self.step} (line {self.line}), group {self.group}: "
                f"max |θ_trace − θ_ref| = {self.error:.3e} > allowed {self.allowed:.3e}",
                f"  worst component {self.group}[{worst}]: traced update "
                f"{float(self.traced[worst])!r}, reference update {float(self.expected[worst])!r}",
                f"  traced update    {_preview(self.traced)}",
                f"  reference update {_preview(self.expected)}",
            ]
        )


@dataclass
class Result:
    settings: Settings
    tolerance: float
    steps: int = 0
    worst_relative: float = 0.0  # max over groups of max|θ_trace − θ_ref| / max|Δθ_ref|
    worst_at: str = ""
    worst_fraction: float = 0.0  # max over groups of error / allowed
    mismatch: Mismatch | None = None
    diverged: str | None = None  # where the first non-finite value is

    def summary(self) -> str:
        if self.mismatch is not None:
            return self.mismatch.describe() + f"\n  {self.settings} tolerance={self.tolerance:g}"
        text = (
            f"OK: {self.steps} steps checked, worst relative error {self.worst_relative:.3e}"
            + (f" ({self.worst_at})" if self.worst_at else "")
            + f", {self.worst_fraction:.3g} of the allowed bound; {self.settings} "
            f"tolerance={self.tolerance:g}"
        )
        if self.diverged:
            text += f"; stopped at {self.diverged} (the run diverged)"
        return text


def _preview(values, limit=8):
    shown = ", ".join(f"{v:.17g}" for v in values[:limit])
    return "[" + shown + (f", … ({values.size} in all)" if values.size > limit else "") + "]"


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _number(value, what):
    """A JSON number as float; null (a non-finite value in the trace) becomes NaN."""
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unreadable(f"{what} is not a number: {value!r}")
    return float(value)


def _numbers(value, count, what):
    if not isinstance(value, list) or len(value) != count:
        raise Unreadable(f"{what} is not an array of {count} numbers")
    return np.array([_number(v, f"{what}[{i}]") for i, v in enumerate(value)], dtype=float)


def _parameters(obj, hidden, biases):
    """The groups of one line, NaN where the trace wrote null."""
    theta = {"w1": _numbers(obj.get("w1"), hidden, "w1"), "w2": _numbers(obj.get("w2"), hidden, "w2")}
    if biases:
        theta["b1"] = _numbers(obj.get("b1"), hidden, "b1")
        theta["b2"] = np.array(_number(obj.get("b2"), "b2"))
    elif obj.get("b1") is not None or obj.get("b2") is not None:
        raise Unreadable("b1/b2 given in a trace whose first line has no biases")
    return theta


def _first_non_finite(named):
    """The name (with index) of the first non-finite value in [(name, array)], or None."""
    for name, values in named:
        values = np.asarray(values)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            return name if values.size == 1 else f"{name}[{bad[0]}]"
    return None


def _choice(header, key, default, allowed):
    value = header.get(key, default)
    if value is None:
        value = default
    if value not in allowed:
        raise Unreadable(f"unknown {key} {value!r} (known: {', '.join(allowed)})")
    return value


def _optimizer_state(raw, optimizer, theta, hidden):
    """Line 1's optimizerState cut to the present groups. Its flat vectors have one entry per
    parameter (w1, w2, b1, b2); without biases they may also carry the 3H+1 entries of sinetui's
    storage, whose bias entries are then dropped."""
    if raw is None or optimizer == "sgd":
        return None
    if not isinstance(raw, dict):
        raise Unreadable("optimizerState is not an object")
    size = reference.flatten(theta).size
    keys = ("m",) if optimizer == "momentum" else ("m", "v")
    state = {}
    for key in keys:
        values = raw.get(key)
        if not isinstance(values, list) or len(values) not in (size, 3 * hidden + 1):
            raise Unreadable(f"optimizerState.{key} is not an array of {size} numbers")
        values = _numbers(values, len(values), f"optimizerState.{key}")[:size]
        if not np.all(np.isfinite(values)):
            raise Unreadable(f"optimizerState.{key} has a non-finite value")
        state[key] = values
    if optimizer == "adam":
        step = raw.get("step")
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise Unreadable("optimizerState.step is not a non-negative integer")
        state["step"] = step
    return state


def _read_header(obj):
    eta = _number(obj.get("eta"), "eta")
    if not math.isfinite(eta):
        raise Unreadable("eta is missing or not finite")
    w1 = obj.get("w1")
    if not isinstance(w1, list) or not 1 <= len(w1) <= MAX_HIDDEN:
        raise Unreadable(f"w1 is not an array of 1...{MAX_HIDDEN} numbers")
    hidden = len(w1)
    if (obj.get("b1") is None) != (obj.get("b2") is None):
        raise Unreadable("b1 and b2 must be both present or both null")
    biases = obj.get("b1") is not None
    batch = obj.get("batch", 1)
    if isinstance(batch, float) and batch.is_integer():
        batch = int(batch)
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise Unreadable(f"batch is not a positive integer: {batch!r}")
    optimizer = _choice(obj, "optimizer", "sgd", tuple(reference.OPTIMIZERS))
    theta = _parameters(obj, hidden, biases)
    settings = Settings(
        eta=eta,
        rule=_choice(obj, "rule", "correct", tuple(reference.RULES)),
        activation=_choice(obj, "activation", "sigmoid", tuple(reference.ACTIVATIONS)),
        optimizer=optimizer,
        batch=batch,
        hidden=hidden,
        biases=biases,
        continued=obj.get("optimizerState") is not None and optimizer != "sgd",
    )
    state = _optimizer_state(obj.get("optimizerState"), optimizer, theta, hidden)
    return settings, theta, state


def _read_sample(value, batch, what):
    if batch == 1 and not isinstance(value, list):
        return np.array([_number(value, what)])
    return _numbers(value, batch, what)


def _lines(path):
    """(line number, parsed object) for each non-blank line."""
    try:
        with open(path, encoding="utf-8") as file:
            for number, text in enumerate(file, start=1):
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as error:
                    raise Unreadable(f"line {number}: not JSON ({error})") from None
                if not isinstance(obj, dict):
                    raise Unreadable(f"line {number}: not a JSON object")
                yield number, obj
    except (OSError, UnicodeDecodeError) as error:
        raise Unreadable(str(error)) from None


# ---------------------------------------------------------------------------------------------
# Replaying
# ---------------------------------------------------------------------------------------------


def check_trace(path, tolerance=1e-9) -> Result:
    """Replays the trace at ``path``; raises Unreadable when it cannot be read."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise Unreadable("the trace is empty")
    try:
        settings, theta_before, state = _read_header(first[1])
    except Unreadable as error:
        raise Unreadable(f"line {first[0]}: {error}") from None
    result = Result(settings, tolerance)
    bad = _first_non_finite(list(theta_before.items()))
    if bad:
        result.diverged = f"line {first[0]}: {bad} is non-finite"
        return result

    slices = reference.group_slices(theta_before)
    size = reference.flatten(theta_before).size
    optimizer = reference.make_optimizer(settings.optimizer, settings.eta, size, state)

    for number, obj in lines:
        try:
            xs = _read_sample(obj.get("x"), settings.batch, "x")
            ys = _read_sample(obj.get("y"), settings.batch, "y")
            theta_after = _parameters(obj, settings.hidden, settings.biases)
        except Unreadable as error:
            raise Unreadable(f"line {number}: {error}") from None
        bad = _first_non_finite([("x", xs), ("y", ys)] + list(theta_after.items()))
        if bad:
            result.diverged = f"line {number}: {bad} is non-finite"
            break
        step = result.steps + 1

        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run may overflow
            g = reference.gradient(theta_before, xs, ys, settings.activation, settings.rule)
            before = reference.flatten(theta_before)
            update = optimizer.update(reference.flatten(g))
            expected = before + update
        after = reference.flatten(theta_after)

        for group, where in slices.items():
            delta_scale = np.max(np.abs(update[where]))
            error = np.max(np.abs(after[where] - expected[where]))
            allowed = tolerance * delta_scale + 8 * EPSILON * (
                np.max(np.abs(before[where])) + delta_scale
            )
            if not error <= allowed:  # also catches NaN from the reference
                result.mismatch = Mismatch(
                    step, number, group, float(error), float(allowed),
                    after[where] - before[where], update[where],
                )
                return result
            if delta_scale > 0 and error / delta_scale > result.worst_relative:
                result.worst_relative = float(error / delta_scale)
                result.worst_at = f"step {step}, {group}"
            if allowed > 0:
                result.worst_fraction = max(result.worst_fraction, float(error / allowed))
        result.steps = step
        theta_before = theta_after
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", help="a JSON Lines trace written by sinetui train --trace")
    parser.add_argument("--tolerance", type=float, default=1e-9,
                        help="relative tolerance on each group's update (default 1e-9)")
    args = parser.parse_args(argv)
    try:
        result = check_trace(args.trace, args.tolerance)
    except Unreadable as error:
        print(f"unreadable trace {args.trace}: {error}", file=sys.stderr)
        return 2
    print(result.summary())
    return 1 if result.mismatch is not None else 0


if __name__ == "__main__":
    sys.exit(main())
