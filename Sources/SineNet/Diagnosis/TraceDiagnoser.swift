import CSystem

/// Diagnoses a trace fed to it in chunks of bytes, as they are read: which gradient rule explains
/// each parameter group's updates, and where the trace first does something no rule explains.
///
/// For every step it replays the update from the parameters before the step, with the step's
/// sample and line 1's η, under each ``GradientRule`` (with ``Network``'s own training step), and
/// compares each group's update with the trace's. It keeps one line and one network at a time, so
/// its memory does not grow with the trace. It does no I/O: the caller reads, and feeds the bytes.
///
/// ```swift
/// var diagnoser = TraceDiagnoser()
/// while let chunk = read(), try diagnoser.consume(chunk) {}
/// let diagnosis = try diagnoser.finish()
/// ```
public struct TraceDiagnoser: Sendable {
  /// The relative tolerance used when none is given.
  public static let defaultTolerance = 1e-9

  /// The largest trace accepted, in bytes: 1 GiB.
  public static let defaultByteLimit = 1 << 30

  /// The longest line accepted, in bytes: 1 MiB (a line for 64 hidden units is about 5 kB).
  public static let lineLimit = 1 << 20

  /// The relative tolerance updates are compared to.
  public let tolerance: Double
  /// Whether each step read is kept for ``takeSteps()``, for a replay of the trace.
  public let keepsSteps: Bool
  /// The network before the first step, once line 1 is read.
  public private(set) var initialNetwork: Network?
  /// The string under line 1's `preset` key, when it has one (not checked against the presets).
  public private(set) var presetName: String?
  /// The η from line 1, once it is read.
  public var eta: Double? { started ? etaValue : nil }
  /// The largest trace accepted, in bytes.
  public let byteLimit: Int

  private var carry: [UInt8] = []
  private var lineNumber = 0
  private var byteCount = 0
  private var etaValue = 0.0
  private var kept: [TracedStep] = []
  private var hidden = 0
  private var biases = false
  private var started = false
  private var before: [Double] = []
  private var traced: [Double] = []
  private var replayed: [Double] = []
  private var correct: [Double] = []
  private var scratch: [Double] = []
  private var tallies: [GroupTally] = []
  private var steps = 0
  private var divergence: (step: Int, line: Int)?

  /// A diagnoser that compares updates to `tolerance` (relative), accepts at most `byteLimit`
  /// bytes and, when `keepsSteps`, keeps the steps it reads for ``takeSteps()``.
  public init(
    tolerance: Double = defaultTolerance, byteLimit: Int = defaultByteLimit,
    keepsSteps: Bool = false
  ) {
    self.tolerance = tolerance
    self.byteLimit = byteLimit
    self.keepsSteps = keepsSteps
  }

  /// The steps read since the last call, up to and including the divergence step; empty unless
  /// the diagnoser keeps steps.
  public mutating func takeSteps() -> [TracedStep] {
    defer { kept.removeAll(keepingCapacity: true) }
    return kept
  }

  /// Whether reading can stop: the trace has diverged, and nothing after that counts.
  public var isDone: Bool { divergence != nil }

  // MARK: - Feeding bytes

