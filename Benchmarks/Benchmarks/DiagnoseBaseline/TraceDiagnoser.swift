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
/// The baseline for the benchmarks: sinetui's diagnoser as of commit b90d9e5, before the faster
/// reader, whose per-step work is unchanged here; only the report at the end is left out.
struct TraceDiagnoser: Sendable {
  /// The relative tolerance used when none is given.
  static let defaultTolerance = 1e-9

  /// The relative tolerance updates are compared to.
  let tolerance: Double
  /// Line 1, once it has been read.
  var header: TraceHeader? { decoder.header }
  /// The largest trace accepted, in bytes.
  var byteLimit: Int { decoder.byteLimit }

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
  init(
    tolerance: Double = defaultTolerance, byteLimit: Int = TraceDecoder.defaultByteLimit
  ) {
    self.tolerance = tolerance
    decoder = TraceDecoder(byteLimit: byteLimit)
  }

  /// Whether reading can stop: the trace has diverged, and nothing after that counts.
  var isDone: Bool { divergence != nil }

  // MARK: - Feeding bytes

  /// Diagnoses the complete lines in `bytes` and keeps a partial last line for the next call.
  ///
  /// - Returns: false once the trace has diverged: the rest need not be read.
  /// - Throws: ``TraceProblem`` for a trace that cannot be diagnosed.
  @discardableResult
  mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(TraceProblem) -> Bool {
    guard !isDone else { return false }
    try decoder.append(bytes)
    try diagnoseSteps()
    return !isDone
  }

  /// Reads what is left (a last line without a newline) and returns the steps compared and,
  /// for each group, the steps each rule explains.
  mutating func finish() throws(TraceProblem) -> (steps: Int, matches: [[Int]]) {
    if !isDone {
      decoder.endInput()
      try diagnoseSteps()
    }
    return (steps, tallies.map(\.matches))
  }

  // MARK: - Steps

  private mutating func diagnoseSteps() throws(TraceProblem) {
    while !isDone, try decoder.nextStep(), let step = decoder.step {
      if tallies.isEmpty, let header = decoder.header { begin(header) }
      diagnose(step)
    }
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
      // The baseline counts unexplained steps instead of describing the first: the benchmark's
      // traces have none.
      tallies[index].unexplained += 1
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

/// The running count, for one parameter group, of the steps each rule explains.
struct GroupTally {
  let group: ParameterGroup
  /// Steps each rule explains, indexed like `GradientRule.allCases`.
  var matches = [Int](repeating: 0, count: GradientRule.allCases.count)
  /// Steps no rule explains.
  var unexplained = 0
}
