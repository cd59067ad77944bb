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
    let h = hidden
    let biases = hasBiases
    let activation = activation
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * h) { scratch in
      storage.withUnsafeMutableBufferPointer { p in
        Self.descend(
          p, hidden: h, biases: biases, activation: activation, scratch: scratch, x: x, y: y,
          rule: rule, eta: eta)
      }
    }
  }

  /// The SGD step over a raw parameter buffer, for the activation `activation`.
  @inline(__always)
  static func descend(
    _ p: UnsafeMutableBufferPointer<Double>, hidden h: Int, biases: Bool, activation: Activation,
    scratch: UnsafeMutableBufferPointer<Double>, x: Double, y: Double, rule: GradientRule,
    eta: Double
  ) -> StepOutcome {
    switch activation {
    case .sigmoid:
      descend(
        SigmoidKernel.self, p, hidden: h, biases: biases, scratch: scratch, x: x, y: y,
        rule: rule, eta: eta)
    case .tanh:
      descend(
        TanhKernel.self, p, hidden: h, biases: biases, scratch: scratch, x: x, y: y, rule: rule,
        eta: eta)
    case .relu:
      descend(
        ReLUKernel.self, p, hidden: h, biases: biases, scratch: scratch, x: x, y: y, rule: rule,
        eta: eta)
    }
  }

  /// The SGD step for one kernel, fused: each parameter is updated as its gradient component is
  /// found; the trainer's per-sample hot loop calls this directly.
  ///
  /// It allocates nothing. Finiteness is tracked without a branch per parameter: `p * 0` is 0 for
  /// every finite `p` and NaN for an infinite or NaN one, so the sum stays 0 exactly while every
  /// parameter is finite.
  @inline(__always)
  static func descend<K: ActivationKernel>(
    _: K.Type, _ p: UnsafeMutableBufferPointer<Double>, hidden h: Int, biases: Bool,
    scratch: UnsafeMutableBufferPointer<Double>, x: Double, y: Double, rule: GradientRule,
    eta: Double
  ) -> StepOutcome {
    let prediction = forward(K.self, UnsafeBufferPointer(p), hidden: h, input: x, scratch: scratch)
    let difference = prediction - y
    let loss = 0.5 * difference * difference
    let error = rule.outputError(prediction: prediction, target: y)
    var poison = loss * 0
    slopes(K.self, scratch, hidden: h, rule: rule)
    for i in 0..<h {
      let unit = unitGradient(
        error: error, outgoingWeight: p[h + i], slope: scratch[i], activation: scratch[h + i],
        input: x)
      p[i] -= eta * unit.w1
      p[h + i] -= eta * unit.w2
      poison += p[i] * 0 + p[h + i] * 0
      if biases {
        p[2 * h + i] -= eta * unit.b1
        poison += p[2 * h + i] * 0
      }
    }
    if biases {
      p[3 * h] -= eta * error
      poison += p[3 * h] * 0
    }
    return StepOutcome(loss: loss, isFinite: poison == 0)
  }
}
