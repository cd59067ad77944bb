/// sinetui's trace reader and diagnoser as of commit b90d9e5, before the faster reader (a
/// line record of strings and arrays, numbers through `Double(String)`, and every rule replayed
/// with its own forward pass), kept so that the benchmarks can measure the old and the new side
/// by side in one run on the same machine.
///
/// The files of this module are that commit's `Sources/SineFormats/Trace` files and
/// `Sources/SineDiagnosis/TraceDiagnoser.swift` and `UpdateMatch.swift`, made internal; the
/// diagnoser counts unexplained steps instead of describing the first one (the benchmark's traces
/// have none), and does not build a report at the end. It runs on the current SineNet, whose
/// training step costs what it did then (318M against 322M instructions for 200,000 steps).
public enum BaselineDiagnose {
  /// Reads the trace at `path` in 1 MiB chunks into the baseline diagnoser, as `sinetui
  /// diagnose` did; the steps compared and, per group, the steps each rule explains.
  public static func run(path: String) -> (steps: Int, matches: [[Int]]) {
    var diagnoser = TraceDiagnoser()
    do {
      try ChunkedRead.feed(path: path) { (bytes) throws(TraceProblem) in
        try diagnoser.consume(bytes)
      }
      return try diagnoser.finish()
    } catch {
      preconditionFailure("the benchmark trace is bad: \(error.description)")
    }
  }
}