  /// Reads the complete lines in `bytes` and keeps a partial last line for the next call.
  ///
  /// - Returns: false once the trace has diverged: the rest need not be read.
  /// - Throws: ``TraceProblem`` for a trace that cannot be diagnosed.
  @discardableResult
  public mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) -> Bool {
    guard !isDone else { return false }
    byteCount += bytes.count
    guard byteCount <= byteLimit else {
      throw TraceProblem(line: nil, "it is larger than \(Self.sizeName(byteLimit))")
    }
    guard let base = bytes.baseAddress else { return true }
    var start = 0
    while start < bytes.count {
      guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else {
        carry.append(contentsOf: bytes[start...])
        try checkLineLength(carry.count)
        return true
      }
      let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      if carry.isEmpty {
        try checkLineLength(end - start)
        try line(UnsafeBufferPointer(rebasing: bytes[start..<end]))
      } else {
        carry.append(contentsOf: bytes[start..<end])
        try checkLineLength(carry.count)
        let whole = carry
        carry.removeAll()
        try whole.withUnsafeBufferPointer {
          (line: UnsafeBufferPointer<UInt8>) throws(TraceProblem) in
          try self.line(line)
        }
      }
      start = end + 1
      if isDone { return false }
    }
    return true
  }

  /// Reads what is left (a last line without a newline) and returns the diagnosis.
  ///
  /// - Throws: ``TraceProblem`` for an empty trace, or one with no step after line 1.
  public mutating func finish() throws(TraceProblem) -> Diagnosis {
    if !isDone, !carry.isEmpty {
      let whole = carry
      carry.removeAll()
      try whole.withUnsafeBufferPointer { (line: UnsafeBufferPointer<UInt8>) throws(TraceProblem) in
        try self.line(line)
      }
    }
    guard started else { throw TraceProblem(line: nil, "it is empty") }
    guard steps > 0 || divergence != nil else {
      throw TraceProblem(line: nil, "it holds no step after line 1")
    }
    let groups = tallies.map { tally in
      var matches: [GradientRule: Int] = [:]
      for (index, rule) in GradientRule.allCases.enumerated() {
        matches[rule] = tally.matches[index]
      }
      return GroupDiagnosis(
        group: tally.group, matches: matches, steps: steps,
        explainingRules: GradientRule.allCases.filter { steps > 0 && matches[$0] == steps },
        firstUnexplained: tally.firstUnexplained)
    }
    return Diagnosis(
      steps: steps, hidden: hidden, hasBiases: biases, eta: etaValue, tolerance: tolerance,
      divergedAtStep: divergence?.step, divergedAtLine: divergence?.line, groups: groups,
      verdict: Verdict(groups: groups, steps: steps))
  }

  // MARK: - Lines

  private func checkLineLength(_ length: Int) throws(TraceProblem) {
    guard length <= Self.lineLimit else {
      throw TraceProblem(
        line: lineNumber + 1, "the line is longer than \(Self.sizeName(Self.lineLimit))")
    }
  }

  private mutating func line(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) {
    lineNumber += 1
    var bytes = bytes
    // A UTF-8 byte order mark (EF BB BF), which some editors and Windows tools put at the start
    // of a file, is not part of line 1.
    if lineNumber == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      bytes = UnsafeBufferPointer(rebasing: bytes[3...])
    }
    let record: TraceRecord?
    do {
      record = try TraceLineParser.parse(bytes)
    } catch {
      throw TraceProblem(line: lineNumber, error.message)
    }
    guard let record else { return }
    if started {
      try step(record)
    } else {
      try begin(TraceHeader(record))
    }
  }

  private mutating func begin(_ header: TraceHeader) throws(TraceProblem) {
    guard lineNumber == 1 else {
      throw TraceProblem(line: lineNumber, "line 1 is blank; it must hold eta, w1, w2, b1 and b2")
    }
    started = true
    etaValue = header.eta
    initialNetwork = header.network
    presetName = header.preset
    hidden = header.network.hidden
    biases = header.network.hasBiases
    before = header.network.storage
    traced = before
    replayed = before
    correct = before
    scratch = [Double](repeating: 0, count: 2 * hidden)
    tallies = header.network.groups.map { GroupTally(group: $0) }
  }

  private mutating func step(_ record: TraceRecord) throws(TraceProblem) {
    let sample = try TraceStep(
      record, line: lineNumber, into: &traced, hidden: hidden, biases: biases)
    let number = steps + 1
    if keepsSteps, var network = initialNetwork {
      network.storage = traced
      kept.append(TracedStep(sample: Sample(x: sample.x, y: sample.y), network: network))
    }
    guard sample.isFinite else {
      divergence = (number, lineNumber)
      return
    }
    // A float32 program's step (every value exactly a Float) is allowed Float's rounding.
    let epsilon =
      Double(Float(sample.x)) == sample.x && Double(Float(sample.y)) == sample.y
        && before.withUnsafeBufferPointer(UpdateMatch.isSinglePrecision)
        && traced.withUnsafeBufferPointer(UpdateMatch.isSinglePrecision)
      ? Double(Float.ulpOfOne) : Double.ulpOfOne
    // Bit 4·g + r: rule r explains group g at this step (at most 4 groups of 4 rules).
    var matched: UInt32 = 0
    for (ruleIndex, rule) in GradientRule.allCases.enumerated() {
      let outcome = replay(rule, x: sample.x, y: sample.y)
      if rule == .correct {
        guard outcome.loss.isFinite else {
          divergence = (number, lineNumber)
          return
        }
        correct = replayed
      }
      for index in tallies.indices {
        let range = Network.range(of: tallies[index].group, hidden: hidden)
        let match = before.withUnsafeBufferPointer { before in
          traced.withUnsafeBufferPointer { traced in
            replayed.withUnsafeBufferPointer { replayed in
              UpdateMatch.matches(
                before: before, traced: traced, replayed: replayed, range: range,
                tolerance: tolerance, epsilon: epsilon)
            }
          }
        }
        if match {
          matched |= 1 << (4 * index + ruleIndex)
          tallies[index].matches[ruleIndex] += 1
        }
      }
    }
    for index in tallies.indices where (matched >> (4 * index)) & 0xF == 0 {
      let range = Network.range(of: tallies[index].group, hidden: hidden)
      guard let first = tallies[index].firstUnexplained else {
        tallies[index].firstUnexplained = UnexplainedStep(
          step: number, line: lineNumber, before: before, traced: traced, correct: correct,
          range: range)
        continue
      }
      // One number's factor at one step cannot tell a scale from a formula: later unexplained
      // steps confirm it, or show it varies.
      if case .unconfirmed = first.pattern {
        let next = UnexplainedStep.pattern(
          traced: range.map { traced[$0] - before[$0] },
          correct: range.map { correct[$0] - before[$0] })
        var agreeing = tallies[index].agreeing
        tallies[index].firstUnexplained?.pattern = UnexplainedStep.pattern(
          first.pattern, then: next, agreeing: &agreeing)
        tallies[index].agreeing = agreeing
      }
    }
    steps = number
    swap(&before, &traced)
  }

  /// Replays the step from `before` into `replayed` under `rule`.
  private mutating func replay(_ rule: GradientRule, x: Double, y: Double) -> StepOutcome {
    let h = hidden
    let biases = biases
    let eta = etaValue
    for i in before.indices { replayed[i] = before[i] }
    return scratch.withUnsafeMutableBufferPointer { scratch in
      replayed.withUnsafeMutableBufferPointer { p in
        Network.descend(
          p, hidden: h, biases: biases, scratch: scratch, x: x, y: y, rule: rule, eta: eta)
      }
    }
  }

  /// "1 GiB", "1 MiB" or a byte count.
  static func sizeName(_ bytes: Int) -> String {
    if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    return "\(bytes) bytes"
  }
}
