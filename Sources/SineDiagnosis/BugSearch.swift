import CPlatform
import SineFormats
import SineNet

/// The search for the bugs that explain a trace: every way each factor of each group's gradient
/// can go wrong (``Formula``), each with the update −η·g, +η·g or −c·η·g (``Candidate``), and
/// the group left as it was.
///
/// Every step replays each formula still in the running from the parameters before the step, on
/// the step's samples (a mini-batch's gradient is the mean of its samples'), and compares each
/// group's update with the trace's (``UpdateMatch``). A formula that misses a step is not tried
/// again, so after the first few steps only the few that explain the trace are computed. The
/// correct formula is computed at every step whatever happens, for the comparison of a group that
/// nothing explains and for the counts of sinetui's `correct` and `sign` rules (`matches`); the
/// one with the slope at the activation (`double-sigmoid` and `original`) is counted while either
/// of its signs still explains every step, and then no longer computed, like any formula that
/// explains nothing.
struct BugSearch: Sendable {
  /// The hidden units' activation.
  let activation: Activation
  /// The hidden units.
  let hidden: Int
  /// Whether the network has biases.
  let hasBiases: Bool
  /// The η of line 1.
  let eta: Double
  /// The relative tolerance updates are compared to.
  let tolerance: Double
  /// The groups the network has, in the order w1, w2, b1, b2.
  private(set) var groups: [GroupSearch] = []

  /// Every group's formulas, one group after another.
  private var formulas: [Formula] = []
  /// Each formula's place in ``sums``.
  private var offsets: [Int] = []
  /// Each formula's group, as an index of ``groups``.
  private var owners: [Int] = []
  /// How each formula has fared.
  private var candidates: [Candidate] = []
  /// The formulas computed at each step: those still in the running, and the correct one.
  private var live: [Int] = []
  /// Which of the slopes in ``values`` the live formulas need, by `HiddenSlope.rawValue`.
  private var needsSlope = [Bool](repeating: false, count: HiddenSlope.allCases.count)
  /// Each live formula's gradient at the step, summed over the samples, then their mean; after
  /// it, for w1 and b1, the mean magnitude of the gradient without its slope factor, which the
  /// rounding of a saturated unit's slope is relative to (``UpdateMatch``).
  private var sums: [Double] = []
  /// One sample's forward pass: h, then a, then the slopes (correct, at the activation, at the
  /// pre-activation), `hidden` numbers each.
  private var values: [Double]
  /// The traced update of every parameter at the step.
  private var updates: [Double]

  /// A search for a network shaped like `network`, with hidden units of `activation`, trained
  /// with `eta`, its updates compared to `tolerance`.
  init(network: Network, activation: Activation, eta: Double, tolerance: Double) {
    self.activation = activation
    hidden = network.hidden
    hasBiases = network.hasBiases
    self.eta = eta
    self.tolerance = tolerance
    values = [Double](repeating: 0, count: 5 * hidden)
    updates = [Double](repeating: 0, count: Network.parameterCount(hidden: hidden))
    for group in network.groups {
      let all = Formula.all(for: group, activation: activation, hidden: hidden)
      let first = formulas.count
      var slipped = Formula.correct(group)
      if slipped.usesDelta, activation.slipChangesSlope { slipped.slope = .atActivation }
      let atActivation = all.firstIndex(of: slipped) ?? 0
      for formula in all {
        offsets.append(sums.count)
        owners.append(groups.count)
        sums += [Double](repeating: 0, count: 2 * Self.size(of: group, hidden: hidden))
        formulas.append(formula)
      }
      groups.append(
        GroupSearch(
          group: group, range: Network.range(of: group, hidden: hidden),
          formulas: first..<formulas.count, atActivation: first + atActivation))
    }
    candidates = [Candidate](repeating: Candidate(), count: formulas.count)
    updateLive()
  }

  private static func size(of group: ParameterGroup, hidden: Int) -> Int {
    Network.range(of: group, hidden: hidden).count
  }

  // MARK: - A step

