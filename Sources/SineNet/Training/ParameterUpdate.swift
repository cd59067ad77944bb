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
  /// The parameters.
  let p: UnsafeMutablePointer<Double>
  /// The gradient.
  let g: UnsafePointer<Double>
  /// η.
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
  /// The parameters.
  let p: UnsafeMutablePointer<Double>
  /// The gradient.
  let g: UnsafePointer<Double>
  /// The velocity.
  let v: UnsafeMutablePointer<Double>
  /// η.
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
  /// The parameters.
  let p: UnsafeMutablePointer<Double>
  /// The gradient.
  let g: UnsafePointer<Double>
  /// The first moment.
  let m: UnsafeMutablePointer<Double>
  /// The second moment.
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
