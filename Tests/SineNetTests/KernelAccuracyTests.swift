import Foundation
import Testing

@testable import SineNet

/// The activation kernels against the exact value (80-bit extended precision, 11 bits more than a
/// double) over the whole double range, and the vector lanes against the one-unit code, bit for
/// bit.
///
/// A debug build checks about 40,000 points a function here. The same test with
/// `SINENET_KERNEL_POINTS=4000000` in the environment, in a release build
/// (`Scripts/kernel-scan`), checks 4 million (about 60 million evaluations in all).
@Suite("Kernel accuracy over the whole range")
struct KernelAccuracyTests {
  /// How many points each input set has: 40,000 by default, more from the environment.
  static let points: Int = {
    let requested = ProcessInfo.processInfo.environment["SINENET_KERNEL_POINTS"].flatMap {
      Int($0)
    }
    return max(requested ?? 40_000, 1_000)
  }()

  /// Every input: both signs of every binade from the smallest subnormal to 2¹⁰, uniform on
  /// [−40, 40], dense around the thresholds (underflow of e^x, saturation of σ and tanh, tanh's
  /// switch at |h| = 1, the reduction's boundaries), and the special values.
  static let inputs: [Double] = {
    var generator = Xoshiro256StarStar(seed: 17)
    var result: [Double] = []
    let binades = 1085
    let perBinade = max(points / 2 / binades, 2)
    for binade in 0..<binades {
      let exponent = binade - 1074
      for _ in 0..<perBinade {
        let magnitude =
          exponent >= -1022
          ? Double(sign: .plus, exponent: exponent, significand: 1 + generator.nextUnit())
          : Double(bitPattern: generator.next() & ((1 << (exponent + 1075)) - 1) | 1)
        result += [magnitude, -magnitude]
      }
    }
    for _ in 0..<points / 4 { result.append(generator.nextDouble(in: -40..<40)) }
    let centres = [
      745.133_219_101_941_1, 708.396_418_532_264_1, 709.782_712_893_383_9, 36.7, 37.5, 18.4,
      19.1, 22, 1, 0.5, 0.002_707_606_174_554_118_8, 0.346_573_590_279_972_65,
    ]
    for centre in centres {
      for index in 0..<max(points / 4 / centres.count, 8) {
        let step = Int64(generator.next() % 8193) - 4096
        let near =
          index % 2 == 0
          ? centre + generator.nextDouble(in: -1e-3..<1e-3)
          : Double(bitPattern: UInt64(bitPattern: Int64(bitPattern: centre.bitPattern) &+ step))
        result += [near, -near]
      }
    }
    result += [
      0, -0.0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude,
      -.greatestFiniteMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
      .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 746, -746, 1e300, -1e300,
    ]
    return result
  }()

  // MARK: - The exact values

  /// e^x in extended precision.
  static func exactExp(_ x: Double) -> Float80 { expl(Float80(x)) }

  /// σ(h), σ'(h), tanh h and tanh'(h) in extended precision, each from e^(−|h|) or e^(−2|h|)
  /// without cancellation.
  static func exactSigmoid(_ h: Double) -> (value: Float80, slope: Float80) {
    let t = expl(-Float80(h).magnitude)
    let value = h < 0 ? t / (1 + t) : 1 / (1 + t)
    return (value, t / ((1 + t) * (1 + t)))
  }

  /// tanh h and tanh'(h) in extended precision.
  static func exactTanh(_ h: Double) -> (value: Float80, slope: Float80) {
    let t = expl(-2 * Float80(h).magnitude)
    return (tanhl(Float80(h)), 4 * t / ((1 + t) * (1 + t)))
  }

