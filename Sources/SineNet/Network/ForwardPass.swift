/// The forward pass over a raw parameter buffer (w1, w2, b1, b2, each group `hidden` long), one
/// vector of units at a time: what every training step, the gradient and the output start from.
///
/// Leaves each unit's activation in `scratch[i]` and its slope, as the rule `S` computes it, in
/// `scratch[hidden + i]`, and ŷ in ``prediction``.
struct ForwardPass<S: SlopeRule>: UnitVisitor {
  /// The parameters.
  let p: UnsafePointer<Double>
  /// Room for 2 · `hidden` doubles.
  let scratch: UnsafeMutablePointer<Double>
  /// The number of hidden units.
  let hidden: Int
  /// The input.
  let x: Double
  /// Σ w2ᵢ · aᵢ, so far.
  var sum: OutputSum

  /// The pass at `x` over `p`.
  @inline(__always)
  init(_ p: UnsafePointer<Double>, hidden: Int, x: Double, scratch: UnsafeMutablePointer<Double>) {
    self.p = p
    self.hidden = hidden
    self.x = x
    self.scratch = scratch
    sum = OutputSum(hidden: hidden)
  }

  @inline(__always)
  mutating func visit<V: Lanes>(_: V.Type, unit i: Int) {
    let h = hidden
    let w1 = V(loadingFrom: p + i)
    let b1 = V(loadingFrom: p + (2 &* h &+ i))
    let (a, slope) = S.evaluate(preActivation(w1: w1, b1: b1, x: x))
    a.store(to: scratch + i)
    slope.store(to: scratch + (h &+ i))
    sum.add(V(loadingFrom: p + (h &+ i)) * a, unit: i)
  }

  @inline(__always)
  mutating func visitOne(unit i: Int) {
    let h = hidden
    let (a, slope) = S.evaluate(one: preActivation(w1: p[i], b1: p[2 &* h &+ i], x: x))
    scratch[i] = a
    scratch[h &+ i] = slope
    sum.add(p[h &+ i] * a, unit: i)
  }

  /// ŷ = b2 + Σ w2ᵢ · aᵢ, once every unit has been visited.
  @inline(__always)
  var prediction: Double { p[3 &* hidden] + sum.total }
}

/// A forward pass with the slope rule an activation and a rule pick: returns ŷ.
struct ForwardRun: SlopeRuleBody {
  /// The parameters.
  let p: UnsafeBufferPointer<Double>
  /// How to walk the units.
  let layout: UnitLayout
  /// The input.
  let x: Double
  /// Room for 2 · `hidden` doubles.
  let scratch: UnsafeMutableBufferPointer<Double>

  @inline(__always)
  func run<S: SlopeRule>(_: S.Type) -> Double {
    guard let parameters = p.baseAddress, let room = scratch.baseAddress else {
      preconditionFailure("a network has at least one hidden unit")
    }
    var pass = ForwardPass<S>(parameters, hidden: layout.hidden, x: x, scratch: room)
    layout.visit(&pass)
    return pass.prediction
  }
}