  /// Replays one step, from the parameters `before` on `samples`, against the parameters `after`
  /// the trace shows; `number` and `line` say where it is in the trace.
  ///
  /// - Returns: false, with nothing counted, when the loss at the parameters before the step is
  ///   not finite for some sample: the trace's divergence, as `train` counts it.
  mutating func step(
    samples: UnsafeBufferPointer<Sample>, before: UnsafeBufferPointer<Double>,
    after: UnsafeBufferPointer<Double>, number: Int, line: Int
  ) -> Bool {
    let h = hidden
    sums.withUnsafeMutableBufferPointer { sums in
      for index in live {
        let count = 2 * Self.size(of: formulas[index].group, hidden: h)
        UnsafeMutableBufferPointer(rebasing: sums[offsets[index]..<(offsets[index] + count)])
          .update(repeating: 0)
      }
    }
    for sample in samples {
      guard forward(x: sample.x, y: sample.y, before: before, after: after) else { return false }
    }
    if samples.count > 1 {
      let count = Double(samples.count)
      sums.withUnsafeMutableBufferPointer { sums in
        for index in live {
          let offset = offsets[index]
          for i in offset..<(offset + 2 * Self.size(of: formulas[index].group, hidden: h)) {
            sums[i] /= count
          }
        }
      }
    }
    updates.withUnsafeMutableBufferPointer { updates in
      for i in updates.indices { updates[i] = after[i] - before[i] }
    }
    let singlePrecision =
      samples.allSatisfy { Double(Float($0.x)) == $0.x && Double(Float($0.y)) == $0.y }
      && UpdateMatch.isSinglePrecision(before) && UpdateMatch.isSinglePrecision(after)
    let match = UpdateMatch(
      tolerance: tolerance,
      epsilon: singlePrecision ? Double(Float.ulpOfOne) : Double.ulpOfOne)
    // A float32 program whose trace is all float32 is matched at float32's precision already;
    // the lower-precision allowance is for one whose trace is not.
    let lowerPrecision = singlePrecision ? nil : match.lowerPrecision()
    let context = StepContext(
      eta: eta, match: match, lowerPrecision: lowerPrecision, step: number, line: line)
    // Every array the comparisons touch, opened once a step: an element written through an
    // array checks each time that the array is not shared.
    let failed = updates.withUnsafeBufferPointer { updates in
      sums.withUnsafeBufferPointer { sums in
        groups.withUnsafeMutableBufferPointer { groups in
          candidates.withUnsafeMutableBufferPointer { candidates in
            // The largest magnitude of each group's parameters before the step (at most four
            // groups).
            var sizes = SIMD4<Double>()
            for index in groups.indices {
              var size = 0.0
              var moved = false
              for i in groups[index].range {
                size = max(size, before[i].magnitude)
                moved = moved || updates[i] != 0
              }
              sizes[index] = size
              if moved { groups[index].neverMoved = false }
            }
            var failed = false
            for index in live {
              let owner = owners[index]
              let range = groups[owner].range
              let offset = offsets[index]
              failed =
                Self.compare(
                  formula: index, traced: UnsafeBufferPointer(rebasing: updates[range]),
                  gradient: UnsafeBufferPointer(rebasing: sums[offset..<(offset + range.count)]),
                  slopeless: UnsafeBufferPointer(
                    rebasing: sums[(offset + range.count)..<(offset + 2 * range.count)]),
                  size: sizes[owner], context: context, group: &groups[owner],
                  candidate: &candidates[index]) || failed
            }
            return failed
          }
        }
      }
    }
    if failed { updateLive() }
    return true
  }