  /// |actual − exact| in units in the last place of the double nearest `exact` (the subnormal
  /// ulp below 2⁻¹⁰²²), or infinity when one is NaN or infinite and the other is not the same.
  static func ulps(_ actual: Double, _ exact: Float80) -> Double {
    let expected = Double(exact)
    if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN ? 0 : .infinity }
    if actual.isInfinite || expected.isInfinite { return actual == expected ? 0 : .infinity }
    return Double((Float80(actual) - exact).magnitude / Float80(expected.ulp))
  }

  /// The worst of `measure` over the inputs, and where.
  static func worst(_ measure: (Double) -> Double) -> (ulps: Double, at: Double) {
    var worst = (ulps: 0.0, at: 0.0)
    for x in inputs {
      let ulps = measure(x)
      if !(ulps <= worst.ulps) { worst = (ulps, x) }
    }
    return worst
  }

  // MARK: - Accuracy

  @Test("e^x for x ≤ 0 is within 1 ulp of the exact value, subnormals and underflow included")
  func exponential() {
    let worst = Self.worst { x in
      let x = -x.magnitude
      return Self.ulps(ExpKernel.exp(x), Self.exactExp(x))
    }
    print("e^x: \(worst)")
    #expect(worst.ulps <= 1, "at \(worst.at)")
  }

  @Test("σ(h) is within 3 ulp and σ'(h) within 4, over the whole range")
  func sigmoid() {
    let value = Self.worst { Self.ulps(SigmoidKernel.value($0), Self.exactSigmoid($0).value) }
    let slope = Self.worst { Self.ulps(SigmoidKernel.slope(at: $0), Self.exactSigmoid($0).slope) }
    print("sigmoid: value \(value), slope \(slope)")
    #expect(value.ulps <= 3, "at \(value.at)")
    #expect(slope.ulps <= 4, "at \(slope.at)")
  }

  @Test("tanh h is within 3.5 ulp and tanh'(h) within 4, over the whole range")
  func tanh() {
    let value = Self.worst { Self.ulps(TanhKernel.value($0), Self.exactTanh($0).value) }
    let slope = Self.worst { Self.ulps(TanhKernel.slope(at: $0), Self.exactTanh($0).slope) }
    print("tanh: value \(value), slope \(slope)")
    // −u · r near 0: u = e^(−2|h|) − 1 within 1.5 ulp, r = 1/(1 + t) within 1.5, the product
    // rounded once more (2.95 found over 4 million points a set).
    #expect(value.ulps <= 3.5, "at \(value.at)")
    #expect(slope.ulps <= 4, "at \(slope.at)")
  }

  @Test("The slip's slopes at an activation are within 4 ulp of the exact value there")
  func slips() {
    let sigmoid = Self.worst { h in
      let a = SigmoidKernel.value(h)
      let s = Self.exactSigmoid(a).value
      return Self.ulps(SigmoidKernel.slopeAtActivation(at: h), s * (1 - s))
    }
    let tanh = Self.worst { h in
      let a = TanhKernel.value(h)
      let t = tanhl(Float80(a))
      return Self.ulps(TanhKernel.slopeAtActivation(at: h), 1 - t * t)
    }
    print("slips: sigmoid \(sigmoid), tanh \(tanh)")
    #expect(sigmoid.ulps <= 4, "at \(sigmoid.at)")
    #expect(tanh.ulps <= 4, "at \(tanh.at)")
  }

  @Test("Special values: saturation, signed zeros, infinities and NaN")
  func specials() {
    #expect(ExpKernel.exp(0) == 1 && ExpKernel.exp(-0.0) == 1)
    #expect(ExpKernel.exp(-.infinity) == 0 && ExpKernel.exp(-746) == 0)
    #expect(ExpKernel.exp(-745.13) == .leastNonzeroMagnitude)
    #expect(ExpKernel.exp(.nan).isNaN)
    #expect(SigmoidKernel.value(0) == 0.5 && SigmoidKernel.slope(at: 0) == 0.25)
    #expect(SigmoidKernel.value(40) == 1 && SigmoidKernel.value(.infinity) == 1)
    #expect(SigmoidKernel.value(-.infinity) == 0 && SigmoidKernel.slope(at: .infinity) == 0)
    // Where 1 / (1 + exp(-h)) has rounded to 0, σ(h) ≈ e^h still runs through the subnormals.
    #expect(SigmoidKernel.value(-720) == Foundation.exp(-720.0))
    #expect(SigmoidKernel.value(.nan).isNaN && SigmoidKernel.slope(at: .nan).isNaN)
    #expect(TanhKernel.value(0) == 0 && TanhKernel.value(0).sign == .plus)
    #expect(TanhKernel.value(-0.0) == 0 && TanhKernel.value(-0.0).sign == .minus)
    #expect(TanhKernel.value(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
    #expect(TanhKernel.value(30) == 1 && TanhKernel.value(-.infinity) == -1)
    #expect(TanhKernel.slope(at: 0) == 1 && TanhKernel.slope(at: -.infinity) == 0)
    #expect(TanhKernel.value(.nan).isNaN)
    #expect(ReLUKernel.value(.nan) == 0 && ReLUKernel.slope(at: .nan) == 0)
    for h in Swift.stride(from: -5.0, through: 5, by: 0.01) {
      #expect(TanhKernel.value(-h) == -TanhKernel.value(h))
    }
  }

  // MARK: - Lanes

  @Test("SIMD8 and SIMD2 lanes are the one-unit code's bits, for every kernel")
  func lanes() {
    // The vector code runs unspecialised in a debug build: a sample of the inputs.
    let stride = max(Self.inputs.count / 4_000, 1)
    let sample = Swift.stride(from: 0, to: Self.inputs.count - 8, by: 8 * stride).map {
      Array(Self.inputs[$0..<($0 + 8)])
    }
    for values in sample {
      let eight = SIMD8(values)
      let two = SIMD2(values[0], values[1])
      let scalar: [[Double]] = values.map { h in
        let a = [SigmoidKernel.activate(h), TanhKernel.activate(h), ReLUKernel.activate(h)]
        return [
          ExpKernel.exp(-h.magnitude), a[0].value, a[0].memo, a[1].value, a[1].memo, a[2].value,
          SigmoidKernel.slope(at: h), TanhKernel.slope(at: h), ReLUKernel.slope(at: h),
          SigmoidKernel.slopeAtActivation(at: h), TanhKernel.slopeAtActivation(at: h),
        ]
      }
      let wide = Self.kernels(eight)
      let narrow = Self.kernels(two)
      for kernel in scalar[0].indices {
        for lane in 0..<8 {
          #expect(wide[kernel][lane].bitPattern == scalar[lane][kernel].bitPattern)
        }
        for lane in 0..<2 {
          #expect(narrow[kernel][lane].bitPattern == scalar[lane][kernel].bitPattern)
        }
      }
    }
  }

  /// What ``lanes()`` compares, in the same order, at width `V`.
  static func kernels<V: Lanes>(_ h: V) -> [V] {
    let a = [SigmoidKernel.activate(h), TanhKernel.activate(h), ReLUKernel.activate(h)]
    let slips = [
      SigmoidKernel.slopeAtActivation(memo: a[0].memo, activation: a[0].value),
      TanhKernel.slopeAtActivation(memo: a[1].memo, activation: a[1].value),
    ]
    return [
      ExpKernel.exp(h.negativeMagnitude), a[0].value, a[0].memo, a[1].value, a[1].memo,
      a[2].value, SigmoidKernel.slope(memo: a[0].memo, activation: a[0].value),
      TanhKernel.slope(memo: a[1].memo, activation: a[1].value),
      ReLUKernel.slope(memo: a[2].memo, activation: a[2].value),
    ] + slips
  }
}
