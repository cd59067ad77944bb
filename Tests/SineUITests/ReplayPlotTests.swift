import SineNet
import Testing

@testable import SineUI

/// The preset and x range a replayed trace is plotted with.
@Suite("The replay's plot range")
struct ReplayPlotTests {
  static func samples(_ xs: [Double]) -> [Sample] { xs.map { Sample(x: $0, y: 0) } }

  @Test("Line 1's preset is used when it is one and fits the model")
  func namedPreset() {
    let xs = Self.samples([0.1, 0.5, 0.9])
    // The x below 1 would have been guessed tensorflow; line 1 says numpy.
    #expect(
      Replay.plotSetting(presetName: "numpy", hasBiases: false, samples: xs) == (.numpy, 0..<15))
    // Not a preset, or one with the wrong model: the samples decide.
    #expect(
      Replay.plotSetting(presetName: "mine", hasBiases: false, samples: xs) == (.tensorflow, 0..<1))
    #expect(
      Replay.plotSetting(presetName: "bias", hasBiases: false, samples: xs) == (.tensorflow, 0..<1))
    #expect(Replay.plotSetting(presetName: nil, hasBiases: true, samples: xs) == (.bias, 0..<15))
  }

  @Test("Samples outside every preset's range are plotted over their own range")
  func ownRange() {
    let pi = Double.pi
    let (preset, range) = Replay.plotSetting(
      presetName: nil, hasBiases: false, samples: Self.samples([-pi, 0, pi]))
    #expect(preset == .numpy)
    #expect(range == -pi..<pi.nextUp)
    #expect(
      Replay.plotSetting(presetName: nil, hasBiases: true, samples: Self.samples([-2, -1])).1
        == -2..<(-1.0).nextUp)
    #expect(
      Replay.plotSetting(presetName: "bias", hasBiases: true, samples: Self.samples([-3])).1
        == -3.5..<(-2.5))
  }
}
