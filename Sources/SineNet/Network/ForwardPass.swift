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

// MARK: - Formulas every pass shares

/// The pre-activation h = w1 · x + b1, in every lane (b1 is 0 without biases).
@inline(__always)
func preActivation<V: Lanes>(w1: V, b1: V, x: Double) -> V {
  w1 * x + b1
}

/// The pre-activation h = w1 · x + b1 of one unit.
@inline(__always)
func preActivation(w1: Double, b1: Double, x: Double) -> Double {
  w1 * x + b1
}

/// One hidden unit's gradient components, in every lane, given dE/dŷ and act'(h) as the rule
/// computes them: ∂L/∂hᵢ = (w2ᵢ · act'(hᵢ)) · dE/dŷ, then ∂L/∂w1ᵢ = ∂L/∂hᵢ · x,
/// ∂L/∂w2ᵢ = aᵢ · dE/dŷ and ∂L/∂b1ᵢ = ∂L/∂hᵢ.
///
/// In the original program's words, with `error` = `(y - layer3)` under its rule:
/// `error_wrt_layer2_weights = error * sigmoid(layer2)` and
/// `error_wrt_layer1_weights = error * layer2_weights * sigmoid_deriv(...) * layer1`;
/// the hidden bias is the w1 formula with `layer1` replaced by 1. w2 · slope comes first because
/// it does not wait for dE/dŷ.
@inline(__always)
func unitGradient<V: Lanes>(
  error: Double, outgoingWeight w2: V, slope: V, activation a: V, input x: Double
) -> (w1: V, w2: V, b1: V) {
  let backward = w2 * slope * error
  return (w1: backward * x, w2: a * error, b1: backward)
}

/// One unit's gradient components, with the same operations as the vector form.
@inline(__always)
func unitGradient(
  error: Double, outgoingWeight w2: Double, slope: Double, activation a: Double, input x: Double
) -> (w1: Double, w2: Double, b1: Double) {
  let backward = w2 * slope * error
  return (w1: backward * x, w2: a * error, b1: backward)
}

/// The loss ½(ŷ − y)² and dE/dŷ as `rule` computes it, for prediction ŷ and target y.
@inline(__always)
func outputError(prediction: Double, target y: Double, rule: GradientRule) -> (
  loss: Double, error: Double
) {
  let difference = prediction - y
  return (0.5 * difference * difference, rule.outputError(prediction: prediction, target: y))
}

/// Whether every one of `count` doubles from `p` is finite: Σ p · 0 is 0 exactly then, and NaN
/// otherwise, with no branch per parameter.
@inline(__always)
func allFinite(_ p: UnsafePointer<Double>, count: Int) -> Bool {
  var poison = 0.0
  for index in 0..<count { poison += p[index] * 0 }
  return poison == 0
}
