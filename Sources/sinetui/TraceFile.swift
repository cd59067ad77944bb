import SineNet

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(Glibc)
  private let systemRead = Glibc.read
#elseif canImport(Darwin)
  private let systemRead = Darwin.read
#endif

/// Reads a trace file in chunks into a ``TraceDiagnoser``: the file is never held whole, so memory
/// stays flat however long the trace.
enum TraceFile {
  /// The size of one read.
  static let chunkSize = 1 << 20

  /// Why a trace could not be diagnosed, with the exit status that goes with it.
  struct Problem: Error {
    /// One line for standard error, naming the file (and the line, when there is one).
    var message: String
    /// 66 (sysexits' EX_NOINPUT) when the file cannot be read, 65 (EX_DATAERR) when its contents
    /// are wrong.
    var status: Int32
  }

  /// Reads and diagnoses the trace at `path`.
  static func diagnose(path: String, tolerance: Double) throws(Problem) -> Diagnosis {
    func problem(_ text: String, _ status: Int32) -> Problem {
      Problem(message: "sinetui: cannot diagnose the trace '\(path)': \(text)", status: status)
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw errno == ENOENT
        ? problem("no such file", 66) : problem("it cannot be read: \(describeErrno())", 66)
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw problem("it cannot be read: \(describeErrno())", 66)
    }
    guard status.st_mode & S_IFMT == S_IFREG else { throw problem("it is not a regular file", 66) }
    var diagnoser = TraceDiagnoser(tolerance: tolerance)
    guard Int(status.st_size) <= diagnoser.byteLimit else {
      throw problem("it is larger than 1 GiB", 65)
    }
    var buffer = [UInt8](repeating: 0, count: chunkSize)
    do {
      while true {
        let count = buffer.withUnsafeMutableBytes { bytes in
          systemRead(descriptor, bytes.baseAddress, bytes.count)
        }
        if count < 0 {
          if errno == EINTR { continue }
          throw problem("it cannot be read: \(describeErrno())", 66)
        }
        if count == 0 { break }
        let going = try buffer.withUnsafeBufferPointer {
          (bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) in
          try diagnoser.consume(UnsafeBufferPointer(rebasing: bytes[..<count]))
        }
        if !going { break }
      }
      return try diagnoser.finish()
    } catch let failure as TraceProblem {
      throw problem(failure.description, 65)
    } catch let failure as Problem {
      throw failure
    } catch {
      throw problem("it cannot be read", 66)
    }
  }
}
