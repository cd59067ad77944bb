import CPlatform

/// What momentum and Adam remember between steps: one or two numbers per parameter and the count
/// of steps taken, in the network's flat parameter order.
///
/// Plain SGD remembers nothing. The state is reset when the weights are (`r`) and when the
/// optimizer changes; a rule or η change keeps it.
public struct OptimizerState: Sendable, Hashable {
  /// The updates made since the state was reset: Adam's t.
  public internal(set) var step: Int
  /// Momentum's velocity v, or Adam's first moment m.
  public internal(set) var first: [Double]
  /// Adam's second moment v; zeros otherwise.
  public internal(set) var second: [Double]

  /// A fresh state for `parameterCount` parameters: nothing remembered.
  public init(parameterCount: Int) {
    step = 0
    first = [Double](repeating: 0, count: parameterCount)
    second = [Double](repeating: 0, count: parameterCount)
  }

  /// A state continuing from saved values, or nil when they do not fit `parameterCount`
  /// parameters or are not finite, or `step` is negative.
  public init?(step: Int, first: [Double], second: [Double], parameterCount: Int) {
    guard step >= 0, first.count == parameterCount, second.count == parameterCount,
      first.allSatisfy(\.isFinite), second.allSatisfy(\.isFinite), second.allSatisfy({ $0 >= 0 })
    else { return nil }
    self.step = step
    self.first = first
    self.second = second
  }

  /// Forgets everything: the state after a reset or an optimizer change.
  mutating func reset() {
    step = 0
    for index in first.indices {
      first[index] = 0
      second[index] = 0
    }
  }

  /// Updates `p` with the gradient `g` as `optimizer` does at learning rate `eta`; returns whether
  /// every parameter is finite afterwards.
  ///
  /// The formulas are PyTorch's (see ``Optimizer``). Components of `g` that are 0 because the
  /// network has no biases leave those parameters at 0 under every optimizer. `vectorised`, the
  /// parameters go eight and two at a time, then one; each parameter's arithmetic is the same
  /// either way (see ``Lanes``), so the result is too.
  @inline(__always)
  mutating func apply(
    _ optimizer: Optimizer, gradient g: UnsafeBufferPointer<Double>,
    to p: UnsafeMutableBufferPointer<Double>, eta: Double, vectorised: Bool
  ) -> Bool {
    guard let parameters = p.baseAddress, let gradient = g.baseAddress else { return true }
    switch optimizer {
    case .sgd:
      return SGDUpdate(p: parameters, g: gradient, eta: eta).apply(
        count: p.count, vectorised: vectorised)
    case .momentum:
      return first.withUnsafeMutableBufferPointer { v in
        guard let velocity = v.baseAddress else { return true }
        return MomentumUpdate(p: parameters, g: gradient, v: velocity, eta: eta).apply(
          count: p.count, vectorised: vectorised)
      }
    case .adam:
      step += 1
      let correction1 = 1 - pow(Optimizer.beta1, Double(step))
      let correction2 = 1 - pow(Optimizer.beta2, Double(step))
      return first.withUnsafeMutableBufferPointer { m in
        second.withUnsafeMutableBufferPointer { v in
          guard let first = m.baseAddress, let second = v.baseAddress else { return true }
          return AdamUpdate(
            p: parameters, g: gradient, m: first, v: second, stepSize: eta / correction1,
            root2: correction2.squareRoot()
          ).apply(count: p.count, vectorised: vectorised)
        }
      }
    }
  }
}