  /// One sample's forward pass, and every live formula's gradient for it added to ``sums``;
  /// false when the sample's loss is not finite.
  private mutating func forward(
    x: Double, y: Double, before p: UnsafeBufferPointer<Double>,
    after: UnsafeBufferPointer<Double>
  ) -> Bool {
    let h = hidden
    let activation = activation
    let biases = hasBiases
    let needsSlope = needsSlope
    return values.withUnsafeMutableBufferPointer { v in
      var output = biases ? p[3 * h] : 0
      var sum = 0.0
      for i in 0..<h {
        let z = p[i] * x + (biases ? p[2 * h + i] : 0)
        let a = Self.activate(activation, z)
        v[i] = z
        v[h + i] = a
        sum += p[h + i] * a
      }
      output += sum
      let error = output - y
      guard (0.5 * error * error).isFinite else { return false }
      for kind in 0..<3 where needsSlope[kind] {
        guard let slope = HiddenSlope(rawValue: kind) else { continue }
        let base = (2 + kind) * h
        for i in 0..<h {
          v[base + i] = Self.slope(slope, activation, z: v[i], a: v[h + i])
        }
      }
      let terms = ErrorTerms(error: error, output: output)
      let sample = SampleValues(
        x: x, output: output, values: UnsafeBufferPointer(v), hidden: h,
        outgoing: UnsafeBufferPointer(rebasing: p[h..<(2 * h)]),
        updatedOutgoing: UnsafeBufferPointer(rebasing: after[h..<(2 * h)]))
      sums.withUnsafeMutableBufferPointer { sums in
        guard let base = sums.baseAddress else { return }
        for index in live {
          let formula = formulas[index]
          Self.accumulate(
            formula, activation: activation, term: terms[formula.error],
            sample: sample, into: base + offsets[index])
        }
      }
      return true
    }
  }

  /// Compares the update of formula `index`, whose gradient at the step is `gradient`, with the
  /// `traced` update of its group (whose parameters' largest magnitude is `size`), counts
  /// sinetui's rules in `group`, and notes the correct formula's misses.
  ///
  /// `slopeless` is, for w1 and b1, the mean magnitude of each gradient without its slope factor
  /// (see ``UpdateMatch``).
  ///
  /// - Returns: whether a sign or scale of the formula stopped explaining the trace.
  private static func compare(
    formula index: Int, traced: UnsafeBufferPointer<Double>,
    gradient: UnsafeBufferPointer<Double>, slopeless slopelessGradient: UnsafeBufferPointer<Double>,
    size: Double, context: StepContext, group: inout GroupSearch, candidate: inout Candidate
  ) -> Bool {
    let eta = context.eta
    let match = context.match
    var largest = 0.0
    var slopeless = 0.0
    var descentGap = 0.0
    var ascentGap = 0.0
    for i in 0..<traced.count {
      let change = eta * gradient[i]
      largest = max(largest, change.magnitude)
      slopeless = max(slopeless, eta * slopelessGradient[i])
      // Not `max`, which drops a NaN: a NaN difference must stay NaN and fail.
      let down = (traced[i] + change).magnitude
      if !(down <= descentGap) { descentGap = down }
      let up = (traced[i] - change).magnitude
      if !(up <= ascentGap) { ascentGap = up }
    }
    // The slope of a saturated unit, from its rounded activation, is off by up to a unit in
    // the last place of 1: the rounding of the update a slope of 1 would give.
    let size = size + slopeless
    let descends = match.allows(difference: descentGap, update: largest, size: size)
    let ascends = match.allows(difference: ascentGap, update: largest, size: size)
    group.countRules(formula: index, descent: descends, ascent: ascends)
    // The correct update is built only while the group still looks at unexplained steps.
    if index == group.correct, !descends, group.wantsUnexplainedSteps {
      let correct = gradient.map { -eta * $0 }
      correct.withUnsafeBufferPointer {
        group.noteUnexplained(step: context.step, line: context.line, traced: traced, correct: $0)
      }
    }
    guard candidate.isAlive else { return false }
    let lowerPrecision = context.lowerPrecision
    func loosely(_ gap: Double) -> Bool {
      lowerPrecision?.allows(difference: gap, update: largest, size: size) ?? false
    }
    let wasAlive = (candidate.descent.holds, candidate.ascent.holds, candidate.scaled != nil)
    candidate.descent.record(exact: descends, lowerPrecision: loosely(descentGap))
    candidate.ascent.record(exact: ascends, lowerPrecision: loosely(ascentGap))
    if candidate.scaled != nil,
      candidate.scaled?.narrow(
        traced: traced, gradient: gradient, eta: eta, size: size - slopeless,
        slopeless: slopeless, match: match, lowerPrecision: lowerPrecision) == false
    {
      candidate.scaled = nil
    }
    return wasAlive != (candidate.descent.holds, candidate.ascent.holds, candidate.scaled != nil)
  }

  /// How many formulas each step computes: those still in the running, and the correct one.
  var liveCount: Int { live.count }

