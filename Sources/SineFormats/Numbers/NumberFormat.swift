import CPlatform

/// Every number format sinetui writes, for the screens, the headless output and the diagnosis,
/// written without Foundation so that they are the same on every platform.
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

  /// `value` in the shortest form that reads back as the same Double, without a trailing `.0`:
  /// `10`, `3`, `0.3`, `0.01`, `0.0003`, `1e-05`, `0.012345678`.
  ///
  /// One format for every value, such as η on the status line: the standard library's
  /// round-trip digits, so any value typed in shows as typed.
  public static func shortest(_ value: Double) -> String {
    let text = value.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
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
  public static func abbreviated(_ value: Double, wholeWhenExact: Bool) -> String {
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

  /// A number in four significant digits at most, as the diagnosis writes a factor: four significant digits without trailing zeros, in
  /// plain notation from 0.001 to below 10,000 (`2`, `-1`, `0.5`, `0.001313`, `1234`) and in
  /// scientific notation outside it (`1.5e+04`, `3.226e-308`, `1e-310`); `0`, `nan`, `inf` and
  /// `-inf` as such.
  ///
  /// The digits come from the decimal exponent, so that no scaling loop runs away on a subnormal
  /// or huge factor.
  public static func short(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == 0 { return "0" }
    let sign = value < 0 ? "-" : ""
    let magnitude = value.magnitude
    // log10 of a finite, nonzero double is finite: -324 ... 309.
    var exponent = Int(floor(log10(magnitude)))
    var digits = scaled(magnitude, by: 3 - exponent).rounded()
    if digits >= 10_000 {
      exponent += 1
      digits = scaled(magnitude, by: 3 - exponent).rounded()
    } else if digits < 1000 {
      exponent -= 1
      digits = scaled(magnitude, by: 3 - exponent).rounded()
    }
    // 1000 ... 10000 after rounding, so the conversion is safe.
    var text = String(Int(min(max(digits, 1000), 9999)))
    if (-3...3).contains(exponent) {
      // The point goes after digit 1 + exponent; pad with zeros in front for a negative one.
      if exponent < 0 {
        text = "0." + String(repeating: "0", count: -exponent - 1) + text
      } else {
        text.insert(".", at: text.index(text.startIndex, offsetBy: 1 + exponent))
      }
      return sign + trimmingZeros(text)
    }
    text.insert(".", at: text.index(after: text.startIndex))
    let power = String(exponent.magnitude)
    return sign + trimmingZeros(text) + "e" + (exponent < 0 ? "-" : "+")
      + (power.count < 2 ? "0" + power : power)
  }

  /// `magnitude · 10^power`, in two halves so that neither 10^power over- nor underflows.
  private static func scaled(_ magnitude: Double, by power: Int) -> Double {
    let half = power / 2
    return magnitude * pow(10, Double(half)) * pow(10, Double(power - half))
  }

  /// `2.000` as `2`, `0.5000` as `0.5`.
  private static func trimmingZeros(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var text = Substring(text)
    while text.hasSuffix("0") { text = text.dropLast() }
    if text.hasSuffix(".") { text = text.dropLast() }
    return String(text)
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
