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
    slopes(K.self, scratch, hidden: h, rule: rule)
    let finite = update(
      p, from: UnsafeBufferPointer(p), hidden: h, biases: biases, error: error,
      slopes: UnsafeBufferPointer(rebasing: scratch[0..<h]),
      activations: UnsafeBufferPointer(rebasing: scratch[h..<(2 * h)]), x: x, eta: eta,
      poison: loss * 0)
    return StepOutcome(loss: loss, isFinite: finite)
  }

  /// θ − η · g into `after`, from the parameters `before` (which may be the same buffer), with g
  /// made of dE/dŷ `error` and each unit's dσ/dh `slopes` and activation `activations`; whether
  /// `poison` and every parameter after are finite (see ``descend(_:hidden:biases:scratch:x:y:rule:eta:)``).
  ///
  /// Each unit reads its own parameters before it writes them, and no other unit's, so `after`
  /// may be `before`. Without biases, b1 and b2 are left as they are in `after`.
  @inline(__always)
  static func update(
    _ after: UnsafeMutableBufferPointer<Double>, from before: UnsafeBufferPointer<Double>,
    hidden h: Int, biases: Bool, error: Double, slopes: UnsafeBufferPointer<Double>,
    activations: UnsafeBufferPointer<Double>, x: Double, eta: Double, poison: Double
  ) -> Bool {
    var poison = poison
    for i in 0..<h {
      let unit = unitGradient(
        error: error, outgoingWeight: before[h + i], slope: slopes[i], activation: activations[i],
        input: x)
      after[i] = before[i] - eta * unit.w1
      after[h + i] = before[h + i] - eta * unit.w2
      poison += after[i] * 0 + after[h + i] * 0
      if biases {
        after[2 * h + i] = before[2 * h + i] - eta * unit.b1
        poison += after[2 * h + i] * 0
      }
    }
    if biases {
      after[3 * h] = before[3 * h] - eta * error
      poison += after[3 * h] * 0
    }
    return poison == 0
  }
}

// MARK: - Every rule at once

extension Network {
  /// The SGD step on one sample under every gradient rule at once, from this network's parameters.
  ///
  /// Rule r's parameters after the step on (`x`, `y`) go to `after[r · n ..< (r + 1) · n]`, with
  /// n ``parameterCount(hidden:)`` and r the rule's place in `GradientRule.allCases`. Each is
  /// exactly, bit for bit, what ``descend(x:y:rule:eta:)`` leaves under that rule; the network
  /// itself is not changed.
  ///
  /// The forward pass and each kind of slope are computed once for the four rules, not once per
  /// rule; nothing is allocated. Replaying a trace under every rule costs about one step this way.
  ///
  /// - Returns: the per-sample loss ½(ŷ − y)² at this network's parameters, as every rule's step
  ///   reports it.
  /// - Precondition: `after` holds `GradientRule.allCases.count` · n numbers.
  public func descendUnderEveryRule(
    x: Double, y: Double, eta: Double, into after: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    let n = Self.parameterCount(hidden: hidden)
    precondition(after.count == GradientRule.allCases.count * n, "one set of parameters per rule")
    return switch activation {
    case .sigmoid: descendUnderEveryRule(SigmoidKernel.self, x: x, y: y, eta: eta, into: after)
    case .tanh: descendUnderEveryRule(TanhKernel.self, x: x, y: y, eta: eta, into: after)
    case .relu: descendUnderEveryRule(ReLUKernel.self, x: x, y: y, eta: eta, into: after)
    }
  }

  /// ``descendUnderEveryRule(x:y:eta:into:)`` for one kernel.
  private func descendUnderEveryRule<K: ActivationKernel>(
    _: K.Type, x: Double, y: Double, eta: Double, into after: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    let h = hidden
    let n = Self.parameterCount(hidden: h)
    let biases = hasBiases
    return storage.withUnsafeBufferPointer { before in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * h) { scratch in
        // scratch: [0, h) the memos, then the true slopes; [h, 2h) the activations;
        // [2h, 3h) the slopes at the activation, the original program's.
        let prediction = Self.forward(K.self, before, hidden: h, input: x, scratch: scratch)
        let difference = prediction - y
        let loss = 0.5 * difference * difference
        for i in 0..<h {
          let activation = scratch[h + i]
          scratch[2 * h + i] = K.slopeAtActivation(memo: scratch[i], activation: activation)
          scratch[i] = K.slope(memo: scratch[i], activation: activation)
        }
        let activations = UnsafeBufferPointer(rebasing: scratch[h..<(2 * h)])
        for (index, rule) in GradientRule.allCases.enumerated() {
          let target = UnsafeMutableBufferPointer(rebasing: after[(index * n)..<((index + 1) * n)])
          if !biases {
            for i in (2 * h)..<n { target[i] = before[i] }
          }
          let slopes =
            rule.appliesSigmoidTwice
            ? UnsafeBufferPointer(rebasing: scratch[(2 * h)..<(3 * h)])
            : UnsafeBufferPointer(rebasing: scratch[0..<h])
          _ = Self.update(
            target, from: before, hidden: h, biases: biases,
            error: rule.outputError(prediction: prediction, target: y), slopes: slopes,
            activations: activations, x: x, eta: eta, poison: 0)
        }
        return loss
      }
    }
  }
}
