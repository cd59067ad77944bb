import SineNet

/// The keys of a trace line, declared once for the writer and the reader.
///
/// Line 1 holds the settings and the initial parameters; every further line one step: the sample
/// and the parameters after the step. Snapshots name their parameters with the same keys.
enum TraceKey: String, CaseIterable, Sendable {
  // MARK: - Parameters, on every line

  /// The input-to-hidden weights, an array.
  case w1
  /// The hidden-to-output weights, an array.
  case w2
  /// The hidden biases, an array, or null without biases.
  case b1
  /// The output bias, a number, or null without biases.
  case b2

  // MARK: - Line 1: the settings

  /// The learning rate every step used.
  case eta
  /// The gradient rule the run used (`train --trace` writes it; a reader need not trust it).
  case rule
  /// The preset the run used.
  case preset
  /// The random seed.
  case seed
  /// The hidden-unit count, which must match the arrays.
  case hidden

  // MARK: - Step lines: the sample

  /// The step's input.
  case x
  /// The step's target.
  case y

  /// The key for a parameter group's values.
  init(_ group: ParameterGroup) {
    switch group {
    case .w1: self = .w1
    case .w2: self = .w2
    case .b1: self = .b1
    case .b2: self = .b2
    }
  }

  /// Whether a reader reads this key's value: the parameters, η, the sample and the hidden count.
  ///
  /// The values of the other keys, and of keys it does not know, are skipped (strings are kept).
  var isRead: Bool {
    switch self {
    case .eta, .w1, .w2, .b1, .b2, .x, .y, .hidden: true
    case .rule, .preset, .seed: false
    }
  }
}
