import SineNet

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a trace from bytes given in chunks of any size, as a file is read: line 1's header, then
/// one step at a time.
///
/// It splits lines (a UTF-8 byte order mark before line 1 and a carriage return before a newline
/// are not part of a line; blank lines are skipped), holds the trace to its size limits, and turns
/// each line into a ``TraceHeader`` or a ``TraceStep``. It keeps no more than the bytes of the
/// chunk being read and one partial line, so memory does not grow with the trace. It does no I/O.
///
/// ```swift
/// var decoder = TraceDecoder()
/// while let chunk = read() {
///   try decoder.append(chunk)
///   while try decoder.nextStep(), let step = decoder.step { use(step) }
/// }
/// decoder.endInput()
/// while try decoder.nextStep(), let step = decoder.step { use(step) }
/// ```
struct TraceDecoder: Sendable {
  /// The largest trace accepted when no other limit is given, in bytes: 1 GiB.
  static let defaultByteLimit = 1 << 30

  /// The longest line accepted, in bytes: 1 MiB (a line for 64 hidden units is about 5 kB).
  static let lineLimit = 1 << 20

  /// The largest trace accepted, in bytes.
  let byteLimit: Int
  /// Line 1, once it has been read.
  private(set) var header: TraceHeader?
  /// The step read last by ``nextStep()``; its storage is reused for the next one.
  private(set) var step: TraceStep?
  /// The number of the last line read (blank lines count).
  private(set) var lineNumber = 0

  private var buffer: [UInt8] = []
  private var start = 0
  private var byteCount = 0
  private var inputEnded = false

  /// A decoder that accepts at most `byteLimit` bytes.
  init(byteLimit: Int = defaultByteLimit) {
    self.byteLimit = byteLimit
  }

  /// Whether every byte given has been read and no more will come.
  var isAtEnd: Bool { inputEnded && start == buffer.count }

  // MARK: - Feeding bytes

  /// Adds the next bytes of the trace.
  ///
  /// - Throws: ``TraceProblem`` once the trace is larger than ``byteLimit``.
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) {
    byteCount += bytes.count
    guard byteCount <= byteLimit else {
      throw TraceProblem(line: nil, "it is larger than \(Self.sizeName(byteLimit))")
    }
    if start > 0 {
      buffer.removeSubrange(0..<start)
      start = 0
    }
    buffer.append(contentsOf: bytes)
  }

  /// Says that no more bytes will come: a last line without a newline is then read too.
  mutating func endInput() {
    inputEnded = true
  }

  // MARK: - Reading lines

  /// Reads up to line 1, if it has not been read yet: true once ``header`` holds it.
  ///
  /// - Throws: ``TraceProblem`` for a line 1 that is not a trace's.
  mutating func readHeader() throws(TraceProblem) -> Bool {
    while header == nil {
      guard try readLine(stoppingAtStep: false) else { return false }
    }
    return true
  }

  /// Reads the next step from the bytes given so far, reading line 1 first if need be.
  ///
  /// - Returns: true when ``step`` holds the next step; false when no whole line is left (more
  ///   bytes are needed, or the input has ended).
  /// - Throws: ``TraceProblem`` for a line that is not a trace's.
  mutating func nextStep() throws(TraceProblem) -> Bool {
    try readLine(stoppingAtStep: true)
  }

  /// Reads lines until a step is read (or, without `stoppingAtStep`, one line is); false when no
  /// whole line is left.
  private mutating func readLine(stoppingAtStep: Bool) throws(TraceProblem) -> Bool {
    while true {
      let available = buffer.count - start
      let end: Int? = buffer.withUnsafeBufferPointer { bytes in
        guard available > 0, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), available) else {
          return nil
        }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      }
      let lineEnd: Int
      let next: Int
      if let end {
        lineEnd = end
        next = end + 1
      } else if inputEnded, available > 0 {
        lineEnd = buffer.count
        next = buffer.count
      } else {
        try checkLength(available)
        return false
      }
      try checkLength(lineEnd - start)
      let lineStart = start
      start = next
      lineNumber += 1
      let record = try buffer.withUnsafeBufferPointer {
        (bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) -> TraceRecord? in
        try parse(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
      }
      guard let record else { continue }
      guard header != nil, step != nil else {
        try begin(record)
        if stoppingAtStep { continue }
        return true
      }
      try step?.read(record, line: lineNumber)
      return true
    }
  }

  private func parse(_ line: UnsafeBufferPointer<UInt8>) throws(TraceProblem) -> TraceRecord? {
    var line = line
    // A UTF-8 byte order mark (EF BB BF), which some editors and Windows tools put at the start
    // of a file, is not part of line 1.
    if lineNumber == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
      line = UnsafeBufferPointer(rebasing: line[3...])
    }
    do {
      return try TraceLineParser.parse(line)
    } catch {
      throw TraceProblem(line: lineNumber, error.message)
    }
  }

  private mutating func begin(_ record: TraceRecord) throws(TraceProblem) {
    guard lineNumber == 1 else {
      throw TraceProblem(line: lineNumber, "line 1 is blank; it must hold eta, w1, w2, b1 and b2")
    }
    let header = try TraceHeader(record)
    self.header = header
    step = TraceStep(shapedLike: header)
  }

  private func checkLength(_ length: Int) throws(TraceProblem) {
    guard length <= Self.lineLimit else {
      throw TraceProblem(
        line: lineNumber + 1, "the line is longer than \(Self.sizeName(Self.lineLimit))")
    }
  }

  /// "1 GiB", "1 MiB" or a byte count.
  static func sizeName(_ bytes: Int) -> String {
    if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    return "\(bytes) bytes"
  }
}
