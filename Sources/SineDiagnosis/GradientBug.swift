import SineNet

/// One of the mistakes people make in hand-written backprop, as a diagnosis names it.
///
/// The raw values are the ids `diagnose --json` writes under `bugs`; the cases are in the order of
/// the catalog in docs/diagnose.md, which is the order every list of bugs follows. The notation is
/// that of a 1-H-1 network: hᵢ = w1ᵢ·x + b1ᵢ, aᵢ = act(hᵢ), ŷ = Σ w2ᵢ·aᵢ + b2, e = ŷ − y, loss
/// ½e²; the correct gradients are b2: e, w2ᵢ: e·aᵢ, δᵢ = e·w2ᵢ·act'(hᵢ), b1ᵢ: δᵢ, w1ᵢ: δᵢ·x.
public enum GradientBug: String, CaseIterable, Sendable, Comparable {
  /// The update of a group times −1: `err = y - yhat` with `w -= lr*grad`.
  case flippedSign = "flipped-sign"
  /// act' evaluated as σ(a)(1 − σ(a)) on a sigmoid unit: `sigmoid_deriv(sigmoid(h))`.
  case sigmoidOfSigmoid = "sigmoid-of-sigmoid"
  /// act' evaluated as 1 − tanh²(a) on a tanh unit, a being tanh(h) already.
  case tanhOfTanh = "tanh-of-tanh"
  /// act' evaluated on the pre-activation as if it were the activation: h(1 − h), 1 − h².
  case derivativeOfPreActivation = "derivative-of-pre-activation"
  /// δᵢ = e·w2ᵢ, without act'.
  case missingActivationDerivative = "missing-activation-derivative"
  /// δᵢ = gᵢ(1 − gᵢ) (sigmoid) or 1 − tanh²(gᵢ) (tanh), the derivative taken of gᵢ = e·w2ᵢ.
  case derivativeOfUpstream = "derivative-of-upstream"
  /// δᵢ = e·act'(hᵢ), without w2ᵢ.
  case missingOutgoingWeight = "missing-outgoing-weight"
  /// δᵢ with e·aᵢ, w2's gradient, in place of w2ᵢ.
  case weightGradientForWeight = "weight-gradient-for-weight"
  /// δᵢ with w2ᵢ after this step's update.
  case updatedOutgoingWeight = "updated-outgoing-weight"
  /// The weight gradients with the layer's output for its input: w2ᵢ: e·ŷ, w1ᵢ: δᵢ·aᵢ.
  case outputForInput = "output-for-input"
  /// w1ᵢ: δᵢ, without the input x.
  case missingInput = "missing-input"
  /// e replaced by the loss ½e² in every gradient.
  case lossForError = "loss-for-error"
  /// e times ŷ(1 − ŷ), as if the linear output were a sigmoid.
  case outputActivationDerivative = "output-activation-derivative"
  /// Every b1ᵢ gets Σⱼ δⱼ.
  case summedBiasGradient = "summed-bias-gradient"
  /// The group never changes.
  case notUpdated = "not-updated"
  /// The group's update times a constant c ≠ 1 (c = the batch size for a summed batch).
  case wrongScale = "wrong-scale"
  /// The correct update within float32's rounding, beyond float64's.
  case lowerPrecision = "lower-precision"

  /// Catalog order.
  public static func < (left: GradientBug, right: GradientBug) -> Bool {
    (allCases.firstIndex(of: left) ?? 0) < (allCases.firstIndex(of: right) ?? 0)
  }

  /// The bug that evaluating the slope at the activation is for `activation`: the sigmoid of a
  /// sigmoid, the tanh of a tanh, or none for ReLU (relu'(relu(h)) is the true slope).
  static func slopeAtActivation(_ activation: Activation) -> GradientBug? {
    switch activation {
    case .sigmoid: .sigmoidOfSigmoid
    case .tanh: .tanhOfTanh
    case .relu: nil
    }
  }
}

// MARK: - sinetui's own rules

extension GradientRule {
  /// The bugs this rule has, in catalog order, for sigmoid units: the flipped sign and the
  /// sigmoid of a sigmoid (``original`` has both); empty for ``correct``.
  public var bugs: [GradientBug] { bugs(for: .sigmoid) }

  /// The bugs this rule has on units of `activation`: its slip evaluates the slope at the
  /// activation, which is the sigmoid of a sigmoid, the tanh of a tanh, or nothing for ReLU.
  public func bugs(for activation: Activation) -> [GradientBug] {
    var bugs: [GradientBug] = flipsSign ? [.flippedSign] : []
    if appliesSigmoidTwice, let slip = GradientBug.slopeAtActivation(activation) {
      bugs.append(slip)
    }
    return bugs
  }

  /// The original program's two backprop lines as this rule computes them, in its own words.
  ///
  /// Under ``original`` these are exactly the original program's lines; under ``correct``, the corrected ones.
  var backpropLines: [String] {
    let error = flipsSign ? "(y - layer3)" : "(layer3 - y)"
    let slope = appliesSigmoidTwice ? "sigmoid_deriv(sigmoid(layer2))" : "sigmoid_deriv(layer2)"
    return [
      "error_wrt_layer2_weights = \(error) * sigmoid(layer2)",
      "error_wrt_layer1_weights = \(error) * layer2_weights * \(slope) * layer1",
    ]
  }
}
