/// One activation's arithmetic as static functions, on ``Lanes`` vectors and on one `Double`, so
/// that the training step is specialised for each activation and each width, and the choice is
/// made once per call, not once per unit.
///
/// ``Activation`` is the value people pick; its methods call the one-`Double` forms, so each
/// formula is written once per form, the two side by side with the same operations (see
/// ``Lanes``). The forward pass keeps a `memo` per unit from which the slope is found without
/// another call to `exp`, and without the cancellation of σ(1 − σ) or 1 − tanh² once a unit
/// saturates: there the rounded activation has lost the digits that the slope needs, while `memo`
/// has them. (With plain SGD that error is far below the update; Adam divides it back up to η.)
protocol ActivationKernel {
  /// act(h), and the memo its slope is found from, in every lane.
  static func activate<V: Lanes>(_ h: V) -> (value: V, memo: V)
  /// act'(h), from the memo of h and the activation a = act(h), in every lane.
  static func slope<V: Lanes>(memo: V, activation a: V) -> V
  /// The slope evaluated at the activation a instead of at h, in every lane: the original
  /// program's slip.
  static func slopeAtActivation<V: Lanes>(memo: V, activation a: V) -> V

  /// ``activate(_:)-(V)`` for one double.
  static func activate(_ h: Double) -> (value: Double, memo: Double)
  /// ``slope(memo:activation:)-(V,_)`` for one double.
  static func slope(memo: Double, activation a: Double) -> Double
  /// ``slopeAtActivation(memo:activation:)-(V,_)`` for one double.
  static func slopeAtActivation(memo: Double, activation a: Double) -> Double
}

/// The logistic sigmoid, from t = e^(−|h|), which never overflows.
///
/// With r = 1/(1 + t), σ(|h|) = r and σ(−|h|) = t·r, the smaller of σ(h) and 1 − σ(h): that is
/// the memo m, and σ'(h) = σ(h)(1 − σ(h)) = m(1 − m), where 1 − m ≥ ½ does not cancel. One
/// division a unit.
enum SigmoidKernel: ActivationKernel {
  @inline(__always)
  static func activate<V: Lanes>(_ h: V) -> (value: V, memo: V) {
    let t = ExpKernel.exp(h.negativeMagnitude)
    let r = 1 / (1 + t)
    let m = t * r
    return (r.replacing(with: m, where: h.lanes(lessThan: V())), m)
  }

  @inline(__always)
  static func slope<V: Lanes>(memo m: V, activation a: V) -> V {
    m * (1 - m)
  }

  /// The original program's `sigmoid_deriv(sigmoid(layer2))`, σ'(σ(h)): a in [0, 1] keeps it
  /// between 0.196 and 0.25, far from any cancellation.
  @inline(__always)
  static func slopeAtActivation<V: Lanes>(memo m: V, activation a: V) -> V {
    sigmoidDerivOfActivation(a)
  }

  @inline(__always)
  static func activate(_ h: Double) -> (value: Double, memo: Double) {
    let t = ExpKernel.exp(-h.magnitude)
    let r = 1 / (1 + t)
    let m = t * r
    return (h < 0 ? m : r, m)
  }

  @inline(__always)
  static func slope(memo m: Double, activation a: Double) -> Double {
    m * (1 - m)
  }

  @inline(__always)
  static func slopeAtActivation(memo m: Double, activation a: Double) -> Double {
    sigmoidDerivOfActivation(a)
  }
}

