import CPlatform
import SineDiagnosis
import SineFormats

/// Reads a trace file in chunks into a ``TraceDiagnoser``: the file is never held whole, so memory
/// stays flat however long the trace.
enum TraceFile {
  /// The size of one read.
  static let chunkSize = 1 << 20

  /// Reads and diagnoses the trace at `path`.
  static func diagnose(path: String, tolerance: Double) throws(InputProblem) -> Diagnosis {
    func problem(_ text: String, _ status: ExitStatus) -> InputProblem {
      InputProblem(
        message: "sinetui: cannot diagnose the trace \(QuotedText.quoted(path)): \(text)",
        status: status)
    }
    let descriptor: Int32
    do {
      descriptor = try InputFile.open(path)
    } catch {
      throw problem(error.reason, .noInput)
    }
    defer { close(descriptor) }
    var diagnoser = TraceDiagnoser(tolerance: tolerance)
    guard sinetui_descriptor_size(descriptor) <= diagnoser.byteLimit else {
      throw problem("it is larger than 1 GiB", .dataError)
    }
    var reader = TraceReader(descriptor: descriptor, chunkSize: chunkSize)
    do {
      while try reader.feed(&diagnoser) {}
    } catch {
      switch error {
      case .unreadable(let reason): throw problem("it cannot be read: \(reason)", .noInput)
      case .trace(let failure): throw problem(failure.description, .dataError)
      }
    }
    do {
      return try diagnoser.finish()
    } catch {
      throw problem(error.description, .dataError)
    }
  }
}
