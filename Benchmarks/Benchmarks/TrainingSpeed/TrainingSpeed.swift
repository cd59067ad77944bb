import Benchmark
import SineNet
import SineUI

/// SGD steps per second and allocations per step, for each preset and rule, and the cost of a
/// frame.
///
/// One training iteration is 100,000 steps, so `throughput` (iterations/s) × 100,000 is steps per
/// second. The "0 SGD steps" benchmark measures the harness alone: the allocations the 100k-step
/// benchmarks report beyond it are the steps' own.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
    warmupIterations: 3,
    scalingFactor: .one,
    maxDuration: .seconds(3),
    maxIterations: 1000
  )

  Benchmark("0 SGD steps (harness baseline)") { benchmark in
    var trainer = Trainer(preset: .bias, seed: 1)
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
      blackHole(trainer.train(steps: 0))
    }
    benchmark.stopMeasurement()
  }

  for (columns, rows) in [(80, 24), (200, 60)] {
    Benchmark("frame render \(columns)x\(rows) braille") { benchmark in
      var session = Session(trainer: Trainer(preset: .bias, seed: 1))
      session.train(steps: 100_000)
      session.recordProgress()
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        session.train(steps: 1000)
        session.recordProgress()
        blackHole(FrameRenderer.render(session, columns: columns, rows: rows, glyphs: .braille))
      }
      benchmark.stopMeasurement()
    }
  }

  for (preset, rule) in [
    (Preset.bias, GradientRule.correct), (.numpy, .correct), (.tensorflow, .correct),
    (.bias, .seed),
  ] {
    Benchmark("100k SGD steps \(preset.rawValue) \(rule.rawValue)") { benchmark in
      // A seed rule diverges within a few thousand steps on numpy; on bias with a small η it
      // stays finite for the whole measurement, so every iteration does the full work.
      var trainer = Trainer(preset: preset, seed: 1, rule: rule, eta: rule == .correct ? nil : 1e-5)
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        blackHole(trainer.train(steps: 100_000))
      }
      benchmark.stopMeasurement()
      precondition(!trainer.hasDiverged, "the benchmark run diverged and stopped doing work")
    }
  }
}