/// The hyperbolic tangent, from t = e^(−2|h|), which never overflows, and e^(−2|h|) − 1 from the
/// same evaluation (``ExpParts/valueMinusOne``), which keeps small h's digits.
///
/// With r = 1/(1 + t), the memo is m = t·r = (1 − tanh|h|)/2, and tanh'(h) = 1 − tanh²(h) =
/// 4m(1 − m), without cancellation. tanh|h| is −u·r with u = t − 1 below |h| = 1, where 1 − t
/// would cancel, and 1 − 2m from there on (m ≤ 0.12); the sign is put back with the sign bit, so
/// tanh(−0) = −0. One division a unit.
enum TanhKernel: ActivationKernel {
  @inline(__always)
  static func activate<V: Lanes>(_ h: V) -> (value: V, memo: V) {
    let x = (2 * h).negativeMagnitude
    let parts = ExpKernel.parts(x.clamped(below: ExpKernel.lowest))
    let t = parts.value
    let r = 1 / (1 + t)
    let m = t * r
    let near = (0 - parts.valueMinusOne) * r
    let far = 1 - 2 * m
    let magnitude = far.replacing(with: near, where: x.lanes(greaterThan: V(repeating: -2)))
    return (V(bitPattern: magnitude.bitPattern | h.signBits), m)
  }

  @inline(__always)
  static func slope<V: Lanes>(memo m: V, activation a: V) -> V {
    4 * m * (1 - m)
  }

  /// 1 − tanh²(tanh h) = tanh'(a), from a's own memo: 1 − t² of a rounded t = tanh a would
  /// magnify t's error nearly threefold at |a| = 1.
  @inline(__always)
  static func slopeAtActivation<V: Lanes>(memo m: V, activation a: V) -> V {
    let memo = activate(a).memo
    return slope(memo: memo, activation: a)
  }

  @inline(__always)
  static func activate(_ h: Double) -> (value: Double, memo: Double) {
    let x = -(2 * h).magnitude
    let parts = ExpKernel.parts(x < ExpKernel.lowest ? ExpKernel.lowest : x)
    let t = parts.value
    let r = 1 / (1 + t)
    let m = t * r
    let magnitude = x > -2 ? (0 - parts.valueMinusOne) * r : 1 - 2 * m
    return (Double(bitPattern: magnitude.bitPattern | h.bitPattern & 1 &<< 63), m)
  }

  @inline(__always)
  static func slope(memo m: Double, activation a: Double) -> Double {
    4 * m * (1 - m)
  }

  @inline(__always)
  static func slopeAtActivation(memo m: Double, activation a: Double) -> Double {
    let memo = activate(a).memo
    return slope(memo: memo, activation: a)
  }
}

/// The rectifier; its memo is h itself.
///
/// NaN gives 0, with slope 0.
enum ReLUKernel: ActivationKernel {
  @inline(__always)
  static func activate<V: Lanes>(_ h: V) -> (value: V, memo: V) {
    (V().replacing(with: h, where: h.lanes(greaterThan: V())), h)
  }

  /// 1 for h > 0, 0 otherwise (0 at h = 0, as PyTorch takes it).
  @inline(__always)
  static func slope<V: Lanes>(memo h: V, activation a: V) -> V {
    V().replacing(with: 1, where: h.lanes(greaterThan: V()))
  }

  /// relu'(relu(h)) is 1 for h > 0 and 0 otherwise: the true slope again.
  @inline(__always)
  static func slopeAtActivation<V: Lanes>(memo h: V, activation a: V) -> V {
    slope(memo: h, activation: a)
  }

  @inline(__always)
  static func activate(_ h: Double) -> (value: Double, memo: Double) {
    (h > 0 ? h : 0, h)
  }

  @inline(__always)
  static func slope(memo h: Double, activation a: Double) -> Double { h > 0 ? 1 : 0 }

  @inline(__always)
  static func slopeAtActivation(memo h: Double, activation a: Double) -> Double {
    h > 0 ? 1 : 0
  }
}

extension ActivationKernel {
  /// act(h) alone.
  @inline(__always)
  static func value(_ h: Double) -> Double { activate(h).value }

  /// act'(h) alone.
  @inline(__always)
  static func slope(at h: Double) -> Double {
    let (a, memo) = activate(h)
    return slope(memo: memo, activation: a)
  }

  /// The slip alone.
  @inline(__always)
  static func slopeAtActivation(at h: Double) -> Double {
    let (a, memo) = activate(h)
    return slopeAtActivation(memo: memo, activation: a)
  }
}
