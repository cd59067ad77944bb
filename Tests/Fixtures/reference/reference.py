"""An independent float64 reference for one sinetui training step.

The network: 1 input, H hidden units, 1 linear output, optional biases:

    hᵢ = w1ᵢ·x + b1ᵢ,   aᵢ = act(hᵢ),   ŷ = Σᵢ w2ᵢ·aᵢ + b2,   loss = ½(ŷ − y)²

Why this is independent of sinetui's Swift core
-----------------------------------------------
The Swift core hand-codes backpropagation: it writes down dE/dŷ, then w2ᵢ·act'(hᵢ)·x and so on.
This module never writes a derivative of the *network*. It records the forward computation on a
tiny reverse-mode tape (`Value`) and lets the chain rule run over the tape. The only derivatives
written by hand are the local ones of the primitives (+, −, ×, sum, mean, the three activations,
½(ŷ − y)²), each a one-liner that can be checked in isolation (test_reference.py checks the
whole tape against finite differences).

The two wrong rules are expressed as what they are, a different local derivative on one node,
and the tape does the rest:

* ``sign``: the loss node reports ∂loss/∂ŷ = (y − ŷ) instead of (ŷ − y); everything below it is
  then negated by the chain rule, so g = −∂loss/∂θ for every group.
* ``double-sigmoid``: the activation node reports act'(a), the derivative evaluated at its own
  *output* a = act(h), instead of act'(h) at its input. For sigmoid that is σ(a)(1 − σ(a)); for
  tanh 1 − tanh²(a); for relu 1[a > 0], which equals 1[h > 0], so relu is unchanged.
* ``original`` (old name ``seed``): both.

A mini-batch of B samples is the mean of the B per-sample losses; by linearity the tape's
gradient of that mean is the mean of the per-sample gradients. The tape works on NumPy arrays
(shape (B, H) for the hidden layer) rather than on one Python object per scalar, so that traces
of hundreds of thousands of steps replay in seconds; the arithmetic is the same float64.

Optimizers (PyTorch's ``torch.optim`` forms, state per parameter)
----------------------------------------------------------------
* ``sgd``:      θ ← θ + (−η)·g                                (SGD, momentum 0)
* ``momentum``: v ← μ·v + g;  θ ← θ + (−η)·v,  μ = 0.9         (SGD, dampening 0, no Nesterov)
* ``adam``:     t ← t + 1;  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;
                denom = √v / √(1 − β2ᵗ) + ε;  θ ← θ + (−η/(1 − β1ᵗ))·(m / denom)
                β1 = 0.9, β2 = 0.999, ε = 1e-8 (ε added *after* the bias correction of √v,
                which is what PyTorch does; equal to η·m̂/(√v̂ + ε) up to rounding).

Parameters travel as a dict of NumPy arrays {"w1": (H,), "w2": (H,), "b1": (H,), "b2": ()};
without biases "b1" and "b2" are absent. Optimizers work on the flat vector w1, w2, b1, b2
(present groups only), the order of sinetui's snapshots.
"""

from __future__ import annotations

import numpy as np

GROUPS = ("w1", "w2", "b1", "b2")

# rule name -> (flips the sign of dE/dŷ, evaluates act' at the activation)
RULES = {
    "correct": (False, False),
    "sign": (True, False),
    "double-sigmoid": (False, True),
    "original": (True, True),
    "seed": (True, True),  # the old name of "original"
}


# ---------------------------------------------------------------------------------------------
# The tape
# ---------------------------------------------------------------------------------------------


