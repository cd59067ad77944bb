import DiagnoseBaseline
import SineDiagnosis
import SineFormats
import SineNet

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The benchmark traces in /tmp: written once, read by every run.
enum TraceFixture {
  /// The trace of about `megabytes` MB, written first if it is not there yet.
  static func path(megabytes: Int) -> String {
    let path = "/tmp/sinetui-benchmark-trace-\(megabytes)MB.jsonl"
    if size(of: path) >= megabytes * 1_000_000 { return path }
    write(path, bytes: megabytes * 1_000_000)
    return path
  }

  /// The size of the file at `path`, or 0.
  static func size(of path: String) -> Int {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : 0
  }

  /// Reads `path` in 1 MiB chunks into a diagnoser, as `sinetui diagnose` does.
  static func diagnose(_ path: String) -> Diagnosis {
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

  /// Writes a trace of at least `bytes` bytes with the encoder `sinetui train --trace` uses, a
  /// megabyte at a time, to a temporary name that is then renamed into place.
  static func write(_ path: String, bytes: Int) {
    let temporary = path + ".\(getpid()).tmp"
    guard let file = fopen(temporary, "w") else { preconditionFailure("cannot write \(temporary)") }
    var trainer = Trainer(preset: .bias, seed: 1)
    var text = TraceEncoder.header(trainer) + "\n"
    var written = 0
    while written < bytes {
      guard let sample = trainer.step()?.first else { preconditionFailure("the trace diverged") }
      text += TraceEncoder.step(sample, trainer.network) + "\n"
      if text.utf8.count >= 1 << 20 {
        written += flush(&text, to: file)
      }
    }
    written += flush(&text, to: file)
    fclose(file)
    rename(temporary, path)
  }

  private static func flush(_ text: inout String, to file: UnsafeMutablePointer<FILE>) -> Int {
    let count = text.utf8.count
    text.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, file) }
    text.removeAll(keepingCapacity: true)
    return count
  }

}
