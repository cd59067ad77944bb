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
              p, layout: layout, biases: biases, activation: activation,
              scratch: scratch, x: sample.x, y: sample.y, rule: rule, weight: weight, into: g)
          }
        }
      }
    }
    return Gradient(hidden: h, hasBiases: biases, storage: components)
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

/// One sample's share of a batch's gradient, with the slope rule an activation and a rule pick:
/// a forward pass, then `weight` times each unit's gradient added to `g`; returns the loss.
struct Accumulation: SlopeRuleBody {
  /// The parameters, w1, w2, b1, b2.
  let p: UnsafePointer<Double>
  /// How to walk the units.
  let layout: UnitLayout
  /// Whether b1 and b2 are trained.
  let biases: Bool
  /// Room for 2 · `hidden` doubles.
  let scratch: UnsafeMutablePointer<Double>
  /// The sample.
  let sample: Sample
  /// The rule; its slope is the one `run` is given.
  let rule: GradientRule
  /// The sample's weight in the batch's mean.
  let weight: Double
  /// The sum so far, in the parameters' order.
  let g: UnsafeMutablePointer<Double>

  @inline(__always)
  func run<S: SlopeRule>(_: S.Type) -> Double {
    let h = layout.hidden
    var pass = ForwardPass<S>(p, hidden: h, x: sample.x, scratch: scratch)
    layout.visit(&pass)
    let (loss, error) = outputError(prediction: pass.prediction, target: sample.y, rule: rule)
    var adding = GradientSum(
      p: p, g: g, scratch: scratch, hidden: h, biases: biases, x: sample.x,
      error: weight * error)
    layout.visit(&adding)
    if biases { g[3 &* h] += adding.error }
    return loss
  }
}

/// Adds each unit's gradient components, for a dE/dŷ already weighted, to a sum.
struct GradientSum: UnitVisitor {
  /// The parameters, w1, w2, b1, b2.
  let p: UnsafePointer<Double>
  /// The sum, in the parameters' order.
  let g: UnsafeMutablePointer<Double>
  /// The activations, then the slopes, from the forward pass.
  let scratch: UnsafeMutablePointer<Double>
  /// The number of hidden units.
  let hidden: Int
  /// Whether b1 is trained.
  let biases: Bool
  /// The sample's input.
  let x: Double
  /// The weight times dE/dŷ as the rule computes it.
  let error: Double

  @inline(__always)
  mutating func visit<V: Lanes>(_: V.Type, unit i: Int) {
    let h = hidden
    let unit = unitGradient(
      error: error, outgoingWeight: V(loadingFrom: p + (h &+ i)),
      slope: V(loadingFrom: scratch + (h &+ i)), activation: V(loadingFrom: scratch + i),
      input: x)
    (V(loadingFrom: g + i) + unit.w1).store(to: g + i)
    (V(loadingFrom: g + (h &+ i)) + unit.w2).store(to: g + (h &+ i))
    if biases {
      (V(loadingFrom: g + (2 &* h &+ i)) + unit.b1).store(to: g + (2 &* h &+ i))
    }
  }

  @inline(__always)
  mutating func visitOne(unit i: Int) {
    let h = hidden
    let unit = unitGradient(
      error: error, outgoingWeight: p[h &+ i], slope: scratch[h &+ i], activation: scratch[i],
      input: x)
    g[i] += unit.w1
    g[h &+ i] += unit.w2
    if biases { g[2 &* h &+ i] += unit.b1 }
  }
}
