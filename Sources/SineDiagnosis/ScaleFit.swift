import CPlatform
import SineFormats

/// The constant c that makes a formula's update −c·η·g the traced one at every step so far: an
/// interval of the values every step allows.
///
/// Each step whose update says something about c (the formula's gradient is not zero, nor too small
/// for the rounding allowance) gives c's least-squares value there and, from the allowance, how
/// far from it c may be; the interval is what every step allows. A step whose gradient is zero
/// says nothing about c, but its traced update must then be zero within the allowance. A wrong
/// scale has a c the interval settles on and that is none of 0, 1 and −1.
struct ScaleFit: Sendable, Hashable {
  /// The smallest c every step allows.
  private(set) var low = -Double.infinity
  /// The largest c every step allows.
  private(set) var high = Double.infinity
  /// Whether a step needed the lower-precision allowance.
  private(set) var needsLowerPrecision = false
  /// The numbers of the steps that said something about c: the group's size at each.
  private(set) var observations = 0

  /// The numbers it takes to tell a constant from a coincidence: one number's factor at one step
  /// is always "constant".
  static let confirming = UnexplainedStep.confirmingSteps

  /// Whether enough steps have said something about c.
  var isFitted: Bool { low.isFinite && high.isFinite && observations >= Self.confirming }

  /// Narrows the interval by one step: traced update `traced` against the gradient `gradient`
  /// (both of one group), with learning rate `eta`, the parameters' largest magnitude `size` and
  /// the largest update a slope of 1 would give, `slopeless` (see ``UpdateMatch``).
  ///
  /// - Returns: false when no c explains this step and the steps before it; the fit is then
  ///   spent.
  mutating func narrow(
    traced: UnsafeBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>, eta: Double,
    size: Double, slopeless: Double, match: UpdateMatch, lowerPrecision: UpdateMatch?
  ) -> Bool {
    var largest = 0.0
    var moved = 0.0
    var product = 0.0
    var square = 0.0
    for i in gradient.indices {
      largest = max(largest, gradient[i].magnitude)
      moved = max(moved, traced[i].magnitude)
      product += traced[i] * gradient[i]
      square += gradient[i] * gradient[i]
    }
    let unit = eta * largest
    guard largest.isFinite, moved.isFinite else { return false }
    guard unit > 0 else {
      // A zero gradient: any c gives no update, which the trace must show.
      if match.allows(difference: moved, update: 0, size: size) { return true }
      guard let lowerPrecision, lowerPrecision.allows(difference: moved, update: 0, size: size)
      else { return false }
      needsLowerPrecision = true
      return true
    }
    // c's least-squares value at this step. The sums above are exact enough while every product
    // of two of the numbers is far from overflow and underflow; else they are taken again from
    // the gradient scaled to at most 1.
    let safe = 1e-100...1e100
    if !(safe.contains(largest) && (moved == 0 || safe.contains(moved))) {
      product = 0
      square = 0
      for i in gradient.indices {
        let g = gradient[i] / largest
        product += traced[i] * g
        square += g * g
      }
      square *= largest
    }
    let c = -product / (eta * square)
    var residual = 0.0
    for i in gradient.indices {
      let gap = (traced[i] + c * eta * gradient[i]).magnitude
      if !(gap <= residual) { residual = gap }
    }
    let update = c.magnitude * unit
    let size = size + c.magnitude * slopeless
    let spread: Double
    if match.allows(difference: residual, update: update, size: size) {
      spread = match.allowance(update: update, size: size) / unit
    } else if let lowerPrecision,
      lowerPrecision.allows(difference: residual, update: update, size: size)
    {
      spread = lowerPrecision.allowance(update: update, size: size) / unit
      needsLowerPrecision = true
    } else {
      return false
    }
    low = max(low, c - spread)
    high = min(high, c + spread)
    observations += gradient.count
    return low <= high
  }

  /// The constant the steps settle on: an integer or the reciprocal of one when the interval holds
  /// one, else its middle; nil when no step said anything, or when the interval holds 0, 1 or −1
  /// (no wrong scale then).
  var scale: Double? {
    guard isFitted else { return nil }
    let range = low...high
    if range.contains(0) || range.contains(1) || range.contains(-1) { return nil }
    let middle = (low + high) / 2
    let whole = middle.rounded()
    if range.contains(whole) { return whole }
    let reciprocal = 1 / (1 / middle).rounded()
    if reciprocal.isFinite, range.contains(reciprocal) { return reciprocal }
    return middle
  }

  /// A constant as the reports write it: to six significant digits, so that a scale of 1.00001
  /// is not written as 1.
  static func text(_ c: Double) -> String {
    guard c.isFinite, c != 0 else { return NumberFormat.short(c) }
    let digits = 5 - Int(floor(log10(c.magnitude)))
    guard (-300...300).contains(digits) else { return NumberFormat.short(c) }
    let power = pow(10, Double(digits.magnitude))
    let rounded = digits >= 0 ? (c * power).rounded() / power : (c / power).rounded() * power
    return NumberFormat.shortest(rounded)
  }

  /// Whether two constants are the same to within the six digits the reports write.
  static func agree(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return (a - b).magnitude <= 1e-6 * max(a.magnitude, b.magnitude)
  }
}
