import CPlatform

/// One activation's arithmetic as static functions, so that the training step is specialised for
/// each activation and the choice is made once per call, not once per unit.
///
/// ``Activation`` is the value people pick; its methods call these, so each formula is written
/// once. The forward pass keeps a `memo` per unit from which the slope is found without another
/// call to `exp`, and without the cancellation of σ(1 − σ) or 1 − tanh² once a unit saturates:
/// there the rounded activation has lost the digits that the slope needs, while `memo` has them.
/// (With plain SGD that error is far below the update; Adam divides it back up to η.)
protocol ActivationKernel {
  /// act(h), and the memo its slope is found from.
  static func activate(_ h: Double) -> (value: Double, memo: Double)
  /// act'(h), from the memo of h and the activation a = act(h).
  static func slope(memo: Double, activation a: Double) -> Double
  /// The slope evaluated at the activation a instead of at h: the original program's slip.
  static func slopeAtActivation(memo: Double, activation a: Double) -> Double
}

/// The logistic sigmoid, from t = e^(−|h|), which never overflows: σ(h) is 1/(1 + t) for h ≥ 0
/// and t/(1 + t) below, and σ'(h) = t/(1 + t)².
enum SigmoidKernel: ActivationKernel {
  @inline(__always)
  static func activate(_ h: Double) -> (value: Double, memo: Double) {
    let t = exp(-h.magnitude)
    let a = (h >= 0 ? 1 : t) / (1 + t)
    return (a, t)
  }

  @inline(__always)
  static func slope(memo t: Double, activation a: Double) -> Double {
    let s = 1 + t
    return t / (s * s)
  }

  /// The original program's `sigmoid_deriv(sigmoid(layer2))`, σ'(σ(h)): a in [0, 1] keeps it
  /// between 0.196 and 0.25, far from any cancellation.
  @inline(__always)
  static func slopeAtActivation(memo t: Double, activation a: Double) -> Double {
    sigmoidDerivOfActivation(a)
  }
}

/// The hyperbolic tangent, from t = e^(−2|h|): tanh|h| = (1 − t)/(1 + t) and
/// tanh'(h) = 4t/(1 + t)².
///
/// For |h| below 1, 1 − t would cancel, so t comes from u = e^(−2|h|) − 1 by `expm1`, which keeps
/// small h's digits: tanh|h| = −u/(2 + u) and t = 1 + u. One call to `exp` or `expm1` a unit.
enum TanhKernel: ActivationKernel {
  @inline(__always)
  static func activate(_ h: Double) -> (value: Double, memo: Double) {
    let x = -2 * h.magnitude
    let magnitude: Double
    let t: Double
    if x > -2 {
      let u = expm1(x)
      magnitude = -u / (2 + u)
      t = 1 + u
    } else {
      t = exp(x)
      magnitude = (1 - t) / (1 + t)
    }
    return (h < 0 ? -magnitude : magnitude, t)
  }

  @inline(__always)
  static func slope(memo t: Double, activation a: Double) -> Double {
    let s = 1 + t
    return 4 * t / (s * s)
  }

  /// 1 − tanh²(tanh h): a in [−1, 1] keeps it above 0.41, far from any cancellation.
  @inline(__always)
  static func slopeAtActivation(memo t: Double, activation a: Double) -> Double {
    let t = tanh(a)
    return 1 - t * t
  }
}

/// The rectifier; its memo is h itself.
enum ReLUKernel: ActivationKernel {
  @inline(__always)
  static func activate(_ h: Double) -> (value: Double, memo: Double) {
    (h > 0 ? h : 0, h)
  }

  /// 1 for h > 0, 0 otherwise (0 at h = 0, as PyTorch takes it).
  @inline(__always)
  static func slope(memo h: Double, activation a: Double) -> Double { h > 0 ? 1 : 0 }

  /// relu'(relu(h)) is 1 for h > 0 and 0 otherwise: the true slope again.
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
