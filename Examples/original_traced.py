# The original program (the question's from-scratch NumPy network), with the few lines (marked
# TRACE) that write what each step did as a sinetui trace, so that `sinetui diagnose` can say
# which gradient it computes:
#
#     python3 original_traced.py [STEPS [TRACE_FILE [SEED]]]
#                        (defaults: 500000 steps, original_trace.jsonl, NumPy's unseeded generator)
#     sinetui diagnose original_trace.jsonl
#
# Everything else is the original code as posted, but for one word: `np.math.e` is `math.e`
# (the same number), because NumPy 2 removed its alias of the `math` module.
import json  # TRACE
import math
import sys  # TRACE
from math import sin

import numpy as np

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 500000  # TRACE
TRACE = open(sys.argv[2] if len(sys.argv) > 2 else "original_trace.jsonl", "w")  # TRACE
if len(sys.argv) > 3:  # TRACE: a repeatable run from NumPy's random seed
    np.random.seed(int(sys.argv[3]))


def trace(**values):  # TRACE: one JSON line; arrays as lists, floats in round-trip form
    values = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in values.items()}
    TRACE.write(json.dumps(values) + "\n")


def sigmoid(x):
    return 1 / (1 + math.e ** -x)


def sigmoid_deriv(x):
    return sigmoid(x) * (1 - sigmoid(x))


x_data = np.random.rand(500) * 15.0
y_data = [sin(x) for x in x_data]

ETA = .01

layer1 = 0
layer1_weights = np.random.rand(10) * 2. - 1.

layer2 = np.zeros(10)
layer2_weights = np.random.rand(10) * 2. - 1.

layer3 = 0

trace(eta=ETA, w1=layer1_weights, w2=layer2_weights, b1=None, b2=None)  # TRACE: line 1

for loop_iter in range(STEPS):  # TRACE: was range(500000)
    # data init
    index = np.random.randint(0, 500)
    x = x_data[index]
    y = y_data[index]

    # forward propagation
    # layer 1
    layer1 = x

    # layer 2
    layer2 = layer1_weights * layer1

    # layer 3
    layer3 = sum(sigmoid(layer2) * layer2_weights)

    # error
    error = .5 * (layer3 - y) ** 2  # L2 loss

    # backpropagation
    # error_wrt_layer3 * layer3_wrt_weights_layer2
    error_wrt_layer2_weights = (y - layer3) * sigmoid(layer2)
    # error_wrt_layer3 * layer3_wrt_out_layer2 * out_layer2_wrt_in_layer2 * in_layer2_wrt_weights_layer1
    error_wrt_layer1_weights = (y - layer3) * layer2_weights * sigmoid_deriv(sigmoid(layer2)) * layer1

    # update the weights
    layer2_weights -= ETA * error_wrt_layer2_weights
    layer1_weights -= ETA * error_wrt_layer1_weights

    trace(x=x, y=y, w1=layer1_weights, w2=layer2_weights, b1=None, b2=None)  # TRACE: each step

    if loop_iter % 10000 == 0:
        print(error)

TRACE.close()  # TRACE
