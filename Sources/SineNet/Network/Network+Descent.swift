/// What one training step saw and left behind.
public struct StepOutcome: Sendable, Hashable {
  /// The loss ½(ŷ − y)² before the update (for a batch, its mean over the batch).
  public var loss: Double
  /// Whether the loss and every parameter after the update are finite.
  public var isFinite: Bool
}

// MARK: - Stochastic gradient descent on one sample

extension Network {
  /// One plain SGD step on sample (`x`, `y`): θ ← θ − η · g, with g the gradient `rule` computes at
  /// the parameters before the step, as the original program's update lines do.
  @discardableResult
  public mutating func descend(x: Double, y: Double, rule: GradientRule, eta: Double)
    -> StepOutcome
  {
    descend(x: x, y: y, rule: rule, eta: eta, layout: .standard(hidden: hidden))
  }

  /// ``descend(x:y:rule:eta:)``, walking the units in `layout`.
  @discardableResult
  mutating func descend(
    x: Double, y: Double, rule: GradientRule, eta: Double, layout: UnitLayout
  ) -> StepOutcome {
    let biases = hasBiases
    let activation = activation
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * hidden) { scratch in
      storage.withUnsafeMutableBufferPointer { p in
        guard let parameters = p.baseAddress, let room = scratch.baseAddress else {
          preconditionFailure("a network has at least one hidden unit")
        }
        let step = SingleStep(
          p: parameters, layout: layout, biases: biases, scratch: room,
          sample: Sample(x: x, y: y), rule: rule, eta: eta)
        return activation.withSlopeRule(rule, step)
      }
    }
  }
}

/// One SGD step on its own, with the slope rule an activation and a rule pick: a forward pass,
/// then the update (``Update``), then a look at every parameter.
struct SingleStep: SlopeRuleBody {
  /// The parameters, w1, w2, b1, b2.
  let p: UnsafeMutablePointer<Double>
  /// How to walk the units.
  let layout: UnitLayout
  /// Whether b1 and b2 are trained.
  let biases: Bool
  /// Room for 2 · `hidden` doubles.
  let scratch: UnsafeMutablePointer<Double>
  /// The sample.
  let sample: Sample
  /// The rule; its slope is the one `run` is given.
  let rule: GradientRule
  /// η.
  let eta: Double

  @inline(__always)
  func run<S: SlopeRule>(_: S.Type) -> StepOutcome {
    let h = layout.hidden
    var pass = ForwardPass<S>(UnsafePointer(p), hidden: h, x: sample.x, scratch: scratch)
    layout.visit(&pass)
    let (loss, error) = outputError(prediction: pass.prediction, target: sample.y, rule: rule)
    var update = Update<S, StopsHere>(
      p, hidden: h, biases: biases, scratch: scratch, x: sample.x, error: error, eta: eta,
      nextX: sample.x)
    layout.visit(&update)
    _ = update.finish()
    let count = Network.parameterCount(hidden: h)
    return StepOutcome(loss: loss, isFinite: loss.isFinite && allFinite(p, count: count))
  }
}
