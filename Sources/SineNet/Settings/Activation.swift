/// The hidden units' activation function, and its derivative as a correct backprop and as the
/// original program's slip compute it.
public enum Activation: String, CaseIterable, Sendable, Codable {
  /// The logistic sigmoid σ(h) = 1 / (1 + e^-h), the original program's. The default.
  case sigmoid
  /// The hyperbolic tangent: like the sigmoid, but from −1 to 1 and centred on 0.
  case tanh
  /// The rectifier max(0, h): a straight line from where the unit switches on.
  case relu

  /// act(h).
  @inline(__always)
  public func value(_ h: Double) -> Double {
    switch self {
    case .sigmoid: SigmoidKernel.value(h)
    case .tanh: TanhKernel.value(h)
    case .relu: ReLUKernel.value(h)
    }
  }

  /// act'(h), the true slope at the pre-activation h.
  ///
  /// σ'(h) = σ(h)(1 − σ(h)) and tanh'(h) = 1 − tanh²(h), computed from h so that they keep their
  /// digits when the unit saturates; ReLU's is 1 for h > 0 and 0 otherwise, 0 at h = 0 included,
  /// as PyTorch takes it.
  @inline(__always)
  public func slope(preActivation h: Double) -> Double {
    switch self {
    case .sigmoid: SigmoidKernel.slope(at: h)
    case .tanh: TanhKernel.slope(at: h)
    case .relu: ReLUKernel.slope(at: h)
    }
  }

  /// The slope evaluated at the activation act(h) instead of the pre-activation h: the original
  /// program's `sigmoid_deriv(sigmoid(layer2))`, σ'(σ(h)), and for tanh 1 − tanh²(tanh h).
  ///
  /// For ReLU this is the true slope again (relu'(relu(h)) = 1[h > 0]): the mistake changes
  /// nothing, which ``slipChangesSlope`` says.
  @inline(__always)
  public func slopeAtActivation(preActivation h: Double) -> Double {
    switch self {
    case .sigmoid: SigmoidKernel.slopeAtActivation(at: h)
    case .tanh: TanhKernel.slopeAtActivation(at: h)
    case .relu: ReLUKernel.slopeAtActivation(at: h)
    }
  }

  /// The slope as `rule` computes it at h: the true one, or, for a rule with the original
  /// program's slip, the one evaluated at the activation.
  @inline(__always)
  public func slope(preActivation h: Double, rule: GradientRule) -> Double {
    rule.appliesSigmoidTwice ? slopeAtActivation(preActivation: h) : slope(preActivation: h)
  }

  /// Whether evaluating the slope at the activation (``slopeAtActivation(preActivation:)``)
  /// computes anything other than the true slope: false for ReLU.
  public var slipChangesSlope: Bool { self != .relu }

  /// The next activation in the order sigmoid, tanh, relu, then sigmoid again: the `a` key.
  public var next: Activation { Self.allCases.after(self) }
}

extension Array where Element: Equatable {
  /// The element after `element`, wrapping to the first; `element` itself when it is not here.
  func after(_ element: Element) -> Element {
    guard let index = firstIndex(of: element) else { return element }
    return self[(index + 1) % count]
  }
}
