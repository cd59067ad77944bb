"""Write a sinetui trace from your own training loop, so `sinetui diagnose` can check your backprop.

Three lines in your program::

    from sinetrace import Trace

    trace = Trace("run.jsonl", eta=lr, w1=W1, w2=W2, b1=b1, b2=b2, activation="sigmoid")
    for step in range(steps):
        ...                                   # forward, backward, update
        trace.step(x, y, W1, W2, b1, b2)      # after the update
    trace.close()                             # or: with Trace(...) as trace: ...

then ``sinetui diagnose run.jsonl``.

The network the trace describes: 1 input, H hidden units (1 <= H <= 64), 1 linear output::

    h = w1 * x + b1      a = act(h)      yhat = sum(w2 * a) + b2      loss = (yhat - y)^2 / 2

trained by plain gradient descent (theta -= eta * gradient; for a mini-batch, the mean over the
batch of the per-sample gradients).

The file is JSON Lines. Line 1 (written at the first ``step()``, or at ``close()``):

    eta          the learning rate (a number > 0)
    w1, w2       the initial weights, H numbers each
    b1, b2       the initial biases (H numbers, and one number), or both null: no biases
    activation   "sigmoid" (the default), "tanh" or "relu"
    optimizer    "sgd"
    batch        samples per step (1 when absent)
    hidden       H
    and any keyword you add (seed=..., preset=..., note=...): diagnose ignores other keys.

Each further line is one step: ``x``, ``y`` (numbers, or arrays of the batch's samples) and
``w1``, ``w2``, ``b1``, ``b2`` AFTER that step's update (b1/b2 null without biases). Numbers are
written in Python's shortest round-trip form (``repr``), so the trace replays bit for bit; a value
that stopped being finite is written as NaN/Infinity/-Infinity (Python's json), which diagnose
reads. float32 values are written exactly (0.1 in float32 is 0.10000000149011612).

Weights may be NumPy arrays of any shape holding H numbers ((1, H), (H, 1), (H,)), lists, PyTorch
tensors (``.detach().cpu()`` is applied for you) or anything ``numpy.asarray`` reads; b2 may be a
number or any array holding one number; x and y numbers or arrays. Values are copied at once, so
updating the arrays in place afterwards (``W1 -= ...``) does not change what was written.

Trace every step (the updates are compared step by step), or cap the file with ``max_steps``:
after that many steps ``step()`` does nothing. At batch > 1 every step must hold ``batch``
samples (drop a smaller last batch, e.g. PyTorch's ``DataLoader(..., drop_last=True)``).
"""
import json
import math
import os

import numpy as np

__all__ = ["Trace"]

ACTIVATIONS = ("sigmoid", "tanh", "relu")


def _array(value, name, count=None):
    """`value` as a flat list of Python floats (of `count` numbers when given)."""
    if hasattr(value, "detach"):  # a PyTorch tensor, without importing torch
        value = value.detach().cpu().numpy()
    flat = np.asarray(value).reshape(-1)
    if flat.dtype.kind not in "fiub":
        raise TypeError(f"sinetrace: {name} holds {flat.dtype} values, not numbers")
    if count is not None and flat.size != count:
        raise ValueError(f"sinetrace: {name} holds {flat.size} numbers, expected {count}")
    return [float(v) for v in flat.tolist()]


def _number(value, name):
    values = _array(value, name)
    if len(values) != 1:
        raise ValueError(f"sinetrace: {name} holds {len(values)} numbers, expected 1")
    return values[0]


def _extra_value(value):
    """An extra key's value as JSON: strings, booleans, None, lists and dicts as they are; numbers
    and arrays (NumPy, PyTorch) as floats and flat lists of floats."""
    if value is None or isinstance(value, (str, bool, list, dict)):
        return value
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    arr = np.asarray(value)
    if arr.ndim == 0:
        return float(arr)
    return [float(v) for v in arr.reshape(-1).tolist()]


