import CPlatform

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
    case .sigmoid: SineNet.sigmoid(h)
    case .tanh: CPlatform.tanh(h)
    case .relu: h > 0 ? h : 0
    }
  }

  /// act'(h), the true slope, from the pre-activation h and the activation a = act(h).
  ///
  /// The sigmoid's and tanh's slopes come from a (σ(1 − σ), 1 − tanh²); ReLU's is 1 for h > 0 and
  /// 0 otherwise, 0 at h = 0 included, as PyTorch takes it.
  @inline(__always)
  public func slope(preActivation h: Double, activation a: Double) -> Double {
    switch self {
    case .sigmoid: a * (1 - a)
    case .tanh: 1 - a * a
    case .relu: h > 0 ? 1 : 0
    }
  }

  /// The slope evaluated at the activation a instead of the pre-activation h: the original
  /// program's `sigmoid_deriv(sigmoid(layer2))`, σ'(σ(h)), and for tanh 1 − tanh²(tanh h).
  ///
  /// For ReLU this is the true slope again (relu'(relu(h)) = 1[h > 0]): the mistake changes
  /// nothing, which ``slipChangesSlope`` says.
  @inline(__always)
  public func slopeAtActivation(preActivation h: Double, activation a: Double) -> Double {
    switch self {
    case .sigmoid:
      return sigmoidDerivOfActivation(a)
    case .tanh:
      let t = CPlatform.tanh(a)
      return 1 - t * t
    case .relu:
      return h > 0 ? 1 : 0
    }
  }

  /// Whether evaluating the slope at the activation (``slopeAtActivation(preActivation:activation:)``)
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
