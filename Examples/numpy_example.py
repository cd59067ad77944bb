#!/usr/bin/env python3
"""A typical from-scratch NumPy network learning sin(x), traced for `sinetui diagnose`.

    python3 numpy_example.py OUT.jsonl [--bug ID] [--steps N] [--batch B] [--activation tanh]
    sinetui diagnose OUT.jsonl

Correct by default; --bug switches on one classic mistake (the lines marked BUG), --bug list
prints them. The three lines marked TRACE are all it takes to trace a loop like this one.
"""
import argparse
import sys

import numpy as np

from sinetrace import Trace  # TRACE (1/3)

BUGS = {
    "flipped-sign": "d_out = Y - out, and still `W -= lr * dW` (gradient ascent)",
    "sigmoid-of-sigmoid": "sigmoid_deriv(sigmoid(Z1)): the derivative of a sigmoid of a sigmoid",
    "tanh-of-tanh": "tanh_deriv(A1) with tanh_deriv(z) = 1 - tanh(z)**2, on A1 = tanh(Z1)",
    "derivative-of-pre-activation": "from_output(Z1): the x*(1-x) helper called on Z1, not A1",
    "missing-activation-derivative": "d_hidden = d_out @ W2.T, without the activation's slope",
    "missing-input": "dW1 = d_hidden summed over the batch, without X.T @",
    "summed-bias-gradient": "db1 = np.sum(d_hidden) / m: sums over the units as well",
    "not-updated": "the bias updates forgotten",
    "wrong-scale": "d_out = 2 * (out - Y): the derivative of (out - Y)**2, for a loss of half that",
    "updated-outgoing-weight": "W2 updated before d_hidden uses it",
    "loss-for-error": "d_out = (out - Y)**2 / 2: the loss where its derivative belongs",
}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_deriv(z):  # the slope at a pre-activation z
    return sigmoid(z) * (1 - sigmoid(z))


def from_output(s):  # the slope from the sigmoid's output s = sigmoid(z): correct on A1
    return s * (1 - s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="the trace file to write (JSON Lines)")
    ap.add_argument("--bug", default=None, help="one of: " + ", ".join(BUGS) + " (or 'list')")
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--activation", choices=("sigmoid", "tanh"), default="sigmoid")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    bug, act = args.bug, args.activation
    if bug == "list":
        for k, v in BUGS.items():
            print(f"{k:<31} {v}")
        return 0
    if bug is not None and bug not in BUGS:
        ap.error(f"--bug: unknown {bug!r}; one of: {', '.join(BUGS)}")
    if (bug, act) in (("sigmoid-of-sigmoid", "tanh"), ("tanh-of-tanh", "sigmoid")):
        ap.error(f"--bug {bug} needs the other activation")
    if args.steps < 0 or args.batch < 1:
        ap.error("--steps must be >= 0 and --batch >= 1")

    rng = np.random.default_rng(args.seed)
    X_data = rng.uniform(0, 15, (500, 1))
    Y_data = np.sin(X_data)
    H, lr = 10, 0.01
    W1 = rng.uniform(-1, 1, (1, H))
    b1 = rng.uniform(-1, 1, (1, H))
    W2 = rng.uniform(-1, 1, (H, 1))
    b2 = np.zeros((1, 1))

    with Trace(args.out, eta=lr, w1=W1, w2=W2, b1=b1, b2=b2, activation=act,  # TRACE (2/3)
               seed=args.seed, bug=bug or "none") as trace:
        for step in range(args.steps):
            idx = rng.integers(0, len(X_data), args.batch)
            X, Y = X_data[idx], Y_data[idx]  # (m, 1)
            m = X.shape[0]

            # forward
            Z1 = X @ W1 + b1
            A1 = sigmoid(Z1) if act == "sigmoid" else np.tanh(Z1)
            out = A1 @ W2 + b2

            # backward, for the loss (out - Y)**2 / 2
            if bug == "flipped-sign":
                d_out = Y - out  # BUG
            elif bug == "wrong-scale":
                d_out = 2 * (out - Y)  # BUG
            elif bug == "loss-for-error":
                d_out = (out - Y) ** 2 / 2  # BUG
            else:
                d_out = out - Y
            dW2 = A1.T @ d_out / m
            db2 = d_out.sum(axis=0, keepdims=True) / m
            if bug == "updated-outgoing-weight":
                W2 -= lr * dW2  # BUG: before d_hidden reads W2
            if act == "sigmoid":
                if bug == "sigmoid-of-sigmoid":
                    slope = sigmoid_deriv(sigmoid(Z1))  # BUG
                elif bug == "derivative-of-pre-activation":
                    slope = from_output(Z1)  # BUG
                else:
                    slope = from_output(A1)  # correct: A1 is already sigmoid(Z1)
            else:
                if bug == "tanh-of-tanh":
                    slope = 1 - np.tanh(A1) ** 2  # BUG
                elif bug == "derivative-of-pre-activation":
                    slope = 1 - Z1 ** 2  # BUG
                else:
                    slope = 1 - A1 ** 2
            if bug == "missing-activation-derivative":
                d_hidden = d_out @ W2.T  # BUG
            else:
                d_hidden = (d_out @ W2.T) * slope
            if bug == "missing-input":
                dW1 = d_hidden.sum(axis=0, keepdims=True) / m  # BUG
            else:
                dW1 = X.T @ d_hidden / m
            if bug == "summed-bias-gradient":
                db1 = np.sum(d_hidden) / m  # BUG
            else:
                db1 = d_hidden.sum(axis=0, keepdims=True) / m

            # update
            if bug != "updated-outgoing-weight":
                W2 -= lr * dW2
            W1 -= lr * dW1
            if bug != "not-updated":
                b1 -= lr * db1
                b2 -= lr * db2

            trace.step(X, Y, W1, W2, b1, b2)  # TRACE (3/3)

    grid = np.linspace(0, 15, 500).reshape(-1, 1)
    A = sigmoid(grid @ W1 + b1) if act == "sigmoid" else np.tanh(grid @ W1 + b1)
    mse = float(np.mean((A @ W2 + b2 - np.sin(grid)) ** 2))
    print(f"{args.steps} steps, batch {args.batch}, {act}, bug {bug or 'none'}: mse {mse:.4g}; "
          f"trace in {args.out} (sinetui diagnose {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
