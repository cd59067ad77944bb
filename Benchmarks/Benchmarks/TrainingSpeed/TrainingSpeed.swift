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

  // Composing a frame into the cell grid, in steady state: the composer keeps its storage, so
  // this should allocate nothing. The session trained 100k steps first, so both curves and the
  // loss history are drawn in full.
  for (columns, rows) in [(80, 24), (200, 60)] {
    for glyphs in [Canvas.Glyphs.braille, .ascii] {
      Benchmark("compose frame \(columns)x\(rows) \(glyphs)") { benchmark in
        var session = Session(trainer: Trainer(preset: .bias, seed: 1))
        for _ in 0..<100 {
          session.train(steps: 1000)
          session.recordProgress()
        }
        var composer = FrameComposer()
        composer.compose(session, columns: columns, rows: rows, glyphs: glyphs)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
          composer.compose(session, columns: columns, rows: rows, glyphs: glyphs)
          blackHole(composer.frame.columns)
        }
        benchmark.stopMeasurement()
      }
    }
  }

  // The panels: the gradient check (g), the hidden units (h), a comparison run (c) and the wide
  // view (z) drawn on a 200x60 braille frame, against the same frame without them.
  for panels in ["g", "h", "c", "h z", "g h c"] {
    Benchmark("compose frame 200x60 braille, panels \(panels)") { benchmark in
      var session = Session(trainer: Trainer(preset: .bias, seed: 1))
      if panels.contains("c") { session.apply(.toggleComparison) }
      for _ in 0..<100 {
        session.train(steps: 1000)
        session.recordProgress()
      }
      if panels.contains("g") { session.apply(.toggleGradientCheck) }
      if panels.contains("h") { session.apply(.toggleHiddenUnits) }
      if panels.contains("z") { session.apply(.toggleWideView) }
      var composer = FrameComposer()
      composer.compose(session, columns: 200, rows: 60, glyphs: .braille)
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        composer.compose(session, columns: 200, rows: 60, glyphs: .braille)
        blackHole(composer.frame.columns)
      }
      benchmark.stopMeasurement()
    }
  }

  // Compare mode trains two networks per step: 100k steps of the session with and without it.
  for comparing in [false, true] {
    Benchmark("100k session steps bias, compare \(comparing ? "on" : "off")") { benchmark in
      // The comparison runs the original program's rule, whose ascent stays finite this long only with a
      // small η; a diverged run would stop costing anything and flatter the figure.
      var session = Session(trainer: Trainer(preset: .bias, seed: 1, eta: 1e-5))
      if comparing { session.apply(.toggleComparison) }
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        blackHole(session.train(steps: 100_000))
      }
      benchmark.stopMeasurement()
      precondition(session.comparison?.trainer.hasDiverged != true, "the comparison diverged")
    }
  }

  // Every activation, optimizer and batch size (issue 13's table): the bias preset, 10 hidden
  // units, the correct rule at the preset's η. One iteration is 100,000 steps; a step of batch 8
  // averages 8 samples' gradients.
  for activation in Activation.allCases {
    for optimizer in Optimizer.allCases {
      for batch in [1, 8] {
        let name = "100k steps \(activation.rawValue) \(optimizer.rawValue) batch \(batch)"
        Benchmark(name) { benchmark in
          var trainer = Trainer(
            preset: .bias, seed: 1, activation: activation, optimizer: optimizer,
            batchSize: batch)
          benchmark.startMeasurement()
          for _ in benchmark.scaledIterations {
            blackHole(trainer.train(steps: 100_000))
          }
          benchmark.stopMeasurement()
          precondition(!trainer.hasDiverged, "the benchmark run diverged and stopped doing work")
        }
      }
    }
  }

  for (preset, rule) in [
    (Preset.bias, GradientRule.correct), (.numpy, .correct), (.tensorflow, .correct),
    (.bias, .original),
  ] {
    Benchmark("100k SGD steps \(preset.rawValue) \(rule.rawValue)") { benchmark in
      // A wrong rule diverges within a few thousand steps on numpy; on bias with a small η it
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
