#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - The logistic function

/// The logistic sigmoid σ(h) = 1 / (1 + e^-h).
///
/// For h below about -709, e^-h overflows to infinity and σ(h) is 0, as it should be; NaN stays NaN.
@inline(__always)
func sigmoid(_ h: Double) -> Double {
  1 / (1 + exp(-h))
}

/// The slope of the sigmoid written as the seed writes it: `sigmoid(z) * (1 - sigmoid(z))`.
///
/// Called with the pre-activation h this is σ'(h). The seed calls it with σ(h), which is the
/// sigmoid-of-sigmoid bug.
@inline(__always)
func sigmoidDeriv(_ z: Double) -> Double {
  sigmoid(z) * (1 - sigmoid(z))
}

/// The sine, for the target curve.
@inline(__always)
func sine(_ x: Double) -> Double {
  sin(x)
}
