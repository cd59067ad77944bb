/// An activation together with the slope a rule multiplies by: the activation's true slope, or
/// the original program's slip, the slope evaluated at the activation.
///
/// A type rather than a flag, so that each rule gets a loop of its own with no test in it.
protocol SlopeRule {
  /// act(h) and the slope, in every lane.
  static func evaluate<V: Lanes>(_ h: V) -> (activation: V, slope: V)

  /// act(h) and the slope for one unit, with the same operations.
  static func evaluate(one h: Double) -> (activation: Double, slope: Double)
}

/// act'(h), as the correct rule and the sign rule take it.
enum TrueSlope<Kernel: ActivationKernel>: SlopeRule {
  @inline(__always)
  static func evaluate<V: Lanes>(_ h: V) -> (activation: V, slope: V) {
    let (a, memo) = Kernel.activate(h)
    return (a, Kernel.slope(memo: memo, activation: a))
  }

  @inline(__always)
  static func evaluate(one h: Double) -> (activation: Double, slope: Double) {
    let (a, memo) = Kernel.activate(h)
    return (a, Kernel.slope(memo: memo, activation: a))
  }
}

/// act'(act(h)), as the original program's rule and the double-sigmoid rule take it.
enum SlopeAtActivation<Kernel: ActivationKernel>: SlopeRule {
  @inline(__always)
  static func evaluate<V: Lanes>(_ h: V) -> (activation: V, slope: V) {
    let (a, memo) = Kernel.activate(h)
    return (a, Kernel.slopeAtActivation(memo: memo, activation: a))
  }

  @inline(__always)
  static func evaluate(one h: Double) -> (activation: Double, slope: Double) {
    let (a, memo) = Kernel.activate(h)
    return (a, Kernel.slopeAtActivation(memo: memo, activation: a))
  }
}

// MARK: - Choosing the rule's code

/// Code generic over a ``SlopeRule``, called with the one an activation and a rule pick.
protocol SlopeRuleBody {
  /// What the body returns.
  associatedtype Result
  /// Runs the body with slope rule `S`.
  func run<S: SlopeRule>(_: S.Type) -> Result
}

extension Activation {
  /// Runs `body` with the slope rule `rule` takes for this activation: the slip's only where it
  /// changes the slope (for ReLU the true slope serves both).
  @inline(__always)
  func withSlopeRule<Body: SlopeRuleBody>(_ rule: GradientRule, _ body: Body) -> Body.Result {
    switch (self, rule.appliesSigmoidTwice) {
    case (.sigmoid, false): body.run(TrueSlope<SigmoidKernel>.self)
    case (.sigmoid, true): body.run(SlopeAtActivation<SigmoidKernel>.self)
    case (.tanh, false): body.run(TrueSlope<TanhKernel>.self)
    case (.tanh, true): body.run(SlopeAtActivation<TanhKernel>.self)
    case (.relu, _): body.run(TrueSlope<ReLUKernel>.self)
    }
  }
}
