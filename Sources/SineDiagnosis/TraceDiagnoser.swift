import SineFormats
import SineNet

/// Diagnoses a trace fed to it in chunks of bytes, as they are read: which bugs explain each
/// parameter group's updates, and where the trace first does something none explains.
///
/// For every step it replays the update from the parameters before the step, with the step's
/// samples and line 1's η, under every way the group's gradient can go wrong (``BugSearch``), and
/// keeps the ways that explain every step so far. A ``TraceDecoder`` reads the lines; the diagnoser
/// keeps one step and one network at a time, so its memory does not grow with the trace. It does no
/// I/O: the caller reads, and feeds the bytes.
///
/// ```swift
/// var diagnoser = TraceDiagnoser()
/// while let chunk = read(), try diagnoser.consume(chunk) {}
/// let diagnosis = try diagnoser.finish()
/// ```
public struct TraceDiagnoser: Sendable {
  /// The relative tolerance used when none is given.
  public static let defaultTolerance = 1e-9

  /// The relative tolerance updates are compared to.
  public let tolerance: Double
  /// Line 1, once it has been read.
  public var header: TraceHeader? { decoder.header }
  /// The largest trace accepted, in bytes.
  public var byteLimit: Int { decoder.byteLimit }

  private var decoder: TraceDecoder
  /// The search, once line 1 has been read.
  private var search: BugSearch?
  /// The parameters before the step being diagnosed.
  private var before: [Double] = []
  private var steps = 0
  private var divergence: (step: Int, line: Int)?

  /// A diagnoser that compares updates to `tolerance` (relative) and accepts at most `byteLimit`
  /// bytes.
  public init(
    tolerance: Double = defaultTolerance, byteLimit: Int = TraceDecoder.defaultByteLimit
  ) {
    self.tolerance = tolerance
    decoder = TraceDecoder(byteLimit: byteLimit)
  }

  /// How many formulas each step computes now, once line 1 has been read.
  var liveFormulaCount: Int? { search?.liveCount }

  /// Whether reading can stop: the trace has diverged, and nothing after that counts.
  public var isDone: Bool { divergence != nil }

  // MARK: - Feeding bytes

  /// Diagnoses the complete lines in `bytes` and keeps a partial last line for the next call.
  ///
  /// - Returns: false once the trace has diverged: the rest need not be read.
  /// - Throws: ``TraceProblem`` for a trace that cannot be diagnosed.
  @discardableResult
  public mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) -> Bool {
    guard !isDone else { return false }
    try decoder.append(bytes)
    try diagnoseSteps()
    return !isDone
  }

  /// Reads what is left (a last line without a newline) and returns the diagnosis.
  ///
  /// - Throws: ``TraceProblem`` for an empty trace, or one with no step after line 1.
  public mutating func finish() throws(TraceProblem) -> Diagnosis {
    if !isDone {
      decoder.endInput()
      try diagnoseSteps()
    }
    guard let header = decoder.header, let search else {
      throw TraceProblem(line: nil, "it is empty")
    }
    guard steps > 0 || divergence != nil else {
      throw TraceProblem(line: nil, "it holds no step after line 1")
    }
    let groups = search.groups.indices.map { index in
      let group = search.groups[index]
      let explanations = search.explanations(ofGroup: index)
      let best = explanations.first
      let alike = explanations.dropFirst().filter { other in
        best.map { $0.bugs.count == other.bugs.count && $0.bugs != other.bugs } ?? false
          && other.bugs.contains(.lowerPrecision) == best?.bugs.contains(.lowerPrecision)
      }
      var matches: [GradientRule: Int] = [:]
      for rule in GradientRule.allCases { matches[rule] = group.ruleMatches[rule.index] }
      return GroupDiagnosis(
        group: group.group, steps: steps, explanation: best, alternatives: Array(alike),
        isInconclusive: best?.isCorrect == true && search.cannotTellSign(ofGroup: index),
        matches: matches,
        firstUnexplained: best == nil ? group.firstUnexplained : nil)
    }
    return Diagnosis(
      steps: steps, hidden: header.network.hidden, hasBiases: header.network.hasBiases,
      activation: header.activation, batch: header.batch, eta: header.eta, tolerance: tolerance,
      divergedAtStep: divergence?.step, divergedAtLine: divergence?.line, groups: groups,
      verdict: Verdict(groups: groups, steps: steps))
  }

  // MARK: - Steps

  private mutating func diagnoseSteps() throws(TraceProblem) {
    if search == nil {
      guard try decoder.readHeader(), let header = decoder.header else { return }
      if let problem = Self.problem(with: header) { throw TraceProblem(line: 1, problem) }
      search = BugSearch(
        network: header.network, activation: header.activation, eta: header.eta,
        tolerance: tolerance)
      before = header.network.withParameters(Array.init)
    }
    while !isDone, try decoder.nextStep(), let step = decoder.step {
      diagnose(step)
    }
  }

  /// Why a trace with line 1 `header` cannot be diagnosed, or nil: the replay follows plain
  /// gradient descent, and a run with another optimizer would be diagnosed wrongly. (Every
  /// activation and batch is replayed; the target does not matter, since each step's samples are
  /// the trace's own.)
  static func problem(with header: TraceHeader) -> String? {
    guard header.optimizer == .sgd else {
      return "optimizer is \(header.optimizer.rawValue); diagnose follows plain gradient descent "
        + "(sgd) only"
    }
    return nil
  }

  private mutating func diagnose(_ step: TraceStep) {
    let number = steps + 1
    guard step.isFinite else {
      divergence = (number, step.line)
      return
    }
    // A step whose loss is not finite at the parameters before it is the trace's divergence, as
    // `train` counts it.
    let going = step.samples.withUnsafeBufferPointer { samples in
      before.withUnsafeBufferPointer { before in
        step.parameters.withUnsafeBufferPointer { after in
          search?.step(
            samples: samples, before: before, after: after, number: number, line: step.line)
            ?? false
        }
      }
    }
    guard going else {
      divergence = (number, step.line)
      return
    }
    steps = number
    for i in before.indices { before[i] = step.parameters[i] }
  }
}
