/// A gradient rule's analytic gradient set against finite differences of the loss.
///
/// Compared group by group, this is the direct answer to the original question's "please review my
/// error_wrt_... derivatives".
public struct GradientCheck: Sendable, Hashable {
  /// One parameter group's comparison.
  public struct Row: Sendable, Hashable {
    /// The parameter group compared.
    public var group: ParameterGroup
    /// The rule's gradient components for the group.
    public var analytic: [Double]
    /// ∂loss/∂θ by central differences for the same components.
    public var numerical: [Double]

    /// ‖analytic‖, the length of the rule's gradient for the group.
    public var analyticLength: Double { norm(analytic) }

    /// ‖numerical‖, the length of the finite-difference gradient for the group.
    public var numericalLength: Double { norm(numerical) }

    /// ‖analytic − numerical‖ / max(‖analytic‖ + ‖numerical‖, 10⁻⁶): 0 when they agree, 1 when
    /// they point in opposite directions.
    ///
    /// Groups whose gradients are smaller than 10⁻⁶ in all are compared absolutely: there the
    /// finite differences are down at their rounding error, and a ratio would only measure that.
    public var relativeError: Double {
      let denominator = max(norm(analytic) + norm(numerical), 1e-6)
      return norm(zip(analytic, numerical).map { $0 - $1 }) / denominator
    }

    /// The cosine of the angle between the two: 1 for the same direction, −1 for a flipped sign,
    /// and nil when either is zero.
    public var cosine: Double? {
      let lengths = norm(analytic) * norm(numerical)
      guard lengths > 0 else { return nil }
      return zip(analytic, numerical).reduce(0) { $0 + $1.0 * $1.1 } / lengths
    }
  }

  /// The largest relative error a correct gradient may have and still pass the check.
  public static let tolerance = 1e-3

  /// The rule checked.
  public let rule: GradientRule
  /// The sample the gradient was taken at.
  public let sample: Sample
  /// One row per parameter group the network has.
  public let rows: [Row]

  /// Compares `rule`'s gradient of `network` at `sample` with central differences of step `epsilon`.
  public init(network: Network, sample: Sample, rule: GradientRule, epsilon: Double = 1e-4) {
    self.rule = rule
    self.sample = sample
    let gradient = network.gradient(x: sample.x, y: sample.y, rule: rule)
    let numerical = network.numericalGradient(x: sample.x, y: sample.y, epsilon: epsilon)
    rows = network.groups.map { group in
      Row(
        group: group, analytic: gradient.values(of: group), numerical: numerical.values(of: group))
    }
  }

  /// The largest relative error over all groups.
  public var maxRelativeError: Double {
    rows.map(\.relativeError).max() ?? 0
  }

  /// Whether every group agrees within ``tolerance``.
  public var passes: Bool { maxRelativeError <= Self.tolerance }
}

// MARK: - Finite differences

extension Network {
  /// ∂loss/∂θ for every parameter by central differences, D(ε) = (L(θ + ε) − L(θ − ε)) / 2ε,
  /// refined by one Richardson extrapolation, (4·D(ε/2) − D(ε)) / 3, which cancels the ε² error
  /// term: with ε = 10⁻⁴ the result is good to about 10⁻¹¹ where plain differences give 10⁻⁶.
  public func numericalGradient(x: Double, y: Double, epsilon: Double = 1e-4) -> Gradient {
    var probe = self
    var components = [Double](repeating: 0, count: storage.count)
    for group in groups {
      for index in range(of: group) {
        let original = storage[index]
        func centralDifference(_ step: Double) -> Double {
          probe.storage[index] = original + step
          let above = probe.loss(x: x, y: y)
          probe.storage[index] = original - step
          let below = probe.loss(x: x, y: y)
          probe.storage[index] = original
          return (above - below) / (2 * step)
        }
        components[index] = (4 * centralDifference(epsilon / 2) - centralDifference(epsilon)) / 3
      }
    }
    return Gradient(hidden: hidden, hasBiases: hasBiases, storage: components)
  }
}

private func norm(_ values: [Double]) -> Double {
  values.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