class Trace:
    """A trace file being written: ``Trace(path, eta=..., w1=..., w2=..., b1=None, b2=None,
    activation="sigmoid", batch=None, max_steps=None, **extra)``.

    path: a file name (created or truncated) or an open text file (left open by ``close()``).
    eta, w1, w2, b1, b2: the learning rate and the INITIAL parameters, before the first update
    (b1 and b2 both given, or both None for a network without biases).
    activation: "sigmoid", "tanh" or "relu". batch: samples per step; by default taken from the
    first ``step()``. max_steps: stop writing after this many steps (None: never).
    extra: more keys for line 1 (seed=1, preset="bias", ...), any JSON-serialisable values.
    """

    def __init__(self, path, *, eta, w1, w2, b1=None, b2=None, activation="sigmoid",
                 batch=None, max_steps=None, optimizer="sgd", **extra):
        if activation not in ACTIVATIONS:
            raise ValueError(f"sinetrace: activation {activation!r} is not one of {ACTIVATIONS}")
        eta = float(eta)
        if not (math.isfinite(eta) and eta > 0):
            raise ValueError(f"sinetrace: eta {eta} must be a finite number greater than 0")
        w1 = _array(w1, "w1")
        self.hidden = len(w1)
        if not 1 <= self.hidden <= 64:
            raise ValueError(f"sinetrace: w1 holds {self.hidden} numbers; sinetui takes 1...64")
        w2 = _array(w2, "w2", self.hidden)
        if (b1 is None) != (b2 is None):
            raise ValueError("sinetrace: give b1 and b2 both, or neither (None, None)")
        self.biases = b1 is not None
        self._header = {"eta": eta, "w1": w1, "w2": w2,
                        "b1": _array(b1, "b1", self.hidden) if self.biases else None,
                        "b2": _number(b2, "b2") if self.biases else None,
                        "activation": activation, "optimizer": optimizer}
        if batch is not None:
            if int(batch) != batch or batch < 1:
                raise ValueError(f"sinetrace: batch {batch} must be a whole number >= 1")
            self._header["batch"] = int(batch)
        self._header["hidden"] = self.hidden
        for key, value in extra.items():
            if key in self._header or key in ("x", "y"):
                raise ValueError(f"sinetrace: {key} is a trace key, not an extra one")
            self._header[key] = value
        self.batch = None if batch is None else int(batch)
        self.max_steps = max_steps
        self.steps = 0
        if isinstance(path, (str, bytes, os.PathLike)):
            self._file = open(path, "w", encoding="utf-8")
            self._owns = True
        else:
            self._file = path
            self._owns = False
        self._closed = False

    def _write(self, record):
        self._file.write(json.dumps(record) + "\n")

    def _write_header(self):
        if self._header is not None:
            if "batch" not in self._header:
                # taken from the first step; placed before `hidden` for readability
                self._header = {**{k: v for k, v in self._header.items() if k != "hidden"},
                                "batch": self.batch or 1, "hidden": self.hidden}
            self._write(self._header)
            self._header = None

    def step(self, x, y, w1, w2, b1=None, b2=None, **extra):
        """Records one step: its sample(s) x, y and the parameters AFTER its update.

        x, y: numbers, or arrays of the batch's samples (any shape). extra: more keys for this
        line (loss=..., say), which diagnose ignores."""
        if self._closed:
            raise ValueError("sinetrace: step() after close()")
        if self.max_steps is not None and self.steps >= self.max_steps:
            return
        xs, ys = _array(x, "x"), _array(y, "y")
        if len(xs) != len(ys):
            raise ValueError(f"sinetrace: x holds {len(xs)} samples and y {len(ys)}")
        if self.batch is None:
            self.batch = len(xs)
        if len(xs) != self.batch:
            raise ValueError(f"sinetrace: this step holds {len(xs)} samples, the trace's batch "
                             f"is {self.batch} (drop a smaller last batch)")
        if (b1 is None) != (b2 is None) or (b1 is not None) != self.biases:
            raise ValueError("sinetrace: b1 and b2 must be given exactly when line 1 has "
                             "biases" if self.biases else
                             "sinetrace: this network has no biases: leave b1 and b2 out")
        record = {"x": xs[0] if self.batch == 1 else xs, "y": ys[0] if self.batch == 1 else ys,
                  "w1": _array(w1, "w1", self.hidden), "w2": _array(w2, "w2", self.hidden),
                  "b1": _array(b1, "b1", self.hidden) if self.biases else None,
                  "b2": _number(b2, "b2") if self.biases else None}
        for key, value in extra.items():
            if key in record:
                raise ValueError(f"sinetrace: {key} is a trace key, not an extra one")
            record[key] = _extra_value(value)
        self._write_header()
        self._write(record)
        self.steps += 1

    def flush(self):
        """Pushes what has been written so far to the file (line 1 too)."""
        if not self._closed:
            self._write_header()
            self._file.flush()

    def close(self):
        """Writes line 1 if no step did, flushes, and closes a file this Trace opened."""
        if self._closed:
            return
        self.flush()
        if self._owns:
            self._file.close()
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
