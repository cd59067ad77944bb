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