  /// Rebuilds the list of formulas computed at each step, and the slopes they need.
  ///
  /// A formula that no sign or scale explains is dropped, the slope at the activation's too
  /// (about a tenth of a correct trace's time went to counting the steps sinetui's
  /// `double-sigmoid` and `original` rules explain, which they had stopped explaining); the
  /// correct one is kept.
  private mutating func updateLive() {
    live = formulas.indices.filter { index in
      candidates[index].isAlive || index == groups[owners[index]].correct
    }
    needsSlope = [Bool](repeating: false, count: HiddenSlope.allCases.count)
    for index in live where formulas[index].usesDelta {
      needsSlope[formulas[index].slope.rawValue] = true
    }
  }

  // MARK: - The arithmetic

  /// act(z).
  @inline(__always)
  static func activate(_ activation: Activation, _ z: Double) -> Double {
    switch activation {
    case .sigmoid: 1 / (1 + exp(-z))
    case .tanh: tanh(z)
    case .relu: z > 0 ? z : 0
    }
  }

  /// One unit's slope as `slope` computes it, from its pre-activation z and activation a, as a
  /// NumPy program writes it.
  @inline(__always)
  static func slope(_ slope: HiddenSlope, _ activation: Activation, z: Double, a: Double)
    -> Double
  {
    switch (slope, activation) {
    case (.correct, .sigmoid): return a * (1 - a)
    case (.correct, .tanh): return 1 - a * a
    case (.correct, .relu), (.atActivation, .relu): return z > 0 ? 1 : 0
    case (.atActivation, .sigmoid):
      let s = 1 / (1 + exp(-a))
      return s * (1 - s)
    case (.atActivation, .tanh):
      let t = tanh(a)
      return 1 - t * t
    case (.atPreActivation, .sigmoid): return z * (1 - z)
    case (.atPreActivation, _): return 1 - z * z
    case (.none, _), (.ofUpstream, _): return 1
    }
  }

  /// Adds `formula`'s gradient for one sample, whose error term is `term`, to `sums`.
  @inline(__always)
  static func accumulate(
    _ formula: Formula, activation: Activation, term: Double, sample: SampleValues,
    into sums: UnsafeMutablePointer<Double>
  ) {
    let h = sample.hidden
    let v = sample.values
    switch formula.group {
    case .b2:
      sums[0] += term
    case .w2:
      for i in 0..<h {
        sums[i] += term * (formula.output == .activation ? v[h + i] : sample.output)
      }
    case .w1, .b1:
      let slopes = (2 + formula.slope.rawValue) * h
      let hasSlope = formula.slope != .none && formula.slope != .ofUpstream
      let magnitudes = sums + h
      var total = 0.0
      var totalMagnitude = 0.0
      for i in 0..<h {
        let weight: Double =
          switch formula.outgoing {
          case .weight: sample.outgoing[i]
          case .none: 1
          case .weightGradient: term * v[h + i]
          case .outputWeightGradient: term * sample.output
          case .updatedWeight: sample.updatedOutgoing[i]
          }
        let upstream = term * weight
        let delta: Double
        switch formula.slope {
        case .none: delta = upstream
        case .ofUpstream:
          if activation == .sigmoid {
            delta = upstream * (1 - upstream)
          } else {
            let t = tanh(upstream)
            delta = 1 - t * t
          }
        default: delta = upstream * v[slopes + i]
        }
        if formula.group == .w1 {
          let input: Double =
            switch formula.input {
            case .input: sample.x
            case .none: 1
            case .activation: v[h + i]
            }
          sums[i] += delta * input
          if hasSlope { magnitudes[i] += (upstream * input).magnitude }
        } else if formula.bias == .own {
          sums[i] += delta
          if hasSlope { magnitudes[i] += upstream.magnitude }
        } else {
          total += delta
          if hasSlope { totalMagnitude += upstream.magnitude }
        }
      }
      if formula.group == .b1, formula.bias == .summed {
        for i in 0..<h {
          sums[i] += total
          magnitudes[i] += totalMagnitude
        }
      }
    }
  }

  // MARK: - What explains each group

