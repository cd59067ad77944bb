import Foundation
import Testing

@testable import SineNet

@Suite("The original program's slope without a call to exp")
struct SigmoidTests {
  /// Every activation a sigmoid can produce, densely, with both ends.
  let activations = (0...20_000).map { Double($0) / 20_000 }

  @Test("e^-s on [0, 1] is the C library's exp(-s) to within 4 units in the last place")
  func negativeExponential() {
    let worst = worstError(
      in: { negativeExpOnUnitInterval($0) }, reference: { exp(-$0) })
    #expect(worst.ulps <= 4, "at s = \(worst.s)")
  }

  @Test("The original program's slope at an activation matches sigmoid_deriv written with exp")
  func slopeOfActivation() {
    let worst = worstError(
      in: { sigmoidDerivOfActivation($0) }, reference: { sigmoidDeriv($0) })
    #expect(worst.ulps <= 4, "at s = \(worst.s)")
  }

  /// The largest difference over ``activations``, in units in the last place of the reference.
  func worstError(
    in actual: (Double) -> Double, reference: (Double) -> Double
  ) -> (ulps: Double, s: Double) {
    var worst = (ulps: 0.0, s: 0.0)
    for s in activations {
      let expected = reference(s)
      let ulps = abs(actual(s) - expected) / expected.ulp
      if !(ulps <= worst.ulps) { worst = (ulps, s) }
    }
    return worst
  }

  @Test("NaN stays NaN")
  func notANumber() {
    #expect(negativeExpOnUnitInterval(Double.nan).isNaN)
    #expect(sigmoidDerivOfActivation(Double.nan).isNaN)
  }
}
