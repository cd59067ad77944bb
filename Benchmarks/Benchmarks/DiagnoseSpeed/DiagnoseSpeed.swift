import Benchmark
import DiagnoseBaseline
import SineDiagnosis

/// How fast `sinetui diagnose` reads a trace, beside the reader it replaced, and that its memory
/// does not grow with the trace.
///
/// The traces are written to /tmp the first time (the format of `sinetui train --trace`: preset
/// bias, correct rule, seed 1, hidden 10) and reused afterwards; they are never committed. Each
/// iteration reads one whole trace in 1 MiB chunks into a `TraceDiagnoser`, as `sinetui diagnose`
/// does (the read loop below is the command's, minus its messages); the `baseline` benchmarks do
/// the same with the reader and diagnoser of commit b90d9e5 (`DiagnoseBaseline`), so that old and
/// new are measured in one run on the same machine. `MB/s` is the trace's size over the
/// iteration's wall clock; `peakMemoryResident` is the process's resident memory at its highest
/// while the benchmark ran.
let benchmarks: @Sendable () -> Void = {
  let megabytesPerSecond = BenchmarkMetric.custom(
    "MB/s", polarity: .prefersLarger, useScalingFactor: false)
  for megabytes in [10, 500] {
    for baseline in [false, true] {
      let name = baseline ? "diagnose (baseline b90d9e5)" : "diagnose"
      Benchmark(
        "\(name) a \(megabytes) MB trace",
        configuration: .init(
          metrics: [
            .wallClock, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal,
            megabytesPerSecond,
          ],
          warmupIterations: megabytes > 100 ? 0 : 1,
          scalingFactor: .one,
          maxDuration: .seconds(megabytes > 100 ? 60 : 10),
          maxIterations: megabytes > 100 ? 3 : 20
        )
      ) { benchmark in
        let path = TraceFixture.path(megabytes: megabytes)
        let size = TraceFixture.size(of: path)
        for _ in benchmark.scaledIterations {
          let clock = ContinuousClock()
          let start = clock.now
          if baseline {
            let result = BaselineDiagnose.run(path: path)
            precondition(
              result.matches.allSatisfy { $0[0] == result.steps }, "the baseline finds it wrong")
            blackHole(result)
          } else {
            let diagnosis = TraceFixture.diagnose(path)
            precondition(
              diagnosis.verdict == .correct, "the benchmark trace is not correct")
            blackHole(diagnosis)
          }
          let elapsed = clock.now - start
          let seconds =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
          // A rate that is not finite never reaches Int(_:), which would trap.
          let rate = Double(size) / 1e6 / seconds
          if rate.isFinite { benchmark.measurement(megabytesPerSecond, Int(rate)) }
        }
      }
    }
  }
}
