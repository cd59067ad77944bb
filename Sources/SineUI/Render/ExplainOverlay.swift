/// The `e` overlay: the original program's three problems, its lines against the corrected ones, what
/// each does to training, and the key that switches it.
enum ExplainOverlay {
  /// The lines, each short enough for a 60-column terminal.
  static let lines: [String] = [
    "Why the original program fails (e closes)",
    "1 Flipped sign (key 1)",
    "  original: (y - layer3) * ...",
    "  fixed:    (layer3 - y) * ...",
    "  Ascent, not descent: weights grow until they overflow.",
    "2 Sigmoid of a sigmoid (key 2)",
    "  original: sigmoid_deriv(sigmoid(layer2))",
    "  fixed:    sigmoid_deriv(layer2)",
    "  A wrong positive factor: slower, but still downhill.",
    "3 Not the same experiment (key p)",
    "  NumPy: x in [0, 15), no biases. TensorFlow: [0, 1).",
    "  No bias: every unit switches at x = 0 (press h).",
    "b switches both bugs; preset bias adds the biases.",
  ]

  /// The longest line.
  static let widest = lines.map(\.count).max() ?? 0
}
