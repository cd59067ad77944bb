import Testing

@testable import SineUI

@Suite("Ladders and history")
struct LadderTests {
  @Test("eta climbs and descends the ladder 1e-5 ... 10, stopping at its ends")
  func learningRates() {
    let ladder = Ladder.learningRates
    var eta = 0.01
    var climbed: [Double] = []
    for _ in 0..<8 {
      eta = ladder.above(eta)
      climbed.append(eta)
    }
    #expect(climbed == [0.03, 0.1, 0.3, 1, 3, 10, 10, 10])
    eta = 0.01
    var descended: [Double] = []
    for _ in 0..<8 {
      eta = ladder.below(eta)
      descended.append(eta)
    }
    #expect(descended == [3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 1e-5, 1e-5])
    // A value given on the command line between rungs moves to the nearest rung each way.
    #expect(ladder.above(0.02) == 0.03)
    #expect(ladder.below(0.02) == 0.01)
    // Past either end, a key leaves η where it is rather than moving it the wrong way.
    #expect(ladder.below(50) == 10)
    #expect(ladder.above(50) == 50)
    #expect(ladder.below(5e-6) == 5e-6)
    #expect(ladder.above(5e-6) == 1e-5)
  }

  @Test("Speed steps 1, 10, 100, 1k, 10k, 100k, 1M, max")
  func speeds() {
    var speed = Speed.perSecond(1)
    var labels = [speed.label]
    for _ in 0..<8 {
      speed = Speed.ladder.above(speed)
      labels.append(speed.label)
    }
    #expect(labels == ["1/s", "10/s", "100/s", "1k/s", "10k/s", "100k/s", "1M/s", "max", "max"])
    #expect(Speed.ladder.below(.max) == .perSecond(1_000_000))
    #expect(Speed.ladder.below(.perSecond(1)) == .perSecond(1))
    #expect(Speed.standard == .perSecond(100_000))
  }

  @Test("The loss history stays bounded and spans the whole run")
  func historyIsBounded() throws {
    var history = LossHistory(capacity: 64)
    for step in 0...1_000_000 {
      history.record(step: step, mse: 1 / Double(step + 1))
    }
    #expect(history.points.count <= 64)
    #expect(history.points.count >= 32)
    #expect(history.points.first?.step == 0)
    let last = try #require(history.plotted.last)
    #expect(last.step == 1_000_000)
    #expect(history.stride.nonzeroBitCount == 1)
    let steps = history.points.map(\.step)
    #expect(steps == steps.sorted())
    // Evenly spread: every gap is the stride.
    #expect(zip(steps, steps.dropFirst()).allSatisfy { $1 - $0 == history.stride })
  }

  @Test(
    "Points offered once a frame stay evenly spread as the history thins",
    arguments: [3333, 1, 77])
  func historyIsEven(spacing: Int) {
    var history = LossHistory(capacity: 64)
    for frame in 0...50_000 {
      history.record(step: frame * spacing, mse: 1)
    }
    let steps = history.points.map(\.step)
    let gaps = zip(steps, steps.dropFirst()).map { $1 - $0 }
    #expect(steps.count >= 32)
    #expect(steps.first == 0)
    #expect((gaps.max() ?? 0) <= 2 * (gaps.min() ?? 0), "gaps \(gaps)")
  }

  @Test("Non-finite losses are never recorded")
  func historySkipsNonFinite() {
    var history = LossHistory(capacity: 8)
    history.record(step: 1, mse: 0.5)
    history.record(step: 2, mse: .nan)
    history.record(step: 3, mse: .infinity)
    history.record(step: 4, mse: -1)
    #expect(history.plotted.map(\.step) == [1])
  }
}
