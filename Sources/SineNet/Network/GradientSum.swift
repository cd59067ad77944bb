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