class Value:
    """A node of a reverse-mode tape holding a float64 NumPy array (or a 0-d scalar).

    ``parents`` are the nodes it was computed from; ``vjp`` maps the gradient flowing into this
    node to one gradient per parent (the vector-Jacobian product of the primitive). Broadcasting
    in the forward pass is undone in the backward pass by summing (`_unbroadcast`). A node made
    with ``constant=True`` (the inputs and targets), and every node computed from constants only,
    gets no gradient.
    """

    __slots__ = ("data", "grad", "parents", "vjp", "constant")

    def __init__(self, data, parents=(), vjp=None, constant=False):
        self.data = np.asarray(data, dtype=np.float64)
        self.grad = None
        self.parents = parents
        self.vjp = vjp
        self.constant = constant or (bool(parents) and all(p.constant for p in parents))

    @staticmethod
    def lift(value) -> Value:
        return value if isinstance(value, Value) else Value(value, constant=True)

    # Primitives, each with its local derivative.

    def __add__(self, other):
        other = Value.lift(other)
        return Value(self.data + other.data, (self, other), lambda g: (g, g))

    __radd__ = __add__

    def __neg__(self):
        return Value(-self.data, (self,), lambda g: (-g,))

    def __sub__(self, other):
        return self + (-Value.lift(other))

    def __rsub__(self, other):
        return Value.lift(other) + (-self)

    def __mul__(self, other):
        other = Value.lift(other)
        a, b = self.data, other.data
        return Value(a * b, (self, other), lambda g: (g * b, g * a))

    __rmul__ = __mul__

    def sum(self, axis=None):
        shape = self.data.shape

        def vjp(g):
            if axis is not None:
                g = np.expand_dims(g, axis)
            return (np.broadcast_to(g, shape),)

        return Value(self.data.sum(axis=axis), (self,), vjp)

    def mean(self):
        shape, n = self.data.shape, self.data.size
        return Value(self.data.mean(), (self,), lambda g: (np.broadcast_to(g / n, shape),))

    def unary(self, output, local_derivative):
        """An elementwise function of this node with the given output and local derivative
        (an array like ``output``): the hook the activations and the loss use."""
        return Value(output, (self,), lambda g: (g * local_derivative,))

    def backward(self):
        """Fills ``grad`` of every node this one depends on with d(self)/d(node)."""
        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
        self.grad = np.ones_like(self.data)
        for node in reversed(order):
            if node.vjp is None or node.grad is None:
                continue
            for parent, g in zip(node.parents, node.vjp(node.grad)):
                if parent.constant:
                    continue
                g = _unbroadcast(g, parent.data.shape)
                parent.grad = g if parent.grad is None else parent.grad + g


def _unbroadcast(g, shape):
    """Sums a gradient over the axes that broadcasting added or stretched, back to ``shape``."""
    g = np.asarray(g, dtype=np.float64)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


# ---------------------------------------------------------------------------------------------
# Activations and the loss, as tape nodes
# ---------------------------------------------------------------------------------------------


