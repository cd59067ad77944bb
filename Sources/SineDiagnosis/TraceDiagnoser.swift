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
  /// The parameters before the step being diagnosed.
  private var before = Network(w1: [0], w2: [0])
  /// The parameters the trace shows after it.
  private var traced: [Double] = []
  /// Each rule's parameters after it, one after another in the order of `GradientRule.allCases`
  /// (``Network/descendUnderEveryRule(x:y:eta:into:)``); the correct rule's first.
  private var replays: [Double] = []
  /// The indices of each tallied group in the flat parameters.
  private var ranges: [Range<Int>] = []
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
    before = header.network
    traced = header.network.withParameters(Array.init)
    replays = [Double](repeating: 0, count: GradientRule.allCases.count * traced.count)
    tallies = header.network.groups.map { GroupTally(group: $0) }
    ranges = tallies.map { Network.range(of: $0.group, hidden: hidden) }
  }

  private mutating func diagnose(_ step: TraceStep) {
    let sample = step.sample
    let number = steps + 1
    guard step.isFinite else {
      divergence = (number, step.line)
      return
    }
    for i in traced.indices { traced[i] = step.parameters[i] }
    let loss = replays.withUnsafeMutableBufferPointer {
      before.descendUnderEveryRule(x: sample.x, y: sample.y, eta: eta, into: $0)
    }
    // A step whose loss is not finite at the parameters before it is the trace's divergence, as
    // `train` counts it.
    guard loss.isFinite else {
      divergence = (number, step.line)
      return
    }
    let matched = matches(sample)
    for index in tallies.indices {
      let bits = (matched >> (4 * index)) & 0xF
      for rule in 0..<GradientRule.allCases.count where bits >> rule & 1 == 1 {
        tallies[index].matches[rule] += 1
      }
      if bits == 0 { noteUnexplained(group: index, step: number, line: step.line) }
    }
    steps = number
    before.withMutableParameters { p in
      for i in traced.indices { p[i] = traced[i] }
    }
  }

  /// Which rule explains which group at this step: bit 4·g + r for rule r and group g (at most
  /// 4 groups of 4 rules).
  private func matches(_ sample: Sample) -> UInt32 {
    let tolerance = tolerance
    let count = traced.count
    return before.withParameters { before in
      traced.withUnsafeBufferPointer { traced in
        replays.withUnsafeBufferPointer { replays in
          // A float32 program's step (every value exactly a Float) is allowed Float's rounding.
          let epsilon =
            Double(Float(sample.x)) == sample.x && Double(Float(sample.y)) == sample.y
              && UpdateMatch.isSinglePrecision(before) && UpdateMatch.isSinglePrecision(traced)
            ? Double(Float.ulpOfOne) : Double.ulpOfOne
          var matched: UInt32 = 0
          for rule in 0..<GradientRule.allCases.count {
            let replayed = UnsafeBufferPointer(
              rebasing: replays[(rule * count)..<((rule + 1) * count)])
            for (group, range) in ranges.enumerated()
            where UpdateMatch.matches(
              before: before, traced: traced, replayed: replayed, range: range,
              tolerance: tolerance, epsilon: epsilon)
            {
              matched |= 1 << (4 * group + rule)
            }
          }
          return matched
        }
      }
    }
  }

  /// Notes that no rule explains group `index` at step `number`: the first such step is kept
  /// with its comparison; later ones confirm its factor, or show that it varies.
  private mutating func noteUnexplained(group index: Int, step number: Int, line: Int) {
    let first = tallies[index].firstUnexplained
    // One number's factor at one step cannot tell a scale from a formula: later unexplained
    // steps confirm it, or show it varies. Once it is told, they change nothing.
    if let first {
      guard case .unconfirmed = first.pattern else { return }
    }
    let range = ranges[index]
    let before = before.withParameters(Array.init)
    let correct = Array(replays[0..<traced.count])
    guard let first else {
      tallies[index].firstUnexplained = UnexplainedStep(
        step: number, line: line, before: before, traced: traced, correct: correct, range: range)
      return
    }
    let next = UnexplainedStep.pattern(
      traced: range.map { traced[$0] - before[$0] },
      correct: range.map { correct[$0] - before[$0] })
    var agreeing = tallies[index].agreeing
    tallies[index].firstUnexplained?.pattern = UnexplainedStep.pattern(
      first.pattern, then: next, agreeing: &agreeing)
    tallies[index].agreeing = agreeing
  }
}
