import SineNet

/// The symbols the derivation panel writes its formulas in: mathematical ones beside braille
/// plots, plain ASCII beside ASCII ones, for terminals that show nothing else.
struct DerivationNotation {
  /// Whether the symbols are mathematical ones (∂, ŷ, σ, ·) rather than ASCII.
  var isUnicode: Bool

  /// The notation that goes with `glyphs`.
  init(_ glyphs: Canvas.Glyphs) { isUnicode = glyphs == .braille }

  // MARK: - Signs

  /// The product sign.
  var times: String { isUnicode ? "·" : "*" }
  /// The minus sign with its spaces.
  var minus: String { isUnicode ? " − " : " - " }
  /// The mark of a factor the rule computes differently from the correct one.
  var differs: String { isUnicode ? "≠" : "!=" }
  /// The arrow of an update.
  var becomes: String { isUnicode ? "←" : "<-" }
  /// The parameters.
  var theta: String { isUnicode ? "θ" : "w" }
  /// The learning rate.
  var eta: String { isUnicode ? "η" : "eta" }

  // MARK: - Names

  /// `name` with the unit's subscript: `w1ᵢ` or `w1_i`.
  func indexed(_ name: String) -> String { name + (isUnicode ? "ᵢ" : "_i") }
  /// The output ŷ.
  var output: String { isUnicode ? "ŷ" : "yhat" }
  /// ∂L/∂ŷ, the error at the output.
  var dLdy: String { isUnicode ? "∂L/∂ŷ" : "dL/dyhat" }
  /// ∂ŷ/∂aᵢ.
  var dyda: String { isUnicode ? "∂ŷ/∂aᵢ" : "dyhat/da_i" }
  /// ∂aᵢ/∂hᵢ, the activation's slope.
  var dadh: String { isUnicode ? "∂aᵢ/∂hᵢ" : "da_i/dh_i" }
  /// ∂hᵢ/∂w1ᵢ.
  var dhdw1: String { isUnicode ? "∂hᵢ/∂w1ᵢ" : "dh_i/dw1_i" }
  /// ∂L/∂hᵢ, the error the unit passes back.
  var dLdh: String { isUnicode ? "∂L/∂hᵢ" : "dL/dh_i" }
  /// The gradient component of `parameter` (`w1`, `w2`, `b1` indexed, `b2` not).
  func gradient(of parameter: String) -> String {
    let name = parameter == "b2" ? parameter : indexed(parameter)
    return (isUnicode ? "∂L/∂" : "dL/d") + name
  }

  // MARK: - Formulas

  /// The output as the sum over the units.
  var sum: String { isUnicode ? "Σⱼ w2ⱼ·aⱼ" : "sum_j w2_j*a_j" }
  /// The loss.
  var loss: String { isUnicode ? "½(ŷ − y)²" : "(yhat - y)^2 / 2" }
  /// ∂L/∂hᵢ as the step multiplies it out, in its order.
  var backward: String { isUnicode ? "w2ᵢ·∂aᵢ/∂hᵢ·∂L/∂ŷ" : "w2*da/dh*dL/dyhat" }

  /// The activation's name in a formula.
  func name(of activation: Activation) -> String {
    switch activation {
    case .sigmoid: isUnicode ? "σ" : "sigmoid"
    case .tanh: "tanh"
    case .relu: "relu"
    }
  }

  /// ∂aᵢ/∂hᵢ as the correct rule writes it: from aᵢ for the sigmoid and tanh, from hᵢ for ReLU.
  func slope(of activation: Activation) -> String {
    let a = indexed("a")
    return switch activation {
    case .sigmoid: a + "(1" + minus + a + ")"
    case .tanh: "1" + minus + a + (isUnicode ? "²" : "^2")
    case .relu: "1[" + indexed("h") + " > 0]"
    }
  }

  /// ∂aᵢ/∂hᵢ as the original program's slip writes it: the slope applied to aᵢ, as if aᵢ were
  /// hᵢ, so that the activation is applied twice.
  func slip(of activation: Activation) -> String {
    let a = indexed("a")
    return switch activation {
    case .sigmoid: isUnicode ? "σ(\(a))(1 − σ(\(a)))" : "s(\(a))(1 - s(\(a)))"
    case .tanh: "1" + minus + (isUnicode ? "tanh²(\(a))" : "tanh(\(a))^2")
    case .relu: "1[" + a + " > 0]"
    }
  }
}
