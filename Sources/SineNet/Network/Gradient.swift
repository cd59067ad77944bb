/// The vector a gradient rule computes at one sample or a batch: what a training step hands to its
/// optimizer (plain SGD multiplies it by η and subtracts it).
///
/// Under ``GradientRule/correct`` this is ∂loss/∂θ (the batch's mean); under the original
/// program's rules it is whatever its lines compute, which is the point of comparing the two.
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

// MARK: - Backpropagation, shared by every training step and the gradient

extension Network {
  /// The gradient `rule` computes for sample (`x`, `y`) at the current parameters.
  public func gradient(x: Double, y: Double, rule: GradientRule) -> Gradient {
    gradient(samples: [Sample(x: x, y: y)], rule: rule)
  }

  /// The gradient `rule` computes for a batch: the mean over `samples` of each one's gradient.
  ///
  /// - Precondition: `samples` is not empty.
  public func gradient(samples: [Sample], rule: GradientRule) -> Gradient {
    precondition(!samples.isEmpty, "a gradient needs at least one sample")
    let h = hidden
    let biases = hasBiases
    var components = [Double](repeating: 0, count: Self.parameterCount(hidden: h))
    storage.withUnsafeBufferPointer { p in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * h) { scratch in
        components.withUnsafeMutableBufferPointer { g in
          let weight = 1 / Double(samples.count)
          for sample in samples {
            _ = Self.accumulate(
              p, hidden: h, biases: biases, activation: activation, scratch: scratch, x: sample.x,
              y: sample.y, rule: rule, weight: weight, into: g)
          }
        }
      }
    }
    return Gradient(hidden: h, hasBiases: biases, storage: components)
  }

  /// Adds `weight` times the gradient `rule` computes for (`x`, `y`) to `g`, for the activation
  /// `activation`; returns the sample's loss ½(ŷ − y)².
  @inline(__always)
  static func accumulate(
    _ p: UnsafeBufferPointer<Double>, hidden h: Int, biases: Bool, activation: Activation,
    scratch: UnsafeMutableBufferPointer<Double>, x: Double, y: Double, rule: GradientRule,
    weight: Double, into g: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    switch activation {
    case .sigmoid:
      accumulate(
        SigmoidKernel.self, p, hidden: h, biases: biases, scratch: scratch, x: x, y: y,
        rule: rule, weight: weight, into: g)
    case .tanh:
      accumulate(
        TanhKernel.self, p, hidden: h, biases: biases, scratch: scratch, x: x, y: y, rule: rule,
        weight: weight, into: g)
    case .relu:
      accumulate(
        ReLUKernel.self, p, hidden: h, biases: biases, scratch: scratch, x: x, y: y, rule: rule,
        weight: weight, into: g)
    }
  }

  /// ``accumulate(_:hidden:biases:activation:scratch:x:y:rule:weight:into:)`` for one kernel.
  @inline(__always)
  static func accumulate<K: ActivationKernel>(
    _: K.Type, _ p: UnsafeBufferPointer<Double>, hidden h: Int, biases: Bool,
    scratch: UnsafeMutableBufferPointer<Double>, x: Double, y: Double, rule: GradientRule,
    weight: Double, into g: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    let prediction = forward(K.self, p, hidden: h, input: x, scratch: scratch)
    let difference = prediction - y
    let error = weight * rule.outputError(prediction: prediction, target: y)
    slopes(K.self, scratch, hidden: h, rule: rule)
    for i in 0..<h {
      let unit = unitGradient(
        error: error, outgoingWeight: p[h + i], slope: scratch[i], activation: scratch[h + i],
        input: x)
      g[i] += unit.w1
      g[h + i] += unit.w2
      if biases { g[2 * h + i] += unit.b1 }
    }
    if biases { g[3 * h] += error }
    return 0.5 * difference * difference
  }

  /// The forward pass over a raw parameter buffer.
  ///
  /// Leaves each unit's memo (what its slope is found from, see ``ActivationKernel``) in
  /// `scratch[i]` and its activation in `scratch[hidden + i]`, and returns ŷ.
  @inline(__always)
  static func forward<K: ActivationKernel>(
    _: K.Type, _ p: UnsafeBufferPointer<Double>, hidden h: Int, input x: Double,
    scratch: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    var prediction = p[3 * h]
    for i in 0..<h {
      let (activation, memo) = K.activate(p[i] * x + p[2 * h + i])
      scratch[i] = memo
      scratch[h + i] = activation
      prediction += p[h + i] * activation
    }
    return prediction
  }

  /// Replaces each unit's memo in `scratch[i]` with act'(h) as `rule` computes it from the memo
  /// and the activation in `scratch[hidden + i]`.
  ///
  /// A pass of its own, so that the rule is looked at once per step rather than once per unit.
  @inline(__always)
  static func slopes<K: ActivationKernel>(
    _: K.Type, _ scratch: UnsafeMutableBufferPointer<Double>, hidden h: Int, rule: GradientRule
  ) {
    if rule.appliesSigmoidTwice {
      for i in 0..<h {
        scratch[i] = K.slopeAtActivation(memo: scratch[i], activation: scratch[h + i])
      }
    } else {
      for i in 0..<h {
        scratch[i] = K.slope(memo: scratch[i], activation: scratch[h + i])
      }
    }
  }

  /// One hidden unit's gradient components, given dE/dŷ and act'(h) as the rule computes them.
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
