/// Number formats shared by every screen and by the headless output, written without Foundation so
/// that they are the same on every platform.
public enum NumberFormat {
  /// `value` in scientific notation with `digits` significant digits.
  ///
  /// Written as C's `%.{digits-1}e` writes it: `3.2e-05`, `1.0e+00`, `-4.56e+12`. Non-finite
  /// values are `nan`, `inf` and `-inf`.
  ///
  /// - Precondition: `digits` is in 1...9.
  public static func scientific(_ value: Double, digits: Int = 2) -> String {
    precondition((1...9).contains(digits), "scientific notation needs 1...9 digits")
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let sign = value < 0 ? "-" : ""
    var mantissa = value.magnitude
    var exponent = 0
    if mantissa != 0 {
      while mantissa >= 10 {
        mantissa /= 10
        exponent += 1
      }
      while mantissa < 1 {
        mantissa *= 10
        exponent -= 1
      }
    }
    var scaled = (mantissa * power(10, digits - 1)).rounded()
    if scaled >= power(10, digits) {
      scaled = (scaled / 10).rounded()
      exponent += 1
    }
    var text = String(UInt64(scaled)).padding(toAtLeast: digits)
    if digits > 1 {
      text.insert(".", at: text.index(after: text.startIndex))
    }
    let exponentText = String(exponent.magnitude).padding(toAtLeast: 2)
    return sign + text + "e" + (exponent < 0 ? "-" : "+") + exponentText
  }

  /// A rate for people: `950`, `12.3k`, `8.9M`, `1.2G`.
  public static func rate(_ value: Double) -> String {
    guard value.isFinite, value >= 0 else { return "-" }
    return abbreviated(value, wholeWhenExact: false)
  }

  /// A count with a k, M or G suffix from a thousand up.
  ///
  /// One decimal (`12.3k`), or none when the scaled value is whole and `wholeWhenExact` (`20k`).
  /// Below a thousand, a whole number.
  static func abbreviated(_ value: Double, wholeWhenExact: Bool) -> String {
    func scaled(_ scale: Double, _ suffix: String) -> String {
      let scaled = value / scale
      let whole = wholeWhenExact && scaled == scaled.rounded()
      return fixed(scaled, decimals: whole ? 0 : 1) + suffix
    }
    if value >= 1e9 { return scaled(1e9, "G") }
    if value >= 1e6 { return scaled(1e6, "M") }
    if value >= 1e3 { return scaled(1e3, "k") }
    return fixed(value, decimals: 0)
  }

  /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
  ///
  /// Non-finite values are `nan`, `inf` and `-inf`; magnitudes past 1e15 fall back to scientific.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    precondition((0...9).contains(decimals), "fixed notation needs 0...9 decimals")
    guard value.isFinite else { return scientific(value) }
    let scale = power(10, decimals)
    // The digits go through a UInt64: keep them below 2^63.
    guard value.magnitude * scale < 9e18, value.magnitude < 1e15 else {
      return scientific(value, digits: 3)
    }
    let scaled = (value.magnitude * scale).rounded()
    let sign = value < 0 && scaled != 0 ? "-" : ""
    let digits = String(UInt64(scaled)).padding(toAtLeast: decimals + 1)
    guard decimals > 0 else { return sign + digits }
    let split = digits.index(digits.endIndex, offsetBy: -decimals)
    return sign + digits[..<split] + "." + digits[split...]
  }
}

/// 10 raised to an integer power, exact for the powers a Double holds exactly.
private func power(_ base: Double, _ exponent: Int) -> Double {
  var result = 1.0
  var factor = base
  var remaining = exponent.magnitude
  while remaining > 0 {
    if remaining & 1 == 1 { result *= factor }
    factor *= factor
    remaining >>= 1
  }
  return exponent < 0 ? 1 / result : result
}

extension String {
  /// The string with leading zeros added up to `width` characters.
  fileprivate func padding(toAtLeast width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