  /// The explanations that still fit every step of group `index`, the fewest bugs first (and of
  /// two with as many, the one without lower precision); the first is the diagnosis's.
  func explanations(ofGroup index: Int) -> [GroupExplanation] {
    let group = groups[index]
    var found: [(explanation: GroupExplanation, rank: Int)] = []
    func add(_ bugs: [GradientBug], scale: Double? = nil, update: String) {
      let bugs = Array(Set(bugs)).sorted()
      guard !found.contains(where: { $0.explanation.bugs == bugs }) else { return }
      let rank = 2 * bugs.count + (bugs.contains(.lowerPrecision) ? 1 : 0)
      found.append((GroupExplanation(bugs: bugs, scale: scale, update: update), rank))
    }
    for formula in group.formulas {
      let candidate = candidates[formula]
      // Most formulas explain nothing: their words are not built at all.
      guard candidate.descent.holds || candidate.ascent.holds || candidate.scaled?.scale != nil
      else { continue }
      let bugs = formulas[formula].bugs(for: activation)
      let expression = formulas[formula].expression(for: activation)
      if candidate.descent.holds {
        add(bugs + Self.precision(candidate.descent), update: "−η·" + expression)
      }
      if candidate.ascent.holds {
        add(
          bugs + [.flippedSign] + Self.precision(candidate.ascent), update: "+η·" + expression)
      }
      if let fit = candidate.scaled, let c = fit.scale {
        add(
          bugs + [.wrongScale] + (c < 0 ? [.flippedSign] : [])
            + (fit.needsLowerPrecision ? [.lowerPrecision] : []), scale: c,
          update: "−\(ScaleFit.text(c))·η·" + expression)
      }
    }
    if group.neverMoved { add([.notUpdated], update: "0") }
    return found.enumerated().sorted { left, right in
      left.element.rank != right.element.rank
        ? left.element.rank < right.element.rank : left.offset < right.offset
    }.map(\.element.explanation)
  }

  /// Whether the correct formula explains every step of group `index` both with its own update
  /// and with its negative: the updates are too small, next to the rounding of the parameters, to
  /// say anything (a group that never moved, or moved by a few units in the last place).
  func cannotTellSign(ofGroup index: Int) -> Bool {
    let correct = candidates[groups[index].correct]
    return correct.descent.holds && correct.ascent.holds
  }

  private static func precision(_ fit: Candidate.Fit) -> [GradientBug] {
    fit == .lowerPrecision ? [.lowerPrecision] : []
  }
}

/// The four error terms of one sample, computed once for every formula.
struct ErrorTerms {
  let error: Double
  let loss: Double
  let errorTimesOutputSlope: Double
  let lossTimesOutputSlope: Double

  /// The terms for error e and output ŷ.
  @inline(__always)
  init(error e: Double, output y: Double) {
    error = ErrorTerm.error.value(error: e, output: y)
    loss = ErrorTerm.loss.value(error: e, output: y)
    errorTimesOutputSlope = ErrorTerm.errorTimesOutputSlope.value(error: e, output: y)
    lossTimesOutputSlope = ErrorTerm.lossTimesOutputSlope.value(error: e, output: y)
  }

  @inline(__always)
  subscript(term: ErrorTerm) -> Double {
    switch term {
    case .error: error
    case .loss: loss
    case .errorTimesOutputSlope: errorTimesOutputSlope
    case .lossTimesOutputSlope: lossTimesOutputSlope
    }
  }
}

/// One sample's values that the formulas read, as ``BugSearch`` lays them out.
struct SampleValues {
  /// The input.
  var x: Double
  /// ŷ.
  var output: Double
  /// h, a and the slopes, `hidden` numbers each.
  var values: UnsafeBufferPointer<Double>
  /// The hidden units.
  var hidden: Int
  /// w2 before the step.
  var outgoing: UnsafeBufferPointer<Double>
  /// w2 after the step, as the trace shows it.
  var updatedOutgoing: UnsafeBufferPointer<Double>
}

/// What every comparison of one step shares.
struct StepContext {
  /// The η of line 1.
  let eta: Double
  /// The allowance of the step's precision.
  let match: UpdateMatch
  /// The allowance of a float32 program in a trace that is not all float32, or nil when the
  /// step's values are all float32.
  let lowerPrecision: UpdateMatch?
  /// The step's number.
  let step: Int
  /// Its line in the trace.
  let line: Int
}
