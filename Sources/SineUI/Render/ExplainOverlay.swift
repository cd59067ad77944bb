/// The `e` overlay: the original program's three problems, its lines against the corrected ones, what
/// each does to training, and the key that switches it.
///
/// What it says each does is measured: the flipped sign's divergence by the core's tests, the
/// sigmoid of a sigmoid's flat fit by `Benchmarks/double_sigmoid_study.py`
/// (docs/double-sigmoid.md: mse 0.50 after 5M steps on `bias`, 7.4e-5 on `tensorflow`).
enum ExplainOverlay {
  /// The lines, each short enough for a 60-column terminal.
  static let lines: [String] = [
    "Why the original program fails (e closes)",
    "1 Flipped sign (key 1)",
    "  (y - layer3) * ... where (layer3 - y) * ... is meant",
    "  Ascent, not descent: weights grow until they overflow.",
    "2 Sigmoid of a sigmoid (key 2)",
    "  original: sigmoid_deriv(sigmoid(layer2))",
    "  fixed:    sigmoid_deriv(layer2)",
    "  Saturated units keep learning, so on [0, 15) the fit",
    "  flattens: mse 0.50, like predicting 0. [0, 1) learns.",
    "3 Not the same experiment (key p)",
    "  NumPy: x in [0, 15), no biases. TensorFlow: [0, 1).",
    "  No bias: every unit switches at x = 0 (press h).",
    "b switches both bugs; preset bias adds the biases.",
  ]

  /// The longest line.
  static let widest = lines.map(\.count).max() ?? 0
}
