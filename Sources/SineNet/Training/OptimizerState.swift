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

// MARK: - The updates, a vector of parameters at a time

/// One optimizer's update of a run of parameters, written for a vector and for one parameter
/// with the same operations.
protocol ParameterUpdate {
  /// Updates the `V.scalarCount` parameters from `index` on; returns each new parameter times 0.
  func update<V: Lanes>(_: V.Type, at index: Int) -> V
  /// Updates parameter `index`; returns it times 0.
  func updateOne(at index: Int) -> Double
}

extension ParameterUpdate {
  /// Updates parameters `0..<count`, vectorised or one at a time; returns whether every one is
  /// finite afterwards: p · 0 is 0 for every finite p and NaN otherwise, so the sum is 0 exactly
  /// then.
  @inline(__always)
  func apply(count: Int, vectorised: Bool) -> Bool {
    var octets = SIMD8<Double>()
    var pairs = SIMD2<Double>()
    var single = 0.0
    var index = 0
    if vectorised {
      while index &+ 8 <= count {
        octets += update(SIMD8<Double>.self, at: index)
        index &+= 8
      }
      while index &+ 2 <= count {
        pairs += update(SIMD2<Double>.self, at: index)
        index &+= 2
      }
    }
    while index < count {
      single += updateOne(at: index)
      index &+= 1
    }
    return octets.sum() + pairs.sum() + single == 0
  }
}

/// Plain SGD: p ← p − η · g.
struct SGDUpdate: ParameterUpdate {
  let p: UnsafeMutablePointer<Double>
  let g: UnsafePointer<Double>
  let eta: Double

  @inline(__always)
  func update<V: Lanes>(_: V.Type, at i: Int) -> V {
    let new = V(loadingFrom: p + i) - eta * V(loadingFrom: g + i)
    new.store(to: p + i)
    return new * 0
  }

  @inline(__always)
  func updateOne(at i: Int) -> Double {
    p[i] = p[i] - eta * g[i]
    return p[i] * 0
  }
}

/// Momentum: v ← μ · v + g, p ← p − η · v.
struct MomentumUpdate: ParameterUpdate {
  let p: UnsafeMutablePointer<Double>
  let g: UnsafePointer<Double>
  let v: UnsafeMutablePointer<Double>
  let eta: Double

  @inline(__always)
  func update<V: Lanes>(_: V.Type, at i: Int) -> V {
    let velocity = Optimizer.momentumFactor * V(loadingFrom: v + i) + V(loadingFrom: g + i)
    velocity.store(to: v + i)
    let new = V(loadingFrom: p + i) - eta * velocity
    new.store(to: p + i)
    return new * 0
  }

  @inline(__always)
  func updateOne(at i: Int) -> Double {
    v[i] = Optimizer.momentumFactor * v[i] + g[i]
    p[i] = p[i] - eta * v[i]
    return p[i] * 0
  }
}

/// Adam: m ← β1 · m + (1 − β1) · g, v ← β2 · v + (1 − β2) · g · g,
/// p ← p − (η / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε).
struct AdamUpdate: ParameterUpdate {
  let p: UnsafeMutablePointer<Double>
  let g: UnsafePointer<Double>
  let m: UnsafeMutablePointer<Double>
  let v: UnsafeMutablePointer<Double>
  /// η / (1 − β1ᵗ).
  let stepSize: Double
  /// √(1 − β2ᵗ).
  let root2: Double

  @inline(__always)
  func update<V: Lanes>(_: V.Type, at i: Int) -> V {
    let gradient = V(loadingFrom: g + i)
    let first = Optimizer.beta1 * V(loadingFrom: m + i) + (1 - Optimizer.beta1) * gradient
    let second =
      Optimizer.beta2 * V(loadingFrom: v + i) + (1 - Optimizer.beta2) * gradient * gradient
    first.store(to: m + i)
    second.store(to: v + i)
    let denominator = second.squareRoot() / root2 + Optimizer.epsilon
    let new = V(loadingFrom: p + i) - stepSize * first / denominator
    new.store(to: p + i)
    return new * 0
  }

  @inline(__always)
  func updateOne(at i: Int) -> Double {
    m[i] = Optimizer.beta1 * m[i] + (1 - Optimizer.beta1) * g[i]
    v[i] = Optimizer.beta2 * v[i] + (1 - Optimizer.beta2) * g[i] * g[i]
    let denominator = v[i].squareRoot() / root2 + Optimizer.epsilon
    p[i] = p[i] - stepSize * m[i] / denominator
    return p[i] * 0
  }
}
