/// How a training step turns the gradient into an update, in PyTorch's forms.
public enum Optimizer: String, CaseIterable, Sendable, Codable {
  /// Plain gradient descent, θ ← θ − η·g, the original program's. The default.
  case sgd
  /// Momentum 0.9, without dampening: v ← 0.9·v + g, θ ← θ − η·v (PyTorch's `SGD(momentum=0.9)`).
  case momentum
  /// Adam with β1 0.9, β2 0.999, ε 1e-8, bias-corrected (PyTorch's defaults):
  /// m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
  /// θ ← θ − η/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
  case adam

  /// Momentum's μ.
  public static let momentumFactor = 0.9
  /// Adam's β1.
  public static let beta1 = 0.9
  /// Adam's β2.
  public static let beta2 = 0.999
  /// Adam's ε.
  public static let epsilon = 1e-8

  /// The next optimizer in the order sgd, momentum, adam, then sgd again: the `o` key.
  public var next: Optimizer { Self.allCases.after(self) }
}
