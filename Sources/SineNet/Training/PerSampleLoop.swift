/// Per-sample plain SGD, the original program's loop, for the trainer's hot path: draw a sample,
/// step, stop on divergence, taking exactly the steps ``Network/descend(x:y:rule:eta:)`` one at a
/// time would take.
///
/// The next sample is drawn before a step, so that the step can run the next forward pass in the
/// same walk over the units (``Update`` with ``GoesOn``).
///
/// Steps run in blocks of ``blockLength`` that check only the loss; the parameters are checked at
/// the end of each block (a parameter that stops being finite stays so: NaN and ∞ minus anything
/// are not finite). If a block fails its check, it runs again from a copy taken at its start, now
/// checking every parameter after every step as a single step does, which stops at the same step,
/// with the same parameters and generator, as single steps would have. So the check costs a few
/// instructions per block rather than per parameter per step.
struct PerSampleLoop: SlopeRuleBody {
  /// How many steps run between checks of the parameters' finiteness.
  static let blockLength = 128

  /// The parameters, w1, w2, b1, b2.
  let p: UnsafeMutablePointer<Double>
  /// How to walk the units.
  let layout: UnitLayout
  /// Whether b1 and b2 are trained.
  let biases: Bool
  /// Room for 2 · `hidden` doubles: the activations and slopes at the pending sample.
  let scratch: UnsafeMutablePointer<Double>
  /// Room for 5 · `hidden` + 1 doubles: a block's starting parameters and scratch.
  let saved: UnsafeMutablePointer<Double>
  /// The data set's inputs.
  let inputs: UnsafeBufferPointer<Double>
  /// The data set's targets.
  let targets: UnsafeBufferPointer<Double>
  /// The rule; its slope is the one `run` is given.
  let rule: GradientRule
  /// η.
  let eta: Double
  /// At most this many steps.
  let steps: Int
  /// The sample sequence, as it stands before the first step.
  let generator: Xoshiro256StarStar

  /// How the loop ended: the steps taken, the last one's outcome, and the generator after them.
  struct Ending {
    /// The steps taken, the divergent one included.
    var taken: Int
    /// The last step's outcome.
    var last: StepOutcome
    /// The generator, where single steps would have left it.
    var generator: Xoshiro256StarStar
  }

  @inline(__always)
  func run<S: SlopeRule>(_: S.Type) -> Ending {
    var random = generator
    let first = random.nextIndex(below: inputs.count)
    var pass = ForwardPass<S>(
      UnsafePointer(p), hidden: layout.hidden, x: inputs[first], scratch: scratch)
    layout.visit(&pass)
    var cursor = Cursor(
      random: random, x: inputs[first], y: targets[first], prediction: pass.prediction, taken: 0)
    var outcome = StepOutcome(loss: 0, isFinite: true)
    let parameterCount = Network.parameterCount(hidden: layout.hidden)
    let scratchCount = 2 &* layout.hidden
    while cursor.taken < steps {
      let end = min(cursor.taken &+ Self.blockLength, steps)
      let start = cursor
      saved.update(from: p, count: parameterCount)
      (saved + parameterCount).update(from: scratch, count: scratchCount)
      var lossPoison = 0.0
      while cursor.taken < end {
        outcome = step(&cursor, S.self, checked: false)
        lossPoison += outcome.loss * 0
      }
      if lossPoison == 0 && allFinite(p, count: parameterCount) { continue }
      // Something stopped being finite in this block: run it again, checking every step.
      p.update(from: saved, count: parameterCount)
      scratch.update(from: saved + parameterCount, count: scratchCount)
      cursor = start
      while cursor.taken < end {
        outcome = step(&cursor, S.self, checked: true)
        if !outcome.isFinite { break }
      }
      break
    }
    return Ending(taken: cursor.taken, last: outcome, generator: cursor.random)
  }

  /// Draws the next sample (unless this is the last step), takes the step, and moves on.
  ///
  /// `checked`, the outcome says whether every parameter is finite, and a step that is not
  /// leaves the generator as it was before the draw, where a single step leaves it; otherwise
  /// the outcome's `isFinite` is the loss's alone.
  @inline(__always)
  func step<S: SlopeRule>(_ cursor: inout Cursor, _: S.Type, checked: Bool) -> StepOutcome {
    let before = cursor.random
    var nextX = cursor.x
    var nextY = cursor.y
    if cursor.taken &+ 1 < steps {
      let index = cursor.random.nextIndex(below: inputs.count)
      nextX = inputs[index]
      nextY = targets[index]
    }
    let (loss, error) = outputError(prediction: cursor.prediction, target: cursor.y, rule: rule)
    var update = Update<S, GoesOn>(
      p, hidden: layout.hidden, biases: biases, scratch: scratch, x: cursor.x, error: error,
      eta: eta, nextX: nextX)
    layout.visit(&update)
    let nextPrediction = update.finish()
    cursor.taken &+= 1
    var finite = loss.isFinite
    if checked {
      finite = finite && allFinite(p, count: Network.parameterCount(hidden: layout.hidden))
      if !finite {
        cursor.random = before
        return StepOutcome(loss: loss, isFinite: false)
      }
    }
    cursor.x = nextX
    cursor.y = nextY
    cursor.prediction = nextPrediction
    return StepOutcome(loss: loss, isFinite: finite)
  }

  /// What carries from one step to the next: the generator, the pending sample and its ŷ (its
  /// activations and slopes are in the scratch buffer), and the count.
  struct Cursor {
    /// The generator, past the pending sample's draw.
    var random: Xoshiro256StarStar
    /// The pending sample's input.
    var x: Double
    /// The pending sample's target.
    var y: Double
    /// ŷ at the pending sample.
    var prediction: Double
    /// The steps taken.
    var taken: Int
  }
}
