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
    gradient(samples: samples, rule: rule, layout: .standard(hidden: hidden))
  }

  /// ``gradient(samples:rule:)``, walking the units in `layout`.
  func gradient(samples: [Sample], rule: GradientRule, layout: UnitLayout) -> Gradient {
    gradientAndLoss(samples: samples, rule: rule, layout: layout).gradient
  }

  /// ``gradient(samples:rule:)``, walking the units in `layout`, with the sum of the samples'
  /// losses ½(ŷ − y)² that its forward passes found, added in the samples' order.
  func gradientAndLoss(samples: [Sample], rule: GradientRule, layout: UnitLayout) -> (
    gradient: Gradient, lossSum: Double
  ) {
    precondition(!samples.isEmpty, "a gradient needs at least one sample")
    let h = hidden
    let biases = hasBiases
    var components = [Double](repeating: 0, count: Self.parameterCount(hidden: h))
    var lossSum = 0.0
    storage.withUnsafeBufferPointer { p in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * h) { scratch in
        components.withUnsafeMutableBufferPointer { g in
          let weight = 1 / Double(samples.count)
          for sample in samples {
            lossSum += Self.accumulate(
              p, layout: layout, biases: biases, activation: activation,
              scratch: scratch, x: sample.x, y: sample.y, rule: rule, weight: weight, into: g)
          }
        }
      }
    }
    return (Gradient(hidden: h, hasBiases: biases, storage: components), lossSum)
  }

  /// Adds `weight` times the gradient `rule` computes for (`x`, `y`) to `g`, for the activation
  /// `activation`, walking the units in `layout`; returns the sample's loss ½(ŷ − y)².
  @inline(__always)
  static func accumulate(
    _ p: UnsafeBufferPointer<Double>, layout: UnitLayout, biases: Bool, activation: Activation,
    scratch: UnsafeMutableBufferPointer<Double>, x: Double, y: Double, rule: GradientRule,
    weight: Double, into g: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    guard let parameters = p.baseAddress, let room = scratch.baseAddress,
      let gradient = g.baseAddress
    else { preconditionFailure("a network has at least one hidden unit") }
    let sample = Accumulation(
      p: parameters, layout: layout, biases: biases, scratch: room,
      sample: Sample(x: x, y: y), rule: rule, weight: weight, g: gradient)
    return activation.withSlopeRule(rule, sample)
  }
}