def _sigmoid(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_derivative(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


# name -> (act, act') with act' a function of the point it is evaluated at
ACTIVATIONS = {
    "sigmoid": (_sigmoid, _sigmoid_derivative),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    # max(0, h); derivative 1[h > 0], so 0 at exactly h = 0 (as PyTorch's relu backward).
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(np.float64)),
}


def activate(h: Value, name: str, at_activation: bool = False) -> Value:
    """act(h) as a tape node. Its local derivative is act'(h), or act'(act(h)) when
    ``at_activation`` (the ``double-sigmoid`` bug: the derivative applied to the activation)."""
    function, derivative = ACTIVATIONS[name]
    a = function(h.data)
    return h.unary(a, derivative(a if at_activation else h.data))


def half_squared_error(prediction: Value, target, flip_sign: bool = False) -> Value:
    """½(ŷ − y)² per sample as a tape node. Its local derivative is (ŷ − y), or (y − ŷ) when
    ``flip_sign`` (the ``sign`` bug)."""
    residual = prediction.data - np.asarray(target, dtype=np.float64)
    return prediction.unary(0.5 * residual * residual, -residual if flip_sign else residual)


# ---------------------------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------------------------


def predict(params: dict, xs, activation: str, at_activation: bool = False) -> Value:
    """ŷ for a batch: params maps group names to Values (or arrays); xs has B inputs."""
    x = Value(np.asarray(xs, dtype=np.float64).reshape(-1, 1), constant=True)  # (B, 1)
    h = x * params["w1"]  # (B, H)
    if "b1" in params:
        h = h + params["b1"]
    a = activate(h, activation, at_activation)
    prediction = (a * params["w2"]).sum(axis=1)  # (B,)
    if "b2" in params:
        prediction = prediction + params["b2"]
    return prediction


def batch_loss(theta: dict, xs, ys, activation: str) -> float:
    """The mean over the batch of ½(ŷ − y)² (forward only; the finite-difference tests use it)."""
    return float(half_squared_error(predict(theta, xs, activation), ys).mean().data)


def gradient(theta: dict, xs, ys, activation: str = "sigmoid", rule: str = "correct") -> dict:
    """The gradient g a training step uses, per group: the tape's derivative of the batch-mean
    loss, with the rule's altered local derivatives (see the module docstring)."""
    flip_sign, at_activation = RULES[rule]
    leaves = {name: Value(np.array(value, dtype=np.float64)) for name, value in theta.items()}
    prediction = predict(leaves, xs, activation, at_activation)
    half_squared_error(prediction, ys, flip_sign).mean().backward()
    return {name: leaf.grad for name, leaf in leaves.items()}


def flatten(groups: dict) -> np.ndarray:
    """w1, w2, b1, b2 (those present) as one flat vector."""
    return np.concatenate([np.atleast_1d(groups[name]) for name in GROUPS if name in groups])


def group_slices(theta: dict) -> dict:
    """Where each present group lives in the flat vector."""
    slices, start = {}, 0
    for name in GROUPS:
        if name in theta:
            size = np.size(theta[name])
            slices[name] = slice(start, start + size)
            start += size
    return slices


# ---------------------------------------------------------------------------------------------
# Optimizers: each `update(g)` advances its own state and returns the flat update Δθ to add.
# ---------------------------------------------------------------------------------------------


class SGD:
    """θ ← θ + (−η)·g (PyTorch: p.add_(grad, alpha=-lr))."""

    def __init__(self, eta: float, size: int, state: dict | None = None):
        self.eta = eta

    def update(self, g):
        return -self.eta * g


class Momentum:
    """v ← μ·v + g; θ ← θ + (−η)·v. PyTorch's SGD with momentum μ = 0.9, dampening 0, no
    Nesterov (its first step sets v = g, which is μ·0 + g exactly). The velocity starts at 0, or
    at the snapshot's ``m``."""

    mu = 0.9

    def __init__(self, eta: float, size: int, state: dict | None = None):
        self.eta = eta
        self.velocity = np.zeros(size) if state is None else np.array(state["m"], dtype=float)

    def update(self, g):
        self.velocity = self.mu * self.velocity + g
        return -self.eta * self.velocity


class Adam:
    """PyTorch's Adam (amsgrad off, weight decay 0), evaluated as PyTorch does:
    t ← t+1; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
    denom = √v / √(1−β2ᵗ) + ε; θ ← θ + (−η/(1−β1ᵗ))·(m/denom).
    (PyTorch updates m with lerp, m + (1−β1)(g − m): the same number up to rounding.)"""

    beta1, beta2, epsilon = 0.9, 0.999, 1e-8

    def __init__(self, eta: float, size: int, state: dict | None = None):
        self.eta = eta
        if state is None:
            self.t, self.m, self.v = 0, np.zeros(size), np.zeros(size)
        else:
            self.t = int(state["step"])
            self.m = np.array(state["m"], dtype=float)
            self.v = np.array(state["v"], dtype=float)

    def update(self, g):
        self.t += 1
        self.m = self.beta1 * self.m + (1 - self.beta1) * g
        self.v = self.beta2 * self.v + (1 - self.beta2) * (g * g)
        step_size = self.eta / (1 - self.beta1**self.t)
        denom = np.sqrt(self.v) / np.sqrt(1 - self.beta2**self.t) + self.epsilon
        return -step_size * (self.m / denom)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def make_optimizer(name: str, eta: float, size: int, state: dict | None = None):
    """A fresh optimizer for ``size`` parameters, or one continuing from ``state``
    ({"step": t, "m": flat, "v": flat}, already cut to ``size``)."""
    return OPTIMIZERS[name](eta, size, state)
