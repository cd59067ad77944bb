/// How a training step computes the gradient it subtracts.
///
/// The seed program computes two things wrongly. Each wrong rule here is one or both of them,
/// so a person can switch them on and off and watch what each one does:
///
/// ```
/// # the seed's backprop (y is the target, layer3 the output, layer2 the pre-activations)
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
public enum GradientRule: String, CaseIterable, Sendable, Codable {
  /// The true gradient of the per-sample loss ½(ŷ − y)².
  case correct
  /// Exactly the seed's rule: the flipped sign and the sigmoid of a sigmoid together.
  case seed
  /// The flipped sign alone: `(y - ŷ)` where `(ŷ - y)` is meant, which turns descent into ascent.
  case sign
  /// The sigmoid of a sigmoid alone: σ'(σ(h)) where σ'(h) is meant.
  case doubleSigmoid = "double-sigmoid"

  /// Whether the rule uses `(y - ŷ)` for dE/dŷ, the seed's flipped sign.
  public var flipsSign: Bool { self == .seed || self == .sign }

  /// Whether the rule uses σ'(σ(h)) for dσ/dh, the seed's sigmoid of a sigmoid.
  public var appliesSigmoidTwice: Bool { self == .seed || self == .doubleSigmoid }

  /// The rule with exactly the given bugs.
  public init(flipsSign: Bool, appliesSigmoidTwice: Bool) {
    switch (flipsSign, appliesSigmoidTwice) {
    case (false, false): self = .correct
    case (true, true): self = .seed
    case (true, false): self = .sign
    case (false, true): self = .doubleSigmoid
    }
  }

  // MARK: - The two factors every rule is made of

  /// dE/dŷ as this rule computes it, for prediction ŷ and target y.
  @inline(__always)
  func outputError(prediction: Double, target: Double) -> Double {
    if flipsSign {
      // The seed's `(y - layer3)`.
      return target - prediction
    }
    return prediction - target
  }

  /// dσ/dh as this rule computes it, for a unit with activation `s = σ(h)`.
  @inline(__always)
  func sigmoidSlope(activation s: Double) -> Double {
    if appliesSigmoidTwice {
      // The seed's `sigmoid_deriv(sigmoid(layer2))`.
      return sigmoidDerivOfActivation(s)
    }
    // `sigmoid_deriv(layer2)`, with σ(h) already at hand.
    return s * (1 - s)
  }
}
