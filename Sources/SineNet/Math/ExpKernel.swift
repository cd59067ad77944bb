/// e^x for x ≤ 0, within 1 ulp over the whole range: the exponential the activations are built
/// from (the sigmoid from e^(−|h|), tanh from e^(−2|h|)), on ``Lanes`` and on one `Double`.
///
/// Every lane runs the same branch-free instructions of the baseline x86-64 target (SSE2: no
/// fused multiply-add, no `roundpd`, no 64-bit arithmetic shift), so a result is the same on
/// every x86-64 processor, at every width: unlike the C library's `exp`, which picks an
/// implementation by processor at load time.
enum ExpKernel {
  /// Below this, e^x has rounded to +0; arguments are clamped up to it, which keeps the exponent
  /// arithmetic of ``parts(_:)-(V)`` in range.
  static let lowest = -746.0

  /// 1.5 · 2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer held in the low
  /// bits of the sum.
  static let shifter = 0x1.8p52

  /// The bits of ``shifter`` less 128 · 1078, so that the sum's bits less this are
  /// 128 (k + 1078) + j.
  static let shifterBitsLessOffset = 0x1.8p52.bitPattern &- 128 * 1078

  /// e^x for x ≤ 0, or x NaN, in every lane.
  ///
  /// +0 from about −745.13 down (through the subnormals before that), e^−∞ = +0, e^0 = 1
  /// exactly; NaN stays NaN. Above 0 the result is not e^x.
  @inline(__always)
  static func exp<V: Lanes>(_ x: V) -> V {
    parts(x.clamped(below: lowest)).value
  }

  /// e^x = scale · (1 + fraction) · power, for x in [−746, 0] or NaN, in every lane: Tang's
  /// table-driven method.
  ///
  /// - n = round(x · 128 / ln 2), with the shifter 1.5 · 2⁵²: the sum's low bits hold n, and
  ///   subtracting the shifter back gives n as a double, with no `roundpd` (SSE4.1) needed.
  ///   n = 128 k + j with 0 ≤ j < 128.
  /// - r = (x − n · ln2High) − n · ln2Low, |r| ≤ ln 2 / 256 (Cody and Waite: ln2High has 34
  ///   significant bits, so n · ln2High and the first subtraction are exact).
  /// - e^x = 2^k · h_j · (1 + fraction) with 2^(j/128) = h_j (1 + t_j) from ``ExpTable`` and
  ///   fraction = t_j + r + r²/2 + r³/6 + r⁴/24 + r⁵/120, whose truncation error is below 2⁻⁶⁰.
  /// - 2^k is split as 2^k₁ · 2^k₂ with k₁ = ⌊(k + 1078) / 2⌋ − 539, both in [−539, 0]: `scale`
  ///   is h_j · 2^k₁, built in h_j's exponent field, and `power` is 2^k₂, both normal. Their
  ///   product rounds only where e^x is subnormal.
  @inline(__always)
  static func parts<V: Lanes>(_ x: V) -> ExpParts<V> {
    let shifted = x * ExpTable.scaledLog2e + shifter
    let n = shifted - shifter
    let r = (x - n * ExpTable.ln2High) - n * ExpTable.ln2Low
    // v = 128 (k + 1078) + j ≥ 0, so that the shifts can be logical; u = k + 1078 in [1, 1078].
    let v = shifted.bitPattern &- shifterBitsLessOffset
    let j = v & 127
    let u = v &>> 7
    let low = u &>> 1
    let high = u &- low
    var tail = V()
    var hBits = V.Bits()
    ExpTable.entries.withUnsafeBufferPointer { table in
      for lane in 0..<V.scalarCount {
        let index = Int(truncatingIfNeeded: j[lane]) &* 2
        tail[lane] = Double(bitPattern: table[index])
        hBits[lane] = table[index &+ 1]
      }
    }
    // h_j · 2^k₁: k₁ = low − 539 added to h_j's exponent field (wrapping: k₁ ≤ 0).
    let scale = V(bitPattern: hBits &+ ((low &- 539) &<< 52))
    // 2^k₂, k₂ = high − 539: its biased exponent is high + 484.
    let power = V(bitPattern: (high &+ (1023 - 539)) &<< 52)
    let r2 = r * r
    // r/6 + 1/2 and (r + 5)/120 = r/120 + 1/24: written differently so that LLVM's SLP
    // vectoriser does not pair lanes of the two across registers.
    let low2 = r * (1.0 / 6) + 0.5
    let high2 = (r + 5) * (1.0 / 120)
    let fraction = (tail + r) + r2 * (low2 + r2 * high2)
    return ExpParts(scale: scale, fraction: fraction, power: power)
  }

