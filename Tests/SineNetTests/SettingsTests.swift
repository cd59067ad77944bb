import Foundation
import Testing

@testable import SineNet

@Suite("Activations, optimizers and targets")
struct SettingsTests {
  @Test("Each activation's value, and its slope against a central difference")
  func activations() {
    for activation in Activation.allCases {
      for h in stride(from: -6.0, through: 6.0, by: 0.37) {
        let a = activation.value(h)
        let step = 1e-5
        let numerical = (activation.value(h + step) - activation.value(h - step)) / (2 * step)
        let slope = activation.slope(preActivation: h)
        _ = a
        #expect(abs(slope - numerical) < 1e-8, "\(activation) at \(h)")
      }
    }
    #expect(Activation.sigmoid.value(0) == 0.5)
    #expect(abs(Activation.tanh.value(0.5) - Foundation.tanh(0.5)) < 1e-16)
    #expect(Activation.relu.value(-2) == 0 && Activation.relu.value(2) == 2)
    #expect(Activation.relu.slope(preActivation: 0) == 0)
  }

  @Test("The slip: the slope at the activation, which changes nothing for ReLU")
  func slip() {
    for h in stride(from: -6.0, through: 6.0, by: 0.37) {
      let s = 1 / (1 + Foundation.exp(-h))
      let sigmoidOfSigmoid = 1 / (1 + Foundation.exp(-s))
      let slipped = Activation.sigmoid.slopeAtActivation(preActivation: h)
      #expect(abs(slipped - sigmoidOfSigmoid * (1 - sigmoidOfSigmoid)) < 1e-15)
      let t = Foundation.tanh(h)
      let tanhSlip = Activation.tanh.slopeAtActivation(preActivation: h)
      _ = t
      let tanhOfTanh = Foundation.tanh(Foundation.tanh(h))
      #expect(abs(tanhSlip - (1 - tanhOfTanh * tanhOfTanh)) < 1e-15)
      #expect(
        Activation.relu.slopeAtActivation(preActivation: h)
          == Activation.relu.slope(preActivation: h))
    }
    #expect(Activation.allCases.filter(\.slipChangesSlope) == [.sigmoid, .tanh])
  }

  @Test("Targets stay within [-1, 1] and show their feature on any range")
  func targets() {
    for target in Target.allCases {
      for range in [0.0..<15, 0.0..<1] {
        for k in 0..<1000 {
          let x = range.lowerBound + Double(k) / 1000 * (range.upperBound - range.lowerBound)
          let y = target.value(at: x, over: range)
          #expect((-1...1).contains(y), "\(target) at \(x)")
        }
      }
    }
    #expect(Target.sin.value(at: 2, over: 0..<15) == Foundation.sin(2))
    #expect(Target.square.value(at: 1, over: 0..<15) == 1)
    #expect(Target.square.value(at: 7, over: 0..<15) == -1)
    #expect(Target.square.value(at: 12, over: 0..<15) == 1)
    #expect(Target.kink.value(at: 7.5, over: 0..<15) == 0)
    #expect(Target.kink.value(at: 0, over: 0..<15) == 1)
    #expect(Target.bump.value(at: 0.5, over: 0..<1) == 1)
    #expect(Target.bump.value(at: 0, over: 0..<1) < 1e-5)
    #expect(Target.sawtooth.value(at: 0, over: 0..<1) == -1)
    #expect(abs(Target.sawtooth.value(at: 0.49999, over: 0..<1) - 1) < 1e-3)
  }

  @Test("The keys cycle through every setting and back")
  func cycles() {
    #expect(Activation.sigmoid.next == .tanh && Activation.relu.next == .sigmoid)
    #expect(Optimizer.sgd.next == .momentum && Optimizer.adam.next == .sgd)
    var target = Target.sin
    var seen: [Target] = []
    repeat {
      seen.append(target)
      target = target.next
    } while target != .sin
    #expect(seen == Target.allCases)
  }
}
