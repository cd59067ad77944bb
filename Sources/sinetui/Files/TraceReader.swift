import CPlatform
import SineDiagnosis
import SineFormats

/// Reads an open trace file a chunk at a time into a ``TraceDecoder`` or a ``TraceDiagnoser``: the
/// one read loop of ``TraceFile`` (the whole file, for a diagnosis) and ``TraceFeed`` (as a
/// replay asks for steps).
///
/// It does not own the descriptor: whoever opened it closes it.
struct TraceReader {
  /// Why a chunk could not be used.
  enum Failure: Error {
    /// read(2) failed, with the reason.
    case unreadable(String)
    /// The bytes read make a trace that cannot be read or diagnosed.
    case trace(TraceProblem)
  }

  private let descriptor: Int32
  private var buffer: [UInt8]

  /// A reader of `descriptor` in reads of `chunkSize` bytes.
  init(descriptor: Int32, chunkSize: Int) {
    self.descriptor = descriptor
    buffer = [UInt8](repeating: 0, count: chunkSize)
  }

  /// Reads one chunk and gives it to `diagnoser`.
  ///
  /// - Returns: false at the end of the file, or once the diagnoser needs no more (the trace
  ///   diverged); then ``TraceDiagnoser/finish()`` gives the diagnosis.
  mutating func feed(_ diagnoser: inout TraceDiagnoser) throws(Failure) -> Bool {
    try readChunk { (bytes) throws(TraceProblem) in try diagnoser.consume(bytes) }
  }

  /// Reads one chunk and appends it to `decoder`; at the end of the file, ends its input.
  ///
  /// - Returns: false at the end of the file.
  mutating func feed(_ decoder: inout TraceDecoder) throws(Failure) -> Bool {
    let more = try readChunk { (bytes) throws(TraceProblem) in
      try decoder.append(bytes)
      return true
    }
    if !more { decoder.endInput() }
    return more
  }

  /// Reads one chunk (retrying a read interrupted by a signal) and gives it to `use`; false at the
  /// end of the file or when `use` says so.
  private mutating func readChunk(
    _ use: (UnsafeBufferPointer<UInt8>) throws(TraceProblem) -> Bool
  ) throws(Failure) -> Bool {
    while true {
      let count = buffer.withUnsafeMutableBytes {
        CPlatform.read(descriptor, $0.baseAddress, $0.count)
      }
      if count < 0 {
        if sinetui_errno() == EINTR { continue }
        throw .unreadable(describeErrno())
      }
      if count == 0 { return false }
      do {
        return try buffer.withUnsafeBufferPointer {
          (bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) in
          try use(UnsafeBufferPointer(rebasing: bytes[..<count]))
        }
      } catch {
        throw .trace(error)
      }
    }
  }
}
