import Benchmark
import SineNet

/// SGD steps per second and allocations per step, for each preset and rule.
///
/// One iteration is 100,000 steps, so `throughput` (iterations/s) × 100,000 is steps per second
/// and `mallocCountTotal` / 100,000 is allocations per step.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
    warmupIterations: 3,
    scalingFactor: .one,
    maxDuration: .seconds(3),
    maxIterations: 1000
  )

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
