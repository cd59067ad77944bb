import Foundation
import SineNet
import Testing

@testable import SineUI

@Suite("The loss plot")
struct LossPlotTests {
  @Test(
    "Log-axis labels are powers of ten, evenly spaced, at most one a row",
    arguments: [
      (-3.2, 1.4, 6, 2.0, [-4.0, -2, 0, 2]), (-2.5, 261.5, 3, 100.0, [0, 100, 200]),
      (-10.0, 300.0, 9, 50.0, [0.0, 50, 100, 150, 200, 250, 300]),
      (0.1, 0.2, 3, 1.0, [0.0, 1]),
      (-330.0, 308.0, 12, 100.0, [-300.0, -200, -100, 0, 100, 200, 300]),
    ] as [(Double, Double, Int, Double, [Double])])
  func decades(lowest: Double, highest: Double, rows: Int, every: Double, labels: [Double]) {
    let axis = DecadeAxis(lowest: lowest, highest: highest, rows: rows)
    #expect(axis.every == every)
    var shown: [Double] = []
    var decade = axis.highestLabel
    while decade >= axis.low {
      shown.append(decade)
      decade -= axis.every
    }
    #expect(shown.reversed() == labels)
    #expect(shown.count <= max(rows, 1))
  }

  @Test("A diverged comparison does not squash the main run's loss: it is clamped and marked")
  func comparisonClamped() {
    var session = Session(trainer: Trainer(preset: .numpy, seed: 3))
    session.apply(.toggleComparison)
    for _ in 0..<10 {
      session.train(steps: 1000)
      session.recordProgress()
    }
    #expect(session.comparison?.trainer.hasDiverged == true)
    let frame = FrameRenderer.render(session, columns: 80, rows: 24, glyphs: .ascii)
    let lines = frame.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let top = lines.firstIndex { $0.hasPrefix("mse ") } ?? 0
    let plot = lines[(top + 1)...].prefix { !$0.contains("++-") }
    // The scale is the main run's (its mse stays between 0.1 and 10), and the comparison's climb
    // to 1e+300 runs along the top edge, marked.
    // The label column is the first six characters of each row.
    let labels = plot.map { String($0.prefix(6)).trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    #expect(labels == ["1e+01", "1e+00", "1e-01"], "\(plot.joined(separator: "\n"))")
    #expect(plot.first?.contains("^") == true, "\(plot.joined(separator: "\n"))")
    #expect(plot.dropFirst().contains { $0.contains("*") }, "\(plot.joined(separator: "\n"))")
  }

  @Test("The climb to a divergence is drawn, however many steps one frame held")
  func climb() throws {
    var session = Session(trainer: Trainer(preset: .numpy, seed: 3, rule: .original))
    session.train(steps: 20_000)
    session.recordProgress()
    let diverged = try #require(session.trainer.divergedAtStep)
    let climb = session.history.plotted.filter { $0.mse > 1 }
    #expect(climb.count >= 50)
    #expect(climb.allSatisfy { $0.step < diverged })
    #expect((climb.last?.mse ?? 0) > 1e250)
    #expect(session.lastFiniteNetwork.isFinite)
  }

  @Test("The highest mse between kept points is kept, so a short climb survives thinning")
  func peak() {
    var history = LossHistory(capacity: 4)
    for step in 0..<100 { history.record(step: step * 10, mse: 0.5) }
    let stride = history.stride
    #expect(stride > 10)
    let last = history.points.last?.step ?? 0
    history.record(step: last + 1, mse: 1e100)
    history.record(step: last + 2, mse: 1e200)
    history.record(step: last + 3, mse: 1e10)
    #expect(history.plotted.suffix(2).map(\.mse) == [1e200, 1e10])
  }
}
