import SineFormats
import SineNet

/// Diagnoses a trace fed to it in chunks of bytes, as they are read: which gradient rule explains
/// each parameter group's updates, and where the trace first does something no rule explains.
///
/// For every step it replays the update from the parameters before the step, with the step's
/// sample and line 1's η, under each ``GradientRule`` (with ``Network``'s own training step), and
/// compares each group's update with the trace's. A ``TraceDecoder`` reads the lines; the diagnoser
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
  private var hidden = 0
  private var biases = false
  private var eta = 0.0
  private var before: [Double] = []
  private var traced: [Double] = []
  private var correct: [Double] = []
  private var replayed = Network(w1: [0], w2: [0])
  private var tallies: [GroupTally] = []
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
    guard decoder.header != nil else { throw TraceProblem(line: nil, "it is empty") }
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
      steps: steps, hidden: hidden, hasBiases: biases, eta: eta, tolerance: tolerance,
      divergedAtStep: divergence?.step, divergedAtLine: divergence?.line, groups: groups,
      verdict: Verdict(groups: groups, steps: steps))
  }

  // MARK: - Steps

  private mutating func diagnoseSteps() throws(TraceProblem) {
    if tallies.isEmpty {
      guard try decoder.readHeader(), let header = decoder.header else { return }
      if let problem = Self.problem(with: header) { throw TraceProblem(line: 1, problem) }
      begin(header)
    }
    while !isDone, try decoder.nextStep(), let step = decoder.step {
      diagnose(step)
    }
  }

  /// Why a trace with line 1 `header` cannot be diagnosed, or nil: the replay follows sigmoid
  /// units trained by plain gradient descent on one sample per step, and any other run would be
  /// diagnosed wrongly. (The target does not matter: each step's samples are the trace's own.)
  static func problem(with header: TraceHeader) -> String? {
    if header.optimizer != .sgd {
      return "optimizer is \(header.optimizer.rawValue); diagnose follows plain gradient descent "
        + "(sgd) only"
    }
    if header.activation != .sigmoid {
      return "activation is \(header.activation.rawValue); diagnose follows sigmoid units only"
    }
    if header.batch != 1 {
      return "batch is \(header.batch); diagnose follows one sample per step (batch 1) only"
    }
    return nil
  }

  private mutating func begin(_ header: TraceHeader) {
    eta = header.eta
    hidden = header.network.hidden
    biases = header.network.hasBiases
    before = header.network.withParameters(Array.init)
    traced = before
    correct = before
    replayed = header.network
    tallies = header.network.groups.map { GroupTally(group: $0) }
  }

  private mutating func diagnose(_ step: TraceStep) {
    let sample = step.sample
    let number = steps + 1
    for i in traced.indices { traced[i] = step.parameters[i] }
    guard step.isFinite else {
      divergence = (number, step.line)
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
      let outcome = replay(rule, sample: sample)
      if rule == .correct {
        guard outcome.loss.isFinite else {
          divergence = (number, step.line)
          return
        }
        replayed.withParameters { replayed in
          for i in correct.indices { correct[i] = replayed[i] }
        }
      }
      for index in tallies.indices {
        let range = Network.range(of: tallies[index].group, hidden: hidden)
        let match = before.withUnsafeBufferPointer { before in
          traced.withUnsafeBufferPointer { traced in
            replayed.withParameters { replayed in
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
          step: number, line: step.line, before: before, traced: traced, correct: correct,
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
  private mutating func replay(_ rule: GradientRule, sample: Sample) -> StepOutcome {
    let before = before
    replayed.withMutableParameters { p in
      for i in before.indices { p[i] = before[i] }
    }
    return replayed.descend(x: sample.x, y: sample.y, rule: rule, eta: eta)
  }
}
