import CPlatform

// MARK: - The logistic function

/// The logistic sigmoid σ(h) = 1 / (1 + e^-h), as the trainer computes it.
///
/// See ``SigmoidKernel``: from e^(−|h|), which never overflows. NaN stays NaN.
@inline(__always)
func sigmoid(_ h: Double) -> Double {
  SigmoidKernel.value(h)
}

/// The slope of the sigmoid written as the original program writes it, with the C library's
/// `exp`: `sigmoid(z) * (1 - sigmoid(z))`, sigmoid(z) = 1 / (1 + exp(-z)).
///
/// Called with the pre-activation h this is σ'(h). The original program calls it with σ(h), which
/// is the sigmoid-of-sigmoid bug. The tests hold the polynomial below to it.
func sigmoidDeriv(_ z: Double) -> Double {
  let s = 1 / (1 + exp(-z))
  return s * (1 - s)
}

// MARK: - The original program's slope on an activation

/// The original program's `sigmoid_deriv(sigmoid(layer2))`: ``sigmoidDeriv(_:)`` at an
/// activation s in [0, 1].
///
/// Equal to `sigmoidDeriv(s)` to within a few units in the last place, but without a call to
/// `exp`: on [0, 1] the exponential is a short polynomial (``negativeExpOnUnitInterval(_:)-(Double)``).
/// NaN stays NaN.
@inline(__always)
func sigmoidDerivOfActivation(_ s: Double) -> Double {
  let sigma = 1 / (1 + negativeExpOnUnitInterval(s))
  return sigma * (1 - sigma)
}

/// e^-s for s in [0, 1], to within a few units in the last place.
///
/// e^-s = e^-½ · e^-t with t = s − ½ in [−½, ½], and e^-t is its Taylor polynomial of degree 15,
/// whose remainder there is below 10⁻¹⁸ relative: the error is the rounding of the arithmetic.
/// Estrin's scheme evaluates it in pairs, quadruples and octets, so its chain of dependent
/// operations is 8 long rather than Horner's 30.
/// Outside [0, 1] the result is not e^-s; NaN stays NaN.
@inline(__always)
func negativeExpOnUnitInterval(_ s: Double) -> Double {
  let u = 0.5 - s  // −t
  let u2 = u * u
  let u4 = u2 * u2
  let u8 = u4 * u4
  // Estrin's scheme: pairs, then quadruples, then octets, so the chain is short.
  let c01 = 1 + u
  let c23 = u * (1.0 / 6) + 0.5
  let c45 = u * (1.0 / 120) + 1.0 / 24
  let c67 = u * (1.0 / 5_040) + 1.0 / 720
  let c89 = u * (1.0 / 362_880) + 1.0 / 40_320
  let c1011 = u * (1.0 / 39_916_800) + 1.0 / 3_628_800
  let c1213 = u * (1.0 / 6_227_020_800) + 1.0 / 479_001_600
  let c1415 = u * (1.0 / 1_307_674_368_000) + 1.0 / 87_178_291_200
  let low = (c01 + u2 * c23) + u4 * (c45 + u2 * c67)
  let high = (c89 + u2 * c1011) + u4 * (c1213 + u2 * c1415)
  return (low + u8 * high) * 0.606_530_659_712_633_4  // e^-½
}

// MARK: - The same on vectors

/// ``sigmoidDerivOfActivation(_:)-(Double)`` in every lane, with the same operations.
@inline(__always)
func sigmoidDerivOfActivation<V: Lanes>(_ s: V) -> V {
  let sigma = 1 / (1 + negativeExpOnUnitInterval(s))
  return sigma * (1 - sigma)
}

/// ``negativeExpOnUnitInterval(_:)-(Double)`` in every lane, with the same operations.
@inline(__always)
func negativeExpOnUnitInterval<V: Lanes>(_ s: V) -> V {
  let u = 0.5 - s
  let u2 = u * u
  let u4 = u2 * u2
  let u8 = u4 * u4
  let c01 = 1 + u
  let c23 = u * (1.0 / 6) + 0.5
  let c45 = u * (1.0 / 120) + 1.0 / 24
  let c67 = u * (1.0 / 5_040) + 1.0 / 720
  let c89 = u * (1.0 / 362_880) + 1.0 / 40_320
  let c1011 = u * (1.0 / 39_916_800) + 1.0 / 3_628_800
  let c1213 = u * (1.0 / 6_227_020_800) + 1.0 / 479_001_600
  let c1415 = u * (1.0 / 1_307_674_368_000) + 1.0 / 87_178_291_200
  let low = (c01 + u2 * c23) + u4 * (c45 + u2 * c67)
  let high = (c89 + u2 * c1011) + u4 * (c1213 + u2 * c1415)
  return (low + u8 * high) * 0.606_530_659_712_633_4
}

/// The sine, for the target curve.
@inline(__always)
func sine(_ x: Double) -> Double {
  sin(x)
}
