import SineNet

/// What the search keeps for one parameter group besides its formulas' fits: where the group is
/// in the parameters, sinetui's own rules' counts, and the first step the correct gradient does
/// not explain.
struct GroupSearch: Sendable {
  /// The group.
  let group: ParameterGroup
  /// Its indices in the flat parameters.
  let range: Range<Int>
  /// Its formulas' indices in the search's list; the first is the correct formula.
  let formulas: Range<Int>
  /// The formula whose slope is evaluated at the activation (sinetui's `double-sigmoid` rule):
  /// the correct one where the group has no slope, or for ReLU.
  let atActivation: Int
  /// The steps each of sinetui's rules explains, in `GradientRule.allCases` order (four numbers
  /// in place, not an array: they are counted at every step).
  var ruleMatches = SIMD4<Int>()
  /// Whether every step so far has left the group exactly as it was.
  var neverMoved = true
  /// The first step the correct gradient does not explain, with the comparison that goes with
  /// it.
  var firstUnexplained: UnexplainedStep?
  /// The unexplained steps whose single factor agrees with the first one's, while its pattern is
  /// ``UnexplainedStep/RatioPattern/unconfirmed(_:)``.
  var agreeing = 1

  /// The correct formula's index.
  var correct: Int { formulas.lowerBound }

  /// Counts a step for sinetui's rules: `descent` and `ascent` say whether formula `formula`
  /// explains it with the update −η·g and +η·g.
  mutating func countRules(formula: Int, descent: Bool, ascent: Bool) {
    if formula == correct {
      if descent { ruleMatches[GradientRule.correct.index] += 1 }
      if ascent { ruleMatches[GradientRule.sign.index] += 1 }
    }
    if formula == atActivation {
      if descent { ruleMatches[GradientRule.doubleSigmoid.index] += 1 }
      if ascent { ruleMatches[GradientRule.original.index] += 1 }
    }
  }

  /// Whether ``noteUnexplained(step:line:traced:correct:)`` would still use a step: before the
  /// first unexplained step, and while its factor is not yet confirmed or shown to vary.
  var wantsUnexplainedSteps: Bool {
    guard let first = firstUnexplained else { return true }
    guard case .unconfirmed = first.pattern else { return false }
    return true
  }

  /// Notes that the correct gradient does not explain step `step` on line `line`, whose traced
  /// and correct updates are given: the first such step is kept with its comparison; later ones
  /// confirm its factor, or show that it varies.
  mutating func noteUnexplained(
    step: Int, line: Int, traced: UnsafeBufferPointer<Double>,
    correct: UnsafeBufferPointer<Double>
  ) {
    guard let first = firstUnexplained else {
      firstUnexplained = UnexplainedStep(
        step: step, line: line, traced: Array(traced), correct: Array(correct))
      return
    }
    // One number's factor at one step cannot tell a scale from a formula: later unexplained
    // steps confirm it, or show it varies. Once it is told, they change nothing.
    guard case .unconfirmed = first.pattern else { return }
    let next = UnexplainedStep.pattern(traced: Array(traced), correct: Array(correct))
    firstUnexplained?.pattern = UnexplainedStep.pattern(
      first.pattern, then: next, agreeing: &agreeing)
  }
}

extension GradientRule {
  /// The rule's place in `allCases`, the order of ``GroupSearch/ruleMatches``.
  var index: Int {
    switch self {
    case .correct: 0
    case .original: 1
    case .sign: 2
    case .doubleSigmoid: 3
    }
  }
}
