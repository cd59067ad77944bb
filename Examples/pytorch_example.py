#!/usr/bin/env python3
"""A PyTorch network learning sin(x) (nn.Linear layers, MSE/2 loss, SGD), traced for
`sinetui diagnose` with sinetrace.

    python3 pytorch_example.py OUT.jsonl [--steps N] [--batch B] [--activation tanh]
                               [--dtype float64] [--mse]
    sinetui diagnose OUT.jsonl

The three lines marked TRACE are all it takes. The weights are read from the layers after
`optimizer.step()`: nn.Linear(1, H) holds W1 as (H, 1) and b1 as (H,), nn.Linear(H, 1) W2 as
(1, H) and b2 as (1,); sinetrace takes any of these shapes. PyTorch computes in float32 by
default, so the trace holds only float32 values and diagnose compares it at float32's precision;
--dtype float64 makes a double-precision trace. --mse uses MSELoss without the 1/2, which
doubles every gradient: diagnose then reports a wrong scale of 2.

Exits 0 with "skipped: PyTorch is not installed" when `import torch` fails.
"""
import argparse
import sys

try:
    import torch
    from torch import nn
except ImportError:
    print("skipped: PyTorch is not installed (pip install torch); no trace written")
    sys.exit(0)

from sinetrace import Trace  # TRACE (1/3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="the trace file to write (JSON Lines)")
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=10)
    ap.add_argument("--activation", choices=("sigmoid", "tanh", "relu"), default="sigmoid")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    ap.add_argument("--mse", action="store_true", help="MSELoss without the 1/2 (a wrong scale)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.steps < 0 or args.batch < 1 or not 1 <= args.hidden <= 64:
        ap.error("--steps must be >= 0, --batch >= 1 and --hidden in 1...64")

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    dtype = {"float32": torch.float32, "float64": torch.float64}[args.dtype]
    lr, H = 0.01, args.hidden

    X = torch.rand(500, 1, dtype=dtype) * 15
    Y = torch.sin(X)
    layer1, layer2 = nn.Linear(1, H).to(dtype), nn.Linear(H, 1).to(dtype)
    with torch.no_grad():  # the sinetui experiment's start: U[-1, 1) weights and b1, b2 = 0
        for p in (layer1.weight, layer1.bias, layer2.weight):
            p.uniform_(-1, 1)
        layer2.bias.zero_()
    activation = {"sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "relu": nn.ReLU()}[args.activation]
    model = nn.Sequential(layer1, activation, layer2)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    mse = nn.MSELoss()  # the mean over the batch of (out - y)^2

    with Trace(args.out, eta=lr, w1=layer1.weight, w2=layer2.weight,  # TRACE (2/3)
               b1=layer1.bias, b2=layer2.bias, activation=args.activation,
               framework=f"pytorch {torch.__version__}", dtype=args.dtype) as trace:
        for step in range(args.steps):
            idx = torch.randint(0, len(X), (args.batch,))
            x, y = X[idx], Y[idx]
            optimizer.zero_grad()
            loss = mse(model(x), y) * (1.0 if args.mse else 0.5)
            loss.backward()
            optimizer.step()
            trace.step(x, y, layer1.weight, layer2.weight,  # TRACE (3/3)
                       layer1.bias, layer2.bias)

    with torch.no_grad():
        grid = torch.linspace(0, 15, 500, dtype=dtype).reshape(-1, 1)
        final = float(((model(grid) - torch.sin(grid)) ** 2).mean())
    print(f"{args.steps} steps, batch {args.batch}, {args.activation}, {args.dtype}: mse "
          f"{final:.4g}; trace in {args.out} (sinetui diagnose {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
