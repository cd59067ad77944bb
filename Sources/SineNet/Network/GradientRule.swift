/// How a training step computes the gradient it subtracts.
///
/// The original program (the from-scratch NumPy network of the question sinetui answers) computes
/// two things wrongly. Each wrong rule here is one or both of them, so a person can switch them on
/// and off and watch what each one does:
///
/// ```
/// # the original backprop (y is the target, layer3 the output, layer2 the pre-activations)
/// error_wrt_layer2_weights = (y - layer3) * sigmoid(layer2)
/// error_wrt_layer1_weights = (y - layer3) * layer2_weights * sigmoid_deriv(sigmoid(layer2)) * layer1
/// layer2_weights -= ETA * error_wrt_layer2_weights
/// layer1_weights -= ETA * error_wrt_layer1_weights
///
/// # the corrected lines
/// error_wrt_layer2_weights = (layer3 - y) * sigmoid(layer2)
/// error_wrt_layer1_weights = (layer3 - y) * layer2_weights * sigmoid_deriv(layer2) * layer1
/// ```
///
/// Bias gradients follow their weights' formulas with the input replaced by 1.
public enum GradientRule: String, CaseIterable, Sendable {
  /// The true gradient of the per-sample loss ½(ŷ − y)².
  case correct
  /// Exactly the original program's rule: the flipped sign and the sigmoid of a sigmoid together.
  case original
  /// The flipped sign alone: `(y - ŷ)` where `(ŷ - y)` is meant, which turns descent into ascent.
  case sign
  /// The sigmoid of a sigmoid alone: σ'(σ(h)) where σ'(h) is meant.
  case doubleSigmoid = "double-sigmoid"

  /// Whether the rule uses `(y - ŷ)` for dE/dŷ, the original program's flipped sign.
  public var flipsSign: Bool { self == .original || self == .sign }

  /// Whether the rule uses σ'(σ(h)) for dσ/dh, the original program's sigmoid of a sigmoid: for
  /// any activation, its slope evaluated at the activation instead of the pre-activation
  /// (``Activation/slopeAtActivation(preActivation:)``).
  public var appliesSigmoidTwice: Bool { self == .original || self == .doubleSigmoid }

  /// The rule with exactly the given bugs.
  public init(flipsSign: Bool, appliesSigmoidTwice: Bool) {
    switch (flipsSign, appliesSigmoidTwice) {
    case (false, false): self = .correct
    case (true, true): self = .original
    case (true, false): self = .sign
    case (false, true): self = .doubleSigmoid
    }
  }

  // MARK: - The factor the sign changes

  /// dE/dŷ as this rule computes it, for prediction ŷ and target y.
  @inline(__always)
  func outputError(prediction: Double, target: Double) -> Double {
    if flipsSign {
      // The original's `(y - layer3)`.
      return target - prediction
    }
    return prediction - target
  }
}

// MARK: - Names in files

extension GradientRule: Codable {
  /// The rule named `name`, accepting `seed`, the name the original program's rule had before
  /// version 2 (snapshots and traces written then still read).
  public init?(name: String) {
    self.init(rawValue: name == "seed" ? GradientRule.original.rawValue : name)
  }

  /// Reads the rule's name; `seed` is read as ``original``.
  public init(from decoder: any Decoder) throws {
    let name = try decoder.singleValueContainer().decode(String.self)
    guard let rule = GradientRule(name: name) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath, debugDescription: "no gradient rule named \(name)"))
    }
    self = rule
  }
}