  // MARK: - One lane

  /// ``exp(_:)-(V)`` for one double, with the same operations.
  @inline(__always)
  static func exp(_ x: Double) -> Double {
    parts(x < lowest ? lowest : x).value
  }

  /// ``parts(_:)-(V)`` for one double, with the same operations.
  @inline(__always)
  static func parts(_ x: Double) -> ScalarExpParts {
    let shifted = x * ExpTable.scaledLog2e + shifter
    let n = shifted - shifter
    let r = (x - n * ExpTable.ln2High) - n * ExpTable.ln2Low
    let v = shifted.bitPattern &- shifterBitsLessOffset
    let index = Int(truncatingIfNeeded: v & 127) &* 2
    let u = v &>> 7
    let low = u &>> 1
    let high = u &- low
    let (tail, hBits) = ExpTable.entry(index)
    let scale = Double(bitPattern: hBits &+ ((low &- 539) &<< 52))
    let power = Double(bitPattern: (high &+ (1023 - 539)) &<< 52)
    let r2 = r * r
    let low2 = r * (1.0 / 6) + 0.5
    let high2 = (r + 5) * (1.0 / 120)
    let fraction = (tail + r) + r2 * (low2 + r2 * high2)
    return ScalarExpParts(scale: scale, fraction: fraction, power: power)
  }
}

extension ExpTable {
  /// t_j and the bits of h_j, from `index` = 2j: one lane's lookup.
  ///
  /// The same numbers either way; read the way each build reads fastest. An optimised build
  /// reads ``entries`` in place, a constant array. An unoptimised one would call a generic
  /// closure for that, which costs more than the rest of the exponential, so it reads a copy
  /// made when first used and never written again or freed (an optimised build would call that
  /// lazy global's initialiser check on every lookup instead).
  @inline(__always)
  static func entry(_ index: Int) -> (tail: Double, hBits: UInt64) {
    #if DEBUG
      (Double(bitPattern: copy[index]), copy[index &+ 1])
    #else
      entries.withUnsafeBufferPointer { (Double(bitPattern: $0[index]), $0[index &+ 1]) }
    #endif
  }

  #if DEBUG
    /// ``entries``, copied once for an unoptimised build's lookups.
    nonisolated(unsafe) private static let copy: UnsafePointer<UInt64> = {
      let table = UnsafeMutablePointer<UInt64>.allocate(capacity: entries.count)
      table.initialize(from: entries, count: entries.count)
      return UnsafePointer(table)
    }()
  #endif
}

/// e^x as ``ExpKernel/parts(_:)-(V)`` leaves it: scale · (1 + fraction) · power, in every lane.
struct ExpParts<T: Lanes> {
  /// h_j · 2^k₁, normal.
  var scale: T
  /// e^r (1 + t_j) − 1, small: |fraction| < 0.003.
  var fraction: T
  /// 2^k₂, normal.
  var power: T
}

extension ExpParts {
  /// e^x, within 1 ulp; rounded once more, as a correctly scaled product, where it is
  /// subnormal.
  @inline(__always)
  var value: T { (scale + scale * fraction) * power }

  /// e^x − 1, without the cancellation of forming e^x first.
  ///
  /// (s − 1) + s · fraction with s = scale · power ≤ 1, exact where e^x is normal. s − 1 is
  /// exact from x = −ln 2 up (Sterbenz); below, the part it rounds off, s − ((s − 1) + 1), is
  /// exact (Fast2Sum, as |−1| ≥ s) and added back with s · fraction. For x ≥ −700, where
  /// s does not underflow.
  @inline(__always)
  var valueMinusOne: T {
    let s = scale * power
    let difference = s - 1
    return difference + (s * fraction + (s - (difference + 1)))
  }
}

/// ``ExpParts`` for one double, with the same operations.
struct ScalarExpParts {
  /// h_j · 2^k₁, normal.
  var scale: Double
  /// e^r (1 + t_j) − 1, small.
  var fraction: Double
  /// 2^k₂, normal.
  var power: Double

  /// e^x, as the vector form computes it.
  @inline(__always)
  var value: Double { (scale + scale * fraction) * power }

  /// e^x − 1, as the vector form computes it.
  @inline(__always)
  var valueMinusOne: Double {
    let s = scale * power
    let difference = s - 1
    return difference + (s * fraction + (s - (difference + 1)))
  }
}
