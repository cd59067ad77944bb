/// The vector a gradient rule computes at one sample: what a training step multiplies by η and
/// subtracts from the parameters.
///
/// Under ``GradientRule/correct`` this is ∂loss/∂θ; under the original program's rules it is whatever its
/// lines compute, which is the point of comparing the two.
public struct Gradient: Sendable, Hashable {
  /// The network shape this gradient belongs to.
  public let hidden: Int

  /// Whether the gradient has bias components.
  public let hasBiases: Bool

  /// w1, w2, b1, b2, in the network's flat order.
  var storage: [Double]

  /// The components for `group`, or an empty array for a bias group of a network without biases.
  public func values(of group: ParameterGroup) -> [Double] {
    if !hasBiases && (group == .b1 || group == .b2) { return [] }
    return Array(storage[Network.range(of: group, hidden: hidden)])
  }
}

// MARK: - Backpropagation, shared by the training step and the gradient

extension Network {
  /// The gradient `rule` computes for sample (`x`, `y`) at the current parameters.
  public func gradient(x: Double, y: Double, rule: GradientRule) -> Gradient {
    let h = hidden
    var components = [Double](repeating: 0, count: 3 * h + 1)
    storage.withUnsafeBufferPointer { p in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * h) { scratch in
        let prediction = Self.forward(p, hidden: h, input: x, scratch: scratch)
        let error = rule.outputError(prediction: prediction, target: y)
        Self.slopes(scratch, hidden: h, rule: rule)
        for i in 0..<h {
          let unit = Self.unitGradient(
            error: error, outgoingWeight: p[h + i], slope: scratch[i], activation: scratch[h + i],
            input: x)
          components[i] = unit.w1
          components[h + i] = unit.w2
          if hasBiases { components[2 * h + i] = unit.b1 }
        }
        if hasBiases { components[3 * h] = error }
      }
    }
    return Gradient(hidden: h, hasBiases: hasBiases, storage: components)
  }

  /// The forward pass over a raw parameter buffer.
  ///
  /// Leaves each unit's pre-activation in
  /// `scratch[i]` and its activation in `scratch[hidden + i]`, and returns ŷ.
  @inline(__always)
  static func forward(
    _ p: UnsafeBufferPointer<Double>, hidden h: Int, input x: Double,
    scratch: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    var prediction = p[3 * h]
    for i in 0..<h {
      let preActivation = p[i] * x + p[2 * h + i]
      let activation = sigmoid(preActivation)
      scratch[i] = preActivation
      scratch[h + i] = activation
      prediction += p[h + i] * activation
    }
    return prediction
  }

  /// Replaces each unit's pre-activation in `scratch[i]` with dσ/dh as `rule` computes it from
  /// the activation in `scratch[hidden + i]`.
  ///
  /// A pass of its own, so that the rule is looked at once per step rather than once per unit.
  @inline(__always)
  static func slopes(
    _ scratch: UnsafeMutableBufferPointer<Double>, hidden h: Int, rule: GradientRule
  ) {
    if rule.appliesSigmoidTwice {
      for i in 0..<h { scratch[i] = GradientRule.original.sigmoidSlope(activation: scratch[h + i]) }
    } else {
      for i in 0..<h { scratch[i] = GradientRule.correct.sigmoidSlope(activation: scratch[h + i]) }
    }
  }

  /// One hidden unit's gradient components, given dE/dŷ and dσ/dh as the rule computes them.
  ///
  /// In the original program's words, with `error` = `(y - layer3)` under its rule:
  /// `error_wrt_layer2_weights = error * sigmoid(layer2)` and
  /// `error_wrt_layer1_weights = error * layer2_weights * sigmoid_deriv(...) * layer1`;
  /// the hidden bias is the w1 formula with `layer1` replaced by 1.
  @inline(__always)
  static func unitGradient(
    error: Double, outgoingWeight: Double, slope: Double, activation: Double, input x: Double
  ) -> (w1: Double, w2: Double, b1: Double) {
    let backward = error * outgoingWeight * slope
    return (w1: backward * x, w2: error * activation, b1: backward)
  }
}
