/// One named group of a network's parameters, as the seed names its weights.
public enum ParameterGroup: String, CaseIterable, Sendable, Codable {
  /// Input-to-hidden weights (the original program's `layer1_weights`).
  case w1
  /// Hidden-to-output weights (the original program's `layer2_weights`).
  case w2
  /// Hidden biases, present only in networks with biases.
  case b1
  /// The output bias, present only in networks with biases.
  case b2
}
